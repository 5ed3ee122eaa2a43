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
