# A bad date is refused when leaving the field; a save with a missing required field keeps the
# form filled and says why; after fixing both, the person is saved with the unit looked up by
# its pinyin initials.
. "$(dirname "$0")/lib.sh"

people_before=$(sql "select count(*) from people")
start --form people "$DB"
wait_for "人员"
keys F7
wait_for "新增"
keys Tab Tab                           # leave 姓名 empty, pass 性别
type_text "2026-02-30"
keys Tab
wait_for "出生日期：2026-02-30 不是有效日期"   # the day is named, not the format repeated
wait_for "2026-02-30"                  # still there, still in the field

keys F2                                # save refuses: the field being left is checked first
wait_for "2026-02-30 不是有效日期"
assert_eq "$(sql "select count(*) from people")" "$people_before" "nothing saved"

keys BSpace BSpace
type_text "28"                         # 2026-02-28
keys F2                                # now the empty required name stops the save
wait_for "姓名：必须填写"
wait_for "2026-02-28"                  # everything typed is kept
assert_eq "$(sql "select count(*) from people")" "$people_before" "still nothing saved"

type_text "赵建国"                     # the refused save moved the cursor to 姓名
keys Tab Tab Tab Tab Tab               # 性别 出生日期 身份证号 联系电话 → 所在单位
type_text "dytz"
keys Tab                               # one match: taken at once
wait_for "邓元泰镇"
keys F2
wait_for "已保存"
row=$(sql "select p.name, p.name_py, p.birth_date, u.name from people p join units u on u.id = p.unit_id where p.id = (select max(id) from people)")
assert_eq "$row" "赵建国|zjg|2026-02-28|邓元泰镇" "saved person"
assert_eq "$(sql "select count(*) from people")" "$((people_before + 1))" "one person added"
keys Escape Escape
check_clean_exit
