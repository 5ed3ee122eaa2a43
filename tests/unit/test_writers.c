/* test_writers — the writers' queue (src/db/writer.c) with several processes on one database:
 * a write holds its turn on DB-writer until it ends, a waiting writer gets its turn and saves,
 * a killed holder leaves no lock behind, a holder that never lets go makes the next writer give
 * up with the busy message instead of hanging, and a lock file that cannot be opened leaves
 * writes working without the queue. No assertion on time: only on what each writer gets.
 *
 * Each child process opens its own connection after the fork (SQLite forbids carrying one
 * across it) and ends with _exit, so the parent's fixtures and test runner are left alone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dbtest.h"
#include "taizhang/db.h"

/* A new database with a scratch table; its path in path. No connection is left open. */
static void scratch_db(char *path, size_t cap)
{
    tz_db *db = new_db(path, cap);
    exec_ok(db, "CREATE TABLE scratch (who TEXT NOT NULL)");
    db_close(db);
}

static tz_db *open_ok(const char *path)
{
    tz_db *db = NULL;
    tz_error err = { 0 };
    if (db_open(path, &db, &err) != TZ_OK)
        fail_msg("db_open: %s", err.msg);
    return db;
}

/* True when some connection holds its turn on path's lock file (probed without waiting). */
static bool turn_taken(const char *path)
{
    char name[160];
    snprintf(name, sizeof name, "%s-writer", path);
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    assert_true(fd >= 0);
    bool taken = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return taken;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

typedef enum { HOLDER_COMMITS, HOLDER_WAITS_TO_BE_KILLED } holder_end;

/* Forks a child that begins a write on path, inserts 'child', tells the parent through a pipe,
 * then commits after a short while or waits to be killed. Returns once the child holds the
 * write; *pid receives it. */
static void start_holder(const char *path, holder_end end, pid_t *pid)
{
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    *pid = fork();
    assert_true(*pid >= 0);
    if (*pid == 0) {
        close(ready[0]);
        tz_db *db = NULL;
        tz_error err = { 0 };
        if (db_open(path, &db, &err) != TZ_OK || db_begin_write(db, &err) != TZ_OK ||
            db_exec(db, "INSERT INTO scratch VALUES ('child')", &err) != TZ_OK)
            _exit(1);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        if (end == HOLDER_WAITS_TO_BE_KILLED)
            for (;;)
                pause();
        sleep_ms(200);
        _exit(db_commit(db, &err) == TZ_OK ? 0 : 1);
    }
    close(ready[1]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
}

static int exit_status_of(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        assert_int_equal(errno, EINTR);
    return status;
}

/* The parent's write: one row, in its own transaction. */
static tz_status write_parent_row(tz_db *db, tz_error *err)
{
    tz_status s = db_begin_write(db, err);
    if (s == TZ_OK)
        s = db_exec(db, "INSERT INTO scratch VALUES ('parent')", err);
    if (s == TZ_OK)
        s = db_commit(db, err);
    if (s != TZ_OK)
        db_rollback(db);
    return s;
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void test_turn_held_while_writing(void **state)
{
    (void)state;
    char path[128];
    scratch_db(path, sizeof path);
    tz_db *db = open_ok(path);
    tz_error err = { 0 };
    assert_false(turn_taken(path));
    assert_int_equal(db_begin_write(db, &err), TZ_OK);
    assert_true(turn_taken(path));
    assert_int_equal(db_commit(db, &err), TZ_OK);
    assert_false(turn_taken(path));
    assert_int_equal(db_begin_write(db, &err), TZ_OK);
    db_rollback(db);
    assert_false(turn_taken(path));
    db_close(db);
}

/* A writer that finds another mid-write waits for it and then saves; the queue's alarm is put
 * back as it was. */
static void test_waiter_saves_after_holder(void **state)
{
    (void)state;
    char path[128];
    scratch_db(path, sizeof path);
    pid_t child;
    start_holder(path, HOLDER_COMMITS, &child);
    tz_db *db = open_ok(path);
    tz_error err = { 0 };
    assert_int_equal(write_parent_row(db, &err), TZ_OK);
    assert_int_equal(exit_status_of(child), 0);
    assert_query_text(db, "SELECT group_concat(who, ',') FROM (SELECT who FROM scratch ORDER BY rowid)",
                      "child,parent");
    struct sigaction now;
    sigaction(SIGALRM, NULL, &now);
    assert_true(now.sa_handler == SIG_DFL);
    struct itimerval timer;
    getitimer(ITIMER_REAL, &timer);
    assert_int_equal(timer.it_value.tv_sec + timer.it_value.tv_usec, 0);
    db_close(db);
}

/* kill -9 in the middle of a write: the kernel drops the lock with the process; the next writer
 * is not kept waiting by it, and the killed write left nothing. */
static void test_killed_holder_leaves_no_lock(void **state)
{
    (void)state;
    char path[128];
    scratch_db(path, sizeof path);
    pid_t child;
    start_holder(path, HOLDER_WAITS_TO_BE_KILLED, &child);
    assert_true(turn_taken(path));
    kill(child, SIGKILL);
    assert_true(WIFSIGNALED(exit_status_of(child)));
    assert_false(turn_taken(path));
    tz_db *db = open_ok(path);
    tz_error err = { 0 };
    assert_int_equal(write_parent_row(db, &err), TZ_OK);
    assert_query_text(db, "SELECT group_concat(who, ',') FROM scratch", "parent");
    db_close(db);
}

/* A writer stuck mid-write (a stopped process, say) makes the next one give up after the busy
 * timeout with the busy message, not hang; once it is gone, writes go through. */
static void test_stuck_holder_means_busy(void **state)
{
    (void)state;
    char path[128];
    scratch_db(path, sizeof path);
    pid_t child;
    start_holder(path, HOLDER_WAITS_TO_BE_KILLED, &child);
    tz_db *db = open_ok(path);
    tz_error err = { 0 };
    assert_int_equal(write_parent_row(db, &err), TZ_ERR_BUSY);
    assert_string_equal(err.msg, tz_status_text(TZ_ERR_BUSY));
    kill(child, SIGKILL);
    exit_status_of(child);
    assert_int_equal(write_parent_row(db, &err), TZ_OK);
    db_close(db);
}

/* Something that is not a file stands where the lock file goes: writes go on without the
 * queue (SQLite's lock alone), and nothing is created through the link. */
static void test_no_lock_file_still_writes(void **state)
{
    (void)state;
    char path[128], name[160], target[160];
    scratch_db(path, sizeof path);
    snprintf(name, sizeof name, "%s-writer", path);
    snprintf(target, sizeof target, "%s-elsewhere", path);
    assert_int_equal(unlink(name), 0); /* made when the database was */
    assert_int_equal(symlink(target, name), 0);
    tz_db *db = open_ok(path);
    tz_error err = { 0 };
    assert_int_equal(write_parent_row(db, &err), TZ_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM scratch"), 1);
    assert_int_equal(access(target, F_OK), -1);
    db_close(db);
}

/* A clerk's taizhang that closes last checkpoints the log under an exclusive lock on the
 * database file; another starting at that moment must wait for it, not fail with "busy"
 * (it did: the first read of the file came before the busy timeout was set). The child takes
 * the lock SQLite's exclusive lock takes (fcntl, the pending, reserved and shared bytes at
 * 1 GiB) and lets go shortly after. */
static void test_open_waits_for_a_closing_clerk(void **state)
{
    (void)state;
    char path[128];
    scratch_db(path, sizeof path);
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        int fd = open(path, O_RDWR | O_CLOEXEC);
        struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0x40000000,
                            .l_len = 512 };
        if (fd < 0 || fcntl(fd, F_SETLK, &lk) != 0 || write(ready[1], "x", 1) != 1)
            _exit(1);
        sleep_ms(300);
        _exit(0); /* the lock goes with the process */
    }
    close(ready[1]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    tz_db *db = open_ok(path);
    assert_int_equal(query_int(db, "SELECT count(*) FROM scratch"), 0);
    db_close(db);
    assert_int_equal(exit_status_of(pid), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_turn_held_while_writing),
        cmocka_unit_test(test_waiter_saves_after_holder),
        cmocka_unit_test(test_killed_holder_leaves_no_lock),
        cmocka_unit_test(test_stuck_holder_means_busy),
        cmocka_unit_test(test_no_lock_file_still_writes),
        cmocka_unit_test(test_open_waits_for_a_closing_clerk),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
