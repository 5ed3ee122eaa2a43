/* utf8.c — UTF-8 decoding and encoding, display widths in terminal columns, fitting text
 * to a column width. */
#include "taizhang/core.h"

#include <stdlib.h>
#include <string.h>

/* ---- decode / encode ---------------------------------------------------------------------- */

static bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

/* The bytes a UTF-8 sequence led by b takes; 1 for anything else. */
static size_t sequence_length(unsigned char b)
{
    return (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
}

size_t tz_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    if (n == 0) {
        *cp = TZ_REPLACEMENT;
        return 0;
    }
    const unsigned char *p = (const unsigned char *)s;
    unsigned char b = p[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t need = sequence_length(b);
    if (need == 1) {
        *cp = TZ_REPLACEMENT; /* a lone continuation byte, or 0xF8–0xFF */
        return 1;
    }
    static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 }; /* below: overlong */
    uint32_t v = b & (0x7Fu >> need), min = least[need];
    if (n < need) {
        *cp = TZ_REPLACEMENT;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if (!is_continuation(p[i])) {
            *cp = TZ_REPLACEMENT;
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    /* overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 */
    if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
        *cp = TZ_REPLACEMENT;
        return 1;
    }
    *cp = v;
    return need;
}

size_t tz_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = TZ_REPLACEMENT;
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool tz_utf8_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    while (n) {
        uint32_t cp;
        size_t used = tz_utf8_decode(s, n, &cp);
        /* a real U+FFFD in the text takes 3 bytes; a malformed byte yields it with 1 */
        if (cp == TZ_REPLACEMENT && used == 1)
            return false;
        s += used;
        n -= used;
    }
    return true;
}

/* ---- display width ------------------------------------------------------------------------ */

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* Used only when the process is not in a UTF-8 locale (wcwidth then knows nothing but
 * ASCII): the main East Asian wide blocks, so widths stay roughly right instead of all 1. */
static int fallback_width(uint32_t cp)
{
    static const uint32_t wide[][2] = {
        { 0x1100, 0x115F },  { 0x2E80, 0x303E },  { 0x3041, 0x33FF },   { 0x3400, 0x4DBF },
        { 0x4E00, 0x9FFF },  { 0xA000, 0xA4CF },  { 0xAC00, 0xD7A3 },   { 0xF900, 0xFAFF },
        { 0xFE30, 0xFE4F },  { 0xFF00, 0xFF60 },  { 0xFFE0, 0xFFE6 },   { 0x1F300, 0x1F64F },
        { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
    };
    if (cp >= 0x0300 && cp <= 0x036F)
        return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

int tz_char_width(uint32_t cp)
{
    if (is_control(cp))
        return 1;
    int w = wcwidth((wchar_t)cp);
    if (w >= 0)
        return w;
    return MB_CUR_MAX == 1 ? fallback_width(cp) : 1;
}

int tz_str_width(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    int width = 0;
    while (n) {
        uint32_t cp;
        size_t used = tz_utf8_decode(s, n, &cp);
        width += tz_char_width(cp);
        s += used;
        n -= used;
    }
    return width;
}

int tz_wcs_width(const wchar_t *w, size_t n)
{
    int width = 0;
    for (size_t i = 0; i < n; i++)
        width += tz_char_width((uint32_t)w[i]);
    return width;
}

/* ---- conversions -------------------------------------------------------------------------- */

wchar_t *tz_utf8_to_wcs(const char *s, size_t *len)
{
    size_t n = s ? strlen(s) : 0;
    /* never more characters than bytes */
    wchar_t *w = malloc((n + 1) * sizeof *w);
    if (!w)
        return NULL;
    size_t count = 0;
    while (n) {
        uint32_t cp;
        size_t used = tz_utf8_decode(s, n, &cp);
        w[count++] = (wchar_t)cp;
        s += used;
        n -= used;
    }
    w[count] = L'\0';
    if (len)
        *len = count;
    return w;
}

char *tz_wcs_to_utf8(const wchar_t *w, size_t n)
{
    if (n > (SIZE_MAX - 1) / 4)
        return NULL;
    char *s = malloc(n * 4 + 1);
    if (!s)
        return NULL;
    size_t pos = 0;
    for (size_t i = 0; i < n; i++)
        pos += tz_utf8_encode((uint32_t)w[i], s + pos);
    s[pos] = '\0';
    return s;
}

/* ---- fitting to a width ------------------------------------------------------------------- */

size_t tz_utf8_whole(const char *s, size_t n)
{
    size_t lead = n;
    while (lead > 0 && n - lead < 3 && is_continuation((unsigned char)s[lead - 1]))
        lead--;
    if (lead == 0)
        return n;
    lead--; /* the last character's first byte */
    return n - lead < sequence_length((unsigned char)s[lead]) ? lead : n;
}

size_t tz_utf8_prefix_fit(const char *s, int width, int *used)
{
    size_t n = s ? strlen(s) : 0, pos = 0;
    int cols = 0;
    while (pos < n) {
        uint32_t cp;
        size_t k = tz_utf8_decode(s + pos, n - pos, &cp);
        int w = tz_char_width(cp);
        if (cols + w > width)
            break;
        cols += w;
        pos += k;
    }
    if (used)
        *used = cols;
    return pos;
}

/* A bounded writer into the caller's buffer; whole characters only, always NUL-terminated. */
typedef struct {
    char *out;  /* the caller's buffer */
    size_t cap; /* its size in bytes */
    size_t pos; /* bytes written */
    bool full;  /* a write did not fit: nothing more is written */
} fit_writer;

static void put_bytes(fit_writer *fw, const char *s, size_t n)
{
    if (fw->full || fw->pos + n >= fw->cap) {
        fw->full = true;
        return;
    }
    memcpy(fw->out + fw->pos, s, n);
    fw->pos += n;
    fw->out[fw->pos] = '\0';
}

static void put_spaces(fit_writer *fw, int n)
{
    for (int i = 0; i < n; i++)
        put_bytes(fw, " ", 1);
}

/* Copies `bytes` of s; a control character or a malformed byte goes out as U+FFFD, the
 * one-column replacement its width was counted as, so the terminal never receives it raw. */
static void put_text(fit_writer *fw, const char *s, size_t bytes)
{
    size_t pos = 0;
    while (pos < bytes) {
        uint32_t cp;
        size_t k = tz_utf8_decode(s + pos, bytes - pos, &cp);
        if (is_control(cp))
            cp = TZ_REPLACEMENT;
        char enc[4];
        put_bytes(fw, enc, tz_utf8_encode(cp, enc));
        pos += k;
    }
}

char *tz_fit(char *out, size_t cap, const char *s, int width, char align, bool ellipsis)
{
    if (cap == 0)
        return out;
    out[0] = '\0';
    fit_writer fw = { out, cap, 0, false };
    if (width <= 0)
        return out;
    if (!s)
        s = "";
    static const char ell[] = "\xE2\x80\xA6"; /* … */
    int ell_w = tz_char_width(0x2026);
    int text_w = tz_str_width(s);
    bool cut = text_w > width;
    bool with_ell = cut && ellipsis && ell_w <= width;
    int used;
    size_t bytes = tz_utf8_prefix_fit(s, with_ell ? width - ell_w : width, &used);
    if (with_ell)
        used += ell_w;
    int pad = width - used; /* includes the gap left by a wide character cut at the edge */
    int left = align == 'r' ? pad : align == 'c' ? pad / 2 : 0;
    put_spaces(&fw, left);
    put_text(&fw, s, bytes);
    if (with_ell)
        put_bytes(&fw, ell, sizeof ell - 1);
    put_spaces(&fw, pad - left);
    return out;
}

size_t tz_utf8_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}
