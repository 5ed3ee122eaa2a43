/* pdf.h — the parts of the PDF rendering: pdf.c keeps the report model as the engine gives
 * it and writes the file; pdf_layout.c lays the sheets out on A4 pages with Pango and Cairo. */
#ifndef TAIZHANG_REPORT_PDF_H
#define TAIZHANG_REPORT_PDF_H

#include "taizhang/report.h"

#include <pango/pangocairo.h>

#define MM (72.0 / 25.4)
#define A4_SHORT (210 * MM)
#define A4_LONG (297 * MM)

typedef enum { PR_DATA, PR_SUBTOTAL, PR_TOTAL, PR_HEADING } prow_kind;

typedef struct {
    prow_kind kind;
    char **cell;          /* ncols texts (a heading: one); owned */
} prow;

typedef struct {
    char *title, *subtitle, *measure, *footer, *note; /* owned; footer's fields kept whole */
    char **corner;                             /* 表号：… cells; owned */
    size_t ncorner;
    char **info, **summary;                    /* owned */
    size_t ninfo, nsummary;
    tz_sign sign;                              /* its signature blocks (none: n == 0) */
    size_t ncols;                              /* shown, less a heading column */
    const tz_rcolumn **col;                    /* owned array, borrowed columns */
    prow *rows;
    size_t nrows, rcap;
    int heading_col;                           /* shown index of the group column, or -1 */
    char *group;                               /* the current heading; owned */
} psheet;

/* Lays the sheets out on the PDF surface of cr, with Pango's context for it: counts each
 * sheet's pages into sheet_pages[n] when not `draw`, else draws them with "第 N 页 共 M 页",
 * numbered per sheet as the workbook's are. False when memory ran out: a part is missing. */
bool pdf_flow(cairo_t *cr, PangoContext *pango, const psheet *sheets, size_t n, bool document,
              int *sheet_pages, bool draw);

#endif
