# A field just entered takes the first key typed as a new value, as Clipper's GET does: a new
# disbursement's date (today) typed over, a grid cell opened with Enter typed over, a report's
# quarter typed over, and every letter typed into its 范围 given to the picker; an arrow, Home
# or End first keeps the value and typing then inserts.
. "$(dirname "$0")/lib.sh"

sql "DELETE FROM disbursements"          # room on every line: the amounts are not the point
start --form budget_lines "$DB"
wait_for "经费保障"
keys Enter                               # the first line of the list
wait_for "拨付记录"
keys Tab Tab Tab Tab Tab Tab             # past the header fields into the disbursements grid
keys F7
wait_for "拨付日期"
today=$(date +%F)
wait_for "拨付日期：$today"
keys BTab                                # the form starts in 金额, its first empty field: back to 拨付日期
type_text "2026-03-15"
keys Tab
type_text "12"
keys Tab
type_text "A1"
keys F2
wait_for "已保存"
assert_eq "$(sql "SELECT paid_on || ' ' || amount_fen || ' ' || voucher_no FROM disbursements")" \
    "2026-03-15 1200 A1" "the disbursement as typed"
keys BTab BTab                           # back over 金额 to 拨付日期
keys End BSpace                          # End first: the value is kept and edited
type_text "6"
keys Tab Tab                             # 金额 → 凭证号
keys Home
type_text "Z"
wait_gone "已保存"                        # the edits are in: the message went with them
keys F2
wait_for "已保存"
assert_eq "$(sql "SELECT paid_on || ' ' || voucher_no FROM disbursements")" "2026-03-16 ZA1" \
    "the date edited after End, the voucher after Home"

keys Escape                              # back to the line, the grid holds the new row
wait_for "ZA1"
keys Right Right                         # to the 凭证号 cell
keys Enter                               # edit the cell: the first key replaces it
type_text "B7"
keys Enter
wait_for "已保存"
assert_eq "$(sql "SELECT voucher_no FROM disbursements")" "B7" "the cell typed over after Enter"
keys Enter Left                          # the cursor moved first: typing inserts
type_text "8"
keys Enter
wait_for "已保存"
assert_eq "$(sql "SELECT voucher_no FROM disbursements")" "B87" "the cell edited after ←"
keys Escape
wait_for "经费保障"
keys Escape
check_clean_exit

# the report's parameters: the quarter shows this quarter, and 3 typed over it is 3
start "$DB"
wait_for "报表"
keys 7
wait_for "季度报表"
keys 1
wait_for "季度："
keys Tab
type_text 3
keys Tab                                 # 范围: typing starts the township picker's search
type_text "lxz"
wait_for "查找：lxz"
wait_for "龙溪镇"
keys Enter
wait_for "范围：      龙溪镇"
keys F2
wait_for "屏幕预览"
keys Enter
wait_for "打印预览"
wait_for "龙溪镇2026年第三季度"
keys Escape
wait_gone "打印预览"
keys Escape
wait_for "组织机构"
keys Escape
wait_for "退出系统？"
keys Enter
check_clean_exit
