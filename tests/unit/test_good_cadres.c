/* test_good_cadres — the good-cadre selection (好干部评选), by SQL and through the forms: a
 * candidate goes through the rounds only forward, one at a time and only after passing the one
 * before; only the last result may change or go; the outcome and the elimination rates per
 * round follow. The rounds are counted from the schema's order, not from a number here. */
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

/* Four cadres of township 2, each a 2026 candidate (ids 1–4). */
static const char fixture[] =
    "INSERT INTO units (id, code, name, level, parent_id) VALUES"
    " (1, '430581', '武冈市', 'city', NULL), (2, '430581001', '甲镇', 'township', 1);"
    "INSERT INTO people (id, name, unit_id) VALUES (1, '甲', 2), (2, '乙', 2), (3, '丙', 2), (4, '丁', 2);"
    "INSERT INTO gc_candidates (id, year, person_id, nominated_by, nominator) VALUES"
    " (1, 2026, 1, 'unit', '甲镇党委'), (2, 2026, 2, 'self', NULL), (3, 2026, 3, 'social', '群众联名'),"
    " (4, 2026, 4, 'personal', '张三');";

static tz_db *setup_db(void)
{
    tz_db *db = new_db(NULL, 0);
    exec_ok(db, fixture);
    return db;
}

/* Candidate ID passes every round in order up to (not including) the one numbered STOP, which
 * it fails; STOP beyond the last round: selected. */
static void walk(tz_db *db, int id, int stop)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "INSERT INTO gc_rounds (candidate_id, round, held_on, passed)"
             " SELECT %d, round, printf('2026-%%02d-01', 5 + seq), seq < %d FROM gc_round_order"
             "  WHERE seq <= %d ORDER BY seq", id, stop, stop);
    exec_ok(db, sql);
}

static void test_candidate_rules(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_refused(db, "INSERT INTO gc_candidates (year, person_id, nominated_by, nominator)"
                     " VALUES (2026, 1, 'self', NULL)", "这名干部这一年度已是好干部评选的候选人");
    exec_refused(db, "INSERT INTO gc_candidates (year, person_id, nominated_by) VALUES (2025, 1, 'unit')",
                 "单位推荐、个人推荐和社会推荐须写明推荐单位或推荐人");
    exec_refused(db, "INSERT INTO gc_candidates (year, person_id, nominated_by) VALUES (2025, 1, 'boss')",
                 "推荐方式应为单位推荐、个人推荐、社会推荐或本人自荐");
    db_close(db);
}

static void test_rounds_only_forward(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    exec_refused(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'inspect', '2026-06-01', 1)",
                 "候选人只能按初评、考察、二评、公示、审定的顺序逐轮评选");
    exec_ok(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'first', '2026-06-01', 1)");
    exec_refused(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'first', '2026-06-02', 1)",
                 "这名候选人这一轮已有结果");
    exec_refused(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'second', '2026-07-01', 1)",
                 "候选人只能按初评、考察、二评、公示、审定的顺序逐轮评选");
    exec_refused(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'inspect', '2026-05-01', 1)",
                 "这一轮的日期不能早于上一轮");
    exec_refused(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'inspect', '2027-01-05', 1)",
                 "评选日期应在候选人的评选年度内");
    exec_ok(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'inspect', '2026-07-01', 0)");
    exec_refused(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'second', '2026-08-01', 1)",
                 "候选人在上一轮未通过，不能进入下一轮");
    exec_refused(db, "UPDATE gc_rounds SET passed = 0 WHERE candidate_id = 1 AND round = 'first'",
                 "候选人已进入下一轮，这一轮的结果不能再改");
    exec_refused(db, "DELETE FROM gc_rounds WHERE candidate_id = 1 AND round = 'first'", "只能删除候选人最后一轮的结果");
    exec_refused(db, "UPDATE gc_rounds SET round = 'second' WHERE candidate_id = 1 AND round = 'inspect'",
                 "评选轮次和候选人不能更改，请删除这一轮后重新录入");
    exec_refused(db, "UPDATE gc_candidates SET year = 2025 WHERE id = 1", "已有评选结果的候选人不能改换人员或年度");
    /* the last result may be corrected, and then the candidate goes on */
    exec_ok(db, "UPDATE gc_rounds SET passed = 1 WHERE candidate_id = 1 AND round = 'inspect'");
    exec_ok(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (1, 'second', '2026-08-01', 1)");
    exec_ok(db, "DELETE FROM gc_rounds WHERE candidate_id = 1 AND round = 'second'");
    /* a candidate deleted takes its rounds with it */
    exec_ok(db, "DELETE FROM gc_candidates WHERE id = 1");
    assert_int_equal(query_int(db, "SELECT count(*) FROM gc_rounds"), 0);
    db_close(db);
}

static void test_outcomes_and_rates(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    int64_t rounds = query_int(db, "SELECT count(*) FROM gc_round_order");
    assert_int_equal(rounds, query_int(db, "SELECT count(*) FROM choices WHERE vocab = 'gc_round'"));
    walk(db, 1, (int)rounds + 1); /* selected */
    walk(db, 2, 1);               /* out at the first review */
    walk(db, 3, 2);               /* out at the second round */
    exec_ok(db, "INSERT INTO gc_rounds (candidate_id, round, held_on, passed) VALUES (4, 'first', '2026-06-01', 1)");
    assert_query_text(db, "SELECT group_concat(outcome, ' ') FROM (SELECT outcome FROM gc_candidates_v ORDER BY id)",
                      "selected eliminated eliminated in_progress");
    assert_query_text(db, "SELECT last_round FROM gc_candidates_v WHERE id = 3", "inspect");
    /* round 1: 4 entered, 1 out (25%); round 2: 2 entered, 1 out; the last: 1 of 4 left, 75% so far */
    assert_query_text(db, "SELECT entered || '/' || eliminated || '=' || rate FROM gc_round_rates WHERE seq = 1",
                      "4/1=25.0");
    assert_query_text(db, "SELECT entered || '/' || eliminated || '=' || rate FROM gc_round_rates WHERE seq = 2",
                      "2/1=50.0");
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT rate_so_far FROM gc_round_rates WHERE seq = %lld", (long long)rounds);
    assert_query_text(db, sql, "75.0");
    assert_query_text(db, "SELECT group_concat(person_id) FROM gc_selected", "1");
    db_close(db);
}

/* Through the forms: a candidate saved, its first round through the round form; the second
 * round's result refused before the first. */
static void test_through_the_forms(void **state)
{
    (void)state;
    tz_db *db = setup_db();
    tz_formset forms = { 0 };
    use_builtin_forms(db, &forms);
    const tz_form *f = tz_spec_form(&forms, "gc_candidates");
    const tz_form *r = tz_spec_form(&forms, "gc_rounds");
    assert_non_null(f);
    assert_non_null(r);
    char *values[16] = { 0 };
    assert_true(f->nfields <= 16 && r->nfields <= 16);
    values[tz_form_field_index(f, "year")] = "2025";
    values[tz_form_field_index(f, "person_id")] = "2";
    values[tz_form_field_index(f, "nominated_by")] = "unit";
    int64_t id = 0;
    tz_error err = { 0 };
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "须写明推荐单位或推荐人"));
    values[tz_form_field_index(f, "nominator")] = "甲镇党委";
    assert_int_equal(db_record_save(db, f, &id, values, &err), TZ_OK);
    char cand[24];
    snprintf(cand, sizeof cand, "%lld", (long long)id);
    char *round[16] = { 0 };
    round[tz_form_field_index(r, "candidate_id")] = cand;
    round[tz_form_field_index(r, "round")] = "inspect";
    round[tz_form_field_index(r, "held_on")] = "2025-07-01";
    round[tz_form_field_index(r, "passed")] = "1";
    int64_t rid = 0;
    assert_int_equal(db_record_save(db, r, &rid, round, &err), TZ_ERR_CONSTRAINT);
    assert_non_null(strstr(err.msg, "逐轮评选"));
    round[tz_form_field_index(r, "round")] = "first";
    assert_int_equal(db_record_save(db, r, &rid, round, &err), TZ_OK);
    char sql[120];
    snprintf(sql, sizeof sql, "SELECT outcome || ':' || last_round FROM gc_candidates_v WHERE id = %lld", (long long)id);
    assert_query_text(db, sql, "in_progress:first");
    db_close(db);
    tz_formset_free(&forms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_candidate_rules),
        cmocka_unit_test(test_rounds_only_forward),
        cmocka_unit_test(test_outcomes_and_rates),
        cmocka_unit_test(test_through_the_forms),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
