/* bundle.c — the file a bundle is (a text header, a blank line, two changesets) and the
 * changes in it, as src/db/sync.c writes and reads them. */
#include "sync_internal.h"
#include "taizhang/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUNDLE_MAGIC "TAIZHANG-BUNDLE 2\n"
#define SHA_LINE "sha256: "
#define HMAC_LINE "hmac-sha256: "
/* where the digits of each digest start: fixed, at the top of the file */
#define SHA_AT (sizeof BUNDLE_MAGIC - 1 + sizeof SHA_LINE - 1)
#define HMAC_AT (SHA_AT + 65 + sizeof HMAC_LINE - 1)

/* ---- one change of a changeset -------------------------------------------------------------- */

bool dbi_change_read(const dbi_synced_set *set, sqlite3_changeset_iter *it, dbi_change *c)
{
    int indirect;
    if (sqlite3changeset_op(it, &c->table, &c->ncol, &c->op, &indirect) != SQLITE_OK)
        return false;
    c->t = set ? dbi_synced_index(set, c->table) : -1;
    c->it = it;
    sqlite3_value *pk = NULL;
    if (c->op == SQLITE_INSERT)
        sqlite3changeset_new(it, 0, &pk);
    else
        sqlite3changeset_old(it, 0, &pk);
    c->id = pk ? sqlite3_value_int64(pk) : 0;
    return true;
}

sqlite3_value *dbi_change_new(const dbi_change *c, int i)
{
    sqlite3_value *v = NULL;
    if (c->op != SQLITE_DELETE)
        sqlite3changeset_new(c->it, i, &v);
    return v;
}

const char *dbi_change_op(int op)
{
    return op == SQLITE_INSERT ? "insert" : op == SQLITE_UPDATE ? "update" : "delete";
}

/* ---- the bundle file ------------------------------------------------------------------------ */


void dbi_bundle_count(tz_bundle_header *h, const void *cs, int n)
{
    sqlite3_changeset_iter *it;
    if (sqlite3changeset_start(&it, n, (void *)cs) != SQLITE_OK)
        return;
    dbi_change c;
    while (sqlite3changeset_next(it) == SQLITE_ROW && dbi_change_read(NULL, it, &c)) {
        size_t i = 0;
        while (i < h->nrows && strcmp(h->rows[i].table, c.table) != 0)
            i++;
        if (i == h->nrows) {
            if (h->nrows == TZ_BUNDLE_MAX_TABLES)
                continue;
            memset(&h->rows[i], 0, sizeof h->rows[i]);
            snprintf(h->rows[i].table, sizeof h->rows[i].table, "%s", c.table);
            h->nrows++;
        }
        if (c.op == SQLITE_INSERT)
            h->rows[i].inserted++;
        else if (c.op == SQLITE_UPDATE)
            h->rows[i].updated++;
        else
            h->rows[i].deleted++;
    }
    sqlite3changeset_finalize(it);
}

static void digest_zeroed(unsigned char *data, size_t n, size_t sha_at, char hex[65])
{
    char kept[64];
    memcpy(kept, data + sha_at, 64);
    memset(data + sha_at, '0', 64);
    tz_sha256_hex(data, n, hex);
    memcpy(data + sha_at, kept, 64);
}

/* The HMAC of the file with both digests' digits read as zeros. */
static void mac_zeroed(unsigned char *data, size_t n, const uint8_t key[DBI_SYNC_KEY], char hex[65])
{
    char sha[64], mac[64];
    memcpy(sha, data + SHA_AT, 64);
    memcpy(mac, data + HMAC_AT, 64);
    memset(data + SHA_AT, '0', 64);
    memset(data + HMAC_AT, '0', 64);
    uint8_t d[32];
    tz_hmac_sha256(key, DBI_SYNC_KEY, data, n, d);
    tz_hex(d, sizeof d, hex);
    memcpy(data + SHA_AT, sha, 64);
    memcpy(data + HMAC_AT, mac, 64);
}

/* The whole file: header, blank line, the deletes, the rest. The HMAC under the exchange's key
 * first, then the SHA-256 over everything but its own digits. */
tz_status dbi_bundle_write(dbi_bundle *b, const uint8_t key[DBI_SYNC_KEY], tz_sb *out, tz_error *err)
{
    tz_bundle_header *h = &b->h;
    tz_sb_printf(out, BUNDLE_MAGIC SHA_LINE "%064d\n" HMAC_LINE "%064d\n", 0, 0);
    tz_sb_printf(out, "from: %s\nto: %s\nseq: %lld\nbuilds-on: %lld\nack: %lld\nschema: %d\n",
                 h->from, h->to, (long long)h->seq, (long long)h->builds_on, (long long)h->ack,
                 h->schema);
    for (size_t i = 0; i < h->nrows; i++)
        tz_sb_printf(out, "rows: %s %d %d %d\n", h->rows[i].table, h->rows[i].inserted,
                     h->rows[i].updated, h->rows[i].deleted);
    tz_sb_printf(out, "deletes: %d\nchanges: %d\n\n", b->ndeletes, b->nchanges);
    if (b->ndeletes)
        tz_sb_appendn(out, (const char *)b->deletes, (size_t)b->ndeletes);
    if (b->nchanges)
        tz_sb_appendn(out, (const char *)b->changes, (size_t)b->nchanges);
    if (out->failed)
        return dbi_nomem(err);
    char mac[65];
    mac_zeroed((unsigned char *)out->buf, out->len, key, mac);
    memcpy(out->buf + HMAC_AT, mac, 64);
    digest_zeroed((unsigned char *)out->buf, out->len, SHA_AT, h->sha256);
    memcpy(out->buf + SHA_AT, h->sha256, 64);
    return TZ_OK;
}

bool dbi_bundle_authentic(unsigned char *data, size_t n, const uint8_t key[DBI_SYNC_KEY])
{
    if (n < HMAC_AT + 65)
        return false;
    char mac[65];
    mac_zeroed(data, n, key, mac);
    unsigned char diff = 0; /* every digit compared: the time says nothing of where they differ */
    for (size_t i = 0; i < 64; i++)
        diff |= (unsigned char)(mac[i] ^ data[HMAC_AT + i]);
    return diff == 0;
}

tz_status dbi_bundle_damaged(tz_error *err, const char *why)
{
    return tz_fail(err, TZ_ERR_CORRUPT, tz_L("交换包已损坏或不完整（%s），未导入",
                                             "the bundle is damaged or incomplete (%s); nothing imported"),
                   why);
}

static bool header_int(const char *line, const char *key, int64_t *out)
{
    size_t k = strlen(key);
    return strncmp(line, key, k) == 0 && tz_parse_int(line + k, out);
}

static bool header_text(const char *line, const char *key, char *out, size_t cap)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) != 0 || strlen(line + k) >= cap)
        return false;
    snprintf(out, cap, "%s", line + k);
    return true;
}

static bool parse_rows_line(const char *line, tz_bundle_header *h)
{
    if (strncmp(line, "rows: ", 6) != 0 || h->nrows == TZ_BUNDLE_MAX_TABLES)
        return false;
    tz_bundle_rows *r = &h->rows[h->nrows];
    if (sscanf(line + 6, "%31s %d %d %d", r->table, &r->inserted, &r->updated, &r->deleted) != 4)
        return false;
    h->nrows++;
    return true;
}

/* One header line into b; false when it is not one. */
static bool parse_header_line(char *line, dbi_bundle *b, int64_t *ndel, int64_t *nchg)
{
    tz_bundle_header *h = &b->h;
    int64_t schema;
    if (header_int(line, "schema: ", &schema)) {
        h->schema = (int)schema;
        return true;
    }
    return header_text(line, "from: ", h->from, sizeof h->from) ||
           header_text(line, "to: ", h->to, sizeof h->to) ||
           header_int(line, "seq: ", &h->seq) || header_int(line, "builds-on: ", &h->builds_on) ||
           header_int(line, "ack: ", &h->ack) || header_int(line, "deletes: ", ndel) ||
           header_int(line, "changes: ", nchg) || parse_rows_line(line, h);
}

/* Checks the digest and reads the header; the changesets stay in data. */
tz_status dbi_bundle_parse(unsigned char *data, size_t n, dbi_bundle *b, tz_error *err)
{
    memset(b, 0, sizeof *b);
    if (n < HMAC_AT + 65 || memcmp(data, BUNDLE_MAGIC SHA_LINE, SHA_AT) != 0 ||
        memcmp(data + SHA_AT + 64, "\n" HMAC_LINE, HMAC_AT - SHA_AT - 64) != 0)
        return dbi_bundle_damaged(err, tz_L("不是本版本 taizhang 的交换包", "not a bundle of this taizhang"));
    char hex[65];
    digest_zeroed(data, n, SHA_AT, hex);
    if (memcmp(hex, data + SHA_AT, 64) != 0 || data[HMAC_AT + 64] != '\n')
        return dbi_bundle_damaged(err, tz_L("SHA-256 校验不符", "SHA-256 mismatch"));
    memcpy(b->h.sha256, hex, 65);
    size_t pos = HMAC_AT + 65;
    int64_t ndel = -1, nchg = -1;
    while (pos < n && data[pos] != '\n') {
        unsigned char *end = memchr(data + pos, '\n', n - pos);
        if (!end || end - (data + pos) > 200)
            return dbi_bundle_damaged(err, tz_L("头部不完整", "incomplete header"));
        char line[256];
        memcpy(line, data + pos, (size_t)(end - (data + pos)));
        line[end - (data + pos)] = '\0';
        if (!parse_header_line(line, b, &ndel, &nchg))
            return dbi_bundle_damaged(err, tz_L("头部有不认识的行", "unknown header line"));
        pos = (size_t)(end - data) + 1;
    }
    pos++;
    if (ndel < 0 || nchg < 0 || pos > n || (uint64_t)(ndel + nchg) != n - pos || !b->h.from[0] ||
        !b->h.to[0] || b->h.seq <= 0)
        return dbi_bundle_damaged(err, tz_L("头部与内容不符", "the header does not match the content"));
    b->deletes = data + pos;
    b->ndeletes = (int)ndel;
    b->changes = data + pos + ndel;
    b->nchanges = (int)nchg;
    return TZ_OK;
}

tz_status dbi_bundle_read_file(const char *path, unsigned char **data, size_t *n, tz_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return tz_fail(err, TZ_ERR_NOTFOUND, tz_L("无法打开交换包 %s", "cannot open the bundle %s"), path);
    tz_sb sb = { 0 };
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        tz_sb_appendn(&sb, buf, got);
    bool bad = ferror(f);
    fclose(f);
    if (bad || sb.failed) {
        tz_sb_free(&sb);
        return bad ? tz_fail(err, TZ_ERR_IO, tz_L("读取 %s 失败", "reading %s failed"), path) : dbi_nomem(err);
    }
    *n = sb.len;
    *data = (unsigned char *)tz_sb_take(&sb);
    return TZ_OK;
}

