/* list_internal.h — a list query being built, shared by list.c (the page, its order and its
 * keyset) and list_search.c (what a search text is matched against, and its conditions). */
#ifndef TAIZHANG_LIST_INTERNAL_H
#define TAIZHANG_LIST_INTERNAL_H

#include "taizhang/db.h"
#include "db_internal.h"

#define MAX_BINDS 64

/* One list query being built: its SQL text, its parameters and the search texts they borrow. */
typedef struct {
    tz_sb sql;
    dbi_value binds[MAX_BINDS]; /* texts borrowed from the query or the anchor row */
    int nbinds;
    bool overflow;       /* more parameters than MAX_BINDS */
    tz_status bad_value; /* a filter's value is not of its field's type (TZ_OK: none) */
    tz_error bad;        /* and why */
    bool has_where;      /* a WHERE has been written */
    char *search_plain;  /* the search text as typed; owned */
    char *search_lower;  /* ASCII lower-cased, for pinyin columns; owned */
    char *like_plain;    /* LIKE-escaped versions of the two; owned */
    char *like_lower;
    /* the search's plan (plan_search) */
    const tz_search *terms;     /* the form's terms, or &fallback */
    size_t nterms;
    tz_search fallback;
    bool *chosen;               /* which terms the text is matched against; owned */
    size_t nchosen;
    const tz_search *single;    /* the one chosen term, when there is one */
    const char *order_column;   /* a prefix term's column: the rows' order while searching */
    char *grams;                /* the n-gram table serving the single term; owned */
    char *gram;                 /* the gram looked up there; owned */
    /* a township's clerk on a ledger with scope keys (dbi_scope_keys): a page is read as two
     * queries, one per key, merged in the rows' order */
    bool keyed;
    int64_t keys[2];
    int arm;                    /* the query being written: 1 or 2 (the key), 0 for both */
} list_query;

void lq_bind_text(list_query *lq, const char *t);
void lq_add_condition(list_query *lq);
/* "t." and the quoted column */
void lq_append_column(tz_sb *sb, const char *column);
void lq_free(list_query *lq);

/* Chooses the terms q's search text is matched against, and the order they give (list_search.c). */
bool lq_plan_search(tz_db *db, list_query *lq, const tz_listq *q);
/* The search's condition; false when out of memory. */
bool lq_add_search(list_query *lq, const tz_form *form);

#endif
