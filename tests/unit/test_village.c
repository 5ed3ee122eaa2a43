/* test_village — the village systems, by SQL and through the forms: 村干部绩效考核 (an
 * assessment takes the template's items in use, each score within its weight, the template
 * must weigh 100, scored items stay as they were, the allowance comes from the bands table).
 * Counts and amounts come from the template and band tables, not from constants. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dbtest.h"
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

static void load_forms(tz_db *db, tz_formset *forms)
{
    const char *dir = getenv("TZ_FORMS_DIR");
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_load(forms, NULL, 0, dir && *dir ? dir : "forms", &probs), TZ_OK);
    assert_int_equal(db_load_choices(db, forms, &probs), TZ_OK);
    assert_int_equal(db_check_forms(db, forms, &probs), TZ_OK);
    tz_problems_free(&probs);
    db_use_forms(db, forms);
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
    load_forms(db, &forms);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perf_rules),
        cmocka_unit_test(test_perf_allowance),
        cmocka_unit_test(test_perf_forms),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
