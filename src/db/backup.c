/* backup.c — online backups with SQLite's backup API (clerks may keep working meanwhile), each
 * checked after writing before it takes its final name, and restores that check the backup
 * first and keep the database they replace. */
#include "db_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Another clerk's write holds the source for a moment; wait for it rather than fail. */
#define BACKUP_RETRY_MS 100
#define BACKUP_RETRIES 100

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Why SQLite could not read or write a copy at path, in the clerk's words (h may be NULL). */
static tz_status fail_sqlite(sqlite3 *h, int rc, const char *path, tz_error *err)
{
    int e = h ? sqlite3_system_errno(h) : 0;
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return tz_fail(err, TZ_ERR_CORRUPT, tz_L("%s：不是数据库，或已损坏", "%s: not a database, or damaged"), path);
    case SQLITE_FULL:
        return tz_fail(err, TZ_ERR_IO, "%s：%s", path, tz_errno_text(ENOSPC));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
        return tz_fail(err, TZ_ERR_READONLY, "%s：%s", path, tz_errno_text(e ? e : EACCES));
    default:
        return tz_fail(err, TZ_ERR_IO, "%s：%s", path, tz_errno_text(e ? e : EIO));
    }
}

static tz_status fail_errno(int e, const char *path, tz_error *err)
{
    return tz_fail(err, e == EACCES || e == EPERM || e == EROFS ? TZ_ERR_READONLY : TZ_ERR_IO,
                   tz_L("无法写入 %s：%s", "cannot write %s: %s"), path, tz_errno_text(e));
}

/* Copies every page of src into dst (both open); waits while another writer holds src. */
static int copy_pages(sqlite3 *dst, sqlite3 *src)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b)
        return sqlite3_errcode(dst);
    int rc, tries = 0;
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (++tries > BACKUP_RETRIES)
            break;
        sqlite3_sleep(BACKUP_RETRY_MS);
    }
    int fin = sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? fin : rc;
}

/* "ok" from PRAGMA integrity_check, and a taizhang schema no newer than this binary's. */
static tz_status check_copy(sqlite3 *h, const char *path, tz_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h, "PRAGMA integrity_check(1)", -1, &st, NULL);
    bool ok = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    if (!ok)
        return tz_fail(err, TZ_ERR_CORRUPT, tz_L("%s 没有通过完整性检查，不能使用",
                                                 "%s failed the integrity check"), path);
    int version = -1;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version < 1)
        return tz_fail(err, TZ_ERR_CORRUPT, tz_L("%s 不是 taizhang 数据库",
                                                 "%s is not a taizhang database"), path);
    if (version > db_schema_latest())
        return tz_fail(err, TZ_ERR_VERSION,
                       tz_L("%s 的数据库版本 %d 比本程序支持的 %d 新，请先升级 taizhang",
                            "%s has schema version %d, newer than this taizhang (%d); upgrade first"),
                       path, version, db_schema_latest());
    return TZ_OK;
}

/* A copy that failed, and the journal SQLite may have left beside it (a full disk). */
static void remove_copy(const char *path)
{
    char journal[4300];
    unlink(path);
    if ((size_t)snprintf(journal, sizeof journal, "%s-journal", path) < sizeof journal)
        unlink(journal);
}

/* Copies src into a new file at `path` and checks it; the file is left only if all went well.
 * The copy is a single self-contained file (rollback journal, not WAL). */
static tz_status write_copy(sqlite3 *src, const char *path, tz_error *err)
{
    sqlite3 *dst = NULL;
    tz_status made = dbi_create_private(path, err);
    if (made != TZ_OK)
        return made;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = copy_pages(dst, src);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    tz_status s = rc == SQLITE_OK ? check_copy(dst, path, err) : fail_sqlite(dst, rc, path, err);
    sqlite3_close_v2(dst);
    if (s != TZ_OK)
        remove_copy(path);
    return s;
}

/* DEST/taizhang-2026-11-27.db, then -2, -3 … : a backup never replaces another. */
static bool dated_name(const char *dir, char *out, size_t cap)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    for (int n = 1; n < 1000; n++) {
        char suffix[16] = "";
        if (n > 1)
            snprintf(suffix, sizeof suffix, "-%d", n);
        if ((size_t)snprintf(out, cap, "%s/taizhang-%04d-%02d-%02d%s.db", dir, tm.tm_year + 1900,
                             tm.tm_mon + 1, tm.tm_mday, suffix) >= cap)
            return false;
        if (!exists(out))
            return true;
    }
    return false;
}

tz_status dbi_need_admin(tz_db *db, const char *why, tz_error *err)
{
    const tz_user *u = db_session(db);
    if (!db_has_users(db) || (u && u->role == TZ_ROLE_ADMIN))
        return TZ_OK;
    return tz_fail(err, TZ_ERR_DENIED, "%s", why);
}

tz_status db_need_admin(tz_db *db, tz_error *err)
{
    return dbi_need_admin(db,
                          tz_L("只有管理员能备份或恢复整个数据库（其中有全市的数据和密码哈希）",
                               "only an administrator may back up or restore the whole database (it holds the whole city and the password hashes)"),
                          err);
}

tz_status db_backup(tz_db *db, const char *dest, char *written, size_t cap, tz_error *err)
{
    tz_status allowed = db_need_admin(db, err);
    if (allowed != TZ_OK)
        return allowed;
    if (is_dir(dest)) {
        if (!dated_name(dest, written, cap))
            return tz_fail(err, TZ_ERR_IO, tz_L("无法在 %s 中为备份取名", "cannot name a backup in %s"),
                           dest);
    } else if (exists(dest)) {
        return tz_fail(err, TZ_ERR_EXISTS, tz_L("%s 已存在，不会覆盖", "%s already exists; not overwritten"),
                       dest);
    } else if ((size_t)snprintf(written, cap, "%s", dest) >= cap) {
        return tz_fail(err, TZ_ERR_INVALID, "%s", tz_status_text(TZ_ERR_INVALID));
    }
    char part[4200];
    if ((size_t)snprintf(part, sizeof part, "%s.part", written) >= sizeof part)
        return tz_fail(err, TZ_ERR_INVALID, "%s", tz_status_text(TZ_ERR_INVALID));
    unlink(part); /* a .part is always ours: left by a backup that was cut off */
    tz_status s = write_copy(db->h, part, err);
    if (s != TZ_OK)
        return s;
    if (rename(part, written) != 0) {
        int e = errno;
        unlink(part);
        return fail_errno(e, written, err);
    }
    return TZ_OK;
}

/* The current database copied aside as TARGET.replaced-YYYYMMDD-HHMMSS before a restore. */
static tz_status keep_current(sqlite3 *target, const char *path, char *kept, size_t cap,
                              tz_error *err)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    if ((size_t)snprintf(kept, cap, "%s.replaced-%04d%02d%02d-%02d%02d%02d", path,
                         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                         tm.tm_sec) >= cap)
        return tz_fail(err, TZ_ERR_INVALID, "%s", tz_status_text(TZ_ERR_INVALID));
    if (exists(kept))
        return tz_fail(err, TZ_ERR_EXISTS, tz_L("%s 已存在，不会覆盖", "%s already exists; not overwritten"),
                       kept);
    sqlite3 *dst = NULL;
    tz_status made = dbi_create_private(kept, err);
    if (made != TZ_OK)
        return made;
    int rc = sqlite3_open_v2(kept, &dst, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = copy_pages(dst, target);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    tz_status s = rc == SQLITE_OK ? TZ_OK : fail_sqlite(dst, rc, kept, err);
    sqlite3_close_v2(dst);
    if (s != TZ_OK)
        remove_copy(kept);
    return s;
}

tz_status db_restore(const char *backup, const char *target, char *kept, size_t cap,
                     tz_error *err)
{
    kept[0] = '\0';
    if (!exists(backup))
        return tz_fail(err, TZ_ERR_NOTFOUND, tz_L("备份文件 %s 不存在", "backup %s does not exist"),
                       backup);
    sqlite3 *src = NULL, *dst = NULL;
    int rc = sqlite3_open_v2(backup, &src, SQLITE_OPEN_READONLY, NULL);
    tz_status s = rc == SQLITE_OK ? check_copy(src, backup, err) : fail_sqlite(src, rc, backup, err);
    if (s == TZ_OK) {
        s = exists(target) ? TZ_OK : dbi_create_private(target, err);
        if (s == TZ_OK)
            rc = sqlite3_open_v2(target, &dst, SQLITE_OPEN_READWRITE, NULL);
        if (s == TZ_OK && rc == SQLITE_OK)
            sqlite3_busy_timeout(dst, 5000);
        else if (s == TZ_OK)
            s = fail_sqlite(dst, rc, target, err);
    }
    if (s == TZ_OK)
        s = keep_current(dst, target, kept, cap, err);
    if (s == TZ_OK) {
        rc = copy_pages(dst, src);
        if (rc != SQLITE_OK)
            s = fail_sqlite(dst, rc, target, err);
    }
    sqlite3_close_v2(src);
    sqlite3_close_v2(dst);
    return s;
}
