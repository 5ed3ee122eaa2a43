/* listview.c — the generic list of a form's rows: keyset paging (only the visible rows are ever
 * fetched), incremental search as the clerk types, sort by any list column, drill-down through a
 * tree (units: city → townships → villages), a filter by a looked-up row (people by unit), and
 * pick mode for lookup fields. Everything about the columns comes from the tz_form. */
#include "field.h"
#include "stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8

typedef struct {
    int64_t id;    /* the row drilled into */
    char *label;   /* its display text; owned */
} crumb;

#define MAX_FILTERS 8
#define MAX_SHOWN 128

typedef struct {
    const tz_field *field; /* borrowed from the form */
    char *value;           /* stored value chosen with F4, NULL: not filtering; owned */
    char *label;           /* the value as shown; owned */
} listfilter;

typedef struct {
    ui_app *app;
    const tz_form *form;
    const ui_list_opts *opts; /* &opts_given, or NULL */
    ui_list_opts opts_given;
    bool pick;             /* choosing a row for a lookup field */
    bool may_add;          /* this clerk may add and delete rows here (asked of the db layer) */
    tz_line search;        /* what the clerk typed */
    char *search_text;     /* search as UTF-8, owned; passed to the db */
    tz_rows page;          /* the visible rows, in display order */
    int sel;               /* selected row within page */
    int64_t count;         /* rows matching the query */
    crumb path[MAX_DEPTH]; /* tree drill-down, outermost first */
    int depth;
    listfilter filters[MAX_FILTERS]; /* the filters F4 offers, from form->filters and ->filter */
    int nfilters;
    tz_filter active[MAX_FILTERS]; /* the ones set, as the db wants them; borrowed strings */
    char *counts;          /* "草稿 3  已签订 120" for form->counts; owned */
    int sort;              /* index into form->columns */
    bool desc;
    const char *search_order; /* the column a search's rows come in, or NULL; borrowed */
    int64_t shown[MAX_SHOWN]; /* the record on each row at the last draw, for note_shown */
    int nshown;
    bool has_money;        /* a money column: a 合计 line under the rows */
    bool sums_known;       /* the rows were few enough to sum (COUNT_LIMIT) */
    char *sums[64];        /* per list column: its sum in 分 for a money column, else NULL; owned */
    int64_t picked;        /* pick mode: the row chosen, the screen's result */
} listview;

/* What a list asks of the screens it pushes (ui_screen.asked). */
enum { ASK_RECORD = 1, ASK_FILTER_ROW /* + the filter's index */ };


/* ---- the query ------------------------------------------------------------------------------ */

static int visible_rows(const listview *lv)
{
    /* title, search line, header ... the 合计 line, message line, key line */
    return ui_rows() - 5 - lv->has_money;
}

static bool searching(const listview *lv)
{
    return lv->search_text && *lv->search_text;
}

/* The query for what the list shows now. While searching, a tree is searched whole: a township
 * is found from the top by its initials. `skip` leaves one filter out (to offer its values). */
static tz_listq query_without(listview *lv, const listfilter *skip)
{
    tz_listq q = { .form = lv->form, .sort = lv->sort, .desc = lv->desc,
                   .search = lv->search_text, .filters = lv->active };
    if (lv->opts && lv->opts->filter_col) {
        q.filter_col = lv->opts->filter_col;
        q.filter_id = lv->opts->filter_id;
    } else if (lv->form->tree && !lv->pick && !searching(lv)) {
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
    return query_without(lv, NULL);
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

static int count_limit(const listview *lv)
{
    return searching(lv) ? SEARCH_COUNT_LIMIT : COUNT_LIMIT;
}

static void free_sums(listview *lv)
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
    free_sums(lv);
    if (!lv->has_money || lv->count < 0 || lv->count > count_limit(lv))
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
    if (db_list_count_upto(lv->app->db, &q, count_limit(lv), &lv->count, &err) != TZ_OK) {
        lv->count = -1;
        ui_message(UI_ERROR, "%s", err.msg);
    }
    sum_money(lv, &q);
    lv->search_order = searching(lv) ? db_list_search_order(lv->app->db, &q) : NULL;
    count_values(lv, &q);
}

static void replace_page(listview *lv, tz_rows *rows, int sel)
{
    tz_rows_free(&lv->page);
    lv->page = *rows;
    lv->sel = lv->page.n == 0 ? 0 : sel < 0 ? 0 : sel >= (int)lv->page.n ? (int)lv->page.n - 1 : sel;
}

static void load_first(listview *lv)
{
    tz_rows rows = { 0 };
    if (fetch(lv, NULL, +1, false, visible_rows(lv), &rows))
        replace_page(lv, &rows, 0);
}

static void load_last(listview *lv)
{
    tz_rows rows = { 0 };
    if (fetch(lv, NULL, -1, false, visible_rows(lv), &rows))
        replace_page(lv, &rows, (int)rows.n - 1);
}

/* Re-reads the page from its first row (after a save, delete or resize), keeping the selection
 * on the same record when it is still there. */
static void reload(listview *lv)
{
    int64_t keep = lv->page.n ? lv->page.rows[lv->sel].id : 0;
    tz_rows rows = { 0 };
    bool ok = lv->page.n ? fetch(lv, &lv->page.rows[0], +1, true, visible_rows(lv), &rows)
                         : fetch(lv, NULL, +1, false, visible_rows(lv), &rows);
    if (!ok)
        return;
    if ((int)rows.n < visible_rows(lv)) {     /* the page shrank at the end: show the last rows */
        tz_rows_free(&rows);
        if (!fetch(lv, NULL, -1, false, visible_rows(lv), &rows))
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
static void requery(listview *lv)
{
    load_first(lv);
    recount(lv);
}

/* ---- moving -------------------------------------------------------------------------------- */

static void move_down(listview *lv)
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
    if ((int)lv->page.n < visible_rows(lv)) {
        tz_rows rows = { 0 };
        tz_rows_free(&next);
        if (fetch(lv, &lv->page.rows[0], +1, true, visible_rows(lv), &rows))
            replace_page(lv, &rows, lv->sel + 1);
        return;
    }
    tz_row_free(&lv->page.rows[0]);
    memmove(&lv->page.rows[0], &lv->page.rows[1], (lv->page.n - 1) * sizeof(tz_row));
    lv->page.rows[lv->page.n - 1] = next.rows[0];
    free(next.rows);
}

static void move_up(listview *lv)
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
static void page_down(listview *lv)
{
    if (!lv->page.n)
        return;
    tz_rows next = { 0 };
    if (!fetch(lv, &lv->page.rows[lv->page.n - 1], +1, false, visible_rows(lv), &next))
        return;
    if (next.n == 0) {
        tz_rows_free(&next);
        lv->sel = (int)lv->page.n - 1;
        return;
    }
    if ((int)next.n == visible_rows(lv)) {
        replace_page(lv, &next, lv->sel);
        return;
    }
    tz_rows_free(&next);
    load_last(lv);
}

static void page_up(listview *lv)
{
    if (!lv->page.n)
        return;
    tz_rows prev = { 0 };
    if (!fetch(lv, &lv->page.rows[0], -1, false, visible_rows(lv), &prev))
        return;
    if (prev.n == 0) {
        tz_rows_free(&prev);
        lv->sel = 0;
        return;
    }
    if ((int)prev.n == visible_rows(lv)) {
        replace_page(lv, &prev, lv->sel);
        return;
    }
    tz_rows_free(&prev);
    int sel = lv->sel;
    load_first(lv);
    lv->sel = sel < (int)lv->page.n ? sel : 0;
}

/* ---- tree and filter ------------------------------------------------------------------------- */

static void drill_into(listview *lv, int64_t id, const char *label)
{
    if (lv->depth == MAX_DEPTH)
        return;
    lv->path[lv->depth].id = id;
    lv->path[lv->depth].label = tz_strdup(label ? label : "");
    lv->depth++;
}

static void pop_level(listview *lv)
{
    lv->depth--;
    free(lv->path[lv->depth].label);
    lv->path[lv->depth].label = NULL;
}

/* The ancestors of a row, found by following the tree column upward (for a row found by a
 * search across the whole tree), then the row itself. */
static void drill_to(listview *lv, int64_t id)
{
    int tree_field = tz_form_field_index(lv->form, lv->form->tree);
    int64_t chain[MAX_DEPTH];
    int n = 0;
    for (int64_t cur = id; cur && n < MAX_DEPTH; n++) {
        chain[n] = cur;
        tz_row rec = { 0 };
        if (db_record_load(lv->app->db, lv->form, cur, &rec, NULL) != TZ_OK)
            break;
        int64_t parent = 0;
        if (tree_field >= 0 && rec.v[tree_field])
            tz_parse_int(rec.v[tree_field], &parent);
        tz_row_free(&rec);
        cur = parent;
    }
    while (lv->depth)
        pop_level(lv);
    for (int i = n - 1; i >= 0; i--) {
        char *label = NULL;
        db_lookup_label(lv->app->db, lv->form, chain[i], &label, NULL);
        drill_into(lv, chain[i], label);
        free(label);
    }
}

static void clear_search(listview *lv)
{
    tz_line_clear(&lv->search);
    free(lv->search_text);
    lv->search_text = NULL;
}

static void set_filter(listfilter *lf, const char *value, const char *label)
{
    free(lf->value);
    free(lf->label);
    lf->value = tz_strdup(value);
    lf->label = value ? tz_strdup(label) : NULL;
}

static bool any_filter(const listview *lv)
{
    for (int i = 0; i < lv->nfilters; i++)
        if (lv->filters[i].value)
            return true;
    return false;
}

/* The values a choice, yes/no or integer filter can take, with how many rows have each under
 * the other filters; the clerk picks one, or "all". Returns false if nothing was picked. */
static bool pick_value(listview *lv, listfilter *lf)
{
    const tz_field *f = lf->field;
    tz_listq q = query_without(lv, lf);
    tz_rows rows = { 0 };
    tz_error err = { 0 };
    if (db_list_counts(lv->app->db, &q, f->column, 40, &rows, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    char texts[41][96];
    const char *labels[41];
    size_t n = 0;
    snprintf(texts[n], sizeof texts[0], "%s", tz_L("（全部）", "(all)"));
    labels[n] = texts[n];
    n++;
    for (size_t i = 0; i < rows.n && n < 41; i++, n++) {
        char shown[64];
        tz_field_format(f, rows.rows[i].v[0], shown, sizeof shown);
        snprintf(texts[n], sizeof texts[0], "%-12s %6lld", rows.rows[i].v[0] ? shown : "—",
                 (long long)rows.rows[i].id);
        labels[n] = texts[n];
    }
    int i = ui_pick_label(tz_field_label(f), labels, n, 0);
    if (i > 0) {
        char shown[64];
        tz_field_format(f, rows.rows[i - 1].v[0], shown, sizeof shown);
        set_filter(lf, rows.rows[i - 1].v[0], shown);
    } else if (i == 0) {
        set_filter(lf, NULL, NULL);
    }
    tz_rows_free(&rows);
    return i >= 0;
}

/* A lookup filter's row is picked in a list of its own, pushed over this one (resume_list). */
static void ask_row(listview *lv, int filter)
{
    const listfilter *lf = &lv->filters[filter];
    ui_list_args args = { tz_spec_form(lv->app->set, lf->field->lookup),
                          { .pick_field = lf->field }, "" };
    ui_push(lv->app, &ui_list_screen, &args, ASK_FILTER_ROW + filter);
}

static void set_row_filter(listview *lv, listfilter *lf, int64_t id)
{
    const tz_form *target = tz_spec_form(lv->app->set, lf->field->lookup);
    char idtext[32], *label = NULL;
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    db_lookup_label(lv->app->db, target, id, &label, NULL);
    set_filter(lf, idtext, label ? label : idtext);
    free(label);
}

/* F4: which filter, then its value. */
static void choose_filter(listview *lv)
{
    if (!lv->nfilters)
        return;
    char texts[MAX_FILTERS + 1][160];
    const char *labels[MAX_FILTERS + 1];
    int n = 0;
    for (; n < lv->nfilters; n++) {
        const listfilter *lf = &lv->filters[n];
        snprintf(texts[n], sizeof texts[0], tz_L("按%s%s%s", "By %s%s%s"), tz_field_label(lf->field),
                 lf->value ? "：" : "", lf->value ? lf->label : "");
        labels[n] = texts[n];
    }
    if (any_filter(lv)) {
        snprintf(texts[n], sizeof texts[0], "%s", tz_L("清除全部筛选", "Clear all filters"));
        labels[n] = texts[n];
        n++;
    }
    ui_backdrop *behind = ui_backdrop_take();
    int i = ui_pick_label(tz_L("筛选", "Filter"), labels, (size_t)n, 0);
    ui_backdrop_show(behind); /* the values' box is drawn where this one was */
    ui_backdrop_free(behind);
    if (i < 0)
        return;
    if (i == lv->nfilters) {
        for (int k = 0; k < lv->nfilters; k++)
            set_filter(&lv->filters[k], NULL, NULL);
    } else if (lv->filters[i].field->type == TZ_FT_LOOKUP) {
        ask_row(lv, i);
        return;
    } else if (!pick_value(lv, &lv->filters[i])) {
        return;
    }
    requery(lv);
}

/* The filters a list offers: the form's `filters`, and its older single `filter` column. */
static void init_filters(listview *lv)
{
    const tz_form *form = lv->form;
    for (size_t i = 0; i < form->nfilters && lv->nfilters < MAX_FILTERS; i++)
        lv->filters[lv->nfilters++].field = &form->fields[form->filters[i].field];
    int fi = form->filter ? tz_form_field_index(form, form->filter) : -1;
    for (int i = 0; i < lv->nfilters && fi >= 0; i++)
        if (lv->filters[i].field == &form->fields[fi])
            fi = -1;
    if (fi >= 0 && lv->nfilters < MAX_FILTERS)
        lv->filters[lv->nfilters++].field = &form->fields[fi];
}

/* F6: this column the other way, then the next column. A lookup column is passed over: it
 * holds ids, and sorting by them would look random next to the names shown. */
static void next_sort(listview *lv)
{
    if (!lv->desc) {
        lv->desc = true;
    } else {
        lv->desc = false;
        int n = (int)lv->form->ncolumns;
        for (int k = 0; k < n; k++) {
            lv->sort = (lv->sort + 1) % n;
            if (lv->form->fields[lv->form->columns[lv->sort].field].type != TZ_FT_LOOKUP)
                break;
        }
    }
    requery(lv);
}

/* ---- drawing ------------------------------------------------------------------------------- */

static void draw_title(const listview *lv)
{
    tz_sb sb = { 0 };
    tz_sb_append(&sb, lv->pick ? tz_L("选择", "Pick") : tz_L("党建台账", "Ledgers"));
    tz_sb_printf(&sb, " › %s", tz_form_title(lv->form));
    for (int i = 0; i < lv->depth; i++)
        if (*lv->path[i].label)
            tz_sb_printf(&sb, " › %s", lv->path[i].label);
    ui_title(sb.buf ? sb.buf : "", lv->app->db_path);
    tz_sb_free(&sb);
}

static void draw_search_line(const listview *lv)
{
    int cols = ui_cols();
    const char *prompt = tz_L("查找：", "Find: ");
    int pw = tz_str_width(prompt);
    ui_fill(1, 0, cols, UI_NORMAL);
    ui_text(1, 0, pw, prompt, UI_HEADER);
    int x = pw;
    if (searching(lv)) {
        ui_text(1, x, 30, lv->search_text, UI_FIELD_ACTIVE);
    } else {
        const char *hint = tz_form_finds_initials(lv->form)
                               ? tz_L("（输入名称、代码或拼音首字母）", "(type a name, code or initials)")
                               : tz_L("（输入名称或代码）", "(type a name or code)");
        ui_text(1, x, 30, hint, UI_DIM);
    }
    tz_sb sb = { 0 };
    for (int i = 0; i < lv->nfilters; i++)
        if (lv->filters[i].value)
            tz_sb_printf(&sb, "%s%s：%s", sb.len ? "  " : "", tz_field_label(lv->filters[i].field),
                         lv->filters[i].label);
    if (sb.len)
        ui_text(1, x + 32, cols - x - 32, sb.buf, UI_INFO);
    tz_sb_free(&sb);
}

/* Column x positions for the list, cut to the screen width; returns the number that fit. */
static size_t layout_columns(const tz_form *form, int *xs, int *ws)
{
    return ui_layout_columns(form, 1, 2, 1, xs, ws, 64);
}

static bool was_shown(const listview *lv, int64_t id)
{
    for (int i = 0; i < lv->nshown; i++)
        if (lv->shown[i] == id)
            return true;
    return false;
}

/* A row showing a record that was on no row at the last draw (a new page, a search result)
 * is repainted whole: patching it costs ncurses a search for the cheapest cursor jump (about
 * 10 K instructions) over every run of cells that happens to match the old row, 3 or 4 a row.
 * A record that only moved (Down at the last row) is left to ncurses, which scrolls it. */
static void note_shown(listview *lv)
{
    int64_t now[MAX_SHOWN];
    int n = 0;
    for (; n < (int)lv->page.n && n < MAX_SHOWN; n++) {
        now[n] = lv->page.rows[n].id;
        if (!was_shown(lv, now[n]))
            ui_repaint_line(3 + n);
    }
    memcpy(lv->shown, now, (size_t)n * sizeof now[0]);
    lv->nshown = n;
}

/* The list column the rows are ordered by, for the header's arrow: the sort, or while searching
 * the column searched (its pinyin's too); -1 when that column is not shown. */
static int ordered_column(const listview *lv)
{
    if (!lv->search_order)
        return lv->sort;
    const tz_form *form = lv->form;
    for (size_t c = 0; c < form->ncolumns; c++) {
        const tz_field *f = &form->fields[form->columns[c].field];
        if (strcmp(f->column, lv->search_order) == 0 ||
            (f->pinyin && strcmp(f->pinyin, lv->search_order) == 0))
            return (int)c;
    }
    return -1;
}

/* A sum in 分 too wide for its column, in 万元 with two decimals (rounded): 9,850.40万. */
static void wan(const char *fen_text, char *out, size_t cap)
{
    int64_t fen = 0;
    tz_parse_int(fen_text, &fen);
    bool neg = fen < 0;
    int64_t hundredths = ((neg ? -fen : fen) + 5000) / 10000; /* 0.01 万元 = 100 元 = 10000 分 */
    char whole[32];
    tz_money_format(hundredths / 100 * 100, whole, sizeof whole); /* "9,850.00": its thousands */
    char *dot = strchr(whole, '.');
    if (dot)
        *dot = '\0';
    snprintf(out, cap, "%s%s.%02d%s", neg ? "-" : "", whole, (int)(hundredths % 100),
             tz_L("万", "×10k"));
}

/* The 合计 line of a list with money columns: each one's sum under it, over every row the
 * search and filters keep, not only the page. */
static void draw_totals(const listview *lv, const int *xs, const int *ws, size_t ncol)
{
    if (!lv->has_money)
        return;
    int y = 3 + visible_rows(lv);
    ui_fill(y, 0, ui_cols(), UI_HEADER);
    if (!lv->sums_known) {
        char text[120];
        snprintf(text, sizeof text, tz_L("合计：超过 %d 条，未合计（请缩小范围）",
                                         "Total: over %d rows, not summed (narrow the list)"),
                 count_limit(lv));
        ui_text(y, 1, ui_cols() - 2, text, UI_HEADER);
        return;
    }
    ui_text(y, xs[0], ws[0], tz_L("合计", "Total"), UI_HEADER);
    for (size_t c = 0; c < ncol; c++) {
        if (!lv->sums[c])
            continue;
        char shown[64];
        tz_field_format(&lv->form->fields[lv->form->columns[c].field], lv->sums[c], shown,
                        sizeof shown);
        int room = ws[c] + 1; /* a total may take one of the two columns between */
        if (tz_str_width(shown) > room)
            wan(lv->sums[c], shown, sizeof shown);
        ui_text(y, xs[c], room, shown, UI_HEADER);
    }
}

static void draw_rows(listview *lv)
{
    const tz_form *form = lv->form;
    int xs[64], ws[64];
    size_t ncol = layout_columns(form, xs, ws);
    int ordered = ordered_column(lv);
    ui_fill(2, 0, ui_cols(), UI_HEADER);
    for (size_t c = 0; c < ncol; c++) {
        const tz_field *f = &form->fields[form->columns[c].field];
        char head[128];
        snprintf(head, sizeof head, "%s%s", tz_field_label(f),
                 (int)c == ordered ? (lv->desc ? "↓" : "↑") : "");
        ui_text(2, xs[c], ws[c], head, UI_HEADER);
    }
    for (int r = 0; r < visible_rows(lv); r++) {
        int y = 3 + r;
        bool sel = r == lv->sel && (size_t)r < lv->page.n;
        ui_fill(y, 0, ui_cols(), sel ? UI_SELECTED : UI_NORMAL);
        if ((size_t)r >= lv->page.n)
            continue;
        const tz_row *row = &lv->page.rows[r];
        for (size_t c = 0; c < ncol && c < row->n; c++) {
            const tz_field *f = &form->fields[form->columns[c].field];
            char shown[512];
            tz_field_format(f, row->v[c], shown, sizeof shown);
            ui_text(y, xs[c], ws[c], shown, sel ? UI_SELECTED : UI_NORMAL);
        }
    }
    draw_totals(lv, xs, ws, ncol);
    if (lv->page.n == 0)
        ui_text(4, 2, ui_cols() - 4, searching(lv) ? tz_L("没有符合条件的记录", "Nothing matches")
                                                   : lv->may_add ? tz_L("（空）按 F7 新增", "(empty) F7 adds one")
                                                                 : tz_L("（空）", "(empty)"),
                UI_DIM);
    note_shown(lv);
}

/* What the rows are ordered by: the list's sort, or while searching the searched column. */
static const char *order_label(const listview *lv)
{
    const tz_form *form = lv->form;
    if (!lv->search_order)
        return tz_field_label(&form->fields[form->columns[lv->sort].field]);
    for (size_t i = 0; i < form->nfields; i++) {
        const tz_field *f = &form->fields[i];
        if (strcmp(f->column, lv->search_order) == 0)
            return tz_field_label(f);
        if (f->pinyin && strcmp(f->pinyin, lv->search_order) == 0)
            return tz_L("拼音", "pinyin");
    }
    return lv->search_order;
}

/* As many of the counts ("草稿 3  已签订 120 …") as fit in `room` columns, whole ones only. */
static void fitting_counts(const char *counts, int room, char *out, size_t cap)
{
    out[0] = '\0';
    if (!counts)
        return;
    size_t end = 0;
    for (size_t i = 0; counts[i]; i++) {
        bool boundary = counts[i + 1] == '\0' || (counts[i + 1] == ' ' && counts[i + 2] == ' ');
        if (!boundary)
            continue;
        char head[400];
        snprintf(head, sizeof head, "%.*s", (int)(i + 1), counts);
        if (tz_str_width(head) > room)
            break;
        end = i + 1;
    }
    snprintf(out, cap, "%.*s%s", (int)end, counts, end ? "  " : "");
}

static void draw_status(const listview *lv)
{
    char status[520], tail[120], counts[400];
    char count[32];
    if (lv->count > count_limit(lv))
        snprintf(count, sizeof count, "%d+", count_limit(lv));
    else
        snprintf(count, sizeof count, "%lld", (long long)lv->count);
    /* the count and the order always; the counts by value as far as they fit */
    snprintf(tail, sizeof tail, tz_L("共 %s 条  按%s%s", "%s rows  by %s%s"), count,
             order_label(lv), lv->desc ? "↓" : "↑");
    fitting_counts(lv->counts, ui_cols() * 2 / 3 - tz_str_width(tail), counts, sizeof counts);
    if (lv->count >= 0)
        snprintf(status, sizeof status, "%s%s", counts, tail);
    else
        status[0] = '\0';
    int sw = tz_str_width(status);
    ui_draw_message_within(ui_cols() - sw - 2); /* a long message stops short of the counts */
    ui_text(ui_rows() - 2, ui_cols() - sw - 1, sw + 1, status, UI_INFO);
}

/* Whether a key does anything in this list: F4 (filter) only with filters, F9 (print) only
 * when the form names a report, F7 and F8 only for a clerk who may add rows. */
static bool offers(const listview *lv, ui_keycode key)
{
    switch (key) {
    case UK_FILTER: return lv->nfilters > 0;
    case UK_PRINT:  return lv->form->nprint > 0;
    case UK_NEW: case UK_DELREC: return lv->may_add;
    default:        return true;
    }
}

static void draw_keys_of(const listview *lv, const ui_keycode *keys, size_t n)
{
    ui_keycode shown[16];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 16; i++)
        if (offers(lv, keys[i]))
            shown[k++] = keys[i];
    ui_draw_keys(shown, k);
}

static void draw(listview *lv)
{
    static const ui_keycode browse_keys[] = { UK_HELP, UK_NEW, UK_DELREC, UK_SORT, UK_FILTER,
                                              UK_REFRESH, UK_PRINT, UK_BACK };
    static const ui_keycode tree_keys[] = { UK_HELP, UK_NEW, UK_DELREC, UK_SORT, UK_REFRESH,
                                            UK_BACK };
    static const ui_keycode pick_keys[] = { UK_HELP, UK_SORT, UK_BACK };
    static const ui_keycode view_keys[] = { UK_HELP, UK_SORT, UK_FILTER, UK_REFRESH, UK_PRINT,
                                            UK_BACK };
    ui_clear();
    draw_title(lv);
    draw_search_line(lv);
    draw_rows(lv);
    draw_status(lv);
    if (lv->pick)
        draw_keys_of(lv, pick_keys, sizeof pick_keys / sizeof pick_keys[0]);
    else if (lv->form->readonly)
        draw_keys_of(lv, view_keys, sizeof view_keys / sizeof view_keys[0]);
    else if (lv->form->tree)
        draw_keys_of(lv, tree_keys, sizeof tree_keys / sizeof tree_keys[0]);
    else
        draw_keys_of(lv, browse_keys, sizeof browse_keys / sizeof browse_keys[0]);
    if (lv->form->tree && !lv->pick) {
        const char *hint = tz_L("→进入下级 ←返回上级", "→ down  ← up");
        int w = tz_str_width(hint);
        ui_text(ui_rows() - 1, ui_cols() - w - 1, w, hint, UI_DIM);
    }
    if (searching(lv)) {
        tz_line_view v;
        tz_line search = lv->search;
        tz_line_layout(&search, 30, 1, &v);
        ui_cursor(1, tz_str_width(tz_L("查找：", "Find: ")) + v.cursor_col, true);
    } else {
        ui_cursor(0, 0, false);
    }
    ui_refresh();
}

static void show_help(const listview *lv)
{
    static const ui_keycode cmds[] = { UK_HELP, UK_SEARCH, UK_FILTER, UK_REFRESH, UK_SORT, UK_NEW,
                                       UK_DELREC, UK_BACK };
    char lines[16][160];
    const char *ptrs[16];
    size_t n = 0;
    if (lv->form->help)
        snprintf(lines[n++], sizeof lines[0], "%s",
                 tz_L(lv->form->help, lv->form->help_en));
    snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
             "直接输入即查找：名称的一部分、代码开头或拼音首字母（武冈市 → wgs）",
             "Type to search: part of the name, the start of the code, or pinyin initials"));
    snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
             "查找时结果的排列见状态行的“按…”：名称、代码或拼音",
             "While searching, the status line's \"by ...\" tells the rows' order"));
    snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
             "↑↓ PgUp PgDn Home End 移动    Enter 打开记录",
             "↑↓ PgUp PgDn Home End move    Enter open the record"));
    if (lv->form->tree)
        snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
                 "→ 进入下级单位    ← 或 Backspace 返回上级", "→ into the children   ← or Backspace up"));
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0] && n < 16; i++)
        if (offers(lv, cmds[i]))
            snprintf(lines[n++], sizeof lines[0], "%-4s %-8s (%s)", ui_key_name(cmds[i]),
                     ui_key_label(cmds[i]), ui_key_alt(cmds[i]));
    for (size_t i = 0; i < n; i++)
        ptrs[i] = lines[i];
    ui_show_text(tz_L("帮助", "Help"), ptrs, n);
}

/* ---- actions -------------------------------------------------------------------------------- */

static void search_changed(listview *lv)
{
    free(lv->search_text);
    lv->search_text = tz_line_get(&lv->search);
    ui_message_clear();
    requery(lv);
}

/* A new record starts with what the list is showing: the tree level, the fixed filter of a
 * link, the filters the clerk set. */
static void open_record(listview *lv, int64_t id)
{
    ui_form_args args = { .form = lv->form, .id = id };
    ui_form_opts fo = { 0 };
    char parent[32];
    if (!id) {
        if (lv->opts && lv->opts->filter_col) {
            snprintf(parent, sizeof parent, "%lld", (long long)lv->opts->filter_id);
            fo.presets[fo.npresets++] = (tz_filter){ lv->opts->filter_col, parent };
        } else if (lv->form->tree && lv->depth) {
            snprintf(parent, sizeof parent, "%lld", (long long)lv->path[lv->depth - 1].id);
            fo.presets[fo.npresets++] = (tz_filter){ lv->form->tree, parent };
        }
        for (int i = 0; i < lv->nfilters && fo.npresets < UI_MAX_PRESETS; i++)
            if (lv->filters[i].value && !lv->filters[i].field->readonly)
                fo.presets[fo.npresets++] = (tz_filter){ lv->filters[i].field->column,
                                                         lv->filters[i].value };
    }
    args.opts = fo;
    ui_push(lv->app, &ui_form_screen, &args, ASK_RECORD); /* the list is reloaded on resume */
}

static void delete_selected(listview *lv)
{
    if (!lv->page.n)
        return;
    const tz_row *row = &lv->page.rows[lv->sel];
    size_t shown = 0; /* name the record by its display column when the list shows it */
    for (size_t c = 0; c < lv->form->ncolumns && c < row->n; c++)
        if (lv->form->display &&
            strcmp(lv->form->fields[lv->form->columns[c].field].column, lv->form->display) == 0)
            shown = c;
    char q[300];
    snprintf(q, sizeof q, tz_L("删除“%s”？", "Delete \"%s\"?"),
             row->n && row->v[shown] ? row->v[shown] : "");
    char *batch = db_record_question(lv->app->db, lv->form, "delete", row->id, NULL);
    bool go = ui_confirm(batch ? batch : q); /* a batch's own: what withdrawing it deletes */
    free(batch);
    if (!go)
        return;
    tz_error err = { 0 };
    if (db_record_delete(lv->app->db, lv->form, row->id, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    ui_message(UI_INFO, "%s", tz_L("已删除", "Deleted"));
    reload(lv);
}

/* Returns true when the list should close. */
static bool handle_key(listview *lv, ui_key k)
{
    switch (k.code) {
    case UK_CHAR:
        if (tz_line_insert(&lv->search, k.ch))
            search_changed(lv);
        return false;
    case UK_BACKSPACE:
        if (searching(lv)) {
            tz_line_backspace(&lv->search);
            search_changed(lv);
        } else if (lv->form->tree && lv->depth && !lv->pick) {
            pop_level(lv);
            requery(lv);
        }
        return false;
    case UK_BACK:
        if (searching(lv)) {
            clear_search(lv);
            requery(lv);
            return false;
        }
        return true;
    case UK_QUIT:     return true;
    case UK_UP:       move_up(lv); return false;
    case UK_DOWN:     move_down(lv); return false;
    case UK_PGUP:     page_up(lv); return false;
    case UK_PGDN:     page_down(lv); return false;
    case UK_HOME:     load_first(lv); return false;
    case UK_END:      load_last(lv); return false;
    case UK_SORT:     next_sort(lv); return false;
    case UK_REFRESH:  reload(lv); ui_message_clear(); return false;
    case UK_HELP:     show_help(lv); return false;
    case UK_SEARCH:
        clear_search(lv);
        requery(lv);
        ui_message(UI_INFO, "%s", tz_form_finds_initials(lv->form)
                                      ? tz_L("请输入名称、代码或拼音首字母", "Type a name, code or initials")
                                      : tz_L("请输入名称或代码", "Type a name or code"));
        return false;
    case UK_ENTER:
        if (!lv->page.n)
            return false;
        if (lv->pick) {
            lv->picked = lv->page.rows[lv->sel].id;
            return true;
        }
        open_record(lv, lv->page.rows[lv->sel].id);
        return false;
    case UK_RIGHT:
        if (lv->form->tree && !lv->pick && lv->page.n) {
            drill_to(lv, lv->page.rows[lv->sel].id);
            clear_search(lv);
            requery(lv);
        }
        return false;
    case UK_LEFT:
        if (lv->form->tree && !lv->pick && lv->depth) {
            pop_level(lv);
            requery(lv);
        }
        return false;
    case UK_NEW:
        if (lv->may_add)
            open_record(lv, 0);
        return false;
    case UK_DELREC:
        if (lv->may_add)
            delete_selected(lv);
        return false;
    case UK_PICK:
        if (!lv->pick)
            choose_filter(lv);
        return false;
    case UK_PRINT:
        if (!lv->pick)
            ui_print_record(lv->app, lv->form, lv->page.n ? lv->page.rows[lv->sel].id : 0);
        return false;
    default:
        return false;
    }
}

static void open_list(ui_screen *s, const void *args)
{
    const ui_list_args *a = args;
    const tz_form *form = a->form;
    listview *lv = s->state;
    *lv = (listview){ .app = s->app, .form = form, .opts = &lv->opts_given,
                      .opts_given = a->opts, .pick = a->opts.pick_field != NULL, .count = -1 };
    const ui_list_opts *opts = &a->opts;
    for (size_t i = 0; i < form->ncolumns; i++)
        if (form->order && strcmp(form->fields[form->columns[i].field].column, form->order) == 0)
            lv->sort = (int)i;
    lv->desc = form->order_desc;
    lv->may_add = !lv->pick && !form->readonly && db_may_change(lv->app->db, form, 0, NULL) == TZ_OK;
    tz_line_init(&lv->search, 60, false);
    for (size_t c = 0; c < form->ncolumns; c++)
        lv->has_money |= form->fields[form->columns[c].field].type == TZ_FT_MONEY;
    if (!lv->pick)
        init_filters(lv);
    tz_error err = { 0 };
    if (db_fill_pinyin(lv->app->db, form, &err) != TZ_OK && !db_readonly(lv->app->db))
        ui_message(UI_ERROR, "%s", err.msg);
    if (*a->search) {
        tz_line_set(&lv->search, a->search);
        lv->search_text = tz_line_get(&lv->search);
    }
    lv->opts_given.initial_search = NULL; /* the caller's, read by ui_list_run only */
    int64_t home = db_session_home(lv->app->db, form); /* a township's clerk: its own township */
    if (home && form->tree && !lv->pick && !opts->filter_col)
        drill_to(lv, home);
    requery(lv);
}

static void draw_list(ui_screen *s)
{
    draw(s->state);
}

static ui_step list_key(ui_screen *s, ui_key k)
{
    if (k.code != UK_CHAR && k.code != UK_BACKSPACE)
        ui_message_clear();
    return handle_key(s->state, k) ? UI_CLOSE : UI_STAY;
}

static void resize_list(ui_screen *s)
{
    reload(s->state);
}

static void resume_list(ui_screen *s, int asked, const ui_result *r)
{
    listview *lv = s->state;
    if (asked == ASK_RECORD) {
        reload(lv);
        return;
    }
    int filter = asked - ASK_FILTER_ROW;
    if (filter < 0 || filter >= lv->nfilters || !r->id)
        return;
    set_row_filter(lv, &lv->filters[filter], r->id);
    requery(lv);
}

static void close_list(ui_screen *s, ui_result *r)
{
    listview *lv = s->state;
    while (lv->depth)
        pop_level(lv);
    tz_rows_free(&lv->page);
    tz_line_free(&lv->search);
    free(lv->search_text);
    for (int i = 0; i < lv->nfilters; i++)
        set_filter(&lv->filters[i], NULL, NULL);
    free(lv->counts);
    free_sums(lv);
    ui_message_clear();
    r->id = lv->picked;
}

const ui_screen_ops ui_list_screen = {
    .kind = "list", .state_size = sizeof(listview), .open = open_list, .draw = draw_list,
    .key = list_key, .resize = resize_list, .resume = resume_list, .close = close_list,
};

int64_t ui_list_run(ui_app *app, const tz_form *form, const ui_list_opts *opts)
{
    ui_list_args args = { form, opts ? *opts : (ui_list_opts){ 0 }, "" };
    if (opts && opts->initial_search)
        snprintf(args.search, sizeof args.search, "%s", opts->initial_search);
    return ui_run_screen(app, &ui_list_screen, &args).id;
}
