# A refusal names what it conflicts with: a second village of the same name in a township (the
# one it repeats, with its code), a unit that still has people (whose full name, how many).
. "$(dirname "$0")/lib.sh"
export TZ_LOGIN=wang

start --form units "$DB"
wait_for "组织机构"
type_text "lxz"                        # 龙溪镇
wait_for "共 1 条"
keys Right
wait_for "› 龙溪镇"
first=$(sql "select name || '|' || code from units where parent_id = (select id from units where name = '龙溪镇') order by code limit 1")
name=${first%%|*} code=${first#*|}
villages=$(sql "select count(*) from units where parent_id = (select id from units where name = '龙溪镇')")

keys F7
wait_for "新增"
type_text "430581005901"
keys Tab
type_text "$name"
keys Tab Tab                           # 层级 starts as 村 under a township; 上级单位 preset
wait_for "层级：村"
wait_for "上级单位：龙溪镇"
keys F2
wait_for "龙溪镇已有$name（代码 $code），同一乡镇/街道内名称不能重复"
assert_eq "$(sql "select count(*) from units where parent_id = (select id from units where name = '龙溪镇')")" \
    "$villages" "nothing added"
keys Escape
wait_for "记录已修改"
keys d
wait_for "共 $villages 条"

people=$(sql "select count(*) from people where unit_id = (select id from units where code = '$code')")
[ "$people" -gt 0 ] || fail "$name has no people to keep it"
keys F8                                # the first village: its people keep it
wait_for "删除“龙溪镇 $name”？"
keys y
wait_for "不能删除：龙溪镇 $name还有 $people 名人员"
assert_eq "$(sql "select count(*) from units where code = '$code'")" 1 "not deleted"
keys Escape Escape
check_clean_exit
