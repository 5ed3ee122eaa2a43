/* saver — a clerk that only saves: opens DB, saves COUNT people through the db layer's real
 * save path (one BEGIN IMMEDIATE transaction each, WAL, synchronous=FULL, busy timeout), and
 * prints "saved ID NAME" after each commit returns. Used by the crash test (kill -9 at random
 * moments: every printed save must survive) and the concurrency test (many at once: no errors).
 *
 *   saver DB COUNT TAG     exit 0 if every save succeeded, 1 at the first failure */
#include "taizhang/db.h"

#include <stdio.h>
#include <stdlib.h>

static const char person_form[] =
    "[form p]\ntitle = 人员\ntable = people\ndisplay = name\n"
    "[field name]\nlabel = 姓名\ntype = text\nrequired = yes\npinyin = name_py\n"
    "[field unit_id]\nlabel = 单位\ntype = lookup\nlookup = p\nrequired = yes\n"
    "[field post]\nlabel = 职务\ntype = text\n"
    "[list]\ncolumns = name\n";

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: saver DB COUNT TAG\n");
        return 2;
    }
    int count = atoi(argv[2]);
    tz_formset set = { 0 };
    tz_problems probs = { 0 };
    tz_error err = { 0 };
    tz_db *db = NULL;
    if (tz_spec_parse(&set, "saver", person_form, &probs) != TZ_OK ||
        db_open(argv[1], &db, &err) != TZ_OK) {
        fprintf(stderr, "saver: %s\n", err.msg[0] ? err.msg : "form");
        tz_problems_free(&probs);
        tz_formset_free(&set);
        return 1;
    }
    /* a database with users (sample.db): save as its administrator, or as TZ_SAVER_LOGIN */
    const char *login = getenv("TZ_SAVER_LOGIN"), *password = getenv("TZ_SAVER_PASSWORD");
    if (db_has_users(db) && db_sign_in(db, login ? login : "admin", password ? password : "Admin-2026",
                                       &err) != TZ_OK) {
        fprintf(stderr, "saver: %s\n", err.msg);
        db_close(db);
        tz_formset_free(&set);
        return 1;
    }
    const tz_form *form = tz_spec_form(&set, "p");
    int status = 0;
    for (int i = 0; i < count; i++) {
        char name[64];
        snprintf(name, sizeof name, "压测%s号%d", argv[3], i);
        char *values[] = { name, "1", "测试" };
        int64_t id = 0;
        if (db_record_save(db, form, &id, values, &err) != TZ_OK) {
            fprintf(stderr, "saver %s: save %d: %s\n", argv[3], i, err.msg);
            status = 1;
            break;
        }
        printf("saved %lld %s\n", (long long)id, name);
        fflush(stdout); /* acknowledged: from here the save must survive anything */
    }
    db_close(db);
    tz_formset_free(&set);
    return status;
}
