/* gennational.h — the national-scale generator behind `make bench`: thousands of counties'
 * worth of units, millions of people and the ledgers on them, written through the real schema
 * (every CHECK, trigger and foreign key active). gennational.c builds the tree of units and
 * people county by county; gennational_ledgers.c adds sites and postings per county (from the
 * ids it just made) and the contracts and budget lines for all of them at the end, in SQL. */
#ifndef TAIZHANG_GENNATIONAL_H
#define TAIZHANG_GENNATIONAL_H

#include "taizhang/db.h"

/* The sizes, all set by options (gennational --help lists them with their defaults). */
typedef struct {
    int counties;         /* county-level units (县, 县级市, 区): each a 'city' in the schema */
    int townships;        /* townships per county, on average (±40 %) */
    int streets;          /* of them sub-districts (街道), which hold the communities */
    int villages;         /* villages per town, on average (±50 %) */
    int communities;      /* communities per sub-district, on average (±50 %) */
    int departments;      /* county departments (县直单位) per county */
    int village_people;   /* cadres per village or community, the secretary included */
    int township_staff;   /* cadres per township besides its secretary */
    int department_staff; /* cadres per department besides its head */
    int leaders;          /* county leaders besides the secretary: instructors, site leaders */
    int site_every;       /* one demonstration site per this many villages */
    int fs_percent;       /* villages with a first secretary, in percent */
    int contract_years;   /* years of contracts, ending with GEN_THIS_YEAR */
    int budget_years;     /* years of budget lines, ending with GEN_THIS_YEAR */
    int ledger_share;     /* counties with contracts and budget lines, in percent */
    int seed;             /* of the PRNG: same options, same database */
} nat_params;

/* A growable list of row ids. */
typedef struct {
    int64_t *v;
    size_t n, cap;
} nat_ids;

/* The generator: its statements, the county being built, and what it has written. */
typedef struct {
    tz_db *db;
    const nat_params *p;
    tz_stmt *unit;        /* INSERT INTO units */
    tz_stmt *person;      /* INSERT INTO people */
    tz_stmt *site;        /* INSERT INTO demo_sites */
    tz_stmt *posting;     /* INSERT INTO assignments */
    uint64_t rng;         /* splitmix64 state */
    char county_code[8];  /* of the county being built: its 6-digit division code */
    char county_name[32];
    int64_t county_id;
    nat_ids leaders;      /* the county's leaders (people), for instructor postings */
    nat_ids cadres;       /* department cadres who are not heads: first secretaries */
    nat_ids cadre_units;  /* their departments, same order */
    nat_ids townships;    /* the county's townships (units) */
    nat_ids town_secs;    /* their secretaries (people), same order; 0 if none */
    nat_ids town_first;   /* their first village or community, same order; 0 if none */
    nat_ids villages;     /* the county's villages and communities (units) */
    uint64_t *idset;      /* ID numbers given in this county (keys, 0 = free slot) */
    size_t idset_cap, idset_n;
    int64_t nunits, npeople, nsites, npostings;
    tz_error err;
} nat_gen;

/* ---- gennational.c ---------------------------------------------------------------------- */
int nat_below(nat_gen *g, int n);           /* uniform in [0, n) */
bool nat_ids_push(nat_gen *g, nat_ids *ids, int64_t id); /* false on out-of-memory */
bool nat_step(nat_gen *g, tz_stmt *st);      /* one insert; false with g->err set */
bool nat_nomem(nat_gen *g);                  /* sets g->err, returns false */

/* ---- gennational_names.c ---------------------------------------------------------------- */
const char *nat_pick(nat_gen *g, const char *const *pool, size_t n); /* one of the pool's n */
/* 石桥, 龙溪, 黄家湾 and the suffix: two syllables, sometimes three. */
void nat_place_name(nat_gen *g, char *out, size_t cap, const char *suffix);
/* A surname and one or two given characters, a man's or a woman's. */
void nat_person_name(nat_gen *g, char *out, size_t cap, bool male);

/* ---- gennational_ledgers.c -------------------------------------------------------------- */
bool nat_prepare_ledgers(nat_gen *g);
/* A demonstration site at a village; leader_id 0 when the township has no cadre left to lead
 * it (one leader leads at most one unfinished site). */
bool nat_add_site(nat_gen *g, int64_t village_id, const char *village_name, int64_t leader_id);
/* Instructors, first secretaries and liaison leaders of the county just built. */
bool nat_county_postings(nat_gen *g);
/* After all counties, in SQL, for the share of counties with ledgers: contracts through
 * template issues, signed and scored; budget lines with disbursements; and a few sites
 * reopened everywhere. */
bool nat_finish(nat_gen *g);

#endif
