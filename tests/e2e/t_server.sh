# The server installation (make install-server) into a temporary prefix, with a group of its
# own and a throw-away Unix user outside it: the user cannot read the database with sqlite3,
# but signs in and exports through taizhang, and the export is the user's own; the database
# files stay the group's; the group's rights open nothing outside its folder; --forms from the
# user is refused; the print command an admin sets runs with the user's ids alone. Needs root
# (it adds a group and a user, and removes them).
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 0; }

G="tzg$$" U="tzu$$"
P="$WORK/prefix" S="$WORK/prefix/var/lib/taizhang" H="$WORK/home"
chmod 755 "$WORK"
server_cleanup() {
    userdel "$U" 2>/dev/null
    getent group "$U" >/dev/null && groupdel "$U"
    getent group "$G" >/dev/null && groupdel "$G"
    cleanup
}
trap server_cleanup EXIT

make -C "$TOP" --no-print-directory install-server PREFIX="$P" STATEDIR="$S" TZ_GROUP="$G" \
    >"$WORK/make.log" 2>&1 || fail "make install-server: $(tail -5 "$WORK/make.log")"
getent group "$G" >/dev/null || fail "no group $G"
assert_eq "$(stat -c '%a %G' "$P/bin/taizhang")" "2755 $G" "the binary"
assert_eq "$(stat -c '%a %U %G' "$S")" "2770 root $G" "the database folder"

useradd -M -U -d "$H" -s /bin/sh "$U" || fail "useradd"
mkdir -m 700 "$H" && chown "$U:$U" "$H"
as_user() { setpriv --reuid="$U" --regid="$U" --init-groups "$@"; }
TZ="$P/bin/taizhang"

# root makes the database (here: the sample data), as the README says
echo "Init-pass-2026" | "$TZ" init "$S/new.db" >/dev/null || fail "root's init in the folder"
assert_eq "$(stat -c '%a %G' "$S/new.db")" "660 $G" "a database made by root's init"
install -m 660 -g "$G" "$DB" "$S/city.db"
"$TZ" check "$S/city.db" >/dev/null || fail "check as root"

as_user sqlite3 "$S/city.db" "select count(*) from users" >/dev/null 2>&1 && fail "the user read the database with sqlite3"
as_user cat "$S/city.db" >/dev/null 2>&1 && fail "the user read the database file"
echo Longxi-2026 | as_user "$TZ" export quarterly --year 2026 --quarter 3 -o "$H/q.xlsx" --user longxi "$S/city.db" \
    >"$WORK/out" 2>&1 || fail "the user's export: $(cat "$WORK/out")"
assert_eq "$(stat -c '%U %G %a' "$H/q.xlsx")" "$U $U 600" "the export"
echo Longxi-2026 | as_user env TAIZHANG_DB=/nonexistent "$TZ" print contracts --year 2026 --to "$H/c.txt" \
    --user longxi "$S/city.db" >"$WORK/out" 2>&1 || fail "the user's print file: $(cat "$WORK/out")"
assert_eq "$(stat -c '%U %G %a' "$H/c.txt")" "$U $U 600" "the print file"
# An exchange opens the database as the other commands do: a township's replica made and its
# bundle imported by the user, through taizhang, the county's base file the group's like the
# database (the mode and group checks below cover it), the bundle the user's own.
printf 'Admin-2026\nTown-Admin-2026\n' | as_user "$TZ" replica create --unit 430581005 --admin tzadmin \
    --user admin "$S/city.db" "$H/longxi.db" >"$WORK/out" 2>&1 || fail "the user's replica: $(cat "$WORK/out")"
[ -f "$S/city.db-sync-430581005" ] || fail "no base file beside the database"
echo Town-Admin-2026 | as_user "$TZ" sync export --to "$H" --user tzadmin "$H/longxi.db" \
    >"$WORK/out" 2>&1 || fail "the user's export from the replica: $(cat "$WORK/out")"
assert_eq "$(stat -c '%U %a' "$H/430581005-to-430581-000001.tzb")" "$U 600" "the bundle"
echo Admin-2026 | as_user "$TZ" sync import "$H/430581005-to-430581-000001.tzb" --user admin "$S/city.db" \
    >"$WORK/out" 2>&1 || fail "the user's import: $(cat "$WORK/out")"
for f in "$S/city.db" "$S/city.db-writer"; do
    assert_eq "$(stat -c '%G' "$f")" "$G" "the group of $(basename "$f")"
done
[ -z "$(find "$S" -perm -o=r -o ! -group "$G")" ] || fail "files in the folder others may read: $(ls -l "$S")"
for f in "$S"/city.db*; do
    assert_eq "$(stat -c %a "$f")" 660 "the mode of $(basename "$f")"
done

# the group's rights open nothing outside its folder, whatever names it
mkdir -m 755 "$WORK/elsewhere"
install -m 640 -g "$G" "$DB" "$WORK/elsewhere/g.db"
as_user "$TZ" check "$WORK/elsewhere/g.db" >"$WORK/out" 2>&1 && fail "group rights opened a database outside the folder"
echo Longxi-2026 | as_user env TAIZHANG_DB="$WORK/elsewhere/g.db" "$TZ" print contracts --year 2026 --to - \
    --user longxi >"$WORK/out" 2>&1 && fail "TAIZHANG_DB led the group's rights outside the folder"

# --forms from the user: a folder of the user's, not the database owner's
as_user mkdir -m 700 "$H/forms"
sed 's/^title    = 组织机构$/title    = 我的/' "$TOP/forms/units.form" | as_user tee "$H/forms/units.form" >/dev/null
echo Longxi-2026 | as_user "$TZ" print contracts --year 2026 --to - --forms "$H/forms" --user longxi "$S/city.db" \
    >"$WORK/out" 2>&1 && fail "the user's --forms was used"
grep -qF -- "--forms 的目录" "$WORK/out" || fail "--forms refusal: $(cat "$WORK/out")"

# the print command (set by an admin, run through /bin/sh) runs with the clerk's own ids: not
# in the group, no saved group to take up again, no descriptor of the database
cat >"$WORK/printcmd" <<EOF
#!/bin/sh
cat >/dev/null
{ id -G; grep '^Gid:' /proc/self/status; ls -l /proc/self/fd/ 2>&1
  if cat "$S/city.db" >/dev/null 2>&1; then echo read-the-database; fi; } >"$H/printed"
EOF
chmod 755 "$WORK/printcmd"
sqlite3 "$S/city.db" "UPDATE settings SET print_command = '$WORK/printcmd'" || fail "setting the print command"
echo Longxi-2026 | as_user "$TZ" print contracts --year 2026 --user longxi "$S/city.db" >"$WORK/out" 2>&1 \
    || fail "printing through the print command: $(cat "$WORK/out")"
[ -s "$H/printed" ] || fail "the print command did not run"
gid=$(getent group "$G" | cut -d: -f3)
uid_gid=$(id -g "$U")
id_groups=$(head -1 "$H/printed")
case " $id_groups " in *" $gid "*) fail "the print command ran in the group: $id_groups" ;; esac
assert_eq "$(sed -n 's/^Gid:[[:space:]]*//p' "$H/printed" | tr -s '\t ' ' ')" "$uid_gid $uid_gid $uid_gid $uid_gid" \
    "the print command's real, effective, saved and file-system group"
grep -q 'city\.db' "$H/printed" && fail "the print command holds the database open: $(cat "$H/printed")"
grep -q read-the-database "$H/printed" && fail "the print command read the database"

# the user may not back the database up, and cannot write into the folder by any path
echo Longxi-2026 | as_user "$TZ" backup --user longxi "$S/city.db" "$H" >"$WORK/out" 2>&1 && fail "the user backed up"
echo Longxi-2026 | as_user "$TZ" export quarterly --year 2026 --quarter 3 -o "$S/x.xlsx" --user longxi "$S/city.db" \
    >"$WORK/out" 2>&1 && fail "the user wrote an export into the database folder"
exit 0
