/* history.c — a record's change history (Ctrl-E in a form): who changed which field from what
 * to what, and when, from the audit trail; values shown as the form shows them. */
#include "stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A stored value as the form shows it: a lookup by its target's name, the rest formatted. */
static void shown_value(ui_app *app, const tz_field *f, const char *stored, char *out, size_t cap)
{
    if (!stored) {
        snprintf(out, cap, "%s", tz_L("（空）", "(empty)"));
        return;
    }
    if (f && f->type == TZ_FT_LOOKUP) {
        char *label = NULL;
        tz_error err = { 0 };
        const tz_form *target = tz_spec_form(app->set, f->lookup);
        int64_t id = atoll(stored);
        if (target && db_lookup_label(app->db, target, id, &label, &err) == TZ_OK)
            snprintf(out, cap, "%s", label);
        else
            snprintf(out, cap, "%s", stored);
        free(label);
        return;
    }
    if (f)
        tz_field_format(f, stored, out, cap);
    else
        snprintf(out, cap, "%s", stored);
}

static const char *action_label(const char *action)
{
    return strcmp(action, "insert") == 0 ? tz_L("新增", "added")
         : strcmp(action, "delete") == 0 ? tz_L("删除", "deleted")
                                         : tz_L("修改", "changed");
}

/* The line that opens one change: "2026-11-27 10:05:31  longxi  修改". */
static char *change_line(const tz_row *r)
{
    const char *at = r->v[0], *login = r->v[1], *action = r->v[2];
    tz_sb sb = { 0 };
    tz_sb_printf(&sb, "%.19s  %s  %s", at ? at : "",
                 login && *login ? login : tz_L("（系统外）", "(outside taizhang)"),
                 action_label(action ? action : ""));
    return sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
}

/* A changed field under it: "    职务：局长 → 局长（驻村）". */
static char *field_line(ui_app *app, const tz_form *form, const tz_row *r)
{
    const char *column = r->v[3];
    int i = tz_form_field_index(form, column);
    const tz_field *f = i >= 0 ? &form->fields[i] : NULL;
    char before[256], after[256];
    shown_value(app, f, r->v[4], before, sizeof before);
    shown_value(app, f, r->v[5], after, sizeof after);
    tz_sb sb = { 0 };
    tz_sb_printf(&sb, "    %s：%s → %s", f ? tz_field_label(f) : column, before, after);
    return sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
}

void ui_show_history(ui_app *app, const tz_form *form, int64_t id)
{
    if (!id) {
        ui_message(UI_INFO, "%s", tz_L("新记录还没有修改记录", "A new record has no history yet"));
        return;
    }
    tz_rows rows = { 0 };
    tz_error err = { 0 };
    if (db_record_history(app->db, form, id, &rows, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    if (!rows.n) {
        ui_message(UI_INFO, "%s", tz_L("没有修改记录（启用修改记录之前的修改不在其中）",
                                       "No changes recorded (changes before the history began are not there)"));
        tz_rows_free(&rows);
        return;
    }
    char **lines = calloc(rows.n * 2, sizeof *lines); /* at most a heading and a field each */
    size_t n = 0;
    for (size_t i = 0; lines && i < rows.n; i++) {
        const tz_row *r = &rows.rows[i];
        if ((i == 0 || rows.rows[i - 1].id != r->id) && (lines[n] = change_line(r)) != NULL)
            n++;
        if (r->v[3] && (lines[n] = field_line(app, form, r)) != NULL)
            n++;
    }
    if (lines)
        ui_show_text(app, tz_L("修改记录", "History"), (const char *const *)lines, n);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    tz_rows_free(&rows);
}
