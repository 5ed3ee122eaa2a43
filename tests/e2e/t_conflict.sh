# Two clerks edit the same person at once. The first save goes through; the second is refused
# with the first clerk's change shown, never a silent overwrite; F5 then reloads it.
. "$(dirname "$0")/lib.sh"

# A second terminal, for the second clerk.
screen2() { tmx capture-pane -p -t app2; }
wait_for2() {
    local i=0
    while [ $i -lt 300 ]; do
        screen2 | grep -qF -- "$1" && return 0
        sleep 0.05; i=$((i + 1))
    done
    echo "---- second clerk's screen ----" >&2; screen2 >&2
    fail "text not on the second screen: $1"
}

first=$(sql "select name from people order by name_key, id limit 1")
phone_before=$(sql "select coalesce(phone, '') from people where name = '$first' order by id limit 1")
start --form people "$DB"
tmx new-session -d -x 80 -y 24 -s app2 "$(printf '%q ' "$TZ_BIN") --form people $(printf '%q' "$DB") 2>>$(printf '%q' "$APPLOG")"
sign_in app2 wang                            # the second clerk: the city clerk
wait_for "$first"
wait_for2 "$first"
keys Enter                                   # both open the first person
tmx send-keys -t app2 Enter
wait_for "身份证号"
wait_for2 "身份证号"

keys Tab Tab Tab Tab Tab Tab                 # clerk 1: 职务
keys End
type_text "（兼）"
keys F2
wait_for "已保存"
post=$(sql "select post from people where name = '$first' order by id limit 1")

tmx send-keys -t app2 Tab Tab Tab Tab        # clerk 2: 联系电话, its last digit changed
last=8; case "$phone_before" in *8) last=9 ;; esac
tmx send-keys -t app2 End BSpace
tmx send-keys -t app2 -l "$last"
tmx send-keys -t app2 F2
wait_for2 "他人已修改此记录"
wait_for2 "职务 现为“$post”"
assert_eq "$(sql "select coalesce(phone, '') from people where name = '$first' order by id limit 1")" \
    "$phone_before" "clerk 2's refused save wrote nothing"
assert_eq "$(sql "select post from people where name = '$first' order by id limit 1")" "$post" "clerk 1's change kept"

tmx send-keys -t app2 F5                     # reload: asks first, then shows clerk 1's change
wait_for2 "记录已修改"
tmx send-keys -t app2 d
wait_for2 "（兼）"
tmx send-keys -t app2 Escape Escape
keys Escape Escape
check_clean_exit
