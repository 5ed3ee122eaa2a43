# SIGTERM ends the program at once with the terminal restored; so does a hang-up.
. "$(dirname "$0")/lib.sh"

start --form people "$DB"
wait_for "人员"
pid=$(app_pid)
kill -TERM "$pid"
check_clean_exit 143                   # 128 + SIGTERM, as a shell reports a terminated program


start --form units "$DB"
wait_for "武冈市"
pid=$(app_pid)
kill -HUP "$pid"
check_clean_exit 129

# The terminal itself vanishes (a dropped SSH session): the program must end, not spin.

start --form units "$DB"
wait_for "武冈市"
pid=$(app_pid)
tmx kill-server
i=0
while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 40 ] || fail "still running after its terminal vanished"; sleep 0.05
done
[ -s "$APPLOG" ] && fail "stderr not empty after the terminal vanished"
sqlite3 "$DB" "pragma integrity_check" | grep -qx ok || fail "integrity"
exit 0
