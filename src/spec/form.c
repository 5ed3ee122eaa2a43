/* form.c — the sections of a .form file: [form NAME], then its [field COLUMN]s, one [list],
 * and any [detail NAME] grids and [link NAME]s. The format is in forms/README.md; the keys of
 * each section are rows of keys.c, and those whose value needs more than a text, a name, a
 * number or yes/no are read here (sp_parse_*). */
#include "parser.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Field types: the name in `type = …` and the default width. Index = tz_field_type. */
static const struct {
    const char *name; /* as written in a form file */
    int width;        /* default display columns */
} field_types[] = {
    [TZ_FT_TEXT] = { "text", 20 },     [TZ_FT_INTEGER] = { "integer", 8 },
    [TZ_FT_MONEY] = { "money", 14 },   [TZ_FT_DATE] = { "date", 10 },
    [TZ_FT_CHOICE] = { "choice", 12 }, [TZ_FT_YESNO] = { "yesno", 4 },
    [TZ_FT_MEMO] = { "memo", 60 },     [TZ_FT_LOOKUP] = { "lookup", 24 },
    [TZ_FT_NUMBER] = { "number", 8 },
};
#define NFIELD_TYPES (sizeof field_types / sizeof field_types[0])

const char *sp_field_type_name(tz_field_type t)
{
    return field_types[t].name;
}

static bool is_choice_code(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* ---- [form NAME] --------------------------------------------------------------------------- */

static bool needs_form(parser *p, int line, const char *kind)
{
    if (p->kind == FILE_REPORT) {
        sp_problem(p, line, ".report 文件中只能有 [report]、[sheet] 和 [column] 段，不能有 [%s]",
                   "a .report file holds [report], [sheet] and [column] sections, not [%s]", kind);
        return false;
    }
    if (p->kind == FILE_MENU) {
        sp_problem(p, line, ".menu 文件中只能有 [menu] 段，不能有 [%s]",
                "a .menu file holds only [menu] sections, not [%s]", kind);
        return false;
    }
    if (!p->form) {
        sp_problem(p, line, "[%s] 之前必须先有 [form 名称]", "[%s] must come after [form NAME]", kind);
        return false;
    }
    return true;
}

void sp_open_form(parser *p, int line, const char *name)
{
    if (p->kind != FILE_FORM) {
        needs_form(p, line, "form");
        return;
    }
    if (p->form) {
        sp_problem(p, line, "一个 .form 文件只能有一个 [form] 段（第 %d 行已有）",
                "a .form file holds one [form] section (there is one on line %d)", p->form->line);
        return;
    }
    if (!sp_needs_name(p, line, "form", name))
        return;
    tz_form *f = sp_append_item(p, &p->set->forms, &p->set->nforms, sizeof *f);
    if (!f)
        return;
    f->name = sp_dup_text(p, name);
    f->file = sp_dup_text(p, p->file);
    f->line = line;
    p->form = f;
    p->sec = SEC_FORM;
}

static void add_search(parser *p, int line, void *form, char *item)
{
    tz_form *f = form;
    size_t n = strlen(item);
    tz_search_mode mode = TZ_SEARCH_CONTAINS;
    if (n >= 2 && item[0] == '%' && item[n - 1] == '%') {
        item[n - 1] = '\0';
        item++;
    } else if (n >= 1 && item[n - 1] == '%') {
        item[n - 1] = '\0';
        mode = TZ_SEARCH_PREFIX;
    }
    if (!sp_is_ident(item)) {
        sp_problem(p, line, "search 中的“%s”应为 %%列名%%、列名%% 或 列名",
                "search: \"%s\" should be %%column%%, column%% or column", item);
        return;
    }
    tz_search *s = sp_append_item(p, &f->search, &f->nsearch, sizeof *s);
    if (s) {
        s->column = sp_dup_text(p, item);
        s->mode = mode;
    }
}

void sp_parse_search(parser *p, void *form, int line, const char *value)
{
    sp_each_item(p, line, "search", value, form, add_search);
}

/* print = report, report …: the reports F9 offers. */
void sp_parse_print(parser *p, void *form, int line, const char *value)
{
    tz_form *f = form;
    char *copy = sp_dup_text(p, value);
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        if (!sp_is_ident(item)) {
            sp_problem(p, line, "print 中的“%s”应为报表名称", "print: \"%s\" should be a report name",
                       item);
            continue;
        }
        char **slot = sp_append_item(p, &f->print, &f->nprint, sizeof *slot);
        if (slot)
            *slot = sp_dup_text(p, item);
    }
    free(copy);
}

/* "COLUMN" or "COLUMN desc" */
void sp_parse_order(parser *p, void *form, int line, const char *value)
{
    tz_form *f = form;
    char *copy = sp_dup_text(p, value);
    char *tok[3] = { NULL, NULL, NULL };
    int n = copy ? sp_split_words(copy, tok, 3) : 0;
    if (n == 2 && strcmp(tok[1], "desc") == 0)
        f->order_desc = true;
    else if (n != 1)
        sp_problem(p, line, "order 应为 列名 或 列名 desc", "order should be COLUMN or COLUMN desc");
    if (n >= 1)
        sp_set_ident(p, line, "order", &f->order, tok[0]);
    free(copy);
}

/* Kept in the parser: resolved when the file ends, once every field is declared. */
void sp_parse_filters(parser *p, void *form, int line, const char *value)
{
    (void)form;
    sp_set_text(p, &p->filters, value);
    p->filters_line = line;
}

/* Resolved at the end of the file, like the list columns: each names a declared field of a
 * type a list can be filtered by. */
static void resolve_filters(parser *p, tz_form *f)
{
    char *copy = sp_dup_text(p, p->filters);
    if (!copy)
        return;
    const unsigned ok = TYPE_BIT(TZ_FT_CHOICE) | TYPE_BIT(TZ_FT_YESNO) | TYPE_BIT(TZ_FT_INTEGER) |
                        TYPE_BIT(TZ_FT_LOOKUP);
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        int field = tz_form_field_index(f, item);
        if (!*item) {
            sp_problem(p, p->filters_line, "filters 中有空项", "filters has an empty item");
        } else if (field < 0) {
            sp_problem(p, p->filters_line, "筛选列 %s 没有对应的 [field %s]",
                    "filter %s has no [field %s]", item, item);
        } else if (!(TYPE_BIT(f->fields[field].type) & ok)) {
            sp_problem(p, p->filters_line, "筛选列 %s 应为 choice、yesno、integer 或 lookup 字段",
                    "filter %s must be a choice, yesno, integer or lookup field", item);
        } else {
            tz_filterdef *d = sp_append_item(p, &f->filters, &f->nfilters, sizeof *d);
            if (d)
                *d = (tz_filterdef){ .field = field, .line = p->filters_line };
        }
    }
    free(copy);
}

/* ---- [field COLUMN] ------------------------------------------------------------------------ */

void sp_open_field(parser *p, int line, const char *name)
{
    if (!needs_form(p, line, "field") || !sp_needs_name(p, line, "field", name))
        return;
    int old = tz_form_field_index(p->form, name);
    if (old >= 0) {
        sp_problem(p, line, "字段 %s 重复（第 %d 行已声明）", "field %s is declared twice (first on line %d)",
                name, p->form->fields[old].line);
        return;
    }
    tz_field *f = sp_append_item(p, &p->form->fields, &p->form->nfields, sizeof *f);
    if (!f)
        return;
    f->column = sp_dup_text(p, name);
    f->line = line;
    p->sec = SEC_FIELD;
}

static tz_field *current_field(parser *p)
{
    return &p->form->fields[p->form->nfields - 1];
}

static void add_choice(parser *p, int line, void *field, char *item)
{
    tz_field *f = field;
    char *zh = strchr(item, ':');
    char *en = zh ? strchr(zh + 1, ':') : NULL;
    if (zh)
        *zh++ = '\0';
    if (en)
        *en++ = '\0';
    char *code = tz_trim(item);
    zh = zh ? tz_trim(zh) : NULL;
    en = en ? tz_trim(en) : NULL;
    if (!is_choice_code(code) || !zh || !*zh) {
        sp_problem(p, line, "choices 中的“%s”应为 代码:中文标签:English label（代码只能用 a-z、0-9、_）",
                "choices: \"%s\" should be code:中文标签:English label (codes use a-z, 0-9, _)",
                code);
        return;
    }
    if (tz_field_choice(f, code)) {
        sp_problem(p, line, "choices 中代码 %s 重复", "choices: code %s appears twice", code);
        return;
    }
    tz_choice *c = sp_append_item(p, &f->choices, &f->nchoices, sizeof *c);
    if (c) {
        c->code = sp_dup_text(p, code);
        c->zh = sp_dup_text(p, zh);
        c->en = en && *en ? sp_dup_text(p, en) : NULL;
    }
}

/* `@NAME` or `@NAME: code, code`: the vocabulary NAME of the database (all of it or those
 * codes), read when the database is opened, so that a label is written in one place. */
static void set_vocab(parser *p, int line, tz_field *f, const char *value)
{
    char *copy = sp_dup_text(p, value + 1);
    if (!copy)
        return;
    char *only = strchr(copy, ':');
    if (only)
        *only++ = '\0';
    sp_set_ident(p, line, "choices", &f->vocab, tz_trim(copy));
    if (only) {
        char *codes = sp_dup_text(p, only);
        for (char *rest = codes; rest;) {
            char *item = sp_next_item(&rest);
            if (!is_choice_code(item))
                sp_problem(p, line, "choices 中的“%s”应为选项代码（a-z、0-9、_）",
                        "choices: \"%s\" should be a choice code (a-z, 0-9, _)", item);
        }
        free(codes);
        sp_set_text(p, &f->vocab_only, tz_trim(only));
    }
    free(copy);
}

void sp_parse_choices(parser *p, void *field, int line, const char *value)
{
    tz_field *f = field;
    if (value[0] == '@') {
        set_vocab(p, line, f, value);
        return;
    }
    sp_each_item(p, line, "choices", value, f, add_choice);
}

void sp_parse_type(parser *p, void *field, int line, const char *value)
{
    tz_field *f = field;
    for (size_t t = 0; t < NFIELD_TYPES; t++) {
        if (strcmp(field_types[t].name, value) == 0) {
            f->type = (tz_field_type)t;
            return;
        }
    }
    *sp_key_slot(p, "type") = -line; /* given but unknown: finish_field skips type checks */
    sp_problem(p, line,
            "未知的字段类型“%s”（应为 text、integer、money、date、choice、yesno、memo、lookup）",
            "unknown field type \"%s\" (use text, integer, money, date, choice, yesno, memo, "
            "lookup)",
            value);
}

/* The condition goes in parentheses into the lookup's query: it must not be able to close
 * them and go on beside the clerk's scope. */
void sp_parse_where(parser *p, void *field, int line, const char *value)
{
    tz_field *f = field;
    if (!tz_sql_expr_closed(value))
        sp_problem(p, line, "where 应为一个完整的条件（括号配对，不含 ; -- /*），而不是“%s”",
                   "where must be one whole condition (balanced parentheses, no ; -- /*), not \"%s\"",
                   value);
    sp_set_text(p, &f->where, value);
}

void sp_parse_check(parser *p, void *field, int line, const char *value)
{
    tz_field *f = field;
    if (strcmp(value, "idcard") == 0)
        f->check = TZ_CHECK_IDCARD;
    else if (strcmp(value, "phone") == 0)
        f->check = TZ_CHECK_PHONE;
    else
        sp_problem(p, line, "check 应为 idcard 或 phone，而不是“%s”",
                "check must be idcard or phone, not \"%s\"", value);
}

/* A default is a stored value: it must come back unchanged from shown form and parsing. */
static bool default_fits(const tz_field *f)
{
    if (f->type == TZ_FT_DATE && strcmp(f->defval, "today") == 0)
        return true;
    char shown[512];
    tz_field_format(f, f->defval, shown, sizeof shown);
    char *stored = NULL;
    tz_status st = tz_field_parse(f, shown, &stored, NULL);
    bool same = st == TZ_OK && stored && strcmp(stored, f->defval) == 0;
    free(stored);
    return same;
}

/* Each "parent:child" of `under` names two of the field's choices. */
static void check_under(parser *p, const tz_field *f)
{
    char *copy = sp_dup_text(p, f->under);
    if (!copy)
        return;
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        char *child = strchr(item, ':');
        if (child)
            *child++ = '\0';
        if (!child || !tz_field_choice(f, tz_trim(item)) || !tz_field_choice(f, tz_trim(child)))
            sp_problem(p, sp_key_line(p, "under"), "under 中的“%s”应为 上级的代码:新行的代码（都是 choices 中的代码）",
                    "under: \"%s\" should be parent-code:child-code (both codes of choices)", item);
    }
    free(copy);
}

static void check_key_types(parser *p, const tz_field *f)
{
    sp_check_key_fits(p, f);
    if (f->type == TZ_FT_CHOICE && !sp_key_line(p, "choices"))
        sp_problem(p, f->line, "choice 类型的字段 %s 缺少 choices", "choice field %s needs choices",
                f->column);
    if (f->type == TZ_FT_LOOKUP && !sp_key_line(p, "lookup"))
        sp_problem(p, f->line, "lookup 类型的字段 %s 缺少 lookup（目标表单）",
                "lookup field %s needs lookup (the target form)", f->column);
    if (f->under && f->type == TZ_FT_CHOICE && !f->vocab) /* a vocabulary's: db_load_choices */
        check_under(p, f);
    static const char *const idcard_fills[] = { "birth", "sex" };
    for (size_t i = 0; i < 2; i++)
        if (sp_key_line(p, idcard_fills[i]) > 0 && f->check != TZ_CHECK_IDCARD)
            sp_problem(p, sp_key_line(p, idcard_fills[i]), "%s 只用于 check = idcard 的字段",
                    "%s is only for a field with check = idcard", idcard_fills[i]);
    if (sp_key_line(p, "surname") && f->type == TZ_FT_TEXT && !f->pinyin)
        sp_problem(p, sp_key_line(p, "surname"), "surname 需要同时给出 pinyin",
                "surname needs pinyin as well");
}

static void finish_field(parser *p)
{
    tz_field *f = current_field(p);
    if (!f->label)
        sp_problem(p, f->line, "字段 %s 缺少 label", "field %s has no label", f->column);
    int type_line = sp_key_line(p, "type");
    if (!type_line)
        sp_problem(p, f->line, "字段 %s 缺少 type", "field %s has no type", f->column);
    bool type_known = type_line > 0;
    if (type_known)
        check_key_types(p, f);
    if (!f->width)
        f->width = field_types[f->type].width;
    if (!f->height || f->type != TZ_FT_MEMO)
        f->height = f->type == TZ_FT_MEMO ? 3 : 1;
    if (!f->maxlen)
        f->maxlen = f->type == TZ_FT_MEMO ? 2000 : 200;
    /* a vocabulary's default is checked once the database gave its codes (db_load_choices) */
    if (type_known && f->defval && !f->vocab && !default_fits(f))
        sp_problem(p, sp_key_line(p, "default"), "默认值“%s”不符合 %s 类型",
                "default \"%s\" does not fit the %s type", f->defval, field_types[f->type].name);
}

/* ---- [list] --------------------------------------------------------------------------------- */

void sp_open_list(parser *p, int line, const char *name)
{
    if (!needs_form(p, line, "list"))
        return;
    if (*name) {
        sp_problem(p, line, "[list] 不带名称", "[list] takes no name");
        return;
    }
    if (p->list_seen) {
        sp_problem(p, line, "[list] 重复", "[list] is given twice");
        return;
    }
    p->list_seen = true;
    p->sec = SEC_LIST;
}

static void add_column(parser *p, tz_form *f, char *item)
{
    int line = p->columns_line;
    char *tok[3] = { NULL, NULL, NULL };
    if (sp_split_words(item, tok, 3) > 2) {
        sp_problem(p, line, "columns 中“%s %s %s…”应为 列名 [宽度]",
                "columns: \"%s %s %s...\" should be COLUMN [WIDTH]", tok[0], tok[1], tok[2]);
        return;
    }
    int n = tok[1] == NULL ? 1 : 2;
    int field = tz_form_field_index(f, tok[0]);
    if (field < 0) {
        sp_problem(p, line, "列表列 %s 没有对应的 [field %s]", "list column %s has no [field %s]",
                tok[0], tok[0]);
        return;
    }
    for (size_t i = 0; i < f->ncolumns; i++) {
        if (f->columns[i].field == field) {
            sp_problem(p, line, "列表列 %s 重复", "list column %s appears twice", tok[0]);
            return;
        }
    }
    int width = f->fields[field].width;
    width = width < 1 ? 1 : width > 60 ? 60 : width;
    if (n == 2)
        sp_set_int(p, line, tok[0], tok[1], 1, 60, &width);
    tz_column *c = sp_append_item(p, &f->columns, &f->ncolumns, sizeof *c);
    if (c)
        *c = (tz_column){ .field = field, .width = width, .line = line };
}

/* Resolved at the end of the file, so [list] may come before the fields it names. */
static void resolve_columns(parser *p, tz_form *f)
{
    char *copy = sp_dup_text(p, p->columns);
    if (!copy)
        return;
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        if (!*item)
            sp_problem(p, p->columns_line, "columns 中有空项", "columns has an empty item");
        else
            add_column(p, f, item);
    }
    free(copy);
}

/* ---- [detail NAME] -------------------------------------------------------------------------- */

/* A [detail] or [link] NAME is unique within its form. `items` is the form's array of n
 * structs of `size` bytes, each holding its name (char *) at `name_at`. */
static bool section_name_free(parser *p, int line, const char *kind, const char *name,
                              const void *items, size_t n, size_t size, size_t name_at)
{
    for (size_t i = 0; i < n; i++) {
        const char *other = *(char *const *)((const char *)items + i * size + name_at);
        if (strcmp(other, name) == 0) {
            sp_problem(p, line, "[%s %s] 重复", "[%s %s] is given twice", kind, name);
            return false;
        }
    }
    return true;
}

void sp_open_detail(parser *p, int line, const char *name)
{
    if (!needs_form(p, line, "detail") || !sp_needs_name(p, line, "detail", name) ||
        !section_name_free(p, line, "detail", name, p->form->details, p->form->ndetails,
                           sizeof(tz_detail), offsetof(tz_detail, name)))
        return;
    tz_detail *d = sp_append_item(p, &p->form->details, &p->form->ndetails, sizeof *d);
    if (!d)
        return;
    d->name = sp_dup_text(p, name);
    d->rows = 6;
    d->line = line;
    p->sec = SEC_DETAIL;
}

static void finish_detail(parser *p)
{
    const tz_detail *d = &p->form->details[p->form->ndetails - 1];
    if (!sp_key_line(p, "form"))
        sp_problem(p, d->line, "[detail %s] 缺少 form", "[detail %s] has no form", d->name);
    if (!sp_key_line(p, "link"))
        sp_problem(p, d->line, "[detail %s] 缺少 link", "[detail %s] has no link", d->name);
}

/* ---- [link NAME] ---------------------------------------------------------------------------- */

void sp_open_link(parser *p, int line, const char *name)
{
    if (!needs_form(p, line, "link") || !sp_needs_name(p, line, "link", name) ||
        !section_name_free(p, line, "link", name, p->form->links, p->form->nlinks,
                           sizeof(tz_link), offsetof(tz_link, name)))
        return;
    tz_link *l = sp_append_item(p, &p->form->links, &p->form->nlinks, sizeof *l);
    if (!l)
        return;
    l->name = sp_dup_text(p, name);
    l->line = line;
    p->sec = SEC_LINK;
}

static void finish_link(parser *p)
{
    const tz_link *l = &p->form->links[p->form->nlinks - 1];
    if (!sp_key_line(p, "form"))
        sp_problem(p, l->line, "[link %s] 缺少 form", "[link %s] has no form", l->name);
    if (!sp_key_line(p, "column"))
        sp_problem(p, l->line, "[link %s] 缺少 column", "[link %s] has no column", l->name);
}

/* ---- the end of a section and of the file ---------------------------------------------------- */

void sp_close_form_section(parser *p)
{
    switch (p->sec) {
    case SEC_FIELD:  finish_field(p); break;
    case SEC_DETAIL: finish_detail(p); break;
    case SEC_LINK:   finish_link(p); break;
    default:         break;
    }
}

void sp_finish_form_file(parser *p)
{
    if (!p->form) {
        sp_problem(p, 0, "文件中没有 [form 名称] 段", "the file has no [form NAME] section");
        return;
    }
    if (!p->form->title)
        sp_problem(p, p->form->line, "[form %s] 缺少 title", "[form %s] has no title", p->form->name);
    if (!p->form->table)
        sp_problem(p, p->form->line, "[form %s] 缺少 table", "[form %s] has no table", p->form->name);
    if (p->columns)
        resolve_columns(p, p->form);
    if (p->filters)
        resolve_filters(p, p->form);
}

/* ---- freeing ------------------------------------------------------------------------------------ */

static void free_field(tz_field *f)
{
    for (size_t i = 0; i < f->nchoices; i++) {
        free(f->choices[i].code);
        free(f->choices[i].zh);
        free(f->choices[i].en);
    }
    free(f->choices);
    free(f->vocab);
    free(f->vocab_only);
    free(f->column);
    free(f->label);
    free(f->label_en);
    free(f->defval);
    free(f->under);
    free(f->birth);
    free(f->sex);
    free(f->lookup);
    free(f->where);
    free(f->pinyin);
    free(f->sortkey);
    free(f->help);
    free(f->help_en);
}

void sp_free_form(tz_form *f)
{
    for (size_t i = 0; i < f->nfields; i++)
        free_field(&f->fields[i]);
    for (size_t i = 0; i < f->nsearch; i++)
        free(f->search[i].column);
    for (size_t i = 0; i < f->ndetails; i++) {
        free(f->details[i].name);
        free(f->details[i].form);
        free(f->details[i].link);
        free(f->details[i].title);
        free(f->details[i].title_en);
    }
    for (size_t i = 0; i < f->nlinks; i++) {
        free(f->links[i].name);
        free(f->links[i].form);
        free(f->links[i].column);
        free(f->links[i].title);
        free(f->links[i].title_en);
    }
    free(f->links);
    free(f->filters);
    free(f->view);
    free(f->counts);
    free(f->fields);
    free(f->columns);
    free(f->search);
    free(f->details);
    free(f->name);
    free(f->file);
    free(f->title);
    free(f->title_en);
    free(f->table);
    free(f->display);
    free(f->order);
    free(f->tree);
    free(f->filter);
    free(f->help);
    free(f->help_en);
    for (size_t i = 0; i < f->nprint; i++)
        free(f->print[i]);
    free(f->print);
}
