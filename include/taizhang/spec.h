/* spec — form and menu definitions (the .form and .menu files under forms/) parsed into structs.
 * The format is documented in forms/README.md. Pure data: no curses, no SQLite. Checking a
 * definition against the live schema is the db layer's job (db_check_forms).
 *
 * Field types — how to add one:
 *   1. add TZ_FT_X to tz_field_type and its name to the table in src/spec/form.c;
 *   2. teach tz_field_format / tz_field_parse (src/spec/value.c) its stored and shown forms;
 *   3. teach the form view how to edit it (src/ui/formview.c), and document it in forms/README.md. */
#ifndef TAIZHANG_SPEC_H
#define TAIZHANG_SPEC_H

#include "taizhang/core.h"

typedef enum {
    TZ_FT_TEXT,    /* one line of text */
    TZ_FT_INTEGER, /* whole number */
    TZ_FT_MONEY,   /* stored as integer 分, shown 1,234.50 */
    TZ_FT_DATE,    /* stored YYYY-MM-DD */
    TZ_FT_CHOICE,  /* stored as a code, shown as its label */
    TZ_FT_YESNO,   /* stored 1 / 0 */
    TZ_FT_MEMO,    /* several lines of text */
    TZ_FT_LOOKUP,  /* stored as the id of a row of another form's table */
    TZ_FT_NUMBER,  /* a decimal with at most 2 decimals (scores: 8.5), stored REAL */
} tz_field_type;

/* What a text field holds beyond text (`check = …`), checked as it is typed. */
typedef enum {
    TZ_CHECK_NONE,
    TZ_CHECK_IDCARD, /* 居民身份证号: 18 characters, check digit, birth date; x → X */
    TZ_CHECK_PHONE,  /* a mobile (13812345678) or a landline with its area code (0739-1234567) */
} tz_text_check;

typedef struct {
    char *code; /* stored in the database, e.g. "township" */
    char *zh;   /* shown label, e.g. "乡镇/街道" */
    char *en;   /* English label; falls back to zh */
} tz_choice;

typedef struct {
    char *column;       /* database column */
    char *label;        /* Chinese label */
    char *label_en;     /* English label, or NULL */
    tz_field_type type;
    int width;          /* input width in display columns */
    int height;         /* rows (memo; 1 otherwise) */
    int maxlen;         /* most characters accepted */
    bool required;
    bool readonly;      /* shown, never edited */
    char *defval;       /* stored form of the default for a new record, or NULL; "today" for dates */
    tz_choice *choices; /* choice fields */
    size_t nchoices;
    char *vocab;        /* choices = @NAME: the choices are the vocabulary NAME of the database's
                         * choices table, filled in by db_load_choices; else NULL */
    char *vocab_only;   /* choices = @NAME: a, b — only those codes of it, comma list; or NULL */
    char *lookup;       /* lookup fields: name of the form whose rows are picked */
    char *where;        /* lookup fields: optional SQL condition on the target table */
    char *pinyin;       /* text fields: column that also stores the pinyin initials */
    bool surname;       /* with pinyin: the first character is read as a surname */
    char *sortkey;      /* text fields: column that stores the pinyin sort key, which the
                           list orders this field by (tz_pinyin_sort_key) */
    tz_text_check check; /* text fields: what the text must be (an ID number, a phone) */
    char *birth;        /* an ID-number field: the date field its birth date fills, or NULL */
    char *sex;          /* an ID-number field: the choice field (男/女) its sex fills, or NULL */
    char *under;        /* choice fields of a tree form: "parent:child, …" — a new row below a
                           row whose value is parent starts as child (a unit under a township
                           is a village) */
    char *help;         /* one line shown while the field is edited */
    char *help_en;
    int line;           /* where [field] starts */
} tz_field;

typedef struct {
    int field; /* index into the form's fields */
    int width; /* display columns in the list */
    int line;
} tz_column;

typedef enum { TZ_SEARCH_CONTAINS, TZ_SEARCH_PREFIX } tz_search_mode;
typedef struct {
    char *column;
    tz_search_mode mode; /* "%name%" contains, "code%" prefix (indexed) */
} tz_search;

/* A detail grid: rows of another form's table that belong to this record (contract items). */
typedef struct {
    char *name;     /* the grid's name in [detail NAME] */
    char *form;     /* form that declares the grid's fields and columns */
    char *link;     /* column of that form's table holding this record's id */
    char *title;
    char *title_en;
    int rows;       /* grid rows shown on the form */
    int line;
} tz_detail;

/* A link from a record to the rows of another form that refer to it ("this person's postings"). */
typedef struct {
    char *name;     /* the link's name in [link NAME] */
    char *form;     /* the form whose rows are listed */
    char *column;   /* column of that form's table holding this record's id */
    char *title, *title_en; /* shown in the link menu; defaults to the target form's title */
    int line;
} tz_link;

/* A list filter the clerk can set (year, status, township ...). */
typedef struct {
    int field;      /* index into the form's fields: a choice, yes/no, integer or lookup field */
    int line;
} tz_filterdef;

typedef struct {
    char *name;        /* from [form NAME] */
    char *file;        /* where it was read, for messages */
    int line;
    char *title, *title_en;
    char *table;
    char *display;     /* column that names a row when another form looks it up */
    char *order;       /* default sort column */
    bool order_desc;   /* "order = year desc": newest first */
    char *tree;        /* column pointing at the parent row of the same table (drill-down) */
    char *filter;      /* column a list may be filtered by (a lookup field's column) */
    char *help, *help_en;
    char *view;        /* reads (lists, loading a record) come from this view; writes go to table */
    bool readonly;     /* the whole form only shows: no new, save or delete */
    char *counts;      /* a choice field whose values are counted in the list's status line */
    bool single;       /* the table has one row (settings): the menu opens it as a form */
    char **print;      /* reports F9 offers on this form's list and records (names) */
    size_t nprint;
    int table_line, display_line, order_line, tree_line, filter_line, search_line;
    int view_line, counts_line, print_line;
    tz_field *fields;   size_t nfields;
    tz_column *columns; size_t ncolumns;
    tz_search *search;  size_t nsearch;
    tz_detail *details; size_t ndetails;
    tz_filterdef *filters; size_t nfilters;
    tz_link *links;     size_t nlinks;
} tz_form;

typedef struct {
    char key;       /* '1'..'9' */
    char hotkey;    /* 'a'..'z' */
    char *target;   /* form, menu or command name */
    bool is_menu;   /* "menu:NAME" */
    bool is_command; /* "cmd:NAME": an action of the program (backup …), checked by the ui */
    bool is_report; /* "report:NAME": asks the report's parameters, then previews or exports */
    int line;
} tz_menu_item;

typedef struct {
    char *name;
    char *file;
    int line;
    char *title, *title_en;
    tz_menu_item *items; size_t nitems;
} tz_menu;

/* ---- reports (.report files) --------------------------------------------------------------
 * One report model — sheets of columns over a query, with group subtotals (小计) and a total
 * (合计) — rendered by the report layer to .xlsx, to the screen and to printer text. */

/* How a column's values are shown, and what they are in the model. */
typedef enum {
    TZ_RF_TEXT,    /* text as the query gives it */
    TZ_RF_INTEGER, /* a count: 12 */
    TZ_RF_WAN,     /* money: the query gives 分, shown in 万元 with two decimals */
    TZ_RF_YUAN,    /* money: the query gives 分, shown in 元 with two decimals */
    TZ_RF_SCORE,   /* a score with at most two decimals: 92.5 */
    TZ_RF_PERCENT, /* a ratio shown as 87.5% (a computed `rate` column) */
    TZ_RF_DATE,    /* a day: the query gives YYYY-MM-DD; text in the model, a date in a workbook */
} tz_rformat;

/* What a column's subtotal and total cells hold. */
typedef enum { TZ_AGG_NONE, TZ_AGG_SUM, TZ_AGG_MIN, TZ_AGG_MAX } tz_agg;

/* Where a column's values come from. */
typedef enum {
    TZ_RV_QUERY, /* the query's result column of the same name */
    TZ_RV_SEQ,   /* 1, 2, 3 … on data rows (序号) */
    TZ_RV_RATE,  /* a / b of two other columns, on every row and recomputed on subtotals */
    TZ_RV_MEAN,  /* a / b too (a sum over a count), shown in a's format */
} tz_rvalue;

typedef struct {
    char *name;        /* the query's column (or a computed column's own name) */
    char *label;       /* header; "上|下" is a two-level header, merged over equal tops */
    tz_rformat format;
    int width;         /* at least this many display columns (0: from the content) */
    tz_agg total;
    tz_rvalue value;
    int arg[2];        /* rate / mean: indices of the two columns, resolved at the sheet's end */
    char *argname[2];
    bool hidden;       /* an input of a rate or mean, not shown */
    int line;
} tz_rcolumn;

/* A rule each data row must keep: column left <= column right (paid to date <= budgeted). */
typedef struct {
    int left, right;   /* column indices */
    int line;
} tz_rcheck;

typedef struct {
    char *name;        /* [sheet NAME] */
    char *tab;         /* the worksheet's tab name */
    char *title;       /* texts with {placeholders}; see forms/README.md */
    char *subtitle;    /* the line under the title; default the report's */
    char *measure;     /* 单位：万元, at the right of the subtitle line */
    char *footer;      /* the line under the table; default the report's */
    char *corner;      /* "表号：…|制表机关：…": cells at the top right; default the report's */
    char *note;        /* a note under the table (注：…); default the report's */
    char *info;        /* SQL, one row: "column alias：value" lines above the table */
    char *query;       /* SQL: the rows, in order (grouped rows together) */
    char *verify;      /* SQL, one row: independent totals of the summed columns (报表校核) */
    char *summary;     /* SQL, one row: "alias：value" lines under the table */
    int group;         /* column whose change closes a group with a 小计 row; -1 none */
    int subtotal;      /* column that reads 小计 on subtotal rows; -1: the first shown */
    bool total;        /* a 合计 row (default yes) */
    bool headings;     /* on paper the group column's values are headings over their rows */
    char *sign;        /* signature blocks under the table on paper: "甲（盖章）/乙（签字）, …" */
    tz_rcolumn *columns; size_t ncolumns;
    tz_rcheck *checks; size_t nchecks;
    char *group_name, *subtotal_name, *check_text; /* resolved at the sheet's end */
    int line, query_line, info_line, verify_line, summary_line, group_line, subtotal_line;
    int check_line, headings_line;
} tz_rsheet;

/* Parameters a report takes (bits of tz_report.params). */
enum { TZ_RP_YEAR = 1, TZ_RP_QUARTER = 2, TZ_RP_UNIT = 4, TZ_RP_ID = 8 };

typedef struct {
    char *name;
    char *file;        /* where it was read, for messages */
    int line;
    char *title, *title_en;
    unsigned params;   /* TZ_RP_* */
    char *output;      /* default file name of an export, with {placeholders} */
    char *subtitle, *footer;
    char *corner, *note; /* defaults of the sheets' corner and note */
    char *record;      /* with params id: the table the id is a row of (scope is checked) */
    tz_rsheet *sheets; size_t nsheets;
    int params_line, output_line, subtitle_line, footer_line, corner_line, note_line;
} tz_report;

typedef struct {
    tz_form *forms; size_t nforms;
    tz_menu *menus; size_t nmenus;
    tz_report *reports; size_t nreports;
} tz_formset;

/* Parses one file's text and appends what it declares to set. `file` is used in messages.
 * Problems are appended as FILE:LINE: message; returns TZ_ERR_PARSE if there were any. */
tz_status tz_spec_parse(tz_formset *set, const char *file, const char *text, tz_problems *probs);
/* Loads every built-in file, then every *.form / *.menu file in dir (when not NULL), which
 * replaces the built-in file of the same name or adds a new one; then tz_spec_validate.
 * Returns TZ_OK only when there were no problems. */
tz_status tz_spec_load(tz_formset *set, const tz_embedded *builtin, size_t nbuiltin,
                       const char *dir, tz_problems *probs);
/* Cross-references within the set: lookup, detail and menu targets exist; list columns and
 * the order column name declared fields; a menu "main" exists; names are unique. */
void tz_spec_validate(const tz_formset *set, tz_problems *probs);
/* The keys the files accept, one per section that accepts it (src/spec/keys.c): the i-th key's
 * name and its section ("form", "field", "list", "detail", "link", "menu", "report", "sheet"
 * or "column"); false past the last. */
bool tz_spec_key(size_t i, const char **name, const char **section);
void tz_formset_free(tz_formset *set);

/* Borrowed pointers into set, or NULL. */
const tz_form *tz_spec_form(const tz_formset *set, const char *name);
const tz_menu *tz_spec_menu(const tz_formset *set, const char *name);
const tz_report *tz_spec_report(const tz_formset *set, const char *name);
int tz_form_field_index(const tz_form *form, const char *column); /* -1 if none */
/* The form's search has a term on a field's pinyin column: typing initials finds rows. */
bool tz_form_finds_initials(const tz_form *form);

/* Texts in the UI language (borrowed). */
const char *tz_form_title(const tz_form *form);
const char *tz_field_label(const tz_field *f);
const char *tz_field_help(const tz_field *f); /* "" if none */
/* The code a new row starts with below a row whose value is parent_value (`under`), borrowed;
 * NULL when `under` says nothing for it. */
const char *tz_field_under(const tz_field *f, const char *parent_value);
const char *tz_menu_title(const tz_menu *m);
const char *tz_report_title(const tz_report *r);
/* Placeholders a report text may use ({year} …), given the report's parameters. */
bool tz_report_placeholder_ok(const tz_report *r, const char *name);
const char *tz_choice_label(const tz_choice *c);
/* The choice with this stored code, or NULL. */
const tz_choice *tz_field_choice(const tz_field *f, const char *code);

/* ---- values: stored form <-> shown form -------------------------------------------------
 * Stored: what the database holds (money in 分 as decimal text, yes/no as "1"/"0", choice
 * codes, ISO dates). Shown: what the clerk reads and types. Lookups are resolved by the db
 * layer, so for them both forms are the id. */

/* The choice a typed key names, the first after index `after` (-1: from the start), so that
 * the same key again goes on to the next one it names: its label starts with the key (村), or
 * the key is the first letter of the label's pinyin, of the English label or of the code (c,
 * v). -1 when the key names none. */
int tz_field_choice_by_key(const tz_field *f, uint32_t key, int after);
/* The choice labelled 男 (male) or 女 of a sex field, or NULL. Borrowed. */
const tz_choice *tz_field_sex_choice(const tz_field *f, bool male);
/* Checks what must agree between a form's fields — today an ID number with the birth date
 * and sex typed beside it. `stored` holds each field's stored value (NULL: empty), in field
 * order. On disagreement returns TZ_ERR_INVALID, a message naming both values, and in *field
 * the index of the field to correct. */
tz_status tz_form_check_values(const tz_form *form, char *const *stored, int *field,
                               tz_error *err);
/* The unit a money field is shown and typed in: 万元 when its Chinese label says so
 * ("预算（万元）"), else 元. A typed 元 or 万 overrides it for that amount. */
tz_money_unit tz_field_money_unit(const tz_field *f);
/* The shown text for a stored value (NULL → ""), written into out. Returns out. */
char *tz_field_format(const tz_field *f, const char *stored, char *out, size_t cap);
/* Checks and converts typed text. On success *stored is a new string (caller frees), or NULL
 * for an empty value. On failure returns TZ_ERR_INVALID with a message naming the field
 * ("出生日期：日期无效，应为 YYYY-MM-DD"). Required fields refuse an empty value. */
tz_status tz_field_parse(const tz_field *f, const char *typed, char **stored, tz_error *err);

#endif
