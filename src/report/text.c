/* text.c — the report as printer text: columns aligned by display width (a Chinese character
 * is two columns), no line wider than the page, column headers repeated at the top of every
 * page that continues a table, "第 N 页 共 M 页" at the foot of each page, a form feed between
 * pages. The text is laid out in memory first (a printed report is a few pages) so the page
 * count is known when the feet are written. */
#include "taizhang/report.h"

#include <stdlib.h>
#include <string.h>

#define GAP 2          /* spaces between columns */
#define FOOT_LINES 2   /* a blank line and the page number */
#define MIN_TEXT_WIDTH 6

typedef struct {
    tz_page page;
    FILE *out;             /* borrowed */
    char **lines;          /* owned; NULL entries are page breaks */
    size_t n, cap;
    int used;              /* lines on the current page */
    bool nomem;
    int *width;            /* per shown column, fitted to the page; owned */
    int table_width;
    char *head[3];         /* the header lines and the rule under them; owned */
    int nhead;
    tz_rsheet_out view;    /* the sheet less its heading column (headings = yes) */
    const tz_rcolumn **cols; /* view.cols, view.width: owned arrays */
    int *widths;
    int heading;           /* the sheet's shown index of the heading column, or -1 */
    char *group;           /* the current heading; owned */
} text_ctx;

/* ---- lines and pages ------------------------------------------------------------------------- */

static void push(text_ctx *t, char *line)
{
    if (!line && t->n && !t->lines[t->n - 1])
        return; /* no empty pages */
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        char **grown = realloc(t->lines, cap * sizeof *grown);
        if (!grown) {
            free(line);
            t->nomem = true;
            return;
        }
        t->lines = grown;
        t->cap = cap;
    }
    t->lines[t->n++] = line;
    t->used = line ? t->used + 1 : 0;
}

static int body_lines(const text_ctx *t)
{
    return t->page.page_length - FOOT_LINES;
}

static void page_break(text_ctx *t)
{
    if (t->n)
        push(t, NULL);
}

/* Adds one line fitted to the page width (cut, never wrapped); trailing spaces dropped. */
static void add_line(text_ctx *t, const char *s)
{
    size_t cap = strlen(s) + (size_t)t->page.page_width + 8;
    char *line = malloc(cap);
    if (!line) {
        t->nomem = true;
        return;
    }
    tz_fit(line, cap, s, t->page.page_width, 'l', false);
    size_t n = strlen(line);
    while (n && line[n - 1] == ' ')
        line[--n] = '\0';
    push(t, line);
}

/* A line outside a table: on the next page when this one is full. */
static void add_plain(text_ctx *t, const char *s)
{
    if (t->used >= body_lines(t))
        page_break(t);
    add_line(t, s);
}

static void add_header(text_ctx *t)
{
    for (int i = 0; i < t->nhead; i++)
        add_line(t, t->head[i]);
}

/* Lines of the table (one row, kept together): a full page continues on the next under the
 * repeated header. */
static void add_table_lines(text_ctx *t, char **lines, int n)
{
    if (t->used + n > body_lines(t)) {
        page_break(t);
        add_header(t);
    }
    for (int i = 0; i < n; i++)
        add_line(t, lines[i]);
}

/* ---- columns ------------------------------------------------------------------------------------ */

/* Narrows the widest text columns (their cells then wrap onto more lines) until the table
 * fits the page. */
static void fit_widths(text_ctx *t, const tz_rsheet_out *s)
{
    free(t->width);
    t->width = malloc((s->nshown ? s->nshown : 1) * sizeof *t->width);
    if (!t->width) {
        t->nomem = true;
        return;
    }
    int total = 0;
    for (size_t i = 0; i < s->nshown; i++)
        total += (t->width[i] = s->width[i] > 0 ? s->width[i] : 1) + (i ? GAP : 0);
    while (total > t->page.page_width) {
        int widest = -1;
        for (size_t i = 0; i < s->nshown; i++)
            if (s->cols[i]->format == TZ_RF_TEXT && t->width[i] > MIN_TEXT_WIDTH
                && (widest < 0 || t->width[i] > t->width[widest]))
                widest = (int)i;
        if (widest < 0)
            break; /* the numbers alone are wider than the page: lines are cut at its edge */
        t->width[widest]--;
        total--;
    }
    t->table_width = total;
}

/* Characters no line may begin with: closing punctuation (、，。；：）”」 …). */
static bool no_line_start(uint32_t cp)
{
    static const char closing[] = "、，。；：？！）」』】》〉〕”’…%,.;:?!)]}";
    char ch[5] = { 0 };
    tz_utf8_encode(cp, ch);
    return strstr(closing, ch) != NULL;
}

/* Characters no line may end with: opening punctuation (（“「《 …). */
static bool no_line_end(uint32_t cp)
{
    static const char opening[] = "（「『【《〈〔“‘([{";
    char ch[5] = { 0 };
    tz_utf8_encode(cp, ch);
    return strstr(opening, ch) != NULL;
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* Whether a line may break before byte `at` of s (0 < at < strlen(s)): not before closing
 * punctuation, not after opening punctuation, not inside a number nor between a number and
 * its unit (95分, 2026年). */
static bool break_ok(const char *s, size_t at)
{
    size_t before = at;
    while (before > 0 && ((unsigned char)s[before - 1] & 0xC0) == 0x80)
        before--;
    uint32_t prev = 0, next = 0;
    tz_utf8_decode(s + before - 1, at - before + 1, &prev);
    tz_utf8_decode(s + at, strlen(s + at), &next);
    if (no_line_start(next) || no_line_end(prev))
        return false;
    if (is_digit(prev) && (is_digit(next) || next == '.' || next >= 0x80))
        return false;
    return !(prev == '.' && is_digit(next));
}

/* Bytes of the next piece of a wrapped cell: as much as fits in width and may end a line by
 * the rules above, at least a character. */
static size_t piece(const char *s, int width)
{
    size_t n = tz_utf8_prefix_fit(s, width, NULL);
    if (n == 0 && *s) {
        uint32_t cp;
        n = tz_utf8_decode(s, strlen(s), &cp);
    }
    if (!s[n])
        return n;
    for (size_t at = n; at > 0; at--)
        if (((unsigned char)s[at] & 0xC0) != 0x80 && break_ok(s, at))
            return at;
    return n; /* nowhere to break by the rules: a break where the width ends */
}

/* Lines a text takes in a column of `width`. */
static int lines_needed(const char *s, int width)
{
    int n = 1;
    for (s += piece(s, width); *s; s += piece(s, width))
        n++;
    return n;
}

/* Lays out line k of a row of texts in the fitted columns; a text wraps within its column
 * when `wrap`, else it is cut with "…". */
static char *layout_line(const text_ctx *t, const tz_rsheet_out *s, const char *const *texts,
                         const char *align, bool wrap, int k)
{
    tz_sb sb = { 0 };
    for (size_t i = 0; i < s->nshown; i++) {
        const char *from = texts[i];
        for (int skip = 0; wrap && skip < k && *from; skip++)
            from += piece(from, t->width[i]);
        char part[1024], cell[1024];
        snprintf(part, sizeof part, "%.*s", wrap ? (int)piece(from, t->width[i]) : (int)strlen(from), from);
        if (!wrap && k > 0)
            part[0] = '\0';
        tz_fit(cell, sizeof cell, part, t->width[i], align[i], !wrap);
        tz_sb_printf(&sb, "%*s%s", i ? GAP : 0, "", cell);
    }
    return sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
}

static char *layout(const text_ctx *t, const tz_rsheet_out *s, const char *const *texts,
                    const char *align)
{
    return layout_line(t, s, texts, align, false, 0);
}

/* A table row: its texts wrapped in their columns, its lines kept on one page. */
static void add_row(text_ctx *t, const tz_rsheet_out *s, const char *const *texts, const char *align,
                    const char *heading)
{
    int top = heading ? 1 : 0, height = 1;
    for (size_t i = 0; i < s->nshown; i++) {
        int n = align[i] == 'l' ? lines_needed(texts[i], t->width[i]) : 1;
        height = n > height ? n : height;
    }
    if (height > body_lines(t) - t->nhead - top)
        height = body_lines(t) - t->nhead - top; /* a cell longer than a page is cut */
    char **lines = calloc((size_t)(height + top), sizeof *lines);
    if (!lines) {
        t->nomem = true;
        return;
    }
    if (heading)
        t->nomem |= !(lines[0] = tz_strdup(heading)); /* a heading stays with its first row */
    for (int k = 0; k < height; k++)
        t->nomem |= !(lines[top + k] = layout_line(t, s, texts, align, true, k));
    if (!t->nomem)
        add_table_lines(t, lines, height + top);
    for (int k = 0; k < height + top; k++)
        free(lines[k]);
    free(lines);
}

static char *rule(const text_ctx *t, char c)
{
    int w = t->table_width < t->page.page_width ? t->table_width : t->page.page_width;
    char *r = malloc((size_t)w + 1);
    if (r) {
        memset(r, c, (size_t)w);
        r[w] = '\0';
    }
    return r;
}

/* The upper header line: each upper label centred over the columns it spans. */
static char *upper_header(const text_ctx *t, const tz_rsheet_out *s)
{
    tz_sb sb = { 0 };
    for (size_t i = 0; i < s->nshown;) {
        char up[256], low[256], next[256];
        tz_rcolumn_header(s->cols[i], up, sizeof up, low, sizeof low);
        size_t j = i + 1;
        int span = t->width[i];
        while (j < s->nshown && *up) {
            tz_rcolumn_header(s->cols[j], next, sizeof next, low, sizeof low);
            if (strcmp(next, up) != 0)
                break;
            span += GAP + t->width[j++];
        }
        char cell[1024];
        tz_fit(cell, sizeof cell, up, span, 'c', true);
        tz_sb_printf(&sb, "%*s%s", i ? GAP : 0, "", cell);
        i = j;
    }
    return sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
}

static void build_header(text_ctx *t, const tz_rsheet_out *s)
{
    for (int i = 0; i < t->nhead; i++)
        free(t->head[i]);
    t->nhead = 0;
    const char **lower = calloc(s->nshown ? s->nshown : 1, sizeof *lower);
    char *align = calloc(s->nshown + 1, 1);
    char (*texts)[256] = calloc(s->nshown ? s->nshown : 1, sizeof *texts);
    if (!lower || !align || !texts) {
        t->nomem = true;
    } else {
        char up[256];
        for (size_t i = 0; i < s->nshown; i++) {
            tz_rcolumn_header(s->cols[i], up, sizeof up, texts[i], sizeof texts[i]);
            lower[i] = texts[i];
            align[i] = 'c';
        }
        if (s->two_level)
            t->head[t->nhead++] = upper_header(t, s);
        t->head[t->nhead++] = layout(t, s, lower, align);
        t->head[t->nhead++] = rule(t, '-');
    }
    for (int i = 0; i < t->nhead; i++)
        t->nomem |= !t->head[i];
    free(lower);
    free(align);
    free(texts);
}

/* ---- the renderer --------------------------------------------------------------------------------- */

static tz_status nomem(tz_error *err)
{
    return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
}

static tz_status text_start(void *ctx, tz_error *err)
{
    (void)ctx;
    (void)err;
    return TZ_OK;
}

/* "left … right" in `width` columns: the right part at the right edge when both fit. */
static char *spread(const char *left, const char *right, int width)
{
    int gap = width - tz_str_width(left) - tz_str_width(right);
    tz_sb sb = { 0 };
    tz_sb_printf(&sb, "%s%*s%s", left, gap > GAP ? gap : GAP, "", right);
    return sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
}

/* A text outside the table wrapped at the table's width (a note), by the rules a cell's text
 * wraps by (piece: no 。 at a line's start), its lines on one page. */
static void add_wrapped(text_ctx *t, const char *s, int width)
{
    if (t->used + lines_needed(s, width) > body_lines(t))
        page_break(t);
    while (*s && !t->nomem) {
        size_t n = piece(s, width);
        char *part = tz_strndup(s, n);
        if (!part) {
            t->nomem = true;
            return;
        }
        add_plain(t, part);
        free(part);
        s += n;
    }
}

/* The sheet as laid out: without its heading column, whose values become headings. */
static void make_view(text_ctx *t, const tz_rsheet_out *s)
{
    free(t->cols);
    free(t->widths);
    free(t->group);
    t->group = NULL;
    t->heading = tz_rsheet_heading_column(s);
    t->view = *s;
    t->cols = calloc(s->nshown ? s->nshown : 1, sizeof *t->cols);
    t->widths = calloc(s->nshown ? s->nshown : 1, sizeof *t->widths);
    if (!t->cols || !t->widths) {
        t->nomem = true;
        return;
    }
    t->view.nshown = 0;
    for (size_t i = 0; i < s->nshown; i++) {
        if ((int)i == t->heading)
            continue;
        t->cols[t->view.nshown] = s->cols[i];
        t->widths[t->view.nshown++] = s->width[i];
    }
    if (tz_rsheet_labels_move(s) && t->view.nshown && s->width[t->heading] > t->widths[0])
        t->widths[0] = s->width[t->heading];
    t->view.cols = t->cols;
    t->view.width = t->widths;
}

static tz_status text_begin(void *ctx, const tz_rsheet_out *full, tz_error *err)
{
    text_ctx *t = ctx;
    make_view(t, full);
    if (t->nomem)
        return nomem(err);
    const tz_rsheet_out *s = &t->view;
    fit_widths(t, s);
    if (t->nomem)
        return nomem(err);
    build_header(t, s);
    page_break(t);
    int w = t->table_width < t->page.page_width ? t->table_width : t->page.page_width;
    if (tz_str_width(s->title) > w)
        w = t->page.page_width;
    char title[1024];
    tz_fit(title, sizeof title, s->title, w, 'c', false);
    add_plain(t, title);
    for (size_t i = 0; i < s->ncorner; i++) {
        char *corner = spread("", s->corner[i], t->table_width);
        if (corner)
            add_plain(t, corner);
        t->nomem |= !corner;
        free(corner);
    }
    char *sub = spread(s->subtitle, s->measure, t->table_width);
    if (sub && (*s->subtitle || *s->measure))
        add_plain(t, sub);
    free(sub);
    for (size_t i = 0; i < s->ninfo; i++)
        add_plain(t, s->info[i]);
    add_plain(t, "");
    if (t->used + t->nhead + 1 > body_lines(t))
        page_break(t); /* a header never ends a page */
    add_header(t);
    return t->nomem ? nomem(err) : TZ_OK;
}

/* The heading a data row starts, or NULL: its heading column's text when that changed. */
static const char *new_heading(text_ctx *t, tz_rowkind kind, const tz_rcell *cells)
{
    if (t->heading < 0 || kind != TZ_ROW_DATA)
        return NULL;
    const char *text = cells[t->heading].text ? cells[t->heading].text : "";
    if (t->group && strcmp(t->group, text) == 0)
        return NULL;
    free(t->group);
    t->nomem |= !(t->group = tz_strdup(text));
    return t->group;
}

static tz_status text_row(void *ctx, const tz_rsheet_out *full, tz_rowkind kind, const tz_rcell *all,
                          tz_error *err)
{
    text_ctx *t = ctx;
    const tz_rsheet_out *s = &t->view;
    size_t n = full->nshown ? full->nshown : 1;
    const char **texts = calloc(n, sizeof *texts);
    char (*buf)[256] = calloc(n, sizeof *buf);
    char *align = calloc(n + 1, 1);
    tz_rcell *cells = calloc(n, sizeof *cells);
    if (!texts || !buf || !align || !cells) {
        free(texts);
        free(buf);
        free(align);
        free(cells);
        return nomem(err);
    }
    for (size_t i = 0, k = 0; i < full->nshown; i++)
        if ((int)i != t->heading)
            cells[k++] = all[i];
    const char *moved = tz_rsheet_moved_label(full, t->heading, kind, all);
    if (moved)
        cells[0] = (tz_rcell){ .text = moved };
    for (size_t i = 0; i < s->nshown; i++) {
        texts[i] = cells[i].text ? cells[i].text : tz_rcell_format(s->cols[i], &cells[i], buf[i], sizeof buf[i]);
        align[i] = cells[i].text || s->cols[i]->format == TZ_RF_TEXT ? 'l' : 'r';
    }
    if (kind == TZ_ROW_TOTAL) {
        char *r = rule(t, '-');
        if (r)
            add_table_lines(t, &r, 1);
        free(r);
    }
    add_row(t, s, texts, align, new_heading(t, kind, all));
    free(texts);
    free(buf);
    free(align);
    free(cells);
    return t->nomem ? nomem(err) : TZ_OK;
}

/* One line of the signature blocks side by side: line k of each block ("发出单位（盖章）："), or
 * its date. */
static char *sign_line(const tz_sign *sign, size_t k, int width)
{
    tz_sb sb = { 0 };
    int column = width / (int)sign->n;
    for (size_t i = 0; i < sign->n; i++) {
        const tz_sign_block *b = &sign->block[i];
        const char *text = k < b->nline ? b->line[k] : k == b->nline ? "        年    月    日" : "";
        char *cell = malloc(strlen(text) + (size_t)column + 1); /* at most text, padded */
        if (cell)
            tz_sb_append(&sb, tz_fit(cell, strlen(text) + (size_t)column + 1, text, column, 'l', false));
        sb.failed |= !cell;
        free(cell);
    }
    return sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
}

/* The signature blocks: each line with two blank lines under it to sign in, 年 月 日 at the
 * foot; kept on one page. */
static void add_sign(text_ctx *t, const char *text)
{
    tz_sign sign;
    if (!tz_sign_parse(text, &sign)) {
        t->nomem = true;
        return;
    }
    if (sign.n && t->used + 1 + ((int)sign.most + 1) * 3 > body_lines(t))
        page_break(t);
    for (size_t k = 0; sign.n && k <= sign.most; k++) {
        add_plain(t, "");
        char *line = sign_line(&sign, k, t->page.page_width);
        t->nomem |= !line;
        if (line)
            add_plain(t, line);
        free(line);
        add_plain(t, "");
    }
    tz_sign_free(&sign);
}

static tz_status text_end(void *ctx, const tz_rsheet_out *s, tz_error *err)
{
    text_ctx *t = ctx;
    char *r = rule(t, '=');
    if (r)
        add_plain(t, r);
    free(r);
    for (size_t i = 0; i < s->nsummary; i++)
        add_plain(t, s->summary[i]);
    if (*s->note) {
        int w = t->table_width < t->page.page_width ? t->table_width : t->page.page_width;
        add_wrapped(t, s->note, w > 20 ? w : t->page.page_width);
    }
    if (*s->footer) {
        add_plain(t, "");
        add_wrapped(t, s->footer, t->page.page_width);
    }
    if (s->spec->sign)
        add_sign(t, s->spec->sign);
    return t->nomem ? nomem(err) : TZ_OK;
}

/* Writes the pages, each padded to its length so its foot sits at the bottom. */
static tz_status write_pages(text_ctx *t, tz_error *err)
{
    size_t pages = 1;
    for (size_t i = 0; i < t->n; i++)
        pages += !t->lines[i];
    size_t page = 1;
    int on_page = 0;
    for (size_t i = 0; i <= t->n; i++) {
        if (i < t->n && t->lines[i]) {
            fprintf(t->out, "%s\n", t->lines[i]);
            on_page++;
            continue;
        }
        for (; on_page < body_lines(t) + 1; on_page++)
            fputc('\n', t->out);
        char foot[80], line[200];
        snprintf(foot, sizeof foot, tz_L("第 %zu 页 共 %zu 页", "Page %zu of %zu"), page, pages);
        tz_fit(line, sizeof line, foot, t->page.page_width, 'c', false);
        fprintf(t->out, "%s\n", line);
        if (i < t->n)
            fputc('\f', t->out);
        page++;
        on_page = 0;
    }
    if (fflush(t->out) != 0 || ferror(t->out))
        return tz_fail(err, TZ_ERR_IO, tz_L("无法写出报表文本", "cannot write the report text"));
    return TZ_OK;
}

static tz_status text_finish(void *ctx, bool ok, tz_error *err)
{
    text_ctx *t = ctx;
    return ok ? write_pages(t, err) : TZ_OK;
}

tz_status tz_report_text(tz_db *db, const tz_report *r, const tz_report_args *a, tz_page page,
                         FILE *out, tz_error *err)
{
    if (page.page_width < 40 || page.page_length < 20)
        return tz_fail(err, TZ_ERR_INVALID, "%s",
                       tz_L("页面太小：每行至少 40 列，每页至少 20 行",
                            "the page is too small: at least 40 columns and 20 lines"));
    text_ctx t = { .page = page, .out = out, .heading = -1 };
    tz_renderer rd = { .ctx = &t, .start = text_start, .begin = text_begin, .row = text_row,
                       .end = text_end, .finish = text_finish };
    tz_status s = tz_report_run(db, r, a, &rd, NULL, NULL, err);
    for (size_t i = 0; i < t.n; i++)
        free(t.lines[i]);
    free(t.lines);
    free(t.width);
    free(t.cols);
    free(t.widths);
    free(t.group);
    for (int i = 0; i < t.nhead; i++)
        free(t.head[i]);
    return s;
}

tz_status tz_report_text_alloc(tz_db *db, const tz_report *r, const tz_report_args *a, tz_page page,
                               char **text, size_t *len, tz_error *err)
{
    *text = NULL;
    *len = 0;
    FILE *mem = open_memstream(text, len);
    if (!mem)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    tz_status s = tz_report_text(db, r, a, page, mem, err);
    fclose(mem); /* sets *text and *len */
    if (s != TZ_OK) {
        free(*text);
        *text = NULL;
        *len = 0;
    }
    return s;
}
