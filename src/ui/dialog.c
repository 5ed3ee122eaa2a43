/* dialog.c — small boxes over the current screen: yes/no, save/discard/cancel, a scrollable
 * text, a pick list of labels. Each redraws what it covers only by asking its caller to repaint
 * (the caller redraws after every dialog). */
#include "taizhang/ui.h"
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

ui_key ui_read_dialog_key(void)
{
    ui_key k = ui_read_key();
    if (k.code == UK_RESIZE)
        ui_redraw_frame(); /* what was under the box is gone; the box is drawn again on it */
    return k;
}

static bool is_letter(ui_key k, char lower)
{
    return k.code == UK_CHAR && (k.ch == (wchar_t)lower || k.ch == (wchar_t)(lower - 32));
}

/* Y or N; with enter_is_yes Enter answers yes too (where yes loses nothing). */
static bool confirm(const char *question, bool enter_is_yes)
{
    const char *lines[] = { question };
    for (;;) {
        draw_centered(tz_L("请确认", "Confirm"), lines, 1,
                      enter_is_yes ? tz_L("Enter 是    Esc 否", "Enter yes    Esc no")
                                   : tz_L("Y 是    N 否", "Y yes    N no"));
        ui_key k = ui_read_dialog_key();
        if (is_letter(k, 'y') || (enter_is_yes && k.code == UK_ENTER))
            return true;
        if (is_letter(k, 'n') || k.code == UK_BACK || k.code == UK_QUIT)
            return false;
    }
}

bool ui_confirm(const char *question)
{
    return confirm(question, false);
}

bool ui_confirm_enter(const char *question)
{
    return confirm(question, true);
}

int ui_ask_save(void)
{
    const char *lines[] = { tz_L("记录已修改，尚未保存。", "This record has unsaved changes.") };
    for (;;) {
        draw_centered(tz_L("离开表单", "Leave form"), lines, 1,
                      tz_L("S 保存   D 放弃修改   Esc 继续编辑",
                           "S save   D discard   Esc keep editing"));
        ui_key k = ui_read_dialog_key();
        if (is_letter(k, 's') || k.code == UK_SAVE)
            return 's';
        if (is_letter(k, 'd'))
            return 'd';
        if (k.code == UK_BACK || k.code == UK_QUIT)
            return 0;
    }
}

void ui_show_text(const char *title, const char *const *lines, size_t n)
{
    size_t top = 0;
    for (;;) {
        int h = ui_rows() - 4, w = ui_cols() - 4;
        size_t visible = (size_t)(h - 3);
        if (top + visible > n)
            top = n > visible ? n - visible : 0;
        ui_box(1, 2, h, w, title);
        for (size_t i = 0; i < visible && top + i < n; i++)
            ui_text(2 + (int)i, 4, w - 4, lines[top + i], UI_NORMAL);
        ui_text(h - 1, 4, w - 4, tz_L("↑↓ PgUp PgDn 翻阅   Esc 关闭", "↑↓ PgUp PgDn scroll   Esc close"),
                UI_INFO);
        ui_cursor(0, 0, false);
        ui_refresh();
        ui_key k = ui_read_dialog_key();
        switch (k.code) {
        case UK_UP:   if (top) top--; break;
        case UK_DOWN: if (top + visible < n) top++; break;
        case UK_PGUP: top = top > visible ? top - visible : 0; break;
        case UK_PGDN: top += visible; break;
        case UK_BACK: case UK_ENTER: case UK_QUIT: case UK_HELP: return;
        default: break;
        }
    }
}

/* The label numbered by a digit typed ("2 导出 Excel 文件"), or -1. */
static int numbered(const char *const *labels, size_t n, ui_key k)
{
    if (k.code != UK_CHAR || k.ch < L'0' || k.ch > L'9')
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((wchar_t)labels[i][0] == k.ch && labels[i][1] == ' ')
            return (int)i;
    return -1;
}

int ui_pick_label(const char *title, const char *const *labels, size_t n, int current)
{
    int sel = current >= 0 && (size_t)current < n ? current : 0;
    int w = tz_str_width(title) + 6;
    for (size_t i = 0; i < n; i++)
        if (tz_str_width(labels[i]) + 6 > w)
            w = tz_str_width(labels[i]) + 6;
    if (w > ui_cols() - 2)
        w = ui_cols() - 2;
    int maxh = ui_rows() - 4;
    int h = (int)n + 2 > maxh ? maxh : (int)n + 2;
    for (;;) {
        int y = (ui_rows() - h) / 2, x = (ui_cols() - w) / 2, rows = h - 2;
        int top = sel >= rows ? sel - rows + 1 : 0;
        ui_box(y, x, h, w, title);
        for (int i = 0; i < rows && (size_t)(top + i) < n; i++)
            ui_text(y + 1 + i, x + 2, w - 4, labels[top + i],
                    top + i == sel ? UI_SELECTED : UI_NORMAL);
        ui_cursor(0, 0, false);
        ui_refresh();
        ui_key k = ui_read_dialog_key();
        if (numbered(labels, n, k) >= 0)
            return numbered(labels, n, k);
        switch (k.code) {
        case UK_UP:    if (sel > 0) sel--; break;
        case UK_DOWN:  if ((size_t)sel + 1 < n) sel++; break;
        case UK_HOME:  sel = 0; break;
        case UK_END:   sel = (int)n - 1; break;
        case UK_ENTER: case UK_PICK: return sel;
        case UK_BACK:  case UK_QUIT: return -1;
        default: break;
        }
    }
}

bool ui_prompt(const char *title, const char *label, char *buf, size_t cap)
{
    tz_line line;
    tz_line_init(&line, 1000, false);
    tz_line_set(&line, buf);
    bool answered = false;
    for (;;) {
        int w = ui_cols() - 8, h = 5, y = (ui_rows() - h) / 2, x = 4;
        int lw = tz_str_width(label), fw = w - lw - 5;
        ui_box(y, x, h, w, title);
        ui_text(y + 1, x + 2, lw, label, UI_NORMAL);
        tz_line_view v;
        tz_line_layout(&line, fw, 1, &v);
        char *shown = tz_wcs_to_utf8(line.buf + v.start[0], v.end[0] - v.start[0]);
        ui_text(y + 1, x + 2 + lw + 1, fw, shown ? shown : "", UI_FIELD_ACTIVE);
        free(shown);
        ui_text(y + 3, x + 2, w - 4, tz_L("Enter 确定    Esc 取消", "Enter OK    Esc cancel"), UI_INFO);
        ui_cursor(y + 1, x + 2 + lw + 1 + v.cursor_col, true);
        ui_refresh();
        ui_key k = ui_read_dialog_key();
        if (k.code == UK_ENTER) {
            char *text = tz_line_get(&line);
            answered = text && *text && strlen(text) < cap;
            if (answered)
                memcpy(buf, text, strlen(text) + 1);
            free(text);
            break;
        }
        if (k.code == UK_BACK || k.code == UK_QUIT)
            break;
        switch (k.code) {
        case UK_CHAR:      tz_line_insert(&line, k.ch); break;
        case UK_BACKSPACE: tz_line_backspace(&line); break;
        case UK_DELETE:    tz_line_delete(&line); break;
        case UK_LEFT:      tz_line_left(&line); break;
        case UK_RIGHT:     tz_line_right(&line); break;
        case UK_HOME:      tz_line_home(&line); break;
        case UK_END:       tz_line_end(&line); break;
        default: break;
        }
    }
    tz_line_free(&line);
    ui_cursor(0, 0, false);
    return answered;
}

/* ---- a few text fields in a box ---------------------------------------------------------------- */

static void draw_fields(const char *title, const ui_ask *f, size_t n, tz_line *lines, size_t cur,
                        const char *message)
{
    int w = 56, h = (int)n + 6, y = (ui_rows() - h) / 2, x = (ui_cols() - w) / 2;
    ui_box(y, x, h, w, title);
    int cy = 0, cx = 0;
    for (size_t i = 0; i < n; i++) {
        int fy = y + 2 + (int)i, fx = x + 14, fw = w - 16;
        ui_text(fy, x + 2, 12, f[i].label, UI_NORMAL);
        tz_line_view v;
        tz_line_layout(&lines[i], fw, 1, &v);
        char shown[256];
        if (f[i].secret) { /* one star per character typed, never the characters */
            size_t stars = lines[i].len < sizeof shown - 1 ? lines[i].len : sizeof shown - 1;
            memset(shown, '*', stars);
            shown[stars] = '\0';
            v.cursor_col = (int)lines[i].cur < fw ? (int)lines[i].cur : fw - 1;
        } else {
            char *t = tz_wcs_to_utf8(lines[i].buf + v.start[0], v.end[0] - v.start[0]);
            snprintf(shown, sizeof shown, "%s", t ? t : "");
            free(t);
        }
        ui_text(fy, fx, fw, shown, i == cur ? UI_FIELD_ACTIVE : UI_FIELD);
        if (i == cur) {
            cy = fy;
            cx = fx + v.cursor_col;
        }
    }
    ui_text(y + h - 3, x + 2, w - 4, message ? message : "", UI_ERROR);
    ui_text(y + h - 2, x + 2, w - 4, tz_L("Enter 下一项，末项即确定   Esc 取消",
                                          "Enter next, on the last one OK   Esc cancel"),
            UI_INFO);
    ui_cursor(cy, cx, true);
    ui_refresh();
}

bool ui_ask_fields(const char *title, ui_ask *f, size_t n, const char *message)
{
    tz_line lines[UI_MAX_ASK];
    n = n < UI_MAX_ASK ? n : UI_MAX_ASK;
    for (size_t i = 0; i < n; i++) {
        tz_line_init(&lines[i], 64, false);
        tz_line_set(&lines[i], f[i].buf);
    }
    size_t cur = 0;
    for (size_t i = 0; i < n; i++) /* start at the first empty field */
        if (!lines[i].len) {
            cur = i;
            break;
        }
    int done = 0;
    while (!done) {
        draw_fields(title, f, n, lines, cur, message);
        ui_key k = ui_read_dialog_key();
        switch (k.code) {
        case UK_BACK: case UK_QUIT: done = -1; break;
        case UK_TAB: case UK_DOWN:  cur = (cur + 1) % n; break;
        case UK_BTAB: case UK_UP:   cur = (cur + n - 1) % n; break;
        case UK_ENTER:
            if (cur + 1 < n)
                cur++;
            else
                done = 1;
            break;
        case UK_CHAR:      tz_line_insert(&lines[cur], k.ch); break;
        case UK_BACKSPACE: tz_line_backspace(&lines[cur]); break;
        case UK_DELETE:    tz_line_delete(&lines[cur]); break;
        case UK_LEFT:      tz_line_left(&lines[cur]); break;
        case UK_RIGHT:     tz_line_right(&lines[cur]); break;
        default: break;
        }
        if (ui_quitting())
            done = -1;
    }
    for (size_t i = 0; i < n; i++) {
        char *t = done > 0 ? tz_line_get(&lines[i]) : NULL;
        snprintf(f[i].buf, sizeof f[i].buf, "%s", t ? t : "");
        if (t) {
            explicit_bzero(t, strlen(t));
            free(t);
        }
        if (lines[i].buf)
            explicit_bzero(lines[i].buf, lines[i].cap * sizeof *lines[i].buf);
        tz_line_free(&lines[i]);
    }
    ui_cursor(0, 0, false);
    return done > 0;
}
