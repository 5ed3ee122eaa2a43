/* sync_plan.c — what an imported bundle's changes will do before any is applied: each change
 * planned against the rows here and the base (skip, apply, a conflict, a decision made), every
 * row checked against the sender's scope; and the base, the shared rows as the other side has
 * them, kept up as bundles are acknowledged and applied. */
#include "sync_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the base: the shared rows as the other side has them ----------------------------------- */

static void bind_values(sqlite3_stmt *st, const dbi_change *c, const dbi_columns *cols, bool all)
{
    int k = 1;
    sqlite3_bind_int64(st, k++, c->id);
    for (int i = 1; i < cols->n; i++) {
        sqlite3_value *v = dbi_change_new(c, i);
        if (v)
            sqlite3_bind_value(st, k++, v);
        else if (all)
            sqlite3_bind_null(st, k++);
    }
}

/* Writes one change into `schema` with plain SQL: the base, as the other side now has it
 * (`replace`: an insert over a row already there), or main, to hear what a rule says of it. */
tz_status dbi_sync_write_change(tz_db *db, const char *schema, const dbi_change *c, const dbi_columns *cols,
                              bool replace, tz_error *err)
{
    tz_sb sql = { 0 };
    if (c->op == SQLITE_DELETE) {
        tz_sb_printf(&sql, "DELETE FROM %s.%s WHERE id = ?1", schema, c->table);
    } else if (c->op == SQLITE_INSERT) {
        tz_sb_printf(&sql, "INSERT%s INTO %s.%s VALUES (?1", replace ? " OR REPLACE" : "", schema,
                     c->table);
        for (int i = 1; i < cols->n; i++)
            tz_sb_printf(&sql, ", ?%d", i + 1);
        tz_sb_append(&sql, ")");
    } else {
        tz_sb_printf(&sql, "UPDATE %s.%s SET id = ?1", schema, c->table);
        for (int i = 1, k = 2; i < cols->n; i++)
            if (dbi_change_new(c, i)) {
                tz_sb_append(&sql, ", ");
                dbi_ident(&sql, cols->names[i]);
                tz_sb_printf(&sql, " = ?%d", k++);
            }
        tz_sb_append(&sql, " WHERE id = ?1");
    }
    if (sql.failed) {
        tz_sb_free(&sql);
        return dbi_nomem(err);
    }
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, sql.buf, &st, err);
    tz_sb_free(&sql);
    if (s != TZ_OK)
        return s;
    if (c->op == SQLITE_DELETE)
        sqlite3_bind_int64(st, 1, c->id);
    else
        bind_values(st, c, cols, c->op == SQLITE_INSERT);
    int rc = sqlite3_step(st);
    dbi_release(st);
    return rc == SQLITE_DONE ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

tz_status dbi_sync_base_apply(tz_db *db, const void *cs, int n, const dbi_synced_set *ts, tz_error *err)
{
    sqlite3_changeset_iter *it;
    int rc = sqlite3changeset_start(&it, n, (void *)cs);
    if (rc != SQLITE_OK)
        return dbi_fail(db, NULL, rc, err);
    tz_status s = TZ_OK;
    dbi_change c;
    while (s == TZ_OK && sqlite3changeset_next(it) == SQLITE_ROW && dbi_change_read(ts, it, &c))
        if (c.t >= 0)
            s = dbi_sync_write_change(db, "base", &c, &ts->t[c.t].cols, true, err);
    sqlite3changeset_finalize(it);
    return s;
}

/* The peer acknowledged our bundle `ack`: what it held is now the base of the exchange. */
tz_status dbi_sync_fold_ack(tz_db *db, const dbi_peer_end *peer, int64_t ack, const dbi_synced_set *ts,
                          tz_error *err)
{
    if (ack <= peer->acked)
        return TZ_OK;
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT changeset FROM sync_bundles WHERE peer_id = ?1"
                                  " AND direction = 'sent' AND seq = ?2 AND changeset IS NOT NULL"
                                  " ORDER BY id DESC LIMIT 1",
                              &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, peer->unit.id);
    sqlite3_bind_int64(st, 2, ack);
    unsigned char *copy = NULL;
    size_t n = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        n = (size_t)sqlite3_column_bytes(st, 0);
        copy = malloc(n ? n : 1);
        if (copy)
            memcpy(copy, sqlite3_column_blob(st, 0), n);
    }
    dbi_release(st);
    if (!copy)
        return n ? dbi_nomem(err) : tz_fail(err, TZ_ERR_INVALID,
                                        tz_L("对方确认的第 %lld 号交换包在本库中没有记录",
                                             "the bundle %lld the other side acknowledges is not on record here"),
                                        (long long)ack);
    dbi_bundle b;
    s = dbi_bundle_parse(copy, n, &b, err);
    if (s == TZ_OK)
        s = dbi_sync_base_apply(db, b.deletes, b.ndeletes, ts, err);
    if (s == TZ_OK)
        s = dbi_sync_base_apply(db, b.changes, b.nchanges, ts, err);
    free(copy);
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE sync_bundles SET status = 'acknowledged', changeset = NULL WHERE peer_id = %lld"
             " AND direction = 'sent' AND seq <= %lld; UPDATE sync_peers SET acked = %lld"
             " WHERE unit_id = %lld", (long long)peer->unit.id, (long long)ack, (long long)ack,
             (long long)peer->unit.id);
    return s == TZ_OK ? dbi_exec(db, sql, err) : s;
}

/* ---- import: what each change of the bundle will do ----------------------------------------- */

/* The row in `schema` is as the change leaves it (a delete: the row is not there). */
static tz_status row_matches(tz_db *db, const char *schema, const dbi_change *c, const dbi_columns *cols,
                             bool *yes, tz_error *err)
{
    tz_sb sql = { 0 };
    tz_sb_printf(&sql, "SELECT count(*) FROM %s.%s WHERE id = ?1", schema, c->table);
    for (int i = 1, k = 2; c->op != SQLITE_DELETE && i < cols->n; i++)
        if (dbi_change_new(c, i)) {
            tz_sb_append(&sql, " AND ");
            dbi_ident(&sql, cols->names[i]);
            tz_sb_printf(&sql, " IS ?%d", k++);
        }
    if (sql.failed) {
        tz_sb_free(&sql);
        return dbi_nomem(err);
    }
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, sql.buf, &st, err);
    tz_sb_free(&sql);
    if (s != TZ_OK)
        return s;
    bind_values(st, c, cols, false);
    int rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    dbi_release(st);
    if (found < 0)
        return dbi_fail(db, NULL, rc, err);
    *yes = c->op == SQLITE_DELETE ? found == 0 : found == 1;
    return TZ_OK;
}

/* The row differs here from the base: it was changed here since the last exchange. */
static tz_status changed_here(tz_db *db, const dbi_change *c, bool *changed, tz_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM main.%s WHERE id = ?1), (SELECT count(*) FROM base.%s WHERE id = ?1),"
             " (SELECT count(*) FROM (SELECT * FROM main.%s WHERE id = ?1 UNION SELECT * FROM base.%s WHERE id = ?1))",
             c->table, c->table, c->table, c->table);
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, sql, &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, c->id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        int here = sqlite3_column_int(st, 0), base = sqlite3_column_int(st, 1);
        int distinct = sqlite3_column_int(st, 2);
        *changed = here != base || (here && distinct != 1);
    }
    dbi_release(st);
    return rc == SQLITE_ROW ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

/* The row here as a JSON object of every column; NULL when it is not here. */
static char *row_json(tz_db *db, const dbi_change *c, const dbi_columns *cols)
{
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "SELECT json_object(");
    for (int i = 0; i < cols->n; i++) {
        tz_sb_printf(&sql, "%s'%s', ", i ? ", " : "", cols->names[i]);
        dbi_ident(&sql, cols->names[i]);
    }
    tz_sb_printf(&sql, ") FROM main.%s WHERE id = ?1", c->table);
    sqlite3_stmt *st;
    char *json = NULL;
    if (!sql.failed && sqlite3_prepare_v2(db->h, sql.buf, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, c->id);
        if (sqlite3_step(st) == SQLITE_ROW)
            json = tz_strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    tz_sb_free(&sql);
    return json;
}

/* The change as a JSON object of the columns it sets (with the id); NULL for a delete. */
static char *change_json(tz_db *db, const dbi_change *c, const dbi_columns *cols)
{
    if (c->op == SQLITE_DELETE)
        return NULL;
    tz_sb sql = { 0 };
    tz_sb_append(&sql, "SELECT json_object('id', ?1");
    for (int i = 1, k = 2; i < cols->n; i++)
        if (dbi_change_new(c, i))
            tz_sb_printf(&sql, ", '%s', ?%d", cols->names[i], k++);
    tz_sb_append(&sql, ")");
    sqlite3_stmt *st;
    char *json = NULL;
    if (!sql.failed && sqlite3_prepare_v2(db->h, sql.buf, -1, &st, NULL) == SQLITE_OK) {
        bind_values(st, c, cols, false);
        if (sqlite3_step(st) == SQLITE_ROW)
            json = tz_strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    tz_sb_free(&sql);
    return json;
}

bool dbi_sync_add_conflict(dbi_import_ctx *x, const dbi_change *c, bool county_decides)
{
    tz_sync_result *r = x->res;
    tz_sync_conflict *grown = realloc(r->conflicts, (r->nconflicts + 1) * sizeof *grown);
    if (!grown)
        return false;
    r->conflicts = grown;
    tz_sync_conflict *k = &r->conflicts[r->nconflicts++];
    memset(k, 0, sizeof *k);
    snprintf(k->table, sizeof k->table, "%s", c->table);
    k->id = c->id;
    k->ours = row_json(x->db, c, &x->ts->t[c->t].cols);
    k->theirs = change_json(x->db, c, &x->ts->t[c->t].cols);
    k->county_decides = county_decides;
    return true;
}

/* The row is in temp.sync_unacked (our bundles the peer has not acknowledged). */
static tz_status row_sent_unacknowledged(tz_db *db, const dbi_change *c, bool *yes, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT count(*) FROM temp.sync_unacked WHERE tbl = ?1 AND id = ?2",
                              &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, c->table, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->id);
    *yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    dbi_release(st);
    return TZ_OK;
}

bool dbi_sync_add_refused(tz_sync_result *r, const char *table, int64_t id, const char *msg)
{
    char **grown = realloc(r->refused, (r->nrefused + 1) * sizeof *grown);
    if (!grown)
        return false;
    r->refused = grown;
    tz_sb line = { 0 };
    tz_sb_printf(&line, "%s %lld: %s", table, (long long)id, msg);
    r->refused[r->nrefused] = line.failed ? NULL : tz_sb_take(&line);
    tz_sb_free(&line);
    if (!r->refused[r->nrefused])
        return false;
    r->nrefused++;
    return true;
}

static tz_sync_choice_kind choice_for(const dbi_import_ctx *x, const dbi_change *c)
{
    tz_sync_choice_kind all = TZ_KEEP_UNDECIDED;
    for (size_t i = 0; i < x->nchoices; i++) {
        const tz_sync_choice *ch = &x->choices[i];
        if (!ch->table)
            all = ch->choice;
        else if (strcmp(ch->table, c->table) == 0 && ch->id == c->id)
            return ch->choice;
    }
    return all;
}

/* skip: already here (or in the base: applied before and changed here since); conflict: changed
 * here too and not decided; ours / theirs: changed here too and decided; apply: the rest. */
static tz_status plan_change(dbi_import_ctx *x, const dbi_change *c, const char **action, tz_error *err)
{
    const dbi_columns *cols = &x->ts->t[c->t].cols;
    bool here = false, in_base = false, changed = false;
    tz_status s = row_matches(x->db, "main", c, cols, &here, err);
    if (s == TZ_OK && !here)
        s = row_matches(x->db, "base", c, cols, &in_base, err);
    if (s == TZ_OK && !here && !in_base)
        s = changed_here(x->db, c, &changed, err);
    if (s != TZ_OK)
        return s;
    *action = here || in_base ? "skip" : "apply";
    if (!changed)
        return TZ_OK;
    /* Our change of this row went to the county in a bundle it has not acknowledged: the county
     * meets the same conflict and decides it, and its next bundle brings the decision (a
     * decision on each side of crossed bundles would swap the two values). */
    bool county_decides = false;
    if (x->lower)
        s = row_sent_unacknowledged(x->db, c, &county_decides, err);
    if (s != TZ_OK)
        return s;
    tz_sync_choice_kind k = county_decides ? TZ_KEEP_UNDECIDED : choice_for(x, c);
    *action = k == TZ_KEEP_OURS ? "ours" : k == TZ_TAKE_THEIRS ? "theirs" : "conflict";
    if (k == TZ_KEEP_UNDECIDED && !dbi_sync_add_conflict(x, c, county_decides))
        return dbi_nomem(err);
    return TZ_OK;
}

tz_status dbi_sync_plan(dbi_import_ctx *x, const void *cs, int n, tz_error *err)
{
    sqlite3_changeset_iter *it;
    int rc = sqlite3changeset_start(&it, n, (void *)cs);
    if (rc != SQLITE_OK)
        return dbi_bundle_damaged(err, tz_L("变更集无法读取", "unreadable changeset"));
    sqlite3_stmt *ins = NULL;
    tz_status s = dbi_prepare(x->db, "INSERT OR REPLACE INTO temp.sync_plan VALUES (?1, ?2, ?3, ?4)",
                              &ins, err);
    dbi_change c;
    while (s == TZ_OK && (rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
        if (!dbi_change_read(x->ts, it, &c) || c.t < 0 || c.ncol != x->ts->t[c.t].cols.n) {
            s = dbi_bundle_damaged(err, tz_L("变更集中有本库没有的表或列", "a table or column this database does not have"));
            break;
        }
        const char *action;
        s = plan_change(x, &c, &action, err);
        if (s != TZ_OK)
            break;
        sqlite3_bind_text(ins, 1, c.table, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 2, c.id);
        sqlite3_bind_text(ins, 3, dbi_change_op(c.op), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, action, -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            s = dbi_fail(x->db, NULL, sqlite3_errcode(x->db->h), err);
        sqlite3_reset(ins);
    }
    if (s == TZ_OK && rc != SQLITE_DONE)
        s = dbi_bundle_damaged(err, tz_L("变更集不完整", "truncated changeset"));
    if (ins)
        dbi_release(ins);
    sqlite3changeset_finalize(it);
    return s;
}

/* ---- import: scope ---------------------------------------------------------------------------- */

/* The SQL condition on plan row p that the sender may change that row as it is now: a table
 * with no scope is the upper end's; of the others, a county that sends to its townships may
 * change the rows of no township and what it issues, and every other unit its own rows
 * (unit_own_keys, migration 031): a township its own, a county rolling up its own and its
 * townships', a prefecture its own. */
static void append_allowed(tz_sb *sql, const dbi_synced_table *tb, const dbi_unit_end *sender)
{
    if (!tb->scoped) {
        tz_sb_append(sql, sender->upper ? "1" : "0");
        return;
    }
    if (!sender->upper || strcmp(sender->level, "city") != 0) {
        tz_sb_printf(sql, "(SELECT scope_key FROM main.%s_scope WHERE id = p.id) IN"
                          " (SELECT scope_key FROM main.unit_own_keys WHERE unit_id = %lld)",
                     tb->name, (long long)sender->id);
        return;
    }
    tz_sb_printf(sql, "((SELECT township_id FROM main.%s_scope WHERE id = p.id) IS NULL", tb->name);
    if (tb->issued)
        tz_sb_printf(sql, " OR EXISTS (SELECT 1 FROM main.%s t WHERE t.id = p.id AND (%s))", tb->name,
                     tb->issued);
    tz_sb_append(sql, ")");
}

static const char *out_of_scope(const dbi_unit_end *sender)
{
    bool city = strcmp(sender->level, "city") == 0;
    if (sender->upper)
        return city ? tz_L("县（市）只能改动市级的记录和它下发的记录",
                           "the county may change only city-level rows and what it issues")
                    : tz_L("地区只能改动地区级的记录", "the prefecture may change only its own rows");
    return city ? tz_L("县（市）只能改动本县（市）和所属乡镇的记录",
                       "a county may change only its own rows and its townships'")
                : tz_L("乡镇只能改动本乡镇的记录", "a township may change only its own rows");
}

/* Every row the bundle touches must lie in the sender's scope as it is here before applying
 * (`after` false), and the rows it inserts or updates as they are after; each one that does
 * not is refused. */
tz_status dbi_sync_check_scope(dbi_import_ctx *x, const dbi_unit_end *sender, bool after, tz_error *err)
{
    const char *msg = out_of_scope(sender);
    for (int t = 0; t < x->ts->n; t++) {
        const dbi_synced_table *tb = &x->ts->t[t];
        tz_sb sql = { 0 };
        tz_sb_printf(&sql, "SELECT p.id FROM temp.sync_plan p WHERE p.tbl = '%s' AND p.op IN (%s)"
                           " AND EXISTS (SELECT 1 FROM main.%s WHERE id = p.id) AND NOT ",
                     tb->name, after ? "'insert', 'update'" : "'insert', 'update', 'delete'", tb->name);
        append_allowed(&sql, tb, sender);
        if (sql.failed) {
            tz_sb_free(&sql);
            return dbi_nomem(err);
        }
        sqlite3_stmt *st;
        int rc = sqlite3_prepare_v2(x->db->h, sql.buf, -1, &st, NULL);
        tz_sb_free(&sql);
        if (rc != SQLITE_OK)
            return dbi_fail(x->db, NULL, rc, err);
        while (sqlite3_step(st) == SQLITE_ROW)
            if (!dbi_sync_add_refused(x->res, tb->name, sqlite3_column_int64(st, 0), msg)) {
                sqlite3_finalize(st);
                return dbi_nomem(err);
            }
        sqlite3_finalize(st);
    }
    return TZ_OK;
}

/* Each change's table, id and operation into the temporary table `into` (action 'apply'). */
tz_status dbi_sync_list_changes(tz_db *db, const char *into, const void *cs, int n, tz_error *err)
{
    sqlite3_changeset_iter *it;
    int rc = sqlite3changeset_start(&it, n, (void *)cs);
    if (rc != SQLITE_OK)
        return dbi_fail(db, NULL, rc, err);
    sqlite3_stmt *ins = NULL;
    char sql[96];
    snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO temp.%s VALUES (?1, ?2, ?3, 'apply')", into);
    tz_status s = dbi_prepare(db, sql, &ins, err);
    dbi_change c;
    while (s == TZ_OK && sqlite3changeset_next(it) == SQLITE_ROW && dbi_change_read(NULL, it, &c)) {
        sqlite3_bind_text(ins, 1, c.table, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 2, c.id);
        sqlite3_bind_text(ins, 3, dbi_change_op(c.op), -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            s = dbi_fail(db, NULL, sqlite3_errcode(db->h), err);
        sqlite3_reset(ins);
    }
    if (ins)
        dbi_release(ins);
    sqlite3changeset_finalize(it);
    return s;
}
