# Standing representatives: the schema's rules hold from the sqlite3 command line (a
# representative's eleventh household, a second visit the same day), and a proposal typed in
# Chinese through 9 基层组织建设 → 党代表常任制 → 履职活动 is saved with its kind and date.
. "$(dirname "$0")/lib.sh"

refused() { # SQL MESSAGE
    out=$(sqlite3 -batch "$DB" "$1" 2>&1) && fail "accepted: $1"
    printf '%s' "$out" | grep -qF "$2" || fail "refused with \"$out\", not \"$2\""
}

dep=$(sql "select d.id from deputies d join people p on p.id = d.person_id
           where (select count(*) from deputies e join people q on q.id = e.person_id
                  where q.name = p.name) = 1 order by d.id limit 1")
name=$(sql "select p.name from deputies d join people p on p.id = d.person_id where d.id = $dep")
[ "$(sql "select count(*) from deputy_households where deputy_id = $dep")" -ge 10 ] \
    || fail "the sample's representative $name has fewer than 10 households"
refused "insert into deputy_households (deputy_id, name, address) values ($dep, '王十一', '三组')" \
        "每名党代表最多联系 10 户群众"
hh=$(sql "select household_id || '|' || visited_on from deputy_visits order by id limit 1")
refused "insert into deputy_visits (household_id, visited_on, content)
         values (${hh%%|*}, '${hh#*|}', '再次走访')" "这一户这一天已有走访记录"

before=$(sql "select count(*) from deputy_activities where deputy_id = $dep")
start "$DB"
wait_for "基层组织建设"
keys 9
wait_for "党代表常任制"
keys 2
wait_for "本季度未走访联系户"
keys 3
wait_for "党代表履职活动"
keys F7
wait_for "新增"
type_text "$name"
keys Tab
wait_for "$name"
type_text "提案"
keys Tab
type_text "2026-11-20"
keys Tab
type_text "关于修缮村级活动场所的提案"
keys F2
wait_for "已保存"
assert_eq "$(sql "select count(*) from deputy_activities where deputy_id = $dep")" "$((before + 1))" "one saved"
assert_eq "$(sql "select kind || '|' || held_on || '|' || content from deputy_activities
                  where deputy_id = $dep order by id desc limit 1")" \
          "proposal|2026-11-20|关于修缮村级活动场所的提案" "the proposal as typed"
keys Escape
wait_for "按日期"
keys Escape
wait_for "本季度未走访联系户"
keys Escape
wait_for "两个创建"
keys Escape
wait_for "驻点干部与第一书记"
keys Escape
wait_for "退出系统？"
keys Enter
check_clean_exit

# a visit typed in Chinese into a household's visit grid (F7 there opens the visit's form with
# the household preset); a second one the same day is refused with the schema's words
hh=$(sql "select h.id from deputy_households h
          where (select count(*) from deputy_households q where q.name = h.name) = 1 order by h.id limit 1")
householder=$(sql "select name from deputy_households where id = $hh")
day=$(sql "select d from (select '2026-10-0' || n as d from (select 1 n union all select 2 union all select 3
                                                             union all select 4 union all select 5))
           where d not in (select visited_on from deputy_visits where household_id = $hh) limit 1")
start --form deputy_households "$DB"
wait_for "按户主姓名"
type_text "$householder"
wait_for "共 1 条"
keys Enter
wait_for "走访记录"
keys PgDn
keys F7
wait_for "联系户走访"
wait_for "$householder"
type_text "了解冬季取暖和用电情况"        # the first empty field: 走访内容
keys BTab
type_text "$day"
keys F2
wait_for "已保存"
assert_eq "$(sql "select content from deputy_visits where household_id = $hh and visited_on = '$day'")" \
          "了解冬季取暖和用电情况" "the visit as typed"
keys F7
wait_for "新增"
type_text "再次走访"
keys BTab
type_text "$day"
keys F2
wait_for "这一户这一天已有走访记录"
keys Escape
wait_for "记录已修改"
keys d
wait_for "了解冬季取暖和用电情况"           # back in the household, the grid shows the visit
keys Escape
wait_for "按户主姓名"
keys Escape
wait_for "共 $(sql "select count(*) from deputy_households") 条"
keys Escape
check_clean_exit

# a township's clerk sees its township's representatives and their households, no others
n=$(sql "select count(*) from deputies d join unit_townships ut on ut.unit_id = d.unit_id
         join units t on t.id = ut.township_id where t.name = '龙溪镇'")
[ "$n" -gt 0 ] || fail "the sample has no representative in 龙溪镇"
TZ_LOGIN=longxi start --form deputies "$DB"
wait_for "共 $n 条"
keys Escape
check_clean_exit
TZ_LOGIN=longxi start --form deputy_households "$DB"
wait_for "共 $(sql "select count(*) from deputy_households h join deputies d on d.id = h.deputy_id
                    join unit_townships ut on ut.unit_id = d.unit_id
                    join units t on t.id = ut.township_id where t.name = '龙溪镇'") 条"
keys Escape
check_clean_exit
