# Lists as in a spreadsheet: every list shows its count, however many value counts it has; the
# header's arrow stands on the column the rows are ordered by, the searched one while searching;
# names come in pinyin order (阿 < 白 < 陈), by the keys taizhang keeps; a money list has a 合计
# line of all the rows its search keeps.
. "$(dirname "$0")/lib.sh"
export TZ_LOGIN=wang

# 分 as the budget list shows them: 万元, two decimals, half away from zero
yuan() { /usr/bin/python3 -c "import sys; from decimal import Decimal as D, ROUND_HALF_UP as U
print(f'{(D(sys.argv[1]) / 1000000).quantize(D(\"0.01\"), U):,}')" "$1"; }
start --form budget_lines "$DB"
wait_for "经费保障"
wait_for "共 $(sql "select count(*) from budget_lines") 条  按年度↓"
# the money list's 合计: every row's, not the page's; then the search's
wait_for "$(yuan "$(sql "select sum(budgeted_fen) from budget_lines")")"
screen | grep -F "合计" | grep -qF "$(yuan "$(sql "select sum(paid_fen) from budget_lines_v")")" ||
    fail "no 合计 of what was paid"
type_text "lxz"
wait_for "共 $(sql "select count(*) from budget_lines_v where unit_py like 'lxz%'") 条"
screen | grep -F "合计" |
    grep -qF "$(yuan "$(sql "select sum(budgeted_fen) from budget_lines_v where unit_py like 'lxz%'")")" ||
    fail "the 合计 did not follow the search"
keys Escape Escape
check_clean_exit

start --form contracts "$DB"
wait_for "年度↓"
initials=$(sql "select substr(name_py, 1, 3) from units where level = 'township' order by code limit 1")
type_text "$initials"                  # by the signer's initials: ordered by them
wait_for "按拼音"
screen | grep -qF "年度↓" && fail "the arrow stayed on 年度"
wait_for "签订单位名称↓"
keys Escape Escape
check_clean_exit

start --form people "$DB"
wait_for "姓名↑"
prev=0
for name in $(sql "select name from people order by name_key, id limit 6"); do
    line=$(screen | grep -nF -- " $name " | head -n 1 | cut -d: -f1)
    [ -n "$line" ] || fail "not on screen: $name"
    [ "$line" -gt "$prev" ] || fail "out of pinyin order: $name"
    prev=$line
done
by_code=$(sql "select name from people order by name, id limit 1")   # code-point order differs
[ "$(sql "select name from people order by name_key, id limit 1")" != "$by_code" ] ||
    fail "pinyin order and code-point order agree on the sample: the test shows nothing"
keys Escape
check_clean_exit

# at 120×40 a list gives its name columns the room it has: a long unit name is no longer cut
row=$(sql "select u.name_py || '|' || u.full_name from budget_lines l join units u on u.id = l.unit_id
           where length(u.full_name) >= 10 order by l.id limit 1")
start --form budget_lines "$DB"
wait_for "经费保障"
type_text "${row%%|*}"
wait_for "查找：${row%%|*}"
screen | grep -qF "${row#*|}" && fail "${row#*|} fits at 80 columns already: the test shows nothing"
tmx resize-window -t app -x 120 -y 40
keys F5                                # as t_small_terminal: a key after the resize
wait_for "${row#*|}"
assert_screen_fits 120
keys Escape Escape
check_clean_exit

# a name column read from a view sorts by its key too: contracts by signer, F6 from 年度↓
start --form contracts "$DB"
wait_for "年度↓"
keys F6
wait_for "签订单位名称↑"
first=$(sql "select signer_name from contracts_v order by signer_key, id limit 1")
[ "$first" != "$(sql "select signer_name from contracts_v order by signer_name, id limit 1")" ] ||
    fail "pinyin order and code-point order agree on the first signer: the test shows nothing"
screen | sed -n 4p | grep -qF "$first" || fail "the first signer is not $first"
keys Escape
check_clean_exit
