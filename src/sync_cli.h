/* sync_cli.h — the command line of the exchange between a county and its townships:
 * `taizhang replica create` and `taizhang sync export|import|status` (src/sync_cli.c). */
#ifndef TAIZHANG_SYNC_CLI_H
#define TAIZHANG_SYNC_CLI_H

#include "taizhang/db.h"

/* Signs in as `login` on a database with users (the password from the terminal or standard
 * input); returns 0 or the exit status. main.c lends its own. */
typedef int (*cli_sign_in_fn)(tz_db *db, const char *login);

/* argv[0] is the subcommand's name; the exit status as main.c's commands return it. */
int cli_replica(int argc, char **argv, cli_sign_in_fn sign_in);
int cli_sync(int argc, char **argv, cli_sign_in_fn sign_in);

#endif
