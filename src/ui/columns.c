/* columns.c — where the columns of a list or a grid go across the screen: at their declared
 * widths, and on a wider screen (120×40) with the room left shared among the columns that hold
 * names and text, in proportion to their widths and up to twice them, so that 迎春亭街道 东塔社区
 * is no longer cut. A short text (a rate, 6 wide) keeps its width. */
#include "taizhang/ui.h"

#include "field.h"

#define MIN_STRETCH 8 /* display columns: a name's, not a code's or a rate's */

static bool stretches(const tz_form *form, size_t c)
{
    const tz_field *f = &form->fields[form->columns[c].field];
    return (f->type == TZ_FT_TEXT || f->type == TZ_FT_LOOKUP || f->type == TZ_FT_MEMO) &&
           ui_column_width(form, c) >= MIN_STRETCH;
}

size_t ui_layout_columns(const tz_form *form, int x0, int gap, int right, int *xs, int *ws,
                         size_t max)
{
    size_t n = form->ncolumns < max ? form->ncolumns : max;
    int need = 0, stretch = 0;
    for (size_t i = 0; i < n; i++) {
        need += ui_column_width(form, i) + (i ? gap : 0);
        if (stretches(form, i))
            stretch += ui_column_width(form, i);
    }
    int end = ui_cols() - right;
    int extra = end - x0 - need;
    int x = x0;
    size_t shown = 0;
    for (; shown < n && x < end; shown++) {
        int w = ui_column_width(form, shown); /* declared, or its header's width */
        if (extra > 0 && stretch > 0 && stretches(form, shown)) {
            int more = extra * w / stretch;
            w += more < w ? more : w;
        }
        if (x + w > end)
            w = end - x;
        xs[shown] = x;
        ws[shown] = w;
        x += w + gap;
    }
    return shown;
}
