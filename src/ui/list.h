/* list.h — the state of a list of a form's rows, shared by the files of the list view (ui layer
 * only): listview.c (the screen: keys, tree, filters), listquery.c (the query, counting and
 * keyset paging), listdraw.c (drawing and help). */
#ifndef TAIZHANG_UI_LIST_H
#define TAIZHANG_UI_LIST_H

#include "field.h"

#define MAX_DEPTH 8

typedef struct {
    int64_t id;    /* the row drilled into */
    char *label;   /* its display text; owned */
} crumb;

#define MAX_FILTERS 8
#define MAX_SHOWN 128

typedef struct {
    const tz_field *field; /* borrowed from the form */
    char *value;           /* stored value chosen with F4, NULL: not filtering; owned */
    char *label;           /* the value as shown; owned */
} listfilter;

typedef struct {
    ui_app *app;
    const tz_form *form;
    const ui_list_opts *opts; /* &opts_given, or NULL */
    ui_list_opts opts_given;
    bool pick;             /* choosing a row for a lookup field */
    bool may_add;          /* this clerk may add and delete rows here (asked of the db layer) */
    tz_line search;        /* what the clerk typed */
    char *search_text;     /* search as UTF-8, owned; passed to the db */
    tz_rows page;          /* the visible rows, in display order */
    int sel;               /* selected row within page */
    int64_t count;         /* rows matching the query */
    crumb path[MAX_DEPTH]; /* tree drill-down, outermost first */
    int depth;
    listfilter filters[MAX_FILTERS]; /* the filters F4 offers, from form->filters and ->filter */
    int nfilters;
    tz_filter active[MAX_FILTERS]; /* the ones set, as the db wants them; borrowed strings */
    char *counts;          /* "草稿 3  已签订 120" for form->counts; owned */
    int sort;              /* index into form->columns */
    bool desc;
    const char *search_order; /* the column a search's rows come in, or NULL; borrowed */
    int64_t shown[MAX_SHOWN]; /* the record on each row at the last draw, for note_shown */
    int nshown;
    bool has_money;        /* a money column: a 合计 line under the rows */
    bool sums_known;       /* the rows were few enough to sum (COUNT_LIMIT) */
    char *sums[64];        /* per list column: its sum in 分 for a money column, else NULL; owned */
    int64_t picked;        /* pick mode: the row chosen, the screen's result */
    tz_rows values;        /* the values offered for a filter while the clerk picks one; owned */
    int64_t deleting;      /* the row asked about deleting */
} listview;

/* listquery.c */
int list_visible_rows(const listview *lv);
bool list_searching(const listview *lv);
tz_listq list_query_without(listview *lv, const listfilter *skip);
int list_count_limit(const listview *lv);
void list_free_sums(listview *lv);
void list_load_first(listview *lv);
void list_load_last(listview *lv);
void list_reload(listview *lv);
void list_requery(listview *lv);
void list_move_down(listview *lv);
void list_move_up(listview *lv);
void list_page_down(listview *lv);
void list_page_up(listview *lv);

/* listdraw.c */
void list_draw(listview *lv);
void list_show_help(const listview *lv);

#endif
