/* commands.c — actions of the program that menus name as `cmd:NAME`, for the work that is not
 * a form: backing up the database to a USB stick, exchanging bundles with the county or the
 * townships through one.
 *
 * How to add a command: write `static void run_x(ui_app *app)` below (draw nothing: the menu
 * repaints; say the outcome with ui_message; what it asks, it asks by pushing a screen, as
 * ask_folder does), add a row to `commands` (with
 * admin_only when only administrators may run it: the menu then hides it from others), and
 * name it in a .menu file as `item = K h cmd:x`. */
#include "taizhang/sync.h"
#include "stack.h"

#include <stdio.h>
#include <string.h>

/* ---- a folder asked for, then the work done with it ---------------------------------------------
 * A screen over the menu: the box asking the folder is pushed over it, and its answer comes
 * back here, where the work is done; the screen then closes. */

typedef void (*folder_work)(ui_app *app, const char *folder);

enum { ASK_FOLDER = 1 };

typedef struct {
    const char *title, *label; /* static */
    folder_work work;
} folder_args;

typedef struct {
    folder_work work;
    char folder[1024];         /* the box's answer is written here */
} folderview;

static void open_folder(ui_screen *s, const void *args)
{
    const folder_args *a = args;
    folderview *fv = s->state;
    fv->work = a->work;
    ui_folder_of(s->app->db_path, fv->folder, sizeof fv->folder); /* unless he names a USB stick */
    ui_prompt(s->app, a->title, a->label, fv->folder, sizeof fv->folder, ASK_FOLDER);
}

static void draw_folder(ui_screen *s)
{
    ui_draw_below(s);
    ui_refresh();
}

static ui_step folder_key(ui_screen *s, ui_key k)
{
    (void)s;
    (void)k;
    return UI_CLOSE; /* shown only if the box could not be opened */
}

static ui_step resume_folder(ui_screen *s, int asked, const ui_result *r)
{
    folderview *fv = s->state;
    if (asked != ASK_FOLDER)
        return UI_STAY; /* a box of the key reader's (the start-up check) */
    if (r->answer)
        fv->work(s->app, fv->folder);
    return UI_CLOSE;
}

static void close_folder(ui_screen *s, ui_result *r)
{
    (void)s;
    r->id = 0;
}

static const ui_screen_ops folder_screen = {
    .kind = "command", .state_size = sizeof(folderview), .open = open_folder, .draw = draw_folder,
    .key = folder_key, .resume = resume_folder, .close = close_folder,
};

static void ask_folder(ui_app *app, const char *title, const char *label, folder_work work)
{
    folder_args args = { title, label, work };
    ui_push(app, &folder_screen, &args, 0);
}

/* ---- the commands ------------------------------------------------------------------------------- */

static void backup_to(ui_app *app, const char *dest)
{
    char written[4096];
    tz_error err = { 0 };
    if (db_backup(app->db, dest, written, sizeof written, &err) != TZ_OK)
        ui_message(UI_ERROR, "%s", err.msg);
    else
        ui_message(UI_INFO, tz_L("已备份到 %s（完整性检查通过）", "Backed up to %s (integrity checked)"),
                   written);
}

static void run_backup(ui_app *app)
{
    tz_error err = { 0 };
    if (db_need_admin(app->db, &err) != TZ_OK) { /* said before a folder is asked for */
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    ask_folder(app, tz_L("备份数据库", "Back up the database"), tz_L("备份到文件夹：", "To folder:"),
               backup_to);
}

/* Exchanging bundles is an administrator's work, as on the command line. */
static bool may_exchange(ui_app *app)
{
    tz_error err = { 0 };
    if (db_sync_need_admin(app->db, &err) == TZ_OK) /* said before a folder is asked for */
        return true;
    ui_message(UI_ERROR, "%s", err.msg);
    return false;
}

static void export_to(ui_app *app, const char *dest)
{
    int bundles;
    tz_error err = { 0 };
    if (db_sync_export_all(app->db, dest, &bundles, &err) != TZ_OK)
        ui_message(UI_ERROR, "%s", err.msg);
    else
        ui_message(UI_INFO, tz_L("已写出 %d 个交换包到 %s", "Wrote %d bundles to %s"), bundles, dest);
}

static void run_sync_export(ui_app *app)
{
    if (may_exchange(app))
        ask_folder(app, tz_L("导出交换包", "Export bundles"), tz_L("写到文件夹：", "To folder:"),
                   export_to);
}

static void import_from(ui_app *app, const char *src)
{
    int bundles;
    size_t changes;
    tz_sync_result stopped;
    tz_error err = { 0 };
    tz_status s = db_sync_import_folder(app->db, src, &bundles, &changes, &stopped, &err);
    if (s == TZ_ERR_CONFLICT)
        ui_message(UI_ERROR, tz_L("%s（见 数据交换 → 待决冲突）", "%s (see Data exchange → Conflicts)"),
                   err.msg);
    else if (s != TZ_OK)
        ui_message(UI_ERROR, "%s%s%s", err.msg, stopped.nrefused ? "：" : "",
                   stopped.nrefused ? stopped.refused[0] : "");
    else
        ui_message(UI_INFO, tz_L("已导入 %d 个交换包，%zu 处改动", "Imported %d bundles, %zu changes"),
                   bundles, changes);
    tz_sync_result_free(&stopped);
}

static void run_sync_import(ui_app *app)
{
    if (may_exchange(app))
        ask_folder(app, tz_L("导入交换包", "Import bundles"), tz_L("从文件夹：", "From folder:"),
                   import_from);
}

static const ui_command commands[] = {
    { "backup", "备份数据库", "Back up the database", true, run_backup },
    { "password", "修改我的密码", "Change my password", false, ui_change_own_password },
    { "reset_password", "重设用户密码", "Reset a user's password", true, ui_reset_password },
    { "sync_export", "导出交换包", "Export bundles", true, run_sync_export },
    { "sync_import", "导入交换包", "Import bundles", true, run_sync_import },
};

const ui_command *ui_command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

void ui_check_commands(const tz_formset *set, tz_problems *probs)
{
    for (size_t i = 0; i < set->nmenus; i++)
        for (size_t j = 0; j < set->menus[i].nitems; j++) {
            const tz_menu_item *it = &set->menus[i].items[j];
            if (it->is_command && !ui_command_find(it->target))
                tz_problems_add(probs, set->menus[i].file, it->line,
                                tz_L("没有名为 %s 的命令", "there is no command %s"), it->target);
        }
}
