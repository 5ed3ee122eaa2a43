/* commands.c — actions of the program that menus name as `cmd:NAME`, for the work that is not
 * a form: backing up the database to a USB stick.
 *
 * How to add a command: write `static void run_x(ui_app *app)` below (draw nothing after it
 * returns: the menu repaints; say the outcome with ui_message), add a row to `commands` (with
 * admin_only when only administrators may run it: the menu then hides it from others), and
 * name it in a .menu file as `item = K h cmd:x`. */
#include "taizhang/ui.h"

#include <stdio.h>
#include <string.h>

static void run_backup(ui_app *app)
{
    tz_error err = { 0 };
    if (db_need_admin(app->db, &err) != TZ_OK) { /* said before a folder is asked for */
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    char dest[1024];
    ui_folder_of(app->db_path, dest, sizeof dest); /* unless he names a USB stick */
    if (!ui_prompt(tz_L("备份数据库", "Back up the database"),
                   tz_L("备份到文件夹：", "To folder:"), dest, sizeof dest))
        return;
    char written[4096];
    if (db_backup(app->db, dest, written, sizeof written, &err) != TZ_OK)
        ui_message(UI_ERROR, "%s", err.msg);
    else
        ui_message(UI_INFO, tz_L("已备份到 %s（完整性检查通过）", "Backed up to %s (integrity checked)"),
                   written);
}

static const ui_command commands[] = {
    { "backup", "备份数据库", "Back up the database", true, run_backup },
    { "password", "修改我的密码", "Change my password", false, ui_change_own_password },
    { "reset_password", "重设用户密码", "Reset a user's password", true, ui_reset_password },
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
