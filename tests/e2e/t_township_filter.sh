# The township filter (F4 → 所属乡镇) of every list that offers one gives that township's rows:
# the lists read views whose township column is derived, so the value picked on the screen must
# reach SQL as the integer it is (as text it matched no row: 共 0 条).
. "$(dirname "$0")/lib.sh"

township="龙溪镇"
tid=$(sql "select id from units where name = '$township'")

# filter_by_township FORM VIEW — F4, the filter in the position the form's `filters` gives it,
# the township by its pinyin initials; the count is the view's own.
filter_by_township() {
    local form=$1 view=$2 position expected
    position=$(sed -n 's/^filters *= *//p' "$TOP/forms/$form.form" | tr -d ' ' | tr ',' '\n' |
               grep -n '^township_id$' | cut -d: -f1)
    [ -n "$position" ] || fail "$form offers no township filter"
    expected=$(sql "select count(*) from $view where township_id = $tid")
    [ "$expected" -gt 0 ] || fail "$view has no rows of $township to find"
    start --form "$form" "$DB"
    wait_for "$(sed -n 's/^title *= *//p' "$TOP/forms/$form.form")"
    keys F4
    wait_for "按所属乡镇"
    local i=1
    while [ $i -lt "$position" ]; do keys Down; i=$((i + 1)); done
    keys Enter
    wait_for "选择"
    type_text "lxz"
    wait_for "共 1 条"
    keys Enter
    wait_for "所属乡镇：$township"
    wait_for "共 $expected 条"
    keys Escape
    check_clean_exit
}

filter_by_township contracts contracts_v
filter_by_township contract_coverage contract_coverage_v
filter_by_township budget_lines budget_lines_v
