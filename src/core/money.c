/* money.c — amounts as an integer number of 分 (hundredths of a yuan), so sums are exact.
 * Clerks type and read them in 元 or in 万元 (ten thousand yuan): a field has one unit for bare
 * numbers, and a typed 元 or 万 (万元) says the unit of that amount. */
#include "taizhang/core.h"

#include <string.h>

/* 分 in one unit and the decimals that still name whole 分 (1 万元 = 1,000,000 分: 6). */
static const struct {
    int64_t fen;
    int decimals;
} units[] = {
    [TZ_MONEY_YUAN] = { 100, 2 },
    [TZ_MONEY_WAN] = { 1000000, 6 },
};

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Drops a trailing 万元, 万 or 元 from buf and says which unit it named (`bare` if none). */
static tz_money_unit strip_unit(char *buf, tz_money_unit bare)
{
    static const struct {
        const char *text;
        tz_money_unit unit;
    } suffixes[] = { { "万元", TZ_MONEY_WAN }, { "万", TZ_MONEY_WAN }, { "元", TZ_MONEY_YUAN } };
    size_t n = strlen(buf);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        if (ends_with(buf, n, suffixes[i].text)) {
            buf[n - strlen(suffixes[i].text)] = '\0';
            return suffixes[i].unit;
        }
    }
    return bare;
}

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

/* The whole part: plain digits, or groups of three separated by commas ("1,234,567"). */
static bool parse_whole(const char **p, int64_t *whole)
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
    *whole = v;
    return true;
}

/* The digits after the point, at most `most`, as 分 of a unit of `unit_fen`. */
static bool parse_fraction(const char **p, int most, int64_t unit_fen, int64_t *fen)
{
    const char *s = *p;
    int64_t v = 0, scale = unit_fen;
    int decimals = 0;
    for (; is_digit(*s); s++) {
        if (++decimals > most)
            return false;
        scale /= 10;
        v = v * 10 + (*s - '0');
    }
    if (decimals == 0)
        return false; /* "12." */
    *p = s;
    *fen = v * scale;
    return true;
}

bool tz_money_parse_in(const char *in, tz_money_unit bare, int64_t *fen)
{
    char buf[128];
    if (!in || !strip_decoration(in, buf, sizeof buf))
        return false;
    tz_money_unit unit = strip_unit(buf, bare);
    const char *p = buf;
    bool negative = *p == '-';
    if (negative)
        p++;
    const char *start = p;
    int64_t whole = 0, part = 0;
    if (!parse_whole(&p, &whole))
        return false;
    bool has_whole = p > start;
    if (*p == '.' && (p++, !parse_fraction(&p, units[unit].decimals, units[unit].fen, &part)))
        return false;
    if (*p || (!has_whole && p == start))
        return false;
    if (whole > (INT64_MAX - part) / units[unit].fen)
        return false;
    int64_t v = whole * units[unit].fen + part;
    *fen = negative ? -v : v;
    return true;
}

bool tz_money_parse(const char *in, int64_t *fen)
{
    return tz_money_parse_in(in, TZ_MONEY_YUAN, fen);
}

char *tz_money_format_in(int64_t fen, tz_money_unit unit, char *out, size_t cap)
{
    if (cap == 0)
        return out;
    /* the magnitude as unsigned, so INT64_MIN has one too */
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t per_unit = (uint64_t)units[unit].fen;
    uint64_t whole = mag / per_unit, part = mag % per_unit;
    int decimals = units[unit].decimals;
    /* two decimals always; a 万元 amount keeps more only where they are not zero */
    while (decimals > 2 && part % 10 == 0) {
        part /= 10;
        decimals--;
    }
    char rev[48];
    size_t n = 0;
    for (int i = 0; i < decimals; i++, part /= 10)
        rev[n++] = (char)('0' + part % 10);
    rev[n++] = '.';
    int digits = 0;
    do {
        if (digits && digits % 3 == 0)
            rev[n++] = ',';
        rev[n++] = (char)('0' + whole % 10);
        whole /= 10;
        digits++;
    } while (whole);
    if (fen < 0)
        rev[n++] = '-';
    size_t len = n < cap ? n : cap - 1; /* a too-small buffer keeps the leading part */
    for (size_t i = 0; i < len; i++)
        out[i] = rev[n - 1 - i];
    out[len] = '\0';
    return out;
}

char *tz_money_format(int64_t fen, char *out, size_t cap)
{
    return tz_money_format_in(fen, TZ_MONEY_YUAN, out, cap);
}
