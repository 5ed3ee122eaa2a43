# Housekeeping → back up: the administrator names a folder (a USB stick), the backup is written
# there under a dated name and checked, and the message says where it went. Nobody else is
# offered it: the entry is not in their menu, and its letter does nothing.
. "$(dirname "$0")/lib.sh"

mkdir "$WORK/usb"
for login in longxi chakan wang; do
    TZ_LOGIN=$login start "$DB"
    wait_for "系统维护"
    keys 8
    wait_for "修改我的密码"
    screen | grep -qF "备份数据库" && fail "$login is offered the backup"
    keys b
    sleep 0.3
    screen | grep -qF "备份到文件夹" && fail "$login was asked for a folder"
    keys Escape
    wait_for "组织机构"
    keys q
    wait_for "退出系统？"
    keys Enter
    check_clean_exit
done
[ -z "$(ls "$WORK/usb")" ] || fail "a backup was written for a non-administrator"

start "$DB"
wait_for "系统维护"
keys 8
wait_for "备份数据库"
keys b
wait_for "备份到文件夹："
wait_for "$WORK"                        # the database's own folder is offered first
keys End
type_text "/usb"
keys Enter
wait_for "已备份到 $WORK/usb/taizhang-"
copy=$(ls "$WORK"/usb/taizhang-*.db)
assert_eq "$(sqlite3 "$copy" 'pragma integrity_check')" ok "backup integrity"
assert_eq "$(sqlite3 "$copy" 'select count(*) from contracts')" "$(sql 'select count(*) from contracts')" "rows"
keys Escape
wait_for "组织机构"
keys q
wait_for "退出系统？"
keys Enter
check_clean_exit
