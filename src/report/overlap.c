/* overlap.c — a workbook's sheets are checked and written at the same time. A sheet's first
 * pass (its query and the 报表校核 of its rows) runs on the calling thread, which alone uses the
 * database; as soon as a sheet has passed, a writer thread replays its rows into the renderer
 * while the next sheet's query runs, and the verify queries run last, beside the last writing.
 * On two cores the queries then hide behind the writing, which costs what libxlsxwriter costs.
 * Nothing is shared but what this mutex guards, and a sheet is handed over whole: after that
 * the checking thread reads of it only what the writer leaves alone (the totals its first pass
 * found, kept apart for the verify query). */
#include "overlap.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

struct overlap {
    const overlap_stages *st;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t checked;   /* sheets that passed their check */
    bool stop;        /* a check failed: write no further sheet */
    size_t writing;   /* the sheet being written */
    int64_t rows;     /* its rows so far */
    bool done;        /* the writer has ended */
    bool began;       /* write(0) was begun */
    tz_status status; /* the writer's result, and why */
    tz_error err;
};

void overlap_rows(overlap *ov, int64_t rows)
{
    pthread_mutex_lock(&ov->lock);
    ov->rows = rows;
    pthread_mutex_unlock(&ov->lock);
}

/* Until sheet i has passed (true) or the checking stopped (false). */
static bool wait_checked(overlap *ov, size_t i)
{
    pthread_mutex_lock(&ov->lock);
    while (ov->checked <= i && !ov->stop)
        pthread_cond_wait(&ov->changed, &ov->lock);
    bool go = ov->checked > i;
    if (go) {
        ov->writing = i;
        ov->rows = 0;
        ov->began = true;
    }
    pthread_mutex_unlock(&ov->lock);
    return go;
}

static void *write_sheets(void *arg)
{
    overlap *ov = arg;
    tz_error err = { 0 };
    tz_status s = TZ_OK;
    for (size_t i = 0; s == TZ_OK && i < ov->st->n && wait_checked(ov, i); i++)
        s = ov->st->write(ov->st->ctx, i, ov, &err);
    pthread_mutex_lock(&ov->lock);
    ov->status = s;
    ov->err = err;
    ov->done = true;
    pthread_cond_broadcast(&ov->changed);
    pthread_mutex_unlock(&ov->lock);
    return NULL;
}

/* The writer with every signal blocked: they stay with the thread that handles them (the
 * terminal's, the clerk's Ctrl-C). */
static bool start_writer(overlap *ov, pthread_t *thread)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    bool ok = pthread_create(thread, NULL, write_sheets, ov) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

/* Sheet i passed: the writer may take it. False when the writer has already failed. */
static bool hand_over(overlap *ov, size_t i)
{
    pthread_mutex_lock(&ov->lock);
    ov->checked = i + 1;
    pthread_cond_broadcast(&ov->changed);
    bool writer_ok = !ov->done || ov->status == TZ_OK;
    pthread_mutex_unlock(&ov->lock);
    return writer_ok;
}

static void stop_writer(overlap *ov)
{
    pthread_mutex_lock(&ov->lock);
    ov->stop = true;
    pthread_cond_broadcast(&ov->changed);
    pthread_mutex_unlock(&ov->lock);
}

/* Until the writer ends, telling `waiting` about its progress every tenth of a second. */
static void wait_writer(overlap *ov)
{
    pthread_mutex_lock(&ov->lock);
    while (!ov->done) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&ov->changed, &ov->lock, &until);
        if (ov->done || !ov->st->waiting || !ov->began)
            continue;
        size_t i = ov->writing;
        int64_t rows = ov->rows;
        pthread_mutex_unlock(&ov->lock);
        ov->st->waiting(ov->st->ctx, i, rows);
        pthread_mutex_lock(&ov->lock);
    }
    pthread_mutex_unlock(&ov->lock);
}

/* Checks every sheet, handing each over as it passes, then confirms them all. */
static tz_status check_sheets(overlap *ov, tz_error *err)
{
    tz_status s = TZ_OK;
    bool writer_ok = true;
    for (size_t i = 0; s == TZ_OK && writer_ok && i < ov->st->n; i++) {
        s = ov->st->check(ov->st->ctx, i, err);
        writer_ok = s == TZ_OK && hand_over(ov, i); /* else the writer's failure is reported */
    }
    for (size_t i = 0; s == TZ_OK && writer_ok && ov->st->confirm && i < ov->st->n; i++)
        s = ov->st->confirm(ov->st->ctx, i, err);
    if (s != TZ_OK)
        stop_writer(ov);
    return s;
}

tz_status overlap_run(const overlap_stages *st, bool *started, tz_error *err)
{
    overlap ov = { .st = st };
    pthread_mutex_init(&ov.lock, NULL);
    pthread_cond_init(&ov.changed, NULL);
    pthread_t writer;
    bool threaded = start_writer(&ov, &writer);
    tz_status s = check_sheets(&ov, err);
    if (threaded) {
        wait_writer(&ov);
        pthread_join(writer, NULL);
    } else if (s == TZ_OK) {
        write_sheets(&ov); /* every sheet has passed: write them here, one after another */
    }
    *started = ov.began;
    if (s == TZ_OK && ov.status != TZ_OK) {
        s = ov.status;
        *err = ov.err;
    }
    pthread_cond_destroy(&ov.changed);
    pthread_mutex_destroy(&ov.lock);
    return s;
}
