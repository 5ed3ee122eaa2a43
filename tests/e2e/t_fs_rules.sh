# First secretaries' rules hold from the sqlite3 command line as in the forms: a month outside
# the posting and a non-Monday weekly report are refused with the schema's words; a month short
# of 22 days or of 12 nights misses the rule, with the Mondays not reported; the last of a
# category in a township three months running is flagged in the third. Through the forms: a
# month typed short of 22 days shows as missing the rule and its weeks due, a weekly report
# typed counts in its month, 22 days make the rule; the flag list shows the month flagged by
# the command line and the sample's secretary flagged, with the decision taken.
. "$(dirname "$0")/lib.sh"

refused() { # SQL MESSAGE
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "accepted: $1"
    printf '%s' "$out" | grep -qF "$2" || fail "refused with \"$out\", not \"$2\""
}

fs=$(sql "select id from assignments where role = 'first_secretary' and status = 'in_post'
          order by id limit 1")
refused "insert into fs_months (assignment_id, month, days, nights) values ($fs, '2026-02', 22, 12)" \
        "这个月不在派驻期内"
refused "insert into fs_weeks (assignment_id, week_of, text) values ($fs, '2026-12-01', '走访')" \
        "工作动态的日期应为那一周的星期一"
refused "insert into fs_months (assignment_id, month, days, nights) values ($fs, '2026-11', 22, 12)" \
        "这名第一书记这个月已有记录"
sql "insert into fs_months (assignment_id, month, days, nights) values ($fs, '2026-12', 21, 12)"
assert_eq "$(sql "select attendance_ok || '|' || weeks_reported from fs_months_v
                  where assignment_id = $fs and month = '2026-12'")" "0|0" "short month, no reports yet"
sql "insert into fs_weeks (assignment_id, week_of, text) values ($fs, '2026-11-30', '走访农户')"
assert_eq "$(sql "select weeks_reported from fs_months_v where assignment_id = $fs and month = '2026-11'")" \
          "$(sql "select count(*) from fs_weeks where assignment_id = $fs and week_of like '2026-11-%'")" \
          "the report counts in its month"

mondays() { # YYYY-MM: its Mondays, as MM-DD
    for d in $(seq 1 31); do
        day=$(printf '%s-%02d' "$1" "$d")
        [ "$(date -d "$day" +%u 2>/dev/null)" = 1 ] && printf '%s\n' "${day#*-}"
    done
}
month_is() { # ASSIGNMENT MONTH EXPECTED WHAT: attendance_ok|weeks_due|weeks_reported|weeks_missing
    assert_eq "$(sql "select attendance_ok || '|' || weeks_due || '|' || weeks_reported || '|' || weeks_missing
                      from fs_months_v where assignment_id = $1 and month = '$2'")" "$3" "$4"
}

# ---- the 22-day / 12-night rule and the weeks, by the command line ----
dec=$(mondays 2026-12)
due=$(printf '%s\n' "$dec" | wc -l)
month_is "$fs" 2026-12 "0|$due|0|$(echo $dec)" "21 days: the rule missed, every Monday unreported"
sql "update fs_months set days = 22, nights = 11 where assignment_id = $fs and month = '2026-12'"
month_is "$fs" 2026-12 "0|$due|0|$(echo $dec)" "11 nights: the rule missed"
sql "update fs_months set nights = 12 where assignment_id = $fs and month = '2026-12'"
first_monday=$(printf '%s\n' "$dec" | head -n 1)
sql "insert into fs_weeks (assignment_id, week_of, text) values ($fs, '2026-$first_monday', '入户走访')"
month_is "$fs" 2026-12 "1|$due|1|$(printf '%s\n' "$dec" | tail -n +2 | tr '\n' ' ' | sed 's/ $//')" \
         "22 days and 12 nights make the rule; the week reported leaves the missing ones"

# ---- three months last, by the command line: two secretaries of one category in one township,
# in months after the sample's, so that they are the only two ranked there ----
pair=$(sql "select a.id || ' ' || b.id from assignments a join assignments b
              on b.role = a.role and b.village_category = a.village_category and b.id > a.id
            join unit_townships ta on ta.unit_id = a.unit_id
            join unit_townships tb on tb.unit_id = b.unit_id and tb.township_id = ta.township_id
            where a.role = 'first_secretary' and a.start_on <= '2027-01-01' and b.start_on <= '2027-01-01'
              and coalesce(a.end_on, '9999') >= '2027-06' and coalesce(b.end_on, '9999') >= '2027-06'
            order by a.id, b.id limit 1")
good=${pair% *} last=${pair#* }
[ -n "$good" ] && [ "$good" != "$last" ] || fail "the sample has no two secretaries to rank"
for m in 2027-01 2027-02 2027-03; do
    assert_eq "$(sql "select count(*) from fs_flags where assignment_id = $last")" 0 "not flagged before $m"
    sql "insert into fs_months (assignment_id, month, days, nights, visits) values
         ($good, '$m', 25, 15, 90), ($last, '$m', 22, 12, 10)"
done
assert_eq "$(sql "select month from fs_flags where assignment_id = $last")" 2027-03 "flagged in the third month"
assert_eq "$(sql "select count(*) from fs_flags where assignment_id = $good")" 0 "the first is not flagged"

# ---- through the forms: a month typed short of the rule, a weekly report, then 22 days ----
# a secretary in post whose name finds no other posting of a first secretary
who=$(sql "select a.id || '|' || p.name from assignments a join people p on p.id = a.person_id
           where a.role = 'first_secretary' and a.start_on <= '2027-04-01'
             and coalesce(a.end_on, '9999') >= '2027-05'
             and (select count(*) from assignments b join people q on q.id = b.person_id
                   where b.role = 'first_secretary' and instr(q.name, p.name)) = 1
           order by a.id limit 1")
posting=${who%%|*} name=${who#*|}
apr=$(mondays 2027-04)
start --form fs_months "$DB"
wait_for "第一书记月度考核"
keys F7
wait_for "新增"
type_text "$name"
keys Tab
wait_for "第一书记：$name"
type_text "2027-04"
keys Tab
type_text "21"                         # days
keys Tab
type_text "12"                         # nights
keys F2
wait_for "已保存"
wait_for "出勤达标：否"
wait_for "应报动态：$(printf '%s\n' "$apr" | wc -l)"
wait_for "已报动态：0"
wait_for "未报周（周一）：$(echo $apr)"
keys Escape Escape
check_clean_exit

start --form fs_weeks "$DB"
wait_for "工作动态"
keys F7
wait_for "新增"
type_text "$name"
keys Tab
wait_for "第一书记：$name"
type_text "2027-$(printf '%s\n' "$apr" | head -n 1)"
keys Tab
type_text "走访脱贫户"
keys F2
wait_for "已保存"
keys Escape Escape
check_clean_exit

start --form fs_months "$DB"
wait_for "第一书记月度考核"
type_text "2027-04"                    # the list finds the month by its start
wait_for "共 1 条"
keys Enter
wait_for "已报动态：1"
wait_for "未报周（周一）：$(printf '%s\n' "$apr" | tail -n +2 | tr '\n' ' ' | sed 's/ $//')"
keys Tab Tab                           # past 第一书记 and 月份 to 在村天数
type_text "22"
keys F2
wait_for "已保存"
wait_for "出勤达标：是"
assert_eq "$(sql "select attendance_ok from fs_months_v where assignment_id = $posting and month = '2027-04'")" \
          1 "22 days and 12 nights"
keys Escape Escape Escape              # the form, the list's search, the list
check_clean_exit

# ---- the flags in their form ----
flagged=$(sql "select p.name from fs_flags f join people p on p.id = f.person_id order by f.month limit 1")
[ -n "$flagged" ] || fail "the sample has no secretary flagged"
start --form fs_flags "$DB"
wait_for "末位预警"
wait_for "2027-03"                     # the newest month first: the one flagged above
wait_for "$(sql "select p.name from assignments a join people p on p.id = a.person_id where a.id = $last")"
wait_for "$flagged"
wait_for "撤换"
keys Escape
check_clean_exit
