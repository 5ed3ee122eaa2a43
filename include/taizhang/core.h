/* core — the bottom layer: status codes and error messages, UI language, display width and
 * UTF-8, dates, money in 分, ID-number check digits, a growable string buffer.
 * No curses, no SQLite. Functions return a status or a value; nothing here prints. */
#ifndef TAIZHANG_CORE_H
#define TAIZHANG_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <wchar.h>

/* ---- status and errors ------------------------------------------------------------------
 * One enum for the project. Lower layers fill a tz_error (code + a message the clerk can read,
 * already in the UI language) and return the code; the UI or the CLI shows the message. */
typedef enum {
    TZ_OK = 0,
    TZ_ERR_NOMEM,      /* out of memory */
    TZ_ERR_IO,         /* a file could not be read or written */
    TZ_ERR_INVALID,    /* a value or argument is not valid */
    TZ_ERR_PARSE,      /* a definition file is malformed */
    TZ_ERR_DB,         /* any other SQLite failure */
    TZ_ERR_CONSTRAINT, /* a rule in the schema refused the change */
    TZ_ERR_BUSY,       /* the database stayed locked past the busy timeout */
    TZ_ERR_READONLY,   /* the database or its folder cannot be written */
    TZ_ERR_NOTFOUND,   /* the record or file does not exist */
    TZ_ERR_VERSION,    /* the database was made by a newer taizhang */
    TZ_ERR_CORRUPT,    /* the database file is damaged or not a database */
    TZ_ERR_EXISTS,     /* refused to overwrite an existing file */
    TZ_ERR_CONFLICT,   /* someone else changed the record since it was read */
    TZ_ERR_DENIED,     /* not signed in, or the clerk's role or township does not allow it */
} tz_status;

typedef struct {
    tz_status code; /* TZ_OK when nothing went wrong */
    char msg[512];  /* UTF-8, in the UI language; empty when code is TZ_OK */
} tz_error;

/* Sets err (when not NULL) and returns code, so callers can `return tz_fail(...)`. */
tz_status tz_fail(tz_error *err, tz_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tz_error_clear(tz_error *err);
/* A short generic text for a status, in the UI language (borrowed, static). */
const char *tz_status_text(tz_status code);

/* ---- UI language ------------------------------------------------------------------------
 * Chinese by default; English when LC_ALL / LC_MESSAGES / LANG (first one set) starts "en". */
typedef enum { TZ_LANG_ZH, TZ_LANG_EN } tz_lang;
void tz_lang_set(tz_lang lang);
tz_lang tz_lang_get(void);
tz_lang tz_lang_from_env(void);
/* Picks the text for the current language: tz_L("保存", "Save"). Borrowed. */
const char *tz_L(const char *zh, const char *en);

/* ---- memory -----------------------------------------------------------------------------
 * Returns a new copy (caller frees) or NULL on out-of-memory; NULL in gives NULL out. */
char *tz_strdup(const char *s);
char *tz_strndup(const char *s, size_t n);

/* A growable NUL-terminated byte buffer. Owns buf; tz_sb_free releases it. Appends never
 * fail half-way: on out-of-memory the buffer keeps its old content and `failed` is set. */
typedef struct {
    char *buf;   /* NUL-terminated text, or NULL before the first append */
    size_t len;  /* bytes used, without the NUL */
    size_t cap;  /* bytes allocated */
    bool failed; /* an append ran out of memory */
} tz_sb;
void tz_sb_append(tz_sb *sb, const char *s);
void tz_sb_appendn(tz_sb *sb, const char *s, size_t n);
void tz_sb_printf(tz_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tz_sb_reset(tz_sb *sb);   /* empties, keeps the allocation */
char *tz_sb_take(tz_sb *sb);   /* hands the string to the caller ("" if empty); sb is reset */
void tz_sb_free(tz_sb *sb);

/* ---- files built into the binary (form definitions, migrations) ---------------------------- */
typedef struct {
    const char *name; /* base name, e.g. "units.form" */
    const char *text; /* whole file */
} tz_embedded;

/* ---- UTF-8 and display width ----------------------------------------------------------------
 * Widths are terminal columns: a Chinese character is 2, a combining mark 0. Decoding does not
 * depend on the locale; widths use wcwidth(), so the process must run in a UTF-8 locale. */
#define TZ_REPLACEMENT 0xFFFD
/* Decodes one code point at s (up to n bytes). Returns the bytes used (>= 1 when n >= 1);
 * a malformed or truncated sequence yields TZ_REPLACEMENT and consumes 1 byte. */
size_t tz_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (4 bytes room); returns the byte count (invalid cp → U+FFFD). */
size_t tz_utf8_encode(uint32_t cp, char out[4]);
bool tz_utf8_valid(const char *s);
size_t tz_utf8_count(const char *s);        /* characters (code points), not bytes */
/* Columns of one character: control and unprintable characters count as 1 (they are shown
 * as a replacement), combining marks 0, East Asian wide 2. */
int tz_char_width(uint32_t cp);
int tz_str_width(const char *s);            /* columns of a UTF-8 string */
int tz_wcs_width(const wchar_t *w, size_t n);
/* Converts UTF-8 to a new wide string (caller frees); *len (may be NULL) receives its
 * length. Malformed bytes become U+FFFD. NULL on out-of-memory. */
wchar_t *tz_utf8_to_wcs(const char *s, size_t *len);
/* Converts n wide characters to a new UTF-8 string (caller frees), NULL on out-of-memory. */
char *tz_wcs_to_utf8(const wchar_t *w, size_t n);
/* Byte length of the longest prefix of s that fits in `width` columns, never cutting a
 * character; *used (may be NULL) receives the columns that prefix takes. */
size_t tz_utf8_prefix_fit(const char *s, int width, int *used);
/* Byte length of the first n bytes of s less a character cut short at their end (text read
 * into a buffer that it filled). */
size_t tz_utf8_whole(const char *s, size_t n);
/* Writes s into out (cap bytes) fitted to exactly `width` columns: cut (with "…" when
 * ellipsis is true and it had to cut) and padded with spaces; align: 'l', 'r' or 'c'.
 * A wide character that would straddle the edge is replaced by a space. Returns out. */
char *tz_fit(char *out, size_t cap, const char *s, int width, char align, bool ellipsis);

/* ---- dates: "YYYY-MM-DD" text -----------------------------------------------------------
 * Accepts 2026-11-26, 2026-1-5, 2026/11/26, 2026.11.26 and 20261126; writes the canonical
 * form into out. Years 1900–2999. Returns false for anything else or an impossible date. */
bool tz_date_parse(const char *in, char out[11]);
bool tz_date_valid(const char *iso);   /* exactly YYYY-MM-DD and a real date */
/* Whether `in` is written like a date (any of the forms above) whatever its day: writes it as
 * YYYY-MM-DD ("2026/2/30" → "2026-02-30"), so a message can name the day that does not exist. */
bool tz_date_shape(const char *in, char out[11]);
void tz_date_today(char out[11]);      /* local date */
bool tz_leap_year(int year);

/* ---- money: an integer number of 分 ------------------------------------------------------
 * Parses "1234", "1,234.5", "1234.50", "-12.30", "￥1,234.00" (spaces ignored) in 元, and an
 * amount ending in 元, 万 or 万元 in that unit ("1.5万" = 15000 元, "15000元"). More decimals
 * than name whole 分, misplaced commas or anything else is refused. */
typedef enum { TZ_MONEY_YUAN, TZ_MONEY_WAN } tz_money_unit;
bool tz_money_parse(const char *in, int64_t *fen);
/* The same, with a bare number read in `bare` (a field shown in 万元 reads "1.5" as 1.5 万元). */
bool tz_money_parse_in(const char *in, tz_money_unit bare, int64_t *fen);
/* Formats as "1,234.50" / "-0.05" into out (at least 32 bytes). Returns out. */
char *tz_money_format(int64_t fen, char *out, size_t cap);
/* In a unit: 元 as above; 万元 with two decimals, more where needed to keep every 分
 * (1500000 → "1.50", 1234567 → "1.234567"). Returns out. */
char *tz_money_format_in(int64_t fen, tz_money_unit unit, char *out, size_t cap);

/* ---- 身份证号 (GB 11643, ISO 7064 MOD 11-2) ------------------------------------------------ */
/* The check character ('0'–'9' or 'X') for the first 17 digits, or 0 if they are not digits. */
char tz_idcard_check_char(const char *first17);
/* 18 characters, 17 digits then the right check character (x accepted as X), and the birth
 * date in positions 7–14 a real date. */
bool tz_idcard_valid(const char *id);
/* The birth date in positions 7–14 as YYYY-MM-DD; false unless 18 characters and a real date. */
bool tz_idcard_birth(const char *id, char out[11]);
/* The sex of a valid number: its 17th digit is odd for a man, even for a woman. */
bool tz_idcard_male(const char *id);

/* ---- small helpers ---------------------------------------------------------------------- */
/* Parses a whole decimal integer (optional sign, surrounding spaces). */
bool tz_parse_int(const char *s, int64_t *out);
/* Trims ASCII spaces at both ends in place; returns s. */
char *tz_trim(char *s);
/* True when SQL text is one whole condition once put in parentheses: outside its quoted
 * strings and names, parentheses balance and never close more than are open, and it has no
 * ; -- or slash-star that could end the statement or hide the rest of it. */
bool tz_sql_expr_closed(const char *s);

/* ---- files ------------------------------------------------------------------------------ */
/* Writes all len bytes to fd, going on after a signal; false on an error (errno says). */
bool tz_write_all(int fd, const void *data, size_t len);
/* An output file (an export, a print file) being written. tz_outfile_open makes a private
 * temporary file to write, by fd or by its name tmp; tz_outfile_finish puts it in place:
 *   - over a regular file: renamed over it, taking its mode and owner; a new file is 0600;
 *     a symbolic link is followed, and stays a link;
 *   - onto anything else that exists (/dev/null, a FIFO): copied into it, which keeps its type.
 * Until then the target is untouched; on failure (or keep false) it stays as it was. */
typedef struct {
    char *target;       /* the path finally written (a link's target); owned */
    char *tmp;          /* the temporary file; owned */
    int fd;             /* open on tmp, for writing */
    bool direct;        /* the target is not a regular file: copied into at the end */
    bool replaces;      /* a regular file is replaced: old_* are its mode and owner */
    mode_t old_mode;
    uid_t old_uid;
    gid_t old_gid;
} tz_outfile;
tz_status tz_outfile_open(tz_outfile *o, const char *path, tz_error *err);
/* Closes fd and puts the file in place (keep) or throws it away; frees what o owns. */
tz_status tz_outfile_finish(tz_outfile *o, bool keep, tz_error *err);
/* Writes data as the whole content of path, as above (TZ_ERR_IO with the reason). */
tz_status tz_write_file(const char *path, const char *data, size_t len, tz_error *err);
/* ---- a setgid run (src/core/privs.c) ---------------------------------------------------------
 * tz_privs_init, first thing in main: when the binary runs setgid, its group is kept aside and
 * the effective group becomes the user's own. tz_privs_raise takes the group up (true when it
 * did), tz_privs_lower puts it aside again. */
void tz_privs_init(void);
bool tz_privs_setgid(void);
gid_t tz_privs_group(void); /* the kept group; (gid_t)-1 when not setgid */
bool tz_privs_raise(void);
void tz_privs_lower(void);

/* What a system error (errno) means, in the UI's language, and what to do about it. */
const char *tz_errno_text(int e);
/* True when the folder dir is trusted like a configuration file (as sudo trusts sudoers):
 * it, every file in it and every folder above it belong to owner or root, and no one else can
 * write them (a sticky folder such as /tmp above it is fine); no symbolic links in it. */
bool tz_dir_private_to(const char *dir, uid_t owner);

/* ---- passwords (libcrypt yescrypt) ---------------------------------------------------------
 * Hashes are about 73 characters; give out at least TZ_HASH_MAX bytes. */
#define TZ_HASH_MAX 128
bool tz_password_hash(const char *password, char *out, size_t cap);
/* The same with the salt's random bytes given: reproducible hashes for the sample data. */
bool tz_password_hash_with(const char *password, const unsigned char *rbytes, size_t nrbytes,
                           char *out, size_t cap);
/* True when password hashes to stored (re-hashed with the setting stored in it). */
bool tz_password_verify(const char *password, const char *stored);
/* Hash in the helper program at path (taizhang-crypt, src/crypt_main.c) from now on, so that
 * yescrypt's 16 MiB stay out of this process; borrowed, keep it alive. NULL: hash here. If the
 * helper cannot be run, the hash is still computed, here. */
void tz_password_use_helper(const char *path);

/* ---- problems: "FILE:LINE: message" lists from parsers and checks ------------------------ */
typedef struct {
    char *file; /* as given by the producer: "forms/units.form" or an override path */
    int line;   /* 1-based; 0 when the problem is about the whole file */
    char *msg;  /* UTF-8 */
} tz_problem;
typedef struct {
    tz_problem *items; /* owned, with their strings */
    size_t n, cap;
} tz_problems;
void tz_problems_add(tz_problems *p, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void tz_problems_free(tz_problems *p);

#endif
