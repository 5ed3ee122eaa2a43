/* gensample_goodcadres.c — the sample's good-cadre selections (好干部评选) for 2025 and 2026:
 * 500 candidates a year put forward in the four ways, through the five rounds from June to
 * September, 100 selected — about 80% eliminated, as the seed's account has it: half at the
 * first review, fewer at each round after. Variation comes from arithmetic on row ids:
 * reproducible. */
#include "gensample.h"

/* Candidate n of a year (the cadres of townships, villages, communities and departments, in a
 * scrambled order) enters round k when it passed round k-1,
 * and passes round k when n is within that round's mark. */
static const char good_cadres_sql[] =
    "CREATE TEMP TABLE gc_gen AS"
    " WITH y(year, mul, modulus) AS (SELECT 2025, 71, 1019 UNION ALL SELECT 2026, 89, 1021)"
    " SELECT y.year, p.id AS person_id, u.name AS unit_name,"
    "        row_number() OVER (PARTITION BY y.year ORDER BY (p.id * y.mul) % y.modulus, p.id) AS n"
    "   FROM people p JOIN units u ON u.id = p.unit_id CROSS JOIN y WHERE u.level <> 'city';"
    "DELETE FROM gc_gen WHERE n > 500;"
    "INSERT INTO gc_candidates (year, person_id, nominated_by, nominator, deeds)"
    " SELECT year, person_id,"
    "        CASE WHEN n % 10 < 5 THEN 'unit' WHEN n % 10 < 7 THEN 'personal'"
    "             WHEN n % 10 < 9 THEN 'social' ELSE 'self' END,"
    "        CASE WHEN n % 10 < 5 THEN unit_name WHEN n % 10 < 7 THEN '本单位党员干部联名推荐'"
    "             WHEN n % 10 < 9 THEN '群众联名推荐' END,"
    "        CASE n % 5 WHEN 0 THEN '讲政治、信念好，带头落实党建工作责任'"
    "             WHEN 1 THEN '讲担当、作为好，牵头推进重点项目建设'"
    "             WHEN 2 THEN '讲奉献、作风好，常年驻村帮扶困难群众'"
    "             WHEN 3 THEN '讲规矩、自律好，依法依规办事群众满意'"
    "             ELSE '讲团结、口碑好，化解矛盾纠纷成效明显' END"
    "   FROM gc_gen ORDER BY year, n;"
    "INSERT INTO gc_rounds (candidate_id, round, held_on, passed, note)"
    " WITH marks(round, seq, day, mark) AS (VALUES ('first', 1, '06-20', 250), ('inspect', 2, '07-15', 160),"
    "                                       ('second', 3, '08-10', 115), ('publicity', 4, '08-20', 105),"
    "                                       ('approve', 5, '09-05', 100)),"
    "      prev(seq, mark) AS (SELECT seq + 1, mark FROM marks UNION ALL SELECT 1, 500)"
    " SELECT c.id, m.round, g.year || '-' || m.day, g.n <= m.mark,"
    "        CASE WHEN g.n > m.mark THEN '综合得票未进入下一轮' END"
    "   FROM gc_gen g JOIN gc_candidates c ON c.person_id = g.person_id AND c.year = g.year"
    "   JOIN marks m JOIN prev ON prev.seq = m.seq"
    "  WHERE g.n <= prev.mark ORDER BY g.year, m.seq, c.id;"
    "DROP TABLE gc_gen;";

bool gen_good_cadres(tz_db *db, tz_error *err)
{
    return db_exec(db, good_cadres_sql, err) == TZ_OK;
}
