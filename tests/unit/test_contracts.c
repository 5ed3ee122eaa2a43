/* test_contracts — every rule of the responsibility contracts, through plain SQL (so it holds
 * for the sqlite3 command line too), the derived totals, coverage, and the template batch. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dbtest.h"

#include <stdio.h>
#include <stdlib.h>

/* Units: city 1; townships 2, 3; villages 4, 5 and community 6 under township 2; village 7
 * under township 3; department 8. A template 1 with a basic, a bonus, a deduction and a veto
 * item. */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL),"
    " (2, '430581001', '甲镇', 'township', 1), (3, '430581002', '乙镇', 'township', 1),"
    " (4, '430581001001', '一村', 'village', 2), (5, '430581001002', '二村', 'village', 2),"
    " (6, '430581001003', '三社区', 'community', 2), (7, '430581002001', '四村', 'village', 3),"
    " (8, '430581D001', '市委组织部', 'department', 1);"
    "INSERT INTO contract_templates (id, name) VALUES (1, '村级模板');"
    "INSERT INTO contract_template_items (template_id, seq, section, content, weight, veto) VALUES"
    " (1, 1, 'basic', '三会一课', 60, 0), (1, 2, 'bonus', '创新', 10, 0),"
    " (1, 3, 'deduction', '台账不全', 20, 0), (1, 4, 'basic', '党风廉政', 10, 1);";

static tz_db *setup_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    return db;
}

static void test_parties(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 1, 2)");
    exec_ok(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 2, 4)");
    exec_ok(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 2, 6)");
    const char *not_parent = "发出单位必须是签订单位的上级单位（市对乡镇，乡镇对村）";
    exec_refused(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 3, 5)",
                 not_parent);
    exec_refused(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 1, 5)",
                 not_parent);
    exec_refused(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 1, 8)",
                 "签订单位应为乡镇/街道、村或社区");
    exec_refused(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 2, 4)",
                 "该单位这一年度已有责任状");
    exec_ok(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2025, 2, 4)");
    exec_refused(db, "UPDATE contracts SET year = 2026 WHERE year = 2025", "该单位这一年度已有责任状");
    exec_refused(db, "UPDATE contracts SET issuer_id = 3 WHERE signer_id = 4", not_parent);
    exec_refused(db, "UPDATE contracts SET signer_id = 7 WHERE signer_id = 4", not_parent);
    exec_refused(db, "UPDATE contracts SET issuer_id = 1, signer_id = 8 WHERE signer_id = 4",
                 "签订单位应为乡镇/街道、村或社区");
    exec_ok(db, "UPDATE contracts SET issuer_id = 3, signer_id = 7 WHERE signer_id = 4 AND year = 2025");
    exec_refused(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (1999, 2, 5)",
                 "年度应在 2000 至 2100 之间");
    db_close(db);
}

static void test_signing(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_refused(db, "INSERT INTO contracts (year, issuer_id, signer_id, status)"
                     " VALUES (2026, 2, 4, 'signed')",
                 "已签订或已考评的责任状必须填写签订日期");
    exec_refused(db, "INSERT INTO contracts (year, issuer_id, signer_id, status, signed_on)"
                     " VALUES (2026, 2, 4, 'signed', '2026-02-30')",
                 "签订日期无效，应为 YYYY-MM-DD");
    exec_refused(db, "INSERT INTO contracts (year, issuer_id, signer_id, status)"
                     " VALUES (2026, 2, 4, 'lost')",
                 "状态应为草稿、已签订或已考评");
    exec_ok(db, "INSERT INTO contracts (year, issuer_id, signer_id, status, signed_on)"
                " VALUES (2026, 2, 4, 'signed', '2026-02-28')");
    exec_refused(db, "UPDATE contracts SET signed_on = NULL", "已签订或已考评的责任状必须填写签订日期");
    db_close(db);
}

static void test_items_and_scores(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO contracts (id, year, issuer_id, signer_id) VALUES (1, 2026, 2, 4)");
    exec_ok(db, "INSERT INTO contract_items (contract_id, seq, section, content, weight)"
                " VALUES (1, 1, 'basic', '三会一课', 60)");
    exec_refused(db, "INSERT INTO contract_items (contract_id, seq, content, weight)"
                     " VALUES (1, 2, '  ', 5)", "责任内容不能为空");
    exec_refused(db, "INSERT INTO contract_items (contract_id, seq, content, weight)"
                     " VALUES (1, 2, '发展党员', 0)", "分值应大于 0");
    exec_refused(db, "INSERT INTO contract_items (contract_id, seq, section, content, weight)"
                     " VALUES (1, 2, 'extra', '发展党员', 5)", "类别应为基本指标、加分项目或扣分项目");
    exec_refused(db, "UPDATE contract_items SET score_mid = 60.5", "年中得分应在 0 与分值之间");
    exec_refused(db, "UPDATE contract_items SET score_final = -1", "年终得分应在 0 与分值之间");
    exec_ok(db, "UPDATE contract_items SET score_mid = 60, score_final = 0");
    exec_refused(db, "INSERT INTO contract_items (contract_id, seq, content, weight)"
                     " VALUES (1, 1, '重复序号', 5)", NULL);
    /* Deleting a contract takes its items with it. */
    exec_ok(db, "DELETE FROM contracts WHERE id = 1");
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_items"), 0);
    db_close(db);
}

/* When each half was assessed: the date the clerk gives is kept; without one, the first score
 * of the half stamps the day it was entered, and later scores leave it alone. */
static void test_assessment_dates(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO contracts (id, year, issuer_id, signer_id, mid_assessed_on)"
                " VALUES (1, 2026, 2, 4, '2026-07-15')");
    exec_ok(db, "INSERT INTO contract_items (contract_id, seq, content, weight) VALUES"
                " (1, 1, '三会一课', 60), (1, 2, '发展党员', 40)");
    assert_query_text(db, "SELECT coalesce(mid_assessed_on, '-') || '|' || coalesce(final_assessed_on, '-')"
                          " FROM contracts", "2026-07-15|-");
    exec_ok(db, "UPDATE contract_items SET score_mid = 50, score_final = 55 WHERE seq = 1");
    assert_query_text(db, "SELECT mid_assessed_on FROM contracts", "2026-07-15");
    assert_int_equal(query_int(db, "SELECT final_assessed_on IS NOT NULL FROM contracts"), 1);
    exec_ok(db, "UPDATE contracts SET final_assessed_on = '2027-01-12'");
    exec_ok(db, "UPDATE contract_items SET score_final = 38 WHERE seq = 2");
    assert_query_text(db, "SELECT final_assessed_on FROM contracts", "2027-01-12");
    exec_refused(db, "UPDATE contracts SET mid_assessed_on = '2026-02-30'", "年中评议日期无效，应为 YYYY-MM-DD");
    db_close(db);
}

/* total = basic + bonus − deduction, floored at 0; a failed veto item makes it 0; NULL while
 * nothing is scored. */
static void test_totals(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 2, 2026)");
    int64_t id = query_int(db, "SELECT id FROM contracts WHERE signer_id = 4");
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT coalesce(total_final, 'none') FROM contracts_v WHERE id = %lld",
             (long long)id);
    assert_query_text(db, sql, "none");
    exec_ok(db, "UPDATE contract_items SET score_final = 55 WHERE seq = 1 AND contract_id IN"
                " (SELECT id FROM contracts WHERE signer_id = 4)");
    assert_query_text(db, sql, "55.0");
    exec_ok(db, "UPDATE contract_items SET score_final = CASE seq WHEN 2 THEN 5 WHEN 3 THEN 3.5"
                " WHEN 4 THEN 10 END WHERE seq > 1 AND contract_id IN"
                " (SELECT id FROM contracts WHERE signer_id = 4)");
    assert_query_text(db, sql, "66.5"); /* 55 + 5 − 3.5 + 10 */
    exec_ok(db, "UPDATE contract_items SET score_final = 0 WHERE seq = 4 AND contract_id IN"
                " (SELECT id FROM contracts WHERE signer_id = 4)");
    assert_query_text(db, sql, "0.0");  /* the veto item failed */
    exec_ok(db, "UPDATE contract_items SET score_final = CASE seq WHEN 1 THEN 2 WHEN 2 THEN 0"
                " WHEN 3 THEN 20 WHEN 4 THEN 10 END WHERE contract_id IN"
                " (SELECT id FROM contracts WHERE signer_id = 4)");
    assert_query_text(db, sql, "0.0");  /* 2 + 0 − 20 + 10 < 0: floored */
    snprintf(sql, sizeof sql, "SELECT coalesce(total_mid, 'none') || '|' || tier || '|' ||"
             " township_id || '|' || signer_name FROM contracts_v WHERE id = %lld", (long long)id);
    assert_query_text(db, sql, "none|village|2|甲镇 一村");
    exec_ok(db, "UPDATE contract_items SET score_mid = weight WHERE contract_id IN"
                " (SELECT id FROM contracts WHERE signer_id = 4)");
    assert_query_text(db, sql, "60.0|village|2|甲镇 一村"); /* 60 + 10 − 20 + 10 */
    exec_ok(db, "UPDATE contract_items SET score_mid = 0 WHERE veto = 1");
    assert_query_text(db, sql, "0.0|village|2|甲镇 一村");  /* the mid-year veto failed */
    assert_query_text(db, "SELECT items FROM contracts_v WHERE signer_id = 4", "4");
    exec_ok(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 1, 2)");
    assert_query_text(db, "SELECT tier || '|' || township_id FROM contracts_v WHERE signer_id = 2",
                      "township|2");
    db_close(db);
}

static void test_issue_template(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    /* Village 5 already has a contract: it is skipped, the two others get drafts. */
    exec_ok(db, "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2026, 2, 5)");
    exec_ok(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 2, 2026)");
    assert_query_text(db, "SELECT created || '/' || skipped FROM template_issues WHERE id = 1", "2/1");
    assert_int_equal(query_int(db, "SELECT count(*) FROM contracts WHERE year = 2026 AND"
                                   " status = 'draft' AND issue_id = 1"), 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_items ci JOIN contracts c"
                                   " ON c.id = ci.contract_id WHERE c.issue_id = 1"), 8);
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_items ci JOIN contracts c"
                                   " ON c.id = ci.contract_id WHERE c.signer_id = 5"), 0);
    /* Again: nothing new. */
    exec_ok(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 2, 2026)");
    assert_query_text(db, "SELECT created || '/' || skipped FROM template_issues WHERE id = 2", "0/3");
    /* The city issues to townships only, never to its departments. */
    exec_ok(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 1, 2026)");
    assert_query_text(db, "SELECT created || '/' || skipped FROM template_issues WHERE id = 3", "2/0");
    exec_refused(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 4, 2026)",
                 "只有市或乡镇/街道可以下发责任状");
    exec_ok(db, "INSERT INTO contract_templates (id, name) VALUES (2, '空模板')");
    exec_refused(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (2, 2, 2027)",
                 "模板中还没有责任内容");
    db_close(db);
}

/* An issue row records a batch done: it cannot be changed; deleting it withdraws the batch,
 * its drafts with it, only while nobody has touched them; an issued template cannot be
 * deleted. */
static void test_issue_is_a_record(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 2, 2026)");
    const char *fixed = "已下发的记录不能修改；要再次下发请新增一条";
    exec_refused(db, "UPDATE template_issues SET year = 2027", fixed);
    exec_refused(db, "UPDATE template_issues SET issuer_id = 3", fixed);
    exec_refused(db, "UPDATE template_issues SET created = 99", fixed);
    exec_refused(db, "UPDATE template_issues SET skipped = NULL", fixed);
    /* Saving the row again with its inputs unchanged is fine. */
    exec_ok(db, "UPDATE template_issues SET year = 2026, issued_on = '2026-02-01'");
    exec_refused(db, "DELETE FROM contract_templates WHERE id = 1", "模板已经下发过，不能删除");
    const char *touched = "这次下发的责任状已有改动，不能撤回";
    exec_ok(db, "UPDATE contracts SET signatory = '王' WHERE signer_id = 4");
    exec_refused(db, "DELETE FROM template_issues", touched);
    exec_ok(db, "UPDATE contracts SET signatory = NULL WHERE signer_id = 4");
    exec_refused(db, "DELETE FROM template_issues", touched); /* the trail remembers */
    exec_ok(db, "DELETE FROM contracts WHERE signer_id = 4");
    exec_ok(db, "UPDATE contract_items SET score_mid = 5 WHERE seq = 1 AND contract_id ="
                " (SELECT id FROM contracts WHERE signer_id = 5)");
    exec_refused(db, "DELETE FROM template_issues", touched);
    exec_ok(db, "DELETE FROM contracts WHERE signer_id = 5");
    exec_ok(db, "DELETE FROM contract_items WHERE seq = 2");   /* an item removed */
    exec_refused(db, "DELETE FROM template_issues", touched);
    exec_ok(db, "DELETE FROM contracts WHERE signer_id = 6");
    /* untouched drafts: withdrawn with their issue */
    exec_ok(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 2, 2027)");
    assert_int_equal(query_int(db, "SELECT count(*) FROM contracts WHERE year = 2027"), 3);
    exec_ok(db, "DELETE FROM template_issues");
    assert_int_equal(query_int(db, "SELECT count(*) FROM contracts"), 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_items"), 0);
    exec_ok(db, "DELETE FROM contract_templates WHERE id = 1");
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_template_items"), 0);
    db_close(db);
}

/* Template items obey the same checks as contract items. */
static void test_template_items(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    const char *ins = "INSERT INTO contract_template_items"
                      " (template_id, seq, section, content, weight, veto) VALUES ";
    char sql[300];
    struct { const char *values, *msg; } bad[] = {
        { "(1, 5, 'basic', '', 5, 0)", "责任内容不能为空" },
        { "(1, 5, 'basic', '发展党员', -1, 0)", "分值应大于 0" },
        { "(1, 5, 'other', '发展党员', 5, 0)", "类别应为基本指标、加分项目或扣分项目" },
        { "(1, 5, 'basic', '发展党员', 5, 2)", "一票否决应为是或否" },
        { "(1, 0, 'basic', '发展党员', 5, 0)", "序号应大于 0" },
        { "(1, 1, 'basic', '发展党员', 5, 0)", NULL }, /* seq 1 taken */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(sql, sizeof sql, "%s%s", ins, bad[i].values);
        exec_refused(db, sql, bad[i].msg);
    }
    exec_refused(db, "INSERT INTO contract_templates (name) VALUES (' ')", "模板名称不能为空");
    snprintf(sql, sizeof sql, "%s(1, 5, 'bonus', '发展党员', 2.5, 0)", ins);
    exec_ok(db, sql);
    db_close(db);
}

static void test_coverage(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 2, 2026)");
    exec_ok(db, "UPDATE contracts SET status = 'signed', signed_on = '2026-03-01' WHERE signer_id = 4");
    /* Children of township 2 without a signed contract: 5 and 6 (drafts); townships 2 and 3
     * and village 7 have none at all. */
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_coverage_v WHERE year = 2026"), 5);
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_coverage_v WHERE year = 2026"
                                   " AND township_id = 2 AND has_draft"), 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_coverage_v WHERE unit_id = 4"), 0);
    assert_int_equal(query_int(db, "SELECT count(DISTINCT id) FROM contract_coverage_v"), 5);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parties),
        cmocka_unit_test(test_signing),
        cmocka_unit_test(test_items_and_scores),
        cmocka_unit_test(test_assessment_dates),
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_issue_template),
        cmocka_unit_test(test_issue_is_a_record),
        cmocka_unit_test(test_template_items),
        cmocka_unit_test(test_coverage),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
