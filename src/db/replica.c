/* replica.c — a township's replica made from its county's database (or a county's from its
 * prefecture's, migration 031), the base files of an exchange, and the block of ids new rows
 * are drawn from (migration 015). */
#include "sync_internal.h"
#include "taizhang/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the exchanged tables, from their declaration -------------------------------------------- */

static tz_status load_columns(tz_db *db, dbi_synced_table *t, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT name FROM main.pragma_table_info(?1) ORDER BY cid", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    while (s == TZ_OK && sqlite3_step(st) == SQLITE_ROW) {
        dbi_columns *c = &t->cols;
        char **grown = realloc(c->names, (size_t)(c->n + 1) * sizeof *grown);
        char *name = tz_strdup((const char *)sqlite3_column_text(st, 0));
        if (grown)
            c->names = grown;
        if (grown && name)
            c->names[c->n++] = name;
        else {
            free(name);
            s = dbi_nomem(err);
        }
    }
    dbi_release(st);
    /* the exchange keys every row by its id, the changeset's first column */
    if (s == TZ_OK && (t->cols.n == 0 || strcmp(t->cols.names[0], "id") != 0))
        s = tz_fail(err, TZ_ERR_CORRUPT, tz_L("交换的表 %s 的第一列须是 id", "the first column of the exchanged table %s must be id"),
                    t->name);
    return s;
}

static tz_status add_synced(tz_db *db, dbi_synced_set *set, sqlite3_stmt *st, tz_error *err)
{
    dbi_synced_table *grown = realloc(set->t, (size_t)(set->n + 1) * sizeof *grown);
    if (!grown)
        return dbi_nomem(err);
    set->t = grown;
    dbi_synced_table *t = &set->t[set->n++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", (const char *)sqlite3_column_text(st, 0));
    t->scoped = sqlite3_column_int(st, 1);
    if (sqlite3_column_type(st, 2) != SQLITE_NULL &&
        !(t->issued = tz_strdup((const char *)sqlite3_column_text(st, 2))))
        return dbi_nomem(err);
    return load_columns(db, t, err);
}

tz_status dbi_synced_load(tz_db *db, dbi_synced_set *set, tz_error *err)
{
    *set = (dbi_synced_set){ 0 };
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db,
        "SELECT a.name, a.scope IS NOT NULL, a.issued FROM main.table_access a"
        "  JOIN main.sqlite_schema m ON m.type = 'table' AND m.name = a.name"
        " WHERE " DBI_EXCHANGED
        " ORDER BY coalesce((SELECT b.rowid FROM main.sqlite_schema b WHERE b.type = 'table'"
        "                     AND b.name = a.apply_before), m.rowid), a.apply_before IS NULL, m.rowid",
        &st, err);
    if (s != TZ_OK)
        return s;
    while (s == TZ_OK && sqlite3_step(st) == SQLITE_ROW)
        s = add_synced(db, set, st, err);
    dbi_release(st);
    if (s != TZ_OK)
        dbi_synced_free(set);
    return s;
}

void dbi_synced_free(dbi_synced_set *set)
{
    for (int i = 0; i < set->n; i++) {
        for (int c = 0; c < set->t[i].cols.n; c++)
            free(set->t[i].cols.names[c]);
        free(set->t[i].cols.names);
        free(set->t[i].issued);
    }
    free(set->t);
    *set = (dbi_synced_set){ 0 };
}

int dbi_synced_index(const dbi_synced_set *set, const char *name)
{
    for (int t = 0; t < set->n; t++)
        if (strcmp(set->t[t].name, name) == 0)
            return t;
    return -1;
}

void dbi_next_id_sql(tz_sb *sb, const char *table)
{
    tz_sb_append(sb, "coalesce((SELECT max(id) FROM ");
    dbi_ident(sb, table);
    tz_sb_append(sb, " WHERE id BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)),"
                     " (SELECT lo FROM sync_block)) + 1");
}

void dbi_sync_base_path(const char *db_path, const char *code, char *out, size_t cap)
{
    snprintf(out, cap, "%s-sync-%s", db_path, code);
}

const char *dbi_db_path(tz_db *db)
{
    const char *p = sqlite3_db_filename(db->h, "main");
    return p ? p : "";
}

static tz_status exec_sb(tz_db *db, tz_sb *sb, tz_error *err)
{
    tz_status s = sb->failed ? dbi_nomem(err)
                             : dbi_exec(db, sb->buf, err);
    tz_sb_free(sb);
    return s;
}

/* A base file there is, not a link planted under its name; or a new one, private. */
static tz_status open_base_file(const char *path, tz_error *err)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return dbi_create_private(path, err);
    if (fd < 0)
        return tz_fail(err, TZ_ERR_IO, tz_L("无法打开 %s：%s", "cannot open %s: %s"), path,
                       tz_errno_text(errno));
    close(fd);
    return TZ_OK;
}

tz_status dbi_attach(tz_db *db, const char *path, const char *schema, tz_error *err)
{
    /* an attached file inherits the connection's flags, which do not include creating one */
    if (path[0]) {
        tz_status s = open_base_file(path, err);
        if (s != TZ_OK)
            return s;
    }
    sqlite3_stmt *st;
    char sql[64];
    snprintf(sql, sizeof sql, "ATTACH ?1 AS %s", schema);
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
    }
    return rc == SQLITE_OK || rc == SQLITE_DONE ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

void dbi_detach(tz_db *db, const char *schema)
{
    char sql[64];
    snprintf(sql, sizeof sql, "DETACH %s", schema);
    sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

tz_status dbi_sync_copy_tables(tz_db *db, const dbi_synced_set *set, const char *schema, tz_error *err)
{
    for (int t = 0; t < set->n; t++) {
        tz_sb sql = { 0 };
        tz_sb_printf(&sql, "CREATE TABLE %s.%s (", schema, set->t[t].name);
        for (int i = 0; i < set->t[t].cols.n; i++) {
            tz_sb_append(&sql, i ? ", " : "");
            dbi_ident(&sql, set->t[t].cols.names[i]);
            tz_sb_append(&sql, i == 0 ? " INTEGER PRIMARY KEY" : "");
        }
        tz_sb_append(&sql, ")");
        tz_status s = exec_sb(db, &sql, err);
        if (s != TZ_OK)
            return s;
    }
    return TZ_OK;
}

tz_status dbi_sync_copy_rows(tz_db *db, const dbi_synced_set *set, const char *schema, int64_t unit,
                             tz_error *err)
{
    for (int t = 0; t < set->n; t++) {
        const dbi_synced_table *tb = &set->t[t];
        tz_sb sql = { 0 };
        tz_sb_printf(&sql, "INSERT INTO %s.%s SELECT * FROM main.%s", schema, tb->name, tb->name);
        if (tb->scoped && unit) /* the rows the unit's replica holds (migration 031) */
            tz_sb_printf(&sql, " WHERE scope_key IN (SELECT scope_key FROM main.unit_held_keys"
                               " WHERE unit_id = %lld)", (long long)unit);
        tz_status s = exec_sb(db, &sql, err);
        if (s != TZ_OK)
            return s;
    }
    return TZ_OK;
}

/* ---- references to rows held elsewhere ------------------------------------------------------------ */

/* A township's replica (sync_self names its unit) and its block of ids. A county's replica
 * holds every row of its townships, so a row missing there is missing, as in the county's own. */
typedef struct {
    bool replica;
    int64_t lo, hi;
} own_block;

static tz_status load_own_block(tz_db *db, own_block *b, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT (SELECT level FROM units WHERE id = s.unit_id) IS 'township', b.lo, b.hi"
                                  "  FROM sync_self s, sync_block b", &st, err);
    if (s != TZ_OK)
        return s;
    *b = (own_block){ 0 };
    if (sqlite3_step(st) == SQLITE_ROW)
        *b = (own_block){ sqlite3_column_int(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2) };
    dbi_release(st);
    return TZ_OK;
}

/* The row `id` of `table` refers through column `from` to a row of another township's: a row
 * of a ledger with a scope, by an id not of this replica's block. */
static bool held_elsewhere(tz_db *db, const own_block *b, const char *table, int64_t id, const char *parent,
                           const char *from)
{
    if (!b->replica)
        return false;
    sqlite3_stmt *st;
    tz_error err;
    if (dbi_prepare(db, "SELECT 1 FROM table_access WHERE name = ?1 AND scope IS NOT NULL", &st, &err) != TZ_OK)
        return false;
    sqlite3_bind_text(st, 1, parent, -1, SQLITE_STATIC);
    bool scoped = sqlite3_step(st) == SQLITE_ROW;
    dbi_release(st);
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "SELECT ");
    dbi_ident(&sql, from);
    tz_sb_append(&sql, " FROM ");
    dbi_ident(&sql, table);
    tz_sb_append(&sql, " WHERE rowid = ?1");
    bool elsewhere = false;
    if (scoped && !sql.failed && sqlite3_prepare_v2(db->h, sql.buf, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER) {
            int64_t to = sqlite3_column_int64(st, 0);
            elsewhere = to < b->lo || to > b->hi;
        }
        sqlite3_finalize(st);
    }
    tz_sb_free(&sql);
    return elsewhere;
}

tz_status dbi_dangling_references(tz_db *db, const char *table, dbi_dangling_fn found, void *ctx, tz_error *err)
{
    own_block b;
    tz_status s = load_own_block(db, &b, err);
    if (s != TZ_OK)
        return s;
    /* a key of one column that names the parent's id: what a row held elsewhere is known by */
    static const char *const select = "SELECT c.\"table\", c.rowid, c.parent,"
                                      " CASE WHEN f.\"to\" IS NULL OR f.\"to\" = 'id' THEN f.\"from\" END"
                                      " FROM ";
    static const char *const join = " c LEFT JOIN pragma_foreign_key_list(c.\"table\") f"
                                    " ON f.id = c.fkid AND f.seq = 0"
                                    " AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.\"table\") g"
                                    "                  WHERE g.id = c.fkid AND g.seq > 0)";
    tz_sb sql = { 0 };
    tz_sb_append(&sql, select);
    tz_sb_append(&sql, table ? "pragma_foreign_key_check(?1)" : "pragma_foreign_key_check");
    tz_sb_append(&sql, join);
    sqlite3_stmt *st;
    int rc = sql.failed ? SQLITE_NOMEM : sqlite3_prepare_v2(db->h, sql.buf, -1, &st, NULL);
    tz_sb_free(&sql);
    if (rc != SQLITE_OK)
        return dbi_fail(db, NULL, rc, err);
    if (table)
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    while (s == TZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *child = (const char *)sqlite3_column_text(st, 0);
        int64_t id = sqlite3_column_int64(st, 1);
        const char *parent = (const char *)sqlite3_column_text(st, 2);
        const char *from = (const char *)sqlite3_column_text(st, 3);
        if ((!from || !held_elsewhere(db, &b, child, id, parent, from)) && !found(ctx, child, id, parent))
            s = dbi_nomem(err);
    }
    if (s == TZ_OK && rc != SQLITE_DONE)
        s = dbi_fail(db, NULL, rc, err);
    sqlite3_finalize(st);
    return s;
}

/* ---- the replica ------------------------------------------------------------------------------ */

typedef struct {
    int64_t id;
    char code[32];
    char name[80];
} unit_ref;

/* The unit a replica is made for: a township or a city directly below this database's unit (a
 * county's townships, a prefecture's counties), or any township of a database at the top whose
 * unit is a city (a county's, or one of many cities without a prefecture). */
static const char *const replica_unit_sql =
    "SELECT u.id, u.code, u.name, u.level IN ('township', 'city'),"
    "       u.parent_id IS me.unit_id OR (u.level = 'township' AND me.top"
    "                                     AND (SELECT level FROM units WHERE id = me.unit_id) = 'city')"
    "  FROM units u, sync_self_unit me WHERE u.code = ?1";

static tz_status find_replica_unit(tz_db *db, const char *code, unit_ref *u, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, replica_unit_sql, &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    bool level_ok = found && sqlite3_column_int(st, 3), below = found && sqlite3_column_int(st, 4);
    if (found) {
        u->id = sqlite3_column_int64(st, 0);
        snprintf(u->code, sizeof u->code, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(u->name, sizeof u->name, "%s", (const char *)sqlite3_column_text(st, 2));
    }
    dbi_release(st);
    if (!found)
        return tz_fail(err, TZ_ERR_NOTFOUND, tz_L("没有代码为 %s 的单位", "no unit has the code %s"), code);
    if (!level_ok)
        return tz_fail(err, TZ_ERR_INVALID,
                       tz_L("%s 不是乡镇/街道或县（市）：副本只为乡镇/街道和县（市）建立",
                            "%s is neither a township nor a county: replicas are made for those"), code);
    if (!below)
        return tz_fail(err, TZ_ERR_INVALID,
                       tz_L("%s 不直属于本库的单位：乡镇/街道的副本由它所在县（市）的数据库建立，"
                            "县（市）的副本由地区的数据库建立",
                            "%s is not directly below this database's unit: a township's replica is "
                            "made from its county's database, a county's from its prefecture's"), code);
    if (u->id <= 0 || u->id > 8388607)
        return tz_fail(err, TZ_ERR_INVALID,
                       tz_L("%s 的编号 %lld 不能用作编号段", "the id %lld of %s cannot be a block of ids"),
                       code, (long long)u->id);
    return TZ_OK;
}

/* Every trigger's text, to put back after rows were taken out without them. */
static tz_status take_triggers(tz_db *db, tz_sb *recreate, tz_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'",
                                -1, &st, NULL);
    tz_sb drop = { 0 };
    while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        tz_sb_append(&drop, "DROP TRIGGER ");
        dbi_ident(&drop, (const char *)sqlite3_column_text(st, 0));
        tz_sb_append(&drop, ";\n");
        tz_sb_append(recreate, (const char *)sqlite3_column_text(st, 1));
        tz_sb_append(recreate, ";\n");
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        tz_sb_free(&drop);
        return dbi_fail(db, NULL, rc, err);
    }
    return drop.len ? exec_sb(db, &drop, err) : TZ_OK;
}

/* The rows of every ledger declared with a scope (table_access, migration 016) — the exchanged
 * tables and any other — that the unit's replica does not hold (their scope key is not one of
 * unit_held_keys, migration 031: a township's and its own city's; a county's, its townships' and
 * its prefecture's; on a database of many cities, not every city's departments and their
 * people) into `gone`, then out of their tables. */
static tz_status cut_ledgers(tz_db *db, int64_t unit, tz_sb *sql, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT name FROM table_access WHERE scope IS NOT NULL ORDER BY name",
                              &st, err);
    if (s != TZ_OK)
        return s;
    tz_sb deletes = { 0 };
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        tz_sb_printf(sql, "INSERT INTO gone SELECT '%1$s', id FROM %1$s WHERE scope_key IS NULL OR scope_key"
                          " NOT IN (SELECT scope_key FROM unit_held_keys WHERE unit_id = %2$lld);\n",
                     t, (long long)unit);
        tz_sb_printf(&deletes, "DELETE FROM %s WHERE id IN (SELECT id FROM gone WHERE tbl = '%s');\n", t, t);
    }
    dbi_release(st);
    tz_sb_append(sql, deletes.buf ? deletes.buf : "");
    tz_sb_free(&deletes);
    return TZ_OK;
}

/* Takes out every row the replica does not hold, with the triggers set aside: nothing is a
 * change to audit or a batch to run. The kept totals are recounted, the search grams of rows
 * gone dropped, the audit trail emptied (its values are the upper database's), and only the
 * unit's own clerks (of the unit or a unit directly below it) stay users: the upper database's
 * administrators and their password hashes stay there. `upper`: the unit the replica
 * exchanges with. */
static tz_status keep_unit(tz_db *db, const unit_ref *u, int64_t upper, const char *key_hex, tz_error *err)
{
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "CREATE TEMP TABLE gone (tbl TEXT, id INTEGER);\n");
    tz_status s = cut_ledgers(db, u->id, &sql, err);
    if (s != TZ_OK) {
        tz_sb_free(&sql);
        return s;
    }
    tz_sb_printf(&sql,
        "DROP TABLE gone;\n"
        "DELETE FROM people_name_grams WHERE id NOT IN (SELECT id FROM people);\n"
        "DELETE FROM units_name_grams WHERE id NOT IN (SELECT id FROM units);\n"
        "DELETE FROM contract_totals; INSERT INTO contract_totals SELECT * FROM contract_recount;\n"
        "DELETE FROM township_contract_totals;\n"
        "INSERT INTO township_contract_totals SELECT * FROM township_contract_recount;\n"
        "DELETE FROM township_budget_totals;\n"
        "INSERT INTO township_budget_totals SELECT * FROM township_budget_recount;\n"
        "DELETE FROM audit_log; DELETE FROM drafts;\n"
        "DELETE FROM users WHERE unit_id IS NULL OR unit_id NOT IN (SELECT id FROM units"
        " WHERE id = %1$lld OR parent_id = %1$lld);\n"
        "UPDATE sync_self SET unit_id = %1$lld, id_block = %1$lld;\n"
        "DELETE FROM sync_bundles; DELETE FROM sync_conflicts; DELETE FROM sync_peers;\n"
        "INSERT INTO sync_peers (unit_id, hmac_key) VALUES (%2$lld, X'%3$s');\n",
        (long long)u->id, (long long)upper, key_hex);
    return exec_sb(db, &sql, err);
}

/* The rows SQLite would have deleted with another township's (ON DELETE CASCADE), had they
 * not been taken out with the foreign keys off: a site's status history goes with the site. */
static tz_status cut_cascades(tz_db *db, tz_error *err)
{
    static const char *const dangling_sql =
        "SELECT DISTINCT c.\"table\" FROM pragma_foreign_key_check c"
        "  JOIN pragma_foreign_key_list(c.\"table\") f ON f.id = c.fkid AND f.on_delete = 'CASCADE'";
    tz_status s = TZ_OK;
    for (bool again = true; s == TZ_OK && again;) {
        sqlite3_stmt *st;
        s = dbi_prepare(db, dangling_sql, &st, err);
        if (s != TZ_OK)
            return s;
        tz_sb deletes = { 0 };
        while (sqlite3_step(st) == SQLITE_ROW)
            tz_sb_printf(&deletes, "DELETE FROM \"%1$s\" WHERE rowid IN (SELECT c.rowid FROM pragma_foreign_key_check('%1$s') c"
                                   " JOIN pragma_foreign_key_list('%1$s') f ON f.id = c.fkid AND f.on_delete = 'CASCADE');\n",
                         (const char *)sqlite3_column_text(st, 0));
        dbi_release(st);
        /* a deleted row may be the parent of another in turn */
        again = deletes.len > 0 || deletes.failed;
        if (again)
            s = exec_sb(db, &deletes, err);
    }
    return s;
}

/* This database's unit (sync_self_unit, migration 031): the replica's upper end. */
static tz_status find_self(tz_db *db, unit_ref *self, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT u.id, u.code FROM sync_self_unit me JOIN units u ON u.id = me.unit_id",
                              &st, err);
    if (s != TZ_OK)
        return s;
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        self->id = sqlite3_column_int64(st, 0);
        snprintf(self->code, sizeof self->code, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    dbi_release(st);
    return found ? TZ_OK : tz_fail(err, TZ_ERR_NOTFOUND, "%s",
                                   tz_L("数据库中没有市级单位", "the database has no city unit"));
}

static tz_status vacuum_into(tz_db *db, const char *path, tz_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, "VACUUM INTO ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
    }
    return rc == SQLITE_DONE || rc == SQLITE_OK ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

/* The replica's rows, cut down to the unit's, in one transaction; then VACUUM, so that the
 * pages the other units' rows were on are not left in the file. */
static tz_status cut_replica(const char *path, const unit_ref *u, int64_t upper, const char *key_hex,
                             tz_error *err)
{
    tz_db *r;
    tz_status s = db_open(path, &r, err);
    if (s != TZ_OK)
        return s;
    s = dbi_exec(r, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE", err);
    tz_sb triggers = { 0 };
    if (s == TZ_OK)
        s = take_triggers(r, &triggers, err);
    if (s == TZ_OK)
        s = keep_unit(r, u, upper, key_hex, err);
    if (s == TZ_OK)
        s = cut_cascades(r, err);
    if (s == TZ_OK)
        s = exec_sb(r, &triggers, err);
    else
        tz_sb_free(&triggers);
    if (s == TZ_OK)
        s = dbi_exec(r, "COMMIT; PRAGMA foreign_keys = ON; VACUUM", err);
    else
        sqlite3_exec(r->h, "ROLLBACK", NULL, NULL, NULL);
    db_close(r);
    return s;
}

/* The base file of an exchange: the rows the two sides share, as both have them now. */
static tz_status create_base(tz_db *db, const char *base_path, int64_t unit, tz_error *err)
{
    unlink(base_path);
    tz_status s = dbi_attach(db, base_path, "base", err);
    if (s != TZ_OK)
        return s;
    dbi_synced_set set;
    s = dbi_synced_load(db, &set, err);
    if (s == TZ_OK)
        s = dbi_exec(db, "BEGIN", err);
    if (s == TZ_OK)
        s = dbi_sync_copy_tables(db, &set, "base", err);
    if (s == TZ_OK)
        s = dbi_sync_copy_rows(db, &set, "base", unit, err);
    dbi_synced_free(&set);
    s = s == TZ_OK ? dbi_exec(db, "COMMIT", err) : s;
    if (s != TZ_OK)
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    dbi_detach(db, "base");
    if (s != TZ_OK)
        unlink(base_path);
    return s;
}

/* This database now exchanges with the replica's unit, from the beginning (a replica made again
 * replaces the one before: the bundles sent to that one are history, never folded). */
static tz_status register_peer(tz_db *db, int64_t unit, const char *key_hex, tz_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "BEGIN IMMEDIATE; INSERT OR REPLACE INTO sync_peers (unit_id, hmac_key) VALUES (%lld, X'%s');"
             " DELETE FROM sync_conflicts WHERE peer_id = %lld;"
             " UPDATE sync_bundles SET changeset = NULL WHERE peer_id = %lld; COMMIT",
             (long long)unit, key_hex, (long long)unit, (long long)unit);
    tz_status s = dbi_exec(db, sql, err);
    if (s != TZ_OK)
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    return s;
}

/* The secret key of a new exchange, from the kernel's random source, as hex digits. */
static tz_status new_key(char hex[2 * DBI_SYNC_KEY + 1], tz_error *err)
{
    uint8_t key[DBI_SYNC_KEY];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t n = getrandom(key + got, sizeof key - got, 0);
        if (n < 0 && errno != EINTR)
            return tz_fail(err, TZ_ERR_IO, tz_L("无法取得随机数：%s", "no random bytes: %s"),
                           tz_errno_text(errno));
        got += n > 0 ? (size_t)n : 0;
    }
    tz_hex(key, sizeof key, hex);
    explicit_bzero(key, sizeof key);
    return TZ_OK;
}

/* The files of the exchange are named in bases[0] (the replica's) and bases[1] (the upper one's)
 * before they are made, for db_replica_create to take away if the replica is not finished. */
typedef char base_paths[2][4096];

/* The unit's administrator, with a temporary password to change at the first sign-in. */
static tz_status add_admin(tz_db *r, const unit_ref *u, const tz_replica_admin *admin, tz_error *err)
{
    char name[120];
    snprintf(name, sizeof name, tz_L("%s管理员", "%s administrator"), u->name);
    return db_user_add(r, admin->login, name, "admin", 0, admin->password, true, err);
}

static tz_status make_replica(tz_db *upper, const char *unit_code, const char *path,
                              const tz_replica_admin *admin, base_paths bases, tz_error *err)
{
    unit_ref u, self = { 0 };
    tz_status s = TZ_OK;
    if (!admin && db_has_users(upper))
        s = tz_fail(err, TZ_ERR_INVALID, "%s",
                    tz_L("副本需要它自己的管理员（--admin 登录名）：本库的管理员不带到副本中",
                         "a replica needs its own administrator (--admin LOGIN): this database's "
                         "administrators are not copied into it"));
    if (s == TZ_OK)
        s = find_replica_unit(upper, unit_code, &u, err);
    if (s == TZ_OK)
        s = find_self(upper, &self, err);
    char key_hex[2 * DBI_SYNC_KEY + 1];
    if (s == TZ_OK)
        s = new_key(key_hex, err);
    if (s != TZ_OK)
        return s;
    /* VACUUM INTO fills an empty file and keeps its mode */
    s = dbi_create_private(path, err);
    if (s == TZ_OK)
        s = vacuum_into(upper, path, err);
    if (s == TZ_OK)
        s = cut_replica(path, &u, self.id, key_hex, err);
    tz_db *r = NULL;
    if (s == TZ_OK)
        s = db_open(path, &r, err);
    if (s == TZ_OK && admin)
        s = add_admin(r, &u, admin, err);
    if (s != TZ_OK && r)
        db_close(r);
    if (s == TZ_OK) {
        dbi_sync_base_path(path, self.code, bases[0], sizeof bases[0]);
        s = create_base(r, bases[0], u.id, err);
        db_close(r);
    }
    if (s == TZ_OK) {
        dbi_sync_base_path(dbi_db_path(upper), u.code, bases[1], sizeof bases[1]);
        s = create_base(upper, bases[1], u.id, err);
    }
    if (s == TZ_OK)
        s = register_peer(upper, u.id, key_hex, err);
    explicit_bzero(key_hex, sizeof key_hex);
    return s;
}

tz_status db_sync_need_admin(tz_db *db, tz_error *err)
{
    return dbi_need_admin(db, tz_L("只有管理员可以交换数据", "only an administrator may exchange data"), err);
}

tz_status db_replica_create(tz_db *upper, const char *unit_code, const char *path,
                            const tz_replica_admin *admin, tz_error *err)
{
    tz_status s = db_sync_need_admin(upper, err);
    if (s != TZ_OK)
        return s;
    base_paths bases = { "", "" };
    s = make_replica(upper, unit_code, path, admin, bases, err);
    if (s != TZ_OK && s != TZ_ERR_EXISTS) {
        static const char *const suffixes[] = { "", "-wal", "-shm", "-writer" };
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            char name[4096];
            snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
            unlink(name);
        }
        for (size_t i = 0; i < 2; i++)
            if (bases[i][0])
                unlink(bases[i]);
    }
    return s;
}
