/* cell.c — how a report cell reads: the same text on screen and paper, the same value in the
 * workbook. Numbers from the query stay integers (counts, 分, hundredths of a point) so sums
 * are exact; computed rates and means are rounded once, in the engine, to what is shown. A
 * sheet whose group column is printed as headings has it left out of the columns on paper. */
#include "taizhang/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Units per shown unit: 分 per 万元, 分 per 元, hundredths per point. */
static double scale_of(tz_rformat f)
{
    switch (f) {
    case TZ_RF_WAN:   return 1e6;
    case TZ_RF_YUAN:  return 100.0;
    case TZ_RF_SCORE: return 100.0;
    default:          return 1.0;
    }
}

/* Groups the digits of a non-negative integer by thousands: 1234567 → "1,234,567". */
static void group_thousands(uint64_t v, char *out, size_t cap)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < n && o + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* An integer count of `unit`ths shown with two decimals, rounded half away from zero, with
 * thousands separators when `grouped`: 12345000 分 in 万元 (unit 1e6) → "12.35". */
static void fixed2(int64_t v, int64_t unit, bool grouped, char *out, size_t cap)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t step = (uint64_t)(unit / 100); /* one hundredth of the shown unit */
    uint64_t hundredths = (mag + step / 2) / step;
    char whole[40];
    if (grouped)
        group_thousands(hundredths / 100, whole, sizeof whole);
    else
        snprintf(whole, sizeof whole, "%llu", (unsigned long long)(hundredths / 100));
    snprintf(out, cap, "%s%s.%02u", v < 0 && hundredths ? "-" : "", whole,
             (unsigned)(hundredths % 100));
}

char *tz_rcell_format(const tz_rcolumn *c, const tz_rcell *cell, char *out, size_t cap)
{
    if (cell->text) {
        snprintf(out, cap, "%s", cell->text);
        return out;
    }
    if (cell->empty) {
        snprintf(out, cap, "%s", "");
        return out;
    }
    bool computed = c->value == TZ_RV_RATE || c->value == TZ_RV_MEAN;
    if (computed || c->format == TZ_RF_PERCENT) {
        /* x was rounded by the engine: one decimal of a percent, two of a mean */
        if (c->format == TZ_RF_PERCENT)
            snprintf(out, cap, "%.1f%%", cell->x * 100.0);
        else
            snprintf(out, cap, "%.2f", cell->x);
        return out;
    }
    switch (c->format) {
    case TZ_RF_WAN:   fixed2(cell->n, 1000000, true, out, cap); break;
    case TZ_RF_YUAN:  fixed2(cell->n, 100, true, out, cap); break;
    case TZ_RF_SCORE: fixed2(cell->n, 100, false, out, cap); break;
    default:          snprintf(out, cap, "%lld", (long long)cell->n); break;
    }
    return out;
}

double tz_rcell_value(const tz_rcolumn *c, const tz_rcell *cell)
{
    if (c->value == TZ_RV_RATE || c->value == TZ_RV_MEAN || c->format == TZ_RF_PERCENT)
        return cell->x;
    return (double)cell->n / scale_of(c->format);
}

void tz_rcolumn_header(const tz_rcolumn *c, char *upper, size_t ucap, char *lower, size_t lcap)
{
    const char *label = c->label ? c->label : c->name;
    const char *bar = strchr(label, '|');
    if (bar) {
        snprintf(upper, ucap, "%.*s", (int)(bar - label), label);
        snprintf(lower, lcap, "%s", bar + 1);
    } else {
        snprintf(upper, ucap, "%s", "");
        snprintf(lower, lcap, "%s", label);
    }
}

int tz_rsheet_heading_column(const tz_rsheet_out *s)
{
    if (!s->spec->headings || s->spec->group < 0)
        return -1;
    /* by name: the shown columns are the engine's copies (their labels expanded) */
    const char *group = s->spec->columns[s->spec->group].name;
    for (size_t i = 0; i < s->nshown; i++)
        if (strcmp(s->cols[i]->name, group) == 0)
            return (int)i;
    return -1;
}

/* 小计 goes to the group column when it has no column of its own (subtotal); 合计 to the first
 * shown column. */
static bool subtotal_in_group(const tz_rsheet *spec)
{
    return spec->subtotal < 0 || spec->subtotal == spec->group;
}

/* A 小计 or 合计 row with nothing in it (no column sums) is a blank line: no label to move. */
static bool has_sums(const tz_rsheet *spec)
{
    for (size_t i = 0; i < spec->ncolumns; i++)
        if (spec->columns[i].total != TZ_AGG_NONE || spec->columns[i].value == TZ_RV_RATE
            || spec->columns[i].value == TZ_RV_MEAN)
            return true;
    return false;
}

bool tz_rsheet_labels_move(const tz_rsheet_out *s)
{
    int heading = tz_rsheet_heading_column(s);
    return heading >= 0 && has_sums(s->spec) && (heading == 0 || subtotal_in_group(s->spec));
}

const char *tz_rsheet_moved_label(const tz_rsheet_out *s, int heading, tz_rowkind kind, const tz_rcell *cells)
{
    if (heading < 0 || kind == TZ_ROW_DATA || !cells[heading].text || !has_sums(s->spec))
        return NULL;
    if (kind == TZ_ROW_TOTAL ? heading != 0 : !subtotal_in_group(s->spec))
        return NULL; /* the group column holds the group's name, the label is elsewhere */
    size_t first = heading == 0 ? 1 : 0;
    if (first >= s->nshown || cells[first].text || !cells[first].empty)
        return NULL;
    return cells[heading].text;
}

/* A block of lines apart by '/' (text is cut up), appended to s. */
static bool add_sign_block(tz_sign *s, char *text)
{
    tz_sign_block *grown = realloc(s->block, (s->n + 1) * sizeof *grown);
    if (!grown)
        return false;
    s->block = grown;
    tz_sign_block *b = &s->block[s->n++];
    *b = (tz_sign_block){ 0 };
    char *save = NULL;
    for (char *line = strtok_r(text, "/", &save); line; line = strtok_r(NULL, "/", &save)) {
        char **more = realloc(b->line, (b->nline + 1) * sizeof *more);
        if (!more)
            return false;
        b->line = more;
        tz_sb sb = { 0 };
        tz_sb_printf(&sb, "%s：", tz_trim(line));
        if (sb.failed) {
            tz_sb_free(&sb);
            return false;
        }
        b->line[b->nline++] = tz_sb_take(&sb);
    }
    s->most = b->nline > s->most ? b->nline : s->most;
    return true;
}

bool tz_sign_parse(const char *sign, tz_sign *out)
{
    *out = (tz_sign){ 0 };
    char *copy = tz_strdup(sign), *save = NULL;
    bool ok = copy != NULL;
    for (char *b = ok ? strtok_r(copy, ",", &save) : NULL; ok && b; b = strtok_r(NULL, ",", &save))
        ok = add_sign_block(out, b);
    free(copy);
    if (!ok)
        tz_sign_free(out);
    return ok;
}

void tz_sign_free(tz_sign *s)
{
    for (size_t i = 0; i < s->n; i++) {
        for (size_t k = 0; k < s->block[i].nline; k++)
            free(s->block[i].line[k]);
        free(s->block[i].line);
    }
    free(s->block);
    *s = (tz_sign){ 0 };
}
