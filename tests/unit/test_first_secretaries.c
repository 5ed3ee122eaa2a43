/* test_first_secretaries — the monthly assessment of first secretaries (migration 018), by SQL
 * as the sqlite3 command line writes and through the forms: the 22-day / 12-night rule, the
 * weekly reports due and missing, the score from the weights table, the places in the
 * category, the 末位淘汰 flag after three months last, and the decision on the posting. */
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

/* Township 2 with villages 4, 5, 6; three first secretaries of weak villages, an instructor. */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL), (2, '430581001', '甲镇', 'township', 1),"
    " (4, '430581001001', '一村', 'village', 2), (5, '430581001002', '二村', 'village', 2),"
    " (6, '430581001003', '三村', 'village', 2);"
    "INSERT INTO people (id, name, unit_id) VALUES (1, '张三', 1), (2, '李四', 1), (3, '王五', 1), (4, '赵六', 1);"
    "INSERT INTO assignments (id, person_id, role, unit_id, start_on, village_category, detached) VALUES"
    " (1, 1, 'first_secretary', 4, '2025-01-01', 'weak', 1),"
    " (2, 2, 'first_secretary', 5, '2025-01-01', 'weak', 1),"
    " (3, 3, 'first_secretary', 6, '2025-01-01', 'poverty', 1);"
    "INSERT INTO assignments (id, person_id, role, unit_id, start_on) VALUES (4, 4, 'instructor', 4, '2025-01-01');";

static tz_db *setup_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    return db;
}

/* Mondays in a month, counted by the calendar (1 January 2025 was a Wednesday). */
static int mondays_in(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int weekday = 3; /* of 2025-01-01, Sunday = 0 */
    for (int y = 2025; y < year; y++)
        weekday = (weekday + ((y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365)) % 7;
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    for (int m = 1; m < month; m++)
        weekday = (weekday + days[m - 1] + (m == 2 && leap)) % 7;
    int n = 0, len = days[month - 1] + (month == 2 && leap);
    for (int d = 0; d < len; d++)
        n += (weekday + d) % 7 == 1;
    return n;
}

static void test_attendance_rule_and_limits(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO fs_months (assignment_id, month, days, nights) VALUES"
                " (1, '2025-03', 22, 12), (2, '2025-03', 22, 11), (3, '2025-03', 21, 20)");
    assert_query_text(db, "SELECT group_concat(attendance_ok, ',') FROM"
                          " (SELECT attendance_ok FROM fs_months_v ORDER BY assignment_id)", "1,0,0");
    exec_refused(db, "INSERT INTO fs_months (assignment_id, month, days, nights) VALUES (1, '2025-02', 29, 12)",
                 "工作天数不能多于当月天数");
    exec_refused(db, "INSERT INTO fs_months (assignment_id, month, days, nights) VALUES (1, '2025-13', 22, 12)",
                 "月份应为 YYYY-MM");
    exec_refused(db, "INSERT INTO fs_months (assignment_id, month, days, nights) VALUES (1, '2025-03', 22, 12)",
                 "这名第一书记这个月已有记录");
    exec_refused(db, "INSERT INTO fs_months (assignment_id, month, days, nights) VALUES (4, '2025-03', 22, 12)",
                 "月度记录只用于第一书记的派驻");
    exec_refused(db, "INSERT INTO fs_months (assignment_id, month, days, nights) VALUES (1, '2024-12', 22, 12)",
                 "这个月不在派驻期内");
    exec_refused(db, "UPDATE assignments SET village_category = 'weak' WHERE id = 4",
                 "村的类别、组织关系转入和脱钩只用于第一书记");
    exec_refused(db, "UPDATE assignments SET decision = 'talk' WHERE id = 1", "处理决定和决定日期须同时填写");
    exec_ok(db, "UPDATE assignments SET decision = 'talk', decided_on = '2025-06-02' WHERE id = 1");
    db_close(db);
}

static void test_weekly_reports(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO fs_months (assignment_id, month, days, nights) VALUES (1, '2025-03', 22, 12)");
    exec_refused(db, "INSERT INTO fs_weeks (assignment_id, week_of, text) VALUES (1, '2025-03-04', '走访')",
                 "工作动态的日期应为那一周的星期一（YYYY-MM-DD）");
    exec_refused(db, "INSERT INTO fs_weeks (assignment_id, week_of, text) VALUES (1, '2025-03-03', ' ')",
                 "工作动态不能为空");
    exec_refused(db, "INSERT INTO fs_weeks (assignment_id, week_of, text) VALUES (4, '2025-03-03', '走访')",
                 "工作动态只用于第一书记的派驻");
    exec_ok(db, "INSERT INTO fs_weeks (assignment_id, week_of, text) VALUES"
                " (1, '2025-03-03', '走访农户'), (1, '2025-03-17', '协调修路')");
    exec_refused(db, "INSERT INTO fs_weeks (assignment_id, week_of, text) VALUES (1, '2025-03-03', '又一条')",
                 "这一周已报送工作动态");
    assert_int_equal(query_int(db, "SELECT weeks_due FROM fs_months_v"), mondays_in(2025, 3));
    assert_int_equal(query_int(db, "SELECT weeks_reported FROM fs_months_v"), 2);
    assert_query_text(db, "SELECT weeks_missing FROM fs_months_v", "03-10 03-24 03-31");
    db_close(db);
}

/* The score is the weighted sum the weights table gives, whatever the weights are. */
static void test_score_from_weights(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO fs_months (assignment_id, month, days, nights, visits, difficulties,"
                " disputes, funds_wan, projects, sixth) VALUES (1, '2025-03', 23, 14, 120, 9, 3, 12.5, 2, 4)");
    exec_ok(db, "INSERT INTO fs_weeks (assignment_id, week_of, text) VALUES (1, '2025-03-03', '走访')");
    static const char recount[] =
        "SELECT CAST(round(100 * (SELECT sum(w.weight * CASE w.item WHEN 'days' THEN 23 WHEN 'nights' THEN 14"
        " WHEN 'visits' THEN 120 WHEN 'difficulties' THEN 9 WHEN 'disputes' THEN 3 WHEN 'funds_wan' THEN 12.5"
        " WHEN 'projects' THEN 2 WHEN 'sixth' THEN 4 WHEN 'weeks' THEN 1 END) FROM fs_weights w)) AS INTEGER)";
    assert_int_equal(query_int(db, "SELECT CAST(round(100 * score) AS INTEGER) FROM fs_months_v"),
                     query_int(db, recount));
    exec_ok(db, "UPDATE fs_weights SET weight = weight * 3 WHERE item = 'projects'");
    assert_int_equal(query_int(db, "SELECT CAST(round(100 * score) AS INTEGER) FROM fs_months_v"),
                     query_int(db, recount));
    exec_refused(db, "UPDATE fs_weights SET weight = -1 WHERE item = 'days'", "权重不能为负");
    db_close(db);
}

/* Last of its category in its township three months running: flagged in the third month. */
static void test_three_months_last(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    const char *months[] = { "2025-03", "2025-04", "2025-05" };
    for (int i = 0; i < 3; i++) {
        char sql[400];
        snprintf(sql, sizeof sql,
                 "INSERT INTO fs_months (assignment_id, month, days, nights, visits) VALUES"
                 " (1, '%s', 24, 14, 80), (2, '%s', 22, 12, 20), (3, '%s', 10, 2, 0)",
                 months[i], months[i], months[i]);
        exec_ok(db, sql);
        /* places are within the category: the poverty village's is first of one, never last */
        assert_int_equal(query_int(db, "SELECT town_rank = 1 AND town_of = 1 FROM fs_ranking"
                                       " WHERE assignment_id = 3 ORDER BY month DESC LIMIT 1"), 1);
        assert_int_equal(query_int(db, "SELECT count(*) FROM fs_flags"), i == 2 ? 1 : 0);
    }
    assert_query_text(db, "SELECT assignment_id || '|' || month FROM fs_flags", "2|2025-05");
    /* a better fourth month clears nothing of the past, and flags nobody new */
    exec_ok(db, "INSERT INTO fs_months (assignment_id, month, days, nights, visits) VALUES"
                " (1, '2025-06', 22, 12, 10), (2, '2025-06', 25, 15, 90)");
    assert_int_equal(query_int(db, "SELECT count(*) FROM fs_flags"), 1);
    exec_ok(db, "UPDATE assignments SET decision = 'recall', decided_on = '2025-06-05' WHERE id = 2");
    assert_query_text(db, "SELECT decision FROM fs_flags", "recall");
    db_close(db);
}

/* Through the form: the record saves with the form's values and is refused with the rule's
 * words, and the derived columns show in the view the form reads. */
static void test_through_the_form(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    tz_formset forms = { 0 };
    use_builtin_forms(db, &forms);
    const tz_form *f = tz_spec_form(&forms, "fs_months");
    assert_non_null(f);
    char *values[32] = { 0 };
    assert_true(f->nfields <= 32);
    for (size_t i = 0; i < f->nfields; i++)
        values[i] = f->fields[i].defval;
    values[tz_form_field_index(f, "assignment_id")] = "1";
    values[tz_form_field_index(f, "month")] = "2025-04";
    values[tz_form_field_index(f, "days")] = "20";
    values[tz_form_field_index(f, "nights")] = "12";
    int64_t id = 0;
    tz_error err = { 0 };
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_OK);
    tz_row row = { 0 };
    assert_int_equal(db_record_load(db, f, id, &row, &err), TZ_OK);
    assert_string_equal(row.v[tz_form_field_index(f, "attendance_ok")], "0");
    assert_int_equal(atoi(row.v[tz_form_field_index(f, "weeks_due")]), mondays_in(2025, 4));
    tz_row_free(&row);
    values[tz_form_field_index(f, "days")] = "31";
    int64_t other = 0;
    values[tz_form_field_index(f, "month")] = "2025-06";
    assert_int_equal(db_record_save(db, f, &other, values, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "工作天数不能多于当月天数"));
    db_close(db);
    tz_formset_free(&forms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attendance_rule_and_limits),
        cmocka_unit_test(test_weekly_reports),
        cmocka_unit_test(test_score_from_weights),
        cmocka_unit_test(test_three_months_last),
        cmocka_unit_test(test_through_the_form),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
