/* passwd.c — password hashes with libcrypt's yescrypt: a new hash from crypt_gensalt_rn(NULL, …)
 * (the library's preferred method, yescrypt on Debian) and crypt_r; a password is verified by
 * hashing it again with the stored setting and comparing. Passwords are never kept.
 *
 * yescrypt takes 16 MiB by design, more than the rest of taizhang, even an export, at its peak.
 * So when the program names the helper (tz_password_use_helper), the hashing runs there, in a
 * small process of its own (src/crypt_main.c), and its memory is given back when it exits.
 * When the helper cannot be run or gives no answer, the hash is computed here as before: a
 * sign-in never fails for want of the helper, it only costs the memory. */
#include "taizhang/core.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TZ_CRYPT_REQUEST_MAX 4096 /* setting, password and their NULs; fits in any pipe's buffer */

static const char *helper; /* taizhang-crypt, borrowed; NULL: hash in this process */

void tz_password_use_helper(const char *path)
{
    helper = path;
}

/* Random bytes for a salt from the kernel; false if there are none to be had. */
static bool random_bytes(unsigned char *out, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, out + got, n - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    return got == n;
}

/* ---- hashing in the helper ------------------------------------------------------------------ */

/* The helper's answer from fd into out: the hash and a newline, nothing else. */
static bool read_answer(int fd, char *out, size_t cap)
{
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, out + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
        if (n == cap)
            return false;
    }
    if (n < 2 || out[n - 1] != '\n' || out[0] == '*' || memchr(out, '\0', n))
        return false;
    out[n - 1] = '\0';
    return true;
}

/* pipe2(O_CLOEXEC) is a GNU extension; taizhang runs no threads that could fork in between. */
static bool cloexec_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        return false;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return true;
}

static void reap(pid_t pid)
{
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Forks and execs the helper with the request already waiting in the pipe of its standard input
 * (written whole before the fork: no SIGPIPE, no deadlock), then reads the answer to the end
 * and reaps the child. */
static bool crypt_in_helper(const char *req, size_t len, char *out, size_t cap)
{
    int in[2], ans[2];
    if (!cloexec_pipe(in))
        return false;
    bool ok = false;
    if (write(in[1], req, len) == (ssize_t)len && cloexec_pipe(ans)) {
        close(in[1]);
        in[1] = -1;
        char *const argv[] = { (char *)helper, NULL };
        pid_t pid = fork();
        if (pid == 0) { /* only async-signal-safe calls until exec */
            if (dup2(in[0], STDIN_FILENO) >= 0 && dup2(ans[1], STDOUT_FILENO) >= 0)
                execv(helper, argv);
            _exit(127);
        }
        close(ans[1]);
        ok = pid > 0 && read_answer(ans[0], out, cap);
        close(ans[0]);
        if (pid > 0)
            reap(pid);
    }
    close(in[0]);
    if (in[1] >= 0)
        close(in[1]);
    return ok;
}

/* ---- hashing -------------------------------------------------------------------------------- */

static bool crypt_here(const char *password, const char *setting, char *out, size_t cap)
{
    struct crypt_data data;
    memset(&data, 0, sizeof data);
    const char *hash = crypt_r(password, setting, &data);
    bool ok = hash && hash[0] != '*' && strlen(hash) < cap;
    if (ok)
        memcpy(out, hash, strlen(hash) + 1);
    explicit_bzero(&data, sizeof data);
    return ok;
}

/* crypt(password, setting) into out: in the helper when there is one, else (or when it fails)
 * here. */
static bool crypt_password(const char *password, const char *setting, char *out, size_t cap)
{
    size_t slen = strlen(setting), plen = strlen(password);
    char req[TZ_CRYPT_REQUEST_MAX];
    bool done = false;
    if (helper && slen + plen + 2 <= sizeof req) {
        memcpy(req, setting, slen + 1);
        memcpy(req + slen + 1, password, plen + 1);
        done = crypt_in_helper(req, slen + plen + 2, out, cap);
        explicit_bzero(req, sizeof req);
    }
    return done || crypt_here(password, setting, out, cap);
}

bool tz_password_hash_with(const char *password, const unsigned char *rbytes, size_t nrbytes,
                           char *out, size_t cap)
{
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn(NULL, 0, (const char *)rbytes, (int)nrbytes, setting, sizeof setting))
        return false;
    return crypt_password(password, setting, out, cap);
}

bool tz_password_hash(const char *password, char *out, size_t cap)
{
    unsigned char salt[32];
    bool ok = random_bytes(salt, sizeof salt) && tz_password_hash_with(password, salt, sizeof salt, out, cap);
    explicit_bzero(salt, sizeof salt);
    return ok;
}

bool tz_password_verify(const char *password, const char *stored)
{
    if (!stored || !*stored || stored[0] == '*')
        return false;
    char hash[CRYPT_OUTPUT_SIZE];
    bool same = crypt_password(password, stored, hash, sizeof hash) &&
                strlen(hash) == strlen(stored);
    /* compare every byte, so the time taken does not tell how much matched */
    unsigned char diff = 0;
    for (size_t i = 0; same && stored[i]; i++)
        diff |= (unsigned char)(hash[i] ^ stored[i]);
    explicit_bzero(hash, sizeof hash);
    return same && diff == 0;
}
