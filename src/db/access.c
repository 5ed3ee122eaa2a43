/* access.c — who may read and change what, enforced here so that no screen can forget it.
 *
 * A database without users is single-clerk: everything is allowed. Once it has users, nothing
 * of the ledgers is served before sign-in. Then:
 *   - users and audit_log are for admins only; only admins change settings;
 *   - viewers change nothing;
 *   - a township's clerk or viewer sees only rows of its township and rows of no township (the
 *     city, its departments and their people), and changes only rows of its township, before
 *     and after the change. Tables without a township (templates, standards) are read-only to
 *     them.
 * A row's township comes from the schema: the view <table>_scope (id, township_id) when there
 * is one (migration 006), else a township_id column of the form's read source (the summary
 * views); a table with neither has no township. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const admin_tables[] = { "users", "audit_log", "sync_bundles", "sync_conflicts" };

static bool is_admin_table(const char *table)
{
    for (size_t i = 0; i < sizeof admin_tables / sizeof admin_tables[0]; i++)
        if (strcmp(admin_tables[i], table) == 0)
            return true;
    return false;
}

static bool relation_exists(tz_db *db, const char *name)
{
    sqlite3_stmt *st;
    tz_error err;
    if (dbi_prepare(db, "SELECT 1 FROM sqlite_master WHERE name = ?1", &st, &err) != TZ_OK)
        return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    dbi_release(st);
    return found;
}

/* How a relation's rows name their township, looked up once and kept: `source` is what is
 * read (a table, or a view with its own ids such as a summary), `table` what is written. */
static dbi_scope_kind lookup_kind(tz_db *db, const char *source, const char *table, bool for_write)
{
    char key[140];
    snprintf(key, sizeof key, "%s%s", for_write ? "w:" : "r:", for_write ? table : source);
    for (size_t i = 0; i < db->nscopes; i++)
        if (strcmp(db->scopes[i].table, key) == 0)
            return db->scopes[i].kind;
    char view[160];
    snprintf(view, sizeof view, "%s_scope", table);
    bool has_column = dbi_column_exists(db, source, "township_id");
    bool has_view = relation_exists(db, view);
    /* reads: a view's own township_id column first (its ids need not be the table's); writes:
     * the table's scope view (ids are the table's) */
    dbi_scope_kind kind = for_write ? (has_view ? DBI_SCOPE_VIEW : has_column ? DBI_SCOPE_COLUMN : DBI_SCOPE_NONE)
                                    : (has_column ? DBI_SCOPE_COLUMN : has_view ? DBI_SCOPE_VIEW : DBI_SCOPE_NONE);
    if (db->nscopes < DBI_MAX_SCOPES) {
        snprintf(db->scopes[db->nscopes].table, sizeof db->scopes[0].table, "%s", key);
        db->scopes[db->nscopes++].kind = kind;
    }
    return kind;
}

static dbi_scope_kind read_kind(tz_db *db, const tz_form *form)
{
    return lookup_kind(db, dbi_read_source(form), form->table, false);
}

static dbi_scope_kind write_kind(tz_db *db, const tz_form *form)
{
    return lookup_kind(db, dbi_read_source(form), form->table, true);
}

/* The township a session is limited to, 0 when it is city-wide (or there is no session). */
static int64_t session_township(const tz_db *db)
{
    return db->has_users && db->user.id ? db->user.township_id : 0;
}

static tz_status denied(tz_error *err, const char *zh, const char *en)
{
    return tz_fail(err, TZ_ERR_DENIED, "%s", tz_L(zh, en));
}

tz_status dbi_may_read(tz_db *db, const tz_form *form, tz_error *err)
{
    if (!db->has_users)
        return TZ_OK;
    if (!db->user.id)
        return denied(err, "请先登录", "Sign in first");
    if (is_admin_table(form->table) && db->user.role != TZ_ROLE_ADMIN)
        return denied(err, "只有管理员能查看这里", "Only an administrator may see this");
    return TZ_OK;
}

tz_status dbi_may_write(tz_db *db, const tz_form *form, tz_error *err)
{
    tz_status s = dbi_may_read(db, form, err);
    if (s != TZ_OK || !db->has_users)
        return s;
    if (db->user.role == TZ_ROLE_VIEWER)
        return denied(err, "查看员只能查看，不能修改", "A viewer may look but not change anything");
    if (strcmp(form->table, "settings") == 0 && db->user.role != TZ_ROLE_ADMIN)
        return denied(err, "只有管理员能修改设置", "Only an administrator may change the settings");
    if (session_township(db) && write_kind(db, form) == DBI_SCOPE_NONE)
        return denied(err, "这是全市共用的数据，只有市级用户能修改",
                      "These are shared by the whole city: only city-wide users may change them");
    return TZ_OK;
}

void dbi_scope_sql(tz_db *db, const tz_form *form, const char *alias, tz_sb *sb)
{
    int64_t township = session_township(db);
    if (!township)
        return;
    switch (read_kind(db, form)) {
    case DBI_SCOPE_VIEW:
        tz_sb_printf(sb, "NOT EXISTS (SELECT 1 FROM \"%s_scope\" sc WHERE sc.id = %s.id"
                         " AND sc.township_id <> %lld)", form->table, alias, (long long)township);
        break;
    case DBI_SCOPE_COLUMN:
        tz_sb_printf(sb, "(%s.township_id IS NULL OR %s.township_id = %lld)", alias, alias,
                     (long long)township);
        break;
    case DBI_SCOPE_NONE:
        tz_sb_append(sb, "1");
        break;
    }
}

bool dbi_scoped(tz_db *db)
{
    return session_township(db) != 0;
}

tz_status dbi_check_row_scope(tz_db *db, const tz_form *form, int64_t id, tz_error *err)
{
    int64_t township = session_township(db);
    if (!township)
        return TZ_OK;
    tz_sb sql = { 0 };
    if (write_kind(db, form) == DBI_SCOPE_VIEW)
        tz_sb_printf(&sql, "SELECT township_id FROM \"%s_scope\" WHERE id = ?1", form->table);
    else
        tz_sb_printf(&sql, "SELECT township_id FROM \"%s\" WHERE id = ?1", dbi_read_source(form));
    if (sql.failed) {
        tz_sb_free(&sql);
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    }
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, sql.buf, &st, err);
    tz_sb_free(&sql);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    bool ours = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == township;
    dbi_release(st);
    if (!ours)
        return denied(err, "只能录入和修改本乡镇（街道）的数据",
                      "You may enter and change only your township's records");
    return TZ_OK;
}

tz_status db_row_visible(tz_db *db, const char *table, int64_t id, tz_error *err)
{
    int64_t township = session_township(db);
    if (db->has_users && !db->user.id)
        return denied(err, "请先登录", "Sign in first");
    tz_form form = { .table = (char *)table };
    if (!township || write_kind(db, &form) != DBI_SCOPE_VIEW)
        return TZ_OK;
    tz_sb sql = { 0 };
    tz_sb_printf(&sql, "SELECT 1 FROM \"%s_scope\" WHERE id = ?1 AND township_id <> %lld", table,
                 (long long)township);
    sqlite3_stmt *st;
    tz_status s = sql.failed ? tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM))
                             : dbi_prepare(db, sql.buf, &st, err);
    tz_sb_free(&sql);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) /* another township's: as if it were not there */
        s = tz_fail(err, TZ_ERR_NOTFOUND, "%s", tz_status_text(TZ_ERR_NOTFOUND));
    dbi_release(st);
    return s;
}

/* ---- the session ------------------------------------------------------------------------------- */

bool db_has_users(const tz_db *db)
{
    return db->has_users;
}

const tz_user *db_session(const tz_db *db)
{
    return db->user.id ? &db->user : NULL;
}

/* Who is writing, for the audit triggers (migration 007): set at the start of each write
 * transaction and cleared before its commit, so a change made outside taizhang finds NULL. */
void dbi_set_actor(tz_db *db, bool on)
{
    if (!db->has_actor || !db->user.id)
        return;
    sqlite3_stmt *st;
    tz_error err;
    if (dbi_prepare(db, "UPDATE audit_actor SET login = ?1 WHERE id = 1", &st, &err) != TZ_OK)
        return;
    if (on)
        sqlite3_bind_text(st, 1, db->user.login, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    dbi_release(st);
}

void dbi_access_init(tz_db *db)
{
    db->has_actor = relation_exists(db, "audit_actor");
    db->has_users = false;
    sqlite3_stmt *st;
    tz_error err;
    if (relation_exists(db, "users")
        && dbi_prepare(db, "SELECT EXISTS (SELECT 1 FROM users)", &st, &err) == TZ_OK) {
        db->has_users = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
        dbi_release(st);
    }
}
