/* rows.c — the rows the db layer hands out: read from a statement's result (the id, a list's
 * sort value, the values as text), and freed. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdlib.h>
#include <string.h>

void tz_row_free(tz_row *row)
{
    if (!row)
        return;
    for (size_t i = 0; i < row->n; i++)
        free(row->v[i]);
    free(row->v);
    free(row->key_text);
    memset(row, 0, sizeof *row);
}

void tz_rows_free(tz_rows *rows)
{
    if (!rows)
        return;
    for (size_t i = 0; i < rows->n; i++)
        tz_row_free(&rows->rows[i]);
    free(rows->rows);
    rows->rows = NULL;
    rows->n = 0;
}

static bool read_key(sqlite3_stmt *st, int col, tz_row *row)
{
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
        row->key_type = TZ_KEY_INT;
        row->key_int = sqlite3_column_int64(st, col);
        return true;
    case SQLITE_FLOAT:
        row->key_type = TZ_KEY_REAL;
        row->key_real = sqlite3_column_double(st, col);
        return true;
    case SQLITE_NULL:
        row->key_type = TZ_KEY_NULL;
        return true;
    default: {
        bool ok = true;
        row->key_type = TZ_KEY_TEXT;
        row->key_text = dbi_column_dup(st, col, &ok);
        return ok;
    }
    }
}

/* Reads the current result row: column 0 the id, then (when has_key) the sort value, then
 * the values. */
bool dbi_read_row(sqlite3_stmt *st, bool has_key, tz_row *row)
{
    memset(row, 0, sizeof *row);
    row->id = sqlite3_column_int64(st, 0);
    int first = has_key ? 2 : 1;
    if (has_key && !read_key(st, 1, row))
        return false;
    int n = sqlite3_column_count(st) - first;
    if (n <= 0)
        return true;
    row->v = calloc((size_t)n, sizeof *row->v);
    if (!row->v)
        return false;
    row->n = (size_t)n;
    bool ok = true;
    for (int i = 0; i < n; i++)
        row->v[i] = dbi_column_dup(st, first + i, &ok);
    return ok;
}
