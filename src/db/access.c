/* access.c — who may read and change what, enforced here so that no screen can forget it.
 *
 * A database without users is single-clerk: everything is allowed. Once it has users, nothing
 * of the ledgers is served before sign-in. Then:
 *   - users and audit_log are for admins only; only admins change settings (the city's
 *     report header); a township's report header (township_headers) is kept by that
 *     township's own clerks, or an admin;
 *   - viewers change nothing;
 *   - a township's clerk or viewer sees only rows of its township and rows of no township (the
 *     city, its departments and their people), and changes only rows of its township, before
 *     and after the change. Tables without a township (templates, standards) are read-only to
 *     them.
 * A row's township comes from the schema: the view <table>_scope (id, township_id) when there
 * is one (migration 006), else a township_id column of the form's read source (the summary
 * views); a table with neither has no township. A ledger's row also carries its scope key
 * (migration 019): its township's id, or minus its city's for the city's own rows, so that a
 * township's clerk reads its township and its own city's rows, not every city's, through an
 * index. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

int64_t db_session_home(tz_db *db, const tz_form *form)
{
    if (!db->user.id || !db->user.township_id || !form->table)
        return 0;
    sqlite3_stmt *st;
    if (dbi_prepare(db, "SELECT 1 FROM pragma_foreign_key_list('users')"
                        " WHERE \"from\" = 'unit_id' AND \"table\" = ?1", &st, NULL) != TZ_OK)
        return 0;
    sqlite3_bind_text(st, 1, form->table, -1, SQLITE_STATIC);
    bool home = sqlite3_step(st) == SQLITE_ROW;
    dbi_release(st);
    return home ? db->user.township_id : 0;
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

static dbi_scope_kind remember(tz_db *db, const char *key, dbi_scope_kind kind)
{
    if (db->nscopes < DBI_MAX_SCOPES) {
        snprintf(db->scopes[db->nscopes].table, sizeof db->scopes[0].table, "%s", key);
        db->scopes[db->nscopes++].kind = kind;
    }
    return kind;
}

static bool remembered(const tz_db *db, const char *key, dbi_scope_kind *kind)
{
    for (size_t i = 0; i < db->nscopes; i++)
        if (strcmp(db->scopes[i].table, key) == 0) {
            *kind = db->scopes[i].kind;
            return true;
        }
    return false;
}

static bool has_scope_view(tz_db *db, const char *relation)
{
    char view[160];
    snprintf(view, sizeof view, "%s_scope", relation);
    return relation_exists(db, view);
}

/* Whether the relation carries the scope key of migration 019. */
static bool has_scope_key(tz_db *db, const char *relation)
{
    return dbi_column_exists(db, relation, "scope_key");
}

/* How the rows a form reads name their township, from what is read (`source`, the form's
 * view or table) alone, so that a form file cannot borrow another table's scope: its own
 * scope_key column (which an index serves, and which tells the clerk's own city's rows from
 * another city's), else its own township_id column, else its own <source>_scope view; rows of
 * no township only when the schema marks the table shared (table_access); anything else a
 * township's clerk may not read. Looked up once and kept. */
static dbi_scope_kind read_kind_of(tz_db *db, const char *source)
{
    char key[140];
    snprintf(key, sizeof key, "r:%s", source);
    dbi_scope_kind kind;
    if (remembered(db, key, &kind))
        return kind;
    kind = has_scope_key(db, source)                    ? DBI_SCOPE_KEY
           : dbi_column_exists(db, source, "township_id") ? DBI_SCOPE_COLUMN
           : has_scope_view(db, source)                  ? DBI_SCOPE_VIEW
           : dbi_table_mark(db, source) == DBI_MARK_SHARED ? DBI_SCOPE_NONE
                                                           : DBI_SCOPE_DENY;
    return remember(db, key, kind);
}

/* How the rows a form writes name their township: the table's scope view (ids are the
 * table's), else its township_id column, else none. */
static dbi_scope_kind write_kind_of(tz_db *db, const char *table)
{
    char key[140];
    snprintf(key, sizeof key, "w:%s", table);
    dbi_scope_kind kind;
    if (remembered(db, key, &kind))
        return kind;
    kind = has_scope_view(db, table)                    ? DBI_SCOPE_VIEW
           : dbi_column_exists(db, table, "township_id") ? DBI_SCOPE_COLUMN
                                                         : DBI_SCOPE_NONE;
    return remember(db, key, kind);
}

static dbi_scope_kind read_kind(tz_db *db, const tz_form *form)
{
    return read_kind_of(db, dbi_read_source(form));
}

static dbi_scope_kind write_kind(tz_db *db, const tz_form *form)
{
    return write_kind_of(db, form->table);
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
    if (dbi_table_mark(db, form->table) == DBI_MARK_INTERNAL)
        return denied(err, "这是程序内部的表，表单不能使用", "This is one of the program's own tables; no form may use it");
    if (!db->has_users)
        return TZ_OK;
    if (!db->user.id)
        return denied(err, "请先登录", "Sign in first");
    if (dbi_table_mark(db, form->table) == DBI_MARK_ADMIN && db->user.role != TZ_ROLE_ADMIN)
        return denied(err, "只有管理员能查看这里", "Only an administrator may see this");
    if (session_township(db) && read_kind(db, form) == DBI_SCOPE_DENY)
        return denied(err, "这些数据不分乡镇（街道），只有市级用户能查看",
                      "These rows belong to no township: only city-wide users may see them");
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
    if (strcmp(form->table, "township_headers") == 0 && db->user.role != TZ_ROLE_ADMIN
        && !session_township(db))
        return denied(err, "乡镇的填报单位设置由该乡镇的录入员或管理员修改",
                      "A township's report header is kept by its own clerks or an administrator");
    if (session_township(db) && write_kind(db, form) == DBI_SCOPE_NONE)
        return denied(err, "这是全市共用的数据，只有市级用户能修改",
                      "These are shared by the whole city: only city-wide users may change them");
    return TZ_OK;
}

/* The city of a township (its parent), looked up once per township. */
static int64_t city_of(tz_db *db, int64_t township)
{
    if (db->city_of == township)
        return db->city;
    sqlite3_stmt *st;
    if (dbi_prepare(db, "SELECT parent_id FROM units WHERE id = ?1", &st, NULL) != TZ_OK)
        return 0;
    sqlite3_bind_int64(st, 1, township);
    db->city = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db->city_of = township;
    dbi_release(st);
    return db->city;
}

bool dbi_scope_keys(tz_db *db, const tz_form *form, int64_t keys[2])
{
    int64_t township = session_township(db);
    if (!township || read_kind(db, form) != DBI_SCOPE_KEY)
        return false;
    keys[0] = township;
    keys[1] = -city_of(db, township);
    return true;
}

void dbi_scope_sql(tz_db *db, const tz_form *form, const char *alias, tz_sb *sb)
{
    int64_t township = session_township(db), keys[2];
    if (!township)
        return;
    switch (read_kind(db, form)) {
    case DBI_SCOPE_KEY:
        dbi_scope_keys(db, form, keys);
        tz_sb_printf(sb, "%s.scope_key IN (%lld, %lld)", alias, (long long)keys[0], (long long)keys[1]);
        break;
    case DBI_SCOPE_VIEW:
        tz_sb_append(sb, "NOT EXISTS (SELECT 1 FROM ");
        tz_sb_printf(sb, "\"%s_scope\" sc WHERE sc.id = %s.id AND sc.township_id <> %lld)",
                     dbi_read_source(form), alias, (long long)township);
        break;
    case DBI_SCOPE_COLUMN:
        tz_sb_printf(sb, "(%s.township_id IS NULL OR %s.township_id = %lld)", alias, alias,
                     (long long)township);
        break;
    case DBI_SCOPE_NONE:
        tz_sb_append(sb, "1");
        break;
    case DBI_SCOPE_DENY:
        tz_sb_append(sb, "0");
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

bool db_may_open(tz_db *db, const tz_form *form)
{
    return dbi_may_read(db, form, NULL) == TZ_OK;
}

tz_status db_may_change(tz_db *db, const tz_form *form, int64_t id, tz_error *err)
{
    tz_status s = dbi_may_write(db, form, err);
    if (s == TZ_OK && id)
        s = dbi_check_row_scope(db, form, id, err);
    return s;
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
    int64_t keys[2];
    if (dbi_scope_keys(db, &form, keys)) /* its township's, or its own city's */
        tz_sb_printf(&sql, "SELECT 1 FROM \"%s\" WHERE id = ?1 AND scope_key IS NOT %lld"
                           " AND scope_key IS NOT %lld", table, (long long)keys[0], (long long)keys[1]);
    else
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
    dbi_marks_load(db);
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
