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
           db_exec(db, postings_sql, err) == TZ_OK && db_exec(db, budget_sql, err) == TZ_OK;
}
