/* privs.c — a setgid run (make install-server): the binary belongs to the group that alone may
 * read the server's database folder. The group's rights are kept aside from the start and
 * taken up only around opening a database in that group's folder (main.c); everything else —
 * exports, print files, backups, the password helper — is done with the clerk's own ids. */
#include "taizhang/core.h"

#include <unistd.h>

static gid_t kept = (gid_t)-1; /* the group a setgid binary runs with; -1: not setgid */

void tz_privs_init(void)
{
    if (getegid() == getgid())
        return;
    kept = getegid();      /* stays the saved set-group-ID, so it can be taken up again */
    (void)setegid(getgid());
}

bool tz_privs_setgid(void)
{
    return kept != (gid_t)-1;
}

gid_t tz_privs_group(void)
{
    return kept;
}

bool tz_privs_raise(void)
{
    return tz_privs_setgid() && setegid(kept) == 0;
}

void tz_privs_lower(void)
{
    if (tz_privs_setgid())
        (void)setegid(getgid());
}
