/* report_cli.c — `taizhang export` and `taizhang print`: a report from the command line, to an
 * .xlsx file, or as printer text or PDF to a file, standard output or the print command. */
#include "cli.h"

#include "taizhang/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ---- reports ---------------------------------------------------------------------------------- */

typedef struct {
    const char *report;    /* the report's name */
    const char *id;        /* a record id (print contract ID) */
    const char *year, *quarter, *unit, *out, *width, *length, *forms_dir, *db, *user, *format;
} report_options;

static int parse_report_options(int argc, char **argv, const char *out_flag, report_options *o)
{
    struct {
        const char *flag;
        const char **dst;
    } flags[] = { { "--year", &o->year },     { "--quarter", &o->quarter }, { "--unit", &o->unit },
                  { out_flag, &o->out },      { "--width", &o->width },     { "--length", &o->length },
                  { "--forms", &o->forms_dir }, { "--user", &o->user }, { "--format", &o->format } };
    const char **positional[] = { &o->report, &o->id, &o->db };
    size_t npos = 0;
    const char *pos[3] = { 0 };
    for (int i = 1; i < argc; i++) {
        size_t f = 0;
        while (f < sizeof flags / sizeof flags[0] && strcmp(argv[i], flags[f].flag) != 0)
            f++;
        if (f < sizeof flags / sizeof flags[0]) {
            if (!(*flags[f].dst = cli_option_value(argc, argv, &i)))
                return 2;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error(tz_L("不认识的选项 %s", "unknown option %s"), argv[i]);
        } else if (npos == 3) {
            return cli_usage_error(tz_L("多余的参数 %s", "unexpected argument %s"), argv[i]);
        } else {
            pos[npos++] = argv[i];
        }
    }
    if (npos < 2)
        return cli_usage_error(tz_L("%s 需要报表名和数据库", "%s needs a report name and a database"), argv[0]);
    *positional[0] = pos[0];
    *positional[1] = npos == 3 ? pos[1] : NULL;
    *positional[2] = pos[npos - 1];
    return 0;
}

/* A whole number in [lo, hi] from an option, or a usage error. */
static int int_option(const char *flag, const char *text, int lo, int hi, int fallback, int *out)
{
    int64_t v = fallback;
    if (text && (!tz_parse_int(text, &v) || v < lo || v > hi)) {
        fprintf(stderr, tz_L("taizhang: %s 应为 %d 到 %d 之间的整数，而不是“%s”\n",
                             "taizhang: %s must be a whole number from %d to %d, not \"%s\"\n"),
                flag, lo, hi, text);
        return 2;
    }
    *out = (int)v;
    return 0;
}

/* Fills the run's parameters from the options, with this year and quarter as defaults. */
static int report_params(const tz_report *r, const report_options *o, tz_report_args *a)
{
    const char *unused = o->quarter && !(r->params & TZ_RP_QUARTER) ? "--quarter"
                       : o->year && !(r->params & TZ_RP_YEAR)       ? "--year"
                       : o->unit && !(r->params & TZ_RP_UNIT)       ? "--unit"
                                                                     : NULL;
    if (unused)
        return cli_usage_error(tz_L("这份报表不用 %s", "this report takes no %s"), unused);
    char today[11];
    tz_date_today(today);
    int year = atoi(today), month = atoi(today + 5);
    int rc = int_option("--year", o->year, 2000, 2100, year, &a->q.year);
    if (!rc && (r->params & TZ_RP_QUARTER))
        rc = int_option("--quarter", o->quarter, 1, 4, (month + 2) / 3, &a->q.quarter);
    if (!rc && (r->params & TZ_RP_ID)) {
        int id = 0;
        if (!o->id)
            return cli_usage_error(tz_L("报表 %s 需要记录编号", "report %s needs a record id"), r->name);
        rc = int_option(tz_L("编号", "id"), o->id, 1, 2000000000, 0, &id);
        a->q.id = id;
    } else if (!rc && o->id) {
        return cli_usage_error(tz_L("报表 %s 不需要记录编号", "report %s takes no record id"), r->name);
    }
    if (!(r->params & TZ_RP_YEAR))
        a->q.year = 0;
    return rc;
}

/* Loads forms, opens the database, finds the report and fills its parameters. On success the
 * caller closes *db and frees *set. */
static int open_report(const report_options *o, tz_formset *set, tz_db **db, const tz_report **r,
                       tz_report_args *a)
{
    bool trusted = cli_forms_trusted(o->db, o->forms_dir);
    if (!cli_load_forms(o->forms_dir, set))
        return 1;
    if (!(*r = tz_spec_report(set, o->report)))
        return cli_usage_error(tz_L("没有名为 %s 的报表", "no report named %s"), o->report);
    int rc = cli_open_db(o->db, db);
    if (rc)
        return rc;
    cli_trust_forms(*db, trusted);
    rc = cli_sign_in(*db, o->user);
    if (rc) {
        db_close(*db);
        *db = NULL;
        return rc;
    }
    tz_problems probs = { 0 };
    db_check_reports(*db, set, &probs);
    cli_print_problems(&probs);
    rc = probs.n ? 1 : 0;
    tz_problems_free(&probs);
    tz_error err = { 0 };
    if (!rc && tz_report_args_init(*db, (*r)->params & TZ_RP_UNIT ? o->unit : NULL, 0, a, &err) != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.msg);
        rc = err.code == TZ_ERR_NOTFOUND || err.code == TZ_ERR_INVALID ? 2 : 1;
    }
    if (!rc)
        rc = report_params(*r, o, a);
    if (rc) {
        db_close(*db);
        *db = NULL;
    }
    return rc;
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A quarter not yet over is reported as of today, not its last day: say so. */
static void warn_open_quarter(const tz_report_args *a)
{
    char end[11];
    if (tz_report_period_open(a, end))
        fprintf(stderr, tz_L("taizhang: 注意：%d年第%d季度到 %s 才结束，报表是截至今天（%s）的情况\n",
                             "taizhang: note: %d Q%d ends on %s; the report shows the state as of "
                             "today (%s)\n"),
                a->q.year, a->q.quarter, end, a->today);
}

int cli_export(int argc, char **argv)
{
    report_options o = { 0 };
    int rc = parse_report_options(argc, argv, "-o", &o);
    if (!rc && o.format)
        rc = cli_usage_error(tz_L("export 不用 %s", "export takes no %s"), "--format");
    tz_formset set = { 0 };
    tz_db *db = NULL;
    const tz_report *r = NULL;
    tz_report_args a = { 0 };
    if (!rc)
        rc = open_report(&o, &set, &db, &r, &a);
    if (!rc) {
        char path[4096];
        if (o.out)
            snprintf(path, sizeof path, "%s", o.out);
        else
            tz_report_file_name(r, &a, path, sizeof path);
        tz_error err = { 0 };
        warn_open_quarter(&a);
        double started = seconds_now();
        if (tz_report_xlsx(db, r, &a, path, NULL, NULL, &err) != TZ_OK) {
            fprintf(stderr, "taizhang: %s\n", err.msg);
            rc = 1;
        } else {
            printf(tz_L("已导出 %s（%zu 张表，已校核，用时 %.2f 秒）\n",
                        "exported %s (%zu sheets, checked, in %.2f s)\n"),
                   path, r->nsheets, seconds_now() - started);
        }
    }
    db_close(db);
    tz_formset_free(&set);
    return rc;
}

/* Whether --to and --format ask for PDF: --format says; else a .pdf file, the print command
 * (no --to) PDF, a .txt file and "-" (standard output) the printer text. -1: unknown. */
static int wants_pdf(const char *to, const char *format)
{
    if (format)
        return strcmp(format, "pdf") == 0 ? 1 : strcmp(format, "text") == 0 ? 0 : -1;
    if (!to)
        return 1;
    const char *dot = strrchr(to, '.');
    if (dot && strcasecmp(dot, ".pdf") == 0)
        return 1;
    if (strcmp(to, "-") == 0 || (dot && strcasecmp(dot, ".txt") == 0))
        return 0;
    return -1;
}

static tz_status write_stdout(const char *data, size_t len, tz_error *err)
{
    if (fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0)
        return TZ_OK;
    return tz_fail(err, TZ_ERR_IO, "%s", tz_L("无法写到标准输出", "cannot write to standard output"));
}

/* Lays the report out (PDF or printer text) and sends it where --to says, or as PDF to the
 * print command. */
static int print_report(tz_db *db, const tz_report *r, const tz_report_args *a, tz_page page,
                        const char *to, bool pdf)
{
    char *out = NULL;
    size_t len = 0;
    tz_error err = { 0 };
    tz_status st = !to  ? tz_report_print(db, r, a, &err)
                 : pdf ? tz_report_pdf_alloc(db, r, a, &out, &len, &err)
                       : tz_report_text_alloc(db, r, a, page, &out, &len, &err);
    if (st == TZ_OK && to && strcmp(to, "-") == 0)
        st = write_stdout(out, len, &err);
    else if (st == TZ_OK && to)
        st = tz_write_file(to, out, len, &err);
    if (st != TZ_OK && err.msg[0])
        fprintf(stderr, "taizhang: %s\n", err.msg);
    else if (st == TZ_OK && to && strcmp(to, "-") != 0)
        printf(tz_L("已保存到 %s\n", "saved to %s\n"), to);
    else if (st == TZ_OK && !to)
        printf(tz_L("已交给打印命令：%s\n", "sent to the print command: %s\n"), a->settings.print_command);
    free(out);
    return st == TZ_OK ? 0 : 1;
}

int cli_print(int argc, char **argv)
{
    report_options o = { 0 };
    int rc = parse_report_options(argc, argv, "--to", &o);
    int pdf = rc ? 0 : wants_pdf(o.out, o.format);
    if (!rc && pdf < 0)
        rc = cli_usage_error(tz_L("%s：用 --format pdf 或 --format text 说明格式",
                              "%s: say --format pdf or --format text"), o.format ? o.format : o.out);
    tz_formset set = { 0 };
    tz_db *db = NULL;
    const tz_report *r = NULL;
    tz_report_args a = { 0 };
    if (!rc)
        rc = open_report(&o, &set, &db, &r, &a);
    tz_page page = { 0 };
    if (!rc)
        rc = int_option("--width", o.width, 40, 250, a.settings.page_width, &page.page_width);
    if (!rc)
        rc = int_option("--length", o.length, 20, 200, a.settings.page_length, &page.page_length);
    if (!rc)
        rc = print_report(db, r, &a, page, o.out, pdf == 1);
    db_close(db);
    tz_formset_free(&set);
    return rc;
}
