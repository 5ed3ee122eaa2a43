# A batch says what it will do before doing it, and one whose rows nobody has touched is
# withdrawn in one step: 下发责任状 to 龙溪镇 for 2028 (declined once, then done), withdrawn with
# F8; 开始新年度 for 2028, withdrawn likewise.
. "$(dirname "$0")/lib.sh"
export TZ_LOGIN=wang

township="龙溪镇"
start --form template_issues "$DB"
wait_for "下发责任状"
children=$(sql "select count(*) from units where parent_id = (select id from units where name = '$township')
                and level in ('village', 'community')")
keys F7
wait_for "新增"
type_text "村级"
keys Tab
wait_for "村级党建工作责任状"
type_text "lxz"
keys Tab
wait_for "$township"
type_text "2028"
keys F2
wait_for "将向$township $children 个村（社区）下发 2028 年责任状？"
keys n                                 # not now: nothing done, the form kept
wait_for "未保存"
assert_eq "$(sql "select count(*) from contracts where year = 2028")" 0 "nothing issued"
keys F2
wait_for "将向$township $children 个村（社区）下发 2028 年责任状？"
keys y
wait_for "新建份数：$children"
assert_eq "$(sql "select count(*) from contracts where year = 2028")" "$children" "issued"
keys Escape
wait_for "下发责任状"
keys Home F8                           # the newest issue is first: withdraw it
wait_for "撤回这次下发：删除 2028 年发给$township下级的 $children 份草稿？"
keys y
wait_for "已删除"
assert_eq "$(sql "select count(*) from contracts where year = 2028")" 0 "withdrawn"
keys Escape
check_clean_exit

start --form budget_year_starts "$DB"
wait_for "$(sed -n 's/^title *= *//p' "$TOP/forms/budget_year_starts.form")"
keys F7
wait_for "新增"
type_text "2028"
keys F2
wait_for "新建 2028 年经费预算"
keys y
wait_for "已保存"
lines=$(sql "select count(*) from budget_lines where year = 2028")
[ "$lines" -gt 0 ] || fail "no lines created"
keys Escape
wait_for "2028"
keys Home F8
wait_for "撤回开始新年度：删除这次新建的 2028 年经费预算 $lines 条？"
keys y
wait_for "已删除"
assert_eq "$(sql "select count(*) from budget_lines where year = 2028")" 0 "withdrawn"
keys Escape
check_clean_exit
