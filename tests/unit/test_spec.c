/* test_spec — the spec layer: the real forms/ files, the parser on good and malformed text,
 * cross-checks, loading with an override directory, and stored <-> shown values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taizhang/spec.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static void dump(const tz_problems *probs)
{
    for (size_t i = 0; i < probs->n; i++)
        fprintf(stderr, "  %s:%d: %s\n", probs->items[i].file, probs->items[i].line,
                probs->items[i].msg);
}

static bool has_problem(const tz_problems *probs, const char *file, int line)
{
    for (size_t i = 0; i < probs->n; i++)
        if (strcmp(probs->items[i].file, file) == 0 && probs->items[i].line == line)
            return true;
    return false;
}

/* Parses one malformed text and expects exactly one problem, at file:line. */
static void expect_one(const char *file, const char *text, int line)
{
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    tz_status st = tz_spec_parse(&set, file, text, &probs);
    if (probs.n != 1 || !has_problem(&probs, file, line)) {
        fprintf(stderr, "expected one problem at %s:%d, got:\n", file, line);
        dump(&probs);
    }
    assert_int_equal(st, TZ_ERR_PARSE);
    assert_int_equal(probs.n, 1);
    assert_true(has_problem(&probs, file, line));
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

static const char main_menu[] = "[menu main]\n"
                                "title = 主菜单\n"
                                "item = 1 t t\n";

/* Parses a form text that is well-formed, adds a main menu, validates, and expects a problem
 * from the cross-checks at file:line. */
static void expect_invalid(const char *file, const char *text, int line)
{
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, file, text, &probs), TZ_OK);
    assert_int_equal(tz_spec_parse(&set, "main.menu", main_menu, &probs), TZ_OK);
    dump(&probs);
    assert_int_equal(probs.n, 0);
    tz_spec_validate(&set, &probs);
    if (!has_problem(&probs, file, line)) {
        fprintf(stderr, "expected a problem at %s:%d, got:\n", file, line);
        dump(&probs);
    }
    assert_true(has_problem(&probs, file, line));
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* ---- the real form files ------------------------------------------------------------------- */

/* A form with detail grids shows them under its fields at 80x24 without scrolling: a title line
 * and a blank one above the fields, a blank line, the grid's title and its header above each
 * grid's rows, the message line and the keys at the foot. A grid pushed below the screen was
 * found only by tabbing into it (交叉检查, whose notes took the default memo height). */
static void test_forms_with_grids_fit_the_screen(void **state)
{
    (void)state;
    const char *dir = getenv("TZ_FORMS_DIR");
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_load(&set, NULL, 0, dir && *dir ? dir : "forms", &probs), TZ_OK);
    for (size_t i = 0; i < set.nforms; i++) {
        const tz_form *f = &set.forms[i];
        if (!f->ndetails)
            continue;
        int rows = 2 + 2;
        for (size_t k = 0; k < f->nfields; k++)
            rows += f->fields[k].height > 0 ? f->fields[k].height : 1;
        for (size_t g = 0; g < f->ndetails; g++)
            rows += 3 + f->details[g].rows;
        if (rows > 24)
            fail_msg("%s: %d rows with its grids", f->name, rows);
    }
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

static void test_real_forms_load_clean(void **state)
{
    (void)state;
    const char *dir = getenv("TZ_FORMS_DIR");
    if (!dir || !*dir)
        dir = "forms";
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    tz_status st = tz_spec_load(&set, NULL, 0, dir, &probs);
    dump(&probs); /* prints nothing when all is well */
    assert_int_equal(st, TZ_OK);
    assert_int_equal(probs.n, 0);

    const tz_form *units = tz_spec_form(&set, "units");
    const tz_form *people = tz_spec_form(&set, "people");
    assert_non_null(units);
    assert_non_null(people);
    assert_non_null(tz_spec_menu(&set, "main"));
    assert_string_equal(units->table, "units");
    assert_string_equal(units->tree, "parent_id");
    assert_int_equal(units->ncolumns, 4);
    assert_int_equal(units->nsearch, 3);
    assert_int_equal(units->search[1].mode, TZ_SEARCH_PREFIX);
    const tz_field *level = &units->fields[tz_form_field_index(units, "level")];
    /* its labels are the database's (db_load_choices): none before */
    assert_string_equal(level->vocab, "unit_level");
    assert_null(level->vocab_only);
    assert_int_equal(level->nchoices, 0);
    const tz_form *standards = tz_spec_form(&set, "budget_standards");
    const tz_field *for_level = &standards->fields[tz_form_field_index(standards, "unit_level")];
    assert_string_equal(for_level->vocab, "unit_level");
    assert_string_equal(for_level->vocab_only, "village, community");
    assert_string_equal(people->filter, "unit_id");
    const tz_field *name = &people->fields[tz_form_field_index(people, "name")];
    assert_true(name->surname);
    assert_string_equal(name->pinyin, "name_py");
    const tz_field *id = &people->fields[tz_form_field_index(people, "id_number")];
    assert_int_equal(id->maxlen, 18);
    assert_int_equal(id->width, 20);
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* ---- a good file, every field of every struct ------------------------------------------------ */

static const char good_form[] =
    "# a comment\n"                                          /* 1 */
    "\n"                                                     /* 2 */
    "[form contracts]\n"                                     /* 3 */
    "title = 责任状\n"                                       /* 4 */
    "title.en = Contracts\n"                                 /* 5 */
    "table = contracts\n"                                    /* 6 */
    "display = title\n"                                      /* 7 */
    "order = signed_on\n"                                    /* 8 */
    "tree = parent_id\n"                                     /* 9 */
    "filter = unit_id\n"                                     /* 10 */
    "search = %title%, code%, plain\n"                       /* 11 */
    "help = 三级责任状\n"                                    /* 12 */
    "help.en = Three-tier contracts\n"                       /* 13 */
    "  [field title]  \n"                                    /* 14 */
    "  label = 标题\n"                                       /* 15 */
    "label.en = Title\n"                                     /* 16 */
    "type = text\n"                                          /* 17 */
    "required = yes\n"                                       /* 18 */
    "maxlen = 40\n"                                          /* 19 */
    "pinyin = title_py\n"                                    /* 20 */
    "surname = no\n"                                         /* 21 */
    "help = 例如：2026年度责任状\n"                          /* 22 */
    "help.en = e.g. 2026 contract\n"                         /* 23 */
    "[field year]\n"                                         /* 24 */
    "label = 年度\n"                                         /* 25 */
    "type = integer\n"                                       /* 26 */
    "default = 2026\n"                                       /* 27 */
    "readonly = yes\n"                                       /* 28 */
    "[field amount]\n"                                       /* 29 */
    "label = 金额\n"                                         /* 30 */
    "type = money\n"                                         /* 31 */
    "default = 150000\n"                                     /* 32 */
    "[field signed_on]\n"                                    /* 33 */
    "label = 签订日期\n"                                     /* 34 */
    "type = date\n"                                          /* 35 */
    "default = today\n"                                      /* 36 */
    "[field status]\n"                                       /* 37 */
    "label = 状态\n"                                         /* 38 */
    "type = choice\n"                                        /* 39 */
    "choices = draft:草稿:Draft, signed:已签订\n"            /* 40 */
    "default = draft\n"                                      /* 41 */
    "width = 8\n"                                            /* 42 */
    "[field done]\n"                                         /* 43 */
    "label = 完成\n"                                         /* 44 */
    "type = yesno\n"                                         /* 45 */
    "default = 0\n"                                          /* 46 */
    "[field notes]\n"                                        /* 47 */
    "label = 备注\n"                                         /* 48 */
    "type = memo\n"                                          /* 49 */
    "height = 5\n"                                           /* 50 */
    "[field parent_id]\n"                                    /* 51 */
    "label = 上级\n"                                         /* 52 */
    "type = lookup\n"                                        /* 53 */
    "lookup = contracts\n"                                   /* 54 */
    "[field unit_id]\n"                                      /* 55 */
    "label = 单位\n"                                         /* 56 */
    "type = lookup\n"                                        /* 57 */
    "lookup = contracts\n"                                   /* 58 */
    "where = level = 'village'\n"                            /* 59 */
    "[list]\n"                                               /* 60 */
    "columns = title, signed_on 12, status\n"                /* 61 */
    "[detail items]\n"                                       /* 62 */
    "form = contracts\n"                                     /* 63 */
    "link = parent_id\n"                                     /* 64 */
    "title = 责任内容\n"                                     /* 65 */
    "title.en = Items\n"                                     /* 66 */
    "rows = 8\n"                                             /* 67 */
    "[detail more]\r\n"                                      /* 68 */
    "form = contracts\r\n"                                   /* 69 */
    "link = unit_id";                                        /* 70, no final newline */

static const char good_menu[] = "\xEF\xBB\xBF[menu main]\n" /* 1, with a byte-order mark */
                                "title = 党建台账\n"        /* 2 */
                                "title.en = Ledgers\n"      /* 3 */
                                "item = 1 c contracts\n"    /* 4 */
                                "item = 2 s menu:sub\n"     /* 5 */
                                "[menu sub]\n"              /* 6 */
                                "item = 9 z contracts\n";   /* 7 */

static void check_good_form(const tz_form *f)
{
    assert_string_equal(f->name, "contracts");
    assert_string_equal(f->file, "contracts.form");
    assert_int_equal(f->line, 3);
    assert_string_equal(f->title, "责任状");
    assert_string_equal(f->title_en, "Contracts");
    assert_string_equal(f->table, "contracts");
    assert_string_equal(f->display, "title");
    assert_string_equal(f->order, "signed_on");
    assert_string_equal(f->tree, "parent_id");
    assert_string_equal(f->filter, "unit_id");
    assert_string_equal(f->help, "三级责任状");
    assert_string_equal(f->help_en, "Three-tier contracts");
    assert_int_equal(f->table_line, 6);
    assert_int_equal(f->display_line, 7);
    assert_int_equal(f->order_line, 8);
    assert_int_equal(f->tree_line, 9);
    assert_int_equal(f->filter_line, 10);
    assert_int_equal(f->search_line, 11);
    assert_int_equal(f->nsearch, 3);
    assert_string_equal(f->search[0].column, "title");
    assert_int_equal(f->search[0].mode, TZ_SEARCH_CONTAINS);
    assert_string_equal(f->search[1].column, "code");
    assert_int_equal(f->search[1].mode, TZ_SEARCH_PREFIX);
    assert_string_equal(f->search[2].column, "plain");
    assert_int_equal(f->search[2].mode, TZ_SEARCH_CONTAINS);
    assert_int_equal(f->nfields, 9);
}

static void check_good_fields(const tz_form *form)
{
    const tz_field *f = &form->fields[0];
    assert_string_equal(f->column, "title");
    assert_string_equal(f->label, "标题");
    assert_string_equal(f->label_en, "Title");
    assert_int_equal(f->type, TZ_FT_TEXT);
    assert_int_equal(f->width, 20);
    assert_int_equal(f->height, 1);
    assert_int_equal(f->maxlen, 40);
    assert_true(f->required);
    assert_false(f->readonly);
    assert_null(f->defval);
    assert_string_equal(f->pinyin, "title_py");
    assert_false(f->surname);
    assert_string_equal(f->help, "例如：2026年度责任状");
    assert_string_equal(f->help_en, "e.g. 2026 contract");
    assert_int_equal(f->line, 14);

    f = &form->fields[1];
    assert_int_equal(f->type, TZ_FT_INTEGER);
    assert_int_equal(f->width, 8);
    assert_string_equal(f->defval, "2026");
    assert_true(f->readonly);
    assert_false(f->required);
    assert_null(f->label_en);

    assert_int_equal(form->fields[2].type, TZ_FT_MONEY);
    assert_int_equal(form->fields[2].width, 14);
    assert_int_equal(form->fields[3].type, TZ_FT_DATE);
    assert_int_equal(form->fields[3].width, 10);
    assert_string_equal(form->fields[3].defval, "today");

    f = &form->fields[4];
    assert_int_equal(f->type, TZ_FT_CHOICE);
    assert_int_equal(f->width, 8);
    assert_int_equal(f->nchoices, 2);
    assert_string_equal(f->choices[0].code, "draft");
    assert_string_equal(f->choices[0].zh, "草稿");
    assert_string_equal(f->choices[0].en, "Draft");
    assert_string_equal(f->choices[1].code, "signed");
    assert_string_equal(f->choices[1].zh, "已签订");
    assert_null(f->choices[1].en);

    assert_int_equal(form->fields[5].type, TZ_FT_YESNO);
    assert_int_equal(form->fields[5].width, 4);
    f = &form->fields[6];
    assert_int_equal(f->type, TZ_FT_MEMO);
    assert_int_equal(f->width, 60);
    assert_int_equal(f->height, 5);
    assert_int_equal(f->maxlen, 2000);

    f = &form->fields[8];
    assert_int_equal(f->type, TZ_FT_LOOKUP);
    assert_int_equal(f->width, 24);
    assert_string_equal(f->lookup, "contracts");
    assert_string_equal(f->where, "level = 'village'");
    assert_null(form->fields[7].where);
}

static void check_good_list_and_details(const tz_form *f)
{
    assert_int_equal(f->ncolumns, 3);
    assert_int_equal(f->columns[0].field, 0);
    assert_int_equal(f->columns[0].width, 20);
    assert_int_equal(f->columns[1].field, 3);
    assert_int_equal(f->columns[1].width, 12);
    assert_int_equal(f->columns[2].field, 4);
    assert_int_equal(f->columns[2].width, 8);
    assert_int_equal(f->columns[2].line, 61);

    assert_int_equal(f->ndetails, 2);
    const tz_detail *d = &f->details[0];
    assert_string_equal(d->name, "items");
    assert_string_equal(d->form, "contracts");
    assert_string_equal(d->link, "parent_id");
    assert_string_equal(d->title, "责任内容");
    assert_string_equal(d->title_en, "Items");
    assert_int_equal(d->rows, 8);
    assert_int_equal(d->line, 62);
    d = &f->details[1];
    assert_string_equal(d->link, "unit_id");
    assert_int_equal(d->rows, 6);
    assert_null(d->title);
}

static void check_good_menus(const tz_formset *set)
{
    assert_int_equal(set->nmenus, 2);
    const tz_menu *m = tz_spec_menu(set, "main");
    assert_non_null(m);
    assert_string_equal(m->file, "main.menu");
    assert_int_equal(m->line, 1);
    assert_string_equal(m->title, "党建台账");
    assert_string_equal(m->title_en, "Ledgers");
    assert_int_equal(m->nitems, 2);
    assert_int_equal(m->items[0].key, '1');
    assert_int_equal(m->items[0].hotkey, 'c');
    assert_string_equal(m->items[0].target, "contracts");
    assert_false(m->items[0].is_menu);
    assert_int_equal(m->items[0].line, 4);
    assert_string_equal(m->items[1].target, "sub");
    assert_true(m->items[1].is_menu);
    const tz_menu *sub = tz_spec_menu(set, "sub");
    assert_non_null(sub);
    assert_null(sub->title);
    assert_string_equal(tz_menu_title(sub), "sub");
}

static void test_good_text(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "contracts.form", good_form, &probs), TZ_OK);
    assert_int_equal(tz_spec_parse(&set, "main.menu", good_menu, &probs), TZ_OK);
    tz_spec_validate(&set, &probs);
    dump(&probs);
    assert_int_equal(probs.n, 0);
    assert_int_equal(set.nforms, 1);
    const tz_form *f = tz_spec_form(&set, "contracts");
    assert_ptr_equal(f, &set.forms[0]);
    check_good_form(f);
    check_good_fields(f);
    check_good_list_and_details(f);
    check_good_menus(&set);
    tz_problems_free(&probs);
    tz_formset_free(&set);
    assert_int_equal(set.nforms, 0);
    assert_null(set.forms);
}

static void test_accessors(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "contracts.form", good_form, &probs), TZ_OK);
    const tz_form *f = &set.forms[0];
    assert_null(tz_spec_form(&set, "nothing"));
    assert_null(tz_spec_menu(&set, "main"));
    assert_int_equal(tz_form_field_index(f, "status"), 4);
    assert_int_equal(tz_form_field_index(f, "nothing"), -1);
    const tz_field *status = &f->fields[4];
    assert_null(tz_field_choice(status, "nothing"));

    tz_lang_set(TZ_LANG_ZH);
    assert_string_equal(tz_form_title(f), "责任状");
    assert_string_equal(tz_field_label(&f->fields[0]), "标题");
    assert_string_equal(tz_field_help(&f->fields[0]), "例如：2026年度责任状");
    assert_string_equal(tz_field_help(&f->fields[1]), "");
    assert_string_equal(tz_choice_label(&status->choices[1]), "已签订");
    tz_lang_set(TZ_LANG_EN);
    assert_string_equal(tz_form_title(f), "Contracts");
    assert_string_equal(tz_field_label(&f->fields[0]), "Title");
    assert_string_equal(tz_field_label(&f->fields[1]), "年度"); /* no label.en: Chinese */
    assert_string_equal(tz_field_help(&f->fields[0]), "e.g. 2026 contract");
    assert_string_equal(tz_choice_label(&status->choices[0]), "Draft");
    assert_string_equal(tz_choice_label(&status->choices[1]), "已签订");
    tz_lang_set(TZ_LANG_ZH);
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* ---- malformed text: each problem at its FILE:LINE -------------------------------------------- */

#define FORM_HEAD "[form t]\ntitle = 测试\ntable = t\ndisplay = name\n" /* lines 1-4 */
#define NAME_FIELD "[field name]\nlabel = 名称\ntype = text\n"            /* 3 lines */
#define LIST_NAME "[list]\ncolumns = name\n"                             /* 2 lines */

static void test_missing_equals(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD "help 没有等号\n" NAME_FIELD LIST_NAME, 5);
}

static void test_unknown_key(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD NAME_FIELD "colour = red\n" LIST_NAME, 8);
    expect_one("t.form", FORM_HEAD NAME_FIELD "type.en = text\n" LIST_NAME, 8);
}

static void test_unknown_type(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD "[field name]\nlabel = 名称\ntype = float\n" LIST_NAME, 7);
}

static void test_unknown_section(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD NAME_FIELD "[report x]\nquery = 1\n" LIST_NAME, 8);
}

static void test_choice_without_choices(void **state)
{
    (void)state;
    expect_one("t.form",
               FORM_HEAD NAME_FIELD "[field level]\nlabel = 层级\ntype = choice\n" LIST_NAME, 8);
}

/* `choices = @NAME` names a vocabulary; its codes after ':' must be codes. */
static void test_choice_vocabulary_names(void **state)
{
    (void)state;
    expect_one("t.form",
               FORM_HEAD NAME_FIELD "[field level]\nlabel = 层级\ntype = choice\nchoices = @unit level\n"
                                    LIST_NAME, 11);
    expect_one("t.form",
               FORM_HEAD NAME_FIELD "[field level]\nlabel = 层级\ntype = choice\n"
                                    "choices = @unit_level: village, 村\n" LIST_NAME, 11);
}

static void test_key_that_does_not_fit_the_type(void **state)
{
    (void)state;
    expect_one("t.form",
               FORM_HEAD NAME_FIELD "[field d]\nlabel = 日期\ntype = date\nchoices = a:甲\n"
                                    LIST_NAME,
               11);
    expect_one("t.form", FORM_HEAD "[field name]\nlabel = 名称\ntype = text\nlookup = t\n"
                                   LIST_NAME,
               8);
}

static void test_duplicate_field_and_key(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD NAME_FIELD LIST_NAME "[field name]\nlabel = 又一个\ntype = text\n",
               10);
    expect_one("t.form", FORM_HEAD "[field name]\nlabel = 名称\nlabel = 名字\ntype = text\n"
                         LIST_NAME,
               7);
}

static void test_bad_width(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD NAME_FIELD "width = 99\n" LIST_NAME, 8);
    expect_one("t.form", FORM_HEAD NAME_FIELD "width = wide\n" LIST_NAME, 8);
    expect_one("t.form", FORM_HEAD NAME_FIELD "[list]\ncolumns = name 0\n", 9);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD NAME_FIELD "help = \xE5\x90\n" LIST_NAME, 8);
    expect_one("t.form", FORM_HEAD "# \xFF in a comment\n" NAME_FIELD LIST_NAME, 5);
}

static void test_key_outside_section(void **state)
{
    (void)state;
    expect_one("t.form", "# header\ntitle = 测试\n" FORM_HEAD NAME_FIELD LIST_NAME, 2);
}

static void test_bad_default_and_names(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD NAME_FIELD "[field d]\nlabel = 日期\ntype = date\n"
                                              "default = 2026-13-01\n" LIST_NAME,
               11);
    expect_one("t.form", FORM_HEAD NAME_FIELD "[field bad-name]\nlabel = 坏\ntype = text\n" LIST_NAME,
               8);
    expect_one("t.form", FORM_HEAD NAME_FIELD "[list]\ncolumns = name, nothing\n", 9);
    expect_one("t.form", "[form t]\ntitle = 测试\n" NAME_FIELD LIST_NAME, 1); /* no table */
    expect_one("t.form", FORM_HEAD NAME_FIELD LIST_NAME "[form u]\n", 10);
    expect_one("t.form", "# nothing here\n", 0);
}

static void test_menu_problems(void **state)
{
    (void)state;
    expect_one("main.menu", "[menu main]\nitem = 1 a t\nitem = 1 b u\n", 3);
    expect_one("main.menu", "[menu main]\nitem = 1 a t\nitem = 2 a u\n", 3);
    expect_one("main.menu", "[menu main]\nitem = 1 a t\nitem = 0 b u\n", 3);
    expect_one("main.menu", "[menu main]\nitem = 1 a t\nitem = 2 b\n", 3);
    expect_one("main.menu", "[menu main]\nitem = 1 a t\nitem = 2 B u\n", 3);
    expect_one("main.menu", "[menu main]\ntitle = 空\n", 1); /* no item */
    expect_one("main.menu", "[menu main]\nitem = 1 a t\n[form t]\n", 3);
    expect_one("t.form", FORM_HEAD NAME_FIELD LIST_NAME "[menu main]\n", 10);
}

static void test_three_problems_reported(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    const char *text = FORM_HEAD                 /* 1-4 */
        "[field name]\n"                         /* 5 */
        "label = 名称\n"                         /* 6 */
        "type = txt\n"                           /* 7: unknown type */
        "width 12\n"                             /* 8: missing = */
        "[list]\n"                               /* 9 */
        "columns = name\n"                       /* 10 */
        "colour = red\n";                        /* 11: unknown key */
    assert_int_equal(tz_spec_parse(&set, "three.form", text, &probs), TZ_ERR_PARSE);
    if (probs.n != 3)
        dump(&probs);
    assert_int_equal(probs.n, 3);
    assert_true(has_problem(&probs, "three.form", 7));
    assert_true(has_problem(&probs, "three.form", 8));
    assert_true(has_problem(&probs, "three.form", 11));
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* ---- the table of keys ------------------------------------------------------------------------ */

/* A file of each kind with a section of each kind open: the key under test goes on `line`. */
static const struct {
    const char *section, *file, *head;
    int line;
} key_places[] = {
    { "form", "t.form", "[form t]\n", 2 },
    { "field", "t.form", "[form t]\n[field c]\n", 3 },
    { "list", "t.form", "[form t]\n[list]\n", 3 },
    { "detail", "t.form", "[form t]\n[detail d]\n", 3 },
    { "link", "t.form", "[form t]\n[link l]\n", 3 },
    { "menu", "t.menu", "[menu m]\n", 2 },
    { "report", "t.report", "[report r]\n", 2 },
    { "sheet", "t.report", "[report r]\n[sheet s]\n", 3 },
    { "column", "t.report", "[report r]\n[sheet s]\n[column c]\n", 4 },
};
#define NPLACES (sizeof key_places / sizeof key_places[0])

static bool table_accepts(const char *key, const char *section)
{
    const char *name, *sec;
    for (size_t i = 0; tz_spec_key(i, &name, &sec); i++)
        if (strcmp(name, key) == 0 && strcmp(sec, section) == 0)
            return true;
    return false;
}

/* Parses `key = v` in the place's section; true if the parser said the key is unknown there. */
static bool refused_as_unknown(size_t place, const char *key)
{
    char text[200], unknown[100];
    snprintf(text, sizeof text, "%s%s = v\n", key_places[place].head, key);
    snprintf(unknown, sizeof unknown, "未知的键“%s”", key);
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    tz_spec_parse(&set, key_places[place].file, text, &probs);
    bool refused = false;
    for (size_t i = 0; i < probs.n; i++)
        refused |= probs.items[i].line == key_places[place].line
                   && strcmp(probs.items[i].msg, unknown) == 0;
    tz_problems_free(&probs);
    tz_formset_free(&set);
    return refused;
}

static void test_key_table_sections(void **state)
{
    (void)state;
    const char *name, *section;
    size_t n = 0;
    for (; tz_spec_key(n, &name, &section); n++) {
        bool placed = false;
        for (size_t p = 0; p < NPLACES; p++) {
            placed |= strcmp(key_places[p].section, section) == 0;
            bool expected = !table_accepts(name, key_places[p].section);
            if (refused_as_unknown(p, name) != expected)
                fail_msg("key %s in [%s]: expected %s", name, key_places[p].section,
                         expected ? "unknown key" : "accepted");
        }
        if (!placed)
            fail_msg("key %s: the test has no file with a [%s] section", name, section);
    }
    assert_true(n > NPLACES); /* the table is there */
}

/* A key given twice names the line of the first, also when the first's value was refused. */
static void test_key_twice_after_refused_value(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    tz_spec_parse(&set, "t.form", "[form t]\n[field c]\ntype = colour\ntype = text\n", &probs);
    bool named = false;
    for (size_t i = 0; i < probs.n; i++)
        named |= probs.items[i].line == 4
                 && strcmp(probs.items[i].msg, "键 type 重复（第 3 行已给出）") == 0;
    if (!named)
        dump(&probs);
    assert_true(named);
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* ---- cross-checks ----------------------------------------------------------------------------- */

static void test_dangling_lookup(void **state)
{
    (void)state;
    expect_invalid("t.form",
                   FORM_HEAD NAME_FIELD "[field u]\nlabel = 单位\ntype = lookup\nlookup = nowhere\n"
                                        LIST_NAME,
                   8);
}

static void test_lookup_target_without_display(void **state)
{
    (void)state;
    /* t looks itself up but declares no display: reported at the target's [form]. */
    expect_invalid("t.form",
                   "[form t]\ntitle = 测试\ntable = t\n" NAME_FIELD
                   "[field up]\nlabel = 上级\ntype = lookup\nlookup = t\n" LIST_NAME,
                   1);
}

static void test_order_filter_tree(void **state)
{
    (void)state;
    expect_invalid("t.form",
                   FORM_HEAD "order = code\n" NAME_FIELD "[field code]\nlabel = 代码\ntype = text\n"
                   LIST_NAME,
                   5);
    expect_invalid("t.form", FORM_HEAD "filter = name\n" NAME_FIELD LIST_NAME, 5);
    expect_invalid("t.form", FORM_HEAD "tree = name\n" NAME_FIELD LIST_NAME, 5);
    expect_invalid("t.form", FORM_HEAD NAME_FIELD, 1); /* no list columns */
}

static void test_detail_form_missing(void **state)
{
    (void)state;
    expect_invalid("t.form", FORM_HEAD NAME_FIELD LIST_NAME "[detail x]\nform = nothing\nlink = t_id\n",
                   10);
}

static void test_menu_target_missing_and_no_main(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "t.form", FORM_HEAD NAME_FIELD LIST_NAME, &probs), TZ_OK);
    assert_int_equal(tz_spec_parse(&set, "x.menu",
                                   "[menu other]\nitem = 1 t t\nitem = 2 m menu:gone\n"
                                   "item = 3 n nothing\n",
                                   &probs),
                     TZ_OK);
    tz_spec_validate(&set, &probs);
    if (probs.n != 3)
        dump(&probs);
    assert_int_equal(probs.n, 3);
    assert_true(has_problem(&probs, "x.menu", 0)); /* no [menu main] */
    assert_true(has_problem(&probs, "x.menu", 3));
    assert_true(has_problem(&probs, "x.menu", 4));
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

static void test_duplicate_form_names(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "t.form", FORM_HEAD NAME_FIELD LIST_NAME, &probs), TZ_OK);
    assert_int_equal(tz_spec_parse(&set, "t2.form", "\n" FORM_HEAD NAME_FIELD LIST_NAME, &probs),
                     TZ_OK);
    assert_int_equal(tz_spec_parse(&set, "main.menu", main_menu, &probs), TZ_OK);
    assert_int_equal(tz_spec_parse(&set, "again.menu", "[menu main]\nitem = 1 t t\n", &probs),
                     TZ_OK);
    tz_spec_validate(&set, &probs);
    if (probs.n != 2)
        dump(&probs);
    assert_int_equal(probs.n, 2);
    assert_true(has_problem(&probs, "t2.form", 2));
    assert_true(has_problem(&probs, "again.menu", 1));
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* ---- loading with an override directory --------------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void remove_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

static const tz_embedded builtin[] = {
    { "main.menu", "[menu main]\nitem = 1 u units\nitem = 2 p people\n" },
    { "people.form", "[form people]\ntitle = 人员\ntable = people\n"
                     "[field name]\nlabel = 姓名\ntype = text\n[list]\ncolumns = name\n" },
    { "README.md", "this is not a definition file and must be skipped\n" },
    { "units.form", "[form units]\ntitle = 旧单位\ntable = units\ndisplay = name\n"
                    "[field name]\nlabel = 名称\ntype = text\n[list]\ncolumns = name\n" },
};

static void test_load_with_override(void **state)
{
    (void)state;
    char dir[] = "/tmp/tz_spec_XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "units.form",
               "[form units]\ntitle = 新单位\ntable = units\ndisplay = name\n"
               "[field name]\nlabel = 名称\ntype = text\n[list]\ncolumns = name\n");
    write_file(dir, "sites.form",
               "[form sites]\ntitle = 示范点\ntable = sites\n"
               "[field unit_id]\nlabel = 单位\ntype = lookup\nlookup = units\n"
               "[list]\ncolumns = unit_id\n");
    write_file(dir, "notes.txt", "not a form\n");

    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    tz_status st = tz_spec_load(&set, builtin, 4, dir, &probs);
    dump(&probs);
    assert_int_equal(st, TZ_OK);
    assert_int_equal(probs.n, 0);
    assert_int_equal(set.nforms, 3);
    char path[512];
    const tz_form *units = tz_spec_form(&set, "units");
    assert_string_equal(units->title, "新单位");
    snprintf(path, sizeof path, "%s/units.form", dir);
    assert_string_equal(units->file, path);
    snprintf(path, sizeof path, "%s/sites.form", dir);
    assert_string_equal(tz_spec_form(&set, "sites")->file, path);
    assert_string_equal(tz_spec_form(&set, "people")->file, "forms/people.form");
    assert_string_equal(tz_spec_menu(&set, "main")->file, "forms/main.menu");
    tz_formset_free(&set);

    /* A problem in an override file is reported with its real path. */
    write_file(dir, "units.form", "[form units]\ntitle = 新单位\ntable = units\nbogus = 1\n"
                                  "[field name]\nlabel = 名称\ntype = text\n[list]\ncolumns = name\n");
    st = tz_spec_load(&set, builtin, 4, dir, &probs);
    snprintf(path, sizeof path, "%s/units.form", dir);
    assert_int_equal(st, TZ_ERR_PARSE);
    assert_true(has_problem(&probs, path, 4));
    tz_problems_free(&probs);
    tz_formset_free(&set);

    remove_file(dir, "units.form");
    remove_file(dir, "sites.form");
    remove_file(dir, "notes.txt");
    assert_int_equal(rmdir(dir), 0);

    /* Without the directory: the built-in files are reported as forms/NAME. */
    st = tz_spec_load(&set, builtin, 4, NULL, &probs);
    dump(&probs);
    assert_int_equal(st, TZ_OK);
    assert_string_equal(tz_spec_form(&set, "units")->file, "forms/units.form");
    tz_formset_free(&set);
    /* A directory that cannot be read is a problem. */
    st = tz_spec_load(&set, builtin, 4, dir, &probs);
    assert_int_equal(st, TZ_ERR_IO);
    assert_true(has_problem(&probs, dir, 0));
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* ---- the ledgers' keys: view, readonly, counts, filters, [link] ----------------------------------- */

static const char ledger_form[] =
    "[form sites]\n"                                     /* 1 */
    "title = 示范点\n"
    "table = demo_sites\n"
    "view = demo_sites_v\n"
    "display = name\n"                                   /* 5 */
    "order = name desc\n"
    "counts = status\n"
    "filters = status, founded_year, unit_id, good\n"
    "[field name]\nlabel = 名称\ntype = text\n"         /* 8 */
    "[field status]\nlabel = 状态\ntype = choice\nchoices = applied:申报, named:命名\n"
    "[field founded_year]\nlabel = 年度\ntype = integer\n"
    "[field unit_id]\nlabel = 单位\ntype = lookup\nlookup = sites\n"
    "[field good]\nlabel = 达标\ntype = yesno\n"
    "[field total]\nlabel = 总分\ntype = number\nreadonly = yes\n"
    "[list]\ncolumns = name, status, total\n"
    "[link history]\nform = sites\ncolumn = unit_id\ntitle = 历史\ntitle.en = History\n";

static void test_ledger_keys(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "sites.form", ledger_form, &probs), TZ_OK);
    assert_int_equal(tz_spec_parse(&set, "main.menu", "[menu main]\ntitle = 主\nitem = 1 s sites\n"
                                   "item = 2 b cmd:backup\n", &probs), TZ_OK);
    const tz_menu *m = tz_spec_menu(&set, "main");
    assert_true(m->items[1].is_command);
    assert_false(m->items[1].is_menu);
    assert_string_equal(m->items[1].target, "backup");
    tz_spec_validate(&set, &probs);
    dump(&probs);
    assert_int_equal(probs.n, 0);
    const tz_form *f = tz_spec_form(&set, "sites");
    assert_string_equal(f->view, "demo_sites_v");
    assert_string_equal(f->order, "name");
    assert_true(f->order_desc);
    assert_int_equal(f->view_line, 4);
    assert_false(f->readonly);
    assert_string_equal(f->counts, "status");
    assert_int_equal(f->counts_line, 7);
    assert_int_equal(f->nfilters, 4);
    assert_string_equal(f->fields[f->filters[1].field].column, "founded_year");
    assert_int_equal(f->filters[3].line, 8);
    assert_int_equal(f->nlinks, 1);
    assert_string_equal(f->links[0].name, "history");
    assert_string_equal(f->links[0].form, "sites");
    assert_string_equal(f->links[0].column, "unit_id");
    assert_string_equal(f->links[0].title_en, "History");
    assert_int_equal(f->fields[tz_form_field_index(f, "total")].type, TZ_FT_NUMBER);
    assert_int_equal(f->fields[tz_form_field_index(f, "total")].width, 8);
    tz_formset_free(&set);
}

static void test_ledger_keys_malformed(void **state)
{
    (void)state;
    const char *base = "[form x]\ntitle = X\ntable = x\n";
    char text[600];
    /* A filter on a memo field, and one naming no field. */
    snprintf(text, sizeof text, "%sfilters = notes\n[field notes]\nlabel = 备注\ntype = memo\n"
             "[list]\ncolumns = notes\n", base);
    expect_one("x.form", text, 4);
    snprintf(text, sizeof text, "%sfilters = nothing\n[field a]\nlabel = A\ntype = text\n"
             "[list]\ncolumns = a\n", base);
    expect_one("x.form", text, 4);
    /* order takes a column and an optional "desc". */
    snprintf(text, sizeof text, "%sorder = a upward\n[field a]\nlabel = A\ntype = text\n"
             "[list]\ncolumns = a\n", base);
    expect_one("x.form", text, 4);
    /* readonly takes yes or no. */
    snprintf(text, sizeof text, "%sreadonly = maybe\n[field a]\nlabel = A\ntype = text\n"
             "[list]\ncolumns = a\n", base);
    expect_one("x.form", text, 4);
    /* An empty item of a comma list: of search, of a field's choices. */
    snprintf(text, sizeof text, "%ssearch = a%%,, a\n[field a]\nlabel = A\ntype = text\n"
             "[list]\ncolumns = a\n", base);
    expect_one("x.form", text, 4);
    snprintf(text, sizeof text, "%s[field a]\nlabel = A\ntype = choice\nchoices = y:是:Yes,,n:否:No\n"
             "[list]\ncolumns = a\n", base);
    expect_one("x.form", text, 7);
    /* A link without its column. */
    snprintf(text, sizeof text, "%s[field a]\nlabel = A\ntype = text\n[list]\ncolumns = a\n"
             "[link l]\nform = x\n", base);
    expect_one("x.form", text, 9);
    /* counts on a text field; a link to a form that does not exist. */
    snprintf(text, sizeof text, "%scounts = a\n[field a]\nlabel = A\ntype = text\n"
             "[list]\ncolumns = a\n", base);
    expect_invalid("x.form", text, 4);
    snprintf(text, sizeof text, "%s[field a]\nlabel = A\ntype = text\n[list]\ncolumns = a\n"
             "[link l]\nform = nowhere\ncolumn = a\n", base);
    expect_invalid("x.form", text, 9);
}

/* ---- values ------------------------------------------------------------------------------------- */

static const char value_form[] = "[form v]\ntitle = 值\ntable = v\n"
                                 "[field name]\nlabel = 姓名\nlabel.en = Name\ntype = text\n"
                                 "required = yes\nmaxlen = 3\n"
                                 "[field n]\nlabel = 人数\ntype = integer\n"
                                 "[field amount]\nlabel = 金额\ntype = money\n"
                                 "[field budget]\nlabel = 预算（万元）\ntype = money\n"
                                 "[field birth_date]\nlabel = 出生日期\nlabel.en = Birth date\n"
                                 "type = date\n"
                                 "[field gender]\nlabel = 性别\nlabel.en = Gender\ntype = choice\n"
                                 "choices = male:男:Male, female:女:Female\n"
                                 "[field level]\nlabel = 层级\ntype = choice\nchoices = "
                                 "city:市:City, township:乡镇/街道:Township, village:村:Village, "
                                 "community:社区:Community, department:市直单位:Department\n"
                                 "under = township:village, city : township\n"
                                 "[field id_number]\nlabel = 身份证号\ntype = text\n"
                                 "check = idcard\nbirth = birth_date\nsex = gender\n"
                                 "[field phone]\nlabel = 联系电话\ntype = text\ncheck = phone\n"
                                 "[field member]\nlabel = 党员\ntype = yesno\n"
                                 "[field notes]\nlabel = 备注\ntype = memo\n"
                                 "[field unit_id]\nlabel = 单位\ntype = lookup\nlookup = v\n"
                                 "[field score]\nlabel = 得分\ntype = number\n"
                                 "[list]\ncolumns = name\n";

typedef struct {
    tz_formset set; /* holds value_form */
} value_fixture;

static int value_setup(void **state)
{
    value_fixture *fx = calloc(1, sizeof *fx);
    tz_problems probs = { 0 };
    if (!fx || tz_spec_parse(&fx->set, "v.form", value_form, &probs) != TZ_OK) {
        dump(&probs);
        tz_problems_free(&probs);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int value_teardown(void **state)
{
    value_fixture *fx = *state;
    tz_formset_free(&fx->set);
    free(fx);
    return 0;
}

static const tz_field *field(void **state, const char *column)
{
    const tz_form *f = &((value_fixture *)*state)->set.forms[0];
    int i = tz_form_field_index(f, column);
    assert_true(i >= 0);
    return &f->fields[i];
}

/* Parses typed and expects stored (NULL: an empty value). */
static void parses_to(const tz_field *f, const char *typed, const char *stored)
{
    char *out = (char *)"unset";
    tz_error err = { 0 };
    tz_status st = tz_field_parse(f, typed, &out, &err);
    if (st != TZ_OK)
        fprintf(stderr, "%s: \"%s\" refused: %s\n", f->column, typed, err.msg);
    assert_int_equal(st, TZ_OK);
    if (stored)
        assert_string_equal(out, stored);
    else
        assert_null(out);
    free(out);
}

/* Expects typed to be refused with a message that contains `part`. */
static void refuses(const tz_field *f, const char *typed, const char *part)
{
    char *out = (char *)"unset";
    tz_error err = { 0 };
    assert_int_equal(tz_field_parse(f, typed, &out, &err), TZ_ERR_INVALID);
    assert_int_equal(err.code, TZ_ERR_INVALID);
    assert_null(out);
    if (!strstr(err.msg, part))
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.msg, part);
    assert_non_null(strstr(err.msg, part));
}

static void shows(const tz_field *f, const char *stored, const char *shown)
{
    char out[64];
    assert_string_equal(tz_field_format(f, stored, out, sizeof out), shown);
}

static void test_value_money(void **state)
{
    const tz_field *f = field(state, "amount");
    parses_to(f, "1,234.50", "123450");
    parses_to(f, " 5 ", "500");
    parses_to(f, "-0.05", "-5");
    shows(f, "123450", "1,234.50");
    shows(f, "-5", "-0.05");
    shows(f, NULL, "");
    refuses(f, "12.345", "金额");
    refuses(f, "abc", "金额");
    /* typed as clerks say it: 元 or 万 */
    parses_to(f, "15000", "1500000");
    parses_to(f, "15000元", "1500000");
    parses_to(f, "1.5万", "1500000");
    parses_to(f, "1.5万元", "1500000");
    refuses(f, "1.5千", "金额");
}

/* A money field whose label says 万元 shows 万元 and reads a bare number as 万元. */
static void test_value_money_wan(void **state)
{
    const tz_field *f = field(state, "budget");
    assert_int_equal(tz_field_money_unit(f), TZ_MONEY_WAN);
    assert_int_equal(tz_field_money_unit(field(state, "amount")), TZ_MONEY_YUAN);
    parses_to(f, "1.5", "1500000");
    parses_to(f, "1.5万", "1500000");
    parses_to(f, "15000元", "1500000");
    parses_to(f, "1,234.5678", "1234567800");
    shows(f, "1500000", "1.50");
    shows(f, "1234567", "1.234567");
    shows(f, NULL, "");
    refuses(f, "1.0000001", "预算（万元）");
}

static void test_value_number(void **state)
{
    const tz_field *f = field(state, "score");
    parses_to(f, "8.5", "8.5");
    parses_to(f, "10", "10");
    parses_to(f, "10.00", "10");
    parses_to(f, "-1.25", "-1.25");
    parses_to(f, ".5", "0.5");
    shows(f, "10.0", "10");           /* SQLite gives REAL columns back as 10.0 */
    shows(f, "85.30000000000001", "85.3");
    shows(f, NULL, "");
    refuses(f, "8.555", "得分");
    refuses(f, "1e5", "得分");
    refuses(f, "八", "得分");
    refuses(f, "5.", "得分");
}

static void test_value_date(void **state)
{
    const tz_field *f = field(state, "birth_date");
    parses_to(f, "2026/1/5", "2026-01-05");
    parses_to(f, "20261126", "2026-11-26");
    shows(f, "2026-01-05", "2026-01-05");
    refuses(f, "2026-02-30", "出生日期：2026-02-30 不是有效日期");
    refuses(f, "2026/2/30", "出生日期：2026-02-30 不是有效日期");  /* named as stored */
    refuses(f, "2026-13-01", "2026-13-01 不是有效日期");
    refuses(f, "2026-02-3x", "出生日期：日期无效，应为 YYYY-MM-DD");  /* malformed: the format */
    refuses(f, "三月五日", "应为 YYYY-MM-DD");
    tz_lang_set(TZ_LANG_EN);
    refuses(f, "yesterday", "Birth date: invalid date, use YYYY-MM-DD");
    tz_lang_set(TZ_LANG_ZH);
    parses_to(f, "", NULL); /* not required */
}

static void test_value_required_and_maxlen(void **state)
{
    const tz_field *f = field(state, "name");
    refuses(f, "", "姓名：必须填写");
    refuses(f, "   ", "姓名");
    refuses(f, NULL, "姓名");
    tz_lang_set(TZ_LANG_EN);
    refuses(f, "", "Name: is required");
    tz_lang_set(TZ_LANG_ZH);
    parses_to(f, "  张三丰 ", "张三丰"); /* trimmed; 3 characters = 9 bytes is within maxlen 3 */
    refuses(f, "欧阳小明", "3");
    refuses(f, "abcd", "姓名");
    refuses(f, "a\nb", "姓名");
    refuses(f, "\xE5\x90", "姓名");
}

/* The code of the choice a key picks after `after`, or "" when it picks none. */
static const char *picked(const tz_field *f, uint32_t key, int after)
{
    int i = tz_field_choice_by_key(f, key, after);
    return i < 0 ? "" : f->choices[i].code;
}

static int choice_index(const tz_field *f, const char *code)
{
    for (size_t i = 0; i < f->nchoices; i++)
        if (strcmp(f->choices[i].code, code) == 0)
            return (int)i;
    fail_msg("no choice %s", code);
    return -1;
}

/* A choice is typed by the start of its label, its pinyin initial, or its English or code
 * letter; the same key again goes on to the next choice it names. */
static void test_value_choice_by_key(void **state)
{
    const tz_field *f = field(state, "level");
    assert_string_equal(picked(f, U'村', -1), "village");
    assert_string_equal(picked(f, 'v', -1), "village");
    assert_string_equal(picked(f, 'V', -1), "village");
    assert_string_equal(picked(f, U'乡', -1), "township");
    assert_string_equal(picked(f, 't', -1), "township");
    assert_string_equal(picked(f, 'x', -1), "township"); /* 乡 xiang */
    assert_string_equal(picked(f, U'社', -1), "community");
    assert_string_equal(picked(f, 'd', -1), "department");
    /* c: 市 (city), 村 (cun), community — in turn, then round again */
    int city = choice_index(f, "city");
    assert_string_equal(picked(f, 'c', -1), "city");
    assert_string_equal(picked(f, 'c', city), "village");
    assert_string_equal(picked(f, 'c', choice_index(f, "village")), "community");
    assert_string_equal(picked(f, 'c', choice_index(f, "community")), "city");
    assert_string_equal(picked(f, U'市', city), "department"); /* 市直单位 starts with 市 too */
    assert_string_equal(picked(f, 'q', -1), "");
    assert_string_equal(picked(f, U'县', -1), "");
    assert_string_equal(picked(f, '7', -1), "");
}

/* A new unit under a township starts as a village; `under` says nothing of other parents. */
static void test_value_under(void **state)
{
    const tz_field *f = field(state, "level");
    assert_string_equal(tz_field_under(f, "township"), "village");
    assert_string_equal(tz_field_under(f, "city"), "township");
    assert_null(tz_field_under(f, "village"));
    assert_null(tz_field_under(f, "town"));
    assert_null(tz_field_under(f, NULL));
    assert_null(tz_field_under(field(state, "gender"), "male"));
}

static void test_under_checked(void **state)
{
    (void)state;
    const char *level = "[field level]\nlabel = 层级\ntype = choice\n"     /* lines 8-10 */
                        "choices = a:甲, b:乙\n";                          /* line 11 */
    char text[600];
    snprintf(text, sizeof text, FORM_HEAD NAME_FIELD "%sunder = a:c\n" LIST_NAME, level);
    expect_one("t.form", text, 12);
    snprintf(text, sizeof text, FORM_HEAD NAME_FIELD "%sunder = a\n" LIST_NAME, level);
    expect_one("t.form", text, 12);
    expect_one("t.form", FORM_HEAD NAME_FIELD "under = a:b\n" LIST_NAME, 8);  /* not a choice */
    snprintf(text, sizeof text, FORM_HEAD NAME_FIELD "%sunder = b:a, a:b\n" LIST_NAME, level);
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    assert_int_equal(tz_spec_parse(&set, "t.form", text, &probs), TZ_OK);
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* The example of GB 11643: a woman born 1949-12-31. */
#define GB_ID "11010519491231002X"

static void test_value_idcard(void **state)
{
    const tz_field *f = field(state, "id_number");
    parses_to(f, GB_ID, GB_ID);
    parses_to(f, "11010519491231002x", GB_ID); /* a final x is upper-cased */
    refuses(f, "11010519491231002", "身份证号：应为 18 位");
    refuses(f, "1101051949123100XX", "应为 18 位");
    refuses(f, "110105194912310021", "身份证号：校验位不对");
    refuses(f, "11010519490230002X", "出生日期 1949-02-30 不是有效日期");
    parses_to(f, "", NULL);
}

static void test_value_phone(void **state)
{
    const tz_field *f = field(state, "phone");
    parses_to(f, "13812345678", "13812345678");
    parses_to(f, "138 1234 5678", "13812345678");
    parses_to(f, "0739-1234567", "0739-1234567");
    parses_to(f, "010-12345678", "010-12345678");
    refuses(f, "12812345678", "联系电话：应为手机号");
    refuses(f, "1381234567", "联系电话");
    refuses(f, "138123456789", "联系电话");
    refuses(f, "07391234567", "0739-1234567");  /* the area code is set off */
    refuses(f, "0739-123456", "联系电话");
    refuses(f, "00739-1234567", "联系电话");
    refuses(f, "07-1234567", "联系电话");
    refuses(f, "0739-1234567-8", "联系电话");
    refuses(f, "电话", "联系电话");
}

/* The values typed beside an ID number must agree with it: the field to correct is named. */
static void test_form_check_values(void **state)
{
    const tz_form *form = &((value_fixture *)*state)->set.forms[0];
    int id = tz_form_field_index(form, "id_number");
    int birth = tz_form_field_index(form, "birth_date");
    int sex = tz_form_field_index(form, "gender");
    char *stored[32] = { 0 };
    assert_true(form->nfields <= 32);
    tz_error err = { 0 };
    int bad = -1;
    assert_int_equal(tz_form_check_values(form, stored, &bad, &err), TZ_OK); /* all empty */
    stored[id] = (char *)GB_ID;
    assert_int_equal(tz_form_check_values(form, stored, &bad, &err), TZ_OK);
    stored[birth] = (char *)"1949-12-31";
    stored[sex] = (char *)"female";
    assert_int_equal(tz_form_check_values(form, stored, &bad, &err), TZ_OK);

    stored[birth] = (char *)"1949-12-30";
    assert_int_equal(tz_form_check_values(form, stored, &bad, &err), TZ_ERR_INVALID);
    assert_int_equal(bad, birth);
    assert_string_equal(err.msg, "出生日期 1949-12-30 与身份证号不符：身份证号中是 1949-12-31");

    stored[birth] = (char *)"1949-12-31";
    stored[sex] = (char *)"male";
    assert_int_equal(tz_form_check_values(form, stored, &bad, &err), TZ_ERR_INVALID);
    assert_int_equal(bad, sex);
    assert_string_equal(err.msg, "性别“男”与身份证号不符：身份证号中是“女”");
    assert_string_equal(tz_field_sex_choice(&form->fields[sex], false)->code, "female");
}

static void test_check_keys_checked(void **state)
{
    (void)state;
    expect_one("t.form", FORM_HEAD NAME_FIELD "check = email\n" LIST_NAME, 8);
    expect_one("t.form", FORM_HEAD NAME_FIELD "birth = name\n" LIST_NAME, 8); /* no check */
    /* birth names a text field, not a date field: a problem of the [field] */
    expect_invalid("t.form", FORM_HEAD NAME_FIELD "[field id]\nlabel = 号\ntype = text\n"
                   "check = idcard\nbirth = name\n" LIST_NAME, 8);
    expect_invalid("t.form", FORM_HEAD NAME_FIELD "[field id]\nlabel = 号\ntype = text\n"
                   "check = idcard\nsex = name\n" LIST_NAME, 8);
}

static void test_value_choice(void **state)
{
    const tz_field *f = field(state, "gender");
    parses_to(f, "女", "female");
    parses_to(f, "male", "male");
    parses_to(f, "Female", "female");
    parses_to(f, " MALE ", "male");
    shows(f, "female", "女");
    shows(f, "other", "other"); /* an unknown stored code is shown as it is */
    tz_lang_set(TZ_LANG_EN);
    shows(f, "female", "Female");
    refuses(f, "x", "Gender: use one of Male, Female");
    tz_lang_set(TZ_LANG_ZH);
    refuses(f, "x", "性别：应为 男、女 之一");
}

static void test_value_yesno(void **state)
{
    const tz_field *f = field(state, "member");
    parses_to(f, "是", "1");
    parses_to(f, "否", "0");
    parses_to(f, "y", "1");
    parses_to(f, "NO", "0");
    parses_to(f, "yes", "1");
    parses_to(f, "1", "1");
    parses_to(f, "0", "0");
    shows(f, "1", "是");
    shows(f, "0", "否");
    tz_lang_set(TZ_LANG_EN);
    shows(f, "1", "Yes");
    tz_lang_set(TZ_LANG_ZH);
    refuses(f, "maybe", "党员");
}

static void test_value_integer_memo_lookup(void **state)
{
    const tz_field *n = field(state, "n");
    parses_to(n, "42", "42");
    parses_to(n, " -7 ", "-7");
    refuses(n, "4x", "人数：应为整数");
    shows(n, "42", "42");

    const tz_field *memo = field(state, "notes");
    parses_to(memo, "第一行\n第二行", "第一行\n第二行");
    parses_to(memo, " \n ", NULL);
    refuses(memo, "a\x01", "备注");

    const tz_field *unit = field(state, "unit_id");
    parses_to(unit, "7", "7");
    refuses(unit, "0", "单位");
    shows(unit, "7", "7");
}

static void test_value_format_cuts_whole_characters(void **state)
{
    const tz_field *f = field(state, "notes");
    char out[8];
    /* "武冈市" is 9 bytes; 7 bytes of room hold two characters, never half of the third. */
    assert_string_equal(tz_field_format(f, "武冈市", out, sizeof out), "武冈");
    assert_string_equal(tz_field_format(f, "abcdefghij", out, sizeof out), "abcdefg");
}


/* ---- .report files ------------------------------------------------------------------------------ */

static const char good_report[] =
    "[report q]\n"                                                 /* 1 */
    "title = 季度报表\n"                                           /* 2 */
    "params = year, quarter, unit\n"                               /* 3 */
    "file = {region}{year}Q{quarter}.xlsx\n"                       /* 4 */
    "[sheet a]\n"                                                  /* 5 */
    "tab = 经费\n"                                                 /* 6 */
    "title = {region}{year}年第{quarter_cn}季度\n"                 /* 7 */
    "query = SELECT t AS town,\n"                                  /* 8 */
    "          b AS budget, p AS paid\n"                           /* 9: continues the query */
    "   # a comment inside is skipped\n"                           /* 10 */
    "        FROM x\n"                                             /* 11 */
    "group = town\n"                                               /* 12 */
    "check = paid <= budget\n"                                     /* 13: headings, sign below */
    "[column town]\n"                                              /* 14 */
    "label = 乡镇\n"                                               /* 15 */
    "[column budget]\n"                                            /* 16 */
    "label = 金额|预算\n"                                          /* 17 */
    "format = wan\n"                                               /* 18 */
    "total = sum\n"                                                /* 19 */
    "[column paid]\n"                                              /* 20 */
    "label = 金额|拨付\n"                                          /* 21 */
    "format = wan\n"                                               /* 22 */
    "total = sum\n"                                                /* 23 */
    "[column rate]\n"                                              /* 24 */
    "label = 执行率\n"                                             /* 25 */
    "value = rate(paid, budget)\n"                                 /* 26 */
    "[sheet b]\ntab = 签字\ntitle = t\nquery = SELECT 1 AS n\ngroup = n\nheadings = yes\n"
    "sign = 甲（盖章）/乙（签字）, 丙（盖章）\n[column n]\nlabel = 数\n";

static void test_report_good(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    tz_status st = tz_spec_parse(&set, "q.report", good_report, &probs);
    dump(&probs);
    assert_int_equal(st, TZ_OK);
    const tz_report *r = tz_spec_report(&set, "q");
    assert_non_null(r);
    assert_int_equal(r->params, TZ_RP_YEAR | TZ_RP_QUARTER | TZ_RP_UNIT);
    assert_int_equal(r->nsheets, 2);
    assert_false(r->sheets[0].headings);
    assert_null(r->sheets[0].sign);
    assert_true(r->sheets[1].headings);
    assert_string_equal(r->sheets[1].sign, "甲（盖章）/乙（签字）, 丙（盖章）");
    const tz_rsheet *sh = &r->sheets[0];
    assert_string_equal(sh->query, "SELECT t AS town,\n          b AS budget, p AS paid\n        FROM x");
    assert_int_equal(sh->query_line, 8);
    assert_int_equal(sh->group, 0);
    assert_int_equal(sh->ncolumns, 4);
    assert_int_equal(sh->nchecks, 1);
    assert_int_equal(sh->checks[0].left, 2);
    assert_int_equal(sh->checks[0].right, 1);
    const tz_rcolumn *rate = &sh->columns[3];
    assert_int_equal(rate->value, TZ_RV_RATE);
    assert_int_equal(rate->format, TZ_RF_PERCENT);
    assert_int_equal(rate->arg[0], 2);
    assert_int_equal(rate->arg[1], 1);
    assert_int_equal(sh->columns[1].total, TZ_AGG_SUM);
    assert_true(tz_report_placeholder_ok(r, "quarter_cn"));
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* The corner cells, a note, a date column, a label with a placeholder: the report's corner is
 * the default a sheet may override. */
static void test_report_corner_note_date(void **state)
{
    (void)state;
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    const char *text = "[report q]\ntitle = 报表\nparams = year, unit\n"
                       "corner = 表号：甲1表|制表机关：{org}\nnote = 注：{year}年\n"
                       "[sheet a]\ntab = 表\ntitle = t\nquery = SELECT 1 AS n, '2026-01-02' AS d\n"
                       "[column n]\nlabel = {area}\nformat = integer\n"
                       "[column d]\nlabel = 日期\nformat = date\n"
                       "[sheet b]\ntab = 乙\ntitle = t\ncorner = 表号：乙2表\nquery = SELECT 1 AS n\n"
                       "[column n]\nlabel = 数\n";
    tz_status st = tz_spec_parse(&set, "q.report", text, &probs);
    dump(&probs);
    assert_int_equal(st, TZ_OK);
    const tz_report *r = tz_spec_report(&set, "q");
    assert_string_equal(r->corner, "表号：甲1表|制表机关：{org}");
    assert_string_equal(r->note, "注：{year}年");
    assert_null(r->sheets[0].corner);
    assert_string_equal(r->sheets[1].corner, "表号：乙2表");
    assert_int_equal(r->sheets[0].columns[1].format, TZ_RF_DATE);
    assert_string_equal(r->sheets[0].columns[0].label, "{area}");
    tz_problems_free(&probs);
    tz_formset_free(&set);
}

/* One mistake each, reported at its line. */
static void test_report_errors(void **state)
{
    (void)state;
    const char *head = "[report q]\ntitle = 报表\nparams = year\n[sheet a]\ntab = 表\n"
                       "query = SELECT 1 AS n\n";                  /* lines 1-6 */
    char text[1024];
    snprintf(text, sizeof text, "%stitle = 第{quarter}季度\n[column n]\nlabel = 数\nformat = integer\n", head);
    expect_one("q.report", text, 7);  /* {quarter} needs the quarter parameter */
    snprintf(text, sizeof text, "%stitle = t\n[column n]\nlabel = {village}\nformat = integer\n", head);
    expect_one("q.report", text, 9);  /* no such placeholder, in a label */
    snprintf(text, sizeof text, "%stitle = t\nnote = 第{quarter}季度\n[column n]\nlabel = 数\n", head);
    expect_one("q.report", text, 8);  /* a note's placeholders need the report's parameters */
    snprintf(text, sizeof text, "%stitle = t\n[column n]\nlabel = 数\nformat = money\n", head);
    expect_one("q.report", text, 10); /* no such format */
    snprintf(text, sizeof text, "%stitle = t\n[column n]\nlabel = 数\ntotal = sum\n", head);
    expect_one("q.report", text, 8);  /* a text column is not summed */
    snprintf(text, sizeof text, "%stitle = t\ncheck = n <= m\n[column n]\nlabel = 数\nformat = integer\n", head);
    expect_one("q.report", text, 8);  /* check names a column that is not there */
    snprintf(text, sizeof text, "%stitle = t\n[column n]\nlabel = 数\nformat = integer\n"
                                "[column m]\nlabel = 数\nformat = integer\ntotal = sum\n"
                                "[column r]\nlabel = 率\nvalue = rate(n, m)\n", head);
    expect_one("q.report", text, 15); /* rate of a column that is not summed */
    expect_one("q.report", "[report q]\ntitle = 报表\n[sheet a]\ntab = 表:1\ntitle = t\n"
                           "query = SELECT 1 AS n\n[column n]\nlabel = 数\n", 3); /* ':' in a tab */
    expect_one("q.report", "[report q]\ntitle = 报表\nparams = year, month\n[sheet a]\ntab = 表\n"
                           "title = t\nquery = SELECT 1 AS n\n[column n]\nlabel = 数\n", 3);
    expect_one("q.menu", "[menu main]\nitem = 1 a units\n[report q]\n", 3); /* only in a .report file */
    snprintf(text, sizeof text, "%stitle = t\nheadings = yes\n[column n]\nlabel = 数\n", head);
    expect_one("q.report", text, 8);  /* headings of what group? */
}

int main(void)
{
    tz_lang_set(TZ_LANG_ZH);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_forms_load_clean),
        cmocka_unit_test(test_forms_with_grids_fit_the_screen),
        cmocka_unit_test(test_report_good),
        cmocka_unit_test(test_report_corner_note_date),
        cmocka_unit_test(test_report_errors),
        cmocka_unit_test(test_good_text),
        cmocka_unit_test(test_accessors),
        cmocka_unit_test(test_missing_equals),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_unknown_type),
        cmocka_unit_test(test_unknown_section),
        cmocka_unit_test(test_choice_without_choices),
        cmocka_unit_test(test_choice_vocabulary_names),
        cmocka_unit_test(test_key_that_does_not_fit_the_type),
        cmocka_unit_test(test_duplicate_field_and_key),
        cmocka_unit_test(test_bad_width),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_key_outside_section),
        cmocka_unit_test(test_bad_default_and_names),
        cmocka_unit_test(test_menu_problems),
        cmocka_unit_test(test_three_problems_reported),
        cmocka_unit_test(test_key_table_sections),
        cmocka_unit_test(test_key_twice_after_refused_value),
        cmocka_unit_test(test_dangling_lookup),
        cmocka_unit_test(test_lookup_target_without_display),
        cmocka_unit_test(test_order_filter_tree),
        cmocka_unit_test(test_detail_form_missing),
        cmocka_unit_test(test_menu_target_missing_and_no_main),
        cmocka_unit_test(test_duplicate_form_names),
        cmocka_unit_test(test_load_with_override),
        cmocka_unit_test_setup_teardown(test_value_money, value_setup, value_teardown),
        cmocka_unit_test_setup_teardown(test_value_money_wan, value_setup, value_teardown),
        cmocka_unit_test_setup_teardown(test_value_choice_by_key, value_setup, value_teardown),
        cmocka_unit_test_setup_teardown(test_value_under, value_setup, value_teardown),
        cmocka_unit_test(test_under_checked),
        cmocka_unit_test_setup_teardown(test_value_idcard, value_setup, value_teardown),
        cmocka_unit_test_setup_teardown(test_value_phone, value_setup, value_teardown),
        cmocka_unit_test_setup_teardown(test_form_check_values, value_setup, value_teardown),
        cmocka_unit_test(test_check_keys_checked),
        cmocka_unit_test_setup_teardown(test_value_date, value_setup, value_teardown),
        cmocka_unit_test_setup_teardown(test_value_number, value_setup, value_teardown),
        cmocka_unit_test(test_ledger_keys),
        cmocka_unit_test(test_ledger_keys_malformed),
        cmocka_unit_test_setup_teardown(test_value_required_and_maxlen, value_setup,
                                        value_teardown),
        cmocka_unit_test_setup_teardown(test_value_choice, value_setup, value_teardown),
        cmocka_unit_test_setup_teardown(test_value_yesno, value_setup, value_teardown),
        cmocka_unit_test_setup_teardown(test_value_integer_memo_lookup, value_setup,
                                        value_teardown),
        cmocka_unit_test_setup_teardown(test_value_format_cuts_whole_characters, value_setup,
                                        value_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
