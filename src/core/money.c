/* money.c — amounts as an integer number of 分 (hundredths of a yuan), so sums are exact. */
#include "taizhang/core.h"

#include <string.h>

/* Copies `in` into buf without spaces and without a leading currency sign (after an optional
 * minus): "- ￥1 234" → "-1234". False when it does not fit. */
static bool strip_decoration(const char *in, char *buf, size_t cap)
{
    static const char *const signs[] = { "\xEF\xBF\xA5" /* ￥ */, "\xC2\xA5" /* ¥ */ };
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '\t')
            continue;
        if (n + 1 >= cap)
            return false;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    char *body = buf[0] == '-' ? buf + 1 : buf;
    for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++) {
        size_t k = strlen(signs[i]);
        if (strncmp(body, signs[i], k) == 0) {
            memmove(body, body + k, strlen(body + k) + 1);
            break;
        }
    }
    return true;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Adds one digit to *v, refusing overflow. */
static bool push_digit(int64_t *v, char c)
{
    int d = c - '0';
    if (*v > (INT64_MAX - d) / 10)
        return false;
    *v = *v * 10 + d;
    return true;
}

/* The yuan part: plain digits, or groups of three separated by commas ("1,234,567"). */
static bool parse_yuan(const char **p, int64_t *yuan)
{
    const char *s = *p;
    int64_t v = 0;
    int run = 0;          /* digits since the last comma or the start */
    bool grouped = false; /* a comma was seen */
    for (; is_digit(*s) || *s == ','; s++) {
        if (*s == ',') {
            if (run == 0 || (grouped ? run != 3 : run > 3))
                return false;
            grouped = true;
            run = 0;
            continue;
        }
        if (!push_digit(&v, *s))
            return false;
        run++;
    }
    if (grouped && run != 3)
        return false;
    *p = s;
    *yuan = v;
    return true;
}

bool tz_money_parse(const char *in, int64_t *fen)
{
    char buf[128];
    if (!in || !strip_decoration(in, buf, sizeof buf))
        return false;
    const char *p = buf;
    bool negative = *p == '-';
    if (negative)
        p++;
    const char *start = p;
    int64_t yuan = 0;
    if (!parse_yuan(&p, &yuan))
        return false;
    bool has_yuan = p > start;
    int64_t cents = 0;
    int decimals = 0;
    if (*p == '.') {
        p++;
        for (; is_digit(*p); p++) {
            if (++decimals > 2)
                return false;
            cents = cents * 10 + (*p - '0');
        }
        if (decimals == 0)
            return false; /* "12." */
    }
    if (*p || (!has_yuan && decimals == 0))
        return false;
    if (decimals == 1)
        cents *= 10;
    if (yuan > (INT64_MAX - cents) / 100)
        return false;
    int64_t v = yuan * 100 + cents;
    *fen = negative ? -v : v;
    return true;
}

char *tz_money_format(int64_t fen, char *out, size_t cap)
{
    if (cap == 0)
        return out;
    /* the magnitude as unsigned, so INT64_MIN has one too */
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    char rev[40];
    size_t n = 0;
    unsigned cents = (unsigned)(mag % 100);
    uint64_t yuan = mag / 100;
    rev[n++] = (char)('0' + cents % 10);
    rev[n++] = (char)('0' + cents / 10);
    rev[n++] = '.';
    int digits = 0;
    do {
        if (digits && digits % 3 == 0)
            rev[n++] = ',';
        rev[n++] = (char)('0' + yuan % 10);
        yuan /= 10;
        digits++;
    } while (yuan);
    if (fen < 0)
        rev[n++] = '-';
    size_t len = n < cap ? n : cap - 1; /* a too-small buffer keeps the leading part */
    for (size_t i = 0; i < len; i++)
        out[i] = rev[n - 1 - i];
    out[len] = '\0';
    return out;
}
