/* gennational_ledgers.c — the national database's ledgers. Sites and postings are written per
 * county from the ids gennational.c just made (each rule's trigger checks them as it would a
 * clerk's save). Contracts and budget lines are written at the end, in SQL, for the share of
 * counties --ledger-share picks (every row audited, they are the bulk of the file: at 100 %
 * a year of contracts alone is 6 million items); contracts go through the batch rows clerks use
 * (template_issues), then get signed, scored and paid by SQL whose variation comes from
 * arithmetic on row ids. */
#include "gennational.h"
#include "gensample.h"
#include "taizhang/pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool nat_prepare_ledgers(nat_gen *g)
{
    return db_prepare(g->db, "INSERT INTO demo_sites (name, name_py, unit_id, leader_id, category,"
                             " level, founded_year, status, accepted_on, status_on)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &g->site, &g->err) == TZ_OK &&
           db_prepare(g->db, "INSERT INTO assignments (person_id, role, unit_id, sending_unit_id,"
                             " start_on, end_on, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      &g->posting, &g->err) == TZ_OK;
}

/* ---- demonstration sites ---------------------------------------------------------------------- */

static const char *site_status(nat_gen *g)
{
    int r = nat_below(g, 100);
    return r < 10 ? "named" : r < 40 ? "accepted" : r < 75 ? "building" : "applied";
}

static const char *site_level(nat_gen *g)
{
    int r = nat_below(g, 100);
    return r < 3 ? "province" : r < 13 ? "prefecture" : r < 60 ? "city" : "township";
}

static const char *site_category(nat_gen *g, bool community)
{
    if (community)
        return "community";
    int r = nat_below(g, 100);
    return r < 8 ? "enterprise" : r < 12 ? "school" : "rural";
}

bool nat_add_site(nat_gen *g, int64_t village_id, const char *village_name, int64_t leader_id)
{
    char name[96], accepted[32], since[32];
    snprintf(name, sizeof name, "%s党建示范点", village_name);
    char *py = tz_pinyin_initials(name, false);
    if (!py)
        return nat_nomem(g);
    int founded = 2015 + nat_below(g, 11);
    const char *status = site_status(g);
    bool done = strcmp(status, "named") == 0 || strcmp(status, "accepted") == 0;
    snprintf(accepted, sizeof accepted, "%d-11-%02d", founded + 1 >= GEN_THIS_YEAR ? founded : founded + 1,
             1 + nat_below(g, 28));
    /* the day of its status (migration 013's history): applied in March of its founding year,
     * building from September, accepted on its acceptance day */
    snprintf(since, sizeof since, "%d-%02d-%02d", founded, strcmp(status, "applied") == 0 ? 3 : 9,
             1 + nat_below(g, 28));
    bool community = strstr(village_name, "社区") != NULL;
    db_bind_text(g->site, 1, name);
    db_bind_text(g->site, 2, py);
    db_bind_int(g->site, 3, village_id);
    if (leader_id)
        db_bind_int(g->site, 4, leader_id);
    else
        db_bind_null(g->site, 4);
    db_bind_text(g->site, 5, site_category(g, community));
    db_bind_text(g->site, 6, site_level(g));
    db_bind_int(g->site, 7, founded);
    db_bind_text(g->site, 8, status);
    db_bind_text(g->site, 9, done ? accepted : NULL);
    db_bind_text(g->site, 10, done ? accepted : since);
    bool ok = nat_step(g, g->site);
    free(py);
    g->nsites += ok;
    return ok;
}

/* ---- postings ---------------------------------------------------------------------------------- */

typedef struct {
    int64_t person, unit, sending;
    const char *role, *start, *end, *status; /* end NULL: open */
} posting;

static bool add_posting(nat_gen *g, const posting *p)
{
    db_bind_int(g->posting, 1, p->person);
    db_bind_text(g->posting, 2, p->role);
    db_bind_int(g->posting, 3, p->unit);
    db_bind_int(g->posting, 4, p->sending);
    db_bind_text(g->posting, 5, p->start);
    db_bind_text(g->posting, 6, p->end);
    db_bind_text(g->posting, 7, p->status);
    bool ok = nat_step(g, g->posting);
    g->npostings += ok;
    return ok;
}

/* Fisher–Yates over the county's villages: first secretaries land anywhere in the county. */
static void shuffle(nat_gen *g, nat_ids *ids)
{
    for (size_t i = ids->n; i > 1; i--) {
        size_t j = (size_t)nat_below(g, (int)i);
        int64_t t = ids->v[i - 1];
        ids->v[i - 1] = ids->v[j];
        ids->v[j] = t;
    }
}

/* Department cadres as first secretaries: one round in GEN_THIS_YEAR-1 (ended), and in this
 * year each moved on to the next village of the round — so no village and no person has two at
 * once, which the schema's triggers check. */
static bool first_secretaries(nat_gen *g)
{
    shuffle(g, &g->villages);
    size_t n = g->villages.n * (size_t)g->p->fs_percent / 100;
    if (n > g->cadres.n)
        n = g->cadres.n;
    char start_last[16], end_last[16], start_now[16];
    snprintf(start_last, sizeof start_last, "%d-03-01", GEN_THIS_YEAR - 1);
    snprintf(end_last, sizeof end_last, "%d-12-31", GEN_THIS_YEAR - 1);
    snprintf(start_now, sizeof start_now, "%d-03-01", GEN_THIS_YEAR);
    for (size_t k = 0; k < n; k++) {
        posting last = { g->cadres.v[k], g->villages.v[k], g->cadre_units.v[k], "first_secretary",
                         start_last, end_last, "ended" };
        posting now = { g->cadres.v[k], g->villages.v[(k + 1) % n], g->cadre_units.v[k],
                        "first_secretary", start_now, NULL, "in_post" };
        if (!add_posting(g, &last) || !add_posting(g, &now))
            return false;
    }
    return true;
}

bool nat_county_postings(nat_gen *g)
{
    char start[16];
    snprintf(start, sizeof start, "%d-01-10", GEN_THIS_YEAR - 1);
    for (size_t i = 0; i < g->leaders.n && g->townships.n; i++) {
        posting p = { g->leaders.v[i], g->townships.v[i % g->townships.n], g->county_id,
                      "instructor", start, NULL, "in_post" };
        if (!add_posting(g, &p))
            return false;
    }
    /* township secretaries as liaison leaders of a village each */
    snprintf(start, sizeof start, "%d-01-05", GEN_THIS_YEAR);
    for (size_t t = 0; t < g->townships.n; t++) {
        posting p = { g->town_secs.v[t], g->town_first.v[t], g->townships.v[t], "liaison", start,
                      NULL, "in_post" };
        if (p.person && p.unit && !add_posting(g, &p))
            return false;
    }
    return first_secretaries(g);
}

/* ---- contracts --------------------------------------------------------------------------------- */

/* Each year: every county issues the township template, every township the village one. */
/* The counties with ledgers, and their townships: a spread-out, reproducible choice. */
static const char ledger_units_sql[] =
    "CREATE TEMP TABLE nat_counties AS"
    "  SELECT id FROM units WHERE level = 'city' AND (id * 7919) %% 100 < %d;"
    "CREATE TEMP TABLE nat_townships AS"
    "  SELECT id FROM units WHERE level = 'township'"
    "   AND parent_id IN (SELECT id FROM nat_counties);";

/* Each year: every such county issues the township template, every township the village one. */
static const char issue_sql[] =
    "INSERT INTO template_issues (template_id, issuer_id, year, issued_on)"
    "  SELECT 2, id, %1$d, '%1$d-02-10' FROM units WHERE id IN (SELECT id FROM nat_counties)"
    "   ORDER BY code;"
    "INSERT INTO template_issues (template_id, issuer_id, year, issued_on)"
    "  SELECT 1, id, %1$d, '%1$d-02-20' FROM units WHERE id IN (SELECT id FROM nat_townships)"
    "   ORDER BY code;";

static bool contracts(nat_gen *g)
{
    char sql[4096];
    for (int k = g->p->contract_years - 1; k >= 0; k--) {
        int year = GEN_THIS_YEAR - k;
        snprintf(sql, sizeof sql, issue_sql, year);
        if (db_exec(g->db, sql, &g->err) != TZ_OK)
            return false;
        if (k > 0)
            snprintf(sql, sizeof sql, gen_assessed_sql, year, year);
        else
            snprintf(sql, sizeof sql, gen_current_sql, year, year, year);
        if (db_exec(g->db, sql, &g->err) != TZ_OK)
            return false;
    }
    return true;
}

/* Two in a hundred accepted sites sent back after a re-check: the reopening's trigger moves them. */
static const char reopen_sql[] =
    "INSERT INTO site_reopenings (site_id, reason, to_status, reopened_on)"
    " SELECT id, '复查发现阵地建设不达标，退回整改', 'building', '%d-05-12' FROM demo_sites"
    "  WHERE status = 'accepted' AND id %% 50 = 7;";

/* ---- budget ------------------------------------------------------------------------------------ */

/* A year's lines for every village and community of those counties at the standards in force
 * (what the 开始新年度 batch, budget_year_starts, does — but that batch covers every county);
 * one-off builds (village centres 30万, township centres 50万, community renovations 150万);
 * then three quarterly payments, the fourth settling three lines in four of a past year.
 * Integer division keeps every line within its budget. */
static const char budget_sql[] =
    "INSERT INTO budget_lines (year, unit_id, category, source, budgeted_fen)"
    " SELECT %1$d, u.id, s.category, '市级财政', s.amount_fen"
    "   FROM units u JOIN budget_standards s"
    "     ON s.unit_level = u.level AND (s.urban IS NULL OR s.urban = coalesce(u.urban, 0))"
    "  WHERE u.parent_id IN (SELECT id FROM nat_townships)"
    "    AND s.from_year = (SELECT max(s2.from_year) FROM budget_standards s2"
    "                        WHERE s2.category = s.category AND s2.unit_level = s.unit_level"
    "                          AND s2.urban IS s.urban AND s2.from_year <= %1$d)"
    "  ORDER BY u.id, s.category;"
    "INSERT INTO budget_lines (year, unit_id, category, source, budgeted_fen, notes)"
    " SELECT %1$d, id, 'one_off_build', '省市共担', 30000000, '村级组织活动场所建设'"
    "   FROM units WHERE level = 'village' AND parent_id IN (SELECT id FROM nat_townships)"
    "    AND (id * 7 + %1$d) %% 20 = 0;"
    "INSERT INTO budget_lines (year, unit_id, category, source, budgeted_fen, notes)"
    " SELECT %1$d, id, 'one_off_build', '省市共担', 50000000, '乡镇便民服务中心建设'"
    "   FROM units WHERE id IN (SELECT id FROM nat_townships) AND (id + %1$d) %% 6 = 0;"
    "INSERT INTO budget_lines (year, unit_id, category, source, budgeted_fen, notes)"
    " SELECT %1$d, id, 'one_off_build', '市级财政', 150000000, '社区办公服务用房改造'"
    "   FROM units WHERE level = 'community' AND parent_id IN (SELECT id FROM nat_townships)"
    "    AND (id + %1$d) %% 8 = 0;"
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT id, year || '-03-20', budgeted_fen * 3 / 10, printf('PZ%%d-%%07d', year, id * 4), '一季度拨付'"
    "   FROM budget_lines WHERE year = %1$d AND budgeted_fen > 0;"
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT id, year || '-06-18', budgeted_fen * 3 / 10, printf('PZ%%d-%%07d', year, id * 4 + 1), '二季度拨付'"
    "   FROM budget_lines WHERE year = %1$d AND budgeted_fen > 0;"
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT id, year || '-09-16', budgeted_fen * 2 / 10, printf('PZ%%d-%%07d', year, id * 4 + 2), '三季度拨付'"
    "   FROM budget_lines WHERE year = %1$d AND budgeted_fen > 0 AND (%2$d OR id %% 3 <> 0);";

static const char settle_sql[] =
    "INSERT INTO disbursements (line_id, paid_on, amount_fen, voucher_no, note)"
    " SELECT l.id, '%1$d-12-10', l.budgeted_fen - (SELECT sum(amount_fen) FROM disbursements d"
    "                                              WHERE d.line_id = l.id),"
    "        printf('PZ%%d-%%07d', l.year, l.id * 4 + 3), '四季度拨付（结清）'"
    "   FROM budget_lines l WHERE l.year = %1$d AND l.budgeted_fen > 0 AND l.id %% 4 <> 0;";

static bool budget(nat_gen *g)
{
    char sql[4096];
    for (int k = g->p->budget_years - 1; k >= 0; k--) {
        int year = GEN_THIS_YEAR - k;
        snprintf(sql, sizeof sql, budget_sql, year, k > 0);
        if (db_exec(g->db, sql, &g->err) != TZ_OK)
            return false;
        snprintf(sql, sizeof sql, settle_sql, year);
        if (k > 0 && db_exec(g->db, sql, &g->err) != TZ_OK)
            return false;
    }
    return true;
}

bool nat_finish(nat_gen *g)
{
    char sql[1024], units[1024];
    snprintf(sql, sizeof sql, reopen_sql, GEN_THIS_YEAR);
    snprintf(units, sizeof units, ledger_units_sql, g->p->ledger_share);
    return db_exec(g->db, units, &g->err) == TZ_OK && contracts(g) &&
           db_exec(g->db, sql, &g->err) == TZ_OK && budget(g) &&
           db_exec(g->db, "DROP TABLE nat_counties; DROP TABLE nat_townships;", &g->err) == TZ_OK;
}
