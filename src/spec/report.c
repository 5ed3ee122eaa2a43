/* report.c — the sections of a .report file: [report NAME], then [sheet NAME] sections each
 * followed by its [column NAME] sections. The format is in forms/README.md ("Report files").
 * Everything that can be checked without a database is checked here; the queries are
 * compiled against the live schema by db_check_reports. */
#include "parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the names of values ------------------------------------------------------------------ */

static const char *const format_names[] = {
    [TZ_RF_TEXT] = "text",   [TZ_RF_INTEGER] = "integer", [TZ_RF_WAN] = "wan",
    [TZ_RF_YUAN] = "yuan",   [TZ_RF_SCORE] = "score",     [TZ_RF_PERCENT] = "percent",
    [TZ_RF_DATE] = "date",
};
static const char *const agg_names[] = {
    [TZ_AGG_NONE] = "none", [TZ_AGG_SUM] = "sum", [TZ_AGG_MIN] = "min", [TZ_AGG_MAX] = "max",
};
static const char *const param_names[] = { "year", "quarter", "unit", "id" }; /* bit order */

/* Placeholders of report texts, and the parameter each needs (0: always there). */
static const struct {
    const char *name;
    unsigned needs;
} placeholders[] = {
    { "year", TZ_RP_YEAR },  { "quarter", TZ_RP_QUARTER }, { "quarter_cn", TZ_RP_QUARTER },
    { "region", 0 },         { "org", 0 },                 { "today", 0 },
    { "preparer", 0 },       { "reviewer", 0 },            { "phone", 0 },
    { "leader", 0 },         { "area", 0 },
};

#define N(a) (sizeof a / sizeof a[0])

static int name_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

bool tz_report_placeholder_ok(const tz_report *r, const char *name)
{
    for (size_t i = 0; i < N(placeholders); i++)
        if (strcmp(placeholders[i].name, name) == 0)
            return (r->params & placeholders[i].needs) == placeholders[i].needs;
    return false;
}

/* ---- the current report, sheet and column ---------------------------------------------------- */

static tz_rsheet *cur_sheet(parser *p)
{
    return &p->report->sheets[p->report->nsheets - 1];
}

static tz_rcolumn *cur_column(parser *p)
{
    tz_rsheet *s = cur_sheet(p);
    return &s->columns[s->ncolumns - 1];
}

static int column_index(const tz_rsheet *s, const char *name)
{
    for (size_t i = 0; i < s->ncolumns; i++)
        if (strcmp(s->columns[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ---- texts with {placeholders} ---------------------------------------------------------------- */

void sp_check_template(parser *p, int line, const char *key, const char *text)
{
    for (const char *s = strchr(text, '{'); s; s = strchr(s + 1, '{')) {
        const char *end = strchr(s, '}');
        if (!end) {
            sp_problem(p, line, "%s 中的“{”没有配对的“}”", "%s: \"{\" without a closing \"}\"", key);
            return;
        }
        char name[32];
        size_t n = (size_t)(end - s - 1);
        snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), s + 1);
        if (!tz_report_placeholder_ok(p->report, name))
            sp_problem(p, line, "%s 中的 {%s} 不可用（可用 {year}、{quarter}、{quarter_cn}、{region}、"
                                "{org}、{today}、{leader}、{preparer}、{reviewer}、{phone}、{area}，"
                                "年度和季度须在 params 中）",
                       "%s: {%s} is not available (use {year}, {quarter}, {quarter_cn}, {region}, "
                       "{org}, {today}, {leader}, {preparer}, {reviewer}, {phone}, {area}; year and "
                       "quarter need params)", key, name);
    }
}

/* ---- [report NAME] ---------------------------------------------------------------------------- */

void sp_open_report(parser *p, int line, const char *name)
{
    if (p->kind != FILE_REPORT) {
        sp_problem(p, line, "[report] 只能写在 .report 文件中", "[report] belongs in a .report file");
        return;
    }
    if (p->report) {
        sp_problem(p, line, "一个 .report 文件只能有一个 [report] 段（第 %d 行已有）",
                   "a .report file holds one [report] section (there is one on line %d)",
                   p->report->line);
        return;
    }
    if (!sp_needs_name(p, line, "report", name))
        return;
    tz_report *r = sp_append_item(p, &p->set->reports, &p->set->nreports, sizeof *r);
    if (!r)
        return;
    r->name = sp_dup_text(p, name);
    r->file = sp_dup_text(p, p->file);
    r->line = line;
    p->report = r;
    p->sec = SEC_REPORT;
}

void sp_parse_params(parser *p, void *report, int line, const char *value)
{
    tz_report *r = report;
    char *copy = sp_dup_text(p, value);
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        int i = name_index(param_names, N(param_names), item);
        if (i < 0)
            sp_problem(p, line, "params 中的“%s”无效（可用 year、quarter、unit、id）",
                       "params: \"%s\" is not one of year, quarter, unit, id", item);
        else
            r->params |= 1u << i;
    }
    free(copy);
}

/* ---- [sheet NAME] ------------------------------------------------------------------------------ */

static bool needs_report(parser *p, int line, const char *kind)
{
    if (p->kind != FILE_REPORT) {
        sp_problem(p, line, "[%s] 只能写在 .report 文件中", "[%s] belongs in a .report file", kind);
        return false;
    }
    if (!p->report) {
        sp_problem(p, line, "[%s] 之前必须先有 [report 名称]", "[%s] must come after [report NAME]",
                   kind);
        return false;
    }
    return true;
}

static void finish_sheet(parser *p, tz_rsheet *s);

void sp_open_sheet(parser *p, int line, const char *name)
{
    if (!needs_report(p, line, "sheet") || !sp_needs_name(p, line, "sheet", name))
        return;
    tz_report *r = p->report;
    for (size_t i = 0; i < r->nsheets; i++)
        if (strcmp(r->sheets[i].name, name) == 0) {
            sp_problem(p, line, "[sheet %s] 重复", "[sheet %s] is given twice", name);
            return;
        }
    if (r->nsheets)
        finish_sheet(p, cur_sheet(p));
    tz_rsheet *s = sp_append_item(p, &r->sheets, &r->nsheets, sizeof *s);
    if (!s)
        return;
    s->name = sp_dup_text(p, name);
    s->line = line;
    s->group = s->subtotal = -1;
    s->total = true;
    p->sec = SEC_SHEET;
}

/* A tab name Excel accepts: 1–31 characters, none of []:*?/\ . */
static bool valid_tab(const char *tab)
{
    size_t chars = 0;
    for (const char *c = tab; *c; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    return chars >= 1 && chars <= 31 && !strpbrk(tab, "[]:*?/\\");
}

static bool numeric(const tz_rcolumn *c)
{
    return c->format != TZ_RF_TEXT;
}

static int resolve_column(parser *p, tz_rsheet *s, int line, const char *key, const char *name)
{
    int i = column_index(s, name);
    if (i < 0)
        sp_problem(p, line, "%s 中的列 %s 未在 [sheet %s] 下声明",
                   "%s: column %s is not declared under [sheet %s]", key, name, s->name);
    return i;
}

/* check = a <= b, c <= d */
static void resolve_checks(parser *p, tz_rsheet *s)
{
    char *copy = sp_dup_text(p, s->check_text);
    for (char *rest = copy; rest;) {
        char *item = sp_next_item(&rest);
        char *le = strstr(item, "<=");
        if (!le) {
            sp_problem(p, s->check_line, "check 应为 列 <= 列，而不是“%s”",
                       "check should be COLUMN <= COLUMN, not \"%s\"", item);
            continue;
        }
        *le = '\0';
        int l = resolve_column(p, s, s->check_line, "check", tz_trim(item));
        int r = resolve_column(p, s, s->check_line, "check", tz_trim(le + 2));
        if (l < 0 || r < 0)
            continue;
        if (!numeric(&s->columns[l]) || !numeric(&s->columns[r])) {
            sp_problem(p, s->check_line, "check 只能比较数值列", "check compares numeric columns only");
            continue;
        }
        tz_rcheck *c = sp_append_item(p, &s->checks, &s->nchecks, sizeof *c);
        if (c)
            *c = (tz_rcheck){ .left = l, .right = r, .line = s->check_line };
    }
    free(copy);
}

/* The two inputs of a rate or mean: query columns summed on subtotals, so that the computed
 * value of a subtotal is the rate of its sums. */
static void resolve_args(parser *p, tz_rsheet *s, tz_rcolumn *c)
{
    for (int k = 0; k < 2; k++) {
        int i = resolve_column(p, s, c->line, "value", c->argname[k]);
        if (i < 0)
            continue;
        const tz_rcolumn *a = &s->columns[i];
        if (a->value != TZ_RV_QUERY || !numeric(a) || a->total != TZ_AGG_SUM)
            sp_problem(p, c->line, "value 的参数 %s 应为查询得到、total = sum 的数值列",
                       "value: %s must be a numeric query column with total = sum", a->name);
        c->arg[k] = i;
    }
}

static void finish_sheet(parser *p, tz_rsheet *s)
{
    if (!s->tab)
        sp_problem(p, s->line, "[sheet %s] 缺少 tab（工作表名）", "[sheet %s] has no tab", s->name);
    else if (!valid_tab(s->tab))
        sp_problem(p, s->line, "[sheet %s] 的 tab 应为 1–31 个字符，且不含 []:*?/\\",
                   "[sheet %s]: tab must be 1-31 characters without []:*?/\\", s->name);
    if (!s->title)
        sp_problem(p, s->line, "[sheet %s] 缺少 title", "[sheet %s] has no title", s->name);
    if (!s->query)
        sp_problem(p, s->line, "[sheet %s] 缺少 query", "[sheet %s] has no query", s->name);
    size_t shown = 0;
    for (size_t i = 0; i < s->ncolumns; i++) {
        shown += !s->columns[i].hidden;
        if (s->columns[i].value == TZ_RV_RATE || s->columns[i].value == TZ_RV_MEAN)
            resolve_args(p, s, &s->columns[i]);
    }
    if (!shown)
        sp_problem(p, s->line, "[sheet %s] 没有要显示的 [column]", "[sheet %s] shows no [column]",
                   s->name);
    if (s->group_name)
        s->group = resolve_column(p, s, s->group_line, "group", s->group_name);
    if (s->subtotal_name)
        s->subtotal = resolve_column(p, s, s->subtotal_line, "subtotal", s->subtotal_name);
    if (s->subtotal_name && !s->group_name)
        sp_problem(p, s->subtotal_line, "subtotal 需要 group", "subtotal needs group");
    if (s->headings && !s->group_name)
        sp_problem(p, s->headings_line, "headings 需要 group", "headings needs group");
    if (s->check_text)
        resolve_checks(p, s);
}

/* ---- [column NAME] ------------------------------------------------------------------------------ */

void sp_open_column(parser *p, int line, const char *name)
{
    if (!needs_report(p, line, "column"))
        return;
    if (!p->report->nsheets) {
        sp_problem(p, line, "[column] 之前必须先有 [sheet 名称]", "[column] must come after [sheet NAME]");
        return;
    }
    if (!sp_needs_name(p, line, "column", name))
        return;
    tz_rsheet *s = cur_sheet(p);
    int old = column_index(s, name);
    if (old >= 0) {
        sp_problem(p, line, "列 %s 重复（第 %d 行已声明）", "column %s is declared twice (first on line %d)",
                   name, s->columns[old].line);
        return;
    }
    tz_rcolumn *c = sp_append_item(p, &s->columns, &s->ncolumns, sizeof *c);
    if (!c)
        return;
    c->name = sp_dup_text(p, name);
    c->line = line;
    c->arg[0] = c->arg[1] = -1;
    p->sec = SEC_COLUMN;
}

/* value = seq | rate(a, b) | mean(a, b) */
void sp_parse_value(parser *p, void *column, int line, const char *value)
{
    tz_rcolumn *c = column;
    if (strcmp(value, "seq") == 0) {
        c->value = TZ_RV_SEQ;
        return;
    }
    char *copy = sp_dup_text(p, value);
    char *open = copy ? strchr(copy, '(') : NULL;
    size_t n = copy ? strlen(copy) : 0;
    char *comma = open ? strchr(open, ',') : NULL;
    if (open && comma && copy[n - 1] == ')') {
        *open = *comma = copy[n - 1] = '\0';
        const char *fn = tz_trim(copy);
        char *a = tz_trim(open + 1), *b = tz_trim(comma + 1);
        c->value = strcmp(fn, "rate") == 0 ? TZ_RV_RATE : strcmp(fn, "mean") == 0 ? TZ_RV_MEAN
                                                                                   : TZ_RV_QUERY;
        if (c->value != TZ_RV_QUERY && sp_is_ident(a) && sp_is_ident(b)) {
            c->argname[0] = sp_dup_text(p, a);
            c->argname[1] = sp_dup_text(p, b);
            free(copy);
            return;
        }
    }
    c->value = TZ_RV_QUERY;
    sp_problem(p, line, "value 应为 seq、rate(列, 列) 或 mean(列, 列)，而不是“%s”",
               "value should be seq, rate(COLUMN, COLUMN) or mean(COLUMN, COLUMN), not \"%s\"", value);
    free(copy);
}

void sp_parse_format(parser *p, void *column, int line, const char *value)
{
    int i = name_index(format_names, N(format_names), value);
    if (i < 0)
        sp_problem(p, line, "format 应为 text、integer、wan、yuan、score、percent 或 date，而不是“%s”",
                   "format must be text, integer, wan, yuan, score, percent or date, not \"%s\"", value);
    else
        ((tz_rcolumn *)column)->format = (tz_rformat)i;
}

void sp_parse_total(parser *p, void *column, int line, const char *value)
{
    int i = name_index(agg_names, N(agg_names), value);
    if (i < 0)
        sp_problem(p, line, "total 应为 sum、min、max 或 none，而不是“%s”",
                   "total must be sum, min, max or none, not \"%s\"", value);
    else
        ((tz_rcolumn *)column)->total = (tz_agg)i;
}

/* When a [column] ends: its keys fit together. */
static void finish_column(parser *p)
{
    tz_rcolumn *c = cur_column(p);
    if (!c->label && !c->hidden)
        sp_problem(p, c->line, "[column %s] 缺少 label", "[column %s] has no label", c->name);
    bool computed = c->value == TZ_RV_RATE || c->value == TZ_RV_MEAN;
    bool format_given = sp_key_line(p, "format") != 0;
    if (c->value == TZ_RV_RATE && !format_given)
        c->format = TZ_RF_PERCENT;
    if (c->value == TZ_RV_SEQ && !format_given)
        c->format = TZ_RF_INTEGER;
    if (c->format == TZ_RF_TEXT && (c->value != TZ_RV_QUERY || c->total != TZ_AGG_NONE))
        sp_problem(p, c->line, "文本列不能有 total 或计算的 value", "a text column has no total or computed value");
    else if ((computed || c->value == TZ_RV_SEQ) && c->total != TZ_AGG_NONE)
        sp_problem(p, c->line, "计算列的合计由其参数算出，不能再写 total",
                   "a computed column's totals come from its inputs: no total");
    else if (c->format == TZ_RF_PERCENT && !computed && c->total != TZ_AGG_NONE)
        sp_problem(p, c->line, "百分比列不能求和；用 value = rate(列, 列)",
                   "a percent column cannot be summed; use value = rate(COLUMN, COLUMN)");
}

/* ---- sections and file ------------------------------------------------------------------------- */

void sp_close_report_section(parser *p)
{
    if (p->sec == SEC_COLUMN)
        finish_column(p);
}

void sp_finish_report_file(parser *p)
{
    tz_report *r = p->report;
    if (!r) {
        sp_problem(p, 0, "文件中没有 [report 名称] 段", "the file has no [report NAME] section");
        return;
    }
    if (r->nsheets)
        finish_sheet(p, cur_sheet(p));
    else
        sp_problem(p, r->line, "[report %s] 没有任何 [sheet]", "[report %s] has no [sheet]", r->name);
    if (!r->title)
        sp_problem(p, r->line, "[report %s] 缺少 title", "[report %s] has no title", r->name);
    if ((r->params & TZ_RP_ID) && !r->record)
        sp_problem(p, r->line, "[report %s] 有参数 id，须用 record 说明是哪个表的记录",
                   "[report %s] takes an id: record must name its table", r->name);
    /* the report's own texts are checked here, once params are known whatever the key order */
    if (r->output)
        sp_check_template(p, r->output_line, "file", r->output);
    if (r->subtitle)
        sp_check_template(p, r->subtitle_line, "subtitle", r->subtitle);
    if (r->footer)
        sp_check_template(p, r->footer_line, "footer", r->footer);
    if (r->corner)
        sp_check_template(p, r->corner_line, "corner", r->corner);
    if (r->note)
        sp_check_template(p, r->note_line, "note", r->note);
    for (size_t i = 0; i < r->nsheets; i++)
        for (size_t j = 0; j < i; j++)
            if (r->sheets[i].tab && r->sheets[j].tab && strcmp(r->sheets[i].tab, r->sheets[j].tab) == 0)
                sp_problem(p, r->sheets[i].line, "工作表名 %s 重复", "tab %s is used twice",
                           r->sheets[i].tab);
}

void sp_validate_reports(const tz_formset *set, tz_problems *probs)
{
    for (size_t i = 0; i < set->nreports; i++) {
        const tz_report *first = tz_spec_report(set, set->reports[i].name);
        if (first && first != &set->reports[i])
            tz_problems_add(probs, set->reports[i].file, set->reports[i].line,
                            tz_L("报表 %s 重复（%s:%d 已声明）", "report %s is declared twice (first at %s:%d)"),
                            first->name, first->file, first->line);
    }
}

/* ---- freeing ------------------------------------------------------------------------------------ */

static void free_sheet(tz_rsheet *s)
{
    for (size_t i = 0; i < s->ncolumns; i++) {
        free(s->columns[i].name);
        free(s->columns[i].label);
        free(s->columns[i].argname[0]);
        free(s->columns[i].argname[1]);
    }
    free(s->columns);
    free(s->checks);
    free(s->name);
    free(s->tab);
    free(s->title);
    free(s->subtitle);
    free(s->measure);
    free(s->footer);
    free(s->corner);
    free(s->note);
    free(s->info);
    free(s->query);
    free(s->verify);
    free(s->summary);
    free(s->group_name);
    free(s->subtotal_name);
    free(s->check_text);
    free(s->sign);
}

void sp_free_report(tz_report *r)
{
    for (size_t i = 0; i < r->nsheets; i++)
        free_sheet(&r->sheets[i]);
    free(r->sheets);
    free(r->name);
    free(r->file);
    free(r->title);
    free(r->title_en);
    free(r->output);
    free(r->subtitle);
    free(r->footer);
    free(r->corner);
    free(r->note);
    free(r->record);
}
