/* db_internal.h — what the files of src/db share: the connection struct, a statement cache,
 * the one error mapping and small SQL-building helpers. Only src/db includes this. */
#ifndef TAIZHANG_DB_INTERNAL_H
#define TAIZHANG_DB_INTERNAL_H

#include "taizhang/db.h"

#include <sqlite3.h>
#include <sys/types.h>

#define DBI_CACHE_SIZE 48
#define DBI_GUARD_KEY 72
#define DBI_MAX_MARKS 128

/* What migration 012's table_access says about a table (guard.c). */
typedef enum { DBI_MARK_NONE, DBI_MARK_SHARED, DBI_MARK_ADMIN, DBI_MARK_INTERNAL } dbi_mark;

/* What SQL from form and report files may do: read, and write write_table (NULL: nothing). */
typedef struct {
    const char *write_table; /* borrowed */
    bool admin_tables;       /* may read the admin-only tables: an admin-only form, an admin */
} dbi_guard;

typedef struct {
    char *sql;          /* the text the statement was prepared from; owned */
    sqlite3_stmt *stmt; /* prepared once, reset after each use */
    char guard[DBI_GUARD_KEY]; /* the guard it was prepared under (guard.c); "": none */
} dbi_cached;

/* What pragma_table_info said about one column, kept for the connection (sql.c). */
#define DBI_COLUMN_FACTS 32
typedef struct {
    char table[64], column[64]; /* empty: an unused slot */
    int notnull;                /* 1 not null or the key, 0 nullable, -1 missing */
} dbi_column_fact;

/* How rows name their township: not at all (shared), through <relation>_scope, through a
 * township_id column, through the scope key of migration 019 (the township's id, or minus the
 * city's for the city's own rows); DENY: not readable by a township's clerk. */
typedef enum { DBI_SCOPE_NONE, DBI_SCOPE_VIEW, DBI_SCOPE_COLUMN, DBI_SCOPE_KEY, DBI_SCOPE_DENY } dbi_scope_kind;
#define DBI_MAX_SCOPES 64

struct tz_db {
    sqlite3 *h;                           /* the connection */
    bool has_users;                       /* sign-in is required (access.c) */
    bool has_actor;                       /* the audit triggers' audit_actor row exists */
    bool forms_need_admin;                /* forms from an untrusted folder (db_forms_need_admin) */
    tz_user user;                         /* who signed in; id 0: nobody */
    struct {
        char table[140];              /* "r:" or "w:" and the relation */
        dbi_scope_kind kind;
    } scopes[DBI_MAX_SCOPES];             /* how each table's rows name their township */
    size_t nscopes;
    int64_t city_of;                      /* the township `city` was looked up for; 0: none */
    int64_t city;                         /* that township's city (access.c) */
    struct {
        char name[64];
        dbi_mark mark;
    } marks[DBI_MAX_MARKS];               /* table_access (guard.c) */
    size_t nmarks;
    bool marks_unread;                    /* table_access exists but could not be read whole:
                                             guarded SQL is then refused (guard.c) */
    bool readonly;                        /* opened read-only: the file cannot be written */
    const tz_formset *forms;              /* borrowed (db_use_forms), or NULL */
    dbi_cached cache[DBI_CACHE_SIZE];     /* statements by SQL text */
    size_t cache_next;                    /* slot replaced when the cache is full */
    int writer_fd;                        /* the writers' queue, DB-writer (writer.c); -1: none */
    bool writer_held;                     /* this connection holds it: a write is under way */
    dbi_column_fact facts[DBI_COLUMN_FACTS]; /* column_notnull's answers */
    char refusal[256];                    /* the last constraint failure as SQLite said it */
    size_t facts_next;                    /* slot replaced when they are full */
};

/* A cached prepared statement for sql into *out (borrowed; give it back with dbi_release). */
tz_status dbi_prepare(tz_db *db, const char *sql, sqlite3_stmt **out, tz_error *err);
/* Resets a statement from dbi_prepare and clears its bindings. NULL is fine. */
void dbi_release(sqlite3_stmt *st);
/* dbi_prepare for SQL that holds text from form, menu or report files (guard.c). */
tz_status dbi_prepare_guarded(tz_db *db, const dbi_guard *g, const char *sql, sqlite3_stmt **out,
                              tz_error *err);
void dbi_cache_clear(tz_db *db);

/* Turns an SQLite result code (and the connection's message) into a status and a message a
 * clerk can read. `form` (may be NULL) names the fields in UNIQUE / NOT NULL messages. */
tz_status dbi_fail(tz_db *db, const tz_form *form, int rc, tz_error *err);
/* The same for a connection that could not be opened (h may be NULL): the path and, in
 * Chinese, why and what to do. */
tz_status dbi_fail_open(sqlite3 *h, const char *path, int rc, tz_error *err);

/* After dbi_fail refused a save or delete (TZ_ERR_CONSTRAINT): the schema's rule_details may
 * name what conflicts (migration 010); its query runs with :id = id (NULL when 0) and :COLUMN =
 * values[i] of form's field COLUMN (values may be NULL for a delete), and its text replaces
 * err's message. Nothing changes when there is no such rule or it finds no row. */
void dbi_explain(tz_db *db, const tz_form *form, int64_t id, char *const *values, tz_error *err);

/* TZ_ERR_NOMEM, said as such. */
tz_status dbi_nomem(tz_error *err);
/* Runs sql (one or more statements, no rows wanted); a failure through dbi_fail. */
tz_status dbi_exec(tz_db *db, const char *sql, tz_error *err);

/* A write: BEGIN IMMEDIATE, or a SAVEPOINT when a transaction is already open (batch work). */
tz_status dbi_write_begin(tz_db *db, bool *nested, tz_error *err);
tz_status dbi_write_commit(tz_db *db, bool nested, tz_error *err);
void dbi_write_rollback(tz_db *db, bool nested);

/* The condition on a row of table_access that its table is exchanged between a county and its
 * townships' replicas (migration 020): every ledger and shared table not declared local. */
#define DBI_EXCHANGED "(access IN ('ledger', 'shared') AND local = 0)"

/* Makes each audit trigger and scope view that table_access declares (ledgers.c) and that is
 * missing or out of date with its table's columns. */
tz_status dbi_ledgers_build(tz_db *db, tz_error *err);

/* The mode of a new database file or a copy of one (db.c). */
mode_t dbi_file_mode(void);
/* A new, empty file at path with that mode whatever the umask (SQLite takes an empty file for
 * an empty database and keeps its mode); TZ_ERR_EXISTS when there is one, a link included. */
tz_status dbi_create_private(const char *path, tz_error *err);

/* TZ_ERR_DENIED with the message `why` unless an administrator is signed in or the database
 * has no users (backup.c). */
tz_status dbi_need_admin(tz_db *db, const char *why, tz_error *err);

/* ---- the writers' queue (writer.c) ---- */
/* Opens the lock file beside the database at path (not for a read-only connection). */
void dbi_writer_open(tz_db *db, const char *path);
void dbi_writer_close(tz_db *db);
/* Waits up to 5 s for this connection's turn to write; false when the wait ran out. True
 * without waiting when there is no lock file to queue on. */
bool dbi_writer_lock(tz_db *db);
/* Ends this connection's turn (nothing if it has none). */
void dbi_writer_unlock(tz_db *db);

/* ---- access (access.c) ---- */
/* Looks up whether the database has users; at open and after the first user is added. */
void dbi_access_init(tz_db *db);
/* TZ_ERR_DENIED with the reason when the session may not read / change this form's rows. */
tz_status dbi_may_read(tz_db *db, const tz_form *form, tz_error *err);
tz_status dbi_may_write(tz_db *db, const tz_form *form, tz_error *err);
/* True when the session is limited to one township. */
bool dbi_scoped(tz_db *db);
/* Appends an SQL condition on `alias`.id keeping the rows the session may see (only call when
 * dbi_scoped). */
void dbi_scope_sql(tz_db *db, const tz_form *form, const char *alias, tz_sb *sb);
/* For a township's clerk reading a ledger that carries its scope key (migration 019): the two
 * keys of the rows it reads, its township's and its own city's, each an equality range of the
 * indexes (scope_key, COLUMN); false otherwise. */
bool dbi_scope_keys(tz_db *db, const tz_form *form, int64_t keys[2]);
/* The row belongs to the session's township (writes), else TZ_ERR_DENIED. */
tz_status dbi_check_row_scope(tz_db *db, const tz_form *form, int64_t id, tz_error *err);
/* Names the signed-in clerk to the audit triggers (on) or nobody (off). */
void dbi_set_actor(tz_db *db, bool on);

/* ---- guarded SQL (guard.c) ---- */
/* Reads table_access once the schema is current. */
void dbi_marks_load(tz_db *db);
dbi_mark dbi_table_mark(const tz_db *db, const char *table);
/* The guard for reading a form's rows (form NULL: a report), and for writing its table. */
dbi_guard dbi_guard_read(tz_db *db, const tz_form *form);
dbi_guard dbi_guard_write(tz_db *db, const tz_form *form);
/* The most a form's reads may ever do (an administrator signed in), for `taizhang check`. */
dbi_guard dbi_guard_lint(tz_db *db, const tz_form *form);
/* Prepares sql under the guard: TZ_ERR_DENIED, saying why, when it does what g does not allow,
 * is not one statement, or (reads) is not read-only. Not cached; the caller finalizes *out. */
tz_status dbi_guard_compile(tz_db *db, const dbi_guard *g, const char *sql, sqlite3_stmt **out,
                            tz_error *err);
void dbi_guard_key(const dbi_guard *g, char *key, size_t cap);
/* A value from the screen as SQL should meet it: a field's stored text bound with the field's
 * type (an integer column of a view compared with the text '54' matches nothing). */
typedef enum { DBI_INT, DBI_REAL, DBI_TEXT, DBI_NULL } dbi_value_kind;
typedef struct {
    dbi_value_kind kind;  /* which of the values below is meant */
    int64_t i;
    double r;
    const char *t;        /* borrowed */
} dbi_value;
/* The stored text `text` (NULL: NULL) of field f as a typed value; a number field whose text
 * is not a number is TZ_ERR_INVALID with a message naming the field (record.c). */
tz_status dbi_field_value(const tz_field *f, const char *text, dbi_value *out, tz_error *err);
void dbi_bind(sqlite3_stmt *st, int idx, const dbi_value *v);
/* Appends the SQL expression of the next free id of `table` in this database's block of ids
 * (migration 015), for an INSERT that names its id (replica.c). */
void dbi_next_id_sql(tz_sb *sb, const char *table);

/* Where a form's reads come from: form->view when it has one, else form->table (borrowed). */
const char *dbi_read_source(const tz_form *form);

/* Appends ident as a quoted SQL identifier ("a""b"). */
void dbi_ident(tz_sb *sb, const char *ident);
/* Appends text as a quoted SQL string ('it''s'). */
void dbi_text_literal(tz_sb *sb, const char *text);
/* Column facts from the live schema (false when the table or column is missing). */
bool dbi_column_exists(tz_db *db, const char *table, const char *column);
bool dbi_column_nullable(tz_db *db, const char *table, const char *column);
/* Copies the text of a result column (NULL for SQL NULL). *ok turns false on out-of-memory. */
char *dbi_column_dup(sqlite3_stmt *st, int col, bool *ok);
/* Reads the current result row into row: column 0 is the id, then (when has_key) the sort
 * value, then one value per remaining column. False on out-of-memory (row still freeable). */
bool dbi_read_row(sqlite3_stmt *st, bool has_key, tz_row *row);

#endif
