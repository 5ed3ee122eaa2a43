/* writer.c — the queue writers wait in before SQLite's write lock.
 *
 * Why: SQLite's busy handler sleeps with a growing backoff (up to 100 ms a try) while another
 * connection holds the write lock, so with many clerks saving at once a waiter sleeps on past
 * the moment the lock comes free and a newcomer takes it first: saves of a millisecond waited
 * seconds. So a connection first takes an exclusive flock(2) on a lock file beside the
 * database, "DB-writer", and holds it until its transaction ends. The kernel wakes a waiter the
 * moment the holder lets go, and drops the lock of a process that dies, however it dies.
 * SQLite's own lock and busy timeout stay as they were behind it, for writers that do not queue
 * here (the sqlite3 command line, an older taizhang).
 *
 * A separate file, because closing any other descriptor of the database file itself would
 * drop SQLite's POSIX locks on it. Where the lock file cannot be opened or locked (a folder
 * that is not ours, a file system without flock), writers go without the queue, as before. */
#include "db_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/time.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define WRITER_WAIT_MS 5000 /* as long as SQLite's busy timeout (db.c) */
#define WRITER_TICK_US 50000 /* how often a waiter looks at the clock */

void dbi_writer_open(tz_db *db, const char *path)
{
    db->writer_fd = -1;
    db->writer_held = false;
    if (db->readonly)
        return;
    char name[4096];
    if ((size_t)snprintf(name, sizeof name, "%s-writer", path) >= sizeof name)
        return;
    /* O_NOFOLLOW: in a shared folder, a link planted under this name must not make us create
     * or lock a file elsewhere. Read-only is enough for flock, when another clerk made it. */
    int flags = O_CLOEXEC | O_NOFOLLOW;
    struct stat st; /* as private as the database itself */
    mode_t mode = stat(path, &st) == 0 ? st.st_mode & 0666 : dbi_file_mode();
    db->writer_fd = open(name, O_RDWR | O_CREAT | flags, mode);
    if (db->writer_fd >= 0)
        (void)fchmod(db->writer_fd, mode); /* whatever the umask; refused unless it is ours */
    if (db->writer_fd < 0)
        db->writer_fd = open(name, O_RDONLY | flags);
}

void dbi_writer_close(tz_db *db)
{
    if (db->writer_fd >= 0)
        close(db->writer_fd);
    db->writer_fd = -1;
    db->writer_held = false;
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_tick(int sig)
{
    (void)sig;
}

/* Blocks in flock until the lock is ours (0) or WRITER_WAIT_MS have passed (-1, EINTR).
 * flock has no timeout: a repeating SIGALRM, caught without SA_RESTART, interrupts it so the
 * clock can be checked; the repeat covers a tick that lands just before flock starts to block.
 * The program's SIGALRM handler, mask and ITIMER_REAL are put back afterwards (taizhang is
 * single-threaded; the signal must reach this thread). */
static int wait_for_lock(int fd)
{
    struct sigaction tick = { .sa_handler = on_tick }, old_action;
    sigemptyset(&tick.sa_mask);
    sigset_t alarm_only, old_mask;
    sigemptyset(&alarm_only);
    sigaddset(&alarm_only, SIGALRM);
    const struct itimerval every = { { 0, WRITER_TICK_US }, { 0, WRITER_TICK_US } };
    struct itimerval old_timer;
    sigaction(SIGALRM, &tick, &old_action);
    sigprocmask(SIG_UNBLOCK, &alarm_only, &old_mask);
    setitimer(ITIMER_REAL, &every, &old_timer);
    int64_t deadline = monotonic_ms() + WRITER_WAIT_MS;
    int rc, saved;
    while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR && monotonic_ms() < deadline)
        ;
    saved = errno;
    setitimer(ITIMER_REAL, &old_timer, NULL);
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    sigaction(SIGALRM, &old_action, NULL);
    errno = saved;
    return rc;
}

bool dbi_writer_lock(tz_db *db)
{
    if (db->writer_fd < 0 || db->writer_held)
        return true;
    int rc = flock(db->writer_fd, LOCK_EX | LOCK_NB);
    if (rc != 0 && errno == EWOULDBLOCK)
        rc = wait_for_lock(db->writer_fd);
    if (rc == 0)
        db->writer_held = true;
    /* EINTR: the wait ran out. Anything else: no flock here; SQLite's lock alone decides. */
    return rc == 0 || errno != EINTR;
}

void dbi_writer_unlock(tz_db *db)
{
    if (db->writer_held) {
        flock(db->writer_fd, LOCK_UN);
        /* The kernel has woken the waiters, but they still have to be scheduled: a writer that
         * saves again at once would take the lock back before any of them runs, again and
         * again. Giving up the processor here hands the turn over (20 processes saving back to
         * back: p99 about 100 ms without, 30-45 ms with). */
        sched_yield();
    }
    db->writer_held = false;
}
