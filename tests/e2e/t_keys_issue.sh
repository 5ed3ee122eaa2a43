# Keys: the city clerk issues the villages' contract template to a township — every village and
# community of it gets a draft — from the main menu, at most 12 keys beyond what is typed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keycount.sh"

township=$(sql "select id from units where name = '龙溪镇'")
template=$(sql "select name from contract_templates where name like '%村级%'")
year=$(( $(sql "select max(year) from contracts") + 1 ))   # a year with no contracts yet
children=$(sql "select count(*) from units where parent_id = $township and level in ('village', 'community')")

TZ_LOGIN=wang start "$DB"
wait_for "党建工作责任状"
key 3                                  # 党建工作责任状
wait_for "下发责任状"
key 4                                  # 下发责任状
wait_for "下发责任状"
key F7
wait_for "新增"
type_text "村级"                       # the template, one match: taken on leaving
key Tab
wait_for "$template"
type_text "lxz"                        # 发出单位: 龙溪镇
key Tab
wait_for "龙溪镇"
type_text "$year"
key F2
wait_for "将向龙溪镇 $children 个村（社区）下发 $year 年责任状？"
key y                                  # the batch asks first, with its count
wait_for "新建份数：$children"
assert_keys 12 "issue a template to a township"

assert_eq "$(sql "select count(*) from contracts where year = $year and issuer_id = $township")" \
    "$children" "a draft for every village and community of the township"
keys Escape Escape Escape
