# Keys: the city clerk previews one township's contract summary — from the main menu, at most
# 8 keys beyond what is typed (the township's initials). The preview is the text that
# `taizhang print contracts --unit` gives for the same year and township.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keycount.sh"

code=$(sql "select code from units where name = '龙溪镇'")
TZ_LOGIN=wang start "$DB"
wait_for "报表"
key 7                                  # 报表
wait_for "责任状汇总表"
key 2                                  # 责任状汇总表: 年度 is this year
wait_for "范围："
year=$(screen | sed -n 's/.*年度： *\([0-9][0-9]*\).*/\1/p' | head -n 1)
key Tab F4                             # 范围: pick a township
wait_for "选择"
type_text "lxz"
wait_for "共 1 条"
key Enter
wait_for "龙溪镇"
key F2
wait_for "屏幕预览"
key Enter                              # 1 屏幕预览
wait_for "打印预览"
assert_keys 8 "a township's contract summary"

password_of wang | "$TZ_BIN" print contracts --year "$year" --unit "$code" --to "$WORK/summary.txt" \
    --user wang "$DB" > /dev/null 2>&1 || fail "print contracts"
expected=$(head -n 20 "$WORK/summary.txt" | sed 's/ *$//')
shown=$(screen | sed -n '2,21p' | sed 's/ *$//')
[ "$shown" = "$expected" ] || fail "the preview differs from the printed text:
$shown
----
$expected"
keys Escape Escape Escape
