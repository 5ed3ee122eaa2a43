/* bench_saver — one clerk saving as fast as it can, for the concurrency section of `make bench`:
 *
 *   bench_saver DB COUNT TAG START_NS [PAUSE_MS]
 *
 * Opens DB through the db layer (WAL, synchronous=FULL, 5 s busy timeout, as the UI does), signs
 * in when the database has accounts ($BENCH_LOGIN / $BENCH_PASSWORD, by default sample.db's and
 * the national database's admin, Admin-2026), loads the built-in people form and saves twice (a new person, a change): the first save on a fresh
 * connection prepares its statements, which is reported apart ("cold MICROSECONDS"). Then it
 * waits until CLOCK_MONOTONIC reaches START_NS, so that every saver starts at once, and saves
 * COUNT times: a new person, then a change to that person through the checked save the form
 * uses (db_record_save_checked), and so on; with PAUSE_MS, it pauses a random 0 to 2×PAUSE_MS
 * between saves (a clerk's pace), else it saves back to back (the worst case). Prints one line per save, "save MICROSECONDS" or
 * "error MESSAGE", and finally "sync N" with the connection's synchronous setting (2 = FULL).
 * Afterwards, untimed, it deletes the people it created, so a generated database stays as
 * generated. Exit 0 when no save failed. */
#include "taizhang/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* build/gen/builtin_forms.c: the forms compiled into taizhang. */
extern const tz_embedded tz_builtin_forms[];
extern const size_t tz_builtin_forms_count;

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void wait_until(int64_t start)
{
    int64_t now;
    while ((now = mono_ns()) < start) {
        int64_t left = start - now;
        struct timespec ts = { (time_t)(left / 1000000000), (long)(left % 1000000000) };
        nanosleep(&ts, NULL);
    }
}

/* The values of a person as the form's fields want them (NULL for the rest); borrowed texts. */
static void person_values(const tz_form *form, const char *name, const char *post, char **v)
{
    for (size_t i = 0; i < form->nfields; i++)
        v[i] = NULL;
    static char unit[] = "1", gender[] = "female";
    const struct { const char *column; const char *value; } set[] = {
        { "name", name }, { "unit_id", unit }, { "gender", gender }, { "post", post },
    };
    for (size_t k = 0; k < sizeof set / sizeof set[0]; k++) {
        int i = tz_form_field_index(form, set[k].column);
        if (i >= 0)
            v[i] = (char *)set[k].value;
    }
}

/* Save number i: even ones add a person (*id receives it), odd ones change that person.
 * *took receives the time of the save call alone, not of the load before a change. */
static tz_status save_one(tz_db *db, const tz_form *form, const char *tag, int i, int64_t *id,
                          char **values, int64_t *took, tz_error *err)
{
    char name[64], post[64];
    snprintf(name, sizeof name, "压测%s号%d", tag, i / 2);
    snprintf(post, sizeof post, i % 2 ? "改过%d次" : "新建", i);
    person_values(form, name, post, values);
    int64_t t0 = mono_ns();
    if (i % 2 == 0) {
        *id = 0;
        tz_status s = db_record_save(db, form, id, values, err);
        *took = mono_ns() - t0;
        return s;
    }
    tz_row loaded = { 0 };
    tz_status s = db_record_load(db, form, *id, &loaded, err);
    if (s == TZ_OK) {
        t0 = mono_ns();
        s = db_record_save_checked(db, form, *id, values, &loaded, NULL, err);
        *took = mono_ns() - t0;
    }
    tz_row_free(&loaded);
    return s;
}

static int sync_setting(tz_db *db)
{
    tz_stmt *st = NULL;
    tz_error err = { 0 };
    bool row = false;
    int v = -1;
    if (db_prepare(db, "PRAGMA synchronous", &st, &err) == TZ_OK &&
        db_step(st, &row, &err) == TZ_OK && row)
        v = (int)db_column_int(st, 0);
    db_finalize(st);
    return v;
}

static void delete_created(tz_db *db, const tz_form *form, const int64_t *ids, int n)
{
    tz_error err = { 0 };
    for (int i = 0; i < n; i++)
        if (ids[i] > 0)
            db_record_delete(db, form, ids[i], &err);
}

/* A clerk between two saves: 0 to 2×pause_ms, from a PRNG seeded by the tag (reproducible). */
static void pause_between(int pause_ms, unsigned *seed)
{
    if (pause_ms <= 0)
        return;
    *seed = *seed * 1103515245u + 12345u;
    int64_t ns = (int64_t)((*seed >> 8) % (unsigned)(2 * pause_ms + 1)) * 1000000;
    wait_until(mono_ns() + ns);
}

static int run(tz_db *db, const tz_form *form, int count, const char *tag, int64_t start,
               int pause_ms)
{
    unsigned seed = 0;
    for (const char *p = tag; *p; p++)
        seed = seed * 31u + (unsigned char)*p;
    char **values = calloc(form->nfields, sizeof *values);
    int64_t *created = calloc((size_t)count / 2 + 2, sizeof *created);
    if (!values || !created)
        return 1;
    int failed = 0, n = 0;
    int64_t id = 0;
    for (int i = -2; i < count; i++) {
        if (i == 0)
            wait_until(start);
        else if (i > 0)
            pause_between(pause_ms, &seed);
        tz_error err = { 0 };
        int64_t took = 0;
        tz_status s = save_one(db, form, tag, i + 2, &id, values, &took, &err);
        if (s != TZ_OK) {
            printf("error %s\n", err.msg);
            failed++;
            continue;
        }
        if (i % 2 == 0)
            created[n++] = id;
        if (i >= 0 || i == -2)
            printf("%s %lld\n", i >= 0 ? "save" : "cold", (long long)(took / 1000));
    }
    printf("sync %d\n", sync_setting(db));
    fflush(stdout);
    delete_created(db, form, created, n);
    free(values);
    free(created);
    return failed ? 1 : 0;
}

static bool sign_in(tz_db *db, tz_error *err)
{
    const char *login = getenv("BENCH_LOGIN"), *password = getenv("BENCH_PASSWORD");
    return !db_has_users(db) ||
           db_sign_in(db, login ? login : "admin", password ? password : "Admin-2026", err) == TZ_OK;
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: bench_saver DB COUNT TAG START_NS [PAUSE_MS]\n");
        return 2;
    }
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    tz_error err = { 0 };
    tz_db *db = NULL;
    const tz_form *form = NULL;
    if (tz_spec_load(&set, tz_builtin_forms, tz_builtin_forms_count, NULL, &probs) == TZ_OK)
        form = tz_spec_form(&set, "people");
    int rc = 1;
    if (!form)
        fprintf(stderr, "bench_saver: the built-in people form does not load\n");
    else if (db_open(argv[1], &db, &err) != TZ_OK || !sign_in(db, &err))
        fprintf(stderr, "bench_saver: %s\n", err.msg);
    else
        rc = run(db, form, atoi(argv[2]), argv[3], strtoll(argv[4], NULL, 10),
                 argc == 6 ? atoi(argv[5]) : 0);
    db_close(db);
    tz_problems_free(&probs);
    tz_formset_free(&set);
    return rc;
}
