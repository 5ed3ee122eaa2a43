# A county rolling up into its prefecture, on the command line: the prefecture's database
# (sample.db under 邵阳市, with a second county) makes 武冈市's replica, which makes 龙溪镇's;
# a township's new person reaches the prefecture in two steps, the prefecture's own change comes
# down, and each level is refused what is not its own.
. "$(dirname "$0")/lib.sh"

PREF="$WORK/pref.db" COUNTY="$WORK/wugang.db" TOWN="$WORK/longxi.db" USB="$WORK/usb"
mkdir "$USB"
cp "$DB" "$PREF"
q() { sqlite3 -batch "$1" "$2"; }
as() { # LOGIN PASSWORD COMMAND...
    local login=$1 pw=$2
    shift 2
    echo "$pw" | "$TZ_BIN" "$@" --user "$login"
}
replica() { # UPPER-LOGIN UPPER-PASSWORD NEW-ADMIN CODE UPPER REPLICA
    printf '%s\nTemp-Pass-2026\n' "$2" | "$TZ_BIN" replica create --unit "$4" --admin "$3" --user "$1" "$5" "$6"
}
newest() { ls -t "$USB"/*.tzb | head -1; }

# The tiers hold in the schema, whatever writes them.
q "$PREF" "insert into units (id, code, name, level) values (900000, '430500', '邵阳市', 'prefecture')" ||
    fail "a prefecture"
q "$PREF" "update units set parent_id = (select id from units where code = '430581001') where level = 'city'" 2>"$WORK/err" &&
    fail "a city under a township"
grep -qF "市的上级单位只能是地区" "$WORK/err" || fail "tier message: $(cat "$WORK/err")"
q "$PREF" "update units set parent_id = 900000 where level = 'city';
    insert into units (id, code, name, level, parent_id) values
        (900001, '430582', '邻市', 'city', 900000), (900002, '430582001', '邻市一镇', 'township', 900001);
    insert into people (id, name, unit_id, id_number) values (900001, '邻市镇长', 900002, '430582198001010015')" ||
    fail "the second county"

# Replicas: a county's from the prefecture's database, a township's from the county's.
replica admin Admin-2026 wgadmin 430581001 "$PREF" "$WORK/no.db" 2>"$WORK/err"; assert_eq "$?" 1 "a township's replica at the prefecture"
grep -qF "不直属于本库的单位" "$WORK/err" || fail "not below: $(cat "$WORK/err")"
[ -e "$WORK/no.db" ] && fail "a refused replica left a file"
replica admin Admin-2026 wgadmin 430581 "$PREF" "$COUNTY" >/dev/null || fail "the county's replica"
replica wgadmin Temp-Pass-2026 lxadmin 430581005 "$COUNTY" "$TOWN" >/dev/null || fail "the township's replica"
for f in "$COUNTY" "$TOWN" "$COUNTY-sync-430500" "$COUNTY-sync-430581005" "$TOWN-sync-430581"; do
    assert_eq "$(stat -c %a "$f")" 600 "mode of $f"
done
assert_eq "$(q "$COUNTY" "select count(*) from units where id in (900001, 900002)")" 0 "the other county in the county's replica"
assert_eq "$(q "$COUNTY" "select count(*) from people where id = 900001")" 0 "the other county's people"
grep -qaF 430582198001010015 "$COUNTY" && fail "the other county's ID number is in the county's file"
assert_eq "$(q "$COUNTY" "select count(*) from units where level = 'township'")" 18 "the county's townships"
assert_eq "$(q "$COUNTY" "select unit_id = id_block from sync_self")" 1 "the county's block"
assert_eq "$(q "$TOWN" "select count(*) from units where id = 900000")" 0 "the prefecture in a township's replica"

# Work on all three levels, each in its own block of ids.
T=$(q "$TOWN" "select id from units where code = '430581005'")
C=$(q "$COUNTY" "select id from units where code = '430581'")
V=$(q "$TOWN" "select min(id) from units where parent_id = $T and level = 'village'")
DEPT=$(q "$COUNTY" "select min(id) from units where level = 'department'")
next="(select coalesce(max(id), (select lo from sync_block)) + 1 from people where id between (select lo from sync_block) and (select hi from sync_block))"
q "$TOWN" "insert into people (id, name, unit_id) values ($next, '龙溪新人', $V)" || fail "the township's person"
q "$COUNTY" "insert into people (id, name, unit_id) values ($next, '部里新人', $DEPT)" || fail "the county's person"
q "$PREF" "update units set secretary = '地委书记' where id = 900000"
tid=$(q "$TOWN" "select id from people where name = '龙溪新人'")
cid=$(q "$COUNTY" "select id from people where name = '部里新人'")
assert_eq "$((tid >> 40)) $((cid >> 40))" "$T $C" "the blocks of the new ids"

# Up in two steps, and down.
as lxadmin Temp-Pass-2026 sync export --to "$USB" "$TOWN" >/dev/null || fail "export from the township"
as wgadmin Temp-Pass-2026 sync import "$(newest)" "$COUNTY" >/dev/null || fail "import into the county"
as wgadmin Temp-Pass-2026 sync export --unit 430500 --to "$USB" "$COUNTY" >"$WORK/out" || { cat "$WORK/out"; fail "export to the prefecture"; }
grep -qF "430581 → 430500 第 1 号" "$WORK/out" || fail "bundle header: $(cat "$WORK/out")"
as admin Admin-2026 sync import "$USB/430581-to-430500-000001.tzb" "$PREF" >/dev/null || fail "import into the prefecture"
assert_eq "$(q "$PREF" "select count(*) from people where id in ($tid, $cid)")" 2 "the county's and the township's people at the prefecture"
assert_eq "$(q "$PREF" "select login from audit_log where tbl = 'people' and row_id = $tid")" "bundle 430581#1" "audited as the county's bundle"
as admin Admin-2026 sync export --unit 430581 --to "$USB" "$PREF" >/dev/null || fail "export to the county"
as wgadmin Temp-Pass-2026 sync import "$USB/430500-to-430581-000001.tzb" "$COUNTY" >/dev/null || fail "import into the county"
assert_eq "$(q "$COUNTY" "select secretary from units where id = 900000")" "地委书记" "the prefecture's change at the county"

# The prefecture may not change a county's rows; the county not the prefecture's.
q "$PREF" "update people set phone = '13900000000' where id = $cid"
as admin Admin-2026 sync export --unit 430581 --to "$USB" "$PREF" >/dev/null 2>"$WORK/err"; assert_eq "$?" 1 "the prefecture changing a county's row"
grep -qF "地区只能改动地区级的记录" "$WORK/err" || fail "prefecture scope: $(cat "$WORK/err")"
q "$COUNTY" "update units set phone = '0739-5000000' where id = 900000"
as wgadmin Temp-Pass-2026 sync export --unit 430500 --to "$USB" "$COUNTY" >/dev/null 2>"$WORK/err"; assert_eq "$?" 1 "the county changing the prefecture's row"
grep -qF "县（市）只能改动本县（市）和所属乡镇的记录" "$WORK/err" || fail "county scope: $(cat "$WORK/err")"

for db in "$PREF" "$COUNTY" "$TOWN"; do
    "$TZ_BIN" check "$db" >"$WORK/out" 2>&1 || fail "check of $db: $(head -3 "$WORK/out")"
done
exit 0
