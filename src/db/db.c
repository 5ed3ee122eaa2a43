/* db.c — opening and creating a database, connection settings, migrations, transactions. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- versions ------------------------------------------------------------------------------ */

/* The number a migration's name starts with: "001_units_people.sql" → 1. */
static int migration_version(const char *name)
{
    return atoi(name);
}

int db_schema_latest(void)
{
    int latest = 0;
    for (size_t i = 0; i < tz_migrations_count; i++) {
        int v = migration_version(tz_migrations[i].name);
        if (v > latest)
            latest = v;
    }
    return latest;
}

static tz_status read_user_version(tz_db *db, int *version, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "PRAGMA user_version", &st, err);
    if (s != TZ_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        s = dbi_fail(db, NULL, rc, err);
        dbi_release(st);
        return s;
    }
    *version = sqlite3_column_int(st, 0);
    dbi_release(st);
    return TZ_OK;
}

int db_schema_version(tz_db *db)
{
    int v = 0;
    return read_user_version(db, &v, NULL) == TZ_OK ? v : -1;
}

/* ---- write transactions ---------------------------------------------------------------------- */

/* A turn in the writers' queue (writer.c), then SQLite's write lock. A wait in the queue that
 * runs out answers SQLITE_BUSY, as SQLite's own busy timeout does, for the same message. */
static int begin_immediate(tz_db *db)
{
    if (!dbi_writer_lock(db))
        return SQLITE_BUSY;
    int rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        dbi_writer_unlock(db);
    return rc;
}

/* After COMMIT or ROLLBACK: once no transaction is open, the next writer's turn. */
static void end_turn_if_done(tz_db *db)
{
    if (sqlite3_get_autocommit(db->h))
        dbi_writer_unlock(db);
}

/* ---- migrations -------------------------------------------------------------------------------- */

/* Each migration is one transaction that also sets user_version, so a power cut leaves the
 * database at the previous version or the next, never between. */
static tz_status apply_migration(tz_db *db, const tz_embedded *m, int version, tz_error *err)
{
    char setver[64];
    snprintf(setver, sizeof setver, "PRAGMA user_version = %d", version);
    int rc = begin_immediate(db);
    /* Several clerks may open an old database at once: under the write lock, the version read
     * before it may already have been passed by another process. */
    int now = 0;
    tz_error ignored;
    bool passed = rc == SQLITE_OK && read_user_version(db, &now, &ignored) == TZ_OK &&
                  now >= version;
    /* A migration's own rows (a new vocabulary's choices) are the same in every unit's database:
     * they take the ids SQLite gives them, as in the county's, not ids of this database's block
     * (migration 015; there is no sync_self before it, and nothing to set aside). */
    bool blocks = rc == SQLITE_OK && !passed &&
                  sqlite3_exec(db->h, "UPDATE sync_self SET applying = 'migration'", NULL, NULL, NULL) == SQLITE_OK;
    if (rc == SQLITE_OK && !passed)
        rc = sqlite3_exec(db->h, m->text, NULL, NULL, NULL);
    if (rc == SQLITE_OK && blocks)
        rc = sqlite3_exec(db->h, "UPDATE sync_self SET applying = NULL", NULL, NULL, NULL);
    if (rc == SQLITE_OK && !passed)
        rc = sqlite3_exec(db->h, setver, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        end_turn_if_done(db);
        return TZ_OK;
    }
    tz_error cause;
    tz_status s = dbi_fail(db, NULL, rc, &cause);
    db_rollback(db);
    return tz_fail(err, s, tz_L("数据库升级失败（%s）：%s", "database upgrade failed (%s): %s"),
                   m->name, cause.msg);
}

/* Version 0 with tables in it is somebody else's database, not a new one to migrate. */
static bool schema_empty(tz_db *db)
{
    sqlite3_stmt *st;
    if (dbi_prepare(db, "SELECT count(*) FROM sqlite_schema", &st, NULL) != TZ_OK)
        return false;
    bool empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    dbi_release(st);
    return empty;
}

static tz_status migrate(tz_db *db, tz_error *err)
{
    int current;
    tz_status s = read_user_version(db, &current, err);
    if (s != TZ_OK)
        return s;
    int latest = db_schema_latest();
    if (current > latest)
        return tz_fail(err, TZ_ERR_VERSION,
                       tz_L("数据库的版本是 %d，本程序只认识到版本 %d，请升级 taizhang",
                            "the database is at version %d but this taizhang knows versions up "
                            "to %d; please upgrade taizhang"),
                       current, latest);
    if (current == latest)
        return TZ_OK;
    if (current == 0 && !schema_empty(db))
        return tz_fail(err, TZ_ERR_CORRUPT, "%s",
                       tz_L("这个数据库不是 taizhang 建立的，不会改动它",
                            "this database was not made by taizhang; it is left untouched"));
    if (db->readonly)
        return tz_fail(err, TZ_ERR_READONLY,
                       tz_L("数据库需要从版本 %d 升级到 %d，但文件只读",
                            "the database needs an upgrade from version %d to %d but is read-only"),
                       current, latest);
    for (size_t i = 0; i < tz_migrations_count; i++) {
        int v = migration_version(tz_migrations[i].name);
        if (v <= current)
            continue;
        s = apply_migration(db, &tz_migrations[i], v, err);
        if (s != TZ_OK)
            return s;
    }
    return TZ_OK;
}

/* ---- files ------------------------------------------------------------------------------------ */

/* A database and its copies hold ID numbers and password hashes: its owner's alone (SQLite
 * gives the -wal and -shm files the database's mode), or its group's too when the program
 * runs setgid for a server's clerks (make install-server). */
mode_t dbi_file_mode(void)
{
    return tz_privs_setgid() ? 0660 : 0600;
}

/* ---- connection ------------------------------------------------------------------------------ */

/* WAL lets clerks read while one writes; synchronous=FULL because old PCs lose power and a
 * saved record must survive that. (The busy timeout, set at open, rides out another clerk's
 * short write.) */
static tz_status apply_settings(tz_db *db, tz_error *err)
{
    int rc = sqlite3_exec(db->h, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK && !db->readonly)
        rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    return rc == SQLITE_OK ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

/* Reading the schema is the first thing that looks inside the file: a text file fails here. */
static tz_status check_is_database(tz_db *db, const char *path, tz_error *err)
{
    int rc = sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return TZ_OK;
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        return tz_fail(err, TZ_ERR_CORRUPT,
                       tz_L("%s 不是 taizhang 数据库，或文件已损坏",
                            "%s is not a taizhang database, or it is damaged"), path);
    return dbi_fail(db, NULL, rc, err);
}

/* "file:PATH?immutable=1": a URI, with the characters that mean something in one escaped. */
static char *immutable_uri(const char *path)
{
    tz_sb sb = { 0 };
    tz_sb_append(&sb, "file:");
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            tz_sb_printf(&sb, "%%%02X", (unsigned char)*p);
        else
            tz_sb_appendn(&sb, p, 1);
    }
    tz_sb_append(&sb, "?immutable=1");
    if (sb.failed) {
        tz_sb_free(&sb);
        return NULL;
    }
    return tz_sb_take(&sb);
}

/* A WAL database opened read-only needs its -shm, which SQLite cannot create in a folder the
 * user cannot write. With no log beside it (no -wal, or an empty one) nobody is writing it,
 * and SQLite may read it as immutable: no -shm, no locks. */
static bool may_open_immutable(const char *path)
{
    char wal[4200];
    struct stat st;
    if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal)
        return false;
    return stat(wal, &st) != 0 ? errno == ENOENT : st.st_size == 0;
}

static tz_status open_handle(tz_db *db, const char *path, bool immutable, tz_error *err)
{
    int flags = db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    char *uri = immutable ? immutable_uri(path) : NULL;
    if (immutable && !uri)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    int rc = sqlite3_open_v2(uri ? uri : path, &db->h, flags | (uri ? SQLITE_OPEN_URI : 0), NULL);
    free(uri);
    if (rc != SQLITE_OK)
        return rc == SQLITE_NOMEM ? tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM))
                                  : dbi_fail_open(db->h, path, rc, err);
    sqlite3_extended_result_codes(db->h, 1);
    /* Before the first read: a clerk's taizhang closing as this one starts holds the file
     * exclusively for a moment, to checkpoint the log. */
    sqlite3_busy_timeout(db->h, 5000);
    return check_is_database(db, path, err);
}

static tz_status open_connection(const char *path, bool readonly, tz_db **out, tz_error *err)
{
    *out = NULL;
    tz_db *db = calloc(1, sizeof *db);
    if (!db)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    db->readonly = readonly;
    db->writer_fd = -1;
    tz_status s = open_handle(db, path, false, err);
    if (s != TZ_OK && s != TZ_ERR_CORRUPT && readonly && may_open_immutable(path)) {
        sqlite3_close_v2(db->h);
        db->h = NULL;
        s = open_handle(db, path, true, err);
    }
    if (s == TZ_OK)
        s = apply_settings(db, err);
    if (s == TZ_OK) {
        dbi_writer_open(db, path);
        s = migrate(db, err);
    }
    if (s == TZ_OK && !db->readonly)
        s = dbi_ledgers_build(db, err);
    if (s != TZ_OK) {
        db_close(db);
        return s;
    }
    dbi_access_init(db);
    *out = db;
    return TZ_OK;
}

/* A file the user cannot write, or in a folder the user cannot write (SQLite needs to create
 * the -wal and -shm files beside it), is opened read-only instead of failing. */
static bool path_writable(const char *path)
{
    /* AT_EACCESS: as this process may, a setgid run's group rights included */
    if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
        return false;
    char *dir = tz_strdup(path);
    if (!dir)
        return true;
    char *slash = strrchr(dir, '/');
    const char *d = ".";
    if (slash == dir)
        d = "/";
    else if (slash) {
        *slash = '\0';
        d = dir;
    }
    bool ok = faccessat(AT_FDCWD, d, W_OK, AT_EACCESS) == 0;
    free(dir);
    return ok;
}

tz_status db_open(const char *path, tz_db **out, tz_error *err)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return tz_fail(err, TZ_ERR_NOTFOUND,
                           tz_L("数据库文件 %s 不存在", "database file %s does not exist"), path);
        return tz_fail(err, TZ_ERR_IO, tz_L("无法访问 %s：%s", "cannot access %s: %s"), path,
                       tz_errno_text(errno));
    }
    /* SQLite takes an empty file for an empty database; for db_open it is not one. */
    if (!S_ISREG(sb.st_mode) || sb.st_size == 0)
        return tz_fail(err, TZ_ERR_CORRUPT,
                       tz_L("%s 不是数据库文件", "%s is not a database file"), path);
    return open_connection(path, !path_writable(path), out, err);
}

static void remove_database_files(const char *path)
{
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", "-writer" };
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char name[4096];
        if ((size_t)snprintf(name, sizeof name, "%s%s", path, suffixes[i]) < sizeof name)
            unlink(name);
    }
}

tz_status dbi_create_private(const char *path, tz_error *err)
{
    /* O_EXCL: refusing an existing file must not race with another clerk creating it;
     * O_NOFOLLOW: nor may a link planted under its name make us write elsewhere. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, dbi_file_mode());
    if (fd < 0) {
        if (errno == EEXIST)
            return tz_fail(err, TZ_ERR_EXISTS,
                           tz_L("%s 已存在，不会覆盖", "%s already exists; not overwritten"), path);
        return tz_fail(err, errno == EACCES || errno == EPERM || errno == EROFS ? TZ_ERR_READONLY
                                                                                : TZ_ERR_IO,
                       tz_L("无法创建 %s：%s", "cannot create %s: %s"), path, tz_errno_text(errno));
    }
    (void)fchmod(fd, dbi_file_mode()); /* whatever the umask: SQLite gives -wal, -shm this mode */
    close(fd);
    return TZ_OK;
}

tz_status db_create(const char *path, tz_db **out, tz_error *err)
{
    *out = NULL;
    tz_status s = dbi_create_private(path, err);
    if (s != TZ_OK)
        return s;
    s = open_connection(path, false, out, err);
    if (s != TZ_OK)
        remove_database_files(path);
    return s;
}

void db_close(tz_db *db)
{
    if (!db)
        return;
    dbi_cache_clear(db);
    /* close_v2: a statement the caller forgot does not keep the file open forever. */
    sqlite3_close_v2(db->h);
    dbi_writer_close(db);
    free(db);
}

bool db_readonly(const tz_db *db)
{
    return db->readonly;
}

void db_use_forms(tz_db *db, const tz_formset *set)
{
    db->forms = set;
}

/* ---- transactions and plain SQL -------------------------------------------------------------- */

static tz_status refuse_readonly(tz_error *err)
{
    return tz_fail(err, TZ_ERR_READONLY, "%s", tz_status_text(TZ_ERR_READONLY));
}

tz_status db_begin_write(tz_db *db, tz_error *err)
{
    if (db->readonly)
        return refuse_readonly(err);
    int rc = begin_immediate(db);
    if (rc == SQLITE_OK)
        dbi_set_actor(db, true);
    return rc == SQLITE_OK ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

tz_status db_commit(tz_db *db, tz_error *err)
{
    dbi_set_actor(db, false);
    int rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
    end_turn_if_done(db);
    return rc == SQLITE_OK ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

void db_rollback(tz_db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    end_turn_if_done(db);
}

tz_status db_exec(tz_db *db, const char *sql, tz_error *err)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

tz_status dbi_write_begin(tz_db *db, bool *nested, tz_error *err)
{
    if (db->readonly)
        return refuse_readonly(err);
    *nested = !sqlite3_get_autocommit(db->h);
    int rc = *nested ? sqlite3_exec(db->h, "SAVEPOINT tz_write", NULL, NULL, NULL)
                     : begin_immediate(db);
    if (rc == SQLITE_OK && !*nested)
        dbi_set_actor(db, true);
    return rc == SQLITE_OK ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

tz_status dbi_write_commit(tz_db *db, bool nested, tz_error *err)
{
    if (!nested)
        dbi_set_actor(db, false);
    int rc = sqlite3_exec(db->h, nested ? "RELEASE tz_write" : "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        end_turn_if_done(db);
        return TZ_OK;
    }
    tz_status s = dbi_fail(db, NULL, rc, err);
    dbi_write_rollback(db, nested);
    return s;
}

void dbi_write_rollback(tz_db *db, bool nested)
{
    if (nested)
        sqlite3_exec(db->h, "ROLLBACK TO tz_write; RELEASE tz_write", NULL, NULL, NULL);
    else
        db_rollback(db);
}
