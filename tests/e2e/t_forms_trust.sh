# --forms DIR is trusted like a configuration file: as it is when DIR and its files belong to
# the database's owner and nobody else can write them; otherwise only an administrator may
# sign in with it, and anybody else is refused with one line. `check --forms` lints any folder.
. "$(dirname "$0")/lib.sh"

F="$WORK/forms"
mkdir -m 700 "$F"
sed 's/^title    = 组织机构$/title    = 组织机构（本地）/' "$TOP/forms/units.form" > "$F/units.form"
chmod 600 "$F/units.form"

# print_as LOGIN — the contracts summary with the override, to standard output.
print_as() {
    password_of "$1" | "$TZ_BIN" print contracts --year 2026 --forms "$F" --to - --user "$1" "$DB" \
        >"$WORK/out" 2>"$WORK/err"
}
refused() { # WHY
    for login in longxi chakan wang; do
        print_as "$login" && fail "$1: $login used an untrusted --forms"
        [ "$(wc -l < "$WORK/err")" -eq 1 ] || fail "$1: not one line: $(cat "$WORK/err")"
        grep -qF -- "--forms 的目录" "$WORK/err" || fail "$1: $(cat "$WORK/err")"
    done
    print_as admin || fail "$1: the administrator was refused: $(cat "$WORK/err")"
    "$TZ_BIN" check --forms "$F" "$DB" >"$WORK/out" 2>&1 || fail "$1: check: $(cat "$WORK/out")"
}

print_as longxi || fail "a private folder of the database's owner was refused: $(cat "$WORK/err")"
chmod 777 "$F";          refused "a folder anyone can write"
chmod 720 "$F";          refused "a folder its group can write"
chmod 700 "$F"
chmod 666 "$F/units.form"; refused "a file anyone can write"
chmod 600 "$F/units.form"
ln -s "$TOP/forms/people.form" "$F/people.form"; refused "a symbolic link"
rm "$F/people.form"
if [ "$(id -u)" = 0 ]; then
    chown nobody "$F";   refused "a folder of another user"
    chown root "$F"
    chown nobody "$F/units.form"; refused "a file of another user"
    chown root "$F/units.form"
fi
print_as longxi || fail "the folder made private again was refused: $(cat "$WORK/err")"

# The UI: the clerk's sign-in is refused, saying why.
chmod 777 "$F"
TZ_LOGIN=longxi start --forms "$F" "$DB"
wait_for "--forms 的目录"
keys Escape
wait_exit
exit 0
