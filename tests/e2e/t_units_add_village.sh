# Find a township by its pinyin initials, drill into it, add a village whose Chinese name is
# typed with a correction, save, and find the row in the database.
. "$(dirname "$0")/lib.sh"

start --form units "$DB"
wait_for "组织机构"
wait_for "武冈市"
assert_screen_fits 80

type_text "dytz"                       # 邓元泰镇
wait_for "邓元泰镇"
wait_for "共 1 条"
keys Right                             # into its villages
wait_for "› 邓元泰镇"
villages_before=$(sql "select count(*) from units where parent_id=(select id from units where name='邓元泰镇')")

keys F7
wait_for "新增"
type_text "430581011901"
keys Tab
type_text "新建材"
keys BSpace                            # Backspace takes the whole 材, not half of it
type_text "村"
wait_for "新建村"
x=$(column_of "新建村")
set -- $(cursor)
assert_eq "$1" "$((x + 6))" "cursor after three Chinese characters"
assert_screen_fits 80

keys Tab                               # 层级: under a township a new unit starts as 村
wait_for "层级：村"
keys Tab                               # 上级单位 is preset to the township drilled into
wait_for "邓元泰镇"
keys F2
wait_for "已保存"

row=$(sql "select u.name, u.name_py, u.level, p.name from units u join units p on p.id = u.parent_id where u.code = '430581011901'")
assert_eq "$row" "新建村|xjc|village|邓元泰镇" "saved village"

keys Escape                            # back to the list of the township's villages
wait_for "新建村"
villages_after=$(sql "select count(*) from units where parent_id=(select id from units where name='邓元泰镇')")
assert_eq "$villages_after" "$((villages_before + 1))" "villages in the township"
wait_for "共 $villages_after 条"

keys Escape Escape                     # up is Left/Backspace; Esc leaves the list
check_clean_exit
