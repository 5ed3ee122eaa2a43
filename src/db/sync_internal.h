/* sync_internal.h — what replica.c, bundle.c and the sync*.c files share: the tables exchanged
 * and their scope, the bundle file, the ends of an exchange and an import under way. */
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
/* Fills those copies with the rows the lower end of an exchange, `unit`, shares with the upper
 * end (0: every row): those its replica holds (unit_held_keys, migration 031). */
tz_status dbi_sync_copy_rows(tz_db *db, const dbi_synced_set *set, const char *schema, int64_t township,
                            tz_error *err);
/* Each row of `table` (NULL: of every table) that refers to a row this database does not
 * have, to `found` (false: out of memory). In a township's replica a reference to a row of
 * another township's is none of those: a row of a ledger with a scope, by an id not drawn from
 * the replica's block (a cross inspection's inspector); the replica is not meant to hold it and
 * the county, which holds every township's rows, checks it. */
typedef bool (*dbi_dangling_fn)(void *ctx, const char *table, int64_t id, const char *parent);
tz_status dbi_dangling_references(tz_db *db, const char *table, dbi_dangling_fn found, void *ctx, tz_error *err);
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

/* ---- the two ends of an exchange (sync.c) ---- */
typedef struct {
    int64_t id;
    char code[32];
    bool upper;           /* the upper end of this exchange: the county's database for its
                             townships, the prefecture's for its counties (migration 031) */
    char level[16];       /* the unit's: township, city or prefecture */
} dbi_unit_end;

typedef struct {
    dbi_unit_end unit;
    int64_t sent, acked, applied;
    uint8_t key[DBI_SYNC_KEY];  /* the exchange's secret key */
    bool keyed;                 /* false: a replica made before bundles were authenticated */
} dbi_peer_end;

/* This database's unit (sync_self_unit, migration 031); its `upper` is set by the exchange. */
tz_status dbi_sync_load_self(tz_db *db, dbi_unit_end *me, tz_error *err);
/* The unit with `code` this database exchanges with (code NULL: the only one); it is the upper
 * end when this database is a replica and the peer is not a unit directly below ours. */
tz_status dbi_sync_load_peer(tz_db *db, const char *code, dbi_peer_end *p, tz_error *err);
/* Attaches the base file of the exchange with peer as "base". */
tz_status dbi_sync_attach_base(tz_db *db, const dbi_peer_end *peer, tz_error *err);

/* ---- planning an import and keeping the base (sync_plan.c) ---- */
/* An import under way: the bundle's changes planned into temp.sync_plan (tbl, id, op, action). */
typedef struct {
    tz_db *db;
    const dbi_synced_set *ts;
    const tz_sync_choice *choices;
    size_t nchoices;
    tz_sync_result *res;
    const char *only;        /* the table sqlite3changeset_apply works on now */
    bool refused;            /* a rule refused a row: nothing is committed */
    bool dangling;           /* SQLite found references to rows missing when a table was applied */
    struct { char table[32]; int64_t id; } *ruled; /* those rows, owned; messages found after */
    size_t nruled;
    bool lower;              /* this database is the lower end of the exchange: the upper end
                                decides the conflicts on rows of ours it has been sent
                                (sync_plan.c) */
} dbi_import_ctx;

/* Writes one change into `schema` with plain SQL: the base, as the other side now has it
 * (`replace`: an insert over a row already there), or main, to hear what a rule says of it. */
tz_status dbi_sync_write_change(tz_db *db, const char *schema, const dbi_change *c, const dbi_columns *cols,
                                bool replace, tz_error *err);
/* A changeset's changes into the base. */
tz_status dbi_sync_base_apply(tz_db *db, const void *cs, int n, const dbi_synced_set *ts, tz_error *err);
/* The peer acknowledged our bundle `ack`: what it held is now the base of the exchange. */
tz_status dbi_sync_fold_ack(tz_db *db, const dbi_peer_end *peer, int64_t ack, const dbi_synced_set *ts,
                            tz_error *err);
/* Adds to x->res the conflict of change c (false: out of memory). */
bool dbi_sync_add_conflict(dbi_import_ctx *x, const dbi_change *c, bool county_decides);
/* Adds "TABLE ID: msg" to r's refused rows (false: out of memory). */
bool dbi_sync_add_refused(tz_sync_result *r, const char *table, int64_t id, const char *msg);
/* Plans each change of a changeset into temp.sync_plan. */
tz_status dbi_sync_plan(dbi_import_ctx *x, const void *cs, int n, tz_error *err);
/* Every row of temp.sync_plan must lie in the sender's scope as it is here (`after` false: as
 * it is before applying; true: the rows inserted or updated, as they are after); each one that
 * does not is refused into x->res. */
tz_status dbi_sync_check_scope(dbi_import_ctx *x, const dbi_unit_end *sender, bool after, tz_error *err);
/* Each change's table, id and operation into the temporary table `into` (action 'apply'). */
tz_status dbi_sync_list_changes(tz_db *db, const char *into, const void *cs, int n, tz_error *err);

#endif
