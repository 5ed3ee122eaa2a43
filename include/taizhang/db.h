/* db — the only layer that speaks SQLite: connection, migrations, the generic list and record
 * operations the form engine needs, and checks. No curses; errors are returned in tz_error
 * with a message the clerk can read (a trigger's RAISE message is passed through as it is).
 *
 * Every connection: foreign_keys=ON, journal_mode=WAL, synchronous=FULL, busy_timeout 5 s.
 * Every write is one BEGIN IMMEDIATE transaction, begun after a turn in the writers' queue: an
 * flock on DB-writer beside the database, waited for up to 5 s (src/db/writer.c). While it
 * waits, the db layer borrows SIGALRM and ITIMER_REAL and then puts them back. */
#ifndef TAIZHANG_DB_H
#define TAIZHANG_DB_H

#include "taizhang/core.h"
#include "taizhang/spec.h"

typedef struct tz_db tz_db;

/* Migrations built into the binary (build/gen/migrations.c), applied in name order. */
extern const tz_embedded tz_migrations[];
extern const size_t tz_migrations_count;

/* Opens an existing database and brings it to the current schema. Refuses a file that is
 * missing (TZ_ERR_NOTFOUND), not a database (TZ_ERR_CORRUPT) or made by a newer taizhang
 * (TZ_ERR_VERSION). A read-only file opens read-only (db_readonly tells). */
tz_status db_open(const char *path, tz_db **out, tz_error *err);
/* Creates a new database at the current schema; refuses an existing file (TZ_ERR_EXISTS). */
tz_status db_create(const char *path, tz_db **out, tz_error *err);
void db_close(tz_db *db);
bool db_readonly(const tz_db *db);
int db_schema_version(tz_db *db);  /* PRAGMA user_version */
int db_schema_latest(void);        /* the version this binary migrates to */
/* Lends the connection the loaded forms (borrowed; keep them alive while db is open), so lists
 * can show a lookup column's display text and errors can name fields by their labels.
 * Without it a lookup column shows the raw id. */
void db_use_forms(tz_db *db, const tz_formset *set);
/* Fills the choices of every field that names a vocabulary (`choices = @NAME`, migration 017)
 * from the database; a vocabulary or code it lacks, or a default none of its codes, is a
 * problem with the form's file and line. Call it before the forms are used. */
tz_status db_load_choices(tz_db *db, tz_formset *set, tz_problems *probs);

/* Explicit transactions, for batch work (the generator, later batch actions). */
tz_status db_begin_write(tz_db *db, tz_error *err); /* BEGIN IMMEDIATE */
tz_status db_commit(tz_db *db, tz_error *err);
void db_rollback(tz_db *db);
/* Runs SQL text (several statements allowed) with no parameters. */
tz_status db_exec(tz_db *db, const char *sql, tz_error *err);

/* A thin prepared-statement interface for tools and tests that insert in bulk. */
typedef struct tz_stmt tz_stmt;
tz_status db_prepare(tz_db *db, const char *sql, tz_stmt **out, tz_error *err);
void db_bind_int(tz_stmt *st, int idx, int64_t v);    /* idx is 1-based */
void db_bind_text(tz_stmt *st, int idx, const char *v); /* NULL binds NULL; copied */
void db_bind_null(tz_stmt *st, int idx);
/* Steps once: *row is true when a result row is ready. Resets itself after the last row. */
tz_status db_step(tz_stmt *st, bool *row, tz_error *err);
int64_t db_column_int(tz_stmt *st, int col);          /* 0-based */
const char *db_column_text(tz_stmt *st, int col);     /* borrowed until the next step; NULL = NULL */
void db_reset(tz_stmt *st);
void db_finalize(tz_stmt *st);
int64_t db_last_insert_id(tz_db *db);

/* ---- rows as the form engine sees them ---------------------------------------------------- */
typedef enum { TZ_KEY_NULL, TZ_KEY_INT, TZ_KEY_REAL, TZ_KEY_TEXT } tz_key_type;
typedef struct {
    int64_t id;       /* rowid of the record */
    char **v;         /* one value per requested column, text; NULL for SQL NULL; owned */
    size_t n;         /* number of values */
    tz_key_type key_type; /* the sort value of the row, kept for keyset paging */
    int64_t key_int;
    double key_real;
    char *key_text;   /* owned */
} tz_row;
typedef struct {
    tz_row *rows;     /* owned */
    size_t n;
} tz_rows;
void tz_row_free(tz_row *row);     /* frees what the row owns, leaves it empty */
void tz_rows_free(tz_rows *rows);

/* ---- lists: keyset paging, never OFFSET, never all rows --------------------------------- */
/* An equality condition set by the clerk on a list (year = 2026, status = signed). */
typedef struct {
    const char *column;     /* a column of the form's read source */
    const char *value;      /* stored form; NULL means IS NULL */
} tz_filter;

typedef struct {
    const tz_form *form;    /* borrowed */
    const char *filter_col; /* NULL: no filter; usually form->tree or form->filter */
    int64_t filter_id;      /* value of filter_col; 0 means IS NULL (top of a tree) */
    const char *where;      /* extra SQL condition (a lookup field's `where`), or NULL */
    const char *search;     /* NULL or "": everything; else matched per form->search */
    const tz_filter *filters; /* borrowed, nfilters of them, all must hold */
    size_t nfilters;
    int sort;               /* index into form->columns; -1: form->order */
    bool desc;
} tz_listq;

/* Incremental search: the text typed picks the form's terms (letters only: the pinyin
 * initials; a leading digit: codes; else part of a name) so that an index serves each key, and
 * a search by a single term gives its rows in that term's column order. This says which
 * column that is, or NULL when the rows keep the list's sort. Borrowed from the form. */
const char *db_list_search_order(tz_db *db, const tz_listq *q);

/* Fetches up to `limit` rows in display order. dir > 0: rows after `anchor` (or from the
 * first row when anchor is NULL); dir < 0: rows before it (or the last rows). `inclusive`
 * also takes the anchor row itself. Each row holds form->columns' values, lookup columns
 * replaced by the target's display text, choice and money values still stored form. */
tz_status db_list_page(tz_db *db, const tz_listq *q, const tz_row *anchor, int dir,
                       bool inclusive, int limit, tz_rows *out, tz_error *err);
tz_status db_list_count(tz_db *db, const tz_listq *q, int64_t *count, tz_error *err);
/* The same, but stops counting past `limit` (then *count is limit + 1): a list's status line
 * says "10000+" on millions of rows without reading them all on every keystroke. */
tz_status db_list_count_upto(tz_db *db, const tz_listq *q, int64_t limit, int64_t *count,
                             tz_error *err);
/* The sums of the query's rows in each of `columns` (money in 分, integers): out[i] receives a
 * new string ("123450"; "0" for no rows), to be freed by the caller. A list's 合计 line. */
tz_status db_list_sums(tz_db *db, const tz_listq *q, const char *const *columns, size_t n,
                       char **out, tz_error *err);
/* How many rows of the query have each value of `column` (form->counts for the status line,
 * or a filter field, to offer the values present). out->rows[i] has v[0] = the stored value
 * (NULL for NULL) and id = its count, in value order; at most `limit` values. */
tz_status db_list_counts(tz_db *db, const tz_listq *q, const char *column, int limit,
                         tz_rows *out, tz_error *err);

/* ---- records ------------------------------------------------------------------------------ */
/* Reads come from form->view when the form has one, else from form->table; writes always go
 * to form->table and leave out readonly fields (which may exist only in the view).
 * Loads one record: out->v[i] is form->fields[i]'s stored value. TZ_ERR_NOTFOUND if gone. */
tz_status db_record_load(tz_db *db, const tz_form *form, int64_t id, tz_row *out, tz_error *err);
/* The record with the highest id (for "ditto" with nothing saved yet), TZ_ERR_NOTFOUND if none. */
tz_status db_record_last(tz_db *db, const tz_form *form, tz_row *out, tz_error *err);
/* Inserts (*id == 0; *id receives the new id) or updates the record in one BEGIN IMMEDIATE
 * transaction. values[i] is form->fields[i]'s stored value (NULL = NULL); readonly fields are
 * not written. Pinyin columns of fields that declare one are filled here. A refusal by a rule
 * in the schema returns TZ_ERR_CONSTRAINT with the rule's message. */
tz_status db_record_save(tz_db *db, const tz_form *form, int64_t *id, char *const *values,
                         tz_error *err);
/* Saves an existing record only if nobody changed it since it was read: `loaded` holds the
 * values read then (db_record_load), compared with the record's current values in the same
 * write transaction. If another clerk (or the sqlite3 command line) changed a field, nothing is
 * saved, TZ_ERR_CONFLICT names each such field with its new value, and `current` (may be NULL)
 * receives the record as it is now. A record deleted meanwhile is TZ_ERR_NOTFOUND. */
tz_status db_record_save_checked(tz_db *db, const tz_form *form, int64_t id, char *const *values,
                                 const tz_row *loaded, tz_row *current, tz_error *err);
tz_status db_record_delete(tz_db *db, const tz_form *form, int64_t id, tz_error *err);
/* What saving a new row (action "insert", with the values to save) or deleting row id
 * ("delete") of a batch's action table is about to do, as a question to ask first (将向龙溪镇
 * 35 个村（社区）下发 2028 年责任状？): a new string, or NULL when the schema asks nothing
 * (migration 010's action_questions; in Chinese, like the rules' messages). */
char *db_record_question(tz_db *db, const tz_form *form, const char *action, int64_t id,
                         char *const *values);
/* The display text of a looked-up row (target->display), as a new string. */
tz_status db_lookup_label(tz_db *db, const tz_form *target, int64_t id, char **label,
                          tz_error *err);
/* Fills the pinyin columns left NULL (rows written outside taizhang). Indexed, cheap. */
tz_status db_fill_pinyin(tz_db *db, const tz_form *form, tz_error *err);

/* ---- history (the audit trail, migration 007) ------------------------------------------------ */
/* The recorded changes of a record the session may see, oldest first: out->rows[i].v holds
 * at, login ("" for a change made outside taizhang), action (insert, update, delete), column,
 * old and new value — one row per changed column of an update, one row (column, old and new
 * NULL) per insert or delete. */
tz_status db_record_history(tz_db *db, const tz_form *form, int64_t id, tz_rows *out,
                            tz_error *err);

/* ---- drafts: what was typed when a session was cut off ------------------------------------- */
/* Keeps `typed` (one value per form field, as typed, unchecked; NULL = empty) for record `id`
 * of the form (0: a new record), replacing an older draft of the same record. */
tz_status db_draft_save(tz_db *db, const tz_form *form, int64_t id, char *const *typed,
                        tz_error *err);
/* The draft of that record: out->v[i] per field; *saved_at (new string) when it was kept.
 * TZ_ERR_NOTFOUND when there is none (or it no longer fits the form's fields). */
tz_status db_draft_load(tz_db *db, const tz_form *form, int64_t id, tz_row *out, char **saved_at,
                        tz_error *err);
tz_status db_draft_discard(tz_db *db, const tz_form *form, int64_t id, tz_error *err);

/* ---- backups ------------------------------------------------------------------------------- */
/* An online backup (other clerks may keep working) to `dest`: a folder gets a dated file
 * (taizhang-2026-11-27.db, then -2 …), a file path is used as given but never overwritten. The
 * copy is written under a temporary name, integrity-checked, then renamed; `written` receives
 * its path. */
tz_status db_backup(tz_db *db, const char *dest, char *written, size_t cap, tz_error *err);
/* TZ_ERR_DENIED, saying why, unless an administrator is signed in (or the database has no
 * users): a backup holds the whole city and every password hash, a restore replaces them.
 * db_backup asks it first. A township's clerk takes its rows home with export, not a backup:
 * a part of the database could not be restored, only the whole. */
tz_status db_need_admin(tz_db *db, tz_error *err);
/* Replaces the database at `target` with `backup` after checking the backup (integrity, a
 * taizhang schema no newer than this binary's). The database replaced is first copied to
 * TARGET.replaced-YYYYMMDD-HHMMSS, whose path `kept` receives. On failure nothing is replaced. */
tz_status db_restore(const char *backup, const char *target, char *kept, size_t cap,
                     tz_error *err);

/* ---- users and sessions (migration 006; src/db/users.c, access.c) ------------------------
 * A database with users serves nothing of the ledgers before db_sign_in. The session then
 * limits every list, record, draft and report to what the clerk may see and change. */
typedef enum { TZ_ROLE_ADMIN, TZ_ROLE_CLERK, TZ_ROLE_VIEWER } tz_role;
typedef struct {
    int64_t id;             /* 0: nobody */
    char login[40];
    char name[80];
    tz_role role;
    int64_t township_id;    /* 0: the whole city */
    char township[80];      /* its name ("" for the whole city) */
    bool must_change;       /* choose a new password before going on */
} tz_user;

#define TZ_MAX_FAILED 5     /* wrong passwords in a row that lock an account */
#define TZ_LOCK_MINUTES 15  /* for so long */
#define TZ_MIN_PASSWORD 8   /* characters */
#define TZ_MAX_PASSWORD 64  /* characters; a longer one is refused, never cut */

bool db_has_users(const tz_db *db);
const tz_user *db_session(const tz_db *db); /* borrowed; NULL before sign-in */
/* Checks the password; on success the connection acts for that user. A wrong password counts
 * towards the lock; the message says how many tries are left or until when it is locked. */
tz_status db_sign_in(tz_db *db, const char *login, const char *password, tz_error *err);
void db_sign_out(tz_db *db);
/* The forms were read from a folder that is not trusted (--forms DIR that others can write,
 * or that is not the database owner's): from now on only an administrator's sign-in is
 * accepted; anybody else's is refused, saying why. */
void db_forms_need_admin(tz_db *db);
/* Adds a user (role "admin", "clerk" or "viewer"; unit_id 0: the whole city, else a
 * township) with a password, hashed here. must_change asks for a new one at first sign-in. */
tz_status db_user_add(tz_db *db, const char *login, const char *name, const char *role,
                      int64_t unit_id, const char *password, bool must_change, tz_error *err);
/* The signed-in clerk's own new password (the old one is checked again). */
tz_status db_change_password(tz_db *db, const char *old_password, const char *new_password,
                             tz_error *err);
/* An admin gives user_id a temporary password, to be changed at the next sign-in. */
tz_status db_set_password(tz_db *db, int64_t user_id, const char *password, tz_error *err);
/* What the session may do with a form, asked before the clerk types, so that screens offer
 * only that: db_may_open — read it at all (users and the change history are for admins);
 * db_may_change — change record id of it, or with id 0 add one (TZ_ERR_DENIED, with the
 * reason as saving would give it: a viewer, the city's shared data for a township's clerk,
 * another township's row). */
bool db_may_open(tz_db *db, const tz_form *form);
tz_status db_may_change(tz_db *db, const tz_form *form, int64_t id, tz_error *err);
/* Where a township's clerk starts in a list: the session's township when the form's rows are
 * the table users' townships are rows of (units), else 0 (the whole list). */
int64_t db_session_home(tz_db *db, const tz_form *form);
/* Row id of table is one the session may see (TZ_ERR_NOTFOUND if another township's). */
tz_status db_row_visible(tz_db *db, const char *table, int64_t id, tz_error *err);

/* ---- reports: parameters, settings, query rows ------------------------------------------- */
/* A read transaction: every query until db_commit sees the same snapshot (a report's two passes
 * agree even while other clerks save). */
tz_status db_begin_read(tz_db *db, tz_error *err);

/* What a report query may name: :year, :quarter, :q_start and :q_end (the quarter's first and
 * last day, YYYY-MM-DD), :unit (the township reported on; NULL for the whole city) and :id. */
typedef struct {
    int year, quarter;  /* 0 when the report takes none */
    int64_t unit_id;    /* 0: the whole city */
    int64_t id;         /* the record a report is about (a contract); 0 when none */
} tz_query_params;
/* Prepares sql and binds the parameters it names. Read the rows with db_step and the
 * db_column_* functions; db_finalize when done. */
tz_status db_query_open(tz_db *db, const char *sql, const tz_query_params *p, tz_stmt **out,
                        tz_error *err);
int db_column_count(tz_stmt *st);
const char *db_column_name(tz_stmt *st, int col); /* borrowed */

/* The unit a report covers, given by its code or (code NULL) its id: the city (or neither: the
 * whole city, *unit_id 0) or one township; `name` receives its name ({region} in titles). A
 * village, department or unknown unit is TZ_ERR_INVALID / TZ_ERR_NOTFOUND with a message. */
tz_status db_report_scope(tz_db *db, const char *code, int64_t id, int64_t *unit_id, char *name,
                          size_t cap, tz_error *err);

/* The settings row (migration 005) with the header of the unit reported on (migration 013):
 * texts empty when not set. */
typedef struct {
    char org[256];           /* 填报单位 */
    char leader[128];        /* 单位负责人 */
    char preparer[128];      /* 填表人 */
    char reviewer[128];      /* 审核人 */
    char phone[64];          /* 联系电话 */
    char print_command[512]; /* text on its standard input */
    int page_width;          /* display columns */
    int page_length;         /* lines */
} tz_settings;
tz_status db_settings_get(tz_db *db, tz_settings *out, tz_error *err);
/* Replaces the header texts of out (org, leader, preparer, reviewer, phone) with those of
 * township_id's row of township_headers; township_id 0 keeps the city's, from settings. */
tz_status db_report_header(tz_db *db, int64_t township_id, tz_settings *out, tz_error *err);

/* ---- checks -------------------------------------------------------------------------------- */
/* PRAGMA quick_check: the cheaper check run at start-up. */
tz_status db_quick_check(tz_db *db, const char *path, tz_problems *probs);
/* PRAGMA integrity_check, foreign_key_check, the kept report totals against a recount
 * (totals_drift) and the declarations (db_check_ledgers); each problem appended with `file` = path. */
tz_status db_check_integrity(tz_db *db, const char *path, tz_problems *probs);
/* Every table is declared in table_access (migration 016), and every audit trigger and scope
 * view its declaration gives exists as the declaration and the table's columns make it. */
tz_status db_check_ledgers(tz_db *db, const char *path, tz_problems *probs);
/* Every form against the live schema: tables, views and columns exist (writable fields in the
 * table and, with a view, in the view; readonly fields in the read source), lookup conditions
 * compile, link, filter and counts columns exist. Problems carry the form file and line. */
tz_status db_check_forms(tz_db *db, const tz_formset *set, tz_problems *probs);
/* Every report's queries compile, name only the parameters the report takes, and give the
 * columns the report declares; a verify query gives only summed columns. */
tz_status db_check_reports(tz_db *db, const tz_formset *set, tz_problems *probs);

#endif
