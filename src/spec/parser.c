/* parser.c — reads a .form, .menu or .report file line by line: sections and their keys,
 * continued lines, problems in line order; and the helpers every section's reader uses. What
 * each section holds is read by form.c, menu.c and report.c, its keys through keys.c. The
 * format is in forms/README.md. */
#include "parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- problems and text helpers ------------------------------------------------------------ */

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

/* The same for the checks of a whole set, which have no parser. */
void sp_set_problem(tz_problems *probs, const char *file, int line, const char *zh,
                    const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    vproblem(probs, file, line, zh, en, ap);
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

void sp_each_item(parser *p, int line, const char *key, const char *value, void *target, sp_item_fn *each)
{
    char *copy = sp_dup_text(p, value);
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        if (!*item)
            sp_problem(p, line, "%s 中有空项", "%s has an empty item", key);
        else
            each(p, line, target, item);
    }
    free(copy);
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

/* ---- sections ------------------------------------------------------------------------------- */

static void close_section(parser *p)
{
    switch (p->sec) {
    case SEC_FIELD:
    case SEC_DETAIL:
    case SEC_LINK:   sp_close_form_section(p); break;
    case SEC_MENU:   sp_close_menu_section(p); break;
    default:         sp_close_report_section(p); break;
    }
    p->sec = SEC_SKIP;
    memset(p->key_line, 0, sizeof p->key_line);
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

/* The sections, and the function that opens each (and checks it may come here). */
static const struct {
    const char *kind;
    void (*open)(parser *p, int line, const char *name);
} sections[] = {
    { "form", sp_open_form },     { "field", sp_open_field },   { "list", sp_open_list },
    { "detail", sp_open_detail }, { "link", sp_open_link },     { "menu", sp_open_menu },
    { "report", sp_open_report }, { "sheet", sp_open_sheet },   { "column", sp_open_column },
};

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
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        if (strcmp(kind, sections[i].kind) == 0) {
            sections[i].open(p, line, name);
            return;
        }
    }
    sp_problem(p, line,
               "未知的段类型 [%s]（应为 form、field、list、detail、link、menu、report、sheet 或 column）",
               "unknown section [%s] (use form, field, list, detail, link, menu, report, sheet "
               "or column)", kind);
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
    sp_set_key(p, line, key, value);
}

static void finish_file(parser *p)
{
    close_section(p);
    switch (p->kind) {
    case FILE_REPORT: sp_finish_report_file(p); break;
    case FILE_MENU:   sp_finish_menu_file(p); break;
    case FILE_FORM:   sp_finish_form_file(p); break;
    }
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
