/* sync — townships that keep their own copy of the ledgers and exchange changes with the
 * county in files (a USB stick), built on SQLite's session extension (src/db/sync.c,
 * src/db/replica.c; migration 015).
 *
 * A replica holds one township's rows and the city-level rows it may read; it draws new row ids
 * from a block of its own. For each unit it exchanges with, a database keeps a base file beside
 * it (DB-sync-CODE): the shared rows as the other side last had them. A bundle holds the
 * changes from that base to now (sqlite3session_diff), a header and a SHA-256 of the whole. */
#ifndef TAIZHANG_SYNC_H
#define TAIZHANG_SYNC_H

#include "taizhang/db.h"

/* TZ_ERR_DENIED, saying why, unless an administrator is signed in (or the database has no
 * users): a replica, a bundle and a base file hold ID numbers and password hashes. Every
 * function below asks it first. */
tz_status db_sync_need_admin(tz_db *db, tz_error *err);

/* The township's administrator in a new replica: a login and a temporary password, changed at
 * the first sign-in. */
typedef struct {
    const char *login, *password;
} tz_replica_admin;

/* Makes `path` a replica of the database `upper` for the unit with code `unit_code` — a
 * township of the county's database, or a county (a unit of level city) of the prefecture's —
 * and registers it in `upper`. Of upper's users it keeps only the unit's own and those of the
 * units directly below it (no administrator of upper: their password hashes stay there);
 * `admin` (NULL only when upper has no users) becomes the replica's administrator.
 * Refuses an existing `path` (TZ_ERR_EXISTS). */
tz_status db_replica_create(tz_db *upper, const char *unit_code, const char *path,
                            const tz_replica_admin *admin, tz_error *err);

/* Where a unit's bundles are, by table: rows inserted, updated and deleted. */
typedef struct {
    char table[32];
    int inserted, updated, deleted;
} tz_bundle_rows;

#define TZ_BUNDLE_MAX_TABLES 64
typedef struct {
    char from[32], to[32];   /* unit codes */
    int64_t seq;             /* the sender's number for this bundle */
    int64_t builds_on;       /* its last bundle the receiver had acknowledged */
    int64_t ack;             /* the receiver's last bundle the sender has applied */
    int schema;              /* the sender's schema version */
    tz_bundle_rows rows[TZ_BUNDLE_MAX_TABLES]; /* tables with changes */
    size_t nrows;
    char sha256[65];
} tz_bundle_header;

/* Writes the next bundle for the unit with code `peer` (NULL: the only unit this database
 * exchanges with) to `path`; a folder gets the name CODE-to-CODE-SEQ.tzb. `written` receives
 * the file's path and `out` (may be NULL) its header. */
tz_status db_sync_export(tz_db *db, const char *peer, const char *path, char *written, size_t cap,
                         tz_bundle_header *out, tz_error *err);

/* One row changed on both sides since the last exchange: the row here and the change in the
 * bundle, as JSON objects (NULL: deleted). */
typedef struct {
    char table[32];
    int64_t id;
    char *ours, *theirs;     /* owned */
    bool county_decides;     /* a township's row the county has been sent: decided there, and
                                settled by the county's next bundle (a choice here is ignored) */
} tz_sync_conflict;

typedef enum { TZ_KEEP_UNDECIDED, TZ_KEEP_OURS, TZ_TAKE_THEIRS } tz_sync_choice_kind;
typedef struct {
    const char *table;       /* NULL: every conflicting row */
    int64_t id;
    tz_sync_choice_kind choice;
} tz_sync_choice;

typedef struct {
    tz_bundle_header header;
    size_t applied;          /* changes applied */
    size_t already;          /* changes that were already here */
    tz_sync_conflict *conflicts; /* owned; nothing was committed when there are any */
    size_t nconflicts;
    char **refused;          /* rows a rule or the sender's scope refused, with the message */
    size_t nrefused;
} tz_sync_result;
void tz_sync_result_free(tz_sync_result *r);

/* Checks and applies the bundle at `path` in one transaction (sqlite3changeset_apply): refuses
 * a damaged file (TZ_ERR_CORRUPT), a bundle not meant for this database or from a unit it does
 * not exchange with (TZ_ERR_DENIED), one already applied (TZ_ERR_EXISTS), one that builds on a
 * bundle never applied here (TZ_ERR_INVALID), and the whole bundle when a row lies outside the
 * sender's scope (TZ_ERR_DENIED) or a rule refuses one (TZ_ERR_CONSTRAINT; out->refused names
 * them). Rows changed here too since the last exchange stop it (TZ_ERR_CONFLICT, out->conflicts,
 * also kept in sync_conflicts) unless `choices` decide each of them. Every change lands in the
 * audit trail under the bundle's name ("bundle FROM#SEQ"). */
tz_status db_sync_import(tz_db *db, const char *path, const tz_sync_choice *choices,
                         size_t nchoices, tz_sync_result *out, tz_error *err);

/* 系统维护 → 数据交换: a bundle for every unit this database exchanges with, into `folder`
 * (*bundles: how many); and every bundle in `folder` addressed to this database, in order,
 * skipping those applied before (*bundles applied, *changes in them). The import stops at the
 * first bundle refused or stopped by conflicts: its status, and `stopped` says why. */
tz_status db_sync_export_all(tz_db *db, const char *folder, int *bundles, tz_error *err);
tz_status db_sync_import_folder(tz_db *db, const char *folder, int *bundles, size_t *changes,
                                tz_sync_result *stopped, tz_error *err);

#endif
