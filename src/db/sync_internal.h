/* sync_internal.h — what replica.c and sync.c share: the tables exchanged and their scope. */
#ifndef TAIZHANG_SYNC_INTERNAL_H
#define TAIZHANG_SYNC_INTERNAL_H

#include "taizhang/sync.h"
#include "db_internal.h"

/* A table exchanged between units, parents before children (a reopening before its site: the
 * reopening's rule reads the site's status before the bundle's update of it). `scope` is the
 * migration-006 view naming each row's township (NULL: every row is city-level); `issued` an
 * SQL condition on the row `%s` for the rows of a township that the county issues and may
 * change too (NULL: none). */
typedef struct {
    const char *name;
    const char *scope;
    const char *issued;
} dbi_synced_table;

extern const dbi_synced_table dbi_synced[TZ_SYNC_TABLES];

/* The base file of the exchange with unit `code` beside the database at `db_path`. */
void dbi_sync_base_path(const char *db_path, const char *code, char *out, size_t cap);
/* The path the main database of the connection was opened from (borrowed). */
const char *dbi_db_path(tz_db *db);

/* Creates in schema `schema` (attached) a copy of every exchanged table: the same columns and
 * key, no constraints, so that sqlite3session_diff can compare it with the live tables. */
tz_status dbi_sync_copy_tables(tz_db *db, const char *schema, tz_error *err);
/* Fills those copies with the rows unit `township` (0: the whole city) shares: its own and the
 * city-level ones. */
tz_status dbi_sync_copy_rows(tz_db *db, const char *schema, int64_t township, tz_error *err);
/* Attaches `path` as `schema` (an empty path: a temporary file). */
tz_status dbi_attach(tz_db *db, const char *path, const char *schema, tz_error *err);
void dbi_detach(tz_db *db, const char *schema);

#endif
