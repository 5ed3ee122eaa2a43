/* field.h — one field being shown or edited, shared by the form view and the detail grid (ui
 * layer only). The field keeps what the clerk typed (raw) apart from the stored value. */
#ifndef TAIZHANG_UI_FIELD_H
#define TAIZHANG_UI_FIELD_H

#include "taizhang/lineedit.h"
#include "taizhang/ui.h"
#include "stack.h"

typedef struct {
    const tz_field *f;  /* borrowed from the form */
    tz_line line;       /* typed text: text, number, money, date, memo, lookup search text */
    int choice;         /* choice: index into f->choices; yes/no: 1 or 0; -1: empty */
    int64_t ref;        /* lookup: the chosen row's id, 0: none */
    bool unresolved;    /* lookup: text typed since the last resolve */
    bool fixed;         /* shown in a read-only form: no prompt to pick a value */
} ui_field;

typedef enum { FIELD_KEY_UNUSED, FIELD_KEY_USED, FIELD_KEY_CHANGED } field_key_result;

void field_init(ui_field *s, const tz_field *f);
void field_free(ui_field *s);
bool field_is_text(const tz_field *f);      /* edited as text (all but choice and yes/no) */
bool field_is_empty(const ui_field *s);
/* Puts a stored value (NULL: empty) into the field; a lookup fetches its row's label. */
void field_set_stored(ui_app *app, ui_field *s, const char *stored);
void field_set_lookup(ui_app *app, ui_field *s, int64_t id);
/* Display columns the field needs: its declared width, or a choice's widest label when wider
 * (so that 一次性建设经费 is never cut to 一次性建设经). */
int field_width_needed(const tz_field *f);
/* Display columns of list column c: its declared width, or its header when wider. */
int ui_column_width(const tz_form *form, size_t c);
/* The text shown for the field (borrowed from buf or static). */
const char *field_shown(const ui_field *s, char *buf, size_t cap);
/* Checks the field and converts it to its stored form (*stored: new string, or NULL). */
tz_status field_value(const ui_field *s, char **stored, tz_error *err);
/* A lookup's typed text becomes a row: one match is taken at once (LOOKUP_DONE); otherwise, or
 * always with `always_pick`, the caller is to push the pick list described in *ask
 * (LOOKUP_ASK) and hand its answer to field_picked, which returns false when the typed text is
 * left matching nothing that was picked (id 0). */
typedef enum { LOOKUP_DONE, LOOKUP_ASK } lookup_result;
lookup_result field_resolve_lookup(ui_app *app, ui_field *s, bool always_pick, ui_list_args *ask);
bool field_picked(ui_app *app, ui_field *s, int64_t id);
/* F4 on a choice or yes/no field: the labels of its pick list (at most cap; borrowed from the
 * form) and the one now chosen; the list's answer goes to field_choice_picked, which returns
 * true if the value changed. */
#define FIELD_MAX_CHOICES 64
size_t field_choice_labels(const ui_field *s, const char **labels, size_t cap, int *current);
bool field_choice_picked(ui_field *s, int i);
/* The focus arrives in the field: the first character typed replaces its value, as in
 * Clipper's GET (not in a memo, whose text is edited where the cursor is). */
void field_enter(ui_field *s);
/* An editing key for this field, `width` columns wide (memo ↑↓ need it). */
field_key_result field_edit_key(ui_field *s, ui_key k, int width);
/* Draws the field at (y, x), w × h; for the active one, where the cursor goes. */
void field_draw(ui_field *s, int y, int x, int w, int h, bool active, int *cy, int *cx);
/* The value as typed, unchecked, for a draft (new string or NULL): text as shown, a choice's
 * code, yes/no 1/0, a lookup's id. field_set_typed puts such a value back. */
char *field_typed(const ui_field *s);
void field_set_typed(ui_app *app, ui_field *s, const char *typed);
/* Shown value normalised after the clerk left it: 2026/1/5 → 2026-01-05, 1234.5 → 1,234.50. */
void field_normalise(ui_app *app, ui_field *s, const char *stored);

#endif
