# Reports in the UI: the quarterly workbook exported from the Reports menu (parameters asked in
# a small form, the written path reported, the file checked with openpyxl); a contract's preview
# from F9 on the contracts list, printed (as PDF) through a command that writes to a file, a failing
# command reported with its exit status while the preview stays; the settings screen.
. "$(dirname "$0")/lib.sh"

sql "UPDATE settings SET print_command = 'cat > $WORK/printed.pdf'"
start "$DB"
wait_for "报表"
keys 7
wait_for "季度报表"
keys 1
wait_for "年度："
keys Tab BSpace
type_text 3
keys Enter                               # on to 范围 (the whole city)
wait_for "全市"
keys Enter                               # accept
wait_for "导出 Excel 文件"
keys Down Enter
wait_for "文件："
wait_for "武冈市2026年第三季度党建工作报表.xlsx"
keys Enter
wait_for "已导出 $WORK/武冈市2026年第三季度党建工作报表.xlsx"
/usr/bin/python3 "$TOP/tests/e2e/check_xlsx.py" "$WORK/武冈市2026年第三季度党建工作报表.xlsx" "$DB" 2026 3 \
    || fail "the workbook exported from the menu"
assert_screen_fits 80

keys Escape
wait_for "党建台账"
keys 3
wait_for "未签订名单"
keys 1
wait_for "签订单位"
keys F9
wait_for "责任状汇总表"                 # the form offers both of its reports
keys Enter
wait_for "打印预览"
wait_for "签订单位："
assert_screen_fits 80
keys F9
wait_for "已交给打印命令"
pdftotext -layout "$WORK/printed.pdf" "$WORK/printed.txt" || fail "the printer got no PDF"
name=$(sed -n 's/.*签订单位：\([^ ]*\).*/\1/p' "$WORK/printed.txt" | head -n 1)
year=$(sed -n 's/.*年度：\([0-9]*\) 年度.*/\1/p' "$WORK/printed.txt" | head -n 1)
id=$(sql "SELECT c.id FROM contracts c JOIN units u ON u.id = c.signer_id WHERE u.name = '$name' AND c.year = $year")
[ -n "$id" ] || fail "printed PDF names no contract: $name $year"
echo Admin-2026 | "$TZ_BIN" print contract "$id" --to "$WORK/expected.pdf" --user admin "$DB" > /dev/null
[ "$(pdftotext -layout "$WORK/expected.pdf" -)" = "$(cat "$WORK/printed.txt")" ] \
    || fail "the printer got another report than the preview's"

sql "UPDATE settings SET print_command = 'echo 缺纸 >&2; exit 5'"
keys Escape F9                           # F9 typed at once after Esc still reaches the list
wait_for "按年度"
wait_for "责任状汇总表"
keys Enter
wait_for "打印预览"
keys F9
wait_for "退出码 5"
wait_for "缺纸"
wait_for "打印预览"                     # the preview stays: nothing lost
keys F2
wait_for "保存打印文本"
keys Enter
wait_for "已保存到 $WORK/"
saved=$(ls "$WORK"/*.txt | grep -v -e printed.txt | head -n 1)
grep -qF "签订单位：$name" "$saved" || fail "saved text: $saved"

keys Escape
wait_for "按年度"
keys Escape
wait_for "未签订名单"
keys Escape
wait_for "系统维护"
keys 8
wait_for "设置"
keys 2
wait_for "填报单位"
wait_for "中共武冈市委组织部"
screen | grep -qF "F7新增" && fail "the settings form offers F7 new"
keys Tab Tab BSpace BSpace
type_text "周敏"
keys F2
wait_for "已保存"
assert_eq "$(sql 'SELECT preparer FROM settings')" "周敏" "preparer"
keys Escape
wait_for "备份数据库"
keys Escape
wait_for "系统维护"
keys q
wait_for "退出系统？"
keys Enter
check_clean_exit
