# Rights before typing: a viewer's lists and forms offer no F7, F8 or F2, in the bottom line or
# the help, and a form opens read-only saying so; a township clerk opening a city-level record
# is told at once that it is read-only for them, and still adds their own; the entries only an
# administrator may use are not shown to others.
. "$(dirname "$0")/lib.sh"

TZ_LOGIN=chakan start "$DB"
wait_for "组织机构"
keys 2
wait_for "按姓名"
screen | tail -n 1 | grep -qE "F7|F8" && fail "a viewer's list offers F7 or F8"
keys Enter
wait_for "身份证号"
wait_for "只读：查看员只能查看，不能修改"
screen | tail -n 1 | grep -qE "F2|F7|F8|F4" && fail "a viewer's form offers F2, F4, F7 or F8"
keys F1
wait_for "这里只能查看"
screen | grep -qE "保存|新增|删除" && fail "the help offers a viewer saving, adding or deleting"
keys Escape
wait_gone "这里只能查看"
keys Escape
wait_for "按姓名"
keys Escape
wait_for "组织机构"
# an empty lookup in a viewer's form does not ask to pick one with F4
sql "update assignments set sending_unit_id = null" >/dev/null
keys 5
wait_for "第一书记"
keys 1
wait_for "派出单位"
keys Enter
wait_for "只读：查看员只能查看，不能修改"
screen | grep -qF "F4 选择" && fail "a viewer's empty lookup offers F4"
keys Escape
wait_for "派出单位"
keys Escape
wait_for "第一书记"
keys Escape
wait_for "组织机构"
keys 8
wait_for "修改我的密码"
screen | grep -qE "重设用户密码|修改记录| 用户" && fail "a viewer is shown the administrator's entries"
keys Escape
wait_for "组织机构"
keys q
wait_for "退出系统？"
keys Enter
check_clean_exit

# the township clerk: a city department's person opens read-only, said before any typing; F7
# still adds one of their own township
first=$(sql "select p.name from people p join people_scope s on s.id = p.id where s.township_id is null
             order by p.name_key, p.id limit 1")
TZ_LOGIN=longxi start --form people "$DB"
wait_for "$first"
screen | tail -n 1 | grep -qF "F7新增" || fail "a township clerk may add people"
keys Enter
wait_for "只读：只能录入和修改本乡镇（街道）的数据"
screen | tail -n 1 | grep -qF "F2保存" && fail "a read-only record offers F2"
screen | tail -n 1 | grep -qF "F7新增" || fail "F7 adds a person of the clerk's own township"
keys F7
wait_for "新增"
wait_gone "只读："
screen | tail -n 1 | grep -qF "F2保存" || fail "a new person of one's own can be saved"
keys Escape
wait_for "按姓名"
keys Escape
check_clean_exit

# the administrator sees them all
start "$DB"
wait_for "组织机构"
keys 8
wait_for "重设用户密码"
wait_for "修改记录"
keys Escape
wait_for "组织机构"
keys q
wait_for "退出系统？"
keys Enter
check_clean_exit
