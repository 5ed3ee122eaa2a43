# Keys: the city clerk exports the third quarter's workbook — from the main menu, at most 8
# keys beyond what is typed (the quarter) — and it reads back against the database.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keycount.sh"

TZ_BIN=$(cd "$(dirname "$TZ_BIN")" && pwd)/$(basename "$TZ_BIN")
cd "$WORK" || fail "no work folder"    # the export is written to the current folder
TZ_LOGIN=wang start "$DB"
wait_for "报表"
key 7                                  # 报表
wait_for "季度报表"
key 1                                  # 季度报表: 年度 is this year
wait_for "季度："
year=$(screen | sed -n 's/.*年度： *\([0-9][0-9]*\).*/\1/p' | head -n 1)
key Tab                                # 季度: the first key typed replaces it
type_text "3"
key F2
wait_for "导出 Excel 文件"
key 2                                  # 2 导出 Excel 文件
wait_for "文件："
key Enter                              # the name offered
wait_for "已导出"
assert_keys 8 "the quarterly workbook"

book=$(ls "$WORK"/*.xlsx)
/usr/bin/python3 "$TOP/tests/e2e/check_xlsx.py" "$book" "$DB" "$year" 3 > /dev/null \
    || fail "the workbook does not read back against the database"
keys Escape Escape
