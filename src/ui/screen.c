/* screen.c — starting and stopping curses, styles, drawing text by display columns, the
 * message line, and the signals that must end the program with the terminal restored. */
#include "taizhang/ui.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

static volatile sig_atomic_t quit_signal; /* the signal that asked us to end, 0 if none */
static SCREEN *screen; /* from newterm, freed by ui_stop */
static bool use_color;

static struct {
    ui_style style;
    char text[512];
} message;

/* ---- signals ------------------------------------------------------------------------------
 * The handler only records the signal; get_wch then returns ERR (EINTR) and every screen loop
 * sees UK_QUIT and unwinds, so endwin() runs outside the handler. Installed without SA_RESTART
 * so a blocked read is interrupted. */
static void on_signal(int sig)
{
    quit_signal = sig;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
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

static attr_t style_attr(ui_style style)
{
    switch (style) {
    case UI_NORMAL:       return A_NORMAL;
    case UI_TITLE:        return use_color ? COLOR_PAIR(PAIR_TITLE) | A_BOLD : A_REVERSE | A_BOLD;
    case UI_HEADER:       return A_BOLD | A_UNDERLINE;
    case UI_SELECTED:     return use_color ? COLOR_PAIR(PAIR_SELECTED) : A_REVERSE;
    case UI_FIELD:        return A_UNDERLINE;
    case UI_FIELD_ACTIVE: return use_color ? COLOR_PAIR(PAIR_FIELD) : A_REVERSE;
    case UI_ERROR:        return use_color ? COLOR_PAIR(PAIR_ERROR) | A_BOLD : A_BOLD;
    case UI_INFO:         return use_color ? COLOR_PAIR(PAIR_INFO) : A_NORMAL;
    case UI_KEYNAME:      return use_color ? COLOR_PAIR(PAIR_KEYNAME) : A_REVERSE;
    case UI_DIM:          return A_DIM;
    }
    return A_NORMAL;
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

void ui_text(int y, int x, int width, const char *s, ui_style style)
{
    if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
        return;
    if (x + width > COLS)
        width = COLS - x;
    char buf[1024];
    tz_fit(buf, sizeof buf, s ? s : "", width, 'l', false);
    attr_t a = style_attr(style);
    attron(a);
    mvaddstr(y, x, buf);
    attroff(a);
}

void ui_fill(int y, int x, int width, ui_style style)
{
    ui_text(y, x, width, "", style);
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
    ui_text(LINES - 2, 0, COLS, message.text, message.style);
}

void ui_cursor(int y, int x, bool visible)
{
    if (visible)
        move(y, x);
    curs_set(visible ? 1 : 0);
}

void ui_refresh(void)
{
    refresh();
}

void ui_clear(void)
{
    erase();
}
