/* test_pdf — the PDF rendering on a copy of sample.db, read back with an independent reader
 * (poppler-utils): the Chinese fonts embedded as subsets, A4 pages, every word inside the
 * margins, the figures and names equal to the database's, no line starting with closing
 * punctuation, every unit that should have a contract listed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "taizhang/report.h"

static tz_formset forms;
static tz_db *db;

static int setup(void **state)
{
    group_setup(state);
    const char *dir = getenv("TZ_FORMS_DIR");
    tz_problems probs = { 0 };
    if (tz_spec_load(&forms, NULL, 0, dir && *dir ? dir : "forms", &probs) != TZ_OK)
        return -1;
    tz_problems_free(&probs);
    char path[256], cmd[512];
    snprintf(path, sizeof path, "%s/sample.db", tmpdir);
    snprintf(cmd, sizeof cmd, "cp sample.db %s", path);
    tz_error err = { 0 };
    if (system(cmd) != 0 || db_open(path, &db, &err) != TZ_OK)
        return -1;
    return db_sign_in(db, "admin", "Admin-2026", &err) == TZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
    db_close(db);
    tz_formset_free(&forms);
    return group_teardown(state);
}

/* The report as a PDF file in tmpdir; its path in out. */
static void render(const char *report, tz_report_args *a, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s.pdf", tmpdir, report);
    FILE *fp = fopen(out, "w");
    assert_non_null(fp);
    tz_error err = { 0 };
    assert_int_equal(tz_report_pdf(db, tz_spec_report(&forms, report), a, fp, &err), TZ_OK);
    assert_int_equal(fclose(fp), 0);
}

/* What a command printed (caller frees). */
static char *run(const char *fmt, const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, fmt, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *out = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&out, &len);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        fwrite(buf, 1, n, mem);
    fclose(mem);
    assert_int_equal(pclose(p), 0);
    return out;
}

static tz_report_args args(int year, const char *unit, int64_t id)
{
    tz_report_args a = { 0 };
    tz_error err = { 0 };
    assert_int_equal(tz_report_args_init(db, unit, 0, &a, &err), TZ_OK);
    a.q.year = year;
    a.q.id = id;
    return a;
}

/* pdffonts: a Noto CJK font, embedded and subset; no font that is not embedded. */
static void check_fonts(const char *path)
{
    char *fonts = run("pdffonts '%s'", path);
    bool cjk = false;
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "name", 4) == 0 || strncmp(line, "----", 4) == 0)
            continue;
        assert_non_null(strstr(line, " yes yes ")); /* emb sub */
        cjk |= strstr(line, "CJK") != NULL;
    }
    assert_true(cjk);
    free(fonts);
}

/* pdfinfo: every page A4; the number of pages. */
static int check_a4(const char *path)
{
    char *info = run("pdfinfo -f 1 -l 1000 '%s'", path);
    int pages = 0, a4 = 0;
    for (char *line = strtok(info, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "Pages:", 6) == 0)
            pages = atoi(line + 6);
        a4 += strncmp(line, "Page ", 5) == 0 && strstr(line, "(A4)") != NULL;
    }
    free(info);
    assert_true(pages > 0);
    assert_int_equal(a4, pages);
    return pages;
}

/* pdftotext -bbox: every word inside its page's margins: those of official documents (GB/T
 * 9704) on a portrait page, 25 mm (22 at the foot) on a landscape one. */
static void check_margins(const char *path)
{
    const double mm = 72.0 / 25.4, slack = 1.0;
    char *xml = run("pdftotext -bbox '%s' -", path);
    double pw = 0, ph = 0, top = 0, left = 0, right = 0, bottom = 0;
    int words = 0;
    for (char *line = strtok(xml, "\n"); line; line = strtok(NULL, "\n")) {
        double x0, y0, x1, y1;
        if (sscanf(line, " <page width=\"%lf\" height=\"%lf\"", &pw, &ph) == 2) {
            bool portrait = pw < ph;
            top = (portrait ? 37 : 25) * mm, bottom = (portrait ? 35 : 22) * mm;
            left = (portrait ? 28 : 25) * mm, right = (portrait ? 26 : 25) * mm;
            continue;
        }
        if (sscanf(line, " <word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0, &x1, &y1) != 4)
            continue;
        words++;
        if (x0 < left - slack || y0 < top - slack || x1 > pw - right + slack || y1 > ph - bottom + slack)
            fail_msg("a word outside the margins: %s", line);
    }
    assert_true(words > 0);
    free(xml);
}

/* pdftotext -layout: no line starts with closing punctuation. The text (caller frees). */
static char *check_text(const char *path)
{
    char *text = run("pdftotext -layout '%s' -", path);
    char *copy = tz_strdup(text);
    static const char *const closing[] = { "、", "，", "。", "；", "：", "）", "”", "」" };
    for (char *line = strtok(copy, "\n\f"); line; line = strtok(NULL, "\n\f")) {
        line += strspn(line, " ");
        for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
            if (strncmp(line, closing[i], strlen(closing[i])) == 0)
                fail_msg("a line starts with %s: %s", closing[i], line);
    }
    free(copy);
    return text;
}

static void check_pdf(const char *path)
{
    check_fonts(path);
    check_a4(path);
    check_margins(path);
}

/* Every value of an SQL column appears in the text. */
static void all_in(const char *text, const char *sql)
{
    tz_stmt *st = NULL;
    tz_error err = { 0 };
    assert_int_equal(db_prepare(db, sql, &st, &err), TZ_OK);
    int n = 0;
    bool row = false;
    while (db_step(st, &row, &err) == TZ_OK && row) {
        const char *v = db_column_text(st, 0);
        if (!strstr(text, v))
            fail_msg("not in the PDF: %s", v);
        n++;
    }
    db_finalize(st);
    assert_true(n > 0);
}

/* Whether a word is a figure: 12, -3, 1,234.56, 87.5% */
static bool figure(const char *w)
{
    const char *c = w + (*w == '-');
    if (*c < '0' || *c > '9')
        return false;
    c += strspn(c, "0123456789,");
    if (*c == '.')
        c += 1 + strspn(c + 1, "0123456789");
    return *c == '\0' || (c[0] == '%' && c[1] == '\0');
}

/* The figures of a text, one a line, sorted (caller frees); lines with a page's foot left out. */
static char *figures(const char *text)
{
    char *copy = tz_strdup(text), *list = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&list, &len);
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n\f", &save); line; line = strtok_r(NULL, "\n\f", &save)) {
        if (strstr(line, "页"))
            continue;
        char *wsave = NULL;
        for (char *w = strtok_r(line, " ", &wsave); w; w = strtok_r(NULL, " ", &wsave))
            if (figure(w))
                fprintf(mem, "%s\n", w);
    }
    fclose(mem);
    free(copy);
    char path[256], cmd[600];
    snprintf(path, sizeof path, "%s/figures.txt", tmpdir);
    assert_int_equal(tz_write_file(path, list, len, &(tz_error){ 0 }), TZ_OK);
    free(list);
    snprintf(cmd, sizeof cmd, "sort '%s'", path);
    return run("%s", cmd);
}

/* Every figure of the PDF is one of the printer text's, as many times: the same model, and
 * the text's figures are tested against the database (test_report). */
static void same_figures(const char *pdf_text, const char *report, const tz_report_args *a)
{
    char *text = NULL;
    size_t len = 0;
    tz_error err = { 0 };
    assert_int_equal(tz_report_text_alloc(db, tz_spec_report(&forms, report), a, (tz_page){ 250, 200 },
                                          &text, &len, &err), TZ_OK);
    char *want = figures(text), *got = figures(pdf_text);
    assert_true(strlen(want) > 0);
    assert_string_equal(got, want);
    free(want);
    free(got);
    free(text);
}

static void test_contract_document(void **state)
{
    (void)state;
    int64_t id = query_int(db, "SELECT min(id) FROM contracts WHERE status = 'assessed'");
    tz_report_args a = args(0, NULL, id);
    char path[256];
    render("contract", &a, path, sizeof path);
    check_pdf(path);
    char *text = check_text(path);
    assert_non_null(strstr(text, "党建工作责任状"));
    char sql[600];
    snprintf(sql, sizeof sql, "SELECT u.name FROM contracts c JOIN units u ON u.id IN (c.signer_id, c.issuer_id) "
                              "WHERE c.id = %lld", (long long)id);
    all_in(text, sql);
    snprintf(sql, sizeof sql, "SELECT printf('%%.2f', score_final) FROM contract_items WHERE contract_id = %lld",
             (long long)id);
    all_in(text, sql);
    snprintf(sql, sizeof sql, "SELECT printf('%%.2f', total_final) FROM contract_totals WHERE contract_id = %lld",
             (long long)id);
    all_in(text, sql);
    /* each section heading once, not on every row */
    const char *sections[] = { "一、基本指标", "二、加分项目", "三、扣分项目" };
    const char *codes[] = { "basic", "bonus", "deduction" };
    for (int i = 0; i < 3; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) > 0 FROM contract_items WHERE contract_id = %lld "
                                  "AND section = '%s'", (long long)id, codes[i]);
        int want = (int)query_int(db, sql), seen = 0;
        for (const char *p = strstr(text, sections[i]); p; p = strstr(p + 1, sections[i]))
            seen++;
        assert_int_equal(seen, want);
    }
    const char *sign[] = { "发出单位（盖章）", "负责人（签字）", "签订单位（盖章）", "书记（签字）" };
    for (int i = 0; i < 4; i++)
        assert_non_null(strstr(text, sign[i]));
    same_figures(text, "contract", &a);
    char *info = run("pdfinfo '%s'", path);
    assert_non_null(strstr(info, "595.276 x 841.89")); /* portrait */
    free(info);
    free(text);
}

static void test_summary_lists_every_unit(void **state)
{
    (void)state;
    const char *code = "430581002";
    tz_report_args a = args(2026, code, 0);
    char path[256];
    render("contracts", &a, path, sizeof path);
    check_pdf(path);
    char *text = check_text(path);
    char sql[700];
    snprintf(sql, sizeof sql, "SELECT u.name FROM units u JOIN units t ON t.id = u.parent_id "
                              "WHERE t.code = '%s' AND u.level IN ('village', 'community')", code);
    all_in(text, sql);
    snprintf(sql, sizeof sql, "SELECT printf('%%.2f', ct.total_mid) FROM contracts c "
                              "JOIN contract_totals ct ON ct.contract_id = c.id JOIN units t ON t.id = c.issuer_id "
                              "WHERE t.code = '%s' AND c.year = 2026 AND ct.total_mid IS NOT NULL", code);
    all_in(text, sql);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM units u JOIN units t ON t.id = u.parent_id "
                              "WHERE t.code = '%s' AND u.level IN ('village', 'community') AND NOT EXISTS "
                              "(SELECT 1 FROM contracts c WHERE c.signer_id = u.id AND c.year = 2026)", code);
    int64_t unsigned_units = query_int(db, sql), seen = 0;
    assert_true(unsigned_units > 0);
    for (const char *p = strstr(text, "未签订"); p; p = strstr(p + 1, "未签订"))
        seen++;
    assert_int_equal(seen, unsigned_units + 1); /* and once in the summary line */
    same_figures(text, "contracts", &a);
    free(text);
}

/* A text without its spaces, line ends and page breaks: what was printed, however wrapped.
 * New string. */
static char *squeezed(const char *text)
{
    char *out = tz_strdup(text), *o = out;
    for (const char *c = text; *c; c++)
        if (*c != ' ' && *c != '\n' && *c != '\f')
            *o++ = *c;
    *o = '\0';
    return out;
}

static int occurrences(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

static void test_quarterly_every_sheet(void **state)
{
    (void)state;
    tz_report_args a = args(2026, NULL, 0);
    a.q.quarter = 3;
    char path[256];
    render("quarterly", &a, path, sizeof path);
    check_pdf(path);
    char *text = check_text(path);
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    for (size_t i = 0; i < r->nsheets; i++) { /* every sheet's title */
        char *title = tz_report_expand(r->sheets[i].title, &a);
        assert_non_null(strstr(text, title));
        free(title);
    }
    all_in(text, "SELECT name FROM units WHERE level = 'township'");
    same_figures(text, "quarterly", &a);
    /* 第 N 页 共 M 页 on every page, numbered per sheet as the workbook is: N from 1 on each
     * sheet's first page (its title's), M that sheet's pages */
    int pages = check_a4(path), numbered = 0, n = 0, m = 0, sheets = 0;
    char *copy = tz_strdup(text), *save = NULL;
    for (char *page = strtok_r(copy, "\f", &save); page; page = strtok_r(NULL, "\f", &save)) {
        char *flat = squeezed(page); /* pdftotext may keep the foot's spaces or not */
        int pn = 0, pm = 0, found = 0;
        for (const char *p = strstr(flat, "第"); p && found != 2; p = strstr(p + 1, "第"))
            found = sscanf(p, "第%d页共%d页", &pn, &pm);
        free(flat);
        if (found != 2)
            continue;
        bool first = false;
        for (size_t i = 0; i < r->nsheets; i++) {
            char *title = tz_report_expand(r->sheets[i].title, &a);
            first |= strstr(page, title) != NULL;
            free(title);
        }
        assert_int_equal(pn, first ? 1 : n + 1);
        if (first) {
            assert_int_equal(n, m); /* the sheet before ended on its last page */
            sheets++;
        } else {
            assert_int_equal(pm, m);
        }
        n = pn, m = pm;
        numbered++;
    }
    assert_int_equal(n, m);
    assert_int_equal(numbered, pages);
    assert_int_equal(sheets, (int)r->nsheets);
    free(copy);
    free(text);
}

/* The page (of pdftotext's, split at form feeds) that holds `what` once squeezed, as a new
 * string; fails when none does. */
static char *page_with(const char *text, const char *what)
{
    char *copy = tz_strdup(text), *save = NULL;
    for (char *page = strtok_r(copy, "\f", &save); page; page = strtok_r(NULL, "\f", &save)) {
        char *flat = squeezed(page);
        if (strstr(flat, what)) {
            free(copy);
            return flat;
        }
        free(flat);
    }
    fail_msg("on no page: %s", what);
    free(copy);
    return NULL;
}

/* Every sheet of the quarterly: its corner cells (表号, 制表机关) once, on its first page, and
 * its note whole, on the page of its 合计; all inside the margins. */
static void test_quarterly_corner_and_note(void **state)
{
    (void)state;
    tz_report_args a = args(2026, NULL, 0);
    a.q.quarter = 3;
    char path[256];
    render("quarterly", &a, path, sizeof path);
    check_pdf(path);
    char *text = check_text(path), *flat = squeezed(text);
    const tz_report *r = tz_spec_report(&forms, "quarterly");
    int notes = 0;
    for (size_t i = 0; i < r->nsheets; i++) {
        const tz_rsheet *sh = &r->sheets[i];
        char *corner = tz_report_expand(sh->corner ? sh->corner : r->corner, &a);
        assert_true(*corner);
        char *title = tz_report_expand(sh->title, &a), *first = page_with(text, title);
        for (char *cell = strtok(corner, "|"); cell; cell = strtok(NULL, "|")) {
            assert_int_equal(occurrences(flat, cell), (int)r->nsheets); /* each sheet's first page */
            assert_non_null(strstr(first, cell));
        }
        free(first);
        free(title);
        free(corner);
        const char *note = sh->note ? sh->note : r->note;
        if (!note || !*note)
            continue;
        char *expanded = tz_report_expand(note, &a), *page = page_with(text, expanded);
        /* never alone at a page's top: the page holds the table's 合计 too, or in a sheet
         * without one its header, which is repeated only on the pages with rows */
        if (sh->total) {
            assert_true(occurrences(page, "合计") > occurrences(expanded, "合计"));
        } else {
            char *head = tz_report_expand(sh->columns[0].label, &a);
            head[strcspn(head, "|")] = '\0';
            assert_non_null(strstr(page, head));
            free(head);
        }
        free(page);
        free(expanded);
        notes++;
    }
    assert_true(notes > 0);
    free(flat);
    free(text);
}

/* A township's printout: a row for every village and community of the township, as the
 * database names them, under its own header and its own clerks' signature line. */
static void test_quarterly_for_one_township(void **state)
{
    (void)state;
    char *code = query_text(db, "SELECT code FROM units WHERE name = '龙溪镇'");
    tz_report_args a = args(2026, code, 0);
    a.q.quarter = 3;
    char path[256];
    render("quarterly", &a, path, sizeof path);
    check_pdf(path);
    char *text = check_text(path);
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT v.name FROM units v JOIN units t ON t.id = v.parent_id "
                              "WHERE t.code = '%s' AND v.level IN ('village', 'community')", code);
    all_in(text, sql);
    snprintf(sql, sizeof sql, "SELECT name FROM units WHERE level = 'township' AND code <> '%s'", code);
    char *other = query_text(db, sql); /* another township's name is nowhere */
    assert_null(strstr(text, other));
    free(other);
    const char *fields[][2] = { { "填报单位", "org_name" }, { "单位负责人", "leader" },
                                { "填表人", "preparer" }, { "审核人", "reviewer" } };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT %s FROM township_headers h JOIN units t ON t.id = h.township_id "
                                  "WHERE t.code = '%s'", fields[i][1], code);
        char *name = query_text(db, sql), line[300];
        snprintf(line, sizeof line, "%s：%s", fields[i][0], name);
        const tz_report *r = tz_spec_report(&forms, "quarterly");
        assert_int_equal(occurrences(text, line), (int)r->nsheets);
        free(name);
    }
    same_figures(text, "quarterly", &a);
    free(text);
    free(code);
}

/* Tables of every length around a page's end: the note under the table is always printed
 * whole on the page of the table's 合计, never at the top of a page of its own. */
static void test_note_kept_with_table_end(void **state)
{
    (void)state;
    char note[1024] = "注：";
    for (int i = 0; i < 12; i++)
        strcat(note, "本表金额按四舍五入保留两位小数后填列，");
    strcat(note, "合计为所列各行之和。");
    for (int rows = 16; rows <= 44; rows += 2) {
        char text[4096];
        snprintf(text, sizeof text,
                 "[report t]\ntitle = 附注\nfooter = 填表人：张三    审核人：李四\nnote = %s\n"
                 "[sheet s]\ntab = 附注\ntitle = 附注\n"
                 "query = WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
                 " SELECT '第' || i || '行' AS k, i AS v FROM n\n"
                 "[column k]\nlabel = 内容\nformat = text\n"
                 "[column v]\nlabel = 数量\nformat = integer\ntotal = sum\n", note, rows);
        tz_formset set = { 0 };
        tz_problems probs = { 0 };
        assert_int_equal(tz_spec_parse(&set, "t.report", text, &probs), TZ_OK);
        tz_problems_free(&probs);
        char path[256];
        snprintf(path, sizeof path, "%s/note.pdf", tmpdir);
        FILE *fp = fopen(path, "w");
        tz_report_args a = args(2026, NULL, 0);
        tz_error err = { 0 };
        assert_int_equal(tz_report_pdf(db, &set.reports[0], &a, fp, &err), TZ_OK);
        fclose(fp);
        tz_formset_free(&set);
        check_margins(path);
        char *out = run("pdftotext -layout '%s' -", path), *page = page_with(out, note);
        char total[64];
        snprintf(total, sizeof total, "合计%d", rows * (rows + 1) / 2);
        if (!strstr(page, total))
            fail_msg("%d rows: the note on a page without the table's end", rows);
        assert_non_null(strstr(page, "填表人：张三"));
        free(page);
        free(out);
    }
}

/* A signature line wider than the page wraps between its fields, never inside one, and stays
 * inside the margins. */
static void test_footer_wraps_between_fields(void **state)
{
    (void)state;
    static const char *const fields[] = {
        "单位负责人：欧阳明远", "填表人：司马相如", "审核人：诸葛孔明", "联系电话：0739-4521066",
        "电子邮箱：dangjian@wugang.gov.cn", "通讯地址：武冈市迎春亭街道都梁路一百二十八号",
    };
    char text[4096] = "[report t]\ntitle = 签名\nfooter = ";
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        strcat(strcat(text, i ? "    " : ""), fields[i]);
    strcat(text, "\n[sheet s]\ntab = 签名\ntitle = 签名\nquery = SELECT '甲' AS k\n[column k]\nlabel = 内容\n");
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "t.report", text, &probs), TZ_OK);
    tz_problems_free(&probs);
    char path[256];
    snprintf(path, sizeof path, "%s/footer.pdf", tmpdir);
    FILE *fp = fopen(path, "w");
    tz_report_args a = args(2026, NULL, 0);
    tz_error err = { 0 };
    assert_int_equal(tz_report_pdf(db, &set.reports[0], &a, fp, &err), TZ_OK);
    fclose(fp);
    tz_formset_free(&set);
    check_pdf(path);
    char *out = check_text(path);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        assert_non_null(strstr(out, fields[i]));
    int lines = 0; /* of the signature line */
    for (char *save = NULL, *line = strtok_r(out, "\n\f", &save); line; line = strtok_r(NULL, "\n\f", &save))
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            if (strstr(line, fields[i])) {
                lines++;
                break;
            }
    assert_true(lines > 1); /* it did wrap */
    free(out);
}

/* A long text in a column wraps by Chinese rules wherever its lines end: a number stays with
 * its unit and no line starts with closing punctuation. */
static void test_line_breaking(void **state)
{
    (void)state;
    char text[8192] = "[report t]\ntitle = 断行\n[sheet s]\ntab = 断行\ntitle = 断行\nquery = SELECT '";
    for (int i = 0; i < 40; i++)
        strcat(text, i % 2 ? "一二三四五六七八九12分，" : "十一二三四（五）、六七八九十2026年。");
    strcat(text, "' AS k\n[column k]\nlabel = 内容\n");
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "t.report", text, &probs), TZ_OK);
    tz_problems_free(&probs);
    char path[256];
    snprintf(path, sizeof path, "%s/breaking.pdf", tmpdir);
    FILE *fp = fopen(path, "w");
    tz_report_args a = args(2026, NULL, 0);
    tz_error err = { 0 };
    assert_int_equal(tz_report_pdf(db, &set.reports[0], &a, fp, &err), TZ_OK);
    fclose(fp);
    tz_formset_free(&set);
    check_pdf(path);
    char *out = check_text(path);
    int units = 0, years = 0;
    for (const char *p = strstr(out, "12分"); p; p = strstr(p + 1, "12分"))
        units++;
    for (const char *p = strstr(out, "2026年"); p; p = strstr(p + 1, "2026年"))
        years++;
    assert_int_equal(units, 20);
    assert_int_equal(years, 20);
    free(out);
}

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

static void test_long_sign_line_whole(void **state)
{
    (void)state;
    char *spec = long_sign_report();
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "t.report", spec, &probs), TZ_OK);
    tz_problems_free(&probs);
    char path[256];
    snprintf(path, sizeof path, "%s/sign.pdf", tmpdir);
    FILE *fp = fopen(path, "w");
    tz_report_args a = args(2026, NULL, 0);
    tz_error err = { 0 };
    assert_int_equal(tz_report_pdf(db, &set.reports[0], &a, fp, &err), TZ_OK);
    fclose(fp);
    tz_formset_free(&set);
    free(spec);
    char *out = check_text(path);
    assert_non_null(strstr(out, "终止："));
    assert_non_null(strstr(out, "负责人（签字）："));
    free(out);
}

/* A disk that fills says so in the program's words (磁盘已满), whether cairo's writing fails or
 * only the last flush of a buffer that held it all. */
static void test_full_disk_said(void **state)
{
    (void)state;
    for (int buffered = 0; buffered < 2; buffered++) {
        FILE *fp = fopen("/dev/full", "w");
        assert_non_null(fp);
        if (buffered)
            assert_int_equal(setvbuf(fp, NULL, _IOFBF, 1 << 24), 0);
        tz_report_args a = args(2026, NULL, 0);
        a.q.quarter = 3;
        tz_error err = { 0 };
        assert_int_equal(tz_report_pdf(db, tz_spec_report(&forms, "quarterly"), &a, fp, &err), TZ_ERR_IO);
        if (!strstr(err.msg, tz_errno_text(ENOSPC)))
            fail_msg("%s: %s", buffered ? "flush" : "write", err.msg);
        fclose(fp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_document),
        cmocka_unit_test(test_summary_lists_every_unit),
        cmocka_unit_test(test_quarterly_every_sheet),
        cmocka_unit_test(test_line_breaking),
        cmocka_unit_test(test_quarterly_corner_and_note),
        cmocka_unit_test(test_quarterly_for_one_township),
        cmocka_unit_test(test_footer_wraps_between_fields),
        cmocka_unit_test(test_note_kept_with_table_end),
        cmocka_unit_test(test_full_disk_said),
        cmocka_unit_test(test_long_sign_line_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
