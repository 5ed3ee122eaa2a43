/* check.c — is the file sound, and do the forms match the live schema? */
#include "taizhang/db.h"
#include "db_internal.h"

#include <string.h>

/* ---- the database file ---------------------------------------------------------------------- */

static tz_status integrity_rows(tz_db *db, const char *path, tz_problems *probs)
{
    sqlite3_stmt *st;
    tz_error err;
    tz_status s = dbi_prepare(db, "PRAGMA integrity_check", &st, &err);
    if (s != TZ_OK) {
        tz_problems_add(probs, path, 0, "%s", err.msg);
        return s;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *msg = (const char *)sqlite3_column_text(st, 0);
        if (msg && strcmp(msg, "ok") != 0) {
            tz_problems_add(probs, path, 0, tz_L("数据库完整性检查：%s", "integrity check: %s"),
                            msg);
            s = TZ_ERR_CORRUPT;
        }
    }
    if (rc != SQLITE_DONE) {
        s = dbi_fail(db, NULL, rc, &err);
        tz_problems_add(probs, path, 0, "%s", err.msg);
    }
    dbi_release(st);
    return s;
}

static tz_status foreign_key_rows(tz_db *db, const char *path, tz_problems *probs)
{
    sqlite3_stmt *st;
    tz_error err;
    tz_status s = dbi_prepare(db, "PRAGMA foreign_key_check", &st, &err);
    if (s != TZ_OK) {
        tz_problems_add(probs, path, 0, "%s", err.msg);
        return s;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        tz_problems_add(probs, path, 0,
                        tz_L("表 %s 中 id 为 %lld 的记录引用了 %s 中不存在的记录",
                             "table %s, row id %lld refers to a missing row of %s"),
                        (const char *)sqlite3_column_text(st, 0),
                        (long long)sqlite3_column_int64(st, 1),
                        (const char *)sqlite3_column_text(st, 2));
        s = TZ_ERR_CORRUPT;
    }
    if (rc != SQLITE_DONE) {
        s = dbi_fail(db, NULL, rc, &err);
        tz_problems_add(probs, path, 0, "%s", err.msg);
    }
    dbi_release(st);
    return s;
}

tz_status db_check_integrity(tz_db *db, const char *path, tz_problems *probs)
{
    tz_status s = integrity_rows(db, path, probs);
    tz_status fk = foreign_key_rows(db, path, probs);
    return s != TZ_OK ? s : fk;
}

/* ---- forms against the schema ------------------------------------------------------------- */

static bool table_exists(tz_db *db, const char *table)
{
    sqlite3_stmt *st;
    if (dbi_prepare(db, "SELECT count(*) FROM pragma_table_info(?1)", &st, NULL) != TZ_OK)
        return false;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    bool exists = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    dbi_release(st);
    return exists;
}

/* Adds a problem when `column` (may be NULL: nothing to check) is missing from table. */
static void need_column(tz_db *db, const tz_form *form, const char *table, const char *column,
                        int line, tz_problems *probs)
{
    if (!column || dbi_column_exists(db, table, column))
        return;
    tz_problems_add(probs, form->file, line,
                    tz_L("表 %s 中没有列 %s", "table %s has no column %s"), table, column);
}

static void check_lookup_where(tz_db *db, const tz_formset *set, const tz_form *form,
                               const tz_field *f, tz_problems *probs)
{
    const tz_form *target = f->lookup ? tz_spec_form(set, f->lookup) : NULL;
    if (!f->where || !target || !target->table || !table_exists(db, target->table))
        return;
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "SELECT 1 FROM ");
    dbi_ident(&sql, target->table);
    tz_sb_printf(&sql, " WHERE (%s)", f->where);
    sqlite3_stmt *st = NULL;
    if (!sql.failed && sqlite3_prepare_v2(db->h, sql.buf, -1, &st, NULL) != SQLITE_OK)
        tz_problems_add(probs, form->file, f->line,
                        tz_L("字段 %s 的查找条件有误：%s", "field %s: bad lookup condition: %s"),
                        f->column, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    tz_sb_free(&sql);
}

static void check_fields(tz_db *db, const tz_formset *set, const tz_form *form,
                         tz_problems *probs)
{
    for (size_t i = 0; i < form->nfields; i++) {
        const tz_field *f = &form->fields[i];
        need_column(db, form, form->table, f->column, f->line, probs);
        need_column(db, form, form->table, f->pinyin, f->line, probs);
        check_lookup_where(db, set, form, f, probs);
    }
}

static void check_details(tz_db *db, const tz_formset *set, const tz_form *form,
                          tz_problems *probs)
{
    for (size_t i = 0; i < form->ndetails; i++) {
        const tz_detail *d = &form->details[i];
        const tz_form *detail = d->form ? tz_spec_form(set, d->form) : NULL;
        if (detail && detail->table && table_exists(db, detail->table))
            need_column(db, form, detail->table, d->link, d->line, probs);
    }
}

static void check_form(tz_db *db, const tz_formset *set, const tz_form *form,
                       tz_problems *probs)
{
    if (!form->table)
        return; /* the parser has already said so */
    if (!table_exists(db, form->table)) {
        tz_problems_add(probs, form->file, form->table_line,
                        tz_L("数据库中没有表 %s", "the database has no table %s"), form->table);
        return;
    }
    check_fields(db, set, form, probs);
    need_column(db, form, form->table, form->display, form->display_line, probs);
    need_column(db, form, form->table, form->order, form->order_line, probs);
    need_column(db, form, form->table, form->tree, form->tree_line, probs);
    need_column(db, form, form->table, form->filter, form->filter_line, probs);
    for (size_t i = 0; i < form->nsearch; i++)
        need_column(db, form, form->table, form->search[i].column, form->search_line, probs);
    check_details(db, set, form, probs);
}

tz_status db_check_forms(tz_db *db, const tz_formset *set, tz_problems *probs)
{
    size_t before = probs->n;
    for (size_t i = 0; i < set->nforms; i++)
        check_form(db, set, &set->forms[i], probs);
    return probs->n > before ? TZ_ERR_PARSE : TZ_OK;
}
