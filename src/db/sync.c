/* sync.c — bundles of changes between a county's database and its townships' replicas, made
 * and applied with SQLite's session extension.
 *
 * A bundle is a text header (sender, receiver, sequence numbers, schema version, rows per table,
 * the SHA-256 of the whole file with its own digits zeroed), a blank line, then two changesets:
 * the rows deleted since the base (the shared rows as the receiver last had them), then the
 * rows inserted and updated. Two, because rules in the schema read other rows: a unit can be
 * deleted only after its people, a person inserted only after its unit, so deletes are applied
 * children first and the rest parents first, one table at a time. */
#include "sync_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the two ends of an exchange ----------------------------------------------------------- */

typedef struct {
    int64_t id;
    char code[32];
    bool county;          /* this database is the county's own */
} unit_end;

typedef struct {
    unit_end unit;
    int64_t sent, acked, applied;
    uint8_t key[DBI_SYNC_KEY];  /* the exchange's secret key */
    bool keyed;                 /* false: a replica made before bundles were authenticated */
} peer_end;

static tz_status load_self(tz_db *db, unit_end *me, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db,
        "SELECT u.id, u.code, s.unit_id IS NULL FROM sync_self s JOIN units u"
        " ON u.id = coalesce(s.unit_id, (SELECT id FROM units WHERE level = 'city' ORDER BY id LIMIT 1))",
        &st, err);
    if (s != TZ_OK)
        return s;
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        me->id = sqlite3_column_int64(st, 0);
        snprintf(me->code, sizeof me->code, "%s", (const char *)sqlite3_column_text(st, 1));
        me->county = sqlite3_column_int(st, 2);
    }
    dbi_release(st);
    return found ? TZ_OK : tz_fail(err, TZ_ERR_NOTFOUND, "%s",
                                   tz_L("数据库中没有市级单位", "the database has no city unit"));
}

/* The unit with `code` this database exchanges with (code NULL: the only one). */
static tz_status load_peer(tz_db *db, const char *code, peer_end *p, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db,
        "SELECT u.id, u.code, u.level = 'city', p.sent, p.acked, p.applied,"
        "       (SELECT count(*) FROM sync_peers), p.hmac_key"
        "  FROM sync_peers p JOIN units u ON u.id = p.unit_id"
        " WHERE ?1 IS NULL OR u.code = ?1 ORDER BY u.code LIMIT 1", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    int64_t npeers = found ? sqlite3_column_int64(st, 6) : 0;
    if (found) {
        p->unit.id = sqlite3_column_int64(st, 0);
        snprintf(p->unit.code, sizeof p->unit.code, "%s", (const char *)sqlite3_column_text(st, 1));
        p->unit.county = sqlite3_column_int(st, 2);
        p->sent = sqlite3_column_int64(st, 3);
        p->acked = sqlite3_column_int64(st, 4);
        p->applied = sqlite3_column_int64(st, 5);
        p->keyed = sqlite3_column_bytes(st, 7) == DBI_SYNC_KEY;
        if (p->keyed)
            memcpy(p->key, sqlite3_column_blob(st, 7), DBI_SYNC_KEY);
    }
    dbi_release(st);
    if (!found && code)
        return tz_fail(err, TZ_ERR_DENIED, tz_L("本数据库不与单位 %s 交换数据",
                                                "this database does not exchange with unit %s"), code);
    if (!found)
        return tz_fail(err, TZ_ERR_NOTFOUND, "%s",
                       tz_L("本数据库还没有交换对象（先用 taizhang replica create 建立乡镇副本）",
                            "this database exchanges with no unit yet (make a township replica "
                            "with taizhang replica create first)"));
    if (!code && npeers > 1)
        return tz_fail(err, TZ_ERR_INVALID, "%s",
                       tz_L("本数据库与多个单位交换数据，请用 --unit 指定对方",
                            "this database exchanges with several units; name one with --unit"));
    if (!p->keyed)
        return tz_fail(err, TZ_ERR_DENIED,
                       tz_L("与 %s 的交换没有密钥（副本由旧版本的 taizhang 建立）：请重新建立副本",
                            "the exchange with %s has no key (its replica was made by an older "
                            "taizhang): make the replica again"), p->unit.code);
    return TZ_OK;
}

/* The township whose rows the exchange shares (with the city-level ones). */
static int64_t shared_township(const unit_end *me, const peer_end *peer)
{
    return me->county ? peer->unit.id : me->id;
}

static tz_status attach_base(tz_db *db, const peer_end *peer, tz_error *err)
{
    char path[4096];
    dbi_sync_base_path(dbi_db_path(db), peer->unit.code, path, sizeof path);
    struct stat sb;
    if (stat(path, &sb) != 0)
        return tz_fail(err, TZ_ERR_NOTFOUND,
                       tz_L("缺少与 %s 交换的基准文件 %s（它应与数据库放在一起）",
                            "the base file of the exchange with %s, %s, is missing (keep it beside "
                            "the database)"), peer->unit.code, path);
    return dbi_attach(db, path, "base", err);
}

/* ---- export --------------------------------------------------------------------------------- */

static tz_status refuse_outside_own_scope(tz_db *db, const dbi_synced_set *ts, const unit_end *me,
                                          const dbi_bundle *b, tz_error *err);

/* The changes that turn table set `from` into `to` (both attached), as one changeset. */
static tz_status diff_changeset(tz_db *db, const dbi_synced_set *ts, const char *to, const char *from,
                                void **cs, int *n, tz_error *err)
{
    sqlite3_session *sess;
    int rc = sqlite3session_create(db->h, to, &sess);
    for (int t = 0; rc == SQLITE_OK && t < ts->n; t++) {
        rc = sqlite3session_attach(sess, ts->t[t].name);
        char *msg = NULL;
        if (rc == SQLITE_OK)
            rc = sqlite3session_diff(sess, from, ts->t[t].name, &msg);
        if (rc != SQLITE_OK && msg) {
            tz_fail(err, TZ_ERR_DB, tz_L("比较 %s 失败：%s", "comparing %s failed: %s"),
                    ts->t[t].name, msg);
            sqlite3_free(msg);
            sqlite3session_delete(sess);
            return TZ_ERR_DB;
        }
        sqlite3_free(msg);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3session_changeset(sess, n, cs);
    if (rc != SQLITE_OK) {
        sqlite3session_delete(sess);
        return dbi_fail(db, NULL, rc, err);
    }
    sqlite3session_delete(sess);
    return TZ_OK;
}

/* cur: the shared rows now; mid: the base's rows that are still there. base → mid is what was
 * deleted, mid → cur what was inserted or changed. */
static tz_status compute_changes(tz_db *db, const dbi_synced_set *ts, int64_t township, void **del,
                                 int *ndel, void **chg, int *nchg, tz_error *err)
{
    tz_status s = dbi_sync_copy_tables(db, ts, "cur", err);
    if (s == TZ_OK)
        s = dbi_sync_copy_tables(db, ts, "mid", err);
    if (s == TZ_OK)
        s = dbi_sync_copy_rows(db, ts, "cur", township, err);
    for (int t = 0; s == TZ_OK && t < ts->n; t++) {
        char sql[320];
        const char *name = ts->t[t].name;
        snprintf(sql, sizeof sql, "INSERT INTO mid.%s SELECT * FROM base.%s WHERE id IN (SELECT id FROM cur.%s)",
                 name, name, name);
        s = dbi_exec(db, sql, err);
    }
    if (s == TZ_OK)
        s = diff_changeset(db, ts, "mid", "base", del, ndel, err);
    if (s == TZ_OK) {
        s = diff_changeset(db, ts, "cur", "mid", chg, nchg, err);
        if (s != TZ_OK)
            sqlite3_free(*del);
    }
    return s;
}

/* A folder gets FROM-to-TO-SEQ.tzb. */
static void bundle_path(const char *dest, const tz_bundle_header *h, char *out, size_t cap)
{
    struct stat sb;
    if (stat(dest, &sb) == 0 && S_ISDIR(sb.st_mode))
        snprintf(out, cap, "%s/%s-to-%s-%06lld.tzb", dest, h->from, h->to, (long long)h->seq);
    else
        snprintf(out, cap, "%s", dest);
}

static tz_status record_sent(tz_db *db, const peer_end *peer, const tz_bundle_header *h,
                             const char *file, const tz_sb *bytes, tz_error *err)
{
    int changes = 0;
    for (size_t i = 0; i < h->nrows; i++)
        changes += h->rows[i].inserted + h->rows[i].updated + h->rows[i].deleted;
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db,
        "INSERT INTO sync_bundles (peer_id, direction, seq, builds_on, ack, changes, sha256, file,"
        " status, changeset) VALUES (?1, 'sent', ?2, ?3, ?4, ?5, ?6, ?7, 'sent', ?8)", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_int64(st, 1, peer->unit.id);
    sqlite3_bind_int64(st, 2, h->seq);
    sqlite3_bind_int64(st, 3, h->builds_on);
    sqlite3_bind_int64(st, 4, h->ack);
    sqlite3_bind_int(st, 5, changes);
    sqlite3_bind_text(st, 6, h->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, file, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 8, bytes->buf, (int)bytes->len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    dbi_release(st);
    if (rc != SQLITE_DONE)
        return dbi_fail(db, NULL, rc, err);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE sync_peers SET sent = %lld WHERE unit_id = %lld",
             (long long)h->seq, (long long)peer->unit.id);
    return dbi_exec(db, sql, err);
}

/* The bytes into a temporary file beside `path` (file, *opened), which the caller puts in place
 * only once the bundle's record is committed: no bundle for a record rolled back. */
static tz_status write_temporary(const char *path, const tz_sb *bytes, tz_outfile *file, bool *opened,
                                 tz_error *err)
{
    tz_status s = tz_outfile_open(file, path, err);
    *opened = s == TZ_OK;
    if (s == TZ_OK && !tz_write_all(file->fd, bytes->buf, bytes->len))
        s = tz_fail(err, TZ_ERR_IO, tz_L("写出 %s 失败：%s", "writing %s failed: %s"), path,
                    tz_errno_text(errno));
    return s;
}

static tz_status export_locked(tz_db *db, const dbi_synced_set *ts, const unit_end *me,
                               const peer_end *peer, const char *dest, char *written, size_t cap,
                               tz_outfile *file, bool *opened, tz_bundle_header *out, tz_error *err)
{
    dbi_bundle b = { 0 };
    void *del = NULL, *chg = NULL;
    tz_status s = compute_changes(db, ts, shared_township(me, peer), &del, &b.ndeletes, &chg,
                                  &b.nchanges, err);
    if (s != TZ_OK)
        return s;
    b.deletes = del;
    b.changes = chg;
    tz_bundle_header *h = &b.h;
    snprintf(h->from, sizeof h->from, "%s", me->code);
    snprintf(h->to, sizeof h->to, "%s", peer->unit.code);
    h->seq = peer->sent + 1;
    h->builds_on = peer->acked;
    h->ack = peer->applied;
    h->schema = db_schema_version(db);
    dbi_bundle_count(h, del, b.ndeletes);
    dbi_bundle_count(h, chg, b.nchanges);
    tz_sb bytes = { 0 };
    s = refuse_outside_own_scope(db, ts, me, &b, err);
    if (s == TZ_OK)
        s = dbi_bundle_write(&b, peer->key, &bytes, err);
    sqlite3_free(del);
    sqlite3_free(chg);
    bundle_path(dest, h, written, cap);
    if (s == TZ_OK)
        s = record_sent(db, peer, h, written, &bytes, err);
    if (s == TZ_OK)
        s = write_temporary(written, &bytes, file, opened, err);
    tz_sb_free(&bytes);
    if (s == TZ_OK && out)
        *out = *h;
    return s;
}

tz_status db_sync_export(tz_db *db, const char *peer_code, const char *dest, char *written,
                         size_t cap, tz_bundle_header *out, tz_error *err)
{
    unit_end me;
    peer_end peer;
    tz_status s = db_sync_need_admin(db, err);
    if (s == TZ_OK)
        s = load_self(db, &me, err);
    if (s == TZ_OK)
        s = load_peer(db, peer_code, &peer, err);
    if (s == TZ_OK)
        s = attach_base(db, &peer, err);
    if (s != TZ_OK)
        return s;
    s = dbi_attach(db, "", "cur", err);
    if (s == TZ_OK)
        s = dbi_attach(db, "", "mid", err);
    dbi_synced_set ts = { 0 };
    if (s == TZ_OK)
        s = dbi_synced_load(db, &ts, err);
    if (s == TZ_OK)
        s = db_begin_write(db, err);
    if (s == TZ_OK) {
        tz_outfile file;
        bool opened = false;
        s = export_locked(db, &ts, &me, &peer, dest, written, cap, &file, &opened, out, err);
        if (s == TZ_OK)
            s = db_commit(db, err);
        if (s != TZ_OK)
            db_rollback(db);
        tz_error ferr;
        if (opened && tz_outfile_finish(&file, s == TZ_OK, &ferr) != TZ_OK && s == TZ_OK)
            s = tz_fail(err, TZ_ERR_IO,
                        tz_L("%s（交换包已记录为第 %lld 号，下一个交换包会带上同样的改动）",
                             "%s (the bundle is on record as number %lld; the next one carries the same changes)"),
                        ferr.msg, (long long)peer.sent + 1);
    }
    dbi_synced_free(&ts);
    dbi_detach(db, "mid");
    dbi_detach(db, "cur");
    dbi_detach(db, "base");
    return s;
}

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
static tz_status write_change(tz_db *db, const char *schema, const dbi_change *c, const dbi_columns *cols,
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

static tz_status base_apply(tz_db *db, const void *cs, int n, const dbi_synced_set *ts, tz_error *err)
{
    sqlite3_changeset_iter *it;
    int rc = sqlite3changeset_start(&it, n, (void *)cs);
    if (rc != SQLITE_OK)
        return dbi_fail(db, NULL, rc, err);
    tz_status s = TZ_OK;
    dbi_change c;
    while (s == TZ_OK && sqlite3changeset_next(it) == SQLITE_ROW && dbi_change_read(ts, it, &c))
        if (c.t >= 0)
            s = write_change(db, "base", &c, &ts->t[c.t].cols, true, err);
    sqlite3changeset_finalize(it);
    return s;
}

/* The peer acknowledged our bundle `ack`: what it held is now the base of the exchange. */
static tz_status fold_ack(tz_db *db, const peer_end *peer, int64_t ack, const dbi_synced_set *ts,
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
        s = base_apply(db, b.deletes, b.ndeletes, ts, err);
    if (s == TZ_OK)
        s = base_apply(db, b.changes, b.nchanges, ts, err);
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

typedef struct {
    tz_db *db;
    const dbi_synced_set *ts;
    const tz_sync_choice *choices;
    size_t nchoices;
    tz_sync_result *res;
    const char *only;        /* the table sqlite3changeset_apply works on now */
    bool refused;            /* a rule refused a row: nothing is committed */
    struct { char table[32]; int64_t id; } *ruled; /* those rows, owned; messages found after */
    size_t nruled;
    bool township;           /* this database is a township's replica: the county decides the
                                conflicts on rows of ours it has been sent (see plan_change) */
} import_ctx;

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

static bool add_conflict(import_ctx *x, const dbi_change *c, bool county_decides)
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

static bool add_refused(tz_sync_result *r, const char *table, int64_t id, const char *msg)
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

static tz_sync_choice_kind choice_for(const import_ctx *x, const dbi_change *c)
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
static tz_status plan_change(import_ctx *x, const dbi_change *c, const char **action, tz_error *err)
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
    if (x->township)
        s = row_sent_unacknowledged(x->db, c, &county_decides, err);
    if (s != TZ_OK)
        return s;
    tz_sync_choice_kind k = county_decides ? TZ_KEEP_UNDECIDED : choice_for(x, c);
    *action = k == TZ_KEEP_OURS ? "ours" : k == TZ_TAKE_THEIRS ? "theirs" : "conflict";
    if (k == TZ_KEEP_UNDECIDED && !add_conflict(x, c, county_decides))
        return dbi_nomem(err);
    return TZ_OK;
}

static tz_status plan_changeset(import_ctx *x, const void *cs, int n, tz_error *err)
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

/* The SQL condition on plan row p that the sender may change that row as it is now. */
static void append_allowed(tz_sb *sql, const dbi_synced_table *tb, const unit_end *sender)
{
    if (!tb->scoped) {
        tz_sb_append(sql, sender->county ? "1" : "0");
        return;
    }
    if (!sender->county) {
        tz_sb_printf(sql, "(SELECT township_id FROM main.%s_scope WHERE id = p.id) IS %lld", tb->name,
                     (long long)sender->id);
        return;
    }
    tz_sb_printf(sql, "((SELECT township_id FROM main.%s_scope WHERE id = p.id) IS NULL", tb->name);
    if (tb->issued)
        tz_sb_printf(sql, " OR EXISTS (SELECT 1 FROM main.%s t WHERE t.id = p.id AND (%s))", tb->name,
                     tb->issued);
    tz_sb_append(sql, ")");
}

/* Every row the bundle touches must lie in the sender's scope as it is here before applying
 * (`after` false), and the rows it inserts or updates as they are after; each one that does
 * not is refused. */
static tz_status check_scope(import_ctx *x, const unit_end *sender, bool after, tz_error *err)
{
    const char *msg = sender->county
        ? tz_L("县（市）只能改动市级的记录和它下发的记录", "the county may change only city-level rows and what it issues")
        : tz_L("乡镇只能改动本乡镇的记录", "a township may change only its own rows");
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
            if (!add_refused(x->res, tb->name, sqlite3_column_int64(st, 0), msg)) {
                sqlite3_finalize(st);
                return dbi_nomem(err);
            }
        sqlite3_finalize(st);
    }
    return TZ_OK;
}

/* ---- import: applying --------------------------------------------------------------------------- */

static int only_table(void *ctx, const char *table)
{
    return strcmp(table, ((import_ctx *)ctx)->only) == 0;
}

static const char *planned_action(import_ctx *x, const dbi_change *c)
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

/* SQLite found the row not as the change expected. Foreign keys are checked once at the end. */
static int on_conflict(void *ctx, int kind, sqlite3_changeset_iter *it)
{
    import_ctx *x = ctx;
    if (kind == SQLITE_CHANGESET_FOREIGN_KEY)
        return SQLITE_CHANGESET_OMIT;
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
    return add_conflict(x, &c, false) ? SQLITE_CHANGESET_OMIT : SQLITE_CHANGESET_ABORT;
}

static tz_status apply_changeset(import_ctx *x, const void *cs, int n, bool children_first, tz_error *err)
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
static tz_status keep_ours(import_ctx *x, bool restore, tz_error *err)
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
static tz_status explain_refusals(import_ctx *x, const void *cs, int n, tz_error *err)
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
                if (write_change(x->db, "main", &c, &x->ts->t[c.t].cols, false, &e) == TZ_OK)
                    tz_fail(&e, TZ_ERR_CONSTRAINT, "%s", tz_L("与本库的记录不合", "does not fit the rows here"));
                if (!add_refused(x->res, c.table, c.id, e.msg))
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

static tz_status check_foreign_keys(import_ctx *x, tz_error *err)
{
    int pending = 0, high = 0;
    sqlite3_db_status(x->db->h, SQLITE_DBSTATUS_DEFERRED_FKS, &pending, &high, 0);
    if (!pending)
        return TZ_OK;
    x->refused = true;
    return add_refused(x->res, "-", 0, tz_L("交换包中的记录引用了本库没有的记录",
                                            "rows of the bundle refer to rows this database does not have"))
               ? TZ_OK : dbi_nomem(err);
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

static tz_status record_received(tz_db *db, const peer_end *peer, const dbi_bundle *b, const char *file,
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

static tz_status list_changes(tz_db *db, const char *into, const void *cs, int n, tz_error *err);

/* temp.sync_unacked: the rows of our bundles to the peer after `acked`, kept until it says it
 * applied them. */
static tz_status list_unacknowledged(tz_db *db, const peer_end *peer, int64_t acked, tz_error *err)
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
            s = list_changes(db, "sync_unacked", b.deletes, b.ndeletes, err);
        if (s == TZ_OK)
            s = list_changes(db, "sync_unacked", b.changes, b.nchanges, err);
        free(copy);
    }
    dbi_release(st);
    return s;
}

static tz_status apply_bundle(import_ctx *x, const unit_end *sender, const peer_end *peer,
                              const dbi_bundle *b, const char *file, tz_error *err)
{
    tz_status s = dbi_exec(x->db, "CREATE TEMP TABLE IF NOT EXISTS sync_plan (tbl TEXT, id INTEGER,"
                                  " op TEXT, action TEXT, PRIMARY KEY (tbl, id)); DELETE FROM temp.sync_plan",
                           err);
    if (s == TZ_OK)
        s = fold_ack(x->db, peer, b->h.ack, x->ts, err);
    if (s == TZ_OK && x->township)
        s = list_unacknowledged(x->db, peer, b->h.ack > peer->acked ? b->h.ack : peer->acked, err);
    if (s == TZ_OK)
        s = plan_changeset(x, b->deletes, b->ndeletes, err);
    if (s == TZ_OK)
        s = plan_changeset(x, b->changes, b->nchanges, err);
    if (s == TZ_OK)
        s = check_scope(x, sender, false, err);
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
        s = check_scope(x, sender, true, err);
    if (s != TZ_OK || x->res->nrefused || x->res->nconflicts)
        return s;
    s = base_apply(x->db, b->deletes, b->ndeletes, x->ts, err);
    if (s == TZ_OK)
        s = base_apply(x->db, b->changes, b->nchanges, x->ts, err);
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
static void record_stopped(tz_db *db, const peer_end *peer, const dbi_bundle *b, const char *file,
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

static tz_status gather_choices(tz_db *db, const peer_end *peer, int64_t seq, const tz_sync_choice *given,
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
                              const unit_end *me, peer_end *peer, tz_error *err)
{
    if (strcmp(b->h.to, me->code) != 0)
        return tz_fail(err, TZ_ERR_DENIED, tz_L("这个交换包是发给 %s 的，本库属于 %s",
                                                "this bundle is for %s; this database belongs to %s"),
                       b->h.to, me->code);
    tz_status s = load_peer(db, b->h.from, peer, err);
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

static tz_status import_checked(tz_db *db, const dbi_bundle *b, const unit_end *me, const peer_end *peer,
                                const char *path, import_ctx *x, tz_error *err)
{
    unit_end sender = peer->unit;
    sender.county = !me->county;
    tz_status s = db_begin_write(db, err);
    if (s != TZ_OK)
        return s;
    s = apply_bundle(x, &sender, peer, b, path, err);
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
    unit_end me;
    peer_end peer;
    dbi_synced_set ts = { 0 };
    s = dbi_bundle_parse(data, n, &b, err);
    if (s == TZ_OK) {
        out->header = b.h;
        s = load_self(db, &me, err);
    }
    if (s == TZ_OK)
        s = check_header(db, data, n, &b, &me, &peer, err);
    if (s == TZ_OK)
        s = dbi_synced_load(db, &ts, err);
    choice_set decided = { 0 };
    if (s == TZ_OK)
        s = gather_choices(db, &peer, b.h.seq, choices, nchoices, &decided, err);
    if (s == TZ_OK)
        s = attach_base(db, &peer, err);
    if (s == TZ_OK) {
        import_ctx x = { .db = db, .ts = &ts, .choices = decided.list, .nchoices = decided.n, .res = out,
                         .township = !me.county };
        s = import_checked(db, &b, &me, &peer, path, &x, err);
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

/* ---- a folder (a USB stick) ------------------------------------------------------------------- */

tz_status db_sync_export_all(tz_db *db, const char *folder, int *bundles, tz_error *err)
{
    *bundles = 0;
    sqlite3_stmt *st;
    tz_status s = db_sync_need_admin(db, err);
    if (s != TZ_OK)
        return s;
    s = dbi_prepare(db, "SELECT u.code FROM sync_peers p JOIN units u ON u.id = p.unit_id"
                                  " ORDER BY u.code", &st, err);
    if (s != TZ_OK)
        return s;
    tz_sb codes = { 0 };
    while (sqlite3_step(st) == SQLITE_ROW) {
        tz_sb_append(&codes, (const char *)sqlite3_column_text(st, 0));
        tz_sb_append(&codes, "\n");
    }
    dbi_release(st);
    if (codes.failed) {
        tz_sb_free(&codes);
        return dbi_nomem(err);
    }
    if (!codes.len)
        s = load_peer(db, NULL, &(peer_end){ 0 }, err);
    for (char *code = codes.buf, *nl; s == TZ_OK && code && (nl = strchr(code, '\n')); code = nl + 1) {
        *nl = '\0';
        char written[4096];
        s = db_sync_export(db, code, folder, written, sizeof written, NULL, err);
        if (s == TZ_OK)
            (*bundles)++;
    }
    tz_sb_free(&codes);
    return s;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

tz_status db_sync_import_folder(tz_db *db, const char *folder, int *bundles, size_t *changes,
                                tz_sync_result *stopped, tz_error *err)
{
    *bundles = 0;
    *changes = 0;
    memset(stopped, 0, sizeof *stopped);
    unit_end me;
    tz_status s = db_sync_need_admin(db, err);
    if (s == TZ_OK)
        s = load_self(db, &me, err);
    if (s != TZ_OK)
        return s;
    char mark[64];
    snprintf(mark, sizeof mark, "-to-%s-", me.code);
    struct dirent **names;
    int n = scandir(folder, &names, NULL, by_name);
    if (n < 0)
        return tz_fail(err, TZ_ERR_NOTFOUND, tz_L("无法读取文件夹 %s", "cannot read the folder %s"), folder);
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t len = strlen(name);
        if (s == TZ_OK && strstr(name, mark) && len > 4 && strcmp(name + len - 4, ".tzb") == 0) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", folder, name);
            tz_sync_result r;
            s = db_sync_import(db, path, NULL, 0, &r, err);
            if (s == TZ_OK) {
                (*bundles)++;
                *changes += r.applied;
            }
            if (s == TZ_ERR_EXISTS) /* applied before */
                s = TZ_OK;
            if (s == TZ_OK)
                tz_sync_result_free(&r);
            else
                *stopped = r;
        }
        free(names[i]);
    }
    free(names);
    return s;
}

/* ---- export: what the other side would refuse ------------------------------------------------ */

/* Each change's table, id and operation into the temporary table `into` (action 'apply'). */
static tz_status list_changes(tz_db *db, const char *into, const void *cs, int n, tz_error *err)
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

/* A row this side changed that the other side's import would refuse as out of its scope (a
 * county administrator's edit of a township's own row): better said now, with the rows named,
 * than by a bundle the other side refuses again every time. */
static tz_status refuse_outside_own_scope(tz_db *db, const dbi_synced_set *ts, const unit_end *me,
                                          const dbi_bundle *b, tz_error *err)
{
    tz_sync_result res = { 0 };
    import_ctx x = { .db = db, .ts = ts, .res = &res };
    tz_status s = dbi_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_plan (tbl TEXT, id INTEGER,"
                               " op TEXT, action TEXT, PRIMARY KEY (tbl, id)); DELETE FROM temp.sync_plan",
                           err);
    if (s == TZ_OK)
        s = list_changes(db, "sync_plan", b->deletes, b->ndeletes, err);
    if (s == TZ_OK)
        s = list_changes(db, "sync_plan", b->changes, b->nchanges, err);
    if (s == TZ_OK)
        s = check_scope(&x, me, true, err);
    if (s == TZ_OK && res.nrefused) {
        tz_sb rows = { 0 };
        for (size_t i = 0; i < res.nrefused && i < 5; i++)
            tz_sb_printf(&rows, "%s%s", i ? "；" : "", res.refused[i]);
        s = tz_fail(err, TZ_ERR_DENIED,
                    tz_L("有 %zu 处改动对方不会接受，未导出（改回原样后再导出）：%s",
                         "%zu changes would be refused by the other side; nothing exported (put them "
                         "back first): %s"), res.nrefused, rows.failed ? "" : rows.buf);
        tz_sb_free(&rows);
    }
    tz_sync_result_free(&res);
    return s;
}
