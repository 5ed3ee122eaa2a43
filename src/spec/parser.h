/* parser.h — the spec layer's own: the state of the line parser shared by spec.c (.form and
 * .menu files) and report.c (.report files), and the helpers both use. Not a public header. */
#ifndef TAIZHANG_SPEC_PARSER_H
#define TAIZHANG_SPEC_PARSER_H

#include "taizhang/spec.h"

#include <stdarg.h>

#define SP_MAX_KEYS 24 /* keys of the largest section; `seen` has a bit per key */

typedef enum {
    SEC_NONE,   /* before the first section */
    SEC_SKIP,   /* inside a section that was refused; its keys are ignored */
    SEC_FORM,
    SEC_FIELD,
    SEC_LIST,
    SEC_DETAIL,
    SEC_LINK,
    SEC_MENU,
    SEC_REPORT,
    SEC_SHEET,
    SEC_COLUMN,
} section_kind;

typedef enum { FILE_FORM, FILE_MENU, FILE_REPORT } file_kind;

typedef struct {
    tz_formset *set;       /* borrowed: receives what the file declares */
    const char *file;      /* borrowed: name used in messages */
    tz_problems *probs;    /* borrowed */
    file_kind kind;        /* from the file name's extension */
    bool nomem;            /* an allocation failed; the result is incomplete */
    section_kind sec;      /* the section being read */
    unsigned seen;         /* bit per key already given in this section (duplicates) */
    int key_line[SP_MAX_KEYS]; /* line of each key of the current section, 0 if absent */
    tz_form *form;         /* this file's form (stable: one per file), or NULL */
    bool list_seen;        /* [list] already given */
    bool menu_seen;        /* a [menu] was opened in this file */
    char *columns;         /* raw `columns =` value, resolved when the file ends; owned */
    int columns_line;
    char *filters;         /* raw `filters =` value, resolved when the file ends; owned */
    int filters_line;
    tz_report *report;     /* this file's report (one per file), or NULL */
} parser;

/* Adds a problem whose message has a Chinese and an English format taking the same arguments. */
void sp_problem(parser *p, int line, const char *zh, const char *en, ...);
char *sp_dup_text(parser *p, const char *s);
/* Grows the array at `array` (*n elements of `size` bytes) by one zeroed element. */
void *sp_append_item(parser *p, void *array, size_t *n, size_t size);
bool sp_ends_with(const char *s, const char *suffix);
bool sp_is_ident(const char *s);
int sp_key_index(const char *const *names, int n, const char *key);
char *sp_next_item(char **rest);
int sp_split_words(char *s, char **tok, int max);
void sp_set_text(parser *p, char **dst, const char *value);
void sp_set_ident(parser *p, int line, const char *key, char **dst, const char *value);
void sp_set_int(parser *p, int line, const char *key, const char *value, int lo, int hi, int *dst);
void sp_set_bool(parser *p, int line, const char *key, const char *value, bool *dst);
bool sp_needs_name(parser *p, int line, const char *kind, const char *name);

/* report.c: the sections of a .report file, and the report checks of tz_spec_validate. */
void sp_open_report(parser *p, int line, const char *name);
void sp_open_sheet(parser *p, int line, const char *name);
void sp_open_column(parser *p, int line, const char *name);
/* Finds the key's table for the current report section: returns false if not a report one. */
bool sp_report_keys(section_kind sec, const char *const **names, int *n,
                    void (**set)(parser *p, int key, int line, const char *value));
void sp_close_report_section(parser *p);
void sp_finish_report_file(parser *p);
void sp_validate_reports(const tz_formset *set, tz_problems *probs);
void sp_free_report(tz_report *r);

#endif
