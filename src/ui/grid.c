/* grid.c — the detail grid of a master–detail form, edited in place. */
#include "grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Detail rows per record are few (a contract has a dozen items); this caps a runaway. */
#define GRID_MAX_ROWS 500
#define GRID_MAX_COLS 32

void grid_init(ui_grid *g, ui_app *app, const tz_detail *d)
{
    memset(g, 0, sizeof *g);
    g->app = app;
    g->d = d;
    g->form = tz_spec_form(app->set, d->form);
}

void grid_free(ui_grid *g)
{
    if (g->editing)
        field_free(&g->cell);
    g->editing = false;
    tz_rows_free(&g->rows);
    tz_row_free(&g->draft);
}

void grid_load(ui_grid *g, int64_t master_id)
{
    tz_rows_free(&g->rows);
    if (!master_id)
        return;
    tz_listq q = { .form = g->form, .filter_col = g->d->link, .filter_id = master_id, .sort = -1 };
    tz_error err = { 0 };
    if (db_list_page(g->app->db, &q, NULL, +1, false, GRID_MAX_ROWS, &g->rows, &err) != TZ_OK)
        ui_message(UI_ERROR, "%s", err.msg);
    if (g->sel >= (int)g->rows.n)
        g->sel = g->rows.n ? (int)g->rows.n - 1 : 0;
}

int grid_height(const ui_grid *g)
{
    return 2 + g->d->rows;
}

static const tz_field *column_field(const ui_grid *g, int c)
{
    return &g->form->fields[g->form->columns[c].field];
}

/* x and width of each column that fits on the screen; returns how many fit. */
static int layout(const ui_grid *g, int *xs, int *ws)
{
    return (int)ui_layout_columns(g->form, 1, 1, 2, xs, ws, GRID_MAX_COLS);
}

void grid_draw(ui_grid *g, int y, bool focused, int64_t master_id, int *cy, int *cx)
{
    char title[200];
    snprintf(title, sizeof title, "%s%s", tz_L(g->d->title ? g->d->title : tz_form_title(g->form),
                                                g->d->title_en),
             focused && !g->locked ? tz_L("  （Enter 修改  F7 新增行  F8 删除行）",
                                          "  (Enter edit  F7 add row  F8 delete row)") : "");
    ui_text(y, 0, ui_cols(), title, focused ? UI_HEADER : UI_NORMAL);
    int xs[GRID_MAX_COLS], ws[GRID_MAX_COLS];
    int ncol = layout(g, xs, ws);
    ui_fill(y + 1, 0, ui_cols(), UI_HEADER);
    for (int c = 0; c < ncol; c++)
        ui_text(y + 1, xs[c], ws[c], tz_field_label(column_field(g, c)), UI_HEADER);
    if (!master_id) {
        ui_text(y + 2, 2, ui_cols() - 4, tz_L("（先按 F2 保存，再填写明细）",
                                               "(save with F2 first, then fill in the rows)"), UI_DIM);
        return;
    }
    if (g->sel < g->top)
        g->top = g->sel;
    if (g->sel >= g->top + g->d->rows)
        g->top = g->sel - g->d->rows + 1;
    for (int r = 0; r < g->d->rows; r++) {
        int i = g->top + r, ry = y + 2 + r;
        ui_fill(ry, 0, ui_cols(), UI_NORMAL);
        if (i >= (int)g->rows.n) {
            if (i == 0)
                ui_text(ry, 2, ui_cols() - 4, tz_L("（没有明细，按 F7 新增）", "(no rows: F7 adds one)"),
                        UI_DIM);
            continue;
        }
        const tz_row *row = &g->rows.rows[i];
        for (int c = 0; c < ncol && c < (int)row->n; c++) {
            bool here = focused && i == g->sel && c == g->col;
            if (here && g->editing) {
                field_draw(&g->cell, ry, xs[c], ws[c], 1, true, cy, cx);
                continue;
            }
            char shown[512];
            tz_field_format(column_field(g, c), row->v[c], shown, sizeof shown);
            ui_text(ry, xs[c], ws[c], shown,
                    here ? UI_FIELD_ACTIVE : focused && i == g->sel ? UI_SELECTED : UI_NORMAL);
            if (here) {
                *cy = ry;
                *cx = xs[c];
            }
        }
    }
    if (g->top > 0)
        ui_text(y + 1, ui_cols() - 2, 1, "↑", UI_DIM);
    if (g->top + g->d->rows < (int)g->rows.n)
        ui_text(y + 1 + g->d->rows, ui_cols() - 2, 1, "↓", UI_DIM);
}

/* ---- editing a cell ------------------------------------------------------------------------- */

static bool load_row(ui_grid *g, tz_row *rec)
{
    tz_error err = { 0 };
    if (db_record_load(g->app->db, g->form, g->rows.rows[g->sel].id, rec, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    return true;
}

static bool start_edit(ui_grid *g)
{
    if (!g->rows.n)
        return false;
    const tz_field *f = column_field(g, g->col);
    if (g->locked)
        return false; /* the form has said why on opening */
    if (f->readonly || g->form->readonly) {
        ui_message(UI_ERROR, tz_L("%s：此栏由系统计算，不能修改", "%s: computed, cannot be changed"),
                   tz_field_label(f));
        return false;
    }
    tz_row rec = { 0 };
    if (!load_row(g, &rec))
        return false;
    field_init(&g->cell, f);
    field_set_stored(g->app, &g->cell, rec.v[g->form->columns[g->col].field]);
    tz_row_free(&rec);
    field_enter(&g->cell);
    g->editing = true;
    return true;
}

static void stop_edit(ui_grid *g)
{
    field_free(&g->cell);
    g->editing = false;
}

/* Saves the edited cell into its row: the row is loaded fresh, the one value replaced, saved.
 * A refusal (a score above the weight) keeps the cell open with the reason shown. */
static bool commit_edit(ui_grid *g)
{
    char *stored = NULL;
    tz_error err = { 0 };
    if (field_value(&g->cell, &stored, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    tz_row rec = { 0 };
    if (!load_row(g, &rec)) {
        free(stored);
        return false;
    }
    int fi = g->form->columns[g->col].field;
    free(rec.v[fi]);
    rec.v[fi] = stored;
    int64_t id = g->rows.rows[g->sel].id;
    bool ok = db_record_save(g->app->db, g->form, &id, rec.v, &err) == TZ_OK;
    tz_row_free(&rec);
    if (!ok) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    stop_edit(g);
    ui_message(UI_INFO, "%s", tz_L("已保存", "Saved"));
    return true;
}

/* A box the form is to push for the grid: a question (ask_lines[0]) or a pick list. */
static grid_result ask_dialog(ui_grid *g, ui_dialog_kind kind, size_t n, int current, int asked)
{
    g->ask_dialog = (ui_dialog_args){ .kind = kind, .lines = g->ask_lines, .n = n,
                                      .current = current,
                                      .title = kind == UI_DLG_PICK ? tz_field_label(g->cell.f) : NULL };
    g->ask_ops = &ui_dialog_screen;
    g->ask_args = &g->ask_dialog;
    g->asked = asked;
    return GRID_ASK;
}

static grid_result ask_question(ui_grid *g, const char *question, int asked)
{
    snprintf(g->question, sizeof g->question, "%s", question);
    g->ask_lines[0] = g->question;
    return ask_dialog(g, UI_DLG_CONFIRM, 1, 0, asked);
}

/* F4 in a choice or yes/no cell: its labels; the answer comes to grid_answer. */
static grid_result ask_choice(ui_grid *g)
{
    int current;
    size_t n = field_choice_labels(&g->cell, g->ask_lines, FIELD_MAX_CHOICES, &current);
    return ask_dialog(g, UI_DLG_PICK, n, current, GRID_ASKED_CHOICE);
}

/* A lookup cell's pick list, pushed by the form; its answer comes to grid_answer. */
static grid_result ask_pick(ui_grid *g, bool always, ui_key k)
{
    if (field_resolve_lookup(g->app, &g->cell, always, &g->ask_list) != LOOKUP_ASK)
        return GRID_UNUSED;
    g->ask_ops = &ui_list_screen;
    g->ask_args = &g->ask_list;
    g->asked = always ? GRID_ASKED_PICK : GRID_ASKED_LEAVING;
    g->pending = k;
    return GRID_ASK;
}

static grid_result edit_key(ui_grid *g, ui_key k, int64_t master_id)
{
    switch (k.code) {
    case UK_BACK:
        stop_edit(g);
        ui_message_clear();
        return GRID_USED;
    case UK_PICK:
        if (g->cell.f->type == TZ_FT_LOOKUP)
            return ask_pick(g, true, k);
        if (!field_is_text(g->cell.f))
            return ask_choice(g);
        return GRID_USED;
    case UK_ENTER: case UK_TAB: case UK_SAVE: case UK_UP: case UK_DOWN:
        if (field_edit_key(&g->cell, k, 1) != FIELD_KEY_UNUSED)
            return GRID_USED;
        if (g->cell.f->type == TZ_FT_LOOKUP && ask_pick(g, false, k) == GRID_ASK)
            return GRID_ASK;
        if (!commit_edit(g))
            return GRID_USED;
        grid_load(g, master_id);
        if (k.code == UK_TAB && g->col + 1 < (int)g->form->ncolumns)
            g->col++;
        if (k.code == UK_UP && g->sel > 0)
            g->sel--;
        if (k.code == UK_DOWN && g->sel + 1 < (int)g->rows.n)
            g->sel++;
        return GRID_CHANGED;
    default:
        field_edit_key(&g->cell, k, 1);
        return GRID_USED;
    }
}

/* ---- rows ---------------------------------------------------------------------------------- */

static grid_result add_row(ui_grid *g, int64_t master_id)
{
    snprintf(g->link, sizeof g->link, "%lld", (long long)master_id);
    g->ask_form = (ui_form_args){ g->form, 0, { .presets = { { g->d->link, g->link } },
                                                .npresets = 1 } };
    g->ask_ops = &ui_form_screen;
    g->ask_args = &g->ask_form;
    g->asked = GRID_ASKED_ROW;
    return GRID_ASK;
}

static grid_result delete_row(ui_grid *g)
{
    if (!g->rows.n)
        return GRID_USED;
    return ask_question(g, tz_L("删除这一行？", "Delete this row?"), GRID_ASKED_DELETE);
}

static grid_result row_deleted(ui_grid *g, int64_t master_id)
{
    tz_error err = { 0 };
    if (db_record_delete(g->app->db, g->form, g->rows.rows[g->sel].id, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return GRID_USED;
    }
    grid_load(g, master_id);
    return GRID_CHANGED;
}

static grid_result move_key(ui_grid *g, ui_key k)
{
    int ncol = (int)g->form->ncolumns, n = (int)g->rows.n;
    switch (k.code) {
    case UK_UP:    if (g->sel > 0) g->sel--; return GRID_USED;
    case UK_DOWN:  if (g->sel + 1 < n) g->sel++; return GRID_USED;
    case UK_PGUP:  g->sel = g->sel > g->d->rows ? g->sel - g->d->rows : 0; return GRID_USED;
    case UK_PGDN:  g->sel = g->sel + g->d->rows < n ? g->sel + g->d->rows : (n ? n - 1 : 0);
                   return GRID_USED;
    case UK_LEFT:  if (g->col > 0) g->col--; return GRID_USED;
    case UK_RIGHT: if (g->col + 1 < ncol) g->col++; return GRID_USED;
    case UK_HOME:  g->col = 0; return GRID_USED;
    case UK_END:   g->col = ncol - 1; return GRID_USED;
    case UK_TAB:
        if (g->col + 1 < ncol) { g->col++; return GRID_USED; }
        if (g->sel + 1 < n) { g->sel++; g->col = 0; return GRID_USED; }
        return GRID_LEAVE_NEXT;
    case UK_BTAB:
        if (g->col > 0) { g->col--; return GRID_USED; }
        if (g->sel > 0) { g->sel--; g->col = ncol - 1; return GRID_USED; }
        return GRID_LEAVE_PREV;
    default:
        return GRID_UNUSED;
    }
}

void grid_show_help(const ui_grid *g)
{
    if (!g->rows.n || g->locked || g->form->readonly)
        return;
    const tz_field *f = column_field(g, g->col);
    ui_message(UI_DIM, "%s", f->readonly ? "" : tz_field_help(f));
}

grid_result grid_key(ui_grid *g, ui_key k, int64_t master_id)
{
    if (g->editing)
        return edit_key(g, k, master_id);
    if (!master_id)
        return k.code == UK_TAB ? GRID_LEAVE_NEXT : k.code == UK_BTAB ? GRID_LEAVE_PREV : GRID_UNUSED;
    grid_result r = move_key(g, k);
    if (r == GRID_USED)
        grid_show_help(g);
    if (r != GRID_UNUSED)
        return r;
    switch (k.code) {
    case UK_NEW:    return g->form->readonly || g->locked ? GRID_USED : add_row(g, master_id);
    case UK_DELREC: return g->form->readonly || g->locked ? GRID_USED : delete_row(g);
    case UK_ENTER:
        start_edit(g);
        return GRID_USED;
    case UK_PICK:
        if (start_edit(g))
            return edit_key(g, k, master_id);
        return GRID_USED;
    case UK_CHAR:
        /* Typing over a cell replaces it, as in a spreadsheet; Space changes a choice. */
        if (start_edit(g)) {
            if (field_is_text(g->cell.f))
                tz_line_enter(&g->cell.line); /* a memo cell too */
            field_edit_key(&g->cell, k, 1);
        }
        return GRID_USED;
    default:
        return GRID_UNUSED;
    }
}

static grid_result draft_answered(ui_grid *g, bool restore, int64_t master_id);

grid_result grid_answer(ui_grid *g, const ui_result *r, int64_t master_id)
{
    switch (g->asked) {
    case GRID_ASKED_ROW:
        grid_load(g, master_id);
        for (size_t i = 0; i < g->rows.n; i++)
            if (g->rows.rows[i].id == r->id)
                g->sel = (int)i;
        return GRID_CHANGED;
    case GRID_ASKED_PICK:
        field_picked(g->app, &g->cell, r->id);
        return GRID_USED;
    case GRID_ASKED_LEAVING:
        if (!field_picked(g->app, &g->cell, r->id))
            return GRID_USED;
        return grid_key(g, g->pending, master_id); /* the cell is left as the key asked */
    case GRID_ASKED_CHOICE:
        field_choice_picked(&g->cell, r->answer);
        return GRID_USED;
    case GRID_ASKED_DELETE:
        return r->answer ? row_deleted(g, master_id) : GRID_USED;
    case GRID_ASKED_DRAFT:
        return draft_answered(g, r->answer, master_id);
    }
    return GRID_USED;
}

/* ---- drafts --------------------------------------------------------------------------------- */

void grid_keep_draft(const ui_grid *g)
{
    if (!g->editing || !g->rows.n)
        return;
    char **typed = calloc(g->form->nfields, sizeof *typed);
    if (!typed)
        return;
    int fi = g->form->columns[g->col].field;
    typed[fi] = field_typed(&g->cell);
    db_draft_save(g->app->db, g->form, g->rows.rows[g->sel].id, typed, NULL);
    free(typed[fi]);
    free(typed);
}

/* The list column a row's draft holds a value for (a grid's draft keeps one cell). */
static int draft_column(const ui_grid *g, const tz_row *draft)
{
    for (size_t c = 0; c < g->form->ncolumns; c++)
        if (draft->v[g->form->columns[c].field])
            return (int)c;
    return -1;
}

/* Asks about the next row from `from` that has a draft; GRID_USED when none is left. */
static grid_result offer_from(ui_grid *g, size_t from, int64_t master_id)
{
    for (size_t i = from; master_id && !g->locked && i < g->rows.n; i++) {
        int64_t id = g->rows.rows[i].id;
        char *when = NULL;
        tz_row_free(&g->draft);
        if (db_draft_load(g->app->db, g->form, id, &g->draft, &when, NULL) != TZ_OK)
            continue;
        char question[240];
        snprintf(question, sizeof question,
                 tz_L("%s第 %zu 行有 %s 中断时未保存的内容，恢复吗？",
                      "%s, row %zu: restore what was typed when the session ended at %s?"),
                 g->d->title ? tz_L(g->d->title, g->d->title_en) : tz_form_title(g->form), i + 1,
                 when ? when : "");
        free(when);
        g->draft_row = i;
        if (draft_column(g, &g->draft) >= 0)
            return ask_question(g, question, GRID_ASKED_DRAFT);
        db_draft_discard(g->app->db, g->form, id, NULL); /* nothing in it to give back */
    }
    tz_row_free(&g->draft);
    return GRID_USED;
}

grid_result grid_offer_drafts(ui_grid *g, int64_t master_id)
{
    return offer_from(g, 0, master_id);
}

/* The clerk's answer about row draft_row's draft; either way the draft is then forgotten. */
static grid_result draft_answered(ui_grid *g, bool restore, int64_t master_id)
{
    size_t i = g->draft_row;
    bool restored = false;
    if (restore) {
        int c = draft_column(g, &g->draft);
        g->sel = (int)i;
        g->col = c;
        if (start_edit(g)) {
            field_set_typed(g->app, &g->cell, g->draft.v[g->form->columns[c].field]);
            restored = true;
        }
    }
    db_draft_discard(g->app->db, g->form, g->rows.rows[i].id, NULL);
    tz_row_free(&g->draft);
    return restored ? GRID_DRAFT_TAKEN : offer_from(g, i + 1, master_id);
}
