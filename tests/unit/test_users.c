/* test_users — sign-in and scope on a copy of sample.db: password hashing, the lockout, and a
 * township clerk who cannot read or change another township's rows through any db-layer
 * function (every list, count, record, save, delete, draft and report), a viewer who changes
 * nothing, and tables for admins only. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "dbtest.h"
#include "taizhang/db.h"

static tz_formset forms;
static tz_db *db;
static int64_t town_a, town_b; /* 龙溪镇 (the clerk's) and 迎春亭街道 (another) */

static int setup(void **state)
{
    group_setup(state);
    const char *helper = getenv("TZ_CRYPT_HELPER"); /* as taizhang hashes, in its helper */
    tz_password_use_helper(helper && *helper ? helper : NULL);
    const char *dir = getenv("TZ_FORMS_DIR");
    tz_problems probs = { 0 };
    if (tz_spec_load(&forms, NULL, 0, dir && *dir ? dir : "forms", &probs) != TZ_OK)
        return -1;
    char path[256], cmd[400];
    snprintf(path, sizeof path, "%s/sample.db", tmpdir);
    snprintf(cmd, sizeof cmd, "cp sample.db %s", path);
    tz_error err = { 0 };
    if (system(cmd) != 0 || db_open(path, &db, &err) != TZ_OK)
        return -1;
    if (db_load_choices(db, &forms, &probs) != TZ_OK)
        return -1;
    db_use_forms(db, &forms);
    town_a = query_int(db, "SELECT id FROM units WHERE name = '龙溪镇'");
    town_b = query_int(db, "SELECT id FROM units WHERE name = '迎春亭街道'");
    bool ok = db_user_add(db, "t_admin", "管理员", "admin", 0, "Admin-pass-1", false, &err) == TZ_OK
              && db_user_add(db, "t_city", "市级录入员", "clerk", 0, "City-pass-1", false, &err) == TZ_OK
              && db_user_add(db, "t_a", "龙溪录入员", "clerk", town_a, "Town-pass-1", false, &err) == TZ_OK
              && db_user_add(db, "t_view", "龙溪查看员", "viewer", town_a, "View-pass-1", false, &err) == TZ_OK;
    tz_problems_free(&probs);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    db_close(db);
    tz_formset_free(&forms);
    return group_teardown(state);
}

static void sign_in(const char *login, const char *password)
{
    tz_error err = { 0 };
    if (db_sign_in(db, login, password, &err) != TZ_OK)
        fail_msg("sign in %s: %s", login, err.msg);
}

static const tz_form *form(const char *name)
{
    const tz_form *f = tz_spec_form(&forms, name);
    assert_non_null(f);
    return f;
}

/* The township a row of table belongs to, by the schema's own scope view (0 for none). */
static int64_t township_of(const char *table, int64_t id)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT coalesce(township_id, 0) FROM %s_scope WHERE id = %lld", table,
             (long long)id);
    return query_int(db, sql);
}

/* ---- passwords ----------------------------------------------------------------------------------- */

static void test_hash_and_verify(void **state)
{
    (void)state;
    char a[TZ_HASH_MAX], b[TZ_HASH_MAX];
    assert_true(tz_password_hash("正确的密码 horse", a, sizeof a));
    assert_true(tz_password_hash("正确的密码 horse", b, sizeof b));
    assert_true(strncmp(a, "$y$", 3) == 0); /* yescrypt */
    assert_string_not_equal(a, b);          /* a fresh salt each time */
    assert_true(tz_password_verify("正确的密码 horse", a));
    assert_false(tz_password_verify("正确的密码 horsE", a));
    assert_false(tz_password_verify("", a));
    assert_false(tz_password_verify("x", NULL));
    assert_false(tz_password_verify("x", "*0"));
    const unsigned char salt[16] = { 1, 2, 3 };
    assert_true(tz_password_hash_with("secret-1", salt, sizeof salt, a, sizeof a));
    assert_true(tz_password_hash_with("secret-1", salt, sizeof salt, b, sizeof b));
    assert_string_equal(a, b); /* the sample data's hashes are reproducible */
    /* nothing stores a password in clear */
    assert_int_equal(query_int(db, "SELECT count(*) FROM users WHERE password_hash LIKE '%pass%'"), 0);
}

/* The hashing runs in the helper when there is one (make unit names it, so every sign-in of
 * these tests goes through it): its answer is the one used, the child is reaped, and a helper
 * that cannot run or fails leaves the hash to this process. */
static void test_hash_in_helper(void **state)
{
    (void)state;
    const char *real = getenv("TZ_CRYPT_HELPER");
    if (!real || !*real)
        skip();
    const unsigned char salt[16] = { 4, 5, 6 };
    char here[TZ_HASH_MAX], there[TZ_HASH_MAX];
    tz_password_use_helper(NULL);
    assert_true(tz_password_hash_with("秘密 secret", salt, sizeof salt, here, sizeof here));
    tz_password_use_helper(real);
    assert_true(tz_password_hash_with("秘密 secret", salt, sizeof salt, there, sizeof there));
    assert_string_equal(here, there);
    assert_true(tz_password_verify("秘密 secret", there));
    assert_false(tz_password_verify("秘密 secreT", there));
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1); /* no child left, not even a zombie */
    assert_int_equal(errno, ECHILD);
    /* a stand-in that answers the same hash whatever it is asked: its answer is the one used */
    char fake[128];
    snprintf(fake, sizeof fake, "%s/fake-crypt", tmpdir);
    FILE *f = fopen(fake, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\ncat > /dev/null\necho '$y$j9T$stand$in'\n", f);
    fclose(f);
    assert_int_equal(chmod(fake, 0755), 0);
    tz_password_use_helper(fake);
    assert_true(tz_password_verify("anything", "$y$j9T$stand$in"));
    /* one that cannot run, or that fails: hashed here */
    tz_password_use_helper("/nonexistent/taizhang-crypt");
    assert_true(tz_password_verify("秘密 secret", there));
    tz_password_use_helper("/bin/false");
    assert_true(tz_password_verify("秘密 secret", there));
    tz_password_use_helper(real);
}

static void test_lockout(void **state)
{
    (void)state;
    tz_error err = { 0 };
    for (int i = 1; i < TZ_MAX_FAILED; i++) {
        assert_int_equal(db_sign_in(db, "t_a", "wrong-password", &err), TZ_ERR_DENIED);
        char left[64];
        snprintf(left, sizeof left, "还可再试 %d 次", TZ_MAX_FAILED - i);
        assert_non_null(strstr(err.msg, left));
    }
    assert_int_equal(db_sign_in(db, "t_a", "wrong-password", &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "已锁定"));
    /* locked: even the right password is refused */
    assert_int_equal(db_sign_in(db, "t_a", "Town-pass-1", &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "锁定到"));
    assert_null(db_session(db));
    exec_ok(db, "UPDATE users SET locked_until = datetime('now', 'localtime', '-1 minutes') WHERE login = 't_a'");
    sign_in("t_a", "Town-pass-1");
    assert_int_equal(query_int(db, "SELECT failed FROM users WHERE login = 't_a'"), 0);
    assert_int_equal(db_sign_in(db, "nobody", "whatever-1", &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "登录名或密码不对"));
}

static void test_passwords_change(void **state)
{
    (void)state;
    tz_error err = { 0 };
    sign_in("t_city", "City-pass-1");
    assert_int_equal(db_set_password(db, query_int(db, "SELECT id FROM users WHERE login = 't_a'"),
                                     "Temp-pass-9", &err), TZ_ERR_DENIED); /* not an admin */
    sign_in("t_admin", "Admin-pass-1");
    int64_t id = query_int(db, "SELECT id FROM users WHERE login = 't_view'");
    assert_int_equal(db_set_password(db, id, "short", &err), TZ_ERR_INVALID);
    assert_int_equal(db_set_password(db, id, "Temp-pass-9", &err), TZ_OK);
    sign_in("t_view", "Temp-pass-9");
    assert_true(db_session(db)->must_change);
    assert_int_equal(db_change_password(db, "not-it-at-all", "View-pass-2", &err), TZ_ERR_DENIED);
    assert_int_equal(db_change_password(db, "Temp-pass-9", "View-pass-2", &err), TZ_OK);
    assert_false(db_session(db)->must_change);
    sign_in("t_view", "View-pass-2");
    assert_false(db_session(db)->must_change);
}

/* ---- scope ------------------------------------------------------------------------------------ */

static void test_nothing_before_sign_in(void **state)
{
    (void)state;
    db_sign_out(db);
    tz_listq q = { .form = form("units"), .sort = -1 };
    tz_rows rows = { 0 };
    tz_row row = { 0 };
    tz_error err = { 0 };
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 10, &rows, &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "请先登录"));
    assert_int_equal(db_record_load(db, form("units"), town_a, &row, &err), TZ_ERR_DENIED);
    tz_stmt *st = NULL;
    tz_query_params p = { .year = 2026 };
    assert_int_equal(db_query_open(db, "SELECT 1", &p, &st, &err), TZ_ERR_DENIED);
    int64_t n;
    assert_int_equal(db_list_count(db, &q, &n, &err), TZ_ERR_DENIED);
}

/* Every row every scoped ledger list shows the township clerk is its township's or the city's. */
/* A list as the signed-in township clerk sees it, with a search or none: no row of another
 * township, and the count agrees with the rows. Returns how many rows are the township's. */
static int check_scoped_list(const tz_form *f, const char *search)
{
    tz_listq q = { .form = f, .sort = -1, .search = search };
    tz_rows rows = { 0 };
    tz_error err = { 0 };
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 5000, &rows, &err), TZ_OK);
    int ours = 0;
    for (size_t r = 0; r < rows.n; r++) {
        int64_t t = township_of(f->table, rows.rows[r].id);
        if (t != 0 && t != town_a)
            fail_msg("%s row %lld belongs to township %lld", f->table, (long long)rows.rows[r].id,
                     (long long)t);
        ours += t == town_a;
    }
    int64_t count;
    assert_int_equal(db_list_count(db, &q, &count, &err), TZ_OK);
    assert_int_equal(count, (int64_t)rows.n);
    tz_rows_free(&rows);
    return ours;
}

static void test_lists_keep_to_the_township(void **state)
{
    (void)state;
    sign_in("t_a", "Town-pass-1");
    static const char *const scoped[] = { "units", "people", "contracts", "contract_items",
                                          "template_issues", "demo_sites", "site_reopenings",
                                          "assignments", "budget_lines", "disbursements" };
    for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++) {
        const tz_form *f = form(scoped[i]);
        int ours = check_scoped_list(f, NULL);
        if (strcmp(f->table, "site_reopenings") != 0) /* the sample may have none in 龙溪镇 */
            assert_true(ours > 0);
    }
    /* searched through the n-gram tables, which know no township: still only its rows */
    assert_true(check_scoped_list(form("units"), "村") > 0);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT substr(p.name, 1, 1) FROM people p JOIN units u"
             " ON u.id = p.unit_id WHERE %lld IN (u.id, u.parent_id) ORDER BY p.id LIMIT 1",
             (long long)town_a);
    char *surname = query_text(db, sql);
    assert_true(check_scoped_list(form("people"), surname) > 0);
    free(surname);
    /* the summary views, filtered by their township_id column */
    tz_listq q = { .form = form("budget_quarters"), .sort = -1 };
    tz_rows rows = { 0 };
    tz_error err = { 0 };
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 500, &rows, &err), TZ_OK);
    assert_true(rows.n > 0);
    tz_rows_free(&rows);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM budget_quarters_v WHERE township_id = %lld", (long long)town_a);
    int64_t n;
    assert_int_equal(db_list_count(db, &q, &n, &err), TZ_OK);
    assert_int_equal(n, query_int(db, sql));
}

/* The ids of a list as the signed-in clerk pages through it, `page` rows at a time, forwards
 * (dir > 0) or backwards from the end (then given back in the list's order). */
static size_t page_ids(const tz_listq *q, int dir, int page, int64_t *ids, size_t cap)
{
    size_t n = 0;
    tz_row anchor = { 0 };
    bool have_anchor = false;
    for (;;) {
        tz_rows rows = { 0 };
        tz_error err = { 0 };
        assert_int_equal(db_list_page(db, q, have_anchor ? &anchor : NULL, dir, false, page, &rows, &err),
                         TZ_OK);
        if (rows.n == 0) {
            tz_rows_free(&rows);
            break;
        }
        assert_true(n + rows.n <= cap);
        for (size_t i = 0; i < rows.n; i++) /* backwards: each page in order, pages last first */
            ids[n++] = rows.rows[dir > 0 ? i : rows.n - 1 - i].id;
        tz_row_free(&anchor);
        size_t last = dir > 0 ? rows.n - 1 : 0;
        anchor = rows.rows[last];
        rows.rows[last] = (tz_row){ 0 };
        have_anchor = true;
        tz_rows_free(&rows);
    }
    tz_row_free(&anchor);
    for (size_t i = 0; dir < 0 && i < n / 2; i++) {
        int64_t t = ids[i];
        ids[i] = ids[n - 1 - i];
        ids[n - 1 - i] = t;
    }
    return n;
}

/* The ids a query gives, in its order. */
static size_t sql_ids(const char *sql, int64_t *ids, size_t cap)
{
    tz_stmt *st;
    tz_error err = { 0 };
    if (db_prepare(db, sql, &st, &err) != TZ_OK)
        fail_msg("%s: %s", sql, err.msg);
    size_t n = 0;
    bool row;
    while (db_step(st, &row, &err) == TZ_OK && row && n < cap)
        ids[n++] = db_column_int(st, 0);
    db_finalize(st);
    return n;
}

/* The people a township's clerk reads, from the units alone: its township's villages and
 * communities and itself, and its own city and that city's departments; in name order. */
#define PEOPLE_OF_TOWN_A \
    "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id" \
    " WHERE u.id = %1$lld OR (u.parent_id = %1$lld AND u.level IN ('village', 'community'))" \
    "    OR (u.level = 'city' AND u.id = (SELECT parent_id FROM units WHERE id = %1$lld))" \
    "    OR (u.level = 'department' AND u.parent_id = (SELECT parent_id FROM units WHERE id = %1$lld))" \
    " ORDER BY p.name_key, p.id"

static void expect_people_list(const tz_listq *q)
{
    enum { CAP = 4000 };
    int64_t *want = calloc(CAP, sizeof *want), *got = calloc(CAP, sizeof *got);
    char sql[700];
    snprintf(sql, sizeof sql, PEOPLE_OF_TOWN_A, (long long)town_a);
    size_t n = sql_ids(sql, want, CAP);
    assert_true(n > 0);
    for (int dir = 1; dir >= -1; dir -= 2) {
        assert_int_equal(page_ids(q, dir, 7, got, CAP), n);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(got[i], want[i]);
    }
    int64_t count;
    tz_error err = { 0 };
    assert_int_equal(db_list_count(db, q, &count, &err), TZ_OK);
    assert_int_equal(count, (int64_t)n);
    free(want);
    free(got);
}

/* Every declared ledger's rows whose kept scope key is not what its scope view gives. */
static int64_t stale_keys(void)
{
    tz_stmt *st;
    tz_error err = { 0 };
    assert_int_equal(db_prepare(db, "SELECT name FROM table_access WHERE scope IS NOT NULL", &st, &err), TZ_OK);
    int64_t stale = 0;
    bool row;
    while (db_step(st, &row, &err) == TZ_OK && row) {
        char sql[300];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %1$s WHERE scope_key IS NOT"
                 " (SELECT s.scope_key FROM %1$s_scope s WHERE s.id = %1$s.id)", db_column_text(st, 0));
        stale += query_int(db, sql);
    }
    db_finalize(st);
    return stale;
}

/* A list read through a view (budget_lines_v): the clerk's township's lines and its own
 * city's departments' lines, by the scope key the view carries (migration 029); the other
 * city's department's line (900002, added here) is not among them, nor found by a search. */
static void expect_view_rows_own_citys(void)
{
    exec_ok(db, "INSERT INTO budget_lines (id, year, unit_id, category, budgeted_fen) VALUES"
                " (900001, 2026, 900002, 'one_off_build', 100),"
                " (900002, 2026, (SELECT min(id) FROM units WHERE level = 'department'"
                "   AND parent_id = (SELECT parent_id FROM units WHERE name = '龙溪镇')),"
                "  'one_off_build', 200)");
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM budget_lines_v WHERE township_id = %lld"
             " OR (township_id IS NULL AND unit_id <> 900002)", (long long)town_a);
    int64_t n, want = query_int(db, sql);
    tz_error err = { 0 };
    tz_listq q = { .form = form("budget_lines"), .sort = -1 };
    assert_int_equal(db_list_count(db, &q, &n, &err), TZ_OK);
    assert_int_equal(n, want);
    q.search = "邻县";
    assert_int_equal(db_list_count(db, &q, &n, &err), TZ_OK);
    assert_int_equal(n, 0);
    q.search = "市委办公室";
    assert_int_equal(db_list_count(db, &q, &n, &err), TZ_OK);
    assert_int_equal(n, 1);
    exec_ok(db, "DELETE FROM budget_lines WHERE id IN (900001, 900002)");
}

/* A database of many cities (a province's, the national benchmark's): a township's clerk
 * reads the rows of its own city, not another city's departments and their people, through
 * the scope key each row carries (migration 019), which triggers keep as rows and units move;
 * a page of its list comes in the list's order, the same forwards and backwards. */
static void test_city_rows_are_the_own_citys(void **state)
{
    (void)state;
    exec_ok(db, "INSERT INTO units (id, code, name, level, parent_id) VALUES"
                " (900001, '430582', '邻县', 'city', NULL),"
                " (900002, '430582D01', '邻县组织部', 'department', 900001),"
                " (900003, '430582001', '邻县一镇', 'township', 900001);"
                "INSERT INTO people (id, name, unit_id) VALUES (900001, '邻县干部', 900002),"
                " (900002, '邻县镇干部', 900003)");
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                   " AND name = 'people_scope_name_key'"), 1);
    sign_in("t_a", "Town-pass-1");
    tz_listq q = { .form = form("people"), .sort = -1 };
    expect_people_list(&q);
    tz_error err = { 0 };
    assert_int_equal(db_row_visible(db, "people", 900001, &err), TZ_ERR_NOTFOUND);
    assert_int_equal(db_row_visible(db, "units", 900002, &err), TZ_ERR_NOTFOUND);
    int64_t own_department = query_int(db, "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id"
                                           " WHERE u.level = 'department' LIMIT 1");
    assert_int_equal(db_row_visible(db, "people", own_department, &err), TZ_OK);
    tz_listq search = { .form = form("people"), .sort = -1, .search = "邻县" };
    int64_t n;
    assert_int_equal(db_list_count(db, &search, &n, &err), TZ_OK);
    assert_int_equal(n, 0);
    expect_view_rows_own_citys();

    /* a village moved to another township takes its people's keys along, and back */
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT id FROM units WHERE parent_id = %lld AND level = 'village'"
             " AND EXISTS (SELECT 1 FROM people WHERE unit_id = units.id) ORDER BY id LIMIT 1",
             (long long)town_a);
    int64_t village = query_int(db, sql);
    snprintf(sql, sizeof sql, "UPDATE units SET parent_id = %lld WHERE id = %lld", (long long)town_b,
             (long long)village);
    exec_ok(db, sql);
    expect_people_list(&q);
    assert_int_equal(stale_keys(), 0); /* its contracts, their items, its budget lines … too */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM people WHERE unit_id = %lld AND scope_key = %lld",
             (long long)village, (long long)town_b);
    assert_true(query_int(db, sql) > 0);
    snprintf(sql, sizeof sql, "UPDATE units SET parent_id = %lld WHERE id = %lld", (long long)town_a,
             (long long)village);
    exec_ok(db, sql);
    expect_people_list(&q);
    /* a key written by hand is put right */
    exec_ok(db, "UPDATE people SET scope_key = 0 WHERE id = 900002");
    assert_int_equal(query_int(db, "SELECT scope_key FROM people WHERE id = 900002"), 900003);
    assert_int_equal(stale_keys(), 0);
    exec_ok(db, "DELETE FROM people WHERE id >= 900001; DELETE FROM units WHERE id IN (900002, 900003);"
                "DELETE FROM units WHERE id = 900001");
}

/* Another township's row of each scoped table: not loaded, not saved, not deleted. */
static void test_no_reach_into_another_township(void **state)
{
    (void)state;
    sign_in("t_a", "Town-pass-1");
    static const char *const scoped[] = { "units", "people", "contracts", "contract_items",
                                          "demo_sites", "assignments", "budget_lines", "disbursements" };
    for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++) {
        const tz_form *f = form(scoped[i]);
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT min(id) FROM %s_scope WHERE township_id = %lld", f->table,
                 (long long)town_b);
        int64_t id = query_int(db, sql);
        assert_true(id > 0);
        tz_row row = { 0 };
        tz_error err = { 0 };
        assert_int_equal(db_record_load(db, f, id, &row, &err), TZ_ERR_NOTFOUND);
        assert_int_equal(db_record_delete(db, f, id, &err), TZ_ERR_DENIED);
        /* saving it back as it is, values read with full rights */
        db_sign_out(db);
        sign_in("t_admin", "Admin-pass-1");
        assert_int_equal(db_record_load(db, f, id, &row, &err), TZ_OK);
        sign_in("t_a", "Town-pass-1");
        assert_int_equal(db_record_save(db, f, &id, row.v, &err), TZ_ERR_DENIED);
        assert_non_null(strstr(err.msg, "本乡镇"));
        tz_row_free(&row);
        assert_int_equal(db_row_visible(db, f->table, id, &err), TZ_ERR_NOTFOUND);
    }
    /* a new village under the other township is refused, under its own accepted */
    const tz_form *units = form("units");
    char parent[32], own[32];
    snprintf(parent, sizeof parent, "%lld", (long long)town_b);
    snprintf(own, sizeof own, "%lld", (long long)town_a);
    char *values[32] = { 0 };
    values[tz_form_field_index(units, "code")] = "T-0001";
    values[tz_form_field_index(units, "name")] = "测试村";
    values[tz_form_field_index(units, "level")] = "village";
    values[tz_form_field_index(units, "parent_id")] = parent;
    int64_t id = 0;
    tz_error err = { 0 };
    assert_int_equal(db_record_save(db, units, &id, values, &err), TZ_ERR_DENIED);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units WHERE code = 'T-0001'"), 0);
    values[tz_form_field_index(units, "parent_id")] = own;
    id = 0;
    assert_int_equal(db_record_save(db, units, &id, values, &err), TZ_OK);
    assert_true(id > 0);
    /* and moving it to the other township is refused too */
    values[tz_form_field_index(units, "parent_id")] = parent;
    assert_int_equal(db_record_save(db, units, &id, values, &err), TZ_ERR_DENIED);
    /* city-wide data (templates, standards) is read-only to a township clerk */
    tz_row row = { 0 };
    int64_t tpl = query_int(db, "SELECT min(id) FROM contract_templates");
    assert_int_equal(db_record_load(db, form("contract_templates"), tpl, &row, &err), TZ_OK);
    assert_int_equal(db_record_save(db, form("contract_templates"), &tpl, row.v, &err), TZ_ERR_DENIED);
    tz_row_free(&row);
}

/* What the screens ask before the clerk types agrees with what saving would say. */
static void test_rights_asked_before_typing(void **state)
{
    (void)state;
    tz_error err = { 0 };
    int64_t city_person = query_int(db, "SELECT min(id) FROM people_scope WHERE township_id IS NULL");
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT min(id) FROM people_scope WHERE township_id = %lld", (long long)town_a);
    int64_t own_person = query_int(db, sql);

    sign_in("t_a", "Town-pass-1");
    assert_int_equal(db_may_change(db, form("people"), 0, &err), TZ_OK);
    assert_int_equal(db_may_change(db, form("people"), own_person, &err), TZ_OK);
    assert_int_equal(db_may_change(db, form("people"), city_person, &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "本乡镇"));
    assert_int_equal(db_may_change(db, form("contract_templates"), 0, &err), TZ_ERR_DENIED);
    assert_true(db_may_open(db, form("people")));
    assert_false(db_may_open(db, form("users")));
    assert_false(db_may_open(db, form("audit_log")));

    sign_in("t_view", "View-pass-2"); /* as test_passwords_change left it */
    assert_int_equal(db_may_change(db, form("people"), own_person, &err), TZ_ERR_DENIED);
    assert_int_equal(db_may_change(db, form("people"), 0, &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "查看员"));

    sign_in("t_admin", "Admin-pass-1");
    assert_int_equal(db_may_change(db, form("people"), city_person, &err), TZ_OK);
    assert_true(db_may_open(db, form("users")));
    db_sign_out(db);
}

static void test_reports_keep_to_the_township(void **state)
{
    (void)state;
    sign_in("t_a", "Town-pass-1");
    int64_t unit = 0;
    char name[100];
    tz_error err = { 0 };
    assert_int_equal(db_report_scope(db, NULL, 0, &unit, name, sizeof name, &err), TZ_OK);
    assert_int_equal(unit, town_a);
    assert_string_equal(name, "龙溪镇");
    char *code = query_text(db, "SELECT code FROM units WHERE name = '迎春亭街道'");
    assert_int_equal(db_report_scope(db, code, 0, &unit, name, sizeof name, &err), TZ_ERR_DENIED);
    free(code);
    code = query_text(db, "SELECT code FROM units WHERE level = 'city'");
    assert_int_equal(db_report_scope(db, code, 0, &unit, name, sizeof name, &err), TZ_ERR_DENIED);
    free(code);
    sign_in("t_city", "City-pass-1");
    assert_int_equal(db_report_scope(db, NULL, 0, &unit, name, sizeof name, &err), TZ_OK);
    assert_int_equal(unit, 0); /* the whole city */
}

/* Report SQL (text of a report file) runs under the guard: read-only, no internal tables,
 * one statement, no transaction control, for every role. */
static void test_report_sql_guarded(void **state)
{
    (void)state;
    static const char *const refused[] = {
        "SELECT password_hash FROM users",
        "SELECT count(*) FROM users",
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM audit_log)",
        "SELECT data FROM drafts",
        "SELECT name FROM sqlite_master",
        "UPDATE users SET role = 'admin' RETURNING login",
        "DELETE FROM people RETURNING id",
        "COMMIT",
        "BEGIN",
        "PRAGMA user_version = 7",
        "ATTACH ':memory:' AS o",
        "CREATE TABLE x (a)",
        "SELECT 1; DELETE FROM people",
    };
    const char *logins[][2] = { { "t_a", "Town-pass-1" }, { "t_view", "View-pass-2" },
                                { "t_city", "City-pass-1" }, { "t_admin", "Admin-pass-1" } };
    int64_t people = query_int(db, "SELECT count(*) FROM people");
    char *roles = query_text(db, "SELECT group_concat(login || role) FROM users");
    tz_query_params p = { 0 };
    for (size_t u = 0; u < sizeof logins / sizeof logins[0]; u++) {
        sign_in(logins[u][0], logins[u][1]);
        for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
            tz_stmt *st = NULL;
            tz_error err = { 0 };
            if (db_query_open(db, refused[i], &p, &st, &err) != TZ_ERR_DENIED)
                fail_msg("%s as %s: not refused", refused[i], logins[u][0]);
            assert_null(st);
        }
        tz_stmt *st = NULL;
        tz_error err = { 0 };
        assert_int_equal(db_query_open(db, "SELECT count(*) FROM units", &p, &st, &err), TZ_OK);
        db_finalize(st);
    }
    assert_int_equal(query_int(db, "SELECT count(*) FROM people"), people);
    char *after = query_text(db, "SELECT group_concat(login || role) FROM users");
    assert_string_equal(after, roles);
    free(after);
    free(roles);
}

/* The access marks fail closed: a table_access with more rows than the program holds would
 * otherwise leave the last ones (users sorts late) looking like ledgers; guarded SQL is then
 * refused, the program's own SQL still works. */
static void test_unread_marks_refuse_guarded_sql(void **state)
{
    (void)state;
    char path[256];
    tz_db *fresh = new_db(path, sizeof path);
    exec_ok(fresh, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                   " INSERT INTO table_access (name, access) SELECT printf('a_%03d', i), 'shared' FROM n");
    db_close(fresh);
    tz_error err = { 0 };
    assert_int_equal(db_open(path, &fresh, &err), TZ_OK);
    tz_query_params p = { 0 };
    tz_stmt *st = NULL;
    assert_int_equal(db_query_open(fresh, "SELECT count(*) FROM units", &p, &st, &err), TZ_ERR_DENIED);
    assert_null(st);
    assert_non_null(strstr(err.msg, "table_access"));
    assert_int_equal(query_int(fresh, "SELECT count(*) FROM table_access WHERE name LIKE 'a\\_%' ESCAPE '\\'"), 300);
    db_close(fresh);
}

/* A form file that reads another table than it names: the scope follows what is read. */
static void test_foreign_view_keeps_scope(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    const char *text = "[form peek]\ntitle = 窥视\ntable = contract_templates\nview = people\n\n"
                       "[field name]\nlabel = 姓名\ntype = text\n\n[list]\ncolumns = name\n";
    assert_int_equal(tz_spec_parse(&set, "peek.form", text, &probs), TZ_OK);
    const tz_form *peek = tz_spec_form(&set, "peek");
    assert_non_null(peek);
    sign_in("t_a", "Town-pass-1");
    tz_listq q = { .form = peek, .sort = -1 };
    int64_t n = 0;
    tz_error err = { 0 };
    assert_int_equal(db_list_count(db, &q, &n, &err), TZ_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM people WHERE scope_key IN (%1$lld,"
                              " -(SELECT parent_id FROM units WHERE id = %1$lld))", (long long)town_a);
    assert_int_equal(n, query_int(db, sql));
    assert_true(n < query_int(db, "SELECT count(*) FROM people"));
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

static void test_roles(void **state)
{
    (void)state;
    tz_error err = { 0 };
    tz_row row = { 0 };
    sign_in("t_view", "View-pass-2");
    int64_t id = query_int(db, "SELECT min(p.id) FROM people p JOIN people_scope s ON s.id = p.id WHERE s.township_id = "
                               "(SELECT id FROM units WHERE name = '龙溪镇')");
    assert_int_equal(db_record_load(db, form("people"), id, &row, &err), TZ_OK); /* reads its own */
    assert_int_equal(db_record_save(db, form("people"), &id, row.v, &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "查看员"));
    assert_int_equal(db_record_delete(db, form("people"), id, &err), TZ_ERR_DENIED);
    tz_row_free(&row);

    sign_in("t_city", "City-pass-1");
    tz_listq q = { .form = form("users"), .sort = -1 };
    tz_rows rows = { 0 };
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 10, &rows, &err), TZ_ERR_DENIED);
    q.form = form("audit_log");
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 10, &rows, &err), TZ_ERR_DENIED);
    int64_t one = 1;
    assert_int_equal(db_record_load(db, form("settings"), 1, &row, &err), TZ_OK);
    assert_int_equal(db_record_save(db, form("settings"), &one, row.v, &err), TZ_ERR_DENIED);
    tz_row_free(&row);

    sign_in("t_admin", "Admin-pass-1");
    q.form = form("users");
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 10, &rows, &err), TZ_OK);
    assert_true(rows.n >= 4);
    tz_rows_free(&rows);
    assert_int_equal(db_record_load(db, form("settings"), 1, &row, &err), TZ_OK);
    assert_int_equal(db_record_save(db, form("settings"), &one, row.v, &err), TZ_OK);
    tz_row_free(&row);
    /* the schema keeps an admin and keeps admins city-wide */
    exec_refused(db, "UPDATE users SET unit_id = (SELECT id FROM units WHERE name = '龙溪镇') WHERE login = 't_admin'",
                 "管理员的范围是全市，不能限于一个乡镇");
}

/* A township's report header is kept by its own clerks (and an admin): the city's clerk may
 * not change it, another township's clerk does not even see it. */
static void test_township_header_kept_by_its_clerks(void **state)
{
    (void)state;
    tz_error err = { 0 };
    tz_row row = { 0 };
    const tz_form *f = form("township_headers");
    int64_t own = query_int(db, "SELECT id FROM township_headers WHERE township_id = "
                                "(SELECT id FROM units WHERE name = '龙溪镇')");
    int64_t other = query_int(db, "SELECT id FROM township_headers WHERE township_id = "
                                  "(SELECT id FROM units WHERE name = '迎春亭街道')");
    sign_in("t_a", "Town-pass-1");
    assert_int_equal(db_record_load(db, f, own, &row, &err), TZ_OK);
    assert_int_equal(db_record_save(db, f, &own, row.v, &err), TZ_OK);
    tz_row_free(&row);
    assert_int_equal(db_record_load(db, f, other, &row, &err), TZ_ERR_NOTFOUND);
    tz_listq q = { .form = f, .sort = -1 };
    int64_t n = 0;
    assert_int_equal(db_list_count(db, &q, &n, &err), TZ_OK);
    assert_int_equal(n, 1);

    sign_in("t_city", "City-pass-1");
    assert_int_equal(db_record_load(db, f, own, &row, &err), TZ_OK);
    assert_int_equal(db_record_save(db, f, &own, row.v, &err), TZ_ERR_DENIED);
    assert_non_null(strstr(err.msg, "该乡镇的录入员"));
    tz_row_free(&row);

    sign_in("t_admin", "Admin-pass-1");
    assert_int_equal(db_record_load(db, f, other, &row, &err), TZ_OK);
    assert_int_equal(db_record_save(db, f, &other, row.v, &err), TZ_OK);
    tz_row_free(&row);
}

/* The change history names every audited table in words: each table with audit triggers is a
 * choice of the history's 台账 column (a new one would show as a blank). */
static void test_history_names_every_audited_table(void **state)
{
    (void)state;
    const tz_form *f = form("audit_log");
    const tz_field *tbl = &f->fields[tz_form_field_index(f, "tbl")];
    tz_stmt *st = NULL;
    tz_error err = { 0 };
    bool row = false;
    int tables = 0;
    assert_int_equal(db_prepare(db, "SELECT tbl_name FROM sqlite_schema WHERE type = 'trigger'"
                                    " AND name = tbl_name || '_audit_insert'", &st, &err), TZ_OK);
    while (db_step(st, &row, &err) == TZ_OK && row) {
        const char *name = db_column_text(st, 0);
        if (!tz_field_choice(tbl, name))
            fail_msg("the history has no name for %s", name);
        tables++;
    }
    db_finalize(st);
    assert_true(tables > 0);
}

/* A hang-up's draft is offered back to the clerk who typed it, not to another. */
static void test_drafts_per_clerk(void **state)
{
    (void)state;
    const tz_form *people = form("people");
    char *typed[32] = { 0 };
    typed[0] = "半截名字";
    tz_error err = { 0 };
    sign_in("t_city", "City-pass-1");
    assert_int_equal(db_draft_save(db, people, 0, typed, &err), TZ_OK);
    tz_row row = { 0 };
    char *at = NULL;
    sign_in("t_admin", "Admin-pass-1");
    assert_int_equal(db_draft_load(db, people, 0, &row, &at, &err), TZ_ERR_NOTFOUND);
    sign_in("t_city", "City-pass-1");
    assert_int_equal(db_draft_load(db, people, 0, &row, &at, &err), TZ_OK);
    assert_string_equal(row.v[0], "半截名字");
    tz_row_free(&row);
    free(at);
    assert_int_equal(db_draft_discard(db, people, 0, &err), TZ_OK);
}

/* A viewer's hang-up keeps no draft: the save it would lead to is refused anyway. */
static void test_no_draft_for_a_viewer(void **state)
{
    (void)state;
    const tz_form *people = form("people");
    char *typed[32] = { 0 };
    typed[0] = "查看员打的字";
    tz_error err = { 0 };
    int64_t before = query_int(db, "SELECT count(*) FROM drafts");
    sign_in("t_view", "View-pass-2");
    assert_int_equal(db_draft_save(db, people, 0, typed, &err), TZ_ERR_DENIED);
    assert_int_equal(query_int(db, "SELECT count(*) FROM drafts"), before);
}

/* A password over the limit is refused, never cut to fit. */
static void test_password_too_long(void **state)
{
    (void)state;
    char longest[TZ_MAX_PASSWORD * 3 + 1] = "", over[TZ_MAX_PASSWORD * 3 + 4] = "";
    for (int i = 0; i < TZ_MAX_PASSWORD; i++)
        strcat(longest, "密");
    snprintf(over, sizeof over, "%s码", longest);
    tz_error err = { 0 };
    sign_in("t_admin", "Admin-pass-1");
    assert_int_equal(db_user_add(db, "t_long", "长密码", "clerk", 0, over, false, &err), TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "太长"));
    assert_int_equal(query_int(db, "SELECT count(*) FROM users WHERE login = 't_long'"), 0);
    assert_int_equal(db_user_add(db, "t_long", "长密码", "clerk", 0, longest, false, &err), TZ_OK);
    sign_in("t_long", longest);
    assert_int_equal(db_change_password(db, longest, over, &err), TZ_ERR_INVALID);
    sign_in("t_long", longest);
}

/* Saves through the db layer name their clerk in the audit trail; plain SQL names nobody. */
static void test_audit_names_the_clerk(void **state)
{
    (void)state;
    sign_in("t_a", "Town-pass-1");
    const tz_form *people = form("people");
    int64_t id = query_int(db, "SELECT min(p.id) FROM people p JOIN people_scope s ON s.id = p.id "
                               "WHERE s.township_id = (SELECT id FROM units WHERE name = '龙溪镇')");
    tz_row row = { 0 };
    tz_error err = { 0 };
    assert_int_equal(db_record_load(db, people, id, &row, &err), TZ_OK);
    int phone = tz_form_field_index(people, "phone");
    free(row.v[phone]);
    row.v[phone] = tz_strdup("13900001111");
    assert_int_equal(db_record_save(db, people, &id, row.v, &err), TZ_OK);
    tz_row_free(&row);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT login FROM audit_log WHERE tbl = 'people' AND row_id = %lld "
                              "ORDER BY id DESC LIMIT 1", (long long)id);
    assert_query_text(db, sql, "t_a");
    assert_query_text(db, "SELECT coalesce(login, '(none)') FROM audit_actor", "(none)");
    exec_ok(db, "UPDATE people SET phone = '13900002222' WHERE id = (SELECT min(id) FROM people)");
    assert_query_text(db, "SELECT coalesce(login, '(none)') FROM audit_log ORDER BY id DESC LIMIT 1", "(none)");
    /* the record's history: the changed column with its old and new value */
    tz_rows h = { 0 };
    assert_int_equal(db_record_history(db, people, id, &h, &err), TZ_OK);
    assert_true(h.n >= 1);
    const tz_row *last = &h.rows[h.n - 1];
    assert_string_equal(last->v[1], "t_a");
    assert_string_equal(last->v[2], "update");
    assert_string_equal(last->v[3], "phone");
    assert_string_equal(last->v[5], "13900001111");
    tz_rows_free(&h);
    /* and none of another township's record */
    int64_t other = query_int(db, "SELECT min(p.id) FROM people p JOIN people_scope s ON s.id = p.id "
                                  "WHERE s.township_id = (SELECT id FROM units WHERE name = '迎春亭街道')");
    assert_int_equal(db_record_history(db, people, other, &h, &err), TZ_ERR_NOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_and_verify),
        cmocka_unit_test(test_hash_in_helper),
        cmocka_unit_test(test_lockout),
        cmocka_unit_test(test_passwords_change),
        cmocka_unit_test(test_nothing_before_sign_in),
        cmocka_unit_test(test_lists_keep_to_the_township),
        cmocka_unit_test(test_city_rows_are_the_own_citys),
        cmocka_unit_test(test_no_reach_into_another_township),
        cmocka_unit_test(test_rights_asked_before_typing),
        cmocka_unit_test(test_reports_keep_to_the_township),
        cmocka_unit_test(test_report_sql_guarded),
        cmocka_unit_test(test_unread_marks_refuse_guarded_sql),
        cmocka_unit_test(test_foreign_view_keeps_scope),
        cmocka_unit_test(test_no_draft_for_a_viewer),
        cmocka_unit_test(test_password_too_long),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_township_header_kept_by_its_clerks),
        cmocka_unit_test(test_history_names_every_audited_table),
        cmocka_unit_test(test_drafts_per_clerk),
        cmocka_unit_test(test_audit_names_the_clerk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
