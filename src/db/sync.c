/* sync.c — bundles of changes between a county's database and its townships' replicas, made
 * with SQLite's session extension (sync_plan.c and sync_import.c apply them): the two ends of
 * an exchange, the export, and a folder of bundles.
 *
 * A bundle is a text header (sender, receiver, sequence numbers, schema version, rows per table,
 * the SHA-256 of the whole file with its own digits zeroed, the HMAC-SHA-256 under the
 * exchange's key), a blank line, then two changesets:
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

tz_status dbi_sync_load_self(tz_db *db, dbi_unit_end *me, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT u.id, u.code, u.level"
                                  "  FROM sync_self_unit me JOIN units u ON u.id = me.unit_id", &st, err);
    if (s != TZ_OK)
        return s;
    bool found = sqlite3_step(st) == SQLITE_ROW;
    *me = (dbi_unit_end){ 0 };
    if (found) {
        me->id = sqlite3_column_int64(st, 0);
        snprintf(me->code, sizeof me->code, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(me->level, sizeof me->level, "%s", (const char *)sqlite3_column_text(st, 2));
    }
    dbi_release(st);
    return found ? TZ_OK : tz_fail(err, TZ_ERR_NOTFOUND, "%s",
                                   tz_L("数据库中没有市级单位", "the database has no city unit"));
}

/* The unit with `code` this database exchanges with (code NULL: the only one). */
tz_status dbi_sync_load_peer(tz_db *db, const char *code, dbi_peer_end *p, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db,
        "SELECT u.id, u.code, NOT me.top AND u.parent_id IS NOT me.unit_id, p.sent, p.acked, p.applied,"
        "       (SELECT count(*) FROM sync_peers), p.hmac_key, u.level"
        "  FROM sync_peers p JOIN units u ON u.id = p.unit_id, sync_self_unit me"
        " WHERE ?1 IS NULL OR u.code = ?1 ORDER BY u.code LIMIT 1", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    int64_t npeers = found ? sqlite3_column_int64(st, 6) : 0;
    if (found) {
        p->unit.id = sqlite3_column_int64(st, 0);
        snprintf(p->unit.code, sizeof p->unit.code, "%s", (const char *)sqlite3_column_text(st, 1));
        p->unit.upper = sqlite3_column_int(st, 2);
        snprintf(p->unit.level, sizeof p->unit.level, "%s", (const char *)sqlite3_column_text(st, 8));
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

/* The lower end of the exchange, whose replica's rows the two ends share. */
static int64_t shared_unit(const dbi_unit_end *me, const dbi_peer_end *peer)
{
    return peer->unit.upper ? me->id : peer->unit.id;
}

tz_status dbi_sync_attach_base(tz_db *db, const dbi_peer_end *peer, tz_error *err)
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

static tz_status refuse_outside_own_scope(tz_db *db, const dbi_synced_set *ts, const dbi_unit_end *me,
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
static tz_status compute_changes(tz_db *db, const dbi_synced_set *ts, int64_t unit, void **del,
                                 int *ndel, void **chg, int *nchg, tz_error *err)
{
    tz_status s = dbi_sync_copy_tables(db, ts, "cur", err);
    if (s == TZ_OK)
        s = dbi_sync_copy_tables(db, ts, "mid", err);
    if (s == TZ_OK)
        s = dbi_sync_copy_rows(db, ts, "cur", unit, err);
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

static tz_status record_sent(tz_db *db, const dbi_peer_end *peer, const tz_bundle_header *h,
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

static tz_status export_locked(tz_db *db, const dbi_synced_set *ts, const dbi_unit_end *me,
                               const dbi_peer_end *peer, const char *dest, char *written, size_t cap,
                               tz_outfile *file, bool *opened, tz_bundle_header *out, tz_error *err)
{
    dbi_bundle b = { 0 };
    void *del = NULL, *chg = NULL;
    tz_status s = compute_changes(db, ts, shared_unit(me, peer), &del, &b.ndeletes, &chg,
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
    dbi_unit_end me;
    dbi_peer_end peer;
    tz_status s = db_sync_need_admin(db, err);
    if (s == TZ_OK)
        s = dbi_sync_load_self(db, &me, err);
    if (s == TZ_OK)
        s = dbi_sync_load_peer(db, peer_code, &peer, err);
    if (s == TZ_OK)
        s = dbi_sync_attach_base(db, &peer, err);
    if (s != TZ_OK)
        return s;
    me.upper = !peer.unit.upper;
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
        s = dbi_sync_load_peer(db, NULL, &(dbi_peer_end){ 0 }, err);
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
    dbi_unit_end me;
    tz_status s = db_sync_need_admin(db, err);
    if (s == TZ_OK)
        s = dbi_sync_load_self(db, &me, err);
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

/* A row this side changed that the other side's import would refuse as out of its scope (a
 * county administrator's edit of a township's own row): better said now, with the rows named,
 * than by a bundle the other side refuses again every time. */
static tz_status refuse_outside_own_scope(tz_db *db, const dbi_synced_set *ts, const dbi_unit_end *me,
                                          const dbi_bundle *b, tz_error *err)
{
    tz_sync_result res = { 0 };
    dbi_import_ctx x = { .db = db, .ts = ts, .res = &res };
    tz_status s = dbi_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_plan (tbl TEXT, id INTEGER,"
                               " op TEXT, action TEXT, PRIMARY KEY (tbl, id)); DELETE FROM temp.sync_plan",
                           err);
    if (s == TZ_OK)
        s = dbi_sync_list_changes(db, "sync_plan", b->deletes, b->ndeletes, err);
    if (s == TZ_OK)
        s = dbi_sync_list_changes(db, "sync_plan", b->changes, b->nchanges, err);
    if (s == TZ_OK)
        s = dbi_sync_check_scope(&x, me, true, err);
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
