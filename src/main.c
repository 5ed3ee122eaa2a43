/* main.c — the taizhang command line: options, locale, and the subcommands that run without a
 * terminal. Exit codes: 0 done, 1 problems found or the operation failed, 2 bad usage or a
 * missing file.
 *
 * How to add a subcommand: write `static int cmd_x(int argc, char **argv)` below (argv[0] is
 * the subcommand's name), add a row to `subcommands` and a line to the usage text. */
#include "taizhang/db.h"
#include "taizhang/report.h"
#include "taizhang/spec.h"
#include "taizhang/ui.h"
#include "cli.h"
#include "sync_cli.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

extern const tz_embedded tz_builtin_forms[];
extern const size_t tz_builtin_forms_count;

static const char usage_zh[] =
    "用法：taizhang [--forms 目录] [--form 表单名] [数据库]\n"
    "      taizhang init 数据库\n"
    "      taizhang check [--forms 目录] 数据库\n"
    "      taizhang backup [--user 登录名] 数据库 文件夹或文件\n"
    "      taizhang restore [--user 登录名] 备份文件 数据库\n"
    "      taizhang export 报表 [--year 年] [--quarter 季] [--unit 代码] [-o 文件]\n"
    "                      [--user 登录名] 数据库\n"
    "      taizhang print 报表 [编号] [--year 年] [--unit 代码] [--to 文件|-]\n"
    "                     [--format pdf|text] [--width 列] [--length 行]\n"
    "                     [--user 登录名] 数据库\n"
    "      taizhang replica create --unit 代码 --admin 登录名 [--user 登录名] 上级库 副本\n"
    "      taizhang sync export [--unit 代码] [--to 文件或文件夹] [--user 登录名] 数据库\n"
    "      taizhang sync import [--resolve 表:编号=ours|theirs]... [--user 登录名] 交换包 数据库\n"
    "      taizhang --help | --version\n"
    "\n"
    "打开党建台账界面；数据库默认取 $TAIZHANG_DB，否则 ./taizhang.db。\n"
    "  --forms 目录   用该目录中的 .form/.menu 文件替换内置的同名定义\n"
    "  --form 名称    直接打开该表单的列表（如 units、people）\n"
    "  init           新建一个数据库（不会覆盖已有文件），并设管理员 admin 的密码\n"
    "                 （终端输入两次，或从标准输入读一行）\n"
    "  check          检查数据库完整性、外键、版本，并核对表单定义与数据库结构\n"
    "  check          任何能打开数据库的人都可运行，不需登录\n"
    "  backup         在线备份（可放到 U 盘），写完即做完整性检查；文件夹中按日期命名。\n"
    "                 备份含全市数据和密码哈希：数据库设有用户时只有管理员能备份（--user）\n"
    "  restore        先检查备份，再恢复；被替换的数据库另存为 数据库.replaced-日期时间。\n"
    "                 需要被替换的数据库的管理员登录（--user）\n"
    "  export         把报表写成 Excel 文件（如 quarterly 季度报表），先校核再写入\n"
    "  print          把报表排成 A4 的 PDF（contracts 责任状汇总、contract 编号\n"
    "                 单份责任状），交给设置中的打印命令（默认 lp）；\n"
    "                 --to 文件.pdf 存为 PDF，--to 文件.txt 或 --to - 为打印文本，\n"
    "                 其他文件名用 --format pdf|text 说明\n"
    "  replica        为一个乡镇建立离线副本（只含本乡镇和市级的记录），或从地区的库为一个县（市）\n"
    "                 建立副本（本县（市）、所属乡镇和地区的记录）；新记录用自己的编号段\n"
    "  sync export    把上次对方确认以来的改动写成交换包（文件夹中按单位和序号命名）\n"
    "  sync import    校验并导入交换包；两边都改过的记录列出，用 --resolve 逐条决定\n"
    "  --unit 代码    只编制该乡镇/街道；省略则为全市。年度默认今年，季度默认本季度\n"
    "  --user 登录名  数据库设有用户时，以此身份编制（只含其范围）；密码从终端或标准输入读取。\n"
    "                export、print：任何用户（查看员也可）\n";

static const char usage_en[] =
    "usage: taizhang [--forms DIR] [--form NAME] [DB]\n"
    "       taizhang init DB\n"
    "       taizhang check [--forms DIR] DB\n"
    "       taizhang backup [--user LOGIN] DB DEST\n"
    "       taizhang restore [--user LOGIN] BACKUP DB\n"
    "       taizhang export REPORT [--year Y] [--quarter Q] [--unit CODE] [-o FILE]\n"
    "                      [--user LOGIN] DB\n"
    "       taizhang print REPORT [ID] [--year Y] [--unit CODE] [--to FILE|-]\n"
    "                      [--format pdf|text] [--width COLS] [--length LINES]\n"
    "                      [--user LOGIN] DB\n"
    "       taizhang replica create --unit CODE --admin LOGIN [--user LOGIN] UPPER.db REPLICA.db\n"
    "       taizhang sync export [--unit CODE] [--to FILE|DIR] [--user LOGIN] DB\n"
    "       taizhang sync import [--resolve TABLE:ID=ours|theirs]... [--user LOGIN] BUNDLE DB\n"
    "       taizhang --help | --version\n"
    "\n"
    "Opens the party-building ledgers; DB defaults to $TAIZHANG_DB, then ./taizhang.db.\n"
    "  --forms DIR   .form/.menu files in DIR replace the built-in ones of the same name\n"
    "  --form NAME   open that form's list directly (units, people, ...)\n"
    "  init          create a new database (never overwrites a file) with the administrator\n"
    "                admin, whose password is asked twice or read as one line of input\n"
    "  check         integrity, foreign keys, schema version, and forms against the schema\n"
    "                (anyone who can open the database; no sign-in)\n"
    "  backup        online backup to a folder (dated file name) or a new file, then checked;\n"
    "                it holds the whole city and the password hashes: on a database with\n"
    "                users only an administrator may take one (--user)\n"
    "  restore       checks the backup, then restores it; the replaced database is kept;\n"
    "                needs the sign-in of an administrator of the database replaced\n"
    "  export        write a report as an Excel workbook (quarterly ...), checked first\n"
    "  print         typeset a report as A4 PDF (contracts; contract ID) and send it to the\n"
    "                print command of the settings (lp); --to FILE.pdf saves the PDF,\n"
    "                --to FILE.txt or --to - the printer text; --format pdf|text otherwise\n"
    "  replica       make a township's offline replica (its rows and the city-level ones),\n"
    "                or from a prefecture's database a county's (its rows, its townships'\n"
    "                and the prefecture's); new rows numbered from a block of its own\n"
    "  sync export   write the changes since the other side's last acknowledgement as a\n"
    "                bundle (a folder gets a name by unit and number)\n"
    "  sync import   check and apply a bundle; rows changed on both sides are listed, and\n"
    "                --resolve decides each\n"
    "  --unit CODE   one township only; default the whole city. Year defaults to this\n"
    "                year, quarter to this quarter\n"
    "  --user LOGIN  on a database with users, report as LOGIN (within its scope); the\n"
    "                password is read from the terminal or standard input. export and\n"
    "                print: any user, viewers too\n";

static const char *usage_text(void)
{
    return tz_L(usage_zh, usage_en);
}

int cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "taizhang: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, tz_L("（taizhang --help 查看用法）\n", " (see taizhang --help)\n"));
    return 2;
}

void cli_print_problems(const tz_problems *probs)
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
                return cli_usage_error(tz_L("%s 后面缺少参数", "%s needs an argument"), a);
            if (strcmp(a, "--forms") == 0)
                o->forms_dir = argv[++i];
            else
                o->form = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(tz_L("不认识的选项 %s", "unknown option %s"), a);
        } else if (o->db) {
            return cli_usage_error(tz_L("多余的参数 %s", "unexpected argument %s"), a);
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
bool cli_load_forms(const char *dir, tz_formset *set)
{
    tz_problems probs = { 0 };
    tz_status st = tz_spec_load(set, tz_builtin_forms, tz_builtin_forms_count, dir, &probs);
    ui_check_commands(set, &probs);
    if (probs.n)
        st = TZ_ERR_PARSE;
    cli_print_problems(&probs);
    tz_problems_free(&probs);
    return st == TZ_OK;
}

static int open_db_here(const char *path, tz_db **db);

/* ---- a setgid run (make install-server) ------------------------------------------------------
 * The group's rights (tz_privs_*) are taken up only to open a database whose folder belongs to
 * that group and that nobody outside it can write: the server's database folder, which a
 * clerk can neither make nor change. Any other path — given as DB or by TAIZHANG_DB — is opened
 * with the clerk's own rights, as if the binary were not setgid. */
static bool in_group_folder(const char *db_path)
{
    if (!tz_privs_setgid())
        return false;
    char *dir = tz_strdup(db_path), real[PATH_MAX];
    if (!dir)
        return false;
    char *slash = strrchr(dir, '/');
    const char *d = !slash ? "." : slash == dir ? "/" : (*slash = '\0', dir);
    struct stat st;
    bool ok = realpath(d, real) && stat(real, &st) == 0 && S_ISDIR(st.st_mode)
              && st.st_gid == tz_privs_group() && !(st.st_mode & S_IWOTH);
    free(dir);
    return ok;
}

/* Takes up the group's rights for the database at path when it lies in the group's folder;
 * returns whether they were taken up (give them back with tz_privs_lower). */
bool cli_raise_for(const char *db_path)
{
    return in_group_folder(db_path) && tz_privs_raise();
}

int cli_open_db(const char *path, tz_db **db)
{
    bool raised = cli_raise_for(path); /* the database, its -wal, -shm and -writer; nothing else */
    int rc = open_db_here(path, db);
    if (raised)
        tz_privs_lower();
    return rc;
}

static int open_db_here(const char *path, tz_db **db)
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

/* --forms DIR is trusted like a configuration file: used as it is when DIR belongs to the
 * database file's owner and nobody else can write it (tz_dir_private_to); otherwise only an
 * administrator may sign in with it. A copy of the forms in a clerk's home folder must not
 * decide what the shared database shows to that clerk. Asked before the forms are read: what
 * is read is then what was checked, the folder being nobody else's to change. */
bool cli_forms_trusted(const char *db_path, const char *forms_dir)
{
    struct stat st;
    return !forms_dir || (stat(db_path, &st) == 0 && tz_dir_private_to(forms_dir, st.st_uid));
}

void cli_trust_forms(tz_db *db, bool trusted)
{
    if (!trusted)
        db_forms_need_admin(db);
}

/* ---- subcommands ------------------------------------------------------------------------------ */

/* ---- passwords on the command line ----------------------------------------------------------
 * From the terminal with echo off, or one line of standard input (scripts). */
static struct termios echoing; /* the terminal as it was before a password was read */
static const int interrupts[] = { SIGINT, SIGQUIT, SIGTERM };
static struct sigaction interrupted[sizeof interrupts / sizeof interrupts[0]]; /* their actions before */

/* Ctrl-C while a password is read: the terminal echoes again, then the signal does what it
 * did before. */
static void echo_and_reraise(int sig)
{
    tcsetattr(STDIN_FILENO, TCSANOW, &echoing);
    for (size_t i = 0; i < sizeof interrupts / sizeof interrupts[0]; i++)
        sigaction(interrupts[i], &interrupted[i], NULL);
    raise(sig);
}

/* Echo off, with the terminal restored should a signal end the program meanwhile; or echo
 * back on, and the signals' actions as they were. */
static void set_echo(bool echo)
{
    struct sigaction restore = { .sa_handler = echo_and_reraise };
    if (echo)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &echoing);
    for (size_t i = 0; i < sizeof interrupts / sizeof interrupts[0]; i++)
        sigaction(interrupts[i], echo ? &interrupted[i] : &restore, echo ? NULL : &interrupted[i]);
    if (!echo) {
        struct termios quiet = echoing;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
}

/* Reads one line into buf. A line longer than buf is read to its end and refused
 * (*too_long), never cut: a cut password would not be the one the clerk typed. */
static bool read_password(const char *prompt, char *buf, size_t cap, bool *too_long)
{
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &echoing) == 0;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        set_echo(false);
    }
    bool ok = fgets(buf, (int)cap, stdin) != NULL;
    *too_long = ok && !strchr(buf, '\n') && !feof(stdin);
    for (int c = 0; *too_long && c != '\n' && c != EOF;)
        c = getchar();
    if (tty) {
        set_echo(true);
        fputc('\n', stderr);
    }
    buf[ok ? strcspn(buf, "\r\n") : 0] = '\0';
    if (*too_long)
        explicit_bzero(buf, cap);
    return ok && *buf && !*too_long;
}

static void say_too_long(void)
{
    fprintf(stderr, tz_L("taizhang: 密码太长：最多 %d 个字符\n", "taizhang: the password is too long: at most %d characters\n"),
            TZ_MAX_PASSWORD);
}

/* A new administrator's password: asked twice at a terminal, read once from a script. */
bool cli_new_admin_password(const char *login, char *buf, size_t cap)
{
    char again[TZ_MAX_PASSWORD * 4 + 2], prompt[160];
    bool too_long;
    snprintf(prompt, sizeof prompt, tz_L("管理员 %s 的密码：", "Password for the administrator %s: "), login);
    if (!read_password(prompt, buf, cap, &too_long)) {
        if (too_long) {
            say_too_long();
            return false;
        }
        fprintf(stderr, "%s", tz_L("taizhang: 需要管理员密码（终端输入，或从标准输入读一行）\n",
                                   "taizhang: an administrator password is needed (typed, or one line on standard input)\n"));
        return false;
    }
    if (tz_utf8_count(buf) < TZ_MIN_PASSWORD) {
        fprintf(stderr, tz_L("taizhang: 密码至少要 %d 个字符\n", "taizhang: a password needs at least %d characters\n"),
                TZ_MIN_PASSWORD);
        return false;
    }
    if (tz_utf8_count(buf) > TZ_MAX_PASSWORD) {
        say_too_long();
        return false;
    }
    if (isatty(STDIN_FILENO) && (!read_password(tz_L("再输一次：", "Again: "), again, sizeof again, &too_long)
                                 || strcmp(again, buf) != 0)) {
        explicit_bzero(again, sizeof again);
        fprintf(stderr, "%s", tz_L("taizhang: 两次输入的密码不一样\n", "taizhang: the passwords differ\n"));
        return false;
    }
    explicit_bzero(again, sizeof again);
    return true;
}

static int cmd_init(int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error(tz_L("%s 需要且只需要一个数据库文件名", "%s takes exactly one database path"),
                           "init");
    if (file_exists(argv[1])) {
        fprintf(stderr, tz_L("taizhang: %s 已存在，不会覆盖\n", "taizhang: %s already exists; not overwritten\n"),
                argv[1]);
        return 2;
    }
    char password[TZ_MAX_PASSWORD * 4 + 2];
    if (!cli_new_admin_password("admin", password, sizeof password))
        return 2;
    tz_db *db = NULL;
    tz_error err = { 0 };
    /* the server's database is made by root (sudo taizhang init …), not by any clerk */
    bool raised = getuid() == 0 && cli_raise_for(argv[1]);
    tz_status made = db_create(argv[1], &db, &err);
    if (raised)
        tz_privs_lower();
    if (made != TZ_OK) {
        explicit_bzero(password, sizeof password);
        fprintf(stderr, "taizhang: %s: %s\n", argv[1], err.msg);
        return err.code == TZ_ERR_EXISTS ? 2 : 1;
    }
    tz_status st = db_user_add(db, "admin", tz_L("系统管理员", "Administrator"), "admin", 0, password,
                               false, &err);
    explicit_bzero(password, sizeof password);
    if (st != TZ_OK)
        fprintf(stderr, "taizhang: %s: %s\n", argv[1], err.msg);
    else
        printf(tz_L("已新建 %s（数据库版本 %d），管理员登录名 admin\n",
                    "created %s (schema version %d); the administrator signs in as admin\n"),
               argv[1], db_schema_version(db));
    db_close(db);
    return st == TZ_OK ? 0 : 1;
}

/* A database with users: sign in as --user, the password from the terminal or standard
 * input. Returns 0, or the exit status. */
int cli_sign_in(tz_db *db, const char *login)
{
    if (!db_has_users(db))
        return 0;
    if (!login)
        return cli_usage_error("%s", tz_L("这个数据库要求登录：加 --user 登录名（密码从终端或标准输入读取）",
                                      "this database needs a sign-in: add --user LOGIN (the password is read from the terminal or standard input)"));
    char password[TZ_MAX_PASSWORD * 4 + 2];
    char prompt[200];
    snprintf(prompt, sizeof prompt, tz_L("%s 的密码：", "Password for %s: "), login);
    bool too_long;
    bool got = read_password(prompt, password, sizeof password, &too_long);
    tz_error err = { 0 };
    tz_status st = got        ? db_sign_in(db, login, password, &err)
                   : too_long ? tz_fail(&err, TZ_ERR_DENIED, tz_L("密码太长：最多 %d 个字符", "the password is too long: at most %d characters"), TZ_MAX_PASSWORD)
                              : tz_fail(&err, TZ_ERR_DENIED, "%s", tz_L("没有读到密码", "no password was given"));
    explicit_bzero(password, sizeof password);
    if (st != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        return 1;
    }
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    options o = { 0 };
    int rc = parse_options(argc - 1, argv + 1, false, &o);
    if (rc)
        return rc;
    if (!o.db)
        return cli_usage_error(tz_L("%s 需要数据库文件名", "%s needs a database path"), "check");
    tz_formset set = { 0 };
    bool ok = cli_load_forms(o.forms_dir, &set);
    tz_db *db = NULL;
    rc = cli_open_db(o.db, &db);
    if (rc) {
        tz_formset_free(&set);
        return rc;
    }
    tz_problems probs = { 0 };
    db_check_integrity(db, o.db, &probs);
    if (ok) {
        db_load_choices(db, &set, &probs);
        db_check_forms(db, &set, &probs);
        db_check_reports(db, &set, &probs);
    }
    cli_print_problems(&probs);
    ok = ok && probs.n == 0;
    if (ok)
        printf(tz_L("%s：完好（数据库版本 %d，表单 %zu 个）\n", "%s: OK (schema version %d, %zu forms)\n"),
               o.db, db_schema_version(db), set.nforms);
    tz_problems_free(&probs);
    db_close(db);
    tz_formset_free(&set);
    return ok ? 0 : 1;
}

/* The value after an option, or NULL after a usage message. */
const char *cli_option_value(int argc, char **argv, int *i)
{
    if (*i + 1 == argc) {
        cli_usage_error(tz_L("%s 后面缺少参数", "%s needs an argument"), argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

/* `[--user LOGIN] A B`: the two paths of backup and restore. Returns 0 or the exit status. */
static int parse_two_paths(int argc, char **argv, const char *what, const char **user,
                           const char *paths[2])
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--user") == 0) {
            if (!(*user = cli_option_value(argc, argv, &i)))
                return 2;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error(tz_L("不认识的选项 %s", "unknown option %s"), argv[i]);
        } else if (n == 2) {
            return cli_usage_error(tz_L("多余的参数 %s", "unexpected argument %s"), argv[i]);
        } else {
            paths[n++] = argv[i];
        }
    }
    if (n == 2)
        return 0;
    return cli_usage_error(strcmp(what, "backup") == 0
                           ? tz_L("%s 需要数据库和备份位置（文件夹或文件）",
                                  "%s takes a database and a destination (folder or file)")
                           : tz_L("%s 需要备份文件和要恢复的数据库", "%s takes a backup and a database"),
                       what);
}

/* Signs in as --user when the database has users, and requires an administrator: a backup
 * holds the whole city and every password hash, and a restore replaces them. */
static int sign_in_admin(tz_db *db, const char *user)
{
    int rc = cli_sign_in(db, user);
    tz_error err = { 0 };
    if (!rc && db_need_admin(db, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        rc = 1;
    }
    return rc;
}

static int cmd_backup(int argc, char **argv)
{
    const char *user = NULL, *paths[2];
    int rc = parse_two_paths(argc, argv, "backup", &user, paths);
    tz_db *db = NULL;
    if (!rc)
        rc = cli_open_db(paths[0], &db);
    if (!rc)
        rc = sign_in_admin(db, user);
    if (rc) {
        db_close(db);
        return rc;
    }
    char written[4096];
    tz_error err = { 0 };
    if (db_backup(db, paths[1], written, sizeof written, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        rc = err.code == TZ_ERR_EXISTS ? 2 : 1;
    } else {
        printf(tz_L("已备份到 %s（完整性检查通过）\n", "backed up to %s (integrity check passed)\n"),
               written);
    }
    db_close(db);
    return rc;
}

/* Who may replace the database at target: an administrator of it; when it is missing, anyone
 * (nothing is replaced); when it cannot be opened (damaged), only the owner of its file. */
static int may_restore(const char *target, const char *user)
{
    struct stat st;
    if (stat(target, &st) != 0 && errno == ENOENT)
        return 0;
    tz_db *db = NULL;
    tz_error err = { 0 };
    bool raised = cli_raise_for(target);
    tz_status opened = db_open(target, &db, &err);
    if (raised)
        tz_privs_lower();
    if (opened == TZ_OK) {
        int rc = sign_in_admin(db, user);
        db_close(db);
        return rc;
    }
    if (getuid() == 0 || getuid() == st.st_uid)
        return 0;
    fprintf(stderr, tz_L("taizhang: %s 打不开（%s），只有它的所有者能恢复它\n",
                         "taizhang: %s cannot be opened (%s); only its owner may restore it\n"),
            target, err.msg);
    return 1;
}

static int cmd_restore(int argc, char **argv)
{
    const char *user = NULL, *paths[2];
    int rc = parse_two_paths(argc, argv, "restore", &user, paths);
    if (!rc)
        rc = may_restore(paths[1], user);
    if (rc)
        return rc;
    char kept[4200];
    tz_error err = { 0 };
    bool raised = cli_raise_for(paths[1]); /* the database replaced and the copy kept beside it */
    tz_status st = db_restore(paths[0], paths[1], kept, sizeof kept, &err);
    if (raised)
        tz_privs_lower();
    if (st != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        return err.code == TZ_ERR_NOTFOUND ? 2 : 1;
    }
    printf(tz_L("已用 %s 恢复 %s；原数据库保存为 %s\n", "restored %2$s from %1$s; the old one is kept as %3$s\n"),
           paths[0], paths[1], kept);
    return 0;
}

/* PRAGMA quick_check at every start-up, in a child process of low priority on its own
 * connection: it reads the whole file, which on a national database takes a while, and the
 * first screen must not wait for it (start-up stays flat as the data grows). The child writes
 * the first problem to a pipe, or nothing; the UI shows a problem as soon as it arrives. */
static void start_quick_check(const char *path)
{
    int fds[2];
    if (pipe(fds) != 0)
        return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        (void)setpriority(PRIO_PROCESS, 0, 10); /* the clerk's typing comes first */
        tz_db *db = NULL;
        tz_error err = { 0 };
        tz_problems probs = { 0 };
        bool raised = cli_raise_for(path);
        tz_status st = db_open(path, &db, &err);
        if (raised)
            tz_privs_lower();
        if (st == TZ_OK)
            st = db_quick_check(db, path, &probs);
        const char *said = probs.n ? probs.items[0].msg : st != TZ_OK ? err.msg : "";
        ssize_t unused = write(fds[1], said, strlen(said));
        (void)unused; /* the UI reads what arrives; nothing to do if it went away */
        _exit(0);     /* no atexit handlers, no curses, no sharing the parent's connection */
    }
    close(fds[1]);
    if (pid < 0)
        close(fds[0]);
    else
        ui_watch_check(fds[0], (int)pid);
}

static int run_ui(int argc, char **argv)
{
    options o = { 0 };
    int rc = parse_options(argc, argv, true, &o);
    if (rc)
        return rc;
    if (!o.db)
        o.db = getenv("TAIZHANG_DB") && *getenv("TAIZHANG_DB") ? getenv("TAIZHANG_DB") : "taizhang.db";
    bool trusted = cli_forms_trusted(o.db, o.forms_dir);
    tz_formset set = { 0 };
    if (!cli_load_forms(o.forms_dir, &set)) {
        tz_formset_free(&set);
        return 1;
    }
    if (o.form && !tz_spec_form(&set, o.form)) {
        tz_formset_free(&set);
        return cli_usage_error(tz_L("没有名为 %s 的表单", "no form named %s"), o.form);
    }
    tz_db *db = NULL;
    rc = cli_open_db(o.db, &db);
    if (rc) {
        tz_formset_free(&set);
        return rc;
    }
    tz_problems probs = { 0 };
    db_load_choices(db, &set, &probs);
    db_use_forms(db, &set);
    cli_trust_forms(db, trusted);
    /* A form naming a column the database lacks would fail on the first keystroke; refuse now. */
    db_check_forms(db, &set, &probs);
    db_check_reports(db, &set, &probs);
    if (probs.n) {
        cli_print_problems(&probs);
        rc = 1;
    } else {
        start_quick_check(o.db);
        rc = ui_run(db, &set, o.db, o.form);
    }
    tz_problems_free(&probs);
    db_close(db);
    tz_formset_free(&set);
    return rc;
}

static int cmd_replica(int argc, char **argv)
{
    return cli_replica(argc, argv, cli_sign_in);
}

static int cmd_sync(int argc, char **argv)
{
    return cli_sync(argc, argv, cli_sign_in);
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
    { "export",  cli_export },
    { "print",   cli_print },
    { "replica", cmd_replica },
    { "sync",    cmd_sync },
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

/* The password-hashing helper (src/crypt_main.c), so that yescrypt's 16 MiB stay out of this
 * process: beside this binary in the build tree, in ../libexec/taizhang when installed. Without
 * it, passwords are hashed in this process. */
static void find_crypt_helper(void)
{
    static char helper[PATH_MAX];
    char dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0)
        return;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return;
    *slash = '\0';
    static const char *const places[] = { "/taizhang-crypt", "/../libexec/taizhang/taizhang-crypt" };
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
        if ((size_t)snprintf(helper, sizeof helper, "%s%s", dir, places[i]) < sizeof helper &&
            access(helper, X_OK) == 0) {
            tz_password_use_helper(helper);
            return;
        }
}

int main(int argc, char **argv)
{
    tz_privs_init(); /* a setgid run: the group's rights aside until a database is opened */
    if (!setup_locale())
        return 2;
    find_crypt_helper();
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
