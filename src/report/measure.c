/* measure.c — the report engine's first pass over a sheet's rows (model.c runs it): the
 * columns measured for the renderers, and 报表校核: each row's checks, the totals against the
 * sum of the rows and against the sheet's verify query. */
#include "sheet.h"

#include <stdio.h>
#include <string.h>

/* Names a data row by its texts ("龙溪镇 村级运转经费"), for a check's message. */
static const char *row_name(const sheet_run *run, char *name, size_t cap)
{
    size_t o = 0;
    name[0] = '\0';
    for (size_t i = 0; i < run->s->ncolumns && o < cap - 1; i++) {
        const tz_rcell *c = &run->cells[i];
        if (c->text && *c->text)
            o += (size_t)snprintf(name + o, cap - o, "%s%s", o ? " " : "", c->text);
    }
    return name;
}

static tz_status check_row(sheet_run *run, tz_error *err)
{
    for (size_t k = 0; k < run->s->nchecks; k++) {
        const tz_rcheck *ck = &run->s->checks[k];
        const tz_rcell *l = &run->cells[ck->left], *r = &run->cells[ck->right];
        if (l->empty || r->empty || l->n <= r->n)
            continue;
        const tz_rcolumn *lc = &run->s->columns[ck->left], *rc = &run->s->columns[ck->right];
        char lv[64], rv[64], name[300];
        return tz_fail(err, TZ_ERR_INVALID,
                       tz_L("报表校核未通过：「%s」第 %lld 行（%s）：%s %s 大于 %s %s",
                            "report check failed: [%s] row %lld (%s): %s %s exceeds %s %s"),
                       run->s->tab, (long long)run->seq, row_name(run, name, sizeof name), lc->label,
                       tz_rcell_format(lc, l, lv, sizeof lv), rc->label,
                       tz_rcell_format(rc, r, rv, sizeof rv));
    }
    return TZ_OK;
}

static void widen(sheet_run *run, size_t i, int w)
{
    if (w > run->out.width[i])
        run->out.width[i] = w;
}

static bool below(const tz_rcolumn *c, const tz_rcell *a, const tz_rcell *b)
{
    bool fraction = c->value == TZ_RV_RATE || c->value == TZ_RV_MEAN || c->format == TZ_RF_PERCENT;
    return fraction ? a->x < b->x : a->n < b->n;
}

/* A text is measured as it comes. A number's shown width only grows with its size, a minus
 * sign aside, so a numeric column is measured once, by its smallest and largest values
 * (rsheet_measure_numbers), rather than by formatting each of millions of cells. */
static void measure(sheet_run *run)
{
    for (size_t i = 0; i < run->out.nshown; i++) {
        const tz_rcell *cell = &run->shown[i];
        extremes *e = &run->ext[i];
        if (cell->text) {
            widen(run, i, tz_str_width(cell->text));
        } else if (!cell->empty) {
            if (!e->seen || below(run->out.cols[i], cell, &e->lo))
                e->lo = *cell;
            if (!e->seen || below(run->out.cols[i], &e->hi, cell))
                e->hi = *cell;
            e->seen = true;
        }
    }
}

void rsheet_measure_numbers(sheet_run *run)
{
    for (size_t i = 0; i < run->out.nshown; i++) {
        const extremes *e = &run->ext[i];
        char text[64];
        if (!e->seen)
            continue;
        widen(run, i, tz_str_width(tz_rcell_format(run->out.cols[i], &e->lo, text, sizeof text)));
        widen(run, i, tz_str_width(tz_rcell_format(run->out.cols[i], &e->hi, text, sizeof text)));
    }
}

tz_status rsheet_measure_and_check(sheet_run *run, tz_rowkind kind, void *ctx, tz_error *err)
{
    (void)ctx;
    measure(run);
    return kind == TZ_ROW_DATA ? check_row(run, err) : TZ_OK;
}

/* The header texts count too; an upper header wider than the columns under it widens the
 * last of them. */
void rsheet_measure_headers(sheet_run *run)
{
    tz_rsheet_out *o = &run->out;
    for (size_t i = 0; i < o->nshown; i++) {
        char up[256], low[256];
        tz_rcolumn_header(o->cols[i], up, sizeof up, low, sizeof low);
        int w = tz_str_width(low);
        if (w > o->width[i])
            o->width[i] = w;
        if (o->cols[i]->width > o->width[i])
            o->width[i] = o->cols[i]->width;
        o->two_level |= *up != '\0';
    }
    for (size_t i = 0; i < o->nshown;) {
        char up[256], low[256], next[256];
        tz_rcolumn_header(o->cols[i], up, sizeof up, low, sizeof low);
        size_t j = i + 1;
        int span = o->width[i];
        for (; j < o->nshown; j++) {
            tz_rcolumn_header(o->cols[j], next, sizeof next, low, sizeof low);
            if (!*up || strcmp(next, up) != 0)
                break;
            span += 2 + o->width[j];
        }
        if (*up && tz_str_width(up) > span)
            o->width[j - 1] += tz_str_width(up) - span;
        i = j;
    }
}

/* 报表校核, first half: each summed total against the sum of every data row. Keeps the totals
 * for the second half, which may run while another thread replays the rows. */
tz_status rsheet_check_row_sums(sheet_run *run, tz_error *err)
{
    const tz_rsheet *s = run->s;
    for (size_t i = 0; i < s->ncolumns; i++) {
        run->checked[i] = run->raw[i];
        if (rsheet_numeric_query(&s->columns[i]) && s->columns[i].total == TZ_AGG_SUM
            && run->total[i].sum != run->rows[i].sum)
            return tz_fail(err, TZ_ERR_INVALID,
                           tz_L("报表校核未通过：「%s」“%s”的合计与各行之和不等",
                                "report check failed: [%s] the total of \"%s\" differs from the sum of its rows"),
                           s->tab, s->columns[i].label);
    }
    return TZ_OK;
}

/* Second half: the totals against the sheet's verify query, computed by the database apart
 * from the rows. Money is compared before it is rounded for showing: the verify query sums the
 * ledgers' own 分. */
tz_status rsheet_verify_totals(tz_db *db, const sheet_run *run, tz_error *err)
{
    const tz_rsheet *s = run->s;
    if (!s->verify)
        return TZ_OK;
    tz_stmt *st = NULL;
    bool row = false;
    tz_status rc = db_query_open(db, s->verify, &run->a->q, &st, err);
    if (rc == TZ_OK)
        rc = db_step(st, &row, err);
    for (int k = 0; rc == TZ_OK && row && k < db_column_count(st); k++) {
        int i = -1;
        for (size_t j = 0; j < s->ncolumns; j++)
            if (strcmp(s->columns[j].name, db_column_name(st, k)) == 0)
                i = (int)j;
        const char *v = db_column_text(st, k);
        if (i < 0) /* db_check_reports refuses such a verify query */
            continue;
        int64_t want = v ? rsheet_parse_scaled(v, s->columns[i].format) : 0;
        if (want != run->checked[i]) {
            char got[64], exp[64];
            tz_rcell g = { .n = run->checked[i] }, e = { .n = want };
            rc = tz_fail(err, TZ_ERR_INVALID,
                         tz_L("报表校核未通过：「%s」合计行“%s”为 %s，数据库另行合计为 %s",
                              "report check failed: [%s] the total of \"%s\" is %s, the database's own sum is %s"),
                         s->tab, s->columns[i].label, tz_rcell_format(&s->columns[i], &g, got, sizeof got),
                         tz_rcell_format(&s->columns[i], &e, exp, sizeof exp));
        }
    }
    if (st)
        db_reset(st);
    db_finalize(st);
    return rc;
}
