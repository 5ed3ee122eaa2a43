/* sql.c — the statement cache, the one mapping from SQLite errors to what a clerk reads, and
 * small helpers for building SQL and reading the schema. */
#include "db_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statement cache ------------------------------------------------------------------------ */

static sqlite3_stmt *cache_find(tz_db *db, const char *sql, const char *guard)
{
    for (size_t i = 0; i < DBI_CACHE_SIZE; i++)
        if (db->cache[i].sql && strcmp(db->cache[i].sql, sql) == 0
            && strcmp(db->cache[i].guard, guard) == 0)
            return db->cache[i].stmt;
    return NULL;
}

/* Keeps st (now the cache's) for sql; round robin, passing over a statement that is still
 * being stepped. */
static tz_status cache_put(tz_db *db, const char *sql, const char *guard, sqlite3_stmt *st,
                           tz_error *err)
{
    char *copy = tz_strdup(sql);
    if (!copy) {
        sqlite3_finalize(st);
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    }
    size_t slot = db->cache_next;
    for (size_t tries = 0; tries < DBI_CACHE_SIZE; tries++) {
        slot = (db->cache_next + tries) % DBI_CACHE_SIZE;
        if (!db->cache[slot].stmt || !sqlite3_stmt_busy(db->cache[slot].stmt))
            break;
    }
    free(db->cache[slot].sql);
    sqlite3_finalize(db->cache[slot].stmt);
    db->cache[slot].sql = copy;
    db->cache[slot].stmt = st;
    snprintf(db->cache[slot].guard, sizeof db->cache[slot].guard, "%s", guard);
    db->cache_next = (slot + 1) % DBI_CACHE_SIZE;
    return TZ_OK;
}

tz_status dbi_prepare(tz_db *db, const char *sql, sqlite3_stmt **out, tz_error *err)
{
    *out = cache_find(db, sql, "");
    if (*out)
        return TZ_OK;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK)
        return dbi_fail(db, NULL, rc, err);
    tz_status s = cache_put(db, sql, "", st, err);
    if (s == TZ_OK)
        *out = st;
    return s;
}

/* The same, for SQL made of form-file text: prepared under the guard (guard.c), and cached
 * apart from the program's own statements and from other guards'. */
tz_status dbi_prepare_guarded(tz_db *db, const dbi_guard *g, const char *sql, sqlite3_stmt **out,
                              tz_error *err)
{
    char key[DBI_GUARD_KEY];
    dbi_guard_key(g, key, sizeof key);
    *out = cache_find(db, sql, key);
    if (*out)
        return TZ_OK;
    sqlite3_stmt *st;
    tz_status s = dbi_guard_compile(db, g, sql, &st, err);
    if (s == TZ_OK)
        s = cache_put(db, sql, key, st, err);
    if (s == TZ_OK)
        *out = st;
    return s;
}

void dbi_release(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

void dbi_cache_clear(tz_db *db)
{
    for (size_t i = 0; i < DBI_CACHE_SIZE; i++) {
        sqlite3_finalize(db->cache[i].stmt);
        free(db->cache[i].sql);
        db->cache[i].stmt = NULL;
        db->cache[i].sql = NULL;
    }
    db->cache_next = 0;
}

/* ---- errors ------------------------------------------------------------------------------- */

/* The label of table.column in the given form, else in any lent form, else the column. */
static const char *column_label(tz_db *db, const tz_form *form, const char *table,
                                const char *column)
{
    if (form && form->table && strcmp(form->table, table) == 0) {
        int i = tz_form_field_index(form, column);
        if (i >= 0)
            return tz_field_label(&form->fields[i]);
    }
    for (size_t f = 0; db->forms && f < db->forms->nforms; f++) {
        const tz_form *other = &db->forms->forms[f];
        if (!other->table || strcmp(other->table, table) != 0)
            continue;
        int i = tz_form_field_index(other, column);
        if (i >= 0)
            return tz_field_label(&other->fields[i]);
    }
    return column;
}

/* "UNIQUE constraint failed: people.id_number, ..." → the label of the first column. */
static const char *named_column(tz_db *db, const tz_form *form, const char *msg, char *buf,
                                size_t cap)
{
    const char *colon = strchr(msg, ':');
    const char *s = colon ? colon + 1 : msg;
    while (*s == ' ')
        s++;
    size_t n = strcspn(s, ",");
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *dot = strchr(buf, '.');
    if (!dot)
        return buf;
    *dot = '\0';
    return column_label(db, form, buf, dot + 1);
}

static tz_status constraint_fail(tz_db *db, const tz_form *form, int ext, const char *msg,
                                 tz_error *err)
{
    static const char check_prefix[] = "CHECK constraint failed: ";
    char buf[256];
    snprintf(db->refusal, sizeof db->refusal, "%s", msg);
    switch (ext) {
    case SQLITE_CONSTRAINT_CHECK:
        if (strncmp(msg, check_prefix, sizeof check_prefix - 1) == 0)
            msg += sizeof check_prefix - 1;
        return tz_fail(err, TZ_ERR_CONSTRAINT, "%s", msg);
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return tz_fail(err, TZ_ERR_CONSTRAINT, tz_L("%s已存在，不能重复", "%s already exists"),
                       named_column(db, form, msg, buf, sizeof buf));
    case SQLITE_CONSTRAINT_NOTNULL:
        return tz_fail(err, TZ_ERR_CONSTRAINT, tz_L("%s不能为空", "%s must not be empty"),
                       named_column(db, form, msg, buf, sizeof buf));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return tz_fail(err, TZ_ERR_CONSTRAINT, "%s",
                       tz_L("引用的记录不存在，或这条记录仍被其他记录引用",
                            "a referenced record does not exist, or this record is still in use"));
    default: /* a trigger's RAISE message, already written for the clerk */
        return tz_fail(err, TZ_ERR_CONSTRAINT, "%s", msg);
    }
}

/* What a failed read or write of the database file means to a clerk, from the system's errno
 * (SQLite's own texts and strerror are English and say nothing of what to do). */
static const char *io_text(int e)
{
    switch (e) {
    case EACCES:
    case EPERM:
        return tz_L("没有读写数据库文件（或它旁边的 -wal、-shm 文件）的权限：请系统管理员检查文件权限",
                    "no permission to read or write the database file (or its -wal, -shm files): ask the system administrator to check the permissions");
    case ENOSPC:
    case EDQUOT:
        return tz_L("磁盘已满，这次没有写入数据库：请腾出磁盘空间后再试",
                    "the disk is full and nothing was written: free some space and try again");
    case EROFS:
        return tz_L("数据库所在的磁盘是只读的，不能保存：请把数据库复制到可写的位置",
                    "the database is on a read-only disk: copy it somewhere writable to save");
    case ENOENT:
    case ENOTDIR:
        return tz_L("数据库文件或它所在的文件夹不存在", "the database file or its folder does not exist");
    default:
        return tz_L("读写数据库文件时磁盘出错：请检查磁盘，再运行 taizhang check 检查数据库",
                    "the disk failed while reading or writing the database: check the disk, then run taizhang check");
    }
}

tz_status dbi_fail_open(sqlite3 *h, const char *path, int rc, tz_error *err)
{
    int e = h ? sqlite3_system_errno(h) : 0;
    if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        return tz_fail(err, TZ_ERR_CORRUPT, tz_L("%s 不是 taizhang 数据库，或文件已损坏",
                                                 "%s is not a taizhang database, or it is damaged"), path);
    return tz_fail(err, e == EACCES || e == EPERM || e == EROFS ? TZ_ERR_READONLY : TZ_ERR_IO,
                   tz_L("无法打开数据库 %s：%s", "cannot open the database %s: %s"), path, io_text(e));
}

tz_status dbi_fail(tz_db *db, const tz_form *form, int rc, tz_error *err)
{
    int ext = sqlite3_extended_errcode(db->h);
    if ((ext & 0xff) != (rc & 0xff))
        ext = rc;
    const char *msg = sqlite3_errmsg(db->h);
    if ((ext & 0xff) == SQLITE_CONSTRAINT)
        return constraint_fail(db, form, ext, msg, err);
    switch (ext & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return tz_fail(err, TZ_ERR_BUSY, "%s", tz_status_text(TZ_ERR_BUSY));
    case SQLITE_READONLY:
        return tz_fail(err, TZ_ERR_READONLY, "%s", tz_status_text(TZ_ERR_READONLY));
    case SQLITE_FULL:
        return tz_fail(err, TZ_ERR_IO, "%s",
                       tz_L("磁盘已满，这次没有写入数据库：请腾出磁盘空间后再保存",
                            "the disk is full and nothing was written: free some space, then save again"));
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return tz_fail(err, TZ_ERR_IO, "%s", io_text(sqlite3_system_errno(db->h)));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return tz_fail(err, TZ_ERR_CORRUPT, "%s", tz_status_text(TZ_ERR_CORRUPT));
    case SQLITE_NOMEM:
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    default:
        return tz_fail(err, TZ_ERR_DB, tz_L("数据库错误：%s", "database error: %s"), msg);
    }
}

/* ---- what conflicts ---------------------------------------------------------------------- */

/* SQLite's own refusals (UNIQUE …) are in English; in English the generic message stays. */
static bool detail_fits_language(const char *refusal)
{
    if (tz_lang_get() != TZ_LANG_EN)
        return true;
    for (const char *p = refusal; *p; p++)
        if ((unsigned char)*p >= 0x80)
            return true;
    return false;
}

/* The first column of the first row of `lookup` (?1 = key, ?2 = key2), as a new string, or
 * NULL: the query the schema keeps for a refusal or an action. */
static char *schema_query(tz_db *db, const char *lookup, const char *key, const char *key2)
{
    sqlite3_stmt *st;
    if (dbi_prepare(db, lookup, &st, NULL) != TZ_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (key2)
        sqlite3_bind_text(st, 2, key2, -1, SQLITE_STATIC);
    bool ok = true;
    char *sql = sqlite3_step(st) == SQLITE_ROW ? dbi_column_dup(st, 0, &ok) : NULL;
    dbi_release(st);
    return sql;
}

static void bind_detail(sqlite3_stmt *st, const tz_form *form, int64_t id, char *const *values)
{
    for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        if (!name)
            continue;
        if (strcmp(name + 1, "id") == 0) {
            if (id)
                sqlite3_bind_int64(st, i, id);
            continue;
        }
        int fi = values ? tz_form_field_index(form, name + 1) : -1;
        dbi_value v;
        if (fi >= 0 && dbi_field_value(&form->fields[fi], values[fi], &v, NULL) == TZ_OK)
            dbi_bind(st, i, &v);
    }
}

/* Runs the schema's query `sql` (may be NULL) for a record: its one text, new, or NULL. */
static char *record_text(tz_db *db, const char *sql, const tz_form *form, int64_t id,
                         char *const *values)
{
    sqlite3_stmt *st;
    if (!sql || dbi_prepare(db, sql, &st, NULL) != TZ_OK)
        return NULL;
    bind_detail(st, form, id, values);
    bool ok = true;
    char *text = sqlite3_step(st) == SQLITE_ROW ? dbi_column_dup(st, 0, &ok) : NULL;
    dbi_release(st);
    return text;
}

void dbi_explain(tz_db *db, const tz_form *form, int64_t id, char *const *values, tz_error *err)
{
    if (!err || err->code != TZ_ERR_CONSTRAINT || !db->refusal[0] ||
        !detail_fits_language(db->refusal))
        return;
    char *sql = schema_query(db, "SELECT detail FROM rule_details WHERE message = ?1",
                             db->refusal, NULL);
    char *text = record_text(db, sql, form, id, values);
    if (text)
        tz_fail(err, TZ_ERR_CONSTRAINT, "%s", text);
    free(text);
    free(sql);
}

char *db_record_question(tz_db *db, const tz_form *form, const char *action, int64_t id,
                         char *const *values)
{
    if (!form->table)
        return NULL;
    char *sql = schema_query(db, "SELECT question FROM action_questions"
                                 " WHERE tbl = ?1 AND action = ?2", form->table, action);
    char *text = record_text(db, sql, form, id, values);
    free(sql);
    return text;
}

/* ---- SQL text and schema facts ------------------------------------------------------------ */

const char *dbi_read_source(const tz_form *form)
{
    return form->view ? form->view : form->table;
}

tz_status dbi_nomem(tz_error *err)
{
    return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
}

tz_status dbi_exec(tz_db *db, const char *sql, tz_error *err)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

/* text between two `quote`s, each quote in it doubled */
static void append_quoted(tz_sb *sb, const char *text, char quote)
{
    tz_sb_appendn(sb, &quote, 1);
    for (const char *p = text; *p; p++) {
        tz_sb_appendn(sb, p, 1);
        if (*p == quote)
            tz_sb_appendn(sb, p, 1);
    }
    tz_sb_appendn(sb, &quote, 1);
}

void dbi_ident(tz_sb *sb, const char *ident)
{
    append_quoted(sb, ident, '"');
}

void dbi_text_literal(tz_sb *sb, const char *text)
{
    append_quoted(sb, text, '\'');
}

/* Columns of a table: 1 not null (or the primary key), 0 nullable, -1 missing. */
static int query_notnull(tz_db *db, const char *table, const char *column)
{
    sqlite3_stmt *st;
    if (dbi_prepare(db, "SELECT \"notnull\" OR pk > 0 FROM pragma_table_info(?1) "
                        "WHERE name = ?2 COLLATE NOCASE", &st, NULL) != TZ_OK)
        return -1;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
    int result = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) != 0 : -1;
    dbi_release(st);
    return result;
}

/* query_notnull, remembered: every list page asks it of its sort column, and the pragma
 * cost about as much as reading the page. The schema changes only by a migration, which
 * runs when the connection opens, before any question. Names too long for a slot are asked
 * each time. */
static int column_notnull(tz_db *db, const char *table, const char *column)
{
    for (size_t i = 0; i < DBI_COLUMN_FACTS; i++) {
        const dbi_column_fact *f = &db->facts[i];
        if (f->table[0] && strcmp(f->table, table) == 0 && strcmp(f->column, column) == 0)
            return f->notnull;
    }
    int notnull = query_notnull(db, table, column);
    dbi_column_fact *f = &db->facts[db->facts_next];
    if (strlen(table) < sizeof f->table && strlen(column) < sizeof f->column) {
        strcpy(f->table, table);
        strcpy(f->column, column);
        f->notnull = notnull;
        db->facts_next = (db->facts_next + 1) % DBI_COLUMN_FACTS;
    }
    return notnull;
}

bool dbi_column_exists(tz_db *db, const char *table, const char *column)
{
    return column_notnull(db, table, column) >= 0;
}

bool dbi_column_nullable(tz_db *db, const char *table, const char *column)
{
    return column_notnull(db, table, column) == 0;
}

char *dbi_column_dup(sqlite3_stmt *st, int col, bool *ok)
{
    const unsigned char *text = sqlite3_column_text(st, col);
    if (!text)
        return NULL;
    char *copy = tz_strdup((const char *)text);
    if (!copy)
        *ok = false;
    return copy;
}
