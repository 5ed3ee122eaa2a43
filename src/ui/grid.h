/* grid.h — a detail grid inside a form: the rows of another form's table that belong to the
 * record (a contract's items), shown with that form's list columns and edited in place, cell by
 * cell; each row is saved as a record of the detail form as soon as a cell is changed. */
#ifndef TAIZHANG_UI_GRID_H
#define TAIZHANG_UI_GRID_H

#include "field.h"

typedef struct {
    ui_app *app;
    const tz_detail *d;   /* borrowed from the master form */
    const tz_form *form;  /* the detail form */
    tz_rows rows;         /* the rows of the current master record, in list order; owned */
    int sel;              /* selected row */
    int col;              /* selected column: index into form->columns */
    int top;              /* first row shown */
    bool editing;         /* a cell is being edited in `cell` */
    bool locked;          /* the master record is read-only for this clerk: rows too */
    ui_field cell;        /* the cell being edited; initialised while editing */
    /* GRID_ASK: the screen the grid asks the form to push for it, and what for */
    const ui_screen_ops *ask_ops;
    const void *ask_args; /* &ask_list, &ask_form or &ask_dialog */
    ui_list_args ask_list;
    ui_form_args ask_form;
    ui_dialog_args ask_dialog;
    const char *ask_lines[FIELD_MAX_CHOICES]; /* the dialog's question or labels; borrowed */
    char question[240];
    char link[32];        /* the master's id, preset in a new row's form */
    enum { GRID_ASKED_ROW, GRID_ASKED_PICK, GRID_ASKED_LEAVING, GRID_ASKED_CHOICE,
           GRID_ASKED_DELETE, GRID_ASKED_DRAFT } asked;
    tz_row draft;         /* GRID_ASKED_DRAFT: the draft of row draft_row offered back; owned */
    size_t draft_row;
    ui_key pending;       /* GRID_ASKED_LEAVING: the key that left the cell */
} ui_grid;

typedef enum {
    GRID_UNUSED,     /* the key is not the grid's: the form handles it */
    GRID_USED,
    GRID_CHANGED,    /* rows were saved or deleted: derived values of the master may differ */
    GRID_LEAVE_PREV, /* Shift-Tab from the first cell */
    GRID_LEAVE_NEXT, /* Tab from the last cell */
    GRID_ASK,        /* the form is to push ask_ops with ask_args, and pass its result to
                        grid_answer */
    GRID_DRAFT_TAKEN, /* a row's draft was restored into its cell: the grid takes the focus */
} grid_result;

void grid_init(ui_grid *g, ui_app *app, const tz_detail *d);
void grid_free(ui_grid *g);
/* Re-reads the rows of master record `master_id` (0: none yet). */
void grid_load(ui_grid *g, int64_t master_id);
int grid_height(const ui_grid *g);  /* screen rows: title, header, d->rows rows */
void grid_draw(ui_grid *g, int y, bool focused, int64_t master_id, int *cy, int *cx);
grid_result grid_key(ui_grid *g, ui_key k, int64_t master_id);
/* The current cell's field help on the message line, as a form shows its field's. */
void grid_show_help(const ui_grid *g);
grid_result grid_answer(ui_grid *g, const ui_result *r, int64_t master_id);
/* A hang-up while a cell is edited: what was typed in it is kept as the row's draft. */
void grid_keep_draft(const ui_grid *g);
/* Opening the master record: the rows' drafts are offered back, one question at a time
 * (GRID_ASK, answered through grid_answer, which asks the next), the first one taken restored
 * into its cell being edited (GRID_DRAFT_TAKEN); GRID_USED when there is nothing more to ask. */
grid_result grid_offer_drafts(ui_grid *g, int64_t master_id);

#endif
