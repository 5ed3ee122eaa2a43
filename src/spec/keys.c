/* keys.c — the keys of every section of the .form, .menu and .report files, one row each: its
 * section, its name, the type of its value and where the value is kept. Adding a key is adding
 * its row (and its member in spec.h's struct, and its line in forms/README.md); a value that
 * is more than a text, a name, a number or yes/no is read by the section's own function
 * (KEY_PARSED), declared in parser.h. A key accepted in several sections has a row for each,
 * since each section keeps its values in a struct of its own. */
#include "parser.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    KEY_TEXT,     /* char *: the value as written */
    KEY_NAME,     /* char *: a name of letters, digits and underscores (a column, a form …) */
    KEY_INT,      /* int: a whole number from lo to hi */
    KEY_BOOL,     /* bool: yes or no */
    KEY_TEMPLATE, /* char *: a report text whose {placeholders} are checked at once */
    KEY_PARSED,   /* read by `parse` */
} key_type;

typedef struct {
    section_kind section; /* the section it is accepted in */
    const char *name;     /* as written before the = */
    key_type type;
    size_t at;            /* where the value goes: its offset in the section's struct */
    size_t line_at;       /* 1 + the offset of the int that keeps the key's line; 0: not kept */
    int lo, hi;           /* KEY_INT: the range accepted */
    unsigned fits;        /* [field]: TYPE_BIT of the field types it fits; 0: every type */
    bool repeats;         /* may be given more than once in a section */
    sp_key_parse parse;   /* KEY_PARSED */
} key_row;

#define AT(sec_, struct_, name_, type_, member_) \
    .section = sec_, .name = name_, .type = type_, .at = offsetof(struct_, member_)
#define PARSED(sec_, name_, fn_) .section = sec_, .name = name_, .type = KEY_PARSED, .parse = fn_
#define LINE(struct_, member_) .line_at = offsetof(struct_, member_) + 1
#define RANGE(lo_, hi_) .lo = lo_, .hi = hi_
#define FITS(types_) .fits = (types_)

static const key_row keys[] = {
    /* [form NAME] */
    { AT(SEC_FORM, tz_form, "title", KEY_TEXT, title) },
    { AT(SEC_FORM, tz_form, "title.en", KEY_TEXT, title_en) },
    { AT(SEC_FORM, tz_form, "table", KEY_NAME, table), LINE(tz_form, table_line) },
    { AT(SEC_FORM, tz_form, "display", KEY_NAME, display), LINE(tz_form, display_line) },
    { PARSED(SEC_FORM, "order", sp_parse_order), LINE(tz_form, order_line) },
    { AT(SEC_FORM, tz_form, "tree", KEY_NAME, tree), LINE(tz_form, tree_line) },
    { AT(SEC_FORM, tz_form, "filter", KEY_NAME, filter), LINE(tz_form, filter_line) },
    { PARSED(SEC_FORM, "search", sp_parse_search), LINE(tz_form, search_line) },
    { AT(SEC_FORM, tz_form, "help", KEY_TEXT, help) },
    { AT(SEC_FORM, tz_form, "help.en", KEY_TEXT, help_en) },
    { AT(SEC_FORM, tz_form, "view", KEY_NAME, view), LINE(tz_form, view_line) },
    { AT(SEC_FORM, tz_form, "readonly", KEY_BOOL, readonly) },
    { AT(SEC_FORM, tz_form, "counts", KEY_NAME, counts), LINE(tz_form, counts_line) },
    { PARSED(SEC_FORM, "filters", sp_parse_filters) },
    { AT(SEC_FORM, tz_form, "single", KEY_BOOL, single) },
    { PARSED(SEC_FORM, "print", sp_parse_print), LINE(tz_form, print_line) },
    /* [field COLUMN] */
    { AT(SEC_FIELD, tz_field, "label", KEY_TEXT, label) },
    { AT(SEC_FIELD, tz_field, "label.en", KEY_TEXT, label_en) },
    { PARSED(SEC_FIELD, "type", sp_parse_type) },
    { AT(SEC_FIELD, tz_field, "width", KEY_INT, width), RANGE(1, 60) },
    { AT(SEC_FIELD, tz_field, "height", KEY_INT, height), RANGE(2, 10), FITS(TYPE_BIT(TZ_FT_MEMO)) },
    { AT(SEC_FIELD, tz_field, "maxlen", KEY_INT, maxlen), RANGE(1, 100000),
      FITS(TYPE_BIT(TZ_FT_TEXT) | TYPE_BIT(TZ_FT_MEMO)) },
    { AT(SEC_FIELD, tz_field, "required", KEY_BOOL, required) },
    { AT(SEC_FIELD, tz_field, "readonly", KEY_BOOL, readonly) },
    { AT(SEC_FIELD, tz_field, "default", KEY_TEXT, defval) },
    { PARSED(SEC_FIELD, "choices", sp_parse_choices), FITS(TYPE_BIT(TZ_FT_CHOICE)) },
    { AT(SEC_FIELD, tz_field, "lookup", KEY_NAME, lookup), FITS(TYPE_BIT(TZ_FT_LOOKUP)) },
    { PARSED(SEC_FIELD, "where", sp_parse_where), FITS(TYPE_BIT(TZ_FT_LOOKUP)) },
    { AT(SEC_FIELD, tz_field, "pinyin", KEY_NAME, pinyin), FITS(TYPE_BIT(TZ_FT_TEXT)) },
    { AT(SEC_FIELD, tz_field, "surname", KEY_BOOL, surname), FITS(TYPE_BIT(TZ_FT_TEXT)) },
    { AT(SEC_FIELD, tz_field, "sortkey", KEY_NAME, sortkey), FITS(TYPE_BIT(TZ_FT_TEXT)) },
    { AT(SEC_FIELD, tz_field, "help", KEY_TEXT, help) },
    { AT(SEC_FIELD, tz_field, "help.en", KEY_TEXT, help_en) },
    { AT(SEC_FIELD, tz_field, "under", KEY_TEXT, under), FITS(TYPE_BIT(TZ_FT_CHOICE)) },
    { PARSED(SEC_FIELD, "check", sp_parse_check), FITS(TYPE_BIT(TZ_FT_TEXT)) },
    { AT(SEC_FIELD, tz_field, "birth", KEY_NAME, birth), FITS(TYPE_BIT(TZ_FT_TEXT)) },
    { AT(SEC_FIELD, tz_field, "sex", KEY_NAME, sex), FITS(TYPE_BIT(TZ_FT_TEXT)) },
    /* [list]: resolved against the fields when the file ends, so kept in the parser till then */
    { AT(SEC_LIST, parser, "columns", KEY_TEXT, columns), LINE(parser, columns_line) },
    /* [detail NAME] */
    { AT(SEC_DETAIL, tz_detail, "form", KEY_NAME, form) },
    { AT(SEC_DETAIL, tz_detail, "link", KEY_NAME, link) },
    { AT(SEC_DETAIL, tz_detail, "title", KEY_TEXT, title) },
    { AT(SEC_DETAIL, tz_detail, "title.en", KEY_TEXT, title_en) },
    { AT(SEC_DETAIL, tz_detail, "rows", KEY_INT, rows), RANGE(1, 20) },
    /* [link NAME] */
    { AT(SEC_LINK, tz_link, "form", KEY_NAME, form) },
    { AT(SEC_LINK, tz_link, "column", KEY_NAME, column) },
    { AT(SEC_LINK, tz_link, "title", KEY_TEXT, title) },
    { AT(SEC_LINK, tz_link, "title.en", KEY_TEXT, title_en) },
    /* [menu NAME] */
    { AT(SEC_MENU, tz_menu, "title", KEY_TEXT, title) },
    { AT(SEC_MENU, tz_menu, "title.en", KEY_TEXT, title_en) },
    { PARSED(SEC_MENU, "item", sp_parse_menu_item), .repeats = true },
    /* [report NAME]: its texts are checked when the file ends, once params are known */
    { AT(SEC_REPORT, tz_report, "title", KEY_TEXT, title) },
    { AT(SEC_REPORT, tz_report, "title.en", KEY_TEXT, title_en) },
    { PARSED(SEC_REPORT, "params", sp_parse_params), LINE(tz_report, params_line) },
    { AT(SEC_REPORT, tz_report, "file", KEY_TEXT, output), LINE(tz_report, output_line) },
    { AT(SEC_REPORT, tz_report, "subtitle", KEY_TEXT, subtitle), LINE(tz_report, subtitle_line) },
    { AT(SEC_REPORT, tz_report, "footer", KEY_TEXT, footer), LINE(tz_report, footer_line) },
    { AT(SEC_REPORT, tz_report, "record", KEY_NAME, record) },
    { AT(SEC_REPORT, tz_report, "corner", KEY_TEXT, corner), LINE(tz_report, corner_line) },
    { AT(SEC_REPORT, tz_report, "note", KEY_TEXT, note), LINE(tz_report, note_line) },
    /* [sheet NAME] */
    { AT(SEC_SHEET, tz_rsheet, "tab", KEY_TEXT, tab) },
    { AT(SEC_SHEET, tz_rsheet, "title", KEY_TEMPLATE, title) },
    { AT(SEC_SHEET, tz_rsheet, "subtitle", KEY_TEMPLATE, subtitle) },
    { AT(SEC_SHEET, tz_rsheet, "measure", KEY_TEXT, measure) },
    { AT(SEC_SHEET, tz_rsheet, "footer", KEY_TEMPLATE, footer) },
    { AT(SEC_SHEET, tz_rsheet, "info", KEY_TEXT, info), LINE(tz_rsheet, info_line) },
    { AT(SEC_SHEET, tz_rsheet, "query", KEY_TEXT, query), LINE(tz_rsheet, query_line) },
    { AT(SEC_SHEET, tz_rsheet, "verify", KEY_TEXT, verify), LINE(tz_rsheet, verify_line) },
    { AT(SEC_SHEET, tz_rsheet, "summary", KEY_TEXT, summary), LINE(tz_rsheet, summary_line) },
    { AT(SEC_SHEET, tz_rsheet, "group", KEY_NAME, group_name), LINE(tz_rsheet, group_line) },
    { AT(SEC_SHEET, tz_rsheet, "subtotal", KEY_NAME, subtotal_name), LINE(tz_rsheet, subtotal_line) },
    { AT(SEC_SHEET, tz_rsheet, "total", KEY_BOOL, total) },
    { AT(SEC_SHEET, tz_rsheet, "check", KEY_TEXT, check_text), LINE(tz_rsheet, check_line) },
    { AT(SEC_SHEET, tz_rsheet, "corner", KEY_TEMPLATE, corner) },
    { AT(SEC_SHEET, tz_rsheet, "note", KEY_TEMPLATE, note) },
    { AT(SEC_SHEET, tz_rsheet, "headings", KEY_BOOL, headings), LINE(tz_rsheet, headings_line) },
    { AT(SEC_SHEET, tz_rsheet, "sign", KEY_TEXT, sign) },
    /* [column NAME] */
    { AT(SEC_COLUMN, tz_rcolumn, "label", KEY_TEMPLATE, label) },
    { PARSED(SEC_COLUMN, "format", sp_parse_format) },
    { AT(SEC_COLUMN, tz_rcolumn, "width", KEY_INT, width), RANGE(1, 60) },
    { PARSED(SEC_COLUMN, "total", sp_parse_total) },
    { PARSED(SEC_COLUMN, "value", sp_parse_value) },
    { AT(SEC_COLUMN, tz_rcolumn, "hidden", KEY_BOOL, hidden) },
};
#define NKEYS (sizeof keys / sizeof keys[0])

_Static_assert(NKEYS <= SP_MAX_KEYS, "parser.key_line has a slot per row of the key table");

static const char *const section_names[] = {
    [SEC_FORM] = "form",     [SEC_FIELD] = "field",   [SEC_LIST] = "list",
    [SEC_DETAIL] = "detail", [SEC_LINK] = "link",     [SEC_MENU] = "menu",
    [SEC_REPORT] = "report", [SEC_SHEET] = "sheet",   [SEC_COLUMN] = "column",
};

bool tz_spec_key(size_t i, const char **name, const char **section)
{
    if (i >= NKEYS)
        return false;
    *name = keys[i].name;
    *section = section_names[keys[i].section];
    return true;
}

static int find_key(section_kind sec, const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (keys[i].section == sec && strcmp(keys[i].name, name) == 0)
            return (int)i;
    return -1;
}

int sp_key_line(const parser *p, const char *name)
{
    int k = find_key(p->sec, name);
    return k < 0 ? 0 : p->key_line[k];
}

int *sp_key_slot(parser *p, const char *name)
{
    int k = find_key(p->sec, name);
    return k < 0 ? NULL : &p->key_line[k];
}

/* The struct the current section fills: the one its header opened last. */
static void *section_object(parser *p)
{
    tz_form *f = p->form;
    tz_rsheet *s = p->report && p->report->nsheets ? &p->report->sheets[p->report->nsheets - 1]
                                                   : NULL;
    switch (p->sec) {
    case SEC_FORM:   return f;
    case SEC_FIELD:  return &f->fields[f->nfields - 1];
    case SEC_LIST:   return p;
    case SEC_DETAIL: return &f->details[f->ndetails - 1];
    case SEC_LINK:   return &f->links[f->nlinks - 1];
    case SEC_MENU:   return &p->set->menus[p->set->nmenus - 1];
    case SEC_REPORT: return p->report;
    case SEC_SHEET:  return s;
    case SEC_COLUMN: return &s->columns[s->ncolumns - 1];
    default:         return NULL;
    }
}

static void store(parser *p, const key_row *k, int line, const char *value)
{
    char *obj = section_object(p);
    void *dst = obj + k->at;
    switch (k->type) {
    case KEY_TEXT:     sp_set_text(p, dst, value); break;
    case KEY_NAME:     sp_set_ident(p, line, k->name, dst, value); break;
    case KEY_INT:      sp_set_int(p, line, k->name, value, k->lo, k->hi, dst); break;
    case KEY_BOOL:     sp_set_bool(p, line, k->name, value, dst); break;
    case KEY_PARSED:   k->parse(p, obj, line, value); break;
    case KEY_TEMPLATE:
        sp_set_text(p, dst, value);
        sp_check_template(p, line, k->name, value);
        break;
    }
    if (k->line_at)
        memcpy(obj + k->line_at - 1, &line, sizeof line);
}

void sp_set_key(parser *p, int line, const char *key, const char *value)
{
    if (p->sec == SEC_SKIP)
        return; /* the section was refused: its problem is reported already */
    int k = find_key(p->sec, key);
    if (k < 0) {
        sp_problem(p, line, "未知的键“%s”", "unknown key \"%s\"", key);
        return;
    }
    if (!keys[k].repeats && p->key_line[k]) {
        sp_problem(p, line, "键 %s 重复（第 %d 行已给出）", "key %s is given twice (first on line %d)",
                   key, abs(p->key_line[k]));
        return;
    }
    if (!*value) {
        sp_problem(p, line, "键 %s 没有值", "key %s has no value", key);
        return;
    }
    p->key_line[k] = line;
    store(p, &keys[k], line, value);
}

void sp_check_key_fits(parser *p, const tz_field *f)
{
    for (size_t k = 0; k < NKEYS; k++)
        if (keys[k].section == SEC_FIELD && keys[k].fits && p->key_line[k]
            && !(keys[k].fits & TYPE_BIT(f->type)))
            sp_problem(p, p->key_line[k], "%s 不适用于 %s 类型的字段", "%s does not fit a %s field",
                       keys[k].name, sp_field_type_name(f->type));
}
