/* menu.c — the main menu and module menus, declared in the .menu files under forms/: each entry has a number
 * key and a letter hotkey, and opens a form's list or another menu. */
#include "stack.h"

#include <stdio.h>
#include <string.h>

static const char *item_title(const ui_app *app, const tz_menu_item *it)
{
    if (it->is_command) {
        const ui_command *c = ui_command_find(it->target);
        return c ? tz_L(c->zh, c->en) : it->target;
    }
    if (it->is_menu) {
        const tz_menu *m = tz_spec_menu(app->set, it->target);
        return m ? tz_menu_title(m) : it->target;
    }
    if (it->is_report) {
        const tz_report *r = tz_spec_report(app->set, it->target);
        return r ? tz_report_title(r) : it->target;
    }
    const tz_form *f = tz_spec_form(app->set, it->target);
    return f ? tz_form_title(f) : it->target;
}

static bool is_main(const tz_menu *menu)
{
    return strcmp(menu->name, "main") == 0;
}

/* q leaves the main menu as 0 does, unless one of its entries is q; a sub-menu's entries may
 * use any letter, and its 0 goes back to the menu above. */
static bool q_leaves(const tz_menu *menu)
{
    if (!is_main(menu))
        return false;
    for (size_t i = 0; i < menu->nitems; i++)
        if (menu->items[i].hotkey == 'q')
            return false;
    return true;
}

/* ---- the entries this clerk may open ------------------------------------------------------------ */

#define MAX_ENTRIES 32

typedef struct {
    const tz_menu *menu;                       /* borrowed */
    const tz_menu_item *items[MAX_ENTRIES];    /* the entries shown, in order; borrowed */
    int n;
} entries;

static bool is_admin(const ui_app *app)
{
    const tz_user *u = db_session(app->db);
    return u && u->role == TZ_ROLE_ADMIN;
}

/* An entry the clerk could only be refused by is not shown: the users and the change history
 * (the db layer says who may open a form), an administrator's command, a sub-menu with nothing
 * the clerk may open (数据交换 for a viewer). `depth` bounds a menu file whose menus name each
 * other in a ring. */
static bool may_open_at(const ui_app *app, const tz_menu_item *it, int depth)
{
    if (it->is_command) {
        const ui_command *c = ui_command_find(it->target);
        return c && (!c->admin_only || is_admin(app));
    }
    if (it->is_menu) {
        const tz_menu *m = tz_spec_menu(app->set, it->target);
        for (size_t i = 0; m && depth < 4 && i < m->nitems; i++)
            if (may_open_at(app, &m->items[i], depth + 1))
                return true;
        return false;
    }
    if (it->is_report)
        return true;
    const tz_form *f = tz_spec_form(app->set, it->target);
    return f && db_may_open(app->db, f);
}

static bool may_open(const ui_app *app, const tz_menu_item *it)
{
    return may_open_at(app, it, 0);
}

static entries entries_of(const ui_app *app, const tz_menu *menu)
{
    entries e = { .menu = menu };
    for (size_t i = 0; i < menu->nitems && e.n < MAX_ENTRIES; i++)
        if (may_open(app, &menu->items[i]))
            e.items[e.n++] = &menu->items[i];
    return e;
}

static void draw(const ui_app *app, const entries *e, int sel)
{
    static const ui_keycode keys[] = { UK_HELP, UK_BACK };
    const tz_menu *menu = e->menu;
    ui_clear();
    char title[200];
    snprintf(title, sizeof title, "%s", tz_menu_title(menu));
    ui_title(title, app->db_path);
    int y = 3, x = (ui_cols() - 40) / 2;
    for (int i = 0; i < e->n; i++) {
        const tz_menu_item *it = e->items[i];
        char line[200];
        snprintf(line, sizeof line, " %c  %s  (%c)", it->key, item_title(app, it), it->hotkey);
        ui_text(y + 2 * i, x, 40, line, i == sel ? UI_SELECTED : UI_NORMAL);
    }
    char quit[80];
    snprintf(quit, sizeof quit, " 0  %s%s", is_main(menu) ? tz_L("退出", "Quit") : tz_L("返回", "Back"),
             q_leaves(menu) ? "  (q)" : "");
    ui_text(y + 2 * e->n, x, 40, quit, e->n == sel ? UI_SELECTED : UI_NORMAL);
    ui_draw_message();
    ui_draw_keys(keys, sizeof keys / sizeof keys[0]);
    ui_cursor(0, 0, false);
    ui_refresh();
}

static void show_help(ui_app *app, const tz_menu *menu)
{
    const char *lines[] = {
        tz_L("按数字或字母键打开一项，或用 ↑↓ 选中后按 Enter。",
             "Press the number or letter of an entry, or ↑↓ then Enter."),
        tz_L("每个模块都一样：列表 → 表单。列表中直接输入即查找。",
             "Every module works alike: list → form. Type in a list to search."),
        tz_L("功能键都有替代键：Ctrl 加字母，或先按 Esc 再按数字（Esc 2 = F2）。",
             "Every F-key has a Ctrl-letter and an Esc-digit equivalent (Esc 2 = F2)."),
        is_main(menu) ? tz_L("0、q 或 Esc 退出（先问一声：Enter 退出，Esc 不退出）。",
                             "0, q or Esc quits (asked first: Enter quits, Esc stays).")
                      : tz_L("0 或 Esc 返回上一级菜单。", "0 or Esc goes back to the menu above."),
    };
    ui_show_text(app, tz_L("帮助", "Help"), lines, sizeof lines / sizeof lines[0]);
}

/* What a menu asks of the screens it pushes (ui_screen.asked). */
enum { ASK_NOTHING, ASK_QUIT };

/* The main menu is the way out of the program: leaving it, by whichever key, is asked first,
 * so that Esc pressed once too often on the way back up does not sign the clerk out. */
static ui_step leave(ui_app *app, const tz_menu *menu)
{
    if (!is_main(menu))
        return UI_CLOSE;
    ui_ask_confirm_enter(app, tz_L("退出系统？", "Quit?"), ASK_QUIT);
    return UI_STAY;
}

/* What a key asks of the menu: -1 to leave, a shown entry's index to open, n for nothing. */
static int menu_choice(const entries *e, ui_key k, int *sel)
{
    int n = e->n;
    switch (k.code) {
    case UK_BACK:  return -1;
    case UK_UP:    *sel = *sel > 0 ? *sel - 1 : n; return n;
    case UK_DOWN:  *sel = *sel < n ? *sel + 1 : 0; return n;
    case UK_ENTER: return *sel == n ? -1 : *sel;
    case UK_CHAR:
        for (int i = 0; i < n; i++)
            if ((wchar_t)e->items[i]->key == k.ch || (wchar_t)e->items[i]->hotkey == k.ch)
                return *sel = i;
        return k.ch == L'0' || (k.ch == L'q' && q_leaves(e->menu)) ? -1 : n;
    default:
        return n;
    }
}

/* What a menu entry naming a form opens: its list, or for a `single` form (settings) the form
 * on its one row. */
static void push_form(ui_app *app, const tz_form *form)
{
    if (!form->single) {
        ui_list_args args = { .form = form };
        ui_push(app, &ui_list_screen, &args, 0);
        return;
    }
    tz_row row = { 0 };
    tz_error err = { 0 };
    if (db_record_last(app->db, form, &row, &err) != TZ_OK) {
        ui_message(UI_ERROR, "%s", err.msg);
        return;
    }
    ui_form_args args = { .form = form, .id = row.id };
    tz_row_free(&row);
    ui_push(app, &ui_form_screen, &args, 0);
}

static const ui_screen_ops menu_screen;

static void open_item(ui_app *app, const tz_menu_item *it)
{
    if (it->is_command)
        ui_command_find(it->target)->run(app);
    else if (it->is_menu)
        ui_push(app, &menu_screen, tz_spec_menu(app->set, it->target), 0);
    else if (it->is_report)
        ui_report_run(app, tz_spec_report(app->set, it->target), 0, false);
    else
        push_form(app, tz_spec_form(app->set, it->target));
}

/* ---- the menu as a screen on the stack ------------------------------------------------------------ */

typedef struct {
    entries e;
    int sel;
} menuview;

static void open_menu(ui_screen *s, const void *menu)
{
    menuview *mv = s->state;
    mv->e = entries_of(s->app, menu);
}

static void draw_menu(ui_screen *s)
{
    menuview *mv = s->state;
    draw(s->app, &mv->e, mv->sel);
}

static ui_step menu_key(ui_screen *s, ui_key k)
{
    menuview *mv = s->state;
    ui_message_clear();
    if (k.code == UK_HELP) {
        show_help(s->app, mv->e.menu);
        return UI_STAY;
    }
    int choice = menu_choice(&mv->e, k, &mv->sel);
    if (choice < 0)
        return leave(s->app, mv->e.menu);
    if (choice >= 0 && choice < mv->e.n)
        open_item(s->app, mv->e.items[choice]);
    return UI_STAY;
}

static ui_step resume_menu(ui_screen *s, int asked, const ui_result *r)
{
    (void)s;
    return asked == ASK_QUIT && r->answer ? UI_CLOSE : UI_STAY;
}

static void close_menu(ui_screen *s, ui_result *r)
{
    (void)s;
    r->id = 0;
}

static const ui_screen_ops menu_screen = {
    .kind = "menu", .state_size = sizeof(menuview), .open = open_menu, .draw = draw_menu,
    .key = menu_key, .resume = resume_menu, .close = close_menu,
};

void ui_open_start(ui_app *app, const char *start_form)
{
    if (db_readonly(app->db))
        ui_message(UI_ERROR, "%s", tz_L("数据库只读：可以查看，不能保存", "Read-only database: you can look, not save"));
    if (start_form)
        push_form(app, tz_spec_form(app->set, start_form));
    else
        ui_push(app, &menu_screen, tz_spec_menu(app->set, "main"), 0);
}

int ui_run(tz_db *db, const tz_formset *set, const char *db_path, const char *start_form)
{
    ui_app app = { .db = db, .set = set, .db_path = db_path };
    char msg[200];
    if (!ui_start(msg, sizeof msg)) {
        fprintf(stderr, "taizhang: %s\n", msg);
        return 1;
    }
    ui_sign_in(&app, start_form);
    ui_drive();
    ui_stop();
    return ui_exit_status();
}
