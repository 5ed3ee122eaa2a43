# SQL from form, menu and report files in a --forms directory, as a township clerk (longxi) and
# as a viewer (chakan): a report that reads the password hashes or makes itself an
# administrator, a form whose view is users, people or the change history, a lookup whose
# where closes its parentheses, a menu naming an admin-only form. Each is refused, and the
# database — users, audit_log and every other table — is left as it was.
. "$(dirname "$0")/lib.sh"

F="$WORK/forms"
mkdir -m 700 "$F"
"$TZ_BIN" check "$DB" >/dev/null || fail "check on the sample" # brings the schema up to date
sqlite3 "$DB" .dump > "$WORK/before.sql"
unchanged() { # WHAT
    sqlite3 "$DB" .dump > "$WORK/after.sql"
    cmp -s "$WORK/before.sql" "$WORK/after.sql" || fail "$1 changed the database: $(diff "$WORK/before.sql" "$WORK/after.sql" | head -5)"
}

# report_file NAME QUERY... — a report of one sheet per query, each showing its column x.
report_file() {
    local name=$1 n=0
    shift
    printf '[report %s]\ntitle = %s\nparams = year\n' "$name" "$name" > "$F/$name.report"
    for q in "$@"; do
        n=$((n + 1))
        printf '\n[sheet s%d]\ntab = s%d\ntitle = t\ntotal = no\nquery = %s\n\n[column x]\nlabel = x\n' \
            "$n" "$n" "$q" >> "$F/$name.report"
    done
}

# refused_report NAME WHY — print and export of the report are refused for both sign-ins.
refused_report() {
    for login in longxi chakan; do
        password_of "$login" | "$TZ_BIN" print "$1" --year 2026 --forms "$F" --to - --user "$login" "$DB" \
            >"$WORK/out" 2>&1 && fail "$login printed $1"
        grep -q '\$y\$' "$WORK/out" && fail "$1 showed a password hash to $login"
        grep -qF "$2" "$WORK/out" || fail "$1 for $login: no '$2' in: $(cat "$WORK/out")"
        password_of "$login" | "$TZ_BIN" export "$1" --year 2026 --forms "$F" -o "$WORK/x.xlsx" \
            --user "$login" "$DB" >"$WORK/out" 2>&1 && fail "$login exported $1"
        [ -e "$WORK/x.xlsx" ] && fail "$1 wrote a workbook for $login"
        unchanged "$1 as $login"
    done
    "$TZ_BIN" check --forms "$F" "$DB" >"$WORK/out" 2>&1 && fail "check accepted $1"
    grep -q "$1.report:[0-9]*: .*$2" "$WORK/out" || fail "check on $1: $(cat "$WORK/out")"
    rm -f "$F/$1.report"
}

report_file leak "SELECT login AS x FROM users WHERE password_hash <> ''"
refused_report leak "不能读取 users"
report_file hashes "SELECT password_hash AS x FROM users"
refused_report hashes "不能读取 users"
report_file promote "UPDATE users SET role = 'admin' WHERE login IN ('longxi', 'chakan') RETURNING login AS x" "COMMIT"
refused_report promote "不能修改 users"
report_file commit "SELECT 1 AS x" "COMMIT"
refused_report commit "不能控制事务"
report_file trail "SELECT count(*) AS x FROM audit_log"
refused_report trail "不能读取 audit_log"
report_file drafts "SELECT data AS x FROM drafts"
refused_report drafts "不能读取内部表 drafts"
report_file attach "SELECT 1 AS x FROM (SELECT 1) WHERE 0" "ATTACH '$WORK/other.db' AS o"
refused_report attach "不能附加"
report_file pragma "SELECT 1 AS x" "PRAGMA user_version = 7"
refused_report pragma "PRAGMA"
report_file two "SELECT 1 AS x; DELETE FROM people"
refused_report two "只能有一条语句"

# form_file NAME TABLE VIEW — a form listing the name column of its view.
form_file() {
    printf '[form %s]\ntitle = 窥视\ntable = %s\nview = %s\n\n[field %s]\nlabel = 名称\ntype = text\nreadonly = yes\n\n[list]\ncolumns = %s\n' \
        "$1" "$2" "$3" "$4" "$4" > "$F/$1.form"
}

# refused_form NAME WHY — check names the file and the reason; the UI does not start on it.
refused_form() {
    "$TZ_BIN" check --forms "$F" "$DB" >"$WORK/out" 2>&1 && fail "check accepted $1"
    grep -q "$1.form:[0-9]*: .*$2" "$WORK/out" || fail "check on $1: $(cat "$WORK/out")"
    "$TZ_BIN" --forms "$F" --form "$1" "$DB" >"$WORK/out" 2>&1 </dev/null && fail "the UI opened $1"
    grep -qF "$2" "$WORK/out" || fail "UI on $1: $(cat "$WORK/out")"
    unchanged "$1"
    rm -f "$F/$1.form"
}

form_file hashes contract_templates users password_hash
refused_form hashes "不能读取 users"
form_file trail contract_templates audit_log new_values
refused_form trail "不能读取 audit_log"
form_file mine drafts drafts data
refused_form mine "drafts"

# A lookup whose where closes the parentheses the scope is written around.
sed 's/^where    = level IN (.*)$/where    = 1) OR (1/' "$TOP/forms/units.form" > "$F/units.form"
grep -qF '1) OR (1' "$F/units.form" || fail "the test's where was not planted"
refused_form units "where"
sed 's/^where    = level IN (.*)$/where    = 1)) t --/' "$TOP/forms/units.form" > "$F/units.form"
grep -qF '1)) t --' "$F/units.form" || fail "the test's second where was not planted"
refused_form units "where"

# A form whose view is people: a township clerk sees its township's people and the city's,
# never another township's, whatever table the form names. Without a scope it would list the
# first people of the whole city.
form_file peek contract_templates people id_number
"$TZ_BIN" check --forms "$F" "$DB" >"$WORK/out" 2>&1 || fail "check on peek: $(cat "$WORK/out")"
TZ_LOGIN=longxi start --forms "$F" --form peek "$DB"
wait_for "窥视"
i=0; until screen | grep -qE '[0-9]{17}[0-9X]'; do
    i=$((i + 1)); [ $i -lt 200 ] || fail "no ID numbers listed"; sleep 0.05
done
shown=$(screen | grep -oE '[0-9]{17}[0-9X]' | sed "s/.*/'&'/" | paste -sd,)
leaked=$(sql "select count(*) from people p join people_scope s on s.id = p.id
              where p.id_number in ($shown) and s.township_id is not null
              and s.township_id <> (select id from units where name = '龙溪镇')")
assert_eq "$leaked" 0 "another township's people shown to longxi"
all_first=$(sql "select count(*) from (select p.id from people p where p.id_number is not null order by p.id_number limit 5) f
                 join people_scope s on s.id = f.id
                 where s.township_id <> (select id from units where name = '龙溪镇')")
[ "$all_first" -gt 0 ] || fail "the sample's first people are all longxi's: the test proves nothing"
keys Escape
check_clean_exit
rm -f "$F/peek.form"
unchanged "peek"

# A menu that offers the change history, the users and a backup to everyone: the clerk and
# the viewer are not shown those entries (nor the sub-menu that holds only the users and the
# backup), their keys open nothing, and no backup is written.
cp "$TOP/forms/main.menu" "$F/main.menu"
sed -i '/^item     = 9 /d' "$F/main.menu"    # its last key, whatever the built-in menu gives it
printf 'item     = 9 z audit_log\n' >> "$F/main.menu"
printf '\n[menu mine]\ntitle = 我的\nitem = 1 u users\nitem = 2 b cmd:backup\n' >> "$F/main.menu"
sed -i 's/^item     = 8 k menu:system$/item     = 8 k menu:mine/' "$F/main.menu"
for login in longxi chakan; do
    TZ_LOGIN=$login start --forms "$F" "$DB"
    wait_for "您好"
    wait_for "7  报表"
    screen | grep -qE "^ *9  " && fail "$login is offered the change history"
    screen | grep -qF "我的" && fail "$login is offered a menu of the users and a backup"
    keys 9
    keys 8
    keys z
    keys k
    sleep 0.3
    screen | grep -qE "修改记录|登录名 |备份到文件夹|我的" && fail "$login opened what the menu hides"
    keys q
    wait_for "退出系统？"
    keys Enter
    check_clean_exit
    unchanged "the menu as $login"
done
[ -z "$(ls "$WORK" | grep '^taizhang-.*\.db$')" ] || fail "a backup was written"
exit 0
