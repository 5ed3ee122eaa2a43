/* main.c — the taizhang command line: options, locale, and the subcommands that run without a
 * terminal. Exit codes: 0 done, 1 problems found or the operation failed, 2 bad usage or a
 * missing file.
 *
 * How to add a subcommand: write `static int cmd_x(int argc, char **argv)` below (argv[0] is
 * the subcommand's name), add a row to `subcommands` and a line to the usage text. */
#include "taizhang/db.h"
#include "taizhang/spec.h"
#include "taizhang/ui.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern const tz_embedded tz_builtin_forms[];
extern const size_t tz_builtin_forms_count;

static const char *usage_text(void)
{
    return tz_L(
        "用法：taizhang [--forms 目录] [--form 表单名] [数据库]\n"
        "      taizhang init 数据库\n"
        "      taizhang check [--forms 目录] 数据库\n"
        "      taizhang backup 数据库 文件夹或文件\n"
        "      taizhang restore 备份文件 数据库\n"
        "      taizhang --help | --version\n"
        "\n"
        "打开党建台账界面；数据库默认取 $TAIZHANG_DB，否则 ./taizhang.db。\n"
        "  --forms 目录   用该目录中的 .form/.menu 文件替换内置的同名定义\n"
        "  --form 名称    直接打开该表单的列表（如 units、people）\n"
        "  init           新建一个数据库（不会覆盖已有文件）\n"
        "  check          检查数据库完整性、外键、版本，并核对表单定义与数据库结构\n"
        "  backup         在线备份（可放到 U 盘），写完即做完整性检查；文件夹中按日期命名\n"
        "  restore        先检查备份，再恢复；被替换的数据库另存为 数据库.replaced-日期时间\n",
        "usage: taizhang [--forms DIR] [--form NAME] [DB]\n"
        "       taizhang init DB\n"
        "       taizhang check [--forms DIR] DB\n"
        "       taizhang backup DB DEST\n"
        "       taizhang restore BACKUP DB\n"
        "       taizhang --help | --version\n"
        "\n"
        "Opens the party-building ledgers; DB defaults to $TAIZHANG_DB, then ./taizhang.db.\n"
        "  --forms DIR   .form/.menu files in DIR replace the built-in ones of the same name\n"
        "  --form NAME   open that form's list directly (units, people, ...)\n"
        "  init          create a new database (never overwrites a file)\n"
        "  check         integrity, foreign keys, schema version, and forms against the schema\n"
        "  backup        online backup to a folder (dated file name) or a new file, then checked\n"
        "  restore       checks the backup, then restores it; the replaced database is kept\n");
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "taizhang: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, tz_L("（taizhang --help 查看用法）\n", " (see taizhang --help)\n"));
    return 2;
}

static void print_problems(const tz_problems *probs)
{
    for (size_t i = 0; i < probs->n; i++) {
        const tz_problem *p = &probs->items[i];
        if (p->line > 0)
            printf("%s:%d: %s\n", p->file, p->line, p->msg);
        else
            printf("%s: %s\n", p->file, p->msg);
    }
}

/* ---- options shared by the UI and `check` --------------------------------------------------- */

typedef struct {
    const char *forms_dir; /* --forms */
    const char *form;      /* --form */
    const char *db;        /* the positional argument */
} options;

/* Returns 0, or the exit status for a usage error. */
static int parse_options(int argc, char **argv, bool allow_form, options *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--forms") == 0 || (allow_form && strcmp(a, "--form") == 0)) {
            if (i + 1 == argc)
                return usage_error(tz_L("%s 后面缺少参数", "%s needs an argument"), a);
            if (strcmp(a, "--forms") == 0)
                o->forms_dir = argv[++i];
            else
                o->form = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error(tz_L("不认识的选项 %s", "unknown option %s"), a);
        } else if (o->db) {
            return usage_error(tz_L("多余的参数 %s", "unexpected argument %s"), a);
        } else {
            o->db = a;
        }
    }
    return 0;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Loads the forms, built-in and overridden; prints the problems and returns false if any. */
static bool load_forms(const char *dir, tz_formset *set)
{
    tz_problems probs = { 0 };
    tz_status st = tz_spec_load(set, tz_builtin_forms, tz_builtin_forms_count, dir, &probs);
    ui_check_commands(set, &probs);
    if (probs.n)
        st = TZ_ERR_PARSE;
    print_problems(&probs);
    tz_problems_free(&probs);
    return st == TZ_OK;
}

static int open_db(const char *path, tz_db **db)
{
    if (!file_exists(path)) {
        fprintf(stderr, tz_L("taizhang: %s：文件不存在（用 taizhang init %s 新建）\n",
                             "taizhang: %s: no such file (create it with taizhang init %s)\n"),
                path, path);
        return 2;
    }
    tz_error err = { 0 };
    if (db_open(path, db, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s: %s\n", path, err.msg);
        return 1;
    }
    return 0;
}

/* ---- subcommands ------------------------------------------------------------------------------ */

static int cmd_init(int argc, char **argv)
{
    if (argc != 2)
        return usage_error(tz_L("%s 需要且只需要一个数据库文件名", "%s takes exactly one database path"),
                           "init");
    tz_db *db = NULL;
    tz_error err = { 0 };
    if (db_create(argv[1], &db, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s: %s\n", argv[1], err.msg);
        return err.code == TZ_ERR_EXISTS ? 2 : 1;
    }
    printf(tz_L("已新建 %s（数据库版本 %d）\n", "created %s (schema version %d)\n"), argv[1],
           db_schema_version(db));
    db_close(db);
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    options o = { 0 };
    int rc = parse_options(argc - 1, argv + 1, false, &o);
    if (rc)
        return rc;
    if (!o.db)
        return usage_error(tz_L("%s 需要数据库文件名", "%s needs a database path"), "check");
    tz_formset set = { 0 };
    bool ok = load_forms(o.forms_dir, &set);
    tz_db *db = NULL;
    rc = open_db(o.db, &db);
    if (rc) {
        tz_formset_free(&set);
        return rc;
    }
    tz_problems probs = { 0 };
    db_check_integrity(db, o.db, &probs);
    if (ok)
        db_check_forms(db, &set, &probs);
    print_problems(&probs);
    ok = ok && probs.n == 0;
    if (ok)
        printf(tz_L("%s：完好（数据库版本 %d，表单 %zu 个）\n", "%s: OK (schema version %d, %zu forms)\n"),
               o.db, db_schema_version(db), set.nforms);
    tz_problems_free(&probs);
    db_close(db);
    tz_formset_free(&set);
    return ok ? 0 : 1;
}

static int cmd_backup(int argc, char **argv)
{
    if (argc != 3)
        return usage_error(tz_L("%s 需要数据库和备份位置（文件夹或文件名）",
                                "%s takes a database and a destination (folder or file)"), "backup");
    tz_db *db = NULL;
    int rc = open_db(argv[1], &db);
    if (rc)
        return rc;
    char written[4096];
    tz_error err = { 0 };
    if (db_backup(db, argv[2], written, sizeof written, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        rc = err.code == TZ_ERR_EXISTS ? 2 : 1;
    } else {
        printf(tz_L("已备份到 %s（完整性检查通过）\n", "backed up to %s (integrity check passed)\n"),
               written);
    }
    db_close(db);
    return rc;
}

static int cmd_restore(int argc, char **argv)
{
    if (argc != 3)
        return usage_error(tz_L("%s 需要备份文件和要恢复的数据库", "%s takes a backup and a database"),
                           "restore");
    char kept[4200];
    tz_error err = { 0 };
    if (db_restore(argv[1], argv[2], kept, sizeof kept, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        return err.code == TZ_ERR_NOTFOUND ? 2 : 1;
    }
    printf(tz_L("已用 %s 恢复 %s；原数据库保存为 %s\n", "restored %2$s from %1$s; the old one is kept as %3$s\n"),
           argv[1], argv[2], kept);
    return 0;
}

static int run_ui(int argc, char **argv)
{
    options o = { 0 };
    int rc = parse_options(argc, argv, true, &o);
    if (rc)
        return rc;
    if (!o.db)
        o.db = getenv("TAIZHANG_DB") && *getenv("TAIZHANG_DB") ? getenv("TAIZHANG_DB") : "taizhang.db";
    tz_formset set = { 0 };
    if (!load_forms(o.forms_dir, &set)) {
        tz_formset_free(&set);
        return 1;
    }
    if (o.form && !tz_spec_form(&set, o.form)) {
        tz_formset_free(&set);
        return usage_error(tz_L("没有名为 %s 的表单", "no form named %s"), o.form);
    }
    tz_db *db = NULL;
    rc = open_db(o.db, &db);
    if (rc) {
        tz_formset_free(&set);
        return rc;
    }
    db_use_forms(db, &set);
    /* A form naming a column the database lacks would fail on the first keystroke; refuse now. */
    tz_problems probs = { 0 };
    db_check_forms(db, &set, &probs);
    if (probs.n) {
        print_problems(&probs);
        rc = 1;
    } else {
        rc = ui_run(db, &set, o.db, o.form);
    }
    tz_problems_free(&probs);
    db_close(db);
    tz_formset_free(&set);
    return rc;
}

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
} subcommand;

static const subcommand subcommands[] = {
    { "init",    cmd_init },
    { "check",   cmd_check },
    { "backup",  cmd_backup },
    { "restore", cmd_restore },
};

/* ---- locale ------------------------------------------------------------------------------------
 * The screen needs a UTF-8 locale for wide characters. An SSH login often has none; C.UTF-8
 * exists on every Debian, so fall back to it and refuse only if even that is missing. */
static bool setup_locale(void)
{
    tz_lang_set(tz_lang_from_env());
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return true;
    if (setlocale(LC_ALL, "C.UTF-8") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return true;
    fprintf(stderr, "taizhang: this program needs a UTF-8 locale; set LANG=zh_CN.UTF-8 or "
                    "LANG=C.UTF-8 (需要 UTF-8 语言环境，请设置 LANG=zh_CN.UTF-8)\n");
    return false;
}

int main(int argc, char **argv)
{
    if (!setup_locale())
        return 2;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text(), stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("taizhang %s (schema %d)\n", TZ_VERSION, db_schema_latest());
            return 0;
        }
    }
    if (argc > 1)
        for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
            if (strcmp(argv[1], subcommands[i].name) == 0)
                return subcommands[i].run(argc - 1, argv + 1);
    return run_ui(argc - 1, argv + 1);
}
