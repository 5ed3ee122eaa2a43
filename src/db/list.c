/* list.c — list pages by keyset: the next page starts after the last row's (sort value, id),
 * so a page costs the same at row 10 as at row 10 million. Never OFFSET, never all rows. */
#include "list_internal.h"
#include "taizhang/pinyin.h"

#include <stdlib.h>
#include <string.h>

void lq_bind_text(list_query *lq, const char *t)
{
    if (lq->nbinds >= MAX_BINDS) {
        lq->overflow = true;
        return;
    }
    lq->binds[lq->nbinds++] = (dbi_value){ .kind = DBI_TEXT, .t = t };
}

static void bind_value_add(list_query *lq, dbi_value v)
{
    if (lq->nbinds >= MAX_BINDS) {
        lq->overflow = true;
        return;
    }
    lq->binds[lq->nbinds++] = v;
}

void lq_free(list_query *lq)
{
    tz_sb_free(&lq->sql);
    free(lq->search_plain);
    free(lq->search_lower);
    free(lq->like_plain);
    free(lq->like_lower);
    free(lq->chosen);
    free(lq->grams);
    free(lq->gram);
}

void lq_add_condition(list_query *lq)
{
    tz_sb_append(&lq->sql, lq->has_where ? " AND " : " WHERE ");
    lq->has_where = true;
}

void lq_append_column(tz_sb *sb, const char *column)
{
    tz_sb_append(sb, "t.");
    dbi_ident(sb, column);
}

/* ---- the query ----------------------------------------------------------------------------- */

/* The field the list is sorted by, or NULL (form->order names no field, or none). */
static const tz_field *sort_field(const tz_listq *q)
{
    const tz_form *form = q->form;
    if (q->sort >= 0 && (size_t)q->sort < form->ncolumns)
        return &form->fields[form->columns[q->sort].field];
    int fi = form->order ? tz_form_field_index(form, form->order) : -1;
    return fi >= 0 ? &form->fields[fi] : NULL;
}

/* The column the list's sort reads: a field's, or its pinyin sort key when it has one (names
 * in pinyin order, through the key's index). */
static const char *sort_column(const tz_listq *q)
{
    const tz_field *f = sort_field(q);
    if (!f)
        return q->form->order;
    return f->sortkey ? f->sortkey : f->column;
}

static int compare_ranked(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A choice is sorted by its label, as shown, in pinyin order (已签订 < 草稿 would be code
 * order: signed > draft): CASE code WHEN … THEN its label's rank, the rest (NULL) first. */
static bool append_choice_rank(tz_sb *sb, const tz_field *f)
{
    char **keys = calloc(f->nchoices ? f->nchoices : 1, sizeof *keys);
    bool ok = keys != NULL;
    for (size_t i = 0; ok && i < f->nchoices; i++) {
        char *key = tz_pinyin_sort_key(tz_choice_label(&f->choices[i]), false);
        /* the key, then the code: sorting the pairs ranks the codes */
        tz_sb pair = { 0 };
        tz_sb_printf(&pair, "%s%c%s", key ? key : "", 1, f->choices[i].code);
        ok = key && !pair.failed;
        free(key);
        keys[i] = ok ? tz_sb_take(&pair) : NULL;
        tz_sb_free(&pair);
    }
    if (ok) {
        qsort(keys, f->nchoices, sizeof *keys, compare_ranked);
        tz_sb_append(sb, "CASE ");
        lq_append_column(sb, f->column);
        for (size_t i = 0; i < f->nchoices; i++) {
            tz_sb_append(sb, " WHEN ");
            dbi_text_literal(sb, strchr(keys[i], 1) + 1);
            tz_sb_printf(sb, " THEN %zu", i);
        }
        tz_sb_append(sb, " ELSE -1 END");
    }
    for (size_t i = 0; keys && i < f->nchoices; i++)
        free(keys[i]);
    free(keys);
    return ok;
}

/* The rows' order: a search's own (see plan_search), else the list's sort. Row values holding
 * NULL compare as unknown and would drop rows from every page, so a nullable sort column is
 * read through coalesce(); a prefix search's column holds no NULL in the rows it matches. */
static void append_sort_expr(tz_db *db, tz_sb *sb, const list_query *lq, const tz_listq *q)
{
    const char *col = sort_column(q);
    const tz_field *by = sort_field(q);
    if (lq->grams) {
        tz_sb_append(sb, "g.");
        dbi_ident(sb, lq->single->column);
    } else if (lq->order_column) {
        lq_append_column(sb, lq->order_column);
    } else if (by && by->type == TZ_FT_CHOICE && by->nchoices && append_choice_rank(sb, by)) {
        return;
    } else if (!col) {
        tz_sb_append(sb, "t.id");
    } else if (dbi_column_nullable(db, dbi_read_source(q->form), col)) {
        tz_sb_append(sb, "coalesce(");
        lq_append_column(sb, col);
        tz_sb_append(sb, ", '')");
    } else {
        lq_append_column(sb, col);
    }
}

/* The id that breaks ties: the n-gram table's, so that its index gives the order. */
static const char *id_expr(const list_query *lq)
{
    return lq->grams ? "g.id" : "t.id";
}

/* A lookup column shows the looked-up row's display text, not its id. */
static void append_list_column(tz_db *db, tz_sb *sb, const tz_field *f)
{
    const tz_form *target = (f->type == TZ_FT_LOOKUP && f->lookup && db->forms)
                                ? tz_spec_form(db->forms, f->lookup) : NULL;
    if (!target || !target->table || !target->display) {
        lq_append_column(sb, f->column);
        return;
    }
    tz_sb_append(sb, "(SELECT l.");
    dbi_ident(sb, target->display);
    tz_sb_append(sb, " FROM ");
    dbi_ident(sb, dbi_read_source(target));
    tz_sb_append(sb, " l WHERE l.id = ");
    lq_append_column(sb, f->column);
    tz_sb_append(sb, ")");
}

/* The clerk's filters: each `col = ?`, the value bound with its field's type: a view's derived
 * column (contracts_v.township_id) has no affinity, and the text '54' equals no integer 54. */
static void add_filters(list_query *lq, const tz_listq *q)
{
    for (size_t i = 0; i < q->nfilters; i++) {
        const tz_filter *f = &q->filters[i];
        lq_add_condition(lq);
        lq_append_column(&lq->sql, f->column);
        if (!f->value) {
            tz_sb_append(&lq->sql, " IS NULL");
            continue;
        }
        tz_sb_append(&lq->sql, " = ?");
        int fi = tz_form_field_index(q->form, f->column);
        dbi_value v = { .kind = DBI_TEXT, .t = f->value };
        if (fi >= 0 && lq->bad_value == TZ_OK)
            lq->bad_value = dbi_field_value(&q->form->fields[fi], f->value, &v, &lq->bad);
        bind_value_add(lq, v);
    }
}

/* A count through the n-gram table need not read the rows themselves when nothing but the
 * search narrows them: at national scale that is 10,000 reads of a 2 GB table on one key. */
static bool grams_alone(tz_db *db, const list_query *lq, const tz_listq *q)
{
    return lq->grams && !q->form->view && !dbi_scoped(db) && !q->filter_col && q->nfilters == 0
        && !(q->where && *q->where);
}

/* The rows read, as `t`: the form's read source, or the rows of it that a lookup's `where`
 * (text of a form file) keeps, as a query of its own, so that no text there can reach the
 * scope and the filters, which are conditions of the query around it. */
static void append_source(list_query *lq, const tz_listq *q)
{
    if (q->where && *q->where) {
        tz_sb_append(&lq->sql, "(SELECT * FROM ");
        dbi_ident(&lq->sql, dbi_read_source(q->form));
        tz_sb_printf(&lq->sql, " t WHERE (%s))", q->where);
    } else {
        dbi_ident(&lq->sql, dbi_read_source(q->form));
    }
    tz_sb_append(&lq->sql, " t");
}

/* FROM and the conditions shared by a page, the count and the counts: filter, filters,
 * where, search. `rows`: the rows' columns are read (t), not only counted. */
static bool add_from_where(tz_db *db, list_query *lq, const tz_listq *q, bool rows)
{
    tz_sb_append(&lq->sql, " FROM ");
    if (!rows && grams_alone(db, lq, q)) {
        dbi_ident(&lq->sql, lq->grams);
        tz_sb_append(&lq->sql, " g");
        return lq_add_search(lq, q->form);
    }
    if (lq->grams) { /* CROSS JOIN: the n-gram table leads, in its order */
        dbi_ident(&lq->sql, lq->grams);
        tz_sb_append(&lq->sql, " g CROSS JOIN ");
    }
    append_source(lq, q);
    if (lq->grams)
        tz_sb_append(&lq->sql, " ON t.id = g.id");
    if (lq->arm) { /* one of a township's clerk's two keys */
        lq_add_condition(lq);
        tz_sb_append(&lq->sql, "t.scope_key = ?");
        bind_value_add(lq, (dbi_value){ .kind = DBI_INT, .i = lq->keys[lq->arm - 1] });
    } else if (dbi_scoped(db)) { /* a township's clerk: its rows and the city's */
        lq_add_condition(lq);
        dbi_scope_sql(db, q->form, "t", &lq->sql);
    }
    if (q->filter_col) {
        lq_add_condition(lq);
        lq_append_column(&lq->sql, q->filter_col);
        if (q->filter_id == 0) {
            tz_sb_append(&lq->sql, " IS NULL");
        } else {
            tz_sb_append(&lq->sql, " = ?");
            bind_value_add(lq, (dbi_value){ .kind = DBI_INT, .i = q->filter_id });
        }
    }
    add_filters(lq, q);
    return lq_add_search(lq, q->form);
}

/* List SQL names the form's read source and its lookup's where: text of form files. */
static tz_status prepare_list(tz_db *db, const tz_listq *q, const char *sql, sqlite3_stmt **st,
                              tz_error *err)
{
    dbi_guard g = dbi_guard_read(db, q->form);
    return dbi_prepare_guarded(db, &g, sql, st, err);
}

static dbi_value anchor_key(const tz_row *anchor)
{
    switch (anchor->key_type) {
    case TZ_KEY_INT:  return (dbi_value){ .kind = DBI_INT, .i = anchor->key_int };
    case TZ_KEY_REAL: return (dbi_value){ .kind = DBI_REAL, .r = anchor->key_real };
    case TZ_KEY_TEXT: return (dbi_value){ .kind = DBI_TEXT, .t = anchor->key_text };
    case TZ_KEY_NULL: break;
    }
    return (dbi_value){ .kind = DBI_NULL };
}

static void add_keyset(tz_db *db, list_query *lq, const tz_listq *q, const tz_row *anchor,
                       bool ascending, bool inclusive)
{
    lq_add_condition(lq);
    tz_sb_append(&lq->sql, "(");
    append_sort_expr(db, &lq->sql, lq, q);
    tz_sb_printf(&lq->sql, ", %s) %s%s (?, ?)", id_expr(lq), ascending ? ">" : "<",
                 inclusive ? "=" : "");
    bind_value_add(lq, anchor_key(anchor));
    bind_value_add(lq, (dbi_value){ .kind = DBI_INT, .i = anchor->id });
}

/* Whether the query was built: out of memory, too many parameters, or a filter's value that is
 * not of its field's type (with the field named). */
static tz_status query_built(list_query *lq, tz_status s, tz_error *err)
{
    if (s == TZ_OK && lq->sql.failed)
        s = TZ_ERR_NOMEM;
    if (s == TZ_OK && lq->overflow)
        s = TZ_ERR_INVALID;
    if (s == TZ_OK && lq->bad_value != TZ_OK) {
        *err = lq->bad;
        return lq->bad_value;
    }
    return s == TZ_OK ? s : tz_fail(err, s, "%s", tz_status_text(s));
}

/* SELECT … FROM … WHERE …, the rows of a page before their order. */
static bool page_select(tz_db *db, list_query *lq, const tz_listq *q, const tz_row *anchor,
                        bool ascending, bool inclusive)
{
    tz_sb_append(&lq->sql, "SELECT t.id, ");
    append_sort_expr(db, &lq->sql, lq, q);
    for (size_t i = 0; i < q->form->ncolumns; i++) {
        tz_sb_append(&lq->sql, ", ");
        append_list_column(db, &lq->sql, &q->form->fields[q->form->columns[i].field]);
    }
    lq->has_where = false;
    if (!add_from_where(db, lq, q, true))
        return false;
    if (anchor)
        add_keyset(db, lq, q, anchor, ascending, inclusive);
    return true;
}

/* A township's clerk's page is its township's rows and its city's, each read in order from
 * an index (scope_key, COLUMN) and merged by SQLite (UNION ALL with the compound's ORDER BY:
 * the sort value is column 2, the id column 1), so the page stops early as the city clerk's. */
static tz_status build_page_sql(tz_db *db, list_query *lq, const tz_listq *q,
                                const tz_row *anchor, bool ascending, bool inclusive, int limit)
{
    if (!lq_plan_search(db, lq, q))
        return TZ_ERR_NOMEM;
    const char *dir = ascending ? "ASC" : "DESC";
    if (lq->keyed) {
        for (lq->arm = 1; lq->arm <= 2; lq->arm++) {
            if (lq->arm == 2)
                tz_sb_append(&lq->sql, " UNION ALL ");
            if (!page_select(db, lq, q, anchor, ascending, inclusive))
                return TZ_ERR_NOMEM;
        }
        lq->arm = 0;
        tz_sb_printf(&lq->sql, " ORDER BY 2 %s, 1 %s LIMIT %d", dir, dir, limit);
        return lq->sql.failed ? TZ_ERR_NOMEM : TZ_OK;
    }
    if (!page_select(db, lq, q, anchor, ascending, inclusive))
        return TZ_ERR_NOMEM;
    tz_sb_append(&lq->sql, " ORDER BY ");
    append_sort_expr(db, &lq->sql, lq, q);
    tz_sb_printf(&lq->sql, " %s, %s %s LIMIT %d", dir, id_expr(lq), dir, limit);
    return lq->sql.failed ? TZ_ERR_NOMEM : TZ_OK;
}

static void bind_all(sqlite3_stmt *st, const list_query *lq)
{
    for (int i = 0; i < lq->nbinds; i++)
        dbi_bind(st, i + 1, &lq->binds[i]);
}

/* ---- pages ---------------------------------------------------------------------------------- */

static void reverse_rows(tz_rows *rows)
{
    for (size_t i = 0, j = rows->n; i + 1 < j; i++, j--) {
        tz_row tmp = rows->rows[i];
        rows->rows[i] = rows->rows[j - 1];
        rows->rows[j - 1] = tmp;
    }
}

static tz_status collect_rows(tz_db *db, sqlite3_stmt *st, int limit, tz_rows *out,
                              tz_error *err)
{
    out->rows = calloc((size_t)limit, sizeof *out->rows);
    if (!out->rows)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < (size_t)limit) {
        bool ok = dbi_read_row(st, true, &out->rows[out->n]);
        out->n++;
        if (!ok)
            return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dbi_fail(db, NULL, rc, err);
    return TZ_OK;
}

static tz_status check_query(tz_db *db, const tz_listq *q, tz_error *err)
{
    if (!q->form || !q->form->table)
        return tz_fail(err, TZ_ERR_INVALID, "%s", tz_status_text(TZ_ERR_INVALID));
    if (q->where && !tz_sql_expr_closed(q->where))
        return tz_fail(err, TZ_ERR_DENIED, "%s", tz_L("查找条件不完整，已拒绝", "the lookup condition is not whole; refused"));
    return dbi_may_read(db, q->form, err);
}

tz_status db_list_page(tz_db *db, const tz_listq *q, const tz_row *anchor, int dir,
                       bool inclusive, int limit, tz_rows *out, tz_error *err)
{
    out->rows = NULL;
    out->n = 0;
    tz_status s = check_query(db, q, err);
    if (s != TZ_OK || limit <= 0)
        return s;
    /* Backwards means the opposite order, then the page turned round in memory. */
    bool ascending = (dir >= 0) != q->desc;
    list_query lq = { 0 };
    s = query_built(&lq, build_page_sql(db, &lq, q, anchor, ascending, inclusive, limit), err);
    if (s != TZ_OK) {
        lq_free(&lq);
        return s;
    }
    sqlite3_stmt *st;
    s = prepare_list(db, q, lq.sql.buf, &st, err);
    if (s != TZ_OK) {
        lq_free(&lq);
        return s;
    }
    bind_all(st, &lq);
    s = collect_rows(db, st, limit, out, err);
    dbi_release(st);
    lq_free(&lq);
    if (s != TZ_OK)
        tz_rows_free(out);
    else if (dir < 0)
        reverse_rows(out);
    return s;
}

tz_status db_list_count(tz_db *db, const tz_listq *q, int64_t *count, tz_error *err)
{
    return db_list_count_upto(db, q, 0, count, err);
}

tz_status db_list_count_upto(tz_db *db, const tz_listq *q, int64_t limit, int64_t *count,
                             tz_error *err)
{
    *count = 0;
    tz_status s = check_query(db, q, err);
    if (s != TZ_OK)
        return s;
    list_query lq = { 0 };
    /* with a limit the scan stops at limit + 1 rows: "1000+" costs what 1,001 rows cost */
    tz_sb_append(&lq.sql, limit > 0 ? "SELECT count(*) FROM (SELECT 1" : "SELECT count(*)");
    bool built = lq_plan_search(db, &lq, q) && add_from_where(db, &lq, q, false);
    if (limit > 0)
        tz_sb_printf(&lq.sql, " LIMIT %lld)", (long long)limit + 1);
    s = query_built(&lq, built ? TZ_OK : TZ_ERR_NOMEM, err);
    if (s != TZ_OK) {
        lq_free(&lq);
        return s;
    }
    sqlite3_stmt *st;
    s = prepare_list(db, q, lq.sql.buf, &st, err);
    if (s != TZ_OK) {
        lq_free(&lq);
        return s;
    }
    bind_all(st, &lq);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    else
        s = dbi_fail(db, q->form, rc, err);
    dbi_release(st);
    lq_free(&lq);
    return s;
}

tz_status db_list_sums(tz_db *db, const tz_listq *q, const char *const *columns, size_t n,
                       char **out, tz_error *err)
{
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    tz_status s = check_query(db, q, err);
    if (s != TZ_OK || n == 0)
        return s;
    list_query lq = { 0 };
    bool built = lq_plan_search(db, &lq, q);
    tz_sb_append(&lq.sql, "SELECT 0");
    for (size_t i = 0; i < n; i++) {
        tz_sb_append(&lq.sql, ", CAST(total(");
        lq_append_column(&lq.sql, columns[i]);
        tz_sb_append(&lq.sql, ") AS INTEGER)");
    }
    built = built && add_from_where(db, &lq, q, true);
    s = query_built(&lq, built ? TZ_OK : TZ_ERR_NOMEM, err);
    sqlite3_stmt *st = NULL;
    if (s == TZ_OK)
        s = prepare_list(db, q, lq.sql.buf, &st, err);
    if (s == TZ_OK) {
        bind_all(st, &lq);
        int rc = sqlite3_step(st);
        bool ok = true;
        for (size_t i = 0; rc == SQLITE_ROW && i < n; i++)
            out[i] = dbi_column_dup(st, (int)i + 1, &ok);
        if (rc != SQLITE_ROW)
            s = dbi_fail(db, q->form, rc, err);
        else if (!ok)
            s = tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
        dbi_release(st);
    }
    lq_free(&lq);
    if (s != TZ_OK)
        for (size_t i = 0; i < n; i++) {
            free(out[i]);
            out[i] = NULL;
        }
    return s;
}

/* SELECT count(*), t.column ... GROUP BY t.column: read with dbi_read_row, column 0 (the
 * count) lands in row.id and the value in v[0]. */
static tz_status build_counts_sql(tz_db *db, list_query *lq, const tz_listq *q,
                                  const char *column, int limit)
{
    if (!lq_plan_search(db, lq, q))
        return TZ_ERR_NOMEM;
    tz_sb_append(&lq->sql, "SELECT count(*), ");
    lq_append_column(&lq->sql, column);
    if (!add_from_where(db, lq, q, true))
        return TZ_ERR_NOMEM;
    tz_sb_append(&lq->sql, " GROUP BY ");
    lq_append_column(&lq->sql, column);
    tz_sb_append(&lq->sql, " ORDER BY ");
    lq_append_column(&lq->sql, column);
    tz_sb_printf(&lq->sql, " LIMIT %d", limit);
    return TZ_OK;
}

static tz_status collect_counts(tz_db *db, const tz_form *form, sqlite3_stmt *st, int limit,
                                tz_rows *out, tz_error *err)
{
    out->rows = calloc((size_t)limit, sizeof *out->rows);
    if (!out->rows)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    int rc = SQLITE_DONE;
    while (out->n < (size_t)limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        bool ok = dbi_read_row(st, false, &out->rows[out->n]);
        out->n++;
        if (!ok)
            return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dbi_fail(db, form, rc, err);
    return TZ_OK;
}

tz_status db_list_counts(tz_db *db, const tz_listq *q, const char *column, int limit,
                         tz_rows *out, tz_error *err)
{
    out->rows = NULL;
    out->n = 0;
    tz_status s = check_query(db, q, err);
    if (s != TZ_OK || limit <= 0)
        return s;
    if (!column)
        return tz_fail(err, TZ_ERR_INVALID, "%s", tz_status_text(TZ_ERR_INVALID));
    list_query lq = { 0 };
    s = query_built(&lq, build_counts_sql(db, &lq, q, column, limit), err);
    if (s != TZ_OK) {
        lq_free(&lq);
        return s;
    }
    sqlite3_stmt *st;
    s = prepare_list(db, q, lq.sql.buf, &st, err);
    if (s == TZ_OK) {
        bind_all(st, &lq);
        s = collect_counts(db, q->form, st, limit, out, err);
        dbi_release(st);
    }
    lq_free(&lq);
    if (s != TZ_OK)
        tz_rows_free(out);
    return s;
}
