/* test_declared — a ledger is declared once (table_access, migration 016) and gets the rest by
 * construction: a new ledger made by nothing but its migration and its form is audited, kept to
 * its township, has a history and passes `check`; a column added later is audited once the
 * database is opened; a table its migration forgot to declare, or whose generated objects are
 * missing, fails `check`. A choice label is written once (migration 017): the forms take
 * theirs from the database's vocabularies. And the phone-number rule is written once (migration
 * 027): each declared phone column gets it, a new one by its row. */
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

static const char units_fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL),"
    " (2, '430581001', '甲镇', 'township', 1), (3, '430581002', '乙镇', 'township', 1),"
    " (4, '430581001001', '一村', 'village', 2), (7, '430581002001', '四村', 'village', 3);";

/* What a migration adding the 党代表 ledger holds: the table and its declaration. */
static const char delegates_migration[] =
    "CREATE TABLE delegates ("
    "    id      INTEGER PRIMARY KEY,"
    "    name    TEXT NOT NULL,"
    "    unit_id INTEGER NOT NULL REFERENCES units(id),"
    "    elected TEXT);"
    "INSERT INTO table_access (name, access, scope, audited, title, title_en)"
    " VALUES ('delegates', 'ledger', 'unit unit_id', 1, '党代表', 'Party delegates');";

/* And its form. */
static const char delegates_form[] =
    "[form delegates]\n"
    "title = 党代表\n"
    "table = delegates\n"
    "display = name\n"
    "[field name]\n"
    "label = 姓名\n"
    "type = text\n"
    "required = yes\n"
    "[field unit_id]\n"
    "label = 所在单位\n"
    "type = lookup\n"
    "lookup = units\n"
    "required = yes\n"
    "[field elected]\n"
    "label = 当选日期\n"
    "type = date\n"
    "[list]\n"
    "columns = name 10, unit_id 20, elected 10\n";

static tz_db *reopen(tz_db *db, const char *path)
{
    db_close(db);
    tz_error err = { 0 };
    if (db_open(path, &db, &err) != TZ_OK)
        fail_msg("db_open: %s", err.msg);
    return db;
}

/* The check's problems joined by '|', as a new string. */
static char *ledger_problems(tz_db *db, tz_status *status)
{
    tz_problems probs = { 0 };
    *status = db_check_ledgers(db, "db", &probs);
    size_t len = 1;
    for (size_t i = 0; i < probs.n; i++)
        len += strlen(probs.items[i].msg) + 1;
    char *all = calloc(1, len);
    assert_non_null(all);
    for (size_t i = 0; i < probs.n; i++) {
        strcat(all, probs.items[i].msg);
        strcat(all, "|");
    }
    tz_problems_free(&probs);
    return all;
}

static void expect_check_ok(tz_db *db)
{
    tz_status s;
    char *problems = ledger_problems(db, &s);
    if (s != TZ_OK)
        fail_msg("check: %s", problems);
    free(problems);
}

/* check fails, and its problems mention each of the names (NULL-terminated). */
static void expect_check_names(tz_db *db, ...)
{
    tz_status s;
    char *problems = ledger_problems(db, &s);
    assert_int_not_equal(s, TZ_OK);
    va_list ap;
    va_start(ap, db);
    for (const char *name; (name = va_arg(ap, const char *));)
        if (!strstr(problems, name))
            fail_msg("no problem names %s in: %s", name, problems);
    va_end(ap);
    free(problems);
}

static void load_forms(tz_formset *set)
{
    const char *dir = getenv("TZ_FORMS_DIR");
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_load(set, NULL, 0, dir && *dir ? dir : "forms", &probs), TZ_OK);
    assert_int_equal(tz_spec_parse(set, "delegates.form", delegates_form, &probs), TZ_OK);
    tz_spec_validate(set, &probs);
    assert_int_equal(probs.n, 0);
    tz_problems_free(&probs);
}

/* ---- a new ledger ---------------------------------------------------------------------------- */

static void test_new_ledger_needs_only_its_migration_and_form(void **state)
{
    (void)state;
    char path[128];
    tz_db *db = new_db(path, sizeof path);
    exec_ok(db, units_fixture);
    exec_ok(db, delegates_migration);
    /* run by hand, as a migration would be, the triggers and view are made at the next open */
    expect_check_names(db, "delegates_audit_insert", "delegates_audit_update",
                       "delegates_audit_delete", "delegates_scope", NULL);
    db = reopen(db, path);
    expect_check_ok(db);

    tz_formset forms = { 0 };
    load_forms(&forms);
    tz_problems probs = { 0 };
    assert_int_equal(db_check_forms(db, &forms, &probs), TZ_OK);
    tz_problems_free(&probs);
    db_use_forms(db, &forms);
    const tz_form *f = tz_spec_form(&forms, "delegates");

    /* scope: 一村 is 甲镇's, 四村 乙镇's */
    exec_ok(db, "INSERT INTO delegates (id, name, unit_id) VALUES (1, '王五', 7)");
    assert_int_equal(query_int(db, "SELECT township_id FROM delegates_scope WHERE id = 1"), 3);
    tz_error err = { 0 };
    assert_int_equal(db_user_add(db, "t_admin", "管理员", "admin", 0, "Admin-pass-1", false, &err), TZ_OK);
    assert_int_equal(db_user_add(db, "t_jia", "甲镇录入员", "clerk", 2, "Town-pass-1", false, &err), TZ_OK);
    assert_int_equal(db_sign_in(db, "t_jia", "Town-pass-1", &err), TZ_OK);
    char *mine[] = { "张三", "4", "2026-05-01" };
    int64_t id = 0;
    assert_int_equal(db_record_save(db, f, &id, mine, &err), TZ_OK);
    char *elsewhere[] = { "李四", "7", NULL };
    int64_t other = 0;
    assert_int_equal(db_record_save(db, f, &other, elsewhere, &err), TZ_ERR_DENIED);
    tz_row row = { 0 };
    assert_int_not_equal(db_record_load(db, f, 1, &row, &err), TZ_OK);
    tz_row_free(&row);

    /* audit and history: who, what */
    char *renamed[] = { "张三丰", "4", "2026-05-01" };
    assert_int_equal(db_record_save(db, f, &id, renamed, &err), TZ_OK);
    assert_query_text(db, "SELECT group_concat(login || ':' || action, ' ') FROM"
                          " (SELECT * FROM audit_log WHERE tbl = 'delegates' AND login IS NOT NULL ORDER BY id)",
                      "t_jia:insert t_jia:update");
    tz_rows history = { 0 };
    assert_int_equal(db_record_history(db, f, id, &history, &err), TZ_OK);
    assert_int_equal(history.n, 2); /* the insert, and the one column the update changed */
    assert_string_equal(history.rows[1].v[3], "name");
    assert_string_equal(history.rows[1].v[5], "张三丰");
    tz_rows_free(&history);

    db_close(db);
    tz_formset_free(&forms);
}

/* ---- what check refuses ---------------------------------------------------------------------- */

static void test_forgotten_declaration_fails_check(void **state)
{
    (void)state;
    char path[128];
    tz_db *db = new_db(path, sizeof path);
    expect_check_ok(db);
    exec_ok(db, "CREATE TABLE delegates (id INTEGER PRIMARY KEY, name TEXT)");
    db = reopen(db, path);
    expect_check_names(db, "delegates", NULL);
    /* nothing is made for a table nobody declared */
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'delegates'"
                                   " AND type IN ('trigger', 'view')"), 0);
    tz_problems probs = { 0 };
    assert_int_not_equal(db_check_integrity(db, path, &probs), TZ_OK);
    tz_problems_free(&probs);
    db_close(db);
}

static void test_missing_generated_objects_fail_check(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, "DROP TRIGGER contracts_audit_update; DROP VIEW disbursements_scope");
    expect_check_names(db, "contracts_audit_update", "disbursements_scope", NULL);
    db_close(db);
}

/* Every ledger carries its scope key with the triggers that keep it and an index per column
 * of its scope_order (migration 019); check names each one missing, and rows whose key was
 * written while the triggers were set aside. */
static void test_scope_keys_made_and_checked(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    assert_query_text(db, "SELECT coalesce(group_concat(name, ','), '') FROM table_access t"
                          " WHERE scope IS NOT NULL AND (NOT EXISTS (SELECT 1 FROM pragma_table_info(t.name)"
                          "                                          WHERE name = 'scope_key')"
                          "   OR (SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = t.name"
                          "        AND name IN (t.name || '_scope_key_insert', t.name || '_scope_key_update')) <> 2)",
                      "");
    assert_query_text(db, "WITH RECURSIVE cols(tbl, col, rest) AS ("
                          "  SELECT name, '', replace(scope_order, ' ', '') || ',' FROM table_access"
                          "   WHERE scope_order IS NOT NULL"
                          "  UNION ALL SELECT tbl, substr(rest, 1, instr(rest, ',') - 1),"
                          "                   substr(rest, instr(rest, ',') + 1) FROM cols WHERE rest <> '')"
                          " SELECT coalesce(group_concat(tbl || '.' || col, ','), '') FROM cols"
                          "  WHERE col <> '' AND NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'index'"
                          "        AND name = tbl || '_scope_' || col)", "");
    /* every key is served by an index that leads with it: a township's clerk's rows are found,
     * not picked out of the whole country's */
    assert_query_text(db, "SELECT coalesce(group_concat(name, ','), '') FROM table_access t"
                          " WHERE scope IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pragma_index_list(t.name) l"
                          "   WHERE (SELECT name FROM pragma_index_info(l.name) WHERE seqno = 0) = 'scope_key')",
                      "");
    exec_ok(db, units_fixture);
    exec_ok(db, "INSERT INTO people (id, name, unit_id) VALUES (1, '王五', 7)");
    assert_int_equal(query_int(db, "SELECT scope_key FROM people WHERE id = 1"), 3);
    exec_ok(db, "DROP TRIGGER people_scope_key_update; DROP INDEX people_scope_name_key;"
                "UPDATE people SET scope_key = 2 WHERE id = 1");
    expect_check_names(db, "people_scope_key_update", "people_scope_name_key", "表 people 有 1 行的范围键",
                       NULL);
    db_close(db);
}

static void test_declaration_rules(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, "CREATE TABLE delegates (id INTEGER PRIMARY KEY, unit_id INTEGER)");
    exec_refused(db, "INSERT INTO table_access (name, access) VALUES ('delegates', 'ledger')",
                 "台账（ledger）须写明范围，其他类别不写");
    exec_refused(db, "INSERT INTO table_access (name, access) VALUES ('delegates', 'public')",
                 "访问类别应为 ledger、derived、shared、internal 或 admin");
    exec_refused(db, "INSERT INTO table_access (name, access) VALUES ('dele gates', 'internal')",
                 "表名只能由字母、数字和下划线组成");
    /* a scope that is none of the four forms */
    exec_ok(db, "INSERT INTO table_access (name, access, scope) VALUES ('delegates', 'ledger', 'unit unit_id; DROP')");
    expect_check_names(db, "delegates_scope", NULL);
    db_close(db);
}

/* ---- a column added later -------------------------------------------------------------------- */

static void test_added_column_is_audited(void **state)
{
    (void)state;
    char path[128];
    tz_db *db = new_db(path, sizeof path);
    exec_ok(db, units_fixture);
    exec_ok(db, "ALTER TABLE people ADD COLUMN joined_on TEXT");
    expect_check_names(db, "people_audit_insert", "people_audit_update", "people_audit_delete", NULL);
    db = reopen(db, path);
    expect_check_ok(db);
    exec_ok(db, "INSERT INTO people (id, name, unit_id) VALUES (1, '张三', 4)");
    exec_ok(db, "UPDATE people SET joined_on = '2001-07-01' WHERE id = 1");
    assert_query_text(db, "SELECT json_type(old_values, '$.joined_on') || '>' ||"
                          " json_extract(new_values, '$.joined_on') FROM audit_log ORDER BY id DESC",
                      "null>2001-07-01");
    db_close(db);
}

/* ---- vocabularies -------------------------------------------------------------------------- */

/* No built-in form writes a label of its own: every choice field names a vocabulary, which
 * the database has, with each code the field lists. */
static void test_forms_take_labels_from_vocabularies(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    tz_formset forms = { 0 };
    load_forms(&forms);
    tz_problems probs = { 0 };
    assert_int_equal(db_load_choices(db, &forms, &probs), TZ_OK);
    assert_int_equal(probs.n, 0);
    for (size_t i = 0; i < forms.nforms; i++)
        for (size_t j = 0; j < forms.forms[i].nfields; j++) {
            const tz_field *f = &forms.forms[i].fields[j];
            if (f->type != TZ_FT_CHOICE || strcmp(forms.forms[i].name, "delegates") == 0)
                continue;
            if (!f->vocab)
                fail_msg("%s:%d: choices written in the form", forms.forms[i].file, f->line);
            char sql[256];
            snprintf(sql, sizeof sql, "SELECT count(*) FROM choice_labels WHERE vocab = '%s'", f->vocab);
            int64_t in_vocab = query_int(db, sql);
            assert_true(f->nchoices > 0);
            assert_true((int64_t)f->nchoices <= in_vocab);
            if (!f->vocab_only)
                assert_int_equal((int64_t)f->nchoices, in_vocab);
        }
    /* the budget line's category reads as the quarterly sheet names it */
    const tz_field *category = &tz_spec_form(&forms, "budget_lines")->fields[
        tz_form_field_index(tz_spec_form(&forms, "budget_lines"), "category")];
    char *label = query_text(db, "SELECT label FROM choices WHERE vocab = 'budget_category'"
                                 " AND code = 'village_ops'");
    assert_string_equal(tz_field_choice(category, "village_ops")->zh, label);
    free(label);
    /* the change history names every audited table by its declared title */
    const tz_field *tbl = &tz_spec_form(&forms, "audit_log")->fields[
        tz_form_field_index(tz_spec_form(&forms, "audit_log"), "tbl")];
    assert_int_equal((int64_t)tbl->nchoices,
                     query_int(db, "SELECT count(*) FROM table_access WHERE title IS NOT NULL"));
    assert_int_equal(query_int(db, "SELECT count(*) FROM table_access WHERE audited = 1 AND title IS NULL"), 0);
    /* a relabelled code shows the new label at the next load */
    exec_ok(db, "UPDATE choices SET label = '村级组织运转保障经费' WHERE vocab = 'budget_category'"
                " AND code = 'village_ops'");
    assert_int_equal(db_load_choices(db, &forms, &probs), TZ_OK);
    category = &tz_spec_form(&forms, "budget_lines")->fields[
        tz_form_field_index(tz_spec_form(&forms, "budget_lines"), "category")];
    assert_string_equal(tz_field_choice(category, "village_ops")->zh, "村级组织运转保障经费");
    tz_formset_free(&forms);
    db_close(db);
}

static void test_unknown_vocabulary_is_a_problem(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "x.form",
                                   "[form x]\ntitle = X\ntable = units\n"
                                   "[field level]\nlabel = 层级\ntype = choice\nchoices = @unit_levels\n"
                                   "[field name]\nlabel = 名称\ntype = choice\nchoices = @unit_level: village, hamlet\n"
                                   "default = town\n"
                                   "[list]\ncolumns = level\n", &probs), TZ_OK);
    assert_int_equal(db_load_choices(db, &set, &probs), TZ_ERR_INVALID);
    assert_int_equal(probs.n, 3);
    assert_int_equal(probs.items[0].line, 4);
    assert_non_null(strstr(probs.items[0].msg, "unit_levels"));
    assert_non_null(strstr(probs.items[1].msg, "hamlet"));
    assert_non_null(strstr(probs.items[2].msg, "town"));
    tz_problems_free(&probs);
    tz_formset_free(&set);
    db_close(db);
}

/* What the parser cannot check before the labels are known: `under` names codes of the
 * vocabulary, and an ID number's sex field has 男 and 女. */
static void test_vocabulary_checks_left_to_the_database(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "y.form",
                                   "[form y]\ntitle = Y\ntable = people\n"
                                   "[field id_number]\nlabel = 身份证号\ntype = text\ncheck = idcard\nsex = unit_level\n"
                                   "[field unit_level]\nlabel = 层级\ntype = choice\nchoices = @unit_level\n"
                                   "under = township:hamlet, city:township\n"
                                   "[list]\ncolumns = id_number\n", &probs), TZ_OK);
    assert_int_equal(probs.n, 0);
    assert_int_equal(db_load_choices(db, &set, &probs), TZ_ERR_INVALID);
    assert_int_equal(probs.n, 2);
    assert_non_null(strstr(probs.items[0].msg, "sex"));
    assert_non_null(strstr(probs.items[1].msg, "under"));
    assert_non_null(strstr(probs.items[1].msg, "unit_level"));
    tz_problems_free(&probs);
    tz_formset_free(&set);
    db_close(db);
}

/* ---- the phone-number rule, declared once ------------------------------------------------------ */

static const char phone_refused[] =
    "联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）";

/* Every declared phone column: a malformed number refused, a mobile, a landline and none kept. */
static void test_every_phone_column_has_the_rule(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, units_fixture);
    exec_ok(db, "INSERT INTO people (id, name, unit_id) VALUES (1, '张三', 4);"
                /* a row for each declared phone column of the later ledgers: 党代表's households */
                "INSERT INTO deputy_studios (id, name, unit_id) VALUES (1, '甲镇党代表工作室', 2);"
                "INSERT INTO deputies (id, person_id, studio_id, unit_id, term, elected_on)"
                " VALUES (1, 1, 1, 4, '第十三届', '2021-09-26');"
                "INSERT INTO deputy_households (id, deputy_id, name, address) VALUES (1, 1, '王五', '一村')");
    /* every column called phone is declared: none is left to take any text */
    assert_query_text(db, "SELECT coalesce(group_concat(m.name, ','), '') FROM sqlite_schema m"
                          " WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name)"
                          "                                    WHERE name = 'phone')"
                          "   AND NOT EXISTS (SELECT 1 FROM phone_columns WHERE tbl = m.name AND col = 'phone')",
                      "");
    int64_t n = query_int(db, "SELECT count(*) FROM phone_columns");
    assert_true(n >= 3); /* people, units, settings: 011's */
    for (int64_t i = 0; i < n; i++) {
        char sql[300], *where;
        snprintf(sql, sizeof sql, "SELECT tbl || ' SET ' || col || ' = ' FROM phone_columns"
                                  " ORDER BY tbl, col LIMIT 1 OFFSET %lld", (long long)i);
        where = query_text(db, sql);
        static const char *const bad[] = { "'1381234567'", "'23812345678'", "'0739 1234567'",
                                           "'739-1234567'", "'0739-123456'", "'0739--234567'" };
        for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
            snprintf(sql, sizeof sql, "UPDATE %s%s", where, bad[b]);
            exec_refused(db, sql, phone_refused);
        }
        static const char *const good[] = { "'13812345678'", "'0739-1234567'", "'010-12345678'", "NULL" };
        for (size_t g = 0; g < sizeof good / sizeof good[0]; g++) {
            snprintf(sql, sizeof sql, "UPDATE %s%s", where, good[g]);
            exec_ok(db, sql);
        }
        free(where);
    }
    exec_refused(db, "INSERT INTO people (name, unit_id, phone) VALUES ('李四', 4, '5551234')",
                 phone_refused);
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id, phone)"
                     " VALUES ('430581001002', '二村', 'village', 2, '5551234')", phone_refused);
    db_close(db);
}

/* A phone column of a new table: one row of phone_columns, and the rule is there once the
 * database is opened; a declared column that does not exist is check's problem. */
static void test_new_phone_column_by_its_row(void **state)
{
    (void)state;
    char path[128];
    tz_db *db = new_db(path, sizeof path);
    exec_ok(db, "CREATE TABLE hotlines (id INTEGER PRIMARY KEY, tel TEXT);"
                "INSERT INTO table_access (name, access, audited) VALUES ('hotlines', 'internal', 0);"
                "INSERT INTO phone_columns (tbl, col) VALUES ('hotlines', 'tel')");
    expect_check_names(db, "hotlines_tel_insert", "hotlines_tel_update", NULL);
    db = reopen(db, path);
    expect_check_ok(db);
    exec_refused(db, "INSERT INTO hotlines (tel) VALUES ('12345')", phone_refused);
    exec_ok(db, "INSERT INTO hotlines (id, tel) VALUES (1, '0739-7654321')");
    exec_refused(db, "UPDATE hotlines SET tel = '0739' WHERE id = 1", phone_refused);
    exec_ok(db, "INSERT INTO phone_columns (tbl, col) VALUES ('hotlines', 'fax')");
    db = reopen(db, path);
    expect_check_names(db, "hotlines_fax_insert", "电话号码列不存在", NULL);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_ledger_needs_only_its_migration_and_form),
        cmocka_unit_test(test_forgotten_declaration_fails_check),
        cmocka_unit_test(test_missing_generated_objects_fail_check),
        cmocka_unit_test(test_scope_keys_made_and_checked),
        cmocka_unit_test(test_declaration_rules),
        cmocka_unit_test(test_added_column_is_audited),
        cmocka_unit_test(test_forms_take_labels_from_vocabularies),
        cmocka_unit_test(test_unknown_vocabulary_is_a_problem),
        cmocka_unit_test(test_vocabulary_checks_left_to_the_database),
        cmocka_unit_test(test_every_phone_column_has_the_rule),
        cmocka_unit_test(test_new_phone_column_by_its_row),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
