/* dbtest.c — the database fixtures of dbtest.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dbtest.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- fixtures ------------------------------------------------------------------------------- */

char tmpdir[64];
static int db_counter; /* numbers the databases of one run */

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tz_test_db_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

int group_teardown(void **state)
{
    (void)state;
    return nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* A fresh path in the temporary folder (not yet created). */
void new_path(char *out, size_t cap)
{
    snprintf(out, cap, "%s/db%d.db", tmpdir, ++db_counter);
}

tz_db *new_db(char *path, size_t cap)
{
    char local[128];
    if (!path) {
        path = local;
        cap = sizeof local;
    }
    new_path(path, cap);
    tz_db *db = NULL;
    tz_error err = { 0 };
    tz_status s = db_create(path, &db, &err);
    if (s != TZ_OK)
        fail_msg("db_create: %s", err.msg);
    return db;
}

void exec_ok(tz_db *db, const char *sql)
{
    tz_error err = { 0 };
    if (db_exec(db, sql, &err) != TZ_OK)
        fail_msg("%s: %s", sql, err.msg);
}

/* The SQL is refused by a rule with exactly this message. */
void exec_refused(tz_db *db, const char *sql, const char *msg)
{
    tz_error err = { 0 };
    tz_status s = db_exec(db, sql, &err);
    if (s != TZ_ERR_CONSTRAINT)
        fail_msg("%s: expected a constraint refusal, got %d (%s)", sql, s, err.msg);
    if (msg && strcmp(err.msg, msg) != 0)
        fail_msg("%s:\n  expected \"%s\"\n  got      \"%s\"", sql, msg, err.msg);
}

int64_t query_int(tz_db *db, const char *sql)
{
    tz_stmt *st;
    tz_error err = { 0 };
    if (db_prepare(db, sql, &st, &err) != TZ_OK)
        fail_msg("%s: %s", sql, err.msg);
    bool row = false;
    assert_int_equal(db_step(st, &row, &err), TZ_OK);
    assert_true(row);
    int64_t v = db_column_int(st, 0);
    db_finalize(st);
    return v;
}

/* The first column of the first row as a new string ("(null)" for NULL). */
char *query_text(tz_db *db, const char *sql)
{
    tz_stmt *st;
    tz_error err = { 0 };
    if (db_prepare(db, sql, &st, &err) != TZ_OK)
        fail_msg("%s: %s", sql, err.msg);
    bool row = false;
    assert_int_equal(db_step(st, &row, &err), TZ_OK);
    assert_true(row);
    const char *t = db_column_text(st, 0);
    char *copy = tz_strdup(t ? t : "(null)");
    db_finalize(st);
    return copy;
}

void assert_query_text(tz_db *db, const char *sql, const char *expected)
{
    char *got = query_text(db, sql);
    if (strcmp(got, expected) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s: expected \"%s\", got \"%s\"", sql, expected, got);
        free(got);
        fail_msg("%s", msg);
    }
    free(got);
}

void use_builtin_forms(tz_db *db, tz_formset *forms)
{
    const char *dir = getenv("TZ_FORMS_DIR");
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_load(forms, NULL, 0, dir && *dir ? dir : "forms", &probs), TZ_OK);
    assert_int_equal(db_load_choices(db, forms, &probs), TZ_OK);
    assert_int_equal(db_check_forms(db, forms, &probs), TZ_OK);
    tz_problems_free(&probs);
    db_use_forms(db, forms);
}
