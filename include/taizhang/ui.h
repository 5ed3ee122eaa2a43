/* ui — the ncursesw shell: screen and keys, menu, generic list view, generic form view, field
 * editor, dialogs. The only layer that includes curses. Every screen is run from a tz_form or
 * tz_menu definition; the ui holds no SQL and reaches the data only through db.h. */
#ifndef TAIZHANG_UI_H
#define TAIZHANG_UI_H

#include "taizhang/db.h"
#include "taizhang/spec.h"

#include <wchar.h>

/* ---- keys -------------------------------------------------------------------------------
 * What a key press means, after F-keys, their Ctrl and Esc-digit equivalents and the terminal's
 * own sequences are folded together by ui_read_key. */
typedef enum {
    UK_NONE,
    UK_CHAR,        /* a printable character in .ch (from the input method, possibly CJK) */
    UK_ENTER, UK_TAB, UK_BTAB,
    UK_UP, UK_DOWN, UK_LEFT, UK_RIGHT, UK_HOME, UK_END, UK_PGUP, UK_PGDN,
    UK_BACKSPACE, UK_DELETE,
    /* commands: see the table in src/ui/keys.c */
    UK_HELP, UK_SAVE, UK_SEARCH, UK_PICK, UK_REFRESH, UK_SORT, UK_NEW, UK_DELREC, UK_PRINT,
    UK_BACK, UK_DITTO, UK_LINKS, UK_HISTORY,
    UK_FILTER,      /* only a label: F4 in a list (read as UK_PICK) */
    UK_RESIZE,      /* the screen changed size and must be redrawn */
    UK_QUIT,        /* hang-up, terminate signal or a vanished terminal: unwind and exit */
} ui_keycode;

typedef struct {
    ui_keycode code;
    wchar_t ch;     /* UK_CHAR only */
} ui_key;

/* The start-up quick_check runs in process `pid`, which writes any problem it finds to `fd`
 * and closes it; the key reader shows the problem as soon as it arrives. */
void ui_watch_check(int fd, int pid);
/* The problem the check reported, once: its lines (borrowed from the key reader, valid until
 * the next report) for a box the clerk acknowledges; 0 while there is none. */
#define UI_CHECK_LINES 12
size_t ui_check_report(const char **lines, size_t cap);
/* Blocks for the next key. Handles a too-small terminal itself (shows the enlarge message until
 * the terminal is big enough, then returns UK_RESIZE). */
ui_key ui_read_key(void);
/* Draws the bottom line for these commands: "F2保存 F7新增 Esc返回". */
void ui_draw_keys(const ui_keycode *cmds, size_t n);
/* For the F1 screen: a command's key ("F2"), its label ("保存") and its other keys
 * ("Ctrl-S, Esc 2"). Borrowed; ui_key_alt's text is valid until its next call. */
const char *ui_key_name(ui_keycode cmd);
const char *ui_key_label(ui_keycode cmd);
const char *ui_key_alt(ui_keycode cmd);

/* ---- screen ------------------------------------------------------------------------------- */
typedef enum { UI_NORMAL, UI_TITLE, UI_HEADER, UI_SELECTED, UI_FIELD, UI_FIELD_ACTIVE,
               UI_ERROR, UI_INFO, UI_KEYNAME, UI_DIM } ui_style;

/* Starts curses (locale already set by the caller). Returns false with a message when the
 * terminal cannot be used. */
bool ui_start(char *msg, size_t cap);
void ui_stop(void);
bool ui_quitting(void);      /* a signal or a dead terminal asked us to end */
int ui_wake_fd(void);        /* readable once a signal has asked us to end (for poll) */
int ui_exit_status(void);    /* 128 + the signal that ended the UI, as a shell reports it; 0 */
int ui_rows(void);
int ui_cols(void);
/* x and width of the form's list columns from x0, `gap` columns apart, ending `right` columns
 * before the screen's edge: the declared widths, the room left on a wide screen shared among
 * text and lookup columns, the last one cut at the edge. Returns how many fit (at most max). */
size_t ui_layout_columns(const tz_form *form, int x0, int gap, int right, int *xs, int *ws,
                         size_t max);
/* Draws UTF-8 text at (y, x) fitted to exactly `width` columns in a style. */
void ui_text(int y, int x, int width, const char *s, ui_style style);
void ui_fill(int y, int x, int width, ui_style style);
void ui_title(const char *left, const char *right);
/* The message line above the keys: an error stays until the next message or key. */
void ui_message(ui_style style, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_message_clear(void);
void ui_draw_message(void);
/* The message cut to the first `width` columns (a list's counts stand to its right). */
void ui_draw_message_within(int width);
void ui_cursor(int y, int x, bool visible);
/* The next refresh writes line y out whole instead of patching what the terminal shows:
 * cheaper for a line whose text is all new (ncurses' cursor optimiser costs ~10 K
 * instructions for every jump over cells that happen to match). */
void ui_repaint_line(int y);
void ui_refresh(void);
/* While held, ui_refresh shows nothing: a screen drawn under a box is shown with the box. */
void ui_hold_refresh(bool hold);
void ui_clear(void);

/* ---- dialogs ------------------------------------------------------------------------------
 * The boxes themselves are screens on the stack (src/ui/stack.h: ui_confirm and the rest). */
/* A cleared box with a border and a title in its top edge. */
void ui_box(int y, int x, int h, int w, const char *title);
/* What a box of fields (sign-in, passwords) asks: buf holds the start value and receives the
 * answer; secret fields show a star per character. */
#define UI_MAX_ASK 4
typedef struct {
    const char *label;
    bool secret;
    char buf[512];   /* a longer text is cut, and then too long for any rule that reads it */
} ui_ask;

/* ---- the application ---------------------------------------------------------------------- */
typedef struct {
    tz_db *db;               /* borrowed */
    const tz_formset *set;   /* borrowed */
    const char *db_path;     /* shown in the title bar */
} ui_app;

/* How a list of a form's rows is opened (src/ui/listview.c, a screen on the stack of
 * src/ui/stack.h): in pick mode (a lookup) its result is the chosen row, 0 when the clerk backed
 * out. */
typedef struct {
    const tz_field *pick_field;  /* non-NULL: pick mode for this lookup field */
    const char *filter_col;      /* a fixed filter (for example from a parent record) */
    int64_t filter_id;
} ui_list_opts;

/* How a record is opened (src/ui/formview.c; id 0: a new one, with defaults and the presets). */
#define UI_MAX_PRESETS 10
typedef struct {
    tz_filter presets[UI_MAX_PRESETS]; /* stored values for a new record's fields: the tree
                                          parent, a link's record, the list's filters (borrowed) */
    size_t npresets;
} ui_form_opts;

/* Reports (src/ui/reportview.c). From a menu: asks the parameters, then preview, export to
 * .xlsx or print; with preview_only (F9) straight to the preview, which is pushed on the screen
 * stack and shown once the caller's key is handled. record_id is the record a
 * report is about (0 when none). */
void ui_report_run(ui_app *app, const tz_report *r, int64_t record_id, bool preview_only);
/* F9 on a list or form: offers the form's `print` reports for record id. */
void ui_print_record(ui_app *app, const tz_form *form, int64_t id);
/* The folder of a path (".", the current folder, when it has none or the user may not write
 * there). */
void ui_folder_of(const char *path, char *out, size_t cap);

/* Ctrl-E in a form: the record's changes from the audit trail (src/ui/history.c). */
void ui_show_history(ui_app *app, const tz_form *form, int64_t id);

/* Signing in (src/ui/signin.c), a screen on the stack when the database has users; once signed
 * in (a temporary password changed on the spot) the first screen takes its place: the form
 * start_form's list, or the main menu. Backing out leaves the stack empty. */
void ui_sign_in(ui_app *app, const char *start_form);
/* The first screen (src/ui/menu.c). */
void ui_open_start(ui_app *app, const char *start_form);
void ui_change_own_password(ui_app *app);
void ui_reset_password(ui_app *app); /* admins: a temporary password for a user */

/* Actions of the program that menus name as `cmd:NAME` (src/ui/commands.c). */
typedef struct {
    const char *name;           /* as written after cmd: */
    const char *zh, *en;        /* the menu label */
    bool admin_only;            /* shown to administrators only */
    void (*run)(ui_app *app);
} ui_command;
const ui_command *ui_command_find(const char *name);
/* Every `cmd:NAME` in the menus names a known command; problems as FILE:LINE. */
void ui_check_commands(const tz_formset *set, tz_problems *probs);

/* Runs the whole UI: the main menu, or one form's list directly. Returns the exit status. */
int ui_run(tz_db *db, const tz_formset *set, const char *db_path, const char *start_form);

#endif
