/* test_creations — the two creations (两个创建), by SQL and through the forms: an inspection
 * takes the criteria of its level (a model one the standard's too), the inspector is from
 * another township, a branch passes when every criterion is met, and the rates and the named
 * list follow. Counts come from the criteria table, not from the numbers of the catalogue. */
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

/* Townships 2 and 3 with villages 4 (of 2) and 7 (of 3), a department 9; a cadre of each. */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL), (2, '430581001', '甲镇', 'township', 1),"
    " (3, '430581002', '乙镇', 'township', 1), (4, '430581001001', '一村', 'village', 2),"
    " (7, '430581002001', '四村', 'village', 3), (9, '430581900', '市水利局', 'department', 1);"
    "INSERT INTO people (id, name, unit_id) VALUES (1, '甲镇干部', 2), (2, '乙镇干部', 3),"
    " (3, '一村干部', 4), (4, '水利局干部', 9);";

static tz_db *setup_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    return db;
}

static void test_cross_inspection_rule(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_refused(db, "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
                     " VALUES (2026, 4, 'standard', 1, '2026-10-01')",
                 "交叉检查：检查人不能来自受检党支部所在的乡镇（街道）");
    exec_refused(db, "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
                     " VALUES (2026, 4, 'standard', 3, '2026-10-01')",
                 "交叉检查：检查人不能来自受检党支部所在的乡镇（街道）");
    exec_refused(db, "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
                     " VALUES (2026, 2, 'standard', 2, '2026-10-01')",
                 "受检单位应为村、社区或市直单位的党支部");
    exec_refused(db, "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
                     " VALUES (2026, 9, 'standard', 4, '2026-10-01')",
                 "交叉检查：检查人不能来自受检党支部所在的乡镇（街道）");
    exec_refused(db, "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
                     " VALUES (2026, 4, 'standard', 2, '2025-10-01')", "检查日期应在检查年度内");
    exec_ok(db, "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
                " VALUES (2026, 4, 'standard', 2, '2026-10-01'), (2026, 9, 'standard', 1, '2026-10-02')");
    exec_refused(db, "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
                     " VALUES (2026, 4, 'standard', 2, '2026-11-01')", "这个党支部这一年度已有此级别的检查");
    exec_refused(db, "UPDATE inspections SET inspector_id = 3 WHERE unit_id = 4",
                 "交叉检查：检查人不能来自受检党支部所在的乡镇（街道）");
    db_close(db);
}

static void test_criteria_and_pass_rule(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    int64_t standard = query_int(db, "SELECT count(*) FROM creation_criteria WHERE level = 'standard'");
    int64_t model = query_int(db, "SELECT count(*) FROM creation_criteria WHERE level = 'model'");
    assert_true(standard > 0 && model > 0);
    exec_ok(db, "INSERT INTO inspections (id, year, unit_id, level, inspector_id, inspected_on) VALUES"
                " (1, 2026, 4, 'standard', 2, '2026-10-01'), (2, 2026, 4, 'model', 2, '2026-11-01'),"
                " (3, 2026, 7, 'standard', 1, '2026-10-03')");
    assert_int_equal(query_int(db, "SELECT criteria FROM inspections_v WHERE id = 1"), standard);
    assert_int_equal(query_int(db, "SELECT criteria FROM inspections_v WHERE id = 2"), standard + model);
    /* nothing marked yet: not passed */
    assert_int_equal(query_int(db, "SELECT passed FROM inspections_v WHERE id = 1"), 0);
    exec_ok(db, "UPDATE inspection_results SET met = 1 WHERE inspection_id IN (1, 3)");
    assert_int_equal(query_int(db, "SELECT passed FROM inspections_v WHERE id = 1"), 1);
    exec_ok(db, "UPDATE inspection_results SET met = 0, note = '无固定活动场所'"
                " WHERE inspection_id = 3 AND criterion_id = (SELECT min(criterion_id) FROM inspection_results"
                "                                             WHERE inspection_id = 3)");
    assert_int_equal(query_int(db, "SELECT passed FROM inspections_v WHERE id = 3"), 0);
    assert_query_text(db, "SELECT group_concat(township_id || ':' || inspected || '/' || passed || '=' || rate, ' ')"
                          " FROM (SELECT * FROM creation_rates WHERE level = 'standard' ORDER BY township_id)",
                      "2:1/1=100.0 3:1/0=0.0");
    assert_int_equal(query_int(db, "SELECT count(*) FROM creation_named"), 0);
    exec_ok(db, "UPDATE inspection_results SET met = 1 WHERE inspection_id = 2");
    assert_query_text(db, "SELECT year || ':' || unit_id FROM creation_named", "2026:4");
    /* a criterion edited later changes no inspection already made */
    exec_ok(db, "INSERT INTO creation_criteria (level, aspect, seq, text)"
                " VALUES ('standard', '阵地建设', 99, '新增标准')");
    assert_int_equal(query_int(db, "SELECT criteria FROM inspections_v WHERE id = 1"), standard);
    exec_refused(db, "UPDATE inspections SET level = 'model' WHERE id = 1",
                 "检查的级别和受检单位在有检查结果后不能更改");
    db_close(db);
}

/* Through the forms: an inspection saved, its criteria marked in the detail form. */
static void test_through_the_forms(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    tz_formset forms = { 0 };
    use_builtin_forms(db, &forms);
    const tz_form *f = tz_spec_form(&forms, "inspections");
    const tz_form *r = tz_spec_form(&forms, "inspection_results");
    assert_non_null(f);
    assert_non_null(r);
    char *values[16] = { 0 };
    assert_true(f->nfields <= 16);
    values[tz_form_field_index(f, "year")] = "2026";
    values[tz_form_field_index(f, "unit_id")] = "4";
    values[tz_form_field_index(f, "level")] = "standard";
    values[tz_form_field_index(f, "inspector_id")] = "1";
    values[tz_form_field_index(f, "inspected_on")] = "2026-10-09";
    int64_t id = 0;
    tz_error err = { 0 };
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "交叉检查"));
    values[tz_form_field_index(f, "inspector_id")] = "2";
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM inspection_results WHERE inspection_id = %lld ORDER BY id",
             (long long)id);
    int64_t first = query_int(db, sql);
    char *mark[8] = { 0 };
    assert_true(r->nfields <= 8);
    mark[tz_form_field_index(r, "met")] = "1";
    snprintf(sql, sizeof sql, "SELECT id FROM inspection_results WHERE inspection_id = %lld", (long long)id);
    tz_stmt *st = NULL;
    assert_int_equal(db_prepare(db, sql, &st, &err), TZ_OK);
    int64_t ids[64];
    size_t n = 0;
    bool row = false;
    while (n < 64 && db_step(st, &row, &err) == TZ_OK && row)
        ids[n++] = db_column_int(st, 0);
    db_finalize(st);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(db_record_save(db, r, &ids[i], mark, &err), TZ_OK);
    snprintf(sql, sizeof sql, "SELECT passed FROM inspections_v WHERE id = %lld", (long long)id);
    assert_int_equal(query_int(db, sql), 1);
    mark[tz_form_field_index(r, "met")] = "0";
    mark[tz_form_field_index(r, "note")] = "党务公开栏未更新";
    assert_int_equal(db_record_save(db, r, &first, mark, &err), TZ_OK);
    assert_int_equal(query_int(db, sql), 0);
    db_close(db);
    tz_formset_free(&forms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cross_inspection_rule),
        cmocka_unit_test(test_criteria_and_pass_rule),
        cmocka_unit_test(test_through_the_forms),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
