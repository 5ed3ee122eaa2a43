/* file.c — writing a whole file safely: to a temporary name in the same folder, flushed to
 * disk, then renamed over the target, so a failure never leaves half a file in place of a
 * good one (a device or a FIFO is written as it is); and whether a folder of definitions is as
 * private as a configuration file. */
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
    return tz_fail(err, TZ_ERR_IO, tz_L("无法写入 %s：%s", "cannot write %s: %s"), path, tz_errno_text(e));
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

/* ---- output files ---------------------------------------------------------------------------
 * A regular file is written beside itself under a temporary name and renamed over the old one
 * when complete, the new one taking the old one's mode and owner (0600 when there was none:
 * reports hold ID numbers). Anything else that exists — /dev/null, a FIFO, a terminal — is
 * written as it is, through a private temporary file, so that it keeps its type. A symbolic
 * link is followed: the file it names is replaced, the link stays. */

static void outfile_clear(tz_outfile *o)
{
    free(o->target);
    free(o->tmp);
    *o = (tz_outfile){ .fd = -1 };
}

/* A private temporary file: beside dir_of (a path in the same folder), or in $TMPDIR. */
static int make_temp(const char *dir_of, char **out)
{
    tz_sb sb = { 0 };
    if (dir_of) {
        tz_sb_printf(&sb, "%s.XXXXXX", dir_of);
    } else {
        const char *t = getenv("TMPDIR");
        tz_sb_printf(&sb, "%s/taizhang-out.XXXXXX", t && *t ? t : "/tmp");
    }
    if (sb.failed) {
        tz_sb_free(&sb);
        errno = ENOMEM;
        return -1;
    }
    int fd = mkstemp(sb.buf); /* 0600 */
    if (fd < 0) {
        int e = errno;
        tz_sb_free(&sb);
        errno = e;
        return -1;
    }
    *out = tz_sb_take(&sb);
    return fd;
}

tz_status tz_outfile_open(tz_outfile *o, const char *path, tz_error *err)
{
    *o = (tz_outfile){ .fd = -1 };
    char real[PATH_MAX];
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return write_fail(err, path, EISDIR);
    o->target = tz_strdup(exists && realpath(path, real) ? real : path);
    if (!o->target)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    o->direct = exists && !S_ISREG(st.st_mode);
    o->replaces = exists && S_ISREG(st.st_mode);
    o->old_mode = st.st_mode & 07777;
    o->old_uid = st.st_uid;
    o->old_gid = st.st_gid;
    o->fd = make_temp(o->direct ? NULL : o->target, &o->tmp);
    if (o->fd < 0) {
        int e = errno;
        outfile_clear(o);
        return write_fail(err, path, e);
    }
    return TZ_OK;
}

/* Copies the finished temporary file into the target as it is (a device, a FIFO). */
static bool copy_into(int from, const char *target)
{
    int to = open(target, O_WRONLY | O_CLOEXEC);
    if (to < 0)
        return false;
    char buf[65536];
    ssize_t n = 0;
    bool ok = lseek(from, 0, SEEK_SET) == 0;
    while (ok && ((n = read(from, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)))
        ok = n < 0 || tz_write_all(to, buf, (size_t)n);
    ok = ok && n == 0;
    int e = errno;
    ok = close(to) == 0 && ok;
    errno = e;
    return ok;
}

/* The new file as the old one was: mode and owner (the owner only where we may set it). */
static void keep_old_mode(const tz_outfile *o)
{
    if (!o->replaces)
        return;
    (void)fchown(o->fd, o->old_uid, o->old_gid); /* allowed to root and to the owner */
    (void)fchmod(o->fd, o->old_mode);
}

tz_status tz_outfile_finish(tz_outfile *o, bool keep, tz_error *err)
{
    bool ok = keep;
    int e = 0;
    if (ok && o->direct) {
        ok = copy_into(o->fd, o->target);
    } else if (ok) {
        keep_old_mode(o);
        ok = fsync(o->fd) == 0;
    }
    e = errno;
    ok = close(o->fd) == 0 && ok;
    if (ok && !o->direct && rename(o->tmp, o->target) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok || o->direct)
        unlink(o->tmp);
    tz_status s = ok || !keep ? TZ_OK : write_fail(err, o->target, e);
    outfile_clear(o);
    return s;
}

tz_status tz_write_file(const char *path, const char *data, size_t len, tz_error *err)
{
    tz_outfile o;
    tz_status s = tz_outfile_open(&o, path, err);
    if (s != TZ_OK)
        return s;
    if (!tz_write_all(o.fd, data, len)) {
        int e = errno;
        tz_outfile_finish(&o, false, err);
        return write_fail(err, path, e);
    }
    return tz_outfile_finish(&o, true, err);
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
