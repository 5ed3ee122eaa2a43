/* gennational [--NAME=N ...] PATH — a national-scale database for `make bench`: by default
 * 2,800 counties, ~39,000 townships, ~490,000 villages and communities, ~3.8 million people,
 * with sites, postings, contracts with their items, budget lines and disbursements. Every row
 * goes through the real schema, every rule active; the audit triggers are set aside while it
 * is written (no history, as in sample.db), and the generator's own connection trades
 * durability for speed (no journal, no fsync, a big cache) until it closes, back in WAL. It
 * has two accounts, as in sample.db: admin (password Admin-2026) and longxi (Longxi-2026), the
 * clerk of one township.
 *
 * PATH is written as PATH.tmp and renamed when complete; PATH.stamp then records the options
 * and the schema, and `gennational --stamp [options]` prints the stamp that a run with those
 * options would write, so `make bench` regenerates only when something changed.
 * Reproducible: a fixed-seed PRNG, no clock. */
#include "gennational.h"
#include "gensample.h"
#include "taizhang/core.h"
#include "taizhang/pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bump when the generator's output changes for the same options. */
#define NAT_GENERATOR_VERSION 4

/* ---- options ---------------------------------------------------------------------------------
 * How to add one: a field in nat_params (gennational.h), its default in `defaults`, a row in
 * `options`. It is then parsed, listed by --help and part of the stamp. */

static const nat_params defaults = {
    .counties = 2800, .townships = 14, .streets = 3, .villages = 14, .communities = 6,
    .departments = 30, .village_people = 6, .township_staff = 12, .department_staff = 3,
    .leaders = 6, .site_every = 10, .fs_percent = 30, .contract_years = 1, .budget_years = 1,
    .ledger_share = 100, .seed = 2026,
};

static const struct {
    const char *name;
    size_t offset; /* of the int in nat_params */
    int min;       /* smallest value that makes sense */
    const char *help;
} options[] = {
    { "counties", offsetof(nat_params, counties), 1, "county-level units" },
    { "townships", offsetof(nat_params, townships), 1, "townships per county (average)" },
    { "streets", offsetof(nat_params, streets), 0, "of them sub-districts with communities" },
    { "villages", offsetof(nat_params, villages), 1, "villages per town (average)" },
    { "communities", offsetof(nat_params, communities), 1, "communities per sub-district (average)" },
    { "departments", offsetof(nat_params, departments), 1, "departments per county" },
    { "village-people", offsetof(nat_params, village_people), 1, "cadres per village, secretary included" },
    { "township-staff", offsetof(nat_params, township_staff), 0, "cadres per township besides the secretary" },
    { "department-staff", offsetof(nat_params, department_staff), 0, "cadres per department besides the head" },
    { "leaders", offsetof(nat_params, leaders), 0, "county leaders besides the secretary" },
    { "site-every", offsetof(nat_params, site_every), 1, "one demonstration site per N villages" },
    { "fs-percent", offsetof(nat_params, fs_percent), 0, "villages with a first secretary, %" },
    { "contract-years", offsetof(nat_params, contract_years), 0, "years of contracts" },
    { "budget-years", offsetof(nat_params, budget_years), 0, "years of budget lines" },
    { "ledger-share", offsetof(nat_params, ledger_share), 0, "counties with contracts and budget, %" },
    { "seed", offsetof(nat_params, seed), 0, "PRNG seed" },
};
#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static int *option_field(nat_params *p, size_t i)
{
    return (int *)((char *)p + options[i].offset);
}

static void usage(FILE *to)
{
    fprintf(to, "usage: gennational [--stamp] [--NAME=N ...] PATH\n");
    nat_params d = defaults;
    for (size_t i = 0; i < COUNT(options); i++)
        fprintf(to, "  --%-17s %-42s (default %d)\n", options[i].name, options[i].help,
                *option_field(&d, i));
}

/* "--name=N": returns false (after saying why) when it is not one of ours. */
static bool parse_option(nat_params *p, const char *arg)
{
    const char *eq = strchr(arg, '=');
    for (size_t i = 0; eq && i < COUNT(options); i++) {
        size_t n = strlen(options[i].name);
        if ((size_t)(eq - arg - 2) != n || strncmp(arg + 2, options[i].name, n) != 0)
            continue;
        char *end;
        long v = strtol(eq + 1, &end, 10);
        if (*end || end == eq + 1 || v < options[i].min || v > 1000000) {
            fprintf(stderr, "gennational: bad value in %s\n", arg);
            return false;
        }
        *option_field(p, i) = (int)v;
        return true;
    }
    fprintf(stderr, "gennational: unknown option %s\n", arg);
    return false;
}

/* ---- the stamp: what a database was generated from ----------------------------------------- */

/* FNV-1a over the migrations' text: a schema edited without a new version still counts. */
static uint32_t migrations_hash(void)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < tz_migrations_count; i++)
        for (const unsigned char *s = (const unsigned char *)tz_migrations[i].text; *s; s++)
            h = (h ^ *s) * 16777619u;
    return h;
}

static void make_stamp(const nat_params *p, char *out, size_t cap)
{
    int len = snprintf(out, cap, "gennational=%d schema=%d migrations=%08x",
                       NAT_GENERATOR_VERSION, db_schema_latest(), migrations_hash());
    nat_params copy = *p;
    for (size_t i = 0; i < COUNT(options) && len > 0 && (size_t)len < cap; i++)
        len += snprintf(out + len, cap - (size_t)len, " %s=%d", options[i].name,
                        *option_field(&copy, i));
}

/* ---- a reproducible PRNG (splitmix64) and small helpers --------------------------------------- */

static uint64_t rng_next(nat_gen *g)
{
    uint64_t z = (g->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int nat_below(nat_gen *g, int n)
{
    return n > 0 ? (int)(rng_next(g) % (uint64_t)n) : 0;
}

/* An average with a spread: uniform in avg ± avg*pct/100, at least 1 when avg is. */
static int around(nat_gen *g, int avg, int pct)
{
    int spread = avg * pct / 100;
    int v = avg - spread + nat_below(g, 2 * spread + 1);
    return v < 1 && avg > 0 ? 1 : v;
}

bool nat_nomem(nat_gen *g)
{
    tz_fail(&g->err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    return false;
}

bool nat_ids_push(nat_gen *g, nat_ids *ids, int64_t id)
{
    if (ids->n == ids->cap) {
        size_t cap = ids->cap ? ids->cap * 2 : 64;
        int64_t *v = realloc(ids->v, cap * sizeof *v);
        if (!v)
            return nat_nomem(g);
        ids->v = v;
        ids->cap = cap;
    }
    ids->v[ids->n++] = id;
    return true;
}

bool nat_step(nat_gen *g, tz_stmt *st)
{
    bool row;
    return db_step(st, &row, &g->err) == TZ_OK;
}

/* ---- people ---------------------------------------------------------------------------------- */

static const char *const phone_prefixes[] = {
    "130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "157", "158", "159", "173", "177", "180", "181", "182", "186", "187", "188", "189", "199",
};

/* The county's ID numbers so far, as yyyymmdd*1000+seq keys in an open-addressing set
 * (cleared per county: the county code in front of them keeps counties apart). */
static bool idset_add(nat_gen *g, uint64_t key)
{
    if (2 * (g->idset_n + 1) > g->idset_cap) {
        size_t cap = g->idset_cap ? g->idset_cap * 2 : 4096;
        uint64_t *old = g->idset, *set = calloc(cap, sizeof *set);
        if (!set) { /* a few MB at most; the retry loop must not spin on it */
            fprintf(stderr, "gennational: out of memory\n");
            exit(1);
        }
        size_t oldcap = g->idset_cap;
        g->idset = set;
        g->idset_cap = cap;
        g->idset_n = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i])
                idset_add(g, old[i]);
        free(old);
    }
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ULL) & (g->idset_cap - 1);
    for (; g->idset[i]; i = (i + 1) & (g->idset_cap - 1))
        if (g->idset[i] == key)
            return false;
    g->idset[i] = key;
    g->idset_n++;
    return true;
}

static void idset_clear(nat_gen *g)
{
    if (g->idset)
        memset(g->idset, 0, g->idset_cap * sizeof *g->idset);
    g->idset_n = 0;
}

typedef struct {
    char name[32];
    bool male;
    char birth[32];
    char id_number[40];
    char phone[12];
} person_data;

/* A birth date and a sequence number (odd for men) not yet used in the county. */
static void make_identity(nat_gen *g, person_data *p)
{
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int year, month, day, seq;
    do {
        year = 1960 + nat_below(g, 40);
        month = 1 + nat_below(g, 12);
        day = 1 + nat_below(g, mdays[month - 1] + (month == 2 && tz_leap_year(year)));
        seq = nat_below(g, 500) * 2 + (p->male ? 1 : 0);
    } while (!idset_add(g, ((uint64_t)year * 10000 + (uint64_t)month * 100 + (uint64_t)day) * 1000
                               + (uint64_t)seq));
    snprintf(p->birth, sizeof p->birth, "%04d-%02d-%02d", year, month, day);
    snprintf(p->id_number, sizeof p->id_number, "%.6s%04d%02d%02d%03d", g->county_code, year,
             month, day, seq);
    p->id_number[17] = tz_idcard_check_char(p->id_number);
    p->id_number[18] = '\0';
}

static void make_person(nat_gen *g, person_data *p)
{
    p->male = nat_below(g, 100) < 70;
    nat_person_name(g, p->name, sizeof p->name, p->male);
    make_identity(g, p);
    snprintf(p->phone, sizeof p->phone, "%s%08d", nat_pick(g, phone_prefixes, COUNT(phone_prefixes)),
             nat_below(g, 100000000));
}

static bool insert_person(nat_gen *g, const person_data *p, int64_t unit_id, const char *post,
                          int64_t *id)
{
    char *py = tz_pinyin_initials(p->name, true);
    char *key = tz_pinyin_sort_key(p->name, true);
    if (!py || !key) {
        free(py);
        free(key);
        return nat_nomem(g);
    }
    db_bind_text(g->person, 9, key);
    db_bind_text(g->person, 1, p->name);
    db_bind_text(g->person, 2, py);
    db_bind_text(g->person, 3, p->male ? "male" : "female");
    db_bind_text(g->person, 4, p->birth);
    db_bind_text(g->person, 5, p->id_number);
    db_bind_text(g->person, 6, p->phone);
    db_bind_int(g->person, 7, unit_id);
    db_bind_text(g->person, 8, post);
    bool ok = nat_step(g, g->person);
    free(py);
    free(key);
    if (ok) {
        g->npeople++;
        if (id)
            *id = db_last_insert_id(g->db);
    }
    return ok;
}

/* A cadre with a post at a unit; *id (may be NULL) receives the new person's id. */
static bool add_person(nat_gen *g, int64_t unit_id, const char *post, int64_t *id)
{
    person_data p;
    make_person(g, &p);
    return insert_person(g, &p, unit_id, post, id);
}

/* ---- units ----------------------------------------------------------------------------------- */

typedef struct {
    const char *code, *name, *level;
    int64_t parent_id;          /* 0: none (a county) */
    const char *secretary_post; /* NULL: no secretary on record */
    bool urban;
} unit_data;

/* Inserts a unit and, with a secretary_post, its secretary (named on the unit); *id receives
 * the unit, *sec_id (may be NULL) the secretary or 0. */
static bool insert_unit(nat_gen *g, const unit_data *u, int64_t *id, int64_t *sec_id)
{
    person_data sec;
    if (u->secretary_post)
        make_person(g, &sec);
    char *py = tz_pinyin_initials(u->name, false);
    char *key = tz_pinyin_sort_key(u->name, false);
    if (!py || !key) {
        free(py);
        free(key);
        return nat_nomem(g);
    }
    db_bind_text(g->unit, 9, key);
    /* an area code starts 0[1-9] (migration 011); the province's second digit may be 0 */
    char phone[16];
    snprintf(phone, sizeof phone, "07%.2s-%07d", g->county_code + 2, 2000000 + nat_below(g, 7000000));
    db_bind_text(g->unit, 1, u->code);
    db_bind_text(g->unit, 2, u->name);
    db_bind_text(g->unit, 3, py);
    db_bind_text(g->unit, 4, u->level);
    if (u->parent_id)
        db_bind_int(g->unit, 5, u->parent_id);
    else
        db_bind_null(g->unit, 5);
    db_bind_text(g->unit, 6, u->secretary_post ? sec.name : NULL);
    db_bind_text(g->unit, 7, phone);
    db_bind_int(g->unit, 8, u->urban);
    bool ok = nat_step(g, g->unit);
    free(py);
    free(key);
    if (!ok)
        return false;
    g->nunits++;
    *id = db_last_insert_id(g->db);
    if (sec_id)
        *sec_id = 0;
    return !u->secretary_post || insert_person(g, &sec, *id, u->secretary_post, sec_id);
}

static const char *const village_posts[] = {
    "村委会主任", "村党支部副书记", "村支委委员", "村务监督委员会主任", "村会计", "村妇联主席",
    "村团支部书记", "村民兵营长", "网格员",
};
static const char *const community_posts[] = {
    "社区居委会主任", "社区党支部副书记", "社区支委委员", "社区网格员", "社区专职工作者",
};
static const char *const township_posts[] = {
    "党委副书记", "组织委员", "宣传委员", "纪委书记", "党建办主任", "组织干事", "科员",
    "人大主席", "武装部长", "统战委员",
};

static bool name_taken(char taken[][48], int ntaken, const char *name)
{
    for (int i = 0; i < ntaken; i++)
        if (strcmp(taken[i], name) == 0)
            return true;
    return false;
}

/* A village or community with its cadres; a demonstration site now and then. Its name is not
 * one of the township's taken[0 .. seq - 2] (the schema refuses a repeat within a township),
 * and is added there. */
static bool add_village(nat_gen *g, int64_t tid, const char *tcode, int seq, bool community,
                        const nat_ids *staff, size_t *next_leader, char taken[][48])
{
    char code[40], name[48];
    snprintf(code, sizeof code, "%s%03d", tcode, seq % 1000);
    do
        nat_place_name(g, name, sizeof name, community ? "社区" : "村");
    while (name_taken(taken, seq - 1, name));
    memcpy(taken[seq - 1], name, sizeof name);
    /* Most villages have their secretary on record; a few are still to be entered. */
    bool has_sec = community || nat_below(g, 100) < 92;
    unit_data u = { code, name, community ? "community" : "village", tid,
                    has_sec ? (community ? "社区党支部书记" : "村党支部书记") : NULL, community };
    int64_t id;
    if (!insert_unit(g, &u, &id, NULL) || !nat_ids_push(g, &g->villages, id))
        return false;
    for (int i = 1; i < g->p->village_people; i++) {
        const char *post = community ? nat_pick(g, community_posts, COUNT(community_posts))
                                     : nat_pick(g, village_posts, COUNT(village_posts));
        if (!add_person(g, id, post, NULL))
            return false;
    }
    if (nat_below(g, g->p->site_every) != 0)
        return true;
    int64_t leader = *next_leader < staff->n ? staff->v[(*next_leader)++] : 0;
    return nat_add_site(g, id, name, leader);
}

static const char *township_secretary_post(const char *name)
{
    if (strstr(name, "街道"))
        return "街道党工委书记";
    return strstr(name, "乡") ? "乡党委书记" : "镇党委书记";
}

/* A township or sub-district with its cadres, villages and communities. */
static bool add_township(nat_gen *g, int t, bool street)
{
    char code[24], name[48];
    snprintf(code, sizeof code, "%s%03d", g->county_code, (t + 1) % 1000);
    nat_place_name(g, name, sizeof name, street ? "街道" : nat_below(g, 100) < 70 ? "镇" : "乡");
    unit_data u = { code, name, "township", g->county_id, township_secretary_post(name), false };
    int64_t tid, sec;
    if (!insert_unit(g, &u, &tid, &sec) || !nat_ids_push(g, &g->townships, tid) ||
        !nat_ids_push(g, &g->town_secs, sec))
        return false;
    nat_ids staff = { 0 };
    bool ok = true;
    for (int i = 0; ok && i < g->p->township_staff; i++) {
        int64_t id;
        ok = add_person(g, tid, nat_pick(g, township_posts, COUNT(township_posts)), &id) &&
             nat_ids_push(g, &staff, id);
    }
    int ncomm = street ? around(g, g->p->communities, 50) : 0;
    int nvill = street ? nat_below(g, 3) : around(g, g->p->villages, 50);
    size_t next_leader = 0, first = g->villages.n;
    char (*taken)[48] = calloc((size_t)(ncomm + nvill) + 1, sizeof *taken);
    ok = ok && taken;
    for (int v = 0; ok && v < ncomm + nvill; v++)
        ok = add_village(g, tid, code, v + 1, v < ncomm, &staff, &next_leader, taken);
    free(taken);
    free(staff.v);
    return ok && nat_ids_push(g, &g->town_first, g->villages.n > first ? g->villages.v[first] : 0);
}

/* County departments: the name pattern takes the county's name (平江县委组织部). */
static const struct { const char *pattern, *head; } departments[] = {
    { "%s委办公室", "主任" }, { "%s委组织部", "部长" }, { "%s委宣传部", "部长" },
    { "%s委统战部", "部长" }, { "%s委政法委", "书记" }, { "%s纪委监委", "书记" },
    { "%s委党校", "常务副校长" }, { "%s人大常委会办公室", "主任" }, { "%s政府办公室", "主任" },
    { "%s政协办公室", "主任" }, { "%s发展和改革局", "局长" }, { "%s教育局", "局长" },
    { "%s公安局", "局长" }, { "%s民政局", "局长" }, { "%s司法局", "局长" },
    { "%s财政局", "局长" }, { "%s人力资源和社会保障局", "局长" }, { "%s自然资源局", "局长" },
    { "%s住房和城乡建设局", "局长" }, { "%s交通运输局", "局长" }, { "%s水利局", "局长" },
    { "%s农业农村局", "局长" }, { "%s卫生健康局", "局长" }, { "%s审计局", "局长" },
    { "%s市场监督管理局", "局长" }, { "%s统计局", "局长" }, { "%s林业局", "局长" },
    { "%s应急管理局", "局长" }, { "%s退役军人事务局", "局长" }, { "%s医疗保障局", "局长" },
    { "%s总工会", "主席" }, { "%s妇联", "主席" }, { "团%s委", "书记" },
    { "%s人民医院", "院长" }, { "%s第一中学", "校长" }, { "%s融媒体中心", "主任" },
};
static const char *const department_posts[] = {
    "副局长", "党组成员", "办公室主任", "机关党支部书记", "科员", "组工干部", "党建指导员",
};

static bool add_departments(nat_gen *g)
{
    for (int d = 0; d < g->p->departments; d++) {
        char code[24], name[96];
        snprintf(code, sizeof code, "%sD%03d", g->county_code, (d + 1) % 1000);
        const char *pattern = departments[(size_t)d % COUNT(departments)].pattern;
        snprintf(name, sizeof name, pattern, g->county_name);
        if ((size_t)d >= COUNT(departments)) /* more than the list: 第二…, numbered */
            snprintf(name + strlen(name), sizeof name - strlen(name), "第%d分部",
                     d / (int)COUNT(departments) + 1);
        unit_data u = { code, name, "department", g->county_id,
                        departments[(size_t)d % COUNT(departments)].head, false };
        int64_t id;
        if (!insert_unit(g, &u, &id, NULL))
            return false;
        for (int s = 0; s < g->p->department_staff; s++) {
            int64_t pid;
            if (!add_person(g, id, nat_pick(g, department_posts, COUNT(department_posts)), &pid))
                return false;
            if (!nat_ids_push(g, &g->cadres, pid) || !nat_ids_push(g, &g->cadre_units, id))
                return false;
        }
    }
    return true;
}

/* ---- counties -------------------------------------------------------------------------------- */

/* The 31 provinces' division codes: county codes look like real ones (430581). */
static const int provinces[] = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
    42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
};

static void county_identity(nat_gen *g, int c)
{
    unsigned n = (unsigned)c, k = n / (unsigned)COUNT(provinces);
    snprintf(g->county_code, sizeof g->county_code, "%02u%02u%02u",
             (unsigned)provinces[n % COUNT(provinces)] % 100u, 1 + k / 30 % 99, 1 + k % 30);
    int r = nat_below(g, 100);
    nat_place_name(g, g->county_name, sizeof g->county_name, r < 60 ? "县" : r < 80 ? "市" : "区");
}

static bool add_leaders(nat_gen *g, const char *kind)
{
    static const char *const posts[] = { "%s委副书记", "%s委常委", "副%s长", "%s人大常委会副主任",
                                         "%s政协副主席", "%s委组织部部长" };
    for (int i = 0; i < g->p->leaders; i++) {
        char post[64];
        snprintf(post, sizeof post, posts[(size_t)i % COUNT(posts)], kind);
        int64_t id;
        if (!add_person(g, g->county_id, post, &id) || !nat_ids_push(g, &g->leaders, id))
            return false;
    }
    return true;
}

static bool add_county(nat_gen *g, int c)
{
    g->leaders.n = g->cadres.n = g->cadre_units.n = 0;
    g->townships.n = g->town_secs.n = g->town_first.n = g->villages.n = 0;
    idset_clear(g);
    county_identity(g, c);
    /* 县 → 县委书记, 市 → 市委书记, 区 → 区委书记: the kind is the name's last character. */
    char kind[8], post[32];
    snprintf(kind, sizeof kind, "%s", g->county_name + strlen(g->county_name) - 3);
    snprintf(post, sizeof post, "%s委书记", kind);
    unit_data u = { g->county_code, g->county_name, "city", 0, post, false };
    if (!insert_unit(g, &u, &g->county_id, NULL) || !add_leaders(g, kind))
        return false;
    int nt = around(g, g->p->townships, 40);
    for (int t = 0; t < nt; t++)
        if (!add_township(g, t, t < g->p->streets))
            return false;
    return add_departments(g) && nat_county_postings(g);
}

/* ---- the audit trail and the accounts ------------------------------------------------------------ */

/* As for sample.db (gensample.c), the database is the ledgers as clerks would find them, with
 * no history yet: the audit triggers (migration 007) are set aside while it is generated — they
 * would write a JSON copy of every row, more than doubling the file — and put back as they were.
 * Every rule (CHECK, trigger, foreign key) stays active. */
typedef struct {
    char **sql;  /* each audit trigger's CREATE statement; owned */
    size_t n;
} audit_triggers;

static bool pause_audit(nat_gen *g, audit_triggers *t)
{
    tz_stmt *st;
    if (db_prepare(g->db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                          " AND name LIKE '%\\_audit\\_%' ESCAPE '\\' ORDER BY name",
                   &st, &g->err) != TZ_OK)
        return false;
    tz_sb drops = { 0 };
    bool row = false, ok = true;
    while (ok && (ok = db_step(st, &row, &g->err) == TZ_OK) && row) {
        char **grown = realloc(t->sql, (t->n + 1) * sizeof *grown);
        if (!grown || !(grown[t->n] = tz_strdup(db_column_text(st, 1)))) {
            t->sql = grown ? grown : t->sql;
            ok = nat_nomem(g);
            break;
        }
        t->sql = grown;
        t->n++;
        tz_sb_printf(&drops, "DROP TRIGGER \"%s\";", db_column_text(st, 0));
    }
    db_finalize(st);
    ok = ok && (!drops.failed || nat_nomem(g)) &&
         (!drops.buf || db_exec(g->db, drops.buf, &g->err) == TZ_OK);
    tz_sb_free(&drops);
    return ok;
}

static bool resume_audit(nat_gen *g, audit_triggers *t)
{
    bool ok = true;
    for (size_t i = 0; i < t->n; i++) {
        ok = ok && db_exec(g->db, t->sql[i], &g->err) == TZ_OK;
        free(t->sql[i]);
    }
    free(t->sql);
    *t = (audit_triggers){ 0 };
    return ok;
}

/* The accounts `make bench` signs in as, the same as sample.db's: the administrator, and a
 * township's clerk (of the first township; in sample.db, 龙溪镇), who sees only its rows. */
static bool add_accounts(nat_gen *g)
{
    tz_stmt *st;
    bool row = false;
    int64_t township = 0;
    if (db_prepare(g->db, "SELECT min(id) FROM units WHERE level = 'township'", &st,
                   &g->err) != TZ_OK)
        return false;
    if (db_step(st, &row, &g->err) == TZ_OK && row)
        township = db_column_int(st, 0);
    db_finalize(st);
    return db_user_add(g->db, "admin", "系统管理员", "admin", 0, "Admin-2026", false,
                       &g->err) == TZ_OK &&
           db_user_add(g->db, "longxi", "李红", "clerk", township, "Longxi-2026", false,
                       &g->err) == TZ_OK;
}

/* ---- the run --------------------------------------------------------------------------------- */

/* Only this connection, only while generating: no rollback journal and no fsync (a failed
 * run deletes the file anyway), and a cache big enough for the people indexes, whose inserts
 * land at random places. Put back to WAL and synchronous=FULL before closing. */
static const char bulk_pragmas[] =
    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -2097152;"
    "PRAGMA temp_store = MEMORY;";
static const char normal_pragmas[] = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";

static bool prepare(nat_gen *g)
{
    return db_prepare(g->db, "INSERT INTO units (code, name, name_py, level, parent_id, secretary,"
                             " phone, urban, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &g->unit,
                      &g->err) == TZ_OK &&
           db_prepare(g->db, "INSERT INTO people (name, name_py, gender, birth_date, id_number,"
                             " phone, unit_id, post, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      &g->person, &g->err) == TZ_OK &&
           nat_prepare_ledgers(g);
}

static bool generate(nat_gen *g)
{
    if (db_exec(g->db, bulk_pragmas, &g->err) != TZ_OK || !prepare(g) ||
        db_begin_write(g->db, &g->err) != TZ_OK)
        return false;
    audit_triggers audit = { 0 };
    bool ok = pause_audit(g, &audit) && gen_contract_templates(g->db, &g->err);
    for (int c = 0; ok && c < g->p->counties; c++) {
        ok = add_county(g, c);
        if (ok && (c + 1) % 200 == 0)
            fprintf(stderr, "gennational: %d/%d counties, %lld people\n", c + 1,
                    g->p->counties, (long long)g->npeople);
    }
    ok = ok && nat_finish(g);
    ok = resume_audit(g, &audit) && ok && add_accounts(g);
    if (ok)
        ok = db_commit(g->db, &g->err) == TZ_OK;
    else
        db_rollback(g->db);
    return ok && db_exec(g->db, normal_pragmas, &g->err) == TZ_OK;
}

static void gen_free(nat_gen *g)
{
    db_finalize(g->unit);
    db_finalize(g->person);
    db_finalize(g->site);
    db_finalize(g->posting);
    db_close(g->db);
    free(g->leaders.v);
    free(g->cadres.v);
    free(g->cadre_units.v);
    free(g->town_first.v);
    free(g->townships.v);
    free(g->town_secs.v);
    free(g->villages.v);
    free(g->idset);
}

static void remove_files(const char *path)
{
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
    char name[4096];
    for (size_t i = 0; i < COUNT(suffixes); i++)
        if ((size_t)snprintf(name, sizeof name, "%s%s", path, suffixes[i]) < sizeof name)
            unlink(name);
}

static bool write_stamp(const char *path, const char *stamp)
{
    char name[4096];
    if ((size_t)snprintf(name, sizeof name, "%s.stamp", path) >= sizeof name)
        return false;
    FILE *f = fopen(name, "w");
    if (!f)
        return false;
    fprintf(f, "%s\n", stamp);
    return fclose(f) == 0;
}

/* Generates into PATH.tmp, renames it to PATH, then writes PATH.stamp. */
static int run(const nat_params *p, const char *path, const char *stamp)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return 2;
    remove_files(tmp);
    char stampfile[4100];
    snprintf(stampfile, sizeof stampfile, "%s.stamp", path);
    unlink(stampfile);
    nat_gen g = { .p = p, .rng = 0x5A17C0DE0000ULL + (uint64_t)p->seed };
    bool ok = db_create(tmp, &g.db, &g.err) == TZ_OK && generate(&g);
    gen_free(&g);
    if (ok) {
        remove_files(path);
        ok = rename(tmp, path) == 0 && write_stamp(path, stamp);
        if (!ok)
            tz_fail(&g.err, TZ_ERR_IO, "cannot rename %s or write its stamp", tmp);
    }
    if (!ok) {
        fprintf(stderr, "gennational: %s\n", g.err.msg[0] ? g.err.msg : "failed");
        remove_files(tmp);
        return 1;
    }
    printf("gennational: %s: %lld units, %lld people, %lld sites, %lld postings\n", path,
           (long long)g.nunits, (long long)g.npeople, (long long)g.nsites, (long long)g.npostings);
    return 0;
}

int main(int argc, char **argv)
{
    nat_params p = defaults;
    bool stamp_only = false;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--stamp") == 0) {
            stamp_only = true;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            if (!parse_option(&p, argv[i]))
                return 2;
        } else if (!path) {
            path = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (p.streets > p.townships)
        p.streets = p.townships;
    char stamp[1024];
    make_stamp(&p, stamp, sizeof stamp);
    if (stamp_only) {
        printf("%s\n", stamp);
        return 0;
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    return run(&p, path, stamp);
}
