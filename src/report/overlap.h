/* overlap.h — the report layer's own: checking one sheet while the sheets before it are being
 * written, on a second thread. */
#ifndef TZ_REPORT_OVERLAP_H
#define TZ_REPORT_OVERLAP_H

#include "taizhang/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A stage of sheet i. The write stage is given a place to tell how many rows it wrote. */
typedef struct overlap overlap;
typedef tz_status (*overlap_check_fn)(void *ctx, size_t i, tz_error *err);
typedef tz_status (*overlap_write_fn)(void *ctx, size_t i, overlap *ov, tz_error *err);
/* Told, on the calling thread while it waits for the writing, which sheet is being written
 * and its rows so far. */
typedef void (*overlap_wait_fn)(void *ctx, size_t i, int64_t rows);

typedef struct {
    size_t n;                 /* sheets */
    overlap_check_fn check;   /* on the calling thread, which alone uses the database */
    overlap_check_fn confirm; /* the same, once every sheet is checked, while the writing goes
                                 on: its failure throws the writing away too */
    overlap_write_fn write;   /* on the writer thread, in order, each once its check passed */
    overlap_wait_fn waiting;  /* may be NULL */
    void *ctx;
} overlap_stages;

/* Runs check(0..n-1) here and write(0..n-1) on a second thread, write(i) starting as soon as
 * check(i) has passed; then confirm(0..n-1) here while the writing goes on. A failed check or
 * confirm stops the writing after the sheet being written. When
 * no thread can be started, the writing follows the checks on this thread. *started tells
 * whether write(0) was begun (the renderer then needs its finish). The first failure wins. */
tz_status overlap_run(const overlap_stages *st, bool *started, tz_error *err);

/* From the write stage: rows of the current sheet written so far. */
void overlap_rows(overlap *ov, int64_t rows);

#endif
