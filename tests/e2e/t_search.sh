# Incremental search on the people list: part of a name (through the n-gram table, in name
# order), pinyin initials (in pinyin order), the start of an ID number; the status line says
# the count and the order; a name changed in the form is found by its new part at once.
. "$(dirname "$0")/lib.sh"

# The screen's lines holding the given names come in the given order.
assert_order() { # NAME...
    local prev=0 line
    for name in "$@"; do
        line=$(screen | grep -nF -- "$name" | head -n 1 | cut -d: -f1)
        [ -n "$line" ] || fail "not on screen: $name"
        [ "$line" -gt "$prev" ] || fail "out of order: $name (line $line, after line $prev)"
        prev=$line
    done
}

# The first N names of a query, one per line.
first_names() { sql "$1 LIMIT $2" | tr '\n' ' '; }

start --form people "$DB"
wait_for "人员"

type_text "丽"                          # part of a name: anywhere in it
n=$(sql "select count(*) from people where name like '%丽%'")
wait_for "共 $n 条  按姓名↑"
# shellcheck disable=SC2046
assert_order $(first_names "select name from people where name like '%丽%' order by name, id" 5)

type_text "萍"
n=$(sql "select count(*) from people where name like '%丽萍%'")
wait_for "共 $n 条  按姓名↑"
# shellcheck disable=SC2046
assert_order $(first_names "select name from people where name like '%丽萍%' order by name, id" 5)

keys BSpace BSpace
type_text "wj"                          # pinyin initials, in pinyin order
n=$(sql "select count(*) from people where name_py like 'wj%'")
wait_for "共 $n 条  按拼音↑"
# shellcheck disable=SC2046
assert_order $(first_names "select name from people where name_py like 'wj%' order by name_py, id" 4)

keys Escape
wait_gone "按拼音"
id_number=$(sql "select id_number from people where name = '丁丽萍'")
type_text "$(printf '%s' "$id_number" | cut -c1-14)"   # the start of an ID number
n=$(sql "select count(*) from people where id_number like '$(printf '%s' "$id_number" | cut -c1-14)%'")
wait_for "共 $n 条  按身份证号↑"
wait_for "丁丽萍"

# A name changed in the form is found by its new part: the triggers keep the n-gram table.
type_text "$(printf '%s' "$id_number" | cut -c15-18)"
wait_for "共 1 条"
keys Enter
wait_for "姓名"
keys End BSpace BSpace BSpace
type_text "丁美萍"
keys F2
wait_for "已保存"
keys Escape                             # back to the list, still searching
wait_for "丁美萍"
keys Escape                             # the search cleared
wait_gone "按身份证号"
type_text "美萍"
wait_for "共 1 条  按姓名↑"
wait_for "丁美萍"
assert_eq "$(sql "select count(*) from people_name_grams g join people p on p.id = g.id
                  where p.id_number = '$id_number' and g.gram in ('美', '美萍', '丁美')")" 3 \
    "the new name's grams"
assert_eq "$(sql "select count(*) from people_name_grams g join people p on p.id = g.id
                  where p.id_number = '$id_number' and g.gram = '丽'")" 0 "the old name's grams"

keys Escape Escape
check_clean_exit
