/* dbtest.h — fixtures shared by the unit tests that need a database: a temporary folder per
 * test group, fresh databases at the current schema, and short ways to run SQL and expect it
 * accepted or refused by a rule with its message. */
#ifndef TAIZHANG_TESTS_DBTEST_H
#define TAIZHANG_TESTS_DBTEST_H

#include "taizhang/db.h"

extern char tmpdir[64]; /* the group's temporary folder */

int group_setup(void **state);    /* cmocka group setup: makes tmpdir */
int group_teardown(void **state); /* removes tmpdir and everything in it */
void new_path(char *out, size_t cap);           /* a fresh path in tmpdir, not yet created */
tz_db *new_db(char *path, size_t cap);           /* a new database; path (may be NULL) receives where */
void exec_ok(tz_db *db, const char *sql);        /* fails the test if the SQL is refused */
void exec_refused(tz_db *db, const char *sql, const char *msg); /* refused with exactly msg */
int64_t query_int(tz_db *db, const char *sql);   /* the first column of the first row */
char *query_text(tz_db *db, const char *sql);    /* the same as a new string; "(null)" for NULL */
void assert_query_text(tz_db *db, const char *sql, const char *expected);
/* the built-in forms (TZ_FORMS_DIR, else forms/) loaded, checked against db and used by it */
void use_builtin_forms(tz_db *db, tz_formset *forms);

#endif
