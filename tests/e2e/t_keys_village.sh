# Keys: the city clerk adds a village under a township — from the main menu, at most 8 keys
# beyond what is typed (the township's initials, the code, the name).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keycount.sh"

township=$(sql "select id from units where name = '邓元泰镇'")
assert_eq "$(sql "select count(*) from units where name = '新竹园村'")" 0 "a new name"

TZ_LOGIN=wang start "$DB"
wait_for "组织机构"
key 1                                  # 组织机构
wait_for "查找"
type_text "dytz"                       # 邓元泰镇
wait_for "共 1 条"
key Right                              # into its villages
wait_for "› 邓元泰镇"
key F7                                 # new: 上级单位 is the township, 层级 starts as 村
wait_for "新增"
type_text "430581011999"
key Tab
type_text "新竹园村"
key F2
wait_for "已保存"
assert_keys 8 "add a village under a township"

assert_eq "$(sql "select u.level || '|' || u.parent_id from units u where u.code = '430581011999' and u.name = '新竹园村'")" \
    "village|$township" "the village, under the township"
keys Escape Escape Escape
