# Townships offline: the county's database (sample.db) and two townships' replicas exchange
# bundles on the command line, both ways; replays, a damaged file, a township reaching into
# another township's rows and a conflicting edit are refused or stopped with nothing committed.
. "$(dirname "$0")/lib.sh"

COUNTY=$DB R1="$WORK/longxi.db" R2="$WORK/yingchun.db" USB="$WORK/usb"
mkdir "$USB"
tz() { echo Admin-2026 | "$TZ_BIN" "$@" --user admin; }
# a replica's own administrator, made with it (the county's are not copied into it)
tzt() { echo Town-Admin-2026 | "$TZ_BIN" "$@" --user tzadmin; }
replica() { # CODE REPLICA
    printf 'Admin-2026\nTown-Admin-2026\n' | "$TZ_BIN" replica create --unit "$1" --admin tzadmin --user admin "$COUNTY" "$2"
}
q() { sqlite3 -batch "$1" "$2"; }
newest() { ls -t "$USB"/*.tzb | head -1; }
T1=$(q "$COUNTY" "select id from units where code = '430581005'")
T2=$(q "$COUNTY" "select id from units where code = '430581001'")

"$TZ_BIN" sync export "$COUNTY" >/dev/null 2>&1; assert_eq "$?" 2 "export without a sign-in"
echo Longxi-2026 | "$TZ_BIN" replica create --unit 430581005 --user longxi "$COUNTY" "$R1" 2>"$WORK/err"
assert_eq "$?" 1 "a township clerk making a replica"
grep -qF "只有管理员" "$WORK/err" || fail "not an admin: $(cat "$WORK/err")"
[ -e "$R1" ] && fail "a clerk's replica was made"
tz replica create --unit 430581005 "$COUNTY" "$R1" 2>"$WORK/err"; assert_eq "$?" 1 "a replica without --admin"
grep -qF -- "--admin" "$WORK/err" || fail "no --admin: $(cat "$WORK/err")"
[ -e "$R1" ] && fail "a replica without an administrator was made"
replica 430581005 "$R1" >"$WORK/out" || { cat "$WORK/out"; fail "replica 1"; }
replica 430581001 "$R2" >/dev/null || fail "replica 2"
replica 430581005 "$R1" 2>/dev/null; assert_eq "$?" 2 "replica over an existing file"

# No county administrator, and no password hash of one, in a replica: the township's own users
# and its new administrator, who changes the temporary password at the first sign-in.
assert_eq "$(q "$R1" "select count(*) from users where login <> 'tzadmin' and unit_id is not $T1")" 0 "users of the county in the replica"
assert_eq "$(q "$R1" "select count(*) from users where unit_id = $T1")" \
    "$(q "$COUNTY" "select count(*) from users where unit_id = $T1")" "the township's own users"
assert_eq "$(q "$R1" "select role || ' ' || must_change from users where login = 'tzadmin'")" "admin 1" "the replica's administrator"
for h in $(q "$COUNTY" "select password_hash from users where role = 'admin'"); do
    assert_eq "$(q "$R1" "select count(*) from users where password_hash = '$h'")" 0 "a county admin's hash in the replica"
done
echo Admin-2026 | "$TZ_BIN" sync export --to "$USB" --user admin "$R1" >/dev/null 2>&1 && fail "the county's admin signed in to a replica"

# No other township's people, units or ledgers in a replica.
for t in $(q "$COUNTY" "select substr(name, 1, length(name) - 6) from sqlite_master where type = 'view' and name like '%\_scope' escape '\'"); do
    assert_eq "$(q "$R1" "select count(*) from ${t}_scope where township_id is not null and township_id <> $T1")" 0 "$t of another township in the replica"
done
assert_eq "$(q "$R1" "select count(*) from people")" \
    "$(q "$COUNTY" "select count(*) from people_scope where township_id is null or township_id = $T1")" "the replica's people"

# Each replica draws new ids from its own block; an id left to SQLite is refused.
q "$R1" "insert into people (name, unit_id) values ('无号', $T1)" 2>"$WORK/err" && fail "an id outside the block was accepted"
grep -qF "编号段" "$WORK/err" || fail "block message: $(cat "$WORK/err")"
next="(select coalesce(max(id), (select lo from sync_block)) + 1 from people where id between (select lo from sync_block) and (select hi from sync_block))"
V1=$(q "$R1" "select min(id) from units where parent_id = $T1 and level = 'village'")
V2=$(q "$R2" "select min(id) from units where parent_id = $T2 and level = 'village'")
q "$R1" "insert into people (id, name, unit_id) values ($next, '龙溪新人', $V1)" || fail "insert in replica 1"
q "$R2" "insert into people (id, name, unit_id) values ($next, '迎春新人', $V2)" || fail "insert in replica 2"
id1=$(q "$R1" "select id from people where name = '龙溪新人'")
id2=$(q "$R2" "select id from people where name = '迎春新人'")
assert_eq "$((id1 >> 40)) $((id2 >> 40))" "$T1 $T2" "the blocks of the new ids"
q "$R1" "update people set phone = '13800000001' where id = (select min(id) from people where unit_id = $V1 and name <> '龙溪新人')"
DEPT=$(q "$COUNTY" "select min(p.id) from people p join units u on u.id = p.unit_id where u.level = 'department'")
q "$COUNTY" "update people set phone = '13900000000' where id = $DEPT"

# Up from both townships, down to both, and once more up and down.
for round in 1 2; do
    for r in "$R1" "$R2"; do
        tzt sync export --to "$USB" "$r" >"$WORK/out" || { cat "$WORK/out"; fail "export from $r"; }
        tz sync import "$(newest)" "$COUNTY" >"$WORK/out" || { cat "$WORK/out"; fail "import into the county"; }
    done
    for code in 430581005 430581001; do
        tz sync export --unit $code --to "$USB" "$COUNTY" >/dev/null || fail "export to $code"
    done
    tzt sync import "$USB/430581-to-430581005-$(printf %06d $round).tzb" "$R1" >/dev/null || fail "import into 1"
    tzt sync import "$USB/430581-to-430581001-$(printf %06d $round).tzb" "$R2" >/dev/null || fail "import into 2"
done

# The same rows on both sides, in every table a replica shares.
same_rows() { # REPLICA TOWNSHIP
    for t in $(q "$COUNTY" "select tbl_name from sqlite_master where type = 'trigger' and name like '%\_id\_block' escape '\'"); do
        where=""
        [ "$(q "$COUNTY" "select count(*) from sqlite_master where name = '${t}_scope'")" = 1 ] &&
            where="where id not in (select id from ${t}_scope where township_id is not null and township_id <> $2)"
        n=$(sqlite3 -batch "$COUNTY" "attach '$1' as r;
            select (select count(*) from (select * from main.$t $where except select * from r.$t))
                 + (select count(*) from (select * from r.$t except select * from main.$t $where))")
        assert_eq "$n" 0 "$t between the county and $1"
    done
}
same_rows "$R1" "$T1"
same_rows "$R2" "$T2"
assert_eq "$(q "$COUNTY" "select count(*) from people where id in ($id1, $id2)")" 2 "the townships' people at the county"
assert_eq "$(q "$R2" "select phone from people where id = $DEPT")" 13900000000 "the county's change in replica 2"
assert_eq "$(q "$COUNTY" "select login from audit_log where tbl = 'people' and row_id = $id1")" "bundle 430581005#1" "audited as the bundle"
"$TZ_BIN" check "$COUNTY" >/dev/null || fail "check after the exchanges"

# A replica's rows name people of other townships it does not hold (the inspectors of cross
# inspections): check calls that sound; a reference to a row of its own block that is gone it
# names.
[ "$(q "$R1" "select count(*) from pragma_foreign_key_check('inspections')")" -gt 0 ] || fail "no cross inspection in replica 1"
for r in "$R1" "$R2"; do
    "$TZ_BIN" check "$r" >"$WORK/out" 2>&1 || fail "check of $r: $(head -3 "$WORK/out")"
done
q "$R1" "vacuum into '$WORK/broken.db'"
q "$WORK/broken.db" "insert into inspections (id, year, unit_id, level, inspector_id, inspected_on)
    values ((select lo from sync_block) + 999999, 2099, $V1, 'standard', (select lo from sync_block) + 999999, '2099-05-01')"
"$TZ_BIN" check "$WORK/broken.db" >"$WORK/out" 2>&1; assert_eq "$?" 1 "check of a replica with a dangling reference"
grep -qF "表 inspections 中 id 为 $((T1 << 40 | 999999)) 的记录引用了 people 中不存在的记录" "$WORK/out" || fail "dangling: $(head -3 "$WORK/out")"

# A bundle imported twice changes nothing the second time.
file=$(ls "$USB"/430581005-to-430581-000001.tzb)
before=$(q "$COUNTY" "select count(*) from audit_log")
tz sync import "$file" "$COUNTY" >/dev/null 2>"$WORK/err"; assert_eq "$?" 1 "replay status"
grep -qF "已经导入过" "$WORK/err" || fail "replay message: $(cat "$WORK/err")"
assert_eq "$(q "$COUNTY" "select count(*) from audit_log")" "$before" "a replay changed the county"

# One byte changed: refused.
q "$R1" "update people set phone = '13800000002' where id = $id1"
tzt sync export --to "$USB" "$R1" >/dev/null || fail "export 3"
cp "$(newest)" "$WORK/damaged.tzb"
size=$(stat -c %s "$WORK/damaged.tzb")
printf 'X' | dd of="$WORK/damaged.tzb" bs=1 seek=$((size - 3)) conv=notrunc 2>/dev/null
tz sync import "$WORK/damaged.tzb" "$COUNTY" >/dev/null 2>"$WORK/err"; assert_eq "$?" 1 "damaged status"
grep -qF "SHA-256" "$WORK/err" || fail "damaged message: $(cat "$WORK/err")"
assert_eq "$(q "$COUNTY" "select count(*) from people where phone = '13800000002'")" 0 "a damaged bundle applied"
# The same byte changed and its SHA-256 computed again (by Python's hashlib): the HMAC, which
# needs the exchange's key, refuses it.
python3 - "$WORK/damaged.tzb" <<'PY'
import hashlib, sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
at = len(b"TAIZHANG-BUNDLE 2\nsha256: ")
data[at:at + 64] = b"0" * 64
data[at:at + 64] = hashlib.sha256(bytes(data)).hexdigest().encode()
open(path, 'wb').write(bytes(data))
PY
tz sync import "$WORK/damaged.tzb" "$COUNTY" >/dev/null 2>"$WORK/err"; assert_eq "$?" 1 "forged status"
grep -qF "认证码" "$WORK/err" || fail "forged message: $(cat "$WORK/err")"
assert_eq "$(q "$COUNTY" "select count(*) from people where phone = '13800000002'")" 0 "a forged bundle applied"

# A conflicting edit of a contract the city issued: listed, nothing committed until resolved.
C=$(q "$COUNTY" "select id from contracts where signer_id = $T1 order by year desc limit 1")
q "$COUNTY" "update contracts set notes = '县里改' where id = $C"
q "$R1" "update contracts set notes = '乡里改' where id = $C"
tz sync export --unit 430581005 --to "$USB" "$COUNTY" >/dev/null || fail "export 4"
down=$(newest)
tzt sync import "$down" "$R1" >"$WORK/out" 2>&1; assert_eq "$?" 1 "conflict status"
grep -qF "冲突：contracts:$C" "$WORK/out" || { cat "$WORK/out"; fail "conflict not listed"; }
grep -qF '"notes":"乡里改"' "$WORK/out" && grep -qF '"notes":"县里改"' "$WORK/out" || fail "both values not shown"
assert_eq "$(q "$R1" "select notes from contracts where id = $C")" "乡里改" "committed before resolving"
assert_eq "$(q "$R1" "select count(*) from sync_conflicts")" 1 "the conflict waiting"
tzt sync import --resolve "contracts:$C=theirs" "$down" "$R1" >/dev/null || fail "import with --resolve"
assert_eq "$(q "$R1" "select notes from contracts where id = $C")" "县里改" "theirs taken"
assert_eq "$(q "$R1" "select count(*) from sync_conflicts")" 0 "the conflict resolved"

# A township's bundle that touches another township's row is refused whole.
OTHER=$(q "$COUNTY" "select min(p.id) from people p join people_scope s on s.id = p.id where s.township_id = $T2")
q "$R1" "update people set phone = '13800000003' where id = $id1;
         update sync_self set applying = 'test';
         insert into people (id, name, unit_id) values ($OTHER, '冒名', $V1);
         update sync_self set applying = null"
tzt sync export --to "$USB" "$R1" >/dev/null || fail "export 5"
tz sync import "$(newest)" "$COUNTY" >"$WORK/out" 2>&1; assert_eq "$?" 1 "out-of-scope status"
grep -qF "拒绝：people $OTHER" "$WORK/out" || { cat "$WORK/out"; fail "out-of-scope row not named"; }
assert_eq "$(q "$COUNTY" "select count(*) from people where phone in ('13800000002', '13800000003')")" 0 "part of a refused bundle applied"
assert_eq "$(q "$COUNTY" "select status from sync_bundles where direction = 'received' order by id desc limit 1")" refused "history"
exit 0
