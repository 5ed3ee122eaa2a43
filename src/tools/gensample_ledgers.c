/* gensample_ledgers.c — the sample's demonstration sites, supervisor postings and budget lines,
 * at the seed's scale: 164 sites in every status (a couple reopened), 47 city leaders and 104
 * department heads posted as instructors, 224 first-secretary postings over two years, budget
 * lines for two years (started through budget_year_starts, the batch clerks use) with
 * disbursements over the quarters. Variation comes from arithmetic on row ids: reproducible. */
#include "gensample.h"
#include "taizhang/pinyin.h"

#include <stdio.h>
#include <stdlib.h>

/* Leaders: the city's leaders, township committee members and department heads, in that
 * order; hosts: villages, communities, departments and townships in a scrambled order. Site n
 * (id n) gets host n and leader n. The first 19 are named (the seed's 19 demonstration
 * branches). Each site walks its statuses over the years, so its dated history (migration 013)
 * has a row per step: applied in March of its founding year, building from September,
 * accepted the next May (named sites) or November, named that November. */
static const char sites_sql[] =
    "INSERT INTO demo_sites (name, unit_id, leader_id, category, level, founded_year, status,"
    "                        status_on)"
    " SELECT h.name || CASE h.level WHEN 'department' THEN '机关党建示范点'"
    "                               WHEN 'township' THEN '党建示范中心' ELSE '党建示范点' END,"
    "        h.id, l.id,"
    "        CASE h.level WHEN 'village' THEN (CASE WHEN h.n % 9 = 0 THEN 'enterprise'"
    "                                               WHEN h.n % 13 = 0 THEN 'school' ELSE 'rural' END)"
    "                     WHEN 'community' THEN 'community' WHEN 'department' THEN 'organ'"
    "                     ELSE 'new_org' END,"
    "        CASE WHEN h.n % 23 = 0 THEN 'prefecture' WHEN h.n % 3 = 0 THEN 'township' ELSE 'city' END,"
    "        2015 + h.n % 11, 'applied', printf('%d-03-%02d', 2015 + h.n % 11, 1 + h.n % 28)"
    "   FROM (SELECT u.id, u.name, u.level,"
    "                row_number() OVER (ORDER BY u.level = 'township', (u.id * 37) % 1009, u.id) AS n"
    "           FROM units u WHERE u.level IN ('village', 'community', 'department', 'township')) h"
    "   JOIN (SELECT p.id, row_number() OVER (ORDER BY CASE u.level WHEN 'city' THEN 0"
    "                WHEN 'township' THEN 1 ELSE 2 END, p.id) AS n"
    "           FROM people p JOIN units u ON u.id = p.unit_id"
    "          WHERE u.level IN ('city', 'township', 'department')) l ON l.n = h.n"
    "  WHERE h.n <= 164 ORDER BY h.n;"
    "UPDATE demo_sites SET status = 'building',"
    "       status_on = printf('%d-09-%02d', founded_year, 1 + id % 28) WHERE id <= 135;"
    "UPDATE demo_sites SET status = 'accepted',"
    "       accepted_on = printf('%d-%s-%02d', founded_year + 1, CASE WHEN id <= 19 THEN '05' ELSE '11' END,"
    "                            1 + id % 28)"
    " WHERE id <= 80;"
    "UPDATE demo_sites SET status = 'named',"
    "       status_on = printf('%d-11-%02d', founded_year + 1, 1 + id % 28) WHERE id <= 19;"
    /* two sites sent back after a re-check */
    "INSERT INTO site_reopenings (site_id, reason, to_status, reopened_on)"
    " SELECT id, '复查发现阵地建设不达标，退回整改', 'building', '2026-05-12' FROM demo_sites"
    "  WHERE status = 'accepted' AND accepted_on < '2026-05-01' ORDER BY id LIMIT 1 OFFSET 10;"
    "INSERT INTO site_reopenings (site_id, reason, to_status, reopened_on)"
    " SELECT id, '申报材料不全，重新申报', 'applied', '2026-06-03' FROM demo_sites"
    "  WHERE status = 'building' ORDER BY id LIMIT 1 OFFSET 20;";

/* The 47 city leaders are instructors for the townships; the 104 department heads (the first
 * person of each department) for villages. First secretaries come from the other department
 * cadres: 124 postings in 2025 (6 replaced half-way), 100 in post since March 2026. */
static const char postings_sql[] =
    "INSERT INTO assignments (person_id, role, unit_id, sending_unit_id, start_on, status)"
    " SELECT p.id, 'instructor', t.id, p.unit_id, '2025-01-10', 'in_post'"
    "   FROM (SELECT p.id, p.unit_id, row_number() OVER (ORDER BY p.id) AS n"
    "           FROM people p JOIN units u ON u.id = p.unit_id WHERE u.level = 'city') p"
    "   JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM units"
    "          WHERE level = 'township') t ON t.n = p.n % 18;"
    "CREATE TEMP TABLE heads AS SELECT min(p.id) AS id, p.unit_id FROM people p"
    "  JOIN units u ON u.id = p.unit_id WHERE u.level = 'department' GROUP BY p.unit_id;"
    "CREATE TEMP TABLE villages AS SELECT id, row_number() OVER (ORDER BY (id * 53) % 997, id) AS n"
    "  FROM units WHERE level IN ('village', 'community');"
    "CREATE TEMP TABLE cadres AS SELECT p.id, p.unit_id, row_number() OVER (ORDER BY p.id) AS n"
    "  FROM people p JOIN units u ON u.id = p.unit_id"
    " WHERE u.level = 'department' AND p.id NOT IN (SELECT id FROM heads);"
    "INSERT INTO assignments (person_id, role, unit_id, sending_unit_id, start_on, status)"
    " SELECT h.id, 'instructor', v.id, h.unit_id, '2025-01-10', 'in_post'"
    "   FROM (SELECT id, unit_id, row_number() OVER (ORDER BY unit_id) AS n FROM heads) h"
    "   JOIN villages v ON v.n = 200 + h.n;"
    "INSERT INTO assignments (person_id, role, unit_id, sending_unit_id, start_on, end_on, status)"
    " SELECT c.id, 'first_secretary', v.id, c.unit_id, '2025-03-01',"
    "        CASE WHEN c.n <= 6 THEN '2025-06-30' ELSE '2025-12-31' END,"
    "        CASE WHEN c.n <= 6 THEN 'replaced' ELSE 'ended' END"
    "   FROM cadres c JOIN villages v ON v.n = c.n WHERE c.n <= 118;"
    "INSERT INTO assignments (person_id, role, unit_id, sending_unit_id, start_on, end_on, status,"
    "                         notes)"
    " SELECT c.id, 'first_secretary', v.id, c.unit_id, '2025-07-01', '2025-12-31', 'ended',"
    "        '接替连续三个月排名末位的原第一书记'"
    "   FROM cadres c JOIN villages v ON v.n = c.n - 118 WHERE c.n BETWEEN 119 AND 124;"
    "INSERT INTO assignments (person_id, role, unit_id, sending_unit_id, start_on, status)"
    " SELECT c.id, 'first_secretary', v.id, c.unit_id, '2026-03-01', 'in_post'"
    "   FROM cadres c JOIN villages v ON v.n = c.n + 30"
    "  WHERE c.n BETWEEN 1 + (SELECT count(*) FROM cadres) - 100 AND (SELECT count(*) FROM cadres);"
    /* township secretaries as liaison leaders of a village each */
    "INSERT INTO assignments (person_id, role, unit_id, sending_unit_id, start_on, status)"
    " SELECT p.id, 'liaison', (SELECT min(v.id) FROM units v WHERE v.parent_id = p.unit_id),"
    "        p.unit_id, '2026-01-05', 'in_post'"
    "   FROM people p JOIN units u ON u.id = p.unit_id"
    "  WHERE u.level = 'township' AND p.post LIKE '%书记' AND p.post NOT LIKE '%副%';"
    "DROP TABLE heads; DROP TABLE villages; DROP TABLE cadres;";

/* First secretaries as the city runs them: every posting's village kind, its party relationship
 * moved ten days after arrival, detached from the home unit; a record for each month in post
 * up to November 2026 (about 2,080), whose totals are of the order the city reports (24,700
 * visits, 1,880 difficulties, 600 disputes, 6,000 万元, 276 projects); a few months short of
 * 22 days or 12 nights; a weekly report for most Mondays; one secretary last in a weak village
 * three months running in 2025, replaced; half-year reports. */
static const char secretaries_sql[] =
    "UPDATE assignments SET village_category = CASE unit_id % 3 WHEN 0 THEN 'weak'"
    "       WHEN 1 THEN 'no_economy' ELSE 'poverty' END,"
    "       relation_moved_on = date(start_on, '+10 days'), detached = 1"
    " WHERE role = 'first_secretary';"
    "INSERT INTO fs_sixth (township_id, name)"
    " SELECT id, CASE id % 3 WHEN 0 THEN '培训党员人次' WHEN 1 THEN '发展产业个数'"
    "        ELSE '办理民生实事件数' END FROM units WHERE level = 'township';"
    "CREATE TEMP TABLE fs_span AS"
    " WITH RECURSIVE m(id, month, last) AS ("
    "   SELECT id, substr(start_on, 1, 7), substr(min(coalesce(end_on, '2026-11-30'), '2026-11-30'), 1, 7)"
    "     FROM assignments WHERE role = 'first_secretary'"
    "   UNION ALL SELECT id, strftime('%Y-%m', month || '-01', '+1 month'), last FROM m WHERE month < last)"
    " SELECT m.id, m.month, CAST(substr(m.month, 6, 2) AS INTEGER) AS mo,"
    /* each month the last place of a township's villages of a kind passes to the next one */
    "        (row_number() OVER (PARTITION BY ut.township_id, a.village_category, m.month ORDER BY m.id)"
    "         - 1 + CAST(substr(m.month, 6, 2) AS INTEGER))"
    "        % count(*) OVER (PARTITION BY ut.township_id, a.village_category, m.month) AS q"
    "   FROM m JOIN assignments a ON a.id = m.id JOIN unit_townships ut ON ut.unit_id = a.unit_id;"
    "INSERT INTO fs_months (assignment_id, month, days, nights, visits, difficulties, disputes,"
    "                       funds_wan, projects, sixth)"
    " SELECT id, month,"
    "        CASE WHEN (id * 13 + mo) % 89 = 0 THEN 19 ELSE 22 + (id + mo) % 5 END,"
    "        CASE WHEN (id * 13 + mo) % 89 = 0 THEN 10 ELSE 12 + (id * 3 + mo) % 6 END,"
    "        6 + (id * 7 + mo * 3) % 12, (id + mo * 5) % 2 + ((id * mo) % 11 = 0) + ((id + mo) % 5 = 0),"
    "        ((id * 5 + mo) % 7 = 0) + ((id + mo) % 7 = 3),"
    "        round(((id * 17 + mo * 7) % 50) / 8.5, 1), ((id * 3 + mo * 7) % 11 = 0) * (1 + id % 2),"
    "        40 * q + (id + mo) % 4"
    "   FROM fs_span;"
    /* the first of the secretaries replaced in mid-2025: last of the weak villages of its
     * township from March to May, recorded as replaced */
    "CREATE TEMP TABLE fs_last AS"
    " SELECT a.id FROM assignments a JOIN unit_townships ut ON ut.unit_id = a.unit_id"
    "  WHERE a.role = 'first_secretary' AND a.status = 'replaced'"
    "    AND (SELECT count(*) FROM assignments b JOIN unit_townships bt ON bt.unit_id = b.unit_id"
    "          WHERE b.role = 'first_secretary' AND b.id <> a.id AND bt.township_id = ut.township_id"
    "            AND b.village_category = a.village_category AND b.start_on <= '2025-03-01'"
    "            AND coalesce(b.end_on, '9999') >= '2025-05-31') > 0"
    "  ORDER BY a.id LIMIT 1;"
    "UPDATE fs_months SET days = 15, nights = 6, visits = 1, difficulties = 0, disputes = 0,"
    "       funds_wan = 0, projects = 0, sixth = 0"
    " WHERE assignment_id IN (SELECT id FROM fs_last) AND month BETWEEN '2025-03' AND '2025-05';"
    "UPDATE assignments SET decision = 'replace', decided_on = '2025-06-20',"
    "       notes = '连续三个月在本乡镇同类村排名末位，在村工作开展效果不佳，予以撤换'"
    " WHERE id IN (SELECT id FROM fs_last);"
    "INSERT INTO fs_weeks (assignment_id, week_of, text)"
    " WITH RECURSIVE w(id, d, last) AS ("
    "   SELECT id, date(start_on, '+' || ((8 - CAST(strftime('%w', start_on) AS INTEGER)) % 7) || ' days'),"
    "          min(coalesce(end_on, '2026-11-30'), '2026-11-30')"
    "     FROM assignments WHERE role = 'first_secretary'"
    "   UNION ALL SELECT id, date(d, '+7 days'), last FROM w WHERE date(d, '+7 days') <= last)"
    " SELECT id, d, CASE (id + CAST(strftime('%j', d) AS INTEGER)) % 6"
    "        WHEN 0 THEN '走访农户，了解生产生活困难' WHEN 1 THEN '召开村支两委会议，研究集体经济项目'"
    "        WHEN 2 THEN '协调解决村民用水纠纷' WHEN 3 THEN '对接派出单位，争取帮扶资金'"
    "        WHEN 4 THEN '组织党员开展主题党日活动' ELSE '督促村级道路硬化工程进度' END"
    "   FROM w WHERE d <= last AND (id + CAST(strftime('%W', d) AS INTEGER)) % 9 <> 0"
    "     AND id NOT IN (SELECT id FROM fs_last);"
    "INSERT INTO fs_reviews (assignment_id, held_on, rating, remarks)"
    " SELECT id, CASE WHEN start_on < '2026-01-01' THEN '2025-07-08' ELSE '2026-07-07' END,"
    "        CASE WHEN id IN (SELECT id FROM fs_last) THEN 'poor' ELSE"
    "        CASE id % 4 WHEN 0 THEN 'good' WHEN 1 THEN 'fair' WHEN 2 THEN 'good' ELSE 'average' END END,"
    "        '半年述职，群众测评通过'"
    "   FROM assignments WHERE role = 'first_secretary'"
    "    AND coalesce(end_on, '9999') >= CASE WHEN start_on < '2026-01-01' THEN '2025-06-30' ELSE '2026-06-30' END;"
    "DROP TABLE fs_span; DROP TABLE fs_last;";

/* The two creations for 2026: every branch of a village, a community or a department inspected
 * for 标准化 by a township's cadre from the next township (the departments' by the first
 * township's), all criteria met but for 8 branches with one unmet (98.7% pass); 22 branches
 * inspected for 示范化, 19 of them named. */
static const char creations_sql[] =
    "CREATE TEMP TABLE towns AS SELECT id, row_number() OVER (ORDER BY code) - 1 AS n,"
    "       count(*) OVER () AS k FROM units WHERE level = 'township';"
    "CREATE TEMP TABLE inspectors AS SELECT t.n, min(p.id) AS id FROM people p"
    "  JOIN towns t ON t.id = p.unit_id GROUP BY t.n;"
    "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
    " SELECT 2026, u.id, 'standard',"
    "        (SELECT i.id FROM inspectors i WHERE i.n = (coalesce(t.n, -1) + 1) % (SELECT count(*) FROM towns)),"
    "        printf('2026-10-%02d', 8 + u.id % 20)"
    "   FROM units u LEFT JOIN towns t ON t.id = u.parent_id"
    "  WHERE u.level IN ('village', 'community', 'department') ORDER BY u.code;"
    "INSERT INTO inspections (year, unit_id, level, inspector_id, inspected_on)"
    " SELECT 2026, u.id, 'model',"
    "        (SELECT i.id FROM inspectors i WHERE i.n = (t.n + 2) % (SELECT count(*) FROM towns)),"
    "        printf('2026-11-%02d', 3 + u.id % 20)"
    "   FROM units u JOIN towns t ON t.id = u.parent_id"
    "  WHERE u.level IN ('village', 'community') AND u.id % 17 = 1 ORDER BY u.id LIMIT 22;"
    "UPDATE inspection_results SET met = 1;"
    "UPDATE inspection_results SET met = 0, note = '检查时未达到该条标准，限期整改'"
    " WHERE id IN (SELECT min(r.id) + i.unit_id % 13 FROM inspections i"
    "                JOIN inspection_results r ON r.inspection_id = i.id"
    "               WHERE i.level = 'standard' AND i.unit_id % 17 <> 1"
    "               GROUP BY i.id ORDER BY i.unit_id % 61, i.unit_id LIMIT 8);"
    "UPDATE inspection_results SET met = 0, note = '集体经济年收入未达标准'"
    " WHERE id IN (SELECT max(r.id) FROM inspections i JOIN inspection_results r ON r.inspection_id = i.id"
    "               WHERE i.level = 'model' GROUP BY i.id ORDER BY i.unit_id DESC LIMIT 3);"
    "DROP TABLE towns; DROP TABLE inspectors;";

/* Communities under sub-districts (街道) are urban. Two budget years through the batch, one-off
 * builds from the seed (village service centres 30万, township centres 50万, community
 * renovation 150万), then payments: 2025 three quarters of lines fully paid, 2026 paid up to
 * the third quarter (a few lines settled). Integer division keeps every line within its budget. */
static const char budget_sql[] =
    "UPDATE units SET urban = 1 WHERE level = 'community'"
    "   AND parent_id IN (SELECT id FROM units WHERE name LIKE '%街道');"
    "INSERT INTO budget_year_starts (year, started_on) VALUES (2025, '2025-01-05');"
    "INSERT INTO budget_year_starts (year, started_on) VALUES (2026, '2026-01-05');"
    "INSERT INTO budget_lines (year, unit_id, category, source, budgeted_fen, notes)"
    " SELECT 2025 + (id / 10) % 2, id, 'one_off_build', '省市共担', 30000000, '村级组织活动场所建设'"
    "   FROM units WHERE level = 'village' AND (id * 7) % 10 = 0;"
    "INSERT INTO budget_lines (year, unit_id, category, source, budgeted_fen, notes)"
    " SELECT 2026, id, 'one_off_build', '省市共担', 50000000, '乡镇便民服务中心建设'"
    "   FROM units WHERE level = 'township' AND id % 3 = 0;"
    "INSERT INTO budget_lines (year, unit_id, category, source, budgeted_fen, notes)"
    " SELECT 2025, id, 'one_off_build', '市级财政', 150000000, '社区办公服务用房改造'"
    "   FROM units WHERE level = 'community' AND id % 4 = 0;"
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT id, year || '-03-20', budgeted_fen * 3 / 10, printf('PZ%d-%05d', year, id * 4), '一季度拨付'"
    "   FROM budget_lines WHERE budgeted_fen > 0;"
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT id, year || '-06-18', budgeted_fen * 3 / 10, printf('PZ%d-%05d', year, id * 4 + 1), '二季度拨付'"
    "   FROM budget_lines WHERE budgeted_fen > 0;"
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT id, year || '-09-16', budgeted_fen * 2 / 10, printf('PZ%d-%05d', year, id * 4 + 2), '三季度拨付'"
    "   FROM budget_lines WHERE budgeted_fen > 0 AND (year = 2025 OR id % 3 <> 0);"
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT l.id, '2025-12-10', l.budgeted_fen - (SELECT sum(amount_fen) FROM disbursements d"
    "                                              WHERE d.line_id = l.id),"
    "        printf('PZ2025-%05d', l.id * 4 + 3), '四季度拨付（结清）'"
    "   FROM budget_lines l WHERE l.year = 2025 AND l.budgeted_fen > 0 AND l.id % 4 <> 0;"
    /* a few 2026 lines already settled by the third quarter */
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT l.id, '2026-09-25', l.budgeted_fen - (SELECT sum(amount_fen) FROM disbursements d"
    "                                              WHERE d.line_id = l.id),"
    "        printf('PZ2026-%05d', l.id * 4 + 3), '三季度结清'"
    "   FROM budget_lines l WHERE l.year = 2026 AND l.budgeted_fen > 0 AND l.id % 29 = 0;";

/* Pinyin initials for the site names, so they are found by initials from the first run. */
static bool fill_site_pinyin(tz_db *db, tz_error *err)
{
    tz_stmt *sel = NULL, *upd = NULL;
    if (db_prepare(db, "SELECT id, name FROM demo_sites WHERE name_py IS NULL", &sel, err) != TZ_OK ||
        db_prepare(db, "UPDATE demo_sites SET name_py = ? WHERE id = ?", &upd, err) != TZ_OK) {
        db_finalize(sel);
        return false;
    }
    bool row = false, ok = true;
    while (ok && (ok = db_step(sel, &row, err) == TZ_OK) && row) {
        char *py = tz_pinyin_initials(db_column_text(sel, 1), false);
        db_bind_text(upd, 1, py);
        db_bind_int(upd, 2, db_column_int(sel, 0));
        free(py);
        bool done;
        ok = db_step(upd, &done, err) == TZ_OK;
    }
    db_finalize(sel);
    db_finalize(upd);
    return ok;
}

bool gen_ledgers(tz_db *db, tz_error *err)
{
    return db_exec(db, sites_sql, err) == TZ_OK && fill_site_pinyin(db, err) &&
           db_exec(db, postings_sql, err) == TZ_OK && db_exec(db, secretaries_sql, err) == TZ_OK &&
           db_exec(db, creations_sql, err) == TZ_OK &&
           db_exec(db, budget_sql, err) == TZ_OK;
}
