# First secretaries' rules hold from the sqlite3 command line as in the forms: a month outside
# the posting and a non-Monday weekly report are refused with the schema's words; a month short
# of 22 days shows as missing the rule with the weeks not reported; then the ranking form
# shows the sample's secretary flagged for review, with the decision taken.
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

flagged=$(sql "select p.name from fs_flags f join people p on p.id = f.person_id order by f.month limit 1")
[ -n "$flagged" ] || fail "the sample has no secretary flagged"
start --form fs_flags "$DB"
wait_for "末位预警"
wait_for "$flagged"
wait_for "撤换"
keys Escape
check_clean_exit
