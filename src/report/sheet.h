/* sheet.h — the report layer's own: one sheet's run through the report engine (model.c),
 * shared with the first pass's measuring and checking (measure.c). */
#ifndef TZ_REPORT_SHEET_H
#define TZ_REPORT_SHEET_H

#include "spool.h"

typedef struct {
    int64_t sum, min, max;
    bool any; /* some non-empty value went in */
} acc;

typedef struct {
    tz_rcell lo, hi;
    bool seen;
} extremes;

typedef struct {
    const tz_rsheet *s;
    const tz_report *r;
    const tz_report_args *a;
    tz_rsheet_out out;     /* what renderers see */
    tz_rcolumn *columns;   /* the sheet's columns, labels expanded (owned; other strings borrowed) */
    char **labels;         /* per column: its expanded label (owned) */
    int64_t *raw;          /* per column: the 合计 of the query's own values before rounding */
    int *qcol;             /* per column: its index in the query's result, -1 if computed */
    tz_rcell *cells;       /* per column: the data row being built */
    tz_rcell *sums;        /* per column: a 小计 or 合计 row */
    tz_rcell *shown;       /* per shown column: what is handed out */
    acc *group, *total, *rows; /* per column: this group, the 合计, and every data row */
    char *group_value;     /* the current group's text (owned), NULL before the first row */
    extremes *ext;         /* per shown column: its smallest and largest numbers, to measure */
    int64_t *checked;      /* per column: the 合计 the first pass found, for the verify query */
    rspool spool;          /* the rows of the first pass, replayed by the second */
    int64_t seq;
    char label[512];       /* the 小计 label of the current group */
} sheet_run;

/* model.c */
/* A number from the query in the model's integer unit (money in 分, a score in hundredths). */
int64_t rsheet_parse_scaled(const char *text, tz_rformat f);
/* The column's values come from the query and are numbers (they are summed and checked). */
bool rsheet_numeric_query(const tz_rcolumn *c);

/* measure.c: the first pass measures the shown widths and checks the rows and totals */
tz_status rsheet_measure_and_check(sheet_run *run, tz_rowkind kind, void *ctx, tz_error *err);
void rsheet_measure_numbers(sheet_run *run);
void rsheet_measure_headers(sheet_run *run);
tz_status rsheet_check_row_sums(sheet_run *run, tz_error *err);
tz_status rsheet_verify_totals(tz_db *db, const sheet_run *run, tz_error *err);

#endif
