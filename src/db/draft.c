/* draft.c — a form's typed values kept when the session ends without a save (a hang-up), and
 * offered back when the same clerk opens the same record again. */
#include "db_internal.h"

#include <stdlib.h>
#include <string.h>

tz_status db_draft_save(tz_db *db, const tz_form *form, int64_t id, char *const *typed,
                        tz_error *err)
{
    if (db->readonly)
        return tz_fail(err, TZ_ERR_READONLY, "%s", tz_status_text(TZ_ERR_READONLY));
    /* a draft is work towards a save: none for whom the save would be refused (a viewer) */
    if (form->readonly)
        return tz_fail(err, TZ_ERR_DENIED, "%s", tz_status_text(TZ_ERR_DENIED));
    tz_status allowed = dbi_may_write(db, form, err);
    if (allowed != TZ_OK)
        return allowed;
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "INSERT OR REPLACE INTO drafts (form, record_id, login, data)"
                       " VALUES (?1, ?2, ?3, json_array(");
    for (size_t i = 0; i < form->nfields; i++)
        tz_sb_printf(&sql, "%s?%zu", i ? ", " : "", i + 4);
    tz_sb_append(&sql, "))");
    if (sql.failed) {
        tz_sb_free(&sql);
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    }
    bool nested;
    tz_status s = dbi_write_begin(db, &nested, err);
    if (s == TZ_OK) {
        sqlite3_stmt *st;
        s = dbi_prepare(db, sql.buf, &st, err);
        if (s == TZ_OK) {
            sqlite3_bind_text(st, 1, form->name, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, id);
            sqlite3_bind_text(st, 3, db->user.login, -1, SQLITE_STATIC);
            for (size_t i = 0; i < form->nfields; i++)
                sqlite3_bind_text(st, (int)i + 4, typed[i], -1, SQLITE_STATIC);
            int rc = sqlite3_step(st);
            if (rc != SQLITE_DONE)
                s = dbi_fail(db, NULL, rc, err);
            dbi_release(st);
        }
        if (s == TZ_OK)
            s = dbi_write_commit(db, nested, err);
        else
            dbi_write_rollback(db, nested);
    }
    tz_sb_free(&sql);
    return s;
}

tz_status db_draft_load(tz_db *db, const tz_form *form, int64_t id, tz_row *out, char **saved_at,
                        tz_error *err)
{
    memset(out, 0, sizeof *out);
    *saved_at = NULL;
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT j.value, d.saved_at FROM drafts d, json_each(d.data) j"
                                  " WHERE d.form = ?1 AND d.record_id = ?2 AND d.login = ?3"
                                  " ORDER BY j.key", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, form->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, db->user.login, -1, SQLITE_STATIC);
    out->v = calloc(form->nfields ? form->nfields : 1, sizeof *out->v);
    if (!out->v) {
        dbi_release(st);
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    }
    out->id = id;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < form->nfields) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        out->v[out->n++] = v ? tz_strdup(v) : NULL;
        if (!*saved_at)
            *saved_at = tz_strdup((const char *)sqlite3_column_text(st, 1));
    }
    dbi_release(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        s = dbi_fail(db, NULL, rc, err);
    else if (out->n != form->nfields) /* none, or one kept for an older version of the form */
        s = tz_fail(err, TZ_ERR_NOTFOUND, "%s", tz_status_text(TZ_ERR_NOTFOUND));
    if (s != TZ_OK) {
        tz_row_free(out);
        free(*saved_at);
        *saved_at = NULL;
    }
    return s;
}

tz_status db_draft_discard(tz_db *db, const tz_form *form, int64_t id, tz_error *err)
{
    if (db->readonly)
        return TZ_OK;
    bool nested;
    tz_status s = dbi_write_begin(db, &nested, err);
    if (s != TZ_OK)
        return s;
    sqlite3_stmt *st;
    s = dbi_prepare(db, "DELETE FROM drafts WHERE form = ?1 AND record_id = ?2 AND login = ?3",
                    &st, err);
    if (s == TZ_OK) {
        sqlite3_bind_text(st, 1, form->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, id);
        sqlite3_bind_text(st, 3, db->user.login, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE)
            s = dbi_fail(db, NULL, rc, err);
        dbi_release(st);
    }
    if (s == TZ_OK)
        return dbi_write_commit(db, nested, err);
    dbi_write_rollback(db, nested);
    return s;
}
