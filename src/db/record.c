/* record.c — one record at a time, as the form view loads, saves and deletes it. */
#include "taizhang/db.h"
#include "taizhang/pinyin.h"
#include "db_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static tz_status record_gone(tz_error *err)
{
    return tz_fail(err, TZ_ERR_NOTFOUND, "%s",
                   tz_L("这条记录已不存在（可能已被他人删除）",
                        "this record no longer exists (someone may have deleted it)"));
}

/* Defence in depth: the UI offers no new, save or delete on a read-only form. */
static tz_status form_readonly(const tz_form *form, tz_error *err)
{
    return tz_fail(err, TZ_ERR_INVALID,
                   tz_L("“%s”只供查看，不能新增、修改或删除",
                        "\"%s\" is for viewing only: no new, change or delete"),
                   tz_form_title(form));
}

/* Every statement here names the form's table, view and columns: text of form files. */
static tz_status prepare_read(tz_db *db, const tz_form *form, const char *sql, sqlite3_stmt **st,
                              tz_error *err)
{
    dbi_guard g = dbi_guard_read(db, form);
    return dbi_prepare_guarded(db, &g, sql, st, err);
}

static tz_status prepare_write(tz_db *db, const tz_form *form, const char *sql,
                               sqlite3_stmt **st, tz_error *err)
{
    dbi_guard g = dbi_guard_write(db, form);
    return dbi_prepare_guarded(db, &g, sql, st, err);
}

/* ---- loading ------------------------------------------------------------------------------ */

/* SELECT id, <every field's column> FROM the read source: the record `id`, or (id 0) the one
 * with the highest id; only among the rows the session may see. */
static tz_status load_one(tz_db *db, const tz_form *form, int64_t id, tz_row *out, tz_error *err)
{
    memset(out, 0, sizeof *out);
    tz_status s = dbi_may_read(db, form, err);
    if (s != TZ_OK)
        return s;
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "SELECT t.id");
    for (size_t i = 0; i < form->nfields; i++) {
        tz_sb_append(&sql, ", t.");
        dbi_ident(&sql, form->fields[i].column);
    }
    tz_sb_append(&sql, " FROM ");
    dbi_ident(&sql, dbi_read_source(form));
    tz_sb_append(&sql, " t WHERE ");
    if (dbi_scoped(db)) {
        dbi_scope_sql(db, form, "t", &sql);
        tz_sb_append(&sql, " AND ");
    }
    tz_sb_append(&sql, id ? "t.id = ?1" : "1 ORDER BY t.id DESC LIMIT 1");
    if (sql.failed) {
        tz_sb_free(&sql);
        return dbi_nomem(err);
    }
    sqlite3_stmt *st;
    s = prepare_read(db, form, sql.buf, &st, err);
    tz_sb_free(&sql);
    if (s != TZ_OK)
        return s;
    if (id)
        sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (!dbi_read_row(st, false, out)) {
            tz_row_free(out);
            s = dbi_nomem(err);
        }
    } else if (rc == SQLITE_DONE) {
        s = tz_fail(err, TZ_ERR_NOTFOUND, "%s", tz_status_text(TZ_ERR_NOTFOUND));
    } else {
        s = dbi_fail(db, form, rc, err);
    }
    dbi_release(st);
    return s;
}

tz_status db_record_load(tz_db *db, const tz_form *form, int64_t id, tz_row *out, tz_error *err)
{
    if (id <= 0)
        return tz_fail(err, TZ_ERR_NOTFOUND, "%s", tz_status_text(TZ_ERR_NOTFOUND));
    return load_one(db, form, id, out, err);
}

tz_status db_record_last(tz_db *db, const tz_form *form, tz_row *out, tz_error *err)
{
    return load_one(db, form, 0, out, err);
}

/* ---- saving ------------------------------------------------------------------------------- */

static bool stored_as_integer(tz_field_type type)
{
    return type == TZ_FT_INTEGER || type == TZ_FT_MONEY || type == TZ_FT_YESNO ||
           type == TZ_FT_LOOKUP;
}

static tz_status not_a_number(const tz_field *f, const char *value, tz_error *err)
{
    return tz_fail(err, TZ_ERR_INVALID, tz_L("%s：“%s”不是数字", "%s: \"%s\" is not a number"),
                   tz_field_label(f), value);
}

/* A decimal: the whole text must be the number, and a finite one (REAL has no NaN). */
static bool parse_real(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    while (*end == ' ')
        end++;
    return end != s && *end == '\0' && errno == 0 && isfinite(*out);
}

tz_status dbi_field_value(const tz_field *f, const char *text, dbi_value *out, tz_error *err)
{
    *out = (dbi_value){ .kind = DBI_TEXT, .t = text };
    if (!text) {
        out->kind = DBI_NULL;
    } else if (f->type == TZ_FT_NUMBER) {
        if (!parse_real(text, &out->r))
            return not_a_number(f, text, err);
        out->kind = DBI_REAL;
    } else if (stored_as_integer(f->type)) {
        if (!tz_parse_int(text, &out->i))
            return not_a_number(f, text, err);
        out->kind = DBI_INT;
    }
    return TZ_OK;
}

void dbi_bind(sqlite3_stmt *st, int idx, const dbi_value *v)
{
    switch (v->kind) {
    case DBI_INT:  sqlite3_bind_int64(st, idx, v->i); break;
    case DBI_REAL: sqlite3_bind_double(st, idx, v->r); break;
    case DBI_TEXT: sqlite3_bind_text(st, idx, v->t, -1, SQLITE_STATIC); break;
    case DBI_NULL: sqlite3_bind_null(st, idx); break;
    }
}

static tz_status bind_field(sqlite3_stmt *st, int idx, const tz_field *f, const char *value,
                            tz_error *err)
{
    dbi_value v;
    tz_status s = dbi_field_value(f, value, &v, err);
    if (s == TZ_OK)
        dbi_bind(st, idx, &v);
    return s;
}

/* What a save writes besides the fields: pass 1 the pinyin columns, pass 2 the sort keys. */
static const char *derived_column(const tz_field *f, int pass)
{
    return pass == 0 ? f->column : pass == 1 ? f->pinyin : f->sortkey;
}

/* The columns a save writes: every field that is not read-only, then their pinyin columns and
 * their sort keys; an insert also the new row's id, taken from this database's block of ids
 * (migration 015). */
static void append_save_sql(tz_sb *sql, const tz_form *form, bool insert)
{
    tz_sb_append(sql, insert ? "INSERT INTO " : "UPDATE ");
    dbi_ident(sql, form->table);
    tz_sb_append(sql, insert ? " (id" : " SET ");
    int n = 0;
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < form->nfields; i++) {
            const tz_field *f = &form->fields[i];
            const char *col = derived_column(f, pass);
            if (f->readonly || !col)
                continue;
            tz_sb_append(sql, n++ || insert ? ", " : "");
            dbi_ident(sql, col);
            if (!insert)
                tz_sb_printf(sql, " = ?%d", n);
        }
    }
    if (!insert) {
        tz_sb_printf(sql, " WHERE id = ?%d", n + 1);
        return;
    }
    tz_sb_append(sql, ") VALUES (");
    dbi_next_id_sql(sql, form->table);
    for (int i = 1; i <= n; i++)
        tz_sb_printf(sql, ", ?%d", i);
    tz_sb_append(sql, ")");
}

/* Binds the values in the order append_save_sql named the columns. Pinyin strings and sort
 * keys are made here and kept in `pinyin` (two slots per field: initials, then key) until the
 * statement has run. */
static tz_status bind_save(sqlite3_stmt *st, const tz_form *form, char *const *values,
                           char **pinyin, int *nbound, tz_error *err)
{
    int idx = 0;
    for (size_t i = 0; i < form->nfields; i++) {
        const tz_field *f = &form->fields[i];
        if (f->readonly)
            continue;
        tz_status s = bind_field(st, ++idx, f, values[i], err);
        if (s != TZ_OK)
            return s;
    }
    for (int pass = 1; pass < 3; pass++) {
        for (size_t i = 0; i < form->nfields; i++) {
            const tz_field *f = &form->fields[i];
            if (f->readonly || !derived_column(f, pass))
                continue;
            idx++;
            if (!values[i]) {
                sqlite3_bind_null(st, idx);
                continue;
            }
            char **slot = &pinyin[(size_t)(pass - 1) * form->nfields + i];
            *slot = pass == 1 ? tz_pinyin_initials(values[i], f->surname)
                              : tz_pinyin_sort_key(values[i], f->surname);
            if (!*slot)
                return dbi_nomem(err);
            sqlite3_bind_text(st, idx, *slot, -1, SQLITE_STATIC);
        }
    }
    *nbound = idx;
    return TZ_OK;
}

static tz_status run_save(tz_db *db, const tz_form *form, int64_t *id, char *const *values,
                          char **pinyin, tz_error *err)
{
    bool insert = *id == 0;
    tz_sb sql = { 0 };
    append_save_sql(&sql, form, insert);
    if (sql.failed) {
        tz_sb_free(&sql);
        return dbi_nomem(err);
    }
    sqlite3_stmt *st;
    tz_status s = prepare_write(db, form, sql.buf, &st, err);
    tz_sb_free(&sql);
    if (s != TZ_OK)
        return s;
    int n = 0;
    s = bind_save(st, form, values, pinyin, &n, err);
    if (s == TZ_OK && !insert)
        sqlite3_bind_int64(st, n + 1, *id);
    if (s == TZ_OK) {
        int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) {
            s = dbi_fail(db, form, rc, err);
            dbi_explain(db, form, *id, values, err);
        } else if (insert)
            *id = sqlite3_last_insert_rowid(db->h);
        else if (sqlite3_changes(db->h) == 0)
            s = record_gone(err);
    }
    dbi_release(st);
    return s;
}

static bool same_value(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The value as a clerk reads it: a lookup's label, a choice's label, money as 1,234.50. */
static void shown_value(tz_db *db, const tz_field *f, const char *stored, char *out, size_t cap)
{
    if (!stored) {
        snprintf(out, cap, "%s", tz_L("（空）", "(empty)"));
        return;
    }
    const tz_form *target = f->type == TZ_FT_LOOKUP && db->forms ? tz_spec_form(db->forms, f->lookup)
                                                                 : NULL;
    int64_t ref;
    char *label = NULL;
    if (target && tz_parse_int(stored, &ref) && db_lookup_label(db, target, ref, &label, NULL) == TZ_OK
        && label) {
        snprintf(out, cap, "%s", label);
        free(label);
        return;
    }
    free(label);
    tz_field_format(f, stored, out, cap);
}

/* Compares what the clerk read with what is there now; each writable field that differs is
 * named with its new value. Returns TZ_OK when nothing changed. */
static tz_status compare_with_current(tz_db *db, const tz_form *form, const tz_row *loaded,
                                      const tz_row *now, tz_error *err)
{
    tz_sb sb = { 0 };
    for (size_t i = 0; i < form->nfields && i < loaded->n && i < now->n; i++) {
        const tz_field *f = &form->fields[i];
        if (f->readonly || same_value(loaded->v[i], now->v[i]))
            continue;
        char shown[200];
        shown_value(db, f, now->v[i], shown, sizeof shown);
        tz_sb_printf(&sb, tz_L("%s%s 现为“%s”", "%s%s is now \"%s\""), sb.len ? tz_L("；", "; ") : "",
                     tz_field_label(f), shown);
    }
    if (!sb.len)
        return TZ_OK;
    tz_status s = tz_fail(err, TZ_ERR_CONFLICT, tz_L("他人已修改此记录，未保存：%s",
                                                     "someone else changed this record; not saved: %s"),
                          sb.failed ? "…" : sb.buf);
    tz_sb_free(&sb);
    return s;
}

/* One write transaction: with `loaded`, first the check that nobody changed the record. */
static tz_status save_locked(tz_db *db, const tz_form *form, int64_t *id, char *const *values,
                             const tz_row *loaded, tz_row *current, tz_error *err)
{
    if (form->readonly)
        return form_readonly(form, err);
    tz_status s = dbi_may_write(db, form, err);
    if (s != TZ_OK)
        return s;
    char **pinyin = calloc(form->nfields ? 2 * form->nfields : 1, sizeof *pinyin);
    if (!pinyin)
        return dbi_nomem(err);
    bool nested;
    s = dbi_write_begin(db, &nested, err);
    if (s == TZ_OK) {
        int64_t new_id = *id;
        tz_row now = { 0 };
        if (*id) /* a township's clerk changes its own rows, and only into its own rows */
            s = dbi_check_row_scope(db, form, *id, err);
        if (s == TZ_OK && loaded) {
            s = db_record_load(db, form, *id, &now, err);
            if (s == TZ_OK)
                s = compare_with_current(db, form, loaded, &now, err);
        }
        if (s == TZ_OK)
            s = run_save(db, form, &new_id, values, pinyin, err);
        if (s == TZ_OK)
            s = dbi_check_row_scope(db, form, new_id, err);
        if (s == TZ_OK)
            s = dbi_write_commit(db, nested, err);
        else
            dbi_write_rollback(db, nested);
        if (s == TZ_OK)
            *id = new_id;
        if (s == TZ_ERR_CONFLICT && current)
            *current = now;
        else
            tz_row_free(&now);
    }
    for (size_t i = 0; i < 2 * form->nfields; i++)
        free(pinyin[i]);
    free(pinyin);
    return s;
}

tz_status db_record_save(tz_db *db, const tz_form *form, int64_t *id, char *const *values,
                         tz_error *err)
{
    return save_locked(db, form, id, values, NULL, NULL, err);
}

tz_status db_record_save_checked(tz_db *db, const tz_form *form, int64_t id, char *const *values,
                                 const tz_row *loaded, tz_row *current, tz_error *err)
{
    return save_locked(db, form, &id, values, loaded, current, err);
}

/* ---- deleting, labels ---------------------------------------------------------------------- */

static tz_status run_by_id(tz_db *db, const tz_form *form, const char *sql, int64_t id,
                           tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = prepare_write(db, form, sql, &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        s = dbi_fail(db, form, rc, err);
        dbi_explain(db, form, id, NULL, err);
    } else if (sqlite3_changes(db->h) == 0)
        s = record_gone(err);
    dbi_release(st);
    return s;
}

tz_status db_record_delete(tz_db *db, const tz_form *form, int64_t id, tz_error *err)
{
    if (form->readonly)
        return form_readonly(form, err);
    tz_status s = dbi_may_write(db, form, err);
    if (s != TZ_OK)
        return s;
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "DELETE FROM ");
    dbi_ident(&sql, form->table);
    tz_sb_append(&sql, " WHERE id = ?1");
    if (sql.failed) {
        tz_sb_free(&sql);
        return dbi_nomem(err);
    }
    bool nested;
    s = dbi_write_begin(db, &nested, err);
    if (s == TZ_OK) {
        s = dbi_check_row_scope(db, form, id, err);
        if (s == TZ_OK)
            s = run_by_id(db, form, sql.buf, id, err);
        if (s == TZ_OK)
            s = dbi_write_commit(db, nested, err);
        else
            dbi_write_rollback(db, nested);
    }
    tz_sb_free(&sql);
    return s;
}

tz_status db_lookup_label(tz_db *db, const tz_form *target, int64_t id, char **label,
                          tz_error *err)
{
    *label = NULL;
    if (db->has_users && !db_session(db)) /* names of any row, once signed in */
        return tz_fail(err, TZ_ERR_DENIED, "%s", tz_L("请先登录", "Sign in first"));
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "SELECT ");
    dbi_ident(&sql, target->display ? target->display : "id");
    tz_sb_append(&sql, " FROM ");
    dbi_ident(&sql, dbi_read_source(target));
    tz_sb_append(&sql, " WHERE id = ?1");
    sqlite3_stmt *st;
    tz_status s = sql.failed ? dbi_nomem(err) : prepare_read(db, target, sql.buf, &st, err);
    tz_sb_free(&sql);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *text = sqlite3_column_text(st, 0);
        *label = tz_strdup(text ? (const char *)text : "");
        if (!*label)
            s = dbi_nomem(err);
    } else if (rc == SQLITE_DONE) {
        s = tz_fail(err, TZ_ERR_NOTFOUND, "%s", tz_status_text(TZ_ERR_NOTFOUND));
    } else {
        s = dbi_fail(db, target, rc, err);
    }
    dbi_release(st);
    return s;
}

/* ---- pinyin for rows written outside taizhang --------------------------------------------- */

#define FILL_BATCH 256

typedef struct {
    int64_t id[FILL_BATCH];   /* rows whose pinyin column is NULL */
    char *value[FILL_BATCH];  /* their text; owned */
    size_t n;
} fill_batch;

static void fill_batch_clear(fill_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->value[i]);
    b->n = 0;
}

/* Rows still to fill: a pinyin column (pass 1) is NULL, a sort key (pass 2, NOT NULL) ''. */
static void append_fill_select(tz_sb *sql, const tz_form *form, const tz_field *f, int pass)
{
    tz_sb_append(sql, "SELECT id, ");
    dbi_ident(sql, f->column);
    tz_sb_append(sql, " FROM ");
    dbi_ident(sql, form->table);
    tz_sb_append(sql, " WHERE ");
    dbi_ident(sql, derived_column(f, pass));
    tz_sb_append(sql, pass == 1 ? " IS NULL AND " : " = '' AND ");
    dbi_ident(sql, f->column);
    tz_sb_printf(sql, " IS NOT NULL LIMIT %d", FILL_BATCH);
}

static tz_status read_fill_batch(tz_db *db, sqlite3_stmt *st, fill_batch *b, tz_error *err)
{
    int rc = SQLITE_DONE;
    bool ok = true;
    while (b->n < FILL_BATCH && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        b->id[b->n] = sqlite3_column_int64(st, 0);
        b->value[b->n] = dbi_column_dup(st, 1, &ok);
        b->n++;
    }
    tz_status s = TZ_OK;
    if (!ok)
        s = dbi_nomem(err);
    else if (b->n < FILL_BATCH && rc != SQLITE_DONE)
        s = dbi_fail(db, NULL, rc, err);
    dbi_release(st);
    return s;
}

static tz_status write_fill_batch(tz_db *db, sqlite3_stmt *upd, const tz_field *f, int pass,
                                  const fill_batch *b, tz_error *err)
{
    for (size_t i = 0; i < b->n; i++) {
        char *py = pass == 1 ? tz_pinyin_initials(b->value[i], f->surname)
                             : tz_pinyin_sort_key(b->value[i], f->surname);
        if (!py)
            return dbi_nomem(err);
        sqlite3_bind_text(upd, 1, py, -1, SQLITE_STATIC);
        sqlite3_bind_int64(upd, 2, b->id[i]);
        int rc = sqlite3_step(upd);
        dbi_release(upd);
        free(py);
        if (rc != SQLITE_DONE)
            return dbi_fail(db, NULL, rc, err);
    }
    return TZ_OK;
}

/* Batches, because changing rows under a running SELECT on the same index is not safe. */
static tz_status fill_field(tz_db *db, const tz_form *form, const tz_field *f, int pass,
                            tz_error *err)
{
    tz_sb sel = { 0 }, upd = { 0 };
    append_fill_select(&sel, form, f, pass);
    tz_sb_append(&upd, "UPDATE ");
    dbi_ident(&upd, form->table);
    tz_sb_append(&upd, " SET ");
    dbi_ident(&upd, derived_column(f, pass));
    tz_sb_append(&upd, " = ?1 WHERE id = ?2");
    tz_status s = sel.failed || upd.failed ? dbi_nomem(err) : TZ_OK;
    fill_batch *b = s == TZ_OK ? calloc(1, sizeof *b) : NULL;
    if (s == TZ_OK && !b)
        s = dbi_nomem(err);
    while (s == TZ_OK) {
        sqlite3_stmt *sst, *ust;
        s = prepare_read(db, form, sel.buf, &sst, err);
        if (s == TZ_OK)
            s = read_fill_batch(db, sst, b, err);
        if (s == TZ_OK && b->n)
            s = prepare_write(db, form, upd.buf, &ust, err);
        if (s == TZ_OK && b->n)
            s = write_fill_batch(db, ust, f, pass, b, err);
        bool last = b->n < FILL_BATCH;
        fill_batch_clear(b);
        if (last)
            break;
    }
    free(b);
    tz_sb_free(&sel);
    tz_sb_free(&upd);
    return s;
}

/* A field whose pinyin column (pass 1) or sort key (pass 2) this form keeps: a read-only
 * field's come from its view (contracts_v.signer_py is units.name_py, kept by the units form). */
static bool keeps_derived(const tz_form *form, const tz_field *f, int pass)
{
    return derived_column(f, pass) && !f->readonly && !form->readonly;
}

/* Whether any row lacks its pinyin or sort key: checked first so that opening a list does not
 * take the write lock when there is nothing to do. */
static bool fill_needed(tz_db *db, const tz_form *form)
{
    bool needed = false;
    for (size_t n = 0; !needed && n < 2 * form->nfields; n++) {
        const tz_field *f = &form->fields[n % form->nfields];
        int pass = 1 + (int)(n / form->nfields);
        if (!keeps_derived(form, f, pass))
            continue;
        tz_sb sql = { 0 };
        append_fill_select(&sql, form, f, pass);
        sqlite3_stmt *st;
        /* an error here (a missing column) is left for the fill itself to report */
        needed = sql.failed || prepare_read(db, form, sql.buf, &st, NULL) != TZ_OK;
        if (!needed) {
            needed = sqlite3_step(st) != SQLITE_DONE;
            dbi_release(st);
        }
        tz_sb_free(&sql);
    }
    return needed;
}

tz_status db_fill_pinyin(tz_db *db, const tz_form *form, tz_error *err)
{
    if (db->readonly || !fill_needed(db, form))
        return TZ_OK; /* read-only: lists still work, only pinyin search misses those rows */
    bool nested;
    tz_status s = dbi_write_begin(db, &nested, err);
    for (int pass = 1; pass < 3; pass++)
        for (size_t i = 0; s == TZ_OK && i < form->nfields; i++)
            if (keeps_derived(form, &form->fields[i], pass))
                s = fill_field(db, form, &form->fields[i], pass, err);
    if (s == TZ_OK)
        return dbi_write_commit(db, nested, err);
    dbi_write_rollback(db, nested);
    return s;
}
