# Sign-in: a wrong password is refused and counted, five in a row lock the account (the right
# password then too); a township's clerk sees only its own villages and cannot reach another
# township's, and keeps its own report header; a viewer cannot save; the administrator's change history names who changed what.
. "$(dirname "$0")/lib.sh"

NO_SIGNIN=1 start "$DB"
wait_for "登录名："
type_text longxi
keys Tab
type_text "not-the-password"
keys Enter
wait_for "登录名或密码不对（还可再试 4 次）"
for left in 3 2 1; do
    keys BSpace BSpace BSpace                     # the password field is emptied after a refusal
    type_text "still-wrong-$left"
    keys Enter
    wait_for "还可再试 $left 次"
done
type_text "wrong-once-more"
keys Enter
wait_for "账户已锁定 15 分钟"
type_text "Longxi-2026"
keys Enter
wait_for "锁定到"                                # locked: the right password is refused as well
[ -n "$(sql "select locked_until from users where login = 'longxi'")" ] || fail "not locked in the database"
keys Escape
check_clean_exit

# an administrator may unlock by resetting; here the lock is lifted as time would
sql "update users set locked_until = null where login = 'longxi'"
TZ_LOGIN=longxi start --form units "$DB"
wait_for "刘芳，您好（龙溪镇）"
wait_for "组织机构 › 武冈市 › 龙溪镇"            # a township clerk starts in its township
n=$(sql "select count(*) from units v join units t on t.id = v.parent_id where t.name = '龙溪镇'")
wait_for "共 $n 条"
keys Left                                        # up: the city's townships and departments
wait_for "市委办公室"                            # city departments are shared, read-only
screen | grep -qF "迎春亭街道" && fail "a township clerk sees another township"
keys Left                                        # the top: the city
wait_for "共 1 条"
wait_for "武冈市"
keys Right Down Down Down Home
keys Right                                       # back into 龙溪镇: its villages
wait_for "共 $n 条"
keys Escape
keys Escape
check_clean_exit

# city-wide data (the templates) is read-only to a township clerk: said on opening, and what
# is typed then changes nothing
names=$(sql "select group_concat(name) from contract_templates")
TZ_LOGIN=longxi start --form contract_templates "$DB"
wait_for "责任状模板"
keys Enter
wait_for "模板名称"
wait_for "只有市级用户能修改"
keys End
type_text "改"
keys F2
keys Escape
wait_for "查找："                                 # back in the list: nothing to save or discard
keys Escape
check_clean_exit
assert_eq "$(sql "select group_concat(name) from contract_templates")" "$names" "templates unchanged"

# a viewer changes nothing
post=$(sql "select group_concat(coalesce(phone, '')) from people")
TZ_LOGIN=chakan start --form people "$DB"
wait_for "赵敏，您好"
keys Enter
wait_for "身份证号"
wait_for "查看员只能查看，不能修改"
keys Tab Tab Tab Tab
type_text "9"
keys F2
keys Escape
wait_for "查找："
keys Escape
check_clean_exit
assert_eq "$(sql "select group_concat(coalesce(phone, '')) from people")" "$post" "people unchanged"

# the township clerk: a city department's person is shown but not changed; its own is
first=$(sql "select p.name from people p join people_scope s on s.id = p.id where s.township_id is null
             order by p.name_key, p.id limit 1") # a city department's person, first in the list
own=$(sql "select p.name from people p join people_scope s on s.id = p.id join units t on t.id = s.township_id
           where t.name = '龙溪镇' order by p.name, p.id limit 1")
TZ_LOGIN=longxi start --form people "$DB"
wait_for "$first"
keys Enter
wait_for "身份证号"
wait_for "只能录入和修改本乡镇（街道）的数据"     # said on opening, before any typing
keys Escape
wait_for "按姓名"                                 # back in the list
type_text "$own"
wait_for "$own"
keys Enter
wait_for "身份证号"
keys Tab Tab Tab Tab Tab Tab
keys End
type_text "（驻村）"
keys F2
wait_for "已保存"
keys C-e                                         # the record's history
wait_for "longxi  修改"
wait_for "职务："
wait_for "（驻村）"
keys Escape
wait_for "身份证号"
keys Escape
keys Escape
keys Escape
check_clean_exit
[ "$(sql "select login from audit_log where tbl = 'people' order by id desc limit 1")" = longxi ] \
    || fail "the audit trail does not name the clerk"

start "$DB"                                      # the administrator
wait_for "系统维护"
keys 8
wait_for "修改记录"
keys 6
wait_for "修改记录"
wait_for "longxi"
keys Enter
wait_for "（驻村）"
keys Escape
keys Escape
keys Escape
wait_for "系统维护"
keys q
wait_for "退出系统？"
keys Enter
check_clean_exit

# a township's report header: its clerk sees its own row only, and keeps it
TZ_LOGIN=longxi start --form township_headers "$DB"
wait_for "中共龙溪镇委员会"
wait_for "共 1 条"
keys Enter
wait_for "单位负责人"
keys Tab Tab Tab Tab Tab                         # to 联系电话
keys End
type_text "8"
keys F2
wait_for "已保存"
town=$(sql "select id from units where name = '龙溪镇'")
assert_eq "$(sql "select phone from township_headers where township_id = $town")" "0739-45210668" \
    "the clerk's own header"
keys Escape
keys Escape
check_clean_exit
