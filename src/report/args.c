/* args.c — a report's arguments (the period, the township, the settings) and the texts made
 * from them: placeholders in titles and headers, the output file's name, whether the period is
 * still open. */
#include "taizhang/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void today_cn(const char *iso, char *out, size_t cap)
{
    int y = 0, m = 0, d = 0;
    if (sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3)
        snprintf(out, cap, "%d年%d月%d日", y, m, d);
    else
        snprintf(out, cap, "%s", iso);
}

/* The value of one placeholder into out (false: unknown name). */
static bool placeholder(const char *name, const tz_report_args *a, char *out, size_t cap)
{
    static const char *const quarter_cn[] = { "", "一", "二", "三", "四" };
    const tz_settings *st = &a->settings;
    if (strcmp(name, "year") == 0)
        snprintf(out, cap, "%d", a->q.year);
    else if (strcmp(name, "quarter") == 0)
        snprintf(out, cap, "%d", a->q.quarter);
    else if (strcmp(name, "quarter_cn") == 0)
        snprintf(out, cap, "%s", quarter_cn[a->q.quarter >= 1 && a->q.quarter <= 4 ? a->q.quarter : 0]);
    else if (strcmp(name, "region") == 0)
        snprintf(out, cap, "%s", a->region);
    else if (strcmp(name, "org") == 0)
        snprintf(out, cap, "%s", *st->org ? st->org : a->region);
    else if (strcmp(name, "today") == 0)
        today_cn(a->today, out, cap);
    else if (strcmp(name, "leader") == 0)
        snprintf(out, cap, "%s", st->leader);
    else if (strcmp(name, "area") == 0)
        snprintf(out, cap, "%s", a->q.unit_id ? "村（社区）" : "乡镇（街道）");
    else if (strcmp(name, "preparer") == 0)
        snprintf(out, cap, "%s", st->preparer);
    else if (strcmp(name, "reviewer") == 0)
        snprintf(out, cap, "%s", st->reviewer);
    else if (strcmp(name, "phone") == 0)
        snprintf(out, cap, "%s", st->phone);
    else
        return false;
    return true;
}

char *tz_report_expand(const char *tmpl, const tz_report_args *a)
{
    tz_sb sb = { 0 };
    tz_sb_append(&sb, "");
    for (const char *s = tmpl ? tmpl : ""; *s;) {
        const char *open = strchr(s, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            tz_sb_append(&sb, s);
            break;
        }
        tz_sb_appendn(&sb, s, (size_t)(open - s));
        char name[32], value[512];
        snprintf(name, sizeof name, "%.*s", (int)(close - open - 1), open + 1);
        if (placeholder(name, a, value, sizeof value))
            tz_sb_append(&sb, value);
        else
            tz_sb_appendn(&sb, open, (size_t)(close - open + 1)); /* kept as written */
        s = close + 1;
    }
    if (sb.failed) {
        tz_sb_free(&sb);
        return NULL;
    }
    return tz_sb_take(&sb);
}

tz_status tz_report_args_init(tz_db *db, const char *unit_code, int64_t unit_id,
                              tz_report_args *args, tz_error *err)
{
    tz_status s = db_report_scope(db, unit_code, unit_id, &args->q.unit_id, args->region,
                                  sizeof args->region, err);
    if (s == TZ_OK)
        s = db_settings_get(db, &args->settings, err);
    if (s == TZ_OK)
        s = db_report_header(db, args->q.unit_id, &args->settings, err);
    tz_date_today(args->today);
    return s;
}

bool tz_report_period_open(const tz_report_args *a, char end[11])
{
    static const char *const last_day[] = { "03-31", "06-30", "09-30", "12-31" };
    if (a->q.year <= 0 || a->q.quarter < 1 || a->q.quarter > 4)
        return false;
    snprintf(end, 11, "%04d-%s", a->q.year % 10000, /* four digits: what end holds */
             last_day[a->q.quarter - 1]);
    return strcmp(end, a->today) > 0;
}

void tz_report_file_name(const tz_report *r, const tz_report_args *a, char *out, size_t cap)
{
    char *name = tz_report_expand(r->output ? r->output : r->title, a);
    snprintf(out, cap, "%s%s", name ? name : r->name, r->output ? "" : ".xlsx");
    free(name);
}
