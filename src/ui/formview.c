/* formview.c — the generic form: one record of a form's table, its fields laid out from the
 * tz_form, edited with the keyboard. Each field keeps the text the clerk typed (raw) apart from
 * the stored value; values are checked when the clerk leaves a field and all again on save,
 * where the schema's rules have the last word. A failed save keeps everything typed. */
#include "taizhang/ui.h"
#include "taizhang/lineedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const tz_field *f;  /* borrowed from the form */
    tz_line line;       /* typed text: text, integer, money, date, memo, lookup search text */
    int choice;         /* choice: index into f->choices; yes/no: 1 or 0; -1: empty */
    int64_t ref;        /* lookup: the chosen row's id, 0: none */
    bool unresolved;    /* lookup: text typed since the last resolve */
} fieldstate;

typedef struct {
    ui_app *app;
    const tz_form *form;
    int64_t id;          /* 0 while the record is new */
    fieldstate *fs;      /* one per form field; owned */
    int cur;             /* field being edited */
    int top;             /* first form row shown (the form scrolls when taller than the screen) */
    int label_w;         /* columns of the label column */
    bool changed;        /* edited since loaded or saved */
    int64_t saved;       /* last id saved here, the return value */
    tz_row prev;         /* the previous record's values, for "ditto"; empty until needed */
} formview;

/* ---- field values ----------------------------------------------------------------------------- */

static bool is_text_like(const tz_field *f)
{
    return f->type != TZ_FT_CHOICE && f->type != TZ_FT_YESNO;
}

static bool editable(const tz_field *f)
{
    return !f->readonly;
}

static void set_lookup(formview *fv, fieldstate *s, int64_t id)
{
    s->ref = id;
    s->unresolved = false;
    char *label = NULL;
    if (id) {
        const tz_form *target = tz_spec_form(fv->app->set, s->f->lookup);
        tz_error err = { 0 };
        if (db_lookup_label(fv->app->db, target, id, &label, &err) != TZ_OK)
            ui_message(UI_ERROR, "%s", err.msg);
    }
    tz_line_set(&s->line, label ? label : "");
    free(label);
}

/* Puts a stored value (NULL: empty) into a field's editor. */
static void set_stored(formview *fv, fieldstate *s, const char *stored)
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
        set_lookup(fv, s, id);
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

/* What the clerk sees in a field that is not being edited. */
static const char *shown_text(const fieldstate *s, char *buf, size_t cap)
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

/* Checks one field and converts it to its stored form (*stored: new string or NULL). */
static tz_status field_value(const fieldstate *s, char **stored, tz_error *err)
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
    if (!is_text_like(f)) {
        char buf[8];
        return tz_field_parse(f, shown_text(s, buf, sizeof buf), stored, err);
    }
    char *typed = tz_line_get(&s->line);
    if (!typed)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    tz_status st = tz_field_parse(f, typed, stored, err);
    free(typed);
    return st;
}

/* ---- lookups ---------------------------------------------------------------------------------- */

/* A lookup's typed text becomes a row: one match is taken at once, several open the pick list. */
static bool resolve_lookup(formview *fv, fieldstate *s, bool always_pick)
{
    if (!always_pick && !s->unresolved)
        return true;
    char *text = tz_line_get(&s->line);
    if (!always_pick && (!text || !*text)) {
        free(text);
        s->ref = 0;
        s->unresolved = false;
        return true;
    }
    const tz_form *target = tz_spec_form(fv->app->set, s->f->lookup);
    int64_t found = 0;
    if (!always_pick) {
        tz_listq q = { .form = target, .where = s->f->where, .search = text, .sort = -1 };
        tz_rows rows = { 0 };
        tz_error err = { 0 };
        if (db_list_page(fv->app->db, &q, NULL, +1, false, 2, &rows, &err) == TZ_OK && rows.n == 1)
            found = rows.rows[0].id;
        tz_rows_free(&rows);
    }
    if (!found) {
        ui_list_opts po = { .pick_field = s->f, .initial_search = s->unresolved ? text : NULL };
        found = ui_list_run(fv->app, target, &po);
    }
    free(text);
    if (!found)
        return !s->unresolved;
    set_lookup(fv, s, found);
    fv->changed = true;
    return true;
}

/* ---- loading and saving ------------------------------------------------------------------------- */

static void load_values(formview *fv, const tz_row *rec)
{
    for (size_t i = 0; i < fv->form->nfields; i++)
        set_stored(fv, &fv->fs[i], rec ? rec->v[i] : NULL);
}

static void load_defaults(formview *fv, const ui_form_opts *opts)
{
    for (size_t i = 0; i < fv->form->nfields; i++) {
        fieldstate *s = &fv->fs[i];
        const char *def = s->f->defval;
        char today[11];
        if (def && s->f->type == TZ_FT_DATE && strcmp(def, "today") == 0) {
            tz_date_today(today);
            def = today;
        }
        set_stored(fv, s, def);
        if (opts && opts->preset_col && opts->preset_id &&
            strcmp(opts->preset_col, s->f->column) == 0)
            set_lookup(fv, s, opts->preset_id);
    }
}

static bool load_record(formview *fv, int64_t id)
{
    tz_row rec = { 0 };
    tz_error err = { 0 };
    if (db_record_load(fv->app->db, fv->form, id, &rec, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    load_values(fv, &rec);
    tz_row_free(&rec);
    fv->id = id;
    fv->changed = false;
    return true;
}

static void free_values(char **values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(values[i]);
    free(values);
}

/* Checks every field; on the first bad one moves there and says why. */
static char **collect_values(formview *fv)
{
    size_t n = fv->form->nfields;
    char **values = calloc(n, sizeof *values);
    if (!values)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        tz_error err = { 0 };
        if (fv->fs[i].f->readonly)
            continue;
        if (field_value(&fv->fs[i], &values[i], &err) != TZ_OK) {
            ui_message(UI_ERROR, "%s", err.msg);
            fv->cur = (int)i;
            free_values(values, n);
            return NULL;
        }
    }
    return values;
}

static void remember_as_previous(formview *fv, char **values)
{
    tz_row_free(&fv->prev);
    fv->prev.v = values;
    fv->prev.n = fv->form->nfields;
}

static bool save(formview *fv)
{
    char **values = collect_values(fv);
    if (!values)
        return false;
    int64_t id = fv->id;
    tz_error err = { 0 };
    if (db_record_save(fv->app->db, fv->form, &id, values, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        free_values(values, fv->form->nfields);
        return false;
    }
    remember_as_previous(fv, values);
    fv->id = fv->saved = id;
    fv->changed = false;
    ui_message(UI_INFO, tz_L("已保存（编号 %lld）", "Saved (no. %lld)"), (long long)id);
    return true;
}

/* Ditto: the same field of the previous record (saved here, or else the newest one). */
static void ditto(formview *fv)
{
    if (!fv->prev.v) {
        tz_error err = { 0 };
        if (db_record_last(fv->app->db, fv->form, &fv->prev, &err) != TZ_OK) {
            ui_message(UI_ERROR, "%s", tz_L("没有上一条记录可复制", "No previous record to copy"));
            return;
        }
    }
    fieldstate *s = &fv->fs[fv->cur];
    set_stored(fv, s, fv->prev.v[fv->cur]);
    fv->changed = true;
}

/* ---- layout and drawing ----------------------------------------------------------------------- */

static int first_row(void) { return 2; }
static int last_row(void) { return ui_rows() - 3; }

/* Row of field i counted from the top of the whole form. */
static int field_row(const formview *fv, int i)
{
    int y = 0;
    for (int k = 0; k < i; k++)
        y += fv->fs[k].f->height > 0 ? fv->fs[k].f->height : 1;
    return y;
}

/* A single-line field gets one column more than its declared width: the cursor stands there
 * after the last character, so a full 10-character date does not scroll while typed. */
static int field_width(const formview *fv, const tz_field *f)
{
    int room = ui_cols() - (fv->label_w + 3) - 1;
    int w = f->type == TZ_FT_MEMO ? f->width : f->width + 1;
    return w < room ? w : room;
}

static void keep_current_visible(formview *fv)
{
    int rows = last_row() - first_row() + 1;
    int y = field_row(fv, fv->cur), h = fv->fs[fv->cur].f->height;
    if (y < fv->top)
        fv->top = y;
    if (y + h > fv->top + rows)
        fv->top = y + h - rows;
}

static void draw_field(formview *fv, int i, int y, bool active, int *cy, int *cx)
{
    fieldstate *s = &fv->fs[i];
    const tz_field *f = s->f;
    int x = fv->label_w + 3, w = field_width(fv, f), h = f->height > 0 ? f->height : 1;
    ui_style style = active ? UI_FIELD_ACTIVE : UI_FIELD;
    char label[160];
    snprintf(label, sizeof label, "%s%s", f->required ? "*" : "", tz_field_label(f));
    int lw = tz_str_width(label);
    ui_text(y, 1 + fv->label_w - (lw < fv->label_w ? lw : fv->label_w), lw, label,
            active ? UI_HEADER : UI_NORMAL);
    ui_text(y, 1 + fv->label_w, 2, tz_L("：", ":"), UI_NORMAL);
    if (!is_text_like(f)) {
        char buf[16];
        ui_text(y, x, w, shown_text(s, buf, sizeof buf), style);
        if (active) {
            *cy = y;
            *cx = x;
        }
        return;
    }
    tz_line_view v;
    if (!active && f->type != TZ_FT_MEMO)
        s->line.scroll = 0; /* a field not being edited shows its beginning */
    tz_line_layout(&s->line, w, h, &v);
    for (int r = 0; r < h; r++) {
        ui_fill(y + r, x, w, style);
        if (r < v.rows) {
            char *t = tz_wcs_to_utf8(s->line.buf + v.start[r], v.end[r] - v.start[r]);
            ui_text(y + r, x, w, t, style);
            free(t);
        }
    }
    if (f->type == TZ_FT_LOOKUP && !active && s->ref == 0 && s->line.len == 0)
        ui_text(y, x, w, tz_L("（F4 选择）", "(F4 to pick)"), UI_DIM);
    if (v.more_right || v.more_below)
        ui_text(y + h - 1, x + w, 1, "›", UI_DIM);
    if (active) {
        *cy = y + v.cursor_row;
        *cx = x + v.cursor_col;
    }
}

static void draw(formview *fv)
{
    static const ui_keycode keys[] = { UK_HELP, UK_SAVE, UK_PICK, UK_NEW, UK_DELREC, UK_DITTO,
                                       UK_BACK };
    ui_clear();
    char title[400], *label = NULL;
    int di = fv->form->display ? tz_form_field_index(fv->form, fv->form->display) : -1;
    if (di >= 0)
        label = tz_line_get(&fv->fs[di].line);
    if (fv->id)
        snprintf(title, sizeof title, "%s › %s › %s%s", tz_L("党建台账", "Ledgers"),
                 tz_form_title(fv->form), label ? label : "", fv->changed ? " *" : "");
    else
        snprintf(title, sizeof title, "%s › %s › %s%s", tz_L("党建台账", "Ledgers"),
                 tz_form_title(fv->form), tz_L("新增", "New"), fv->changed ? " *" : "");
    free(label);
    ui_title(title, fv->app->db_path);
    keep_current_visible(fv);
    int cy = 0, cx = 0;
    for (int i = 0; i < (int)fv->form->nfields; i++) {
        int y = first_row() + field_row(fv, i) - fv->top;
        int h = fv->fs[i].f->height > 0 ? fv->fs[i].f->height : 1;
        if (y < first_row() || y + h - 1 > last_row())
            continue;
        draw_field(fv, i, y, i == fv->cur, &cy, &cx);
    }
    if (fv->top > 0)
        ui_text(1, ui_cols() - 3, 2, "↑", UI_DIM);
    ui_draw_message();
    ui_draw_keys(keys, sizeof keys / sizeof keys[0]);
    ui_cursor(cy, cx, true);
    ui_refresh();
}

/* The field's help, shown when the clerk arrives in it and nothing more urgent is on the line. */
static void show_field_help(formview *fv)
{
    const tz_field *f = fv->fs[fv->cur].f;
    const char *help = tz_field_help(f);
    const char *hint = "";
    switch (f->type) {
    case TZ_FT_DATE:   hint = tz_L("（YYYY-MM-DD，按 t 填今天）", " (YYYY-MM-DD, t for today)"); break;
    case TZ_FT_CHOICE:
    case TZ_FT_YESNO:  hint = tz_L("（空格或←→切换，F4 列表）", " (Space or ←→ to change, F4 list)"); break;
    case TZ_FT_LOOKUP: hint = tz_L("（输入名称、代码或拼音首字母，F4 选择）",
                                   " (type a name, code or initials; F4 to pick)"); break;
    case TZ_FT_MEMO:   hint = tz_L("（Enter 换行，Tab 下一栏）", " (Enter new line, Tab next field)"); break;
    case TZ_FT_MONEY:  hint = tz_L("（元，如 1,234.50）", " (yuan, e.g. 1,234.50)"); break;
    default: break;
    }
    ui_message(UI_DIM, "%s%s", help, hint);
}

/* ---- moving between fields ---------------------------------------------------------------------- */

/* Checks the field being left; a bad value keeps the clerk in it with the reason shown. */
static bool leave_field(formview *fv)
{
    fieldstate *s = &fv->fs[fv->cur];
    if (s->f->type == TZ_FT_LOOKUP && !resolve_lookup(fv, s, false)) {
        ui_message(UI_ERROR, tz_L("%s：没有选中任何记录", "%s: nothing was picked"),
                   tz_field_label(s->f));
        return false;
    }
    char *stored = NULL;
    tz_error err = { 0 };
    /* An empty field may be passed over and filled later; "required" is checked on save. */
    bool empty = is_text_like(s->f) ? s->line.len == 0 : s->choice < 0;
    if (s->f->readonly || empty)
        return true;
    if (field_value(s, &stored, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    /* Show the value as it will be stored (2026/1/5 → 2026-01-05, 1234.5 → 1,234.50). */
    if (is_text_like(s->f) && s->f->type != TZ_FT_LOOKUP && s->f->type != TZ_FT_MEMO &&
        s->line.changed) {
        bool was = fv->changed;
        set_stored(fv, s, stored);
        fv->changed = was;
    }
    free(stored);
    return true;
}

static void go_to(formview *fv, int step)
{
    if (!leave_field(fv))
        return;
    int n = (int)fv->form->nfields;
    for (int k = 0; k < n; k++) {
        fv->cur = (fv->cur + step + n) % n;
        if (editable(fv->fs[fv->cur].f))
            break;
    }
    show_field_help(fv);
}

/* ---- editing keys -------------------------------------------------------------------------- */

static void cycle_choice(fieldstate *s, int step)
{
    if (s->f->type == TZ_FT_YESNO) {
        s->choice = s->choice == 1 ? 0 : 1;
        return;
    }
    int n = (int)s->f->nchoices;
    s->choice = s->choice < 0 ? (step > 0 ? 0 : n - 1) : (s->choice + step + n) % n;
}

static void pick_choice(fieldstate *s)
{
    const tz_field *f = s->f;
    const char *labels[64];
    size_t n = 0;
    if (f->type == TZ_FT_YESNO) {
        labels[n++] = tz_L("是", "Yes");
        labels[n++] = tz_L("否", "No");
    } else {
        for (; n < f->nchoices && n < 64; n++)
            labels[n] = tz_choice_label(&f->choices[n]);
    }
    int cur = f->type == TZ_FT_YESNO ? (s->choice == 0 ? 1 : 0) : s->choice;
    int i = ui_pick_label(tz_field_label(f), labels, n, cur);
    if (i >= 0)
        s->choice = f->type == TZ_FT_YESNO ? (i == 0 ? 1 : 0) : i;
}

/* A character typed into the current field. Returns true if it changed the record. */
static bool type_char(formview *fv, fieldstate *s, wchar_t ch)
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
        if (ch != ' ')
            return false;
        cycle_choice(s, 1);
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
    if (f->type == TZ_FT_LOOKUP)
        s->unresolved = true;
    (void)fv;
    return true;
}

/* Keys that edit inside the current field. Returns true if the key was used. */
static bool edit_key(formview *fv, ui_key k)
{
    fieldstate *s = &fv->fs[fv->cur];
    const tz_field *f = s->f;
    bool text = is_text_like(f);
    bool changed = false;
    switch (k.code) {
    case UK_CHAR:      changed = type_char(fv, s, k.ch); break;
    case UK_BACKSPACE: if (text) changed = tz_line_backspace(&s->line); break;
    case UK_DELETE:    if (text) changed = tz_line_delete(&s->line);
                       else if (s->choice >= 0) { s->choice = -1; changed = true; }
                       break;
    case UK_LEFT:      if (text) tz_line_left(&s->line); else { cycle_choice(s, -1); changed = true; } break;
    case UK_RIGHT:     if (text) tz_line_right(&s->line); else { cycle_choice(s, 1); changed = true; } break;
    case UK_HOME:      if (!text) return false; tz_line_home(&s->line); break;
    case UK_END:       if (!text) return false; tz_line_end(&s->line); break;
    case UK_ENTER:
        if (f->type != TZ_FT_MEMO)
            return false;
        changed = tz_line_insert(&s->line, L'\n');
        break;
    case UK_UP:
    case UK_DOWN:
        if (f->type != TZ_FT_MEMO)
            return false;
        {
            size_t before = s->line.cur;
            if (k.code == UK_UP) tz_line_up(&s->line, field_width(fv, f));
            else tz_line_down(&s->line, field_width(fv, f));
            if (s->line.cur == before)
                return false; /* at the edge of the memo: move to the next field instead */
        }
        break;
    default:
        return false;
    }
    if (changed) {
        if (f->type == TZ_FT_LOOKUP)
            s->unresolved = true;
        fv->changed = true;
        ui_message_clear();
    }
    return true;
}

/* ---- commands ------------------------------------------------------------------------------------ */

static void show_help(const formview *fv)
{
    static const ui_keycode cmds[] = { UK_HELP, UK_SAVE, UK_PICK, UK_REFRESH, UK_NEW, UK_DELREC,
                                       UK_DITTO, UK_BACK };
    char lines[24][200];
    const char *ptrs[24];
    size_t n = 0;
    if (fv->form->help)
        snprintf(lines[n++], sizeof lines[0], "%s", tz_L(fv->form->help, fv->form->help_en));
    snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
             "Tab、Enter 或 ↓ 下一栏；Shift-Tab 或 ↑ 上一栏；带 * 的栏必须填写",
             "Tab, Enter or ↓ next field; Shift-Tab or ↑ previous; * marks a required field"));
    snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
             "日期栏按 t 填入今天；选择栏用空格或 ←→ 切换；查找栏输入名称、代码或拼音首字母",
             "Date: t for today; choice: Space or ←→; lookup: type a name, code or initials"));
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        snprintf(lines[n++], sizeof lines[0], "%-4s %-8s (%s)", ui_key_name(cmds[i]),
                 ui_key_label(cmds[i]), ui_key_alt(cmds[i]));
    for (size_t i = 0; i < fv->form->nfields && n < 24; i++) {
        const tz_field *f = &fv->form->fields[i];
        if (*tz_field_help(f))
            snprintf(lines[n++], sizeof lines[0], "%s：%s", tz_field_label(f), tz_field_help(f));
    }
    for (size_t i = 0; i < n; i++)
        ptrs[i] = lines[i];
    ui_show_text(tz_L("帮助", "Help"), ptrs, n);
}

/* Before the record is left or replaced: true when it may go (saved, discarded or unchanged). */
static bool may_leave(formview *fv)
{
    if (!fv->changed)
        return true;
    draw(fv);
    switch (ui_ask_save()) {
    case 's': return save(fv);
    case 'd': return true;
    default:  return false;
    }
}

static void start_new(formview *fv, const ui_form_opts *opts)
{
    fv->id = 0;
    load_defaults(fv, opts);
    fv->changed = false;
    fv->cur = 0;
    while (fv->cur + 1 < (int)fv->form->nfields && !editable(fv->fs[fv->cur].f))
        fv->cur++;
}

static bool delete_record(formview *fv)
{
    if (!fv->id) {
        start_new(fv, NULL);
        return false;
    }
    if (!ui_confirm(tz_L("删除这条记录？", "Delete this record?")))
        return false;
    tz_error err = { 0 };
    if (db_record_delete(fv->app->db, fv->form, fv->id, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    ui_message(UI_INFO, "%s", tz_L("已删除", "Deleted"));
    return true;
}

/* Returns true when the form should close. */
static bool command_key_pressed(formview *fv, ui_key k, const ui_form_opts *opts)
{
    fieldstate *s = &fv->fs[fv->cur];
    switch (k.code) {
    case UK_TAB: case UK_ENTER: case UK_DOWN: go_to(fv, +1); break;
    case UK_BTAB: case UK_UP:                 go_to(fv, -1); break;
    case UK_SAVE:
        if (leave_field(fv))
            save(fv);
        break;
    case UK_PICK:
        if (s->f->type == TZ_FT_LOOKUP)
            resolve_lookup(fv, s, true);
        else if (!is_text_like(s->f)) {
            pick_choice(s);
            fv->changed = true;
        }
        break;
    case UK_DITTO:   ditto(fv); break;
    case UK_HELP:    show_help(fv); break;
    case UK_REFRESH:
        if (fv->id && may_leave(fv))
            load_record(fv, fv->id);
        break;
    case UK_NEW:
        if (may_leave(fv))
            start_new(fv, opts);
        break;
    case UK_DELREC:  return delete_record(fv);
    case UK_BACK:    return may_leave(fv);
    case UK_QUIT:    return true;
    default: break;
    }
    return false;
}

static int label_width(const tz_form *form)
{
    int w = 4;
    for (size_t i = 0; i < form->nfields; i++) {
        int lw = tz_str_width(tz_field_label(&form->fields[i])) + 1; /* room for '*' */
        if (lw > w)
            w = lw;
    }
    return w > 16 ? 16 : w;
}

int64_t ui_form_run(ui_app *app, const tz_form *form, int64_t id, const ui_form_opts *opts)
{
    formview fv = { .app = app, .form = form, .label_w = label_width(form) };
    fv.fs = calloc(form->nfields, sizeof *fv.fs);
    if (!fv.fs)
        abort(); /* the ui's policy: out of memory ends the program (STYLE.md) */
    for (size_t i = 0; i < form->nfields; i++) {
        fv.fs[i].f = &form->fields[i];
        tz_line_init(&fv.fs[i].line, (size_t)form->fields[i].maxlen,
                     form->fields[i].type == TZ_FT_MEMO);
        fv.fs[i].choice = -1;
    }
    if (!id || !load_record(&fv, id))
        start_new(&fv, opts);
    show_field_help(&fv);
    for (;;) {
        draw(&fv);
        ui_key k = ui_read_key();
        if (k.code == UK_RESIZE)
            continue;
        if (edit_key(&fv, k))
            continue;
        if (command_key_pressed(&fv, k, opts))
            break;
    }
    for (size_t i = 0; i < form->nfields; i++)
        tz_line_free(&fv.fs[i].line);
    free(fv.fs);
    tz_row_free(&fv.prev);
    return fv.saved;
}
