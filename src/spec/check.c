/* check.c — the checks of a whole set of forms, menus and reports that no single file can
 * make: names unique, menu targets, lookups, details and links that exist, list columns. What
 * needs the database is checked by the db layer (db_check_forms, db_check_reports). */
#include "parser.h"

#include <string.h>

static void check_unique_names(const tz_formset *set, tz_problems *probs)
{
    for (size_t i = 0; i < set->nforms; i++) {
        const tz_form *first = tz_spec_form(set, set->forms[i].name);
        if (first && first != &set->forms[i])
            sp_set_problem(probs, set->forms[i].file, set->forms[i].line,
                           "表单 %s 重复（%s:%d 已声明）", "form %s is declared twice (first at %s:%d)",
                           first->name, first->file, first->line);
    }
    for (size_t i = 0; i < set->nmenus; i++) {
        const tz_menu *first = tz_spec_menu(set, set->menus[i].name);
        if (first && first != &set->menus[i])
            sp_set_problem(probs, set->menus[i].file, set->menus[i].line,
                           "菜单 %s 重复（%s:%d 已声明）", "menu %s is declared twice (first at %s:%d)",
                           first->name, first->file, first->line);
    }
}

static void check_menus(const tz_formset *set, tz_problems *probs)
{
    if (!tz_spec_menu(set, "main"))
        sp_set_problem(probs, set->nmenus ? set->menus[0].file : "forms/main.menu", 0,
                       "缺少主菜单 [menu main]", "there is no main menu [menu main]");
    for (size_t i = 0; i < set->nmenus; i++) {
        const tz_menu *m = &set->menus[i];
        for (size_t j = 0; j < m->nitems; j++) {
            const tz_menu_item *it = &m->items[j];
            if (it->is_command)
                continue; /* commands belong to the program: ui_check_commands */
            bool found = it->is_menu     ? tz_spec_menu(set, it->target) != NULL
                         : it->is_report ? tz_spec_report(set, it->target) != NULL
                                         : tz_spec_form(set, it->target) != NULL;
            if (!found)
                sp_set_problem(probs, m->file, it->line, "菜单项的目标 %s%s 不存在",
                               "menu item target %s%s does not exist",
                               it->is_menu ? "menu:" : it->is_report ? "report:" : "", it->target);
        }
    }
}

static void check_lookups(const tz_formset *set, const tz_form *f, tz_problems *probs)
{
    for (size_t i = 0; i < f->nfields; i++) {
        const tz_field *fd = &f->fields[i];
        if (fd->type != TZ_FT_LOOKUP || !fd->lookup)
            continue;
        const tz_form *target = tz_spec_form(set, fd->lookup);
        if (!target)
            sp_set_problem(probs, f->file, fd->line, "字段 %s 的查找目标表单 %s 不存在",
                           "field %s looks up form %s, which does not exist", fd->column, fd->lookup);
        else if (!target->display)
            sp_set_problem(probs, target->file, target->line,
                           "表单 %s 被 %s:%d 查找，必须声明 display",
                           "form %s is looked up from %s:%d and must declare display", target->name,
                           f->file, fd->line);
    }
    for (size_t i = 0; i < f->ndetails; i++) {
        const tz_detail *d = &f->details[i];
        if (d->form && !tz_spec_form(set, d->form))
            sp_set_problem(probs, f->file, d->line, "[detail %s] 的表单 %s 不存在",
                           "[detail %s]: form %s does not exist", d->name, d->form);
    }
    for (size_t i = 0; i < f->nlinks; i++) {
        const tz_link *l = &f->links[i];
        if (l->form && !tz_spec_form(set, l->form))
            sp_set_problem(probs, f->file, l->line, "[link %s] 的表单 %s 不存在",
                           "[link %s]: form %s does not exist", l->name, l->form);
    }
}

static bool is_list_column(const tz_form *f, const char *column)
{
    int field = tz_form_field_index(f, column);
    for (size_t i = 0; i < f->ncolumns; i++)
        if (f->columns[i].field == field)
            return true;
    return false;
}

static const tz_field *lookup_field(const tz_form *f, const char *column)
{
    int i = tz_form_field_index(f, column);
    return i >= 0 && f->fields[i].type == TZ_FT_LOOKUP ? &f->fields[i] : NULL;
}

/* An ID number's birth and sex name a date field and a choice field with 男 and 女. */
static void check_idcard_fills(const tz_form *f, tz_problems *probs)
{
    for (size_t i = 0; i < f->nfields; i++) {
        const tz_field *id = &f->fields[i];
        int b = id->birth ? tz_form_field_index(f, id->birth) : -1;
        int s = id->sex ? tz_form_field_index(f, id->sex) : -1;
        if (id->birth && (b < 0 || f->fields[b].type != TZ_FT_DATE))
            sp_set_problem(probs, f->file, id->line, "birth 列 %s 应为本表单的 date 字段",
                           "birth column %s must be a date field of this form", id->birth);
           /* a vocabulary's labels come with the database: db_load_choices checks those */
        if (id->sex && (s < 0 || (!f->fields[s].vocab && (!tz_field_sex_choice(&f->fields[s], true)
                                                          || !tz_field_sex_choice(&f->fields[s], false)))))
            sp_set_problem(probs, f->file, id->line,
                           "sex 列 %s 应为本表单有“男”“女”两项的 choice 字段",
                           "sex column %s must be a choice field of this form with 男 and 女",
                           id->sex);
    }
}

static void check_form_columns(const tz_form *f, tz_problems *probs)
{
    check_idcard_fills(f, probs);
    if (!f->nfields)
        sp_set_problem(probs, f->file, f->line, "表单 %s 没有任何 [field]", "form %s has no [field]",
                       f->name);
    if (!f->ncolumns)
        sp_set_problem(probs, f->file, f->line, "表单 %s 的 [list] 没有列",
                       "form %s has no [list] columns", f->name);
    if (f->order && !is_list_column(f, f->order))
        sp_set_problem(probs, f->file, f->order_line, "order 列 %s 不在 [list] 的 columns 中",
                       "order column %s is not one of the [list] columns", f->order);
    if (f->filter && !lookup_field(f, f->filter))
        sp_set_problem(probs, f->file, f->filter_line, "filter 列 %s 应为本表单的 lookup 字段",
                       "filter column %s must be a lookup field of this form", f->filter);
    if (f->counts) {
        int c = tz_form_field_index(f, f->counts);
        if (c < 0 || f->fields[c].type != TZ_FT_CHOICE)
            sp_set_problem(probs, f->file, f->counts_line, "counts 列 %s 应为本表单的 choice 字段",
                           "counts column %s must be a choice field of this form", f->counts);
    }
    if (f->tree) {
        const tz_field *t = lookup_field(f, f->tree);
        if (!t || !t->lookup || strcmp(t->lookup, f->name) != 0)
            sp_set_problem(probs, f->file, f->tree_line,
                           "tree 列 %s 应为查找本表单 %s 的 lookup 字段",
                           "tree column %s must be a lookup field whose target is this form (%s)",
                           f->tree, f->name);
    }
}

static void check_prints(const tz_formset *set, const tz_form *f, tz_problems *probs)
{
    for (size_t i = 0; i < f->nprint; i++)
        if (!tz_spec_report(set, f->print[i]))
            sp_set_problem(probs, f->file, f->print_line, "print 中的报表 %s 不存在",
                           "print: there is no report %s", f->print[i]);
    if (f->single && f->tree)
        sp_set_problem(probs, f->file, f->line, "single 表单不能有 tree", "a single form has no tree");
}

void tz_spec_validate(const tz_formset *set, tz_problems *probs)
{
    check_unique_names(set, probs);
    check_menus(set, probs);
    for (size_t i = 0; i < set->nforms; i++) {
        check_form_columns(&set->forms[i], probs);
        check_lookups(set, &set->forms[i], probs);
        check_prints(set, &set->forms[i], probs);
    }
    sp_validate_reports(set, probs);
}

