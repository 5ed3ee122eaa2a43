/* test_village — the village systems, by SQL and through the forms: 村干部绩效考核 (an
 * assessment takes the template's items in use, each score within its weight, the template
 * must weigh 100, scored items stay as they were, the allowance comes from the bands table);
 * 集中服务日 (a village's Monday, present only its cadres or those posted there, a matter's
 * outcome and dates, the quarter's counts); 双向述职评议 (the assessment days in order, the grades
 * from their table, each secretary's place in the township).
 * Counts and amounts come from the template and band tables, not from constants. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dbtest.h"
#include "taizhang/report.h"
#include "taizhang/spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Township 2 with villages 4 and 5, a community 6; cadres 1–3 of village 4, 4 of township 2. */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL), (2, '430581001', '甲镇', 'township', 1),"
    " (4, '430581001001', '一村', 'village', 2), (5, '430581001002', '二村', 'village', 2),"
    " (6, '430581001003', '三社区', 'community', 2);"
    "INSERT INTO people (id, name, unit_id) VALUES (1, '张书记', 4), (2, '李主任', 4),"
    " (3, '王会计', 4), (4, '甲镇干部', 2), (5, '二村书记', 5);";

static tz_db *setup_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    return db;
}

/* ---- 村干部绩效考核 ------------------------------------------------------------------------ */

static void test_perf_rules(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_refused(db, "INSERT INTO perf_assessments (year, person_id, unit_id, post) VALUES (2025, 4, 2, 'member')",
                 "考核对象应为村（社区）干部：单位应为村或社区");
    exec_refused(db, "INSERT INTO perf_assessments (year, person_id, unit_id, post) VALUES (2025, 5, 4, 'member')",
                 "被考核人的所在单位应为这个村（社区）");
    exec_refused(db, "INSERT INTO perf_assessments (year, person_id, unit_id, post) VALUES (2025, 1, 4, 'mayor')",
                 "职务应为村干部的职务之一");
    exec_refused(db, "INSERT INTO perf_assessments (year, person_id, unit_id, post, assessed_on)"
                     " VALUES (2025, 1, 4, 'secretary', '2027-01-05')", "考核日期应在考核年度内或次年");
    exec_ok(db, "INSERT INTO perf_assessments (id, year, person_id, unit_id, post, assessed_on)"
                " VALUES (1, 2025, 1, 4, 'secretary', '2026-01-10')");
    exec_refused(db, "INSERT INTO perf_assessments (year, person_id, unit_id, post) VALUES (2025, 1, 4, 'member')",
                 "这个人这一年度已有绩效考核");
    exec_refused(db, "INSERT INTO perf_assessments (year, person_id, unit_id, post) VALUES (2025, 2, 4, 'secretary')",
                 "这个村（社区）这一年度已有这一职务的考核（书记、主任各一名）");
    exec_ok(db, "INSERT INTO perf_assessments (id, year, person_id, unit_id, post) VALUES (2, 2025, 2, 4, 'director')");
    exec_refused(db, "UPDATE perf_assessments SET post = 'secretary' WHERE id = 2",
                 "这个村（社区）这一年度已有这一职务的考核（书记、主任各一名）");
    /* a score lies between 0 and its item's weight */
    exec_refused(db, "UPDATE perf_scores SET score = (SELECT weight + 0.5 FROM perf_items WHERE id = item_id)"
                     " WHERE assessment_id = 1", "得分不能超过这一项的分值");
    exec_refused(db, "UPDATE perf_scores SET score = -1 WHERE assessment_id = 1", "得分不能为负");
    exec_refused(db, "UPDATE perf_scores SET item_id = item_id + 1 WHERE assessment_id = 1",
                 "考核项目在考核建立时确定，不能改为另一项");
    /* scored items keep their meaning; the template must weigh 100 for a new assessment */
    exec_refused(db, "UPDATE perf_items SET weight = weight + 5 WHERE seq = 1",
                 "这一项已用于考核，内容和分值不能再改；请停用它并新增一项");
    exec_refused(db, "DELETE FROM perf_items WHERE seq = 1",
                 "这一项已用于考核，不能删除；不再使用请把“在用”改为否");
    exec_ok(db, "UPDATE perf_items SET active = 0 WHERE seq = 1");
    exec_refused(db, "INSERT INTO perf_assessments (year, person_id, unit_id, post) VALUES (2025, 3, 4, 'accountant')",
                 "考核项目中在用各项的分值合计应为 100 分");
    exec_ok(db, "INSERT INTO perf_items (seq, content, weight) SELECT 99, '新的党建工作', weight FROM perf_items WHERE seq = 1");
    exec_ok(db, "INSERT INTO perf_assessments (id, year, person_id, unit_id, post) VALUES (3, 2025, 3, 4, 'accountant')");
    assert_int_equal(query_int(db, "SELECT count(*) FROM perf_scores WHERE assessment_id = 3"),
                     query_int(db, "SELECT count(*) FROM perf_items WHERE active = 1"));
    assert_int_equal(query_int(db, "SELECT count(*) FROM perf_scores WHERE assessment_id = 1"),
                     query_int(db, "SELECT count(*) FROM perf_items WHERE seq <> 99"));
    db_close(db);
}

/* The allowance is the amount of the highest band the complete total reaches. */
static void test_perf_allowance(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO perf_assessments (id, year, person_id, unit_id, post) VALUES"
                " (1, 2025, 1, 4, 'secretary'), (2, 2025, 2, 4, 'director'), (3, 2025, 5, 5, 'secretary')");
    assert_query_text(db, "SELECT total || '/' || complete || '/' || coalesce(allowance_fen, '-')"
                          " FROM perf_assessments_v WHERE id = 1", "(null)");
    exec_ok(db, "UPDATE perf_scores SET score = (SELECT weight FROM perf_items WHERE id = item_id)"
                " WHERE assessment_id IN (1, 3)");
    exec_ok(db, "UPDATE perf_scores SET score = (SELECT weight FROM perf_items WHERE id = item_id) / 2"
                " WHERE assessment_id = 2");
    assert_int_equal(query_int(db, "SELECT total FROM perf_assessments_v WHERE id = 1"), 100);
    assert_int_equal(query_int(db, "SELECT allowance_fen FROM perf_assessments_v WHERE id = 1"),
                     query_int(db, "SELECT amount_fen FROM perf_allowance_bands ORDER BY min_score DESC LIMIT 1"));
    assert_int_equal(query_int(db, "SELECT allowance_fen FROM perf_assessments_v WHERE id = 2"),
                     query_int(db, "SELECT amount_fen FROM perf_allowance_bands WHERE min_score <= 50"
                                   " ORDER BY min_score DESC LIMIT 1"));
    /* the rule is the table's: a new band changes the allowance, no code */
    exec_ok(db, "INSERT INTO perf_allowance_bands (min_score, amount_fen) VALUES (50, 1)");
    assert_int_equal(query_int(db, "SELECT allowance_fen FROM perf_assessments_v WHERE id = 2"), 1);
    /* one item unscored: incomplete, no allowance */
    exec_ok(db, "UPDATE perf_scores SET score = NULL WHERE id = (SELECT max(id) FROM perf_scores WHERE assessment_id = 1)");
    assert_query_text(db, "SELECT complete || '/' || coalesce(allowance_fen, '-') FROM perf_assessments_v WHERE id = 1",
                      "0/-");
    assert_query_text(db, "SELECT cadres || '/' || complete || '/' || allowance_fen FROM perf_villages"
                          " WHERE unit_id = 4 AND year = 2025", "2/1/1");
    exec_refused(db, "INSERT INTO perf_allowance_bands (min_score, amount_fen) VALUES (101, 1)",
                 "起始分数应在 0 与 100 之间");
    db_close(db);
}

/* Through the forms: an assessment saved, its items scored in the grid's form. */
static void test_perf_forms(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    tz_formset forms = { 0 };
    use_builtin_forms(db, &forms);
    const tz_form *f = tz_spec_form(&forms, "perf_assessments");
    const tz_form *s = tz_spec_form(&forms, "perf_scores");
    assert_non_null(f);
    assert_non_null(s);
    char *values[16] = { 0 };
    assert_true(f->nfields <= 16);
    values[tz_form_field_index(f, "year")] = "2025";
    values[tz_form_field_index(f, "unit_id")] = "5";
    values[tz_form_field_index(f, "person_id")] = "1";
    values[tz_form_field_index(f, "post")] = "secretary";
    int64_t id = 0;
    tz_error err = { 0 };
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "被考核人的所在单位应为这个村（社区）"));
    values[tz_form_field_index(f, "unit_id")] = "4";
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM perf_scores WHERE assessment_id = %lld ORDER BY id", (long long)id);
    int64_t first = query_int(db, sql);
    char *score[8] = { 0 };
    assert_true(s->nfields <= 8);
    score[tz_form_field_index(s, "score")] = "1000";
    assert_int_equal(db_record_save(db, s, &first, score, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "得分不能超过这一项的分值"));
    score[tz_form_field_index(s, "score")] = "8.5";
    assert_int_equal(db_record_save(db, s, &first, score, &err), TZ_OK);
    snprintf(sql, sizeof sql, "SELECT total FROM perf_assessments_v WHERE id = %lld", (long long)id);
    assert_query_text(db, sql, "8.5");
    db_close(db);
    tz_formset_free(&forms);
}

/* ---- 集中服务日 ----------------------------------------------------------------------------- */

static void test_service_rules(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    /* person 4 (of the township) posted to village 4 for 2026 */
    exec_ok(db, "INSERT INTO assignments (person_id, role, unit_id, start_on, end_on, status)"
                " VALUES (4, 'instructor', 4, '2026-03-01', '2026-06-30', 'ended')");
    exec_refused(db, "INSERT INTO service_days (unit_id, held_on) VALUES (4, '2026-03-03')",
                 "集中服务日应为星期一（YYYY-MM-DD）");
    exec_refused(db, "INSERT INTO service_days (unit_id, held_on) VALUES (2, '2026-03-02')",
                 "集中服务日在村或社区举行");
    exec_ok(db, "INSERT INTO service_days (id, unit_id, held_on) VALUES (1, 4, '2026-03-02'),"
                " (2, 4, '2026-07-06'), (3, 6, '2026-03-02')");
    exec_refused(db, "INSERT INTO service_days (unit_id, held_on) VALUES (4, '2026-03-02')",
                 "这个村（社区）这一天已有集中服务日记录");
    exec_refused(db, "UPDATE service_days SET held_on = '2026-03-04' WHERE id = 1",
                 "集中服务日应为星期一（YYYY-MM-DD）");
    /* present: the village's own, or the cadre posted there that day */
    exec_refused(db, "INSERT INTO service_attendance (service_day_id, person_id) VALUES (1, 5)",
                 "到岗人员应为本村（社区）的干部或当天派驻这里的驻村干部");
    exec_ok(db, "INSERT INTO service_attendance (service_day_id, person_id) VALUES (1, 1), (1, 2), (1, 4), (2, 1)");
    exec_refused(db, "INSERT INTO service_attendance (service_day_id, person_id) VALUES (2, 4)",
                 "到岗人员应为本村（社区）的干部或当天派驻这里的驻村干部");
    exec_refused(db, "INSERT INTO service_attendance (service_day_id, person_id) VALUES (1, 1)",
                 "这个人已在这一天的到岗名单中");
    /* matters: kind, handler, outcome and its day */
    exec_refused(db, "INSERT INTO service_matters (service_day_id, kind, applicant, content)"
                     " VALUES (1, 'proxy', '刘满秀', '低保申请')", "全程代办须填写代办人");
    exec_refused(db, "INSERT INTO service_matters (service_day_id, kind, applicant, content, handler_id)"
                     " VALUES (1, 'proxy', '刘满秀', '低保申请', 5)",
                 "代办人应为本村（社区）的干部或当天派驻这里的驻村干部");
    exec_refused(db, "INSERT INTO service_matters (service_day_id, applicant, content, outcome)"
                     " VALUES (1, '刘满秀', '户籍证明', 'done')", "已办结的事项须填写办结日期，未办结的不填");
    exec_refused(db, "INSERT INTO service_matters (service_day_id, applicant, content, outcome, done_on)"
                     " VALUES (1, '刘满秀', '户籍证明', 'done', '2026-03-01')", "办结日期不能早于受理的服务日");
    exec_ok(db, "INSERT INTO service_matters (service_day_id, kind, applicant, content, handler_id, outcome, done_on)"
                " VALUES (1, 'proxy', '刘满秀', '低保申请', 4, 'done', '2026-03-10'),"
                " (1, 'apply', '李桂生', '户籍证明', NULL, 'done', '2026-03-02'),"
                " (2, 'apply', '王德明', '医保缴费', NULL, 'open', NULL)");
    exec_refused(db, "UPDATE service_days SET held_on = '2026-03-16' WHERE id = 1", "办结日期不能早于受理的服务日");
    exec_refused(db, "UPDATE service_days SET unit_id = 5 WHERE id = 1",
                 "已有到岗人员或办理事项的服务日不能改到另一个村（社区）");
    /* the quarters of the township */
    assert_query_text(db, "SELECT group_concat(quarter || ':' || villages || '/' || days || '/' || present || '/'"
                          " || applied || '/' || proxied || '/' || done, ' ')"
                          " FROM (SELECT * FROM service_quarters WHERE township_id = 2 ORDER BY quarter)",
                      "1:2/2/3/1/1/2 3:1/1/1/1/0/0");
    assert_query_text(db, "SELECT present || '/' || matters || '/' || done FROM service_days_v WHERE id = 1", "3/2/2");
    db_close(db);
}

static void test_service_forms(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    tz_formset forms = { 0 };
    use_builtin_forms(db, &forms);
    const tz_form *f = tz_spec_form(&forms, "service_days");
    const tz_form *m = tz_spec_form(&forms, "service_matters");
    assert_non_null(f);
    assert_non_null(m);
    char *values[16] = { 0 };
    assert_true(f->nfields <= 16 && m->nfields <= 16);
    values[tz_form_field_index(f, "unit_id")] = "4";
    values[tz_form_field_index(f, "held_on")] = "2026-11-24";
    int64_t id = 0;
    tz_error err = { 0 };
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "集中服务日应为星期一"));
    values[tz_form_field_index(f, "held_on")] = "2026-11-23";
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_OK);
    char day[24];
    snprintf(day, sizeof day, "%lld", (long long)id);
    char *matter[16] = { 0 };
    matter[tz_form_field_index(m, "service_day_id")] = day;
    matter[tz_form_field_index(m, "kind")] = "apply";
    matter[tz_form_field_index(m, "applicant")] = "曾秋香";
    matter[tz_form_field_index(m, "content")] = "养老保险待遇认证";
    matter[tz_form_field_index(m, "outcome")] = "done";
    matter[tz_form_field_index(m, "done_on")] = "2026-11-23";
    int64_t mid = 0;
    assert_int_equal(db_record_save(db, m, &mid, matter, &err), TZ_OK);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT applicant_py FROM service_matters WHERE id = %lld", (long long)mid);
    assert_query_text(db, sql, "zqx"); /* 曾 as a surname */
    db_close(db);
    tz_formset_free(&forms);
}

/* ---- 双向述职评议 --------------------------------------------------------------------------- */

/* The township's contract with the city, and its villages' with it, assessed on given days. */
static const char contracts_fixture[] =
    "INSERT INTO contracts (id, year, issuer_id, signer_id, signatory, signed_on, status,"
    "                       mid_assessed_on, final_assessed_on) VALUES"
    " (1, 2026, 1, 2, '甲书记', '2026-02-01', 'signed', '2026-07-01', '2026-12-20'),"
    " (2, 2026, 2, 4, '张书记', '2026-02-03', 'signed', '2026-07-02', '2026-12-21'),"
    " (3, 2026, 2, 5, NULL, '2026-02-03', 'signed', '2026-07-02', NULL),"
    " (4, 2026, 2, 6, NULL, NULL, 'draft', NULL, NULL);"
    "INSERT INTO contract_items (contract_id, seq, content, weight, score_mid, score_final) VALUES"
    " (1, 1, '党建', 100, 85, 91), (2, 1, '党建', 100, 70, 95), (3, 1, '党建', 100, 59.5, NULL);";

static void test_review_rules(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, contracts_fixture);
    exec_refused(db, "UPDATE contracts SET final_assessed_on = '2026-06-30' WHERE id = 2",
                 "年终述职评议日期不能早于年中评议日期");
    /* a year-end score entered first: the mid-year one entered later is dated no later */
    exec_ok(db, "UPDATE contracts SET mid_assessed_on = NULL, final_assessed_on = '2026-01-05' WHERE id = 3");
    exec_ok(db, "UPDATE contract_items SET score_mid = NULL WHERE contract_id = 3");
    exec_ok(db, "UPDATE contract_items SET score_mid = 60 WHERE contract_id = 3");
    assert_query_text(db, "SELECT mid_assessed_on FROM contracts WHERE id = 3", "2026-01-05");
    exec_ok(db, "UPDATE contracts SET final_assessed_on = NULL, mid_assessed_on = '2026-07-02' WHERE id = 3");
    exec_ok(db, "UPDATE contract_items SET score_mid = 59.5 WHERE contract_id = 3");
    /* the sheet: drafts left out, the village's grade and place from its scores */
    assert_int_equal(query_int(db, "SELECT count(*) FROM review_sheet WHERE year = 2026"),
                     query_int(db, "SELECT count(*) FROM contracts WHERE year = 2026 AND status <> 'draft'"));
    assert_query_text(db, "SELECT secretary || '/' || mid || '/' || mid_grade || '/' || final || '/' || final_grade"
                          " || '/' || final_rank FROM review_sheet WHERE id = 2",
                      "张书记/70.0/一般/95.0/优秀/1");
    assert_query_text(db, "SELECT mid_grade || '/' || coalesce(final_grade, '-') || '/' || coalesce(final_rank, '-')"
                          " FROM review_sheet WHERE id = 3", "较差/-/-");
    assert_int_equal(query_int(db, "SELECT final_rank FROM review_sheet WHERE id = 1"), 1);
    /* grades are the table's */
    exec_ok(db, "UPDATE review_grades SET grade = '好' WHERE grade = '优秀'");
    assert_query_text(db, "SELECT final_grade FROM review_sheet WHERE id = 2", "好");
    exec_refused(db, "DELETE FROM review_grades WHERE min_score = 0", "从 0 分起的一档不能删除：每个得分都要有等次");
    db_close(db);
}

/* The printed sheet of the township: its own secretary first, then its villages' (the draft
 * left out), under the two assessments' headings. */
static void test_review_report(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, contracts_fixture);
    tz_formset forms = { 0 };
    use_builtin_forms(db, &forms);
    const tz_report *r = tz_spec_report(&forms, "review_sheet");
    assert_non_null(r);
    tz_report_args a = { 0 };
    tz_error err = { 0 };
    assert_int_equal(tz_report_args_init(db, "430581001", 0, &a, &err), TZ_OK);
    a.q.year = 2026;
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(tz_report_text_alloc(db, r, &a, (tz_page){ 80, 60 }, &text, &len, &err), TZ_OK);
    const char *town = strstr(text, "甲书记"), *one = strstr(text, "一村"), *two = strstr(text, "二村");
    assert_non_null(strstr(text, "年中评议（七一）"));
    assert_non_null(strstr(text, "年终述职评议"));
    assert_true(town && one && two && town < one && one < two);
    assert_null(strstr(text, "三社区"));
    free(text);
    db_close(db);
    tz_formset_free(&forms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perf_rules),
        cmocka_unit_test(test_perf_allowance),
        cmocka_unit_test(test_perf_forms),
        cmocka_unit_test(test_service_rules),
        cmocka_unit_test(test_service_forms),
        cmocka_unit_test(test_review_rules),
        cmocka_unit_test(test_review_report),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
