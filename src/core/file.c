/* file.c — writing a whole file safely: to a temporary name in the same folder, flushed to
 * disk, then renamed over the target, so a failure never leaves half a file in place of a
 * good one; and whether a folder of definitions is as private as a configuration file. */
#include "taizhang/core.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static tz_status write_fail(tz_error *err, const char *path, int e)
{
    return tz_fail(err, TZ_ERR_IO, tz_L("无法写入 %s：%s", "cannot write %s: %s"), path, strerror(e));
}

bool tz_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

tz_status tz_write_file(const char *path, const char *data, size_t len, tz_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return write_fail(err, path, EISDIR);
    tz_sb tmp = { 0 };
    tz_sb_printf(&tmp, "%s.XXXXXX", path);
    if (tmp.failed)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    int fd = mkstemp(tmp.buf);
    if (fd < 0) {
        int e = errno;
        tz_sb_free(&tmp);
        return write_fail(err, path, e);
    }
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask); /* as a new file would be; private if this fails */
    bool ok = tz_write_all(fd, data, len) && fsync(fd) == 0;
    int e = errno;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp.buf, path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok)
        unlink(tmp.buf);
    tz_sb_free(&tmp);
    return ok ? TZ_OK : write_fail(err, path, e);
}

/* ---- trusted folders ------------------------------------------------------------------------ */

/* Nobody but owner (or root) can replace what path names: owned by one of them, not writable by
 * group or others — a folder that is, with the sticky bit (/tmp), only lets each remove their
 * own. */
static bool private_to(const struct stat *st, uid_t owner, bool may_be_sticky)
{
    if (st->st_uid != owner && st->st_uid != 0)
        return false;
    if (!(st->st_mode & (S_IWGRP | S_IWOTH)))
        return true;
    return may_be_sticky && S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX);
}

/* Every folder above dir, up to /, lets nobody else swap dir for another. */
static bool ancestors_private(const char *real, uid_t owner)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", real);
    for (char *slash = strrchr(path, '/'); slash; slash = strrchr(path, '/')) {
        if (slash == path)
            slash[1] = '\0';
        else
            *slash = '\0';
        struct stat st;
        if (stat(path, &st) != 0 || !private_to(&st, owner, true))
            return false;
        if (slash == path)
            break;
    }
    return true;
}

bool tz_dir_private_to(const char *dir, uid_t owner)
{
    char real[PATH_MAX];
    struct stat st;
    if (!realpath(dir, real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)
        || !private_to(&st, owner, false) || !ancestors_private(real, owner))
        return false;
    DIR *d = opendir(real);
    if (!d)
        return false;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        struct stat fs;
        ok = fstatat(dirfd(d), e->d_name, &fs, AT_SYMLINK_NOFOLLOW) == 0
             && (S_ISREG(fs.st_mode) || S_ISDIR(fs.st_mode)) && private_to(&fs, owner, false);
    }
    closedir(d);
    return ok;
}
