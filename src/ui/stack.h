/* stack.h — the screen stack and the one main loop (ui layer only), as tig's view driver: each
 * kind of screen is a table of operations; a screen asks for another by pushing it, and gets its
 * result back (a picked row, a saved record, a dialog's answer) when that one is popped. No
 * screen runs another's loop. The key reader, the resize and the hang-up are dealt with here,
 * for the stack as a whole: a resize reaches every screen, a hang-up lets every screen keep what
 * it must (a form's draft), top first, before the stack is unwound. */
#ifndef TAIZHANG_UI_STACK_H
#define TAIZHANG_UI_STACK_H

#include "taizhang/ui.h"

typedef struct ui_screen ui_screen;

typedef struct {
    int64_t id;        /* a picked row or a saved record; 0: none */
    int answer;        /* a dialog's answer (see ui_dialog_args) */
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
/* For a box drawn over the screens below it: draws the screen under s as it would draw itself
 * (which may in turn be a box), without showing it yet; the box is drawn on it and refreshed. */
void ui_draw_below(ui_screen *s);
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

/* A small box over the screen that asks (src/ui/dialog.c): a question, save/discard, a text to
 * read, a pick list of labels, a line to type, a few fields. Its answer comes back in
 * ui_result.answer when it is popped:
 *   confirm: 1 yes, 0 no;  ask_save: 's' save, 'd' discard, 0 keep editing;
 *   text: 0;  pick: the label's index, -1 none;
 *   prompt, fields: 1 answered (into buf or fields[i].buf), 0 backed out. */
typedef enum { UI_DLG_CONFIRM, UI_DLG_CONFIRM_ENTER, UI_DLG_ASK_SAVE, UI_DLG_TEXT, UI_DLG_PICK,
               UI_DLG_PROMPT, UI_DLG_FIELDS } ui_dialog_kind;
typedef struct {
    ui_dialog_kind kind;
    const char *title;
    const char *const *lines; /* the question (one line), the text or the labels; copied */
    size_t n;
    int current;              /* pick: the label selected first */
    const char *label;        /* prompt: the label before the line; copied */
    char *buf;                /* prompt: the start text and the answer, cap bytes; fields: - */
    size_t cap;
    ui_ask *fields;           /* fields: n of them */
    const char *message;      /* fields: shown in the box (NULL: none); copied */
} ui_dialog_args;
/* buf and fields are written when the dialog is popped: they must live in the asking screen's
 * state (which outlives it), never on the C stack of the key that pushed it. */
extern const ui_screen_ops ui_dialog_screen;

void ui_ask_confirm(ui_app *app, const char *question, int asked);
void ui_ask_confirm_enter(ui_app *app, const char *question, int asked); /* Enter is yes too */
void ui_ask_save(ui_app *app, int asked);
void ui_show_text(ui_app *app, const char *title, const char *const *lines, size_t n);
void ui_pick_label(ui_app *app, const char *title, const char *const *labels, size_t n,
                   int current, int asked);
void ui_prompt(ui_app *app, const char *title, const char *label, char *buf, size_t cap,
               int asked);
void ui_ask_fields(ui_app *app, const char *title, ui_ask *fields, size_t n, const char *message,
                   int asked);

#endif
