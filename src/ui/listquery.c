/* listquery.c — what a list shows: the query from its search, tree level and filters, the counts
 * and sums of the status line, and keyset paging (only the visible rows are ever fetched). */
#include "list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the query ------------------------------------------------------------------------------ */

int list_visible_rows(const listview *lv)
{
    /* title, search line, header ... the 合计 line, message line, key line */
    return ui_rows() - 5 - lv->has_money;
}

bool list_searching(const listview *lv)
{
    return lv->search_text && *lv->search_text;
}

/* The query for what the list shows now. While searching, a tree is searched whole: a township
 * is found from the top by its initials. `skip` leaves one filter out (to offer its values). */
tz_listq list_query_without(listview *lv, const listfilter *skip)
{
    tz_listq q = { .form = lv->form, .sort = lv->sort, .desc = lv->desc,
                   .search = lv->search_text, .filters = lv->active };
    if (lv->opts && lv->opts->filter_col) {
        q.filter_col = lv->opts->filter_col;
        q.filter_id = lv->opts->filter_id;
    } else if (lv->form->tree && !lv->pick && !list_searching(lv)) {
        q.filter_col = lv->form->tree;
        q.filter_id = lv->depth ? lv->path[lv->depth - 1].id : 0;
    }
    for (int i = 0; i < lv->nfilters; i++)
        if (lv->filters[i].value && &lv->filters[i] != skip)
            lv->active[q.nfilters++] = (tz_filter){ lv->filters[i].field->column,
                                                    lv->filters[i].value };
    if (lv->pick)
        q.where = lv->opts->pick_field->where;
    return q;
}

static tz_listq query(listview *lv)
{
    return list_query_without(lv, NULL);
}

static bool fetch(listview *lv, const tz_row *anchor, int dir, bool inclusive, int limit,
                  tz_rows *out)
{
    tz_listq q = query(lv);
    tz_error err = { 0 };
    if (db_list_page(lv->app->db, &q, anchor, dir, inclusive, limit, out, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    return true;
}

/* "草稿 3  已签订 120" for the form's counts column under the current query. */
static void count_values(listview *lv, const tz_listq *q)
{
    free(lv->counts);
    lv->counts = NULL;
    int fi = lv->form->counts ? tz_form_field_index(lv->form, lv->form->counts) : -1;
    if (fi < 0)
        return;
    tz_rows rows = { 0 };
    tz_error err = { 0 };
    if (db_list_counts(lv->app->db, q, lv->form->counts, 16, &rows, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    /* In the order the choices are declared (申报 创建中 验收通过 命名), not alphabetical. */
    const tz_field *f = &lv->form->fields[fi];
    tz_sb sb = { 0 };
    for (size_t c = 0; c < f->nchoices; c++)
        for (size_t i = 0; i < rows.n; i++)
            if (rows.rows[i].v[0] && strcmp(rows.rows[i].v[0], f->choices[c].code) == 0)
                tz_sb_printf(&sb, "%s%s %lld", sb.len ? "  " : "", tz_choice_label(&f->choices[c]),
                             (long long)rows.rows[i].id);
    tz_rows_free(&rows);
    lv->counts = tz_sb_take(&sb);
}

/* The status line counts up to this many rows, then says "10000+": a county's lists are
 * counted exactly, a nation's are not read through on every keystroke. A search, which the
 * clerk narrows key by key, is counted to a thousand ("1000+": type more). */
#define COUNT_LIMIT 10000
#define SEARCH_COUNT_LIMIT 1000

int list_count_limit(const listview *lv)
{
    return list_searching(lv) ? SEARCH_COUNT_LIMIT : COUNT_LIMIT;
}

void list_free_sums(listview *lv)
{
    for (size_t c = 0; c < sizeof lv->sums / sizeof lv->sums[0]; c++) {
        free(lv->sums[c]);
        lv->sums[c] = NULL;
    }
    lv->sums_known = false;
}

/* The money columns' sums for the 合计 line, when the rows were counted whole (a nation's
 * rows are not read through on every keystroke: then the line says so). */
static void sum_money(listview *lv, const tz_listq *q)
{
    list_free_sums(lv);
    if (!lv->has_money || lv->count < 0 || lv->count > list_count_limit(lv))
        return;
    const char *columns[64];
    size_t idx[64], n = 0;
    for (size_t c = 0; c < lv->form->ncolumns && c < 64; c++) {
        const tz_field *f = &lv->form->fields[lv->form->columns[c].field];
        if (f->type == TZ_FT_MONEY) {
            idx[n] = c;
            columns[n++] = f->column;
        }
    }
    char *sums[64];
    tz_error err = { 0 };
    if (db_list_sums(lv->app->db, q, columns, n, sums, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    for (size_t i = 0; i < n; i++)
        lv->sums[idx[i]] = sums[i];
    lv->sums_known = true;
}

static void recount(listview *lv)
{
    tz_listq q = query(lv);
    tz_error err = { 0 };
    if (db_list_count_upto(lv->app->db, &q, list_count_limit(lv), &lv->count, &err) != TZ_OK) {
        lv->count = -1;
        ui_message(UI_ERROR, "%s", err.msg);
    }
    sum_money(lv, &q);
    lv->search_order = list_searching(lv) ? db_list_search_order(lv->app->db, &q) : NULL;
    count_values(lv, &q);
}

static void replace_page(listview *lv, tz_rows *rows, int sel)
{
    tz_rows_free(&lv->page);
    lv->page = *rows;
    lv->sel = lv->page.n == 0 ? 0 : sel < 0 ? 0 : sel >= (int)lv->page.n ? (int)lv->page.n - 1 : sel;
}

void list_load_first(listview *lv)
{
    tz_rows rows = { 0 };
    if (fetch(lv, NULL, +1, false, list_visible_rows(lv), &rows))
        replace_page(lv, &rows, 0);
}

void list_load_last(listview *lv)
{
    tz_rows rows = { 0 };
    if (fetch(lv, NULL, -1, false, list_visible_rows(lv), &rows))
        replace_page(lv, &rows, (int)rows.n - 1);
}

/* Re-reads the page from its first row (after a save, delete or resize), keeping the selection
 * on the same record when it is still there. */
void list_reload(listview *lv)
{
    int64_t keep = lv->page.n ? lv->page.rows[lv->sel].id : 0;
    tz_rows rows = { 0 };
    bool ok = lv->page.n ? fetch(lv, &lv->page.rows[0], +1, true, list_visible_rows(lv), &rows)
                         : fetch(lv, NULL, +1, false, list_visible_rows(lv), &rows);
    if (!ok)
        return;
    if ((int)rows.n < list_visible_rows(lv)) {     /* the page shrank at the end: show the last rows */
        tz_rows_free(&rows);
        if (!fetch(lv, NULL, -1, false, list_visible_rows(lv), &rows))
            return;
    }
    int sel = lv->sel;
    for (size_t i = 0; i < rows.n; i++)
        if (rows.rows[i].id == keep)
            sel = (int)i;
    replace_page(lv, &rows, sel);
    recount(lv);
}

/* The query changed (search, filter, sort, level): start from the top. */
void list_requery(listview *lv)
{
    list_load_first(lv);
    recount(lv);
}

/* ---- moving -------------------------------------------------------------------------------- */

void list_move_down(listview *lv)
{
    if (lv->sel + 1 < (int)lv->page.n) {
        lv->sel++;
        return;
    }
    if (!lv->page.n)
        return;
    tz_rows next = { 0 };
    if (!fetch(lv, &lv->page.rows[lv->page.n - 1], +1, false, 1, &next) || next.n == 0) {
        tz_rows_free(&next);
        return;
    }
    if ((int)lv->page.n < list_visible_rows(lv)) {
        tz_rows rows = { 0 };
        tz_rows_free(&next);
        if (fetch(lv, &lv->page.rows[0], +1, true, list_visible_rows(lv), &rows))
            replace_page(lv, &rows, lv->sel + 1);
        return;
    }
    tz_row_free(&lv->page.rows[0]);
    memmove(&lv->page.rows[0], &lv->page.rows[1], (lv->page.n - 1) * sizeof(tz_row));
    lv->page.rows[lv->page.n - 1] = next.rows[0];
    free(next.rows);
}

void list_move_up(listview *lv)
{
    if (lv->sel > 0) {
        lv->sel--;
        return;
    }
    if (!lv->page.n)
        return;
    tz_rows prev = { 0 };
    if (!fetch(lv, &lv->page.rows[0], -1, false, 1, &prev) || prev.n == 0) {
        tz_rows_free(&prev);
        return;
    }
    tz_row_free(&lv->page.rows[lv->page.n - 1]);
    memmove(&lv->page.rows[1], &lv->page.rows[0], (lv->page.n - 1) * sizeof(tz_row));
    lv->page.rows[0] = prev.rows[0];
    free(prev.rows);
}

/* PgDn: the page after this one; a short last page is filled up from the end. */
void list_page_down(listview *lv)
{
    if (!lv->page.n)
        return;
    tz_rows next = { 0 };
    if (!fetch(lv, &lv->page.rows[lv->page.n - 1], +1, false, list_visible_rows(lv), &next))
        return;
    if (next.n == 0) {
        tz_rows_free(&next);
        lv->sel = (int)lv->page.n - 1;
        return;
    }
    if ((int)next.n == list_visible_rows(lv)) {
        replace_page(lv, &next, lv->sel);
        return;
    }
    tz_rows_free(&next);
    list_load_last(lv);
}

void list_page_up(listview *lv)
{
    if (!lv->page.n)
        return;
    tz_rows prev = { 0 };
    if (!fetch(lv, &lv->page.rows[0], -1, false, list_visible_rows(lv), &prev))
        return;
    if (prev.n == 0) {
        tz_rows_free(&prev);
        lv->sel = 0;
        return;
    }
    if ((int)prev.n == list_visible_rows(lv)) {
        replace_page(lv, &prev, lv->sel);
        return;
    }
    tz_rows_free(&prev);
    int sel = lv->sel;
    list_load_first(lv);
    lv->sel = sel < (int)lv->page.n ? sel : 0;
}
