/* gensample_secondments.c — the sample's cadres sent out (挂职锻炼与外派培训): the seed's 2015
 * batches (April, 71 village and community secretaries and township discipline and
 * organisation members to 长沙县 for a week; June, 30 cadres to 浏阳市 for a month; August, 20
 * to 长沙市 for three months), May 2016's closed training of 30 young cadres, and the same
 * pattern in 2025 and 2026 — 2026's secondments taking 11 of 2025's selected good cadres, the
 * only good cadres sent.
 * Members are drawn in scrambled orders of the people: reproducible. */
#include "gensample.h"

static const char batches_sql[] =
    "INSERT INTO sc_batches (name, unit_id, kind, place, host, starts_on, ends_on)"
    " WITH b(name, kind, place, host, starts_on, ends_on) AS (VALUES"
    "     ('2015年村（社区）书记和乡镇纪检组织委员赴长沙县培训', 'training', '长沙县', '长沙县委组织部', '2015-04-13', '2015-04-19'),"
    "     ('2015年党政干部赴浏阳市挂职锻炼', 'secondment', '浏阳市', '浏阳市委组织部', '2015-06-01', '2015-06-30'),"
    "     ('2015年党政干部赴长沙市挂职锻炼', 'secondment', '长沙市', '长沙市委组织部', '2015-08-03', '2015-11-02'),"
    "     ('2016年年轻干部和青年创业带头人封闭式培训', 'training', '长沙县', '长沙县委党校创业基地', '2016-05-09', '2016-05-20'),"
    "     ('2025年村（社区）书记赴长沙县培训', 'training', '长沙县', '长沙县委组织部', '2025-04-14', '2025-04-20'),"
    "     ('2025年党政干部赴浏阳市挂职锻炼', 'secondment', '浏阳市', '浏阳市委组织部', '2025-06-03', '2025-07-02'),"
    "     ('2026年村（社区）书记赴长沙县培训', 'training', '长沙县', '长沙县委组织部', '2026-04-13', '2026-04-19'),"
    "     ('2026年党政干部赴浏阳市挂职锻炼', 'secondment', '浏阳市', '浏阳市委组织部', '2026-06-01', '2026-06-30'),"
    "     ('2026年党政干部赴长沙市挂职锻炼', 'secondment', '长沙市', '长沙市委组织部', '2026-08-03', '2026-11-02')"
    " )"
    " SELECT name, (SELECT id FROM units WHERE level = 'city'), kind, place, host, starts_on, ends_on FROM b;";

/* Who may go: village and community secretaries, township discipline and organisation members,
 * and the cadres of townships and departments; n orders each pool differently per batch. */
static const char members_sql[] =
    "CREATE TEMP TABLE sc_pool AS"
    " SELECT p.id, p.post, CASE WHEN u.level IN ('village', 'community') THEN 'village'"
    "                           WHEN u.level = 'township' AND p.post IN ('纪委书记', '组织委员') THEN 'discipline'"
    "                           WHEN u.level IN ('township', 'department') THEN 'cadre' END AS pool"
    "   FROM people p JOIN units u ON u.id = p.unit_id;"
    "CREATE TEMP TABLE sc_plan(starts_on TEXT, pool TEXT, size INTEGER, mul INTEGER);"
    "INSERT INTO sc_plan VALUES"
    " ('2015-04-13', 'village', 60, 31), ('2015-04-13', 'discipline', 11, 7),"
    " ('2015-06-01', 'cadre', 30, 37), ('2015-08-03', 'cadre', 20, 41), ('2016-05-09', 'cadre', 30, 43),"
    " ('2025-04-14', 'village', 60, 47), ('2025-06-03', 'cadre', 30, 53),"
    " ('2026-04-13', 'village', 62, 59), ('2026-04-13', 'discipline', 8, 61),"
    " ('2026-06-01', 'cadre', 24, 67), ('2026-08-03', 'cadre', 15, 71);"
    /* 2026's secondments first take 2025's good cadres: six to 浏阳市, five to 长沙市 */
    "INSERT INTO sc_members (batch_id, person_id, post, result)"
    " SELECT b.id, g.person_id, p.post, '表现优秀' FROM sc_batches b"
    "   JOIN (SELECT person_id, row_number() OVER (ORDER BY (person_id * 13) % 997) AS n"
    "           FROM gc_selected WHERE year = 2025) g"
    "     ON (b.starts_on = '2026-06-01' AND g.n <= 6) OR (b.starts_on = '2026-08-03' AND g.n BETWEEN 7 AND 11)"
    "   JOIN people p ON p.id = g.person_id"
    "  ORDER BY b.id, g.n;"
    "INSERT INTO sc_members (batch_id, person_id, post, result)"
    " SELECT c.batch_id, c.id, c.post, CASE WHEN c.id % 5 = 0 THEN '表现优秀' ELSE '表现良好' END"
    "   FROM (SELECT b.id AS batch_id, s.id, s.post, pl.size,"
    "                row_number() OVER (PARTITION BY b.id, pl.pool ORDER BY (s.id * pl.mul) % 1009, s.id) AS n"
    "           FROM sc_plan pl JOIN sc_batches b ON b.starts_on = pl.starts_on"
    "           JOIN sc_pool s ON s.pool = pl.pool"
    "          WHERE NOT EXISTS (SELECT 1 FROM sc_members m WHERE m.batch_id = b.id AND m.person_id = s.id)"
    "            AND NOT EXISTS (SELECT 1 FROM gc_selected g WHERE g.person_id = s.id"
    "                               AND g.approved_on <= b.starts_on)) c"
    "  WHERE c.n <= c.size ORDER BY c.batch_id, c.n;"
    "DROP TABLE sc_pool; DROP TABLE sc_plan;";

bool gen_secondments(tz_db *db, tz_error *err)
{
    return db_exec(db, batches_sql, err) == TZ_OK && db_exec(db, members_sql, err) == TZ_OK &&
           gen_fill_pinyin(db, "sc_batches", false, err);
}
