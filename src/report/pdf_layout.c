/* pdf_layout.c — a report's sheets laid out on A4 pages: a document to sign (a report of one
 * record) in portrait with the margins of official documents (GB/T 9704), its items under their
 * section headings, the signature blocks; other sheets as ruled tables, landscape when wide,
 * their header rows repeated on every page, the corner cells (表号 …) at the top right, the note
 * and the signature line under the table, kept with its last rows, pages numbered per sheet.
 * Column widths fit the printable area: a table a little too wide is set a size smaller, then
 * its text columns wrap (Pango breaks Chinese lines by its rules) where the fewest cells have
 * to. Text in Noto Serif CJK SC, tables in Noto Sans CJK SC; sizes in points. */
#include "pdf.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"
#define PAD_X 4.0
#define NARROW_STEP 1.0
#define SLACK 1.0 /* a width measured from a text holds that text on one line */
#define PAD_Y 2.0
#define RULE 0.6
#define FOOT_SIZE 9.0
#define TABLE_SIZE 10.0
#define SMALLER_SIZE 9.0   /* a size a table may take to keep its cells on one line */
#define SMALLEST_SIZE 7.0
#define SIGN_SPACE 30.0 /* room for a seal or a signature under each signing line */
#define SIGN_GAP 24.0 /* between the text above and the signature blocks */
#define TABLE_GAP 6.0 /* between the table and the lines under it */
#define NOTE_GAP 2.0
#define FOOTER_GAP 6.0
#define CORNER_SIZE 9.0

/* ---- pages and text --------------------------------------------------------------------------- */

typedef struct {
    cairo_t *cr;
    cairo_surface_t *surface;
    PangoContext *pango;    /* borrowed */
    bool draw;              /* the second pass */
    int page;               /* pages so far, of the whole report */
    int *sheet_pages;       /* per sheet: its pages; counted, then drawn */
    size_t sheet;           /* the sheet on the page */
    int sheet_first;        /* the page its first is */
    double width, height;   /* of the current page, in points */
    double top, left, right, bottom; /* margins */
    double y;               /* where the next block goes */
    double size;            /* the table's font size */
    double *w;              /* the sheet's column widths; owned */
    double table_width;
    const char *table_font;
    bool nomem;             /* memory ran out: a part is missing, the PDF is not whole */
} flow;

typedef struct {
    const char *family;
    double size;
    bool bold;
    double width;           /* wrap at; <= 0: one line */
    PangoAlignment align;
} style;

static PangoLayout *layout(flow *f, const char *text, style st)
{
    PangoLayout *l = pango_layout_new(f->pango);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, st.family);
    pango_font_description_set_size(fd, (int)(st.size * PANGO_SCALE));
    pango_font_description_set_weight(fd, st.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (st.width > 0) {
        pango_layout_set_width(l, (int)(st.width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, st.align);
    pango_layout_set_text(l, text, -1);
    return l;
}

static double layout_height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static double layout_width(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)w / PANGO_SCALE;
}

static double text_width(flow *f, const char *text, style st)
{
    st.width = 0;
    PangoLayout *l = layout(f, text, st);
    double w = layout_width(l);
    g_object_unref(l);
    return w;
}

static double text_height(flow *f, const char *text, style st)
{
    PangoLayout *l = layout(f, text, st);
    double h = layout_height(l);
    g_object_unref(l);
    return h;
}

/* Draws (in the second pass) a text at x, y; its height. */
static double put(flow *f, double x, double y, const char *text, style st)
{
    PangoLayout *l = layout(f, text, st);
    double h = layout_height(l);
    if (f->draw) {
        cairo_move_to(f->cr, x, y);
        pango_cairo_show_layout(f->cr, l);
    }
    g_object_unref(l);
    return h;
}

static double body_bottom(const flow *f)
{
    return f->height - f->bottom - FOOT_SIZE * 2;
}

static double body_width(const flow *f)
{
    return f->width - f->left - f->right;
}

static void page_foot(flow *f)
{
    char foot[80];
    snprintf(foot, sizeof foot, tz_L("第 %d 页 共 %d 页", "Page %d of %d"), f->page - f->sheet_first + 1,
             f->sheet_pages[f->sheet]);
    style st = { SANS, FOOT_SIZE, false, body_width(f), PANGO_ALIGN_CENTER };
    put(f, f->left, f->height - f->bottom - FOOT_SIZE * 1.4, foot, st);
}

static void end_page(flow *f)
{
    if (f->page == 0)
        return;
    page_foot(f);
    if (f->draw)
        cairo_show_page(f->cr);
}

/* A4 in the orientation given, with the margins of official documents in portrait and even
 * ones in landscape. */
static void new_page(flow *f, bool landscape)
{
    end_page(f);
    f->page++;
    f->width = landscape ? A4_LONG : A4_SHORT;
    f->height = landscape ? A4_SHORT : A4_LONG;
    if (landscape) {
        f->top = 25 * MM, f->bottom = 22 * MM, f->left = 25 * MM, f->right = 25 * MM;
    } else {
        f->top = 37 * MM, f->bottom = 35 * MM, f->left = 28 * MM, f->right = 26 * MM;
    }
    if (f->draw)
        cairo_pdf_surface_set_size(f->surface, f->width, f->height);
    f->y = f->top;
}

/* ---- columns ------------------------------------------------------------------------------------ */

static bool numeric(const tz_rcolumn *c)
{
    return c->format != TZ_RF_TEXT;
}

static style cell_style(const flow *f, bool bold)
{
    return (style){ f->table_font, f->size, bold, 0, PANGO_ALIGN_LEFT };
}

static double header_width(flow *f, const psheet *s, size_t c)
{
    char upper[256], lower[256];
    tz_rcolumn_header(s->col[c], upper, sizeof upper, lower, sizeof lower);
    return text_width(f, lower, cell_style(f, true));
}

/* The narrowest a column's label may be: on one line up to four characters, longer ones on two
 * even lines (乡镇（街道） as 乡镇（ / 街道）), so no line holds a lone character. */
static double header_least(flow *f, const psheet *s, size_t c)
{
    double w = header_width(f, s, c);
    if (w <= 4 * f->size + SLACK)
        return w;
    char upper[256], lower[256];
    tz_rcolumn_header(s->col[c], upper, sizeof upper, lower, sizeof lower);
    style st = cell_style(f, true);
    for (st.width = ceil(w / 2 / f->size) * f->size + SLACK; st.width < w; st.width += f->size / 2) {
        PangoLayout *l = layout(f, lower, st);
        int lines = pango_layout_get_line_count(l);
        g_object_unref(l);
        if (lines <= 2)
            return st.width;
    }
    return w;
}

/* The widest cell of a column, on one line. */
static double cells_width(flow *f, const psheet *s, size_t c)
{
    double w = 0;
    for (size_t i = 0; i < s->nrows; i++) {
        if (s->rows[i].kind == PR_HEADING)
            continue;
        double t = text_width(f, s->rows[i].cell[c], cell_style(f, s->rows[i].kind != PR_DATA));
        w = t > w ? t : w;
    }
    return w;
}

static double padded(double w)
{
    return w + 2 * PAD_X + SLACK;
}

/* A column with every cell and its label on one line. */
static double natural_width(flow *f, const psheet *s, size_t c)
{
    return padded(fmax(cells_width(f, s, c), header_width(f, s, c)));
}

/* The narrowest a column may become: numbers never wrap; text wraps down to four characters. */
static double least_width(flow *f, const psheet *s, size_t c, double natural)
{
    if (numeric(s->col[c]))
        return padded(fmax(cells_width(f, s, c), header_least(f, s, c)));
    return fmin(natural, padded(fmax(4 * f->size, header_least(f, s, c))));
}

/* The column to make a step narrower: the one where that wraps the fewest cells, of those
 * still wider than their least; the widest of equals. ncols when none can narrow. */
static size_t column_to_narrow(const psheet *s, const double *w, const double *least, const double *cell)
{
    size_t best = s->ncols, best_wraps = 0;
    for (size_t c = 0; c < s->ncols; c++) {
        if (w[c] - least[c] < NARROW_STEP)
            continue;
        size_t wraps = 0;
        for (size_t i = 0; i < s->nrows; i++)
            wraps += cell[i * s->ncols + c] > w[c] - NARROW_STEP;
        if (best == s->ncols || wraps < best_wraps || (wraps == best_wraps && w[c] > w[best])) {
            best = c;
            best_wraps = wraps;
        }
    }
    return best;
}

/* Widths filling `avail`: narrowed text columns when the table is too wide, widened ones
 * when it is narrower. False when even the narrowest table is too wide, or when memory ran
 * out (f->nomem). */
static bool fit_columns(flow *f, const psheet *s, double avail)
{
    double *least = calloc(s->ncols ? s->ncols : 1, sizeof *least);
    double *cell = calloc(s->nrows * s->ncols + 1, sizeof *cell); /* each cell's width, padded */
    if (!least || !cell) {
        free(least);
        free(cell);
        f->nomem = true;
        return false;
    }
    double total = 0, text_total = 0;
    for (size_t c = 0; c < s->ncols; c++) {
        f->w[c] = natural_width(f, s, c);
        least[c] = least_width(f, s, c, f->w[c]);
        total += f->w[c];
        text_total += numeric(s->col[c]) ? 0 : f->w[c];
        for (size_t i = 0; i < s->nrows; i++)
            if (s->rows[i].kind != PR_HEADING)
                cell[i * s->ncols + c] = padded(text_width(f, s->rows[i].cell[c],
                                                           cell_style(f, s->rows[i].kind != PR_DATA)));
    }
    while (total > avail) {
        size_t c = column_to_narrow(s, f->w, least, cell);
        if (c == s->ncols)
            break;
        f->w[c] -= NARROW_STEP;
        total -= NARROW_STEP;
    }
    free(least);
    free(cell);
    if (total > avail + 0.01)
        return false;
    double extra = avail - total; /* the table spans the page: the widths grow in proportion */
    for (size_t c = 0; c < s->ncols; c++)
        f->w[c] += extra * (text_total > 0 ? (numeric(s->col[c]) ? 0 : f->w[c] / text_total)
                                           : f->w[c] / total);
    f->table_width = avail;
    return true;
}

/* The table with its labels wrapped in even lines and no cell wrapped. */
static double unwrapped_total(flow *f, const psheet *s)
{
    double total = 0;
    for (size_t c = 0; c < s->ncols; c++)
        total += padded(fmax(cells_width(f, s, c), header_least(f, s, c)));
    return total;
}

/* The sheet's orientation, font size and column widths; landscape when the table is wider than
 * a portrait page (a document to sign is always portrait). A table a little too wide is set a
 * size smaller before any of its cells wraps. False when memory ran out (f->nomem). */
static bool sheet_setup(flow *f, const psheet *s, bool document, bool *landscape)
{
    free(f->w);
    f->w = calloc(s->ncols ? s->ncols : 1, sizeof *f->w);
    if (!f->w) {
        f->nomem = true;
        return false;
    }
    f->table_font = SANS;
    f->size = document ? 10.5 : TABLE_SIZE;
    double portrait = A4_SHORT - 54 * MM, wide = A4_LONG - 50 * MM;
    *landscape = !document && unwrapped_total(f, s) > portrait;
    double avail = *landscape ? wide : portrait;
    for (double size = f->size; !document && size >= SMALLER_SIZE; size -= 0.5) {
        f->size = size;
        if (unwrapped_total(f, s) <= avail) {
            fit_columns(f, s, avail);
            return !f->nomem;
        }
    }
    f->size = document ? 10.5 : TABLE_SIZE;
    while (!fit_columns(f, s, avail) && !f->nomem && f->size > SMALLEST_SIZE)
        f->size -= 0.5;
    return !f->nomem;
}

/* ---- the table --------------------------------------------------------------------------------- */

static void stroke_box(flow *f, double x, double y, double w, double h)
{
    if (!f->draw)
        return;
    cairo_set_line_width(f->cr, RULE);
    cairo_rectangle(f->cr, x, y, w, h);
    cairo_stroke(f->cr);
}

/* A cell's text wrapped to its column; a last line of one character takes another from the
 * line above (no character left alone). */
static PangoLayout *cell_layout(flow *f, const char *text, double w, style st)
{
    st.width = w - 2 * PAD_X;
    PangoLayout *l = layout(f, text, st);
    int n = pango_layout_get_line_count(l);
    if (n > 1) {
        PangoLayoutLine *last = pango_layout_get_line_readonly(l, n - 1);
        const char *from = pango_layout_get_text(l) + last->start_index;
        if (g_utf8_strlen(from, last->length) <= 1 && st.width > 2 * st.size) {
            g_object_unref(l);
            st.width -= st.size;
            l = layout(f, text, st);
        }
    }
    return l;
}

/* A cell's text in its box: numbers at the right, vertically centred. */
static void cell_text(flow *f, double x, double y, double w, double h, const char *text, style st)
{
    PangoLayout *l = cell_layout(f, text, w, st);
    double th = layout_height(l);
    if (f->draw) {
        cairo_move_to(f->cr, x + PAD_X, y + (h - th) / 2);
        pango_cairo_show_layout(f->cr, l);
    }
    g_object_unref(l);
}

static double cell_height(flow *f, const char *text, double w, style st)
{
    PangoLayout *l = cell_layout(f, text, w, st);
    double h = layout_height(l) + 2 * PAD_Y;
    g_object_unref(l);
    return h;
}

static double row_height(flow *f, const psheet *s, const prow *r)
{
    style st = cell_style(f, r->kind != PR_DATA);
    if (r->kind == PR_HEADING)
        return cell_height(f, r->cell[0], f->table_width, st);
    double h = 0;
    for (size_t c = 0; c < s->ncols; c++) {
        double ch = cell_height(f, r->cell[c], f->w[c], st);
        h = ch > h ? ch : h;
    }
    return h;
}

static void draw_row(flow *f, const psheet *s, const prow *r, double h)
{
    double x = f->left;
    style st = cell_style(f, r->kind != PR_DATA);
    if (r->kind == PR_HEADING) {
        stroke_box(f, x, f->y, f->table_width, h);
        cell_text(f, x, f->y, f->table_width, h, r->cell[0], st);
        return;
    }
    for (size_t c = 0; c < s->ncols; c++) {
        st.align = numeric(s->col[c]) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
        stroke_box(f, x, f->y, f->w[c], h);
        cell_text(f, x, f->y, f->w[c], h, r->cell[c], st);
        x += f->w[c];
    }
}

/* A label centred in its box of width w, wrapped at `at`. */
static void label(flow *f, double x, double y, double w, double at, double h, const char *text)
{
    style st = { f->table_font, f->size, true, 0, PANGO_ALIGN_CENTER };
    cell_text(f, x + (w - at) / 2, y, at, h, text, st);
}

static bool two_level(const psheet *s)
{
    for (size_t c = 0; c < s->ncols; c++)
        if (strchr(s->col[c]->label, '|'))
            return true;
    return false;
}

/* The width a label is wrapped at in a column of width w: on one line when it fits, else in
 * even lines. */
static double label_width(flow *f, const psheet *s, size_t c, double w)
{
    if (w >= padded(header_width(f, s, c)))
        return w;
    return fmin(w, padded(header_least(f, s, c)));
}

/* The heights of the two header rows: the upper labels and the lower ones (a plain label,
 * spanning both rows, taller than the two makes the lower taller). */
static void header_heights(flow *f, const psheet *s, double *upper_h, double *lower_h)
{
    style st = { f->table_font, f->size, true, 0, PANGO_ALIGN_CENTER };
    bool two = two_level(s);
    char up[256], low[256];
    *upper_h = *lower_h = 0;
    for (size_t c = 0; c < s->ncols; c++) {
        tz_rcolumn_header(s->col[c], up, sizeof up, low, sizeof low);
        if (*up || !two)
            *lower_h = fmax(*lower_h, cell_height(f, low, label_width(f, s, c, f->w[c]), st));
        if (*up)
            *upper_h = fmax(*upper_h, cell_height(f, up, f->w[c], st));
    }
    for (size_t c = 0; two && c < s->ncols; c++) {
        tz_rcolumn_header(s->col[c], up, sizeof up, low, sizeof low);
        double h = cell_height(f, low, label_width(f, s, c, f->w[c]), st);
        if (!*up && h > *upper_h + *lower_h)
            *lower_h = h - *upper_h;
    }
}

/* The header rows: an upper label centred over the columns that share it, their own labels
 * under it; a plain label over both rows. Drawn when `draw`; its height either way. */
static double header(flow *f, const psheet *s)
{
    double upper_h, lower_h, x = f->left;
    header_heights(f, s, &upper_h, &lower_h);
    char up[256], low[256], next[256], nlow[256];
    for (size_t c = 0; c < s->ncols;) {
        tz_rcolumn_header(s->col[c], up, sizeof up, low, sizeof low);
        if (!*up) {
            stroke_box(f, x, f->y, f->w[c], upper_h + lower_h);
            label(f, x, f->y, f->w[c], label_width(f, s, c, f->w[c]), upper_h + lower_h, low);
            x += f->w[c++];
            continue;
        }
        double span = 0;
        size_t j = c;
        for (; j < s->ncols; j++) {
            tz_rcolumn_header(s->col[j], next, sizeof next, nlow, sizeof nlow);
            if (strcmp(next, up) != 0)
                break;
            stroke_box(f, x + span, f->y + upper_h, f->w[j], lower_h);
            label(f, x + span, f->y + upper_h, f->w[j], label_width(f, s, j, f->w[j]), lower_h, nlow);
            span += f->w[j];
        }
        stroke_box(f, x, f->y, span, upper_h);
        label(f, x, f->y, span, span, upper_h, up);
        x += span;
        c = j;
    }
    return upper_h + lower_h;
}

/* A heading stays with its first row, a 小计 or 合计 with the row above it: neither is ever
 * alone at the top or foot of a page. */
static bool keeps_with_next(const prow *r, const prow *next)
{
    return r->kind == PR_HEADING || next->kind == PR_SUBTOTAL || next->kind == PR_TOTAL;
}

/* The table; its last rows go to the next page with the lines under it (`tail` high) when
 * those would not fit under them, so a note or a signature line never starts a page alone. */
static void table(flow *f, const psheet *s, bool landscape, double tail)
{
    double upper_h, lower_h;
    header_heights(f, s, &upper_h, &lower_h);
    double head_h = upper_h + lower_h;
    double first = s->nrows ? row_height(f, s, &s->rows[0]) : 0;
    if (f->y + head_h + first > body_bottom(f))
        new_page(f, landscape); /* a header never ends a page */
    f->y += header(f, s);
    for (size_t i = 0; i < s->nrows; i++) {
        const prow *r = &s->rows[i];
        double h = row_height(f, s, r);
        double need = h;
        size_t j = i;
        for (; j + 1 < s->nrows && keeps_with_next(&s->rows[j], &s->rows[j + 1]); j++)
            need += row_height(f, s, &s->rows[j + 1]);
        if (j + 1 == s->nrows && f->top + head_h + need + tail <= body_bottom(f))
            need += tail; /* the table's end and what follows it fit on a page: kept together */
        if (f->y + need > body_bottom(f)) {
            new_page(f, landscape);
            f->y += header(f, s);
        }
        draw_row(f, s, r, h);
        f->y += h;
    }
}

/* ---- texts around the table ----------------------------------------------------------------------- */

/* The corner cells (表号：…, 制表机关：…) as a block at the top right, under the title, each
 * line starting where the widest does, as on official statistical forms. */
static void corner_block(flow *f, const psheet *s)
{
    style st = { SERIF, CORNER_SIZE, false, 0, PANGO_ALIGN_LEFT };
    double widest = 0;
    for (size_t i = 0; i < s->ncorner; i++)
        widest = fmax(widest, text_width(f, s->corner[i], st));
    if (widest > f->table_width)
        st.width = widest = f->table_width;
    for (size_t i = 0; i < s->ncorner; i++)
        f->y += put(f, f->left + f->table_width - widest, f->y, s->corner[i], st);
    f->y += s->ncorner ? 2 : 0;
}

/* The title on one line, smaller when it is long; the subtitle under it with the unit of
 * measure at its right (on a line of its own when the two would meet). */
static void title_block(flow *f, const psheet *s, bool document)
{
    style st = { SERIF, document ? 22 : 16, true, 0, PANGO_ALIGN_CENTER };
    while (st.size > 12 && text_width(f, s->title, st) > body_width(f))
        st.size -= 1;
    st.width = body_width(f);
    f->y += put(f, f->left, f->y, s->title, st) + (document ? 18 : 6);
    corner_block(f, s);
    style small = { SERIF, 10.5, false, f->table_width, PANGO_ALIGN_LEFT };
    bool measure_here = *s->measure && s->ninfo == 0;
    double room = f->table_width - (measure_here ? text_width(f, s->measure, small) + 2 * f->size : 0);
    if (*s->subtitle && text_width(f, s->subtitle, small) > room) {
        f->y += put(f, f->left, f->y, s->subtitle, small);
        small.align = PANGO_ALIGN_RIGHT;
    } else if (*s->subtitle) {
        put(f, f->left, f->y, s->subtitle, small);
    }
    small.align = PANGO_ALIGN_RIGHT;
    if (measure_here)
        f->y += put(f, f->left, f->y, s->measure, small);
    else if (*s->subtitle)
        f->y += text_height(f, s->subtitle, small);
}

/* The "label：value" lines above the table: two to a line on a document (the parties side by
 * side), the unit of measure at the right of the last. */
static void info_block(flow *f, const psheet *s, bool document, bool landscape)
{
    size_t per_line = document ? 2 : 1;
    double w = f->table_width / (double)per_line;
    style st = { SERIF, document ? 12 : 10.5, false, w - PAD_X, PANGO_ALIGN_LEFT };
    for (size_t i = 0; i < s->ninfo; i += per_line) {
        double h = 0;
        for (size_t k = 0; k < per_line && i + k < s->ninfo; k++) {
            double t = text_height(f, s->info[i + k], st);
            h = t > h ? t : h;
        }
        if (f->y + h > body_bottom(f))
            new_page(f, landscape);
        for (size_t k = 0; k < per_line && i + k < s->ninfo; k++)
            put(f, f->left + w * (double)k, f->y, s->info[i + k], st);
        f->y += h + (document ? 4 : 1);
    }
    if (*s->measure && s->ninfo) {
        style m = { SERIF, 10.5, false, f->table_width, PANGO_ALIGN_RIGHT };
        f->y += put(f, f->left, f->y, s->measure, m);
    }
    f->y += 4;
}

/* The signature blocks side by side ("发出单位（盖章）/负责人（签字）, 签订单位（盖章）/书记（签字）"):
 * each line with room to sign under it, and 年 月 日 at the foot of each block. Kept on one page. */
static style sign_style(const flow *f, size_t blocks)
{
    return (style){ SERIF, 12, false, body_width(f) / (double)(blocks ? blocks : 1), PANGO_ALIGN_LEFT };
}

static double sign_height(flow *f, const tz_sign *sign)
{
    double line_h = text_height(f, "年", sign_style(f, sign->n));
    return SIGN_GAP + (double)(sign->most + 1) * (line_h + SIGN_SPACE);
}

static void sign_block(flow *f, const tz_sign *sign, bool landscape)
{
    double h = sign_height(f, sign);
    if (f->y + h > body_bottom(f))
        new_page(f, landscape);
    f->y += SIGN_GAP;
    style st = sign_style(f, sign->n);
    for (size_t i = 0; i < sign->n; i++) {
        double x = f->left + st.width * (double)i, y = f->y;
        for (size_t k = 0; k < sign->block[i].nline; k++)
            y += put(f, x, y, sign->block[i].line[k], st) + SIGN_SPACE;
        style date = st;
        date.width = st.width - 24;
        date.align = PANGO_ALIGN_RIGHT;
        put(f, x, y, "年　　月　　日", date);
    }
    f->y += h - SIGN_GAP;
}

static style closing_style(const flow *f, bool document)
{
    return (style){ SERIF, document ? 12 : 10.5, false, body_width(f), PANGO_ALIGN_LEFT };
}

/* The note under the table (注：…), wrapped at the table's width. */
static style note_style(const flow *f)
{
    return (style){ SERIF, 10.5, false, f->table_width, PANGO_ALIGN_LEFT };
}

/* The height of the lines under the table: its totals, the note, who made it (wrapped between
 * its fields when wider than the page), and the signature blocks when there are some. */
static double closing_height(flow *f, const psheet *s, bool document)
{
    style st = closing_style(f, document);
    double h = TABLE_GAP;
    for (size_t i = 0; i < s->nsummary; i++)
        h += text_height(f, s->summary[i], st);
    h += *s->note ? NOTE_GAP + text_height(f, s->note, note_style(f)) : 0;
    h += *s->footer ? FOOTER_GAP + text_height(f, s->footer, st) : 0;
    return h + (s->sign.n ? sign_height(f, &s->sign) : 0);
}

/* The lines under the table, kept together on one page, and with the signature blocks when
 * there are some: a page never holds the signatures alone. */
static void closing_block(flow *f, const psheet *s, bool document, bool landscape)
{
    style st = closing_style(f, document);
    if (f->y + closing_height(f, s, document) > body_bottom(f))
        new_page(f, landscape);
    f->y += TABLE_GAP;
    for (size_t i = 0; i < s->nsummary; i++)
        f->y += put(f, f->left, f->y, s->summary[i], st);
    if (*s->note)
        f->y += NOTE_GAP + put(f, f->left, f->y + NOTE_GAP, s->note, note_style(f));
    if (*s->footer)
        f->y += FOOTER_GAP + put(f, f->left, f->y + FOOTER_GAP, s->footer, st);
}

static void sheet(flow *f, const psheet *s, size_t index, bool document)
{
    bool landscape = false;
    if (!sheet_setup(f, s, document, &landscape))
        return;
    new_page(f, landscape); /* the foot of the sheet before, with its own count */
    f->sheet = index;
    f->sheet_first = f->page;
    title_block(f, s, document);
    info_block(f, s, document, landscape);
    table(f, s, landscape, closing_height(f, s, document));
    closing_block(f, s, document, landscape);
    if (s->sign.n)
        sign_block(f, &s->sign, landscape);
}

bool pdf_flow(cairo_t *cr, PangoContext *pango, const psheet *sheets, size_t n, bool document,
              int *sheet_pages, bool draw)
{
    flow f = { .cr = cr, .surface = cairo_get_target(cr), .pango = pango, .draw = draw,
               .sheet_pages = sheet_pages };
    for (size_t i = 0; i < n && !f.nomem; i++) {
        sheet(&f, &sheets[i], i, document);
        if (!draw)
            sheet_pages[i] = f.page - f.sheet_first + 1;
    }
    end_page(&f);
    free(f.w);
    return !f.nomem;
}
