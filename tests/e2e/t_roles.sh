# Who may run each command on a database with users (sample.db): check — anyone who can open
# the file; export and print — any signed-in user, viewers too, within their scope; backup and
# restore — an administrator only (a backup holds the whole city and every password hash).
. "$(dirname "$0")/lib.sh"

"$TZ_BIN" check "$DB" >/dev/null || fail "check needs no sign-in"
sqlite3 "$DB" .dump > "$WORK/before.sql"
mkdir "$WORK/usb"

"$TZ_BIN" backup "$DB" "$WORK/usb" </dev/null >"$WORK/out" 2>&1; assert_eq "$?" 2 "backup without --user"
grep -qF -- "--user" "$WORK/out" || fail "backup without --user: $(cat "$WORK/out")"
for login in longxi chakan wang; do
    password_of "$login" | "$TZ_BIN" backup --user "$login" "$DB" "$WORK/usb" >"$WORK/out" 2>&1 \
        && fail "$login backed up the database"
    grep -qF "只有管理员能备份或恢复整个数据库" "$WORK/out" || fail "$login backup: $(cat "$WORK/out")"
done
[ -z "$(ls "$WORK/usb")" ] || fail "a backup was written for a non-administrator"
echo Admin-2026 | "$TZ_BIN" backup --user admin "$DB" "$WORK/usb" >"$WORK/out" || fail "admin backup: $(cat "$WORK/out")"
copy=$(ls "$WORK"/usb/taizhang-*.db)

"$TZ_BIN" restore "$copy" "$DB" </dev/null >"$WORK/out" 2>&1; assert_eq "$?" 2 "restore without --user"
for login in longxi chakan wang; do
    password_of "$login" | "$TZ_BIN" restore --user "$login" "$copy" "$DB" >"$WORK/out" 2>&1 \
        && fail "$login restored the database"
    grep -qF "只有管理员能备份或恢复整个数据库" "$WORK/out" || fail "$login restore: $(cat "$WORK/out")"
done
ls "$DB".replaced-* >/dev/null 2>&1 && fail "a refused restore replaced the database"
sqlite3 "$DB" .dump > "$WORK/after.sql"
cmp -s "$WORK/before.sql" "$WORK/after.sql" || fail "refused commands changed the database"
echo Admin-2026 | "$TZ_BIN" restore --user admin "$copy" "$DB" >"$WORK/out" || fail "admin restore: $(cat "$WORK/out")"
# a restore to a new path replaces nothing: no sign-in to give
"$TZ_BIN" restore "$copy" "$WORK/new.db" >"$WORK/out" </dev/null || fail "restore to a new file: $(cat "$WORK/out")"

for login in chakan longxi; do
    password_of "$login" | "$TZ_BIN" export quarterly --year 2026 --quarter 3 -o "$WORK/q-$login.xlsx" \
        --user "$login" "$DB" >"$WORK/out" 2>&1 || fail "$login export: $(cat "$WORK/out")"
    password_of "$login" | "$TZ_BIN" print contracts --year 2026 --to - --user "$login" "$DB" \
        >"$WORK/out" 2>&1 || fail "$login print: $(cat "$WORK/out")"
done
exit 0
