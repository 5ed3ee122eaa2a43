/* model.c — the report engine: runs each sheet's query once, in one read snapshot, builds the
 * cells of data, 小计 and 合计 rows, measures the columns and checks the report on that first
 * pass while keeping the rows in a temporary file (spool.c), and replays them to a renderer on
 * the second. Memory does not grow with the rows: a sheet keeps one row of cells and a few
 * sums per column. */
#include "overlap.h"
#include "sheet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRESS_EVERY 2000 /* rows between progress calls */

/* ---- one sheet's run -------------------------------------------------------------------------- */

static void acc_add(acc *x, int64_t v)
{
    x->sum += v;
    x->min = x->any && x->min < v ? x->min : v;
    x->max = x->any && x->max > v ? x->max : v;
    x->any = true;
}

static void acc_merge(acc *into, const acc *from)
{
    if (!from->any)
        return;
    into->sum += from->sum;
    into->min = into->any && into->min < from->min ? into->min : from->min;
    into->max = into->any && into->max > from->max ? into->max : from->max;
    into->any = true;
}

/* A number from the query in the model's integer unit: money comes as 分 and counts as counts;
 * a score (REAL, at most two decimals) becomes hundredths. */
int64_t rsheet_parse_scaled(const char *text, tz_rformat f)
{
    int64_t scale = f == TZ_RF_SCORE ? 100 : 1;
    if (!strpbrk(text, ".eE"))
        return strtoll(text, NULL, 10) * scale;
    return llround(strtod(text, NULL) * (double)scale);
}

/* Money is rounded once, on each data row, to what is shown (0.01 万元 = 100 元 = 10000 分,
 * half away from zero); 小计 and 合计 are sums of those rounded values, so the printed rows add
 * up to the printed totals. Other formats are shown exactly. */
static int64_t shown_step(tz_rformat f)
{
    return f == TZ_RF_WAN ? 10000 : 1;
}

static int64_t round_to_shown(int64_t v, tz_rformat f)
{
    int64_t step = shown_step(f);
    if (step == 1)
        return v;
    int64_t mag = (v < 0 ? -v : v) + step / 2;
    return (v < 0 ? -1 : 1) * (mag / step * step);
}

/* Rounds a computed value to the decimals it is shown with (half away from zero; the small
 * nudge absorbs the binary error of a ratio that is exactly on a half). */
static double round_shown(double v, int decimals)
{
    double p = decimals == 3 ? 1000.0 : 100.0;
    double m = fabs(v) * p + 0.5 + 1e-9;
    return copysign(floor(m) / p, v);
}

/* A rate or mean of two accumulated (or row) values. */
static void compute(const tz_rcolumn *c, const tz_rsheet *s, bool a_any, int64_t a, bool b_any,
                    int64_t b, tz_rcell *out)
{
    *out = (tz_rcell){ .empty = true };
    if (!a_any || !b_any || b == 0)
        return;
    out->empty = false;
    if (c->value == TZ_RV_RATE) {
        out->x = round_shown((double)a / (double)b, 3);
        return;
    }
    const tz_rcolumn *num = &s->columns[c->arg[0]];
    double unit = num->format == TZ_RF_WAN ? 1e6 : num->format == TZ_RF_INTEGER ? 1.0 : 100.0;
    out->x = round_shown((double)a / unit / (double)b, 2);
}

bool rsheet_numeric_query(const tz_rcolumn *c)
{
    return c->value == TZ_RV_QUERY && c->format != TZ_RF_TEXT && c->format != TZ_RF_PERCENT
        && c->format != TZ_RF_DATE;
}

/* Builds run->cells from the current result row. */
static void build_data_row(sheet_run *run, tz_stmt *st)
{
    const tz_rsheet *s = run->s;
    run->seq++;
    for (size_t i = 0; i < s->ncolumns; i++) {
        const tz_rcolumn *c = &s->columns[i];
        tz_rcell *cell = &run->cells[i];
        *cell = (tz_rcell){ .empty = true };
        if (c->value == TZ_RV_SEQ) {
            *cell = (tz_rcell){ .n = run->seq };
            continue;
        }
        const char *v = c->value == TZ_RV_QUERY ? db_column_text(st, run->qcol[i]) : NULL;
        if (!v)
            continue;
        cell->empty = false;
        if (c->format == TZ_RF_TEXT || c->format == TZ_RF_DATE) {
            cell->text = v;
        } else if (c->format == TZ_RF_PERCENT) {
            cell->x = round_shown(strtod(v, NULL), 3);
        } else {
            int64_t n = rsheet_parse_scaled(v, c->format);
            run->raw[i] += n;
            cell->n = round_to_shown(n, c->format);
        }
    }
    for (size_t i = 0; i < s->ncolumns; i++) {
        const tz_rcolumn *c = &s->columns[i];
        if (c->value == TZ_RV_RATE || c->value == TZ_RV_MEAN) {
            const tz_rcell *x = &run->cells[c->arg[0]], *y = &run->cells[c->arg[1]];
            compute(c, s, !x->empty, x->n, !y->empty, y->n, &run->cells[i]);
        }
    }
}

static void accumulate(sheet_run *run)
{
    for (size_t i = 0; i < run->s->ncolumns; i++)
        if (rsheet_numeric_query(&run->s->columns[i]) && !run->cells[i].empty) {
            acc_add(&run->group[i], run->cells[i].n);
            acc_add(&run->rows[i], run->cells[i].n);
        }
}

/* Builds run->sums for a 小计 (from run->group) or 合计 (from run->total) row; run->cells
 * keeps the data row being read. */
static void build_sum_row(sheet_run *run, tz_rowkind kind)
{
    const tz_rsheet *s = run->s;
    const acc *sums = kind == TZ_ROW_TOTAL ? run->total : run->group;
    for (size_t i = 0; i < s->ncolumns; i++) {
        const tz_rcolumn *c = &s->columns[i];
        tz_rcell *cell = &run->sums[i];
        *cell = (tz_rcell){ .empty = true };
        if (rsheet_numeric_query(c) && c->total == TZ_AGG_SUM) {
            *cell = (tz_rcell){ .n = sums[i].sum }; /* a sum of nothing reads 0, not blank */
        } else if (rsheet_numeric_query(c) && c->total != TZ_AGG_NONE && sums[i].any) {
            cell->empty = false;
            cell->n = c->total == TZ_AGG_MIN ? sums[i].min : sums[i].max;
        } else if (c->value == TZ_RV_RATE || c->value == TZ_RV_MEAN) {
            const acc *x = &sums[c->arg[0]], *y = &sums[c->arg[1]];
            compute(c, s, x->any, x->sum, y->any, y->sum, cell);
        }
    }
    int label_at = (int)(run->out.cols[0] - run->columns);
    if (kind == TZ_ROW_SUBTOTAL) {
        bool same = s->subtotal < 0 || s->subtotal == s->group;
        if (!same)
            run->sums[s->group] = (tz_rcell){ .text = run->group_value };
        snprintf(run->label, sizeof run->label, "%s%s", same ? run->group_value : "", "小计");
        run->sums[same ? s->group : s->subtotal] = (tz_rcell){ .text = run->label };
    } else {
        run->sums[label_at] = (tz_rcell){ .text = "合计" };
    }
}

/* ---- passes ------------------------------------------------------------------------------------ */

typedef tz_status (*emit_fn)(sheet_run *run, tz_rowkind kind, void *ctx, tz_error *err);

static tz_status emit_cells(sheet_run *run, tz_rowkind kind, emit_fn emit, void *ctx, tz_error *err)
{
    const tz_rcell *cells = kind == TZ_ROW_DATA ? run->cells : run->sums;
    for (size_t i = 0; i < run->out.nshown; i++)
        run->shown[i] = cells[run->out.cols[i] - run->columns];
    return emit(run, kind, ctx, err);
}

/* Closes the current group: its 小计 row, and its sums into the 合计. */
static tz_status close_group(sheet_run *run, emit_fn emit, void *ctx, tz_error *err)
{
    tz_status st = TZ_OK;
    if (run->group_value) {
        build_sum_row(run, TZ_ROW_SUBTOTAL);
        st = emit_cells(run, TZ_ROW_SUBTOTAL, emit, ctx, err);
    }
    for (size_t i = 0; i < run->s->ncolumns; i++) {
        acc_merge(&run->total[i], &run->group[i]);
        run->group[i] = (acc){ 0 };
    }
    return st;
}

/* Starts a new group when the group column's text changes. */
static tz_status follow_group(sheet_run *run, const char *v, emit_fn emit, void *ctx, tz_error *err)
{
    v = v ? v : "";
    if (run->group_value && strcmp(run->group_value, v) == 0)
        return TZ_OK;
    tz_status s = close_group(run, emit, ctx, err);
    free(run->group_value);
    run->group_value = tz_strdup(v);
    if (s == TZ_OK && !run->group_value)
        s = tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    return s;
}

static void reset_sums(sheet_run *run)
{
    size_t n = run->s->ncolumns;
    memset(run->group, 0, n * sizeof *run->group);
    memset(run->total, 0, n * sizeof *run->total);
    memset(run->rows, 0, n * sizeof *run->rows);
    free(run->group_value);
    run->group_value = NULL;
    run->seq = 0;
}

static tz_status spool_failed(tz_error *err)
{
    return tz_fail(err, TZ_ERR_IO, "%s", tz_L("报表临时文件读写失败（磁盘满了？）",
                                              "cannot use the report's temporary file (disk full?)"));
}

/* The next data row into run->cells, and its group text: from the query (the first pass,
 * which also keeps the row in the spool) or from the spool (the second). */
static tz_status next_row(sheet_run *run, tz_stmt *st, bool replay, bool *row, const char **group,
                          tz_error *err)
{
    const tz_rsheet *s = run->s;
    if (replay) {
        int r = spool_read(&run->spool, group, run->cells, s->ncolumns);
        *row = r == 1;
        run->seq += *row;
        return r < 0 ? spool_failed(err) : TZ_OK;
    }
    tz_status rc = db_step(st, row, err);
    if (rc != TZ_OK || !*row)
        return rc;
    *group = s->group >= 0 ? db_column_text(st, run->qcol[s->group]) : NULL;
    build_data_row(run, st);
    return spool_write(&run->spool, *group, run->cells, s->ncolumns) ? TZ_OK : spool_failed(err);
}

/* One pass over the sheet's rows: data rows, 小计 rows, the 合计 row, each given to emit. The
 * first pass runs the query and keeps its rows; the second (replay) reads them back. */
static tz_status pass(tz_db *db, sheet_run *run, bool replay, emit_fn emit, void *ctx,
                      const char *what, tz_progress_fn progress, void *pctx, tz_error *err)
{
    reset_sums(run);
    tz_stmt *st = NULL;
    tz_status s = replay ? (spool_rewind(&run->spool) ? TZ_OK : spool_failed(err))
                         : db_query_open(db, run->s->query, &run->a->q, &st, err);
    bool row = false;
    int64_t n = 0;
    const char *group = NULL;
    while (s == TZ_OK && (s = next_row(run, st, replay, &row, &group, err)) == TZ_OK && row) {
        if (run->s->group >= 0)
            s = follow_group(run, group, emit, ctx, err);
        if (s != TZ_OK)
            break;
        accumulate(run);
        s = emit_cells(run, TZ_ROW_DATA, emit, ctx, err);
        if (progress && ++n % PROGRESS_EVERY == 0)
            progress(pctx, what, run->s->tab, n);
    }
    db_finalize(st);
    run->out.rows = n;
    if (s == TZ_OK && run->s->group >= 0)
        s = close_group(run, emit, ctx, err);
    else if (s == TZ_OK)
        for (size_t i = 0; i < run->s->ncolumns; i++)
            acc_merge(&run->total[i], &run->group[i]);
    if (s == TZ_OK && run->s->total) {
        build_sum_row(run, TZ_ROW_TOTAL);
        s = emit_cells(run, TZ_ROW_TOTAL, emit, ctx, err);
    }
    return s;
}

/* ---- setting a sheet up and down ---------------------------------------------------------------- */

static tz_status lines_of(tz_db *db, const char *sql, const tz_query_params *q, char ***lines,
                          size_t *n, tz_error *err)
{
    *lines = NULL;
    *n = 0;
    if (!sql)
        return TZ_OK;
    tz_stmt *st = NULL;
    bool row = false;
    tz_status s = db_query_open(db, sql, q, &st, err);
    if (s == TZ_OK)
        s = db_step(st, &row, err);
    if (s == TZ_OK && row) {
        int cols = db_column_count(st);
        *lines = calloc((size_t)cols, sizeof **lines);
        for (int i = 0; *lines && i < cols; i++) {
            const char *v = db_column_text(st, i);
            tz_sb sb = { 0 };
            tz_sb_printf(&sb, "%s：%s", db_column_name(st, i), v ? v : "");
            (*lines)[(*n)++] = tz_sb_take(&sb);
        }
        if (!*lines)
            s = tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
        db_reset(st);
    }
    db_finalize(st);
    return s;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static void sheet_free(sheet_run *run)
{
    free(run->out.title);
    free(run->out.subtitle);
    free(run->out.footer);
    free_lines(run->out.info, run->out.ninfo);
    free_lines(run->out.summary, run->out.nsummary);
    free(run->out.cols);
    free(run->out.width);
    free_lines(run->out.corner, run->out.ncorner);
    free(run->out.note);
    free_lines(run->labels, run->s->ncolumns);
    free(run->columns);
    free(run->raw);
    free(run->qcol);
    free(run->cells);
    free(run->sums);
    free(run->shown);
    free(run->ext);
    free(run->checked);
    free(run->group);
    free(run->total);
    free(run->rows);
    free(run->group_value);
    spool_close(&run->spool);
}

/* Finds each query column's place in the result (db_check_reports made sure it is there). */
static tz_status map_columns(tz_db *db, sheet_run *run, tz_error *err)
{
    tz_stmt *st = NULL;
    tz_status s = db_query_open(db, run->s->query, &run->a->q, &st, err);
    for (size_t i = 0; s == TZ_OK && i < run->s->ncolumns; i++) {
        run->qcol[i] = -1;
        if (run->s->columns[i].value != TZ_RV_QUERY)
            continue;
        for (int k = 0; k < db_column_count(st); k++)
            if (strcmp(db_column_name(st, k), run->s->columns[i].name) == 0)
                run->qcol[i] = k;
        if (run->qcol[i] < 0)
            s = tz_fail(err, TZ_ERR_INVALID,
                        tz_L("「%s」的查询没有给出列 %s", "[%s]: the query gives no column %s"),
                        run->s->tab, run->s->columns[i].name);
    }
    db_finalize(st);
    return s;
}

/* The columns as this run shows them: their labels' placeholders expanded ({area}). */
static bool label_columns(sheet_run *run)
{
    for (size_t i = 0; i < run->s->ncolumns; i++) {
        run->columns[i] = run->s->columns[i];
        if (!run->s->columns[i].label)
            continue;
        run->labels[i] = tz_report_expand(run->s->columns[i].label, run->a);
        if (!run->labels[i])
            return false;
        run->columns[i].label = run->labels[i];
    }
    return true;
}

/* The corner cells: the text split at '|', each expanded. */
static bool split_corner(const char *corner, const tz_report_args *a, tz_rsheet_out *o)
{
    if (!corner || !*corner)
        return true;
    size_t n = 1;
    for (const char *c = corner; (c = strchr(c, '|')); c++)
        n++;
    o->corner = calloc(n, sizeof *o->corner);
    if (!o->corner)
        return false;
    for (const char *c = corner; o->ncorner < n; o->ncorner++) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        char *part = tz_strndup(c, len);
        o->corner[o->ncorner] = part ? tz_report_expand(part, a) : NULL;
        free(part);
        if (!o->corner[o->ncorner])
            return false;
        c += len + (bar != NULL);
    }
    return true;
}

static tz_status sheet_init(tz_db *db, sheet_run *run, const tz_report *r, size_t index,
                            const tz_report_args *a, tz_error *err)
{
    const tz_rsheet *s = &r->sheets[index];
    size_t n = s->ncolumns;
    *run = (sheet_run){ .s = s, .r = r, .a = a };
    run->out = (tz_rsheet_out){ .spec = s, .index = index, .count = r->nsheets,
                                .measure = s->measure ? s->measure : "" };
    run->out.title = tz_report_expand(s->title, a);
    run->out.subtitle = tz_report_expand(s->subtitle ? s->subtitle : r->subtitle, a);
    run->out.footer = tz_report_expand(s->footer ? s->footer : r->footer, a);
    run->out.note = tz_report_expand(s->note ? s->note : r->note, a);
    run->out.cols = calloc(n, sizeof *run->out.cols);
    run->columns = calloc(n, sizeof *run->columns);
    run->labels = calloc(n, sizeof *run->labels);
    run->raw = calloc(n, sizeof *run->raw);
    run->out.width = calloc(n, sizeof *run->out.width);
    run->qcol = calloc(n, sizeof *run->qcol);
    run->cells = calloc(n, sizeof *run->cells);
    run->sums = calloc(n, sizeof *run->sums);
    run->shown = calloc(n, sizeof *run->shown);
    run->ext = calloc(n, sizeof *run->ext);
    run->checked = calloc(n, sizeof *run->checked);
    run->group = calloc(n, sizeof *run->group);
    run->total = calloc(n, sizeof *run->total);
    run->rows = calloc(n, sizeof *run->rows);
    if (!run->out.title || !run->out.subtitle || !run->out.footer || !run->out.note
        || !run->out.cols || !run->columns || !run->labels || !run->raw || !run->out.width
        || !run->qcol || !run->cells || !run->sums || !run->shown || !run->ext || !run->checked
        || !run->group || !run->total || !run->rows
        || !label_columns(run) || !split_corner(s->corner ? s->corner : r->corner, a, &run->out))
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    for (size_t i = 0; i < n; i++)
        if (!s->columns[i].hidden)
            run->out.cols[run->out.nshown++] = &run->columns[i];
    tz_status st = map_columns(db, run, err);
    if (st == TZ_OK)
        st = lines_of(db, s->info, &a->q, &run->out.info, &run->out.ninfo, err);
    if (st == TZ_OK && s->info && !run->out.ninfo)
        st = tz_fail(err, TZ_ERR_NOTFOUND, tz_L("「%s」：没有找到要编制的记录（编号 %lld）",
                                                "[%s]: the record to report on was not found (id %lld)"),
                     s->tab, (long long)a->q.id);
    if (st == TZ_OK)
        st = lines_of(db, s->summary, &a->q, &run->out.summary, &run->out.nsummary, err);
    return st;
}

/* ---- the run -------------------------------------------------------------------------------------- */

typedef struct {
    const tz_renderer *out;
} render_ctx;

static tz_status render_row(sheet_run *run, tz_rowkind kind, void *ctx, tz_error *err)
{
    const tz_renderer *out = ((render_ctx *)ctx)->out;
    return out->row(out->ctx, &run->out, kind, run->shown, err);
}

/* The first pass (query, row checks, widths) and the row sums: after this the rows are ready
 * to be written; only the verify query is left (rsheet_verify_totals). */
static tz_status check_rows(tz_db *db, sheet_run *run, tz_progress_fn progress, void *pctx,
                            tz_error *err)
{
    const char *what = tz_L("校核", "checking");
    if (progress)
        progress(pctx, what, run->s->tab, 0);
    tz_status s = spool_open(&run->spool) ? TZ_OK : spool_failed(err);
    if (s == TZ_OK)
        s = pass(db, run, false, rsheet_measure_and_check, NULL, what, progress, pctx, err);
    if (s == TZ_OK)
        s = rsheet_check_row_sums(run, err);
    if (s == TZ_OK) {
        rsheet_measure_numbers(run);
        rsheet_measure_headers(run);
    }
    return s;
}

static tz_status check_sheet(tz_db *db, sheet_run *run, tz_progress_fn progress, void *pctx,
                             tz_error *err)
{
    tz_status s = check_rows(db, run, progress, pctx, err);
    return s == TZ_OK ? rsheet_verify_totals(db, run, err) : s;
}

/* The second pass reads the spool alone, never the database. */
static tz_status write_sheet(sheet_run *run, const tz_renderer *out, tz_progress_fn progress,
                             void *pctx, tz_error *err)
{
    render_ctx ctx = { .out = out };
    tz_status s = out->begin(out->ctx, &run->out, err);
    if (s == TZ_OK)
        s = pass(NULL, run, true, render_row, &ctx, tz_L("写入", "writing"), progress, pctx, err);
    if (s == TZ_OK)
        s = out->end(out->ctx, &run->out, err);
    return s;
}

/* Every sheet checked, then every sheet written: the renderer's output cannot be taken back
 * (printer text on its way out), so nothing is written before everything has passed. */
static tz_status check_then_write(tz_db *db, sheet_run *runs, size_t n, const tz_renderer *out,
                                  tz_progress_fn progress, void *pctx, bool *started,
                                  tz_error *err)
{
    tz_status s = TZ_OK;
    for (size_t i = 0; s == TZ_OK && i < n; i++)
        s = check_sheet(db, &runs[i], progress, pctx, err);
    if (s != TZ_OK)
        return s;
    *started = true;
    s = out->start(out->ctx, err);
    for (size_t i = 0; s == TZ_OK && i < n; i++) {
        if (progress)
            progress(pctx, tz_L("写入", "writing"), runs[i].s->tab, 0);
        s = write_sheet(&runs[i], out, progress, pctx, err);
    }
    return s;
}

/* ---- checking and writing at once (overlap.c), for a renderer that can throw its output
 * away whole: the workbook, a temporary file until it is complete. */

typedef struct {
    tz_db *db;
    sheet_run *runs;
    const tz_renderer *out;
    tz_progress_fn progress;
    void *pctx;
} overlap_ctx;

static tz_status overlap_check(void *ctx, size_t i, tz_error *err)
{
    overlap_ctx *c = ctx;
    return check_rows(c->db, &c->runs[i], c->progress, c->pctx, err);
}

static tz_status overlap_confirm(void *ctx, size_t i, tz_error *err)
{
    overlap_ctx *c = ctx;
    return rsheet_verify_totals(c->db, &c->runs[i], err);
}

static void writer_rows(void *ov, const char *what, const char *sheet, int64_t rows)
{
    (void)what;
    (void)sheet;
    overlap_rows(ov, rows);
}

static tz_status overlap_write(void *ctx, size_t i, overlap *ov, tz_error *err)
{
    overlap_ctx *c = ctx;
    tz_status s = i == 0 ? c->out->start(c->out->ctx, err) : TZ_OK;
    return s == TZ_OK ? write_sheet(&c->runs[i], c->out, writer_rows, ov, err) : s;
}

static void overlap_waiting(void *ctx, size_t i, int64_t rows)
{
    overlap_ctx *c = ctx;
    c->progress(c->pctx, tz_L("写入", "writing"), c->runs[i].s->tab, rows);
}

static tz_status check_and_write(tz_db *db, sheet_run *runs, size_t n, const tz_renderer *out,
                                 tz_progress_fn progress, void *pctx, bool *started,
                                 tz_error *err)
{
    overlap_ctx c = { db, runs, out, progress, pctx };
    overlap_stages st = { .n = n, .check = overlap_check, .confirm = overlap_confirm,
                          .write = overlap_write,
                          .waiting = progress ? overlap_waiting : NULL, .ctx = &c };
    return overlap_run(&st, started, err);
}

tz_status tz_report_run(tz_db *db, const tz_report *r, const tz_report_args *a,
                        const tz_renderer *out, tz_progress_fn progress, void *pctx,
                        tz_error *err)
{
    if (r->record && a->q.id) {
        tz_status v = db_row_visible(db, r->record, a->q.id, err);
        if (v != TZ_OK)
            return v;
    }
    sheet_run *runs = calloc(r->nsheets, sizeof *runs);
    if (!runs)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    tz_status s = db_begin_read(db, err);
    bool in_txn = s == TZ_OK;
    size_t ready = 0;
    for (; s == TZ_OK && ready < r->nsheets; ready++)
        s = sheet_init(db, &runs[ready], r, ready, a, err);
    bool started = false;
    if (s == TZ_OK && out->discardable)
        s = check_and_write(db, runs, r->nsheets, out, progress, pctx, &started, err);
    else if (s == TZ_OK)
        s = check_then_write(db, runs, r->nsheets, out, progress, pctx, &started, err);
    if (started) {
        tz_error ferr = { 0 };
        tz_status f = out->finish(out->ctx, s == TZ_OK, &ferr);
        if (s == TZ_OK && f != TZ_OK) {
            s = f;
            *err = ferr;
        }
    }
    if (in_txn)
        db_rollback(db); /* only read: nothing to keep */
    for (size_t i = 0; i < ready; i++)
        sheet_free(&runs[i]);
    free(runs);
    return s;
}
