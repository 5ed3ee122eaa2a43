/* spool.c — a sheet's rows between the check pass and the writing pass, in a temporary file:
 * the query runs once, memory stays flat, and both passes see exactly the same rows. Each
 * cell is a kind byte, then its text (length and bytes) or its number (n and x). */
#include "spool.h"

#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

enum { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, NO_GROUP, GROUP };
#define MAX_CELLS 128 /* columns of a sheet; a report has a dozen */

/* One thread at a time uses a spool (the checking one, then the writer, handed over under
 * overlap.c's mutex), so stdio need not lock the file on each of millions of calls. */
bool spool_open(rspool *sp)
{
    *sp = (rspool){ .fp = tmpfile() };
    if (sp->fp)
        __fsetlocking(sp->fp, FSETLOCKING_BYCALLER);
    return sp->fp != NULL;
}

void spool_close(rspool *sp)
{
    if (sp->fp)
        fclose(sp->fp);
    free(sp->buf);
    *sp = (rspool){ 0 };
}

static bool put_text(FILE *fp, const char *s)
{
    uint32_t len = (uint32_t)strlen(s);
    return fwrite(&len, sizeof len, 1, fp) == 1 && fwrite(s, 1, len, fp) == len;
}

bool spool_write(rspool *sp, const char *group, const tz_rcell *cells, size_t n)
{
    bool ok = fputc(group ? GROUP : NO_GROUP, sp->fp) != EOF && (!group || put_text(sp->fp, group));
    for (size_t i = 0; ok && i < n; i++) {
        const tz_rcell *c = &cells[i];
        int kind = c->text ? CELL_TEXT : c->empty ? CELL_EMPTY : CELL_NUMBER;
        ok = fputc(kind, sp->fp) != EOF;
        if (ok && kind == CELL_TEXT)
            ok = put_text(sp->fp, c->text);
        else if (ok && kind == CELL_NUMBER)
            ok = fwrite(&c->n, sizeof c->n, 1, sp->fp) == 1 && fwrite(&c->x, sizeof c->x, 1, sp->fp) == 1;
    }
    return ok;
}

bool spool_rewind(rspool *sp)
{
    return fflush(sp->fp) == 0 && fseek(sp->fp, 0, SEEK_SET) == 0;
}

/* Reads a text into the row buffer at *used; returns its offset, or -1. */
static long get_text(rspool *sp, size_t *used)
{
    uint32_t len;
    if (fread(&len, sizeof len, 1, sp->fp) != 1)
        return -1;
    if (*used + len + 1 > sp->cap) {
        size_t cap = (*used + len + 1) * 2;
        char *grown = realloc(sp->buf, cap);
        if (!grown)
            return -1;
        sp->buf = grown;
        sp->cap = cap;
    }
    long at = (long)*used;
    if (fread(sp->buf + at, 1, len, sp->fp) != len)
        return -1;
    sp->buf[at + len] = '\0';
    *used += len + 1;
    return at;
}

int spool_read(rspool *sp, const char **group, tz_rcell *cells, size_t n)
{
    int first = fgetc(sp->fp);
    if (first == EOF)
        return ferror(sp->fp) ? -1 : 0;
    if (n > MAX_CELLS)
        return -1;
    /* texts first go in as offsets: the buffer may move while the row is read */
    long offsets[MAX_CELLS + 1];
    size_t used = 0;
    offsets[n] = first == GROUP ? get_text(sp, &used) : -2;
    if (offsets[n] == -1)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int kind = fgetc(sp->fp);
        cells[i] = (tz_rcell){ .empty = kind == CELL_EMPTY };
        offsets[i] = -2;
        if (kind == CELL_TEXT && (offsets[i] = get_text(sp, &used)) == -1)
            return -1;
        if (kind == CELL_NUMBER && (fread(&cells[i].n, sizeof cells[i].n, 1, sp->fp) != 1
                                    || fread(&cells[i].x, sizeof cells[i].x, 1, sp->fp) != 1))
            return -1;
        if (kind == EOF)
            return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (offsets[i] >= 0)
            cells[i].text = sp->buf + offsets[i];
    *group = offsets[n] >= 0 ? sp->buf + offsets[n] : NULL;
    return 1;
}
