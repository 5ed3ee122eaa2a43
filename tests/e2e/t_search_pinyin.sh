# Every list whose search prompt promises pinyin initials finds by them: the contracts (the
# signer's), the budget lines (the unit's), the not-yet-signed list and the postings (the
# person's), each through the initials its view carries from units / people.
. "$(dirname "$0")/lib.sh"

# search_initials FORM VIEW COLUMN NAME — the three first initials of the view's first row
# typed into the list: as many rows as the view has under them, in pinyin order.
search_initials() {
    local form=$1 view=$2 column=$3 name=$4 initials expected first
    start --form "$form" "$DB"           # first: it brings the copy of sample.db up to date
    wait_for "$(sed -n 's/^title *= *//p' "$TOP/forms/$form.form")"
    initials=$(sql "select substr($column, 1, 3) from $view where length($column) >= 3
                    order by id limit 1")
    expected=$(sql "select count(*) from $view where $column like '$initials%'")
    first=$(sql "select $name from $view where $column like '$initials%' order by $column, id limit 1")
    type_text "$initials"
    wait_for "查找：$initials"
    wait_for "共 $expected 条  按拼音"
    wait_for "$first"
    keys Escape Escape
    check_clean_exit
}

search_initials contracts contracts_v signer_py signer_name
search_initials budget_lines budget_lines_v unit_py "(select substr(name, 1, 2) from units where id = unit_id)"
search_initials contract_coverage contract_coverage_v name_py name
search_initials assignments assignments_v person_py person_name

# A list with no pinyin term (the templates: no initials kept) does not promise them.
grep -q '^pinyin' "$TOP/forms/contract_templates.form" && fail "contract_templates keeps initials now: pick another list"
start --form contract_templates "$DB"
wait_for "查找：（输入名称或代码）"
keys Escape
check_clean_exit
