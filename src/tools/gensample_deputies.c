/* gensample_deputies.c — the sample's standing representatives (党代表常任制) at the seed's
 * scale: 371 city Party-congress representatives in 21 studios (one per township, three for
 * the city's organs), each linked to a village or community and to 10 households there,
 * visited once a quarter through 2025 and 2026 (the fourth quarter of 2026 under way), the
 * activities of the seven kinds over the two years, and proposals with their answers.
 * Variation comes from arithmetic on row ids: reproducible. */
#include "gensample.h"
#include "taizhang/pinyin.h"

#include <stdio.h>
#include <stdlib.h>

/* Studios; then representatives: the first 371 villages and communities (of those with
 * cadres) in a scrambled order; every third one's representative is a cadre of the city or a
 * department, who sits in one of the city's three studios, the others a cadre of the village
 * itself, in the studio of its township — so a township's replica holds its representatives'
 * people. */
static const char deputies_sql[] =
    "INSERT INTO deputy_studios (name, unit_id, address)"
    " SELECT name || '党代表工作室', id, name || '便民服务中心' FROM units WHERE level = 'township'"
    "  ORDER BY code;"
    "INSERT INTO deputy_studios (name, unit_id, address)"
    " SELECT '市直机关第' || n || '党代表工作室', (SELECT id FROM units WHERE level = 'city'), '市委党校'"
    "   FROM (SELECT '一' AS n UNION ALL SELECT '二' UNION ALL SELECT '三');"
    "CREATE TEMP TABLE dep_places AS"
    " SELECT u.id, u.parent_id, (SELECT min(p.id) FROM people p WHERE p.unit_id = u.id) AS local,"
    "        row_number() OVER (ORDER BY (u.id * 37) % 1009, u.id) AS n"
    "   FROM units u WHERE u.level IN ('village', 'community')"
    "    AND EXISTS (SELECT 1 FROM people p WHERE p.unit_id = u.id);"
    "CREATE TEMP TABLE dep_people AS"
    " SELECT p.id, row_number() OVER (ORDER BY (p.id * 53) % 1013, p.id) AS n"
    "   FROM people p JOIN units u ON u.id = p.unit_id WHERE u.level IN ('city', 'department');"
    "INSERT INTO deputies (person_id, studio_id, unit_id, term, elected_on)"
    " SELECT coalesce(pe.id, pl.local),"
    "        CASE WHEN pe.id IS NOT NULL"
    "             THEN (SELECT min(s.id) FROM deputy_studios s JOIN units c ON c.id = s.unit_id"
    "                    WHERE c.level = 'city') + pe.n % 3"
    "             ELSE (SELECT s.id FROM deputy_studios s WHERE s.unit_id = pl.parent_id) END,"
    "        pl.id, '第十三届', '2021-09-26'"
    "   FROM dep_places pl LEFT JOIN dep_people pe ON pl.n % 3 = 0 AND pe.n = pl.n / 3"
    "  WHERE pl.n <= 371 ORDER BY pl.n;"
    "DROP TABLE dep_places; DROP TABLE dep_people;"
    /* ten households each, in the linked village */
    "INSERT INTO deputy_households (deputy_id, name, address, phone)"
    " WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 10)"
    " SELECT d.id,"
    "        substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高曾邓肖谢唐彭邹蒋钟戴', 1 + (d.id * 10 + k.i) * 7 % 30, 1)"
    "        || substr('建华明国丽秀英志强军平桂芳玉兰春生福德永红云海金清先卫文松梅成忠新友光荣辉林', "
    "                  1 + (d.id * 10 + k.i) * 11 % 38, 1)"
    "        || CASE WHEN (d.id + k.i) % 3 = 0 THEN ''"
    "           ELSE substr('华明国丽英志强平芳兰生福德红云海清卫文松梅成忠新光荣辉林', "
    "                       1 + (d.id * 10 + k.i) * 13 % 28, 1) END,"
    "        u.name || printf('%d组%d号', 1 + (d.id + k.i) % 9, 1 + (d.id * 7 + k.i * 13) % 60),"
    "        CASE WHEN (d.id + k.i) % 7 = 0 THEN NULL"
    "             ELSE '13' || (5 + (d.id + k.i) % 5) || printf('%08d', ((d.id * 10 + k.i) * 7919) % 100000000) END"
    "   FROM deputies d JOIN units u ON u.id = d.unit_id CROSS JOIN k ORDER BY d.id, k.i;"
    /* a visit a quarter; in the fourth quarter of 2026, three households in five so far */
    "INSERT INTO deputy_visits (household_id, visited_on, content)"
    " WITH RECURSIVE q(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM q WHERE n < 7)"
    " SELECT h.id,"
    "        date(printf('%d-%02d-01', 2025 + q.n / 4, 1 + (q.n % 4) * 3),"
    "             '+' || ((h.id * 13 + q.n * 17) % (CASE WHEN q.n = 7 THEN 60 ELSE 85 END)) || ' days'),"
    "        CASE (h.id + q.n) % 6 WHEN 0 THEN '宣传惠民政策，了解家庭生产生活情况'"
    "             WHEN 1 THEN '听取对村级班子建设的意见建议' WHEN 2 THEN '了解子女就学和医疗保险办理情况'"
    "             WHEN 3 THEN '协调解决农田灌溉用水问题' WHEN 4 THEN '走访慰问，宣讲党的方针政策'"
    "             ELSE '收集对村道硬化和环境卫生整治的意见' END"
    "   FROM deputy_households h CROSS JOIN q"
    "  WHERE q.n < 7 OR h.id % 5 < 3 ORDER BY h.id, q.n;"
    /* the activities of each year: four representatives' days (one a quarter, at the studio),
     * a survey, the annual review, and proposals, suggestions, meetings and inquiries by some */
    "INSERT INTO deputy_activities (deputy_id, kind, held_on, content)"
    " WITH RECURSIVE q(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM q WHERE n < 7)"
    " SELECT d.id, 'activity_day', printf('%d-%02d-%02d', 2025 + q.n / 4, 2 + (q.n % 4) * 3, 10 + d.studio_id % 15),"
    "        '参加工作室党代表活动日，接待群众来访'"
    "   FROM deputies d CROSS JOIN q WHERE q.n < 7 OR d.id % 4 <> 0;"
    "INSERT INTO deputy_activities (deputy_id, kind, held_on, content)"
    " WITH y(year) AS (SELECT 2025 UNION ALL SELECT 2026)"
    " SELECT d.id, 'survey', printf('%d-%02d-%02d', y.year, 4 + d.id % 5, 1 + d.id % 28),"
    "        CASE d.id % 4 WHEN 0 THEN '调研村级集体经济发展情况' WHEN 1 THEN '视察农村环境卫生整治工作'"
    "             WHEN 2 THEN '调研精准扶贫项目落实情况' ELSE '视察便民服务中心建设' END"
    "   FROM deputies d CROSS JOIN y"
    " UNION ALL"
    " SELECT d.id, 'review', printf('%d-06-%02d', y.year, 1 + d.id % 20), '参加对市直单位的民主评议'"
    "   FROM deputies d CROSS JOIN y WHERE y.year = 2025 OR d.id % 2 = 0"
    " UNION ALL"
    " SELECT d.id, 'attend', printf('%d-%02d-%02d', y.year, 3 + d.id % 8, 5 + d.id % 20), '列席市委全体会议'"
    "   FROM deputies d CROSS JOIN y WHERE (d.id + y.year) % 6 = 0"
    " UNION ALL"
    " SELECT d.id, 'inquiry', printf('%d-%02d-%02d', y.year, 5 + d.id % 5, 2 + d.id % 25),"
    "        '就农村危房改造资金拨付进度提出询问'"
    "   FROM deputies d CROSS JOIN y WHERE (d.id + y.year) % 10 = 3;"
    "INSERT INTO deputy_activities (deputy_id, kind, held_on, content, handling, answered_on)"
    " WITH y(year) AS (SELECT 2025 UNION ALL SELECT 2026),"
    " p AS (SELECT d.id, y.year, CASE WHEN (d.id + y.year) % 3 = 0 THEN 'suggestion' ELSE 'proposal' END AS kind,"
    "              printf('%d-%02d-%02d', y.year, 2 + d.id % 8, 1 + d.id % 28) AS held_on,"
    "              CASE d.id % 6 WHEN 0 THEN '关于加快村级便民服务中心建设的提案'"
    "                   WHEN 1 THEN '关于提高村干部误工补贴标准的提案'"
    "                   WHEN 2 THEN '关于加强农村饮水安全工程管护的提议'"
    "                   WHEN 3 THEN '关于推进集体经济空白村清零的提案'"
    "                   WHEN 4 THEN '关于改善农村中小学办学条件的提议'"
    "                   ELSE '关于规范村级集中服务日制度的提议' END AS content"
    "         FROM deputies d CROSS JOIN y WHERE (d.id + y.year) % 2 = 1)"
    /* answered within one to three months, but not all of this year's yet */
    " SELECT id, kind, held_on, content,"
    "        CASE WHEN year = 2025 OR (id % 10 < 7 AND answer_on < '2026-12-01')"
    "             THEN '已交市直有关部门办理，办理结果已书面答复代表' END,"
    "        CASE WHEN year = 2025 OR (id % 10 < 7 AND answer_on < '2026-12-01') THEN answer_on END"
    "   FROM (SELECT p.*, date(held_on, '+' || (30 + id % 60) || ' days') AS answer_on FROM p);";

bool gen_fill_pinyin(tz_db *db, const char *table, bool surname, tz_error *err)
{
    char sql[160];
    tz_stmt *sel = NULL, *upd = NULL;
    snprintf(sql, sizeof sql, "SELECT id, name FROM %s WHERE name_py IS NULL", table);
    if (db_prepare(db, sql, &sel, err) != TZ_OK)
        return false;
    snprintf(sql, sizeof sql, "UPDATE %s SET name_py = ? WHERE id = ?", table);
    if (db_prepare(db, sql, &upd, err) != TZ_OK) {
        db_finalize(sel);
        return false;
    }
    bool row = false, ok = true;
    while (ok && (ok = db_step(sel, &row, err) == TZ_OK) && row) {
        char *py = tz_pinyin_initials(db_column_text(sel, 1), surname);
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

bool gen_deputies(tz_db *db, tz_error *err)
{
    return db_exec(db, deputies_sql, err) == TZ_OK && gen_fill_pinyin(db, "deputy_studios", false, err) &&
           gen_fill_pinyin(db, "deputy_households", true, err);
}
