/* stack.c — the screen stack and the main loop that runs it (see stack.h). */
#include "stack.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SCREENS 32

static ui_screen screens[MAX_SCREENS];
static size_t depth;

void ui_push(ui_app *app, const ui_screen_ops *ops, const void *args, int asked)
{
    if (depth == MAX_SCREENS) {
        ui_message(UI_ERROR, "%s", tz_L("打开的画面太多", "Too many screens open"));
        return;
    }
    ui_screen *s = &screens[depth];
    *s = (ui_screen){ .ops = ops, .app = app, .state = calloc(1, ops->state_size),
                      .asked = asked };
    if (!s->state)
        abort(); /* the ui's policy: out of memory ends the program */
    depth++;
    ops->open(s, args);
}

/* Closes the screen at index `at`. The screens it pushed while closing (a report's parameters
 * become its preview) take its place: the lowest of them answers the screen below instead. */
static ui_result close_at(size_t at)
{
    ui_screen *s = &screens[at];
    ui_result r = { 0 };
    s->ops->close(s, &r);
    free(s->state);
    int asked = s->asked;
    memmove(&screens[at], &screens[at + 1], (depth - at - 1) * sizeof screens[0]);
    depth--;
    screens[depth] = (ui_screen){ 0 };
    if (depth > at)
        screens[at].asked = asked;
    return r;
}

void ui_draw_below(ui_screen *s)
{
    size_t at = (size_t)(s - screens);
    if (at == 0 || at >= depth) {
        ui_clear();
        return;
    }
    ui_hold_refresh(true);
    screens[at - 1].ops->draw(&screens[at - 1]);
    ui_hold_refresh(false);
}

static ui_result pop(void)
{
    return close_at(depth - 1);
}

/* A hang-up: every screen keeps what it must, the innermost first, then all are closed. */
static void hang_up(void)
{
    for (size_t i = depth; i-- > 0;)
        if (screens[i].ops->hangup)
            screens[i].ops->hangup(&screens[i]);
    while (depth > 0)
        pop();
}

static void resize_all(void)
{
    for (size_t i = depth; i-- > 0;)
        if (screens[i].ops->resize)
            screens[i].ops->resize(&screens[i]);
}

/* Closes the screen at `at` and gives its result to the screen below, which may close in turn. */
static void close_and_answer(size_t at)
{
    for (;;) {
        int asked = screens[at].asked;
        ui_result r = close_at(at);
        if (depth != at || depth == 0)
            return; /* it handed its place to a screen it pushed, or the stack is empty */
        size_t below_at = depth - 1;
        ui_screen *below = &screens[below_at];
        if (!below->ops->resume || below->ops->resume(below, asked, &r) == UI_STAY)
            return;
        at = below_at; /* it may have pushed a screen to take its place */
    }
}

/* The start-up check found a problem: a box the clerk has to acknowledge, over the top screen. */
static void show_check_report(void)
{
    const char *lines[UI_CHECK_LINES];
    size_t n = ui_check_report(lines, UI_CHECK_LINES);
    if (n)
        ui_show_text(screens[depth - 1].app, tz_L("数据库可能已损坏", "The database may be damaged"),
                     lines, n);
}

void ui_drive(void)
{
    while (depth > 0) {
        show_check_report();
        ui_screen *top = &screens[depth - 1];
        top->ops->draw(top);
        ui_key k = ui_read_key();
        if (k.code == UK_QUIT) {
            hang_up();
            return;
        }
        if (k.code == UK_RESIZE) {
            resize_all();
            continue;
        }
        size_t at = depth - 1;
        if (top->ops->key(top, k) == UI_CLOSE)
            close_and_answer(at);
    }
}
