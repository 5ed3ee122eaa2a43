# Eight clerks' processes save at the same moment on one database: not one "database is
# locked", every record there.
. "$(dirname "$0")/lib.sh"
: "${TZ_SAVER:?TZ_SAVER must name the saver helper (make e2e builds it)}"

before=$(sql "select count(*) from people")
pids=""
for c in 1 2 3 4 5 6 7 8; do
    "$TZ_SAVER" "$DB" 100 "c$c" > "$WORK/out$c" 2> "$WORK/err$c" &
    pids="$pids $!"
done
failed=0
for pid in $pids; do
    wait "$pid" || failed=$((failed + 1))
done
cat "$WORK"/err* >&2
assert_eq "$failed" 0 "savers that failed"
assert_eq "$(cat "$WORK"/err* | wc -c)" 0 "error output"
assert_eq "$(sql "select count(*) from people")" "$((before + 800))" "records saved"
assert_eq "$(sqlite3 "$DB" 'pragma integrity_check')" ok "integrity"
