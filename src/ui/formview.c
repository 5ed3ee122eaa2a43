/* formview.c — the generic form: one record of a form's table, its fields laid out from the
 * tz_form, and below them the detail grids of a master–detail form. Values are checked when the
 * clerk leaves a field and all again on save, where the schema's rules have the last word. A
 * failed save keeps everything typed. Derived values (readonly fields read from the form's view)
 * are re-read after every save, so totals and batch counts appear at once. The layout and the
 * drawing are in formdraw.c. */
#include "form.h"
#include "stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a form asks of the screens it pushes (ui_screen.asked). */
enum { ASK_NOTHING, ASK_LOOKUP, ASK_PICK, ASK_CHOICE, ASK_BATCH, ASK_LEAVE, ASK_DRAFT,
       ASK_DELETE, ASK_LINK, ASK_PRINT, ASK_GRID = 16 /* + the grid's index */ };

/* Rights before typing: the db layer says whether this clerk may change the record shown (a
 * viewer, a township's clerk on the city's rows); a record that is read-only for them opens
 * read-only, saying why, and offers no keys that would only be refused. */
static void ask_rights(formview *fv)
{
    tz_error err = { 0 };
    tz_db *db = fv->app->db;
    fv->may_add = !fv->form->readonly && !fv->form->single && db_may_change(db, fv->form, 0, NULL) == TZ_OK;
    bool was_locked = fv->locked;
    fv->locked = !fv->form->readonly && db_may_change(db, fv->form, fv->id, &err) != TZ_OK;
    if (fv->locked)
        ui_message(UI_INFO, tz_L("只读：%s", "Read-only: %s"), err.msg);
    else if (was_locked)
        ui_message_clear(); /* a new record of one's own after a read-only one */
    for (size_t g = 0; g < fv->form->ndetails; g++)
        fv->grids[g].locked = fv->locked;
}

/* ---- loading and saving ------------------------------------------------------------------------- */

static void load_grids(formview *fv)
{
    for (size_t g = 0; g < fv->form->ndetails; g++)
        grid_load(&fv->grids[g], fv->id);
}

static const char *preset_of(const ui_form_opts *opts, const char *column)
{
    for (size_t k = 0; opts && k < opts->npresets; k++)
        if (strcmp(opts->presets[k].column, column) == 0)
            return opts->presets[k].value;
    return NULL;
}

/* A new row of a tree form drilled into: the row above it, whose values decide the `under`
 * defaults (a unit under a township starts as a village). Empty when there is none. */
static tz_row tree_parent(formview *fv, const ui_form_opts *opts)
{
    tz_row parent = { 0 };
    const char *tree = fv->form->tree;
    const char *text = tree ? preset_of(opts, tree) : NULL;
    int64_t id = 0;
    if (text && tz_parse_int(text, &id) && id > 0)
        db_record_load(fv->app->db, fv->form, id, &parent, NULL);
    return parent;
}

static void load_defaults(formview *fv, const ui_form_opts *opts)
{
    tz_row parent = tree_parent(fv, opts);
    for (int i = 0; i < nfields(fv); i++) {
        ui_field *s = &fv->fs[i];
        const char *def = s->f->defval;
        char today[11];
        if (def && s->f->type == TZ_FT_DATE && strcmp(def, "today") == 0) {
            tz_date_today(today);
            def = today;
        }
        const char *under = parent.v ? tz_field_under(s->f, parent.v[i]) : NULL;
        const char *preset = preset_of(opts, s->f->column);
        field_set_stored(fv->app, s, preset ? preset : under ? under : def);
    }
    tz_row_free(&parent);
}

/* Reads the record; with `derived_only`, only the readonly fields (typed values stay). What
 * was read becomes the baseline a later save is checked against. */
/* A field the clerk has left as it was loaded (then it may follow the record). */
static bool untouched(const formview *fv, int i)
{
    char *now = NULL;
    tz_error err = { 0 };
    if (fv->fs[i].f->readonly || (size_t)i >= fv->loaded.n
        || field_value(&fv->fs[i], &now, &err) != TZ_OK)
        return false;
    const char *was = fv->loaded.v[i];
    bool same = (!now && !was) || (now && was && strcmp(now, was) == 0);
    free(now);
    return same;
}

/* Reads the record into the fields. derived_only: after a save, here or by a detail grid —
 * the derived fields, and those the clerk has not touched, which the schema may have set
 * (the first score of a half dates the assessment), take what is there now. */
static bool read_record(formview *fv, int64_t id, bool derived_only)
{
    tz_row rec = { 0 };
    tz_error err = { 0 };
    if (db_record_load(fv->app->db, fv->form, id, &rec, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    for (int i = 0; i < nfields(fv); i++)
        if (!derived_only || fv->fs[i].f->readonly || untouched(fv, i))
            field_set_stored(fv->app, &fv->fs[i], rec.v[i]);
    tz_row_free(&fv->loaded);
    fv->loaded = rec;
    return true;
}

static bool load_record(formview *fv, int64_t id)
{
    if (!read_record(fv, id, false))
        return false;
    fv->id = id;
    fv->changed = false;
    load_grids(fv);
    ask_rights(fv);
    return true;
}

static void free_values(char **values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(values[i]);
    free(values);
}

/* What must agree between fields (an ID number and the birth date beside it): on a
 * disagreement, says so and returns the field to correct, else -1. */
static int disagreement(formview *fv, char *const *values)
{
    tz_error err = { 0 };
    int bad = -1;
    if (tz_form_check_values(fv->form, values, &bad, &err) == TZ_OK)
        return -1;
    ui_message(UI_ERROR, "%s", err.msg);
    return bad;
}

/* Checks every field; on the first bad one moves there and says why. */
static char **collect_values(formview *fv)
{
    size_t n = fv->form->nfields;
    char **values = calloc(n, sizeof *values);
    if (!values)
        abort(); /* the ui's policy: out of memory ends the program */
    for (size_t i = 0; i < n; i++) {
        tz_error err = { 0 };
        if (fv->fs[i].f->readonly)
            continue;
        if (field_value(&fv->fs[i], &values[i], &err) != TZ_OK) {
            ui_message(UI_ERROR, "%s", err.msg);
            fv->cur = (int)i;
            field_enter(&fv->fs[i]);
            free_values(values, n);
            return NULL;
        }
    }
    int bad = disagreement(fv, values);
    if (bad >= 0) {
        fv->cur = bad;
        free_values(values, n);
        return NULL;
    }
    return values;
}

/* Saves the checked values (owned by the call). */
static bool store(formview *fv, char **values)
{
    int64_t id = fv->id;
    tz_error err = { 0 };
    tz_row current = { 0 };
    tz_status st = id ? db_record_save_checked(fv->app->db, fv->form, id, values, &fv->loaded,
                                               &current, &err)
                      : db_record_save(fv->app->db, fv->form, &id, values, &err);
    if (st == TZ_ERR_CONFLICT) {
        /* Shown, never overwritten silently: the clerk reloads (F5) or, having seen the other
         * change, saves again over it (the baseline is now what is there). */
        ui_message(UI_ERROR, "%s%s", err.msg, tz_L("。F5 重新读取，或再按 F2 以你的内容保存",
                                                   ". F5 reloads; F2 again saves yours over it"));
        tz_row_free(&fv->loaded);
        fv->loaded = current;
        free_values(values, fv->form->nfields);
        return false;
    }
    if (st != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        free_values(values, fv->form->nfields);
        return false;
    }
    tz_row_free(&fv->prev);
    fv->prev.v = values;
    fv->prev.n = fv->form->nfields;
    fv->id = fv->saved = id;
    fv->changed = false;
    read_record(fv, id, true);
    load_grids(fv);
    ui_message(UI_INFO, tz_L("已保存（编号 %lld）", "Saved (no. %lld)"), (long long)id);
    return true;
}

typedef enum { SAVE_FAILED, SAVE_DONE, SAVE_ASKED } save_outcome;

/* A new record that starts a batch asks first (ASK_BATCH): the save waits for the answer. */
static save_outcome save(formview *fv)
{
    if (read_only(fv))
        return SAVE_FAILED;
    char **values = collect_values(fv);
    if (!values)
        return SAVE_FAILED;
    char *question = fv->id ? NULL : db_record_question(fv->app->db, fv->form, "insert", 0, values);
    if (question) {
        ui_ask_confirm(fv->app, question, ASK_BATCH);
        free(question);
        free_values(values, fv->form->nfields);
        return SAVE_ASKED;
    }
    return store(fv, values) ? SAVE_DONE : SAVE_FAILED;
}

/* Ditto: the same field of the previous record (saved here, or else the newest one). */
static void ditto(formview *fv)
{
    if (in_grid(fv) || !editable(fv, fv->cur))
        return;
    if (!fv->prev.v) {
        tz_error err = { 0 };
        if (db_record_last(fv->app->db, fv->form, &fv->prev, &err) != TZ_OK) {
            ui_message(UI_ERROR, "%s", tz_L("没有上一条记录可复制", "No previous record to copy"));
            return;
        }
    }
    field_set_stored(fv->app, &fv->fs[fv->cur], fv->prev.v[fv->cur]);
    fv->changed = true;
}

/* ---- moving between fields ---------------------------------------------------------------------- */

/* The focus has arrived in the current field. */
static void enter_field(formview *fv)
{
    if (!in_grid(fv))
        field_enter(&fv->fs[fv->cur]);
}

/* An ID number just left fills the birth date and sex beside it when they are empty. */
static void fill_from_idcard(formview *fv, const tz_field *f, const char *id)
{
    char birth[11];
    int b = f->birth ? tz_form_field_index(fv->form, f->birth) : -1;
    if (b >= 0 && field_is_empty(&fv->fs[b]) && tz_idcard_birth(id, birth))
        field_set_stored(fv->app, &fv->fs[b], birth);
    int s = f->sex ? tz_form_field_index(fv->form, f->sex) : -1;
    const tz_choice *sex = s >= 0 ? tz_field_sex_choice(fv->fs[s].f, tz_idcard_male(id)) : NULL;
    if (sex && field_is_empty(&fv->fs[s]))
        field_set_stored(fv->app, &fv->fs[s], sex->code);
}

/* After moving on: the values that must agree are checked at once, loudly, though the clerk
 * may go on to correct the other field; the save refuses until they agree. */
static void warn_disagreement(formview *fv)
{
    size_t n = fv->form->nfields;
    char **values = calloc(n, sizeof *values);
    if (!values)
        abort(); /* the ui's policy: out of memory ends the program */
    for (size_t i = 0; i < n; i++)
        if (field_value(&fv->fs[i], &values[i], NULL) != TZ_OK)
            values[i] = NULL; /* a field still wrong is reported when the clerk leaves it */
    disagreement(fv, values);
    free_values(values, n);
}

/* Checks the field being left; a bad value keeps the clerk in it with the reason shown. An empty
 * field may be passed over and filled later: "required" is checked on save. */
static bool leave_field(formview *fv)
{
    if (in_grid(fv) || !editable(fv, fv->cur))
        return true;
    ui_field *s = &fv->fs[fv->cur];
    if (s->f->type == TZ_FT_LOOKUP) {
        bool was = s->unresolved;
        ui_list_args ask;
        if (field_resolve_lookup(fv->app, s, false, &ask) == LOOKUP_ASK) {
            fv->pending = fv->key; /* leaving goes on once a row is picked (resume_form) */
            ui_push(fv->app, &ui_list_screen, &ask, ASK_LOOKUP);
            return false;
        }
        if (was)
            fv->changed = true;
    }
    if (field_is_empty(s))
        return true;
    char *stored = NULL;
    tz_error err = { 0 };
    if (field_value(s, &stored, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    field_normalise(fv->app, s, stored);
    if (s->f->check == TZ_CHECK_IDCARD && stored)
        fill_from_idcard(fv, s->f, stored);
    free(stored);
    return true;
}

static void go_to(formview *fv, int step)
{
    if (!leave_field(fv))
        return;
    int n = nfocus(fv);
    for (int k = 0; k < n; k++) {
        fv->cur = (fv->cur + step + n) % n;
        if (editable(fv, fv->cur))
            break;
    }
    enter_field(fv);
    form_show_field_help(fv);
    warn_disagreement(fv); /* after the help, so that it is what the clerk reads */
}

/* PgDn: from the fields straight to the rows below them (a line's disbursements). */
static void to_rows(formview *fv)
{
    if (!fv->form->ndetails || in_grid(fv) || !leave_field(fv))
        return;
    fv->cur = nfields(fv);
    ui_message_clear();
}

/* ---- commands ------------------------------------------------------------------------------------ */

/* ---- leaving a changed record ------------------------------------------------------------------- */

static void start_new(formview *fv, const ui_form_opts *opts);

/* The record is saved, discarded or unchanged: what asked to leave it goes on. */
static ui_step go_on(formview *fv)
{
    ui_keycode k = fv->leaving;
    fv->leaving = UK_NONE;
    switch (k) {
    case UK_BACK:
        ui_message_clear(); /* the field's hint or last outcome belongs to this form */
        return UI_CLOSE;
    case UK_NEW:
        start_new(fv, &fv->opts);
        break;
    case UK_REFRESH:
        if (load_record(fv, fv->id))
            enter_field(fv);
        break;
    default:
        break;
    }
    return UI_STAY;
}

/* Before the record is left or replaced (Esc, F7, F5): a changed one asks first (ASK_LEAVE). */
static ui_step leave(formview *fv, ui_keycode k)
{
    fv->leaving = k;
    if (!fv->changed)
        return go_on(fv);
    ui_ask_save(fv->app, ASK_LEAVE);
    return UI_STAY;
}

/* Save, discard or keep editing. */
static ui_step leave_answered(formview *fv, int answer)
{
    if (answer == 'd')
        return go_on(fv);
    save_outcome saved = answer == 's' ? save(fv) : SAVE_FAILED;
    if (saved == SAVE_DONE)
        return go_on(fv);
    if (saved == SAVE_FAILED)
        fv->leaving = UK_NONE;
    return UI_STAY;
}

/* A batch's question answered: saved, or not wanted after all (nothing done, the form kept). */
static ui_step batch_answered(formview *fv, bool go)
{
    char **values = go ? collect_values(fv) : NULL;
    if (!go)
        ui_message(UI_INFO, "%s", tz_L("未保存", "Not saved"));
    if (!values || !store(fv, values)) {
        fv->leaving = UK_NONE;
        return UI_STAY;
    }
    return go_on(fv);
}

/* ---- drafts: what was typed when the session was cut off -------------------------------------- */

/* On a hang-up or a closed terminal: keep what was typed, unchecked, for next time. */
static void keep_draft(formview *fv)
{
    if (!fv->changed || read_only(fv))
        return;
    size_t n = fv->form->nfields;
    char **typed = calloc(n, sizeof *typed);
    if (!typed)
        return;
    for (size_t i = 0; i < n; i++)
        typed[i] = fv->fs[i].f->readonly ? NULL : field_typed(&fv->fs[i]);
    db_draft_save(fv->app->db, fv->form, fv->id, typed, NULL);
    free_values(typed, n);
}

/* The rows' drafts of grids from `from` on, one question at a time; then the focus arrives. */
static void offer_grid_drafts(formview *fv, size_t from)
{
    for (size_t g = from; g < fv->form->ndetails; g++)
        if (grid_offer_drafts(&fv->grids[g], fv->id) == GRID_ASK) {
            fv->offering = (int)g;
            ui_push(fv->app, fv->grids[g].ask_ops, fv->grids[g].ask_args, ASK_GRID + (int)g);
            return;
        }
    fv->offering = -1;
    enter_field(fv);
}

/* A grid's answer while its rows' drafts are offered: the next question, or the next grid. */
static void grid_draft_answered(formview *fv, int g, grid_result r)
{
    if (r == GRID_ASK) {
        ui_push(fv->app, fv->grids[g].ask_ops, fv->grids[g].ask_args, ASK_GRID + g);
        return;
    }
    if (r == GRID_DRAFT_TAKEN)
        fv->cur = nfields(fv) + g;
    offer_grid_drafts(fv, (size_t)g + 1);
}

/* Opening a record (or a new one) that has a draft: offer it back (ASK_DRAFT), then the rows'. */
static void offer_drafts(formview *fv)
{
    char *when = NULL;
    if (db_draft_load(fv->app->db, fv->form, fv->id, &fv->draft, &when, NULL) != TZ_OK) {
        offer_grid_drafts(fv, 0);
        return;
    }
    char question[200];
    snprintf(question, sizeof question, tz_L("有 %s 中断时未保存的内容，恢复吗？",
                                             "Restore what was typed when the session ended at %s?"),
             when ? when : "");
    free(when);
    ui_ask_confirm(fv->app, question, ASK_DRAFT);
}

/* The record's draft answered: restored or not, it is forgotten. */
static void draft_answered(formview *fv, bool restore)
{
    if (restore) {
        for (int i = 0; i < nfields(fv); i++)
            if (!fv->fs[i].f->readonly)
                field_set_typed(fv->app, &fv->fs[i], fv->draft.v[i]);
        fv->changed = true;
        ui_message(UI_INFO, "%s", tz_L("已恢复草稿，请检查后按 F2 保存", "Draft restored: check it, then F2"));
    }
    db_draft_discard(fv->app->db, fv->form, fv->id, NULL);
    tz_row_free(&fv->draft);
    offer_grid_drafts(fv, 0);
}

/* A new record starts in the first field left to fill: what the presets and defaults filled
 * (a disbursement's line and today's date) is passed over; Shift-Tab goes back to it. */
static void start_new(formview *fv, const ui_form_opts *opts)
{
    fv->id = 0;
    load_defaults(fv, opts);
    load_grids(fv);
    ask_rights(fv);
    fv->changed = false;
    fv->cur = 0;
    while (fv->cur + 1 < nfields(fv) && !editable(fv, fv->cur))
        fv->cur++;
    for (int i = fv->cur; i < nfields(fv); i++)
        if (editable(fv, i) && field_is_empty(&fv->fs[i])) {
            fv->cur = i;
            break;
        }
    enter_field(fv);
}

static void delete_record(formview *fv)
{
    if (read_only(fv) || fv->form->single)
        return;
    if (!fv->id)
        start_new(fv, NULL);
    else
        ui_ask_confirm(fv->app, tz_L("删除这条记录？", "Delete this record?"), ASK_DELETE);
}

/* Deleted, the form closes. */
static ui_step delete_answered(formview *fv, bool go)
{
    tz_error err = { 0 };
    if (!go)
        return UI_STAY;
    if (db_record_delete(fv->app->db, fv->form, fv->id, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return UI_STAY;
    }
    ui_message(UI_INFO, "%s", tz_L("已删除", "Deleted"));
    return UI_CLOSE;
}

static void link_chosen(formview *fv, int i);

/* Ctrl-L: the rows of other forms that refer to this record (a person's postings). */
static void open_link(formview *fv)
{
    const tz_form *form = fv->form;
    if (!form->nlinks)
        return;
    if (!fv->id) {
        ui_message(UI_ERROR, "%s", tz_L("请先保存这条记录", "Save this record first"));
        return;
    }
    const char *labels[16];
    size_t n = 0;
    for (; n < form->nlinks && n < 16; n++) {
        const tz_link *l = &form->links[n];
        const tz_form *target = tz_spec_form(fv->app->set, l->form);
        labels[n] = l->title ? tz_L(l->title, l->title_en) : tz_form_title(target);
    }
    if (n > 1)
        ui_pick_label(fv->app, tz_L("相关记录", "Related"), labels, n, 0, ASK_LINK);
    else
        link_chosen(fv, 0);
}

/* The rows of link i, in a list of their own. */
static void link_chosen(formview *fv, int i)
{
    if (i < 0)
        return;
    const tz_link *l = &fv->form->links[i];
    ui_list_args args = { tz_spec_form(fv->app->set, l->form),
                          { .filter_col = l->column, .filter_id = fv->id }, "" };
    ui_push(fv->app, &ui_list_screen, &args, ASK_NOTHING);
}

static void pick(formview *fv)
{
    ui_field *s = &fv->fs[fv->cur];
    if (!editable(fv, fv->cur))
        return;
    ui_list_args ask;
    if (s->f->type == TZ_FT_LOOKUP) {
        if (field_resolve_lookup(fv->app, s, true, &ask) == LOOKUP_ASK)
            ui_push(fv->app, &ui_list_screen, &ask, ASK_PICK);
    } else if (!field_is_text(s->f)) {
        const char *labels[FIELD_MAX_CHOICES];
        int current;
        size_t n = field_choice_labels(s, labels, FIELD_MAX_CHOICES, &current);
        ui_pick_label(fv->app, tz_field_label(s->f), labels, n, current, ASK_CHOICE);
    }
}

/* F9: the saved record is printed; with changes not saved, asked first (ASK_PRINT). */
static void print_record(formview *fv)
{
    if (!fv->form->nprint)
        return;
    if (fv->changed)
        ui_ask_confirm(fv->app, tz_L("打印的是已保存的内容；未保存的修改不在其中。继续？",
                                     "The saved record is printed, without the unsaved changes. Go on?"),
                       ASK_PRINT);
    else
        ui_print_record(fv->app, fv->form, fv->id);
}

/* Keys for the whole form. */
static ui_step form_key(formview *fv, ui_key k)
{
    switch (k.code) {
    case UK_TAB: case UK_ENTER: case UK_DOWN: go_to(fv, +1); break;
    case UK_BTAB: case UK_UP:                 go_to(fv, -1); break;
    case UK_PGDN:    to_rows(fv); break;
    case UK_SAVE:
        fv->leaving = UK_NONE;
        if (leave_field(fv))
            save(fv);
        break;
    case UK_PICK:    if (!in_grid(fv)) pick(fv); break;
    case UK_DITTO:   ditto(fv); break;
    case UK_HELP:    form_show_help(fv); break;
    case UK_LINKS:   open_link(fv); break;
    case UK_HISTORY: ui_show_history(fv->app, fv->form, fv->id); break;
    case UK_REFRESH: return fv->id ? leave(fv, UK_REFRESH) : UI_STAY;
    case UK_NEW:     return fv->may_add ? leave(fv, UK_NEW) : UI_STAY;
    case UK_PRINT:   print_record(fv); break;
    case UK_DELREC:  delete_record(fv); break;
    case UK_BACK:    return leave(fv, UK_BACK);
    default: break;
    }
    return UI_STAY;
}

/* What the grid's answer to a key means for the form around it. */
static bool after_grid(formview *fv, int g, grid_result r)
{
    switch (r) {
    case GRID_UNUSED:     return false;
    case GRID_USED:       return true;
    case GRID_CHANGED:    read_record(fv, fv->id, true); return true;
    case GRID_LEAVE_NEXT: go_to(fv, +1); return true;
    case GRID_LEAVE_PREV: go_to(fv, -1); return true;
    case GRID_DRAFT_TAKEN: return true;
    case GRID_ASK:
        ui_push(fv->app, fv->grids[g].ask_ops, fv->grids[g].ask_args, ASK_GRID + g);
        return true;
    }
    return false;
}

/* A key while a grid has the focus: the grid's own keys first. */
static bool grid_has_key(formview *fv, ui_key k)
{
    int g = fv->cur - nfields(fv);
    return after_grid(fv, g, grid_key(&fv->grids[g], k, fv->id));
}

static int label_width(const tz_form *form)
{
    int w = 4;
    for (size_t i = 0; i < form->nfields; i++) {
        int lw = tz_str_width(tz_field_label(&form->fields[i])) + 1; /* room for '*' */
        if (lw > w)
            w = lw;
    }
    return w > 24 ? 24 : w; /* the longest label: "Must change password" */
}

static ui_step handle_key(formview *fv, ui_key k)
{
    fv->key = k;
    if (in_grid(fv)) {
        if (grid_has_key(fv, k))
            return UI_STAY;
    } else if (editable(fv, fv->cur)) {
        int width = form_field_width(fv, fv->fs[fv->cur].f);
        field_key_result r = field_edit_key(&fv->fs[fv->cur], k, width);
        if (r == FIELD_KEY_CHANGED) {
            fv->changed = true;
            ui_message_clear();
        }
        if (r != FIELD_KEY_UNUSED)
            return UI_STAY;
    }
    return form_key(fv, k);
}

/* ---- the form as a screen on the stack ---------------------------------------------------------- */

static void copy_opts(formview *fv, const ui_form_opts *opts)
{
    for (size_t k = 0; opts && k < opts->npresets && k < UI_MAX_PRESETS; k++) {
        fv->preset_values[k] = opts->presets[k].value ? tz_strdup(opts->presets[k].value) : NULL;
        fv->opts.presets[k] = (tz_filter){ opts->presets[k].column, fv->preset_values[k] };
        fv->opts.npresets++;
    }
}

static void open_form(ui_screen *sc, const void *args)
{
    const ui_form_args *a = args;
    const tz_form *form = a->form;
    formview *fv = sc->state;
    *fv = (formview){ .app = sc->app, .form = form, .label_w = label_width(form), .offering = -1 };
    copy_opts(fv, &a->opts);
    fv->fs = calloc(form->nfields, sizeof *fv->fs);
    fv->grids = calloc(form->ndetails ? form->ndetails : 1, sizeof *fv->grids);
    if (!fv->fs || !fv->grids)
        abort(); /* the ui's policy: out of memory ends the program */
    for (size_t i = 0; i < form->nfields; i++)
        field_init(&fv->fs[i], &form->fields[i]);
    for (size_t g = 0; g < form->ndetails; g++)
        grid_init(&fv->grids[g], fv->app, &form->details[g]);
    if (!a->id || !load_record(fv, a->id))
        start_new(fv, &fv->opts);
    form_show_field_help(fv);
    offer_drafts(fv);
}

static void draw_form(ui_screen *sc)
{
    form_draw(sc->state);
}

static ui_step form_screen_key(ui_screen *sc, ui_key k)
{
    return handle_key(sc->state, k);
}

/* A grid's screen answered: a pick list, a new row's form, a question. */
static void grid_answered(formview *fv, int g, const ui_result *r)
{
    grid_result res = grid_answer(&fv->grids[g], r, fv->id);
    if (fv->offering == g)
        grid_draft_answered(fv, g, res);
    else
        after_grid(fv, g, res);
}

/* A question the form asked, answered. */
static ui_step answered(formview *fv, int asked, const ui_result *r)
{
    switch (asked) {
    case ASK_CHOICE:
        if (field_choice_picked(&fv->fs[fv->cur], r->answer))
            fv->changed = true;
        return UI_STAY;
    case ASK_BATCH:  return batch_answered(fv, r->answer);
    case ASK_LEAVE:  return leave_answered(fv, r->answer);
    case ASK_DRAFT:  draft_answered(fv, r->answer); return UI_STAY;
    case ASK_DELETE: return delete_answered(fv, r->answer);
    case ASK_LINK:   link_chosen(fv, r->answer); return UI_STAY;
    case ASK_PRINT:
        if (r->answer)
            ui_print_record(fv->app, fv->form, fv->id);
        return UI_STAY;
    default:         return UI_STAY;
    }
}

/* A screen the form pushed was popped: a pick list, a grid's screen, a question. */
static ui_step resume_form(ui_screen *sc, int asked, const ui_result *r)
{
    formview *fv = sc->state;
    if (asked >= ASK_GRID) {
        grid_answered(fv, asked - ASK_GRID, r);
        return UI_STAY;
    }
    if (asked != ASK_LOOKUP && asked != ASK_PICK)
        return answered(fv, asked, r);
    ui_field *s = &fv->fs[fv->cur];
    bool ok = field_picked(fv->app, s, r->id);
    if (ok)
        fv->changed = true;
    if (asked == ASK_LOOKUP && !ok)
        ui_message(UI_ERROR, tz_L("%s：没有选中任何记录", "%s: nothing was picked"),
                   tz_field_label(s->f));
    else if (asked == ASK_LOOKUP)
        return handle_key(fv, fv->pending); /* the field is left as the key asked */
    return UI_STAY;
}

/* A hang-up: what was typed in the record and in a grid's cell is kept as drafts. */
static void hangup_form(ui_screen *sc)
{
    formview *fv = sc->state;
    keep_draft(fv);
    for (size_t g = 0; g < fv->form->ndetails; g++)
        grid_keep_draft(&fv->grids[g]);
}

static void close_form(ui_screen *sc, ui_result *r)
{
    formview *fv = sc->state;
    for (size_t i = 0; i < fv->form->nfields; i++)
        field_free(&fv->fs[i]);
    for (size_t g = 0; g < fv->form->ndetails; g++)
        grid_free(&fv->grids[g]);
    for (size_t k = 0; k < fv->opts.npresets; k++)
        free(fv->preset_values[k]);
    free(fv->fs);
    free(fv->grids);
    tz_row_free(&fv->prev);
    tz_row_free(&fv->loaded);
    tz_row_free(&fv->draft);
    r->id = fv->saved;
}

const ui_screen_ops ui_form_screen = {
    .kind = "form", .state_size = sizeof(formview), .open = open_form, .draw = draw_form,
    .key = form_screen_key, .resume = resume_form, .hangup = hangup_form, .close = close_form,
};
