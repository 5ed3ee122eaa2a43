/* test_deputies — the standing representatives (党代表常任制), by SQL and through the forms: a
 * representative links one village or community and at most 10 households, a household has
 * one visit a day within the term, a proposal's answer is dated after it and only proposals
 * have one; a representative's year and a studio's year count what was recorded, and a
 * household visited this quarter leaves the list of those not visited. */
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

/* Township 2 with village 4; a studio in the township, a representative (person 1) linked to
 * the village. */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL), (2, '430581001', '甲镇', 'township', 1),"
    " (4, '430581001001', '一村', 'village', 2);"
    "INSERT INTO people (id, name, unit_id) VALUES (1, '张代表', 4), (2, '李代表', 2);"
    "INSERT INTO deputy_studios (id, name, unit_id) VALUES (1, '甲镇党代表工作室', 2);"
    "INSERT INTO deputies (id, person_id, studio_id, unit_id, term, elected_on)"
    " VALUES (1, 1, 1, 4, '第十三届', '2021-09-26');";

static tz_db *setup_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    return db;
}

static void add_households(tz_db *db, int n)
{
    for (int i = 0; i < n; i++) {
        char sql[200];
        snprintf(sql, sizeof sql, "INSERT INTO deputy_households (deputy_id, name, address)"
                                  " VALUES (1, '户主%d', '一村%d组')", i, i);
        exec_ok(db, sql);
    }
}

static void test_representative_rules(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_refused(db, "INSERT INTO deputies (person_id, studio_id, unit_id, term, elected_on)"
                     " VALUES (2, 1, 2, '第十三届', '2021-09-26')", "党代表联系的应为一个村或社区");
    exec_refused(db, "INSERT INTO deputies (person_id, studio_id, unit_id, term, elected_on)"
                     " VALUES (1, 1, 4, '第十三届', '2021-09-26')", "这名党员在这一届已是党代表");
    exec_refused(db, "INSERT INTO deputy_studios (name, unit_id) VALUES ('一村工作室', 4)",
                 "党代表工作室应设在市或乡镇（街道）");
    exec_refused(db, "INSERT INTO deputy_studios (name, unit_id) VALUES ('甲镇党代表工作室', 2)",
                 "已有同名的党代表工作室");
    exec_refused(db, "UPDATE deputies SET ended_on = '2020-01-01' WHERE id = 1", "届满日期不能早于当选日期");
    db_close(db);
}

static void test_households_and_visits(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    add_households(db, 10);
    exec_refused(db, "INSERT INTO deputy_households (deputy_id, name, address) VALUES (1, '第十一户', '一村')",
                 "每名党代表最多联系 10 户群众");
    exec_refused(db, "UPDATE deputy_households SET phone = '12345' WHERE id = 1",
                 "联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）");
    exec_ok(db, "UPDATE deputy_households SET phone = '0739-1234567' WHERE id = 1");
    exec_ok(db, "INSERT INTO deputy_visits (household_id, visited_on, content) VALUES (1, '2026-03-02', '走访')");
    exec_refused(db, "INSERT INTO deputy_visits (household_id, visited_on, content) VALUES (1, '2026-03-02', '再访')",
                 "这一户这一天已有走访记录");
    exec_refused(db, "INSERT INTO deputy_visits (household_id, visited_on, content) VALUES (2, '2020-03-02', '走访')",
                 "走访日期不在这名党代表的任期内");
    exec_refused(db, "INSERT INTO deputy_visits (household_id, visited_on, content) VALUES (2, '2026-02-30', '走访')",
                 "走访日期无效，应为 YYYY-MM-DD");
    exec_refused(db, "UPDATE deputies SET elected_on = '2026-06-01' WHERE id = 1",
                 "已有履职活动或走访记录不在新的任期内");
    /* not visited this quarter: every household but the one visited today */
    int64_t all = query_int(db, "SELECT count(*) FROM deputy_households");
    assert_int_equal(query_int(db, "SELECT count(*) FROM households_unvisited"), all);
    exec_ok(db, "INSERT INTO deputy_visits (household_id, visited_on, content) VALUES (3, date('now'), '走访')");
    assert_int_equal(query_int(db, "SELECT count(*) FROM households_unvisited"), all - 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM households_unvisited WHERE id = 3"), 0);
    db_close(db);
}

static void test_activities_and_years(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    add_households(db, 2);
    exec_refused(db, "INSERT INTO deputy_activities (deputy_id, kind, held_on, content, handling)"
                     " VALUES (1, 'survey', '2026-04-01', '调研', '已办理')", "办理情况和答复日期只用于提案和提议");
    exec_refused(db, "INSERT INTO deputy_activities (deputy_id, kind, held_on, content, handling, answered_on)"
                     " VALUES (1, 'proposal', '2026-04-01', '提案', '已答复', '2026-03-01')",
                 "答复日期不能早于提出日期");
    exec_refused(db, "INSERT INTO deputy_activities (deputy_id, kind, held_on, content, answered_on)"
                     " VALUES (1, 'proposal', '2026-04-01', '提案', '2026-05-01')", "已答复的须写明办理情况");
    exec_refused(db, "INSERT INTO deputy_activities (deputy_id, kind, held_on, content)"
                     " VALUES (1, 'visit', '2026-04-01', '走访')",
                 "活动类型应为调研视察、提案、提议、列席市委会议、询问或质询、民主评议或党代表活动日");
    exec_refused(db, "INSERT INTO deputy_activities (deputy_id, kind, held_on, content)"
                     " VALUES (1, 'survey', '2019-04-01', '调研')", "活动日期不在这名党代表的任期内");
    exec_ok(db, "INSERT INTO deputy_activities (deputy_id, kind, held_on, content, handling, answered_on) VALUES"
                " (1, 'survey', '2026-04-01', '调研', NULL, NULL),"
                " (1, 'proposal', '2026-04-02', '提案一', '已答复', '2026-05-02'),"
                " (1, 'suggestion', '2026-04-03', '提议一', NULL, NULL),"
                " (1, 'activity_day', '2026-05-10', '活动日', NULL, NULL),"
                " (1, 'activity_day', '2025-05-10', '活动日', NULL, NULL)");
    exec_ok(db, "INSERT INTO deputy_visits (household_id, visited_on, content) VALUES"
                " (1, '2026-03-02', '走访'), (1, '2026-06-02', '走访'), (2, '2026-06-03', '走访')");
    assert_query_text(db, "SELECT surveys || proposals || suggestions || answered || activity_days || '/'"
                          "       || visits || households_visited FROM deputy_years WHERE deputy_id = 1 AND year = 2026",
                      "11111/32");
    assert_query_text(db, "SELECT group_concat(year || ':' || deputies || ':' || proposals || ':' || answered, ' ')"
                          " FROM (SELECT * FROM studio_years ORDER BY year)", "2025:1:0:0 2026:1:2:1");
    assert_int_equal(query_int(db, "SELECT count(*) FROM deputy_proposals"), 2);
    db_close(db);
}

/* Through the forms: households saved from the household form, the eleventh refused. */
static void test_through_the_forms(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    tz_formset forms = { 0 };
    use_builtin_forms(db, &forms);
    const tz_form *f = tz_spec_form(&forms, "deputy_households");
    assert_non_null(f);
    char *values[16] = { 0 };
    assert_true(f->nfields <= 16);
    values[tz_form_field_index(f, "deputy_id")] = "1";
    values[tz_form_field_index(f, "address")] = "一村三组";
    tz_error err = { 0 };
    for (int i = 0; i < 10; i++) {
        char name[32];
        snprintf(name, sizeof name, "王%d", i);
        values[tz_form_field_index(f, "name")] = name;
        int64_t id = 0;
        assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_OK);
    }
    assert_query_text(db, "SELECT name_py FROM deputy_households WHERE name = '王0'", "w0");
    values[tz_form_field_index(f, "name")] = "赵十一";
    int64_t id = 0;
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "每名党代表最多联系 10 户群众"));
    assert_int_equal(query_int(db, "SELECT households FROM deputies_v WHERE id = 1"), 10);
    db_close(db);
    tz_formset_free(&forms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_representative_rules),
        cmocka_unit_test(test_households_and_visits),
        cmocka_unit_test(test_activities_and_years),
        cmocka_unit_test(test_through_the_forms),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
