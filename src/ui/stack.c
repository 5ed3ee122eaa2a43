/* stack.c — the screen stack and the main loop that runs it (see stack.h). */
#include "stack.h"

#include <stdlib.h>

#define MAX_SCREENS 32

static ui_screen screens[MAX_SCREENS];
static size_t depth;

size_t ui_depth(void)
{
    return depth;
}

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

static ui_result pop(void)
{
    ui_screen *s = &screens[--depth];
    ui_result r = { 0 };
    s->ops->close(s, &r);
    free(s->state);
    *s = (ui_screen){ 0 };
    return r;
}

/* A hang-up: every screen of this loop keeps what it must, the innermost first, then all are
 * closed. The screens below `base` belong to a loop further out, which sees the hang-up next. */
static void hang_up(size_t base)
{
    for (size_t i = depth; i-- > base;)
        if (screens[i].ops->hangup)
            screens[i].ops->hangup(&screens[i]);
    while (depth > base)
        pop();
}

static void resize_all(void)
{
    for (size_t i = depth; i-- > 0;)
        if (screens[i].ops->resize)
            screens[i].ops->resize(&screens[i]);
}

ui_result ui_drive(size_t base)
{
    ui_result last = { 0 };
    while (depth > base) {
        ui_screen *top = &screens[depth - 1];
        top->ops->draw(top);
        ui_key k = ui_read_key();
        if (k.code == UK_QUIT) {
            hang_up(base);
            return (ui_result){ 0 };
        }
        if (k.code == UK_RESIZE) {
            resize_all();
            continue;
        }
        if (top->ops->key(top, k) == UI_STAY)
            continue;
        int asked = top->asked;
        last = pop();
        if (depth > base && screens[depth - 1].ops->resume)
            screens[depth - 1].ops->resume(&screens[depth - 1], asked, &last);
    }
    return last;
}

ui_result ui_run_screen(ui_app *app, const ui_screen_ops *ops, const void *args)
{
    size_t base = depth;
    ui_push(app, ops, args, 0);
    return ui_drive(base);
}
