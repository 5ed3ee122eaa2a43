/* pinyin.c — initials of Mandarin readings, for finding records by typing 武冈市 as "wgs". */
#include "taizhang/pinyin.h"

#include "taizhang/core.h"

#include <stdlib.h>
#include <string.h>

char tz_pinyin_initial(uint32_t cp)
{
    char c = 0;
    if (cp >= 0x3400 && cp <= 0x4DBF)
        c = tz_pinyin_ext_a[cp - 0x3400];
    else if (cp >= 0x4E00 && cp <= 0x9FFF)
        c = tz_pinyin_uro[cp - 0x4E00];
    return c == '-' ? 0 : c;
}

/* Surnames whose reading differs in its initial from the first kMandarin reading in the
 * table (单 Shàn, not dān). Sorted by code point for bsearch. Also on the usual list but left
 * out because the table already gives the right letter: 朴 p, 盖 g, 缪 m, 华 h, 洗 x, 冼 x,
 * 员 y. */
typedef struct {
    uint32_t cp;    /* the character */
    char initial;   /* its initial when read as a surname */
} surname_reading;

static const surname_reading surnames[] = {
    { 0x4E50, 'y' }, /* 乐 Yuè (table: lè) */
    { 0x4EC7, 'q' }, /* 仇 Qiú (table: chóu) */
    { 0x533A, 'o' }, /* 区 Ōu (table: qū) */
    { 0x5355, 's' }, /* 单 Shàn (table: dān) */
    { 0x53E5, 'g' }, /* 句 Gōu (table: jù) */
    { 0x53EC, 's' }, /* 召 Shào (table: zhào) */
    { 0x5C09, 'y' }, /* 尉 Yù, as in 尉迟 (table: wèi) */
    { 0x66FE, 'z' }, /* 曾 Zēng (table: céng) */
    { 0x67E5, 'z' }, /* 查 Zhā (table: chá) */
    { 0x796D, 'z' }, /* 祭 Zhài (table: jì) */
    { 0x79CD, 'c' }, /* 种 Chóng (table: zhǒng) */
    { 0x79D8, 'b' }, /* 秘 Bì (table: mì) */
    { 0x7FDF, 'z' }, /* 翟 Zhái (table: dí) */
    { 0x8983, 'q' }, /* 覃 Qín (table: tán) */
    { 0x89E3, 'x' }, /* 解 Xiè (table: jiě) */
    { 0x957F, 'c' }, /* 长 Cháng (table: zhǎng) */
    { 0x961A, 'k' }, /* 阚 Kàn (table: hǎn) */
    { 0x9697, 'w' }, /* 隗 Wěi (table: kuí) */
};

static int compare_surname(const void *key, const void *item)
{
    uint32_t cp = *(const uint32_t *)key;
    uint32_t other = ((const surname_reading *)item)->cp;
    return cp < other ? -1 : cp > other;
}

char tz_pinyin_surname_initial(uint32_t cp)
{
    const surname_reading *hit = bsearch(&cp, surnames, sizeof surnames / sizeof surnames[0],
                                         sizeof surnames[0], compare_surname);
    return hit ? hit->initial : tz_pinyin_initial(cp);
}

static bool is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF);
}

static char ascii_initial(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return (char)(cp - 'A' + 'a');
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
        return (char)cp;
    return 0;
}

char *tz_pinyin_initials(const char *utf8, bool surname)
{
    size_t n = utf8 ? strlen(utf8) : 0;
    char *out = malloc(n + 1); /* one letter per character at most */
    if (!out)
        return NULL;
    size_t len = 0;
    bool first_han = true;
    while (n) {
        uint32_t cp;
        size_t used = tz_utf8_decode(utf8, n, &cp);
        utf8 += used;
        n -= used;
        char c = ascii_initial(cp);
        if (!c && is_han(cp)) {
            c = surname && first_han ? tz_pinyin_surname_initial(cp) : tz_pinyin_initial(cp);
            first_han = false;
        }
        if (c)
            out[len++] = c;
    }
    out[len] = '\0';
    return out;
}
