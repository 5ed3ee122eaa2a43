/* history.c — a record's changes as the audit triggers recorded them (migration 007): one
 * row per changed column of an update, one per insert or delete. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdlib.h>

#define MAX_HISTORY 500 /* rows shown; a record changed more often shows its first 500 */

static const char history_sql[] =
    "SELECT a.id, a.at, coalesce(a.login, ''), a.action, NULL, NULL, NULL FROM audit_log a"
    " WHERE a.tbl = ?1 AND a.row_id = ?2 AND a.action <> 'update'"
    " UNION ALL "
    "SELECT a.id, a.at, coalesce(a.login, ''), a.action, n.key,"
    " json_extract(a.old_values, '$.\"' || n.key || '\"'), n.value"
    " FROM audit_log a, json_each(a.new_values) n"
    " WHERE a.tbl = ?1 AND a.row_id = ?2 AND a.action = 'update'"
    " AND json_extract(a.old_values, '$.\"' || n.key || '\"') IS NOT n.value"
    " ORDER BY 1 LIMIT ?3";

tz_status db_record_history(tz_db *db, const tz_form *form, int64_t id, tz_rows *out,
                            tz_error *err)
{
    out->rows = NULL;
    out->n = 0;
    tz_row visible = { 0 }; /* only the history of a record the clerk may see */
    tz_status s = db_record_load(db, form, id, &visible, err);
    tz_row_free(&visible);
    if (s != TZ_OK)
        return s;
    sqlite3_stmt *st;
    s = dbi_prepare(db, history_sql, &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, form->table, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int(st, 3, MAX_HISTORY);
    out->rows = calloc(MAX_HISTORY, sizeof *out->rows);
    if (!out->rows)
        s = tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    int rc = SQLITE_DONE;
    while (s == TZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!dbi_read_row(st, false, &out->rows[out->n++]))
            s = tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    }
    if (s == TZ_OK && rc != SQLITE_DONE)
        s = dbi_fail(db, form, rc, err);
    dbi_release(st);
    if (s != TZ_OK)
        tz_rows_free(out);
    return s;
}
