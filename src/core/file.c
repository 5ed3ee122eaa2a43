/* file.c — writing a whole file safely: to a temporary name in the same folder, flushed to
 * disk, then renamed over the target, so a failure never leaves half a file in place of a
 * good one. */
#include "taizhang/core.h"

#include <errno.h>
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
