/* dialog.c — small boxes over the screen that asks: yes/no, save/discard/cancel, a scrollable
 * text, a pick list of labels, a line to type, a few fields. Each is a screen on the stack
 * (stack.h): it draws the screens below it, then itself, and its answer goes back to the screen
 * that pushed it when it is popped. A resize or a hang-up reaches it through the stack. */
#include "stack.h"
#include "taizhang/lineedit.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* Line drawing with ACS characters: their width is 1 on every terminal, unlike the Unicode
 * box characters, which CJK terminals often draw 2 columns wide. */
void ui_box(int y, int x, int h, int w, const char *title)
{
    for (int r = y; r < y + h; r++)
        ui_fill(r, x, w, UI_NORMAL);
    mvaddch(y, x, ACS_ULCORNER);
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    if (title && *title) {
        int tw = tz_str_width(title);
        if (tw > w - 4)
            tw = w - 4;
        ui_text(y, x + 2, tw, title, UI_HEADER);
    }
}

/* A box of `lines` centred on the screen, with a key hint on its last inner line. */
static void draw_centered(const char *title, const char *const *lines, size_t n, const char *hint)
{
    int w = tz_str_width(hint) + 4;
    if (title && tz_str_width(title) + 6 > w)
        w = tz_str_width(title) + 6;
    for (size_t i = 0; i < n; i++)
        if (tz_str_width(lines[i]) + 4 > w)
            w = tz_str_width(lines[i]) + 4;
    if (w > ui_cols() - 2)
        w = ui_cols() - 2;
    int h = (int)n + 4;
    int y = (ui_rows() - h) / 2, x = (ui_cols() - w) / 2;
    ui_box(y, x, h, w, title);
    for (size_t i = 0; i < n; i++)
        ui_text(y + 1 + (int)i, x + 2, w - 4, lines[i], UI_NORMAL);
    ui_text(y + h - 2, x + 2, w - 4, hint, UI_INFO);
    ui_cursor(0, 0, false);
    ui_refresh();
}

typedef struct {
    ui_dialog_kind kind;
    char *title;          /* owned */
    char **lines;         /* owned copies */
    size_t n;
    int sel;              /* pick: the label selected */
    size_t top;           /* text: the first line shown */
    char *label;          /* prompt; owned */
    char *message;        /* fields; owned */
    tz_line edit[UI_MAX_ASK]; /* prompt: edit[0]; fields: one each */
    size_t nedit, cur;
    char *buf;            /* prompt: borrowed from the asking screen */
    size_t cap;
    ui_ask *fields;       /* fields: borrowed from the asking screen */
    int answer;
} dialogview;

static bool is_letter(ui_key k, char lower)
{
    return k.code == UK_CHAR && (k.ch == (wchar_t)lower || k.ch == (wchar_t)(lower - 32));
}

/* An editing key for a line; false when it is not one. */
static bool edit_line(tz_line *line, ui_key k)
{
    switch (k.code) {
    case UK_CHAR:      tz_line_insert(line, k.ch); return true;
    case UK_BACKSPACE: tz_line_backspace(line); return true;
    case UK_DELETE:    tz_line_delete(line); return true;
    case UK_LEFT:      tz_line_left(line); return true;
    case UK_RIGHT:     tz_line_right(line); return true;
    case UK_HOME:      tz_line_home(line); return true;
    case UK_END:       tz_line_end(line); return true;
    default:           return false;
    }
}

/* ---- yes/no and save/discard ------------------------------------------------------------------ */

static void draw_confirm(const dialogview *d)
{
    bool enter_is_yes = d->kind == UI_DLG_CONFIRM_ENTER;
    draw_centered(tz_L("请确认", "Confirm"), (const char *const *)d->lines, d->n,
                  enter_is_yes ? tz_L("Enter 是    Esc 否", "Enter yes    Esc no")
                               : tz_L("Y 是    N 否", "Y yes    N no"));
}

/* Y or N; where yes loses nothing (leaving) Enter answers yes too. */
static ui_step key_confirm(dialogview *d, ui_key k)
{
    if (is_letter(k, 'y') || (d->kind == UI_DLG_CONFIRM_ENTER && k.code == UK_ENTER)) {
        d->answer = 1;
        return UI_CLOSE;
    }
    return is_letter(k, 'n') || k.code == UK_BACK ? UI_CLOSE : UI_STAY;
}

static void draw_ask_save(void)
{
    const char *lines[] = { tz_L("记录已修改，尚未保存。", "This record has unsaved changes.") };
    draw_centered(tz_L("离开表单", "Leave form"), lines, 1,
                  tz_L("S 保存   D 放弃修改   Esc 继续编辑", "S save   D discard   Esc keep editing"));
}

static ui_step key_ask_save(dialogview *d, ui_key k)
{
    if (is_letter(k, 's') || k.code == UK_SAVE)
        d->answer = 's';
    else if (is_letter(k, 'd'))
        d->answer = 'd';
    else if (k.code != UK_BACK)
        return UI_STAY;
    return UI_CLOSE;
}

/* ---- a text to read --------------------------------------------------------------------------- */

static size_t text_visible(void)
{
    return (size_t)(ui_rows() - 4 - 3);
}

static void draw_text(dialogview *d)
{
    int h = ui_rows() - 4, w = ui_cols() - 4;
    size_t visible = text_visible();
    if (d->top + visible > d->n)
        d->top = d->n > visible ? d->n - visible : 0;
    ui_box(1, 2, h, w, d->title);
    for (size_t i = 0; i < visible && d->top + i < d->n; i++)
        ui_text(2 + (int)i, 4, w - 4, d->lines[d->top + i], UI_NORMAL);
    ui_text(h - 1, 4, w - 4, tz_L("↑↓ PgUp PgDn 翻阅   Esc 关闭", "↑↓ PgUp PgDn scroll   Esc close"),
            UI_INFO);
    ui_cursor(0, 0, false);
    ui_refresh();
}

static ui_step key_text(dialogview *d, ui_key k)
{
    size_t visible = text_visible();
    switch (k.code) {
    case UK_UP:   if (d->top) d->top--; break;
    case UK_DOWN: if (d->top + visible < d->n) d->top++; break;
    case UK_PGUP: d->top = d->top > visible ? d->top - visible : 0; break;
    case UK_PGDN: d->top += visible; break;
    case UK_BACK: case UK_ENTER: case UK_HELP: return UI_CLOSE;
    default: break;
    }
    return UI_STAY;
}

/* ---- a pick list of labels -------------------------------------------------------------------- */

/* The label numbered by a digit typed ("2 导出 Excel 文件"), or -1. */
static int numbered(char *const *labels, size_t n, ui_key k)
{
    if (k.code != UK_CHAR || k.ch < L'0' || k.ch > L'9')
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((wchar_t)labels[i][0] == k.ch && labels[i][1] == ' ')
            return (int)i;
    return -1;
}

static void draw_pick(const dialogview *d)
{
    int w = tz_str_width(d->title) + 6;
    for (size_t i = 0; i < d->n; i++)
        if (tz_str_width(d->lines[i]) + 6 > w)
            w = tz_str_width(d->lines[i]) + 6;
    if (w > ui_cols() - 2)
        w = ui_cols() - 2;
    int maxh = ui_rows() - 4;
    int h = (int)d->n + 2 > maxh ? maxh : (int)d->n + 2;
    int y = (ui_rows() - h) / 2, x = (ui_cols() - w) / 2, rows = h - 2;
    int top = d->sel >= rows ? d->sel - rows + 1 : 0;
    ui_box(y, x, h, w, d->title);
    for (int i = 0; i < rows && (size_t)(top + i) < d->n; i++)
        ui_text(y + 1 + i, x + 2, w - 4, d->lines[top + i],
                top + i == d->sel ? UI_SELECTED : UI_NORMAL);
    ui_cursor(0, 0, false);
    ui_refresh();
}

static ui_step key_pick(dialogview *d, ui_key k)
{
    int digit = numbered(d->lines, d->n, k);
    if (digit >= 0) {
        d->answer = digit;
        return UI_CLOSE;
    }
    switch (k.code) {
    case UK_UP:    if (d->sel > 0) d->sel--; break;
    case UK_DOWN:  if ((size_t)d->sel + 1 < d->n) d->sel++; break;
    case UK_HOME:  d->sel = 0; break;
    case UK_END:   d->sel = (int)d->n - 1; break;
    case UK_ENTER: case UK_PICK: d->answer = d->sel; return UI_CLOSE;
    case UK_BACK:  return UI_CLOSE;
    default: break;
    }
    return UI_STAY;
}

/* ---- a line to type --------------------------------------------------------------------------- */

static void draw_prompt(dialogview *d)
{
    int w = ui_cols() - 8, h = 5, y = (ui_rows() - h) / 2, x = 4;
    int lw = tz_str_width(d->label), fw = w - lw - 5;
    ui_box(y, x, h, w, d->title);
    ui_text(y + 1, x + 2, lw, d->label, UI_NORMAL);
    tz_line_view v;
    tz_line_layout(&d->edit[0], fw, 1, &v);
    char *shown = tz_wcs_to_utf8(d->edit[0].buf + v.start[0], v.end[0] - v.start[0]);
    ui_text(y + 1, x + 2 + lw + 1, fw, shown ? shown : "", UI_FIELD_ACTIVE);
    free(shown);
    ui_text(y + 3, x + 2, w - 4, tz_L("Enter 确定    Esc 取消", "Enter OK    Esc cancel"), UI_INFO);
    ui_cursor(y + 1, x + 2 + lw + 1 + v.cursor_col, true);
    ui_refresh();
}

static ui_step key_prompt(dialogview *d, ui_key k)
{
    if (k.code == UK_ENTER) {
        char *text = tz_line_get(&d->edit[0]);
        if (text && *text && strlen(text) < d->cap) {
            memcpy(d->buf, text, strlen(text) + 1);
            d->answer = 1;
        }
        free(text);
        return UI_CLOSE;
    }
    if (k.code == UK_BACK)
        return UI_CLOSE;
    edit_line(&d->edit[0], k);
    return UI_STAY;
}

/* ---- a few text fields ------------------------------------------------------------------------ */

/* What field i shows: one star per character typed in a secret one, never the characters. */
static void shown_field(dialogview *d, size_t i, int fw, char *shown, size_t cap,
                        tz_line_view *v)
{
    tz_line *l = &d->edit[i];
    tz_line_layout(l, fw, 1, v);
    if (d->fields[i].secret) {
        size_t stars = l->len < cap - 1 ? l->len : cap - 1;
        memset(shown, '*', stars);
        shown[stars] = '\0';
        v->cursor_col = (int)l->cur < fw ? (int)l->cur : fw - 1;
        return;
    }
    char *t = tz_wcs_to_utf8(l->buf + v->start[0], v->end[0] - v->start[0]);
    snprintf(shown, cap, "%s", t ? t : "");
    free(t);
}

static void draw_fields(dialogview *d)
{
    int w = 56, h = (int)d->nedit + 6, y = (ui_rows() - h) / 2, x = (ui_cols() - w) / 2;
    ui_box(y, x, h, w, d->title);
    int cy = 0, cx = 0;
    for (size_t i = 0; i < d->nedit; i++) {
        int fy = y + 2 + (int)i, fx = x + 14, fw = w - 16;
        ui_text(fy, x + 2, 12, d->fields[i].label, UI_NORMAL);
        tz_line_view v;
        char shown[256];
        shown_field(d, i, fw, shown, sizeof shown, &v);
        ui_text(fy, fx, fw, shown, i == d->cur ? UI_FIELD_ACTIVE : UI_FIELD);
        if (i == d->cur) {
            cy = fy;
            cx = fx + v.cursor_col;
        }
    }
    ui_text(y + h - 3, x + 2, w - 4, d->message ? d->message : "", UI_ERROR);
    ui_text(y + h - 2, x + 2, w - 4, tz_L("Enter 下一项，末项即确定   Esc 取消",
                                          "Enter next, on the last one OK   Esc cancel"),
            UI_INFO);
    ui_cursor(cy, cx, true);
    ui_refresh();
}

static ui_step key_fields(dialogview *d, ui_key k)
{
    size_t n = d->nedit;
    switch (k.code) {
    case UK_BACK:               return UI_CLOSE;
    case UK_TAB: case UK_DOWN:  d->cur = (d->cur + 1) % n; break;
    case UK_BTAB: case UK_UP:   d->cur = (d->cur + n - 1) % n; break;
    case UK_ENTER:
        if (d->cur + 1 < n) {
            d->cur++;
            break;
        }
        d->answer = 1;
        return UI_CLOSE;
    default:                    edit_line(&d->edit[d->cur], k); break;
    }
    return UI_STAY;
}

/* The answers go into the asking screen's fields, and the texts are wiped from the editor. */
static void give_fields(dialogview *d)
{
    for (size_t i = 0; i < d->nedit; i++) {
        char *t = d->answer ? tz_line_get(&d->edit[i]) : NULL;
        snprintf(d->fields[i].buf, sizeof d->fields[i].buf, "%s", t ? t : "");
        if (t) {
            explicit_bzero(t, strlen(t));
            free(t);
        }
    }
}

/* ---- the dialog as a screen on the stack -------------------------------------------------------- */

static char *copy_or_null(const char *s)
{
    return s ? tz_strdup(s) : NULL;
}

static void open_edits(dialogview *d, const ui_dialog_args *a)
{
    if (a->kind == UI_DLG_PROMPT) {
        d->nedit = 1;
        tz_line_init(&d->edit[0], 1000, false);
        tz_line_set(&d->edit[0], a->buf);
        return;
    }
    d->nedit = a->n < UI_MAX_ASK ? a->n : UI_MAX_ASK;
    for (size_t i = 0; i < d->nedit; i++) {
        tz_line_init(&d->edit[i], 64, false);
        tz_line_set(&d->edit[i], a->fields[i].buf);
    }
    for (size_t i = 0; i < d->nedit; i++) /* start at the first empty field */
        if (!d->edit[i].len) {
            d->cur = i;
            break;
        }
}

static void open_dialog(ui_screen *s, const void *args)
{
    const ui_dialog_args *a = args;
    dialogview *d = s->state;
    *d = (dialogview){ .kind = a->kind, .title = copy_or_null(a->title ? a->title : ""),
                       .label = copy_or_null(a->label), .message = copy_or_null(a->message),
                       .buf = a->buf, .cap = a->cap, .fields = a->fields, .answer = 0 };
    if (a->kind == UI_DLG_PICK) {
        d->sel = a->current >= 0 && (size_t)a->current < a->n ? a->current : 0;
        d->answer = -1;
    }
    if (a->kind == UI_DLG_PROMPT || a->kind == UI_DLG_FIELDS) {
        open_edits(d, a);
        return;
    }
    d->lines = calloc(a->n ? a->n : 1, sizeof *d->lines);
    if (!d->lines)
        abort(); /* the ui's policy: out of memory ends the program */
    for (; d->n < a->n; d->n++)
        d->lines[d->n] = tz_strdup(a->lines[d->n]);
}

static void draw_dialog(ui_screen *s)
{
    dialogview *d = s->state;
    ui_draw_below(s);
    switch (d->kind) {
    case UI_DLG_CONFIRM: case UI_DLG_CONFIRM_ENTER: draw_confirm(d); break;
    case UI_DLG_ASK_SAVE: draw_ask_save(); break;
    case UI_DLG_TEXT:     draw_text(d); break;
    case UI_DLG_PICK:     draw_pick(d); break;
    case UI_DLG_PROMPT:   draw_prompt(d); break;
    case UI_DLG_FIELDS:   draw_fields(d); break;
    }
}

static ui_step dialog_key(ui_screen *s, ui_key k)
{
    dialogview *d = s->state;
    switch (d->kind) {
    case UI_DLG_CONFIRM: case UI_DLG_CONFIRM_ENTER: return key_confirm(d, k);
    case UI_DLG_ASK_SAVE: return key_ask_save(d, k);
    case UI_DLG_TEXT:     return key_text(d, k);
    case UI_DLG_PICK:     return key_pick(d, k);
    case UI_DLG_PROMPT:   return key_prompt(d, k);
    case UI_DLG_FIELDS:   return key_fields(d, k);
    }
    return UI_STAY;
}

static void close_dialog(ui_screen *s, ui_result *r)
{
    dialogview *d = s->state;
    if (d->kind == UI_DLG_FIELDS)
        give_fields(d);
    for (size_t i = 0; i < d->nedit; i++) {
        if (d->edit[i].buf)
            explicit_bzero(d->edit[i].buf, d->edit[i].cap * sizeof *d->edit[i].buf);
        tz_line_free(&d->edit[i]);
    }
    for (size_t i = 0; i < d->n; i++)
        free(d->lines[i]);
    free(d->lines);
    free(d->title);
    free(d->label);
    free(d->message);
    ui_cursor(0, 0, false);
    r->answer = d->answer;
}

const ui_screen_ops ui_dialog_screen = {
    .kind = "dialog", .state_size = sizeof(dialogview), .open = open_dialog, .draw = draw_dialog,
    .key = dialog_key, .close = close_dialog,
};

/* ---- asking ------------------------------------------------------------------------------------- */

static void ask(ui_app *app, const ui_dialog_args *a, int asked)
{
    ui_push(app, &ui_dialog_screen, a, asked);
}

void ui_ask_confirm(ui_app *app, const char *question, int asked)
{
    ask(app, &(ui_dialog_args){ .kind = UI_DLG_CONFIRM, .lines = &question, .n = 1 }, asked);
}

void ui_ask_confirm_enter(ui_app *app, const char *question, int asked)
{
    ask(app, &(ui_dialog_args){ .kind = UI_DLG_CONFIRM_ENTER, .lines = &question, .n = 1 }, asked);
}

void ui_ask_save(ui_app *app, int asked)
{
    ask(app, &(ui_dialog_args){ .kind = UI_DLG_ASK_SAVE }, asked);
}

void ui_show_text(ui_app *app, const char *title, const char *const *lines, size_t n)
{
    ask(app, &(ui_dialog_args){ .kind = UI_DLG_TEXT, .title = title, .lines = lines, .n = n }, 0);
}

void ui_pick_label(ui_app *app, const char *title, const char *const *labels, size_t n,
                   int current, int asked)
{
    ask(app, &(ui_dialog_args){ .kind = UI_DLG_PICK, .title = title, .lines = labels, .n = n,
                                .current = current }, asked);
}

void ui_prompt(ui_app *app, const char *title, const char *label, char *buf, size_t cap, int asked)
{
    ask(app, &(ui_dialog_args){ .kind = UI_DLG_PROMPT, .title = title, .label = label, .buf = buf,
                                .cap = cap }, asked);
}

void ui_ask_fields(ui_app *app, const char *title, ui_ask *fields, size_t n, const char *message,
                   int asked)
{
    ask(app, &(ui_dialog_args){ .kind = UI_DLG_FIELDS, .title = title, .fields = fields, .n = n,
                                .message = message }, asked);
}
