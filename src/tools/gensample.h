/* gensample.h — the parts of the sample-data generator, one per ledger. Each runs after the
 * units and people exist, inside the generator's one write transaction, reads what it needs
 * from the database, and is reproducible: its own fixed-seed PRNG, no clock. */
#ifndef TAIZHANG_GENSAMPLE_H
#define TAIZHANG_GENSAMPLE_H

#include "taizhang/db.h"

/* The sample's "this year": the data must not change with the day it is generated. */
#define GEN_THIS_YEAR 2026

/* The two standard templates (1: villages and communities, 2: townships) with their items;
 * also used by the national generator (gennational.c). */
bool gen_contract_templates(tz_db *db, tz_error *err);
/* How a year's issued contracts are signed and scored (printf formats): a past year's, all
 * assessed (the year twice); this year's, mostly signed, half scored (the year three times). */
extern const char gen_assessed_sql[];
extern const char gen_current_sql[];
/* Contracts for GEN_THIS_YEAR-1 and GEN_THIS_YEAR, the standard template and its items. */
bool gen_contracts(tz_db *db, tz_error *err);
/* Demonstration sites, supervisor postings, budget lines and their disbursements. */
bool gen_ledgers(tz_db *db, tz_error *err);
/* Pinyin initials of the names of TABLE (columns name, name_py) where they are missing, so the
 * rows are found by initials from the first run; SURNAME reads the first character as one. */
bool gen_fill_pinyin(tz_db *db, const char *table, bool surname, tz_error *err);
/* Party-congress representatives, their studios, households, visits and activities. */
bool gen_deputies(tz_db *db, tz_error *err);
/* The good-cadre selections of two years, through their five rounds. */
bool gen_good_cadres(tz_db *db, tz_error *err);
/* Batches of cadres sent out for secondments and training, 2015–2016 and 2025–2026. */
bool gen_secondments(tz_db *db, tz_error *err);
/* Seven cadres in every village and their 村干部绩效考核 (gensample_village.c). */
bool gen_village(tz_db *db, tz_error *err);

#endif
