/* stack.h — the screen stack and the one main loop (ui layer only), as tig's view driver: each
 * kind of screen is a table of operations; a screen asks for another by pushing it, and gets its
 * result back (a picked row, a saved record) when that one is popped. No screen runs another's
 * loop. The key reader, the resize and the hang-up are dealt with here, for the stack as a whole:
 * a resize reaches every screen, a hang-up lets every screen keep what it must (a form's draft),
 * top first, before the stack is unwound. */
#ifndef TAIZHANG_UI_STACK_H
#define TAIZHANG_UI_STACK_H

#include "taizhang/ui.h"

typedef struct ui_screen ui_screen;

typedef struct {
    int64_t id;        /* a picked row or a saved record; 0: none */
} ui_result;

/* What a key did to its screen. A screen that pushes another and closes in the same key hands
 * its place to the one pushed, which answers the screen below in its stead. */
typedef enum { UI_STAY, UI_CLOSE } ui_step;

typedef struct {
    const char *kind;                 /* "list", "form", ... */
    size_t state_size;                /* bytes of state the stack allocates for one screen */
    void (*open)(ui_screen *s, const void *args);   /* args are borrowed for the call only */
    void (*draw)(ui_screen *s);
    ui_step (*key)(ui_screen *s, ui_key k);
    void (*resize)(ui_screen *s);     /* the terminal changed size; NULL: nothing to redo */
    /* a screen this one pushed with ui_push(..., asked) was popped with r; UI_CLOSE closes this
     * one too (its question answered, it has nothing more to show); NULL: asks nothing */
    ui_step (*resume)(ui_screen *s, int asked, const ui_result *r);
    void (*hangup)(ui_screen *s);     /* the session ends: keep what was typed; NULL: nothing */
    void (*close)(ui_screen *s, ui_result *r); /* frees the state's contents; says the result */
} ui_screen_ops;

struct ui_screen {
    const ui_screen_ops *ops;
    ui_app *app;      /* borrowed */
    void *state;      /* ops->state_size bytes; owned by the stack */
    int asked;        /* the question of the screen below this one answers (0: none) */
};

/* Opens a screen of this kind on top of the stack. */
void ui_push(ui_app *app, const ui_screen_ops *ops, const void *args, int asked);
/* The main loop: draws the top screen, hands it each key, pops the screens that close, until
 * the stack is empty. */
void ui_drive(void);

/* ---- the kinds of screen ------------------------------------------------------------------ */

/* A list of a form's rows (src/ui/listview.c); in pick mode its result is the chosen row. */
typedef struct {
    const tz_form *form;
    ui_list_opts opts;   /* copied */
    char search[256];    /* the search to start with */
} ui_list_args;
extern const ui_screen_ops ui_list_screen;

/* One record of a form (src/ui/formview.c); its result is the id last saved there. */
typedef struct {
    const tz_form *form;
    int64_t id;          /* 0: a new record */
    ui_form_opts opts;   /* the preset values are copied */
} ui_form_args;
extern const ui_screen_ops ui_form_screen;

#endif
