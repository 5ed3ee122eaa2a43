/* pdf.c — the report as a typeset PDF for paper and for the archive: A4, the text laid out by
 * Pango (Chinese line breaking, font fallback through fontconfig) and drawn on Cairo's PDF
 * surface, which embeds a subset of each font used. The model is kept in memory as the engine
 * gives it (a printed report is a few pages) and laid out twice (pdf_layout.c): once to count
 * each sheet's pages, once to draw them with "第 N 页 共 M 页". */
#include "pdf.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WORD_JOINER "\xe2\x81\xa0"

/* ---- the model, kept ------------------------------------------------------------------------- */

typedef struct {
    psheet *sheets;
    size_t n;
    bool document;        /* one record: portrait, serif, signature blocks */
    bool nomem;
    FILE *out;            /* borrowed */
    int write_errno;      /* why writing to out failed */
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

/* A line of fields apart by spaces (单位负责人：余文斌    填表人：刘芳 …) that breaks only
 * between its fields: a word joiner after each character followed by another in a field.
 * New string. */
static char *fields_whole(pdf_ctx *p, const char *s)
{
    tz_sb sb = { 0 };
    tz_sb_append(&sb, "");
    while (*s) {
        size_t n = 1;
        while ((s[n] & 0xC0) == 0x80)
            n++;
        tz_sb_appendn(&sb, s, n);
        if (*s != ' ' && s[n] && s[n] != ' ')
            tz_sb_append(&sb, WORD_JOINER);
        s += n;
    }
    char *copy = sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
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
    free(s->note);
    free_all(s->corner, s->ncorner);
    free_all(s->info, s->ninfo);
    free_all(s->summary, s->nsummary);
    for (size_t i = 0; i < s->nrows; i++)
        free_all(s->rows[i].cell, s->rows[i].kind == PR_HEADING ? 1 : s->ncols);
    free(s->rows);
    free(s->col);
    free(s->group);
    tz_sign_free(&s->sign);
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
    *s = (psheet){ .heading_col = tz_rsheet_heading_column(o) };
    p->nomem |= o->spec->sign && !tz_sign_parse(o->spec->sign, &s->sign);
    s->title = keep(p, o->title);
    s->subtitle = keep(p, o->subtitle);
    s->measure = keep(p, o->measure);
    s->footer = fields_whole(p, o->footer ? o->footer : "");
    s->note = keep(p, o->note);
    s->corner = keep_all(p, o->corner, s->ncorner = o->ncorner);
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
    const char *moved = tz_rsheet_moved_label(o, s->heading_col, kind, cells);
    for (size_t i = 0, c = 0; r && i < o->nshown; i++) {
        if ((int)i == s->heading_col)
            continue;
        char buf[256]; /* a number's text; a text cell is taken whole */
        const char *text = c == 0 && moved ? moved
                           : cells[i].text ? cells[i].text
                                           : tz_rcell_format(o->cols[i], &cells[i], buf, sizeof buf);
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

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
    pdf_ctx *p = closure;
    if (fwrite(data, 1, len, p->out) == len)
        return CAIRO_STATUS_SUCCESS;
    p->write_errno = errno;
    return CAIRO_STATUS_WRITE_ERROR;
}

/* The stream's end: what cairo's surface made of the writing, then the last of it flushed. */
static tz_status written(pdf_ctx *p, cairo_status_t cs, tz_error *err)
{
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return nomem(err);
    if (cs == CAIRO_STATUS_SUCCESS && fflush(p->out) != 0)
        p->write_errno = errno;
    if (cs == CAIRO_STATUS_SUCCESS && !p->write_errno && !ferror(p->out))
        return TZ_OK;
    return tz_fail(err, TZ_ERR_IO, tz_L("无法写出 PDF：%s", "cannot write the PDF: %s"),
                   cs == CAIRO_STATUS_SUCCESS || cs == CAIRO_STATUS_WRITE_ERROR
                       ? tz_errno_text(p->write_errno) : cairo_status_to_string(cs));
}

static tz_status write_pdf(pdf_ctx *p, tz_error *err)
{
    int *sheet_pages = calloc(p->n ? p->n : 1, sizeof *sheet_pages);
    if (!sheet_pages)
        return nomem(err);
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, p, A4_SHORT, A4_LONG);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, p->doc_title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "taizhang");
    cairo_t *cr = cairo_create(surface);
    PangoFontMap *fonts = pango_cairo_font_map_new();
    PangoContext *pango = pango_font_map_create_context(fonts);
    pango_cairo_context_set_resolution(pango, 72); /* a size in points is a size in points */
    pango_context_set_language(pango, pango_language_from_string("zh-cn")); /* Chinese line breaking */
    pango_cairo_update_context(cr, pango);
    bool whole = pdf_flow(cr, pango, p->sheets, p->n, p->document, sheet_pages, false);
    cairo_set_source_rgb(cr, 0, 0, 0);
    whole = whole && pdf_flow(cr, pango, p->sheets, p->n, p->document, sheet_pages, true);
    free(sheet_pages);
    g_object_unref(pango);
    g_object_unref(fonts);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    return whole ? written(p, cs, err) : nomem(err);
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

/* The PDF of r, called `title`, written to out. */
static tz_status pdf_titled(tz_db *db, const tz_report *r, const tz_report_args *a, const char *title,
                            FILE *out, tz_error *err)
{
    pdf_ctx p = { .out = out, .document = (r->params & TZ_RP_ID) != 0, .doc_title = title };
    tz_renderer rd = { .ctx = &p, .start = pdf_start, .begin = pdf_begin, .row = pdf_row,
                       .end = pdf_end, .finish = pdf_finish };
    tz_status s = tz_report_run(db, r, a, &rd, NULL, NULL, err);
    for (size_t i = 0; i < p.n; i++)
        free_sheet(&p.sheets[i]);
    free(p.sheets);
    return s;
}

/* The same into a new buffer; nothing of it on failure. */
static tz_status pdf_titled_alloc(tz_db *db, const tz_report *r, const tz_report_args *a,
                                  const char *title, char **pdf, size_t *len, tz_error *err)
{
    *pdf = NULL;
    *len = 0;
    FILE *mem = open_memstream(pdf, len);
    if (!mem)
        return nomem(err);
    tz_status s = pdf_titled(db, r, a, title, mem, err);
    fclose(mem); /* sets *pdf and *len */
    if (s != TZ_OK) {
        free(*pdf);
        *pdf = NULL;
        *len = 0;
    }
    return s;
}

tz_status tz_report_pdf(tz_db *db, const tz_report *r, const tz_report_args *a, FILE *out,
                        tz_error *err)
{
    char *title = job_title(r, a);
    tz_status s = title ? pdf_titled(db, r, a, title, out, err) : nomem(err);
    free(title);
    return s;
}

tz_status tz_report_pdf_alloc(tz_db *db, const tz_report *r, const tz_report_args *a, char **pdf,
                              size_t *len, tz_error *err)
{
    *pdf = NULL;
    *len = 0;
    char *title = job_title(r, a);
    tz_status s = title ? pdf_titled_alloc(db, r, a, title, pdf, len, err) : nomem(err);
    free(title);
    return s;
}

tz_status tz_report_print(tz_db *db, const tz_report *r, const tz_report_args *a, tz_error *err)
{
    char *pdf = NULL, *title = job_title(r, a);
    size_t len = 0;
    tz_status s = title ? pdf_titled_alloc(db, r, a, title, &pdf, &len, err) : nomem(err);
    if (s == TZ_OK)
        s = tz_print_pipe(a->settings.print_command, title, pdf, len, err);
    free(pdf);
    free(title);
    return s;
}
