/* test_report — the report layer on a copy of sample.db: totals against the database's own
 * sums, the self-check (报表校核) refusing a wrong report before anything is written, printer
 * text within the page, cell formats, the print pipe, and exports that fail without harm. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbtest.h"
#include "taizhang/report.h"

static tz_formset forms;
static tz_db *db;
static char db_path[256];

/* ---- fixtures ------------------------------------------------------------------------------- */

static int setup(void **state)
{
    group_setup(state);
    const char *dir = getenv("TZ_FORMS_DIR");
    tz_problems probs = { 0 };
    if (tz_spec_load(&forms, NULL, 0, dir && *dir ? dir : "forms", &probs) != TZ_OK)
        return -1;
    tz_problems_free(&probs);
    snprintf(db_path, sizeof db_path, "%s/sample.db", tmpdir);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp sample.db %s", db_path);
    tz_error err = { 0 };
    if (system(cmd) != 0 || db_open(db_path, &db, &err) != TZ_OK)
        return -1;
    /* sample.db has users: report as its city-wide administrator (README's demo account) */
    if (db_sign_in(db, "admin", "Admin-2026", &err) != TZ_OK)
        return -1;
    if (db_check_reports(db, &forms, &probs) != TZ_OK)
        return -1;
    tz_problems_free(&probs);
    return 0;
}

static int teardown(void **state)
{
    db_close(db);
    tz_formset_free(&forms);
    return group_teardown(state);
}

static tz_report_args args_for(int year, int quarter, const char *unit)
{
    tz_report_args a = { 0 };
    tz_error err = { 0 };
    assert_int_equal(tz_report_args_init(db, unit, 0, &a, &err), TZ_OK);
    a.q.year = year;
    a.q.quarter = quarter;
    return a;
}

/* A report parsed from text, for the checks that need a report that is wrong on purpose. */
static tz_formset parse_report(const char *text)
{
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "t.report", text, &probs), TZ_OK);
    tz_problems_free(&probs);
    return set;
}

/* ---- a renderer that keeps the total rows ----------------------------------------------------- */

typedef struct {
    char sheet[64];
    double totals[8][16];  /* per sheet: the 合计 row's values by shown column */
    char labels[8][16][64];/* and the shown headers' lower texts */
    int nsheets, data_rows, subtotal_rows;
    int widest[16];        /* per shown column: the widest cell seen, formatted */
    int width[16];         /* and the width the engine measured (the last sheet's) */
    int finished;          /* finish calls */
    bool finished_ok;      /* the last one's ok */
    int fail_at_row;       /* > 0: that data row fails, as a full disk would */
    double group[16], all[16]; /* per summed column: the shown values of the group, the sheet */
    int unsummed;          /* 小计 / 合计 cells that are not the sum of the values shown above */
    int unshown;           /* money cells holding more than the two decimals shown */
    char first_row[64];    /* the first sheet's first data row's first text */
} capture;

static tz_status cap_start(void *ctx, tz_error *err)
{
    (void)ctx;
    (void)err;
    return TZ_OK;
}

static tz_status cap_begin(void *ctx, const tz_rsheet_out *s, tz_error *err)
{
    (void)err;
    capture *c = ctx;
    char up[64];
    for (size_t i = 0; i < s->nshown && i < 16; i++)
        tz_rcolumn_header(s->cols[i], up, sizeof up, c->labels[c->nsheets][i], 64);
    memset(c->group, 0, sizeof c->group);
    memset(c->all, 0, sizeof c->all);
    return TZ_OK;
}

/* Adds a row up as a reader with a calculator would: the values shown, column by column. */
static void add_up(capture *c, const tz_rsheet_out *s, tz_rowkind kind, const tz_rcell *cells)
{
    for (size_t i = 0; i < s->nshown && i < 16; i++) {
        const tz_rcolumn *col = s->cols[i];
        if (col->value != TZ_RV_QUERY || col->total != TZ_AGG_SUM)
            continue;
        double v = cells[i].empty ? 0 : tz_rcell_value(col, &cells[i]);
        c->unshown += col->format == TZ_RF_WAN && fabs(v * 100 - round(v * 100)) > 1e-9;
        if (kind == TZ_ROW_DATA) {
            c->group[i] += v;
            c->all[i] += v;
        } else {
            double *sum = kind == TZ_ROW_SUBTOTAL ? &c->group[i] : &c->all[i];
            c->unsummed += cells[i].empty || fabs(*sum - v) > 1e-9;
            if (kind == TZ_ROW_SUBTOTAL)
                *sum = 0;
        }
    }
}

static tz_status cap_row(void *ctx, const tz_rsheet_out *s, tz_rowkind kind, const tz_rcell *cells,
                         tz_error *err)
{
    capture *c = ctx;
    for (size_t i = 0; i < s->nshown && i < 16; i++) {
        char text[128];
        int w = tz_str_width(tz_rcell_format(s->cols[i], &cells[i], text, sizeof text));
        c->widest[i] = w > c->widest[i] ? w : c->widest[i];
        c->width[i] = s->width[i];
    }
    c->data_rows += kind == TZ_ROW_DATA;
    if (kind == TZ_ROW_DATA && c->nsheets == 0 && !c->first_row[0] && cells[0].text)
        snprintf(c->first_row, sizeof c->first_row, "%s", cells[0].text);
    add_up(c, s, kind, cells);
    if (c->fail_at_row > 0 && c->data_rows == c->fail_at_row)
        return tz_fail(err, TZ_ERR_IO, "写入失败（测试）");
    c->subtotal_rows += kind == TZ_ROW_SUBTOTAL;
    if (kind == TZ_ROW_TOTAL)
        for (size_t i = 0; i < s->nshown && i < 16; i++)
            c->totals[c->nsheets][i] = cells[i].empty || cells[i].text ? -1 : tz_rcell_value(s->cols[i], &cells[i]);
    return TZ_OK;
}

static tz_status cap_end(void *ctx, const tz_rsheet_out *s, tz_error *err)
{
    (void)s;
    (void)err;
    ((capture *)ctx)->nsheets++;
    return TZ_OK;
}

static tz_status cap_finish(void *ctx, bool ok, tz_error *err)
{
    (void)err;
    capture *c = ctx;
    c->finished++;
    c->finished_ok = ok;
    return TZ_OK;
}

/* discardable: the renderer is written while later sheets are checked, on a thread */
static tz_status run_capture_as(const tz_report *r, const tz_report_args *a, bool discardable,
                                capture *c, tz_error *err)
{
    int fail_at_row = c->fail_at_row;
    memset(c, 0, sizeof *c);
    c->fail_at_row = fail_at_row;
    tz_renderer rd = { .discardable = discardable, .ctx = c, .start = cap_start,
                       .begin = cap_begin, .row = cap_row, .end = cap_end, .finish = cap_finish };
    return tz_report_run(db, r, a, &rd, NULL, NULL, err);
}

static tz_status run_capture(const tz_report *r, const tz_report_args *a, capture *c, tz_error *err)
{
    c->fail_at_row = 0;
    return run_capture_as(r, a, false, c, err);
}

static double total_of(const capture *c, int sheet, const char *label)
{
    for (int i = 0; i < 16; i++)
        if (strcmp(c->labels[sheet][i], label) == 0)
            return c->totals[sheet][i];
    fail_msg("no column %s", label);
    return 0;
}

/* The printer text of a report (a new string). */
static char *render_text(const tz_report *r, const tz_report_args *a, tz_page page)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    tz_error err = { 0 };
    assert_int_equal(tz_report_text(db, r, a, page, mem, &err), TZ_OK);
    fclose(mem);
    return text;
}

/* ---- the quarterly workbook's figures ----------------------------------------------------------- */

static void test_quarterly_totals_equal_the_database(void **state)
{
    (void)state;
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    assert_non_null(r);
    tz_report_args a = args_for(2026, 3, NULL);
    capture c;
    tz_error err = { 0 };
    assert_int_equal(run_capture(r, &a, &c, &err), TZ_OK);
    assert_int_equal(c.nsheets, (int)r->nsheets);
    /* contracts: villages and communities, and the signed ones */
    assert_true(total_of(&c, 0, "村（社区）数") ==
                query_int(db, "SELECT count(*) FROM units WHERE level IN ('village','community')"));
    assert_true(total_of(&c, 0, "已签订") ==
                query_int(db, "SELECT count(*) FROM contracts c JOIN units u ON u.id = c.signer_id "
                              "WHERE c.year = 2026 AND c.status <> 'draft' AND c.signed_on <= '2026-09-30' "
                              "AND u.level IN ('village','community')"));
    /* sites by their status on 30 September */
    assert_true(total_of(&c, 1, "命名") ==
                query_int(db, "SELECT count(*) FROM demo_sites s WHERE (SELECT h.status FROM site_statuses h"
                              " WHERE h.site_id = s.id AND h.since <= '2026-09-30'"
                              " ORDER BY h.since DESC, h.id DESC LIMIT 1) = 'named'"));
    /* budget: 万元 from 分, exactly */
    int64_t budget = query_int(db, "SELECT sum(l.budgeted_fen) FROM budget_lines l JOIN unit_townships ut "
                                   "ON ut.unit_id = l.unit_id WHERE l.year = 2026 AND ut.township_id IS NOT NULL");
    int64_t paid = query_int(db, "SELECT sum(d.amount_fen) FROM disbursements d JOIN budget_lines l ON l.id = d.line_id "
                                 "JOIN unit_townships ut ON ut.unit_id = l.unit_id WHERE l.year = 2026 "
                                 "AND ut.township_id IS NOT NULL AND d.paid_on <= '2026-09-30'");
    assert_true(total_of(&c, 3, "年度预算") == (double)budget / 1e6);
    assert_true(total_of(&c, 3, "累计") == (double)paid / 1e6);
    assert_true(c.subtotal_rows > 18); /* a 小计 per township in the sites and budget sheets */
    assert_int_equal(c.unsummed, 0);
    assert_int_equal(c.unshown, 0);
}

static void test_quarterly_for_one_township(void **state)
{
    (void)state;
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    char *code = query_text(db, "SELECT code FROM units WHERE name = '龙溪镇'");
    tz_report_args a = args_for(2026, 3, code);
    assert_string_equal(a.region, "龙溪镇");
    capture c;
    tz_error err = { 0 };
    assert_int_equal(run_capture(r, &a, &c, &err), TZ_OK);
    assert_true(total_of(&c, 0, "村（社区）数") ==
                query_int(db, "SELECT count(*) FROM units v JOIN units t ON t.id = v.parent_id "
                              "WHERE t.name = '龙溪镇'"));
    /* its own header, and a row per village: the first is its first village, not itself */
    assert_string_equal(a.settings.org, "中共龙溪镇委员会");
    char *preparer = query_text(db, "SELECT preparer FROM township_headers h JOIN units t"
                                    " ON t.id = h.township_id WHERE t.name = '龙溪镇'");
    assert_string_equal(a.settings.preparer, preparer);
    free(preparer);
    char *first = query_text(db, "SELECT v.name FROM units v JOIN units t ON t.id = v.parent_id"
                                 " WHERE t.name = '龙溪镇' ORDER BY v.code LIMIT 1");
    assert_string_equal(c.first_row, first); /* the contracts sheet's */
    free(first);
    assert_string_equal(c.labels[0][0], "村（社区）");
    assert_int_equal(c.unsummed, 0);
    /* printed: the corner, the note and the township's own signature line, on one line each */
    char *text = render_text(r, &a, (tz_page){ 80, 60 });
    assert_non_null(strstr(text, "表号："));
    assert_non_null(strstr(text, "注：金额以万元为单位"));
    char line[300];
    snprintf(line, sizeof line, "填表人：%s", a.settings.preparer);
    assert_non_null(strstr(text, line));
    free(text);
    free(code);
    tz_error e2 = { 0 };
    tz_report_args b = { 0 };
    char *village = query_text(db, "SELECT code FROM units WHERE level = 'village' LIMIT 1");
    assert_int_equal(tz_report_args_init(db, village, 0, &b, &e2), TZ_ERR_INVALID);
    assert_non_null(strstr(e2.msg, "不是本库的市或一个乡镇"));
    free(village);
    assert_int_equal(tz_report_args_init(db, "no-such-code", 0, &b, &e2), TZ_ERR_NOTFOUND);
}

/* ---- as of the quarter's end ----------------------------------------------------------------------- */

/* A village of 龙溪镇 gets, in 2030, a site accepted in May and a contract assessed in July. */
static const char as_of_fixture[] =
    "INSERT INTO demo_sites (name, unit_id, category, status, status_on)"
    " SELECT '测试示范点', id, 'rural', 'applied', '2030-01-10' FROM units"
    "  WHERE parent_id = (SELECT id FROM units WHERE name = '龙溪镇') ORDER BY code LIMIT 1;"
    "UPDATE demo_sites SET status = 'building', status_on = '2030-02-01' WHERE name = '测试示范点';"
    "UPDATE demo_sites SET status = 'accepted', accepted_on = '2030-05-20' WHERE name = '测试示范点';"
    "INSERT INTO contracts (year, issuer_id, signer_id, status, signed_on, mid_assessed_on)"
    " SELECT 2030, parent_id, unit_id, 'signed', '2030-02-15', '2030-07-15' FROM units u"
    "  JOIN demo_sites s ON s.unit_id = u.id WHERE s.name = '测试示范点';"
    "INSERT INTO contract_items (contract_id, seq, content, weight, score_mid)"
    " SELECT id, 1, '三会一课', 100, 91.5 FROM contracts WHERE year = 2030;";

static void test_as_of_quarter_end(void **state)
{
    (void)state;
    exec_ok(db, as_of_fixture);
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    char *code = query_text(db, "SELECT code FROM units WHERE name = '龙溪镇'");
    capture q1, q2, q3;
    tz_error err = { 0 };
    tz_report_args a = args_for(2030, 1, code);
    assert_int_equal(run_capture(r, &a, &q1, &err), TZ_OK);
    a.q.quarter = 2;
    assert_int_equal(run_capture(r, &a, &q2, &err), TZ_OK);
    a.q.quarter = 3;
    assert_int_equal(run_capture(r, &a, &q3, &err), TZ_OK);
    /* accepted in May: in Q2, not in Q1 (then it was being built) */
    assert_true(total_of(&q2, 1, "验收通过") == total_of(&q1, 1, "验收通过") + 1);
    assert_true(total_of(&q2, 1, "创建中") == total_of(&q1, 1, "创建中") - 1);
    /* assessed in July: no mid-year score in Q2, this one in Q3 */
    assert_true(total_of(&q2, 0, "已签订") == 1);
    assert_true(total_of(&q2, 0, "平均分") == -1); /* empty: no score yet */
    assert_true(total_of(&q3, 0, "平均分") == 91.5);
    free(code);
    exec_ok(db, "DELETE FROM contracts WHERE year = 2030;"
                "DELETE FROM demo_sites WHERE name = '测试示范点'");
}

/* ---- figures that add up as printed ------------------------------------------------------------ */

/* Three villages of one township paid 46 元 each: 0.0046 万元, shown 0.00, three times. */
static const char small_payments[] =
    "INSERT INTO budget_lines (year, unit_id, category, budgeted_fen)"
    " SELECT 2030, id, 'village_ops', 1000000 FROM units"
    "  WHERE parent_id = (SELECT id FROM units WHERE name = '龙溪镇') ORDER BY code LIMIT 3;"
    "INSERT INTO disbursements (line_id, paid_on, amount_fen)"
    " SELECT id, '2030-02-01', 4600 FROM budget_lines WHERE year = 2030;";

static void test_rounded_rows_add_up(void **state)
{
    (void)state;
    exec_ok(db, small_payments);
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    char *code = query_text(db, "SELECT code FROM units WHERE name = '龙溪镇'");
    capture c;
    tz_error err = { 0 };
    tz_report_args a = args_for(2030, 1, code);
    assert_int_equal(run_capture(r, &a, &c, &err), TZ_OK);
    assert_int_equal(c.unsummed, 0);
    assert_int_equal(c.unshown, 0);
    assert_true(total_of(&c, 3, "本季度") == 0.0); /* 0.00 + 0.00 + 0.00, as printed */
    assert_true(total_of(&c, 3, "年度预算") == 3.0);
    assert_true(total_of(&c, 3, "执行率") == 0.0); /* from the shown figures: 0.00 / 3.00 */
    tz_report_args city = args_for(2030, 1, NULL);
    assert_int_equal(run_capture(r, &city, &c, &err), TZ_OK);
    assert_int_equal(c.unsummed, 0);
    assert_true(total_of(&c, 3, "本季度") == 0.01); /* one row of 138 元 */
    free(code);
    exec_ok(db, "DELETE FROM disbursements WHERE paid_on = '2030-02-01';"
                "DELETE FROM budget_lines WHERE year = 2030");
}

/* ---- 报表校核 ------------------------------------------------------------------------------------ */

/* A total kept by triggers, altered behind their back: the budget sheet's verify sums the
 * ledgers themselves and refuses the report. */
static void test_verify_catches_a_kept_total_altered(void **state)
{
    (void)state;
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    exec_ok(db, "UPDATE township_budget_totals SET q1_fen = q1_fen + 100"
                " WHERE year = 2026 AND (township_id, category) = (SELECT township_id, category"
                "       FROM township_budget_totals WHERE year = 2026 AND lines > 0 LIMIT 1)");
    capture c;
    tz_error err = { 0 };
    tz_report_args a = args_for(2026, 3, NULL);
    assert_int_equal(run_capture(r, &a, &c, &err), TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "报表校核未通过"));
    assert_non_null(strstr(err.msg, "经费保障"));
    exec_ok(db, "UPDATE township_budget_totals SET q1_fen = q1_fen - 100"
                " WHERE year = 2026 AND (township_id, category) = (SELECT township_id, category"
                "       FROM township_budget_totals WHERE year = 2026 AND lines > 0 LIMIT 1)");
    assert_int_equal(run_capture(r, &a, &c, &err), TZ_OK);
}

/* joining disbursements multiplies each line's budget by its number of payments */
#define DOUBLE_COUNTING_SHEET \
    "[sheet s]\ntab = 预算\ntitle = {year}\n" \
    "query = SELECT u.name AS unit, sum(l.budgeted_fen) AS budgeted\n" \
    "  FROM budget_lines l JOIN units u ON u.id = l.unit_id\n" \
    "  JOIN disbursements d ON d.line_id = l.id WHERE l.year = :year GROUP BY u.id\n" \
    "verify = SELECT sum(budgeted_fen) AS budgeted FROM budget_lines\n" \
    "  WHERE year = :year AND id IN (SELECT line_id FROM disbursements)\n" \
    "[column unit]\nlabel = 单位\n" \
    "[column budgeted]\nlabel = 预算\nformat = wan\ntotal = sum\n"

static const char double_counting[] =
    "[report t]\ntitle = 测试\nparams = year\n" DOUBLE_COUNTING_SHEET;

static const char row_rule[] =
    "[report t]\ntitle = 测试\n"
    "[sheet s]\ntab = 规则\ntitle = 规则\n"
    "query = SELECT '甲' AS name, 3 AS a, 3 AS b UNION ALL SELECT '乙', 9, 4 ORDER BY a\n"
    "check = b <= a, a <= b\n"
    "[column name]\nlabel = 名称\n"
    "[column a]\nlabel = 甲数\nformat = integer\ntotal = sum\n"
    "[column b]\nlabel = 乙数\nformat = integer\ntotal = sum\n";

static void test_self_check_refuses_a_wrong_total(void **state)
{
    (void)state;
    tz_formset set = parse_report(double_counting);
    tz_report_args a = args_for(2026, 0, NULL);
    capture c;
    tz_error err = { 0 };
    tz_status st = run_capture(&set.reports[0], &a, &c, &err);
    tz_formset_free(&set);
    assert_int_equal(st, TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "报表校核未通过"));
    assert_non_null(strstr(err.msg, "预算"));
    assert_int_equal(c.nsheets, 0); /* nothing was rendered */
}

static void test_self_check_names_the_row(void **state)
{
    (void)state;
    tz_formset set = parse_report(row_rule);
    tz_report_args a = args_for(2026, 0, NULL);
    capture c;
    tz_error err = { 0 };
    tz_status st = run_capture(&set.reports[0], &a, &c, &err);
    tz_formset_free(&set);
    assert_int_equal(st, TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "第 2 行（乙）"));
    assert_non_null(strstr(err.msg, "甲数 9 大于 乙数 4"));
}

/* ---- exports that fail leave things as they were -------------------------------------------------- */

static int count_files(void)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    if (d)
        closedir(d);
    return n;
}

static void test_failed_export_keeps_the_old_file(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/old.xlsx", tmpdir);
    FILE *fp = fopen(path, "w");
    fputs("the good workbook", fp);
    fclose(fp);
    int before = count_files();
    tz_formset set = parse_report(double_counting);
    tz_report_args a = args_for(2026, 0, NULL);
    tz_error err = { 0 };
    assert_int_equal(tz_report_xlsx(db, &set.reports[0], &a, path, NULL, NULL, &err), TZ_ERR_INVALID);
    char buf[64] = "";
    fp = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, fp));
    fclose(fp);
    assert_string_equal(buf, "the good workbook");
    assert_int_equal(count_files(), before); /* no temporary file left behind */
    tz_formset_free(&set);

    const tz_report *r = tz_spec_report(&forms, "quarterly");
    a = args_for(2026, 3, NULL);
    assert_int_equal(tz_report_xlsx(db, r, &a, "/nonexistent-dir/q.xlsx", NULL, NULL, &err), TZ_ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/q.xlsx"));
    assert_int_equal(tz_report_xlsx(db, r, &a, tmpdir, NULL, NULL, &err), TZ_ERR_IO);
    /* and a good one replaces the old file */
    assert_int_equal(tz_report_xlsx(db, r, &a, path, NULL, NULL, &err), TZ_OK);
    fp = fopen(path, "rb");
    assert_int_equal(fread(buf, 1, 2, fp), 2);
    fclose(fp);
    assert_memory_equal(buf, "PK", 2);
    assert_int_equal(count_files(), before);
}

/* ---- writing while checking (a discardable renderer) ---------------------------------------------- */

/* A good sheet, then the double-counting one. */
static const char good_then_wrong[] =
    "[report t]\ntitle = 测试\nparams = year\n"
    "[sheet g]\ntab = 单位\ntitle = 单位\n"
    "query = SELECT name AS unit, 1 AS n FROM units ORDER BY code\n"
    "[column unit]\nlabel = 单位\n"
    "[column n]\nlabel = 数\nformat = integer\ntotal = sum\n"
    DOUBLE_COUNTING_SHEET;

static void test_overlap_writes_the_same(void **state)
{
    (void)state;
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    tz_report_args a = args_for(2026, 3, NULL);
    capture one, two;
    tz_error err = { 0 };
    one.fail_at_row = two.fail_at_row = 0;
    assert_int_equal(run_capture_as(r, &a, false, &one, &err), TZ_OK);
    assert_int_equal(run_capture_as(r, &a, true, &two, &err), TZ_OK);
    assert_int_equal(two.nsheets, one.nsheets);
    assert_int_equal(two.data_rows, one.data_rows);
    assert_int_equal(two.subtotal_rows, one.subtotal_rows);
    assert_memory_equal(two.totals, one.totals, sizeof one.totals);
    assert_int_equal(two.finished, 1);
    assert_true(two.finished_ok);
}

static void test_overlap_late_failure_throws_all_away(void **state)
{
    (void)state;
    tz_formset set = parse_report(good_then_wrong);
    tz_report_args a = args_for(2026, 0, NULL);
    capture c;
    c.fail_at_row = 0;
    tz_error err = { 0 };
    assert_int_equal(run_capture_as(&set.reports[0], &a, true, &c, &err), TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "报表校核未通过"));
    assert_true(c.nsheets <= 2);         /* the writing may have gone on meanwhile, */
    assert_int_equal(c.finished, 1);     /* but it was begun, so finished: thrown away */
    assert_false(c.finished_ok);
    /* and the workbook: the old file stays, no temporary file is left */
    char path[300];
    snprintf(path, sizeof path, "%s/late.xlsx", tmpdir);
    FILE *fp = fopen(path, "w");
    fputs("the good workbook", fp);
    fclose(fp);
    int before = count_files();
    assert_int_equal(tz_report_xlsx(db, &set.reports[0], &a, path, NULL, NULL, &err),
                     TZ_ERR_INVALID);
    char buf[64] = "";
    fp = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, fp));
    fclose(fp);
    assert_string_equal(buf, "the good workbook");
    assert_int_equal(count_files(), before);
    unlink(path);
    tz_formset_free(&set);
}

/* The writer's failure (a full disk) is the one reported, and everything is thrown away. */
static void test_overlap_writer_failure(void **state)
{
    (void)state;
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    tz_report_args a = args_for(2026, 3, NULL);
    capture c;
    c.fail_at_row = 3;
    tz_error err = { 0 };
    assert_int_equal(run_capture_as(r, &a, true, &c, &err), TZ_ERR_IO);
    assert_string_equal(err.msg, "写入失败（测试）");
    assert_int_equal(c.finished, 1);
    assert_false(c.finished_ok);
}

/* ---- printer text --------------------------------------------------------------------------------- */

/* Every line within the width, every page within the length, feet numbered 1..n of n. */
static int check_pages(char *text, tz_page page)
{
    int pages = 0;
    for (char *pg = text; pg; pages++) {
        char *ff = strchr(pg, '\f');
        if (ff)
            *ff = '\0';
        int lines = 0;
        char *last = NULL;
        for (char *line = strtok(pg, "\n"); line; line = strtok(NULL, "\n")) {
            assert_true(tz_str_width(line) <= page.page_width);
            last = line;
            lines++;
        }
        assert_true(lines <= page.page_length);
        char foot[64];
        snprintf(foot, sizeof foot, "第 %d 页", pages + 1);
        assert_non_null(last);
        assert_non_null(strstr(last, foot));
        pg = ff ? ff + 1 : NULL;
    }
    return pages;
}

static void test_text_fits_the_page(void **state)
{
    (void)state;
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    tz_report_args a = args_for(2026, 3, NULL);
    tz_page page = { 80, 30 };
    char *text = render_text(r, &a, page);
    int pages = check_pages(text, page);
    free(text);
    assert_true(pages > (int)r->nsheets); /* a sheet a page at least, the sites list over several */
    page = (tz_page){ 132, 66 };
    text = render_text(r, &a, page);
    check_pages(text, page);
    free(text);
}

/* A column is as wide as its widest cell: negative numbers, 万元 with thousands separators,
 * percents rounding up to 100.0%, the totals. The headers are narrower on purpose. */
static const char widths[] =
    "[report t]\ntitle = 测试\n"
    "[sheet s]\ntab = 宽度\ntitle = 宽度\n"
    "query = SELECT 'a' AS k, -123456789012 AS w, 7 AS i, 1 AS p, 3 AS q"
    " UNION ALL SELECT 'b', 5, -98765, 2, 3 UNION ALL SELECT 'c', 0, 12, 2999, 3000\n"
    "[column k]\nlabel = 甲\n"
    "[column w]\nlabel = 乙\nformat = wan\ntotal = sum\n"
    "[column i]\nlabel = 丙\nformat = integer\ntotal = sum\n"
    "[column p]\nlabel = 丁\nformat = integer\nhidden = yes\ntotal = sum\n"
    "[column q]\nlabel = 戊\nformat = integer\nhidden = yes\ntotal = sum\n"
    "[column r]\nlabel = 己\nvalue = rate(p, q)\n";

static void test_widths_are_the_widest_cell(void **state)
{
    (void)state;
    tz_formset set = parse_report(widths);
    tz_report_args a = args_for(2026, 0, NULL);
    capture c;
    tz_error err = { 0 };
    assert_int_equal(run_capture(&set.reports[0], &a, &c, &err), TZ_OK);
    tz_formset_free(&set);
    for (int i = 0; i < 4; i++) /* 甲 乙 丙 己: 2 columns each, all narrower than a cell */
        assert_int_equal(c.width[i], c.widest[i]);
    assert_int_equal(c.widest[1], (int)strlen("-123,456.78")); /* the total: -123,456,789,007 分 */
    assert_int_equal(c.widest[2], (int)strlen("-98765"));
    assert_int_equal(c.widest[3], (int)strlen("100.0%"));       /* 2999/3000 */
}

/* The contracts summary: scores line up in one column, and the summary counts the contracts. */
static void test_text_columns_line_up(void **state)
{
    (void)state;
    const tz_report *r = tz_spec_report(&forms, "contracts");
    tz_report_args a = args_for(2025, 0, NULL);
    char *text = render_text(r, &a, (tz_page){ 80, 60 });
    int dot_at = -1, rows = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *dot = strrchr(line, '.');
        if (!strstr(line, "已考评") || !dot)
            continue;
        char prefix[512];
        snprintf(prefix, sizeof prefix, "%.*s", (int)(dot - line), line);
        int col = tz_str_width(prefix);
        if (dot_at < 0)
            dot_at = col;
        assert_int_equal(col, dot_at);
        rows++;
    }
    assert_int_equal(rows, query_int(db, "SELECT count(*) FROM contracts c JOIN units u ON u.id = c.issuer_id "
                                         "WHERE c.year = 2025 AND u.level = 'city'"));
    free(text);
    text = render_text(r, &a, (tz_page){ 80, 60 });
    char want[64];
    snprintf(want, sizeof want, "合计：%lld 份", (long long)rows);
    assert_non_null(strstr(text, want));
    free(text);
}

static void test_one_contract(void **state)
{
    (void)state;
    const tz_report *r = tz_spec_report(&forms, "contract");
    tz_report_args a = args_for(0, 0, NULL);
    a.q.id = query_int(db, "SELECT min(id) FROM contracts WHERE status = 'assessed'");
    char *text = render_text(r, &a, (tz_page){ 80, 60 });
    char *signer = query_text(db, "SELECT u.name FROM contracts c JOIN units u ON u.id = c.signer_id "
                                  "WHERE c.status = 'assessed' ORDER BY c.id LIMIT 1");
    char want[128];
    snprintf(want, sizeof want, "签订单位：%s", signer);
    assert_non_null(strstr(text, want));
    char *total = query_text(db, "SELECT printf('年终述职评议总分：%.2f', total_final) FROM contract_totals "
                                 "WHERE contract_id = (SELECT min(id) FROM contracts WHERE status = 'assessed')");
    assert_non_null(strstr(text, total));
    char *pages = tz_strdup(text);
    check_pages(pages, (tz_page){ 80, 60 }); /* within 80 columns */
    free(pages);
    /* every section of the contract a heading, once; no row repeats it */
    const char *sections[] = { "一、基本指标", "二、加分项目", "三、扣分项目" };
    const char *codes[] = { "basic", "bonus", "deduction" };
    for (int i = 0; i < 3; i++) {
        char sql[300];
        snprintf(sql, sizeof sql, "SELECT count(*) > 0 FROM contract_items WHERE section = '%s' AND "
                                  "contract_id = (SELECT min(id) FROM contracts WHERE status = 'assessed')", codes[i]);
        int seen = 0;
        for (const char *p = strstr(text, sections[i]); p; p = strstr(p + 1, sections[i])) {
            assert_true(p == text || p[-1] == '\n'); /* a line of its own */
            seen++;
        }
        assert_int_equal(seen, query_int(db, sql));
    }
    const char *sign[] = { "发出单位（盖章）", "负责人（签字）", "签订单位（盖章）", "书记（签字）", "年    月    日" };
    for (int i = 0; i < 5; i++)
        assert_non_null(strstr(text, sign[i]));
    free(total);
    free(signer);
    free(text);
    a.q.id = 999999;
    FILE *null = fopen("/dev/null", "w");
    tz_error err = { 0 };
    assert_int_equal(tz_report_text(db, r, &a, (tz_page){ 80, 60 }, null, &err), TZ_ERR_NOTFOUND);
    fclose(null);
}

/* A long text wraps by the rules of Chinese line breaking: the naive break at 40 columns would
 * start a line with "，" and split 12 from 分. It is longer than 256 bytes, and kept whole. */
static const char breaking[] =
    "[report t]\ntitle = 断行\n"
    "[sheet s]\ntab = 断行\ntitle = 断行\n"
    "query = SELECT '一二三四五六七八九十一二三四五六七八九十，一二三四五六七八九十一二三四五六七八九12分，"
    "一二三四五六七八九十一二三四五六七八九（十）。"
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十完。' AS k\n"
    "note = 一二三四五六七八九十一二三四五六七八九十。一二三四五六七八九十一二三四五六七八九（"
    "十）。\n"
    "[column k]\nlabel = 内容\n";

/* A report whose signature line is longer than 255 bytes and has an odd byte ahead of its
 * Chinese: a 256-byte buffer would cut it inside a character, losing its end "终止：". */
static char *long_sign_report(void)
{
    char *text = malloc(4096);
    assert_non_null(text);
    strcpy(text, "[report t]\ntitle = 签字\n[sheet s]\ntab = 签字\ntitle = 签字\n"
                 "query = SELECT '甲' AS k\nsign = a");
    for (int i = 0; i < 83; i++)
        strcat(text, "签");
    strcat(text, "终止/负责人（签字）\n[column k]\nlabel = 内容\n");
    return text;
}

static void test_text_long_sign_line_whole(void **state)
{
    (void)state;
    char *spec = long_sign_report();
    tz_formset set = parse_report(spec);
    tz_report_args a = args_for(2026, 0, NULL);
    char *text = render_text(&set.reports[0], &a, (tz_page){ 200, 60 });
    assert_true(tz_utf8_valid(text));
    assert_non_null(strstr(text, "终止："));
    assert_non_null(strstr(text, "负责人（签字）："));
    free(text);
    tz_formset_free(&set);
    free(spec);
}

static void test_text_line_breaking(void **state)
{
    (void)state;
    tz_formset set = parse_report(breaking);
    tz_report_args a = args_for(2026, 0, NULL);
    tz_page page = { 40, 20 };
    char *text = render_text(&set.reports[0], &a, page);
    assert_non_null(strstr(text, "12分"));
    assert_non_null(strstr(text, "完。"));
    static const char *const closing[] = { "、", "，", "。", "；", "：", "）", "”", "」" };
    int lines = 0;
    for (char *line = strtok(text, "\n\f"); line; line = strtok(NULL, "\n\f")) {
        assert_true(tz_str_width(line) <= page.page_width);
        for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
            if (strncmp(line, closing[i], strlen(closing[i])) == 0)
                fail_msg("a line starts with %s: %s", closing[i], line);
        assert_null(strstr(line, "（\n"));
        lines++;
    }
    assert_true(lines > 4); /* it did wrap */
    free(text);
    tz_formset_free(&set);
}

/* A sheet whose group column is printed as headings (headings = yes) and whose 小计 has no
 * column of its own (no subtotal): on paper the group column is not there, so the 小计 and 合计
 * labels the engine puts in it are shown in the first column instead. */
static const char headed[] =
    "[report t]\ntitle = 分组\n"
    "[sheet s]\ntab = 分组\ntitle = 分组\ngroup = township\nheadings = yes\n"
    "query = SELECT '甲镇' AS township, '一村' AS village, 2 AS n UNION ALL SELECT '甲镇', '二村', 3"
    " UNION ALL SELECT '乙镇', '三村', 4\n"
    "[column township]\nlabel = 乡镇\n[column village]\nlabel = 村\n"
    "[column n]\nlabel = 户数\nformat = integer\ntotal = sum\n";

static void test_text_headings_keep_labels(void **state)
{
    (void)state;
    tz_formset set = parse_report(headed);
    tz_report_args a = args_for(2026, 0, NULL);
    char *text = render_text(&set.reports[0], &a, (tz_page){ 80, 60 });
    const char *first = strstr(text, "甲镇小计"), *second = strstr(text, "乙镇小计");
    assert_non_null(first);
    assert_non_null(second);
    assert_non_null(strstr(first, "5"));
    assert_non_null(strstr(text, "合计"));
    assert_true(strstr(text, "三村") < second);
    free(text);
    tz_formset_free(&set);
}

/* ---- cells and the print pipe ----------------------------------------------------------------------- */

static void test_cell_formats(void **state)
{
    (void)state;
    tz_rcolumn wan = { .format = TZ_RF_WAN }, yuan = { .format = TZ_RF_YUAN };
    tz_rcolumn score = { .format = TZ_RF_SCORE }, rate = { .format = TZ_RF_PERCENT, .value = TZ_RV_RATE };
    char out[64];
    assert_string_equal(tz_rcell_format(&wan, &(tz_rcell){ .n = 12345000 }, out, sizeof out), "12.35");
    assert_string_equal(tz_rcell_format(&wan, &(tz_rcell){ .n = 57497000000 }, out, sizeof out), "57,497.00");
    assert_string_equal(tz_rcell_format(&wan, &(tz_rcell){ .n = -4999 }, out, sizeof out), "0.00");
    assert_string_equal(tz_rcell_format(&yuan, &(tz_rcell){ .n = -123456 }, out, sizeof out), "-1,234.56");
    assert_string_equal(tz_rcell_format(&score, &(tz_rcell){ .n = 9250 }, out, sizeof out), "92.50");
    assert_string_equal(tz_rcell_format(&rate, &(tz_rcell){ .x = 0.875 }, out, sizeof out), "87.5%");
    assert_string_equal(tz_rcell_format(&rate, &(tz_rcell){ .empty = true }, out, sizeof out), "");
    assert_true(tz_rcell_value(&wan, &(tz_rcell){ .n = 7000000 }) == 7.0);
}

static void test_print_pipe(void **state)
{
    (void)state;
    char cmd[400], path[300];
    snprintf(path, sizeof path, "%s/printed.txt", tmpdir);
    snprintf(cmd, sizeof cmd, "cat > '%s'", path);
    tz_error err = { 0 };
    assert_int_equal(tz_print_pipe(cmd, "标题", "第一行\n", strlen("第一行\n"), &err), TZ_OK);
    FILE *fp = fopen(path, "r");
    char buf[64] = "";
    assert_non_null(fgets(buf, sizeof buf, fp));
    fclose(fp);
    assert_string_equal(buf, "第一行\n");
    unlink(path);
    assert_int_equal(tz_print_pipe("echo 打印机脱机 >&2; exit 3", "", "x\n", 2, &err), TZ_ERR_IO);
    assert_non_null(strstr(err.msg, "3"));
    assert_non_null(strstr(err.msg, "打印机脱机"));
    assert_int_equal(tz_print_pipe("/no/such/command", "", "x\n", 2, &err), TZ_ERR_IO);
    assert_non_null(strstr(err.msg, "127"));
    /* the job's title: lp gets it as -t (shell-quoted), any command in $TZ_PRINT_TITLE */
    snprintf(cmd, sizeof cmd, "printf '%%s' \"$TZ_PRINT_TITLE\" > '%s'", path);
    assert_int_equal(tz_print_pipe(cmd, "武冈市'汇总表", "x", 1, &err), TZ_OK);
    fp = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, fp));
    fclose(fp);
    assert_string_equal(buf, "武冈市'汇总表");
    char bin[300];
    snprintf(bin, sizeof bin, "%s/lp", tmpdir); /* an lp that writes down its arguments */
    fp = fopen(bin, "w");
    fprintf(fp, "#!/bin/sh\nprintf '%%s|' \"$@\" > '%s'\ncat > /dev/null\n", path);
    fclose(fp);
    chmod(bin, 0755);
    char *old_path = tz_strdup(getenv("PATH")), new_path[1200];
    snprintf(new_path, sizeof new_path, "%s:%s", tmpdir, old_path);
    setenv("PATH", new_path, 1);
    assert_int_equal(tz_print_pipe("lp -d office", "武冈市'汇总表", "x", 1, &err), TZ_OK);
    setenv("PATH", old_path, 1);
    free(old_path);
    fp = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, fp));
    fclose(fp);
    assert_string_equal(buf, "-d|office|-t|武冈市'汇总表|");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quarterly_totals_equal_the_database),
        cmocka_unit_test(test_quarterly_for_one_township),
        cmocka_unit_test(test_as_of_quarter_end),
        cmocka_unit_test(test_rounded_rows_add_up),
        cmocka_unit_test(test_verify_catches_a_kept_total_altered),
        cmocka_unit_test(test_self_check_refuses_a_wrong_total),
        cmocka_unit_test(test_self_check_names_the_row),
        cmocka_unit_test(test_failed_export_keeps_the_old_file),
        cmocka_unit_test(test_overlap_writes_the_same),
        cmocka_unit_test(test_overlap_late_failure_throws_all_away),
        cmocka_unit_test(test_overlap_writer_failure),
        cmocka_unit_test(test_text_fits_the_page),
        cmocka_unit_test(test_text_columns_line_up),
        cmocka_unit_test(test_widths_are_the_widest_cell),
        cmocka_unit_test(test_one_contract),
        cmocka_unit_test(test_text_line_breaking),
        cmocka_unit_test(test_text_headings_keep_labels),
        cmocka_unit_test(test_text_long_sign_line_whole),
        cmocka_unit_test(test_cell_formats),
        cmocka_unit_test(test_print_pipe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
