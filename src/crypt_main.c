/* taizhang-crypt — hashes one password for taizhang, in a process of its own. yescrypt needs
 * 16 MiB by design; run here, that memory never adds to the peak of the clerk's taizhang or of
 * an export. src/core/passwd.c runs it with the request on standard input,
 *
 *     SETTING NUL PASSWORD NUL        (at most TZ_CRYPT_REQUEST_MAX bytes in all)
 *
 * and reads the hash and a newline from standard output. Exit 0 when it wrote a hash, else 1.
 * It links libcrypt alone, so that the process is not much bigger than the hash's memory. */
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TZ_CRYPT_REQUEST_MAX 4096 /* the same as in src/core/passwd.c */

/* Reads all of standard input into req; its length, or -1 if it is too long or unreadable. */
static ssize_t read_request(char *req, size_t cap)
{
    size_t n = 0;
    for (;;) {
        ssize_t r = read(STDIN_FILENO, req + n, cap - n);
        if (r == 0)
            return (ssize_t)n;
        if (r < 0 && errno != EINTR)
            return -1;
        if (r > 0)
            n += (size_t)r;
        if (n == cap)
            return -1;
    }
}

int main(void)
{
    static char req[TZ_CRYPT_REQUEST_MAX + 1];
    static struct crypt_data data;
    ssize_t n = read_request(req, sizeof req);
    /* the setting and the password, each ending in the NUL the request must hold */
    const char *end = n > 0 ? memchr(req, '\0', (size_t)n) : NULL;
    const char *password = end ? end + 1 : NULL;
    if (!password || !memchr(password, '\0', (size_t)(req + n - password)))
        return 1;
    const char *hash = crypt_r(password, req, &data);
    int ok = hash && hash[0] != '*' && printf("%s\n", hash) > 0 && fflush(stdout) == 0;
    explicit_bzero(req, sizeof req);
    explicit_bzero(&data, sizeof data);
    return ok ? 0 : 1;
}
