/* sync_internal.h — what replica.c and sync.c share: the tables exchanged and their scope. */
#ifndef TAIZHANG_SYNC_INTERNAL_H
#define TAIZHANG_SYNC_INTERNAL_H

/* The session extension is declared by sqlite3.h only with these (Debian's libsqlite3 has it
 * built in); every file that includes this header includes it before db_internal.h. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "taizhang/sync.h"
#include "db_internal.h"

/* The columns of a table, in order (the first is its id). */
typedef struct {
    char **names;   /* owned, each owned */
    int n;
} dbi_columns;

/* A table exchanged between units, as its declaration in table_access says (migrations 016 and
 * 020). `scoped`: its rows name their township through the view <name>_scope (false: every
 * row is city-level); `issued` an SQL condition on the row `t` for the rows of a township that
 * the county issues and may change too (NULL: none). */
typedef struct {
    char name[64];
    bool scoped;
    char *issued;       /* owned */
    dbi_columns cols;
} dbi_synced_table;

/* Every exchanged table, parents before children (a table declared apply_before another just
 * before it: a reopening before its site, whose rule reads the site's status before the
 * bundle's update of it). */
typedef struct {
    dbi_synced_table *t; /* owned */
    int n;
} dbi_synced_set;

tz_status dbi_synced_load(tz_db *db, dbi_synced_set *out, tz_error *err);
void dbi_synced_free(dbi_synced_set *set);
/* The index of an exchanged table in the set, -1 if it is not one. */
int dbi_synced_index(const dbi_synced_set *set, const char *name);

/* The base file of the exchange with unit `code` beside the database at `db_path`. */
void dbi_sync_base_path(const char *db_path, const char *code, char *out, size_t cap);
/* The path the main database of the connection was opened from (borrowed). */
const char *dbi_db_path(tz_db *db);

/* Creates in schema `schema` (attached) a copy of every exchanged table: the same columns and
 * key, no constraints, so that sqlite3session_diff can compare it with the live tables. */
tz_status dbi_sync_copy_tables(tz_db *db, const dbi_synced_set *set, const char *schema, tz_error *err);
/* Fills those copies with the rows unit `township` (0: the whole city) shares: its own and the
 * city-level ones. */
tz_status dbi_sync_copy_rows(tz_db *db, const dbi_synced_set *set, const char *schema, int64_t township,
                            tz_error *err);
/* Attaches `path` as `schema` (an empty path: a temporary file). */
tz_status dbi_attach(tz_db *db, const char *path, const char *schema, tz_error *err);
void dbi_detach(tz_db *db, const char *schema);

/* ---- bundles (bundle.c) ---- */
/* One change of a changeset, while its iterator stands on it. */
typedef struct {
    const char *table;
    int t;          /* index in the dbi_synced_set read with, -1: none */
    int op;         /* SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE */
    int ncol;
    int64_t id;
    sqlite3_changeset_iter *it;
} dbi_change;

/* A bundle read from or written to a file. */
typedef struct {
    tz_bundle_header h;
    const unsigned char *deletes, *changes; /* borrowed from the file's bytes */
    int ndeletes, nchanges;
} dbi_bundle;

/* `set` (may be NULL) gives c->t. */
bool dbi_change_read(const dbi_synced_set *set, sqlite3_changeset_iter *it, dbi_change *c);
/* The value of column i after the change (NULL: the change leaves it as it is). */
sqlite3_value *dbi_change_new(const dbi_change *c, int i);
const char *dbi_change_op(int op); /* "insert", "update", "delete" */
/* Adds a changeset's rows inserted, updated and deleted per table to the header. */
void dbi_bundle_count(tz_bundle_header *h, const void *cs, int n);
/* The bytes of an exchange's secret key (sync_peers.hmac_key, migration 020). */
#define DBI_SYNC_KEY 32
/* The whole file into out, authenticated with key (HMAC-SHA-256), its SHA-256 written into
 * b->h and into the file. */
tz_status dbi_bundle_write(dbi_bundle *b, const uint8_t key[DBI_SYNC_KEY], tz_sb *out, tz_error *err);
/* The file's HMAC is the one key gives (data, n: a file dbi_bundle_parse accepted). */
bool dbi_bundle_authentic(unsigned char *data, size_t n, const uint8_t key[DBI_SYNC_KEY]);
/* Checks the digest and reads the header of data (n bytes); the changesets stay in data. */
tz_status dbi_bundle_parse(unsigned char *data, size_t n, dbi_bundle *b, tz_error *err);
tz_status dbi_bundle_read_file(const char *path, unsigned char **data, size_t *n, tz_error *err);
/* TZ_ERR_CORRUPT: the bundle is damaged or incomplete, with why. */
tz_status dbi_bundle_damaged(tz_error *err, const char *why);

#endif
