/* list_search.c — what a list's search text is matched against (pinyin initials, a code, a
 * part of a name) and the condition it adds to the list's query. */
#include "list_internal.h"
#include "taizhang/pinyin.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- search texts ------------------------------------------------------------------------ */

/* Pinyin columns hold lower-case initials; a clerk may type "WGS". */
static char *ascii_lower(const char *s)
{
    char *out = tz_strdup(s);
    for (char *p = out; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

/* LIKE with ESCAPE '\': a clerk's "%" or "_" is meant literally. */
static char *like_escape(const char *s)
{
    tz_sb sb = { 0 };
    tz_sb_append(&sb, "");
    for (const char *p = s; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            tz_sb_append(&sb, "\\");
        tz_sb_appendn(&sb, p, 1);
    }
    if (sb.failed) {
        tz_sb_free(&sb);
        return NULL;
    }
    return tz_sb_take(&sb);
}

static bool prepare_search_texts(list_query *lq, const char *search)
{
    lq->search_plain = tz_strdup(search);
    lq->search_lower = ascii_lower(search);
    lq->like_plain = like_escape(search);
    lq->like_lower = lq->search_lower ? like_escape(lq->search_lower) : NULL;
    return lq->search_plain && lq->search_lower && lq->like_plain && lq->like_lower;
}

static bool is_pinyin_column(const tz_form *form, const char *column)
{
    for (size_t i = 0; i < form->nfields; i++)
        if (form->fields[i].pinyin && strcmp(form->fields[i].pinyin, column) == 0)
            return true;
    return false;
}

/* ---- which terms a text is matched against ----------------------------------------------------
 * What the clerk typed picks the form's search terms it is matched against, so that on
 * millions of rows one index serves each keystroke: letters only are pinyin initials (wgs), a
 * leading digit starts a code or an ID number, anything else is part of a name. A form without
 * a term of that kind matches the text against all its terms but the pinyin ones. When a
 * single term is left, the rows come in its order while searching, which its index gives: a
 * prefix in its column's order, a part of a name through the n-gram table
 * <table>_<column>_grams (migration 008) in name order. Otherwise, or for a part of a name
 * without an n-gram table, the terms are OR'ed and the list keeps its sort, which a small
 * table affords. So does a list narrowed to one parent (a unit's people): its own index finds
 * the few rows there, where the searched column's index would walk the whole country's. */

typedef enum { TERM_PINYIN, TERM_CODE, TERM_NAME } term_kind;

static term_kind kind_of_term(const tz_form *form, const tz_search *s)
{
    if (is_pinyin_column(form, s->column))
        return TERM_PINYIN;
    bool display = form->display && strcmp(s->column, form->display) == 0;
    return s->mode == TZ_SEARCH_PREFIX && !display ? TERM_CODE : TERM_NAME;
}

static term_kind kind_of_text(const char *text)
{
    if (*text >= '0' && *text <= '9')
        return TERM_CODE;
    for (const char *p = text; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return TERM_NAME;
    return TERM_PINYIN;
}

/* The form's terms, or the display column's "contains" for a form that declares none. */
static size_t form_terms(const tz_form *form, const tz_search **terms, tz_search *fallback)
{
    if (form->nsearch) {
        *terms = form->search;
        return form->nsearch;
    }
    *fallback = (tz_search){ .column = form->display, .mode = TZ_SEARCH_CONTAINS };
    *terms = fallback;
    return form->display ? 1 : 0;
}

static void choose_terms(list_query *lq, const tz_form *form)
{
    term_kind want = kind_of_text(lq->search_plain);
    bool any_of_kind = false;
    for (size_t i = 0; i < lq->nterms; i++)
        any_of_kind |= kind_of_term(form, &lq->terms[i]) == want;
    for (size_t i = 0; i < lq->nterms; i++) {
        term_kind k = kind_of_term(form, &lq->terms[i]);
        lq->chosen[i] = any_of_kind ? k == want : k != TERM_PINYIN;
        lq->nchosen += lq->chosen[i];
    }
}

/* A single "contains" term on a table that has its n-gram table: search through it; but not
 * for a township's clerk, whose few rows its scope keys' index finds at once, where the
 * n-gram table would walk the whole country's. */
static bool use_grams(tz_db *db, list_query *lq, const tz_form *form, const tz_search *term)
{
    if (term->mode != TZ_SEARCH_CONTAINS || !form->table || lq->keyed)
        return true;
    tz_sb name = { 0 };
    tz_sb_printf(&name, "%s_%s_grams", form->table, term->column);
    if (name.failed)
        return false;
    if (dbi_column_exists(db, name.buf, "gram") && dbi_column_exists(db, name.buf, term->column))
        lq->grams = tz_sb_take(&name);
    tz_sb_free(&name);
    return true;
}

/* Decides, before any SQL is written, which terms the search uses and in which order the
 * rows then come. */
bool lq_plan_search(tz_db *db, list_query *lq, const tz_listq *q)
{
    const tz_form *form = q->form;
    const char *search = q->search;
    lq->keyed = dbi_scope_keys(db, form, lq->keys);
    if (!search || !*search)
        return true;
    if (!prepare_search_texts(lq, search))
        return false;
    lq->nterms = form_terms(form, &lq->terms, &lq->fallback);
    if (lq->nterms == 0)
        return true;
    lq->chosen = calloc(lq->nterms, sizeof *lq->chosen);
    if (!lq->chosen)
        return false;
    choose_terms(lq, form);
    if (lq->nchosen != 1 || q->filter_col)
        return true;
    for (size_t i = 0; i < lq->nterms; i++) {
        if (!lq->chosen[i])
            continue;
        lq->single = &lq->terms[i];
        if (lq->single->mode == TZ_SEARCH_PREFIX)
            lq->order_column = lq->single->column;
        return use_grams(db, lq, form, lq->single);
    }
    return true;
}

const char *db_list_search_order(tz_db *db, const tz_listq *q)
{
    list_query lq = { 0 };
    const char *column = NULL;
    if (q->form && lq_plan_search(db, &lq, q) && (lq.grams || lq.order_column))
        column = lq.single->column;
    lq_free(&lq);
    return column;
}

/* ---- search conditions ------------------------------------------------------------------------ */

static void add_search_term(list_query *lq, const tz_form *form, const tz_search *s)
{
    bool lower = is_pinyin_column(form, s->column);
    if (s->mode == TZ_SEARCH_PREFIX) {
        /* A range rather than LIKE 'x%' so that the column's index serves it. */
        const char *text = lower ? lq->search_lower : lq->search_plain;
        tz_sb_append(&lq->sql, "(");
        lq_append_column(&lq->sql, s->column);
        tz_sb_append(&lq->sql, " >= ? AND ");
        lq_append_column(&lq->sql, s->column);
        tz_sb_append(&lq->sql, " < ? || char(1114111))");
        lq_bind_text(lq, text);
        lq_bind_text(lq, text);
    } else {
        lq_append_column(&lq->sql, s->column);
        tz_sb_append(&lq->sql, " LIKE '%' || ? || '%' ESCAPE '\\'");
        lq_bind_text(lq, lower ? lq->like_lower : lq->like_plain);
    }
}

/* Bytes of the first two characters of s. */
static size_t two_chars(const char *s)
{
    size_t n = strlen(s), used = 0;
    for (int i = 0; i < 2 && used < n; i++) {
        uint32_t cp;
        used += tz_utf8_decode(s + used, n - used, &cp);
    }
    return used;
}

/* The rows under the text's gram; a text longer than a gram is then matched in full against
 * the name the n-gram table holds. */
static bool add_gram_search(list_query *lq)
{
    size_t gram_len = two_chars(lq->search_lower);
    lq->gram = tz_strndup(lq->search_lower, gram_len);
    if (!lq->gram)
        return false;
    tz_sb_append(&lq->sql, "g.gram = ?");
    lq_bind_text(lq, lq->gram);
    if (lq->search_lower[gram_len]) {
        tz_sb_append(&lq->sql, " AND g.");
        dbi_ident(&lq->sql, lq->single->column);
        tz_sb_append(&lq->sql, " LIKE '%' || ? || '%' ESCAPE '\\'");
        lq_bind_text(lq, lq->like_plain);
    }
    return true;
}

bool lq_add_search(list_query *lq, const tz_form *form)
{
    if (lq->nchosen == 0)
        return true;
    lq_add_condition(lq);
    if (lq->grams)
        return add_gram_search(lq);
    tz_sb_append(&lq->sql, "(");
    bool first = true;
    for (size_t i = 0; i < lq->nterms; i++) {
        if (!lq->chosen[i])
            continue;
        if (!first)
            tz_sb_append(&lq->sql, " OR ");
        first = false;
        add_search_term(lq, form, &lq->terms[i]);
    }
    tz_sb_append(&lq->sql, ")");
    return true;
}
