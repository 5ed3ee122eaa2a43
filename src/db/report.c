/* report.c — what the report layer needs from the database: a read snapshot, the unit a report
 * covers, the settings row, and the check of every report's queries against the live schema. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

tz_status db_begin_read(tz_db *db, tz_error *err)
{
    int rc = sqlite3_exec(db->h, "BEGIN DEFERRED", NULL, NULL, NULL);
    return rc == SQLITE_OK ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

/* ---- scope ------------------------------------------------------------------------------------- */

/* The name a report of the whole database goes under: the database's unit (sync_self_unit,
 * migration 031) — a prefecture's, a county's own or its replica's city — and a township's
 * replica's city, whose name its reports have always carried. */
static tz_status city_name(tz_db *db, char *name, size_t cap, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT CASE u.level WHEN 'township' THEN p.name ELSE u.name END"
                                  "  FROM sync_self_unit me JOIN units u ON u.id = me.unit_id"
                                  "  LEFT JOIN units p ON p.id = u.parent_id", &st, err);
    if (s != TZ_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(name, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    else if (rc == SQLITE_DONE)
        s = tz_fail(err, TZ_ERR_NOTFOUND, "%s",
                    tz_L("数据库中还没有市级单位", "the database has no city unit yet"));
    else
        s = dbi_fail(db, NULL, rc, err);
    dbi_release(st);
    return s;
}

tz_status db_report_scope(tz_db *db, const char *code, int64_t id, int64_t *unit_id, char *name,
                          size_t cap, tz_error *err)
{
    *unit_id = 0;
    const tz_user *u = db_session(db);
    int64_t own = u ? u->township_id : 0;
    if ((!code || !*code) && id <= 0 && own)
        id = own; /* a township's clerk reports on its township */
    if ((!code || !*code) && id <= 0)
        return city_name(db, name, cap, err);
    sqlite3_stmt *st;
    /* whole: the unit city_name names, whose report is the whole database's */
    tz_status s = dbi_prepare(db, "SELECT id, name, level, code,"
                                  "       id IS (SELECT CASE w.level WHEN 'township' THEN w.parent_id ELSE w.id END"
                                  "                FROM sync_self_unit me JOIN units w ON w.id = me.unit_id)"
                                  "  FROM units WHERE code = ?1 OR (?1 IS NULL AND id = ?2)", &st, err);
    if (s != TZ_OK)
        return s;
    if (code && *code)
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *level = (const char *)sqlite3_column_text(st, 2);
        snprintf(name, cap, "%s", (const char *)sqlite3_column_text(st, 1));
        if (strcmp(level, "township") == 0)
            *unit_id = sqlite3_column_int64(st, 0);
        else if (!sqlite3_column_int(st, 4)) /* a village, a department, another county */
            s = tz_fail(err, TZ_ERR_INVALID,
                        tz_L("%s（%s）不是本库的市或一个乡镇/街道：报表只按全库或一个乡镇/街道编制",
                             "%s (%s) is not this database's city or a township: reports cover the "
                             "whole database or one township"), name, (const char *)sqlite3_column_text(st, 3));
        if (s == TZ_OK && own && *unit_id != own)
            s = tz_fail(err, TZ_ERR_DENIED, "%s",
                        tz_L("只能编制本乡镇（街道）的报表", "You may report on your own township only"));
    } else if (rc == SQLITE_DONE && code && *code) {
        s = tz_fail(err, TZ_ERR_NOTFOUND, tz_L("没有代码为 %s 的单位", "there is no unit with code %s"),
                    code);
    } else if (rc == SQLITE_DONE) {
        s = tz_fail(err, TZ_ERR_NOTFOUND, tz_L("没有编号为 %lld 的单位", "there is no unit with id %lld"),
                    (long long)id);
    } else {
        s = dbi_fail(db, NULL, rc, err);
    }
    dbi_release(st);
    return s;
}

/* ---- settings ---------------------------------------------------------------------------------- */

static void copy_text(sqlite3_stmt *st, int col, char *out, size_t cap)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    snprintf(out, cap, "%s", v ? v : "");
}

tz_status db_settings_get(tz_db *db, tz_settings *out, tz_error *err)
{
    *out = (tz_settings){ .print_command = "lp", .page_width = 80, .page_length = 60 };
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db,
                              "SELECT org_name, preparer, reviewer, phone, print_command, page_width,"
                              " page_length, leader FROM settings WHERE id = 1",
                              &st, err);
    if (s != TZ_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        copy_text(st, 0, out->org, sizeof out->org);
        copy_text(st, 1, out->preparer, sizeof out->preparer);
        copy_text(st, 2, out->reviewer, sizeof out->reviewer);
        copy_text(st, 3, out->phone, sizeof out->phone);
        copy_text(st, 4, out->print_command, sizeof out->print_command);
        out->page_width = sqlite3_column_int(st, 5);
        out->page_length = sqlite3_column_int(st, 6);
        copy_text(st, 7, out->leader, sizeof out->leader);
    } else if (rc != SQLITE_DONE) {
        s = dbi_fail(db, NULL, rc, err);
    }
    dbi_release(st);
    return s;
}

tz_status db_report_header(tz_db *db, int64_t township_id, tz_settings *out, tz_error *err)
{
    if (!township_id)
        return TZ_OK;
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT org_name, leader, preparer, reviewer, phone"
                                  " FROM township_headers WHERE township_id = ?1", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, township_id);
    int rc = sqlite3_step(st);
    *out->org = *out->leader = *out->preparer = *out->reviewer = *out->phone = '\0';
    if (rc == SQLITE_ROW) {
        copy_text(st, 0, out->org, sizeof out->org);
        copy_text(st, 1, out->leader, sizeof out->leader);
        copy_text(st, 2, out->preparer, sizeof out->preparer);
        copy_text(st, 3, out->reviewer, sizeof out->reviewer);
        copy_text(st, 4, out->phone, sizeof out->phone);
    } else if (rc != SQLITE_DONE) {
        s = dbi_fail(db, NULL, rc, err);
    }
    dbi_release(st);
    return s;
}

/* ---- checking report definitions --------------------------------------------------------------- */

/* The SQL parameters a report's queries may name, and the report parameter each needs. */
static const struct {
    const char *name;
    unsigned needs;
} query_params[] = {
    { ":year", TZ_RP_YEAR },     { ":quarter", TZ_RP_QUARTER },
    { ":q_start", TZ_RP_YEAR | TZ_RP_QUARTER }, { ":q_end", TZ_RP_YEAR | TZ_RP_QUARTER },
    { ":unit", 0 },              { ":id", TZ_RP_ID },
};

static bool param_allowed(const tz_report *r, const char *name)
{
    for (size_t i = 0; i < sizeof query_params / sizeof query_params[0]; i++)
        if (strcmp(query_params[i].name, name) == 0)
            return (r->params & query_params[i].needs) == query_params[i].needs;
    return false;
}

static bool has_result_column(sqlite3_stmt *st, const char *name)
{
    for (int i = 0; i < sqlite3_column_count(st); i++)
        if (strcmp(sqlite3_column_name(st, i), name) == 0)
            return true;
    return false;
}

static const tz_rcolumn *sheet_column(const tz_rsheet *s, const char *name)
{
    for (size_t i = 0; i < s->ncolumns; i++)
        if (strcmp(s->columns[i].name, name) == 0)
            return &s->columns[i];
    return NULL;
}

/* The columns a statement must give (query), may give (verify), or anything (info, summary). */
typedef enum { SQL_ROWS, SQL_VERIFY, SQL_LINES } sql_role;

static void check_columns(const tz_report *r, const tz_rsheet *s, sqlite3_stmt *st, sql_role role,
                          int line, tz_problems *probs)
{
    if (role == SQL_ROWS) {
        for (size_t i = 0; i < s->ncolumns; i++)
            if (s->columns[i].value == TZ_RV_QUERY && !has_result_column(st, s->columns[i].name))
                tz_problems_add(probs, r->file, s->columns[i].line,
                                tz_L("[sheet %s] 的 query 没有给出列 %s", "[sheet %s]: the query gives no column %s"),
                                s->name, s->columns[i].name);
    } else if (role == SQL_VERIFY) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const tz_rcolumn *c = sheet_column(s, sqlite3_column_name(st, i));
            if (!c || c->total != TZ_AGG_SUM)
                tz_problems_add(probs, r->file, line,
                                tz_L("verify 的列 %s 应为本表 total = sum 的列",
                                     "verify: column %s must be a column of this sheet with total = sum"),
                                sqlite3_column_name(st, i));
        }
    }
}

static void check_sql(tz_db *db, const tz_report *r, const tz_rsheet *s, const char *sql, int line,
                      sql_role role, tz_problems *probs)
{
    if (!sql)
        return;
    sqlite3_stmt *st = NULL;
    dbi_guard g = dbi_guard_read(db, NULL);
    tz_error err;
    if (dbi_guard_compile(db, &g, sql, &st, &err) != TZ_OK) {
        tz_problems_add(probs, r->file, line, tz_L("[sheet %s] 的 SQL 有误：%s", "[sheet %s]: bad SQL: %s"),
                        s->name, err.msg);
        return;
    }
    for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        if (!name || !param_allowed(r, name))
            tz_problems_add(probs, r->file, line,
                            tz_L("[sheet %s] 的 SQL 用了参数 %s，但报表的 params 不提供它",
                                 "[sheet %s]: the SQL names %s, which the report's params do not give"),
                            s->name, name ? name : "?");
    }
    check_columns(r, s, st, role, line, probs);
    sqlite3_finalize(st);
}

tz_status db_check_reports(tz_db *db, const tz_formset *set, tz_problems *probs)
{
    size_t before = probs->n;
    for (size_t i = 0; i < set->nreports; i++) {
        const tz_report *r = &set->reports[i];
        for (size_t j = 0; j < r->nsheets; j++) {
            const tz_rsheet *s = &r->sheets[j];
            check_sql(db, r, s, s->query, s->query_line, SQL_ROWS, probs);
            check_sql(db, r, s, s->verify, s->verify_line, SQL_VERIFY, probs);
            check_sql(db, r, s, s->info, s->info_line, SQL_LINES, probs);
            check_sql(db, r, s, s->summary, s->summary_line, SQL_LINES, probs);
        }
    }
    return probs->n > before ? TZ_ERR_PARSE : TZ_OK;
}
