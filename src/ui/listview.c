/* listview.c — the generic list of a form's rows as a screen: incremental search as the clerk
 * types, sort by any list column, drill-down through a tree (units: city → townships →
 * villages), filters (by a looked-up row: people by unit), and pick mode for lookup fields. The
 * query and its keyset paging are in listquery.c, the drawing in listdraw.c. Everything about
 * the columns comes from the tz_form. */
#include "list.h"
#include "stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a list asks of the screens it pushes (ui_screen.asked). */
enum { ASK_RECORD = 1, ASK_DELETE, ASK_FILTER, ASK_FILTER_ROW = 16 /* + the filter's index */,
       ASK_FILTER_VALUE = 32 /* + the filter's index */ };


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
 * the other filters; the clerk picks one, or "all" (ASK_FILTER_VALUE). */
static void pick_value(listview *lv, int filter)
{
    const tz_field *f = lv->filters[filter].field;
    tz_listq q = list_query_without(lv, &lv->filters[filter]);
    tz_rows *rows = &lv->values;
    tz_error err = { 0 };
    tz_rows_free(rows);
    if (db_list_counts(lv->app->db, &q, f->column, 40, rows, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    char texts[41][96];
    const char *labels[41];
    size_t n = 0;
    snprintf(texts[n], sizeof texts[0], "%s", tz_L("（全部）", "(all)"));
    labels[n] = texts[n];
    n++;
    for (size_t i = 0; i < rows->n && n < 41; i++, n++) {
        char shown[64];
        tz_field_format(f, rows->rows[i].v[0], shown, sizeof shown);
        snprintf(texts[n], sizeof texts[0], "%-12s %6lld", rows->rows[i].v[0] ? shown : "—",
                 (long long)rows->rows[i].id);
        labels[n] = texts[n];
    }
    ui_pick_label(lv->app, tz_field_label(f), labels, n, 0, ASK_FILTER_VALUE + filter);
}

/* The value picked for a filter: its label i (0: all, -1: none picked). */
static void value_picked(listview *lv, int filter, int i)
{
    listfilter *lf = &lv->filters[filter];
    if (i > 0 && (size_t)i <= lv->values.n) {
        char shown[64];
        tz_field_format(lf->field, lv->values.rows[i - 1].v[0], shown, sizeof shown);
        set_filter(lf, lv->values.rows[i - 1].v[0], shown);
    } else if (i == 0) {
        set_filter(lf, NULL, NULL);
    }
    tz_rows_free(&lv->values);
    if (i >= 0)
        list_requery(lv);
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
    ui_pick_label(lv->app, tz_L("筛选", "Filter"), labels, (size_t)n, 0, ASK_FILTER);
}

/* The filter chosen (i), or "clear all" (nfilters): its value is asked next. */
static void filter_chosen(listview *lv, int i)
{
    if (i < 0)
        return;
    if (i == lv->nfilters) {
        for (int k = 0; k < lv->nfilters; k++)
            set_filter(&lv->filters[k], NULL, NULL);
        list_requery(lv);
    } else if (lv->filters[i].field->type == TZ_FT_LOOKUP) {
        ask_row(lv, i);
    } else {
        pick_value(lv, i);
    }
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
    list_requery(lv);
}

/* ---- actions -------------------------------------------------------------------------------- */

static void search_changed(listview *lv)
{
    free(lv->search_text);
    lv->search_text = tz_line_get(&lv->search);
    ui_message_clear();
    list_requery(lv);
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
    lv->deleting = row->id;
    ui_ask_confirm(lv->app, batch ? batch : q, ASK_DELETE); /* a batch's own: what withdrawing
                                                               it deletes */
    free(batch);
}

static void delete_answered(listview *lv, bool go)
{
    tz_error err = { 0 };
    if (!go)
        return;
    if (db_record_delete(lv->app->db, lv->form, lv->deleting, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    ui_message(UI_INFO, "%s", tz_L("已删除", "Deleted"));
    list_reload(lv);
}

/* F3: the search starts again, empty. */
static void new_search(listview *lv)
{
    clear_search(lv);
    list_requery(lv);
    ui_message(UI_INFO, "%s", tz_form_finds_initials(lv->form)
                                  ? tz_L("请输入名称、代码或拼音首字母", "Type a name, code or initials")
                                  : tz_L("请输入名称或代码", "Type a name or code"));
}

/* The keys that move through the rows and the tree; false for any other. */
static bool move_key(listview *lv, ui_key k)
{
    switch (k.code) {
    case UK_UP:       list_move_up(lv); return true;
    case UK_DOWN:     list_move_down(lv); return true;
    case UK_PGUP:     list_page_up(lv); return true;
    case UK_PGDN:     list_page_down(lv); return true;
    case UK_HOME:     list_load_first(lv); return true;
    case UK_END:      list_load_last(lv); return true;
    case UK_RIGHT:
        if (lv->form->tree && !lv->pick && lv->page.n) {
            drill_to(lv, lv->page.rows[lv->sel].id);
            clear_search(lv);
            list_requery(lv);
        }
        return true;
    case UK_LEFT:
        if (lv->form->tree && !lv->pick && lv->depth) {
            pop_level(lv);
            list_requery(lv);
        }
        return true;
    default:
        return false;
    }
}

/* Returns true when the list should close. */
static bool handle_key(listview *lv, ui_key k)
{
    if (move_key(lv, k))
        return false;
    switch (k.code) {
    case UK_CHAR:
        if (tz_line_insert(&lv->search, k.ch))
            search_changed(lv);
        return false;
    case UK_BACKSPACE:
        if (list_searching(lv)) {
            tz_line_backspace(&lv->search);
            search_changed(lv);
        } else if (lv->form->tree && lv->depth && !lv->pick) {
            pop_level(lv);
            list_requery(lv);
        }
        return false;
    case UK_BACK:
        if (list_searching(lv)) {
            clear_search(lv);
            list_requery(lv);
            return false;
        }
        return true;
    case UK_SORT:     next_sort(lv); return false;
    case UK_REFRESH:  list_reload(lv); ui_message_clear(); return false;
    case UK_HELP:     list_show_help(lv); return false;
    case UK_SEARCH:   new_search(lv); return false;
    case UK_ENTER:
        if (!lv->page.n)
            return false;
        if (lv->pick) {
            lv->picked = lv->page.rows[lv->sel].id;
            return true;
        }
        open_record(lv, lv->page.rows[lv->sel].id);
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
    int64_t home = db_session_home(lv->app->db, form); /* a township's clerk: its own township */
    if (home && form->tree && !lv->pick && !opts->filter_col)
        drill_to(lv, home);
    list_requery(lv);
}

static void draw_list(ui_screen *s)
{
    list_draw(s->state);
}

static ui_step list_key(ui_screen *s, ui_key k)
{
    if (k.code != UK_CHAR && k.code != UK_BACKSPACE)
        ui_message_clear();
    return handle_key(s->state, k) ? UI_CLOSE : UI_STAY;
}

static void resize_list(ui_screen *s)
{
    list_reload(s->state);
}

static ui_step resume_list(ui_screen *s, int asked, const ui_result *r)
{
    listview *lv = s->state;
    switch (asked) {
    case ASK_RECORD: list_reload(lv); return UI_STAY;
    case ASK_DELETE: delete_answered(lv, r->answer); return UI_STAY;
    case ASK_FILTER: filter_chosen(lv, r->answer); return UI_STAY;
    default: break;
    }
    if (asked >= ASK_FILTER_VALUE) {
        value_picked(lv, asked - ASK_FILTER_VALUE, r->answer);
        return UI_STAY;
    }
    int filter = asked - ASK_FILTER_ROW;
    if (filter < 0 || filter >= lv->nfilters || !r->id)
        return UI_STAY;
    set_row_filter(lv, &lv->filters[filter], r->id);
    list_requery(lv);
    return UI_STAY;
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
    tz_rows_free(&lv->values);
    list_free_sums(lv);
    ui_message_clear();
    r->id = lv->picked;
}

const ui_screen_ops ui_list_screen = {
    .kind = "list", .state_size = sizeof(listview), .open = open_list, .draw = draw_list,
    .key = list_key, .resize = resize_list, .resume = resume_list, .close = close_list,
};
