# The reports from the command line: the quarterly workbook read back with openpyxl and checked
# against the database (the city's, and a township's exported by its own clerk: its header,
# a row per village, figures that add up as printed), a kept total altered behind the triggers'
# back refused by the budget sheet's verify, a quarter not yet over exported with a warning, the
# workbooks as of two quarters' ends differing where the data changed, an unwritable path
# refused without touching the file already there, printer text on standard output and through
# the print command.
. "$(dirname "$0")/lib.sh"

out="$WORK/q3.xlsx"
# sample.db has users: reports run as a clerk, the password read from standard input
tz() { echo Admin-2026 | "$TZ_BIN" "$@" --user admin; }
"$TZ_BIN" export quarterly --year 2026 --quarter 3 -o "$out" "$DB" </dev/null 2>"$WORK/err.txt"
assert_eq "$?" 2 "a report without --user on a database with users"
grep -qF -- "--user" "$WORK/err.txt" || fail "no hint to sign in: $(cat "$WORK/err.txt")"
echo wrong-password | "$TZ_BIN" export quarterly --user admin -o "$out" "$DB" 2>"$WORK/err.txt" && fail "a wrong password exported"
grep -qF "登录名或密码不对" "$WORK/err.txt" || fail "wrong password message"
tz export quarterly --year 2026 --quarter 3 -o "$out" "$DB" > "$WORK/out.txt" 2>"$APPLOG" \
    || fail "export failed: $(cat "$APPLOG")"
sheets=$(grep -c '^\[sheet ' "$TOP/forms/quarterly.report")
grep -qE "已导出 $out（$sheets 张表，已校核，用时 [0-9.]+ 秒）" "$WORK/out.txt" || fail "export message: $(cat "$WORK/out.txt")"
/usr/bin/python3 "$TOP/tests/e2e/check_xlsx.py" "$out" "$DB" 2026 3 || fail "city workbook"

# a township's workbook, exported by its clerk: its own header and a row per village
tid=$(sql "SELECT id FROM units WHERE name = '龙溪镇'")
(cd "$WORK" && password_of longxi | "$TZ_BIN" export quarterly --year 2025 --quarter 4 --user longxi "$DB") \
    > /dev/null 2>"$APPLOG" || fail "township export failed: $(cat "$APPLOG")"
/usr/bin/python3 "$TOP/tests/e2e/check_xlsx.py" "$WORK/龙溪镇2025年第四季度党建工作报表.xlsx" "$DB" 2025 4 "$tid" \
    || fail "township workbook"

# the same sheets as of two quarters' ends: what changed in between shows
tz export quarterly --year 2025 --quarter 1 -o "$WORK/q1.xlsx" "$DB" > /dev/null 2>"$APPLOG" || fail "2025 Q1"
tz export quarterly --year 2025 --quarter 4 -o "$WORK/q4.xlsx" "$DB" > /dev/null 2>"$APPLOG" || fail "2025 Q4"
/usr/bin/python3 - "$WORK/q1.xlsx" "$WORK/q4.xlsx" <<'EOF' || fail "2025 Q1 and Q4 agree where the data changed"
import sys, openpyxl
a, b = (openpyxl.load_workbook(p) for p in sys.argv[1:3])
rows = lambda ws: [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
same = [t for t in ("责任状签订", "示范点") if rows(a[t]) == rows(b[t])]
sys.exit("the same in Q1 and Q4: %s" % same if same else 0)
EOF

# a quarter not yet over: exported, with a word that it is as of today
year=$(date +%Y)
quarter=$(( ($(date +%-m) + 2) / 3 ))
tz export quarterly --year "$year" --quarter "$quarter" -o "$WORK/now.xlsx" "$DB" > /dev/null 2>"$WORK/err.txt" \
    || fail "this quarter's export: $(cat "$WORK/err.txt")"
grep -qF "才结束，报表是截至今天" "$WORK/err.txt" || fail "no warning for an open quarter: $(cat "$WORK/err.txt")"

# a total kept by the triggers altered with sqlite3: the budget sheet's verify recounts the
# ledgers and refuses, and the workbook already there stays
key="year = 2026 AND category = 'village_ops'
     AND township_id = (SELECT min(township_id) FROM township_budget_totals WHERE year = 2026 AND lines > 0)"
sql "UPDATE township_budget_totals SET q1_fen = q1_fen + 1000000 WHERE $key"
cp "$out" "$WORK/before.xlsx"
tz export quarterly --year 2026 --quarter 3 -o "$out" "$DB" > /dev/null 2>"$WORK/err.txt" \
    && fail "a wrong kept total exported"
grep -qF "报表校核未通过：「经费保障」" "$WORK/err.txt" || fail "verify message: $(cat "$WORK/err.txt")"
cmp -s "$out" "$WORK/before.xlsx" || fail "the refused export touched the workbook"
sql "UPDATE township_budget_totals SET q1_fen = q1_fen - 1000000 WHERE $key"

# an unwritable place: a clear message, exit 1, the old file untouched
mkdir "$WORK/locked"
echo "old workbook" > "$WORK/locked/q.xlsx"
chmod 555 "$WORK/locked"
if [ "$(id -u)" -ne 0 ]; then
    tz export quarterly --year 2026 --quarter 3 -o "$WORK/locked/q.xlsx" "$DB" 2>"$WORK/err.txt" \
        && fail "export into a read-only folder succeeded"
    grep -qF "无法写入 $WORK/locked/q.xlsx" "$WORK/err.txt" || fail "message: $(cat "$WORK/err.txt")"
    assert_eq "$(cat "$WORK/locked/q.xlsx")" "old workbook" "the file already there"
fi
chmod 755 "$WORK/locked"
tz export quarterly --year 2026 --quarter 3 -o /nonexistent/q.xlsx "$DB" 2>"$WORK/err.txt" \
    && fail "export to a missing folder succeeded"
grep -qF "无法写入 /nonexistent/q.xlsx" "$WORK/err.txt" || fail "message: $(cat "$WORK/err.txt")"
tz export quarterly --year 2026 --quarter 5 "$DB" 2>"$WORK/err.txt"
assert_eq "$?" 2 "a bad quarter is a usage error"

# printer text to standard output or a .txt file; PDF to a .pdf file and to the print command
tz print contracts --year 2025 --to - "$DB" > "$WORK/summary.txt" 2>"$APPLOG" || fail "print --to -"
grep -qF "武冈市2025年党建工作责任状签订和考评汇总表" "$WORK/summary.txt" || fail "summary title"
grep -qF "第 1 页 共 1 页" "$WORK/summary.txt" || fail "page foot"
tz print contracts --year 2025 --to "$WORK/summary2.txt" "$DB" > /dev/null 2>"$APPLOG" || fail "print --to .txt"
cmp -s "$WORK/summary.txt" "$WORK/summary2.txt" || fail "--to FILE.txt is not the text of --to -"
tz print contracts --year 2025 --to "$WORK/summary.pdf" "$DB" > /dev/null 2>"$APPLOG" || fail "print --to .pdf"
pdftotext -layout "$WORK/summary.pdf" - | grep -qF "武冈市2025年党建工作责任状签订和考评汇总表" || fail "PDF title"
tz print contracts --year 2025 --to "$WORK/summary.out" --format pdf "$DB" > /dev/null 2>"$APPLOG" || fail "--format pdf"
assert_eq "$(head -c 5 "$WORK/summary.out")" "%PDF-" "--format pdf writes PDF"
tz print contracts --year 2025 --to "$WORK/summary.out" "$DB" 2>"$WORK/err.txt"
assert_eq "$?" 2 "a file name that says no format is a usage error"
grep -qF -- "--format" "$WORK/err.txt" || fail "the usage error names --format: $(cat "$WORK/err.txt")"
sql "UPDATE settings SET print_command = 'cat > $WORK/printed.pdf; printf %s \"\$TZ_PRINT_TITLE\" > $WORK/title.txt'"
id=$(sql "SELECT min(id) FROM contracts WHERE status = 'assessed'")
tz print contract "$id" "$DB" > "$WORK/out.txt" 2>"$APPLOG" || fail "print through the command"
assert_eq "$(head -c 5 "$WORK/printed.pdf")" "%PDF-" "the print command gets PDF"
assert_eq "$(cat "$WORK/title.txt")" "党建工作责任状" "the job's title"
tz print contract "$id" --to "$WORK/expected.pdf" "$DB" > /dev/null
[ "$(pdftotext -layout "$WORK/printed.pdf" -)" = "$(pdftotext -layout "$WORK/expected.pdf" -)" ] \
    || fail "the printer got another contract than --to FILE.pdf writes"
sql "UPDATE settings SET print_command = 'echo 打印机脱机 >&2; exit 4'"
tz print contract "$id" "$DB" 2>"$WORK/err.txt" && fail "a failing print command succeeded"
grep -qF "退出码 4" "$WORK/err.txt" || fail "exit status not reported: $(cat "$WORK/err.txt")"
grep -qF "打印机脱机" "$WORK/err.txt" || fail "the command's message not reported"
tz print contract 999999 --to - "$DB" 2>"$WORK/err.txt" && fail "printing a missing contract succeeded"
grep -qF "没有找到" "$WORK/err.txt" || fail "missing contract message: $(cat "$WORK/err.txt")"
exit 0
