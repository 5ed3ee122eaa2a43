/* check.c — is the file sound, and do the forms match the live schema? */
#include "taizhang/db.h"
#include "sync_internal.h"

#include <string.h>

/* ---- the database file ---------------------------------------------------------------------- */

/* Runs sql and hands each row to `problem`, which adds a problem (true) or finds the row
 * sound (false). TZ_ERR_CORRUPT when some row was a problem. */
typedef bool (*row_problem_fn)(sqlite3_stmt *st, const char *path, tz_problems *probs);

static tz_status problem_rows(tz_db *db, const char *sql, row_problem_fn problem,
                              const char *path, tz_problems *probs)
{
    sqlite3_stmt *st;
    tz_error err;
    tz_status s = dbi_prepare(db, sql, &st, &err);
    if (s != TZ_OK) {
        tz_problems_add(probs, path, 0, "%s", err.msg);
        return s;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (problem(st, path, probs))
            s = TZ_ERR_CORRUPT;
    if (rc != SQLITE_DONE) {
        s = dbi_fail(db, NULL, rc, &err);
        tz_problems_add(probs, path, 0, "%s", err.msg);
    }
    dbi_release(st);
    return s;
}

static const char *text_of(sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    return t ? t : "";
}

/* A row of PRAGMA integrity_check or the cheaper quick_check (no index-to-table comparison). */
static bool integrity_problem(sqlite3_stmt *st, const char *path, tz_problems *probs)
{
    const char *msg = (const char *)sqlite3_column_text(st, 0);
    if (!msg || strcmp(msg, "ok") == 0)
        return false;
    tz_problems_add(probs, path, 0, tz_L("数据库完整性检查：%s", "integrity check: %s"), msg);
    return true;
}

typedef struct {
    const char *path;
    tz_problems *probs;
    size_t n;
} dangling_problems;

static bool foreign_key_problem(void *ctx, const char *table, int64_t id, const char *parent)
{
    dangling_problems *d = ctx;
    tz_problems_add(d->probs, d->path, 0,
                    tz_L("表 %s 中 id 为 %lld 的记录引用了 %s 中不存在的记录",
                         "table %s, row id %lld refers to a missing row of %s"),
                    table, (long long)id, parent);
    d->n++;
    return true;
}

/* A replica's references to another township's rows are none of these (sync_internal.h). */
static tz_status foreign_key_problems(tz_db *db, const char *path, tz_problems *probs)
{
    dangling_problems d = { path, probs, 0 };
    tz_error err;
    tz_status s = dbi_dangling_references(db, NULL, foreign_key_problem, &d, &err);
    if (s != TZ_OK)
        tz_problems_add(probs, path, 0, "%s", err.msg);
    return s != TZ_OK ? s : d.n ? TZ_ERR_CORRUPT : TZ_OK;
}

/* The totals triggers keep (migration 009) against a recount from the ledgers: the reports
 * read the kept totals, so this is what independently catches a wrong one. */
static bool totals_drift_problem(sqlite3_stmt *st, const char *path, tz_problems *probs)
{
    tz_problems_add(probs, path, 0,
                    tz_L("汇总表 %s 中 %s 的合计与明细重算不符",
                         "table %s, row %s: the kept total differs from a recount of the ledgers"),
                    text_of(st, 0), text_of(st, 1));
    return true;
}

tz_status db_check_integrity(tz_db *db, const char *path, tz_problems *probs)
{
    tz_status s = problem_rows(db, "PRAGMA integrity_check", integrity_problem, path, probs);
    tz_status fk = foreign_key_problems(db, path, probs);
    static const char *const drift_sql = "SELECT tbl, row_key FROM totals_drift ORDER BY 1, 2";
    tz_status drift = s == TZ_OK ? problem_rows(db, drift_sql, totals_drift_problem, path, probs)
                                 : TZ_OK;
    tz_status decl = db_check_ledgers(db, path, probs);
    return s != TZ_OK ? s : fk != TZ_OK ? fk : drift != TZ_OK ? drift : decl;
}

tz_status db_quick_check(tz_db *db, const char *path, tz_problems *probs)
{
    return problem_rows(db, "PRAGMA quick_check", integrity_problem, path, probs);
}

/* ---- forms against the schema ------------------------------------------------------------- */

/* A table or a view of that name exists (both answer pragma_table_info). */
static bool relation_exists(tz_db *db, const char *name)
{
    sqlite3_stmt *st;
    if (dbi_prepare(db, "SELECT count(*) FROM pragma_table_info(?1)", &st, NULL) != TZ_OK)
        return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    bool exists = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    dbi_release(st);
    return exists;
}

/* Adds a problem when `column` (may be NULL: nothing to check) is missing from `rel`, a table
 * or (is_view) a view. */
static void need_in(tz_db *db, const tz_form *form, const char *rel, bool is_view,
                    const char *column, int line, tz_problems *probs)
{
    if (!column || dbi_column_exists(db, rel, column))
        return;
    if (is_view)
        tz_problems_add(probs, form->file, line,
                        tz_L("视图 %s 中没有列 %s", "view %s has no column %s"), rel, column);
    else
        tz_problems_add(probs, form->file, line,
                        tz_L("表 %s 中没有列 %s", "table %s has no column %s"), rel, column);
}

/* In the form's table: where writes go. */
static void need_column(tz_db *db, const tz_form *form, const char *column, int line,
                        tz_problems *probs)
{
    need_in(db, form, form->table, false, column, line, probs);
}

/* In the form's read source (its view, else its table): where lists and loads read. */
static void need_read_column(tz_db *db, const tz_form *form, const char *column, int line,
                             tz_problems *probs)
{
    need_in(db, form, dbi_read_source(form), form->view != NULL, column, line, probs);
}

/* The form's read source is there: its table, or its view when it names one. */
static bool source_ready(tz_db *db, const tz_form *form)
{
    return form && form->table && relation_exists(db, dbi_read_source(form));
}

static void check_lookup_where(tz_db *db, const tz_formset *set, const tz_form *form,
                               const tz_field *f, tz_problems *probs)
{
    const tz_form *target = f->lookup ? tz_spec_form(set, f->lookup) : NULL;
    if (!f->where || !source_ready(db, target))
        return;
    /* the condition narrows the target's list, which reads from the target's read source */
    if (!tz_sql_expr_closed(f->where)) {
        tz_problems_add(probs, form->file, f->line,
                        tz_L("字段 %s 的查找条件应为一个完整的条件（括号配对，不含 ; -- /*）",
                             "field %s: the lookup condition must be one whole condition "
                             "(balanced parentheses, no ; -- /*)"), f->column);
        return;
    }
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "SELECT 1 FROM ");
    dbi_ident(&sql, dbi_read_source(target));
    tz_sb_printf(&sql, " t WHERE (%s)", f->where);
    if (sql.failed) {
        tz_sb_free(&sql);
        return;
    }
    dbi_guard g = dbi_guard_lint(db, target);
    sqlite3_stmt *st = NULL;
    tz_error err;
    if (dbi_guard_compile(db, &g, sql.buf, &st, &err) != TZ_OK)
        tz_problems_add(probs, form->file, f->line,
                        tz_L("字段 %s 的查找条件有误：%s", "field %s: bad lookup condition: %s"),
                        f->column, err.msg);
    sqlite3_finalize(st);
    tz_sb_free(&sql);
}

/* Every field is read from the read source; a writable one (and its pinyin column) is also
 * written to the table. With no view both are the table, so a column is named once. A
 * read-only form writes nothing, so its fields need only be in what it reads; so does a
 * read-only field's pinyin column, which its view gives (it is searched, never written). */
static void check_fields(tz_db *db, const tz_formset *set, const tz_form *form,
                         bool view_ok, tz_problems *probs)
{
    for (size_t i = 0; i < form->nfields; i++) {
        const tz_field *f = &form->fields[i];
        if (view_ok && form->view) {
            need_read_column(db, form, f->column, f->line, probs);
            if (f->readonly || form->readonly) {
                need_read_column(db, form, f->pinyin, f->line, probs);
                need_read_column(db, form, f->sortkey, f->line, probs);
            }
        }
        if (!f->readonly && !form->readonly) {
            need_column(db, form, f->column, f->line, probs);
            need_column(db, form, f->pinyin, f->line, probs);
            need_column(db, form, f->sortkey, f->line, probs);
        } else if (!form->view) {
            need_column(db, form, f->column, f->line, probs);
            need_column(db, form, f->sortkey, f->line, probs);
        }
        check_lookup_where(db, set, form, f, probs);
    }
}

static void check_details(tz_db *db, const tz_formset *set, const tz_form *form,
                          tz_problems *probs)
{
    for (size_t i = 0; i < form->ndetails; i++) {
        const tz_detail *d = &form->details[i];
        const tz_form *detail = d->form ? tz_spec_form(set, d->form) : NULL;
        if (detail && detail->table && relation_exists(db, detail->table))
            need_in(db, form, detail->table, false, d->link, d->line, probs);
    }
}

/* A link lists the target form's rows, read from its read source. */
static void check_links(tz_db *db, const tz_formset *set, const tz_form *form,
                        tz_problems *probs)
{
    for (size_t i = 0; i < form->nlinks; i++) {
        const tz_link *l = &form->links[i];
        const tz_form *target = l->form ? tz_spec_form(set, l->form) : NULL;
        if (source_ready(db, target))
            need_in(db, form, dbi_read_source(target), target->view != NULL, l->column,
                    l->line, probs);
    }
}

/* What lists read: the keys naming columns, the counts column and the filters. */
static void check_list_columns(tz_db *db, const tz_form *form, tz_problems *probs)
{
    need_read_column(db, form, form->display, form->display_line, probs);
    need_read_column(db, form, form->order, form->order_line, probs);
    need_read_column(db, form, form->tree, form->tree_line, probs);
    need_read_column(db, form, form->filter, form->filter_line, probs);
    need_read_column(db, form, form->counts, form->counts_line, probs);
    for (size_t i = 0; i < form->nsearch; i++)
        need_read_column(db, form, form->search[i].column, form->search_line, probs);
    for (size_t i = 0; i < form->nfilters; i++) {
        int fi = form->filters[i].field;
        if (fi >= 0 && (size_t)fi < form->nfields)
            need_read_column(db, form, form->fields[fi].column, form->filters[i].line, probs);
    }
    /* keyset paging and loading need the id; a table always has one (rowid) */
    if (form->view)
        need_read_column(db, form, "id", form->view_line, probs);
}

static bool check_view(tz_db *db, const tz_form *form, tz_problems *probs)
{
    if (!form->view || relation_exists(db, form->view))
        return true;
    tz_problems_add(probs, form->file, form->view_line,
                    tz_L("数据库中没有视图 %s", "the database has no view %s"), form->view);
    return false;
}

/* What the form reads and writes passes the guard (guard.c) at its most: an admin-only form
 * with an administrator signed in. A form over users or the change history that is not
 * theirs, or over the program's own tables, is refused here. */
static void check_guarded(tz_db *db, const tz_form *form, tz_problems *probs)
{
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "SELECT * FROM ");
    dbi_ident(&sql, dbi_read_source(form));
    dbi_guard g = dbi_guard_lint(db, form);
    sqlite3_stmt *st = NULL;
    tz_error err;
    if (!sql.failed && dbi_guard_compile(db, &g, sql.buf, &st, &err) != TZ_OK)
        tz_problems_add(probs, form->file, form->view ? form->view_line : form->table_line,
                        "%s", err.msg);
    sqlite3_finalize(st);
    tz_sb_free(&sql);
    if (dbi_table_mark(db, form->table) == DBI_MARK_INTERNAL)
        tz_problems_add(probs, form->file, form->table_line,
                        tz_L("表 %s 是程序内部的表，表单不能使用",
                             "%s is one of the program's own tables; no form may use it"), form->table);
}

static void check_form(tz_db *db, const tz_formset *set, const tz_form *form,
                       tz_problems *probs)
{
    if (!form->table)
        return; /* the parser has already said so */
    if (!relation_exists(db, form->table)) {
        tz_problems_add(probs, form->file, form->table_line,
                        tz_L("数据库中没有表 %s", "the database has no table %s"), form->table);
        return;
    }
    bool view_ok = check_view(db, form, probs);
    if (view_ok)
        check_guarded(db, form, probs);
    check_fields(db, set, form, view_ok, probs);
    if (view_ok)
        check_list_columns(db, form, probs);
    check_details(db, set, form, probs);
    check_links(db, set, form, probs);
}

tz_status db_check_forms(tz_db *db, const tz_formset *set, tz_problems *probs)
{
    size_t before = probs->n;
    for (size_t i = 0; i < set->nforms; i++)
        check_form(db, set, &set->forms[i], probs);
    return probs->n > before ? TZ_ERR_PARSE : TZ_OK;
}
