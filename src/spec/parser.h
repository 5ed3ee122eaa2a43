/* parser.h — the spec layer's own: the state of the line parser (parser.c), the table of keys
 * (keys.c) and what the readers of each kind of section share: form.c ([form], [field], [list],
 * [detail], [link]), menu.c ([menu]) and report.c ([report], [sheet], [column]). Not a public
 * header. */
#ifndef TAIZHANG_SPEC_PARSER_H
#define TAIZHANG_SPEC_PARSER_H

#include "taizhang/spec.h"

#include <stdarg.h>

#define SP_MAX_KEYS 128 /* rows of the key table (keys.c): key_line has one per row */

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
    int key_line[SP_MAX_KEYS]; /* per row of the key table: the line the current section gave
                                * it on, 0 if not given; negative: given, but its value refused
                                * in a way later checks must know (an unknown field type) */
    tz_form *form;         /* this file's form (stable: one per file), or NULL */
    bool list_seen;        /* [list] already given */
    bool menu_seen;        /* a [menu] was opened in this file */
    char *columns;         /* raw `columns =` value, resolved when the file ends; owned */
    int columns_line;
    char *filters;         /* raw `filters =` value, resolved when the file ends; owned */
    int filters_line;
    tz_report *report;     /* this file's report (one per file), or NULL */
} parser;

/* ---- parser.c: problems, small text helpers and the typed values of keys ------------------ */

/* Adds a problem whose message has a Chinese and an English format taking the same arguments. */
void sp_problem(parser *p, int line, const char *zh, const char *en, ...);
/* The same for the checks of a whole set, which have no parser. */
void sp_set_problem(tz_problems *probs, const char *file, int line, const char *zh,
                    const char *en, ...);
char *sp_dup_text(parser *p, const char *s);
/* Grows the array at `array` (*n elements of `size` bytes) by one zeroed element. */
void *sp_append_item(parser *p, void *array, size_t *n, size_t size);
bool sp_ends_with(const char *s, const char *suffix);
bool sp_is_ident(const char *s);
char *sp_next_item(char **rest);
/* Calls each(p, line, target, item) for every item of the comma list `value` (the item is a
 * private copy each may change); an empty item is a problem of the key `key`. */
typedef void sp_item_fn(parser *p, int line, void *target, char *item);
void sp_each_item(parser *p, int line, const char *key, const char *value, void *target, sp_item_fn *each);
int sp_split_words(char *s, char **tok, int max);
void sp_set_text(parser *p, char **dst, const char *value);
void sp_set_ident(parser *p, int line, const char *key, char **dst, const char *value);
void sp_set_int(parser *p, int line, const char *key, const char *value, int lo, int hi, int *dst);
void sp_set_bool(parser *p, int line, const char *key, const char *value, bool *dst);
bool sp_needs_name(parser *p, int line, const char *kind, const char *name);

/* ---- keys.c: the table of keys ------------------------------------------------------------ */

#define TYPE_BIT(t) (1u << (t)) /* a set of field types (tz_field_type) */

/* A key the section's reader parses itself: obj is the section's struct (keys.c: section_object). */
typedef void (*sp_key_parse)(parser *p, void *obj, int line, const char *value);

/* Stores `key = value` in the current section, or reports why not (unknown key, given twice,
 * no value). */
void sp_set_key(parser *p, int line, const char *key, const char *value);
/* The line the current section gave the key on; 0 if not given, negative if refused (see
 * parser.key_line). The slot: to mark the key refused. */
int sp_key_line(const parser *p, const char *name);
int *sp_key_slot(parser *p, const char *name);
/* Problems for the keys given to a field whose type they do not fit. */
void sp_check_key_fits(parser *p, const tz_field *f);

/* ---- form.c: [form], [field], [list], [detail], [link] ------------------------------------- */

void sp_open_form(parser *p, int line, const char *name);
void sp_open_field(parser *p, int line, const char *name);
void sp_open_list(parser *p, int line, const char *name);
void sp_open_detail(parser *p, int line, const char *name);
void sp_open_link(parser *p, int line, const char *name);
void sp_close_form_section(parser *p);
void sp_finish_form_file(parser *p);
const char *sp_field_type_name(tz_field_type t);
void sp_parse_order(parser *p, void *form, int line, const char *value);
void sp_parse_search(parser *p, void *form, int line, const char *value);
void sp_parse_filters(parser *p, void *form, int line, const char *value);
void sp_parse_print(parser *p, void *form, int line, const char *value);
void sp_parse_type(parser *p, void *field, int line, const char *value);
void sp_parse_choices(parser *p, void *field, int line, const char *value);
void sp_parse_where(parser *p, void *field, int line, const char *value);
void sp_parse_check(parser *p, void *field, int line, const char *value);
void sp_free_form(tz_form *f);

/* ---- menu.c: [menu] ------------------------------------------------------------------------- */

void sp_open_menu(parser *p, int line, const char *name);
void sp_close_menu_section(parser *p);
void sp_finish_menu_file(parser *p);
void sp_parse_menu_item(parser *p, void *menu, int line, const char *value);
void sp_free_menu(tz_menu *m);

/* ---- report.c: [report], [sheet], [column], and the report checks of tz_spec_validate ------- */

void sp_open_report(parser *p, int line, const char *name);
void sp_open_sheet(parser *p, int line, const char *name);
void sp_open_column(parser *p, int line, const char *name);
void sp_close_report_section(parser *p);
void sp_finish_report_file(parser *p);
void sp_check_template(parser *p, int line, const char *key, const char *text);
void sp_parse_params(parser *p, void *report, int line, const char *value);
void sp_parse_format(parser *p, void *column, int line, const char *value);
void sp_parse_total(parser *p, void *column, int line, const char *value);
void sp_parse_value(parser *p, void *column, int line, const char *value);
void sp_validate_reports(const tz_formset *set, tz_problems *probs);
void sp_free_report(tz_report *r);

#endif
