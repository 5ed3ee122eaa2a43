/* report — one report model (the .report files of forms/: sheets of columns over a query, with
 * 小计 and 合计 rows) rendered to .xlsx, to PDF for paper, to printer text and, through the
 * text, to the screen.
 * All renderings get their rows from the same engine, so they always show the same figures.
 *
 * The engine reads each sheet's rows once, inside one read transaction: the first pass
 * measures the columns and checks the report (报表校核: totals against the sum of the rows and
 * against the sheet's independent verify query, and the sheet's row rules), keeping the rows
 * in a temporary file; only when every sheet passes does the second pass replay them to a
 * renderer. No curses, no sqlite3.h: rows come through
 * db.h; output goes to libxlsxwriter, to Pango and Cairo (PDF) or to a FILE * the caller gives. */
#ifndef TAIZHANG_REPORT_H
#define TAIZHANG_REPORT_H

#include "taizhang/db.h"

#include <stdio.h>

/* What one run of a report is about. */
typedef struct {
    tz_query_params q;   /* year, quarter, township (0: the whole city), record id */
    char region[200];    /* the name of the unit covered: {region} */
    char today[11];      /* the date of the report: {today}, YYYY-MM-DD */
    tz_settings settings; /* {org}, {preparer}, {reviewer}, {phone}; print command, page size */
} tz_report_args;

/* Fills args for a report from the database: the scope (a unit's code, or with code NULL its
 * id; neither: the whole city), the settings and today's date. Year, quarter and id are the
 * caller's. */
tz_status tz_report_args_init(tz_db *db, const char *unit_code, int64_t unit_id,
                              tz_report_args *args, tz_error *err);

/* True when the report covers a quarter that has not ended by args->today: its figures are
 * then as of today. `end` receives the quarter's last day (YYYY-MM-DD). */
bool tz_report_period_open(const tz_report_args *a, char end[11]);

/* Expands {placeholders} of a report text; a new string (caller frees), NULL on out-of-memory. */
char *tz_report_expand(const char *tmpl, const tz_report_args *a);

/* ---- the model as renderers see it --------------------------------------------------------- */
typedef struct {
    bool empty;        /* nothing to show (NULL, a rate over 0, seq on a total row) */
    const char *text;  /* text cells, dates (YYYY-MM-DD, format date) and the 小计 / 合计
                          labels (borrowed for the row's call) */
    int64_t n;         /* numbers from the query: a count, 分, or a score in hundredths. Money
                          (wan) is already rounded to what is shown, 0.01 万元, on data rows,
                          and 小计 / 合计 are sums of those: render n as it is. A summed
                          column's 小计 / 合计 is never empty (0 when nothing was summed) */
    double x;          /* a computed rate or mean, already rounded to what is shown */
} tz_rcell;

typedef enum { TZ_ROW_DATA, TZ_ROW_SUBTOTAL, TZ_ROW_TOTAL } tz_rowkind;

/* One sheet, ready to render: texts expanded and columns measured. Owned by the engine. */
typedef struct {
    const tz_rsheet *spec;
    size_t index, count;     /* sheet index of count */
    char *title, *subtitle, *footer; /* expanded (subtitle, footer may be "") */
    char *note;              /* expanded note under the table (注：…), "" if none */
    char **corner; size_t ncorner; /* "表号：…" cells at the top right, above the subtitle */
    const char *measure;     /* "单位：万元" or "" */
    char **info; size_t ninfo;       /* "label：value" lines above the table */
    char **summary; size_t nsummary; /* and under it */
    const tz_rcolumn **cols; /* the shown columns, nshown of them; labels expanded ({area}) */
    size_t nshown;
    int *width;              /* per shown column: display columns of its widest text */
    bool two_level;          /* some header has an upper part ("上|下") */
    int64_t rows;            /* data rows */
} tz_rsheet_out;

/* The upper and lower header texts of a shown column: for "上|下" "上" and "下"; for a plain
 * label "" and the label. Written into the buffers. */
void tz_rcolumn_header(const tz_rcolumn *c, char *upper, size_t ucap, char *lower, size_t lcap);

/* The shown index of the sheet's group column when paper shows its values as headings over
 * their rows (`headings = yes`), or -1. */
int tz_rsheet_heading_column(const tz_rsheet_out *s);
/* On paper that column (`heading`, from tz_rsheet_heading_column) is left out, and with it the
 * 小计 or 合计 label the engine put there (a group without a subtotal column of its own): the
 * label to show in the first printed column instead, when that cell is empty; NULL otherwise. */
const char *tz_rsheet_moved_label(const tz_rsheet_out *s, int heading, tz_rowkind kind, const tz_rcell *cells);
/* Whether such labels move there at all: the first printed column is then made as wide as them. */
bool tz_rsheet_labels_move(const tz_rsheet_out *s);

/* A renderer: start, then begin/row…/end per sheet, then finish (ok false: something failed on
 * the way and the output must be thrown away). Nothing is given to it before every sheet has
 * passed its checks, unless it is `discardable`: then a sheet is written, on a thread of its
 * own, as soon as it has passed, while the next is checked, and finish(false) must throw the
 * whole output away (the workbook's temporary file). Its callbacks then run on that thread. */
typedef struct {
    bool discardable;
    void *ctx;
    tz_status (*start)(void *ctx, tz_error *err);
    tz_status (*begin)(void *ctx, const tz_rsheet_out *s, tz_error *err);
    tz_status (*row)(void *ctx, const tz_rsheet_out *s, tz_rowkind kind, const tz_rcell *cells,
                     tz_error *err); /* cells[s->nshown] */
    tz_status (*end)(void *ctx, const tz_rsheet_out *s, tz_error *err);
    tz_status (*finish)(void *ctx, bool ok, tz_error *err);
} tz_renderer;

/* Told what is happening: a sheet being checked or written, and rows so far. */
typedef void (*tz_progress_fn)(void *ctx, const char *what, const char *sheet, int64_t rows);

tz_status tz_report_run(tz_db *db, const tz_report *r, const tz_report_args *a,
                        const tz_renderer *out, tz_progress_fn progress, void *pctx,
                        tz_error *err);

/* A cell as shown on screen and paper: "1,234.56" (万元), "87.5%", "92.50", "12". */
char *tz_rcell_format(const tz_rcolumn *c, const tz_rcell *cell, char *out, size_t cap);
/* A number cell's value in the unit shown (万元, 元, points, a fraction for percent). */
double tz_rcell_value(const tz_rcolumn *c, const tz_rcell *cell);

/* A sheet's signature blocks (its `sign`, "甲（盖章）/负责人（签字）, 乙（盖章）/书记（签字）"),
 * read once for every renderer: blocks side by side, each of lines to sign on. */
typedef struct {
    char **line;                /* "甲（盖章）：", trimmed, with the colon; owned */
    size_t nline;
} tz_sign_block;
typedef struct {
    tz_sign_block *block;       /* owned */
    size_t n, most;             /* blocks; the most lines of one */
} tz_sign;
/* False when memory ran out (*out is then empty). */
bool tz_sign_parse(const char *sign, tz_sign *out);
void tz_sign_free(tz_sign *s);

/* ---- renderings ------------------------------------------------------------------------------ */
/* The workbook at `path`: written to a temporary name in the same folder and renamed over path
 * only when complete, so a failure never leaves a half-written file in place of a good one. */
tz_status tz_report_xlsx(tz_db *db, const tz_report *r, const tz_report_args *a, const char *path,
                         tz_progress_fn progress, void *pctx, tz_error *err);

/* Printer text: pages of page_length lines, no line wider than page_width display columns,
 * column headers repeated on every page, "第 N 页 共 M 页" at the foot of each page, pages
 * separated by a form feed. */
typedef struct {
    int page_width, page_length;
} tz_page;
tz_status tz_report_text(tz_db *db, const tz_report *r, const tz_report_args *a, tz_page page,
                         FILE *out, tz_error *err);
/* The same into a new string (*text, caller frees; *len bytes) for the preview and printing. */
tz_status tz_report_text_alloc(tz_db *db, const tz_report *r, const tz_report_args *a, tz_page page,
                               char **text, size_t *len, tz_error *err);

/* A typeset PDF on A4 with the Chinese fonts embedded (subsets): a report of one record (a
 * contract) as a document to sign, in portrait with the margins of official documents; other
 * sheets as ruled tables, landscape when wide, header rows repeated on every page, "第 N 页 共
 * M 页" at the foot. Lines break by Chinese rules (Pango): no line starts with closing
 * punctuation, and a number stays with its unit. */
tz_status tz_report_pdf(tz_db *db, const tz_report *r, const tz_report_args *a, FILE *out,
                        tz_error *err);
/* The same into a new buffer (*pdf, caller frees; *len bytes) for the print command. */
tz_status tz_report_pdf_alloc(tz_db *db, const tz_report *r, const tz_report_args *a, char **pdf,
                              size_t *len, tz_error *err);

/* The default file name of an export (the report's `file`, expanded), into out. */
void tz_report_file_name(const tz_report *r, const tz_report_args *a, char *out, size_t cap);

/* Sends a printout (PDF) to a shell command's standard input (the print command), waiting for
 * it. The job's title goes to lp as -t, to lpr as -T, to any command in $TZ_PRINT_TITLE. A
 * command that cannot start or exits non-zero is TZ_ERR_IO with its status and the first line
 * it wrote to its standard error. */
tz_status tz_print_pipe(const char *command, const char *title, const char *data, size_t len,
                        tz_error *err);
/* The report as PDF to the print command of the settings, titled with its first sheet's title. */
tz_status tz_report_print(tz_db *db, const tz_report *r, const tz_report_args *a, tz_error *err);

#endif
