/* pdf.c — the report as a typeset PDF for paper and for the archive: A4, the text laid out by
 * Pango (Chinese line breaking, font fallback through fontconfig) and drawn on Cairo's PDF
 * surface, which embeds a subset of each font used. A contract (a report of one record) is a
 * document to sign: portrait, the margins of official documents (GB/T 9704), its items under
 * their section headings, the signature blocks. Other sheets are ruled tables, landscape when
 * wide, their header rows repeated on every page. The model is kept in memory (a printed
 * report is a few pages) and laid out twice: once to count the pages, once to draw them with
 * "第 N 页 共 M 页". */
#include "taizhang/report.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define A4_SHORT (210 * MM)
#define A4_LONG (297 * MM)
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
#define SIGN_GAP 24.0
#define WORD_JOINER "\xe2\x81\xa0"

/* ---- the model, kept ------------------------------------------------------------------------- */

typedef enum { PR_DATA, PR_SUBTOTAL, PR_TOTAL, PR_HEADING } prow_kind;

typedef struct {
    prow_kind kind;
    char **cell;          /* ncols texts (a heading: one); owned */
} prow;

typedef struct {
    char *title, *subtitle, *measure, *footer; /* owned */
    char **info, **summary;                    /* owned */
    size_t ninfo, nsummary;
    const char *sign;                          /* the spec's, borrowed */
    size_t ncols;                              /* shown, less a heading column */
    const tz_rcolumn **col;                    /* owned array, borrowed columns */
    prow *rows;
    size_t nrows, rcap;
    int heading_col;                           /* shown index of the group column, or -1 */
    char *group;                               /* the current heading; owned */
} psheet;

typedef struct {
    psheet *sheets;
    size_t n;
    bool document;        /* one record: portrait, serif, signature blocks */
    bool nomem;
    FILE *out;            /* borrowed */
    const char *doc_title;
} pdf_ctx;

/* A text whose numbers stay with what follows them (2026年, 95分): a word joiner after a digit
 * that a non-ASCII character follows, where UAX #14 would allow a break. New string. */
static char *joined(const char *s)
{
    tz_sb sb = { 0 };
    tz_sb_append(&sb, "");
    for (; *s; s++) {
        tz_sb_appendn(&sb, s, 1);
        if (*s >= '0' && *s <= '9' && (unsigned char)s[1] >= 0x80)
            tz_sb_append(&sb, WORD_JOINER);
    }
    return sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
}

static char *keep(pdf_ctx *p, const char *s)
{
    char *copy = joined(s ? s : "");
    p->nomem |= !copy;
    return copy;
}

static char **keep_all(pdf_ctx *p, char *const *s, size_t n)
{
    char **copy = calloc(n ? n : 1, sizeof *copy);
    p->nomem |= !copy;
    for (size_t i = 0; copy && i < n; i++)
        copy[i] = keep(p, s[i]);
    return copy;
}

static void free_all(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

static void free_sheet(psheet *s)
{
    free(s->title);
    free(s->subtitle);
    free(s->measure);
    free(s->footer);
    free_all(s->info, s->ninfo);
    free_all(s->summary, s->nsummary);
    for (size_t i = 0; i < s->nrows; i++)
        free_all(s->rows[i].cell, s->rows[i].kind == PR_HEADING ? 1 : s->ncols);
    free(s->rows);
    free(s->col);
    free(s->group);
}

static prow *new_row(pdf_ctx *p, psheet *s, prow_kind kind, size_t ncells)
{
    if (s->nrows == s->rcap) {
        size_t cap = s->rcap ? s->rcap * 2 : 64;
        prow *grown = realloc(s->rows, cap * sizeof *grown);
        if (!grown) {
            p->nomem = true;
            return NULL;
        }
        s->rows = grown;
        s->rcap = cap;
    }
    char **cell = calloc(ncells, sizeof *cell);
    if (!cell) {
        p->nomem = true;
        return NULL;
    }
    prow *r = &s->rows[s->nrows++];
    *r = (prow){ .kind = kind, .cell = cell };
    return r;
}

/* The shown index of a sheet's group column when it is printed as headings, or -1. */
static int heading_column(const tz_rsheet_out *o)
{
    if (!o->spec->headings || o->spec->group < 0)
        return -1;
    for (size_t i = 0; i < o->nshown; i++)
        if (o->cols[i] == &o->spec->columns[o->spec->group])
            return (int)i;
    return -1;
}

static tz_status nomem(tz_error *err)
{
    return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
}

static tz_status pdf_start(void *ctx, tz_error *err)
{
    (void)ctx;
    (void)err;
    return TZ_OK;
}

static tz_status pdf_begin(void *ctx, const tz_rsheet_out *o, tz_error *err)
{
    pdf_ctx *p = ctx;
    psheet *grown = realloc(p->sheets, (p->n + 1) * sizeof *grown);
    if (!grown)
        return nomem(err);
    p->sheets = grown;
    psheet *s = &p->sheets[p->n++];
    *s = (psheet){ .heading_col = heading_column(o), .sign = o->spec->sign };
    s->title = keep(p, o->title);
    s->subtitle = keep(p, o->subtitle);
    s->measure = keep(p, o->measure);
    s->footer = keep(p, o->footer);
    s->info = keep_all(p, o->info, s->ninfo = o->ninfo);
    s->summary = keep_all(p, o->summary, s->nsummary = o->nsummary);
    s->col = calloc(o->nshown ? o->nshown : 1, sizeof *s->col);
    if (!s->col)
        return nomem(err);
    for (size_t i = 0; i < o->nshown; i++)
        if ((int)i != s->heading_col)
            s->col[s->ncols++] = o->cols[i];
    return p->nomem ? nomem(err) : TZ_OK;
}

/* A heading row when the heading column's text changes on a data row. */
static void follow_heading(pdf_ctx *p, psheet *s, const char *text)
{
    if (s->group && strcmp(s->group, text) == 0)
        return;
    free(s->group);
    s->group = tz_strdup(text);
    prow *h = new_row(p, s, PR_HEADING, 1);
    if (h)
        h->cell[0] = keep(p, text);
    p->nomem |= !s->group;
}

static tz_status pdf_row(void *ctx, const tz_rsheet_out *o, tz_rowkind kind, const tz_rcell *cells,
                         tz_error *err)
{
    pdf_ctx *p = ctx;
    psheet *s = &p->sheets[p->n - 1];
    if (s->heading_col >= 0 && kind == TZ_ROW_DATA)
        follow_heading(p, s, cells[s->heading_col].text ? cells[s->heading_col].text : "");
    prow_kind k = kind == TZ_ROW_DATA ? PR_DATA : kind == TZ_ROW_SUBTOTAL ? PR_SUBTOTAL : PR_TOTAL;
    prow *r = new_row(p, s, k, s->ncols ? s->ncols : 1);
    for (size_t i = 0, c = 0; r && i < o->nshown; i++) {
        if ((int)i == s->heading_col)
            continue;
        char buf[256]; /* a number's text; a text cell is taken whole */
        const char *text = cells[i].text ? cells[i].text : tz_rcell_format(o->cols[i], &cells[i], buf, sizeof buf);
        r->cell[c++] = keep(p, text);
    }
    return p->nomem ? nomem(err) : TZ_OK;
}

static tz_status pdf_end(void *ctx, const tz_rsheet_out *o, tz_error *err)
{
    (void)ctx;
    (void)o;
    (void)err;
    return TZ_OK;
}

/* ---- layout ---------------------------------------------------------------------------------- */

typedef struct {
    cairo_t *cr;
    cairo_surface_t *surface;
    PangoContext *pango;    /* on a font map of this run's own */
    bool draw;              /* the second pass */
    int page, pages;
    double width, height;   /* of the current page, in points */
    double top, left, right, bottom; /* margins */
    double y;               /* where the next block goes */
    double size;            /* the table's font size */
    double *w;              /* the sheet's column widths; owned */
    double table_width;
    const char *table_font;
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
    pango_context_set_language(pango_layout_get_context(l), pango_language_from_string("zh-cn"));
    pango_layout_context_changed(l);
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
    snprintf(foot, sizeof foot, tz_L("第 %d 页 共 %d 页", "Page %d of %d"), f->page, f->pages);
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
 * when it is narrower. False when even the narrowest table is too wide. */
static bool fit_columns(flow *f, const psheet *s, double avail)
{
    double *least = calloc(s->ncols ? s->ncols : 1, sizeof *least);
    double *cell = calloc(s->nrows * s->ncols + 1, sizeof *cell); /* each cell's width, padded */
    double total = 0, text_total = 0;
    for (size_t c = 0; least && cell && c < s->ncols; c++) {
        f->w[c] = natural_width(f, s, c);
        least[c] = least_width(f, s, c, f->w[c]);
        total += f->w[c];
        text_total += numeric(s->col[c]) ? 0 : f->w[c];
        for (size_t i = 0; i < s->nrows; i++)
            if (s->rows[i].kind != PR_HEADING)
                cell[i * s->ncols + c] = padded(text_width(f, s->rows[i].cell[c],
                                                           cell_style(f, s->rows[i].kind != PR_DATA)));
    }
    while (least && cell && total > avail) {
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
 * size smaller before any of its cells wraps. */
static bool sheet_setup(flow *f, const psheet *s, bool document, bool *landscape)
{
    free(f->w);
    f->w = calloc(s->ncols ? s->ncols : 1, sizeof *f->w);
    if (!f->w)
        return false;
    f->table_font = SANS;
    f->size = document ? 10.5 : TABLE_SIZE;
    double portrait = A4_SHORT - 54 * MM, wide = A4_LONG - 50 * MM;
    *landscape = !document && unwrapped_total(f, s) > portrait;
    double avail = *landscape ? wide : portrait;
    for (double size = f->size; !document && size >= SMALLER_SIZE; size -= 0.5) {
        f->size = size;
        if (unwrapped_total(f, s) <= avail) {
            fit_columns(f, s, avail);
            return true;
        }
    }
    f->size = document ? 10.5 : TABLE_SIZE;
    while (!fit_columns(f, s, avail) && f->size > SMALLEST_SIZE)
        f->size -= 0.5;
    return true;
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

static void table(flow *f, const psheet *s, bool landscape)
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
        for (size_t j = i; j + 1 < s->nrows && keeps_with_next(&s->rows[j], &s->rows[j + 1]); j++)
            need += row_height(f, s, &s->rows[j + 1]);
        if (f->y + need > body_bottom(f)) {
            new_page(f, landscape);
            f->y += header(f, s);
        }
        draw_row(f, s, r, h);
        f->y += h;
    }
}

/* ---- texts around the table ----------------------------------------------------------------------- */

/* The title on one line, smaller when it is long; the subtitle under it with the unit of
 * measure at its right (on a line of its own when the two would meet). */
static void title_block(flow *f, const psheet *s, bool document)
{
    style st = { SERIF, document ? 22 : 16, true, 0, PANGO_ALIGN_CENTER };
    while (st.size > 12 && text_width(f, s->title, st) > body_width(f))
        st.size -= 1;
    st.width = body_width(f);
    f->y += put(f, f->left, f->y, s->title, st) + (document ? 18 : 6);
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

/* The blocks of a `sign` text and the most lines of one. */
static void count_sign(const char *sign, size_t *blocks, size_t *most)
{
    size_t lines = 1;
    *blocks = 1;
    *most = 1;
    for (const char *c = sign; *c; c++) {
        lines += *c == '/';
        if (*c == ',') {
            ++*blocks;
            lines = 1;
        }
        *most = lines > *most ? lines : *most;
    }
}

static double sign_height(flow *f, const char *sign)
{
    size_t blocks, most;
    count_sign(sign, &blocks, &most);
    double line_h = text_height(f, "年", sign_style(f, blocks));
    return SIGN_GAP + (double)(most + 1) * (line_h + SIGN_SPACE);
}

static void sign_block(flow *f, const char *sign, bool landscape)
{
    char *copy = tz_strdup(sign);
    if (!copy)
        return;
    double h = sign_height(f, sign);
    if (f->y + h > body_bottom(f))
        new_page(f, landscape);
    f->y += SIGN_GAP;
    size_t n, most;
    count_sign(sign, &n, &most);
    style st = sign_style(f, n);
    char *save = NULL;
    size_t i = 0;
    for (char *b = strtok_r(copy, ",", &save); b; b = strtok_r(NULL, ",", &save), i++) {
        double x = f->left + st.width * (double)i, y = f->y;
        char *lsave = NULL;
        for (char *line = strtok_r(b, "/", &lsave); line; line = strtok_r(NULL, "/", &lsave)) {
            char text[256];
            snprintf(text, sizeof text, "%s：", tz_trim(line));
            y += put(f, x, y, text, st) + SIGN_SPACE;
        }
        style date = st;
        date.width = st.width - 24;
        date.align = PANGO_ALIGN_RIGHT;
        put(f, x, y, "年　　月　　日", date);
    }
    f->y += h - SIGN_GAP;
    free(copy);
}

/* The lines under the table (its totals, who made it), kept together on one page, and with
 * the signature blocks when there are some: a page never holds the signatures alone. */
static void closing_block(flow *f, const psheet *s, bool document, bool landscape)
{
    style st = { SERIF, document ? 12 : 10.5, false, body_width(f), PANGO_ALIGN_LEFT };
    double h = *s->footer ? 6 + text_height(f, s->footer, st) : 0;
    h += s->sign ? sign_height(f, s->sign) : 0;
    for (size_t i = 0; i < s->nsummary; i++)
        h += text_height(f, s->summary[i], st);
    if (f->y + h > body_bottom(f))
        new_page(f, landscape);
    for (size_t i = 0; i < s->nsummary; i++)
        f->y += put(f, f->left, f->y, s->summary[i], st);
    if (*s->footer)
        f->y += 6 + put(f, f->left, f->y + 6, s->footer, st);
}

static void sheet(flow *f, const psheet *s, bool document)
{
    bool landscape = false;
    if (!sheet_setup(f, s, document, &landscape))
        return;
    new_page(f, landscape);
    title_block(f, s, document);
    info_block(f, s, document, landscape);
    table(f, s, landscape);
    f->y += 6;
    closing_block(f, s, document, landscape);
    if (s->sign)
        sign_block(f, s->sign, landscape);
}

/* Lays every sheet out; draws when f->draw. The number of pages. */
static int flow_all(flow *f, const pdf_ctx *p)
{
    f->page = 0;
    for (size_t i = 0; i < p->n; i++)
        sheet(f, &p->sheets[i], p->document);
    end_page(f);
    return f->page;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static tz_status write_pdf(pdf_ctx *p, tz_error *err)
{
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, p->out, A4_SHORT, A4_LONG);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, p->doc_title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "taizhang");
    cairo_t *cr = cairo_create(surface);
    PangoFontMap *fonts = pango_cairo_font_map_new();
    flow f = { .cr = cr, .surface = surface, .pango = pango_font_map_create_context(fonts) };
    pango_cairo_context_set_resolution(f.pango, 72); /* a size in points is a size in points */
    pango_cairo_update_context(cr, f.pango);
    f.pages = flow_all(&f, p);
    f.draw = true;
    cairo_set_source_rgb(cr, 0, 0, 0);
    flow_all(&f, p);
    free(f.w);
    g_object_unref(f.pango);
    g_object_unref(fonts);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (cs != CAIRO_STATUS_SUCCESS || fflush(p->out) != 0 || ferror(p->out))
        return tz_fail(err, TZ_ERR_IO, tz_L("无法写出 PDF：%s", "cannot write the PDF: %s"),
                       cairo_status_to_string(cs));
    return TZ_OK;
}

static tz_status pdf_finish(void *ctx, bool ok, tz_error *err)
{
    pdf_ctx *p = ctx;
    return ok ? write_pdf(p, err) : TZ_OK;
}

/* What the printout is called: its first sheet's title. New string. */
static char *job_title(const tz_report *r, const tz_report_args *a)
{
    return tz_report_expand(r->nsheets ? r->sheets[0].title : r->title, a);
}

tz_status tz_report_pdf(tz_db *db, const tz_report *r, const tz_report_args *a, FILE *out,
                        tz_error *err)
{
    char *title = job_title(r, a);
    if (!title)
        return nomem(err);
    pdf_ctx p = { .out = out, .document = (r->params & TZ_RP_ID) != 0, .doc_title = title };
    tz_renderer rd = { .ctx = &p, .start = pdf_start, .begin = pdf_begin, .row = pdf_row,
                       .end = pdf_end, .finish = pdf_finish };
    tz_status s = tz_report_run(db, r, a, &rd, NULL, NULL, err);
    for (size_t i = 0; i < p.n; i++)
        free_sheet(&p.sheets[i]);
    free(p.sheets);
    free(title);
    return s;
}

tz_status tz_report_pdf_alloc(tz_db *db, const tz_report *r, const tz_report_args *a, char **pdf,
                              size_t *len, tz_error *err)
{
    *pdf = NULL;
    *len = 0;
    FILE *mem = open_memstream(pdf, len);
    if (!mem)
        return nomem(err);
    tz_status s = tz_report_pdf(db, r, a, mem, err);
    fclose(mem); /* sets *pdf and *len */
    if (s != TZ_OK) {
        free(*pdf);
        *pdf = NULL;
        *len = 0;
    }
    return s;
}

tz_status tz_report_print(tz_db *db, const tz_report *r, const tz_report_args *a, tz_error *err)
{
    char *pdf = NULL, *title = job_title(r, a);
    size_t len = 0;
    tz_status s = title ? tz_report_pdf_alloc(db, r, a, &pdf, &len, err) : nomem(err);
    if (s == TZ_OK)
        s = tz_print_pipe(a->settings.print_command, title, pdf, len, err);
    free(pdf);
    free(title);
    return s;
}
