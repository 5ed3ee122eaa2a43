/* field.c — one field's value and editing, for the form view and the detail grid. */
#include "field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void field_init(ui_field *s, const tz_field *f)
{
    memset(s, 0, sizeof *s);
    s->f = f;
    s->choice = -1;
    tz_line_init(&s->line, (size_t)f->maxlen, f->type == TZ_FT_MEMO);
}

void field_free(ui_field *s)
{
    tz_line_free(&s->line);
}

bool field_is_text(const tz_field *f)
{
    return f->type != TZ_FT_CHOICE && f->type != TZ_FT_YESNO;
}

bool field_is_empty(const ui_field *s)
{
    return field_is_text(s->f) ? s->line.len == 0 : s->choice < 0;
}

void field_set_lookup(ui_app *app, ui_field *s, int64_t id)
{
    s->ref = id;
    s->unresolved = false;
    char *label = NULL;
    if (id) {
        const tz_form *target = tz_spec_form(app->set, s->f->lookup);
        tz_error err = { 0 };
        if (db_lookup_label(app->db, target, id, &label, &err) != TZ_OK)
            ui_message(UI_ERROR, "%s", err.msg);
    }
    tz_line_set(&s->line, label ? label : "");
    free(label);
}

void field_set_stored(ui_app *app, ui_field *s, const char *stored)
{
    const tz_field *f = s->f;
    switch (f->type) {
    case TZ_FT_CHOICE:
        s->choice = -1;
        for (size_t i = 0; stored && i < f->nchoices; i++)
            if (strcmp(f->choices[i].code, stored) == 0)
                s->choice = (int)i;
        break;
    case TZ_FT_YESNO:
        s->choice = stored ? strcmp(stored, "0") != 0 : -1;
        break;
    case TZ_FT_LOOKUP: {
        int64_t id = 0;
        if (stored)
            tz_parse_int(stored, &id);
        field_set_lookup(app, s, id);
        break;
    }
    default: {
        char shown[4096];
        tz_field_format(f, stored, shown, sizeof shown);
        tz_line_set(&s->line, shown);
        break;
    }
    }
}

int field_width_needed(const tz_field *f)
{
    int w = f->width;
    for (size_t i = 0; f->type == TZ_FT_CHOICE && i < f->nchoices; i++) {
        int lw = tz_str_width(tz_choice_label(&f->choices[i]));
        if (lw > w)
            w = lw;
    }
    return w;
}

int ui_column_width(const tz_form *form, size_t c)
{
    int w = form->columns[c].width;
    int hw = tz_str_width(tz_field_label(&form->fields[form->columns[c].field]));
    return hw > w ? hw : w;
}

const char *field_shown(const ui_field *s, char *buf, size_t cap)
{
    const tz_field *f = s->f;
    if (f->type == TZ_FT_CHOICE)
        return s->choice >= 0 ? tz_choice_label(&f->choices[s->choice]) : "";
    if (f->type == TZ_FT_YESNO)
        return s->choice < 0 ? "" : s->choice ? tz_L("是", "Yes") : tz_L("否", "No");
    char *t = tz_line_get(&s->line);
    snprintf(buf, cap, "%s", t ? t : "");
    free(t);
    return buf;
}

tz_status field_value(const ui_field *s, char **stored, tz_error *err)
{
    const tz_field *f = s->f;
    *stored = NULL;
    if (f->type == TZ_FT_LOOKUP) {
        if (s->unresolved && s->line.len)
            return tz_fail(err, TZ_ERR_INVALID, tz_L("%s：请按 F4 从列表中选择",
                           "%s: press F4 to pick from the list"), tz_field_label(f));
        char idtext[32] = "";
        if (s->ref)
            snprintf(idtext, sizeof idtext, "%lld", (long long)s->ref);
        return tz_field_parse(f, idtext, stored, err);
    }
    if (!field_is_text(f)) {
        char buf[8];
        return tz_field_parse(f, field_shown(s, buf, sizeof buf), stored, err);
    }
    char *typed = tz_line_get(&s->line);
    if (!typed)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    tz_status st = tz_field_parse(f, typed, stored, err);
    free(typed);
    return st;
}

char *field_typed(const ui_field *s)
{
    char buf[32];
    switch (s->f->type) {
    case TZ_FT_CHOICE:
        return s->choice >= 0 ? tz_strdup(s->f->choices[s->choice].code) : NULL;
    case TZ_FT_YESNO:
        return s->choice >= 0 ? tz_strdup(s->choice ? "1" : "0") : NULL;
    case TZ_FT_LOOKUP:
        if (!s->ref)
            return NULL;
        snprintf(buf, sizeof buf, "%lld", (long long)s->ref);
        return tz_strdup(buf);
    default:
        return s->line.len ? tz_line_get(&s->line) : NULL;
    }
}

void field_set_typed(ui_app *app, ui_field *s, const char *typed)
{
    if (s->f->type == TZ_FT_CHOICE || s->f->type == TZ_FT_YESNO || s->f->type == TZ_FT_LOOKUP) {
        field_set_stored(app, s, typed);
        return;
    }
    tz_line_set(&s->line, typed);
    s->line.changed = true;
}

void field_normalise(ui_app *app, ui_field *s, const char *stored)
{
    const tz_field *f = s->f;
    if (field_is_text(f) && f->type != TZ_FT_LOOKUP && f->type != TZ_FT_MEMO && s->line.changed)
        field_set_stored(app, s, stored);
}

/* ---- lookups ---------------------------------------------------------------------------------- */

static int64_t single_match(ui_app *app, const ui_field *s, const tz_form *target, const char *text)
{
    tz_listq q = { .form = target, .where = s->f->where, .search = text, .sort = -1 };
    tz_rows rows = { 0 };
    tz_error err = { 0 };
    int64_t found = 0;
    if (db_list_page(app->db, &q, NULL, +1, false, 2, &rows, &err) == TZ_OK && rows.n == 1)
        found = rows.rows[0].id;
    tz_rows_free(&rows);
    return found;
}

lookup_result field_resolve_lookup(ui_app *app, ui_field *s, bool always_pick, ui_list_args *ask)
{
    if (!always_pick && !s->unresolved)
        return LOOKUP_DONE;
    char *text = tz_line_get(&s->line);
    if (!always_pick && (!text || !*text)) {
        free(text);
        s->ref = 0;
        s->unresolved = false;
        return LOOKUP_DONE;
    }
    const tz_form *target = tz_spec_form(app->set, s->f->lookup);
    int64_t found = always_pick ? 0 : single_match(app, s, target, text);
    if (found) {
        free(text);
        field_set_lookup(app, s, found);
        return LOOKUP_DONE;
    }
    *ask = (ui_list_args){ target, { .pick_field = s->f }, "" };
    if (s->unresolved && text) /* the pick list starts searching for what was typed */
        snprintf(ask->search, sizeof ask->search, "%s", text);
    free(text);
    return LOOKUP_ASK;
}

bool field_picked(ui_app *app, ui_field *s, int64_t id)
{
    if (!id)
        return !s->unresolved;
    field_set_lookup(app, s, id);
    return true;
}

/* ---- editing ---------------------------------------------------------------------------------- */

static void cycle_choice(ui_field *s, int step)
{
    if (s->f->type == TZ_FT_YESNO) {
        s->choice = s->choice == 1 ? 0 : 1;
        return;
    }
    int n = (int)s->f->nchoices;
    s->choice = s->choice < 0 ? (step > 0 ? 0 : n - 1) : (s->choice + step + n) % n;
}

size_t field_choice_labels(const ui_field *s, const char **labels, size_t cap, int *current)
{
    const tz_field *f = s->f;
    size_t n = 0;
    if (f->type == TZ_FT_YESNO) {
        labels[n++] = tz_L("是", "Yes");
        labels[n++] = tz_L("否", "No");
    } else {
        for (; n < f->nchoices && n < cap; n++)
            labels[n] = tz_choice_label(&f->choices[n]);
    }
    *current = f->type == TZ_FT_YESNO ? (s->choice == 0 ? 1 : 0) : s->choice;
    return n;
}

bool field_choice_picked(ui_field *s, int i)
{
    if (i < 0)
        return false;
    s->choice = s->f->type == TZ_FT_YESNO ? (i == 0 ? 1 : 0) : i;
    return true;
}

/* A character typed into the field. Returns true if it changed the value. */
static bool type_char(ui_field *s, wchar_t ch)
{
    const tz_field *f = s->f;
    if (f->type == TZ_FT_YESNO) {
        if (ch == ' ') cycle_choice(s, 1);
        else if (ch == L'y' || ch == L'Y' || ch == L'是' || ch == L'1') s->choice = 1;
        else if (ch == L'n' || ch == L'N' || ch == L'否' || ch == L'0') s->choice = 0;
        else return false;
        return true;
    }
    if (f->type == TZ_FT_CHOICE) {
        if (ch == ' ') {
            cycle_choice(s, 1);
            return true;
        }
        int i = tz_field_choice_by_key(f, (uint32_t)ch, s->choice);
        if (i < 0 || i == s->choice)
            return false;
        s->choice = i;
        return true;
    }
    if (f->type == TZ_FT_DATE && (ch == L't' || ch == L'T')) {
        char today[11];
        tz_date_today(today);
        tz_line_set(&s->line, today);
        s->line.changed = true;
        return true;
    }
    if (!tz_line_insert(&s->line, ch)) {
        if (s->line.maxlen && s->line.len >= s->line.maxlen)
            ui_message(UI_ERROR, tz_L("%s：最多 %zu 个字", "%s: at most %zu characters"),
                       tz_field_label(f), s->line.maxlen);
        return false;
    }
    return true;
}

/* ↑↓ inside a memo; at its first or last row they leave the field instead. */
static field_key_result memo_vertical(ui_field *s, ui_key k, int width)
{
    if (s->f->type != TZ_FT_MEMO)
        return FIELD_KEY_UNUSED;
    size_t before = s->line.cur;
    if (k.code == UK_UP)
        tz_line_up(&s->line, width);
    else
        tz_line_down(&s->line, width);
    return s->line.cur == before ? FIELD_KEY_UNUSED : FIELD_KEY_USED;
}

void field_enter(ui_field *s)
{
    if (field_is_text(s->f) && s->f->type != TZ_FT_MEMO)
        tz_line_enter(&s->line);
}

field_key_result field_edit_key(ui_field *s, ui_key k, int width)
{
    const tz_field *f = s->f;
    if (k.code != UK_CHAR && k.code != UK_HELP && k.code != UK_RESIZE)
        tz_line_keep(&s->line); /* an arrow, Home, End or F2 first: typing then inserts */
    bool text = field_is_text(f);
    bool changed = false;
    switch (k.code) {
    case UK_CHAR:      changed = type_char(s, k.ch); break;
    case UK_BACKSPACE: if (text) changed = tz_line_backspace(&s->line); break;
    case UK_DELETE:
        if (text)
            changed = tz_line_delete(&s->line);
        else if (s->choice >= 0) {
            s->choice = -1;
            changed = true;
        }
        break;
    case UK_LEFT:
        if (!text) { cycle_choice(s, -1); changed = true; }
        else tz_line_left(&s->line);
        break;
    case UK_RIGHT:
        if (!text) { cycle_choice(s, 1); changed = true; }
        else tz_line_right(&s->line);
        break;
    case UK_HOME:      if (!text) return FIELD_KEY_UNUSED; tz_line_home(&s->line); break;
    case UK_END:       if (!text) return FIELD_KEY_UNUSED; tz_line_end(&s->line); break;
    case UK_ENTER:
        if (f->type != TZ_FT_MEMO)
            return FIELD_KEY_UNUSED;
        changed = tz_line_insert(&s->line, L'\n');
        break;
    case UK_UP: case UK_DOWN:
        return memo_vertical(s, k, width);
    default:
        return FIELD_KEY_UNUSED;
    }
    if (!changed)
        return FIELD_KEY_USED;
    if (f->type == TZ_FT_LOOKUP)
        s->unresolved = true;
    return FIELD_KEY_CHANGED;
}

/* ---- drawing ------------------------------------------------------------------------------------ */

void field_draw(ui_field *s, int y, int x, int w, int h, bool active, int *cy, int *cx)
{
    const tz_field *f = s->f;
    ui_style style = active ? UI_FIELD_ACTIVE : UI_FIELD;
    if (!field_is_text(f)) {
        char buf[16];
        ui_text(y, x, w, field_shown(s, buf, sizeof buf), style);
        if (active) {
            *cy = y;
            *cx = x;
        }
        return;
    }
    /* A field not being edited shows its beginning, wherever its cursor was left. */
    size_t cur = s->line.cur;
    if (!active && f->type != TZ_FT_MEMO)
        s->line.cur = s->line.scroll = 0;
    /* A single line longer than the field scrolls inside its edges, where ◂ and ▸ say that
     * there is more text on that side. */
    int edge = f->type != TZ_FT_MEMO && w > 4 && tz_wcs_width(s->line.buf, s->line.len) + 1 > w;
    tz_line_view v;
    tz_line_layout(&s->line, w - 2 * edge, h, &v);
    s->line.cur = cur;
    for (int r = 0; r < h; r++) {
        ui_fill(y + r, x, w, style);
        if (r < v.rows) {
            char *t = tz_wcs_to_utf8(s->line.buf + v.start[r], v.end[r] - v.start[r]);
            ui_text(y + r, x + edge, w - 2 * edge, t, style);
            free(t);
        }
    }
    if (edge && v.more_left)
        ui_text(y, x, 1, "◂", style);
    if (edge && v.more_right)
        ui_text(y, x + w - 1, 1, "▸", style);
    if (f->type == TZ_FT_LOOKUP && !active && s->ref == 0 && s->line.len == 0 && !f->readonly
        && !s->fixed)
        ui_text(y, x, w, tz_L("（F4 选择）", "(F4 to pick)"), UI_DIM);
    if (active) {
        *cy = y + v.cursor_row;
        *cx = x + edge + v.cursor_col;
    }
}
