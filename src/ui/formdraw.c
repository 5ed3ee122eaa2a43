/* formdraw.c — a form on the screen: its fields laid out under their labels (scrolling when the
 * form is taller than the screen), the detail grids below, the title, the keys, the hints and
 * the F1 help. */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- layout and drawing ----------------------------------------------------------------------- */

static int first_row(void) { return 2; }
static int last_row(void) { return ui_rows() - 3; }

static int focus_height(const formview *fv, int i)
{
    if (i >= nfields(fv))
        return 1 + grid_height(&fv->grids[i - nfields(fv)]); /* a blank line above the grid */
    return fv->fs[i].f->height > 0 ? fv->fs[i].f->height : 1;
}

/* Row of focus item i counted from the top of the whole form. */
static int focus_row(const formview *fv, int i)
{
    int y = 0;
    for (int k = 0; k < i; k++)
        y += focus_height(fv, k);
    return y;
}

/* A single-line field gets one column more than its declared width: the cursor stands there
 * after the last character, so a full 10-character date does not scroll while typed. */
int form_field_width(const formview *fv, const tz_field *f)
{
    int room = ui_cols() - (fv->label_w + 3) - 1;
    int w = f->type == TZ_FT_MEMO ? f->width : field_width_needed(f) + 1;
    return w < room ? w : room;
}

static void keep_current_visible(formview *fv)
{
    int rows = last_row() - first_row() + 1;
    int y = focus_row(fv, fv->cur), h = focus_height(fv, fv->cur);
    if (y < fv->top)
        fv->top = y;
    if (y + h > fv->top + rows)
        fv->top = y + h - rows;
}

static void draw_field(formview *fv, int i, int y, bool active, int *cy, int *cx)
{
    ui_field *s = &fv->fs[i];
    const tz_field *f = s->f;
    char label[160];
    snprintf(label, sizeof label, "%s%s", f->required && !read_only(fv) ? "*" : "",
             tz_field_label(f));
    int lw = tz_str_width(label);
    if (lw > fv->label_w)
        lw = fv->label_w;
    ui_text(y, 1 + fv->label_w - lw, lw, label, active ? UI_HEADER : UI_NORMAL);
    ui_text(y, 1 + fv->label_w, 2, tz_L("：", ":"), UI_NORMAL);
    int h = f->height > 0 ? f->height : 1;
    s->fixed = read_only(fv); /* a viewer's form, or another township's record, from its opening */
    field_draw(s, y, fv->label_w + 3, form_field_width(fv, f), h, active, cy, cx);
}

/* The last crumb: "新增", the record's display value, or its number when it has none. */
static void record_crumb(const formview *fv, char *out, size_t cap)
{
    int di = fv->form->display ? tz_form_field_index(fv->form, fv->form->display) : -1;
    char *label = di >= 0 ? tz_line_get(&fv->fs[di].line) : NULL;
    if (!fv->id)
        snprintf(out, cap, "%s", tz_L("新增", "New"));
    else if (label && *label)
        snprintf(out, cap, "%s", label);
    else
        snprintf(out, cap, tz_L("编号 %lld", "No. %lld"), (long long)fv->id);
    free(label);
}

static void draw_title(formview *fv)
{
    char title[400], crumb[200];
    record_crumb(fv, crumb, sizeof crumb);
    snprintf(title, sizeof title, "%s › %s › %s%s", tz_L("党建台账", "Ledgers"),
             tz_form_title(fv->form), crumb, fv->changed ? " *" : "");
    ui_title(title, fv->app->db_path);
}

/* Whether a command does anything in this form for this clerk: the editing ones unless
 * read-only, new when they may add, delete unless single, links and print when it has them. */
static bool offers(const formview *fv, ui_keycode cmd)
{
    const tz_form *f = fv->form;
    switch (cmd) {
    case UK_SAVE: case UK_PICK: case UK_DITTO: return !read_only(fv);
    case UK_NEW:    return fv->may_add;
    case UK_DELREC: return !read_only(fv) && !f->single;
    case UK_LINKS:  return f->nlinks > 0;
    case UK_PRINT:  return f->nprint > 0;
    default:        return true;
    }
}

static void draw_keys(const formview *fv)
{
    static const ui_keycode all[] = { UK_HELP, UK_SAVE, UK_PICK, UK_NEW, UK_DELREC, UK_DITTO,
                                      UK_LINKS, UK_PRINT, UK_HISTORY, UK_BACK };
    ui_keycode keys[sizeof all / sizeof all[0]];
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (offers(fv, all[i]))
            keys[n++] = all[i];
    ui_draw_keys(keys, n);
}

void form_draw(formview *fv)
{
    ui_clear();
    draw_title(fv);
    keep_current_visible(fv);
    int cy = -1, cx = 0;
    for (int i = 0; i < nfocus(fv); i++) {
        int y = first_row() + focus_row(fv, i) - fv->top;
        int h = focus_height(fv, i);
        if (y < first_row() || y + h - 1 > last_row())
            continue;
        bool active = i == fv->cur && editable(fv, i);
        if (i < nfields(fv))
            draw_field(fv, i, y, active, &cy, &cx);
        else
            grid_draw(&fv->grids[i - nfields(fv)], y + 1, active, fv->id, &cy, &cx);
    }
    if (fv->top > 0)
        ui_text(1, ui_cols() - 3, 2, "↑", UI_DIM);
    ui_draw_message();
    draw_keys(fv);
    ui_cursor(cy, cx, cy >= 0 && !(in_grid(fv) && !current_grid(fv)->editing));
    ui_refresh();
}

/* The field's help, shown when the clerk arrives in it and nothing more urgent is on the line. */
void form_show_field_help(formview *fv)
{
    if (read_only(fv))
        return;
    if (in_grid(fv)) {
        grid_show_help(current_grid(fv));
        return;
    }
    const tz_field *f = fv->fs[fv->cur].f;
    const char *hint = "";
    switch (f->type) {
    case TZ_FT_DATE:   hint = tz_L("（YYYY-MM-DD，按 t 填今天）", " (YYYY-MM-DD, t for today)"); break;
    case TZ_FT_CHOICE:
    case TZ_FT_YESNO:  hint = tz_L("（输入首字或首字母，空格或←→切换，F4 列表）",
                                   " (type its first letter; Space or ←→ to change, F4 list)"); break;
    case TZ_FT_LOOKUP: hint = tz_L("（输入名称、代码或拼音首字母，F4 选择）",
                                   " (type a name, code or initials; F4 to pick)"); break;
    case TZ_FT_MEMO:   hint = tz_L("（Enter 换行，Tab 下一栏）", " (Enter new line, Tab next field)"); break;
    case TZ_FT_MONEY:
        hint = tz_field_money_unit(f) == TZ_MONEY_WAN
                   ? tz_L("（万元，如 1.5；也可输入 15000元）", " (10k yuan, e.g. 1.5; or 15000元)")
                   : tz_L("（元，如 1,234.50；也可输入 1.5万）", " (yuan, e.g. 1,234.50; or 1.5万)");
        break;
    default: break;
    }
    ui_message(UI_DIM, "%s%s", tz_field_help(f), hint);
}

void form_show_help(const formview *fv)
{
    static const ui_keycode cmds[] = { UK_HELP, UK_SAVE, UK_PICK, UK_REFRESH, UK_NEW, UK_DELREC,
                                       UK_DITTO, UK_LINKS, UK_HISTORY, UK_BACK };
    char lines[32][200];
    const char *ptrs[32];
    size_t n = 0;
    if (fv->form->help)
        snprintf(lines[n++], sizeof lines[0], "%s", tz_L(fv->form->help, fv->form->help_en));
    if (read_only(fv)) {
        snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
                 "这里只能查看：没有可修改的栏", "Read-only here: nothing can be changed"));
    } else {
        snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
                 "Tab、Enter 或 ↓ 下一栏；Shift-Tab 或 ↑ 上一栏；带 * 的栏必须填写",
                 "Tab, Enter or ↓ next field; Shift-Tab or ↑ previous; * marks a required field"));
        snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
                 "刚进入的栏，输入的第一个字替换原有内容；先按 ←→、Home 或 End 则在原内容上修改",
                 "In a field just entered the first key typed replaces its value; ←→, Home or End first edit it"));
        snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
                 "日期栏按 t 填今天；选择栏输入首字或首字母；查找栏输入名称、代码或拼音首字母",
                 "Date: t for today; choice: its first letter, Space or ←→; lookup: a name, code or initials"));
    }
    if (fv->form->ndetails && !read_only(fv))
        snprintf(lines[n++], sizeof lines[0], "%s", tz_L(
                 "明细表：Tab 或 PgDn 进入；方向键移动；Enter 或直接输入修改单元格，Enter 保存该行；F7 新增行，F8 删除行",
                 "Rows: Tab or PgDn in; arrows move; Enter or typing edits a cell, Enter saves the row; F7 adds, F8 deletes"));
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (offers(fv, cmds[i]))
            snprintf(lines[n++], sizeof lines[0], "%-4s %-8s (%s)", ui_key_name(cmds[i]),
                     ui_key_label(cmds[i]), ui_key_alt(cmds[i]));
    for (size_t i = 0; i < fv->form->nfields && n < 32; i++) {
        const tz_field *f = &fv->form->fields[i];
        if (*tz_field_help(f))
            snprintf(lines[n++], sizeof lines[0], "%s：%s", tz_field_label(f), tz_field_help(f));
    }
    for (size_t i = 0; i < n; i++)
        ptrs[i] = lines[i];
    ui_show_text(fv->app, tz_L("帮助", "Help"), ptrs, n);
}
