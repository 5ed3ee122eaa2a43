/* sync_import.c — applying a bundle in one transaction with sqlite3changeset_apply, once
 * sync_plan.c has planned it: rows kept as ours put back, the rules' refusals explained, the
 * bundle recorded (applied, refused, or stopped by conflicts waiting for a decision). */
#include "sync_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- import: applying --------------------------------------------------------------------------- */

static int only_table(void *ctx, const char *table)
{
    return strcmp(table, ((dbi_import_ctx *)ctx)->only) == 0;
}

static const char *planned_action(dbi_import_ctx *x, const dbi_change *c)
{
    sqlite3_stmt *st;
    tz_error err;
    if (dbi_prepare(x->db, "SELECT action FROM temp.sync_plan WHERE tbl = ?1 AND id = ?2", &st, &err) != TZ_OK)
        return "conflict";
    sqlite3_bind_text(st, 1, c->table, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->id);
    static const char *const actions[] = { "skip", "ours", "theirs", "apply", "conflict" };
    const char *found = "conflict";
    if (sqlite3_step(st) == SQLITE_ROW)
        for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
            if (strcmp((const char *)sqlite3_column_text(st, 0), actions[i]) == 0)
                found = actions[i];
    dbi_release(st);
    return found;
}

/* SQLite found the row not as the change expected. A table's rows referring to rows missing
 * when it was applied may find them in a table applied after it: the references are checked
 * once, at the end (OMIT goes on, and clears SQLite's count of them). */
static int on_conflict(void *ctx, int kind, sqlite3_changeset_iter *it)
{
    dbi_import_ctx *x = ctx;
    if (kind == SQLITE_CHANGESET_FOREIGN_KEY) {
        x->dangling = true;
        return SQLITE_CHANGESET_OMIT;
    }
    dbi_change c;
    if (!dbi_change_read(x->ts, it, &c) || c.t < 0) {
        x->refused = true;
        return SQLITE_CHANGESET_ABORT;
    }
    if (kind == SQLITE_CHANGESET_CONSTRAINT) {
        /* the rule's message is gone by now (SQLite looked the row up since): asked again later */
        x->refused = true;
        void *grown = realloc(x->ruled, (x->nruled + 1) * sizeof *x->ruled);
        if (!grown)
            return SQLITE_CHANGESET_ABORT;
        x->ruled = grown;
        snprintf(x->ruled[x->nruled].table, sizeof x->ruled[0].table, "%s", c.table);
        x->ruled[x->nruled++].id = c.id;
        return SQLITE_CHANGESET_OMIT;
    }
    const char *action = planned_action(x, &c);
    if (strcmp(action, "theirs") == 0)
        return kind == SQLITE_CHANGESET_NOTFOUND ? SQLITE_CHANGESET_OMIT : SQLITE_CHANGESET_REPLACE;
    if (strcmp(action, "apply") != 0 || (kind == SQLITE_CHANGESET_NOTFOUND && c.op == SQLITE_DELETE))
        return SQLITE_CHANGESET_OMIT;
    /* not changed here since the base, yet not as the other side left it either */
    return dbi_sync_add_conflict(x, &c, false) ? SQLITE_CHANGESET_OMIT : SQLITE_CHANGESET_ABORT;
}

static tz_status apply_changeset(dbi_import_ctx *x, const void *cs, int n, bool children_first, tz_error *err)
{
    for (int i = 0; i < x->ts->n; i++) {
        x->only = x->ts->t[children_first ? x->ts->n - 1 - i : i].name;
        int rc = sqlite3changeset_apply(x->db->h, n, (void *)cs, only_table, on_conflict, x);
        if (rc != SQLITE_OK && !x->refused)
            return dbi_fail(x->db, NULL, rc, err);
    }
    return TZ_OK;
}

/* Rows kept as they are here: copied aside before the bundle is applied, put back after. */
static tz_status keep_ours(dbi_import_ctx *x, bool restore, tz_error *err)
{
    for (int t = 0; t < x->ts->n; t++) {
        const char *name = x->ts->t[t].name;
        const dbi_columns *cols = &x->ts->t[t].cols;
        tz_sb sql = { 0 };
        if (!restore) {
            tz_sb_printf(&sql, "CREATE TEMP TABLE keep_%s AS SELECT * FROM main.%s WHERE id IN"
                               " (SELECT id FROM temp.sync_plan WHERE tbl = '%s' AND action = 'ours')",
                         name, name, name);
        } else {
            tz_sb_printf(&sql, "UPDATE main.%s SET (", name);
            for (int i = 0; i < cols->n; i++) {
                tz_sb_append(&sql, i ? ", " : "");
                dbi_ident(&sql, cols->names[i]);
            }
            tz_sb_append(&sql, ") = (SELECT * FROM temp.");
            tz_sb_printf(&sql, "keep_%s k WHERE k.id = %s.id) WHERE id IN (SELECT id FROM temp.keep_%s);"
                               " DROP TABLE temp.keep_%s", name, name, name, name);
        }
        tz_status s = sql.failed ? dbi_nomem(err) : dbi_exec(x->db, sql.buf, err);
        tz_sb_free(&sql);
        if (s != TZ_OK)
            return s;
    }
    return TZ_OK;
}

/* Each row a rule refused, written again with plain SQL for the rule's message (the whole
 * import is rolled back after). */
static tz_status explain_refusals(dbi_import_ctx *x, const void *cs, int n, tz_error *err)
{
    sqlite3_changeset_iter *it;
    int rc = sqlite3changeset_start(&it, n, (void *)cs);
    if (rc != SQLITE_OK)
        return dbi_fail(x->db, NULL, rc, err);
    dbi_change c;
    tz_status s = TZ_OK;
    while (s == TZ_OK && sqlite3changeset_next(it) == SQLITE_ROW && dbi_change_read(x->ts, it, &c)) {
        for (size_t i = 0; i < x->nruled; i++)
            if (c.t >= 0 && x->ruled[i].id == c.id && strcmp(x->ruled[i].table, c.table) == 0) {
                tz_error e = { 0 };
                if (dbi_sync_write_change(x->db, "main", &c, &x->ts->t[c.t].cols, false, &e) == TZ_OK)
                    tz_fail(&e, TZ_ERR_CONSTRAINT, "%s", tz_L("与本库的记录不合", "does not fit the rows here"));
                if (!dbi_sync_add_refused(x->res, c.table, c.id, e.msg))
                    s = dbi_nomem(err);
            }
    }
    sqlite3changeset_finalize(it);
    return s;
}

static tz_status set_applying(tz_db *db, const tz_bundle_header *h, bool on, tz_error *err)
{
    char name[80];
    snprintf(name, sizeof name, "bundle %s#%lld", h->from, (long long)h->seq);
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "UPDATE sync_self SET applying = ?1", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, on ? name : NULL, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    dbi_release(st);
    if (rc == SQLITE_DONE && db->has_actor) {
        s = dbi_prepare(db, "UPDATE audit_actor SET login = ?1 WHERE id = 1", &st, err);
        if (s != TZ_OK)
            return s;
        sqlite3_bind_text(st, 1, on ? name : NULL, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        dbi_release(st);
    }
    return rc == SQLITE_DONE ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

static bool refuse_dangling(void *ctx, const char *table, int64_t id, const char *parent)
{
    dbi_import_ctx *x = ctx;
    char msg[160];
    snprintf(msg, sizeof msg, tz_L("引用了本库没有的 %s 记录", "refers to a row of %s this database does not have"),
             parent);
    x->refused = true;
    return dbi_sync_add_refused(x->res, table, id, msg);
}

/* Only when SQLite counted references to missing rows: each row of the exchanged tables that
 * still has one, by name. */
static tz_status check_foreign_keys(dbi_import_ctx *x, tz_error *err)
{
    tz_status s = TZ_OK;
    for (int t = 0; x->dangling && s == TZ_OK && t < x->ts->n; t++)
        s = dbi_dangling_references(x->db, x->ts->t[t].name, refuse_dangling, x, err);
    return s;
}

static size_t plan_count(tz_db *db, const char *action)
{
    sqlite3_stmt *st;
    tz_error err;
    if (dbi_prepare(db, "SELECT count(*) FROM temp.sync_plan WHERE action = ?1", &st, &err) != TZ_OK)
        return 0;
    sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
    size_t n = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    dbi_release(st);
    return n;
}

static tz_status record_received(tz_db *db, const dbi_peer_end *peer, const dbi_bundle *b, const char *file,
                                 const char *status, const char *message, tz_error *err)
{
    int changes = 0;
    for (size_t i = 0; i < b->h.nrows; i++)
        changes += b->h.rows[i].inserted + b->h.rows[i].updated + b->h.rows[i].deleted;
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db,
        "INSERT INTO sync_bundles (peer_id, direction, seq, builds_on, ack, changes, sha256, file,"
        " status, message) VALUES (?1, 'received', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, peer->unit.id);
    sqlite3_bind_int64(st, 2, b->h.seq);
    sqlite3_bind_int64(st, 3, b->h.builds_on);
    sqlite3_bind_int64(st, 4, b->h.ack);
    sqlite3_bind_int(st, 5, changes);
    sqlite3_bind_text(st, 6, b->h.sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, file, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, message, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    dbi_release(st);
    return rc == SQLITE_DONE ? TZ_OK : dbi_fail(db, NULL, rc, err);
}

/* temp.sync_unacked: the rows of our bundles to the peer after `acked`, kept until it says it
 * applied them. */
static tz_status list_unacknowledged(tz_db *db, const dbi_peer_end *peer, int64_t acked, tz_error *err)
{
    tz_status s = dbi_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_unacked (tbl TEXT, id INTEGER,"
                               " op TEXT, action TEXT, PRIMARY KEY (tbl, id)); DELETE FROM temp.sync_unacked",
                           err);
    sqlite3_stmt *st;
    if (s == TZ_OK)
        s = dbi_prepare(db, "SELECT changeset FROM sync_bundles WHERE peer_id = ?1 AND direction = 'sent'"
                            " AND seq > ?2 AND changeset IS NOT NULL", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, peer->unit.id);
    sqlite3_bind_int64(st, 2, acked);
    while (s == TZ_OK && sqlite3_step(st) == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        unsigned char *copy = malloc(n ? n : 1);
        if (!copy) {
            s = dbi_nomem(err);
            break;
        }
        memcpy(copy, sqlite3_column_blob(st, 0), n);
        dbi_bundle b;
        s = dbi_bundle_parse(copy, n, &b, err);
        if (s == TZ_OK)
            s = dbi_sync_list_changes(db, "sync_unacked", b.deletes, b.ndeletes, err);
        if (s == TZ_OK)
            s = dbi_sync_list_changes(db, "sync_unacked", b.changes, b.nchanges, err);
        free(copy);
    }
    dbi_release(st);
    return s;
}

static tz_status apply_bundle(dbi_import_ctx *x, const dbi_peer_end *peer, const dbi_bundle *b,
                              const char *file, tz_error *err)
{
    tz_status s = dbi_exec(x->db, "CREATE TEMP TABLE IF NOT EXISTS sync_plan (tbl TEXT, id INTEGER,"
                                  " op TEXT, action TEXT, PRIMARY KEY (tbl, id)); DELETE FROM temp.sync_plan",
                           err);
    if (s == TZ_OK)
        s = dbi_sync_fold_ack(x->db, peer, b->h.ack, x->ts, err);
    if (s == TZ_OK && x->lower)
        s = list_unacknowledged(x->db, peer, b->h.ack > peer->acked ? b->h.ack : peer->acked, err);
    if (s == TZ_OK)
        s = dbi_sync_plan(x, b->deletes, b->ndeletes, err);
    if (s == TZ_OK)
        s = dbi_sync_plan(x, b->changes, b->nchanges, err);
    if (s == TZ_OK)
        s = dbi_sync_check_scope(x, &peer->unit, false, err);
    if (s != TZ_OK || x->res->nrefused || x->res->nconflicts)
        return s;
    s = set_applying(x->db, &b->h, true, err);
    if (s == TZ_OK)
        s = keep_ours(x, false, err);
    if (s == TZ_OK)
        s = apply_changeset(x, b->deletes, b->ndeletes, true, err);
    if (s == TZ_OK)
        s = apply_changeset(x, b->changes, b->nchanges, false, err);
    if (s == TZ_OK && x->nruled)
        s = explain_refusals(x, b->deletes, b->ndeletes, err);
    if (s == TZ_OK && x->nruled)
        s = explain_refusals(x, b->changes, b->nchanges, err);
    if (s == TZ_OK)
        s = keep_ours(x, true, err);
    if (s == TZ_OK)
        s = check_foreign_keys(x, err);
    if (s == TZ_OK)
        s = dbi_sync_check_scope(x, &peer->unit, true, err);
    if (s != TZ_OK || x->res->nrefused || x->res->nconflicts)
        return s;
    s = dbi_sync_base_apply(x->db, b->deletes, b->ndeletes, x->ts, err);
    if (s == TZ_OK)
        s = dbi_sync_base_apply(x->db, b->changes, b->nchanges, x->ts, err);
    x->res->applied = plan_count(x->db, "apply") + plan_count(x->db, "theirs");
    x->res->already = plan_count(x->db, "skip");
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE sync_peers SET applied = %lld WHERE unit_id = %lld;"
                              " DELETE FROM sync_conflicts WHERE peer_id = %lld",
             (long long)b->h.seq, (long long)peer->unit.id, (long long)peer->unit.id);
    if (s == TZ_OK)
        s = dbi_exec(x->db, sql, err);
    if (s == TZ_OK)
        s = record_received(x->db, peer, b, file, "applied", NULL, err);
    if (s == TZ_OK)
        s = set_applying(x->db, &b->h, false, err);
    return s;
}

/* After a refusal or conflicts: the bundle in the history, the conflicts waiting. */
static void record_stopped(tz_db *db, const dbi_peer_end *peer, const dbi_bundle *b, const char *file,
                           const tz_sync_result *r, const char *message)
{
    tz_error err;
    if (db_begin_write(db, &err) != TZ_OK)
        return;
    bool ok = record_received(db, peer, b, file, r->nrefused ? "refused" : "conflicts", message,
                              &err) == TZ_OK;
    sqlite3_stmt *st = NULL;
    char sql[160];
    /* the choices already made on this bundle's rows stay for the next import */
    snprintf(sql, sizeof sql, "DELETE FROM sync_conflicts WHERE peer_id = %lld AND (seq <> %lld OR choice IS NULL)",
             (long long)peer->unit.id, (long long)b->h.seq);
    ok = ok && !r->nrefused && dbi_exec(db, sql, &err) == TZ_OK &&
         dbi_prepare(db, "INSERT INTO sync_conflicts (peer_id, seq, tbl, row_id, ours, theirs, county_decides)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st, &err) == TZ_OK;
    for (size_t i = 0; ok && i < r->nconflicts; i++) {
        const tz_sync_conflict *k = &r->conflicts[i];
        sqlite3_bind_int64(st, 1, peer->unit.id);
        sqlite3_bind_int64(st, 2, b->h.seq);
        sqlite3_bind_text(st, 3, k->table, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, k->id);
        sqlite3_bind_text(st, 5, k->ours, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, k->theirs, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 7, k->county_decides);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_reset(st);
    }
    if (st)
        dbi_release(st);
    if (ok || r->nrefused)
        db_commit(db, &err);
    else
        db_rollback(db);
}

/* The choices given, then those clerks made under 数据交换 on this bundle's conflicts. */
typedef struct {
    tz_sync_choice *list; /* owned */
    char (*tables)[32];   /* owned: the stored choices' table names */
    size_t n;
} choice_set;

static tz_status gather_choices(tz_db *db, const dbi_peer_end *peer, int64_t seq, const tz_sync_choice *given,
                                size_t ngiven, choice_set *out, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT tbl, row_id, choice FROM sync_conflicts WHERE peer_id = ?1"
                                  " AND seq = ?2 AND choice IS NOT NULL", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, peer->unit.id);
    sqlite3_bind_int64(st, 2, seq);
    size_t cap = ngiven + 16;
    out->list = malloc(cap * sizeof *out->list);
    out->tables = malloc(cap * sizeof *out->tables);
    out->n = 0;
    bool ok = out->list && out->tables;
    for (size_t i = 0; ok && i < ngiven; i++)
        out->list[out->n++] = given[i];
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        if (out->n == cap) {
            cap *= 2;
            tz_sync_choice *l = realloc(out->list, cap * sizeof *l);
            if (l)
                out->list = l;
            char (*t)[32] = realloc(out->tables, cap * sizeof *t);
            if (t)
                out->tables = t;
            ok = l && t;
            if (!ok)
                break;
        }
        snprintf(out->tables[out->n], sizeof out->tables[0], "%s", (const char *)sqlite3_column_text(st, 0));
        out->list[out->n].table = out->tables[out->n];
        out->list[out->n].id = sqlite3_column_int64(st, 1);
        out->list[out->n].choice = strcmp((const char *)sqlite3_column_text(st, 2), "ours") == 0
                                       ? TZ_KEEP_OURS : TZ_TAKE_THEIRS;
        out->n++;
    }
    dbi_release(st);
    return ok ? TZ_OK : dbi_nomem(err);
}

/* The bundle was written by the unit it names with the key of our exchange, for us, in its turn.
 * data, n: the file's bytes (b reads them). */
static tz_status check_header(tz_db *db, unsigned char *data, size_t n, const dbi_bundle *b,
                              const dbi_unit_end *me, dbi_peer_end *peer, tz_error *err)
{
    if (strcmp(b->h.to, me->code) != 0)
        return tz_fail(err, TZ_ERR_DENIED, tz_L("这个交换包是发给 %s 的，本库属于 %s",
                                                "this bundle is for %s; this database belongs to %s"),
                       b->h.to, me->code);
    tz_status s = dbi_sync_load_peer(db, b->h.from, peer, err);
    if (s != TZ_OK)
        return s;
    if (!dbi_bundle_authentic(data, n, peer->key))
        return tz_fail(err, TZ_ERR_DENIED,
                       tz_L("交换包的认证码（HMAC-SHA-256）不符：它不是 %s 用双方的密钥写出的，或写出后被改动过，未导入",
                            "the bundle's HMAC-SHA-256 does not match: it was not written by %s with the "
                            "key of the exchange, or it was changed since; nothing imported"), b->h.from);
    if (b->h.schema != db_schema_version(db))
        return tz_fail(err, TZ_ERR_VERSION,
                       tz_L("交换包的数据库版本是 %d，本库是 %d：两边先升级到同一版本的 taizhang",
                            "the bundle's schema version is %d and this database's %d: bring both "
                            "sides to the same taizhang first"), b->h.schema, db_schema_version(db));
    if (b->h.seq <= peer->applied)
        return tz_fail(err, TZ_ERR_EXISTS,
                       tz_L("%s 的第 %lld 号交换包已经导入过（已导入到第 %lld 号），未作改动",
                            "bundle %2$lld of %1$s was imported before (applied up to %3$lld); nothing changed"),
                       b->h.from, (long long)b->h.seq, (long long)peer->applied);
    if (b->h.builds_on > peer->applied)
        return tz_fail(err, TZ_ERR_INVALID,
                       tz_L("%s 的第 %lld 号交换包接在第 %lld 号之后，本库只导入到第 %lld 号：缺少中间的交换包",
                            "bundle %2$lld of %1$s builds on its bundle %3$lld but this database has "
                            "applied only up to %4$lld: a bundle is missing"),
                       b->h.from, (long long)b->h.seq, (long long)b->h.builds_on, (long long)peer->applied);
    if (b->h.ack > peer->sent)
        return tz_fail(err, TZ_ERR_INVALID,
                       tz_L("交换包确认了本库从未发出的第 %lld 号交换包",
                            "the bundle acknowledges our bundle %lld, which was never sent"),
                       (long long)b->h.ack);
    return TZ_OK;
}

static tz_status import_checked(tz_db *db, const dbi_bundle *b, const dbi_peer_end *peer, const char *path,
                                dbi_import_ctx *x, tz_error *err)
{
    tz_status s = db_begin_write(db, err);
    if (s != TZ_OK)
        return s;
    s = apply_bundle(x, peer, b, path, err);
    if (s == TZ_OK && !x->res->nrefused && !x->res->nconflicts)
        return db_commit(db, err);
    db_rollback(db);
    if (s != TZ_OK)
        return s;
    if (x->res->nrefused) {
        s = tz_fail(err, x->refused ? TZ_ERR_CONSTRAINT : TZ_ERR_DENIED,
                    tz_L("交换包中有 %zu 条记录被拒绝，整个交换包未导入",
                         "%zu rows of the bundle were refused; nothing of it was imported"),
                    x->res->nrefused);
    } else {
        s = tz_fail(err, TZ_ERR_CONFLICT,
                    tz_L("%zu 条记录两边都改过，未导入；逐条选择保留本方或采用对方后再导入",
                         "%zu rows were changed on both sides; nothing imported. Choose ours or "
                         "theirs for each and import again"), x->res->nconflicts);
    }
    record_stopped(db, peer, b, path, x->res, err->msg);
    return s;
}

tz_status db_sync_import(tz_db *db, const char *path, const tz_sync_choice *choices,
                         size_t nchoices, tz_sync_result *out, tz_error *err)
{
    memset(out, 0, sizeof *out);
    unsigned char *data;
    size_t n;
    tz_status s = db_sync_need_admin(db, err);
    if (s == TZ_OK)
        s = dbi_bundle_read_file(path, &data, &n, err);
    if (s != TZ_OK)
        return s;
    dbi_bundle b;
    dbi_unit_end me;
    dbi_peer_end peer;
    dbi_synced_set ts = { 0 };
    s = dbi_bundle_parse(data, n, &b, err);
    if (s == TZ_OK) {
        out->header = b.h;
        s = dbi_sync_load_self(db, &me, err);
    }
    if (s == TZ_OK)
        s = check_header(db, data, n, &b, &me, &peer, err);
    if (s == TZ_OK)
        s = dbi_synced_load(db, &ts, err);
    choice_set decided = { 0 };
    if (s == TZ_OK)
        s = gather_choices(db, &peer, b.h.seq, choices, nchoices, &decided, err);
    if (s == TZ_OK)
        s = dbi_sync_attach_base(db, &peer, err);
    if (s == TZ_OK) {
        dbi_import_ctx x = { .db = db, .ts = &ts, .choices = decided.list, .nchoices = decided.n, .res = out,
                         .lower = peer.unit.upper };
        s = import_checked(db, &b, &peer, path, &x, err);
        free(x.ruled);
        dbi_detach(db, "base");
    }
    free(decided.list);
    free(decided.tables);
    dbi_synced_free(&ts);
    free(data);
    return s;
}

void tz_sync_result_free(tz_sync_result *r)
{
    for (size_t i = 0; i < r->nconflicts; i++) {
        free(r->conflicts[i].ours);
        free(r->conflicts[i].theirs);
    }
    free(r->conflicts);
    for (size_t i = 0; i < r->nrefused; i++)
        free(r->refused[i]);
    free(r->refused);
    memset(r, 0, sizeof *r);
}
