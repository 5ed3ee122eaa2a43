# kill -9 at random moments while a clerk's process is saving: afterwards the database passes
# the integrity check and every save that was reported done is there, whole.
. "$(dirname "$0")/lib.sh"
: "${TZ_SAVER:?TZ_SAVER must name the saver helper (make e2e builds it)}"

acked="$WORK/acked.txt"
: > "$acked"
for round in $(seq 1 25); do
    "$TZ_SAVER" "$DB" 100000 "r$round" >> "$acked" 2>/dev/null &
    pid=$!
    sleep "0.$(( (round * 37) % 9 + 1 ))"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null
done

[ "$(sqlite3 "$DB" 'pragma integrity_check')" = ok ] || fail "integrity check after kill -9"
[ -z "$(sqlite3 "$DB" 'pragma foreign_key_check')" ] || fail "foreign keys after kill -9"
n=$(grep -c '^saved ' "$acked")
[ "$n" -gt 25 ] || fail "too few saves to prove anything ($n)"
# Every acknowledged save is present with its name; a half-written last line is not an ack.
grep '^saved [0-9]* 压测r[0-9]*号[0-9]*$' "$acked" | awk '{ print $2 "|" $3 }' | sort > "$WORK/expected"
sqlite3 "$DB" "select id || '|' || name from people where name like '压测%'" | sort > "$WORK/present"
missing=$(comm -23 "$WORK/expected" "$WORK/present" | head -5)
[ -z "$missing" ] || fail "acknowledged saves lost: $missing"
echo "$n acknowledged saves over 25 kills, all present"
