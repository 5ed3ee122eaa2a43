# A hang-up while a form is half filled keeps what was typed; opening the form again offers it
# back, and the draft is gone once answered.
. "$(dirname "$0")/lib.sh"

start --form people "$DB"
wait_for "人员"
keys F7
wait_for "新增"
type_text "草稿张三"
keys Tab Tab
type_text "1985-06-01"
wait_for "1985-06-01"
kill -HUP "$(app_pid)"
check_clean_exit 129
assert_eq "$(sql "select count(*) from drafts where form = 'people' and record_id = 0 and login = 'admin'")" 1 "draft kept"

# another clerk opening a new person is not offered the administrator's draft
TZ_LOGIN=wang start --form people "$DB"
wait_for "人员"
keys F7
wait_for "新增"
screen | grep -qF "恢复吗" && fail "another clerk was offered the draft"
keys Escape
wait_for "人员"
keys Escape
check_clean_exit

start --form people "$DB"
wait_for "人员"
keys F7
wait_for "中断时未保存的内容，恢复吗"
keys y
wait_for "已恢复草稿"
wait_for "草稿张三"
wait_for "1985-06-01"
assert_eq "$(sql "select count(*) from drafts")" 0 "draft forgotten once offered"
keys Escape
wait_for "记录已修改"
keys d
keys Escape
check_clean_exit
