/* spec.c — parses the .form and .menu files of forms/ into a tz_formset, loads the built-in and
 * override files, cross-checks the set, and frees it. The format is in forms/README.md.
 *
 * Keys — how to add one:
 *   1. add it to the section's enum and name table below (FORM_*, FIELD_*, DETAIL_*, MENU_*);
 *   2. store it in the section's set_*_key function (and in spec.h's struct);
 *   3. if it only fits some field types, add it to field_key_types; document it in the README. */
#include "parser.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_FILE_BYTES (1024 * 1024) /* a form file is a few KB; refuse anything absurd */

/* ---- key tables --------------------------------------------------------------------------- */

enum { FORM_TITLE, FORM_TITLE_EN, FORM_TABLE, FORM_DISPLAY, FORM_ORDER, FORM_TREE, FORM_FILTER,
       FORM_SEARCH, FORM_HELP, FORM_HELP_EN, FORM_VIEW, FORM_READONLY, FORM_COUNTS, FORM_FILTERS,
       FORM_SINGLE, FORM_PRINT, FORM_NKEYS };
static const char *const form_keys[FORM_NKEYS] = {
    [FORM_TITLE] = "title",     [FORM_TITLE_EN] = "title.en", [FORM_TABLE] = "table",
    [FORM_DISPLAY] = "display", [FORM_ORDER] = "order",       [FORM_TREE] = "tree",
    [FORM_FILTER] = "filter",   [FORM_SEARCH] = "search",     [FORM_HELP] = "help",
    [FORM_HELP_EN] = "help.en", [FORM_VIEW] = "view",         [FORM_READONLY] = "readonly",
    [FORM_COUNTS] = "counts",   [FORM_FILTERS] = "filters",   [FORM_SINGLE] = "single",
    [FORM_PRINT] = "print",
};

enum { FIELD_LABEL, FIELD_LABEL_EN, FIELD_TYPE, FIELD_WIDTH, FIELD_HEIGHT, FIELD_MAXLEN,
       FIELD_REQUIRED, FIELD_READONLY, FIELD_DEFAULT, FIELD_CHOICES, FIELD_LOOKUP, FIELD_WHERE,
       FIELD_PINYIN, FIELD_SURNAME, FIELD_SORTKEY, FIELD_HELP, FIELD_HELP_EN, FIELD_UNDER,
       FIELD_CHECK, FIELD_BIRTH, FIELD_SEX, FIELD_NKEYS };
static const char *const field_keys[FIELD_NKEYS] = {
    [FIELD_LABEL] = "label",       [FIELD_LABEL_EN] = "label.en", [FIELD_TYPE] = "type",
    [FIELD_WIDTH] = "width",       [FIELD_HEIGHT] = "height",     [FIELD_MAXLEN] = "maxlen",
    [FIELD_REQUIRED] = "required", [FIELD_READONLY] = "readonly", [FIELD_DEFAULT] = "default",
    [FIELD_CHOICES] = "choices",   [FIELD_LOOKUP] = "lookup",     [FIELD_WHERE] = "where",
    [FIELD_PINYIN] = "pinyin",     [FIELD_SURNAME] = "surname",   [FIELD_HELP] = "help",
    [FIELD_HELP_EN] = "help.en",   [FIELD_SORTKEY] = "sortkey",   [FIELD_UNDER] = "under",
    [FIELD_CHECK] = "check",       [FIELD_BIRTH] = "birth",       [FIELD_SEX] = "sex",
};

enum { LIST_COLUMNS, LIST_NKEYS };
static const char *const list_keys[LIST_NKEYS] = { [LIST_COLUMNS] = "columns" };

enum { DETAIL_FORM, DETAIL_LINK, DETAIL_TITLE, DETAIL_TITLE_EN, DETAIL_ROWS, DETAIL_NKEYS };
static const char *const detail_keys[DETAIL_NKEYS] = {
    [DETAIL_FORM] = "form",   [DETAIL_LINK] = "link", [DETAIL_TITLE] = "title",
    [DETAIL_TITLE_EN] = "title.en", [DETAIL_ROWS] = "rows",
};

enum { LINK_FORM, LINK_COLUMN, LINK_TITLE, LINK_TITLE_EN, LINK_NKEYS };
static const char *const link_keys[LINK_NKEYS] = {
    [LINK_FORM] = "form", [LINK_COLUMN] = "column", [LINK_TITLE] = "title",
    [LINK_TITLE_EN] = "title.en",
};

enum { MENU_TITLE, MENU_TITLE_EN, MENU_ITEM, MENU_NKEYS };
static const char *const menu_keys[MENU_NKEYS] = {
    [MENU_TITLE] = "title", [MENU_TITLE_EN] = "title.en", [MENU_ITEM] = "item",
};

_Static_assert(FORM_NKEYS <= SP_MAX_KEYS && FIELD_NKEYS <= SP_MAX_KEYS, "parser.key_line too small");

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

#define TYPE_BIT(t) (1u << (t))
/* Keys that only fit some field types. */
static const struct {
    int key;        /* FIELD_* */
    unsigned types; /* TYPE_BIT mask of the types it fits */
} field_key_types[] = {
    { FIELD_CHOICES, TYPE_BIT(TZ_FT_CHOICE) },
    { FIELD_UNDER, TYPE_BIT(TZ_FT_CHOICE) },
    { FIELD_CHECK, TYPE_BIT(TZ_FT_TEXT) },
    { FIELD_BIRTH, TYPE_BIT(TZ_FT_TEXT) },
    { FIELD_SEX, TYPE_BIT(TZ_FT_TEXT) },
    { FIELD_LOOKUP, TYPE_BIT(TZ_FT_LOOKUP) },
    { FIELD_WHERE, TYPE_BIT(TZ_FT_LOOKUP) },
    { FIELD_PINYIN, TYPE_BIT(TZ_FT_TEXT) },
    { FIELD_SORTKEY, TYPE_BIT(TZ_FT_TEXT) },
    { FIELD_SURNAME, TYPE_BIT(TZ_FT_TEXT) },
    { FIELD_HEIGHT, TYPE_BIT(TZ_FT_MEMO) },
    { FIELD_MAXLEN, TYPE_BIT(TZ_FT_TEXT) | TYPE_BIT(TZ_FT_MEMO) },
};

/* Adds a problem whose message has a Chinese and an English format taking the same arguments. */
static void vproblem(tz_problems *probs, const char *file, int line, const char *zh,
                     const char *en, va_list ap)
{
    char msg[600];
    vsnprintf(msg, sizeof msg, tz_L(zh, en), ap);
    tz_problems_add(probs, file, line, "%s", msg);
}

void sp_problem(parser *p, int line, const char *zh, const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    vproblem(p->probs, p->file, line, zh, en, ap);
    va_end(ap);
}

char *sp_dup_text(parser *p, const char *s)
{
    char *d = tz_strdup(s);
    if (!d)
        p->nomem = true;
    return d;
}

/* Grows the array whose pointer is at `array` (*n elements of `size` bytes) by one zeroed
 * element and returns it; NULL on out-of-memory. The pointer is copied with memcpy so that any
 * element type can share this function without breaking aliasing rules. */
void *sp_append_item(parser *p, void *array, size_t *n, size_t size)
{
    char *items;
    memcpy(&items, array, sizeof items);
    char *grown = realloc(items, (*n + 1) * size);
    if (!grown) {
        p->nomem = true;
        return NULL;
    }
    memcpy(array, &grown, sizeof grown);
    memset(grown + *n * size, 0, size);
    return grown + (*n)++ * size;
}

bool sp_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Column, table and form names go into SQL and menus: plain identifiers only. */
bool sp_is_ident(const char *s)
{
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    for (s++; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
              || (*s >= '0' && *s <= '9')))
            return false;
    return true;
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

int sp_key_index(const char *const *names, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], key) == 0)
            return i;
    return -1;
}

/* Splits s at the next comma: returns the trimmed item and advances *rest (NULL at the end). */
char *sp_next_item(char **rest)
{
    char *s = *rest;
    char *comma = strchr(s, ',');
    if (comma) {
        *comma = '\0';
        *rest = comma + 1;
    } else {
        *rest = NULL;
    }
    return tz_trim(s);
}

/* Splits s at spaces into at most max tokens; returns how many there were (may exceed max). */
int sp_split_words(char *s, char **tok, int max)
{
    int n = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            return n;
        if (n < max)
            tok[n] = s;
        n++;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        if (*s)
            *s++ = '\0';
    }
}

/* ---- typed values of keys ---------------------------------------------------------------- */

void sp_set_text(parser *p, char **dst, const char *value)
{
    free(*dst);
    *dst = sp_dup_text(p, value);
}

void sp_set_ident(parser *p, int line, const char *key, char **dst, const char *value)
{
    if (!sp_is_ident(value)) {
        sp_problem(p, line, "%s 的值“%s”不是有效的名称（只能用字母、数字和下划线）",
                "%s: \"%s\" is not a valid name (letters, digits and underscores only)", key,
                value);
        return;
    }
    sp_set_text(p, dst, value);
}

void sp_set_int(parser *p, int line, const char *key, const char *value, int lo, int hi,
                    int *dst)
{
    int64_t v;
    if (!tz_parse_int(value, &v) || v < lo || v > hi) {
        sp_problem(p, line, "%s 应为 %d 到 %d 之间的整数，而不是“%s”",
                "%s must be a whole number from %d to %d, not \"%s\"", key, lo, hi, value);
        return;
    }
    *dst = (int)v;
}

void sp_set_bool(parser *p, int line, const char *key, const char *value, bool *dst)
{
    if (strcasecmp(value, "yes") == 0 || strcmp(value, "是") == 0)
        *dst = true;
    else if (strcasecmp(value, "no") == 0 || strcmp(value, "否") == 0)
        *dst = false;
    else
        sp_problem(p, line, "%s 应为 yes 或 no，而不是“%s”", "%s must be yes or no, not \"%s\"", key,
                value);
}

/* ---- [form NAME] --------------------------------------------------------------------------- */

static void add_search(parser *p, int line, tz_form *f, char *item)
{
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

static void set_search(parser *p, int line, tz_form *f, const char *value)
{
    char *copy = sp_dup_text(p, value);
    if (!copy)
        return;
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        if (!*item)
            sp_problem(p, line, "search 中有空项", "search has an empty item");
        else
            add_search(p, line, f, item);
    }
    free(copy);
}

/* print = report, report …: the reports F9 offers. */
static void set_print(parser *p, int line, tz_form *f, const char *value)
{
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

static void set_form_key(parser *p, int key, int line, const char *value)
{
    tz_form *f = p->form;
    const char *name = form_keys[key];
    switch (key) {
    case FORM_TITLE:    sp_set_text(p, &f->title, value); break;
    case FORM_TITLE_EN: sp_set_text(p, &f->title_en, value); break;
    case FORM_HELP:     sp_set_text(p, &f->help, value); break;
    case FORM_HELP_EN:  sp_set_text(p, &f->help_en, value); break;
    case FORM_TABLE:
        sp_set_ident(p, line, name, &f->table, value);
        f->table_line = line;
        break;
    case FORM_DISPLAY:
        sp_set_ident(p, line, name, &f->display, value);
        f->display_line = line;
        break;
    case FORM_ORDER: {
        /* "COLUMN" or "COLUMN desc" */
        char *copy = sp_dup_text(p, value);
        char *tok[3] = { NULL, NULL, NULL };
        int n = copy ? sp_split_words(copy, tok, 3) : 0;
        if (n == 2 && strcmp(tok[1], "desc") == 0)
            f->order_desc = true;
        else if (n != 1)
            sp_problem(p, line, "order 应为 列名 或 列名 desc", "order should be COLUMN or COLUMN desc");
        if (n >= 1)
            sp_set_ident(p, line, name, &f->order, tok[0]);
        f->order_line = line;
        free(copy);
        break;
    }
    case FORM_TREE:
        sp_set_ident(p, line, name, &f->tree, value);
        f->tree_line = line;
        break;
    case FORM_FILTER:
        sp_set_ident(p, line, name, &f->filter, value);
        f->filter_line = line;
        break;
    case FORM_SEARCH:
        set_search(p, line, f, value);
        f->search_line = line;
        break;
    case FORM_VIEW:
        sp_set_ident(p, line, name, &f->view, value);
        f->view_line = line;
        break;
    case FORM_READONLY:
        sp_set_bool(p, line, name, value, &f->readonly);
        break;
    case FORM_COUNTS:
        sp_set_ident(p, line, name, &f->counts, value);
        f->counts_line = line;
        break;
    case FORM_FILTERS:
        sp_set_text(p, &p->filters, value);
        p->filters_line = line;
        break;
    case FORM_SINGLE:
        sp_set_bool(p, line, name, value, &f->single);
        break;
    case FORM_PRINT:
        set_print(p, line, f, value);
        f->print_line = line;
        break;
    }
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

static tz_field *current_field(parser *p)
{
    return &p->form->fields[p->form->nfields - 1];
}

static void add_choice(parser *p, int line, tz_field *f, char *item)
{
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

static void set_choices(parser *p, int line, tz_field *f, const char *value)
{
    if (value[0] == '@') {
        set_vocab(p, line, f, value);
        return;
    }
    char *copy = sp_dup_text(p, value);
    if (!copy)
        return;
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        if (!*item)
            sp_problem(p, line, "choices 中有空项", "choices has an empty item");
        else
            add_choice(p, line, f, item);
    }
    free(copy);
}

static void set_type(parser *p, int line, tz_field *f, const char *value)
{
    for (size_t t = 0; t < NFIELD_TYPES; t++) {
        if (strcmp(field_types[t].name, value) == 0) {
            f->type = (tz_field_type)t;
            return;
        }
    }
    p->key_line[FIELD_TYPE] = -line; /* given but unknown: finish_field skips type checks */
    sp_problem(p, line,
            "未知的字段类型“%s”（应为 text、integer、money、date、choice、yesno、memo、lookup）",
            "unknown field type \"%s\" (use text, integer, money, date, choice, yesno, memo, "
            "lookup)",
            value);
}

/* The condition goes in parentheses into the lookup's query: it must not be able to close
 * them and go on beside the clerk's scope. */
static void set_where(parser *p, int line, tz_field *f, const char *value)
{
    if (!tz_sql_expr_closed(value))
        sp_problem(p, line, "where 应为一个完整的条件（括号配对，不含 ; -- /*），而不是“%s”",
                   "where must be one whole condition (balanced parentheses, no ; -- /*), not \"%s\"",
                   value);
    sp_set_text(p, &f->where, value);
}

static void set_check(parser *p, int line, tz_field *f, const char *value)
{
    if (strcmp(value, "idcard") == 0)
        f->check = TZ_CHECK_IDCARD;
    else if (strcmp(value, "phone") == 0)
        f->check = TZ_CHECK_PHONE;
    else
        sp_problem(p, line, "check 应为 idcard 或 phone，而不是“%s”",
                "check must be idcard or phone, not \"%s\"", value);
}

static void set_field_key(parser *p, int key, int line, const char *value)
{
    tz_field *f = current_field(p);
    const char *name = field_keys[key];
    switch (key) {
    case FIELD_LABEL:    sp_set_text(p, &f->label, value); break;
    case FIELD_LABEL_EN: sp_set_text(p, &f->label_en, value); break;
    case FIELD_HELP:     sp_set_text(p, &f->help, value); break;
    case FIELD_HELP_EN:  sp_set_text(p, &f->help_en, value); break;
    case FIELD_WHERE:    set_where(p, line, f, value); break;
    case FIELD_DEFAULT:  sp_set_text(p, &f->defval, value); break;
    case FIELD_UNDER:    sp_set_text(p, &f->under, value); break;
    case FIELD_CHECK:    set_check(p, line, f, value); break;
    case FIELD_BIRTH:    sp_set_ident(p, line, name, &f->birth, value); break;
    case FIELD_SEX:      sp_set_ident(p, line, name, &f->sex, value); break;
    case FIELD_TYPE:     set_type(p, line, f, value); break;
    case FIELD_WIDTH:    sp_set_int(p, line, name, value, 1, 60, &f->width); break;
    case FIELD_HEIGHT:   sp_set_int(p, line, name, value, 2, 10, &f->height); break;
    case FIELD_MAXLEN:   sp_set_int(p, line, name, value, 1, 100000, &f->maxlen); break;
    case FIELD_REQUIRED: sp_set_bool(p, line, name, value, &f->required); break;
    case FIELD_READONLY: sp_set_bool(p, line, name, value, &f->readonly); break;
    case FIELD_SURNAME:  sp_set_bool(p, line, name, value, &f->surname); break;
    case FIELD_CHOICES:  set_choices(p, line, f, value); break;
    case FIELD_LOOKUP:   sp_set_ident(p, line, name, &f->lookup, value); break;
    case FIELD_PINYIN:   sp_set_ident(p, line, name, &f->pinyin, value); break;
    case FIELD_SORTKEY:  sp_set_ident(p, line, name, &f->sortkey, value); break;
    }
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
            sp_problem(p, p->key_line[FIELD_UNDER], "under 中的“%s”应为 上级的代码:新行的代码（都是 choices 中的代码）",
                    "under: \"%s\" should be parent-code:child-code (both codes of choices)", item);
    }
    free(copy);
}

static void check_key_types(parser *p, const tz_field *f)
{
    for (size_t i = 0; i < sizeof field_key_types / sizeof field_key_types[0]; i++) {
        int key = field_key_types[i].key;
        int line = p->key_line[key];
        if (line && !(field_key_types[i].types & TYPE_BIT(f->type)))
            sp_problem(p, line, "%s 不适用于 %s 类型的字段", "%s does not fit a %s field",
                    field_keys[key], field_types[f->type].name);
    }
    if (f->type == TZ_FT_CHOICE && !p->key_line[FIELD_CHOICES])
        sp_problem(p, f->line, "choice 类型的字段 %s 缺少 choices", "choice field %s needs choices",
                f->column);
    if (f->type == TZ_FT_LOOKUP && !p->key_line[FIELD_LOOKUP])
        sp_problem(p, f->line, "lookup 类型的字段 %s 缺少 lookup（目标表单）",
                "lookup field %s needs lookup (the target form)", f->column);
    if (f->under && f->type == TZ_FT_CHOICE && !f->vocab) /* a vocabulary's: db_load_choices */
        check_under(p, f);
    for (int key = FIELD_BIRTH; key <= FIELD_SEX; key++)
        if (p->key_line[key] > 0 && f->check != TZ_CHECK_IDCARD)
            sp_problem(p, p->key_line[key], "%s 只用于 check = idcard 的字段",
                    "%s is only for a field with check = idcard", field_keys[key]);
    if (p->key_line[FIELD_SURNAME] && f->type == TZ_FT_TEXT && !f->pinyin)
        sp_problem(p, p->key_line[FIELD_SURNAME], "surname 需要同时给出 pinyin",
                "surname needs pinyin as well");
}

static void finish_field(parser *p)
{
    tz_field *f = current_field(p);
    if (!f->label)
        sp_problem(p, f->line, "字段 %s 缺少 label", "field %s has no label", f->column);
    if (!p->key_line[FIELD_TYPE])
        sp_problem(p, f->line, "字段 %s 缺少 type", "field %s has no type", f->column);
    bool type_known = p->key_line[FIELD_TYPE] > 0;
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
        sp_problem(p, p->key_line[FIELD_DEFAULT], "默认值“%s”不符合 %s 类型",
                "default \"%s\" does not fit the %s type", f->defval, field_types[f->type].name);
}

/* ---- [list] --------------------------------------------------------------------------------- */

static void set_list_key(parser *p, int key, int line, const char *value)
{
    (void)key; /* only `columns` */
    sp_set_text(p, &p->columns, value);
    p->columns_line = line;
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

static void set_detail_key(parser *p, int key, int line, const char *value)
{
    tz_detail *d = &p->form->details[p->form->ndetails - 1];
    switch (key) {
    case DETAIL_FORM:     sp_set_ident(p, line, detail_keys[key], &d->form, value); break;
    case DETAIL_LINK:     sp_set_ident(p, line, detail_keys[key], &d->link, value); break;
    case DETAIL_TITLE:    sp_set_text(p, &d->title, value); break;
    case DETAIL_TITLE_EN: sp_set_text(p, &d->title_en, value); break;
    case DETAIL_ROWS:     sp_set_int(p, line, detail_keys[key], value, 1, 20, &d->rows); break;
    }
}

static void finish_detail(parser *p)
{
    const tz_detail *d = &p->form->details[p->form->ndetails - 1];
    if (!p->key_line[DETAIL_FORM])
        sp_problem(p, d->line, "[detail %s] 缺少 form", "[detail %s] has no form", d->name);
    if (!p->key_line[DETAIL_LINK])
        sp_problem(p, d->line, "[detail %s] 缺少 link", "[detail %s] has no link", d->name);
}

/* ---- [link NAME] ---------------------------------------------------------------------------- */

static void set_link_key(parser *p, int key, int line, const char *value)
{
    tz_link *l = &p->form->links[p->form->nlinks - 1];
    switch (key) {
    case LINK_FORM:     sp_set_ident(p, line, link_keys[key], &l->form, value); break;
    case LINK_COLUMN:   sp_set_ident(p, line, link_keys[key], &l->column, value); break;
    case LINK_TITLE:    sp_set_text(p, &l->title, value); break;
    case LINK_TITLE_EN: sp_set_text(p, &l->title_en, value); break;
    }
}

static void finish_link(parser *p)
{
    const tz_link *l = &p->form->links[p->form->nlinks - 1];
    if (!p->key_line[LINK_FORM])
        sp_problem(p, l->line, "[link %s] 缺少 form", "[link %s] has no form", l->name);
    if (!p->key_line[LINK_COLUMN])
        sp_problem(p, l->line, "[link %s] 缺少 column", "[link %s] has no column", l->name);
}

/* ---- [menu NAME] ---------------------------------------------------------------------------- */

static void add_menu_item(parser *p, int line, tz_menu *m, char *value)
{
    char *tok[3];
    int n = sp_split_words(value, tok, 3);
    bool target_is_menu = n == 3 && strncmp(tok[2], "menu:", 5) == 0;
    bool target_is_cmd = n == 3 && strncmp(tok[2], "cmd:", 4) == 0;
    bool target_is_report = n == 3 && strncmp(tok[2], "report:", 7) == 0;
    const char *target = n == 3 ? tok[2] + (target_is_menu     ? 5
                                            : target_is_cmd    ? 4
                                            : target_is_report ? 7
                                                               : 0)
                                : "";
    if (n != 3 || strlen(tok[0]) != 1 || tok[0][0] < '1' || tok[0][0] > '9'
        || strlen(tok[1]) != 1 || tok[1][0] < 'a' || tok[1][0] > 'z' || !sp_is_ident(target)) {
        sp_problem(p, line, "item 应为 数字键 字母键 目标，例如 item = 1 u units",
                "item should be KEY HOTKEY TARGET, e.g. item = 1 u units");
        return;
    }
    for (size_t i = 0; i < m->nitems; i++) {
        if (m->items[i].key == tok[0][0] || m->items[i].hotkey == tok[1][0]) {
            bool same_key = m->items[i].key == tok[0][0];
            sp_problem(p, line, "菜单键 %c 已在第 %d 行使用", "menu key %c is already used on line %d",
                    same_key ? tok[0][0] : tok[1][0], m->items[i].line);
            return;
        }
    }
    tz_menu_item *it = sp_append_item(p, &m->items, &m->nitems, sizeof *it);
    if (it)
        *it = (tz_menu_item){ .key = tok[0][0], .hotkey = tok[1][0],
                              .target = sp_dup_text(p, target), .is_menu = target_is_menu,
                              .is_command = target_is_cmd, .is_report = target_is_report,
                              .line = line };
}

static void set_menu_key(parser *p, int key, int line, const char *value)
{
    tz_menu *m = &p->set->menus[p->set->nmenus - 1];
    char *copy;
    switch (key) {
    case MENU_TITLE:    sp_set_text(p, &m->title, value); break;
    case MENU_TITLE_EN: sp_set_text(p, &m->title_en, value); break;
    case MENU_ITEM:
        copy = sp_dup_text(p, value);
        if (copy)
            add_menu_item(p, line, m, copy);
        free(copy);
        break;
    }
}

static void finish_menu(parser *p)
{
    const tz_menu *m = &p->set->menus[p->set->nmenus - 1];
    if (!p->key_line[MENU_ITEM]) /* items given but refused were reported already */
        sp_problem(p, m->line, "[menu %s] 没有任何 item", "[menu %s] has no item", m->name);
}

/* ---- sections ------------------------------------------------------------------------------- */

static void close_section(parser *p)
{
    switch (p->sec) {
    case SEC_FIELD:  finish_field(p); break;
    case SEC_DETAIL: finish_detail(p); break;
    case SEC_LINK:   finish_link(p); break;
    case SEC_MENU:   finish_menu(p); break;
    default:         sp_close_report_section(p); break;
    }
    p->sec = SEC_SKIP;
    p->seen = 0;
    memset(p->key_line, 0, sizeof p->key_line);
}

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

bool sp_needs_name(parser *p, int line, const char *kind, const char *name)
{
    if (sp_is_ident(name))
        return true;
    if (!*name)
        sp_problem(p, line, "[%s] 缺少名称", "[%s] needs a name", kind);
    else
        sp_problem(p, line, "[%s %s] 的名称只能用字母、数字和下划线",
                "[%s %s]: names use letters, digits and underscores only", kind, name);
    return false;
}

static void open_form(parser *p, int line, const char *name)
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

static void open_field(parser *p, int line, const char *name)
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

static void open_list(parser *p, int line, const char *name)
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

static void open_detail(parser *p, int line, const char *name)
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

static void open_link(parser *p, int line, const char *name)
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

static void open_menu(parser *p, int line, const char *name)
{
    if (p->kind != FILE_MENU) {
        sp_problem(p, line, "[menu] 只能写在 .menu 文件中", "[menu] belongs in a .menu file");
        return;
    }
    if (!sp_needs_name(p, line, "menu", name))
        return;
    tz_menu *m = sp_append_item(p, &p->set->menus, &p->set->nmenus, sizeof *m);
    if (!m)
        return;
    m->name = sp_dup_text(p, name);
    m->file = sp_dup_text(p, p->file);
    m->line = line;
    p->menu_seen = true;
    p->sec = SEC_MENU;
}

static void open_section(parser *p, int line, char *s)
{
    close_section(p);
    size_t n = strlen(s);
    if (s[n - 1] != ']') {
        sp_problem(p, line, "段头应为 [类型 名称]", "a section header should be [KIND NAME]");
        return;
    }
    s[n - 1] = '\0';
    char *kind = tz_trim(s + 1);
    char *name = kind + strcspn(kind, " \t");
    if (*name)
        *name++ = '\0';
    name = tz_trim(name);
    if (strcmp(kind, "form") == 0)
        open_form(p, line, name);
    else if (strcmp(kind, "field") == 0)
        open_field(p, line, name);
    else if (strcmp(kind, "list") == 0)
        open_list(p, line, name);
    else if (strcmp(kind, "detail") == 0)
        open_detail(p, line, name);
    else if (strcmp(kind, "link") == 0)
        open_link(p, line, name);
    else if (strcmp(kind, "menu") == 0)
        open_menu(p, line, name);
    else if (strcmp(kind, "report") == 0)
        sp_open_report(p, line, name);
    else if (strcmp(kind, "sheet") == 0)
        sp_open_sheet(p, line, name);
    else if (strcmp(kind, "column") == 0)
        sp_open_column(p, line, name);
    else
        sp_problem(p, line,
                   "未知的段类型 [%s]（应为 form、field、list、detail、link、menu、report、sheet 或 column）",
                   "unknown section [%s] (use form, field, list, detail, link, menu, report, sheet "
                   "or column)", kind);
}

/* ---- keys ------------------------------------------------------------------------------------ */

typedef void (*key_setter)(parser *p, int key, int line, const char *value);

static void handle_key(parser *p, int line, const char *key, const char *value)
{
    const char *const *names;
    int nkeys;
    key_setter set;
    switch (p->sec) {
    case SEC_FORM:   names = form_keys;   nkeys = FORM_NKEYS;   set = set_form_key;   break;
    case SEC_FIELD:  names = field_keys;  nkeys = FIELD_NKEYS;  set = set_field_key;  break;
    case SEC_LIST:   names = list_keys;   nkeys = LIST_NKEYS;   set = set_list_key;   break;
    case SEC_DETAIL: names = detail_keys; nkeys = DETAIL_NKEYS; set = set_detail_key; break;
    case SEC_LINK:   names = link_keys;   nkeys = LINK_NKEYS;   set = set_link_key;   break;
    case SEC_MENU:   names = menu_keys;   nkeys = MENU_NKEYS;   set = set_menu_key;   break;
    default:
        if (!sp_report_keys(p->sec, &names, &nkeys, &set))
            return;
        break;
    }
    int k = sp_key_index(names, nkeys, key);
    if (k < 0) {
        sp_problem(p, line, "未知的键“%s”", "unknown key \"%s\"", key);
        return;
    }
    bool repeats = p->sec == SEC_MENU && k == MENU_ITEM;
    if (!repeats && (p->seen & (1u << k))) {
        sp_problem(p, line, "键 %s 重复（第 %d 行已给出）", "key %s is given twice (first on line %d)",
                key, p->key_line[k]);
        return;
    }
    if (!*value) {
        sp_problem(p, line, "键 %s 没有值", "key %s has no value", key);
        return;
    }
    p->seen |= 1u << k;
    p->key_line[k] = line;
    set(p, k, line, value);
}

static void parse_line(parser *p, int line, char *s)
{
    if (!tz_utf8_valid(s)) {
        sp_problem(p, line, "不是有效的 UTF-8 文本（请以 UTF-8 编码保存文件）",
                "not valid UTF-8 text (save the file as UTF-8)");
        return;
    }
    tz_trim(s);
    if (!*s || *s == '#')
        return;
    if (*s == '[') {
        open_section(p, line, s);
        return;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
        sp_problem(p, line, "缺少“=”：应为 键 = 值", "missing \"=\": expected key = value");
        return;
    }
    *eq = '\0';
    char *key = tz_trim(s);
    char *value = tz_trim(eq + 1);
    if (p->sec == SEC_NONE) {
        sp_problem(p, line, "键 %s 不在任何段内（前面缺少 [form 名称] 之类的段头）",
                "key %s is outside any section (a header like [form NAME] must come first)", key);
        return;
    }
    handle_key(p, line, key, value);
}

static void finish_file(parser *p)
{
    close_section(p);
    if (p->kind == FILE_REPORT) {
        sp_finish_report_file(p);
        return;
    }
    if (p->kind == FILE_MENU) {
        if (!p->menu_seen)
            sp_problem(p, 0, "文件中没有 [menu 名称] 段", "the file has no [menu NAME] section");
        return;
    }
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

/* Checks made when a section or the file ends report late; put this file's problems back in
 * line order (a stable insertion sort: there are few). */
static void sort_by_line(tz_problems *probs, size_t from)
{
    for (size_t i = from + 1; i < probs->n; i++) {
        tz_problem moving = probs->items[i];
        size_t j = i;
        for (; j > from && probs->items[j - 1].line > moving.line; j--)
            probs->items[j] = probs->items[j - 1];
        probs->items[j] = moving;
    }
}

/* In a .report file, a line that starts with a space or a tab and holds more than a comment
 * or a section header continues the value of the key above it (SQL over several lines). */
static bool is_continuation(const char *s)
{
    if (*s != ' ' && *s != '\t')
        return false;
    s += strspn(s, " \t\r");
    return *s && *s != '\n' && *s != '#' && *s != '[';
}

static bool is_indented_comment(const char *s)
{
    size_t skip = strspn(s, " \t");
    return skip > 0 && s[skip] == '#';
}

/* The n bytes at s are a `key = value` line (not blank, a comment or a section header). */
static bool starts_key(const char *s, size_t n)
{
    size_t skip = strspn(s, " \t");
    return skip < n && s[skip] != '#' && s[skip] != '[' && memchr(s, '=', n) != NULL;
}

tz_status tz_spec_parse(tz_formset *set, const char *file, const char *text, tz_problems *probs)
{
    if (!file)
        file = "";
    parser p = { .set = set, .file = file, .probs = probs,
                 .kind = sp_ends_with(file, ".menu")     ? FILE_MENU
                       : sp_ends_with(file, ".report") ? FILE_REPORT
                                                       : FILE_FORM };
    size_t before = probs->n;
    if (!text)
        text = "";
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0) /* a byte-order mark, as Windows editors write */
        text += 3;
    int line = 0;
    for (const char *s = text; *s && !p.nomem;) {
        int first = ++line;
        size_t n = strcspn(s, "\n");
        tz_sb logical = { 0 };
        tz_sb_appendn(&logical, s, n);
        bool key_line = p.kind == FILE_REPORT && starts_key(s, n);
        s += n + (s[n] == '\n');
        for (; key_line && !logical.failed; line++) {
            n = strcspn(s, "\n");
            if (is_indented_comment(s))
                ; /* a comment among the continued lines is skipped */
            else if (!is_continuation(s))
                break;
            else {
                tz_sb_append(&logical, "\n");
                tz_sb_appendn(&logical, s, n);
            }
            s += n + (s[n] == '\n');
        }
        p.nomem = logical.failed;
        if (!p.nomem)
            parse_line(&p, first, logical.buf ? logical.buf : (char[]){ 0 });
        tz_sb_free(&logical);
    }
    finish_file(&p);
    free(p.columns);
    free(p.filters);
    sort_by_line(probs, before);
    if (p.nomem)
        return TZ_ERR_NOMEM;
    return probs->n > before ? TZ_ERR_PARSE : TZ_OK;
}

/* ---- cross-checks ------------------------------------------------------------------------------ */

static void set_problem(tz_problems *probs, const char *file, int line, const char *zh,
                        const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    vproblem(probs, file, line, zh, en, ap);
    va_end(ap);
}

static void check_unique_names(const tz_formset *set, tz_problems *probs)
{
    for (size_t i = 0; i < set->nforms; i++) {
        const tz_form *first = tz_spec_form(set, set->forms[i].name);
        if (first && first != &set->forms[i])
            set_problem(probs, set->forms[i].file, set->forms[i].line,
                        "表单 %s 重复（%s:%d 已声明）", "form %s is declared twice (first at %s:%d)",
                        first->name, first->file, first->line);
    }
    for (size_t i = 0; i < set->nmenus; i++) {
        const tz_menu *first = tz_spec_menu(set, set->menus[i].name);
        if (first && first != &set->menus[i])
            set_problem(probs, set->menus[i].file, set->menus[i].line,
                        "菜单 %s 重复（%s:%d 已声明）", "menu %s is declared twice (first at %s:%d)",
                        first->name, first->file, first->line);
    }
}

static void check_menus(const tz_formset *set, tz_problems *probs)
{
    if (!tz_spec_menu(set, "main"))
        set_problem(probs, set->nmenus ? set->menus[0].file : "forms/main.menu", 0,
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
                set_problem(probs, m->file, it->line, "菜单项的目标 %s%s 不存在",
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
            set_problem(probs, f->file, fd->line, "字段 %s 的查找目标表单 %s 不存在",
                        "field %s looks up form %s, which does not exist", fd->column, fd->lookup);
        else if (!target->display)
            set_problem(probs, target->file, target->line,
                        "表单 %s 被 %s:%d 查找，必须声明 display",
                        "form %s is looked up from %s:%d and must declare display", target->name,
                        f->file, fd->line);
    }
    for (size_t i = 0; i < f->ndetails; i++) {
        const tz_detail *d = &f->details[i];
        if (d->form && !tz_spec_form(set, d->form))
            set_problem(probs, f->file, d->line, "[detail %s] 的表单 %s 不存在",
                        "[detail %s]: form %s does not exist", d->name, d->form);
    }
    for (size_t i = 0; i < f->nlinks; i++) {
        const tz_link *l = &f->links[i];
        if (l->form && !tz_spec_form(set, l->form))
            set_problem(probs, f->file, l->line, "[link %s] 的表单 %s 不存在",
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
            set_problem(probs, f->file, id->line, "birth 列 %s 应为本表单的 date 字段",
                        "birth column %s must be a date field of this form", id->birth);
        /* a vocabulary's labels come with the database: db_load_choices checks those */
        if (id->sex && (s < 0 || (!f->fields[s].vocab && (!tz_field_sex_choice(&f->fields[s], true)
                                                          || !tz_field_sex_choice(&f->fields[s], false)))))
            set_problem(probs, f->file, id->line,
                        "sex 列 %s 应为本表单有“男”“女”两项的 choice 字段",
                        "sex column %s must be a choice field of this form with 男 and 女",
                        id->sex);
    }
}

static void check_form_columns(const tz_form *f, tz_problems *probs)
{
    check_idcard_fills(f, probs);
    if (!f->nfields)
        set_problem(probs, f->file, f->line, "表单 %s 没有任何 [field]", "form %s has no [field]",
                    f->name);
    if (!f->ncolumns)
        set_problem(probs, f->file, f->line, "表单 %s 的 [list] 没有列",
                    "form %s has no [list] columns", f->name);
    if (f->order && !is_list_column(f, f->order))
        set_problem(probs, f->file, f->order_line, "order 列 %s 不在 [list] 的 columns 中",
                    "order column %s is not one of the [list] columns", f->order);
    if (f->filter && !lookup_field(f, f->filter))
        set_problem(probs, f->file, f->filter_line, "filter 列 %s 应为本表单的 lookup 字段",
                    "filter column %s must be a lookup field of this form", f->filter);
    if (f->counts) {
        int c = tz_form_field_index(f, f->counts);
        if (c < 0 || f->fields[c].type != TZ_FT_CHOICE)
            set_problem(probs, f->file, f->counts_line, "counts 列 %s 应为本表单的 choice 字段",
                        "counts column %s must be a choice field of this form", f->counts);
    }
    if (f->tree) {
        const tz_field *t = lookup_field(f, f->tree);
        if (!t || !t->lookup || strcmp(t->lookup, f->name) != 0)
            set_problem(probs, f->file, f->tree_line,
                        "tree 列 %s 应为查找本表单 %s 的 lookup 字段",
                        "tree column %s must be a lookup field whose target is this form (%s)",
                        f->tree, f->name);
    }
}

static void check_prints(const tz_formset *set, const tz_form *f, tz_problems *probs)
{
    for (size_t i = 0; i < f->nprint; i++)
        if (!tz_spec_report(set, f->print[i]))
            set_problem(probs, f->file, f->print_line, "print 中的报表 %s 不存在",
                        "print: there is no report %s", f->print[i]);
    if (f->single && f->tree)
        set_problem(probs, f->file, f->line, "single 表单不能有 tree", "a single form has no tree");
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

/* ---- loading built-in and override files ---------------------------------------------------- */

typedef struct {
    const char *name; /* base name, e.g. "units.form"; borrowed from builtin or `names` */
    char *where;      /* name used in messages: "forms/units.form" or the real path; owned */
    const char *text; /* borrowed built-in text, or `owned` */
    char *owned;      /* text read from an override file; owned */
} source;

typedef struct {
    source *items;  /* owned */
    size_t n;
    bool nomem;     /* an allocation failed */
    bool io_failed; /* a directory or file could not be read */
} source_list;

static bool is_spec_file(const char *name)
{
    return name[0] != '.' && (sp_ends_with(name, ".form") || sp_ends_with(name, ".menu")
                              || sp_ends_with(name, ".report"));
}

static char *join_path(const char *a, const char *b)
{
    tz_sb sb = { 0 };
    tz_sb_printf(&sb, "%s/%s", a, b);
    if (sb.failed) {
        tz_sb_free(&sb);
        return NULL;
    }
    return tz_sb_take(&sb);
}

/* Reads a whole file into a new string (caller frees); NULL with errno set on failure. */
static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct stat st;
    int bad = fstat(fileno(fp), &st) != 0 ? errno
            : S_ISDIR(st.st_mode)         ? EISDIR
            : st.st_size > MAX_FILE_BYTES ? EFBIG
                                          : 0;
    if (bad) {
        fclose(fp);
        errno = bad;
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, fp) : 0;
    bool failed = !buf || ferror(fp);
    fclose(fp);
    if (failed) {
        free(buf);
        errno = buf ? EIO : ENOMEM;
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static source *find_source(source_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}

static source *add_source(source_list *l, const char *name)
{
    source *grown = realloc(l->items, (l->n + 1) * sizeof *grown);
    if (!grown) {
        l->nomem = true;
        return NULL;
    }
    l->items = grown;
    source *s = &l->items[l->n++];
    *s = (source){ .name = name };
    return s;
}

static void add_builtins(source_list *l, const tz_embedded *builtin, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_spec_file(builtin[i].name))
            continue; /* the README and other embedded files */
        source *s = add_source(l, builtin[i].name);
        if (!s)
            return;
        s->where = join_path("forms", builtin[i].name);
        s->text = builtin[i].text;
        l->nomem |= !s->where;
    }
}

static void add_override(source_list *l, const char *dir, const char *name, tz_problems *probs)
{
    char *path = join_path(dir, name);
    char *text = path ? read_file(path) : NULL;
    if (!text) {
        if (!path) {
            l->nomem = true;
            return;
        }
        set_problem(probs, path, 0, "无法读取文件：%s", "cannot read the file: %s",
                    tz_errno_text(errno));
        l->io_failed = true;
        free(path);
        return;
    }
    source *s = find_source(l, name);
    if (!s)
        s = add_source(l, name);
    if (!s) {
        free(path);
        free(text);
        return;
    }
    free(s->where);
    free(s->owned);
    s->where = path;
    s->text = s->owned = text;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir's *.form, *.menu and *.report names, sorted; *names (caller frees each and the array). */
static size_t list_dir(source_list *l, const char *dir, char ***names, tz_problems *probs)
{
    *names = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        set_problem(probs, dir, 0, "无法读取表单目录：%s", "cannot read the forms directory: %s",
                    tz_errno_text(errno));
        l->io_failed = true;
        return 0;
    }
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_spec_file(e->d_name))
            continue;
        char **grown = realloc(*names, (n + 1) * sizeof *grown);
        char *copy = tz_strdup(e->d_name);
        if (!grown || !copy) {
            free(copy);
            if (grown)
                *names = grown;
            l->nomem = true;
            break;
        }
        *names = grown;
        (*names)[n++] = copy;
    }
    closedir(d);
    if (n)
        qsort(*names, n, sizeof **names, compare_names);
    return n;
}

tz_status tz_spec_load(tz_formset *set, const tz_embedded *builtin, size_t nbuiltin,
                       const char *dir, tz_problems *probs)
{
    size_t before = probs->n;
    source_list l = { 0 };
    add_builtins(&l, builtin, nbuiltin);
    char **names = NULL;
    size_t nnames = dir ? list_dir(&l, dir, &names, probs) : 0;
    for (size_t i = 0; i < nnames && !l.nomem; i++)
        add_override(&l, dir, names[i], probs);
    bool nomem = l.nomem;
    for (size_t i = 0; i < l.n && !nomem; i++)
        nomem = tz_spec_parse(set, l.items[i].where, l.items[i].text, probs) == TZ_ERR_NOMEM;
    for (size_t i = 0; i < l.n; i++) {
        free(l.items[i].where);
        free(l.items[i].owned);
    }
    free(l.items);
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    if (nomem)
        return TZ_ERR_NOMEM;
    tz_spec_validate(set, probs);
    if (l.io_failed)
        return TZ_ERR_IO;
    return probs->n > before ? TZ_ERR_PARSE : TZ_OK;
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

static void free_form(tz_form *f)
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

static void free_menu(tz_menu *m)
{
    for (size_t i = 0; i < m->nitems; i++)
        free(m->items[i].target);
    free(m->items);
    free(m->name);
    free(m->file);
    free(m->title);
    free(m->title_en);
}

void tz_formset_free(tz_formset *set)
{
    for (size_t i = 0; i < set->nforms; i++)
        free_form(&set->forms[i]);
    for (size_t i = 0; i < set->nmenus; i++)
        free_menu(&set->menus[i]);
    for (size_t i = 0; i < set->nreports; i++)
        sp_free_report(&set->reports[i]);
    free(set->forms);
    free(set->menus);
    free(set->reports);
    *set = (tz_formset){ 0 };
}

/* ---- accessors ------------------------------------------------------------------------------------ */

const tz_form *tz_spec_form(const tz_formset *set, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < set->nforms; i++)
        if (set->forms[i].name && strcmp(set->forms[i].name, name) == 0)
            return &set->forms[i];
    return NULL;
}

const tz_report *tz_spec_report(const tz_formset *set, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < set->nreports; i++)
        if (set->reports[i].name && strcmp(set->reports[i].name, name) == 0)
            return &set->reports[i];
    return NULL;
}

const tz_menu *tz_spec_menu(const tz_formset *set, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < set->nmenus; i++)
        if (set->menus[i].name && strcmp(set->menus[i].name, name) == 0)
            return &set->menus[i];
    return NULL;
}

int tz_form_field_index(const tz_form *form, const char *column)
{
    if (!column)
        return -1;
    for (size_t i = 0; i < form->nfields; i++)
        if (form->fields[i].column && strcmp(form->fields[i].column, column) == 0)
            return (int)i;
    return -1;
}

bool tz_form_finds_initials(const tz_form *form)
{
    for (size_t s = 0; s < form->nsearch; s++)
        for (size_t i = 0; i < form->nfields; i++)
            if (form->fields[i].pinyin && strcmp(form->fields[i].pinyin, form->search[s].column) == 0)
                return true;
    return false;
}

/* The text in the UI language, falling back to Chinese, then to `last`. */
static const char *pick(const char *zh, const char *en, const char *last)
{
    const char *s = tz_L(zh, en);
    return s ? s : zh ? zh : last;
}

const char *tz_form_title(const tz_form *form)
{
    return pick(form->title, form->title_en, form->name);
}

const char *tz_field_label(const tz_field *f)
{
    return pick(f->label, f->label_en, f->column);
}

const char *tz_field_help(const tz_field *f)
{
    return pick(f->help, f->help_en, "");
}

const char *tz_field_under(const tz_field *f, const char *parent_value)
{
    if (!f->under || !parent_value)
        return NULL;
    size_t n = strlen(parent_value);
    for (const char *s = f->under; *s;) {
        s += strspn(s, " ,");
        const char *colon = strchr(s, ':');
        if (!colon)
            break;
        const char *child = colon + 1 + strspn(colon + 1, " ");
        size_t child_len = strcspn(child, " ,");
        const char *parent_end = colon;
        while (parent_end > s && parent_end[-1] == ' ')
            parent_end--;
        if ((size_t)(parent_end - s) == n && strncmp(s, parent_value, n) == 0) {
            for (size_t i = 0; i < f->nchoices; i++)
                if (strlen(f->choices[i].code) == child_len
                    && strncmp(f->choices[i].code, child, child_len) == 0)
                    return f->choices[i].code;
            return NULL;
        }
        s = child + child_len;
    }
    return NULL;
}

const char *tz_menu_title(const tz_menu *m)
{
    return pick(m->title, m->title_en, m->name);
}

const char *tz_report_title(const tz_report *r)
{
    return pick(r->title, r->title_en, r->name);
}

const char *tz_choice_label(const tz_choice *c)
{
    return pick(c->zh, c->en, c->code);
}

const tz_choice *tz_field_choice(const tz_field *f, const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < f->nchoices; i++)
        if (strcmp(f->choices[i].code, code) == 0)
            return &f->choices[i];
    return NULL;
}
