# The schema's rules reach the clerk: deleting a unit that still has villages is refused with
# the rule's message, naming how many, and nothing is lost; a village put under the city is refused with the
# form still filled; "ditto" copies a field from the previous record.
. "$(dirname "$0")/lib.sh"

start --form units "$DB"
wait_for "武冈市"
type_text "dytz"
wait_for "邓元泰镇"
keys F8
wait_for "删除“邓元泰镇”？"
keys y
children=$(sql "select count(*) from units where parent_id = (select id from units where name = '邓元泰镇')")
wait_for "不能删除：邓元泰镇还有 $children 个下级单位"
assert_eq "$(sql "select count(*) from units where name = '邓元泰镇'")" 1 "township kept"

keys Escape                            # clear the search: back to the top level
wait_for "武冈市"
keys Right                             # into the city: townships and departments
wait_for "› 武冈市"
keys F7
wait_for "新增"
type_text "430581999001"
keys Tab
type_text "错挂村"
keys Tab                               # 层级: typed as its label starts, 村 — but the parent
type_text "村"                         # is preset to the city
wait_for "层级：村"
keys F2
wait_for "村和社区的上级单位必须是乡镇/街道"
wait_for "错挂村"                      # everything typed is still there
assert_eq "$(sql "select count(*) from units where code = '430581999001'")" 0 "refused"

keys Tab Tab                           # 城镇社区 → 上级单位: pick a township by its initials instead
keys BSpace BSpace BSpace BSpace BSpace BSpace
type_text "wtqz"
keys Tab
wait_for "湾头桥镇"
keys F2
wait_for "已保存"
assert_eq "$(sql "select p.name from units u join units p on p.id = u.parent_id where u.code = '430581999001'")" \
    "湾头桥镇" "saved under the township"

keys F7                                # ditto: 层级 and 上级单位 from the record just saved
wait_for "新增"
type_text "430581999002"
keys Tab
type_text "同上村"
keys Tab C-d Tab Tab C-d               # 层级 and 上级单位 (城镇社区 keeps its default)
wait_for "湾头桥镇"
keys F2
wait_for "已保存"
assert_eq "$(sql "select u.level || '|' || p.name from units u join units p on p.id = u.parent_id where u.code = '430581999002'")" \
    "village|湾头桥镇" "ditto copied level and parent"
keys Escape Escape Escape
check_clean_exit
