/* cli.h — what the subcommands of main.c and report_cli.c share: the usage message, the form
 * files, opening and signing in to the database. Exit codes as main.c says. */
#ifndef TAIZHANG_CLI_H
#define TAIZHANG_CLI_H

#include "taizhang/db.h"
#include "taizhang/spec.h"

/* "taizhang: " fmt (with arg) and the hint to --help on stderr; returns 2. */
int cli_usage_error(const char *fmt, const char *arg);
/* Problems as FILE:LINE: message, one a line, on stdout. */
void cli_print_problems(const tz_problems *probs);
/* The forms of dir, or the built-in ones when dir is NULL; false (said on stderr) when broken. */
bool cli_load_forms(const char *dir, tz_formset *set);
/* Opens the database at path; returns 0 or the exit status (said on stderr). */
int cli_open_db(const char *path, tz_db **db);
/* Takes up a setgid binary's group when the database at path lies in the group's folder (README,
 * *Running it for a whole county*); true when it did: give it back with tz_privs_lower. */
bool cli_raise_for(const char *db_path);
/* Whether forms from a folder are trusted for the database at db_path: asked before they are
 * read. cli_trust_forms tells the open database, which then admits only an administrator. */
bool cli_forms_trusted(const char *db_path, const char *forms_dir);
void cli_trust_forms(tz_db *db, bool trusted);
/* The value after the option argv[*i], moving *i onto it; NULL (said on stderr) when none. */
const char *cli_option_value(int argc, char **argv, int *i);
/* Signs in as login on a database with users; returns 0 or the exit status. */
int cli_sign_in(tz_db *db, const char *login);
/* A new administrator's password into buf (cap: TZ_MAX_PASSWORD * 4 + 2): asked twice at a
 * terminal, one line from standard input otherwise; false (said on stderr) when none fits. */
bool cli_new_admin_password(const char *login, char *buf, size_t cap);

/* src/report_cli.c; argv[0] is the subcommand's name */
int cli_export(int argc, char **argv);
int cli_print(int argc, char **argv);

#endif
