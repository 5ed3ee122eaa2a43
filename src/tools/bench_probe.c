/* bench_probe — what `make bench` (src/tools/bench.sh) cannot measure precisely from the shell:
 *
 *   bench_probe exec FILE CMD [ARG...]  write "MONO_NS CPU_NS" to FILE, then exec CMD: the
 *                                       start of a process (CLOCK_MONOTONIC, and the CPU this
 *                                       process already used: the shell before it, this probe),
 *                                       with no fork and no shell after it
 *   bench_probe now                     CLOCK_MONOTONIC in ns (a start time for bench_saver)
 *   bench_probe cpu PID                 CPU time of PID so far (ns, user + system, all threads)
 *   bench_probe idle PID [PREV [MS]]    wait until PID has used CPU since PREV (ns; -1: any) and
 *                                       is waiting for its next key, then print "CPU_NS MONO_NS":
 *                                       its CPU time then and when it first went idle
 *
 * CPU time comes from /proc/PID/task/TID/schedstat, whose first field is nanoseconds on the CPU
 * (utime and stime in /proc/PID/stat count 10 ms ticks: far too coarse for one keystroke).
 * "Waiting for its next key" is what /proc/PID/syscall says: blocked reading the terminal, or
 * polling without a timeout (see waiting_for_key). */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Idle is believed once it holds, with no CPU used, for this many polls 1 ms apart: a key whose
 * handling blocks briefly in between (a disk read) is not cut short. */
#define SETTLE_POLLS 5

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { 0, (long)ms * 1000000L };
    nanosleep(&ts, NULL);
}

/* First line of a /proc file into buf; false if the process is gone. */
static bool read_proc(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool ok = fgets(buf, (int)cap, f) != NULL;
    fclose(f);
    return ok;
}

/* The sum over the process's threads (SQLite could start helper threads); -1 if it is gone. */
static int64_t cpu_ns(long pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/task", pid);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int64_t total = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char stat[320];
        snprintf(stat, sizeof stat, "/proc/%ld/task/%s/schedstat", pid, e->d_name);
        if (read_proc(stat, line, sizeof line))
            total += strtoll(line, NULL, 10);
    }
    closedir(d);
    return total;
}

/* /proc/PID/syscall: the number of the system call a process is blocked in, then its
 * arguments in hex. Waiting for a key is read(0, ...) (ncurses), or a poll with no timeout (the
 * key reader while the start-up check runs beside it also watches that check's pipe); a poll
 * with a timeout is ncurses waiting out ESCDELAY after an Esc, which is not idle yet. */
#if defined(__aarch64__) || defined(__riscv)
#define SYS_READ 63
#define SYS_POLL (-1) /* none: ppoll only */
#define SYS_PPOLL 73
#else /* x86-64 */
#define SYS_READ 0
#define SYS_POLL 7
#define SYS_PPOLL 271
#endif

static bool waiting_for_key(long pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/syscall", pid);
    if (!read_proc(path, line, sizeof line) || line[0] < '0' || line[0] > '9')
        return false; /* gone, or "running" */
    char *p = line;
    long nr = strtol(p, &p, 10);
    unsigned long long arg[4] = { 0 };
    for (int i = 0; i < 4; i++)
        arg[i] = strtoull(p, &p, 16);
    if (nr == SYS_READ)
        return arg[0] == 0;
    if (nr == SYS_POLL)
        return (arg[2] & 0xffffffffULL) == 0xffffffffULL; /* int timeout -1 */
    if (nr == SYS_PPOLL)
        return arg[2] == 0; /* no timespec */
    return false;
}

static int cmd_idle(long pid, int64_t prev, int timeout_ms)
{
    int64_t deadline = mono_ns() + (int64_t)timeout_ms * 1000000;
    int64_t last = -2, idle_since = 0;
    int stable = 0;
    while (mono_ns() < deadline) {
        int64_t cpu = cpu_ns(pid);
        if (cpu < 0) {
            fprintf(stderr, "bench_probe: process %ld is gone\n", pid);
            return 1;
        }
        bool idle = (prev < 0 || cpu != prev) && waiting_for_key(pid);
        if (idle && cpu == last) {
            if (++stable >= SETTLE_POLLS) {
                printf("%lld %lld\n", (long long)cpu, (long long)idle_since);
                return 0;
            }
        } else {
            stable = 0;
            idle_since = idle ? mono_ns() : 0;
        }
        last = idle ? cpu : -2;
        sleep_ms(1);
    }
    fprintf(stderr, "bench_probe: process %ld not idle after %d ms\n", pid, timeout_ms);
    return 1;
}

static int cmd_exec(const char *file, char **argv)
{
    FILE *f = fopen(file, "w");
    if (!f)
        return 1;
    fprintf(f, "%lld %lld\n", (long long)mono_ns(), (long long)cpu_ns((long)getpid()));
    fclose(f);
    execvp(argv[0], argv);
    perror(argv[0]);
    return 127;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "exec") == 0)
        return cmd_exec(argv[2], argv + 3);
    if (argc == 2 && strcmp(argv[1], "now") == 0) {
        printf("%lld\n", (long long)mono_ns());
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "cpu") == 0) {
        int64_t cpu = cpu_ns(atol(argv[2]));
        printf("%lld\n", (long long)cpu);
        return cpu < 0;
    }
    if (argc >= 3 && argc <= 5 && strcmp(argv[1], "idle") == 0)
        return cmd_idle(atol(argv[2]), argc > 3 ? strtoll(argv[3], NULL, 10) : -1,
                        argc > 4 ? atoi(argv[4]) : 60000);
    fprintf(stderr, "usage: bench_probe exec FILE CMD [ARG...] | now | cpu PID | idle PID [PREV [MS]]\n");
    return 2;
}
