/* form.h — the state of a form being shown, shared by formview.c (loading, saving, keys, the
 * screen) and formdraw.c (layout, drawing, help) (ui layer only). */
#ifndef TAIZHANG_UI_FORM_H
#define TAIZHANG_UI_FORM_H

#include "field.h"
#include "grid.h"

typedef struct {
    ui_app *app;
    const tz_form *form;
    int64_t id;          /* 0 while the record is new */
    ui_field *fs;        /* one per form field; owned */
    ui_grid *grids;      /* one per detail grid; owned */
    int cur;             /* focus: a field index, or nfields + grid index */
    int top;             /* first form row shown (the form scrolls when taller than the screen) */
    int label_w;         /* columns of the label column */
    bool changed;        /* header fields edited since loaded or saved */
    int64_t saved;       /* last id saved here, the return value */
    tz_row prev;         /* the previous record's values, for "ditto"; empty until needed */
    tz_row loaded;       /* the record as last read from the database: a save is refused if
                            someone else changed it since (db_record_save_checked) */
    bool locked;         /* this clerk may not change the record shown (asked on opening it) */
    bool may_add;        /* this clerk may add records to the form */
    ui_form_opts opts;   /* as opened, the preset values copied into preset_values */
    char *preset_values[UI_MAX_PRESETS]; /* owned */
    ui_key key;          /* the key being handled */
    ui_key pending;      /* the key that asked for a pick list, handled again once answered */
    ui_keycode leaving;  /* Esc, F7 or F5 asked to leave the record: done once it is saved or
                            discarded; UK_NONE: nothing waits */
    tz_row draft;        /* the record's draft while it is offered back; owned */
    int offering;        /* the grid whose rows' drafts are being offered back; -1: none */
} formview;

static inline int nfields(const formview *fv) { return (int)fv->form->nfields; }
static inline int nfocus(const formview *fv) { return nfields(fv) + (int)fv->form->ndetails; }
static inline bool in_grid(const formview *fv) { return fv->cur >= nfields(fv); }
static inline ui_grid *current_grid(formview *fv) { return &fv->grids[fv->cur - nfields(fv)]; }

/* Shown, never edited: a readonly form, or a record this clerk may only look at. */
static inline bool read_only(const formview *fv)
{
    return fv->form->readonly || fv->locked;
}

static inline bool editable(const formview *fv, int i)
{
    if (i >= nfields(fv))
        return true; /* a grid can always take the focus, to be looked at */
    return !read_only(fv) && !fv->fs[i].f->readonly;
}

/* formdraw.c */
int form_field_width(const formview *fv, const tz_field *f);
void form_draw(formview *fv);
void form_show_field_help(formview *fv);
void form_show_help(const formview *fv);

#endif
