/* reportview.c — reports in the UI: a small form for the parameters (year, quarter, township),
 * then a preview on the screen, an export to .xlsx with its progress shown, or printing. The
 * preview is the printer text; what is printed is the same report typeset as PDF, so screen,
 * paper and workbook show the same figures.
 * F9 on a list or form whose definition names reports (`print = …`) comes here too. */
#include "taizhang/report.h"
#include "taizhang/ui.h"
#include "taizhang/lineedit.h"
#include "stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void ui_folder_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, cap, ".");
    else if (slash == path)
        snprintf(out, cap, "/");
    else
        snprintf(out, cap, "%.*s", (int)(slash - path), path);
    /* on a server the database's folder is the group's, not the clerk's: offer where the
     * clerk started taizhang (the home folder, which SFTP shows first) */
    if (access(out, W_OK) != 0)
        snprintf(out, cap, ".");
}

/* What the report's screen asks of the screens it pushes (ui_screen.asked). */
enum { ASK_UNIT = 1, ASK_OUTPUT, ASK_FILE };

/* ---- the parameters form -------------------------------------------------------------------------- */

typedef enum { P_YEAR, P_QUARTER, P_UNIT } param_kind;

typedef struct {
    ui_app *app;
    const tz_report *r;
    param_kind kinds[3];
    tz_line text[3];     /* year and quarter as typed */
    int n, cur;
    int64_t unit_id;     /* 0: the whole city */
    char unit_name[200];
    char error[600];
} params_form;

static const char *param_label(param_kind k)
{
    switch (k) {
    case P_YEAR:    return tz_L("年度：", "Year:");
    case P_QUARTER: return tz_L("季度：", "Quarter:");
    default:        return tz_L("范围：", "Covering:");
    }
}

static void draw_params(params_form *pf)
{
    int w = 56, h = pf->n + 6, y = (ui_rows() - h) / 2, x = (ui_cols() - w) / 2;
    ui_box(y, x, h, w, tz_report_title(pf->r));
    int cx = 0, cy = 0;
    for (int i = 0; i < pf->n; i++) {
        int fy = y + 2 + i, fx = x + 14;
        ui_text(fy, x + 2, 12, param_label(pf->kinds[i]), UI_NORMAL);
        ui_style st = i == pf->cur ? UI_FIELD_ACTIVE : UI_FIELD;
        if (pf->kinds[i] == P_UNIT) {
            ui_text(fy, fx, 24, pf->unit_id ? pf->unit_name : tz_L("全市", "the whole city"), st);
            ui_text(fy, fx + 25, w - 41, tz_L("F4 选乡镇", "F4 pick"), UI_DIM);
            continue;
        }
        tz_line_view v;
        tz_line_layout(&pf->text[i], 8, 1, &v);
        char *shown = tz_wcs_to_utf8(pf->text[i].buf + v.start[0], v.end[0] - v.start[0]);
        ui_text(fy, fx, 8, shown ? shown : "", st);
        free(shown);
        if (i == pf->cur) {
            cy = fy;
            cx = fx + v.cursor_col;
        }
    }
    ui_text(y + h - 3, x + 2, w - 4, pf->error, UI_ERROR);
    ui_text(y + h - 2, x + 2, w - 4,
            tz_L("F2 确定   Enter 下一项，末项即确定   Esc 取消",
                 "F2 OK   Enter next, on the last one OK   Esc cancel"),
            UI_INFO);
    ui_cursor(cy, cx, cy != 0);
    ui_refresh();
}

/* The report's scope as a field for the township picker: cities and townships. */
static const tz_field unit_pick = { .column = "unit_id", .label = "范围", .type = TZ_FT_LOOKUP,
                                    .lookup = "units", .where = "level IN ('city', 'township')" };

/* F4, or typing, in 范围: the township picker, pushed over the box, its search started with what
 * was typed (the first of "lxz" must not be lost to opening it); its answer comes to
 * unit_picked. */
static void pick_unit(params_form *pf, ui_key k)
{
    const tz_form *units = tz_spec_form(pf->app->set, "units");
    if (!units)
        return;
    ui_list_args args = { units, { .pick_field = &unit_pick }, "" };
    if (k.code == UK_CHAR) {
        char *typed = tz_wcs_to_utf8(&k.ch, 1);
        snprintf(args.search, sizeof args.search, "%s", typed ? typed : "");
        free(typed);
    }
    ui_push(pf->app, &ui_list_screen, &args, ASK_UNIT);
}

static void unit_picked(params_form *pf, int64_t id)
{
    if (!id)
        return;
    tz_error err = { 0 };
    int64_t scope = 0;
    if (db_report_scope(pf->app->db, NULL, id, &scope, pf->unit_name, sizeof pf->unit_name, &err)
        != TZ_OK)
        snprintf(pf->error, sizeof pf->error, "%s", err.msg);
    pf->unit_id = scope;
}

/* Moves to parameter i: the first digit typed replaces what it holds. */
static void enter_param(params_form *pf, int i)
{
    pf->cur = i;
    if (pf->kinds[i] != P_UNIT)
        tz_line_enter(&pf->text[i]);
}

/* Checks what was typed; fills a's year and quarter. */
static bool params_valid(params_form *pf, tz_report_args *a)
{
    for (int i = 0; i < pf->n; i++) {
        if (pf->kinds[i] == P_UNIT)
            continue;
        char *t = tz_line_get(&pf->text[i]);
        int64_t v = 0;
        bool year = pf->kinds[i] == P_YEAR;
        bool ok = t && tz_parse_int(t, &v) && (year ? v >= 2000 && v <= 2100 : v >= 1 && v <= 4);
        free(t);
        if (!ok) {
            snprintf(pf->error, sizeof pf->error, "%s",
                     year ? tz_L("年度应在 2000 至 2100 之间", "the year must be 2000-2100")
                          : tz_L("季度应为 1 至 4", "the quarter must be 1-4"));
            enter_param(pf, i);
            return false;
        }
        if (year)
            a->q.year = (int)v;
        else
            a->q.quarter = (int)v;
    }
    return true;
}

static void params_init(params_form *pf, ui_app *app, const tz_report *r)
{
    *pf = (params_form){ .app = app, .r = r };
    char today[11], buf[16];
    tz_date_today(today);
    if (r->params & TZ_RP_YEAR)
        pf->kinds[pf->n++] = P_YEAR;
    if (r->params & TZ_RP_QUARTER)
        pf->kinds[pf->n++] = P_QUARTER;
    if (r->params & TZ_RP_UNIT)
        pf->kinds[pf->n++] = P_UNIT;
    const tz_user *u = db_session(app->db);
    if (u && u->township_id) { /* a township's clerk reports on its own township */
        pf->unit_id = u->township_id;
        snprintf(pf->unit_name, sizeof pf->unit_name, "%s", u->township);
    }
    for (int i = 0; i < pf->n; i++) {
        tz_line_init(&pf->text[i], 4, false);
        if (pf->kinds[i] == P_YEAR)
            snprintf(buf, sizeof buf, "%.4s", today);
        else
            snprintf(buf, sizeof buf, "%d", (atoi(today + 5) + 2) / 3);
        if (pf->kinds[i] != P_UNIT)
            tz_line_set(&pf->text[i], buf);
    }
    if (pf->n)
        enter_param(pf, 0);
}

/* Returns 1 when accepted, 0 to go on, -1 when the clerk backed out. */
static int params_key(params_form *pf, ui_key k, tz_report_args *a)
{
    bool on_unit = pf->kinds[pf->cur] == P_UNIT;
    pf->error[0] = '\0';
    switch (k.code) {
    case UK_BACK: return -1;
    case UK_SAVE: return params_valid(pf, a) ? 1 : 0;
    case UK_TAB: case UK_DOWN: enter_param(pf, (pf->cur + 1) % pf->n); return 0;
    case UK_BTAB: case UK_UP: enter_param(pf, (pf->cur + pf->n - 1) % pf->n); return 0;
    case UK_ENTER:
        if (pf->cur + 1 < pf->n) {
            enter_param(pf, pf->cur + 1);
            return 0;
        }
        return params_valid(pf, a) ? 1 : 0;
    default: break;
    }
    if (on_unit) {
        if (k.code == UK_PICK || k.code == UK_CHAR)
            pick_unit(pf, k);
        else if (k.code == UK_BACKSPACE || k.code == UK_DELETE)
            pf->unit_id = 0;
        return 0;
    }
    tz_line *l = &pf->text[pf->cur];
    switch (k.code) {
    case UK_CHAR:      tz_line_insert(l, k.ch); break;
    case UK_BACKSPACE: tz_line_backspace(l); break;
    case UK_DELETE:    tz_line_delete(l); break;
    case UK_LEFT:      tz_line_left(l); break;
    case UK_RIGHT:     tz_line_right(l); break;
    case UK_HOME:      tz_line_home(l); break;
    case UK_END:       tz_line_end(l); break;
    default: break;
    }
    return 0;
}

/* The parameters accepted: the rest of the arguments, for the township chosen. */
static bool accept_params(const params_form *pf, tz_report_args *a)
{
    ui_cursor(0, 0, false);
    tz_error err = { 0 };
    if (tz_report_args_init(pf->app->db, NULL, pf->unit_id, a, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return false;
    }
    return true;
}

static void params_free(params_form *pf)
{
    for (int i = 0; i < pf->n; i++)
        tz_line_free(&pf->text[i]);
}

/* ---- the preview ------------------------------------------------------------------------------------ */

typedef struct {
    char *text;          /* the printer text, as shown and saved; owned */
    size_t len;
    char *split;         /* a copy of text cut into lines; owned */
    const char **lines;  /* into split, or the page separator; owned array */
    size_t n;
    size_t top;
    int left;            /* display columns scrolled to the right */
} pager;

static const char page_rule[] = "~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~";

/* Takes the text and splits a copy: lines at '\n', a page break ('\f') shown as a rule. */
static bool pager_split(pager *p, char *text, size_t len)
{
    p->text = text;
    p->len = len;
    p->split = malloc(len + 1);
    size_t cap = 2;
    for (size_t i = 0; i < len; i++)
        cap += text[i] == '\n' || text[i] == '\f';
    p->lines = calloc(cap, sizeof *p->lines);
    if (!p->split || !p->lines)
        return false;
    memcpy(p->split, text, len + 1);
    for (char *s = p->split; *s;) {
        if (*s == '\f') {
            p->lines[p->n++] = page_rule;
            s++;
            continue;
        }
        char *end = s + strcspn(s, "\n");
        bool more = *end == '\n';
        *end = '\0';
        p->lines[p->n++] = s;
        s = more ? end + 1 : end;
    }
    return true;
}

static void pager_draw(const pager *p, const char *title)
{
    static const ui_keycode keys[] = { UK_HELP, UK_PRINT, UK_SAVE, UK_BACK };
    ui_clear();
    char where[64];
    snprintf(where, sizeof where, tz_L("第 %zu/%zu 行", "line %zu/%zu"), p->n ? p->top + 1 : 0, p->n);
    ui_title(title, where);
    int rows = ui_rows() - 3;
    for (int i = 0; i < rows && p->top + (size_t)i < p->n; i++) {
        const char *s = p->lines[p->top + (size_t)i];
        int used = 0;
        s += tz_utf8_prefix_fit(s, p->left, &used);
        int pad = 0;
        if (used < p->left && *s) { /* a wide character straddles the left edge */
            uint32_t cp;
            s += tz_utf8_decode(s, strlen(s), &cp);
            pad = 1;
        }
        ui_text(1 + i, pad, ui_cols() - pad, s, UI_NORMAL);
    }
    ui_draw_message();
    ui_draw_keys(keys, sizeof keys / sizeof keys[0]);
    ui_cursor(0, 0, false);
    ui_refresh();
}

/* F2: the file to save the text in is asked in a box (ASK_FILE) into path (the screen's). */
static void pager_ask_file(ui_app *app, const tz_report *r, const tz_report_args *a, char *path,
                           size_t cap)
{
    char name[512], folder[512];
    tz_report_file_name(r, a, name, sizeof name);
    char *dot = strrchr(name, '.');
    if (dot)
        *dot = '\0';
    ui_folder_of(app->db_path, folder, sizeof folder);
    snprintf(path, cap, "%s/%s.txt", folder, name);
    ui_prompt(app, tz_L("保存打印文本", "Save the printer text"), tz_L("文件：", "File:"), path, cap,
              ASK_FILE);
}

static void pager_save(const pager *p, const char *path)
{
    tz_error err = { 0 };
    if (tz_write_file(path, p->text, p->len, &err) != TZ_OK)
        ui_message(UI_ERROR, "%s", err.msg);
    else
        ui_message(UI_INFO, tz_L("已保存到 %s", "Saved to %s"), path);
}

/* The printout goes as PDF (typeset, the fonts embedded), whatever the preview shows. */
static void print_pdf(ui_app *app, const tz_report *r, const tz_report_args *a)
{
    ui_message(UI_INFO, tz_L("正在交给打印命令 %s …", "Sending to the print command %s …"),
               a->settings.print_command);
    ui_draw_message();
    ui_refresh();
    tz_error err = { 0 };
    if (tz_report_print(app->db, r, a, &err) != TZ_OK)
        ui_message(UI_ERROR, "%s", err.msg);
    else
        ui_message(UI_INFO, tz_L("已交给打印命令：%s", "Sent to the print command: %s"),
                   a->settings.print_command);
}

static void pager_help(ui_app *app)
{
    const char *lines[] = {
        tz_L("这是打印文本：每页的行数和每行的宽度见“设置”；打印时排成 A4 的 PDF。",
             "This is the printer text (page size in the settings); printing typesets it as A4 PDF."),
        tz_L("↑↓ PgUp PgDn Home End 翻阅，←→ 左右移动。", "↑↓ PgUp PgDn Home End scroll, ←→ sideways."),
        tz_L("F9 把 PDF 交给打印命令（设置中，默认 lp）；F2 存为文本文件。",
             "F9 sends the PDF to the print command (settings; lp by default); F2 saves the text."),
    };
    ui_show_text(app, tz_L("帮助", "Help"), lines, sizeof lines / sizeof lines[0]);
}

/* ---- the preview as a screen on the stack ------------------------------------------------------- */

typedef struct {
    pager p;             /* handed over by preview(): the screen owns its text */
    const tz_report *r;
    tz_report_args a;
    char path[1200];     /* the file the text is saved in, as the box asks it */
} previewview;

static void open_preview(ui_screen *s, const void *args)
{
    *(previewview *)s->state = *(const previewview *)args;
}

/* The rows a page of the preview shows, and the top line of the last page. */
static size_t page_rows(void) { return (size_t)(ui_rows() - 3); }
static size_t last_top(const pager *p) { return p->n > page_rows() ? p->n - page_rows() : 0; }

static void draw_preview(ui_screen *s)
{
    previewview *pv = s->state;
    char title[300];
    snprintf(title, sizeof title, "%s › %s", tz_L("打印预览", "Print preview"), tz_report_title(pv->r));
    pv->p.top = pv->p.top > last_top(&pv->p) ? last_top(&pv->p) : pv->p.top;
    pager_draw(&pv->p, title);
}

static ui_step preview_key(ui_screen *s, ui_key k)
{
    previewview *pv = s->state;
    pager *p = &pv->p;
    size_t page = page_rows();
    ui_message_clear();
    switch (k.code) {
    case UK_UP:    if (p->top) p->top--; break;
    case UK_DOWN:  p->top++; break;
    case UK_PGUP:  p->top = p->top > page ? p->top - page : 0; break;
    case UK_PGDN:  p->top += page; break;
    case UK_HOME:  p->top = 0; break;
    case UK_END:   p->top = last_top(p); break;
    case UK_LEFT:  p->left = p->left >= 8 ? p->left - 8 : 0; break;
    case UK_RIGHT: p->left += 8; break;
    case UK_PRINT: print_pdf(s->app, pv->r, &pv->a); break;
    case UK_SAVE:  pager_ask_file(s->app, pv->r, &pv->a, pv->path, sizeof pv->path); break;
    case UK_HELP:  pager_help(s->app); break;
    case UK_BACK:  return UI_CLOSE;
    default: break;
    }
    return UI_STAY;
}

static void pager_free(pager *p)
{
    free(p->text);
    free(p->split);
    free(p->lines);
}

static void close_preview(ui_screen *s, ui_result *r)
{
    pager_free(&((previewview *)s->state)->p);
    r->id = 0;
}

/* The file to save the text in was answered. */
static ui_step resume_preview(ui_screen *s, int asked, const ui_result *r)
{
    previewview *pv = s->state;
    if (asked == ASK_FILE && r->answer)
        pager_save(&pv->p, pv->path);
    return UI_STAY;
}

static const ui_screen_ops preview_screen = {
    .kind = "preview", .state_size = sizeof(previewview), .open = open_preview,
    .draw = draw_preview, .key = preview_key, .resume = resume_preview, .close = close_preview,
};

/* The printer text of the report, shown in a preview pushed over the screen it was asked from. */
static void preview(ui_app *app, const tz_report *r, const tz_report_args *a)
{
    char *text = NULL;
    size_t len = 0;
    tz_error err = { 0 };
    tz_page page = { a->settings.page_width, a->settings.page_length };
    tz_status st = tz_report_text_alloc(app->db, r, a, page, &text, &len, &err);
    previewview pv = { .r = r, .a = *a };
    if (st == TZ_OK && !pager_split(&pv.p, text, len))
        st = tz_fail(&err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    if (st != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        pv.p.text = text;
        pager_free(&pv.p);
        return;
    }
    ui_push(app, &preview_screen, &pv, 0);
}

/* ---- the export -------------------------------------------------------------------------------------- */

static void show_progress(void *ctx, const char *what, const char *sheet, int64_t rows)
{
    (void)ctx;
    if (rows)
        ui_message(UI_INFO, tz_L("正在%s「%s」… %lld 行", "%s [%s] … %lld rows"), what, sheet,
                   (long long)rows);
    else
        ui_message(UI_INFO, tz_L("正在%s「%s」…", "%s [%s] …"), what, sheet);
    ui_draw_message();
    ui_refresh();
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The workbook's file, asked in a box into path (the asking screen's). */
static void ask_xlsx_file(ui_app *app, const tz_report *r, const tz_report_args *a, char *path,
                          size_t cap, int asked)
{
    char name[512], folder[512];
    tz_report_file_name(r, a, name, sizeof name);
    ui_folder_of(app->db_path, folder, sizeof folder);
    snprintf(path, cap, "%s/%s", folder, name);
    ui_prompt(app, tz_L("导出 Excel 文件", "Export to Excel"), tz_L("文件：", "File:"), path, cap,
              asked);
}

static void export_xlsx(ui_app *app, const tz_report *r, const tz_report_args *a, const char *path)
{
    tz_error err = { 0 };
    char end[11];
    double started = seconds_now();
    if (tz_report_xlsx(app->db, r, a, path, show_progress, NULL, &err) != TZ_OK)
        ui_message(UI_ERROR, "%s", err.msg);
    else if (tz_report_period_open(a, end)) /* a quarter not yet over: as of today */
        ui_message(UI_INFO, tz_L("已导出 %s（%zu 张表，已校核，用时 %.2f 秒）；本季度到 %s 才结束，数据截至今天",
                                 "Exported %s (%zu sheets, checked, in %.2f s); the quarter ends on %s: figures as of today"),
                   path, r->nsheets, seconds_now() - started, end);
    else
        ui_message(UI_INFO, tz_L("已导出 %s（%zu 张表，已校核，用时 %.2f 秒）",
                                 "Exported %s (%zu sheets, checked, in %.2f s)"),
                   path, r->nsheets, seconds_now() - started);
}

/* ---- the report as a screen on the stack: its parameters in a box over the screen it was asked
 * from, then what to do with it; a preview takes the screen's place ---------------------------- */


typedef struct {
    const tz_report *r;
    int64_t record_id;   /* the record a report is about (0: none) */
    bool preview_only;
    const tz_report_args *accepted; /* NULL: the parameters are to be asked */
} report_args;

typedef struct {
    params_form pf;
    tz_report_args a;
    bool preview_only;
    bool asking;         /* the parameters' box is shown */
    char path[1200];     /* the workbook's file, as the box asks it */
} reportview;

/* What to do with the report once its parameters are known (ASK_OUTPUT). */
static void ask_output(ui_screen *s)
{
    reportview *rv = s->state;
    const char *actions[] = { tz_L("1 屏幕预览（可打印、存为文本）", "1 Preview (print, save as text)"),
                              tz_L("2 导出 Excel 文件", "2 Export to an Excel file"),
                              tz_L("3 直接打印", "3 Print") };
    rv->asking = false;
    ui_pick_label(s->app, tz_report_title(rv->pf.r), actions, 3, 0, ASK_OUTPUT);
}

static void open_report(ui_screen *s, const void *args)
{
    const report_args *ra = args;
    reportview *rv = s->state;
    params_init(&rv->pf, s->app, ra->r);
    rv->a = (tz_report_args){ 0 };
    rv->a.q.id = ra->record_id;
    rv->preview_only = ra->preview_only;
    rv->asking = ra->accepted == NULL;
    if (ra->accepted) {
        rv->a = *ra->accepted;
        ask_output(s);
    }
}

static void draw_report(ui_screen *s)
{
    reportview *rv = s->state;
    ui_draw_below(s);
    if (rv->asking)
        draw_params(&rv->pf);
    else
        ui_refresh();
}

static ui_step report_key(ui_screen *s, ui_key k)
{
    reportview *rv = s->state;
    if (!rv->asking)
        return UI_CLOSE; /* shown only if the box of actions could not be opened */
    int done = params_key(&rv->pf, k, &rv->a);
    if (done == 0)
        return UI_STAY;
    ui_cursor(0, 0, false);
    if (done < 0 || !accept_params(&rv->pf, &rv->a))
        return UI_CLOSE;
    if (rv->preview_only) {
        preview(s->app, rv->pf.r, &rv->a); /* the preview takes this box's place */
        return UI_CLOSE;
    }
    ask_output(s);
    return UI_STAY;
}

/* Preview, export or print; the screen then closes (a preview taking its place). */
static ui_step output_chosen(ui_screen *s, int i)
{
    reportview *rv = s->state;
    switch (i) {
    case 0: preview(s->app, rv->pf.r, &rv->a); break;
    case 1:
        ask_xlsx_file(s->app, rv->pf.r, &rv->a, rv->path, sizeof rv->path, ASK_FILE);
        return UI_STAY;
    case 2: print_pdf(s->app, rv->pf.r, &rv->a); break;
    default: break;
    }
    return UI_CLOSE;
}

static ui_step resume_report(ui_screen *s, int asked, const ui_result *r)
{
    reportview *rv = s->state;
    switch (asked) {
    case ASK_UNIT:   unit_picked(&rv->pf, r->id); return UI_STAY;
    case ASK_OUTPUT: return output_chosen(s, r->answer);
    case ASK_FILE:
        if (r->answer)
            export_xlsx(s->app, rv->pf.r, &rv->a, rv->path);
        return UI_CLOSE;
    default:         return UI_STAY;
    }
}

static void close_report(ui_screen *s, ui_result *r)
{
    params_free(&((reportview *)s->state)->pf);
    r->id = 0;
}

static const ui_screen_ops report_screen = {
    .kind = "report", .state_size = sizeof(reportview), .open = open_report,
    .draw = draw_report, .key = report_key, .resume = resume_report, .close = close_report,
};

/* ---- entry points ------------------------------------------------------------------------------------ */

void ui_report_run(ui_app *app, const tz_report *r, int64_t record_id, bool preview_only)
{
    report_args args = { r, record_id, preview_only, NULL };
    if (r->params & (TZ_RP_YEAR | TZ_RP_QUARTER | TZ_RP_UNIT)) {
        ui_push(app, &report_screen, &args, 0);
        return;
    }
    params_form pf; /* nothing to ask: straight to the output */
    params_init(&pf, app, r);
    tz_report_args a = { 0 };
    a.q.id = record_id;
    bool ok = accept_params(&pf, &a);
    params_free(&pf);
    if (ok && preview_only)
        preview(app, r, &a);
    else if (ok)
        ui_push(app, &report_screen, &(report_args){ r, record_id, false, &a }, 0);
}

/* ---- F9 on a list or form: which of its reports, as a screen over it -------------------------- */

typedef struct {
    const tz_form *form;
    int64_t id;
} printview;

static void open_print(ui_screen *s, const void *args)
{
    printview *pv = s->state;
    *pv = *(const printview *)args;
    const char *labels[16];
    size_t n = 0;
    for (; n < pv->form->nprint && n < 16; n++)
        labels[n] = tz_report_title(tz_spec_report(s->app->set, pv->form->print[n]));
    ui_pick_label(s->app, tz_L("打印", "Print"), labels, n, 0, ASK_OUTPUT);
}

static void draw_print(ui_screen *s)
{
    ui_draw_below(s);
    ui_refresh();
}

static ui_step print_key(ui_screen *s, ui_key k)
{
    (void)s;
    (void)k;
    return UI_CLOSE; /* shown only if the pick list could not be opened */
}

/* Report i of the form's, for the record; the report's own screens take this one's place. */
static void print_report(ui_app *app, const tz_form *form, int64_t id, int i)
{
    const tz_report *r = tz_spec_report(app->set, form->print[i]);
    if ((r->params & TZ_RP_ID) && !id) {
        ui_message(UI_ERROR, "%s", tz_L("请先保存这条记录再打印", "Save the record before printing it"));
        return;
    }
    ui_report_run(app, r, r->params & TZ_RP_ID ? id : 0, true);
}

static ui_step resume_print(ui_screen *s, int asked, const ui_result *r)
{
    printview *pv = s->state;
    if (asked != ASK_OUTPUT)
        return UI_STAY; /* a box of the key reader's (the start-up check) */
    if (r->answer >= 0)
        print_report(s->app, pv->form, pv->id, r->answer);
    return UI_CLOSE;
}

static void close_print(ui_screen *s, ui_result *r)
{
    (void)s;
    r->id = 0;
}

static const ui_screen_ops print_screen = {
    .kind = "print", .state_size = sizeof(printview), .open = open_print, .draw = draw_print,
    .key = print_key, .resume = resume_print, .close = close_print,
};

void ui_print_record(ui_app *app, const tz_form *form, int64_t id)
{
    if (!form->nprint) {
        ui_message(UI_INFO, "%s", tz_L("这里没有可打印的报表", "There is no report to print here"));
        return;
    }
    if (form->nprint == 1)
        print_report(app, form, id, 0);
    else
        ui_push(app, &print_screen, &(printview){ form, id }, 0);
}
