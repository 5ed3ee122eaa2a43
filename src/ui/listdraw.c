/* listdraw.c — drawing a list: title, search line, column headers, rows, the 合计 line, the
 * status line with its counts, the keys; and its F1 help. */
#include "list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (list_searching(lv)) {
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
    int y = 3 + list_visible_rows(lv);
    ui_fill(y, 0, ui_cols(), UI_HEADER);
    if (!lv->sums_known) {
        char text[120];
        snprintf(text, sizeof text, tz_L("合计：超过 %d 条，未合计（请缩小范围）",
                                         "Total: over %d rows, not summed (narrow the list)"),
                 list_count_limit(lv));
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
    for (int r = 0; r < list_visible_rows(lv); r++) {
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
        ui_text(4, 2, ui_cols() - 4, list_searching(lv) ? tz_L("没有符合条件的记录", "Nothing matches")
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
    if (lv->count > list_count_limit(lv))
        snprintf(count, sizeof count, "%d+", list_count_limit(lv));
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

void list_draw(listview *lv)
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
    if (list_searching(lv)) {
        tz_line_view v;
        tz_line search = lv->search;
        tz_line_layout(&search, 30, 1, &v);
        ui_cursor(1, tz_str_width(tz_L("查找：", "Find: ")) + v.cursor_col, true);
    } else {
        ui_cursor(0, 0, false);
    }
    ui_refresh();
}

void list_show_help(const listview *lv)
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
    ui_show_text(lv->app, tz_L("帮助", "Help"), ptrs, n);
}
