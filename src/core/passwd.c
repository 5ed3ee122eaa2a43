/* passwd.c — password hashes with libcrypt's yescrypt: a new hash from crypt_gensalt_rn(NULL, …)
 * (the library's preferred method, yescrypt on Debian) and crypt_r; a password is verified by
 * hashing it again with the stored setting and comparing. Passwords are never kept. */
#include "taizhang/core.h"

#include <crypt.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

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

bool tz_password_hash_with(const char *password, const unsigned char *rbytes, size_t nrbytes,
                           char *out, size_t cap)
{
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn(NULL, 0, (const char *)rbytes, (int)nrbytes, setting, sizeof setting))
        return false;
    struct crypt_data data;
    memset(&data, 0, sizeof data);
    const char *hash = crypt_r(password, setting, &data);
    bool ok = hash && hash[0] != '*' && strlen(hash) < cap;
    if (ok)
        memcpy(out, hash, strlen(hash) + 1);
    explicit_bzero(&data, sizeof data);
    return ok;
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
    struct crypt_data data;
    memset(&data, 0, sizeof data);
    const char *hash = crypt_r(password, stored, &data);
    /* compare every byte, so the time taken does not tell how much matched */
    bool same = hash && strlen(hash) == strlen(stored);
    unsigned char diff = 0;
    for (size_t i = 0; same && stored[i]; i++)
        diff |= (unsigned char)(hash[i] ^ stored[i]);
    explicit_bzero(&data, sizeof data);
    return same && diff == 0;
}
