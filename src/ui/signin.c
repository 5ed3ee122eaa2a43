/* signin.c — signing in (a database with users asks before anything else), choosing a new
 * password when the account must change it, and the two password commands of the menus. */
#include "stack.h"

#include <stdio.h>
#include <string.h>

static void wipe(ui_ask *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        explicit_bzero(f[i].buf, sizeof f[i].buf);
}

/* Asks a new password twice; stores it with db_change_password (current: the one in use). */
static bool choose_password(ui_app *app, const char *current, const char *why)
{
    ui_ask f[] = { { .label = tz_L("原密码：", "Current:"), .secret = true },
                   { .label = tz_L("新密码：", "New:"), .secret = true },
                   { .label = tz_L("再输一次：", "Again:"), .secret = true } };
    size_t first = current ? 1 : 0; /* after sign-in the current one is known */
    char message[600];
    snprintf(message, sizeof message, "%s", why ? why : "");
    for (;;) {
        ui_clear();
        ui_title(tz_L("党建台账", "Ledgers"), app->db_path);
        if (!ui_ask_fields(tz_L("修改密码", "Change password"), f + first, 3 - first, message)) {
            wipe(f, 3);
            return false;
        }
        tz_error err = { 0 };
        if (strcmp(f[1].buf, f[2].buf) != 0)
            snprintf(message, sizeof message, "%s", tz_L("两次输入的新密码不一样", "The two new passwords differ"));
        else if (db_change_password(app->db, current ? current : f[0].buf, f[1].buf, &err) != TZ_OK)
            snprintf(message, sizeof message, "%s", err.msg);
        else
            break;
        wipe(f + 1, 2);
    }
    wipe(f, 3);
    ui_message(UI_INFO, "%s", tz_L("密码已修改", "Password changed"));
    return true;
}

bool ui_sign_in(ui_app *app)
{
    if (!db_has_users(app->db))
        return true;
    ui_ask f[] = { { .label = tz_L("登录名：", "Login:") },
                   { .label = tz_L("密  码：", "Password:"), .secret = true } };
    char message[600] = "";
    for (;;) {
        ui_clear();
        ui_title(tz_L("党建台账 · 登录", "Ledgers · sign in"), app->db_path);
        ui_draw_message();
        if (!ui_ask_fields(tz_L("登录", "Sign in"), f, 2, message)) {
            wipe(f, 2);
            return false;
        }
        tz_error err = { 0 };
        if (db_sign_in(app->db, f[0].buf, f[1].buf, &err) == TZ_OK)
            break;
        snprintf(message, sizeof message, "%s", err.msg);
        wipe(f + 1, 1);
    }
    const tz_user *u = db_session(app->db);
    bool ok = !u->must_change
              || choose_password(app, f[1].buf, tz_L("这是临时密码，请设一个新密码", "This password is temporary: choose your own"));
    wipe(f, 2);
    if (!ok) {
        db_sign_out(app->db);
        return false;
    }
    ui_message(UI_INFO, tz_L("%s，您好（%s）", "Hello, %s (%s)"), u->name,
               u->township_id ? u->township : tz_L("全市", "the whole city"));
    return true;
}

void ui_change_own_password(ui_app *app)
{
    if (!db_session(app->db)) {
        ui_message(UI_INFO, "%s", tz_L("这个数据库没有设用户", "This database has no users"));
        return;
    }
    choose_password(app, NULL, NULL);
}

/* The temporary password of user `id`, asked twice in a box. */
static void ask_temporary_password(ui_app *app, int64_t id)
{
    ui_ask f[] = { { .label = tz_L("临时密码：", "Temporary:"), .secret = true },
                   { .label = tz_L("再输一次：", "Again:"), .secret = true } };
    char message[600] = "";
    for (;;) {
        if (!ui_ask_fields(tz_L("重设密码", "Reset password"), f, 2, message))
            break;
        tz_error err = { 0 };
        if (strcmp(f[0].buf, f[1].buf) != 0) {
            snprintf(message, sizeof message, "%s", tz_L("两次输入的密码不一样", "The two passwords differ"));
        } else if (db_set_password(app->db, id, f[0].buf, &err) != TZ_OK) {
            snprintf(message, sizeof message, "%s", err.msg);
        } else {
            ui_message(UI_INFO, "%s", tz_L("已重设；此人下次登录时须改为自己的密码",
                                           "Reset: the user chooses a new password at the next sign-in"));
            break;
        }
        wipe(f, 2);
    }
    wipe(f, 2);
}

/* ---- resetting a password as a screen: the users' pick list over the menu, then the box -------- */

typedef struct {
    ui_backdrop *menu;   /* the screen the command was given on; owned */
} resetview;

static const tz_field user_pick = { .column = "id", .label = "用户", .type = TZ_FT_LOOKUP,
                                    .lookup = "users" };

static void open_reset(ui_screen *s, const void *users)
{
    resetview *rv = s->state;
    rv->menu = ui_backdrop_take();
    ui_list_args args = { users, { .pick_field = &user_pick }, "" };
    ui_push(s->app, &ui_list_screen, &args, 0);
}

/* Shown only if the pick list could not be opened: the menu as it was, until a key. */
static void draw_reset(ui_screen *s)
{
    ui_backdrop_show(((resetview *)s->state)->menu);
}

static ui_step reset_key(ui_screen *s, ui_key k)
{
    (void)s;
    (void)k;
    return UI_CLOSE;
}

static ui_step resume_reset(ui_screen *s, int asked, const ui_result *r)
{
    (void)asked;
    ui_backdrop_show(((resetview *)s->state)->menu); /* the box goes over the menu, not the list */
    if (r->id)
        ask_temporary_password(s->app, r->id);
    return UI_CLOSE;
}

static void close_reset(ui_screen *s, ui_result *r)
{
    ui_backdrop_free(((resetview *)s->state)->menu);
    r->id = 0;
}

static const ui_screen_ops reset_screen = {
    .kind = "dialog", .state_size = sizeof(resetview), .open = open_reset, .draw = draw_reset,
    .key = reset_key, .resume = resume_reset, .close = close_reset,
};

void ui_reset_password(ui_app *app)
{
    const tz_form *users = tz_spec_form(app->set, "users");
    const tz_user *me = db_session(app->db);
    if (!users || !me || me->role != TZ_ROLE_ADMIN) {
        ui_message(UI_ERROR, "%s", tz_L("只有管理员能重设密码", "Only an administrator may reset passwords"));
        return;
    }
    ui_push(app, &reset_screen, users, 0);
}
