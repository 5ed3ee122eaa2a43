# The command line: help, version, bad usage, init, check, a malformed and a stale form file.
. "$(dirname "$0")/lib.sh"

"$TZ_BIN" --help | grep -q "taizhang init" || fail "--help"
"$TZ_BIN" --version | grep -q "^taizhang " || fail "--version"

"$TZ_BIN" --bogus "$DB" 2>"$WORK/err"; assert_eq "$?" 2 "unknown option status"
[ "$(wc -l < "$WORK/err")" -eq 1 ] || fail "unknown option: one line expected"
"$TZ_BIN" "$WORK/missing.db" 2>"$WORK/err"; assert_eq "$?" 2 "missing file status"
grep -q "missing.db" "$WORK/err" || fail "missing file named"

"$TZ_BIN" init "$WORK/new.db" </dev/null 2>"$WORK/err"; assert_eq "$?" 2 "init without a password"
grep -qF "需要管理员密码" "$WORK/err" || fail "init without a password: $(cat "$WORK/err")"
[ -e "$WORK/new.db" ] && fail "init without a password left a file"
echo "short" | "$TZ_BIN" init "$WORK/new.db" 2>/dev/null; assert_eq "$?" 2 "init with a short password"
echo "Init-pass-2026" | "$TZ_BIN" init "$WORK/new.db" >/dev/null || fail "init"
[ "$(sqlite3 "$WORK/new.db" 'pragma user_version')" -ge 1 ] || fail "init schema version"
assert_eq "$(sqlite3 "$WORK/new.db" "select login || ' ' || role from users")" "admin admin" "the first administrator"
sqlite3 "$WORK/new.db" "select password_hash from users" | grep -q '^\$y\$' || fail "not a yescrypt hash"
sqlite3 "$WORK/new.db" "select count(*) from users where password_hash like '%Init-pass%'" | grep -qx 0 || fail "password in clear"
echo "Init-pass-2026" | "$TZ_BIN" init "$WORK/new.db" 2>/dev/null; assert_eq "$?" 2 "init refuses to overwrite"

"$TZ_BIN" check "$DB" >"$WORK/out" || { cat "$WORK/out"; fail "check on sample data"; }

# A malformed form file: FILE:LINE: message, exit non-zero, for check and for the UI.
mkdir "$WORK/forms"
printf '[form people]\ntitle = 人员\ntable = people\nthis line has no equals sign\n' > "$WORK/forms/people.form"
"$TZ_BIN" check --forms "$WORK/forms" "$DB" >"$WORK/out" 2>&1; st=$?
[ $st -ne 0 ] || fail "check accepted a malformed form"
grep -q "^$WORK/forms/people.form:4: " "$WORK/out" || { cat "$WORK/out"; fail "FILE:LINE for malformed form"; }
"$TZ_BIN" --forms "$WORK/forms" "$DB" >"$WORK/out" 2>&1 </dev/null; st=$?
[ $st -ne 0 ] || fail "UI started with a malformed form"
grep -q "people.form:4: " "$WORK/out" || fail "UI FILE:LINE"

# A stale definition: a column the database does not have.
sed 's/^\[field post\]/[field rank]/' "$TOP/forms/people.form" > "$WORK/forms/people.form"
sed -i 's/\bpost 16\b/rank 16/' "$WORK/forms/people.form"
"$TZ_BIN" check --forms "$WORK/forms" "$DB" >"$WORK/out" 2>&1; st=$?
[ $st -ne 0 ] || fail "check accepted a stale form"
grep -q "people.form:[0-9]*: .*rank" "$WORK/out" || { cat "$WORK/out"; fail "stale column reported"; }

# A menu naming a command the program does not have.
rm -f "$WORK/forms/people.form"
printf '[menu main]\ntitle = 主菜单\nitem = 1 u units\nitem = 2 x cmd:shred\n' > "$WORK/forms/main.menu"
"$TZ_BIN" check --forms "$WORK/forms" "$DB" >"$WORK/out" 2>&1; st=$?
[ $st -ne 0 ] || fail "check accepted an unknown command"
grep -q "main.menu:4: .*shred" "$WORK/out" || { cat "$WORK/out"; fail "unknown command reported"; }
rm -f "$WORK/forms/main.menu"

# A database newer than the binary is refused with a clear message.
cp "$DB" "$WORK/newer.db"; sqlite3 "$WORK/newer.db" "pragma user_version = 999"
"$TZ_BIN" check "$WORK/newer.db" >"$WORK/out" 2>&1; st=$?
[ $st -ne 0 ] || fail "newer database accepted"
grep -q "999" "$WORK/out" || fail "newer version not named"

# Backup to a folder (a USB stick): a dated, checked copy; restore keeps what it replaces.
mkdir "$WORK/usb"
echo Admin-2026 | "$TZ_BIN" backup --user admin "$DB" "$WORK/usb" > "$WORK/out" || { cat "$WORK/out"; fail "backup"; }
copy=$(ls "$WORK"/usb/taizhang-*.db)
[ "$(sqlite3 "$copy" 'pragma integrity_check')" = ok ] || fail "backup integrity"
assert_eq "$(sqlite3 "$copy" 'select count(*) from people')" "$(sql 'select count(*) from people')" "backup rows"
sql "delete from disbursements"
echo Admin-2026 | "$TZ_BIN" restore --user admin "$copy" "$DB" > "$WORK/out" || { cat "$WORK/out"; fail "restore"; }
[ "$(sql 'select count(*) from disbursements')" -gt 0 ] || fail "restore did not bring the rows back"
ls "$DB".replaced-* >/dev/null 2>&1 || fail "replaced database not kept"
"$TZ_BIN" restore "$WORK/missing.db" "$DB" 2>/dev/null; assert_eq "$?" 2 "restore of a missing backup"

# The UI without a terminal, or on one that cannot move its cursor: a clear line, not a mess.
"$TZ_BIN" "$DB" </dev/null >"$WORK/out" 2>&1; st=$?
[ $st -eq 1 ] && grep -q "终端" "$WORK/out" || fail "UI without a terminal"
tmx new-session -d -x 80 -y 24 -s dumb "TERM=dumb $(printf '%q ' "$TZ_BIN" "$DB") 2> $(printf '%q' "$WORK/dumb")"
i=0; until grep -q "TERM" "$WORK/dumb" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 200 ] || fail "TERM=dumb not refused"; sleep 0.05
done

# A damaged database: the quick_check that runs beside the first screen says so at once.
cp "$DB" "$WORK/damaged.db"
dd if=/dev/zero of="$WORK/damaged.db" bs=4096 seek=40 count=3 conv=notrunc 2>/dev/null
NO_SIGNIN=1 start "$WORK/damaged.db"
wait_for "数据库可能已损坏"
wait_for "taizhang restore"
keys Enter
wait_for "登录名"
keys Escape
check_clean_exit

# Ctrl-C at the password prompt of init leaves the terminal echoing. The shell around it
# catches the interrupt (a trap, not inherited) so that it lives on to tell the terminal's state.
tmx kill-session -t app 2>/dev/null
tmx new-session -d -x 80 -y 24 -s app \
    "trap true INT; $(printf '%q ' "$TZ_BIN" init "$WORK/interrupted.db"); stty -a > $(printf '%q' "$WORK/stty"); sleep 60"
wait_for "管理员 admin 的密码"
keys C-c
i=0
until [ -s "$WORK/stty" ]; do
    i=$((i + 1)); [ $i -lt 200 ] || fail "init did not end on Ctrl-C"
    sleep 0.05
done
grep -qE '(^| )echo( |$)' "$WORK/stty" || fail "Ctrl-C left the terminal without echo: $(cat "$WORK/stty")"
[ -e "$WORK/interrupted.db" ] && fail "an interrupted init left a file"
tmx kill-session -t app

# Not a UTF-8 locale: falls back to C.UTF-8 (present on Debian) and still works.
LC_ALL=C LANG=C "$TZ_BIN" check "$DB" >/dev/null || fail "C locale fallback"
exit 0
