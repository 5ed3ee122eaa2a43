/* test_sync.c — a county and two townships' replicas exchanging bundles (src/db/sync.c,
 * src/db/replica.c, migration 015), and the SHA-256 the bundles are checked with.
 * Run from the repository root (forms/ is read from TZ_FORMS_DIR or "forms"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dbtest.h"
#include "taizhang/sha256.h"
#include "taizhang/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- SHA-256: the FIPS 180-4 examples ------------------------------------------------------- */

static void test_sha256_fips_vectors(void **state)
{
    (void)state;
    char hex[65];
    tz_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    tz_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    tz_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a', fed in uneven pieces */
    tz_sha256 c;
    tz_sha256_init(&c);
    char a[997];
    memset(a, 'a', sizeof a);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof a ? left : sizeof a;
        tz_sha256_update(&c, a, n);
        left -= n;
    }
    uint8_t d[32];
    tz_sha256_final(&c, d);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* ---- HMAC-SHA-256: the RFC 4231 test cases (5, a truncated one, aside) ----------------------- */

static void assert_hmac(const void *key, size_t klen, const char *data, size_t n, const char *expected)
{
    uint8_t mac[32];
    char hex[65];
    tz_hmac_sha256(key, klen, data, n, mac);
    tz_hex(mac, sizeof mac, hex);
    assert_string_equal(hex, expected);
}

static void test_hmac_sha256_rfc4231_vectors(void **state)
{
    (void)state;
    unsigned char key[131], data[50];
    memset(key, 0x0b, 20);
    assert_hmac(key, 20, "Hi There", 8, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    assert_hmac("Jefe", 4, "what do ya want for nothing?", 28,
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(key, 0xaa, 20);
    memset(data, 0xdd, sizeof data);
    assert_hmac(key, 20, (const char *)data, sizeof data,
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    for (int i = 0; i < 25; i++)
        key[i] = (unsigned char)(i + 1);
    memset(data, 0xcd, sizeof data);
    assert_hmac(key, 25, (const char *)data, sizeof data,
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    memset(key, 0xaa, sizeof key);
    const char *six = "Test Using Larger Than Block-Size Key - Hash Key First";
    assert_hmac(key, sizeof key, six, strlen(six),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    const char *seven = "This is a test using a larger than block-size key and a larger than block-size "
                        "data. The key needs to be hashed before being used by the HMAC algorithm.";
    assert_hmac(key, sizeof key, seven, strlen(seven),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

/* ---- the fixture: a city, two townships with a village each, and their ledgers ------------- */

#define T1 2   /* 甲镇, 430581001 */
#define T2 3   /* 乙镇, 430581002 */

typedef struct {
    char county[128], r1[128], r2[128];
    char folder[160];
} world;

static void build_county(tz_db *db)
{
    exec_ok(db,
        "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city');"
        "INSERT INTO units (id, code, name, level, parent_id) VALUES"
        " (2, '430581001', '甲镇', 'township', 1), (3, '430581002', '乙镇', 'township', 1),"
        " (6, '430581900', '组织部', 'department', 1);"
        "INSERT INTO units (id, code, name, level, parent_id) VALUES"
        " (4, '430581101', '甲村', 'village', 2), (5, '430581201', '乙村', 'village', 3);"
        "INSERT INTO people (id, name, unit_id) VALUES (1, '部长', 6), (2, '甲一', 4), (3, '乙一', 5);"
        "INSERT INTO contract_templates (id, name) VALUES (1, '模板');"
        "INSERT INTO contract_template_items (template_id, seq, content, weight) VALUES (1, 1, '内容', 10);"
        "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 1, 2026);");
}

static tz_db *open_db(const char *path)
{
    tz_db *db = NULL;
    tz_error err = { 0 };
    if (db_open(path, &db, &err) != TZ_OK)
        fail_msg("%s: %s", path, err.msg);
    return db;
}

/* The county, `extra` SQL on it (may be NULL), and the two townships' replicas. */
static void make_world_with(world *w, const char *extra)
{
    tz_db *db = new_db(w->county, sizeof w->county);
    build_county(db);
    if (extra)
        exec_ok(db, extra);
    db_close(db);
    new_path(w->r1, sizeof w->r1);
    new_path(w->r2, sizeof w->r2);
    tz_error err = { 0 };
    db = open_db(w->county);
    if (db_replica_create(db, "430581001", w->r1, NULL, &err) != TZ_OK)
        fail_msg("replica 1: %s", err.msg);
    if (db_replica_create(db, "430581002", w->r2, NULL, &err) != TZ_OK)
        fail_msg("replica 2: %s", err.msg);
    db_close(db);
    snprintf(w->folder, sizeof w->folder, "%s", tmpdir);
}

static void make_world(world *w)
{
    make_world_with(w, NULL);
}

/* Exports from `from` for `peer` (NULL: its only peer) into a file; returns its path in out. */
static void export_bundle(const char *from, const char *peer, char *out, size_t cap)
{
    tz_db *db = open_db(from);
    tz_error err = { 0 };
    if (db_sync_export(db, peer, tmpdir, out, cap, NULL, &err) != TZ_OK)
        fail_msg("export from %s: %s", from, err.msg);
    db_close(db);
}

static tz_status import_bundle(const char *to, const char *file, const tz_sync_choice *choices,
                               size_t n, tz_sync_result *r, tz_error *err)
{
    tz_db *db = open_db(to);
    tz_status s = db_sync_import(db, file, choices, n, r, err);
    db_close(db);
    return s;
}

static void import_ok(const char *to, const char *file)
{
    tz_sync_result r;
    tz_error err = { 0 };
    if (import_bundle(to, file, NULL, 0, &r, &err) != TZ_OK)
        fail_msg("import %s into %s: %s", file, to, err.msg);
    tz_sync_result_free(&r);
}

/* One bundle each way between the county and the replica. */
static void exchange(const world *w, const char *replica, const char *code)
{
    char file[512];
    export_bundle(replica, NULL, file, sizeof file);
    import_ok(w->county, file);
    export_bundle(w->county, code, file, sizeof file);
    import_ok(replica, file);
}

/* Every exchanged table (those table_access declares ledger or shared and not local, migration
 * 020): the upper database's rows of the scope keys `keys` are the replica's. */
static void assert_same_rows_keyed(const char *county, const char *replica, const char *keys)
{
    tz_db *db = open_db(county);
    char sql[1024];
    snprintf(sql, sizeof sql, "ATTACH '%s' AS r", replica);
    exec_ok(db, sql);
    /* "name:1 name:0 …", 1 for a table whose rows name their township */
    char *list = query_text(db, "SELECT group_concat(name || ':' || (scope IS NOT NULL), ' ') FROM"
                                " (SELECT name, scope FROM table_access"
                                "   WHERE access IN ('ledger', 'shared') AND local = 0 ORDER BY name)");
    int tables = 0;
    for (char *save = NULL, *item = strtok_r(list, " ", &save); item; item = strtok_r(NULL, " ", &save)) {
        char *colon = strchr(item, ':');
        assert_non_null(colon);
        *colon = '\0';
        const char *name = item;
        char where[256] = "";
        if (colon[1] == '1')
            snprintf(where, sizeof where, " WHERE scope_key IN (%s)", keys);
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM (SELECT * FROM main.%s%s EXCEPT SELECT * FROM r.%s))"
                 " + (SELECT count(*) FROM (SELECT * FROM r.%s EXCEPT SELECT * FROM main.%s%s))",
                 name, where, name, name, name, where);
        if (query_int(db, sql) != 0)
            fail_msg("%s differs between %s and %s", name, county, replica);
        tables++;
    }
    free(list);
    assert_true(tables > 0);
    exec_ok(db, "DETACH r");
    db_close(db);
}

/* The township's rows and its own city's (1) are the replica's. */
static void assert_same_rows(const char *county, const char *replica, int township)
{
    char keys[32];
    snprintf(keys, sizeof keys, "%d, -1", township);
    assert_same_rows_keyed(county, replica, keys);
}

static int64_t count_in(const char *path, const char *sql)
{
    tz_db *db = open_db(path);
    int64_t n = query_int(db, sql);
    db_close(db);
    return n;
}

static void exec_in(const char *path, const char *sql)
{
    tz_db *db = open_db(path);
    exec_ok(db, sql);
    db_close(db);
}

/* `taizhang check`'s problems of the database at path, one a line ("" when it is sound). */
static char *check_problems(const char *path)
{
    tz_db *db = open_db(path);
    tz_problems probs = { 0 };
    db_check_integrity(db, path, &probs);
    db_close(db);
    tz_sb all = { 0 };
    for (size_t i = 0; i < probs.n; i++)
        tz_sb_printf(&all, "%s\n", probs.items[i].msg);
    tz_problems_free(&probs);
    return all.buf ? tz_sb_take(&all) : tz_strdup("");
}

/* ---- forms, to save rows as a clerk does ---------------------------------------------------- */

static tz_formset forms;

static int forms_setup(void **state)
{
    tz_problems probs = { 0 };
    const char *d = getenv("TZ_FORMS_DIR");
    tz_status s = tz_spec_load(&forms, NULL, 0, d && *d ? d : "forms", &probs);
    tz_problems_free(&probs);
    return s == TZ_OK ? group_setup(state) : -1;
}

static int forms_teardown(void **state)
{
    tz_formset_free(&forms);
    return group_teardown(state);
}

/* A person saved through the people form; returns the new id. */
static int64_t save_person(const char *path, const char *name, int unit)
{
    const tz_form *f = tz_spec_form(&forms, "people");
    assert_non_null(f);
    char **values = calloc(f->nfields, sizeof *values);
    char unit_text[16];
    snprintf(unit_text, sizeof unit_text, "%d", unit);
    values[tz_form_field_index(f, "name")] = (char *)name;
    values[tz_form_field_index(f, "unit_id")] = unit_text;
    tz_db *db = open_db(path);
    db_use_forms(db, &forms);
    int64_t id = 0;
    tz_error err = { 0 };
    if (db_record_save(db, f, &id, values, &err) != TZ_OK)
        fail_msg("saving %s: %s", name, err.msg);
    db_close(db);
    free(values);
    return id;
}

/* ---- replicas ----------------------------------------------------------------------------- */

static void test_replica_holds_its_township_and_the_city(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    tz_db *db = open_db(w.r1);
    assert_query_text(db, "SELECT group_concat(id) FROM (SELECT id FROM units ORDER BY id)", "1,2,4,6");
    assert_query_text(db, "SELECT group_concat(name) FROM (SELECT name FROM people ORDER BY id)", "部长,甲一");
    assert_query_text(db, "SELECT group_concat(signer_id) FROM contracts", "2");
    assert_query_text(db, "SELECT unit_id || ' ' || id_block FROM sync_self", "2 2");
    assert_int_equal(query_int(db, "SELECT count(*) FROM people_name_grams WHERE name = '乙一'"), 0);
    db_close(db);
    assert_same_rows(w.county, w.r1, T1);
    assert_same_rows(w.county, w.r2, T2);
}

/* A database of two cities (a province's, or a prefecture's): a township's replica holds its
 * own city's departments and their people, not the other city's, and the exchange shares the
 * same rows on both sides. */
static void test_replica_holds_only_its_own_city(void **state)
{
    (void)state;
    world w;
    make_world_with(&w, "INSERT INTO units (id, code, name, level) VALUES (900, '430582', '邻市', 'city');"
                        "INSERT INTO units (id, code, name, level, parent_id) VALUES"
                        " (901, '430582900', '邻市组织部', 'department', 900),"
                        " (902, '430582001', '邻市一镇', 'township', 900);"
                        "INSERT INTO people (id, name, unit_id) VALUES (900, '邻市部长', 901);"
                        "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 900, 2026)");
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM units WHERE id >= 900"), 0);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM people WHERE id = 900"), 0);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM template_issues WHERE issuer_id = 900"), 0);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM people WHERE id = 1"), 1); /* 部长, its own */
    tz_db *db = open_db(w.r1);
    exec_ok(db, "UPDATE people SET name = '甲一改' WHERE id = 2");
    db_close(db);
    exchange(&w, w.r1, "430581001");
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM people WHERE name = '甲一改'"), 1);
    assert_same_rows(w.county, w.r1, T1);
}

static void assert_private(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        fail_msg("%s is missing", path);
    if ((st.st_mode & 0777) != 0600)
        fail_msg("%s has mode %o, not 0600", path, (unsigned)(st.st_mode & 0777));
}

/* A replica and the base files hold ID numbers and password hashes: its owner's alone, whatever
 * the umask. */
static void test_a_replica_and_its_base_files_are_private(void **state)
{
    (void)state;
    mode_t mask = umask(022);
    world w;
    make_world(&w);
    umask(mask);
    char path[512];
    assert_private(w.r1);
    snprintf(path, sizeof path, "%s-writer", w.r1);
    assert_private(path);
    snprintf(path, sizeof path, "%s-sync-430581", w.r1);
    assert_private(path);
    snprintf(path, sizeof path, "%s-sync-430581001", w.county);
    assert_private(path);
    snprintf(path, sizeof path, "%s-sync-430581002", w.county);
    assert_private(path);
}

/* A replica not finished leaves nothing behind: not the replica, not a base file. */
static void test_a_failed_replica_leaves_no_file(void **state)
{
    (void)state;
    char county[128], replica[128], path[512];
    tz_db *db = new_db(county, sizeof county);
    build_county(db);
    new_path(replica, sizeof replica);
    snprintf(path, sizeof path, "%s-sync-430581001", county);
    assert_int_equal(mkdir(path, 0700), 0); /* the county's base file cannot be made */
    tz_error err = { 0 };
    assert_int_not_equal(db_replica_create(db, "430581001", replica, NULL, &err), TZ_OK);
    db_close(db);
    rmdir(path);
    struct stat st;
    assert_int_not_equal(stat(replica, &st), 0);
    snprintf(path, sizeof path, "%s-sync-430581", replica);
    assert_int_not_equal(stat(path, &st), 0);
}

/* Replicas and bundles hold ID numbers and password hashes: the db layer itself refuses
 * anybody but an administrator, whichever program calls it. */
static void test_only_an_administrator_exchanges(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    tz_db *db = open_db(w.county);
    tz_error err = { 0 };
    assert_int_equal(db_user_add(db, "admin", "管理员", "admin", 0, "Admin-pass-1", false, &err), TZ_OK);
    assert_int_equal(db_user_add(db, "clerk", "录入员", "clerk", 0, "Clerk-pass-1", false, &err), TZ_OK);
    assert_int_equal(db_sign_in(db, "clerk", "Clerk-pass-1", &err), TZ_OK);
    char path[512], written[4096];
    new_path(path, sizeof path);
    tz_bundle_header h;
    tz_sync_result r;
    int bundles;
    size_t changes;
    assert_int_equal(db_replica_create(db, "430581001", path, NULL, &err), TZ_ERR_DENIED);
    assert_int_equal(db_sync_export(db, "430581001", w.folder, written, sizeof written, &h, &err),
                     TZ_ERR_DENIED);
    assert_int_equal(db_sync_export_all(db, w.folder, &bundles, &err), TZ_ERR_DENIED);
    assert_int_equal(db_sync_import(db, path, NULL, 0, &r, &err), TZ_ERR_DENIED);
    tz_sync_result_free(&r);
    assert_int_equal(db_sync_import_folder(db, w.folder, &bundles, &changes, &r, &err), TZ_ERR_DENIED);
    tz_sync_result_free(&r);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    db_close(db);
}

/* A replica carries the township's own users and an administrator of its own, never the
 * county's administrators with their password hashes; without one it is not made. */
static void test_a_replica_has_its_own_administrator(void **state)
{
    (void)state;
    char county[128], replica[128];
    tz_db *db = new_db(county, sizeof county);
    build_county(db);
    tz_error err = { 0 };
    assert_int_equal(db_user_add(db, "admin", "管理员", "admin", 0, "Admin-pass-1", false, &err), TZ_OK);
    assert_int_equal(db_user_add(db, "jia", "甲镇录入员", "clerk", T1, "Jia-pass-1", false, &err), TZ_OK);
    assert_int_equal(db_user_add(db, "yi", "乙镇录入员", "clerk", T2, "Yi-pass-1", false, &err), TZ_OK);
    assert_int_equal(db_sign_in(db, "admin", "Admin-pass-1", &err), TZ_OK);
    new_path(replica, sizeof replica);
    assert_int_equal(db_replica_create(db, "430581001", replica, NULL, &err), TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "--admin"));
    struct stat st;
    assert_int_not_equal(stat(replica, &st), 0);
    tz_replica_admin admin = { "jiaadmin", "Town-pass-1" };
    assert_int_equal(db_replica_create(db, "430581001", replica, &admin, &err), TZ_OK);
    db_close(db);
    db = open_db(replica);
    assert_query_text(db, "SELECT group_concat(login || ' ' || role || ' ' || must_change, ', ')"
                          " FROM (SELECT * FROM users ORDER BY login)", "jia clerk 0, jiaadmin admin 1");
    assert_int_equal(db_sign_in(db, "admin", "Admin-pass-1", &err), TZ_ERR_DENIED);
    assert_int_equal(db_sign_in(db, "jiaadmin", "Town-pass-1", &err), TZ_OK);
    db_close(db);
}

static void test_ids_of_two_replicas_never_collide(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    int64_t a = save_person(w.r1, "甲二", 4);
    int64_t b = save_person(w.r2, "乙二", 5);
    assert_true(a >> 40 == T1);
    assert_true(b >> 40 == T2);
    assert_true(save_person(w.r1, "甲三", 4) == a + 1);
    /* a batch on a replica: the township issues a template to its village */
    exec_in(w.r1, "INSERT INTO template_issues (id, template_id, issuer_id, year)"
                  " VALUES ((2 << 40) + 1, 1, 2, 2026)");
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM contracts WHERE id >> 40 = 2"), 1);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM contract_items WHERE id >> 40 = 2"), 1);
    exchange(&w, w.r1, "430581001");
    exchange(&w, w.r2, "430581002");
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM people"), 6);
    /* the county goes on in block 0, past the townships' higher ids */
    int64_t c = save_person(w.county, "部员", 6);
    assert_true(c > 3 && c < ((int64_t)1 << 40));
    exec_in(w.county, "INSERT INTO template_issues (id, template_id, issuer_id, year) VALUES (9, 1, 1, 2027)");
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM contracts WHERE year = 2027 AND id < 1 << 40"), 2);
    /* an id left to SQLite after another unit's rows arrived is refused, not reused */
    tz_db *db = open_db(w.county);
    exec_refused(db, "INSERT INTO people (name, unit_id) VALUES ('无号', 6)",
                 "新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）");
    db_close(db);
}

/* A shared table is the county's: a replica's change of it could never go up, so it is refused
 * as it is made; the county's change of it still comes down. */
static void test_a_replica_leaves_the_shared_tables_to_the_county(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    const char *msg = "副本中不能改动共用的表：模板、标准、选项等由上级维护，随交换包带来";
    tz_db *db = open_db(w.r1);
    exec_refused(db, "UPDATE contract_template_items SET target = '乡里改'", msg);
    exec_refused(db, "INSERT INTO contract_templates (id, name) VALUES ((2 << 40) + 1, '乡里的模板')", msg);
    exec_refused(db, "DELETE FROM fs_weights", msg);
    db_close(db);
    exec_in(w.county, "UPDATE contract_template_items SET target = '县里改'");
    exchange(&w, w.r1, "430581001");
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM contract_template_items WHERE target = '县里改'"), 1);
}

/* ---- exchanging -------------------------------------------------------------------------- */

static void test_changes_both_ways_end_with_the_same_rows(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    save_person(w.r1, "甲二", 4);
    exec_in(w.r1, "UPDATE people SET phone = '13800000001' WHERE id = 2;"
                  "UPDATE contracts SET signatory = '甲书记', signed_on = '2026-02-01', status = 'signed'"
                  " WHERE signer_id = 2");
    save_person(w.r2, "乙二", 5);
    exec_in(w.r2, "DELETE FROM people WHERE id = 3");
    exec_in(w.county, "UPDATE people SET phone = '13900000000' WHERE id = 1;"
                      "UPDATE contract_template_items SET target = '全覆盖'");
    save_person(w.county, "部员", 6);
    exchange(&w, w.r1, "430581001");
    exchange(&w, w.r2, "430581002");
    exchange(&w, w.r1, "430581001"); /* brings r1 what r2 sent the county at the city level */
    assert_same_rows(w.county, w.r1, T1);
    assert_same_rows(w.county, w.r2, T2);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM people WHERE id = 3"), 0);
    assert_int_equal(count_in(w.r2, "SELECT count(*) FROM people WHERE name = '部员'"), 1);
    /* the kept totals follow the imported rows */
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM totals_drift"), 0);
    /* every imported change is in the audit trail under its bundle */
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM audit_log WHERE login = 'bundle 430581001#1'"
                                        " AND tbl = 'people' AND action = 'insert'"), 1);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM audit_log WHERE login = 'bundle 430581#1'"
                                    " AND tbl = 'people' AND row_id = 1 AND action = 'update'"), 1);
    /* acknowledged: nothing left to send either way */
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    tz_sync_result r;
    tz_error err = { 0 };
    assert_int_equal(import_bundle(w.county, file, NULL, 0, &r, &err), TZ_OK);
    assert_int_equal(r.header.nrows, 0);
    assert_int_equal(r.applied, 0);
    tz_sync_result_free(&r);
}

static void test_a_bundle_imported_twice_changes_nothing(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    save_person(w.r1, "甲二", 4);
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    import_ok(w.county, file);
    const char *fingerprint = "SELECT (SELECT count(*) FROM audit_log) * 1000 + (SELECT count(*) FROM people)";
    int64_t before = count_in(w.county, fingerprint);
    tz_sync_result r;
    tz_error err = { 0 };
    assert_int_equal(import_bundle(w.county, file, NULL, 0, &r, &err), TZ_ERR_EXISTS);
    tz_sync_result_free(&r);
    assert_int_equal(count_in(w.county, fingerprint), before);
    assert_int_equal(count_in(w.county, "SELECT applied FROM sync_peers WHERE unit_id = 2"), 1);
}

static void test_a_bundle_with_one_byte_changed_is_refused(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    save_person(w.r1, "甲二", 4);
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    FILE *f = fopen(file, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, size - 5, SEEK_SET); /* inside the changeset: a byte of the new name */
    int byte = fgetc(f);
    fseek(f, size - 5, SEEK_SET);
    fputc(byte ^ 0x01, f);
    fclose(f);
    tz_sync_result r;
    tz_error err = { 0 };
    assert_int_equal(import_bundle(w.county, file, NULL, 0, &r, &err), TZ_ERR_CORRUPT);
    tz_sync_result_free(&r);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM people"), 3);
}

/* Each exchange has a secret key of its own, made with the replica and kept on both sides. */
static void test_each_exchange_has_its_own_key(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    char *county1 = NULL, *county2 = NULL, *r1 = NULL;
    tz_db *db = open_db(w.county);
    county1 = query_text(db, "SELECT hex(hmac_key) FROM sync_peers WHERE unit_id = 2");
    county2 = query_text(db, "SELECT hex(hmac_key) FROM sync_peers WHERE unit_id = 3");
    db_close(db);
    db = open_db(w.r1);
    r1 = query_text(db, "SELECT hex(hmac_key) FROM sync_peers");
    db_close(db);
    assert_int_equal(strlen(county1), 64);
    assert_string_equal(county1, r1);
    assert_string_not_equal(county1, county2);
    free(county1);
    free(county2);
    free(r1);
}

/* Whoever edits a bundle can compute its plain SHA-256 again; not its HMAC, which needs the
 * exchange's key. */
static void test_a_bundle_with_a_recomputed_checksum_is_refused(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    save_person(w.r1, "甲二", 4);
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    static unsigned char data[1 << 16];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    assert_true(n > 0 && n < sizeof data);
    data[n - 5] ^= 0x01; /* a byte of the new name */
    size_t sha_at = strlen("TAIZHANG-BUNDLE 2\nsha256: ");
    assert_memory_equal(data, "TAIZHANG-BUNDLE 2\nsha256: ", sha_at);
    memset(data + sha_at, '0', 64);
    char hex[65];
    tz_sha256_hex(data, n, hex);
    memcpy(data + sha_at, hex, 64);
    f = fopen(file, "wb");
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
    tz_sync_result r;
    tz_error err = { 0 };
    assert_int_equal(import_bundle(w.county, file, NULL, 0, &r, &err), TZ_ERR_DENIED);
    tz_sync_result_free(&r);
    assert_non_null(strstr(err.msg, "认证码"));
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM people"), 3);
    assert_int_equal(count_in(w.county, "SELECT applied FROM sync_peers WHERE unit_id = 2"), 0);
}

static int files_in(const char *folder)
{
    struct dirent **names;
    int n = scandir(folder, &names, NULL, NULL);
    assert_true(n >= 2);
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return n - 2; /* . and .. */
}

/* The bundle is put in place only once its record is committed: a commit that fails (here a
 * rule checked at the commit) leaves neither the bundle nor a temporary file, and a bundle
 * that cannot be written leaves no record. */
static void test_a_bundle_exists_only_with_its_record(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    save_person(w.r1, "甲二", 4);
    char usb[200], written[4096];
    snprintf(usb, sizeof usb, "%s/usb-record", tmpdir);
    assert_int_equal(mkdir(usb, 0700), 0);
    tz_db *db = open_db(w.r1);
    /* a reference checked only at the commit, broken by the bundle's record */
    exec_ok(db, "CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY);"
                "CREATE TEMP TABLE child (parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);"
                "CREATE TEMP TRIGGER record_fails AFTER INSERT ON main.sync_bundles"
                " BEGIN INSERT INTO child VALUES (1); END");
    tz_error err = { 0 };
    assert_int_equal(db_sync_export(db, NULL, usb, written, sizeof written, NULL, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "引用的记录不存在")); /* the commit's check, after the file was written */
    assert_int_equal(files_in(usb), 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sync_bundles"), 0);
    assert_int_equal(query_int(db, "SELECT sent FROM sync_peers"), 0);
    exec_ok(db, "DROP TRIGGER temp.record_fails");
    char missing[256];
    snprintf(missing, sizeof missing, "%s/no-such-folder/b.tzb", usb);
    assert_int_equal(db_sync_export(db, NULL, missing, written, sizeof written, NULL, &err), TZ_ERR_IO);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sync_bundles"), 0);
    assert_int_equal(db_sync_export(db, NULL, usb, written, sizeof written, NULL, &err), TZ_OK);
    assert_int_equal(files_in(usb), 1);
    assert_int_equal(query_int(db, "SELECT sent FROM sync_peers"), 1);
    db_close(db);
    import_ok(w.county, written);
}

static void test_a_township_touching_another_township_is_refused_whole(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    exec_in(w.r1, "UPDATE people SET phone = '13800000001' WHERE id = 2");
    /* person 3 is 乙镇's; 甲镇's replica does not have it and makes a row with its id */
    exec_in(w.r1, "UPDATE sync_self SET applying = 'test';"
                  "INSERT INTO people (id, name, unit_id) VALUES (3, '冒名', 4);"
                  "UPDATE sync_self SET applying = NULL");
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    tz_sync_result r;
    tz_error err = { 0 };
    assert_int_equal(import_bundle(w.county, file, NULL, 0, &r, &err), TZ_ERR_DENIED);
    assert_int_equal(r.nrefused, 1);
    assert_non_null(strstr(r.refused[0], "people 3"));
    tz_sync_result_free(&r);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM people WHERE phone IS NOT NULL"), 0);
    assert_int_equal(count_in(w.county, "SELECT applied FROM sync_peers WHERE unit_id = 2"), 0);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM sync_bundles WHERE status = 'refused'"), 1);
}

/* The county's administrator may edit a township's own row in the county's database, but the
 * township would refuse it: the export says so and writes nothing. The county's own postings
 * of its departments' cadres to the township's villages are its to change. */
static void test_the_county_may_not_change_a_townships_own_rows(void **state)
{
    (void)state;
    world w;
    make_world_with(&w, "INSERT INTO assignments (id, person_id, role, unit_id, sending_unit_id, start_on)"
                        " VALUES (1, 1, 'first_secretary', 4, 6, '2025-01-01')");
    exec_in(w.county, "UPDATE people SET phone = '13800000011' WHERE id = 2;"
                      "UPDATE assignments SET notes = '县里派' WHERE id = 1");
    tz_db *db = open_db(w.county);
    char file[512];
    tz_error err = { 0 };
    assert_int_equal(db_sync_export(db, "430581001", tmpdir, file, sizeof file, NULL, &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "people 2"));
    assert_null(strstr(err.msg, "assignments"));
    assert_int_equal(query_int(db, "SELECT sent FROM sync_peers WHERE unit_id = 2"), 0);
    exec_ok(db, "UPDATE people SET phone = NULL WHERE id = 2");
    db_close(db);
    export_bundle(w.county, "430581001", file, sizeof file);
    import_ok(w.r1, file);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM assignments WHERE notes = '县里派'"), 1);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM people WHERE phone IS NOT NULL"), 0);
}

static void test_a_rule_refuses_an_imported_row_with_its_message(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    /* both sides give 甲镇 a contract for 2027 */
    exec_in(w.county, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2027, 1, 2)");
    exec_in(w.r1, "INSERT INTO contracts (id, year, issuer_id, signer_id) VALUES ((2 << 40) + 1, 2027, 1, 2)");
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    tz_sync_result r;
    tz_error err = { 0 };
    assert_int_equal(import_bundle(w.county, file, NULL, 0, &r, &err), TZ_ERR_CONSTRAINT);
    assert_int_equal(r.nrefused, 1);
    assert_non_null(strstr(r.refused[0], "该单位这一年度已有责任状"));
    tz_sync_result_free(&r);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM contracts WHERE year = 2027"), 1);
}

/* One first secretary's posting ends and the next one's begins: the rule against two at once
 * holds only when the end is applied first, whatever order the changeset has them in
 * (sqlite3changeset_apply tries a change a rule refused again after the rest of its table). */
static void test_changes_that_depend_on_each_other_within_a_table(void **state)
{
    (void)state;
    world w;
    make_world_with(&w, "INSERT INTO people (id, name, unit_id) VALUES (4, '甲二', 4), (5, '甲三', 4);"
                        "INSERT INTO assignments (id, person_id, role, unit_id, start_on)"
                        " VALUES (1, 4, 'first_secretary', 4, '2025-01-01')");
    /* eleven handovers, 4 and 5 taking turns; the ids spread, so that the changeset's order
     * (by a hash of the id) mixes them */
    for (int i = 1; i <= 11; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "UPDATE assignments SET end_on = '2025-%02d-28', status = 'replaced'"
                 " WHERE id = (SELECT max(id) FROM assignments);"
                 "INSERT INTO assignments (id, person_id, role, unit_id, start_on)"
                 " VALUES ((2 << 40) + %d, %d, 'first_secretary', 4, '2025-%02d-01')",
                 i, i * 7919, 4 + i % 2, i + 1);
        exec_in(w.r1, sql);
    }
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM assignments WHERE end_on IS NULL"), 1);
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    import_ok(w.county, file);
    assert_same_rows(w.county, w.r1, T1);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM assignments"), 12);
}

static void test_a_conflict_is_listed_and_nothing_committed_until_resolved(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    exec_in(w.county, "UPDATE contracts SET notes = '县里改' WHERE signer_id = 2");
    exec_in(w.r1, "UPDATE contracts SET signatory = '乡里改' WHERE signer_id = 2;"
                  "UPDATE people SET phone = '13800000001' WHERE id = 2");
    char file[512];
    export_bundle(w.county, "430581001", file, sizeof file);
    tz_sync_result r;
    tz_error err = { 0 };
    /* different fields of the same row: still a conflict, the row as a whole */
    assert_int_equal(import_bundle(w.r1, file, NULL, 0, &r, &err), TZ_ERR_CONFLICT);
    assert_int_equal(r.nconflicts, 1);
    assert_string_equal(r.conflicts[0].table, "contracts");
    assert_non_null(strstr(r.conflicts[0].ours, "\"signatory\":\"乡里改\""));
    assert_non_null(strstr(r.conflicts[0].theirs, "\"notes\":\"县里改\""));
    int64_t id = r.conflicts[0].id;
    tz_sync_result_free(&r);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM contracts WHERE notes IS NOT NULL"), 0);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM sync_conflicts"), 1);
    assert_int_equal(count_in(w.r1, "SELECT applied FROM sync_peers"), 0);
    /* keep ours: the county's notes are not applied, and ours go up in the next bundle */
    tz_sync_choice keep = { "contracts", id, TZ_KEEP_OURS };
    assert_int_equal(import_bundle(w.r1, file, &keep, 1, &r, &err), TZ_OK);
    tz_sync_result_free(&r);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM contracts WHERE notes IS NULL AND signatory = '乡里改'"), 1);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM sync_conflicts"), 0);
    export_bundle(w.r1, NULL, file, sizeof file);
    import_ok(w.county, file);
    assert_same_rows(w.county, w.r1, T1);
    /* take theirs, the other way */
    exec_in(w.county, "UPDATE contracts SET notes = '再改' WHERE signer_id = 2");
    exec_in(w.r1, "UPDATE contracts SET notes = '也改' WHERE signer_id = 2");
    export_bundle(w.county, "430581001", file, sizeof file);
    tz_sync_choice take = { NULL, 0, TZ_TAKE_THEIRS };
    assert_int_equal(import_bundle(w.r1, file, &take, 1, &r, &err), TZ_OK);
    tz_sync_result_free(&r);
    exchange(&w, w.r1, "430581001");
    assert_same_rows(w.county, w.r1, T1);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM contracts WHERE notes = '再改'"), 1);
}

/* Bundles that cross (each side changes the row and sends before hearing from the other): the
 * township cannot decide, the county does, and its next bundle settles the row on both sides,
 * whichever way it decided. */
static void test_crossed_bundles_are_decided_by_the_county(void **state)
{
    (void)state;
    for (int keep = 0; keep < 2; keep++) {
        world w;
        make_world(&w);
        exec_in(w.county, "UPDATE contracts SET notes = '县里改' WHERE signer_id = 2");
        exec_in(w.r1, "UPDATE contracts SET notes = '乡里改' WHERE signer_id = 2");
        char up[512], down[512];
        export_bundle(w.r1, NULL, up, sizeof up);
        export_bundle(w.county, "430581001", down, sizeof down);
        tz_sync_result r;
        tz_error err = { 0 };
        tz_sync_choice mine = { NULL, 0, TZ_KEEP_OURS };
        assert_int_equal(import_bundle(w.r1, down, &mine, 1, &r, &err), TZ_ERR_CONFLICT);
        assert_int_equal(r.nconflicts, 1);
        assert_true(r.conflicts[0].county_decides);
        tz_sync_result_free(&r);
        assert_int_equal(count_in(w.r1, "SELECT county_decides FROM sync_conflicts"), 1);
        tz_sync_choice decision = { NULL, 0, keep ? TZ_KEEP_OURS : TZ_TAKE_THEIRS };
        assert_int_equal(import_bundle(w.county, up, &decision, 1, &r, &err), TZ_OK);
        tz_sync_result_free(&r);
        export_bundle(w.county, "430581001", down, sizeof down);
        import_ok(w.r1, down);
        exchange(&w, w.r1, "430581001");
        assert_same_rows(w.county, w.r1, T1);
        assert_int_equal(count_in(w.r1, keep ? "SELECT count(*) FROM contracts WHERE notes = '县里改'"
                                             : "SELECT count(*) FROM contracts WHERE notes = '乡里改'"), 1);
        assert_int_equal(count_in(w.r1, "SELECT count(*) FROM sync_conflicts"), 0);
    }
}

static void test_bundles_out_of_order_or_elsewhere_are_refused(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    tz_sync_result r;
    tz_error err = { 0 };
    /* 甲镇's bundle is for the county, not for 乙镇 */
    assert_int_equal(import_bundle(w.r2, file, NULL, 0, &r, &err), TZ_ERR_DENIED);
    tz_sync_result_free(&r);
    import_ok(w.county, file);
    char back[512];
    export_bundle(w.county, "430581001", back, sizeof back);
    import_ok(w.r1, back);
    export_bundle(w.r1, NULL, file, sizeof file); /* acknowledges the county's 1 */
    import_ok(w.county, file);
    exec_in(w.county, "UPDATE people SET phone = '13800000022' WHERE id = 1");
    char third[512];
    export_bundle(w.county, "430581001", third, sizeof third); /* builds on its 1 */
    exec_in(w.r1, "UPDATE sync_peers SET applied = 0"); /* as if 1 had never been applied */
    assert_int_equal(import_bundle(w.r1, third, NULL, 0, &r, &err), TZ_ERR_INVALID);
    tz_sync_result_free(&r);
}

/* A ledger a later migration adds with its declaration (table_access) is exchanged with
 * nothing else written: its rows go up and down, its new ids are kept to the block by a
 * trigger made from the declaration, and `taizhang check` misses that trigger when it is gone. */
static void test_a_ledger_declared_later_is_exchanged(void **state)
{
    (void)state;
    world w;
    make_world_with(&w, "CREATE TABLE meetings (id INTEGER PRIMARY KEY,"
                        " unit_id INTEGER NOT NULL REFERENCES units(id), topic TEXT NOT NULL);"
                        "INSERT INTO table_access (name, access, scope, audited, title, title_en)"
                        " VALUES ('meetings', 'ledger', 'unit unit_id', 1, '会议', 'Meetings');"
                        "INSERT INTO meetings (id, unit_id, topic) VALUES (1, 4, '甲村的会'), (2, 5, '乙村的会')");
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM meetings"), 1);
    exec_in(w.r1, "INSERT INTO meetings (id, unit_id, topic) VALUES ((2 << 40) + 1, 4, '甲村新会');"
                  "UPDATE meetings SET topic = '甲村改' WHERE id = 1");
    exec_in(w.county, "INSERT INTO meetings (id, unit_id, topic) VALUES (3, 6, '部里的会')");
    exchange(&w, w.r1, "430581001");
    exchange(&w, w.r2, "430581002");
    assert_same_rows(w.county, w.r1, T1);
    assert_same_rows(w.county, w.r2, T2);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM meetings WHERE topic IN ('甲村新会', '甲村改')"), 2);
    assert_int_equal(count_in(w.r2, "SELECT count(*) FROM meetings WHERE topic = '部里的会'"), 1);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM audit_log WHERE tbl = 'meetings'"
                                        " AND login = 'bundle 430581001#1'"), 2);
    /* the county's database goes on in block 0, past the township's ids */
    tz_db *db = open_db(w.county);
    exec_refused(db, "INSERT INTO meetings (unit_id, topic) VALUES (6, '无号')",
                 "新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）");
    tz_problems probs = { 0 };
    assert_int_equal(db_check_ledgers(db, "county", &probs), TZ_OK);
    exec_ok(db, "DROP TRIGGER meetings_id_block");
    assert_int_equal(db_check_ledgers(db, "county", &probs), TZ_ERR_CORRUPT);
    assert_int_equal(probs.n, 1);
    assert_non_null(strstr(probs.items[0].msg, "meetings_id_block"));
    tz_problems_free(&probs);
    db_close(db);
}

/* The ledgers of the first secretaries and the two creations are exchanged too. A cross
 * inspection is the county's (its inspector is from another township, a person the township's
 * replica does not hold): it reaches the replica with that reference, as a replica is made,
 * with its results, which are not made a second time there. */
static void test_the_cadre_ledgers_are_exchanged(void **state)
{
    (void)state;
    world w;
    make_world_with(&w, "INSERT INTO assignments (id, person_id, role, unit_id, start_on)"
                        " VALUES (1, 2, 'first_secretary', 4, '2025-01-01')");
    exec_in(w.r1, "INSERT INTO fs_months (id, assignment_id, month, days, nights, visits)"
                  " VALUES ((2 << 40) + 1, 1, '2026-03', 22, 12, 40);"
                  "INSERT INTO fs_weeks (id, assignment_id, week_of, text)"
                  " VALUES ((2 << 40) + 1, 1, '2026-03-02', '走访')");
    exec_in(w.county, "INSERT INTO inspections (id, year, unit_id, level, inspector_id, inspected_on)"
                      " VALUES (1, 2026, 4, 'standard', 3, '2026-05-01');"
                      "UPDATE inspection_results SET met = 1 WHERE inspection_id = 1;"
                      "UPDATE fs_weights SET weight = 3 WHERE item = 'projects'");
    int64_t criteria = count_in(w.county, "SELECT count(*) FROM creation_criteria WHERE level = 'standard'");
    exchange(&w, w.r1, "430581001");
    exchange(&w, w.r2, "430581002");
    assert_same_rows(w.county, w.r1, T1);
    assert_same_rows(w.county, w.r2, T2);
    assert_int_equal(count_in(w.county, "SELECT visits FROM fs_months"), 40);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM fs_weeks"), 1);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM inspection_results WHERE met = 1"), criteria);
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM inspection_results"), criteria);
    assert_int_equal(count_in(w.r2, "SELECT count(*) FROM inspections"), 0);
    assert_int_equal(count_in(w.r2, "SELECT weight FROM fs_weights WHERE item = 'projects'"), 3);
}

/* A row of the bundle that refers to a row no database has (an inspector that was never
 * entered) is refused whole and named; nothing of the bundle is committed. `check` on the
 * replica that made it names it too: the id is of the replica's own block, so no other
 * database can hold that person. */
static void test_a_reference_to_a_row_that_exists_nowhere_is_refused(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    exec_in(w.r1, "UPDATE people SET phone = '13800000001' WHERE id = 2;"
                  "PRAGMA foreign_keys = OFF;"
                  "INSERT INTO inspections (id, year, unit_id, level, inspector_id, inspected_on)"
                  " VALUES ((2 << 40) + 1, 2026, 4, 'standard', (2 << 40) + 99, '2026-05-01')");
    char *problems = check_problems(w.r1);
    assert_non_null(strstr(problems, "表 inspections 中 id 为 2199023255553 的记录引用了 people 中不存在的记录"));
    free(problems);
    char file[512];
    export_bundle(w.r1, NULL, file, sizeof file);
    tz_sync_result r;
    tz_error err = { 0 };
    assert_int_equal(import_bundle(w.county, file, NULL, 0, &r, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "整个交换包未导入"));
    assert_int_equal(r.nrefused, 1);
    assert_non_null(strstr(r.refused[0], "inspections 2199023255553"));
    assert_non_null(strstr(r.refused[0], "引用了本库没有的 people 记录"));
    tz_sync_result_free(&r);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM people WHERE phone IS NOT NULL"), 0);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM inspections"), 0);
    assert_int_equal(count_in(w.county, "SELECT applied FROM sync_peers WHERE unit_id = 2"), 0);
    assert_int_equal(count_in(w.county, "SELECT count(*) FROM sync_bundles WHERE status = 'refused'"), 1);
}

/* A township's replica does not hold another township's people, yet its rows may name them:
 * the inspector of a cross inspection, the leader of a site. Those references come with the
 * replica and with the county's bundles, and `check` does not call them broken; the status
 * history of another township's site goes with the site. */
static void test_a_replica_refers_to_rows_held_by_the_county(void **state)
{
    (void)state;
    world w;
    make_world_with(&w, "INSERT INTO demo_sites (id, name, unit_id, leader_id) VALUES"
                        " (1, '甲点', 4, 3), (2, '乙点', 5, 1);"
                        "INSERT INTO inspections (id, year, unit_id, level, inspector_id, inspected_on)"
                        " VALUES (1, 2025, 4, 'standard', 3, '2025-05-01')");
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM site_statuses WHERE site_id = 2"), 0);
    char *problems = check_problems(w.r1);
    assert_string_equal(problems, "");
    free(problems);
    exec_in(w.county, "INSERT INTO inspections (id, year, unit_id, level, inspector_id, inspected_on)"
                      " VALUES (2, 2026, 4, 'standard', 3, '2026-05-01')");
    exchange(&w, w.r1, "430581001");
    assert_int_equal(count_in(w.r1, "SELECT count(*) FROM inspections WHERE inspector_id = 3"), 2);
    problems = check_problems(w.r1);
    assert_string_equal(problems, "");
    free(problems);
    /* the county holds every row: the same reference there is sound, a dangling one is not */
    problems = check_problems(w.county);
    assert_string_equal(problems, "");
    free(problems);
}

/* 数据交换's way: one folder, a bundle for every township, all read back in one connection. */
static void test_a_folder_holds_the_bundles_of_every_township(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    char usb[200];
    snprintf(usb, sizeof usb, "%s/usb", tmpdir);
    assert_int_equal(mkdir(usb, 0700), 0);
    save_person(w.r1, "甲二", 4);
    save_person(w.r2, "乙二", 5);
    tz_error err = { 0 };
    int bundles = 0;
    size_t changes = 0;
    for (int r = 0; r < 2; r++) {
        tz_db *db = open_db(r ? w.r2 : w.r1);
        assert_int_equal(db_sync_export_all(db, usb, &bundles, &err), TZ_OK);
        assert_int_equal(bundles, 1);
        db_close(db);
    }
    tz_db *county = open_db(w.county);
    tz_sync_result stopped;
    assert_int_equal(db_sync_import_folder(county, usb, &bundles, &changes, &stopped, &err), TZ_OK);
    assert_int_equal(bundles, 2);
    assert_int_equal(changes, 2);
    /* again: both were applied before, nothing changes */
    assert_int_equal(db_sync_import_folder(county, usb, &bundles, &changes, &stopped, &err), TZ_OK);
    assert_int_equal(bundles, 0);
    assert_int_equal(db_sync_export_all(county, usb, &bundles, &err), TZ_OK);
    assert_int_equal(bundles, 2);
    db_close(county);
    for (int r = 0; r < 2; r++) {
        tz_db *db = open_db(r ? w.r2 : w.r1);
        assert_int_equal(db_sync_import_folder(db, usb, &bundles, &changes, &stopped, &err), TZ_OK);
        assert_int_equal(bundles, 1);
        db_close(db);
    }
    assert_same_rows(w.county, w.r1, T1);
    assert_same_rows(w.county, w.r2, T2);
}

/* ---- a county rolling up into its prefecture (migration 031) ------------------------------ */

#define PREF 800 /* 邵阳市, 430500, above 武冈市 and 邻市 */

typedef struct {
    char pref[128], county[128], town[128];
} tiers;

/* The prefecture's database of two counties; 武冈市's replica made from it, and 甲镇's from
 * that replica. */
static void make_tiers(tiers *t)
{
    tz_db *db = new_db(t->pref, sizeof t->pref);
    build_county(db);
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (800, '430500', '邵阳市', 'prefecture');"
                "UPDATE units SET parent_id = 800 WHERE id = 1;"
                "INSERT INTO units (id, code, name, level, parent_id) VALUES (900, '430582', '邻市', 'city', 800);"
                "INSERT INTO units (id, code, name, level, parent_id) VALUES"
                " (901, '430582900', '邻市组织部', 'department', 900), (902, '430582001', '邻市一镇', 'township', 900);"
                "INSERT INTO people (id, name, unit_id) VALUES (900, '邻市部长', 901)");
    tz_error err = { 0 };
    new_path(t->county, sizeof t->county);
    new_path(t->town, sizeof t->town);
    if (db_replica_create(db, "430581", t->county, NULL, &err) != TZ_OK)
        fail_msg("county replica: %s", err.msg);
    db_close(db);
    db = open_db(t->county);
    if (db_replica_create(db, "430581001", t->town, NULL, &err) != TZ_OK)
        fail_msg("township replica of the county's: %s", err.msg);
    db_close(db);
}

static void pass_bundle(const char *from, const char *to, const char *peer)
{
    char file[512];
    export_bundle(from, peer, file, sizeof file);
    import_ok(to, file);
}

static void assert_export_refused(const char *from, const char *peer, const char *msg)
{
    tz_db *db = open_db(from);
    char file[512];
    tz_error err = { 0 };
    assert_int_equal(db_sync_export(db, peer, tmpdir, file, sizeof file, NULL, &err), TZ_ERR_DENIED);
    if (!strstr(err.msg, msg))
        fail_msg("export from %s: \"%s\" lacks \"%s\"", from, err.msg, msg);
    db_close(db);
}

static void assert_whole_report_named(const char *path, const char *expected)
{
    tz_db *db = open_db(path);
    int64_t unit = -1;
    char name[80];
    tz_error err = { 0 };
    assert_int_equal(db_report_scope(db, NULL, 0, &unit, name, sizeof name, &err), TZ_OK);
    assert_int_equal(unit, 0);
    assert_string_equal(name, expected);
    db_close(db);
}

/* No prefecture slipped into a database its townships exchange with: the database would name
 * itself by the prefecture, and they would refuse its bundles. */
static void test_no_prefecture_above_an_exchange_under_way(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    tz_db *db = open_db(w.county);
    exec_refused(db, "INSERT INTO units (id, code, name, level) VALUES (800, '430500', '邵阳市', 'prefecture')",
                 "本库正与乡镇交换数据，不能加入地区：地区的数据库从不与乡镇交换的库开始");
    exec_ok(db, "DELETE FROM sync_peers");
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (800, '430500', '邵阳市', 'prefecture')");
    exec_ok(db, "UPDATE units SET parent_id = 800 WHERE id = 1");
    assert_query_text(db, "SELECT u.code FROM sync_self_unit me JOIN units u ON u.id = me.unit_id", "430500");
    db_close(db);
}

static void test_a_county_replica_holds_its_townships_and_its_prefecture(void **state)
{
    (void)state;
    tiers t;
    make_tiers(&t);
    tz_db *db = open_db(t.county);
    assert_query_text(db, "SELECT group_concat(id) FROM (SELECT id FROM units ORDER BY id)", "1,2,3,4,5,6,800");
    assert_query_text(db, "SELECT group_concat(name) FROM (SELECT name FROM people ORDER BY id)", "部长,甲一,乙一");
    assert_query_text(db, "SELECT unit_id || ' ' || id_block FROM sync_self", "1 1");
    db_close(db);
    assert_int_equal(count_in(t.town, "SELECT count(*) FROM units WHERE id IN (3, 5, 800, 900)"), 0);
    /* a report of the whole database goes under the prefecture's name there, the county's in
     * the county's replica and in its township's */
    assert_whole_report_named(t.pref, "邵阳市");
    assert_whole_report_named(t.county, "武冈市");
    assert_whole_report_named(t.town, "武冈市");
    /* by code: the database's own unit is the whole; a county in the prefecture's is not */
    db = open_db(t.pref);
    int64_t unit = -1;
    char name[80];
    tz_error err = { 0 };
    assert_int_equal(db_report_scope(db, "430500", 0, &unit, name, sizeof name, &err), TZ_OK);
    assert_string_equal(name, "邵阳市");
    assert_int_equal(db_report_scope(db, "430581", 0, &unit, name, sizeof name, &err), TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "不是本库的市或一个乡镇"));
    db_close(db);
    db = open_db(t.county);
    assert_int_equal(db_report_scope(db, "430581", 0, &unit, name, sizeof name, &err), TZ_OK);
    assert_int_equal(unit, 0);
    db_close(db);
    assert_same_rows_keyed(t.pref, t.county, "2, 3, -1, -800");
    assert_same_rows(t.county, t.town, T1);
    /* a township's replica is made from its county's database, a county's from its prefecture's */
    char other[128];
    new_path(other, sizeof other);
    db = open_db(t.pref);
    assert_int_equal(db_replica_create(db, "430581002", other, NULL, &err), TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "不直属于本库的单位"));
    db_close(db);
    db = open_db(t.county);
    assert_int_equal(db_replica_create(db, "430582001", other, NULL, &err), TZ_ERR_NOTFOUND); /* not held */
    assert_int_equal(db_replica_create(db, "430500", other, NULL, &err), TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "副本只为乡镇/街道和县（市）建立"));
    db_close(db);
    assert_int_equal(access(other, F_OK), -1);
}

/* A township's work reaches the prefecture through its county; the prefecture's own rows come
 * down; ids drawn on the three levels never collide; each level may change only its own rows. */
static void test_a_townships_work_rolls_up_to_the_prefecture(void **state)
{
    (void)state;
    tiers t;
    make_tiers(&t);
    int64_t a = save_person(t.town, "甲二", 4);
    int64_t b = save_person(t.county, "部员", 6);
    int64_t c = save_person(t.pref, "邻市部员", 901);
    assert_true(a >> 40 == T1 && b >> 40 == 1 && c < ((int64_t)1 << 40));
    exec_in(t.pref, "UPDATE units SET secretary = '地委书记' WHERE id = 800");
    pass_bundle(t.town, t.county, NULL);
    pass_bundle(t.county, t.pref, "430500");
    pass_bundle(t.pref, t.county, NULL);
    pass_bundle(t.county, t.town, "430581001");
    assert_int_equal(count_in(t.pref, "SELECT count(*) FROM people WHERE name IN ('甲二', '部员')"), 2);
    assert_int_equal(count_in(t.pref, "SELECT count(*) FROM audit_log WHERE login = 'bundle 430581#1'"
                                      " AND tbl = 'people' AND action = 'insert'"), 2);
    assert_int_equal(count_in(t.county, "SELECT count(*) FROM units WHERE secretary = '地委书记'"), 1);
    assert_int_equal(count_in(t.county, "SELECT count(*) FROM people WHERE unit_id = 901"), 0);
    assert_int_equal(count_in(t.town, "SELECT count(*) FROM people WHERE name = '部员'"), 1);
    assert_same_rows_keyed(t.pref, t.county, "2, 3, -1, -800");
    assert_same_rows(t.county, t.town, T1);
    /* the prefecture may not change a county's own rows, nor the county the prefecture's */
    exec_in(t.pref, "UPDATE people SET phone = '13900000000' WHERE id = 1");
    assert_export_refused(t.pref, "430581", "地区只能改动地区级的记录");
    exec_in(t.county, "UPDATE units SET phone = '0739-4521066' WHERE id = 800");
    assert_export_refused(t.county, "430500", "县（市）只能改动本县（市）和所属乡镇的记录");
    /* nor a township the county's: the rule of a township's replica, as before */
    exec_in(t.town, "UPDATE people SET phone = '13700000000' WHERE id = 1");
    assert_export_refused(t.town, NULL, "乡镇只能改动本乡镇的记录");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_fips_vectors),
        cmocka_unit_test(test_hmac_sha256_rfc4231_vectors),
        cmocka_unit_test(test_replica_holds_its_township_and_the_city),
        cmocka_unit_test(test_replica_holds_only_its_own_city),
        cmocka_unit_test(test_a_replica_and_its_base_files_are_private),
        cmocka_unit_test(test_a_failed_replica_leaves_no_file),
        cmocka_unit_test(test_only_an_administrator_exchanges),
        cmocka_unit_test(test_a_replica_has_its_own_administrator),
        cmocka_unit_test(test_ids_of_two_replicas_never_collide),
        cmocka_unit_test(test_a_replica_leaves_the_shared_tables_to_the_county),
        cmocka_unit_test(test_changes_both_ways_end_with_the_same_rows),
        cmocka_unit_test(test_a_bundle_imported_twice_changes_nothing),
        cmocka_unit_test(test_a_bundle_with_one_byte_changed_is_refused),
        cmocka_unit_test(test_each_exchange_has_its_own_key),
        cmocka_unit_test(test_a_bundle_with_a_recomputed_checksum_is_refused),
        cmocka_unit_test(test_a_bundle_exists_only_with_its_record),
        cmocka_unit_test(test_a_township_touching_another_township_is_refused_whole),
        cmocka_unit_test(test_the_county_may_not_change_a_townships_own_rows),
        cmocka_unit_test(test_a_rule_refuses_an_imported_row_with_its_message),
        cmocka_unit_test(test_changes_that_depend_on_each_other_within_a_table),
        cmocka_unit_test(test_a_conflict_is_listed_and_nothing_committed_until_resolved),
        cmocka_unit_test(test_crossed_bundles_are_decided_by_the_county),
        cmocka_unit_test(test_bundles_out_of_order_or_elsewhere_are_refused),
        cmocka_unit_test(test_a_folder_holds_the_bundles_of_every_township),
        cmocka_unit_test(test_a_ledger_declared_later_is_exchanged),
        cmocka_unit_test(test_the_cadre_ledgers_are_exchanged),
        cmocka_unit_test(test_a_reference_to_a_row_that_exists_nowhere_is_refused),
        cmocka_unit_test(test_a_replica_refers_to_rows_held_by_the_county),
        cmocka_unit_test(test_no_prefecture_above_an_exchange_under_way),
        cmocka_unit_test(test_a_county_replica_holds_its_townships_and_its_prefecture),
        cmocka_unit_test(test_a_townships_work_rolls_up_to_the_prefecture),
    };
    return cmocka_run_group_tests(tests, forms_setup, forms_teardown);
}
