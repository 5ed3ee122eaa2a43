# The main menu is the way out, and leaving it is asked whichever key asked (Esc, q, 0, Enter
# on 退出): Enter answers yes, Esc no. Esc pressed on the way back up from a form never signs
# the clerk out by itself.
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

keys q
wait_for "退出系统？"
keys Enter
check_clean_exit
