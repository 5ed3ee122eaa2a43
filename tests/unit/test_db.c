/* test_db.c — the db layer: opening and migrating, every schema rule through plain SQL,
 * records through the real forms, keyset paging on generated rows, and the checks.
 * Run from the repository root (forms/ is read from TZ_FORMS_DIR or "forms"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "taizhang/core.h"
#include "taizhang/db.h"
#include "taizhang/pinyin.h"
#include "taizhang/spec.h"
#include "dbtest.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The fixtures (temporary folder, fresh databases, exec_ok/exec_refused, query_int/text)
 * are in dbtest.c, shared with the ledgers' rule tests. */


/* An ID number: 17 digits plus their check character. */
static void make_id(const char *first17, char out[19])
{
    memcpy(out, first17, 17);
    out[17] = tz_idcard_check_char(first17);
    out[18] = '\0';
}

static const char *forms_dir(void)
{
    const char *d = getenv("TZ_FORMS_DIR");
    return d && *d ? d : "forms";
}

static void load_forms(tz_formset *set)
{
    tz_problems probs = { 0 };
    memset(set, 0, sizeof *set);
    tz_status s = tz_spec_load(set, NULL, 0, forms_dir(), &probs);
    if (s != TZ_OK) {
        char msg[1024] = "";
        for (size_t i = 0; i < probs.n && i < 5; i++)
            snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%s:%d: %s\n",
                     probs.items[i].file, probs.items[i].line, probs.items[i].msg);
        tz_problems_free(&probs);
        fail_msg("tz_spec_load: %s", msg);
    }
    tz_problems_free(&probs);
}

/* ---- opening, creating, migrating ---------------------------------------------------------- */

static void test_create_open_reopen(void **state)
{
    (void)state;
    char path[128];
    tz_db *db = new_db(path, sizeof path);
    assert_true(db_schema_latest() >= 1);
    assert_int_equal(db_schema_version(db), db_schema_latest());
    assert_false(db_readonly(db));
    exec_ok(db, "INSERT INTO units (code, name, level) VALUES ('430581', '武冈市', 'city')");
    db_close(db);

    tz_error err = { 0 };
    assert_int_equal(db_open(path, &db, &err), TZ_OK);
    assert_int_equal(db_schema_version(db), db_schema_latest());
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 1);
    db_close(db);

    assert_int_equal(db_open(path, &db, &err), TZ_OK); /* a second open changes nothing */
    assert_int_equal(db_schema_version(db), db_schema_latest());
    db_close(db);

    tz_db *again = NULL;
    assert_int_equal(db_create(path, &again, &err), TZ_ERR_EXISTS);
    assert_null(again);
}

static void test_open_missing(void **state)
{
    (void)state;
    char path[128];
    new_path(path, sizeof path);
    tz_db *db = NULL;
    tz_error err = { 0 };
    assert_int_equal(db_open(path, &db, &err), TZ_ERR_NOTFOUND);
    assert_null(db);
    assert_non_null(strstr(err.msg, path));
    assert_int_equal(access(path, F_OK), -1); /* db_open never creates */
}

static void test_open_not_a_database(void **state)
{
    (void)state;
    char path[128];
    new_path(path, sizeof path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("这不是数据库。This is a text file, long enough to hold a header of 100 bytes or so; "
          "SQLite must refuse it rather than treat it as empty.\n", f);
    fclose(f);
    tz_db *db = NULL;
    tz_error err = { 0 };
    assert_int_equal(db_open(path, &db, &err), TZ_ERR_CORRUPT);
    assert_null(db);
}

static void test_open_empty_or_foreign_file(void **state)
{
    (void)state;
    char path[128];
    new_path(path, sizeof path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    tz_db *db = NULL;
    tz_error err = { 0 };
    assert_int_equal(db_open(path, &db, &err), TZ_ERR_CORRUPT);
    assert_null(db);
    /* an SQLite database made by something else is not migrated */
    char other[160];
    snprintf(other, sizeof other, "%s.other", path);
    tz_db *own = NULL;
    assert_int_equal(db_create(other, &own, &err), TZ_OK);
    exec_ok(own, "PRAGMA user_version = 0; DROP TABLE people; DROP TABLE units;"
                 "CREATE TABLE notes (x)");
    db_close(own);
    assert_int_equal(db_open(other, &db, &err), TZ_ERR_CORRUPT);
    assert_null(db);
}

static void test_open_newer_version(void **state)
{
    (void)state;
    char path[128], sql[64], latest[16], newer[16];
    tz_db *db = new_db(path, sizeof path);
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", db_schema_latest() + 1);
    exec_ok(db, sql);
    db_close(db);
    tz_error err = { 0 };
    assert_int_equal(db_open(path, &db, &err), TZ_ERR_VERSION);
    assert_null(db);
    snprintf(latest, sizeof latest, "%d", db_schema_latest());
    snprintf(newer, sizeof newer, "%d", db_schema_latest() + 1);
    assert_non_null(strstr(err.msg, latest));
    assert_non_null(strstr(err.msg, newer));
    assert_non_null(strstr(err.msg, "taizhang"));
}

static void test_pragmas(void **state)
{
    (void)state;
    char path[128];
    tz_db *db = new_db(path, sizeof path);
    db_close(db);
    tz_error err = { 0 };
    assert_int_equal(db_open(path, &db, &err), TZ_OK);
    assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
    assert_query_text(db, "PRAGMA journal_mode", "wal");
    assert_int_equal(query_int(db, "PRAGMA synchronous"), 2);
    assert_int_equal(query_int(db, "PRAGMA busy_timeout"), 5000);
    db_close(db);
}

static void test_readonly_file(void **state)
{
    (void)state;
    if (geteuid() == 0)
        skip(); /* root may write any file: nothing read-only to test */
    char path[128];
    tz_db *db = new_db(path, sizeof path);
    exec_ok(db, "INSERT INTO units (code, name, level) VALUES ('430581', '武冈市', 'city')");
    db_close(db);
    assert_int_equal(chmod(path, 0444), 0);
    tz_error err = { 0 };
    assert_int_equal(db_open(path, &db, &err), TZ_OK);
    assert_true(db_readonly(db));
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 1);
    assert_int_equal(db_begin_write(db, &err), TZ_ERR_READONLY);
    tz_formset set;
    load_forms(&set);
    const tz_form *units = tz_spec_form(&set, "units");
    char *values[7] = { "430581001", "迎春亭街道", "township", "1", NULL, NULL, NULL };
    int64_t id = 0;
    assert_int_equal(db_record_save(db, units, &id, values, &err), TZ_ERR_READONLY);
    db_close(db);
    tz_formset_free(&set);
}

/* ---- schema rules through plain SQL ---------------------------------------------------------- */

/* city 1; township 2 and 3 under it; department 4; village 5 and community 6 under 2. */
static tz_db *tiered_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db,
            "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city');"
            "INSERT INTO units (id, code, name, level, parent_id) VALUES"
            " (2, '430581001', '迎春亭街道', 'township', 1),"
            " (3, '430581005', '龙溪镇', 'township', 1),"
            " (4, '430581D006', '市委组织部', 'department', 1);"
            "INSERT INTO units (id, code, name, level, parent_id) VALUES"
            " (5, '430581001005', '石山村', 'village', 2),"
            " (6, '430581001001', '东塔社区', 'community', 2);");
    return db;
}

static void test_units_tiers_on_insert(void **state)
{
    (void)state;
    tz_db *db = tiered_db();
    const char *city = "市的上级单位只能是地区";
    const char *to_city = "乡镇/街道和市直单位的上级单位必须是市";
    const char *to_township = "村和社区的上级单位必须是乡镇/街道";
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('x', 'x', 'city', 1)", city);
    exec_refused(db, "INSERT INTO units (code, name, level) VALUES ('x', 'x', 'township')", to_city);
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('x', 'x', 'township', 2)", to_city);
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('x', 'x', 'department', 5)", to_city);
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('x', 'x', 'village', 1)", to_township);
    exec_refused(db, "INSERT INTO units (code, name, level) VALUES ('x', 'x', 'community')", to_township);
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('x', 'x', 'village', 5)", to_township);
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('x', 'x', 'village', 4)", to_township);
    exec_refused(db, "INSERT INTO units (id, code, name, level, parent_id) VALUES (9, 'x', 'x', 'township', 9)",
                 "单位不能是自己的上级");
    exec_refused(db, "INSERT INTO units (code, name, level) VALUES ('x', 'x', 'province')",
                 "层级必须是地区、市、乡镇/街道、村、社区或市直单位");
    /* above the city, its prefecture (migration 031), with no parent and only cities below */
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('p', 'p', 'prefecture', 1)",
                 "地区不能有上级单位");
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (30, 'p', '邵阳市', 'prefecture')");
    exec_refused(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('x', 'x', 'township', 30)", to_city);
    exec_ok(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('c', '另一市', 'city', 30)");
    exec_refused(db, "INSERT INTO units (code, name, level) VALUES ('', 'x', 'city')", "单位代码不能为空");
    exec_refused(db, "INSERT INTO units (code, name, level) VALUES ('x', ' 　', 'city')", "单位名称不能为空");
    exec_refused(db, "INSERT INTO units (code, level) VALUES ('x', 'city')", "name不能为空");
    exec_refused(db, "INSERT INTO units (code, name, level) VALUES ('430581', 'x', 'city')", "code已存在，不能重复");
    /* the good ones */
    exec_ok(db, "INSERT INTO units (code, name, level) VALUES ('430582', '另一市', 'city')");
    exec_ok(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('430581006', '邓家铺镇', 'township', 1)");
    exec_ok(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('430581D007', '市财政局', 'department', 1)");
    exec_ok(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('430581005001', '竹山村', 'village', 3)");
    exec_ok(db, "INSERT INTO units (code, name, level, parent_id) VALUES ('430581005002', '新桥社区', 'community', 3)");
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 13); /* with the prefecture and its city */
    db_close(db);
}

/* A village or community is named with its township, whatever writes the units. */
static void test_units_full_name(void **state)
{
    (void)state;
    tz_db *db = tiered_db();
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 5", "迎春亭街道 石山村");
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 6", "迎春亭街道 东塔社区");
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 3", "龙溪镇");
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 4", "市委组织部");
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 1", "武冈市");
    exec_ok(db, "UPDATE units SET parent_id = 3 WHERE id = 5");          /* moved */
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 5", "龙溪镇 石山村");
    exec_ok(db, "UPDATE units SET name = '龙溪乡' WHERE id = 3");         /* its township renamed */
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 5", "龙溪乡 石山村");
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 6", "迎春亭街道 东塔社区");
    exec_ok(db, "UPDATE units SET name = '石山' WHERE id = 5");           /* itself renamed */
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 5", "龙溪乡 石山");
    exec_ok(db, "UPDATE units SET full_name = '别的' WHERE id = 5");      /* written directly */
    assert_query_text(db, "SELECT full_name FROM units WHERE id = 5", "龙溪乡 石山");
    /* derived, not a change of its own in the trail: one row per update above */
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log WHERE action = 'update'"), 3);
    db_close(db);
}

static void test_units_tiers_on_update(void **state)
{
    (void)state;
    tz_db *db = tiered_db();
    exec_refused(db, "UPDATE units SET parent_id = 1 WHERE id = 5", "村和社区的上级单位必须是乡镇/街道");
    exec_refused(db, "UPDATE units SET parent_id = 3 WHERE id = 2", "乡镇/街道和市直单位的上级单位必须是市");
    exec_refused(db, "UPDATE units SET parent_id = 2 WHERE id = 1", "市的上级单位只能是地区");
    exec_refused(db, "UPDATE units SET parent_id = 2 WHERE id = 2", "单位不能是自己的上级");
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (30, 'p', '邵阳市', 'prefecture')");
    exec_refused(db, "UPDATE units SET parent_id = 1 WHERE id = 30", "地区不能有上级单位");
    exec_refused(db, "UPDATE units SET parent_id = 30 WHERE id = 2", "乡镇/街道和市直单位的上级单位必须是市");
    exec_ok(db, "UPDATE units SET parent_id = 30 WHERE id = 1");
    exec_refused(db, "UPDATE units SET level = 'city' WHERE id = 30", "该单位还有下级市，层级只能是地区");
    exec_ok(db, "UPDATE units SET parent_id = NULL WHERE id = 1");
    exec_refused(db, "UPDATE units SET level = 'village' WHERE id = 3", "村和社区的上级单位必须是乡镇/街道");
    /* 2 has a village and a community below it: as a department it could not hold them */
    exec_refused(db, "UPDATE units SET level = 'department' WHERE id = 2",
                 "该单位还有下级村或社区，层级只能是乡镇/街道");
    /* the city holds townships: it cannot become a township under another city */
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (20, '430582', '另一市', 'city')");
    exec_refused(db, "UPDATE units SET level = 'township', parent_id = 20 WHERE id = 1",
                 "该单位还有下级乡镇/街道或市直单位，层级只能是市");
    /* the good ones */
    exec_ok(db, "UPDATE units SET parent_id = 3 WHERE id = 5");
    exec_ok(db, "UPDATE units SET level = 'department' WHERE id = 3 AND 0"); /* no row: no rule */
    exec_ok(db, "UPDATE units SET level = 'community' WHERE id = 5");
    exec_ok(db, "UPDATE units SET level = 'department' WHERE id = 4");
    exec_ok(db, "UPDATE units SET parent_id = 20 WHERE id = 4");
    exec_ok(db, "UPDATE units SET name = '新名字', secretary = NULL WHERE id = 2");
    db_close(db);
}

static void test_units_delete_refusals(void **state)
{
    (void)state;
    tz_db *db = tiered_db();
    exec_ok(db, "INSERT INTO people (name, unit_id) VALUES ('张三', 5)");
    exec_refused(db, "DELETE FROM units WHERE id = 2", "该单位还有下级单位，不能删除");
    exec_refused(db, "DELETE FROM units WHERE id = 1", "该单位还有下级单位，不能删除");
    exec_refused(db, "DELETE FROM units WHERE id = 5", "该单位还有人员，不能删除");
    exec_ok(db, "DELETE FROM units WHERE id = 6");
    exec_ok(db, "DELETE FROM people; DELETE FROM units WHERE id = 5; DELETE FROM units WHERE id = 2");
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 3);
    db_close(db);
}

static void insert_person_id(tz_db *db, const char *id_number, const char *expect_msg)
{
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO people (name, unit_id, id_number) VALUES ('李四', 5, '%s')",
             id_number);
    if (expect_msg)
        exec_refused(db, sql, expect_msg);
    else
        exec_ok(db, sql);
}

static void test_people_id_number(void **state)
{
    (void)state;
    tz_db *db = tiered_db();
    const char *shape = "身份证号应为18位：17位数字加1位校验码（数字或X）";
    const char *check = "身份证号校验位不正确";
    const char *birth = "身份证号中的出生日期无效";
    char id[19];
    insert_person_id(db, "11010519491231002X", NULL); /* GB 11643's own example */
    make_id("43058119800229001", id); /* 1980 is a leap year */
    insert_person_id(db, id, NULL);
    make_id("43058120000101123", id);
    insert_person_id(db, id, NULL);
    insert_person_id(db, "110105194912310021", check);
    insert_person_id(db, "11010519491231002x", shape);  /* lower-case x is not stored */
    insert_person_id(db, "1101051949123100X", shape);   /* 17 characters */
    insert_person_id(db, "11010519491231002XX", shape); /* 19 characters */
    insert_person_id(db, "1101051949123I002X", shape);  /* a letter among the digits */
    make_id("43058119811301001", id);
    insert_person_id(db, id, birth);                    /* month 13 */
    make_id("43058119810229001", id);
    insert_person_id(db, id, birth);                    /* 1981 is not a leap year */
    make_id("43058119800230001", id);
    insert_person_id(db, id, birth);                    /* 30 February */
    insert_person_id(db, "11010519491231002X", "id_number已存在，不能重复");
    exec_ok(db, "INSERT INTO people (name, unit_id) VALUES ('甲', 5), ('乙', 5), ('丙', 6)");
    exec_ok(db, "INSERT INTO people (name, unit_id, id_number) VALUES ('丁', 5, NULL)");
    assert_int_equal(query_int(db, "SELECT count(*) FROM people WHERE id_number IS NULL"), 4);
    db_close(db);
}

static void test_people_other_rules(void **state)
{
    (void)state;
    tz_db *db = tiered_db();
    const char *date = "出生日期无效，应为 YYYY-MM-DD";
    exec_ok(db, "INSERT INTO people (name, unit_id, birth_date, gender) VALUES ('甲', 5, '2024-02-29', 'female')");
    exec_ok(db, "INSERT INTO people (name, unit_id, birth_date, gender) VALUES ('乙', 5, '1960-12-31', 'male')");
    exec_ok(db, "INSERT INTO people (name, unit_id, birth_date, gender) VALUES ('丙', 5, NULL, NULL)");
    exec_refused(db, "INSERT INTO people (name, unit_id, birth_date) VALUES ('丁', 5, '2023-02-29')", date);
    exec_refused(db, "INSERT INTO people (name, unit_id, birth_date) VALUES ('丁', 5, '2026-02-30')", date);
    exec_refused(db, "INSERT INTO people (name, unit_id, birth_date) VALUES ('丁', 5, '1990-13-01')", date);
    exec_refused(db, "INSERT INTO people (name, unit_id, birth_date) VALUES ('丁', 5, '1990-1-5')", date);
    exec_refused(db, "INSERT INTO people (name, unit_id, birth_date) VALUES ('丁', 5, '19900105')", date);
    exec_refused(db, "INSERT INTO people (name, unit_id, birth_date) VALUES ('丁', 5, '1990-01-05 ')", date);
    exec_refused(db, "INSERT INTO people (name, unit_id, gender) VALUES ('丁', 5, 'M')", "性别只能是男或女");
    exec_refused(db, "INSERT INTO people (name, unit_id, gender) VALUES ('丁', 5, '男')", "性别只能是男或女");
    exec_refused(db, "INSERT INTO people (name, unit_id) VALUES ('', 5)", "姓名不能为空");
    exec_refused(db, "INSERT INTO people (name, unit_id) VALUES ('丁', NULL)", "unit_id不能为空");
    exec_refused(db, "INSERT INTO people (name, unit_id) VALUES ('丁', 999)",
                 "引用的记录不存在，或这条记录仍被其他记录引用");
    exec_refused(db, "UPDATE people SET birth_date = '2023-02-29' WHERE name = '甲'", date);
    assert_int_equal(query_int(db, "SELECT count(*) FROM people"), 3);
    db_close(db);
}

/* ---- records through the real forms ------------------------------------------------------- */

typedef struct {
    tz_formset set;
    const tz_form *units, *people;
    tz_db *db;
} forms_fixture;

static int forms_setup(void **state)
{
    forms_fixture *fx = calloc(1, sizeof *fx);
    load_forms(&fx->set);
    fx->units = tz_spec_form(&fx->set, "units");
    fx->people = tz_spec_form(&fx->set, "people");
    if (!fx->units || !fx->people)
        return -1;
    fx->db = new_db(NULL, 0);
    tz_problems probs = { 0 };
    if (db_load_choices(fx->db, &fx->set, &probs) != TZ_OK)
        return -1;
    db_use_forms(fx->db, &fx->set);
    *state = fx;
    return 0;
}

static int forms_teardown(void **state)
{
    forms_fixture *fx = *state;
    db_close(fx->db);
    tz_formset_free(&fx->set);
    free(fx);
    return 0;
}

/* values[] for a form from "column", "value" pairs, NULL-terminated; the rest NULL. */
static char **form_values(const tz_form *form, ...)
{
    char **v = calloc(form->nfields, sizeof *v);
    va_list ap;
    va_start(ap, form);
    const char *col;
    while ((col = va_arg(ap, const char *))) {
        const char *val = va_arg(ap, const char *);
        int i = tz_form_field_index(form, col);
        if (i < 0)
            fail_msg("form %s has no field %s", form->name, col);
        v[i] = (char *)val;
    }
    va_end(ap);
    return v;
}

static int64_t save_ok(tz_db *db, const tz_form *form, int64_t id, char **values)
{
    tz_error err = { 0 };
    tz_status s = db_record_save(db, form, &id, values, &err);
    free(values);
    if (s != TZ_OK)
        fail_msg("save in %s: %s", form->name, err.msg);
    return id;
}

static void save_refused(tz_db *db, const tz_form *form, char **values, tz_status code,
                         const char *msg)
{
    tz_error err = { 0 };
    int64_t id = 0;
    tz_status s = db_record_save(db, form, &id, values, &err);
    free(values);
    if (s != code)
        fail_msg("save in %s: expected status %d, got %d (%s)", form->name, code, s, err.msg);
    if (msg && strcmp(err.msg, msg) != 0)
        fail_msg("save in %s: expected \"%s\", got \"%s\"", form->name, msg, err.msg);
    assert_int_equal(id, 0);
}

static const char *row_value(const tz_form *form, const tz_row *row, const char *column)
{
    int i = tz_form_field_index(form, column);
    assert_true(i >= 0 && (size_t)i < row->n);
    return row->v[i];
}

static void test_record_save_load_delete(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    tz_error err = { 0 };
    int64_t city = save_ok(db, fx->units, 0, form_values(fx->units, "code", "430581",
                           "name", "武冈市", "level", "city", NULL));
    assert_true(city > 0);
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)city);
    int64_t town = save_ok(db, fx->units, 0, form_values(fx->units, "code", "430581001",
                           "name", "迎春亭街道", "level", "township", "parent_id", buf,
                           "secretary", "王伟", NULL));
    assert_query_text(db, "SELECT name_py FROM units WHERE code = '430581'", "wgs");

    tz_row row;
    assert_int_equal(db_record_load(db, fx->units, town, &row, &err), TZ_OK);
    assert_int_equal(row.id, town);
    assert_int_equal(row.n, fx->units->nfields);
    assert_string_equal(row_value(fx->units, &row, "name"), "迎春亭街道");
    assert_string_equal(row_value(fx->units, &row, "parent_id"), buf);
    assert_null(row_value(fx->units, &row, "phone"));
    tz_row_free(&row);

    /* update: same id, new text, pinyin follows */
    assert_int_equal(save_ok(db, fx->units, town, form_values(fx->units, "code", "430581001",
                     "name", "法相岩街道", "level", "township", "parent_id", buf, NULL)), town);
    assert_int_equal(db_record_load(db, fx->units, town, &row, &err), TZ_OK);
    assert_string_equal(row_value(fx->units, &row, "name"), "法相岩街道");
    assert_null(row_value(fx->units, &row, "secretary"));
    tz_row_free(&row);
    assert_query_text(db, "SELECT name_py FROM units WHERE code = '430581001'", "fxyjd");

    assert_int_equal(db_record_last(db, fx->units, &row, &err), TZ_OK);
    assert_int_equal(row.id, town);
    tz_row_free(&row);

    char *label = NULL;
    assert_int_equal(db_lookup_label(db, fx->units, city, &label, &err), TZ_OK);
    assert_string_equal(label, "武冈市");
    free(label);
    assert_int_equal(db_lookup_label(db, fx->units, 9999, &label, &err), TZ_ERR_NOTFOUND);

    /* people: surname reading, lookup by id */
    snprintf(buf, sizeof buf, "%lld", (long long)town);
    char id_number[19];
    make_id("43058119800101001", id_number);
    int64_t p = save_ok(db, fx->people, 0, form_values(fx->people, "name", "单雄信",
                        "gender", "male", "birth_date", "1980-01-01", "id_number", id_number,
                        "unit_id", buf, "post", "科员", NULL));
    assert_query_text(db, "SELECT name_py FROM people", "sxx");
    assert_int_equal(db_record_load(db, fx->people, p, &row, &err), TZ_OK);
    assert_string_equal(row_value(fx->people, &row, "id_number"), id_number);
    assert_string_equal(row_value(fx->people, &row, "unit_id"), buf);
    tz_row_free(&row);

    /* delete: refused while the unit has people, then allowed */
    assert_int_equal(db_record_delete(db, fx->units, town, &err), TZ_ERR_CONSTRAINT);
    assert_string_equal(err.msg, "不能删除：法相岩街道还有 1 名人员");
    assert_int_equal(db_record_delete(db, fx->people, p, &err), TZ_OK);
    assert_int_equal(db_record_load(db, fx->people, p, &row, &err), TZ_ERR_NOTFOUND);
    assert_int_equal(db_record_delete(db, fx->people, p, &err), TZ_ERR_NOTFOUND);
    assert_int_equal(db_record_delete(db, fx->units, town, &err), TZ_OK);
    assert_int_equal(db_record_delete(db, fx->units, city, &err), TZ_OK);
    assert_int_equal(db_record_last(db, fx->units, &row, &err), TZ_ERR_NOTFOUND);
}

static void test_record_refusals(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    int64_t city = save_ok(db, fx->units, 0, form_values(fx->units, "code", "430581",
                           "name", "武冈市", "level", "city", NULL));
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)city);
    save_refused(db, fx->units, form_values(fx->units, "code", "430581001001", "name", "石山村",
                 "level", "village", "parent_id", buf, NULL),
                 TZ_ERR_CONSTRAINT, "村和社区的上级单位必须是乡镇/街道");
    save_refused(db, fx->units, form_values(fx->units, "code", "430581", "name", "重复",
                 "level", "city", NULL), TZ_ERR_CONSTRAINT, "代码已存在，不能重复");
    save_refused(db, fx->units, form_values(fx->units, "code", "430581001", "name", "某镇",
                 "level", "township", "parent_id", "第一", NULL), TZ_ERR_INVALID, NULL);
    save_refused(db, fx->units, form_values(fx->units, "code", "430581001",
                 "level", "township", "parent_id", buf, NULL), TZ_ERR_CONSTRAINT, "名称不能为空");
    snprintf(buf, sizeof buf, "%lld", (long long)city);
    char id_number[19] = "110105194912310021";
    save_refused(db, fx->people, form_values(fx->people, "name", "李四", "unit_id", buf,
                 "id_number", id_number, NULL), TZ_ERR_CONSTRAINT, "身份证号校验位不正确");
    make_id("43058119800101001", id_number);
    save_ok(db, fx->people, 0, form_values(fx->people, "name", "李四", "unit_id", buf,
            "id_number", id_number, NULL));
    save_refused(db, fx->people, form_values(fx->people, "name", "李五", "unit_id", buf,
                 "id_number", id_number, NULL), TZ_ERR_CONSTRAINT, "身份证号已存在（李四，武冈市）");
    /* a failed save leaves nothing behind, and the connection is usable */
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM people"), 1);

    /* inside a batch transaction a save is a savepoint: a refusal keeps the batch alive */
    tz_error err = { 0 };
    assert_int_equal(db_begin_write(db, &err), TZ_OK);
    save_refused(db, fx->units, form_values(fx->units, "code", "430581", "name", "重复",
                 "level", "city", NULL), TZ_ERR_CONSTRAINT, "代码已存在，不能重复");
    save_ok(db, fx->units, 0, form_values(fx->units, "code", "430581001", "name", "龙溪镇",
            "level", "township", "parent_id", buf, NULL));
    assert_int_equal(db_commit(db, &err), TZ_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 2);
}

static void test_fill_pinyin(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    exec_ok(db, "INSERT INTO units (code, name, level) VALUES ('430581', '武冈市', 'city');"
                "INSERT INTO people (name, unit_id) VALUES ('曾国藩', 1), ('解缙', 1);"
                "INSERT INTO people (name, name_py, unit_id) VALUES ('王五', 'keep', 1)");
    tz_error err = { 0 };
    assert_int_equal(db_fill_pinyin(db, fx->units, &err), TZ_OK);
    assert_int_equal(db_fill_pinyin(db, fx->people, &err), TZ_OK);
    assert_query_text(db, "SELECT name_py FROM units", "wgs");
    assert_query_text(db, "SELECT name_py FROM people WHERE name = '曾国藩'", "zgf");
    assert_query_text(db, "SELECT name_py FROM people WHERE name = '解缙'", "xj");
    assert_query_text(db, "SELECT name_py FROM people WHERE name = '王五'", "keep");
}

/* A refusal names what conflicts (rule_details, migration 010); the sqlite3 command line
 * gets the rule's constant message. */
static void test_refusals_name_conflicts(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    const tz_form *postings = tz_spec_form(&fx->set, "assignments");
    const tz_form *lines = tz_spec_form(&fx->set, "budget_lines");
    const tz_form *payments = tz_spec_form(&fx->set, "disbursements");
    assert_non_null(postings);
    assert_non_null(lines);
    assert_non_null(payments);
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city');"
                "INSERT INTO units (id, code, name, level, parent_id) VALUES"
                " (2, '430581005', '龙溪镇', 'township', 1), (3, '430581006', '新华乡', 'township', 1);"
                "INSERT INTO units (id, code, name, level, parent_id) VALUES"
                " (4, '430581005001', '东山村', 'village', 2), (5, '430581006001', '东山村', 'village', 3),"
                " (6, '430581006002', '新华村', 'village', 3);"
                "INSERT INTO people (id, name, id_number, unit_id) VALUES"
                " (1, '董明', '11010519491231002X', 4), (2, '李红', NULL, 5);"
                "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2027, 3, 6);");
    /* the same name in another township is fine (5); in the same one it is refused */
    save_refused(db, fx->units, form_values(fx->units, "code", "430581005009", "name", "东山村",
                 "level", "village", "parent_id", "2", NULL), TZ_ERR_CONSTRAINT,
                 "龙溪镇已有东山村（代码 430581005001），同一乡镇/街道内名称不能重复");
    exec_refused(db, "UPDATE units SET parent_id = 2 WHERE id = 5", "该乡镇/街道已有同名的村（社区）");
    save_refused(db, fx->people, form_values(fx->people, "name", "王五", "unit_id", "5",
                 "id_number", "11010519491231002X", NULL), TZ_ERR_CONSTRAINT,
                 "身份证号已存在（董明，龙溪镇 东山村）");
    save_ok(db, postings, 0, form_values(postings, "person_id", "1", "role", "first_secretary",
            "unit_id", "4", "start_on", "2026-03-01", "status", "in_post", NULL));
    save_refused(db, postings, form_values(postings, "person_id", "2", "role", "first_secretary",
                 "unit_id", "4", "start_on", "2026-06-01", "status", "in_post", NULL),
                 TZ_ERR_CONSTRAINT, "该村（社区）在这段时间已有第一书记（董明，自 2026-03-01）");
    save_refused(db, postings, form_values(postings, "person_id", "1", "role", "first_secretary",
                 "unit_id", "5", "start_on", "2026-06-01", "status", "in_post", NULL),
                 TZ_ERR_CONSTRAINT, "此人在这段时间已任龙溪镇 东山村第一书记（自 2026-03-01）");
    int64_t line = save_ok(db, lines, 0, form_values(lines, "year", "2026", "unit_id", "4",
                           "category", "village_ops", "budgeted_fen", "7000000", NULL));
    char line_id[24];
    snprintf(line_id, sizeof line_id, "%lld", (long long)line);
    save_ok(db, payments, 0, form_values(payments, "line_id", line_id, "paid_on", "2026-03-15",
            "amount_fen", "5880000", NULL));
    save_refused(db, payments, form_values(payments, "line_id", line_id, "paid_on", "2026-04-15",
                 "amount_fen", "2000000", NULL), TZ_ERR_CONSTRAINT,
                 "累计拨付将超过预算金额：尚可拨付 1.12 万元");
    exec_refused(db, "INSERT INTO disbursements (line_id, paid_on, amount_fen) VALUES (1, '2026-04-15', 2000000)",
                 "累计拨付将超过预算金额");
    /* deletes */
    tz_error err = { 0 };
    assert_int_equal(db_record_delete(db, fx->units, 6, &err), TZ_ERR_CONSTRAINT);
    assert_string_equal(err.msg, "不能删除：新华乡 新华村还有 1 份 2027 年责任状");
    assert_int_equal(db_record_delete(db, fx->units, 4, &err), TZ_ERR_CONSTRAINT);
    assert_string_equal(err.msg, "不能删除：龙溪镇 东山村还有 1 名人员");
    assert_int_equal(db_record_delete(db, fx->units, 2, &err), TZ_ERR_CONSTRAINT);
    assert_string_equal(err.msg, "不能删除：龙溪镇还有 1 个下级单位");
    exec_refused(db, "DELETE FROM units WHERE id = 6", "该单位还有责任状，不能删除");
}

/* A batch says what it is about to do, with the count, before its row is saved, and what
 * withdrawing it deletes; nothing to create asks nothing. */
static void test_batch_questions(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    const tz_form *issues = tz_spec_form(&fx->set, "template_issues");
    const tz_form *starts = tz_spec_form(&fx->set, "budget_year_starts");
    assert_non_null(issues);
    assert_non_null(starts);
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city');"
                "INSERT INTO units (id, code, name, level, parent_id) VALUES"
                " (2, '430581005', '龙溪镇', 'township', 1), (3, '430581005001', '竹坪村', 'village', 2),"
                " (4, '430581005002', '平铺村', 'village', 2), (5, '430581005003', '新华社区', 'community', 2);"
                "INSERT INTO contract_templates (id, name) VALUES (1, '村级模板');"
                "INSERT INTO contract_template_items (template_id, seq, section, content, weight)"
                " VALUES (1, 1, 'basic', '三会一课', 60);"
                "INSERT INTO contracts (year, issuer_id, signer_id) VALUES (2028, 2, 5);");
    char **values = form_values(issues, "template_id", "1", "issuer_id", "2", "year", "2028", NULL);
    char *q = db_record_question(db, issues, "insert", 0, values);
    assert_string_equal(q, "将向龙溪镇 2 个村（社区）下发 2028 年责任状？");
    free(q);
    int64_t issue = save_ok(db, issues, 0, values);
    values = form_values(issues, "template_id", "1", "issuer_id", "2", "year", "2028", NULL);
    assert_null(db_record_question(db, issues, "insert", 0, values)); /* none left to issue */
    free(values);
    q = db_record_question(db, issues, "delete", issue, NULL);
    assert_string_equal(q, "撤回这次下发：删除 2028 年发给龙溪镇下级的 2 份草稿？");
    free(q);
    tz_error err = { 0 };
    assert_int_equal(db_record_delete(db, issues, issue, &err), TZ_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM contracts WHERE year = 2028"), 1);

    values = form_values(starts, "year", "2028", NULL);
    q = db_record_question(db, starts, "insert", 0, values);
    int64_t start = save_ok(db, starts, 0, values);
    char expected[200];
    snprintf(expected, sizeof expected, "将按现行标准为 %lld 个村（社区）新建 2028 年经费预算 %lld 条？",
             (long long)query_int(db, "SELECT count(DISTINCT unit_id) FROM budget_lines"),
             (long long)query_int(db, "SELECT created FROM budget_year_starts"));
    assert_string_equal(q, expected);
    free(q);
    q = db_record_question(db, starts, "delete", start, NULL);
    snprintf(expected, sizeof expected, "撤回开始新年度：删除这次新建的 2028 年经费预算 %lld 条？",
             (long long)query_int(db, "SELECT count(*) FROM budget_lines"));
    assert_string_equal(q, expected);
    free(q);
    assert_null(db_record_question(db, fx->people, "insert", 0, NULL)); /* not a batch */
}

/* The names of a list's first page, joined by spaces. */
static char *page_names(tz_db *db, const tz_form *form)
{
    tz_listq q = { .form = form, .sort = -1 };
    tz_rows rows;
    tz_error err = { 0 };
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 20, &rows, &err), TZ_OK);
    tz_sb sb = { 0 };
    tz_sb_append(&sb, "");
    for (size_t i = 0; i < rows.n; i++)
        tz_sb_printf(&sb, "%s%s", i ? " " : "", rows.rows[i].v[0]);
    tz_rows_free(&rows);
    return tz_sb_take(&sb);
}

static void assert_page_names(tz_db *db, const tz_form *form, const char *expected)
{
    char *got = page_names(db, form);
    assert_string_equal(got, expected);
    free(got);
}

/* Names sort by their readings, whoever wrote them: keys written by a save, filled for rows
 * written elsewhere, renewed when a name is changed elsewhere. */
static void test_pinyin_order(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    tz_error err = { 0 };
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city');"
                "INSERT INTO people (name, unit_id) VALUES ('赵四', 1), ('阿里', 1), ('陈家', 1),"
                " ('白石', 1)");
    assert_int_equal(db_fill_pinyin(db, fx->people, &err), TZ_OK);
    assert_page_names(db, fx->people, "阿里 白石 陈家 赵四");
    assert_query_text(db, "SELECT name_key FROM people WHERE name = '阿里'", "a1li3");
    exec_ok(db, "UPDATE people SET name = '艾青' WHERE name = '赵四'");   /* elsewhere */
    assert_query_text(db, "SELECT name_key FROM people WHERE name = '艾青'", "");
    assert_int_equal(db_fill_pinyin(db, fx->people, &err), TZ_OK);
    assert_page_names(db, fx->people, "阿里 艾青 白石 陈家");
    save_ok(db, fx->people, 0, form_values(fx->people, "name", "曾国藩", "unit_id", "1", NULL));
    save_ok(db, fx->people, 0, form_values(fx->people, "name", "单雄信", "unit_id", "1", NULL));
    assert_page_names(db, fx->people, "阿里 艾青 白石 陈家 单雄信 曾国藩"); /* surnames: shan, zeng */
    assert_query_text(db, "SELECT name_key FROM people WHERE name = '单雄信'", "shan4xiong2xin4");
}

/* ---- lists ------------------------------------------------------------------------------------ */

#define NTOWNS 20
#define NROWS 2000

static uint32_t rng = 12345;
static int rand_below(int n)
{
    rng = rng * 1103515245u + 12345u;
    return (int)((rng >> 8) % (uint32_t)n);
}

/* The city, NTOWNS townships and villages up to NROWS units; names repeat across townships
 * (never within one: a rule), secretaries repeat (ties in the sort) and a third of them are
 * NULL. name_py is left NULL for db_fill_pinyin to fill. */
static void fill_units(tz_db *db)
{
    static const char *const first[] = { "石", "竹", "龙", "凤", "新", "武", "冈", "桥" };
    static const char *const second[] = { "山", "田", "塘", "冲", "坪", "岭", "江", "溪" };
    static const char *const third[] = { "村", "新村", "上村", "下村" };
    static const char *const people[] = { "王伟", "李强", "张敏", "刘芳", "陈杰" };
    static bool used[NTOWNS + 2][8 * 8 * 4]; /* a township's village names so far */
    memset(used, 0, sizeof used);
    tz_error err = { 0 };
    tz_stmt *st;
    assert_int_equal(db_begin_write(db, &err), TZ_OK);
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city')");
    assert_int_equal(db_prepare(db, "INSERT INTO units (code, name, level, parent_id, secretary) "
                                    "VALUES (?, ?, ?, ?, ?)", &st, &err), TZ_OK);
    for (int i = 0; i < NROWS - 1; i++) {
        char code[32], name[32];
        bool town = i < NTOWNS;
        int parent = town ? 1 : 2 + rand_below(NTOWNS);
        snprintf(code, sizeof code, town ? "430581%03d" : "430581%03d%04d",
                 town ? i + 1 : parent - 1, i);
        int n;
        do
            n = rand_below(8 * 8 * 4);
        while (!town && used[parent][n]);
        if (!town)
            used[parent][n] = true;
        snprintf(name, sizeof name, "%s%s%s", first[n % 8], second[n / 8 % 8],
                 town ? "镇" : third[n / 64]);
        db_bind_text(st, 1, code);
        db_bind_text(st, 2, name);
        db_bind_text(st, 3, town ? "township" : "village");
        db_bind_int(st, 4, parent);
        db_bind_text(st, 5, rand_below(3) == 0 ? NULL : people[rand_below(5)]);
        bool row;
        if (db_step(st, &row, &err) != TZ_OK)
            fail_msg("insert %s: %s", code, err.msg);
    }
    db_finalize(st);
    assert_int_equal(db_commit(db, &err), TZ_OK);
}

typedef struct {
    int64_t *ids;
    size_t n;
} id_list;

static id_list query_ids(tz_db *db, const char *sql)
{
    id_list l = { calloc(NROWS + 1, sizeof(int64_t)), 0 };
    tz_stmt *st;
    tz_error err = { 0 };
    if (db_prepare(db, sql, &st, &err) != TZ_OK)
        fail_msg("%s: %s", sql, err.msg);
    bool row;
    while (db_step(st, &row, &err) == TZ_OK && row)
        l.ids[l.n++] = db_column_int(st, 0);
    db_finalize(st);
    return l;
}

/* Every row by pages of `page`, forwards (dir > 0) or backwards from the end. */
static id_list page_through(tz_db *db, const tz_listq *q, int dir, int page)
{
    id_list l = { calloc(NROWS + 1, sizeof(int64_t)), 0 };
    int64_t *back = calloc(NROWS + 1, sizeof(int64_t));
    size_t nback = 0;
    tz_row anchor = { 0 };
    bool have_anchor = false;
    for (int guard = 0; guard < NROWS; guard++) {
        tz_rows rows;
        tz_error err = { 0 };
        tz_status s = db_list_page(db, q, have_anchor ? &anchor : NULL, dir, false, page,
                                   &rows, &err);
        if (s != TZ_OK)
            fail_msg("db_list_page: %s", err.msg);
        assert_true(rows.n <= (size_t)page);
        if (rows.n == 0) {
            tz_rows_free(&rows);
            break;
        }
        assert_int_equal(rows.rows[0].n, q->form->ncolumns);
        tz_row_free(&anchor);
        if (dir > 0) {
            for (size_t i = 0; i < rows.n; i++)
                l.ids[l.n++] = rows.rows[i].id;
            anchor = rows.rows[rows.n - 1];
            rows.rows[rows.n - 1] = (tz_row){ 0 };
        } else {
            for (size_t i = rows.n; i-- > 0;)
                back[nback++] = rows.rows[i].id;
            anchor = rows.rows[0];
            rows.rows[0] = (tz_row){ 0 };
        }
        have_anchor = true;
        tz_rows_free(&rows);
    }
    tz_row_free(&anchor);
    for (size_t i = nback; i-- > 0;)
        l.ids[l.n++] = back[i];
    free(back);
    return l;
}

static void assert_same_ids(id_list a, id_list b)
{
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++)
        if (a.ids[i] != b.ids[i])
            fail_msg("row %zu: %lld != %lld", i, (long long)a.ids[i], (long long)b.ids[i]);
}

static void reverse_ids(id_list *l)
{
    for (size_t i = 0, j = l->n; i + 1 < j; i++, j--) {
        int64_t t = l->ids[i];
        l->ids[i] = l->ids[j - 1];
        l->ids[j - 1] = t;
    }
}

static int list_column(const tz_form *form, const char *column)
{
    for (size_t i = 0; i < form->ncolumns; i++)
        if (strcmp(form->fields[form->columns[i].field].column, column) == 0)
            return (int)i;
    fail_msg("form %s lists no column %s", form->name, column);
    return -1;
}

static void check_paging(tz_db *db, const tz_form *units, const char *column, const char *expr)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id FROM units ORDER BY %s, id", expr);
    id_list full = query_ids(db, sql);
    assert_int_equal(full.n, NROWS);
    tz_listq q = { .form = units, .sort = column ? list_column(units, column) : -1 };
    for (int desc = 0; desc < 2; desc++) {
        q.desc = desc;
        if (desc)
            reverse_ids(&full);
        id_list fwd = page_through(db, &q, 1, 37);
        id_list bwd = page_through(db, &q, -1, 41);
        assert_same_ids(fwd, full);
        assert_same_ids(bwd, full);
        free(fwd.ids);
        free(bwd.ids);
    }
    free(full.ids);
}

static int list_setup(void **state)
{
    if (forms_setup(state) != 0)
        return -1;
    forms_fixture *fx = *state;
    fill_units(fx->db);
    tz_error err = { 0 };
    return db_fill_pinyin(fx->db, fx->units, &err) == TZ_OK ? 0 : -1;
}

static void test_list_paging(void **state)
{
    forms_fixture *fx = *state;
    assert_int_equal(query_int(fx->db, "SELECT count(*) FROM units WHERE name_py IS NULL"), 0);
    check_paging(fx->db, fx->units, NULL, "code");                          /* form->order */
    check_paging(fx->db, fx->units, "full_name", "full_key");                /* pinyin order */
    /* many ties; a choice in its labels' pinyin order: 村 社区 市 市直单位 乡镇/街道 */
    check_paging(fx->db, fx->units, "level",
                 "CASE level WHEN 'village' THEN 0 WHEN 'community' THEN 1 WHEN 'city' THEN 2"
                 " WHEN 'department' THEN 3 WHEN 'township' THEN 4 END");
    check_paging(fx->db, fx->units, "secretary", "coalesce(secretary, '')"); /* nullable */
}

static void test_list_page_edges(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    id_list full = query_ids(db, "SELECT id FROM units ORDER BY code, id");
    tz_listq q = { .form = fx->units, .sort = -1 };
    tz_rows rows;
    tz_error err = { 0 };
    /* the last page, from the end */
    assert_int_equal(db_list_page(db, &q, NULL, -1, false, 10, &rows, &err), TZ_OK);
    assert_int_equal(rows.n, 10);
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(rows.rows[i].id, full.ids[NROWS - 10 + i]);
    /* values in column order, key kept */
    assert_string_equal(rows.rows[9].v[0], rows.rows[9].key_text);
    assert_int_equal(rows.rows[9].key_type, TZ_KEY_TEXT);
    /* inclusive takes the anchor itself */
    tz_row anchor = rows.rows[5];
    tz_rows more;
    assert_int_equal(db_list_page(db, &q, &anchor, 1, true, 3, &more, &err), TZ_OK);
    assert_int_equal(more.n, 3);
    assert_int_equal(more.rows[0].id, anchor.id);
    tz_rows_free(&more);
    assert_int_equal(db_list_page(db, &q, &anchor, -1, true, 3, &more, &err), TZ_OK);
    assert_int_equal(more.n, 3);
    assert_int_equal(more.rows[2].id, anchor.id);
    assert_int_equal(more.rows[0].id, full.ids[NROWS - 10 + 5 - 2]);
    tz_rows_free(&more);
    /* nothing after the last row */
    assert_int_equal(db_list_page(db, &q, &rows.rows[9], 1, false, 10, &more, &err), TZ_OK);
    assert_int_equal(more.n, 0);
    tz_rows_free(&more);
    tz_rows_free(&rows);
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 0, &rows, &err), TZ_OK);
    assert_int_equal(rows.n, 0);
    free(full.ids);
}

/* The count and every page of the search agree with the same condition asked directly, in
 * the order the search gives: by the searched column, then id. */
static void check_search(tz_db *db, const tz_form *units, const char *search, const char *where,
                         const char *order)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT id FROM units WHERE %s ORDER BY %s, id", where, order);
    id_list expected = query_ids(db, sql);
    tz_listq q = { .form = units, .sort = -1, .search = search };
    int64_t count = -1;
    tz_error err = { 0 };
    assert_int_equal(db_list_count(db, &q, &count, &err), TZ_OK);
    assert_int_equal(count, expected.n);
    id_list got = page_through(db, &q, 1, 25);
    assert_same_ids(got, expected);
    free(got.ids);
    got = page_through(db, &q, -1, 7);
    assert_same_ids(got, expected);
    free(got.ids);
    free(expected.ids);
}

/* units_name_grams holds exactly each character and pair of characters of every name: as many
 * rows as those, and each of those is there. */
static void assert_grams_in_step(tz_db *db)
{
    static const char *const grams =
        "SELECT lower(substr(name, k, 1)) AS gram, name, id FROM units JOIN gram_positions"
        " ON k <= length(name) UNION"
        " SELECT lower(substr(name, k, 2)), name, id FROM units JOIN gram_positions"
        " ON k < length(name)";
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s)", grams);
    assert_int_equal(query_int(db, sql), query_int(db, "SELECT count(*) FROM units_name_grams"));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s) e WHERE NOT EXISTS (SELECT 1 FROM"
             " units_name_grams g WHERE g.gram = e.gram AND g.name = e.name AND g.id = e.id)",
             grams);
    assert_int_equal(query_int(db, sql), 0);
}

static void test_list_search(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    assert_true(query_int(db, "SELECT count(*) FROM units WHERE name LIKE '%龙%'") > 50);
    /* part of a name: through the n-gram table, in name order */
    check_search(db, fx->units, "龙", "name LIKE '%龙%'", "name");
    check_search(db, fx->units, "龙塘", "name LIKE '%龙塘%'", "name");
    assert_true(query_int(db, "SELECT count(*) FROM units WHERE name LIKE '%龙塘村%'") > 0);
    check_search(db, fx->units, "龙塘村", "name LIKE '%龙塘村%'", "name");
    /* a leading digit: the start of the code */
    check_search(db, fx->units, "430581003", "code LIKE '430581003%'", "code");
    /* letters only: the pinyin initials, whatever their case */
    assert_true(query_int(db, "SELECT count(*) FROM units WHERE name_py LIKE 'lt%'") > 5);
    check_search(db, fx->units, "LT", "name_py LIKE 'lt%'", "name_py");
    check_search(db, fx->units, "lt", "name_py LIKE 'lt%'", "name_py");
    check_search(db, fx->units, "%", "0", "code");   /* a clerk's % is a character */
    check_search(db, fx->units, "_", "0", "code");
    check_search(db, fx->units, "", "1", "code");
    /* the n-gram table follows every change of a name */
    assert_grams_in_step(db);
    exec_ok(db, "UPDATE units SET name = '百分之%村' WHERE id = 30");
    check_search(db, fx->units, "之%", "id = 30", "name");
    exec_ok(db, "INSERT INTO units (code, name, level, parent_id) "
                "VALUES ('439999999', '龙龙龙村', 'village', 5)");
    check_search(db, fx->units, "龙龙", "name LIKE '%龙龙%'", "name");
    exec_ok(db, "UPDATE units SET code = '439999998' WHERE code = '439999999'");
    assert_grams_in_step(db);
    exec_ok(db, "DELETE FROM units WHERE code = '439999998'");
    assert_grams_in_step(db);
    check_search(db, fx->units, "龙龙", "name LIKE '%龙龙%'", "name");
}

/* A form whose terms do not cover the kind of text typed matches it against all but its
 * pinyin terms, OR'ed, in the list's order; two terms of the kind typed are OR'ed too. */
static void test_list_search_terms(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    tz_form form = *fx->units; /* the units form with other terms, sharing its fields */
    tz_search terms[] = { { (char *)"name", TZ_SEARCH_CONTAINS },
                          { (char *)"code", TZ_SEARCH_PREFIX },
                          { (char *)"secretary", TZ_SEARCH_CONTAINS } };
    form.search = terms;
    form.nsearch = 3;
    assert_true(query_int(db, "SELECT count(*) FROM units WHERE secretary = '王伟'") > 0);
    check_search(db, &form, "王伟", "name LIKE '%王伟%' OR secretary LIKE '%王伟%'", "code");
    check_search(db, &form, "龙", "name LIKE '%龙%' OR secretary LIKE '%龙%'", "code");
    check_search(db, &form, "lt", "name LIKE '%lt%' OR code LIKE 'lt%' OR secretary LIKE '%lt%'",
                 "code");
    check_search(db, &form, "43058100", "code LIKE '43058100%'", "code");
    form.nsearch = 1; /* name alone: through the n-gram table */
    check_search(db, &form, "龙", "name LIKE '%龙%'", "name");
}

static void test_list_filter_and_count(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    tz_error err = { 0 };
    int64_t count;
    tz_listq q = { .form = fx->units, .sort = -1, .filter_col = "parent_id", .filter_id = 0 };
    assert_int_equal(db_list_count(db, &q, &count, &err), TZ_OK);
    assert_int_equal(count, 1); /* the top of the tree: the city */
    q.filter_id = 1;
    assert_int_equal(db_list_count(db, &q, &count, &err), TZ_OK);
    assert_int_equal(count, NTOWNS);
    q.filter_id = 5;
    assert_int_equal(db_list_count(db, &q, &count, &err), TZ_OK);
    assert_int_equal(count, query_int(db, "SELECT count(*) FROM units WHERE parent_id = 5"));
    id_list expected = query_ids(db, "SELECT id FROM units WHERE parent_id = 5 ORDER BY code, id");
    id_list got = page_through(db, &q, 1, 7);
    assert_same_ids(got, expected);
    free(got.ids);
    free(expected.ids);
    /* filter and search together, and a lookup's where */
    q.search = "龙";
    assert_int_equal(db_list_count(db, &q, &count, &err), TZ_OK);
    assert_int_equal(count, query_int(db, "SELECT count(*) FROM units WHERE parent_id = 5 "
                                          "AND name LIKE '%龙%'"));
    /* narrowed to one parent, the search keeps the list's order (the parent's index) */
    expected = query_ids(db, "SELECT id FROM units WHERE parent_id = 5 AND name LIKE '%龙%' "
                             "ORDER BY code, id");
    got = page_through(db, &q, 1, 3);
    assert_same_ids(got, expected);
    free(got.ids);
    free(expected.ids);
    assert_null(db_list_search_order(db, &q));
    q.filter_col = NULL;
    assert_string_equal(db_list_search_order(db, &q), "name");
    q.search = "lt";
    assert_string_equal(db_list_search_order(db, &q), "name_py");
    q.filter_col = "parent_id";
    q.search = "龙";
    tz_listq w = { .form = fx->units, .sort = -1, .where = "level IN ('city','township')" };
    assert_int_equal(db_list_count(db, &w, &count, &err), TZ_OK);
    assert_int_equal(count, NTOWNS + 1);
    tz_listq all = { .form = fx->units, .sort = -1 };
    assert_int_equal(db_list_count(db, &all, &count, &err), TZ_OK);
    assert_int_equal(count, NROWS);
    /* a bounded count stops one past its limit; under it, it is exact */
    assert_int_equal(db_list_count_upto(db, &all, 10, &count, &err), TZ_OK);
    assert_int_equal(count, 11);
    assert_int_equal(db_list_count_upto(db, &all, NROWS, &count, &err), TZ_OK);
    assert_int_equal(count, NROWS);
    assert_int_equal(db_list_count_upto(db, &q, 100000, &count, &err), TZ_OK);
    assert_int_equal(count, query_int(db, "SELECT count(*) FROM units WHERE parent_id = 5 "
                                          "AND name LIKE '%龙%'"));
}

static void test_list_lookup_column(void **state)
{
    forms_fixture *fx = *state;
    tz_db *db = fx->db;
    exec_ok(db, "INSERT INTO people (name, unit_id, post) VALUES ('王伟', 5, '村党支部书记')");
    tz_listq q = { .form = fx->people, .sort = -1, .filter_col = "unit_id", .filter_id = 5 };
    tz_rows rows;
    tz_error err = { 0 };
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 10, &rows, &err), TZ_OK);
    assert_int_equal(rows.n, 1);
    int col = list_column(fx->people, "unit_id");
    char *name = query_text(db, "SELECT name FROM units WHERE id = 5");
    assert_string_equal(rows.rows[0].v[col], name);
    free(name);
    assert_string_equal(rows.rows[0].v[list_column(fx->people, "name")], "王伟");
    tz_rows_free(&rows);
}

/* ---- checks --------------------------------------------------------------------------------- */

static void test_check_forms(void **state)
{
    forms_fixture *fx = *state;
    tz_problems probs = { 0 };
    tz_status checked = db_check_forms(fx->db, &fx->set, &probs);
    for (size_t i = 0; i < probs.n; i++)
        print_error("%s:%d: %s\n", probs.items[i].file, probs.items[i].line, probs.items[i].msg);
    assert_int_equal(checked, TZ_OK);
    assert_int_equal(probs.n, 0);

    static const char text[] =
        "[form broken]\n"                       /* 1 */
        "title   = 坏表单\n"                     /* 2 */
        "table   = units\n"                     /* 3 */
        "display = name\n"                      /* 4 */
        "search  = %name%, nickname%\n"         /* 5 */
        "\n"                                    /* 6 */
        "[field name]\n"                        /* 7 */
        "label = 名称\n"                        /* 8 */
        "type  = text\n"                        /* 9 */
        "\n"                                    /* 10 */
        "[field motto]\n"                       /* 11 */
        "label = 口号\n"                        /* 12 */
        "type  = text\n"                        /* 13 */
        "\n"                                    /* 14 */
        "[field parent_id]\n"                   /* 15 */
        "label = 上级\n"                        /* 16 */
        "type  = lookup\n"                      /* 17 */
        "lookup = broken\n"                     /* 18 */
        "where = levle IN ('city')\n"           /* 19 */
        "\n"
        "[list]\n"
        "columns = name 10\n";
    static const char ghost[] =
        "[form ghost]\n"
        "title = 没有表\n"
        "table = no_such_table\n"
        "\n"
        "[field name]\n"
        "label = 名称\n"
        "type = text\n"
        "\n"
        "[list]\n"
        "columns = name 10\n";
    tz_formset set = { 0 };
    tz_problems parse = { 0 };
    tz_spec_parse(&set, "broken.form", text, &parse);
    tz_spec_parse(&set, "ghost.form", ghost, &parse);
    tz_problems_free(&parse);
    const tz_form *broken = tz_spec_form(&set, "broken");
    assert_non_null(broken);
    assert_int_equal(db_check_forms(fx->db, &set, &probs), TZ_ERR_PARSE);
    bool motto = false, nickname = false, where = false, table = false;
    for (size_t i = 0; i < probs.n; i++) {
        const tz_problem *p = &probs.items[i];
        if (strstr(p->msg, "motto") && p->line == 11)
            motto = true;
        else if (strstr(p->msg, "nickname") && p->line == 5)
            nickname = true;
        else if (strstr(p->msg, "levle") && p->line == 15)
            where = true;
        else if (strstr(p->msg, "no_such_table") && strcmp(p->file, "ghost.form") == 0 &&
                 p->line == 3)
            table = true;
        else
            fail_msg("unexpected problem %s:%d: %s", p->file, p->line, p->msg);
    }
    assert_true(motto && nickname && where && table);
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

static void test_check_integrity(void **state)
{
    (void)state;
    char path[128];
    tz_db *db = new_db(path, sizeof path);
    tz_problems probs = { 0 };
    assert_int_equal(db_check_integrity(db, path, &probs), TZ_OK);
    assert_int_equal(probs.n, 0);
    /* a broken reference written with foreign keys off is found */
    exec_ok(db, "PRAGMA foreign_keys = OFF;"
                "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city');"
                "INSERT INTO people (name, unit_id) VALUES ('孤儿', 77);"
                "PRAGMA foreign_keys = ON;");
    assert_int_equal(db_check_integrity(db, path, &probs), TZ_ERR_CORRUPT);
    assert_int_equal(probs.n, 1);
    assert_string_equal(probs.items[0].file, path);
    assert_non_null(strstr(probs.items[0].msg, "people"));
    tz_problems_free(&probs);
    db_close(db);
}

static void test_stmt_interface(void **state)
{
    (void)state;
    tz_db *db = new_db(NULL, 0);
    tz_error err = { 0 };
    tz_stmt *st;
    assert_int_equal(db_prepare(db, "SELECT ?1, ?2, ?3", &st, &err), TZ_OK);
    db_bind_int(st, 1, 42);
    db_bind_text(st, 2, "武冈");
    db_bind_null(st, 3);
    bool row;
    assert_int_equal(db_step(st, &row, &err), TZ_OK);
    assert_true(row);
    assert_int_equal(db_column_int(st, 0), 42);
    assert_string_equal(db_column_text(st, 1), "武冈");
    assert_null(db_column_text(st, 2));
    assert_int_equal(db_step(st, &row, &err), TZ_OK);
    assert_false(row);
    assert_int_equal(db_step(st, &row, &err), TZ_OK); /* reset itself: runs again */
    assert_true(row);
    db_reset(st);
    db_finalize(st);
    assert_int_equal(db_prepare(db, "SELEKT 1", &st, &err), TZ_ERR_DB);
    assert_int_equal(db_exec(db, "INSERT INTO nowhere VALUES (1)", &err), TZ_ERR_DB);
    db_rollback(db); /* nothing open: harmless */
    db_close(db);
}

/* ---- a form that reads from a view -------------------------------------------------------- */

/* scores: a ledger table; scores_v adds a derived total (NULL when a half is missing), a
 * column `grade` that exists only in the view and a derived lookup `region_id` (like
 * contracts_v.township_id: an expression, so a column without affinity); towns_v gives units
 * a derived label. */
static const char view_schema[] =
    "CREATE TABLE scores (id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES units(id),"
    " year INTEGER NOT NULL, status TEXT, name TEXT, mid REAL, final REAL);"
    "CREATE VIEW scores_v AS SELECT s.id, s.unit_id, s.year, s.status, s.name, s.mid,"
    " s.final, s.mid + s.final AS total, 'x' AS grade,"
    " CASE WHEN s.unit_id > 2 THEN s.unit_id END AS region_id FROM scores s;"
    "CREATE VIEW towns_v AS SELECT u.id, u.code, u.name, u.code || ' ' || u.name AS label"
    " FROM units u;";

static const char towns_text[] =
    "[form towns]\n"
    "title   = 单位\n"
    "table   = units\n"
    "view    = towns_v\n"
    "display = label\n"
    "order   = code\n"
    "\n"
    "[field code]\n"
    "label = 代码\n"
    "type  = text\n"
    "\n"
    "[field label]\n"
    "label    = 标签\n"
    "type     = text\n"
    "readonly = yes\n"
    "\n"
    "[list]\n"
    "columns = code 12, label 20\n"
    "\n"
    "[link scores]\n"
    "form   = scores\n"
    "column = unit_id\n";

static const char scores_text[] =
    "[form scores]\n"
    "title   = 评分\n"
    "table   = scores\n"
    "view    = scores_v\n"
    "display = name\n"
    "order   = name\n"
    "counts  = status\n"
    "filters = year, status, region_id\n"
    "search  = %name%\n"
    "\n"
    "[field name]\n"
    "label = 名称\n"
    "type  = text\n"
    "\n"
    "[field unit_id]\n"
    "label  = 单位\n"
    "type   = lookup\n"
    "lookup = towns\n"
    "\n"
    "[field year]\n"
    "label    = 年度\n"
    "type     = integer\n"
    "required = yes\n"
    "\n"
    "[field status]\n"
    "label   = 状态\n"
    "type    = choice\n"
    "choices = a:乙, b:甲\n"
    "\n"
    "[field mid]\n"
    "label = 年中\n"
    "type  = number\n"
    "\n"
    "[field final]\n"
    "label = 年终\n"
    "type  = number\n"
    "\n"
    "[field total]\n"
    "label    = 合计\n"
    "type     = number\n"
    "readonly = yes\n"
    "\n"
    "[field region_id]\n"
    "label    = 所属\n"
    "type     = lookup\n"
    "lookup   = towns\n"
    "readonly = yes\n"
    "\n"
    "[list]\n"
    "columns = name 10, unit_id 16, year 6, status 6, total 8\n";

static const char scores_ro_text[] =
    "[form scores_ro]\n"
    "title    = 评分汇总\n"
    "table    = scores\n"
    "view     = scores_v\n"
    "readonly = yes\n"
    "\n"
    "[field name]\n"
    "label = 名称\n"
    "type  = text\n"
    "\n"
    "[field total]\n"
    "label    = 合计\n"
    "type     = number\n"
    "readonly = yes\n"
    "\n"
    "[list]\n"
    "columns = name 10, total 8\n";

typedef struct {
    tz_formset set;
    const tz_form *towns, *scores, *scores_ro;
    tz_db *db;
} view_fixture;

static void parse_ok(tz_formset *set, const char *file, const char *text)
{
    tz_problems probs = { 0 };
    tz_status s = tz_spec_parse(set, file, text, &probs);
    if (s != TZ_OK || probs.n) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s:%d: %s", file, probs.n ? probs.items[0].line : 0,
                 probs.n ? probs.items[0].msg : "?");
        tz_problems_free(&probs);
        fail_msg("tz_spec_parse: %s", msg);
    }
    tz_problems_free(&probs);
}

static int view_setup(void **state)
{
    view_fixture *fx = calloc(1, sizeof *fx);
    fx->db = tiered_db();
    exec_ok(fx->db, view_schema);
    parse_ok(&fx->set, "towns.form", towns_text);
    parse_ok(&fx->set, "scores.form", scores_text);
    parse_ok(&fx->set, "scores_ro.form", scores_ro_text);
    /* looked up only now: parsing may move the forms */
    fx->towns = tz_spec_form(&fx->set, "towns");
    fx->scores = tz_spec_form(&fx->set, "scores");
    fx->scores_ro = tz_spec_form(&fx->set, "scores_ro");
    if (!fx->towns || !fx->scores || !fx->scores_ro)
        return -1;
    db_use_forms(fx->db, &fx->set);
    *state = fx;
    return 0;
}

static int view_teardown(void **state)
{
    view_fixture *fx = *state;
    db_close(fx->db);
    tz_formset_free(&fx->set);
    free(fx);
    return 0;
}

#define NSCORES 900

/* Rows with repeating names (some NULL), three years, statuses a / b / NULL, units 2, 3, 5 or
 * none, and halves that are sometimes missing (total NULL). */
static void fill_scores(tz_db *db)
{
    static const char *const names[] = { "石山村", "竹田村", "龙塘村", "石江社区", NULL, "凤岭村" };
    static const char *const units[] = { "2", "3", "5", NULL };
    static const char *const years[] = { "2024", "2025", "2026" };
    static const char *const statuses[] = { "a", "b", NULL };
    static const char *const mids[] = { "7.5", "8", NULL, "9.25" };
    static const char *const finals[] = { "1", NULL, "1.5" };
    tz_error err = { 0 };
    tz_stmt *st;
    assert_int_equal(db_begin_write(db, &err), TZ_OK);
    assert_int_equal(db_prepare(db, "INSERT INTO scores (name, unit_id, year, status, mid, final)"
                                    " VALUES (?, ?, ?, ?, ?, ?)", &st, &err), TZ_OK);
    for (int i = 0; i < NSCORES; i++) {
        db_bind_text(st, 1, names[rand_below(6)]);
        db_bind_text(st, 2, units[rand_below(4)]);
        db_bind_text(st, 3, years[rand_below(3)]);
        db_bind_text(st, 4, statuses[rand_below(3)]);
        db_bind_text(st, 5, mids[rand_below(4)]);
        db_bind_text(st, 6, finals[rand_below(3)]);
        bool row;
        if (db_step(st, &row, &err) != TZ_OK)
            fail_msg("insert score %d: %s", i, err.msg);
    }
    db_finalize(st);
    assert_int_equal(db_commit(db, &err), TZ_OK);
}

static int view_list_setup(void **state)
{
    if (view_setup(state) != 0)
        return -1;
    view_fixture *fx = *state;
    fill_scores(fx->db);
    return 0;
}

static void test_view_records(void **state)
{
    view_fixture *fx = *state;
    tz_db *db = fx->db;
    const tz_form *sc = fx->scores;
    tz_error err = { 0 };
    /* the readonly total is given a value: it must not be written (the table has no total) */
    int64_t id = save_ok(db, sc, 0, form_values(sc, "name", "石山村", "unit_id", "5",
                         "year", "2026", "status", "a", "mid", "8.5", "final", "1.25",
                         "total", "999", NULL));
    assert_query_text(db, "SELECT mid FROM scores", "8.5");
    assert_query_text(db, "SELECT final FROM scores", "1.25");
    assert_query_text(db, "SELECT typeof(mid) FROM scores", "real");

    tz_row row;
    assert_int_equal(db_record_load(db, sc, id, &row, &err), TZ_OK);
    assert_int_equal(row.n, sc->nfields);
    assert_string_equal(row_value(sc, &row, "total"), "9.75"); /* derived in the view */
    assert_string_equal(row_value(sc, &row, "mid"), "8.5");
    assert_string_equal(row_value(sc, &row, "unit_id"), "5");
    tz_row_free(&row);

    /* update through the form: the view follows */
    assert_int_equal(save_ok(db, sc, id, form_values(sc, "name", "石山村", "unit_id", "5",
                     "year", "2026", "mid", "9", "final", "1", NULL)), id);
    assert_int_equal(db_record_last(db, sc, &row, &err), TZ_OK);
    assert_int_equal(row.id, id);
    assert_string_equal(row_value(sc, &row, "total"), "10.0");
    assert_null(row_value(sc, &row, "status"));
    tz_row_free(&row);

    /* a number that is not one */
    save_refused(db, sc, form_values(sc, "name", "x", "year", "2026", "mid", "八", NULL),
                 TZ_ERR_INVALID, "年中：“八”不是数字");
    save_refused(db, sc, form_values(sc, "name", "x", "year", "2026", "mid", "nan", NULL),
                 TZ_ERR_INVALID, NULL);

    /* the list reads the derived column, and a lookup column shows the target view's display */
    tz_listq q = { .form = sc, .sort = -1 };
    tz_rows rows;
    assert_int_equal(db_list_page(db, &q, NULL, 1, false, 10, &rows, &err), TZ_OK);
    assert_int_equal(rows.n, 1);
    assert_string_equal(rows.rows[0].v[list_column(sc, "total")], "10.0");
    assert_string_equal(rows.rows[0].v[list_column(sc, "unit_id")], "430581001005 石山村");
    tz_rows_free(&rows);
    char *label = NULL;
    assert_int_equal(db_lookup_label(db, fx->towns, 2, &label, &err), TZ_OK);
    assert_string_equal(label, "430581001 迎春亭街道");
    free(label);

    /* a read-only form refuses to write, whatever it is asked */
    char *values[2] = { "新", NULL };
    int64_t new_id = 0;
    assert_int_equal(db_record_save(db, fx->scores_ro, &new_id, values, &err), TZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "评分汇总"));
    assert_int_equal(new_id, 0);
    assert_int_equal(db_record_save(db, fx->scores_ro, &id, values, &err), TZ_ERR_INVALID);
    assert_int_equal(db_record_delete(db, fx->scores_ro, id, &err), TZ_ERR_INVALID);
    assert_int_equal(query_int(db, "SELECT count(*) FROM scores"), 1);
    assert_query_text(db, "SELECT name FROM scores", "石山村");
    /* but it reads */
    assert_int_equal(db_record_load(db, fx->scores_ro, id, &row, &err), TZ_OK);
    assert_string_equal(row_value(fx->scores_ro, &row, "total"), "10.0");
    tz_row_free(&row);

    assert_int_equal(db_record_delete(db, sc, id, &err), TZ_OK);
    assert_int_equal(db_record_load(db, sc, id, &row, &err), TZ_ERR_NOTFOUND);
}

/* Paging both ways under filters matches the same rows asked directly. */
static void check_filtered_paging(tz_db *db, const tz_form *form, const tz_filter *filters,
                                  size_t nfilters, const char *sort, bool desc,
                                  const char *where, const char *order)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT id FROM scores_v WHERE %s ORDER BY %s", where, order);
    id_list full = query_ids(db, sql);
    assert_true(full.n > 10);
    tz_listq q = { .form = form, .sort = sort ? list_column(form, sort) : -1, .desc = desc,
                   .filters = filters, .nfilters = nfilters };
    int64_t count = -1;
    tz_error err = { 0 };
    assert_int_equal(db_list_count(db, &q, &count, &err), TZ_OK);
    assert_int_equal(count, full.n);
    id_list fwd = page_through(db, &q, 1, 13);
    id_list bwd = page_through(db, &q, -1, 17);
    assert_same_ids(fwd, full);
    assert_same_ids(bwd, full);
    free(fwd.ids);
    free(bwd.ids);
    free(full.ids);
}

static void test_view_filters(void **state)
{
    view_fixture *fx = *state;
    tz_db *db = fx->db;
    const tz_form *sc = fx->scores;
    const tz_filter year[] = { { "year", "2025" } };
    check_filtered_paging(db, sc, year, 1, NULL, false, "year = 2025",
                          "coalesce(name, ''), id");
    const tz_filter year_null[] = { { "year", "2025" }, { "status", NULL } };
    check_filtered_paging(db, sc, year_null, 2, NULL, false, "year = 2025 AND status IS NULL",
                          "coalesce(name, ''), id");
    check_filtered_paging(db, sc, year_null, 2, "total", true,
                          "year = 2025 AND status IS NULL",
                          "coalesce(total, '') DESC, id DESC");
    const tz_filter status_year[] = { { "status", "a" }, { "year", "2026" } };
    check_filtered_paging(db, sc, status_year, 2, "total", false,
                          "status = 'a' AND year = 2026", "coalesce(total, ''), id");
    /* values of derived columns (no affinity) bound with their fields' types, as the screen
     * gives them: the text "5" would equal no integer 5, nor "9" the sum 9.0 */
    const tz_filter town[] = { { "region_id", "5" }, { "year", "2026" } };
    check_filtered_paging(db, sc, town, 2, NULL, false, "region_id = 5 AND year = 2026",
                          "coalesce(name, ''), id");
    const tz_filter total[] = { { "total", "9" } };
    check_filtered_paging(db, sc, total, 1, "unit_id", true, "total = 9",
                          "coalesce(unit_id, '') DESC, id DESC");
    /* a value that is not of the field's type is refused, naming the field */
    const tz_filter bad[] = { { "region_id", "五" } };
    tz_listq bad_q = { .form = sc, .sort = -1, .filters = bad, .nfilters = 1 };
    int64_t bad_count = -1;
    tz_error bad_err = { 0 };
    assert_int_equal(db_list_count(db, &bad_q, &bad_count, &bad_err), TZ_ERR_INVALID);
    assert_string_equal(bad_err.msg, "所属：“五”不是数字");
    /* a choice sorts by its label, in pinyin order: 甲 (b) before 乙 (a), NULL first */
    check_filtered_paging(db, sc, year, 1, "status", false, "year = 2025",
                          "CASE status WHEN 'b' THEN 0 WHEN 'a' THEN 1 ELSE -1 END, id");
    check_filtered_paging(db, sc, year, 1, "status", true, "year = 2025",
                          "CASE status WHEN 'b' THEN 0 WHEN 'a' THEN 1 ELSE -1 END DESC, id DESC");
    const tz_filter no_unit[] = { { "unit_id", NULL } };
    check_filtered_paging(db, sc, no_unit, 1, "unit_id", false, "unit_id IS NULL",
                          "coalesce(unit_id, ''), id");
    /* filters, the drill-down column and a search together */
    tz_listq q = { .form = sc, .sort = -1, .filters = year, .nfilters = 1,
                   .filter_col = "unit_id", .filter_id = 5, .search = "石" };
    int64_t count = -1;
    tz_error err = { 0 };
    assert_int_equal(db_list_count(db, &q, &count, &err), TZ_OK);
    assert_int_equal(count, query_int(db, "SELECT count(*) FROM scores_v WHERE year = 2025 "
                                          "AND unit_id = 5 AND name LIKE '%石%'"));
    assert_true(count > 0);
}

/* Sorting by a choice quotes its codes as SQL text, whatever the spec lets a code hold. */
static void test_choice_codes_with_a_quote_sort(void **state)
{
    view_fixture *fx = *state;
    tz_formset set = { 0 };
    parse_ok(&set, "quoted.form",
             "[form quoted]\ntitle = 评分\ntable = scores\n\n"
             "[field year]\nlabel = 年度\ntype = integer\n\n"
             "[field status]\nlabel = 状态\ntype = choice\nchoices = a:乙, b:甲\n\n"
             "[list]\ncolumns = year 6, status 6\n");
    const tz_form *form = tz_spec_form(&set, "quoted");
    assert_non_null(form);
    tz_choice *b = &form->fields[tz_form_field_index(form, "status")].choices[1];
    free(b->code);
    b->code = strdup("it's");
    exec_ok(fx->db, "UPDATE scores SET status = 'it''s' WHERE id % 3 = 0");
    const tz_filter year[] = { { "year", "2025" } };
    check_filtered_paging(fx->db, form, year, 1, "status", false, "year = 2025",
                          "CASE status WHEN 'it''s' THEN 0 WHEN 'a' THEN 1 ELSE -1 END, id");
    tz_formset_free(&set);
}

/* db_list_counts against the same GROUP BY asked directly. */
static void check_counts(tz_db *db, const tz_listq *q, const char *column, int limit,
                         const char *sql)
{
    tz_rows rows;
    tz_error err = { 0 };
    assert_int_equal(db_list_counts(db, q, column, limit, &rows, &err), TZ_OK);
    tz_stmt *st;
    assert_int_equal(db_prepare(db, sql, &st, &err), TZ_OK);
    size_t n = 0;
    bool row;
    while (db_step(st, &row, &err) == TZ_OK && row && n < (size_t)limit) {
        assert_true(n < rows.n);
        const char *value = db_column_text(st, 0);
        assert_int_equal(rows.rows[n].n, 1);
        if (value)
            assert_string_equal(rows.rows[n].v[0], value);
        else
            assert_null(rows.rows[n].v[0]);
        assert_int_equal(rows.rows[n].id, db_column_int(st, 1));
        n++;
    }
    db_finalize(st);
    assert_int_equal(rows.n, n);
    tz_rows_free(&rows);
}

static void test_view_counts(void **state)
{
    view_fixture *fx = *state;
    tz_db *db = fx->db;
    const tz_filter year[] = { { "year", "2025" } };
    tz_listq q = { .form = fx->scores, .sort = -1, .filters = year, .nfilters = 1,
                   .search = "石" };
    check_counts(db, &q, "status", 16,
                 "SELECT status, count(*) FROM scores_v WHERE year = 2025 AND name LIKE '%石%' "
                 "GROUP BY status ORDER BY status");
    tz_rows rows;
    tz_error err = { 0 };
    assert_int_equal(db_list_counts(db, &q, "status", 16, &rows, &err), TZ_OK);
    assert_int_equal(rows.n, 3);          /* NULL, a, b */
    assert_null(rows.rows[0].v[0]);
    assert_string_equal(rows.rows[2].v[0], "b");
    tz_rows_free(&rows);
    /* at most `limit` values; without conditions; a derived column */
    check_counts(db, &q, "status", 2,
                 "SELECT status, count(*) FROM scores_v WHERE year = 2025 AND name LIKE '%石%' "
                 "GROUP BY status ORDER BY status");
    tz_listq all = { .form = fx->scores, .sort = -1 };
    check_counts(db, &all, "year", 16,
                 "SELECT year, count(*) FROM scores_v GROUP BY year ORDER BY year");
    check_counts(db, &all, "total", 16,
                 "SELECT total, count(*) FROM scores_v GROUP BY total ORDER BY total");
    /* nothing matches: no values */
    tz_listq none = { .form = fx->scores, .sort = -1, .search = "没有这个" };
    assert_int_equal(db_list_counts(db, &none, "status", 16, &rows, &err), TZ_OK);
    assert_int_equal(rows.n, 0);
    tz_rows_free(&rows);
}

/* A list's 合计: the sums of the rows its search and filters keep. */
static void test_view_sums(void **state)
{
    view_fixture *fx = *state;
    tz_db *db = fx->db;
    const tz_filter year[] = { { "year", "2025" } };
    tz_listq q = { .form = fx->scores, .sort = -1, .filters = year, .nfilters = 1,
                   .search = "石" };
    const char *const columns[] = { "year", "unit_id" };
    char *sums[2];
    tz_error err = { 0 };
    assert_int_equal(db_list_sums(db, &q, columns, 2, sums, &err), TZ_OK);
    char *want = query_text(db, "SELECT CAST(total(year) AS INTEGER) || '|' || CAST(total(unit_id) AS INTEGER)"
                                " FROM scores_v WHERE year = 2025 AND name LIKE '%石%'");
    char got[64];
    snprintf(got, sizeof got, "%s|%s", sums[0], sums[1]);
    assert_string_equal(got, want);
    assert_true(atoll(sums[0]) > 0);
    free(want);
    free(sums[0]);
    free(sums[1]);
    tz_listq none = { .form = fx->scores, .sort = -1, .search = "没有这个" };
    assert_int_equal(db_list_sums(db, &none, columns, 1, sums, &err), TZ_OK);
    assert_string_equal(sums[0], "0");
    free(sums[0]);
}

static void test_view_check_forms(void **state)
{
    view_fixture *fx = *state;
    tz_problems probs = { 0 };
    tz_status checked = db_check_forms(fx->db, &fx->set, &probs);
    for (size_t i = 0; i < probs.n; i++)
        print_error("%s:%d: %s\n", probs.items[i].file, probs.items[i].line, probs.items[i].msg);
    assert_int_equal(checked, TZ_OK);
    assert_int_equal(probs.n, 0);

    static const char bad_view[] =
        "[form bad_view]\n"
        "title = 坏视图\n"
        "table = scores\n"
        "view  = no_such_view\n"
        "\n"
        "[field name]\n"
        "label = 名称\n"
        "type  = text\n"
        "\n"
        "[list]\n"
        "columns = name 10\n";
    static const char bad_cols[] =
        "[form bad_cols]\n"
        "title   = 坏列\n"
        "table   = scores\n"
        "view    = scores_v\n"
        "counts  = phase\n"
        "filters = phase\n"
        "\n"
        "[field name]\n"
        "label = 名称\n"
        "type  = text\n"
        "\n"
        "[field grade]\n"   /* in the view, but writable and not in the table */
        "label = 等级\n"
        "type  = text\n"
        "\n"
        "[field phase]\n"   /* readonly, in neither */
        "label    = 阶段\n"
        "type     = choice\n"
        "choices  = a:甲\n"
        "readonly = yes\n"
        "\n"
        "[list]\n"
        "columns = name 10\n"
        "\n"
        "[link wrong]\n"
        "form   = scores\n"
        "column = town_id\n";
    tz_formset set = { 0 };
    parse_ok(&set, "towns.form", towns_text);
    parse_ok(&set, "scores.form", scores_text);
    parse_ok(&set, "bad_view.form", bad_view);
    parse_ok(&set, "bad_cols.form", bad_cols);
    const tz_form *bv = tz_spec_form(&set, "bad_view");
    const tz_form *bc = tz_spec_form(&set, "bad_cols");
    assert_non_null(bv);
    assert_non_null(bc);
    assert_int_equal(bc->nfilters, 1);
    assert_int_equal(bc->nlinks, 1);
    int grade_line = bc->fields[tz_form_field_index(bc, "grade")].line;
    int phase_line = bc->fields[tz_form_field_index(bc, "phase")].line;
    assert_true(bv->view_line > 0 && bc->counts_line > 0 && bc->filters[0].line > 0 &&
                bc->links[0].line > 0);

    assert_int_equal(db_check_forms(fx->db, &set, &probs), TZ_ERR_PARSE);
    bool view = false, grade = false, phase = false, counts = false, filter = false,
         link = false;
    for (size_t i = 0; i < probs.n; i++) {
        const tz_problem *p = &probs.items[i];
        bool in_bv = strcmp(p->file, "bad_view.form") == 0;
        bool in_bc = strcmp(p->file, "bad_cols.form") == 0;
        if (in_bv && p->line == bv->view_line && strstr(p->msg, "no_such_view"))
            view = true;
        else if (in_bc && p->line == grade_line && strstr(p->msg, "表 scores 中没有列 grade"))
            grade = true;
        else if (in_bc && p->line == phase_line && strstr(p->msg, "视图 scores_v 中没有列 phase"))
            phase = true;
        else if (in_bc && p->line == bc->counts_line && strstr(p->msg, "phase"))
            counts = true;
        else if (in_bc && p->line == bc->filters[0].line && strstr(p->msg, "phase"))
            filter = true;
        else if (in_bc && p->line == bc->links[0].line &&
                 strstr(p->msg, "视图 scores_v 中没有列 town_id"))
            link = true;
        else
            fail_msg("unexpected problem %s:%d: %s", p->file, p->line, p->msg);
    }
    assert_true(view && grade && phase && counts && filter && link);
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* ---- saving over another clerk's change -------------------------------------------------------- */

static const char conflict_form[] =
    "[form u]\ntitle = 单位\ntable = units\ndisplay = name\n"
    "[field code]\nlabel = 代码\ntype = text\nrequired = yes\n"
    "[field name]\nlabel = 名称\ntype = text\nrequired = yes\n"
    "[field level]\nlabel = 层级\ntype = choice\nchoices = city:市, township:乡镇\n"
    "[field secretary]\nlabel = 书记\ntype = text\n"
    "[list]\ncolumns = code\n";

static void test_save_checked(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "u.form", conflict_form, &probs), TZ_OK);
    const tz_form *form = tz_spec_form(&set, "u");
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city')");
    tz_row loaded = { 0 }, current = { 0 };
    tz_error err = { 0 };
    assert_int_equal(db_record_load(db, form, 1, &loaded, &err), TZ_OK);

    /* Unchanged since read: saved. */
    char *mine[] = { "430581", "武冈市（新）", "city", NULL };
    assert_int_equal(db_record_save_checked(db, form, 1, mine, &loaded, NULL, &err), TZ_OK);
    tz_row_free(&loaded);
    assert_int_equal(db_record_load(db, form, 1, &loaded, &err), TZ_OK);

    /* Another clerk sets the secretary: my save is refused, naming the field and its value. */
    exec_ok(db, "UPDATE units SET secretary = '李四' WHERE id = 1");
    char *again[] = { "430581", "武冈市", "city", NULL };
    assert_int_equal(db_record_save_checked(db, form, 1, again, &loaded, &current, &err),
                     TZ_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "书记 现为“李四”"));
    assert_string_equal(current.v[3], "李四");
    assert_query_text(db, "SELECT name FROM units WHERE id = 1", "武冈市（新）");
    /* Having seen it, saving over it is the clerk's choice. */
    assert_int_equal(db_record_save_checked(db, form, 1, again, &current, NULL, &err), TZ_OK);
    assert_query_text(db, "SELECT name || '|' || coalesce(secretary, '-') FROM units", "武冈市|-");
    /* Deleted meanwhile. */
    exec_ok(db, "DELETE FROM units");
    assert_int_equal(db_record_save_checked(db, form, 1, again, &current, NULL, &err), TZ_ERR_NOTFOUND);
    tz_row_free(&loaded);
    tz_row_free(&current);
    db_close(db);
    tz_formset_free(&set);
}

/* ---- drafts ---------------------------------------------------------------------------------- */

static void test_drafts(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "u.form", conflict_form, &probs), TZ_OK);
    const tz_form *form = tz_spec_form(&set, "u");
    tz_db *db = new_db(NULL, 0);
    tz_row draft = { 0 };
    char *when = NULL;
    tz_error err = { 0 };
    assert_int_equal(db_draft_load(db, form, 0, &draft, &when, &err), TZ_ERR_NOTFOUND);
    char *typed[] = { "4305", "半截“村”", NULL, NULL };
    assert_int_equal(db_draft_save(db, form, 0, typed, &err), TZ_OK);
    char *newer[] = { "430581", "新村", "township", NULL };
    assert_int_equal(db_draft_save(db, form, 0, newer, &err), TZ_OK); /* replaces the older */
    assert_int_equal(db_draft_save(db, form, 7, typed, &err), TZ_OK);
    assert_int_equal(db_draft_load(db, form, 0, &draft, &when, &err), TZ_OK);
    assert_int_equal(draft.n, 4);
    assert_string_equal(draft.v[1], "新村");
    assert_string_equal(draft.v[2], "township");
    assert_null(draft.v[3]);
    assert_non_null(when);
    tz_row_free(&draft);
    free(when);
    assert_int_equal(db_draft_discard(db, form, 0, &err), TZ_OK);
    assert_int_equal(db_draft_load(db, form, 0, &draft, &when, &err), TZ_ERR_NOTFOUND);
    assert_int_equal(query_int(db, "SELECT count(*) FROM drafts"), 1);  /* record 7's stays */
    db_close(db);
    tz_formset_free(&set);
}

/* ---- backups ------------------------------------------------------------------------------- */

static void test_backup_restore(void **state)
{
    (void)state;
    char path[128], dir[160], written[4096], second[4096], kept[4200];
    tz_db *db = new_db(path, sizeof path);
    exec_ok(db, "INSERT INTO units (id, code, name, level) VALUES (1, '430581', '武冈市', 'city')");
    snprintf(dir, sizeof dir, "%s/usb", tmpdir);
    assert_int_equal(mkdir(dir, 0755), 0);
    tz_error err = { 0 };
    assert_int_equal(db_backup(db, dir, written, sizeof written, &err), TZ_OK);
    assert_non_null(strstr(written, "/usb/taizhang-"));
    /* A second backup the same day takes the next name; a file path is never overwritten. */
    assert_int_equal(db_backup(db, dir, second, sizeof second, &err), TZ_OK);
    assert_string_not_equal(written, second);
    assert_non_null(strstr(second, "-2.db"));
    assert_int_equal(db_backup(db, written, second, sizeof second, &err), TZ_ERR_EXISTS);
    /* The backup is a whole, checked taizhang database. */
    tz_db *copy = NULL;
    assert_int_equal(db_open(written, &copy, &err), TZ_OK);
    assert_int_equal(query_int(copy, "SELECT count(*) FROM units"), 1);
    db_close(copy);

    /* Restore: the change made since is undone, the replaced database is kept. */
    exec_ok(db, "INSERT INTO units (id, code, name, level, parent_id)"
                " VALUES (2, '430581001', '甲镇', 'township', 1)");
    db_close(db);
    assert_int_equal(db_restore(written, path, kept, sizeof kept, &err), TZ_OK);
    assert_non_null(strstr(kept, ".replaced-"));
    assert_int_equal(db_open(path, &db, &err), TZ_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 1);
    db_close(db);
    assert_int_equal(db_open(kept, &db, &err), TZ_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 2);
    db_close(db);

    /* A damaged backup is refused and the database is left alone. */
    char bad[200];
    snprintf(bad, sizeof bad, "%s/bad.db", dir);
    FILE *f = fopen(bad, "w");
    assert_non_null(f);
    fputs("SQLite format 3 — but nothing after it is a database", f);
    fclose(f);
    assert_int_not_equal(db_restore(bad, path, kept, sizeof kept, &err), TZ_OK);
    assert_int_equal(db_restore("/nonexistent/x.db", path, kept, sizeof kept, &err), TZ_ERR_NOTFOUND);
    assert_int_equal(db_open(path, &db, &err), TZ_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 1);
    db_close(db);
}

int main(void)
{
    tz_lang_set(TZ_LANG_ZH);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_open_reopen),
        cmocka_unit_test(test_open_missing),
        cmocka_unit_test(test_open_not_a_database),
        cmocka_unit_test(test_open_empty_or_foreign_file),
        cmocka_unit_test(test_open_newer_version),
        cmocka_unit_test(test_pragmas),
        cmocka_unit_test(test_readonly_file),
        cmocka_unit_test(test_stmt_interface),
        cmocka_unit_test(test_units_tiers_on_insert),
        cmocka_unit_test(test_units_tiers_on_update),
        cmocka_unit_test(test_units_full_name),
        cmocka_unit_test(test_units_delete_refusals),
        cmocka_unit_test(test_people_id_number),
        cmocka_unit_test(test_people_other_rules),
        cmocka_unit_test_setup_teardown(test_record_save_load_delete, forms_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_record_refusals, forms_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_fill_pinyin, forms_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_refusals_name_conflicts, forms_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_batch_questions, forms_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_pinyin_order, forms_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_list_paging, list_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_list_page_edges, list_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_list_search, list_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_list_search_terms, list_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_list_filter_and_count, list_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_list_lookup_column, list_setup, forms_teardown),
        cmocka_unit_test_setup_teardown(test_check_forms, forms_setup, forms_teardown),
        cmocka_unit_test(test_check_integrity),
        cmocka_unit_test_setup_teardown(test_view_records, view_setup, view_teardown),
        cmocka_unit_test_setup_teardown(test_view_filters, view_list_setup, view_teardown),
        cmocka_unit_test_setup_teardown(test_choice_codes_with_a_quote_sort, view_list_setup, view_teardown),
        cmocka_unit_test_setup_teardown(test_view_counts, view_list_setup, view_teardown),
        cmocka_unit_test_setup_teardown(test_view_sums, view_list_setup, view_teardown),
        cmocka_unit_test_setup_teardown(test_view_check_forms, view_setup, view_teardown),
        cmocka_unit_test(test_save_checked),
        cmocka_unit_test(test_drafts),
        cmocka_unit_test(test_backup_restore),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
