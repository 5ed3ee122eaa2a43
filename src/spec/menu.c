/* menu.c — the sections of a .menu file: [menu NAME] with its title and items. The format is
 * in forms/README.md; the keys are rows of keys.c. */
#include "parser.h"

#include <stdlib.h>
#include <string.h>

/* ---- [menu NAME] ---------------------------------------------------------------------------- */

void sp_open_menu(parser *p, int line, const char *name)
{
    if (p->kind != FILE_MENU) {
        sp_problem(p, line, "[menu] 只能写在 .menu 文件中", "[menu] belongs in a .menu file");
        return;
    }
    if (!sp_needs_name(p, line, "menu", name))
        return;
    tz_menu *m = sp_append_item(p, &p->set->menus, &p->set->nmenus, sizeof *m);
    if (!m)
        return;
    m->name = sp_dup_text(p, name);
    m->file = sp_dup_text(p, p->file);
    m->line = line;
    p->menu_seen = true;
    p->sec = SEC_MENU;
}

static void add_menu_item(parser *p, int line, tz_menu *m, char *value)
{
    char *tok[3];
    int n = sp_split_words(value, tok, 3);
    bool target_is_menu = n == 3 && strncmp(tok[2], "menu:", 5) == 0;
    bool target_is_cmd = n == 3 && strncmp(tok[2], "cmd:", 4) == 0;
    bool target_is_report = n == 3 && strncmp(tok[2], "report:", 7) == 0;
    const char *target = n == 3 ? tok[2] + (target_is_menu     ? 5
                                            : target_is_cmd    ? 4
                                            : target_is_report ? 7
                                                               : 0)
                                : "";
    if (n != 3 || strlen(tok[0]) != 1 || tok[0][0] < '1' || tok[0][0] > '9'
        || strlen(tok[1]) != 1 || tok[1][0] < 'a' || tok[1][0] > 'z' || !sp_is_ident(target)) {
        sp_problem(p, line, "item 应为 数字键 字母键 目标，例如 item = 1 u units",
                "item should be KEY HOTKEY TARGET, e.g. item = 1 u units");
        return;
    }
    for (size_t i = 0; i < m->nitems; i++) {
        if (m->items[i].key == tok[0][0] || m->items[i].hotkey == tok[1][0]) {
            bool same_key = m->items[i].key == tok[0][0];
            sp_problem(p, line, "菜单键 %c 已在第 %d 行使用", "menu key %c is already used on line %d",
                    same_key ? tok[0][0] : tok[1][0], m->items[i].line);
            return;
        }
    }
    tz_menu_item *it = sp_append_item(p, &m->items, &m->nitems, sizeof *it);
    if (it)
        *it = (tz_menu_item){ .key = tok[0][0], .hotkey = tok[1][0],
                              .target = sp_dup_text(p, target), .is_menu = target_is_menu,
                              .is_command = target_is_cmd, .is_report = target_is_report,
                              .line = line };
}

void sp_parse_menu_item(parser *p, void *menu, int line, const char *value)
{
    char *copy = sp_dup_text(p, value);
    if (copy)
        add_menu_item(p, line, menu, copy);
    free(copy);
}

void sp_close_menu_section(parser *p)
{
    const tz_menu *m = &p->set->menus[p->set->nmenus - 1];
    if (!sp_key_line(p, "item")) /* items given but refused were reported already */
        sp_problem(p, m->line, "[menu %s] 没有任何 item", "[menu %s] has no item", m->name);
}

void sp_finish_menu_file(parser *p)
{
    if (!p->menu_seen)
        sp_problem(p, 0, "文件中没有 [menu 名称] 段", "the file has no [menu NAME] section");
}

void sp_free_menu(tz_menu *m)
{
    for (size_t i = 0; i < m->nitems; i++)
        free(m->items[i].target);
    free(m->items);
    free(m->name);
    free(m->file);
    free(m->title);
    free(m->title_en);
}
