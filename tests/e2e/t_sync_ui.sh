# Housekeeping → data exchange: a township's replica exports its bundle to a folder (a USB
# stick), the county imports it from there; a conflicting edit stops an import, is listed under
# 待决冲突, decided in its form, and the next import follows the choice; the history lists both.
. "$(dirname "$0")/lib.sh"

COUNTY=$DB R1="$WORK/longxi.db" USB="$WORK/usb"
mkdir "$USB"
tz() { echo Admin-2026 | "$TZ_BIN" "$@" --user admin; }
q() { sqlite3 -batch "$1" "$2"; }
# the replica's own administrator, here with the same login and password as the county's (its
# temporary password taken as changed, so that the sign-in goes straight to the menu)
printf 'Admin-2026\nAdmin-2026\n' | "$TZ_BIN" replica create --unit 430581005 --admin admin --user admin \
    "$COUNTY" "$R1" >/dev/null || fail "replica"
q "$R1" "update users set must_change = 0 where login = 'admin'"
T1=$(q "$COUNTY" "select id from units where code = '430581005'")
P=$(q "$R1" "select min(p.id) from people p join people_scope s on s.id = p.id where s.township_id = $T1")
q "$R1" "update people set phone = '13800000009' where id = $P"

exchange_menu() { # the data-exchange menu of the database the session has open
    wait_for "系统维护"
    keys 8
    wait_for "数据交换"
    keys x
    wait_for "导入交换包"
}
leave() { # from the data-exchange menu, back out of the program
    keys Escape
    wait_for "备份数据库"
    keys Escape
    wait_for "组织机构"
    keys q
    wait_for "退出系统？"
    keys Enter
    check_clean_exit
}
to_usb() {
    wait_for "$WORK"                    # the database's own folder is offered first
    keys End
    type_text "/usb"
    keys Enter
}

start "$R1"
exchange_menu
keys e
wait_for "写到文件夹："
to_usb
wait_for "已写出 1 个交换包到 $USB"
leave
[ -f "$USB/430581005-to-430581-000001.tzb" ] || fail "no bundle in the folder"

start "$COUNTY"
exchange_menu
keys i
wait_for "从文件夹："
to_usb
wait_for "已导入 1 个交换包，1 处改动"
assert_eq "$(q "$COUNTY" "select phone from people where id = $P")" 13800000009 "imported"
keys h
wait_for "交换记录"
wait_for "已导入"
keys Escape
wait_for "导入交换包"
leave

# A contract the city issued, changed on both sides; the county's bundle stops at the township.
C=$(q "$COUNTY" "select id from contracts where signer_id = $T1 order by year desc limit 1")
q "$COUNTY" "update contracts set notes = '县里改' where id = $C"
q "$R1" "update contracts set notes = '乡里改' where id = $C"
tz sync export --to "$USB" "$COUNTY" >/dev/null || fail "county export"
start "$R1"
exchange_menu
keys i
wait_for "从文件夹："
to_usb
wait_for "待决冲突"
assert_eq "$(q "$R1" "select notes from contracts where id = $C")" "乡里改" "committed with a conflict waiting"
keys c
wait_for "责任状"
keys Enter
wait_for "乡里改"
keys Space Space                        # 选择: (none) → 保留本方 → 采用对方
wait_for "采用对方"
keys F2
wait_for "保存"
keys Escape
keys Escape
wait_for "导入交换包"
keys i
wait_for "从文件夹："
to_usb
wait_for "已导入 1 个交换包"
assert_eq "$(q "$R1" "select notes from contracts where id = $C")" "县里改" "theirs taken"
assert_eq "$(q "$R1" "select count(*) from sync_conflicts")" 0 "the conflict resolved"
leave
exit 0
