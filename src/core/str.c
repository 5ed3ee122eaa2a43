/* str.c — string copies, the growable buffer, small parsers and problem lists. */
#include "taizhang/core.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *tz_strdup(const char *s)
{
    return s ? tz_strndup(s, strlen(s)) : NULL;
}

char *tz_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* ---- tz_sb -------------------------------------------------------------------------------- */

static bool sb_reserve(tz_sb *sb, size_t extra)
{
    if (sb->failed)
        return false;
    if (sb->len + extra + 1 <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *p = realloc(sb->buf, cap);
    if (!p) {
        sb->failed = true;
        return false;
    }
    sb->buf = p;
    sb->cap = cap;
    return true;
}

void tz_sb_appendn(tz_sb *sb, const char *s, size_t n)
{
    if (!sb_reserve(sb, n))
        return;
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void tz_sb_append(tz_sb *sb, const char *s)
{
    tz_sb_appendn(sb, s, strlen(s));
}

void tz_sb_printf(tz_sb *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !sb_reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void tz_sb_reset(tz_sb *sb)
{
    sb->len = 0;
    sb->failed = false;
    if (sb->buf)
        sb->buf[0] = '\0';
}

char *tz_sb_take(tz_sb *sb)
{
    char *s = sb->buf ? sb->buf : tz_strdup("");
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->failed = false;
    return s;
}

void tz_sb_free(tz_sb *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->failed = false;
}

/* ---- small parsers ------------------------------------------------------------------------ */

char *tz_trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
    return s;
}

bool tz_parse_int(const char *s, int64_t *out)
{
    while (*s == ' ')
        s++;
    if (!*s)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || !(isdigit((unsigned char)end[-1])))
        return false;
    while (*end == ' ')
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

/* ---- problem lists ------------------------------------------------------------------------ */

void tz_problems_add(tz_problems *p, const char *file, int line, const char *fmt, ...)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        tz_problem *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            return; /* the list is advisory; losing one entry beats aborting */
        p->items = items;
        p->cap = cap;
    }
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tz_problem *it = &p->items[p->n];
    it->file = tz_strdup(file ? file : "");
    it->line = line;
    it->msg = tz_strdup(msg);
    if (!it->file || !it->msg) {
        free(it->file);
        free(it->msg);
        return;
    }
    p->n++;
}

void tz_problems_free(tz_problems *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].file);
        free(p->items[i].msg);
    }
    free(p->items);
    p->items = NULL;
    p->n = p->cap = 0;
}

/* The end of a quoted string or name that starts at s ('...', "...", `...`, [...]), or NULL
 * when it is not closed; a doubled quote stays inside. */
static const char *sql_quote_end(const char *s)
{
    char close = *s == '[' ? ']' : *s;
    for (const char *p = s + 1; *p; p++) {
        if (*p != close)
            continue;
        if (close != ']' && p[1] == close) {
            p++;
            continue;
        }
        return p;
    }
    return NULL;
}

bool tz_sql_expr_closed(const char *s)
{
    int depth = 0;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\'':
        case '"':
        case '`':
        case '[':
            p = sql_quote_end(p);
            if (!p)
                return false;
            break;
        case '(':
            depth++;
            break;
        case ')':
            if (--depth < 0)
                return false;
            break;
        case ';':
            return false;
        case '-':
        case '/':
            if (p[1] == (*p == '-' ? '-' : '*'))
                return false;
            break;
        default:
            break;
        }
    }
    return depth == 0;
}
