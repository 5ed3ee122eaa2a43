/* stmt.c — the thin prepared-statement interface for tools and tests that write in bulk. */
#include "taizhang/db.h"
#include "db_internal.h"

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
