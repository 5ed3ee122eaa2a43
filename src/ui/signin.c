/* signin.c — signing in (a database with users asks before anything else), choosing a new
 * password when the account must change it, and the two password commands of the menus. Each
 * is a screen on the stack that pushes its box of fields and checks the answer when the box is
 * popped, asking again with the reason in the box until the answer will do. */
#include "stack.h"

#include <stdio.h>
#include <string.h>

static void wipe(ui_ask *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        explicit_bzero(f[i].buf, sizeof f[i].buf);
}

/* A screen under a box: shown only if the box could not be opened, until a key. */
static ui_step close_on_key(ui_screen *s, ui_key k)
{
    (void)s;
    (void)k;
    return UI_CLOSE;
}

/* ---- a new password, asked twice; its result's answer is 1 once it is stored --------------------- */

typedef struct {
    const char *current; /* the one in use, known after sign-in; NULL: asked too */
    const char *why;     /* shown in the box first; NULL: nothing */
} password_args;

enum { ASK_PASSWORD = 1 };

typedef struct {
    ui_ask f[3];
    bool know_current;
    char current[512];
    char message[600];
    bool changed;
} passwordview;

static void ask_password(ui_screen *s)
{
    passwordview *pv = s->state;
    size_t first = pv->know_current ? 1 : 0;
    ui_ask_fields(s->app, tz_L("修改密码", "Change password"), pv->f + first, 3 - first, pv->message,
                  ASK_PASSWORD);
}

static void open_password(ui_screen *s, const void *args)
{
    const password_args *a = args;
    passwordview *pv = s->state;
    *pv = (passwordview){ .f = { { .label = tz_L("原密码：", "Current:"), .secret = true },
                                 { .label = tz_L("新密码：", "New:"), .secret = true },
                                 { .label = tz_L("再输一次：", "Again:"), .secret = true } },
                          .know_current = a->current != NULL };
    snprintf(pv->current, sizeof pv->current, "%s", a->current ? a->current : "");
    snprintf(pv->message, sizeof pv->message, "%s", a->why ? a->why : "");
    ask_password(s);
}

static void draw_password(ui_screen *s)
{
    ui_clear();
    ui_title(tz_L("党建台账", "Ledgers"), s->app->db_path);
    ui_refresh();
}

static ui_step resume_password(ui_screen *s, int asked, const ui_result *r)
{
    passwordview *pv = s->state;
    if (asked != ASK_PASSWORD)
        return UI_STAY; /* a box of the key reader's (the start-up check) */
    if (!r->answer)
        return UI_CLOSE;
    tz_error err = { 0 };
    const char *current = pv->know_current ? pv->current : pv->f[0].buf;
    if (strcmp(pv->f[1].buf, pv->f[2].buf) != 0) {
        snprintf(pv->message, sizeof pv->message, "%s", tz_L("两次输入的新密码不一样", "The two new passwords differ"));
    } else if (db_change_password(s->app->db, current, pv->f[1].buf, &err) != TZ_OK) {
        snprintf(pv->message, sizeof pv->message, "%s", err.msg);
    } else {
        ui_message(UI_INFO, "%s", tz_L("密码已修改", "Password changed"));
        pv->changed = true;
        return UI_CLOSE;
    }
    wipe(pv->f + 1, 2);
    ask_password(s);
    return UI_STAY;
}

static void close_password(ui_screen *s, ui_result *r)
{
    passwordview *pv = s->state;
    r->answer = pv->changed;
    wipe(pv->f, 3);
    explicit_bzero(pv->current, sizeof pv->current);
}

static const ui_screen_ops password_screen = {
    .kind = "password", .state_size = sizeof(passwordview), .open = open_password,
    .draw = draw_password, .key = close_on_key, .resume = resume_password, .close = close_password,
};

void ui_change_own_password(ui_app *app)
{
    if (!db_session(app->db)) {
        ui_message(UI_INFO, "%s", tz_L("这个数据库没有设用户", "This database has no users"));
        return;
    }
    password_args args = { NULL, NULL };
    ui_push(app, &password_screen, &args, 0);
}

/* ---- signing in: then the first screen takes its place; backing out empties the stack ----------- */

enum { ASK_SIGNIN = 2, ASK_NEW_PASSWORD };

typedef struct {
    ui_ask f[2];
    char message[600];
    const char *start_form; /* borrowed from the command line */
} signinview;

static void ask_signin(ui_screen *s)
{
    signinview *sv = s->state;
    ui_ask_fields(s->app, tz_L("登录", "Sign in"), sv->f, 2, sv->message, ASK_SIGNIN);
}

static void open_signin(ui_screen *s, const void *start_form)
{
    signinview *sv = s->state;
    *sv = (signinview){ .f = { { .label = tz_L("登录名：", "Login:") },
                               { .label = tz_L("密  码：", "Password:"), .secret = true } },
                        .start_form = start_form };
    ask_signin(s);
}

static void draw_signin(ui_screen *s)
{
    ui_clear();
    ui_title(tz_L("党建台账 · 登录", "Ledgers · sign in"), s->app->db_path);
    ui_draw_message();
    ui_refresh();
}

/* Signed in: the greeting, and the first screen in this one's place. */
static ui_step signed_in(ui_screen *s)
{
    const tz_user *u = db_session(s->app->db);
    ui_message(UI_INFO, tz_L("%s，您好（%s）", "Hello, %s (%s)"), u->name,
               u->township_id ? u->township : tz_L("全市", "the whole city"));
    ui_open_start(s->app, ((signinview *)s->state)->start_form);
    return UI_CLOSE;
}

static ui_step resume_signin(ui_screen *s, int asked, const ui_result *r)
{
    signinview *sv = s->state;
    if (asked == ASK_NEW_PASSWORD) {
        if (r->answer)
            return signed_in(s);
        db_sign_out(s->app->db);
        return UI_CLOSE;
    }
    if (asked != ASK_SIGNIN)
        return UI_STAY; /* a box of the key reader's (the start-up check) */
    if (!r->answer)
        return UI_CLOSE;
    tz_error err = { 0 };
    if (db_sign_in(s->app->db, sv->f[0].buf, sv->f[1].buf, &err) != TZ_OK) {
        snprintf(sv->message, sizeof sv->message, "%s", err.msg);
        wipe(sv->f + 1, 1);
        ask_signin(s);
        return UI_STAY;
    }
    if (!db_session(s->app->db)->must_change)
        return signed_in(s);
    password_args args = { sv->f[1].buf, tz_L("这是临时密码，请设一个新密码",
                                              "This password is temporary: choose your own") };
    ui_push(s->app, &password_screen, &args, ASK_NEW_PASSWORD);
    return UI_STAY;
}

static void close_signin(ui_screen *s, ui_result *r)
{
    wipe(((signinview *)s->state)->f, 2);
    r->id = 0;
}

static const ui_screen_ops signin_screen = {
    .kind = "signin", .state_size = sizeof(signinview), .open = open_signin, .draw = draw_signin,
    .key = close_on_key, .resume = resume_signin, .close = close_signin,
};

void ui_sign_in(ui_app *app, const char *start_form)
{
    if (db_has_users(app->db))
        ui_push(app, &signin_screen, start_form, 0);
    else
        ui_open_start(app, start_form);
}

/* ---- resetting a password: the users' pick list over the menu, then the box ---------------------- */

enum { ASK_USER = 4, ASK_TEMPORARY };

typedef struct {
    int64_t user;        /* the user picked */
    ui_ask f[2];
    char message[600];
} resetview;

static const tz_field user_pick = { .column = "id", .label = "用户", .type = TZ_FT_LOOKUP,
                                    .lookup = "users" };

static void ask_temporary(ui_screen *s)
{
    resetview *rv = s->state;
    ui_ask_fields(s->app, tz_L("重设密码", "Reset password"), rv->f, 2, rv->message, ASK_TEMPORARY);
}

static void open_reset(ui_screen *s, const void *users)
{
    resetview *rv = s->state;
    *rv = (resetview){ .f = { { .label = tz_L("临时密码：", "Temporary:"), .secret = true },
                              { .label = tz_L("再输一次：", "Again:"), .secret = true } } };
    ui_list_args args = { users, { .pick_field = &user_pick }, "" };
    ui_push(s->app, &ui_list_screen, &args, ASK_USER);
}

/* Under the box: the menu, not the list. */
static void draw_reset(ui_screen *s)
{
    ui_draw_below(s);
    ui_refresh();
}

/* The temporary password of the user picked, asked twice in a box. */
static ui_step temporary_given(ui_screen *s)
{
    resetview *rv = s->state;
    tz_error err = { 0 };
    if (strcmp(rv->f[0].buf, rv->f[1].buf) != 0) {
        snprintf(rv->message, sizeof rv->message, "%s", tz_L("两次输入的密码不一样", "The two passwords differ"));
    } else if (db_set_password(s->app->db, rv->user, rv->f[0].buf, &err) != TZ_OK) {
        snprintf(rv->message, sizeof rv->message, "%s", err.msg);
    } else {
        ui_message(UI_INFO, "%s", tz_L("已重设；此人下次登录时须改为自己的密码",
                                       "Reset: the user chooses a new password at the next sign-in"));
        return UI_CLOSE;
    }
    wipe(rv->f, 2);
    ask_temporary(s);
    return UI_STAY;
}

static ui_step resume_reset(ui_screen *s, int asked, const ui_result *r)
{
    resetview *rv = s->state;
    if (asked == ASK_USER) {
        if (!r->id)
            return UI_CLOSE;
        rv->user = r->id;
        ask_temporary(s);
        return UI_STAY;
    }
    if (asked != ASK_TEMPORARY)
        return UI_STAY; /* a box of the key reader's (the start-up check) */
    return r->answer ? temporary_given(s) : UI_CLOSE;
}

static void close_reset(ui_screen *s, ui_result *r)
{
    wipe(((resetview *)s->state)->f, 2);
    r->id = 0;
}

static const ui_screen_ops reset_screen = {
    .kind = "command", .state_size = sizeof(resetview), .open = open_reset, .draw = draw_reset,
    .key = close_on_key, .resume = resume_reset, .close = close_reset,
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
