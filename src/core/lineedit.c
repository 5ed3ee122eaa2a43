/* lineedit.c — the text model of the field editor: a wide-character buffer, a cursor, and
 * the layout of what a field of given size shows, all in display columns. */
#include "taizhang/lineedit.h"

#include "taizhang/core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- buffer ------------------------------------------------------------------------------- */

void tz_line_init(tz_line *l, size_t maxlen, bool multiline)
{
    memset(l, 0, sizeof *l);
    l->maxlen = maxlen;
    l->multiline = multiline;
}

void tz_line_free(tz_line *l)
{
    free(l->buf);
    l->buf = NULL;
    l->len = l->cap = l->cur = l->scroll = 0;
}

static bool reserve(tz_line *l, size_t extra)
{
    if (extra > SIZE_MAX / sizeof(wchar_t) / 2 - l->len)
        return false;
    size_t need = l->len + extra;
    if (need <= l->cap)
        return true;
    size_t cap = l->cap ? l->cap * 2 : 16;
    if (cap < need)
        cap = need;
    wchar_t *buf = realloc(l->buf, cap * sizeof *buf);
    if (!buf)
        return false;
    l->buf = buf;
    l->cap = cap;
    return true;
}

bool tz_line_set(tz_line *l, const char *utf8)
{
    size_t n;
    wchar_t *w = tz_utf8_to_wcs(utf8 ? utf8 : "", &n);
    if (!w)
        return false;
    /* text from the database is kept whole, even past maxlen: nothing is silently dropped */
    free(l->buf);
    l->buf = w;
    l->len = n;
    l->cap = n + 1;
    l->cur = n;
    l->scroll = 0;
    l->changed = false;
    l->replace = false;
    return true;
}

char *tz_line_get(const tz_line *l)
{
    return tz_wcs_to_utf8(l->buf, l->len);
}

/* ---- editing ------------------------------------------------------------------------------ */

void tz_line_enter(tz_line *l)
{
    l->replace = true;
}

void tz_line_keep(tz_line *l)
{
    l->replace = false;
}

static bool insertable(const tz_line *l, wchar_t c)
{
    if (c == L'\n')
        return l->multiline;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return false;
    return wcwidth(c) >= 0;
}

static size_t room(const tz_line *l)
{
    if (l->maxlen == 0)
        return SIZE_MAX;
    return l->len < l->maxlen ? l->maxlen - l->len : 0;
}

/* Opens a gap of n characters at the cursor and copies w into it (room already reserved). */
static void splice_in(tz_line *l, const wchar_t *w, size_t n)
{
    memmove(l->buf + l->cur + n, l->buf + l->cur, (l->len - l->cur) * sizeof *l->buf);
    memcpy(l->buf + l->cur, w, n * sizeof *w);
    l->len += n;
    l->cur += n;
    l->changed = true;
}

bool tz_line_insert(tz_line *l, wchar_t c)
{
    if (l->replace && insertable(l, c))
        tz_line_clear(l);
    l->replace = false;
    if (!insertable(l, c) || room(l) == 0 || !reserve(l, 1))
        return false;
    splice_in(l, &c, 1);
    return true;
}

/* What a pasted character becomes: "\r\n" and a lone '\r' are line ends, a tab is a space,
 * and a single line turns line ends into spaces. Returns 0 for "skip". */
static wchar_t paste_char(const tz_line *l, uint32_t cp, const char *next)
{
    if (cp == '\r') {
        if (*next == '\n')
            return 0;
        cp = '\n';
    }
    if (cp == '\t' || (cp == '\n' && !l->multiline))
        cp = ' ';
    return insertable(l, (wchar_t)cp) ? (wchar_t)cp : 0;
}

/* In replace mode the value goes only when something of the paste comes in its place. */
size_t tz_line_insert_str(tz_line *l, const char *utf8)
{
    bool replace = l->replace;
    l->replace = false;
    size_t n = utf8 ? strlen(utf8) : 0;
    size_t limit = replace && l->maxlen ? l->maxlen : room(l);
    if (n == 0 || limit == 0)
        return 0;
    wchar_t *w = malloc(n * sizeof *w); /* never more characters than bytes */
    if (!w)
        return 0;
    size_t count = 0;
    while (n && count < limit) {
        uint32_t cp;
        size_t used = tz_utf8_decode(utf8, n, &cp);
        utf8 += used;
        n -= used;
        wchar_t c = paste_char(l, cp, utf8);
        if (c)
            w[count++] = c;
    }
    if (count && reserve(l, count)) {
        if (replace)
            tz_line_clear(l);
        splice_in(l, w, count);
    } else {
        count = 0;
    }
    free(w);
    return count;
}

bool tz_line_backspace(tz_line *l)
{
    l->replace = false;
    if (l->cur == 0)
        return false;
    l->cur--;
    return tz_line_delete(l);
}

bool tz_line_delete(tz_line *l)
{
    l->replace = false;
    if (l->cur >= l->len)
        return false;
    memmove(l->buf + l->cur, l->buf + l->cur + 1, (l->len - l->cur - 1) * sizeof *l->buf);
    l->len--;
    l->changed = true;
    return true;
}

void tz_line_clear(tz_line *l)
{
    l->replace = false;
    if (l->len)
        l->changed = true;
    l->len = l->cur = l->scroll = 0;
}

/* ---- cursor movement ---------------------------------------------------------------------- */

static bool zero_width_at(const tz_line *l, size_t i)
{
    return i < l->len && tz_char_width((uint32_t)l->buf[i]) == 0;
}

/* Left and right step over a character together with the combining marks after it. */
void tz_line_left(tz_line *l)
{
    l->replace = false;
    while (l->cur > 0 && zero_width_at(l, --l->cur))
        ;
}

void tz_line_right(tz_line *l)
{
    l->replace = false;
    if (l->cur < l->len)
        l->cur++;
    while (zero_width_at(l, l->cur))
        l->cur++;
}

/* Home and End have no field width to wrap with, so in a memo they go to the ends of the
 * line as typed (between line breaks); in a single line that is the whole text. */
void tz_line_home(tz_line *l)
{
    l->replace = false;
    while (l->cur > 0 && !(l->multiline && l->buf[l->cur - 1] == L'\n'))
        l->cur--;
}

void tz_line_end(tz_line *l)
{
    l->replace = false;
    while (l->cur < l->len && !(l->multiline && l->buf[l->cur] == L'\n'))
        l->cur++;
}

/* ---- wrapping (memo) ---------------------------------------------------------------------- */

#define NO_ROW SIZE_MAX

/* One visual row of a memo. */
typedef struct {
    size_t start; /* first character index */
    size_t end;   /* one past the last character shown */
    size_t next;  /* where the next row starts; NO_ROW for the last row */
} row_span;

static int span_width(const tz_line *l, size_t from, size_t to)
{
    if (from >= to)
        return 0;
    return tz_wcs_width(l->buf + from, to - from);
}

/* Wraps the row starting at `start`. A character that does not fit goes to the next row.
 * The end of the text and a '\n' each take one column, because the cursor may stand there:
 * a row filled to the edge pushes them to a row of their own. */
static row_span wrap_row(const tz_line *l, size_t start, int width)
{
    row_span r = { start, start, NO_ROW };
    int col = 0;
    for (size_t i = start;; i++) {
        bool at_end = i == l->len;
        bool newline = !at_end && l->buf[i] == L'\n';
        int w = at_end || newline ? 1 : tz_char_width((uint32_t)l->buf[i]);
        r.end = i;
        if (col > 0 && col + w > width) {
            r.next = i;
            return r;
        }
        if (at_end)
            return r;
        if (newline) {
            r.next = i + 1;
            return r;
        }
        col += w;
    }
}

/* The row the cursor is on and its index. A cursor at a soft wrap stands at the start of
 * the lower row. */
static row_span cursor_row(const tz_line *l, int width, size_t *index)
{
    row_span r = wrap_row(l, 0, width);
    size_t row = 0;
    while (r.next != NO_ROW && l->cur >= r.next) {
        r = wrap_row(l, r.next, width);
        row++;
    }
    *index = row;
    return r;
}

/* The position in row r nearest to column x without passing it. */
static size_t position_at_col(const tz_line *l, row_span r, int x)
{
    /* after a soft wrap, position `end` already belongs to the next row */
    size_t last = r.next == r.end ? r.end - 1 : r.end;
    size_t p = r.start;
    int col = 0;
    while (p < last) {
        int w = tz_char_width((uint32_t)l->buf[p]);
        if (col + w > x)
            break;
        col += w;
        p++;
    }
    return p;
}

void tz_line_up(tz_line *l, int width)
{
    l->replace = false;
    if (!l->multiline)
        return;
    if (width < 1)
        width = 1;
    size_t row;
    row_span here = cursor_row(l, width, &row);
    if (row == 0)
        return;
    int x = span_width(l, here.start, l->cur);
    row_span above = wrap_row(l, 0, width);
    for (size_t i = 1; i < row; i++)
        above = wrap_row(l, above.next, width);
    l->cur = position_at_col(l, above, x);
}

void tz_line_down(tz_line *l, int width)
{
    l->replace = false;
    if (!l->multiline)
        return;
    if (width < 1)
        width = 1;
    size_t row;
    row_span here = cursor_row(l, width, &row);
    if (here.next == NO_ROW)
        return;
    int x = span_width(l, here.start, l->cur);
    l->cur = position_at_col(l, wrap_row(l, here.next, width), x);
}

/* ---- layout ------------------------------------------------------------------------------- */

/* Columns of the cell the cursor stands on: its character, or 1 at the end of the text or
 * before a combining mark (the cursor itself needs a column). */
static int cursor_cell(const tz_line *l)
{
    int w = l->cur < l->len ? tz_char_width((uint32_t)l->buf[l->cur]) : 1;
    return w > 0 ? w : 1;
}

/* Single line: scroll just enough that the cursor's cell is inside the field. */
static void scroll_single(tz_line *l, int width)
{
    if (l->scroll > l->cur)
        l->scroll = l->cur;
    int need = span_width(l, l->scroll, l->cur) + cursor_cell(l);
    while (need > width && l->scroll < l->cur)
        need -= tz_char_width((uint32_t)l->buf[l->scroll++]);
    /* after deleting or going back, let hidden text on the left fill space freed on the right */
    int shown = span_width(l, l->scroll, l->len) + 1;
    while (l->scroll > 0) {
        int w = tz_char_width((uint32_t)l->buf[l->scroll - 1]);
        if (shown + w > width)
            break;
        shown += w;
        l->scroll--;
    }
    /* never start the view on a combining mark cut from its base */
    while (l->scroll < l->cur && tz_char_width((uint32_t)l->buf[l->scroll]) == 0)
        l->scroll++;
}

static void layout_single(tz_line *l, int width, tz_line_view *v)
{
    scroll_single(l, width);
    size_t end = l->scroll;
    int col = 0;
    while (end < l->len) {
        int w = tz_char_width((uint32_t)l->buf[end]);
        if (col + w > width)
            break; /* a wide character straddling the edge is not shown */
        col += w;
        end++;
    }
    v->rows = 1;
    v->start[0] = l->scroll;
    v->end[0] = end;
    v->cursor_row = 0;
    v->cursor_col = span_width(l, l->scroll, l->cur);
    v->more_left = l->scroll > 0;
    v->more_right = end < l->len;
}

static void layout_memo(tz_line *l, int width, int height, tz_line_view *v)
{
    size_t crow;
    row_span here = cursor_row(l, width, &crow);
    size_t total = crow + 1;
    for (row_span r = here; r.next != NO_ROW; total++)
        r = wrap_row(l, r.next, width);
    size_t h = (size_t)height;
    if (crow < l->scroll)
        l->scroll = crow;
    if (crow >= l->scroll + h)
        l->scroll = crow - h + 1;
    if (l->scroll + h > total)
        l->scroll = total > h ? total - h : 0;

    row_span r = wrap_row(l, 0, width);
    for (size_t i = 0; i < l->scroll; i++)
        r = wrap_row(l, r.next, width);
    int rows = 0;
    for (;;) {
        v->start[rows] = r.start;
        v->end[rows] = r.end;
        rows++;
        if (rows == height || r.next == NO_ROW)
            break;
        r = wrap_row(l, r.next, width);
    }
    v->rows = rows;
    v->cursor_row = (int)(crow - l->scroll);
    v->cursor_col = span_width(l, here.start, l->cur);
    /* only before a combining mark on a full row can the cursor reach the edge; the mark
     * stays with its base, and the cursor shows on the last column */
    if (v->cursor_col >= width)
        v->cursor_col = width - 1;
    v->more_above = l->scroll > 0;
    v->more_below = l->scroll + (size_t)rows < total;
}

void tz_line_layout(tz_line *l, int width, int height, tz_line_view *v)
{
    memset(v, 0, sizeof *v);
    if (width < 1)
        width = 1;
    if (height < 1)
        height = 1;
    if (height > TZ_LINE_MAX_ROWS)
        height = TZ_LINE_MAX_ROWS;
    if (l->cur > l->len)
        l->cur = l->len;
    if (l->multiline)
        layout_memo(l, width, height, v);
    else
        layout_single(l, width, v);
}
