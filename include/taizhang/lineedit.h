/* lineedit — the text of one form field being edited, independent of curses so it can be
 * tested alone. The text is a wchar_t buffer; every position the screen needs is computed in
 * display columns (a Chinese character is 2), so the cursor always stands where the next
 * character will go and a wide character is never cut in half.
 *
 * Single-line fields scroll horizontally; multi-line (memo) fields wrap at the field width and
 * scroll vertically. The editor keeps the raw text; tz_line_layout computes what to show. */
#ifndef TAIZHANG_LINEEDIT_H
#define TAIZHANG_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

typedef struct {
    wchar_t *buf;     /* the text, not NUL-terminated; owned */
    size_t len;       /* characters in buf */
    size_t cap;       /* characters allocated */
    size_t cur;       /* cursor: index of the character it stands before (0..len) */
    size_t maxlen;    /* most characters accepted (0: no limit) */
    bool multiline;   /* memo: '\n' allowed, text wraps */
    size_t scroll;    /* first visible character (single line) or first visible row (memo) */
    bool changed;     /* edited since tz_line_set */
    bool replace;     /* just entered: the next character typed replaces the whole text */
} tz_line;

void tz_line_init(tz_line *l, size_t maxlen, bool multiline);
void tz_line_free(tz_line *l);
/* Replaces the text (UTF-8, NULL = empty), cursor at the end, changed = false.
 * Returns false on out-of-memory (text unchanged). */
bool tz_line_set(tz_line *l, const char *utf8);
/* The text as a new UTF-8 string (caller frees); NULL on out-of-memory. */
char *tz_line_get(const tz_line *l);

/* The field has just been entered (Clipper's GET): the first character typed replaces the
 * text; any other edit or cursor move first keeps it, and typing then inserts.
 * tz_line_keep ends that without moving (a key the field does not handle, such as save). */
void tz_line_enter(tz_line *l);
void tz_line_keep(tz_line *l);

/* Inserts at the cursor. Refuses (returns false, nothing changes) control characters other
 * than '\n' in a memo, and text past maxlen. tz_line_insert_str inserts a whole paste,
 * stopping at maxlen; it returns the number of characters inserted. */
bool tz_line_insert(tz_line *l, wchar_t c);
size_t tz_line_insert_str(tz_line *l, const char *utf8);
bool tz_line_backspace(tz_line *l);  /* deletes the character before the cursor */
bool tz_line_delete(tz_line *l);     /* deletes the character under the cursor */
void tz_line_clear(tz_line *l);
void tz_line_left(tz_line *l);
void tz_line_right(tz_line *l);
void tz_line_home(tz_line *l);       /* start of the (visual) line */
void tz_line_end(tz_line *l);        /* end of the (visual) line */
/* Memo only: moves to the row above/below at the same column, given the field width. */
void tz_line_up(tz_line *l, int width);
void tz_line_down(tz_line *l, int width);

/* What to draw in a field `width` columns wide and `height` rows high (height 1 for a single
 * line). Updates l->scroll so the cursor is visible. */
#define TZ_LINE_MAX_ROWS 64
typedef struct {
    int rows;                          /* visual rows filled (<= height) */
    size_t start[TZ_LINE_MAX_ROWS];    /* first character index of each visible row */
    size_t end[TZ_LINE_MAX_ROWS];      /* one past its last character (a '\n' is not shown) */
    int cursor_row;                    /* cursor position within the field */
    int cursor_col;                    /* in display columns from the field's left edge */
    bool more_left, more_right;        /* single line: text hidden on that side */
    bool more_above, more_below;       /* memo: rows hidden above/below */
} tz_line_view;
void tz_line_layout(tz_line *l, int width, int height, tz_line_view *v);

#endif
