/* stmt.c — the thin prepared-statement interface for tools and tests that write in bulk. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>

struct tz_stmt {
    tz_db *db;          /* the connection it was prepared on; borrowed */
    sqlite3_stmt *st;   /* owned */
};

tz_status db_prepare(tz_db *db, const char *sql, tz_stmt **out, tz_error *err)
{
    *out = NULL;
    tz_stmt *s = calloc(1, sizeof *s);
    if (!s)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &s->st, NULL);
    if (rc != SQLITE_OK) {
        free(s);
        return dbi_fail(db, NULL, rc, err);
    }
    s->db = db;
    *out = s;
    return TZ_OK;
}

void db_bind_int(tz_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st->st, idx, v);
}

void db_bind_text(tz_stmt *st, int idx, const char *v)
{
    if (v)
        sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->st, idx);
}

void db_bind_null(tz_stmt *st, int idx)
{
    sqlite3_bind_null(st->st, idx);
}

tz_status db_step(tz_stmt *st, bool *row, tz_error *err)
{
    int rc = sqlite3_step(st->st);
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        return TZ_OK;
    tz_status s = rc == SQLITE_DONE ? TZ_OK : dbi_fail(st->db, NULL, rc, err);
    sqlite3_reset(st->st);
    return s;
}

int64_t db_column_int(tz_stmt *st, int col)
{
    return sqlite3_column_int64(st->st, col);
}

const char *db_column_text(tz_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st->st, col);
}

void db_reset(tz_stmt *st)
{
    sqlite3_reset(st->st);
}

void db_finalize(tz_stmt *st)
{
    if (st) {
        sqlite3_finalize(st->st);
        free(st);
    }
}

int64_t db_last_insert_id(tz_db *db)
{
    return sqlite3_last_insert_rowid(db->h);
}

/* ---- report queries ---------------------------------------------------------------------------- */

/* The first and last day of a quarter (1–4), YYYY-MM-DD. */
static void quarter_days(int year, int quarter, char start[16], char end[16])
{
    static const char *const days[][2] = {
        { "01-01", "03-31" }, { "04-01", "06-30" }, { "07-01", "09-30" }, { "10-01", "12-31" },
    };
    snprintf(start, 16, "%04d-%s", year % 10000, days[quarter - 1][0]);
    snprintf(end, 16, "%04d-%s", year % 10000, days[quarter - 1][1]);
}

static void bind_name_int(sqlite3_stmt *st, const char *name, int64_t v, bool null)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i > 0 && null)
        sqlite3_bind_null(st, i);
    else if (i > 0)
        sqlite3_bind_int64(st, i, v);
}

static void bind_name_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i > 0)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

tz_status db_query_open(tz_db *db, const char *sql, const tz_query_params *p, tz_stmt **out,
                        tz_error *err)
{
    *out = NULL;
    if (db->has_users && !db_session(db))
        return tz_fail(err, TZ_ERR_DENIED, "%s", tz_L("请先登录", "Sign in first"));
    tz_stmt *q = calloc(1, sizeof *q);
    if (!q)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    /* a report's SQL is text of a report file: read-only, no internal tables (guard.c) */
    dbi_guard g = dbi_guard_read(db, NULL);
    tz_status s = dbi_guard_compile(db, &g, sql, &q->st, err);
    if (s != TZ_OK) {
        free(q);
        return s;
    }
    q->db = db;
    *out = q;
    sqlite3_stmt *st = q->st;
    bind_name_int(st, ":year", p->year, p->year == 0);
    bind_name_int(st, ":quarter", p->quarter, p->quarter == 0);
    bind_name_int(st, ":unit", p->unit_id, p->unit_id == 0);
    bind_name_int(st, ":id", p->id, p->id == 0);
    if (p->year && p->quarter >= 1 && p->quarter <= 4) {
        char start[16], end[16];
        quarter_days(p->year, p->quarter, start, end);
        bind_name_text(st, ":q_start", start);
        bind_name_text(st, ":q_end", end);
    }
    return TZ_OK;
}

int db_column_count(tz_stmt *st)
{
    return sqlite3_column_count(st->st);
}

const char *db_column_name(tz_stmt *st, int col)
{
    return sqlite3_column_name(st->st, col);
}
