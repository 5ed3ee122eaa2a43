/* test_secondments — cadres sent out in batches (挂职锻炼与外派培训), by SQL and through the
 * forms: a batch's dates and sender, a cadre once per batch and in no two batches at once (also
 * when a batch is moved), a person's history with the days away and whether they were a good
 * cadre before leaving, and the counts per year and kind. */
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

/* Batches 1 (a week in April 2015), 2 (June 2015) and 3 (August 2026); cadres 1 and 2. */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL), (2, '430581001', '甲镇', 'township', 1),"
    " (4, '430581001001', '一村', 'village', 2);"
    "INSERT INTO people (id, name, unit_id) VALUES (1, '甲', 2), (2, '乙', 4);"
    "INSERT INTO sc_batches (id, name, unit_id, kind, place, starts_on, ends_on) VALUES"
    " (1, '赴长沙县培训', 1, 'training', '长沙县', '2015-04-13', '2015-04-19'),"
    " (2, '赴浏阳市挂职', 1, 'secondment', '浏阳市', '2015-06-01', '2015-06-30'),"
    " (3, '赴长沙市挂职', 1, 'secondment', '长沙市', '2026-08-03', '2026-11-02');";

static tz_db *setup_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    return db;
}

static void test_batch_and_member_rules(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_refused(db, "INSERT INTO sc_batches (name, unit_id, kind, place, starts_on, ends_on)"
                     " VALUES ('倒序', 1, 'training', '长沙县', '2015-04-19', '2015-04-13')", "结束日期不能早于开始日期");
    exec_refused(db, "INSERT INTO sc_batches (name, unit_id, kind, place, starts_on, ends_on)"
                     " VALUES ('村里派', 4, 'training', '长沙县', '2015-04-13', '2015-04-19')", "派出单位应为市或乡镇（街道）");
    exec_refused(db, "INSERT INTO sc_batches (name, unit_id, kind, place, starts_on, ends_on)"
                     " VALUES ('赴长沙县培训', 1, 'study', '长沙县', '2016-04-13', '2016-04-19')", "已有同名的批次");
    exec_refused(db, "INSERT INTO sc_batches (name, unit_id, kind, place, starts_on, ends_on)"
                     " VALUES ('游', 1, 'tour', '长沙县', '2016-04-13', '2016-04-19')",
                 "类别应为挂职锻炼、培训学习或考察学习");
    exec_ok(db, "INSERT INTO sc_members (batch_id, person_id) VALUES (1, 1), (2, 1)");
    exec_refused(db, "INSERT INTO sc_members (batch_id, person_id) VALUES (1, 1)", "这名干部已在这一批次中");
    /* a batch overlapping batch 1 in time */
    exec_ok(db, "INSERT INTO sc_batches (id, name, unit_id, kind, place, starts_on, ends_on)"
                " VALUES (4, '同期考察', 2, 'study', '浏阳市', '2015-04-18', '2015-04-25')");
    exec_refused(db, "INSERT INTO sc_members (batch_id, person_id) VALUES (4, 1)",
                 "这名干部在这段时间已参加另一批挂职或培训");
    exec_ok(db, "INSERT INTO sc_members (batch_id, person_id) VALUES (4, 2)");
    exec_refused(db, "UPDATE sc_members SET person_id = 1 WHERE batch_id = 4", "这名干部在这段时间已参加另一批挂职或培训");
    /* moving batch 2 onto batch 1's week puts cadre 1 in two at once */
    exec_refused(db, "UPDATE sc_batches SET starts_on = '2015-04-15' WHERE id = 2", "改期后有成员与其参加的另一批次时间重叠");
    db_close(db);
}

static void test_history_and_counts(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_ok(db, "INSERT INTO sc_members (batch_id, person_id) VALUES (1, 1), (2, 1), (1, 2), (3, 1)");
    /* cadre 1 a good cadre selected in 2025: so before batch 3, not before the 2015 ones */
    exec_ok(db, "INSERT INTO gc_candidates (id, year, person_id, nominated_by) VALUES (1, 2025, 1, 'self')");
    exec_ok(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed)"
                " SELECT 1, round, printf('2025-%02d-01', 5 + seq), 1 FROM gc_round_order ORDER BY seq");
    assert_query_text(db, "SELECT group_concat(batch_id || ':' || days || ':' || good_cadre, ' ')"
                          " FROM (SELECT * FROM sc_history WHERE person_id = 1 ORDER BY starts_on)",
                      "1:7:0 2:30:0 3:92:1");
    assert_query_text(db, "SELECT group_concat(year || kind || ':' || batches || '/' || members || '/' || person_days"
                          "                    || '/' || good_cadres, ' ')"
                          " FROM (SELECT * FROM sc_year_counts ORDER BY id)",
                      "2015secondment:1/1/30/0 2015training:1/2/14/0 2026secondment:1/1/92/1");
    assert_int_equal(query_int(db, "SELECT members FROM sc_batches_v WHERE id = 1"), 2);
    db_close(db);
}

/* Through the forms: members added to a batch through the member form, the second batch at the
 * same time refused. */
static void test_through_the_forms(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    tz_formset forms = { 0 };
    use_builtin_forms(db, &forms);
    const tz_form *b = tz_spec_form(&forms, "sc_batches");
    const tz_form *m = tz_spec_form(&forms, "sc_members");
    assert_non_null(b);
    assert_non_null(m);
    char *values[16] = { 0 };
    assert_true(b->nfields <= 16 && m->nfields <= 16);
    values[tz_form_field_index(b, "name")] = "赴浏阳市考察学习";
    values[tz_form_field_index(b, "unit_id")] = "2";
    values[tz_form_field_index(b, "kind")] = "study";
    values[tz_form_field_index(b, "place")] = "长沙县";
    values[tz_form_field_index(b, "starts_on")] = "2015-04-16";
    values[tz_form_field_index(b, "ends_on")] = "2015-04-17";
    int64_t batch = 0;
    tz_error err = { 0 };
    assert_int_equal(db_record_save(db, b, &batch, values, &err), TZ_OK);
    assert_query_text(db, "SELECT name_py FROM sc_batches WHERE name = '赴浏阳市考察学习'", "flyskcxx");
    exec_ok(db, "INSERT INTO sc_members (batch_id, person_id) VALUES (1, 1)");
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)batch);
    char *member[16] = { 0 };
    member[tz_form_field_index(m, "batch_id")] = id;
    member[tz_form_field_index(m, "person_id")] = "1";
    member[tz_form_field_index(m, "post")] = "组织委员";
    int64_t mid = 0;
    assert_int_equal(db_record_save(db, m, &mid, member, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "这名干部在这段时间已参加另一批挂职或培训"));
    member[tz_form_field_index(m, "person_id")] = "2";
    assert_int_equal(db_record_save(db, m, &mid, member, &err), TZ_OK);
    char sql[120];
    snprintf(sql, sizeof sql, "SELECT members || '/' || days FROM sc_batches_v WHERE id = %lld", (long long)batch);
    assert_query_text(db, sql, "1/2");
    db_close(db);
    tz_formset_free(&forms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_and_member_rules),
        cmocka_unit_test(test_history_and_counts),
        cmocka_unit_test(test_through_the_forms),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
