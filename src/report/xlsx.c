/* xlsx.c — the report as an Excel workbook (libxlsxwriter, constant-memory mode: rows are
 * written in order and flushed, so memory stays flat however many rows a sheet has).
 *
 * Each sheet: a merged title, the corner cells (表号, 制表机关 …) at the right, the 填报单位 /
 * 报送日期 line with the unit of measure at the right, one or two header rows (an upper header
 * merged over the columns it spans, a plain one merged down both rows), the rows, 合计, the
 * note and the footer line; A4 landscape, one page wide, centred, header rows repeated on
 * every printed page, the tab's name and "第 &P 页" at the foot, each sheet numbered from 1
 * (LibreOffice counts &N over the whole workbook, so a page count would mislead), panes
 * frozen under the header. Column widths come from the engine's measure of the widest text.
 * Every format, the workbook's default (Normal) one included, is in 宋体.
 *
 * In constant-memory mode a row cannot be written once a later row has been touched. A plain
 * header merged down two rows is therefore written in the upper row first and its merge
 * recorded only once the lower row is being written (the merge then writes nothing upward). */
#include "taizhang/report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

enum { NUM_TEXT, NUM_INTEGER, NUM_MONEY, NUM_DECIMAL, NUM_PERCENT, NUM_DATE, NUM_KINDS };
static const char *const num_formats[NUM_KINDS] = {
    [NUM_TEXT] = NULL, [NUM_INTEGER] = "0", [NUM_MONEY] = "#,##0.00", [NUM_DECIMAL] = "0.00",
    [NUM_PERCENT] = "0.0%", [NUM_DATE] = "yyyy-mm-dd",
};

#define CJK_FONT "宋体"

typedef struct {
    char tmp[4200];             /* the temporary file written (tz_outfile), put in place at the end */
    lxw_workbook *wb;           /* owned until workbook_close */
    lxw_worksheet *ws;          /* the sheet being written (owned by wb) */
    lxw_format *cell[NUM_KINDS][2]; /* [kind][bold]: owned by wb */
    lxw_format *title, *left, *right, *head, *plain, *note;
    lxw_row_t row;              /* the next row to write */
    lxw_error failed;           /* the first libxlsxwriter error, LXW_NO_ERROR if none */
    int failed_errno;           /* errno just after it: why a file could not be written */
} xlsx_ctx;

/* Keeps the first failure; every libxlsxwriter call goes through here. */
static void note(xlsx_ctx *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->failed == LXW_NO_ERROR) {
        x->failed = e;
        x->failed_errno = errno;
    }
}

/* libxlsxwriter's own texts are English; what failed is said here in the clerk's words: a
 * file it could not write (the disk, the folder), memory, or — never expected — our use of it. */
static tz_status lxw_fail(xlsx_ctx *x, tz_error *err)
{
    switch (x->failed) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        return tz_fail(err, TZ_ERR_IO, tz_L("写入 Excel 文件失败：%s", "writing the workbook failed: %s"),
                       tz_errno_text(x->failed_errno ? x->failed_errno : EIO));
    default:
        return tz_fail(err, TZ_ERR_IO, tz_L("写入 Excel 文件失败（程序错误 %d），请告诉系统管理员",
                                            "writing the workbook failed (program error %d): tell the system administrator"),
                       (int)x->failed);
    }
}

/* libxlsxwriter also prints its failures on standard error, in English, over the clerk's
 * screen; while it opens and writes files that is sent nowhere (the code it returns is said
 * by lxw_fail). */
static int quiet_stderr(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    if (null >= 0)
        close(null);
    return saved;
}

static void restore_stderr(int saved)
{
    if (saved < 0)
        return;
    dup2(saved, STDERR_FILENO);
    close(saved);
}

/* ---- formats ------------------------------------------------------------------------------------ */

/* Named, not left to the theme: without a name a reader picks its default Asian font, which
 * may draw Chinese with Japanese glyph forms. (libxlsxwriter 1.1.4 writes no font charset.) */
static void cjk_font(lxw_format *f)
{
    format_set_font_name(f, CJK_FONT);
    format_set_font_family(f, 2); /* swiss: a sans-serif stand-in where no 宋体 is installed */
}

static lxw_format *new_format(xlsx_ctx *x, bool border, bool bold, uint8_t align)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    cjk_font(f);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(f);
    if (align)
        format_set_align(f, align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void make_formats(xlsx_ctx *x)
{
    /* libxlsxwriter's first format is the workbook's default (Normal), used by every cell
     * without a format of its own and by Excel to measure column widths */
    lxw_format *normal = STAILQ_FIRST(x->wb->formats);
    if (normal)
        cjk_font(normal);
    for (int k = 0; k < NUM_KINDS; k++)
        for (int b = 0; b < 2; b++) {
            x->cell[k][b] = new_format(x, true, b, k == NUM_TEXT ? LXW_ALIGN_LEFT : LXW_ALIGN_RIGHT);
            if (x->cell[k][b] && num_formats[k])
                format_set_num_format(x->cell[k][b], num_formats[k]);
        }
    x->title = new_format(x, false, true, LXW_ALIGN_CENTER);
    if (x->title)
        format_set_font_size(x->title, 16);
    x->head = new_format(x, true, true, LXW_ALIGN_CENTER);
    if (x->head)
        format_set_text_wrap(x->head);
    x->left = new_format(x, false, false, LXW_ALIGN_LEFT);
    x->right = new_format(x, false, false, LXW_ALIGN_RIGHT);
    x->plain = new_format(x, false, false, 0);
    x->note = new_format(x, false, false, LXW_ALIGN_LEFT);
    if (x->note)
        format_set_text_wrap(x->note);
}

static int num_kind(const tz_rcolumn *c)
{
    switch (c->format) {
    case TZ_RF_TEXT:    return NUM_TEXT;
    case TZ_RF_INTEGER: return NUM_INTEGER;
    case TZ_RF_WAN:
    case TZ_RF_YUAN:    return NUM_MONEY;
    case TZ_RF_SCORE:   return NUM_DECIMAL;
    case TZ_RF_DATE:    return NUM_DATE;
    default:            return NUM_PERCENT;
    }
}

/* ---- writing helpers ------------------------------------------------------------------------------ */

/* Text over columns first..last of the current row (merged when more than one). */
static void span(xlsx_ctx *x, lxw_col_t first, lxw_col_t last, const char *text, lxw_format *f)
{
    if (first == last)
        note(x, worksheet_write_string(x->ws, x->row, first, text, f));
    else
        note(x, worksheet_merge_range(x->ws, x->row, first, x->row, last, text, f));
}

/* A line of text across the sheet: "label：value" lines, the footer. */
static void text_line(xlsx_ctx *x, lxw_col_t ncols, const char *text)
{
    if (*text)
        span(x, 0, ncols - 1, text, x->left);
    x->row++;
}

/* The first column of the right-hand block (the measure, the corner cells). */
static lxw_col_t right_block(lxw_col_t n)
{
    return n >= 3 ? n - 2 : n - 1;
}

static void title_rows(xlsx_ctx *x, const tz_rsheet_out *s)
{
    lxw_col_t n = (lxw_col_t)s->nshown;
    note(x, worksheet_set_row(x->ws, x->row, 30, NULL));
    span(x, 0, n - 1, s->title, x->title);
    x->row++;
    for (size_t i = 0; i < s->ncorner; i++, x->row++)
        span(x, right_block(n), n - 1, s->corner[i], x->right);
    if (*s->subtitle || *s->measure) {
        lxw_col_t split = right_block(n); /* the measure takes the last column(s) */
        if (split > 0)
            span(x, 0, split - 1, s->subtitle, x->left);
        span(x, split, n - 1, s->measure, x->right);
        x->row++;
    }
    for (size_t i = 0; i < s->ninfo; i++)
        text_line(x, n, s->info[i]);
}

/* The header: one row, or two with upper labels merged over their columns. */
static void header_rows(xlsx_ctx *x, const tz_rsheet_out *s)
{
    char up[256], low[256], next[256], nlow[256];
    lxw_row_t top = x->row;
    for (size_t i = 0; i < s->nshown;) {
        tz_rcolumn_header(s->cols[i], up, sizeof up, low, sizeof low);
        size_t j = i + 1;
        while (*up && j < s->nshown) {
            tz_rcolumn_header(s->cols[j], next, sizeof next, nlow, sizeof nlow);
            if (strcmp(next, up) != 0)
                break;
            j++;
        }
        span(x, (lxw_col_t)i, (lxw_col_t)(j - 1), *up ? up : low, x->head);
        i = j;
    }
    if (!s->two_level) {
        x->row++;
        return;
    }
    x->row++;
    for (size_t i = 0; i < s->nshown; i++) {
        tz_rcolumn_header(s->cols[i], up, sizeof up, low, sizeof low);
        if (*up)
            note(x, worksheet_write_string(x->ws, x->row, (lxw_col_t)i, low, x->head));
        else
            note(x, worksheet_write_blank(x->ws, x->row, (lxw_col_t)i, x->head));
    }
    for (size_t i = 0; i < s->nshown; i++) {
        tz_rcolumn_header(s->cols[i], up, sizeof up, low, sizeof low);
        if (!*up) /* recorded now that the lower row is the current one; see the top */
            note(x, worksheet_merge_range(x->ws, top, (lxw_col_t)i, x->row, (lxw_col_t)i, low,
                                          x->head));
    }
    x->row++;
}

static void page_setup(xlsx_ctx *x, const tz_rsheet_out *s, lxw_row_t head_top)
{
    worksheet_set_landscape(x->ws);
    worksheet_set_paper(x->ws, 9); /* A4; Excel's default would be US Letter */
    worksheet_fit_to_pages(x->ws, 1, 0);
    worksheet_center_horizontally(x->ws);
    worksheet_set_start_page(x->ws, 1); /* LibreOffice numbers on across sheets without it */
    note(x, worksheet_set_footer(x->ws, "&C&A　第 &P 页"));
    note(x, worksheet_repeat_rows(x->ws, head_top, x->row - 1));
    worksheet_freeze_panes(x->ws, x->row, 0);
    for (size_t i = 0; i < s->nshown; i++) /* a display column is about one Excel unit */
        note(x, worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, s->width[i] + 2.5, NULL));
}

/* ---- the renderer -------------------------------------------------------------------------------- */

static tz_status xlsx_start(void *ctx, tz_error *err)
{
    xlsx_ctx *x = ctx;
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
    int saved = quiet_stderr();
    x->wb = workbook_new_opt(x->tmp, &opt);
    restore_stderr(saved);
    if (!x->wb)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    make_formats(x);
    return x->failed ? lxw_fail(x, err) : TZ_OK;
}

static tz_status xlsx_begin(void *ctx, const tz_rsheet_out *s, tz_error *err)
{
    xlsx_ctx *x = ctx;
    int saved = quiet_stderr(); /* a temporary file per sheet in constant-memory mode */
    x->ws = workbook_add_worksheet(x->wb, s->spec->tab);
    restore_stderr(saved);
    if (!x->ws)
        return tz_fail(err, TZ_ERR_INVALID, tz_L("无法添加工作表“%s”", "cannot add the sheet \"%s\""),
                       s->spec->tab);
    x->row = 0;
    title_rows(x, s);
    lxw_row_t head_top = x->row;
    header_rows(x, s);
    page_setup(x, s, head_top);
    return x->failed ? lxw_fail(x, err) : TZ_OK;
}

static tz_status xlsx_row(void *ctx, const tz_rsheet_out *s, tz_rowkind kind, const tz_rcell *cells,
                          tz_error *err)
{
    xlsx_ctx *x = ctx;
    int bold = kind != TZ_ROW_DATA;
    for (size_t i = 0; i < s->nshown; i++) {
        const tz_rcolumn *c = s->cols[i];
        lxw_col_t col = (lxw_col_t)i;
        lxw_format *f = x->cell[num_kind(c)][bold];
        lxw_datetime day = { 0 };
        if (cells[i].text && c->format == TZ_RF_DATE
            && sscanf(cells[i].text, "%d-%d-%d", &day.year, &day.month, &day.day) == 3)
            note(x, worksheet_write_datetime(x->ws, x->row, col, &day, f));
        else if (cells[i].text)
            note(x, worksheet_write_string(x->ws, x->row, col, cells[i].text, x->cell[NUM_TEXT][bold]));
        else if (cells[i].empty || c->format == TZ_RF_TEXT)
            note(x, worksheet_write_blank(x->ws, x->row, col, f));
        else
            note(x, worksheet_write_number(x->ws, x->row, col, tz_rcell_value(c, &cells[i]), f));
    }
    x->row++;
    return x->failed ? lxw_fail(x, err) : TZ_OK;
}

/* The note under the table, wrapped in its merged row, the row as high as its lines. */
static void note_line(xlsx_ctx *x, const tz_rsheet_out *s)
{
    int across = 0;
    for (size_t i = 0; i < s->nshown; i++)
        across += s->width[i] + 2;
    int lines = across > 0 ? (tz_str_width(s->note) + across - 1) / across : 1;
    note(x, worksheet_set_row(x->ws, x->row, 15.0 * (lines > 1 ? lines : 1), NULL));
    span(x, 0, (lxw_col_t)s->nshown - 1, s->note, x->note);
    x->row++;
}

static tz_status xlsx_end(void *ctx, const tz_rsheet_out *s, tz_error *err)
{
    xlsx_ctx *x = ctx;
    lxw_col_t n = (lxw_col_t)s->nshown;
    for (size_t i = 0; i < s->nsummary; i++)
        text_line(x, n, s->summary[i]);
    if (*s->note)
        note_line(x, s);
    if (*s->footer) {
        x->row++;
        text_line(x, n, s->footer);
    }
    return x->failed ? lxw_fail(x, err) : TZ_OK;
}

static tz_status xlsx_finish(void *ctx, bool ok, tz_error *err)
{
    xlsx_ctx *x = ctx;
    if (!x->wb)
        return TZ_OK;
    int saved = quiet_stderr();
    errno = 0;
    lxw_error e = workbook_close(x->wb); /* writes the file; frees the workbook either way */
    int e_errno = errno;
    restore_stderr(saved);
    errno = e_errno;
    x->wb = NULL;
    if (ok && e != LXW_NO_ERROR) {
        note(x, e);
        return lxw_fail(x, err);
    }
    return TZ_OK;
}

/* ---- the export ------------------------------------------------------------------------------------ */

tz_status tz_report_xlsx(tz_db *db, const tz_report *r, const tz_report_args *a, const char *path,
                         tz_progress_fn progress, void *pctx, tz_error *err)
{
    /* written to a private temporary file, put in place whole (tz_outfile: a new file 0600,
     * a replaced one keeps its mode and owner, /dev/null or a FIFO keeps its type) */
    tz_outfile out;
    tz_status s = tz_outfile_open(&out, path, err);
    if (s != TZ_OK)
        return s;
    xlsx_ctx x = { 0 };
    snprintf(x.tmp, sizeof x.tmp, "%s", out.tmp);
    tz_renderer rd = { .discardable = true, .ctx = &x, .start = xlsx_start, .begin = xlsx_begin,
                       .row = xlsx_row, .end = xlsx_end, .finish = xlsx_finish };
    s = tz_report_run(db, r, a, &rd, progress, pctx, err);
    tz_status placed = tz_outfile_finish(&out, s == TZ_OK, err);
    return s != TZ_OK ? s : placed;
}
