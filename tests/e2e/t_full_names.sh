# A village or community is shown with its township (龙溪镇 竹坪村) wherever units are listed or
# picked — names repeat across townships: the units list when searching and its delete prompt,
# the people, contracts, budget lines and postings lists, and the 所在单位 picker.
. "$(dirname "$0")/lib.sh"
export TZ_LOGIN=wang

start --form units "$DB"               # first: it brings the copy of sample.db up to date
wait_for "组织机构"
village=$(sql "select name from units where level = 'village' and parent_id = (select id from units where name = '龙溪镇') order by code limit 1")
full="龙溪镇 $village"
assert_eq "$(sql "select full_name from units where name = '$village'")" "$full" "full name"

type_text "$village"
wait_for "$full"
keys F8
wait_for "删除“$full”？"
keys Escape
wait_gone "删除“"
assert_eq "$(sql "select count(*) from units where name = '$village'")" 1 "not deleted"
keys Escape Escape
check_clean_exit

# list_shows FORM SEARCH TEXT — the list searched for SEARCH shows TEXT
list_shows() {
    start --form "$1" "$DB"
    wait_for "$(sed -n 's/^title *= *//p' "$TOP/forms/$1.form")"
    type_text "$2"
    wait_for "查找：$2"
    wait_for "$3"
    keys Escape Escape
    check_clean_exit
}
initials=$(sql "select name_py from units where name = '$village'")
person=$(sql "select name from people where unit_id = (select id from units where name = '$village') order by id limit 1")
list_shows people "$person" "$full"
list_shows contracts "$initials" "$full"
list_shows budget_lines "$initials" "$full"
posted=$(sql "select p.name, u.full_name from assignments a join people p on p.id = a.person_id
              join units u on u.id = a.unit_id where u.level = 'village' order by a.id limit 1")
list_shows assignments "${posted%%|*}" "${posted#*|}"

# the 所在单位 picker of a new person
start --form people "$DB"
wait_for "人员"
keys F7
wait_for "所在单位"
keys Tab Tab Tab Tab Tab               # 姓名 性别 出生日期 身份证号 联系电话 → 所在单位
keys F4
wait_for "选择"
type_text "$village"
wait_for "$full"
keys Enter
wait_for "所在单位：$full"
keys Escape
wait_for "记录已修改"
keys d                                 # discard
wait_for "人员"
keys Escape
check_clean_exit
