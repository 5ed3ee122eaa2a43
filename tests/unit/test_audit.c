/* test_audit — the audit trail (修改记录) through plain SQL, as the sqlite3 command line would
 * write: every insert, update and delete on a ledger leaves one audit_log row with its table,
 * row, action and values before and after; a change that changes nothing leaves none; the
 * writer's login comes from audit_actor; the log cannot be changed; a batch is recorded row
 * by row; and every ledger table and column is covered. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dbtest.h"

#include <stdio.h>

/* Units: city 1; townships 2, 3; villages 4, 5 and community 6 under township 2; village 7
 * under township 3. A template 1 with four items. */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL),"
    " (2, '430581001', '甲镇', 'township', 1), (3, '430581002', '乙镇', 'township', 1),"
    " (4, '430581001001', '一村', 'village', 2), (5, '430581001002', '二村', 'village', 2),"
    " (6, '430581001003', '三社区', 'community', 2), (7, '430581002001', '四村', 'village', 3);"
    "INSERT INTO contract_templates (id, name) VALUES (1, '村级模板');"
    "INSERT INTO contract_template_items (template_id, seq, section, content, weight, veto) VALUES"
    " (1, 1, 'basic', '三会一课', 60, 0), (1, 2, 'bonus', '创新', 10, 0),"
    " (1, 3, 'deduction', '台账不全', 20, 0), (1, 4, 'basic', '党风廉政', 10, 1);";

/* The fixture's own rows are logged too; each test counts from after them. */
static tz_db *setup_db(int64_t *base)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    *base = query_int(db, "SELECT max(id) FROM audit_log");
    return db;
}

/* How many audit rows after the fixture's match the condition. */
static int64_t audit_count(tz_db *db, int64_t base, const char *where)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE id > %lld AND %s",
             (long long)base, where);
    return query_int(db, sql);
}

/* ---- one row per change ---------------------------------------------------------------------- */

static void test_unit_insert_update_delete(void **state)
{
    (void)state;
    int64_t base;
    tz_db *db = setup_db(&base);
    /* 7 units, each township's report header made with it, 1 template, 4 template items */
    assert_int_equal(base, 12 + query_int(db, "SELECT count(*) FROM township_headers"));
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log WHERE tbl = 'units'"
                                   " AND action = 'insert' AND login IS NULL AND old_values IS NULL"), 7);

    exec_ok(db, "INSERT INTO units (id, code, name, level, parent_id, secretary)"
                " VALUES (8, '430581002002', '五村', 'village', 3, '张书记')");
    assert_int_equal(audit_count(db, base, "1"), 1);
    assert_query_text(db, "SELECT tbl || '|' || row_id || '|' || action || '|' || coalesce(login, '-')"
                          " || '|' || coalesce(old_values, '-') FROM audit_log ORDER BY id DESC",
                      "units|8|insert|-|-");
    assert_query_text(db, "SELECT json_extract(new_values, '$.name') || '|' ||"
                          " json_extract(new_values, '$.secretary') || '|' ||"
                          " json_extract(new_values, '$.parent_id') || '|' ||"
                          " json_extract(new_values, '$.urban') || '|' ||"
                          " json_type(new_values, '$.notes') FROM audit_log ORDER BY id DESC",
                      "五村|张书记|3|0|null");
    assert_int_equal(query_int(db, "SELECT at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
                                   " [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]'"
                                   " FROM audit_log ORDER BY id DESC"), 1);

    exec_ok(db, "UPDATE units SET name = '五星村', urban = NULL WHERE id = 8");
    assert_int_equal(audit_count(db, base, "1"), 2);
    assert_query_text(db, "SELECT tbl || '|' || row_id || '|' || action || '|' ||"
                          " json_extract(old_values, '$.name') || '>' || json_extract(new_values, '$.name')"
                          " || '|' || json_extract(old_values, '$.urban') || '>' ||"
                          " json_type(new_values, '$.urban') || '|' ||"
                          " json_extract(new_values, '$.code') FROM audit_log ORDER BY id DESC",
                      "units|8|update|五村>五星村|0>null|430581002002");

    exec_ok(db, "DELETE FROM units WHERE id = 8");
    assert_int_equal(audit_count(db, base, "1"), 3);
    assert_query_text(db, "SELECT tbl || '|' || row_id || '|' || action || '|' ||"
                          " coalesce(new_values, '-') || '|' || json_extract(old_values, '$.name')"
                          " FROM audit_log ORDER BY id DESC",
                      "units|8|delete|-|五星村");
    db_close(db);
}

static void test_no_op_update_writes_nothing(void **state)
{
    (void)state;
    int64_t base;
    tz_db *db = setup_db(&base);
    exec_ok(db, "UPDATE units SET name = name, notes = notes, urban = urban");
    exec_ok(db, "UPDATE units SET name = '一村', level = 'village' WHERE id = 4");
    exec_ok(db, "UPDATE contract_template_items SET weight = 60.0 WHERE seq = 1");
    exec_ok(db, "UPDATE settings SET org_name = org_name, page_width = 80");
    assert_int_equal(audit_count(db, base, "1"), 0);
    /* One row of seven changed: one audit row. */
    exec_ok(db, "UPDATE units SET notes = CASE id WHEN 5 THEN '合并' ELSE notes END");
    assert_int_equal(audit_count(db, base, "1"), 1);
    assert_int_equal(audit_count(db, base, "tbl = 'units' AND row_id = 5 AND action = 'update'"), 1);
    /* A change refused by a rule leaves no audit row behind. */
    exec_refused(db, "UPDATE units SET parent_id = 3 WHERE id = 1", "市的上级单位只能是地区");
    exec_refused(db, "DELETE FROM settings", "设置不能删除，只能修改");
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('x', 'x', 'village', 1)",
                 "村和社区的上级单位必须是乡镇/街道");
    assert_int_equal(audit_count(db, base, "1"), 1);
    /* Settings are audited too. */
    exec_ok(db, "UPDATE settings SET preparer = '李会计'");
    assert_query_text(db, "SELECT tbl || '|' || row_id || '|' || coalesce(json_extract(old_values, '$.preparer'), '-')"
                          " || '>' || json_extract(new_values, '$.preparer') || '|' ||"
                          " json_extract(new_values, '$.print_command') FROM audit_log ORDER BY id DESC",
                      "settings|1|->李会计|lp");
    db_close(db);
}

/* ---- who ------------------------------------------------------------------------------------- */

static void test_actor_login(void **state)
{
    (void)state;
    int64_t base;
    tz_db *db = setup_db(&base);
    assert_query_text(db, "SELECT coalesce(login, '-') FROM audit_actor WHERE id = 1", "-");
    exec_ok(db, "UPDATE audit_actor SET login = 'clerk1'");
    exec_ok(db, "INSERT INTO people (id, name, unit_id) VALUES (1, '张三', 4)");
    exec_ok(db, "UPDATE people SET phone = '13800000000' WHERE id = 1");
    exec_ok(db, "UPDATE audit_actor SET login = 'clerk2'");
    exec_ok(db, "DELETE FROM people WHERE id = 1");
    exec_ok(db, "UPDATE audit_actor SET login = NULL");
    exec_ok(db, "INSERT INTO people (id, name, unit_id) VALUES (2, '李四', 5)");
    /* Changing the actor is not itself recorded. */
    assert_int_equal(audit_count(db, base, "tbl = 'audit_actor'"), 0);
    assert_query_text(db, "SELECT group_concat(coalesce(login, '-') || ':' || action || ':' || row_id, ' ')"
                          " FROM (SELECT * FROM audit_log WHERE tbl = 'people' ORDER BY id)",
                      "clerk1:insert:1 clerk1:update:1 clerk2:delete:1 -:insert:2");
    /* One actor row, always. */
    exec_refused(db, "INSERT INTO audit_actor (id, login) VALUES (2, 'x')", NULL);
    db_close(db);
}

/* ---- the log only grows ---------------------------------------------------------------------- */

static void test_log_cannot_be_changed(void **state)
{
    (void)state;
    int64_t base;
    tz_db *db = setup_db(&base);
    const char *fixed = "修改记录不能更改或删除";
    exec_refused(db, "UPDATE audit_log SET login = 'someone' WHERE id = 1", fixed);
    exec_refused(db, "UPDATE audit_log SET new_values = NULL", fixed);
    exec_refused(db, "DELETE FROM audit_log WHERE id = 1", fixed);
    exec_refused(db, "DELETE FROM audit_log", fixed);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), base);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log WHERE login IS NOT NULL"), 0);
    exec_refused(db, "INSERT INTO audit_log (tbl, row_id, action) VALUES ('units', 1, 'rename')", NULL);
    db_close(db);
}

/* ---- contracts, items, cascades -------------------------------------------------------------- */

static void test_contract_and_items(void **state)
{
    (void)state;
    int64_t base;
    tz_db *db = setup_db(&base);
    exec_ok(db, "INSERT INTO contracts (id, year, issuer_id, signer_id) VALUES (1, 2026, 2, 4)");
    exec_ok(db, "INSERT INTO contract_items (id, contract_id, seq, content, weight) VALUES"
                " (1, 1, 1, '三会一课', 60), (2, 1, 2, '台账', 40)");
    assert_int_equal(audit_count(db, base, "tbl = 'contracts' AND row_id = 1 AND action = 'insert'"), 1);
    assert_int_equal(audit_count(db, base, "tbl = 'contract_items' AND action = 'insert'"), 2);
    assert_query_text(db, "SELECT json_extract(new_values, '$.status') || '|' ||"
                          " json_extract(new_values, '$.signer_id') || '|' ||"
                          " json_extract(new_values, '$.year') FROM audit_log WHERE tbl = 'contracts'",
                      "draft|4|2026");

    exec_ok(db, "UPDATE contract_items SET score_mid = 55.5, remark = '良好' WHERE id = 1");
    assert_query_text(db, "SELECT coalesce(json_extract(old_values, '$.score_mid'), '-') || '>' ||"
                          " json_extract(new_values, '$.score_mid') || '|' ||"
                          " json_extract(new_values, '$.remark') || '|' ||"
                          " json_extract(new_values, '$.content') FROM audit_log"
                          " WHERE tbl = 'contract_items' AND action = 'update'",
                      "->55.5|良好|三会一课");

    /* the first mid-year score dated the assessment, and that change is recorded too */
    assert_int_equal(audit_count(db, base, "tbl = 'contracts' AND action = 'update'"
                                           " AND json_extract(old_values, '$.mid_assessed_on') IS NULL"
                                           " AND json_extract(new_values, '$.mid_assessed_on') IS NOT NULL"), 1);

    exec_ok(db, "UPDATE contracts SET status = 'signed', signed_on = '2026-03-01', signatory = '王五'");
    assert_query_text(db, "SELECT json_extract(old_values, '$.status') || '>' ||"
                          " json_extract(new_values, '$.status') || '|' ||"
                          " json_extract(new_values, '$.signed_on') FROM audit_log"
                          " WHERE tbl = 'contracts' AND action = 'update'"
                          " AND json_extract(old_values, '$.status') <> json_extract(new_values, '$.status')",
                      "draft>signed|2026-03-01");

    /* Deleting the contract deletes its items by cascade: each is recorded. */
    int64_t before = query_int(db, "SELECT max(id) FROM audit_log");
    exec_ok(db, "DELETE FROM contracts WHERE id = 1");
    assert_int_equal(audit_count(db, before, "1"), 3);
    assert_int_equal(audit_count(db, before, "tbl = 'contracts' AND row_id = 1 AND action = 'delete'"
                                             " AND json_extract(old_values, '$.signatory') = '王五'"), 1);
    assert_query_text(db, "SELECT group_concat(row_id, ',') FROM (SELECT row_id FROM audit_log"
                          " WHERE tbl = 'contract_items' AND action = 'delete' AND new_values IS NULL"
                          " ORDER BY row_id)",
                      "1,2");
    db_close(db);
}

/* ---- budget lines and disbursements ----------------------------------------------------------- */

static void test_disbursements(void **state)
{
    (void)state;
    int64_t base;
    tz_db *db = setup_db(&base);
    exec_ok(db, "UPDATE audit_actor SET login = 'caiwu'");
    exec_ok(db, "INSERT INTO budget_lines (id, year, unit_id, category, budgeted_fen)"
                " VALUES (1, 2026, 4, 'village_ops', 7000000)");
    exec_ok(db, "INSERT INTO disbursements (id, line_id, paid_on, amount_fen, voucher_no)"
                " VALUES (1, 1, '2026-03-15', 2000000, 'P-001')");
    exec_ok(db, "UPDATE disbursements SET amount_fen = 2500000 WHERE id = 1");
    exec_refused(db, "UPDATE disbursements SET amount_fen = 9000000 WHERE id = 1", "累计拨付将超过预算金额");
    exec_ok(db, "UPDATE audit_actor SET login = NULL");
    exec_ok(db, "DELETE FROM disbursements WHERE id = 1");
    assert_query_text(db, "SELECT group_concat(coalesce(login, '-') || ':' || action, ' ') FROM"
                          " (SELECT * FROM audit_log WHERE tbl = 'disbursements' AND row_id = 1 ORDER BY id)",
                      "caiwu:insert caiwu:update -:delete");
    assert_int_equal(query_int(db, "SELECT json_extract(new_values, '$.amount_fen') FROM audit_log"
                                   " WHERE tbl = 'disbursements' AND action = 'insert'"), 2000000);
    assert_query_text(db, "SELECT json_extract(old_values, '$.amount_fen') || '>' ||"
                          " json_extract(new_values, '$.amount_fen') || '|' ||"
                          " json_extract(new_values, '$.voucher_no') FROM audit_log"
                          " WHERE tbl = 'disbursements' AND action = 'update'",
                      "2000000>2500000|P-001");
    assert_query_text(db, "SELECT json_extract(old_values, '$.paid_on') || '|' ||"
                          " json_extract(old_values, '$.amount_fen') FROM audit_log"
                          " WHERE tbl = 'disbursements' AND action = 'delete'",
                      "2026-03-15|2500000");
    assert_int_equal(audit_count(db, base, "tbl = 'budget_lines' AND login = 'caiwu'"
                                           " AND json_extract(new_values, '$.budgeted_fen') = 7000000"), 1);
    db_close(db);
}

/* ---- batches: one row per row created --------------------------------------------------------- */

static void test_batches(void **state)
{
    (void)state;
    int64_t base;
    tz_db *db = setup_db(&base);
    exec_ok(db, "UPDATE audit_actor SET login = 'clerk1'");
    exec_ok(db, "INSERT INTO template_issues (template_id, issuer_id, year) VALUES (1, 2, 2026)");
    assert_query_text(db, "SELECT created || '/' || skipped FROM template_issues", "3/0");
    /* The issue row (inserted, then its counts written), 3 contracts, 4 items each. */
    assert_int_equal(audit_count(db, base, "tbl = 'template_issues' AND action = 'insert'"), 1);
    assert_int_equal(audit_count(db, base, "tbl = 'template_issues' AND action = 'update'"
                                           " AND json_extract(new_values, '$.created') = 3"), 1);
    assert_int_equal(audit_count(db, base, "tbl = 'contracts' AND action = 'insert'"), 3);
    assert_int_equal(audit_count(db, base, "tbl = 'contract_items' AND action = 'insert'"), 12);
    assert_int_equal(audit_count(db, base, "1"), 17);
    assert_int_equal(audit_count(db, base, "login IS NOT 'clerk1'"), 0);
    /* Each created row has its own audit row, with its values. */
    assert_int_equal(query_int(db, "SELECT count(*) FROM contracts c WHERE NOT EXISTS"
                                   " (SELECT 1 FROM audit_log a WHERE a.tbl = 'contracts'"
                                   "  AND a.row_id = c.id AND a.action = 'insert'"
                                   "  AND json_extract(a.new_values, '$.signer_id') = c.signer_id"
                                   "  AND json_extract(a.new_values, '$.issue_id') = 1)"), 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM contract_items i WHERE NOT EXISTS"
                                   " (SELECT 1 FROM audit_log a WHERE a.tbl = 'contract_items'"
                                   "  AND a.row_id = i.id AND a.action = 'insert'"
                                   "  AND json_extract(a.new_values, '$.contract_id') = i.contract_id"
                                   "  AND json_extract(a.new_values, '$.content') = i.content)"), 0);

    /* Starting a budget year: one row per line created. */
    int64_t before = query_int(db, "SELECT max(id) FROM audit_log");
    exec_ok(db, "INSERT INTO budget_year_starts (year) VALUES (2026)");
    int64_t created = query_int(db, "SELECT created FROM budget_year_starts");
    assert_true(created > 0);
    assert_int_equal(audit_count(db, before, "tbl = 'budget_lines' AND action = 'insert'"), created);
    assert_int_equal(query_int(db, "SELECT count(*) FROM budget_lines l WHERE NOT EXISTS"
                                   " (SELECT 1 FROM audit_log a WHERE a.tbl = 'budget_lines'"
                                   "  AND a.row_id = l.id AND a.action = 'insert')"), 0);
    db_close(db);
}

/* ---- coverage -------------------------------------------------------------------------------- */

/* Every table is declared in table_access (migration 016); each declared audited table has its
 * three triggers, and no others exist; and each trigger names every column of its table (a
 * column added later is covered as soon as the database is opened) but those its declaration
 * leaves out (derived from audited ones, such as the pinyin sort keys) and every ledger's scope
 * key (migration 019, derived from its scope), which none names. */
#define LEFT_OUT "(c.name = 'scope_key' OR instr(',' || replace(coalesce((SELECT unaudited FROM table_access" \
                 " WHERE name = g.tbl_name), ''), ' ', '') || ',', ',' || c.name || ',') > 0)"

static void test_every_ledger_table_and_column(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    assert_query_text(db, "SELECT coalesce(group_concat(name, ','), '') FROM sqlite_schema"
                          " WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                          " AND name NOT IN (SELECT name FROM table_access)", "");
    assert_query_text(db, "SELECT coalesce(group_concat(name, ','), '') FROM table_access t"
                          " WHERE audited = 1"
                          " AND (SELECT count(*) FROM sqlite_schema g WHERE g.type = 'trigger'"
                          "      AND g.tbl_name = t.name AND g.name IN (t.name || '_audit_insert',"
                          "      t.name || '_audit_update', t.name || '_audit_delete')) <> 3",
                      "");
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                   " AND name LIKE '%\\_audit\\_%' ESCAPE '\\'"),
                     3 * query_int(db, "SELECT count(*) FROM table_access WHERE audited = 1"));
    /* the ledgers a clerk keeps are all audited; the kept totals and the program's own are not */
    assert_query_text(db, "SELECT coalesce(group_concat(name, ','), '') FROM table_access"
                          " WHERE (access IN ('ledger', 'shared')) <> (audited = 1)", "");
    /* The insert and delete triggers name each column as a key and a value, the update one
     * also compares it. */
    assert_query_text(db, "SELECT coalesce(group_concat(g.name || ':' || c.name, ' '), '')"
                          " FROM sqlite_schema g JOIN pragma_table_info(g.tbl_name) c"
                          " WHERE g.type = 'trigger' AND g.name LIKE '%\\_audit\\_%' ESCAPE '\\'"
                          " AND NOT " LEFT_OUT
                          " AND ((g.name LIKE '%\\_insert' ESCAPE '\\'"
                          "       AND instr(g.sql, '''' || c.name || ''', NEW.' || c.name) = 0)"
                          "   OR (g.name LIKE '%\\_delete' ESCAPE '\\'"
                          "       AND instr(g.sql, '''' || c.name || ''', OLD.' || c.name) = 0)"
                          "   OR (g.name LIKE '%\\_update' ESCAPE '\\'"
                          "       AND (instr(g.sql, 'OLD.' || c.name || ' IS NOT NEW.' || c.name) = 0"
                          "            OR instr(g.sql, '''' || c.name || ''', OLD.' || c.name) = 0"
                          "            OR instr(g.sql, '''' || c.name || ''', NEW.' || c.name) = 0)))",
                      "");
    assert_int_equal(query_int(db, "SELECT count(*) FROM table_access WHERE unaudited IS NOT NULL"), 2);
    assert_query_text(db, "SELECT coalesce(group_concat(g.name || ':' || c.name, ' '), '')"
                          " FROM sqlite_schema g JOIN pragma_table_info(g.tbl_name) c"
                          " WHERE g.type = 'trigger' AND g.name LIKE '%\\_audit\\_%' ESCAPE '\\'"
                          " AND " LEFT_OUT " AND instr(g.sql, '''' || c.name || '''') > 0", "");
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unit_insert_update_delete),
        cmocka_unit_test(test_no_op_update_writes_nothing),
        cmocka_unit_test(test_actor_login),
        cmocka_unit_test(test_log_cannot_be_changed),
        cmocka_unit_test(test_contract_and_items),
        cmocka_unit_test(test_disbursements),
        cmocka_unit_test(test_batches),
        cmocka_unit_test(test_every_ledger_table_and_column),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
