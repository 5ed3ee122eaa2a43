/* pinyin — first letters of the Mandarin readings (武冈市 → "wgs"), so a clerk can find a
 * village or a person by typing its initials. Readings come from Unihan kMandarin (generated
 * table, build/gen/pinyin_table.c); a short list overrides surnames read differently (单 Shan). */
#ifndef TAIZHANG_PINYIN_H
#define TAIZHANG_PINYIN_H

#include <stdbool.h>
#include <stdint.h>

/* Generated tables: one letter per code point, '-' where Unihan gives no reading. */
extern const char tz_pinyin_ext_a[]; /* U+3400–U+4DBF */
extern const char tz_pinyin_uro[];   /* U+4E00–U+9FFF */

/* Generated too: the syllables (zhang1, lv4), index 0 the empty one, and per code point the
 * index of its reading's syllable. */
extern const char *const tz_pinyin_syllables[];
extern const unsigned short tz_pinyin_ext_a_syllable[]; /* U+3400–U+4DBF */
extern const unsigned short tz_pinyin_uro_syllable[];   /* U+4E00–U+9FFF */

/* The initial ('a'–'z') of a Han character's most common reading, 0 if it has none. */
char tz_pinyin_initial(uint32_t cp);
/* The initial of cp read as a surname: the override list first, then tz_pinyin_initial. */
char tz_pinyin_surname_initial(uint32_t cp);
/* Initials of a UTF-8 text: a Han character gives its initial, an ASCII letter or digit is
 * kept (lower-cased), anything else is skipped. With `surname`, the first Han character is
 * read as a surname. Returns a new string (caller frees), NULL on out-of-memory. */
char *tz_pinyin_initials(const char *utf8, bool surname);
/* The key that orders texts as a Chinese spreadsheet sorts them, by pinyin: byte-wise order of
 * keys is the order of the readings, syllable by syllable, then tone (阿 a1 < 爱 ai4 < 白
 * bai2); a digit sorts before a letter, and a character with no reading after every letter,
 * by its code point. With `surname`, the first Han character is read as a surname (单 shan4).
 * Returns a new string (caller frees), NULL on out-of-memory. */
char *tz_pinyin_sort_key(const char *utf8, bool surname);

#endif
