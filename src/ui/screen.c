/* screen.c — starting and stopping curses, styles, drawing text by display columns, the
 * message line, and the signals that must end the program with the terminal restored. */
#include "taizhang/ui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

static volatile sig_atomic_t quit_signal; /* the signal that asked us to end, 0 if none */
static int wake_pipe[2] = { -1, -1 }; /* the handler writes to [1]; the key reader polls [0] */
static SCREEN *screen; /* from newterm, freed by ui_stop */
static bool use_color;

static struct {
    ui_style style;
    char text[512];
} message;

/* ---- signals ------------------------------------------------------------------------------
 * The handler only records the signal and writes a byte to a pipe; every screen loop then sees
 * UK_QUIT and unwinds, so endwin() runs outside the handler. The pipe is what makes it safe:
 * the key reader polls it with the terminal before it blocks, so a signal that comes between
 * its look at the flag and the wait still wakes it (an interrupted read alone would be missed
 * there). Installed without SA_RESTART so a blocked read is interrupted too. */
static void on_signal(int sig)
{
    int saved = errno;
    quit_signal = sig;
    if (wake_pipe[1] >= 0) {
        ssize_t unused = write(wake_pipe[1], "", 1); /* full already: it is readable anyway */
        (void)unused;
    }
    errno = saved;
}

/* Non-blocking, so that the handler never waits, and closed in the print command and other
 * children. The pipe lives as long as the process: a signal may come at any time. */
static void open_wake_pipe(void)
{
    if (wake_pipe[0] >= 0 || pipe(wake_pipe) != 0)
        return;
    for (int i = 0; i < 2; i++) {
        fcntl(wake_pipe[i], F_SETFL, fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
    }
}

static void install_signals(void)
{
    open_wake_pipe();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int ui_wake_fd(void)
{
    return wake_pipe[0];
}

bool ui_quitting(void)
{
    return quit_signal != 0;
}

int ui_exit_status(void)
{
    return quit_signal ? 128 + quit_signal : 0;
}

/* ---- styles ---------------------------------------------------------------------------------
 * Colour only when the terminal has it and NO_COLOR is unset; every style also reads without
 * colour (reverse, bold, underline), because many clerks' terminals are monochrome. */
enum { PAIR_TITLE = 1, PAIR_SELECTED, PAIR_ERROR, PAIR_INFO, PAIR_KEYNAME, PAIR_FIELD };

static void init_styles(void)
{
    const char *no_color = getenv("NO_COLOR");
    use_color = has_colors() && !(no_color && *no_color);
    if (!use_color)
        return;
    start_color();
    use_default_colors();
    init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
    init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
    init_pair(PAIR_ERROR, COLOR_RED, -1);
    init_pair(PAIR_INFO, COLOR_GREEN, -1);
    init_pair(PAIR_KEYNAME, COLOR_BLACK, COLOR_CYAN);
    init_pair(PAIR_FIELD, COLOR_BLACK, COLOR_WHITE);
}

/* A style as curses cells want it: attributes, and the colour pair apart (setcchar). */
typedef struct {
    attr_t attr;
    short pair;
} look;

static look style_look(ui_style style)
{
    switch (style) {
    case UI_NORMAL:       return (look){ A_NORMAL, 0 };
    case UI_TITLE:        return use_color ? (look){ A_BOLD, PAIR_TITLE } : (look){ A_REVERSE | A_BOLD, 0 };
    case UI_HEADER:       return (look){ A_BOLD | A_UNDERLINE, 0 };
    case UI_SELECTED:     return use_color ? (look){ A_NORMAL, PAIR_SELECTED } : (look){ A_REVERSE, 0 };
    case UI_FIELD:        return (look){ A_UNDERLINE, 0 };
    case UI_FIELD_ACTIVE: return use_color ? (look){ A_NORMAL, PAIR_FIELD } : (look){ A_REVERSE, 0 };
    case UI_ERROR:        return use_color ? (look){ A_BOLD, PAIR_ERROR } : (look){ A_BOLD, 0 };
    case UI_INFO:         return use_color ? (look){ A_NORMAL, PAIR_INFO } : (look){ A_NORMAL, 0 };
    case UI_KEYNAME:      return use_color ? (look){ A_NORMAL, PAIR_KEYNAME } : (look){ A_REVERSE, 0 };
    case UI_DIM:          return (look){ A_DIM, 0 };
    }
    return (look){ A_NORMAL, 0 };
}

/* ---- start and stop ----------------------------------------------------------------------- */

bool ui_start(char *msg, size_t cap)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(msg, cap, "%s", tz_L("界面需要在终端中运行（命令行用法见 taizhang --help）",
                                      "the UI needs a terminal (see taizhang --help for commands)"));
        return false;
    }
    set_escdelay(50);
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        snprintf(msg, cap, "%s", tz_L("无法打开终端（请检查 TERM 环境变量）",
                                      "cannot open the terminal (check TERM)"));
        return false;
    }
    /* A terminal that cannot move its cursor (TERM=dumb) cannot show a form. */
    char *cup = tigetstr("cup");
    if (!cup || cup == (char *)-1) {
        endwin();
        delscreen(screen);
        screen = NULL;
        snprintf(msg, cap, "%s", tz_L("终端不支持光标定位，请把 TERM 设为 xterm 一类",
                                      "the terminal cannot position the cursor; set TERM to e.g. xterm"));
        return false;
    }
    raw();          /* Ctrl-S, Ctrl-Q, Ctrl-C reach us as keys, not as flow control or signals */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    meta(stdscr, TRUE);
    install_signals();
    init_styles();
    curs_set(0);
    /* Until the first endwin(), ncurses (6.4) treats every cursor move of a refresh as coming
     * from a low-level terminfo program and flushes its output there: a list's refresh went
     * out in ~70 write()s. A suspend and resume before anything is drawn marks the screen as
     * running, and a refresh becomes one write (more only past ncurses' output buffer). */
    endwin();
    refresh();
    return true;
}

void ui_stop(void)
{
    if (!screen)
        return;
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
}

int ui_rows(void) { return LINES; }
int ui_cols(void) { return COLS; }

/* ---- drawing ---------------------------------------------------------------------------------- */

/* Text goes to curses as cells (wadd_wchnstr), decoded and measured once here: waddnstr
 * decoded every byte again through the locale and cost about half of a list keystroke. */
#define RUN_CELLS 128

typedef struct {
    int y, x;            /* where cells[0] goes on the screen */
    look look;           /* the style of every cell */
    cchar_t *cells;      /* RUN_CELLS laid out, not yet given to curses; the caller's stack */
    int n;               /* cells held */
    int cols;            /* columns they cover */
} cell_run;

static void flush_cells(cell_run *run)
{
    if (run->n)
        mvwadd_wchnstr(stdscr, run->y, run->x, run->cells, run->n);
    run->x += run->cols;
    run->n = 0;
    run->cols = 0;
}

static void put_cell(cell_run *run, wchar_t ch, int width)
{
    if (run->n == RUN_CELLS)
        flush_cells(run);
    wchar_t wc[2] = { ch, L'\0' };
    setcchar(&run->cells[run->n++], wc, run->look.attr, run->look.pair, NULL);
    run->cols += width;
}

/* A combining mark (width 0) joins the character before it in its cell; one with nothing
 * before it in the run is dropped. */
static void put_mark(cell_run *run, wchar_t mark)
{
    if (!run->n)
        return;
    cchar_t *cell = &run->cells[run->n - 1];
    wchar_t wc[CCHARW_MAX + 1];
    attr_t attr;
    short pair;
    if (getcchar(cell, wc, &attr, &pair, NULL) == ERR)
        return;
    size_t len = wcslen(wc);
    if (len >= CCHARW_MAX)
        return;
    wc[len] = mark;
    wc[len + 1] = L'\0';
    setcchar(cell, wc, attr, pair, NULL);
}

/* Lays UTF-8 text into the run, up to `width` columns; returns the columns it took. A control
 * character or a malformed byte shows as the one-column U+FFFD; a wide character cut at the
 * edge is left out (its column stays blank). */
static int lay_text(cell_run *run, const char *s, int width)
{
    size_t n = s ? strlen(s) : 0;
    int used = 0;
    while (n) {
        uint32_t cp;
        size_t k = tz_utf8_decode(s, n, &cp);
        s += k;
        n -= k;
        int w = wcwidth((wchar_t)cp);
        if (w < 0) {
            cp = TZ_REPLACEMENT;
            w = 1;
        }
        if (w == 0) {
            put_mark(run, (wchar_t)cp);
            continue;
        }
        if (used + w > width)
            break;
        put_cell(run, (wchar_t)cp, w);
        used += w;
    }
    return used;
}

void ui_text(int y, int x, int width, const char *s, ui_style style)
{
    if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
        return;
    if (x + width > COLS)
        width = COLS - x;
    cchar_t cells[RUN_CELLS]; /* apart from the run, so that starting one does not clear it */
    cell_run run = { .y = y, .x = x, .look = style_look(style), .cells = cells };
    int used = lay_text(&run, s, width);
    flush_cells(&run);
    ui_fill(y, x + used, width - used, style);
}

/* Blanks: the inside as one run (whline_set), each edge cell through wadd_wchnstr, which
 * also blanks the other half of a wide character the edge cuts. */
void ui_fill(int y, int x, int width, ui_style style)
{
    if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
        return;
    if (x + width > COLS)
        width = COLS - x;
    look lk = style_look(style);
    cchar_t blank;
    setcchar(&blank, L" ", lk.attr, lk.pair, NULL);
    mvwadd_wchnstr(stdscr, y, x, &blank, 1);
    if (width > 2)
        mvwhline_set(stdscr, y, x + 1, &blank, width - 2);
    if (width > 1)
        mvwadd_wchnstr(stdscr, y, x + width - 1, &blank, 1);
}

void ui_title(const char *left, const char *right)
{
    int cols = COLS;
    ui_fill(0, 0, cols, UI_TITLE);
    int wr = right ? tz_str_width(right) : 0;
    if (wr > cols / 3)
        wr = cols / 3;
    ui_text(0, 1, cols - wr - 3, left, UI_TITLE);
    if (wr)
        ui_text(0, cols - wr - 1, wr, right, UI_TITLE);
}

void ui_message(ui_style style, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message.text, sizeof message.text, fmt, ap);
    va_end(ap);
    message.style = style;
}

void ui_message_clear(void)
{
    message.text[0] = '\0';
}

void ui_draw_message(void)
{
    ui_draw_message_within(COLS);
}

void ui_draw_message_within(int width)
{
    width = width < 0 ? 0 : width > COLS ? COLS : width;
    ui_text(LINES - 2, 0, width, message.text, message.style);
    ui_fill(LINES - 2, width, COLS - width, UI_NORMAL);
}

void ui_cursor(int y, int x, bool visible)
{
    if (visible)
        move(y, x);
    curs_set(visible ? 1 : 0);
}

void ui_repaint_line(int y)
{
    wredrawln(stdscr, y, 1);
}

static int refresh_held;

void ui_hold_refresh(bool hold)
{
    refresh_held += hold ? 1 : -1;
}

void ui_refresh(void)
{
    if (!refresh_held)
        refresh();
}

void ui_clear(void)
{
    erase();
}
