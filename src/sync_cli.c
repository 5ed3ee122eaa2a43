/* sync_cli.c — `taizhang replica create` and `taizhang sync export|import|status`. Exit codes as
 * main.c's: 0 done, 1 refused or failed, 2 bad usage or a missing file. */
#include "sync_cli.h"
#include "cli.h"
#include "taizhang/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "taizhang: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, tz_L("（taizhang --help 查看用法）\n", " (see taizhang --help)\n"));
    return 2;
}

typedef struct {
    const char *unit, *to, *user, *admin;
    const char *args[2];
    int nargs;
    tz_sync_choice choices[64];
    char tables[64][32];
    size_t nchoices;
} cli_options;

/* `ours`, `theirs`, or TABLE:ID=ours|theirs. */
static bool parse_resolve(const char *text, cli_options *o)
{
    if (o->nchoices == sizeof o->choices / sizeof o->choices[0])
        return false;
    tz_sync_choice *c = &o->choices[o->nchoices];
    const char *eq = strchr(text, '=');
    const char *word = eq ? eq + 1 : text;
    c->choice = strcmp(word, "ours") == 0 ? TZ_KEEP_OURS
              : strcmp(word, "theirs") == 0 ? TZ_TAKE_THEIRS : TZ_KEEP_UNDECIDED;
    if (c->choice == TZ_KEEP_UNDECIDED)
        return false;
    c->table = NULL;
    if (eq) {
        const char *colon = memchr(text, ':', (size_t)(eq - text));
        char id[24];
        size_t tlen = colon ? (size_t)(colon - text) : 0;
        size_t ilen = colon ? (size_t)(eq - colon - 1) : 0;
        if (!colon || tlen == 0 || tlen >= sizeof o->tables[0] || ilen == 0 || ilen >= sizeof id)
            return false;
        memcpy(o->tables[o->nchoices], text, tlen);
        o->tables[o->nchoices][tlen] = '\0';
        memcpy(id, colon + 1, ilen);
        id[ilen] = '\0';
        if (!tz_parse_int(id, &c->id))
            return false;
        c->table = o->tables[o->nchoices];
    }
    o->nchoices++;
    return true;
}

/* Options after the subcommand's words; returns 0 or the exit status of a usage error. */
static int parse(int argc, char **argv, int nargs, bool resolve, cli_options *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--unit") == 0 ? &o->unit
                          : strcmp(a, "--to") == 0 ? &o->to
                          : strcmp(a, "--user") == 0 ? &o->user
                          : strcmp(a, "--admin") == 0 ? &o->admin : NULL;
        bool is_resolve = resolve && strcmp(a, "--resolve") == 0;
        if ((slot || is_resolve) && i + 1 == argc)
            return usage(tz_L("%s 后面缺少参数", "%s needs an argument"), a);
        if (slot) {
            *slot = argv[++i];
        } else if (is_resolve) {
            if (!parse_resolve(argv[++i], o))
                return usage(tz_L("--resolve 应为 ours、theirs 或 表:编号=ours|theirs，而不是 %s",
                                  "--resolve takes ours, theirs or TABLE:ID=ours|theirs, not %s"), argv[i]);
        } else if (a[0] == '-' && a[1]) {
            return usage(tz_L("不认识的选项 %s", "unknown option %s"), a);
        } else if (o->nargs == nargs) {
            return usage(tz_L("多余的参数 %s", "unexpected argument %s"), a);
        } else {
            o->args[o->nargs++] = a;
        }
    }
    return o->nargs == nargs ? 0 : usage("%s", tz_L("参数不全", "missing arguments"));
}

/* An open database and whether the setgid group's rights are held for it. */
typedef struct {
    tz_db *db;
    bool raised;
} session;

/* Opens DB as main.c's commands do — with a setgid binary's group only for a database in the
 * group's folder — and, on a database with users, signs in (the db layer refuses all but an
 * administrator; the password helper runs with the clerk's own ids). The group is then held
 * for the exchange: its base files lie beside the database. */
static int open_as_admin(const char *path, const char *login, cli_sign_in_fn sign_in, session *s)
{
    s->db = NULL;
    s->raised = cli_raise_for(path);
    struct stat sb;
    int rc = 0;
    tz_error err = { 0 };
    if (stat(path, &sb) != 0) {
        fprintf(stderr, tz_L("taizhang: %s：文件不存在\n", "taizhang: %s: no such file\n"), path);
        rc = 2;
    } else if (db_open(path, &s->db, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s: %s\n", path, err.msg);
        rc = 1;
    }
    if (s->raised)
        tz_privs_lower();
    if (!rc)
        rc = sign_in(s->db, login);
    if (rc) {
        db_close(s->db);
        s->db = NULL;
    } else if (s->raised) {
        s->raised = tz_privs_raise();
    }
    return rc;
}

static void close_session(session *s)
{
    db_close(s->db);
    if (s->raised)
        tz_privs_lower();
    *s = (session){ 0 };
}

int cli_replica(int argc, char **argv, cli_sign_in_fn sign_in)
{
    if (argc < 2 || strcmp(argv[1], "create") != 0)
        return usage("%s", tz_L("用法：taizhang replica create --unit 代码 [--admin 登录名] 县库 乡镇库",
                                "usage: taizhang replica create --unit CODE [--admin LOGIN] COUNTY.db TOWNSHIP.db"));
    cli_options o = { 0 };
    int rc = parse(argc - 2, argv + 2, 2, false, &o);
    if (rc)
        return rc;
    if (!o.unit)
        return usage("%s", tz_L("replica create 需要 --unit 乡镇代码", "replica create needs --unit CODE"));
    session db;
    rc = open_as_admin(o.args[0], o.user, sign_in, &db);
    if (rc)
        return rc;
    char password[TZ_MAX_PASSWORD * 4 + 2];
    tz_replica_admin admin = { o.admin, password };
    if (o.admin && !cli_new_admin_password(o.admin, password, sizeof password)) {
        close_session(&db);
        return 2;
    }
    tz_error err = { 0 };
    tz_status s = db_replica_create(db.db, o.unit, o.args[1], o.admin ? &admin : NULL, &err);
    explicit_bzero(password, sizeof password);
    close_session(&db);
    if (s != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        return s == TZ_ERR_EXISTS ? 2 : 1;
    }
    printf(tz_L("已建立 %s 的副本 %s；两边各有一个交换基准文件（数据库名-sync-对方代码），请与数据库放在一起\n",
                "made %2$s, the replica of %1$s; each side has a base file of the exchange "
                "(DB-sync-CODE), keep it beside its database\n"), o.unit, o.args[1]);
    if (o.admin)
        printf(tz_L("副本的管理员是 %s，第一次登录时须改密码\n",
                    "the replica's administrator is %s, who changes the password at the first sign-in\n"),
               o.admin);
    return 0;
}

static void print_header(const tz_bundle_header *h)
{
    printf(tz_L("交换包：%s → %s 第 %lld 号（接在第 %lld 号之后，确认对方第 %lld 号），数据库版本 %d\n",
                "bundle: %s → %s number %lld (builds on %lld, acknowledges %lld), schema %d\n"),
           h->from, h->to, (long long)h->seq, (long long)h->builds_on, (long long)h->ack, h->schema);
    for (size_t i = 0; i < h->nrows; i++)
        printf(tz_L("  %-24s 新增 %d  修改 %d  删除 %d\n", "  %-24s inserted %d  updated %d  deleted %d\n"),
               h->rows[i].table, h->rows[i].inserted, h->rows[i].updated, h->rows[i].deleted);
    printf("  SHA-256 %s\n", h->sha256);
}

static int sync_export(int argc, char **argv, cli_sign_in_fn sign_in)
{
    cli_options o = { 0 };
    int rc = parse(argc, argv, 1, false, &o);
    if (rc)
        return rc;
    session db;
    rc = open_as_admin(o.args[0], o.user, sign_in, &db);
    if (rc)
        return rc;
    char written[4096];
    tz_bundle_header h;
    tz_error err = { 0 };
    if (db_sync_export(db.db, o.unit, o.to ? o.to : ".", written, sizeof written, &h, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        rc = 1;
    } else {
        printf(tz_L("已写出 %s\n", "wrote %s\n"), written);
        print_header(&h);
    }
    close_session(&db);
    return rc;
}

static void print_result(const tz_sync_result *r)
{
    for (size_t i = 0; i < r->nrefused; i++)
        printf(tz_L("拒绝：%s\n", "refused: %s\n"), r->refused[i]);
    for (size_t i = 0; i < r->nconflicts; i++) {
        const tz_sync_conflict *c = &r->conflicts[i];
        printf(tz_L("冲突：%s:%lld%s\n  本方：%s\n  对方：%s\n", "conflict: %s:%lld%s\n  ours:   %s\n  theirs: %s\n"),
               c->table, (long long)c->id,
               c->county_decides ? tz_L("（由上级决定，它的下一个交换包带来结果）",
                                        " (the upper unit decides; its next bundle settles it)") : "",
               c->ours ? c->ours : tz_L("（已删除）", "(deleted)"),
               c->theirs ? c->theirs : tz_L("（已删除）", "(deleted)"));
    }
    if (r->nconflicts)
        printf("%s", tz_L("用 --resolve 表:编号=ours（保留本方）或 =theirs（采用对方）逐条决定后再导入\n",
                          "decide each with --resolve TABLE:ID=ours (keep ours) or =theirs (take theirs) "
                          "and import again\n"));
}

static int sync_import(int argc, char **argv, cli_sign_in_fn sign_in)
{
    cli_options o = { 0 };
    int rc = parse(argc, argv, 2, true, &o);
    if (rc)
        return rc;
    session db;
    rc = open_as_admin(o.args[1], o.user, sign_in, &db);
    if (rc)
        return rc;
    tz_sync_result r;
    tz_error err = { 0 };
    tz_status s = db_sync_import(db.db, o.args[0], o.choices, o.nchoices, &r, &err);
    if (r.header.seq)
        print_header(&r.header);
    print_result(&r);
    if (s != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        rc = s == TZ_ERR_NOTFOUND ? 2 : 1;
    } else {
        printf(tz_L("已导入：%zu 处改动，%zu 处本库已有\n", "imported: %zu changes applied, %zu already here\n"),
               r.applied, r.already);
    }
    tz_sync_result_free(&r);
    close_session(&db);
    return rc;
}

int cli_sync(int argc, char **argv, cli_sign_in_fn sign_in)
{
    if (argc >= 2 && strcmp(argv[1], "export") == 0)
        return sync_export(argc - 2, argv + 2, sign_in);
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return sync_import(argc - 2, argv + 2, sign_in);
    return usage("%s", tz_L("用法：taizhang sync export [--unit 代码] [--to 文件或文件夹] 数据库 | "
                            "taizhang sync import [--resolve 选择]... 交换包 数据库",
                            "usage: taizhang sync export [--unit CODE] [--to FILE|DIR] DB | "
                            "taizhang sync import [--resolve CHOICE]... BUNDLE DB"));
}
