/* guard.c — SQL that comes from form, menu and report files is prepared under an authorizer.
 *
 * Those files are text anybody may copy and edit (--forms DIR), and their SQL — a form's table
 * and view, a lookup's where, a report's queries — ends up in statements. The authorizer is
 * set only around preparing such a statement, and SQLite asks it about every table, column
 * and action the statement names, views and triggers included:
 *   - reads: any table but the internal ones (table_access, migration 012; sqlite_*), and the
 *     admin-only ones only for an admin-only form with an administrator signed in (a write,
 *     made by the program from names only, reads what its foreign keys and triggers read);
 *   - writes: only the form's own table, at the top level (a trigger's writes are the schema's);
 *   - never transaction control, ATTACH, PRAGMA, or a change to the schema;
 *   - a read-only statement must be that (sqlite3_stmt_readonly), and one statement only.
 * The program's own SQL (users, drafts, the audit actor) is prepared without it. */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    tz_db *db;
    const dbi_guard *g;
    char refused[200];  /* what was refused first, for the clerk */
} guard_run;

/* ---- what the schema says about tables ---------------------------------------------------- */

static bool has_table_access(tz_db *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM sqlite_schema WHERE name = 'table_access'", -1, &st,
                           NULL) != SQLITE_OK)
        return true; /* cannot tell: assume it is there, and fail closed */
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

/* The marks fail closed: a table_access that cannot be read whole (an error, more rows than
 * fit, a name too long) would leave users or audit_log looking like ledgers, so guarded SQL is
 * then refused instead (marks_unread). Ledger and derived tables (016) have no mark. */
void dbi_marks_load(tz_db *db)
{
    db->nmarks = 0;
    db->marks_unread = false;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, "SELECT name, access FROM table_access"
                                " WHERE access IN ('admin', 'internal', 'shared')", -1, &st, NULL) != SQLITE_OK) {
        db->marks_unread = has_table_access(db); /* none before migration 012: only sqlite_* */
        return;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *access = (const char *)sqlite3_column_text(st, 1);
        if (!name || !access || strlen(name) >= sizeof db->marks[0].name || db->nmarks == DBI_MAX_MARKS)
            break;
        dbi_mark mark = strcmp(access, "admin") == 0      ? DBI_MARK_ADMIN
                        : strcmp(access, "internal") == 0 ? DBI_MARK_INTERNAL
                                                          : DBI_MARK_SHARED;
        snprintf(db->marks[db->nmarks].name, sizeof db->marks[0].name, "%s", name);
        db->marks[db->nmarks++].mark = mark;
    }
    db->marks_unread = rc != SQLITE_DONE;
    sqlite3_finalize(st);
}

dbi_mark dbi_table_mark(const tz_db *db, const char *table)
{
    if (!table)
        return DBI_MARK_NONE;
    if (strncmp(table, "sqlite_", 7) == 0)
        return DBI_MARK_INTERNAL;
    for (size_t i = 0; i < db->nmarks; i++)
        if (strcmp(db->marks[i].name, table) == 0)
            return db->marks[i].mark;
    return DBI_MARK_NONE;
}

static bool admin_session(const tz_db *db)
{
    return !db->has_users || (db->user.id && db->user.role == TZ_ROLE_ADMIN);
}

dbi_guard dbi_guard_read(tz_db *db, const tz_form *form)
{
    return (dbi_guard){
        .write_table = NULL,
        .admin_tables = form && dbi_table_mark(db, form->table) == DBI_MARK_ADMIN && admin_session(db),
    };
}

dbi_guard dbi_guard_lint(tz_db *db, const tz_form *form)
{
    return (dbi_guard){ .admin_tables = dbi_table_mark(db, form->table) == DBI_MARK_ADMIN };
}

dbi_guard dbi_guard_write(tz_db *db, const tz_form *form)
{
    dbi_guard g = dbi_guard_read(db, form);
    g.write_table = form->table;
    return g;
}

/* ---- the authorizer ------------------------------------------------------------------------ */

static int refuse(guard_run *run, const char *zh, const char *en, const char *name)
{
    if (!run->refused[0])
        snprintf(run->refused, sizeof run->refused, tz_L(zh, en), name ? name : "");
    return SQLITE_DENY;
}

/* A writing statement is made by the program from the form's table and column names alone:
 * what it reads besides (foreign keys, triggers, the audit trail) is the schema's doing. */
static int authorize_read(guard_run *run, const char *table)
{
    if (run->g->write_table)
        return SQLITE_OK;
    switch (dbi_table_mark(run->db, table)) {
    case DBI_MARK_INTERNAL:
        return refuse(run, "不能读取内部表 %s", "may not read the internal table %s", table);
    case DBI_MARK_ADMIN:
        if (run->g->admin_tables)
            return SQLITE_OK;
        return refuse(run, "不能读取 %s（只有管理员的表单能读取）",
                      "may not read %s (only the administrator's forms may)", table);
    default:
        return SQLITE_OK;
    }
}

/* `inner`: the trigger the change comes from; NULL for the statement's own text, and also for
 * a foreign key's action (ON DELETE CASCADE), which SQLite codes as a trigger without a name.
 * A writing statement is made by the program and names only the form's table, so a change to
 * any other table is the schema's doing (a township's report header going with the township). */
static int authorize_write(guard_run *run, const char *table, const char *inner)
{
    const dbi_guard *g = run->g;
    bool own = g->write_table && table && strcmp(g->write_table, table) == 0;
    if (g->write_table && (inner || !own))
        return SQLITE_OK;
    dbi_mark mark = dbi_table_mark(run->db, table);
    if (own && (mark == DBI_MARK_NONE || mark == DBI_MARK_SHARED || (mark == DBI_MARK_ADMIN && g->admin_tables)))
        return SQLITE_OK;
    return refuse(run, "不能修改 %s", "may not change %s", table);
}

static int authorize(void *arg, int action, const char *a, const char *b, const char *schema,
                     const char *inner)
{
    (void)schema;
    guard_run *run = arg;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        if (b && strcmp(b, "load_extension") == 0)
            return refuse(run, "不能调用 %s", "may not call %s", b);
        return SQLITE_OK;
    case SQLITE_READ:
        return authorize_read(run, a);
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
        return authorize_write(run, a, inner);
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        return refuse(run, "不能控制事务%s", "may not control transactions%s", NULL);
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return refuse(run, "不能附加其他数据库%s", "may not attach databases%s", NULL);
    case SQLITE_PRAGMA:
        return refuse(run, "不能使用 PRAGMA %s", "may not use PRAGMA %s", a);
    default: /* CREATE, DROP, ALTER, REINDEX, ANALYZE, virtual tables */
        return refuse(run, "不能修改数据库结构%s", "may not change the database's structure%s", NULL);
    }
}

/* ---- preparing ------------------------------------------------------------------------------ */

static bool only_space(const char *s)
{
    while (s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ';'))
        s++;
    return !s || !*s;
}

static tz_status refused(tz_error *err, const char *why)
{
    return tz_fail(err, TZ_ERR_DENIED, tz_L("表单或报表文件中的 SQL 被拒绝：%s",
                                            "SQL from a form or report file was refused: %s"),
                   why);
}

tz_status dbi_guard_compile(tz_db *db, const dbi_guard *g, const char *sql, sqlite3_stmt **out,
                            tz_error *err)
{
    *out = NULL;
    if (db->marks_unread)
        return refused(err, tz_L("无法完整读取各表的访问类别（table_access），请运行 taizhang check",
                                 "the tables' access marks (table_access) could not be read whole; "
                                 "run taizhang check"));
    guard_run run = { .db = db, .g = g };
    const char *tail = NULL;
    sqlite3_set_authorizer(db->h, authorize, &run);
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, out, &tail);
    sqlite3_set_authorizer(db->h, NULL, NULL);
    if (rc != SQLITE_OK)
        return run.refused[0] ? refused(err, run.refused) : dbi_fail(db, NULL, rc, err);
    const char *why = !*out               ? tz_L("没有语句", "no statement")
                      : !only_space(tail) ? tz_L("只能有一条语句", "only one statement is allowed")
                      : !g->write_table && !sqlite3_stmt_readonly(*out)
                          ? tz_L("只能读取，不能修改", "it may read, not change")
                          : NULL;
    if (!why)
        return TZ_OK;
    sqlite3_finalize(*out);
    *out = NULL;
    return refused(err, why);
}

void dbi_guard_key(const dbi_guard *g, char *key, size_t cap)
{
    snprintf(key, cap, "%c%c%s", g->write_table ? 'w' : 'r', g->admin_tables ? 'a' : '-',
             g->write_table ? g->write_table : "");
}
