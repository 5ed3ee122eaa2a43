/* date.c — calendar dates as "YYYY-MM-DD" text. */
#include "taizhang/core.h"

#include <string.h>
#include <time.h>

enum { YEAR_MIN = 1900, YEAR_MAX = 2999 };

bool tz_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return month == 2 && tz_leap_year(year) ? 29 : days[month - 1];
}

static bool real_date(int y, int m, int d)
{
    return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads between min and max digits at *p into *value, advancing *p. */
static bool read_digits(const char **p, int min, int max, int *value)
{
    int n = 0, v = 0;
    while (n < max && is_digit((*p)[n])) {
        v = v * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min || is_digit((*p)[n]))
        return false;
    *p += n;
    *value = v;
    return true;
}

/* Digit by digit rather than snprintf: the compiler cannot see that y, m, d are in range. */
static void write_iso(char out[11], int y, int m, int d)
{
    unsigned uy = (unsigned)y % 10000, um = (unsigned)m % 100, ud = (unsigned)d % 100;
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
}

/* 20261126: exactly eight digits. */
static bool parse_compact(const char *s, size_t n, int *y, int *m, int *d)
{
    if (n != 8)
        return false;
    for (size_t i = 0; i < 8; i++)
        if (!is_digit(s[i]))
            return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[4] - '0') * 10 + (s[5] - '0');
    *d = (s[6] - '0') * 10 + (s[7] - '0');
    return true;
}

/* 2026-1-5, 2026/11/26, 2026.11.26: the same separator twice. */
static bool parse_separated(const char *s, size_t n, int *y, int *m, int *d)
{
    const char *p = s;
    if (!read_digits(&p, 4, 4, y))
        return false;
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    p++;
    if (!read_digits(&p, 1, 2, m) || *p != sep)
        return false;
    p++;
    if (!read_digits(&p, 1, 2, d))
        return false;
    return p == s + n;
}

/* Reads any accepted form, spaces around it ignored, without judging the day. */
static bool read_date(const char *in, int *y, int *m, int *d)
{
    if (!in)
        return false;
    while (*in == ' ')
        in++;
    size_t n = strlen(in);
    while (n && in[n - 1] == ' ')
        n--;
    return parse_compact(in, n, y, m, d) || parse_separated(in, n, y, m, d);
}

bool tz_date_parse(const char *in, char out[11])
{
    int y, m, d;
    if (!read_date(in, &y, &m, &d) || !real_date(y, m, d))
        return false;
    write_iso(out, y, m, d);
    return true;
}

bool tz_date_shape(const char *in, char out[11])
{
    int y, m, d;
    if (!read_date(in, &y, &m, &d))
        return false;
    write_iso(out, y, m, d);
    return true;
}

bool tz_date_valid(const char *iso)
{
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !is_digit(iso[i]))
            return false;
    int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    int d = (iso[8] - '0') * 10 + (iso[9] - '0');
    return real_date(y, m, d);
}

void tz_date_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm)) {
        strcpy(out, "1970-01-01");
        return;
    }
    write_iso(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
