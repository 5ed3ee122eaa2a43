/* choices.c — the choice fields that name a vocabulary (`choices = @budget_category`) get their
 * codes and labels from the database's choice_labels (migration 017), so a label is written
 * once for the forms, the reports and the change history. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* code is in the comma list only (spaces around items allowed); NULL only: every code. */
static bool listed(const char *only, const char *code)
{
    if (!only)
        return true;
    size_t n = strlen(code);
    for (const char *p = only; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t len = strcspn(p, ", ");
        if (len == n && strncmp(p, code, n) == 0)
            return true;
        p += len;
    }
    return false;
}

static void clear_choices(tz_field *f)
{
    for (size_t i = 0; i < f->nchoices; i++) {
        free(f->choices[i].code);
        free(f->choices[i].zh);
        free(f->choices[i].en);
    }
    free(f->choices);
    f->choices = NULL;
    f->nchoices = 0;
}

static bool append_choice(tz_field *f, const char *code, const char *zh, const char *en)
{
    tz_choice *grown = realloc(f->choices, (f->nchoices + 1) * sizeof *grown);
    if (!grown)
        return false;
    f->choices = grown;
    tz_choice c = { tz_strdup(code), tz_strdup(zh), en ? tz_strdup(en) : NULL };
    if (!c.code || !c.zh || (en && !c.en)) {
        free(c.code);
        free(c.zh);
        free(c.en);
        return false;
    }
    f->choices[f->nchoices++] = c;
    return true;
}

static tz_status fill_field(tz_db *db, tz_field *f, tz_error *err)
{
    clear_choices(f);
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT code, label, label_en FROM choice_labels"
                                  " WHERE vocab = ?1 ORDER BY seq, code", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, f->vocab, -1, SQLITE_STATIC);
    while (s == TZ_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        if (!listed(f->vocab_only, code))
            continue;
        if (!append_choice(f, code, (const char *)sqlite3_column_text(st, 1),
                           (const char *)sqlite3_column_text(st, 2)))
            s = tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    }
    dbi_release(st);
    return s;
}

/* What a vocabulary field lacks once filled: codes of its list the vocabulary does not have,
 * or a default that is none of its codes. */
static void field_problems(const tz_form *form, const tz_field *f, tz_problems *probs)
{
    if (f->nchoices == 0)
        tz_problems_add(probs, form->file, f->line,
                        tz_L("选项表（choices）中没有 %s", "the choices table has no vocabulary %s"),
                        f->vocab);
    for (const char *p = f->vocab_only; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t len = strcspn(p, ", ");
        char code[64];
        if (len > 0 && len < sizeof code) {
            memcpy(code, p, len);
            code[len] = '\0';
            if (!tz_field_choice(f, code))
                tz_problems_add(probs, form->file, f->line,
                                tz_L("选项表 %s 中没有代码 %s", "vocabulary %s has no code %s"),
                                f->vocab, code);
        }
        p += len;
    }
    if (f->defval && f->nchoices && !tz_field_choice(f, f->defval))
        tz_problems_add(probs, form->file, f->line,
                        tz_L("默认值“%s”不是选项表 %s 的代码", "default \"%s\" is not a code of vocabulary %s"),
                        f->defval, f->vocab);
}

/* The checks the parser leaves to the database for a vocabulary field: `under` names two of
 * its codes, and the field an ID number's sex fills has 男 and 女. */
static void deferred_problems(const tz_form *form, tz_problems *probs)
{
    for (size_t i = 0; i < form->nfields; i++) {
        const tz_field *f = &form->fields[i];
        for (const char *p = f->vocab ? f->under : NULL; p && *p;) {
            size_t len = strcspn(p, ",");
            char item[128];
            snprintf(item, sizeof item, "%.*s", (int)len, p);
            char *child = strchr(item, ':');
            if (child)
                *child++ = '\0';
            if (!child || !tz_field_choice(f, tz_trim(item)) || !tz_field_choice(f, tz_trim(child)))
                tz_problems_add(probs, form->file, f->line,
                                tz_L("under 中的“%s”应为选项表 %s 中的 上级代码:新行代码",
                                     "under: \"%s\" should be parent-code:child-code of vocabulary %s"),
                                tz_trim(item), f->vocab);
            p += len + (p[len] == ',');
        }
        int s = f->sex ? tz_form_field_index(form, f->sex) : -1;
        if (s >= 0 && form->fields[s].vocab &&
            (!tz_field_sex_choice(&form->fields[s], true) || !tz_field_sex_choice(&form->fields[s], false)))
            tz_problems_add(probs, form->file, f->line,
                            tz_L("sex 列 %s 的选项表 %s 应有“男”“女”两项",
                                 "sex column %s: vocabulary %s must have 男 and 女"),
                            f->sex, form->fields[s].vocab);
    }
}

tz_status db_load_choices(tz_db *db, tz_formset *set, tz_problems *probs)
{
    size_t before = probs->n;
    for (size_t i = 0; i < set->nforms; i++) {
        tz_form *form = &set->forms[i];
        for (size_t j = 0; j < form->nfields; j++) {
            tz_field *f = &form->fields[j];
            if (!f->vocab)
                continue;
            tz_error err;
            if (fill_field(db, f, &err) != TZ_OK)
                tz_problems_add(probs, form->file, f->line, "%s", err.msg);
            else
                field_problems(form, f, probs);
        }
        deferred_problems(form, probs);
    }
    return probs->n == before ? TZ_OK : TZ_ERR_INVALID;
}
