# The files the program makes hold ID numbers and password hashes: the database, its -wal, -shm
# and -writer, backups, exports and print files are its owner's alone (0600) whatever the
# umask. --to / -o onto something that is not a regular file (a device such as /dev/null, a
# FIFO) writes into it and leaves its type; onto a regular file the new one keeps the old
# one's mode and owner; a symbolic link stays a link. A database in a folder the user cannot
# write can still be checked and exported.
. "$(dirname "$0")/lib.sh"
umask 022
mode() { stat -c %a "$1"; }

echo "Init-pass-2026" | "$TZ_BIN" init "$WORK/new.db" >/dev/null || fail "init"
"$TZ_BIN" check "$WORK/new.db" >/dev/null || fail "check on the new database"
for f in "$WORK/new.db" "$WORK/new.db-writer"; do
    assert_eq "$(mode "$f")" 600 "mode of $(basename "$f")"
done
# -wal and -shm exist while a connection is open; SQLite gives them the database's mode
python3 - "$WORK/new.db" <<'PY' || fail "-wal/-shm modes"
import sqlite3, os, sys
c = sqlite3.connect(sys.argv[1]); c.execute("select count(*) from units").fetchall()
for s in ("-wal", "-shm"):
    m = oct(os.stat(sys.argv[1] + s).st_mode & 0o777)
    if m != "0o600": sys.exit("mode of %s: %s" % (s, m))
PY

chmod 600 "$DB"
mkdir "$WORK/usb"
echo Admin-2026 | "$TZ_BIN" backup --user admin "$DB" "$WORK/usb" >/dev/null || fail "backup"
copy=$(ls "$WORK"/usb/taizhang-*.db)
assert_eq "$(mode "$copy")" 600 "mode of a backup"
"$TZ_BIN" restore "$copy" "$WORK/restored.db" >/dev/null </dev/null || fail "restore to a new file"
assert_eq "$(mode "$WORK/restored.db")" 600 "mode of a restored new file"
echo Admin-2026 | "$TZ_BIN" restore --user admin "$copy" "$DB" >/dev/null || fail "restore"
assert_eq "$(mode "$(ls "$DB".replaced-*)")" 600 "mode of the replaced database kept"
assert_eq "$(mode "$DB")" 600 "mode of the restored database"

export_to() { echo Chakan-2026 | "$TZ_BIN" export quarterly --year 2026 --quarter 3 -o "$1" --user chakan "$DB" >"$WORK/out" 2>&1; }
# printer text, whatever the name (a FIFO's or a link's says nothing of the format)
print_to() { echo Chakan-2026 | "$TZ_BIN" print contracts --year 2026 --to "$1" --format text --user chakan "$DB" >"$WORK/out" 2>&1; }

export_to "$WORK/q.xlsx" || fail "export: $(cat "$WORK/out")"
assert_eq "$(mode "$WORK/q.xlsx")" 600 "mode of an export"
print_to "$WORK/c.txt" || fail "print: $(cat "$WORK/out")"
assert_eq "$(mode "$WORK/c.txt")" 600 "mode of a print file"

# replacing a regular file: its mode and owner stay
chmod 640 "$WORK/q.xlsx" "$WORK/c.txt"
[ "$(id -u)" = 0 ] && chown nobody:nogroup "$WORK/q.xlsx" "$WORK/c.txt"
owner=$(stat -c %U:%G "$WORK/q.xlsx")
export_to "$WORK/q.xlsx" || fail "export over a file: $(cat "$WORK/out")"
print_to "$WORK/c.txt" || fail "print over a file: $(cat "$WORK/out")"
for f in "$WORK/q.xlsx" "$WORK/c.txt"; do
    assert_eq "$(mode "$f")" 640 "mode kept by $(basename "$f")"
    assert_eq "$(stat -c %U:%G "$f")" "$owner" "owner kept by $(basename "$f")"
done

# a symbolic link stays one; the file it names is written
ln -s "$WORK/c.txt" "$WORK/link.txt"
print_to "$WORK/link.txt" || fail "print through a link: $(cat "$WORK/out")"
[ -L "$WORK/link.txt" ] || fail "the link was replaced by a file"
grep -q "责任状" "$WORK/c.txt" || fail "the linked file was not written"

# a FIFO: written into, still a FIFO
mkfifo "$WORK/fifo"
cat "$WORK/fifo" > "$WORK/from-fifo" &
reader=$!
print_to "$WORK/fifo" || fail "print to a FIFO: $(cat "$WORK/out")"
wait $reader
[ -p "$WORK/fifo" ] || fail "the FIFO was replaced"
grep -q "责任状" "$WORK/from-fifo" || fail "nothing came through the FIFO"
cat "$WORK/fifo" > /dev/null &
reader=$!
export_to "$WORK/fifo" || fail "export to a FIFO: $(cat "$WORK/out")"
wait $reader
[ -p "$WORK/fifo" ] || fail "the FIFO was replaced by an export"

# a device: a private copy of /dev/null (the real one is the machine's)
if [ "$(id -u)" = 0 ]; then
    mknod -m 666 "$WORK/null" c 1 3
    print_to "$WORK/null" || fail "print to a device: $(cat "$WORK/out")"
    export_to "$WORK/null" || fail "export to a device: $(cat "$WORK/out")"
    [ -c "$WORK/null" ] || fail "the device was replaced by a file"
fi
[ -z "$(ls -a "$WORK" | grep -E '\.[A-Za-z0-9]{6}$|XXXXXX')" ] || fail "temporary files left: $(ls -a "$WORK")"

# A database in a folder its user cannot write (here: root's, opened as nobody): checked and
# exported all the same, read as SQLite documents for a read-only WAL database.
if [ "$(id -u)" = 0 ]; then
    ro="$WORK/ro"
    mkdir -m 755 "$ro"
    echo Admin-2026 | "$TZ_BIN" backup --user admin "$DB" "$ro/city.db" >/dev/null || fail "backup for the read-only test"
    chmod 644 "$ro/city.db"
    chmod 755 "$WORK"
    as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
    as_nobody "$TZ_BIN" check "$ro/city.db" >"$WORK/out" 2>&1 || fail "check in a read-only folder: $(cat "$WORK/out")"
    echo Chakan-2026 | as_nobody "$TZ_BIN" export quarterly --year 2026 --quarter 3 -o /tmp/tz-ro-$$.xlsx \
        --user chakan "$ro/city.db" >"$WORK/out" 2>&1 || fail "export from a read-only folder: $(cat "$WORK/out")"
    assert_eq "$(stat -c %U "/tmp/tz-ro-$$.xlsx")" nobody "owner of the export"
    rm -f "/tmp/tz-ro-$$.xlsx"
    [ -z "$(ls "$ro" | grep -v '^city.db$')" ] || fail "files made in the read-only folder: $(ls "$ro")"
fi
exit 0
