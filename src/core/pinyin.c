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
    uint32_t cp;            /* the character */
    char initial;           /* its initial when read as a surname */
    const char *syllable;   /* and its syllable, as in the generated table */
} surname_reading;

static const surname_reading surnames[] = {
    { 0x4E50, 'y', "yue4" },   /* 乐 Yuè (table: lè) */
    { 0x4EC7, 'q', "qiu2" },   /* 仇 Qiú (table: chóu) */
    { 0x533A, 'o', "ou1" },    /* 区 Ōu (table: qū) */
    { 0x5355, 's', "shan4" },  /* 单 Shàn (table: dān) */
    { 0x53E5, 'g', "gou1" },   /* 句 Gōu (table: jù) */
    { 0x53EC, 's', "shao4" },  /* 召 Shào (table: zhào) */
    { 0x5C09, 'y', "yu4" },    /* 尉 Yù, as in 尉迟 (table: wèi) */
    { 0x66FE, 'z', "zeng1" },  /* 曾 Zēng (table: céng) */
    { 0x67E5, 'z', "zha1" },   /* 查 Zhā (table: chá) */
    { 0x796D, 'z', "zhai4" },  /* 祭 Zhài (table: jì) */
    { 0x79CD, 'c', "chong2" }, /* 种 Chóng (table: zhǒng) */
    { 0x79D8, 'b', "bi4" },    /* 秘 Bì (table: mì) */
    { 0x7FDF, 'z', "zhai2" },  /* 翟 Zhái (table: dí) */
    { 0x8983, 'q', "qin2" },   /* 覃 Qín (table: tán) */
    { 0x89E3, 'x', "xie4" },   /* 解 Xiè (table: jiě) */
    { 0x957F, 'c', "chang2" }, /* 长 Cháng (table: zhǎng) */
    { 0x961A, 'k', "kan4" },   /* 阚 Kàn (table: hǎn) */
    { 0x9697, 'w', "wei3" },   /* 隗 Wěi (table: kuí) */
};

static int compare_surname(const void *key, const void *item)
{
    uint32_t cp = *(const uint32_t *)key;
    uint32_t other = ((const surname_reading *)item)->cp;
    return cp < other ? -1 : cp > other;
}

static const surname_reading *surname_of(uint32_t cp)
{
    return bsearch(&cp, surnames, sizeof surnames / sizeof surnames[0], sizeof surnames[0],
                   compare_surname);
}

char tz_pinyin_surname_initial(uint32_t cp)
{
    const surname_reading *hit = surname_of(cp);
    return hit ? hit->initial : tz_pinyin_initial(cp);
}

/* The syllable of a Han character's reading (zhang1), "" if it has none. */
static const char *syllable_of(uint32_t cp, bool as_surname)
{
    const surname_reading *hit = as_surname ? surname_of(cp) : NULL;
    if (hit)
        return hit->syllable;
    unsigned short i = 0;
    if (cp >= 0x3400 && cp <= 0x4DBF)
        i = tz_pinyin_ext_a_syllable[cp - 0x3400];
    else if (cp >= 0x4E00 && cp <= 0x9FFF)
        i = tz_pinyin_uro_syllable[cp - 0x4E00];
    return tz_pinyin_syllables[i];
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

/* One character's part of a sort key. Letters and digits end in a digit too, so that a
 * shorter reading sorts first (zhan4 < zhang1: '4' < 'g'); a character with no reading is
 * '~' (after every letter) and its code point. */
static void append_key_part(tz_sb *sb, uint32_t cp, bool as_surname)
{
    const char *syllable = cp >= 0x3400 ? syllable_of(cp, as_surname) : "";
    char ascii = ascii_initial(cp);
    if (*syllable)
        tz_sb_append(sb, syllable);
    else if (ascii)
        tz_sb_printf(sb, "%c0", ascii);
    else
        tz_sb_printf(sb, "~%06X", (unsigned)cp);
}

char *tz_pinyin_sort_key(const char *utf8, bool surname)
{
    tz_sb sb = { 0 };
    tz_sb_append(&sb, "");
    size_t n = utf8 ? strlen(utf8) : 0;
    bool first_han = true;
    while (n) {
        uint32_t cp;
        size_t used = tz_utf8_decode(utf8, n, &cp);
        utf8 += used;
        n -= used;
        append_key_part(&sb, cp, surname && first_han && is_han(cp));
        first_han = first_han && !is_han(cp);
    }
    if (sb.failed) {
        tz_sb_free(&sb);
        return NULL;
    }
    return tz_sb_take(&sb);
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
