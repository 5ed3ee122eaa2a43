/* spool.h — the report layer's own: the rows of a sheet's first pass kept in a temporary
 * file, so the second pass writes them without running the query again. Not public. */
#ifndef TAIZHANG_REPORT_SPOOL_H
#define TAIZHANG_REPORT_SPOOL_H

#include "taizhang/report.h"

#include <stdio.h>

typedef struct {
    FILE *fp;     /* tmpfile(); owned */
    char *buf;    /* texts of the row last read (cells point into it); owned */
    size_t cap;
} rspool;

bool spool_open(rspool *sp);
void spool_close(rspool *sp);
/* Appends a row: the group column's text (may be NULL) and n cells. */
bool spool_write(rspool *sp, const char *group, const tz_rcell *cells, size_t n);
bool spool_rewind(rspool *sp);
/* Reads the next row into cells (texts borrowed until the next read) and *group: 1 a row,
 * 0 no more rows, -1 an I/O error. */
int spool_read(rspool *sp, const char **group, tz_rcell *cells, size_t n);

#endif
