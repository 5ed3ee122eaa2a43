# Menus: the main menu is the way out, and leaving it is asked whichever key asked (Esc, q, 0, Enter
# on 退出): Enter answers yes, Esc no. Esc pressed on the way back up from a form never signs
# the clerk out by itself. A sub-menu's 0 is 返回 and its entries may use q; the report's
# popup takes its digits; the parameter box's legend says what Enter does.
. "$(dirname "$0")/lib.sh"

start "$DB"
wait_for "组织机构"
keys Escape
wait_for "退出系统？"
wait_for "Enter 是"
keys Escape                              # no: the menu stays
wait_gone "退出系统？"
wait_for "组织机构"
keys 0
wait_for "退出系统？"
keys n
wait_gone "退出系统？"

keys 2                                   # people → a record → back up with Esc Esc Esc
wait_for "按姓名"
keys Enter
wait_for "身份证号"
keys Escape
wait_for "按姓名"
keys Escape
wait_for "组织机构"
keys Escape
wait_for "退出系统？"
keys Escape
wait_gone "退出系统？"
wait_for "组织机构"
[ -s "$EXITFILE" ] && fail "the program ended without the question answered"

# in a sub-menu an entry's letter q opens it, and 0 goes back (返回, not 退出)
keys 6
wait_for "经费保障"
wait_for " 0  返回"
screen | grep -qF "退出" && fail "a sub-menu offers 退出"
keys q
wait_for "查找："                        # 经费分季度汇总's list
keys Escape
wait_gone "查找："
keys 0
wait_for " 0  退出  (q)"
keys 7
wait_for "季度报表"
keys q                                   # 季度报表's letter: its parameters
wait_for "季度："
wait_for "F2 确定"                       # the legend says what Enter does: the next field
keys Enter Enter                         # 年度 → 季度 → 范围
keys Enter                               # on the last one it accepts
wait_for "屏幕预览"
keys 2                                   # the popup's digits choose
wait_for "导出 Excel 文件"
keys Escape
wait_gone "文件："
keys 0
wait_for " 0  退出  (q)"

keys q
wait_for "退出系统？"
keys Enter
check_clean_exit
