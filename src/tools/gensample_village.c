/* gensample_village.c — the sample's village systems at the seed's scale: the cadres of every
 * village (a 村两委 of seven: the secretary already on record, or a new one, and six more),
 * their 村干部绩效考核 for the two years before GEN_THIS_YEAR, scored item by item against the
 * template of migration 024 (a few of the later year still being scored), and the year's
 * Monday service days (集中服务日) with the cadres present and the matters brought. Reproducible: every
 * choice is arithmetic on a counter or a row id. */
#include "gensample.h"
#include "taizhang/core.h"
#include "taizhang/pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The posts of a village's committee, in the order of the village_post vocabulary; the
 * secretary's text is the one gensample.c gives the secretaries it makes. */
static const struct {
    const char *code, *post;
    bool female;
} village_posts[] = {
    { "secretary", "村党支部书记", false }, { "director", "村委会主任", false },
    { "deputy", "村党支部副书记", false },   { "accountant", "村会计", false },
    { "women", "妇女主任", true },           { "militia", "民兵营长", false },
    { "member", "村委委员", false },
};
#define NPOSTS (sizeof village_posts / sizeof village_posts[0])

static const char *const surnames[] = {
    "刘", "李", "王", "陈", "邓", "肖", "周", "唐", "曾", "彭", "罗", "夏", "蒋", "戴",
    "伍", "向", "袁", "雷", "张", "杨", "黄", "谢", "胡", "毛", "龙", "段", "姚", "邹",
};
static const char *const given_male[] = {
    "德平", "国华", "建军", "长生", "永福", "春生", "志远", "满红", "新民", "石林",
    "光辉", "正清", "家旺", "松柏", "水生", "学文", "振华", "金龙", "立军", "双全",
};
static const char *const given_female[] = {
    "桂香", "秋菊", "玉兰", "满英", "春花", "小梅", "翠萍", "金莲", "冬梅", "爱华",
};
#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static uint64_t mix(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil_from_days(long z, char out[16])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    snprintf(out, 16, "%04d-%02d-%02d", (int)(y % 10000), (int)(m % 13), (int)(d % 32));
}

/* Cadre k's ID number: gensample.c gives sequence numbers 000–499, these take 500–999, and
 * (birth day, k mod 250) differs for every k below 13,000 (7919 is prime to 13,000), so the
 * numbers never repeat. Born 1960 to 1995. */
static void cadre_identity(int k, bool male, char birth[16], char id[19])
{
    civil_from_days(-3653 + (long)((k * 7919L) % 13000), birth);
    snprintf(id, 19, "430581%.4s%.2s%.2s%03d", birth, birth + 5, birth + 8,
             500 + (k % 250) * 2 + (male ? 1 : 0));
    id[17] = tz_idcard_check_char(id);
    id[18] = '\0';
}

static bool insert_cadre(tz_stmt *st, int k, int64_t village, size_t post, tz_error *err)
{
    uint64_t r = mix((uint64_t)k);
    bool male = !village_posts[post].female && r % 100 < 92;
    char name[32], birth[16], id[19], phone[12];
    snprintf(name, sizeof name, "%s%s", surnames[r % COUNT(surnames)],
             male ? given_male[(r >> 8) % COUNT(given_male)]
                  : given_female[(r >> 8) % COUNT(given_female)]);
    cadre_identity(k, male, birth, id);
    snprintf(phone, sizeof phone, "1%02d%08d", 30 + (int)((r >> 16) % 60),
             (int)((r >> 24) % 100000000));
    char *py = tz_pinyin_initials(name, true);
    char *key = tz_pinyin_sort_key(name, true);
    bool ok = py && key;
    if (ok) {
        db_bind_text(st, 1, name);
        db_bind_text(st, 2, py);
        db_bind_text(st, 3, male ? "male" : "female");
        db_bind_text(st, 4, birth);
        db_bind_text(st, 5, id);
        db_bind_text(st, 6, phone);
        db_bind_int(st, 7, village);
        db_bind_text(st, 8, village_posts[post].post);
        db_bind_text(st, 9, key);
        bool row;
        ok = db_step(st, &row, err) == TZ_OK;
    }
    free(py);
    free(key);
    return ok;
}

/* Every village gets the posts it has no person for. */
static bool add_village_cadres(tz_db *db, tz_error *err)
{
    tz_stmt *villages = NULL, *has = NULL, *person = NULL;
    bool ok = db_prepare(db, "SELECT id FROM units WHERE level = 'village' ORDER BY id",
                         &villages, err) == TZ_OK &&
              db_prepare(db, "SELECT 1 FROM people WHERE unit_id = ? AND post = ?", &has, err) == TZ_OK &&
              db_prepare(db, "INSERT INTO people (name, name_py, gender, birth_date, id_number, phone,"
                             " unit_id, post, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         &person, err) == TZ_OK;
    bool row = false;
    int k = 0;
    while (ok && (ok = db_step(villages, &row, err) == TZ_OK) && row) {
        int64_t village = db_column_int(villages, 0);
        for (size_t p = 0; ok && p < NPOSTS; p++) {
            bool present = false;
            db_bind_int(has, 1, village);
            db_bind_text(has, 2, village_posts[p].post);
            ok = db_step(has, &present, err) == TZ_OK;
            db_reset(has);
            if (ok && !present)
                ok = insert_cadre(person, k++, village, p, err);
        }
    }
    db_finalize(villages);
    db_finalize(has);
    db_finalize(person);
    return ok;
}

/* Both years assessed in the January after; scores between about 55 % and all of each item's
 * weight in half points, a cadre's items leaning the same way; one assessment in 40 of the later
 * year still has an item to score. */
static const char assessments_sql[] =
    "INSERT INTO perf_assessments (year, person_id, unit_id, post, assessed_on)"
    " SELECT y.year, p.id, p.unit_id,"
    "        CASE p.post WHEN '村党支部书记' THEN 'secretary' WHEN '村委会主任' THEN 'director'"
    "                    WHEN '村党支部副书记' THEN 'deputy' WHEN '村会计' THEN 'accountant'"
    "                    WHEN '妇女主任' THEN 'women' WHEN '民兵营长' THEN 'militia'"
    "                    ELSE 'member' END,"
    "        printf('%%d-01-%%02d', y.year + 1, 8 + p.unit_id %% 20)"
    "   FROM people p JOIN units u ON u.id = p.unit_id AND u.level = 'village'"
    "   CROSS JOIN (SELECT %d AS year UNION ALL SELECT %d) y"
    "  WHERE p.post IN ('村党支部书记', '村委会主任', '村党支部副书记', '村会计', '妇女主任',"
    "                   '民兵营长', '村委委员')"
    "  ORDER BY y.year, p.id;"
    "UPDATE perf_scores SET score ="
    "   (SELECT min(i.weight, round(i.weight * (0.55 + ((perf_scores.assessment_id * 7 %% 23)"
    "                                               + (perf_scores.id * 13 %% 29)) / 112.0) * 2) / 2.0)"
    "      FROM perf_items i WHERE i.id = perf_scores.item_id);"
    "UPDATE perf_scores SET score = NULL"
    " WHERE id IN (SELECT max(s.id) FROM perf_scores s JOIN perf_assessments a ON a.id = s.assessment_id"
    "               WHERE a.year = %d AND a.id %% 40 = 0 GROUP BY a.id);"
    "UPDATE perf_assessments SET assessed_on = NULL"
    " WHERE year = %d AND id %% 40 = 0;";


/* 集中服务日: every village's Mondays of GEN_THIS_YEAR up to the end of November, but for 除夕
 * (02-16) and the National Day week (10-05), and one Monday in 31 missed here and there. The
 * secretary sits every week, two more of the committee in turn, and the village's first
 * secretary when one is posted; about seven matters in ten days, some handled on the
 * applicant's behalf by the secretary, most done within the fortnight, the last weeks' still
 * open. */
static const char service_sql[] =
    "WITH RECURSIVE mondays(d, w) AS ("
    "    SELECT date('%1$d-01-01', '+' || ((8 - CAST(strftime('%%w', '%1$d-01-01') AS INTEGER)) %% 7) || ' days'), 0"
    "    UNION ALL SELECT date(d, '+7 days'), w + 1 FROM mondays WHERE date(d, '+7 days') <= '%1$d-11-30')"
    " INSERT INTO service_days (unit_id, held_on)"
    " SELECT u.id, m.d FROM units u CROSS JOIN mondays m"
    "  WHERE u.level = 'village' AND substr(m.d, 6) NOT IN ('02-16', '10-05') AND (u.id * 7 + m.w) %% 31 <> 0"
    "  ORDER BY m.d, u.id;"
    "WITH rota AS ("
    "    SELECT p.id, p.unit_id, row_number() OVER (PARTITION BY p.unit_id ORDER BY p.id) - 1 AS n"
    "      FROM people p JOIN units u ON u.id = p.unit_id AND u.level = 'village'"
    "     WHERE p.post IN ('村委会主任', '村党支部副书记', '村会计', '妇女主任', '民兵营长', '村委委员'))"
    " INSERT INTO service_attendance (service_day_id, person_id)"
    " SELECT d.id, p.id FROM people p CROSS JOIN service_days d ON d.unit_id = p.unit_id"
    "  WHERE p.post = '村党支部书记'"
    " UNION ALL"
    " SELECT d.id, r.id FROM rota r CROSS JOIN service_days d ON d.unit_id = r.unit_id"
    "  WHERE r.n IN (CAST(strftime('%%W', d.held_on) AS INTEGER) %% 6, (CAST(strftime('%%W', d.held_on) AS INTEGER) + 3) %% 6)"
    " UNION ALL"
    " SELECT d.id, a.person_id FROM assignments a CROSS JOIN service_days d ON d.unit_id = a.unit_id"
    "  WHERE a.role = 'first_secretary' AND a.start_on <= d.held_on AND coalesce(a.end_on, '9999-12-31') >= d.held_on"
    " ORDER BY 1, 2;"
    "WITH matters(n, content, kind) AS (VALUES"
    "    (0, '低保申请', 'proxy'), (1, '城乡居民医保缴费', 'apply'), (2, '养老保险待遇认证', 'apply'),"
    "    (3, '危房改造申请', 'proxy'), (4, '残疾证办理', 'proxy'), (5, '户籍证明', 'apply'),"
    "    (6, '宅基地建房审批', 'proxy'), (7, '土地承包纠纷调解', 'apply'), (8, '独生子女证明', 'apply'),"
    "    (9, '临时救助申请', 'proxy')),"
    " surnames(n, s) AS (VALUES (0, '刘'), (1, '李'), (2, '王'), (3, '陈'), (4, '邓'), (5, '肖'), (6, '周'),"
    "    (7, '唐'), (8, '曾'), (9, '彭'), (10, '罗'), (11, '夏'), (12, '蒋')),"
    " givens(n, g) AS (VALUES (0, '满秀'), (1, '桂生'), (2, '德明'), (3, '春华'), (4, '冬生'), (5, '秋香'),"
    "    (6, '正林'), (7, '小军'), (8, '玉梅'), (9, '石保'), (10, '长根')),"
    " slots(k) AS (VALUES (0), (1)),"
    " wanted AS (SELECT d.id, d.held_on, d.unit_id, k.k FROM service_days d CROSS JOIN slots k"
    "             WHERE (d.id * 7 + k.k * 3) %% 10 < CASE k.k WHEN 0 THEN 5 ELSE 2 END)"
    " INSERT INTO service_matters (service_day_id, kind, applicant, content, handler_id, outcome, done_on)"
    " SELECT w.id, m.kind, s.s || g.g, m.content,"
    "        CASE m.kind WHEN 'proxy' THEN (SELECT p.id FROM people p WHERE p.unit_id = w.unit_id"
    "                                          AND p.post = '村党支部书记') END,"
    "        CASE WHEN w.held_on >= '%1$d-11-16' AND w.id %% 2 = 0 THEN 'open'"
    "             WHEN w.id %% 97 = 0 THEN 'declined' WHEN w.id %% 41 = 0 THEN 'referred' ELSE 'done' END,"
    "        CASE WHEN (w.held_on >= '%1$d-11-16' AND w.id %% 2 = 0) OR w.id %% 97 = 0 OR w.id %% 41 = 0 THEN NULL"
    "             ELSE date(w.held_on, '+' || ((w.id + w.k) %% 14) || ' days') END"
    "   FROM wanted w"  /* CROSS JOIN keeps this order: each day's row finds its words */
    "  CROSS JOIN matters m ON m.n = (w.id * 3 + w.k * 5) %% 10"
    "  CROSS JOIN surnames s ON s.n = (w.id + w.k * 7) %% 13"
    "  CROSS JOIN givens g ON g.n = (w.id * 5 + w.k) %% 11"
    "  ORDER BY w.id, w.k;";

/* Pinyin initials of the applicants, so that they are found by initials from the first run. */
static bool fill_applicant_pinyin(tz_db *db, tz_error *err)
{
    tz_stmt *sel = NULL, *upd = NULL;
    bool ok = db_prepare(db, "SELECT id, applicant FROM service_matters WHERE applicant_py IS NULL",
                         &sel, err) == TZ_OK &&
              db_prepare(db, "UPDATE service_matters SET applicant_py = ? WHERE id = ?", &upd, err) == TZ_OK;
    bool row = false;
    while (ok && (ok = db_step(sel, &row, err) == TZ_OK) && row) {
        char *py = tz_pinyin_initials(db_column_text(sel, 1), true);
        ok = py != NULL;
        if (ok) {
            db_bind_text(upd, 1, py);
            db_bind_int(upd, 2, db_column_int(sel, 0));
            bool done;
            ok = db_step(upd, &done, err) == TZ_OK;
        }
        free(py);
    }
    db_finalize(sel);
    db_finalize(upd);
    return ok;
}

bool gen_village(tz_db *db, tz_error *err)
{
    char sql[sizeof assessments_sql + 64];
    int later = GEN_THIS_YEAR - 1, earlier = GEN_THIS_YEAR - 2;
    snprintf(sql, sizeof sql, assessments_sql, earlier, later, later, later);
    char service[sizeof service_sql + 64];
    snprintf(service, sizeof service, service_sql, GEN_THIS_YEAR);
    return add_village_cadres(db, err) && db_exec(db, sql, err) == TZ_OK &&
           db_exec(db, service, err) == TZ_OK && fill_applicant_pinyin(db, err);
}
