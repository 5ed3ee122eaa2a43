/* users.c — signing in, adding users and changing passwords (migration 006). Passwords are
 * hashed in core (libcrypt yescrypt) and never stored, logged or kept in memory longer than
 * the call. Five wrong passwords in a row lock an account for TZ_LOCK_MINUTES. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const role_names[] = { [TZ_ROLE_ADMIN] = "admin", [TZ_ROLE_CLERK] = "clerk",
                                          [TZ_ROLE_VIEWER] = "viewer" };

static tz_role role_of(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (name && strcmp(role_names[i], name) == 0)
            return (tz_role)i;
    return TZ_ROLE_VIEWER; /* the least a damaged row can do */
}

static tz_status wrong(tz_error *err, int left)
{
    if (left > 0)
        return tz_fail(err, TZ_ERR_DENIED,
                       tz_L("登录名或密码不对（还可再试 %d 次）", "wrong login or password (%d tries left)"),
                       left);
    return tz_fail(err, TZ_ERR_DENIED, "%s", tz_L("登录名或密码不对", "wrong login or password"));
}

static void exec_bound(tz_db *db, const char *sql, int64_t id)
{
    sqlite3_stmt *st;
    tz_error err;
    if (dbi_prepare(db, sql, &st, &err) != TZ_OK)
        return;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_step(st);
    dbi_release(st);
}

/* Counts a wrong password; the fifth in a row locks the account. Returns the tries left (0:
 * now locked). Best effort on a read-only file: the password stays wrong either way. */
static int count_failure(tz_db *db, int64_t id, int failed)
{
    if (failed + 1 >= TZ_MAX_FAILED) {
        char sql[200];
        snprintf(sql, sizeof sql, "UPDATE users SET failed = 0, locked_until = "
                                  "datetime('now', 'localtime', '+%d minutes') WHERE id = ?1",
                 TZ_LOCK_MINUTES);
        exec_bound(db, sql, id);
        return 0;
    }
    exec_bound(db, "UPDATE users SET failed = failed + 1 WHERE id = ?1", id);
    return TZ_MAX_FAILED - failed - 1;
}

static void load_township(tz_db *db, tz_user *u, int64_t unit_id)
{
    u->township_id = unit_id;
    u->township[0] = '\0';
    if (!unit_id)
        return;
    sqlite3_stmt *st;
    tz_error err;
    if (dbi_prepare(db, "SELECT name FROM units WHERE id = ?1", &st, &err) != TZ_OK)
        return;
    sqlite3_bind_int64(st, 1, unit_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(u->township, sizeof u->township, "%s", (const char *)sqlite3_column_text(st, 0));
    dbi_release(st);
}

/* The row of a login: columns id, name, role, unit_id, password_hash, failed, locked (the
 * time it is locked until, or NULL), must_change. */
static const char find_sql[] =
    "SELECT id, name, role, coalesce(unit_id, 0), password_hash, failed,"
    " CASE WHEN locked_until > datetime('now', 'localtime') THEN locked_until END, must_change"
    " FROM users WHERE login = ?1";

void db_forms_need_admin(tz_db *db)
{
    db->forms_need_admin = true;
}

static tz_status signed_in(tz_db *db, sqlite3_stmt *st, const char *login, tz_error *err)
{
    tz_user u = { .id = sqlite3_column_int64(st, 0), .role = role_of((const char *)sqlite3_column_text(st, 2)),
                  .must_change = sqlite3_column_int(st, 7) != 0 };
    if (db->forms_need_admin && u.role != TZ_ROLE_ADMIN) {
        dbi_release(st);
        return tz_fail(err, TZ_ERR_DENIED, "%s",
                       tz_L("--forms 的目录别人也能修改或不属于数据库的所有者，只有管理员能用它",
                            "the --forms folder is not the database owner's alone: only an administrator may use it"));
    }
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.name, sizeof u.name, "%s", (const char *)sqlite3_column_text(st, 1));
    int64_t unit = sqlite3_column_int64(st, 3);
    dbi_release(st);
    exec_bound(db, "UPDATE users SET failed = 0, locked_until = NULL WHERE id = ?1 AND failed > 0", u.id);
    load_township(db, &u, unit);
    db->user = u;
    return TZ_OK;
}

tz_status db_sign_in(tz_db *db, const char *login, const char *password, tz_error *err)
{
    db_sign_out(db);
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, find_sql, &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        dbi_release(st);
        /* spend the time a real check would, so an unknown login does not answer faster */
        char spent[TZ_HASH_MAX];
        tz_password_hash(password, spent, sizeof spent);
        return rc == SQLITE_DONE ? wrong(err, 0) : dbi_fail(db, NULL, rc, err);
    }
    if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
        s = tz_fail(err, TZ_ERR_DENIED,
                    tz_L("密码连续错误，账户已锁定到 %s，请稍后再试或请管理员重设密码",
                         "too many wrong passwords: the account is locked until %s"),
                    (const char *)sqlite3_column_text(st, 6));
        dbi_release(st);
        return s;
    }
    const char *hash = (const char *)sqlite3_column_text(st, 4);
    if (tz_password_verify(password, hash))
        return signed_in(db, st, login, err);
    int64_t id = sqlite3_column_int64(st, 0);
    int failed = sqlite3_column_int(st, 5);
    dbi_release(st);
    int left = count_failure(db, id, failed);
    if (left == 0)
        return tz_fail(err, TZ_ERR_DENIED,
                       tz_L("密码连续错误 %d 次，账户已锁定 %d 分钟", "%d wrong passwords: the account is locked for %d minutes"),
                       TZ_MAX_FAILED, TZ_LOCK_MINUTES);
    return wrong(err, left);
}

void db_sign_out(tz_db *db)
{
    memset(&db->user, 0, sizeof db->user);
}

/* ---- adding users and passwords -------------------------------------------------------------- */

static tz_status check_password(const char *password, tz_error *err)
{
    if (!password || tz_str_width(password) < TZ_MIN_PASSWORD || strlen(password) < TZ_MIN_PASSWORD)
        return tz_fail(err, TZ_ERR_INVALID, tz_L("密码至少要 %d 个字符", "a password needs at least %d characters"),
                       TZ_MIN_PASSWORD);
    if (tz_utf8_count(password) > TZ_MAX_PASSWORD)
        return tz_fail(err, TZ_ERR_INVALID, tz_L("密码太长：最多 %d 个字符", "the password is too long: at most %d characters"),
                       TZ_MAX_PASSWORD);
    return TZ_OK;
}

static tz_status hash_of(const char *password, char *hash, tz_error *err)
{
    tz_status s = check_password(password, err);
    if (s == TZ_OK && !tz_password_hash(password, hash, TZ_HASH_MAX))
        s = tz_fail(err, TZ_ERR_IO, "%s", tz_L("无法生成密码散列", "cannot hash the password"));
    return s;
}

tz_status db_user_add(tz_db *db, const char *login, const char *name, const char *role,
                      int64_t unit_id, const char *password, bool must_change, tz_error *err)
{
    char hash[TZ_HASH_MAX];
    tz_status s = hash_of(password, hash, err);
    if (s != TZ_OK)
        return s;
    sqlite3_stmt *st;
    bool nested;
    s = dbi_write_begin(db, &nested, err);
    if (s == TZ_OK)
        s = dbi_prepare(db, "INSERT INTO users (login, name, role, unit_id, password_hash, must_change)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, err);
    if (s == TZ_OK) {
        sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, role, -1, SQLITE_TRANSIENT);
        if (unit_id)
            sqlite3_bind_int64(st, 4, unit_id);
        sqlite3_bind_text(st, 5, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 6, must_change);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE)
            s = dbi_fail(db, NULL, rc, err);
        dbi_release(st);
        s = s == TZ_OK ? dbi_write_commit(db, nested, err) : (dbi_write_rollback(db, nested), s);
    }
    explicit_bzero(hash, sizeof hash);
    if (s == TZ_OK)
        dbi_access_init(db);
    return s;
}

static tz_status store_hash(tz_db *db, int64_t id, const char *password, bool must_change,
                            tz_error *err)
{
    char hash[TZ_HASH_MAX];
    tz_status s = hash_of(password, hash, err);
    sqlite3_stmt *st;
    bool nested;
    if (s == TZ_OK)
        s = dbi_write_begin(db, &nested, err);
    if (s != TZ_OK)
        return s;
    s = dbi_prepare(db, "UPDATE users SET password_hash = ?1, must_change = ?2, failed = 0,"
                        " locked_until = NULL WHERE id = ?3", &st, err);
    if (s == TZ_OK) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, must_change);
        sqlite3_bind_int64(st, 3, id);
        int rc = sqlite3_step(st);
        s = rc != SQLITE_DONE ? dbi_fail(db, NULL, rc, err)
          : sqlite3_changes(db->h) == 0 ? tz_fail(err, TZ_ERR_NOTFOUND, "%s", tz_status_text(TZ_ERR_NOTFOUND))
                                        : TZ_OK;
        dbi_release(st);
    }
    s = s == TZ_OK ? dbi_write_commit(db, nested, err) : (dbi_write_rollback(db, nested), s);
    explicit_bzero(hash, sizeof hash);
    return s;
}

tz_status db_change_password(tz_db *db, const char *old_password, const char *new_password,
                             tz_error *err)
{
    if (!db->user.id)
        return tz_fail(err, TZ_ERR_DENIED, "%s", tz_L("请先登录", "Sign in first"));
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT password_hash FROM users WHERE id = ?1", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, db->user.id);
    bool ok = sqlite3_step(st) == SQLITE_ROW
              && tz_password_verify(old_password, (const char *)sqlite3_column_text(st, 0));
    dbi_release(st);
    if (!ok)
        return tz_fail(err, TZ_ERR_DENIED, "%s", tz_L("原密码不对", "the current password is wrong"));
    if (strcmp(old_password, new_password) == 0)
        return tz_fail(err, TZ_ERR_INVALID, "%s", tz_L("新密码不能与原密码相同", "the new password must differ"));
    s = store_hash(db, db->user.id, new_password, false, err);
    if (s == TZ_OK)
        db->user.must_change = false;
    return s;
}

tz_status db_set_password(tz_db *db, int64_t user_id, const char *password, tz_error *err)
{
    if (db->has_users && (!db->user.id || db->user.role != TZ_ROLE_ADMIN))
        return tz_fail(err, TZ_ERR_DENIED, "%s",
                       tz_L("只有管理员能重设别人的密码", "Only an administrator may reset a password"));
    return store_hash(db, user_id, password, true, err);
}
