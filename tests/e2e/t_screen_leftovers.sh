# Nothing of one screen stays on the next: a field's hint does not follow the clerk to the
# list, a filter's first box leaves no border under the second, the sign-in comes back whole
# after the terminal was too small; no breadcrumb ends in an empty ›; labels, choices and list
# headers are not cut; a field longer than its box shows ◂ ▸ where text is hidden.
. "$(dirname "$0")/lib.sh"

NO_SIGNIN=1 start "$DB"
wait_for "登录名"
tmx resize-window -t app -x 60 -y 20
wait_for "终端窗口太小"
tmx resize-window -t app -x 80 -y 24
wait_for "党建台账 · 登录"               # the title bar is back
wait_gone "终端窗口太小"
screen | grep -qF "80×24" && fail "a piece of the enlarge message stayed"
sign_in app
wait_for "组织机构"

keys 2
wait_for "按姓名"
keys Enter
wait_for "身份证号"
keys Tab Tab
wait_for "YYYY-MM-DD"                    # 出生日期's hint
keys Escape
wait_for "按姓名"
wait_gone "YYYY-MM-DD"
keys F7
wait_for "新增"
keys Tab Tab Tab Tab Tab Tab             # to 职务
type_text "党建工作指导员兼驻村第一书记联络"
wait_for "◂"                             # typing at the end: the start is hidden
keys Tab
wait_for "▸"                             # left: it shows its start, the end hidden
wait_gone "◂"
keys Escape
wait_for "记录已修改"
keys d
wait_for "按姓名"
keys Escape
wait_for "组织机构"

keys 6
wait_for "经费分季度汇总"
keys 1
wait_for "查找："
keys F4
wait_for "按经费类别"
keys Enter                               # by year: its values in a box of their own
wait_for "（全部）"
assert_eq "$(screen | grep -c "└")" 1 "box bottoms on the screen"
keys Escape
wait_gone "（全部）"
keys F7
wait_for "新增"
keys Tab Tab                             # to 经费类别
keys F4
wait_for "村级组织运转经费"
keys End Enter
wait_for "经费类别：一次性建设经费"
keys Escape
wait_for "记录已修改"
keys d
wait_gone "经费类别："
keys Escape
wait_for "经费分季度汇总"
keys 0
wait_for "组织机构"
keys q
wait_for "退出系统？"
keys Enter
check_clean_exit

start --form disbursements "$DB"          # a record with no name of its own: its number
wait_for "拨付日期"
keys Enter
wait_for "凭证号："
screen | head -n 1 | grep -qE "拨付记录 › 编号 [0-9]+" || fail "the breadcrumb names no record"
keys Escape
wait_gone "凭证号："
keys Escape
check_clean_exit

start --form contract_template_items "$DB"
wait_for "一票否决"                      # the header as long as its label
keys Escape
check_clean_exit
