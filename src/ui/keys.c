/* keys.c — reading keys and the command key map.
 *
 * Not every terminal sends F-keys (GNOME Terminal takes F1 and F10, PuTTY sends other codes for
 * F1–F4), so every command has a Ctrl-key and an Esc-digit equivalent (Esc then 2 = F2; Alt-2
 * sends the same). A lone Esc is "back" once no digit follows within a second (after_escape).
 *
 * While the start-up check runs beside the UI (ui_watch_check), the key reader also waits for
 * its report and shows a problem at once.
 *
 * How to add a command key: add UK_X to ui_keycode in ui.h, then one row to `commands` below
 * (F-key number or 0, Ctrl letter or 0, Esc digit or 0, labels); the bottom line, the F1 help
 * and the key reader all read this table. */
#include "taizhang/ui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    ui_keycode code;
    int fkey;          /* n for KEY_F(n), 0 if none */
    char ctrl;         /* 'S' for Ctrl-S, 0 if none */
    char escdigit;     /* '2' for Esc 2, 0 if none */
    const char *name;  /* as shown in the bottom line */
    const char *zh, *en;
} command_key;

static const command_key commands[] = {
    { UK_HELP,    1, 'G', '1', "F1",  "帮助", "Help" },
    { UK_SAVE,    2, 'S', '2', "F2",  "保存", "Save" },
    { UK_SEARCH,  3, 'F', '3', "F3",  "查找", "Find" },
    { UK_PICK,    4, 'O', '4', "F4",  "选择", "Pick" },
    { UK_REFRESH, 5, 'R', '5', "F5",  "刷新", "Refresh" },
    { UK_SORT,    6, 'T', '6', "F6",  "排序", "Sort" },
    { UK_NEW,     7, 'N', '7', "F7",  "新增", "New" },
    { UK_DELREC,  8, 'X', '8', "F8",  "删除", "Delete" },
    { UK_PRINT,   9, 'P', '9', "F9",  "打印", "Print" },
    { UK_BACK,   10, 'Q', '0', "Esc", "返回", "Back" },
    { UK_DITTO,  11, 'D', 0,   "^D",  "同上", "Ditto" },
    { UK_LINKS,   0, 'L', 0,   "^L",  "相关", "Related" },
    { UK_HISTORY, 0, 'E', 0,   "^E",  "修改记录", "History" },
    /* F4 in a list filters it: shown under its own label, read as UK_PICK */
    { UK_FILTER,  0, 0,   0,   "F4",  "筛选", "Filter" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const command_key *command_of(ui_keycode code)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i].code == code)
            return &commands[i];
    return NULL;
}

const char *ui_key_name(ui_keycode cmd)
{
    const command_key *c = command_of(cmd);
    return c ? c->name : "";
}

const char *ui_key_label(ui_keycode cmd)
{
    const command_key *c = command_of(cmd);
    return c ? tz_L(c->zh, c->en) : "";
}

/* The other keys that do the same, for the F1 screen: "Ctrl-S, Esc 2". */
const char *ui_key_alt(ui_keycode cmd)
{
    static char buf[48];
    const command_key *c = command_of(cmd == UK_FILTER ? UK_PICK : cmd);
    if (!c)
        return "";
    int n = 0;
    if (c->fkey && c->name[0] != 'F' && c->code != UK_BACK)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "F%d, ", c->fkey);
    if (c->ctrl)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "Ctrl-%c", c->ctrl);
    if (c->escdigit)
        n += snprintf(buf + n, sizeof buf - (size_t)n, ", Esc %c", c->escdigit);
    if (c->code == UK_BACK)
        snprintf(buf + n, sizeof buf - (size_t)n, ", F10");
    return buf;
}

void ui_draw_keys(const ui_keycode *cmds, size_t n)
{
    int y = ui_rows() - 1, x = 0, cols = ui_cols();
    ui_fill(y, 0, cols, UI_NORMAL);
    for (size_t i = 0; i < n; i++) {
        const command_key *c = command_of(cmds[i]);
        if (!c)
            continue;
        const char *label = tz_L(c->zh, c->en);
        int wn = tz_str_width(c->name), wl = tz_str_width(label);
        if (x + wn + wl > cols)
            break;
        ui_text(y, x, wn, c->name, UI_KEYNAME);
        ui_text(y, x + wn, wl, label, UI_NORMAL);
        x += wn + wl + 1;
    }
}

static ui_key key(ui_keycode code)
{
    return (ui_key){ code, 0 };
}

static ui_key from_command(const command_key *c)
{
    return key(c->code);
}

static ui_key from_fkey(int n)
{
    if (n == 12)
        return key(UK_BACK); /* some terminals map F10 oddly; F12 is a spare "back" */
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i].fkey == n)
            return from_command(&commands[i]);
    return key(UK_NONE);
}

static ui_key from_ctrl(wint_t ch)
{
    char letter = (char)('A' + ch - 1);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i].ctrl == letter)
            return from_command(&commands[i]);
    return key(UK_NONE);
}

/* Gives back what get_wch returned (r, ch) for the next read: a key code stays a key code. */
static void push_back(int r, wint_t ch)
{
    if (r == KEY_CODE_YES)
        ungetch((int)ch);
    else if (r == OK)
        unget_wch((wchar_t)ch);
}

static ui_key from_keycode(wint_t ch)
{
    switch (ch) {
    case KEY_UP:        return key(UK_UP);
    case KEY_DOWN:      return key(UK_DOWN);
    case KEY_LEFT:      return key(UK_LEFT);
    case KEY_RIGHT:     return key(UK_RIGHT);
    case KEY_HOME:      return key(UK_HOME);
    case KEY_END:       return key(UK_END);
    case KEY_PPAGE:     return key(UK_PGUP);
    case KEY_NPAGE:     return key(UK_PGDN);
    case KEY_BACKSPACE: return key(UK_BACKSPACE);
    case KEY_DC:        return key(UK_DELETE);
    case KEY_ENTER:     return key(UK_ENTER);
    case KEY_BTAB:      return key(UK_BTAB);
    case KEY_RESIZE:    return key(UK_RESIZE);
    }
    if (ch >= KEY_F(1) && ch <= KEY_F(12))
        return from_fkey((int)(ch - KEY_F0));
    return key(UK_NONE);
}

static ui_key from_char(wint_t ch)
{
    switch (ch) {
    case '\r': case '\n': return key(UK_ENTER);
    case '\t':            return key(UK_TAB);
    case 127: case 8:     return key(UK_BACKSPACE);
    }
    if (ch < 32)
        return from_ctrl(ch);
    if (ch == 0x7f || (ch >= 0x80 && ch < 0xa0))
        return key(UK_NONE);
    return (ui_key){ UK_CHAR, (wchar_t)ch };
}

/* ---- the start-up check running beside the UI ---------------------------------------------------- */

static int check_fd = -1;  /* where the background quick_check reports, -1 when not watching */
static pid_t check_pid;

void ui_watch_check(int fd, int pid)
{
    check_fd = fd;
    check_pid = (pid_t)pid;
}

static char check_said[1024];  /* the check's report, cut into lines by ui_check_report */
static bool check_reported;    /* a report not yet taken */

/* The check's report: nothing means the database is sound; anything else is its problem, kept
 * for the box the main loop shows (ui_check_report). True when there is one. Read to its end
 * (the child exits after writing); a longer one is cut where the buffer ends, between
 * characters. */
static bool read_check(void)
{
    size_t n = 0;
    ssize_t r;
    while (n < sizeof check_said - 1
           && ((r = read(check_fd, check_said + n, sizeof check_said - 1 - n)) > 0
               || (r < 0 && errno == EINTR)))
        n += r > 0 ? (size_t)r : 0;
    close(check_fd);
    check_fd = -1;
    waitpid(check_pid, NULL, 0);
    n = tz_utf8_whole(check_said, n);
    if (n == 0)
        return false;
    check_said[n] = '\0';
    check_reported = true;
    return true;
}

size_t ui_check_report(const char **lines, size_t cap)
{
    if (!check_reported || cap < 6)
        return 0;
    check_reported = false;
    size_t k = 0;
    lines[k++] = tz_L("启动时的快速检查（PRAGMA quick_check）发现数据库有问题：",
                      "The start-up quick check (PRAGMA quick_check) found a problem:");
    for (char *line = strtok(check_said, "\n"); line && k + 3 < cap; line = strtok(NULL, "\n"))
        lines[k++] = line;
    lines[k++] = "";
    lines[k++] = tz_L("请停止录入。退出后用 taizhang check 查看，", "Stop entering data. After leaving, run taizhang check");
    lines[k++] = tz_L("并用备份恢复：taizhang restore 备份文件 数据库", "and restore a backup: taizhang restore BACKUP DB");
    return k;
}

/* ---- waiting for a key ---------------------------------------------------------------------------
 * A signal that asks us to end must never be slept through. Its handler also writes to a pipe
 * (ui_wake_fd), and every wait is one poll() on the terminal, that pipe and the check's report,
 * entered only after the keys curses already holds are taken; get_wch blocks only once poll
 * has seen the terminal readable. A flag looked at before a blocking read would leave a gap
 * between the look and the read, and a signal landing there would wait for the next key. */

typedef enum {
    GOT_KEY,      /* r and ch hold what get_wch returned (ERR: the terminal failed) */
    GOT_NOTHING,  /* the time ran out */
    GOT_WOKEN,    /* a signal: one asking us to end, or a resize curses has noted */
    GOT_CHECK,    /* the start-up check has reported */
} wait_result;

static wait_result poll_input(int ms, bool watch_check)
{
    struct pollfd fds[3] = { { .fd = STDIN_FILENO, .events = POLLIN },
                             { .fd = ui_wake_fd(), .events = POLLIN },
                             { .fd = watch_check ? check_fd : -1, .events = POLLIN } };
    int n = poll(fds, 3, ms);
    if (n == 0)
        return GOT_NOTHING;
    if (n < 0 || fds[1].revents)
        return GOT_WOKEN; /* EINTR: a signal, perhaps ncurses' own SIGWINCH */
    if (fds[2].revents & (POLLIN | POLLHUP))
        return GOT_CHECK;
    return GOT_KEY;
}

/* The next key within ms milliseconds (-1: no limit), as get_wch gives it in r and ch; with
 * watch_check the check's report ends the wait too. */
static wait_result next_key(int ms, bool watch_check, int *r, wint_t *ch)
{
    timeout(0);
    *r = get_wch(ch); /* typed ahead, pushed back, or a resize curses has noted */
    timeout(-1);
    if (*r != ERR)
        return GOT_KEY;
    if (ui_quitting())
        return GOT_WOKEN;
    wait_result w = poll_input(ms, watch_check);
    if (w == GOT_KEY) {
        errno = 0;
        *r = get_wch(ch);
    }
    return w;
}

/* ---- Esc then a digit ----------------------------------------------------------------------------
 * After a lone Esc, a digit typed within about a second makes it a command (Esc 2 = F2), as
 * people type it on a terminal that sends no F-keys (Alt-2 sends the same at once). Meanwhile
 * the pending Esc is shown on the message line. Any other key, or the second running out, makes
 * it a plain Esc (back), and that other key is then read as itself: a function key typed right
 * after Esc stays a function key, a second Esc is a second back. */
#define ESC_DIGIT_MS 1000
#define MAX_LINE_CELLS 512

typedef struct {
    cchar_t cells[MAX_LINE_CELLS + 1]; /* the message line as it was, and the null cell
                                          win_wchnstr puts after it */
    int n;                         /* cells saved */
    int cy, cx;                    /* where the cursor stood */
} saved_line;

static void show_pending_escape(saved_line *saved)
{
    int y = LINES - 2;
    getyx(stdscr, saved->cy, saved->cx);
    saved->n = COLS < MAX_LINE_CELLS ? COLS : MAX_LINE_CELLS;
    mvwin_wchnstr(stdscr, y, 0, saved->cells, saved->n);
    /* only over its own width: a list's counts at the right of the line stay in view */
    const char *hint = tz_L("Esc… 接着按数字即功能键（Esc 2 = F2），其他键即返回",
                            "Esc… a digit now is an F-key (Esc 2 = F2); other keys: back");
    int w = tz_str_width(hint);
    ui_text(y, 0, w < COLS ? w : COLS, hint, UI_INFO);
    move(saved->cy, saved->cx);
    refresh();
}

static void hide_pending_escape(const saved_line *saved)
{
    mvwadd_wchnstr(stdscr, LINES - 2, 0, saved->cells, saved->n);
    move(saved->cy, saved->cx);
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The digit's wait is not cut short by what else wakes the reader: the start-up check's
 * report waits for the next key (it would end the wait on a loaded machine, where the check
 * finishes late), and a resize comes as a key of its own. */
static wait_result wait_digit(int *r, wint_t *ch)
{
    int64_t until = now_ms() + ESC_DIGIT_MS;
    for (;;) {
        int64_t left = until - now_ms();
        wait_result got = next_key(left > 0 ? (int)left : 0, false, r, ch);
        if (got != GOT_WOKEN || ui_quitting())
            return got;
    }
}

static ui_key after_escape(void)
{
    int r;
    wint_t ch;
    saved_line saved;
    show_pending_escape(&saved);
    wait_result got = wait_digit(&r, &ch);
    hide_pending_escape(&saved);
    if (got != GOT_KEY)
        return key(ui_quitting() ? UK_QUIT : UK_BACK);
    if (r == OK)
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (commands[i].escdigit && (wint_t)commands[i].escdigit == ch)
                return from_command(&commands[i]);
    push_back(r, ch);
    return key(UK_BACK);
}

static ui_key from_key(int r, wint_t ch)
{
    if (r == KEY_CODE_YES)
        return from_keycode(ch);
    return ch == 27 ? after_escape() : from_char(ch);
}

/* Shown until the terminal is at least 80×24; returns when it is. */
static bool wait_for_size(void)
{
    while (LINES < 24 || COLS < 80) {
        char msg[160];
        snprintf(msg, sizeof msg, tz_L("终端窗口太小（%d×%d），请放大到至少 80×24",
                                        "Terminal too small (%d×%d): enlarge it to at least 80×24"),
                 COLS, LINES);
        erase();
        int w = tz_str_width(msg);
        int y = LINES / 2, x = COLS > w ? (COLS - w) / 2 : 0;
        ui_text(y, x, w < COLS ? w : COLS, msg, UI_ERROR);
        refresh();
        int r;
        wint_t ch;
        wait_result got = next_key(-1, true, &r, &ch);
        if (got == GOT_CHECK)
            read_check();
        if (ui_quitting() || (got == GOT_KEY && r == ERR && errno != EINTR))
            return false;
    }
    return true;
}

ui_key ui_read_key(void)
{
    for (;;) {
        if (ui_quitting())
            return key(UK_QUIT);
        if ((LINES < 24 || COLS < 80)) {
            if (!wait_for_size())
                return key(UK_QUIT);
            return key(UK_RESIZE);
        }
        int r;
        wint_t ch;
        switch (next_key(-1, true, &r, &ch)) {
        case GOT_CHECK:
            if (read_check())
                return key(UK_RESIZE); /* the main loop shows the box over the screen */
            continue;
        case GOT_WOKEN: case GOT_NOTHING:
            continue;
        case GOT_KEY:
            break;
        }
        if (r == ERR) {
            /* EINTR comes with a signal (seen on the next turn); anything else means the
             * terminal is gone, and spinning on it would burn the CPU of a shared box. */
            if (errno == EINTR)
                continue;
            return key(UK_QUIT);
        }
        ui_key k = from_key(r, ch);
        if (k.code == UK_RESIZE && (LINES < 24 || COLS < 80))
            continue;
        if (k.code != UK_NONE)
            return k;
    }
}
