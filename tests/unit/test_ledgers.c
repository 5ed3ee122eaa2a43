/* test_ledgers — every rule of the demonstration sites, supervisor postings and budget lines,
 * through plain SQL (so it holds for the sqlite3 command line too), their views, and the
 * "start a new year" batch with its counts and idempotence. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "dbtest.h"

/* Units: city 1; township 2 (a sub-district) and 3; villages 4, 5 under 2; an urban community
 * 6 under 2; village 7 under 3; department 8. People 1–4 in the department, 5 in the city. */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id, urban) VALUES"
    " (1, '430581', '武冈市', 'city', NULL, 0),"
    " (2, '430581001', '甲街道', 'township', 1, 0), (3, '430581002', '乙镇', 'township', 1, 0),"
    " (4, '430581001001', '一村', 'village', 2, 0), (5, '430581001002', '二村', 'village', 2, 0),"
    " (6, '430581001003', '三社区', 'community', 2, 1), (7, '430581002001', '四村', 'village', 3, 0),"
    " (8, '430581D001', '市委组织部', 'department', 1, 0);"
    "INSERT INTO people (id, name, unit_id) VALUES (1, '张一', 8), (2, '李二', 8), (3, '王三', 8),"
    " (4, '赵四', 8), (5, '刘五', 1);";

static tz_db *setup_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    return db;
}

/* ---- demonstration sites ------------------------------------------------------------------- */

static void test_site_status_forward_only(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO demo_sites (id, name, unit_id, leader_id) VALUES (1, '一村示范点', 4, 5)");
    exec_ok(db, "UPDATE demo_sites SET status = 'building'");
    exec_refused(db, "UPDATE demo_sites SET status = 'accepted'",
                 "验收通过或命名的示范点必须填写验收日期");
    exec_ok(db, "UPDATE demo_sites SET status = 'accepted', accepted_on = '2026-06-01'");
    const char *forward = "示范点状态只能向前推进；要退回请用“重新打开”并说明原因";
    exec_refused(db, "UPDATE demo_sites SET status = 'building', accepted_on = NULL", forward);
    exec_refused(db, "UPDATE demo_sites SET status = 'applied'", forward);
    exec_ok(db, "UPDATE demo_sites SET status = 'named'");
    exec_refused(db, "UPDATE demo_sites SET accepted_on = NULL", "验收通过或命名的示范点必须填写验收日期");
    exec_refused(db, "UPDATE demo_sites SET category = 'farm'",
                 "类别应为农村、社区、机关、企业、学校或新社会组织");
    exec_refused(db, "UPDATE demo_sites SET accepted_on = '2026-02-30'", "验收日期无效，应为 YYYY-MM-DD");
    db_close(db);
}

static void test_site_reopening(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO demo_sites (id, name, unit_id, status, accepted_on)"
                " VALUES (1, '一村示范点', 4, 'accepted', '2026-06-01')");
    exec_refused(db, "INSERT INTO site_reopenings (site_id, reason) VALUES (1, '  ')",
                 "重新打开必须说明原因");
    exec_ok(db, "INSERT INTO site_reopenings (site_id, reason, to_status) VALUES (1, '复查不达标', 'building')");
    assert_query_text(db, "SELECT status || '|' || coalesce(accepted_on, '-') FROM demo_sites", "building|-");
    assert_query_text(db, "SELECT from_status FROM site_reopenings", "accepted");
    exec_refused(db, "INSERT INTO site_reopenings (site_id, reason, to_status) VALUES (1, '再退', 'building')",
                 "重新打开只能退回到比当前更早的状态");
    exec_refused(db, "INSERT INTO site_reopenings (site_id, reason, to_status) VALUES (1, '再退', 'named')",
                 "重新打开只能退回到比当前更早的状态");
    exec_ok(db, "INSERT INTO demo_sites (id, name, unit_id, status, accepted_on)"
                " VALUES (2, '二村示范点', 5, 'named', '2025-06-01')");
    exec_refused(db, "INSERT INTO site_reopenings (site_id, reason, to_status) VALUES (2, '降级', 'accepted')",
                 "只能退回到申报或创建中");
    /* After a reopening the forward rule holds again. */
    exec_ok(db, "UPDATE demo_sites SET status = 'accepted', accepted_on = '2026-09-01' WHERE id = 1");
    exec_refused(db, "UPDATE demo_sites SET status = 'building' WHERE id = 1", NULL);
    db_close(db);
}

/* Every status a site has had, and since when: the day given with the change, else the
 * acceptance date, else today; a corrected date corrects the latest row; a reopening is dated
 * by its own day. */
static void test_site_status_history(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO demo_sites (id, name, unit_id, status_on) VALUES (1, '一村示范点', 4, '2026-01-05')");
    exec_ok(db, "UPDATE demo_sites SET status = 'building', status_on = '2026-03-01'");
    exec_ok(db, "UPDATE demo_sites SET status = 'accepted', accepted_on = '2026-06-01'");
    const char *history = "SELECT group_concat(status || '@' || since, ' ') FROM"
                          " (SELECT status, since FROM site_statuses ORDER BY id)";
    assert_query_text(db, history, "applied@2026-01-05 building@2026-03-01 accepted@2026-06-01");
    assert_query_text(db, "SELECT status_on FROM demo_sites", "2026-06-01");
    exec_ok(db, "UPDATE demo_sites SET status_on = '2026-06-10'");
    assert_query_text(db, history, "applied@2026-01-05 building@2026-03-01 accepted@2026-06-10");
    exec_ok(db, "INSERT INTO site_reopenings (site_id, reason, reopened_on) VALUES (1, '复查不达标', '2026-08-03')");
    assert_query_text(db, history,
                      "applied@2026-01-05 building@2026-03-01 accepted@2026-06-10 building@2026-08-03");
    exec_ok(db, "UPDATE demo_sites SET notes = '整改中'"); /* no status change: no new row */
    assert_int_equal(query_int(db, "SELECT count(*) FROM site_statuses"), 4);
    exec_ok(db, "UPDATE demo_sites SET status = 'accepted', accepted_on = '2026-10-01'");
    exec_ok(db, "UPDATE demo_sites SET status = 'named'"); /* no date given: dated today */
    assert_int_equal(query_int(db, "SELECT count(*) FROM site_statuses WHERE status = 'named'"
                                   " AND since = (SELECT status_on FROM demo_sites WHERE id = 1)"), 1);
    exec_refused(db, "UPDATE demo_sites SET status_on = '2026-13-01'", "状态日期无效，应为 YYYY-MM-DD");
    exec_ok(db, "INSERT INTO demo_sites (id, name, unit_id, status_on) VALUES (2, '二村示范点', 5, '2026-02-01')");
    exec_ok(db, "DELETE FROM demo_sites WHERE id = 2"); /* its history goes with it */
    assert_int_equal(query_int(db, "SELECT count(*) FROM site_statuses WHERE site_id = 2"), 0);
    db_close(db);
}

static void test_site_one_active_per_leader(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    const char *busy = "该联系领导已领办一个在建的示范点";
    exec_ok(db, "INSERT INTO demo_sites (id, name, unit_id, leader_id) VALUES (1, '甲', 4, 5)");
    exec_refused(db, "INSERT INTO demo_sites (name, unit_id, leader_id) VALUES ('乙', 5, 5)", busy);
    exec_ok(db, "INSERT INTO demo_sites (id, name, unit_id, leader_id) VALUES (2, '乙', 5, 1)");
    exec_refused(db, "UPDATE demo_sites SET leader_id = 5 WHERE id = 2", busy);
    /* Once the first is named, the leader may lead another. */
    exec_ok(db, "UPDATE demo_sites SET status = 'named', accepted_on = '2026-01-01' WHERE id = 1");
    exec_ok(db, "UPDATE demo_sites SET leader_id = 5 WHERE id = 2");
    assert_query_text(db, "SELECT township_id || '|' || leader_name FROM demo_sites_v WHERE id = 2", "2|刘五");
    db_close(db);
}

/* ---- supervisor postings ------------------------------------------------------------------- */

static void test_postings(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO assignments (person_id, role, unit_id, sending_unit_id, start_on)"
                " VALUES (1, 'first_secretary', 4, 8, '2026-03-01')");
    exec_refused(db, "INSERT INTO assignments (person_id, role, unit_id, start_on)"
                     " VALUES (2, 'first_secretary', 4, '2026-05-01')",
                 "该村（社区）在这段时间已有第一书记");
    exec_refused(db, "INSERT INTO assignments (person_id, role, unit_id, start_on)"
                     " VALUES (1, 'first_secretary', 5, '2026-05-01')",
                 "此人在这段时间已任其他村（社区）第一书记");
    exec_refused(db, "INSERT INTO assignments (person_id, role, unit_id, start_on)"
                     " VALUES (2, 'first_secretary', 2, '2026-05-01')",
                 "第一书记只能派驻到村或社区");
    exec_ok(db, "INSERT INTO assignments (person_id, role, unit_id, start_on)"
                " VALUES (2, 'first_secretary', 6, '2026-05-01')");       /* a community is fine */
    exec_ok(db, "INSERT INTO assignments (person_id, role, unit_id, start_on)"
                " VALUES (3, 'instructor', 2, '2026-05-01')");            /* other roles: any unit */
    exec_ok(db, "INSERT INTO assignments (person_id, role, unit_id, start_on)"
                " VALUES (1, 'liaison', 5, '2026-05-01')");
    /* Periods: an earlier posting that ended before this one began does not overlap. */
    exec_ok(db, "INSERT INTO assignments (person_id, role, unit_id, start_on, end_on, status)"
                " VALUES (4, 'first_secretary', 4, '2025-03-01', '2025-12-31', 'ended')");
    exec_refused(db, "INSERT INTO assignments (person_id, role, unit_id, start_on, end_on, status)"
                     " VALUES (4, 'first_secretary', 7, '2025-06-01', '2025-06-30', 'ended')",
                 "此人在这段时间已任其他村（社区）第一书记");
    exec_refused(db, "UPDATE assignments SET end_on = '2026-04-01' WHERE person_id = 4",
                 "该村（社区）在这段时间已有第一书记");
    exec_refused(db, "INSERT INTO assignments (person_id, role, unit_id, start_on, end_on)"
                     " VALUES (3, 'liaison', 7, '2026-05-01', '2026-04-01')",
                 "结束日期不能早于开始日期");
    exec_refused(db, "INSERT INTO assignments (person_id, role, unit_id, start_on, status)"
                     " VALUES (3, 'liaison', 7, '2026-05-01', 'recalled')",
                 "离岗（期满、召回、轮换）必须填写结束日期");
    exec_refused(db, "INSERT INTO assignments (person_id, role, unit_id, start_on)"
                     " VALUES (3, 'mayor', 7, '2026-05-01')", "职责应为党建工作指导员、第一书记或联系领导");
    assert_query_text(db, "SELECT township_id || '|' || in_post || '|' || person_name FROM assignments_v"
                          " WHERE person_id = 4", "2|0|赵四");
    db_close(db);
}

/* ---- budget -------------------------------------------------------------------------------- */

static void test_budget_rules(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO budget_lines (id, year, unit_id, category, budgeted_fen)"
                " VALUES (1, 2026, 4, 'village_ops', 7000000)");
    exec_refused(db, "INSERT INTO budget_lines (year, unit_id, category, budgeted_fen)"
                     " VALUES (2026, 4, 'village_ops', 1)", "该单位这一年度已有此类经费预算");
    exec_refused(db, "INSERT INTO budget_lines (year, unit_id, category, budgeted_fen)"
                     " VALUES (2026, 5, 'village_ops', -1)", "预算金额不能为负");
    exec_ok(db, "INSERT INTO disbursements (line_id, paid_on, amount_fen) VALUES (1, '2026-03-01', 4000000)");
    exec_refused(db, "INSERT INTO disbursements (line_id, paid_on, amount_fen) VALUES (1, '2025-12-31', 1)",
                 "拨付日期必须在该预算的年度内");
    exec_refused(db, "INSERT INTO disbursements (line_id, paid_on, amount_fen) VALUES (1, '2026-06-01', 3000001)",
                 "累计拨付将超过预算金额");
    exec_ok(db, "INSERT INTO disbursements (line_id, paid_on, amount_fen) VALUES (1, '2026-06-01', 3000000)");
    exec_refused(db, "UPDATE disbursements SET amount_fen = amount_fen + 1 WHERE paid_on = '2026-06-01'",
                 "累计拨付将超过预算金额");
    exec_refused(db, "UPDATE budget_lines SET budgeted_fen = 6999999 WHERE id = 1", "预算金额不能少于已拨付金额");
    exec_refused(db, "INSERT INTO disbursements (line_id, paid_on, amount_fen) VALUES (1, '2026-07-01', 0)",
                 "拨付金额应大于 0");
    assert_query_text(db, "SELECT paid_fen || '|' || rate || '|' || below_standard || '|' || township_id"
                          " FROM budget_lines_v WHERE id = 1", "7000000|100.0%|0|2");
    exec_ok(db, "INSERT INTO budget_lines (id, year, unit_id, category, budgeted_fen)"
                " VALUES (2, 2026, 5, 'village_ops', 6000000)");
    assert_query_text(db, "SELECT below_standard FROM budget_lines_v WHERE id = 2", "1");
    assert_query_text(db, "SELECT q1_fen || '|' || q2_fen || '|' || paid_fen || '|' || budgeted_fen"
                          " FROM budget_quarters_v WHERE township_id = 2 AND year = 2026",
                      "4000000|3000000|7000000|13000000");
    db_close(db);
}

/* Villages get village operating funds and a remote-education line; the urban community the
 * urban standard, livelihood money and remote education. Existing lines are skipped. */
static void test_start_new_year(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO budget_lines (year, unit_id, category, budgeted_fen)"
                " VALUES (2026, 4, 'village_ops', 6500000)");
    exec_ok(db, "INSERT INTO budget_year_starts (year) VALUES (2026)");
    assert_query_text(db, "SELECT created || '/' || skipped FROM budget_year_starts WHERE id = 1", "8/1");
    assert_query_text(db, "SELECT group_concat(category, ',') FROM (SELECT category FROM budget_lines"
                          " WHERE unit_id = 6 ORDER BY category)",
                      "community_livelihood,remote_education,urban_community_ops");
    assert_int_equal(query_int(db, "SELECT budgeted_fen FROM budget_lines WHERE unit_id = 6"
                                   " AND category = 'urban_community_ops'"), 15000000);
    assert_int_equal(query_int(db, "SELECT budgeted_fen FROM budget_lines WHERE unit_id = 4"
                                   " AND category = 'village_ops'"), 6500000); /* kept as typed */
    exec_ok(db, "INSERT INTO budget_year_starts (year) VALUES (2026)");
    assert_query_text(db, "SELECT created || '/' || skipped FROM budget_year_starts WHERE id = 2", "0/9");
    /* A newer standard is in force from its year on. */
    exec_ok(db, "INSERT INTO budget_standards (category, unit_level, amount_fen, from_year)"
                " VALUES ('village_ops', 'village', 8000000, 2027)");
    exec_ok(db, "INSERT INTO budget_year_starts (year) VALUES (2027)");
    assert_int_equal(query_int(db, "SELECT budgeted_fen FROM budget_lines WHERE unit_id = 7"
                                   " AND category = 'village_ops' AND year = 2027"), 8000000);
    assert_int_equal(query_int(db, "SELECT budgeted_fen FROM budget_lines WHERE unit_id = 7"
                                   " AND category = 'village_ops' AND year = 2026"), 7000000);
    db_close(db);
}

/* A start whose lines nobody has touched is withdrawn by deleting it; one with a line paid
 * from or changed is not. */
static void test_withdraw_new_year(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO budget_year_starts (year) VALUES (2027)");
    int64_t created = query_int(db, "SELECT created FROM budget_year_starts");
    assert_true(created > 0);
    const char *touched = "这次新建的经费预算已有改动或拨付，不能撤回";
    exec_ok(db, "INSERT INTO disbursements (line_id, paid_on, amount_fen)"
                " SELECT min(id), '2027-03-01', 100 FROM budget_lines");
    exec_refused(db, "DELETE FROM budget_year_starts", touched);
    exec_ok(db, "DELETE FROM disbursements");
    exec_ok(db, "DELETE FROM budget_lines WHERE id = (SELECT min(id) FROM budget_lines)");
    exec_ok(db, "UPDATE budget_lines SET budgeted_fen = budgeted_fen + 1"
                " WHERE id = (SELECT min(id) FROM budget_lines)");
    exec_refused(db, "DELETE FROM budget_year_starts", touched);
    exec_ok(db, "DELETE FROM budget_lines WHERE id = (SELECT min(id) FROM budget_lines)");
    exec_ok(db, "INSERT INTO budget_lines (year, unit_id, category, budgeted_fen)"
                " VALUES (2027, 8, 'village_ops', 1)"); /* typed by a clerk: stays */
    exec_ok(db, "DELETE FROM budget_year_starts");
    assert_int_equal(query_int(db, "SELECT count(*) FROM budget_lines"), 1);
    db_close(db);
}

/* ---- totals kept for the reports (migration 009) ------------------------------------------ */

/* Every kind of write that moves a kept total, each followed by a recount (totals_drift);
 * then a kept total changed behind the triggers' back is what taizhang check reports. */
static void test_kept_totals(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    const char *drift = "SELECT count(*) FROM totals_drift";
    exec_ok(db, "INSERT INTO contract_templates (id, name) VALUES (1, '村级模板');"
                "INSERT INTO contract_template_items (template_id, seq, section, content, weight, veto)"
                " VALUES (1, 1, 'basic', '组织建设', 60, 0), (1, 2, 'bonus', '创新', 10, 0),"
                " (1, 3, 'deduction', '违纪', 5, 0), (1, 4, 'basic', '安全', 20, 1);"
                "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 2, 2026);"
                "UPDATE contracts SET status = 'signed', signed_on = '2026-03-01' WHERE signer_id = 4;"
                "UPDATE contract_items SET score_mid = weight / 2, score_final = weight * 0.75;");
    assert_int_equal(query_int(db, drift), 0);
    assert_query_text(db, "SELECT mid_min || '/' || final_sum || '/' || signed"
                          " FROM township_contract_totals WHERE township_id = 2 AND year = 2026",
                      "42.5/191.25/1");
    exec_ok(db, "UPDATE contract_items SET score_final = 0 WHERE seq = 4 AND contract_id = 1;"
                "DELETE FROM contract_items WHERE seq = 2 AND contract_id = 2;"
                "INSERT INTO contract_items (contract_id, seq, content, weight) VALUES (3, 9, '新增', 5);"
                "INSERT INTO contract_items (contract_id, seq, content, weight, score_mid)"
                " VALUES (3, 10, '又增', 5, 4.5);"
                "UPDATE units SET parent_id = 3 WHERE id = 5;"
                "DELETE FROM contracts WHERE signer_id = 6;");
    assert_int_equal(query_int(db, drift), 0);
    exec_ok(db, "INSERT INTO budget_lines (id, year, unit_id, category, budgeted_fen) VALUES"
                " (1, 2026, 4, 'village_ops', 7000000), (2, 2026, 2, 'one_off_build', 50000000),"
                " (3, 2026, 8, 'one_off_build', 100);"
                "INSERT INTO disbursements (line_id, paid_on, amount_fen) VALUES"
                " (1, '2026-02-01', 100), (1, '2026-08-01', 200), (2, '2026-11-30', 300), (3, '2026-01-05', 1);"
                "UPDATE disbursements SET paid_on = '2026-05-05' WHERE amount_fen = 100;"
                "UPDATE disbursements SET amount_fen = 250 WHERE amount_fen = 200;"
                "UPDATE budget_lines SET budgeted_fen = 8000000, category = 'remote_education' WHERE id = 1;"
                "UPDATE units SET parent_id = 3 WHERE id = 4;"
                "DELETE FROM disbursements WHERE amount_fen = 300;"
                "INSERT INTO budget_lines (id, year, unit_id, category, budgeted_fen)"
                " VALUES (4, 2026, 7, 'village_ops', 9);"
                "DELETE FROM budget_lines WHERE id = 4;");
    assert_int_equal(query_int(db, drift), 0);
    assert_query_text(db, "SELECT group_concat(lines || ':' || budgeted_fen || ':' || q2_fen || ':' || q3_fen)"
                          " FROM township_budget_totals WHERE township_id = 3 AND lines > 0",
                      "1:8000000:100:250");
    tz_problems probs = { 0 };
    assert_int_equal(db_check_integrity(db, ":memory:", &probs), TZ_OK);
    exec_ok(db, "UPDATE township_budget_totals SET q3_fen = q3_fen + 1"
                " WHERE township_id = 3 AND category = 'remote_education'");
    assert_int_equal(db_check_integrity(db, ":memory:", &probs), TZ_ERR_CORRUPT);
    assert_int_equal(probs.n, 1);
    assert_non_null(strstr(probs.items[0].msg, "township_budget_totals"));
    tz_problems_free(&probs);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_site_status_forward_only),
        cmocka_unit_test(test_site_reopening),
        cmocka_unit_test(test_site_status_history),
        cmocka_unit_test(test_site_one_active_per_leader),
        cmocka_unit_test(test_postings),
        cmocka_unit_test(test_budget_rules),
        cmocka_unit_test(test_start_new_year),
        cmocka_unit_test(test_withdraw_new_year),
        cmocka_unit_test(test_kept_totals),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
