/* ledgers.c — what the declarations of table_access (migrations 016, 019, 020) make: each audited
 * table's three audit triggers; each ledger's <table>_scope view, its scope_key column with the
 * triggers that keep it and the indexes (scope_key, COLUMN) of its scope_order; each exchanged
 * table's <table>_id_block trigger and, for a shared one, the <table>_shared_* triggers that keep
 * it the upper end's in a replica; and those of phone_columns (migration 027): each phone
 * column's two triggers holding the phone-number rule. The SQL of each is written here
 * from the declaration and the table's columns as they are now; an object that is missing, or
 * whose stored SQL differs (a column was added since), is made again. Opening a writable
 * database does that after the migrations; `taizhang check` reports what is still missing. */
#include "taizhang/db.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *kind; /* "view", "column" (scope_key), "trigger" or "index" */
    char *name;       /* owned */
    char *sql;        /* owned; NULL when the declaration cannot give it (why: problem) */
    char *problem;    /* owned; what is wrong with the declaration, or NULL */
} generated;

typedef struct {
    generated *items; /* owned */
    size_t n, cap;
} generated_set;

static void set_free(generated_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->items[i].name);
        free(set->items[i].sql);
        free(set->items[i].problem);
    }
    free(set->items);
    *set = (generated_set){ 0 };
}

static bool set_add(generated_set *set, const char *kind, tz_sb *name, tz_sb *sql, const char *problem)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 32;
        generated *items = realloc(set->items, cap * sizeof *items);
        if (!items)
            return false;
        set->items = items;
        set->cap = cap;
    }
    set->items[set->n++] = (generated){
        .kind = kind,
        .name = tz_sb_take(name),
        .sql = problem ? NULL : tz_sb_take(sql),
        .problem = problem ? tz_strdup(problem) : NULL,
    };
    return true;
}

/* ---- the columns of a table ------------------------------------------------------------------- */

typedef struct {
    char **names; /* owned, each owned */
    size_t n;
    bool has_id;
} column_list;

static void columns_free(column_list *cols)
{
    for (size_t i = 0; i < cols->n; i++)
        free(cols->names[i]);
    free(cols->names);
    *cols = (column_list){ 0 };
}

/* The table's columns but those of the comma list `left_out` (may be NULL). */
static tz_status read_columns(tz_db *db, const char *table, const char *left_out, column_list *cols,
                              tz_error *err)
{
    *cols = (column_list){ 0 };
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT name FROM pragma_table_info(?1)"
                                  " WHERE instr(',' || replace(coalesce(?2, ''), ' ', '') || ',',"
                                  "             ',' || name || ',') = 0 ORDER BY cid", &st, err);
    if (s != TZ_OK)
        return s;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, left_out, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char **names = realloc(cols->names, (cols->n + 1) * sizeof *names);
        char *name = tz_strdup((const char *)sqlite3_column_text(st, 0));
        if (!names || !name) {
            free(name);
            if (names)
                cols->names = names;
            dbi_release(st);
            columns_free(cols);
            return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
        }
        cols->names = names;
        cols->names[cols->n++] = name;
        if (strcmp(name, "id") == 0)
            cols->has_id = true;
    }
    dbi_release(st);
    return TZ_OK;
}

/* ---- the audit triggers (the design of migration 007) ----------------------------------------- */

/* json_object('id', NEW.id, 'name', NEW.name, …) */
static void json_of_row(tz_sb *sql, const column_list *cols, const char *which)
{
    tz_sb_append(sql, "json_object(");
    for (size_t i = 0; i < cols->n; i++)
        tz_sb_printf(sql, "%s'%s', %s.%s", i ? ",\n                " : "", cols->names[i], which,
                     cols->names[i]);
    tz_sb_append(sql, ")");
}

static const char audit_who[] = "(SELECT login FROM audit_actor WHERE id = 1)";

static void audit_insert_sql(tz_sb *sql, const char *table, const column_list *cols)
{
    tz_sb_printf(sql, "CREATE TRIGGER %s_audit_insert AFTER INSERT ON %s\nBEGIN\n"
                      "    INSERT INTO audit_log (login, tbl, row_id, action, new_values)\n"
                      "    VALUES (%s, '%s', NEW.id, 'insert',\n            ",
                 table, table, audit_who, table);
    json_of_row(sql, cols, "NEW");
    tz_sb_append(sql, ");\nEND");
}

/* Only when some column changed: saving an unchanged form writes nothing. */
static void audit_update_sql(tz_sb *sql, const char *table, const column_list *cols)
{
    tz_sb_printf(sql, "CREATE TRIGGER %s_audit_update AFTER UPDATE ON %s\nWHEN ", table, table);
    for (size_t i = 0; i < cols->n; i++)
        tz_sb_printf(sql, "%sOLD.%s IS NOT NEW.%s", i ? " OR\n     " : "", cols->names[i],
                     cols->names[i]);
    tz_sb_printf(sql, "\nBEGIN\n"
                      "    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)\n"
                      "    VALUES (%s, '%s', NEW.id, 'update',\n            ",
                 audit_who, table);
    json_of_row(sql, cols, "OLD");
    tz_sb_append(sql, ",\n            ");
    json_of_row(sql, cols, "NEW");
    tz_sb_append(sql, ");\nEND");
}

static void audit_delete_sql(tz_sb *sql, const char *table, const column_list *cols)
{
    tz_sb_printf(sql, "CREATE TRIGGER %s_audit_delete AFTER DELETE ON %s\nBEGIN\n"
                      "    INSERT INTO audit_log (login, tbl, row_id, action, old_values)\n"
                      "    VALUES (%s, '%s', OLD.id, 'delete',\n            ",
                 table, table, audit_who, table);
    json_of_row(sql, cols, "OLD");
    tz_sb_append(sql, ");\nEND");
}

static bool add_audit(generated_set *set, const char *table, const column_list *cols)
{
    static const char *const actions[] = { "insert", "update", "delete" };
    static void (*const makers[])(tz_sb *, const char *, const column_list *) = {
        audit_insert_sql, audit_update_sql, audit_delete_sql,
    };
    const char *problem = cols->n == 0   ? tz_L("表不存在", "the table does not exist")
                          : !cols->has_id ? tz_L("记录修改的表须有 id 列", "an audited table needs an id column")
                                          : NULL;
    for (size_t i = 0; i < 3; i++) {
        tz_sb name = { 0 }, sql = { 0 };
        tz_sb_printf(&name, "%s_audit_%s", table, actions[i]);
        if (!problem)
            makers[i](&sql, table, cols);
        bool ok = set_add(set, "trigger", &name, &sql, problem);
        tz_sb_free(&name);
        tz_sb_free(&sql);
        if (!ok)
            return false;
    }
    return true;
}

/* ---- the scope view: the township of each row (access.c) -------------------------------------- */

/* A word of the scope text: letters, digits and '_' only, as it ends up in SQL. */
static bool take_word(const char **p, char *out, size_t cap)
{
    while (**p == ' ')
        (*p)++;
    size_t n = 0;
    while (**p && **p != ' ') {
        char c = **p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok || n + 1 >= cap)
            return false;
        out[n++] = c;
        (*p)++;
    }
    out[n] = '\0';
    return n > 0;
}

/* `unit COL`, `row COL TABLE`, `township COL` or `sql EXPR` (migration 016); false when the
 * text is none of them. The view gives each row's township and its scope key (019). */
static bool scope_view_sql(tz_sb *sql, const char *table, const char *scope)
{
    char kind[16], col[64], parent[64];
    const char *p = scope;
    if (!take_word(&p, kind, sizeof kind))
        return false;
    tz_sb_printf(sql, "CREATE VIEW %s_scope AS\n", table);
    if (strcmp(kind, "sql") == 0) {
        while (*p == ' ')
            p++;
        if (!*p)
            return false;
        tz_sb_printf(sql, "SELECT t.id, (%s) AS township_id, (%s) AS scope_key FROM %s t", p, p, table);
        return true;
    }
    if (!take_word(&p, col, sizeof col))
        return false;
    if (strcmp(kind, "unit") == 0 && !*p)
        tz_sb_printf(sql, "SELECT t.id, ut.township_id, uk.scope_key FROM %s t\n"
                          "  JOIN unit_townships ut ON ut.unit_id = t.%s\n"
                          "  JOIN unit_scope_keys uk ON uk.unit_id = t.%s", table, col, col);
    else if (strcmp(kind, "township") == 0 && !*p)
        tz_sb_printf(sql, "SELECT t.id, t.%s AS township_id, t.%s AS scope_key FROM %s t", col, col, table);
    else if (strcmp(kind, "row") == 0 && take_word(&p, parent, sizeof parent) && !*p)
        tz_sb_printf(sql, "SELECT t.id, p.township_id, p.scope_key FROM %s t\n"
                          "  JOIN %s_scope p ON p.id = t.%s", table, parent, col);
    else
        return false;
    return true;
}

static bool add_scope(generated_set *set, const char *table, const char *scope, const column_list *cols)
{
    tz_sb name = { 0 }, sql = { 0 };
    tz_sb_printf(&name, "%s_scope", table);
    const char *problem = NULL;
    if (cols->n == 0)
        problem = tz_L("表不存在", "the table does not exist");
    else if (!cols->has_id)
        problem = tz_L("台账须有 id 列", "a ledger needs an id column");
    else if (!scope_view_sql(&sql, table, scope))
        problem = tz_L("范围应为 unit 列、row 列 表、township 列 或 sql 表达式",
                       "scope should be unit COL, row COL TABLE, township COL or sql EXPR");
    bool ok = set_add(set, "view", &name, &sql, problem);
    tz_sb_free(&name);
    tz_sb_free(&sql);
    return ok;
}

/* ---- the phone-number rule (migration 027, first written in 011) ------------------------------ */

/* A mobile (1[3-9] and nine digits) or a landline with its area code (0739-1234567). */
static void phone_rule_sql(tz_sb *sql, const char *table, const char *col, const char *action)
{
    bool insert = strcmp(action, "insert") == 0;
    tz_sb_printf(sql, "CREATE TRIGGER %s_%s_%s BEFORE %s%s ON %s\nBEGIN\n", table, col, action,
                 insert ? "INSERT" : "UPDATE OF ", insert ? "" : col, table);
    tz_sb_printf(sql,
                 "    SELECT RAISE(ABORT, '联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）')\n"
                 "     WHERE NEW.%1$s IS NOT NULL\n"
                 "       AND NOT (length(NEW.%1$s) = 11 AND NEW.%1$s GLOB '1[3-9]*'\n"
                 "                AND NEW.%1$s NOT GLOB '*[^0-9]*')\n"
                 "       AND NOT (NEW.%1$s GLOB '0[1-9]*' AND instr(NEW.%1$s, '-') IN (4, 5)\n"
                 "                AND length(NEW.%1$s) - instr(NEW.%1$s, '-') IN (7, 8)\n"
                 "                AND replace(NEW.%1$s, '-', '') NOT GLOB '*[^0-9]*'\n"
                 "                AND length(replace(NEW.%1$s, '-', '')) = length(NEW.%1$s) - 1);\n"
                 "END",
                 col);
}

static bool add_phone_rule(generated_set *set, const char *table, const char *col, const column_list *cols)
{
    bool found = false;
    for (size_t i = 0; i < cols->n; i++)
        found |= strcmp(cols->names[i], col) == 0;
    const char *problem = found ? NULL : tz_L("电话号码列不存在", "the phone column does not exist");
    static const char *const actions[] = { "insert", "update" };
    for (size_t i = 0; i < 2; i++) {
        tz_sb name = { 0 }, sql = { 0 };
        tz_sb_printf(&name, "%s_%s_%s", table, col, actions[i]);
        if (!problem)
            phone_rule_sql(&sql, table, col, actions[i]);
        bool ok = set_add(set, "trigger", &name, &sql, problem);
        tz_sb_free(&name);
        tz_sb_free(&sql);
        if (!ok)
            return false;
    }
    return true;
}

/* ---- the scope key: a column kept by triggers, and its indexes (migration 019) ------------------ */

/* One item made from printf-style pieces; false when out of memory. */
static bool add_made(generated_set *set, const char *kind, tz_sb *name, tz_sb *sql)
{
    bool ok = !name->failed && !sql->failed && set_add(set, kind, name, sql, NULL);
    tz_sb_free(name);
    tz_sb_free(sql);
    return ok;
}

/* The key the table's row should have, from its scope view. */
static void key_of(tz_sb *sql, const char *table)
{
    tz_sb_printf(sql, "(SELECT s.scope_key FROM %s_scope s WHERE s.id = %s.id)", table, table);
}

/* Sets the table's scope_key from its view where it differs, for the rows of `where`. */
static void set_key(tz_sb *sql, const char *table, const char *where)
{
    tz_sb_printf(sql, "    UPDATE %s SET scope_key = ", table);
    key_of(sql, table);
    tz_sb_printf(sql, "\n     WHERE %s AND scope_key IS NOT ", where);
    key_of(sql, table);
    tz_sb_append(sql, ";\n");
}

/* The column with every row's key (made after the views, before the triggers and indexes). */
static bool add_key_column(generated_set *set, const char *table)
{
    tz_sb name = { 0 }, sql = { 0 };
    tz_sb_printf(&name, "%s.scope_key", table);
    tz_sb_printf(&sql, "ALTER TABLE %s ADD COLUMN scope_key INTEGER;\n", table);
    tz_sb_printf(&sql, "UPDATE %s SET scope_key = ", table);
    key_of(&sql, table);
    return add_made(set, "column", &name, &sql);
}

/* A new row's key; an update of what gives it (the scope's columns: `path`, or any column
 * when NULL) sets it again, and so does a write to the key itself. */
static bool add_key_triggers(generated_set *set, const char *table, const char *path)
{
    tz_sb name = { 0 }, sql = { 0 };
    tz_sb_printf(&name, "%s_scope_key_insert", table);
    tz_sb_printf(&sql, "CREATE TRIGGER %s_scope_key_insert AFTER INSERT ON %s\nBEGIN\n", table, table);
    set_key(&sql, table, "id = NEW.id");
    tz_sb_append(&sql, "END");
    if (!add_made(set, "trigger", &name, &sql))
        return false;
    tz_sb_printf(&name, "%s_scope_key_update", table);
    tz_sb_printf(&sql, "CREATE TRIGGER %s_scope_key_update AFTER UPDATE%s%s%s ON %s\nBEGIN\n", table,
                 path ? " OF " : "", path ? path : "", path ? ", scope_key" : "", table);
    set_key(&sql, table, "id = NEW.id");
    tz_sb_append(&sql, "END");
    return add_made(set, "trigger", &name, &sql);
}

/* The rows whose key comes from a unit: set again when a unit's level or parent changes. An
 * `sql` expression's units are not known, so all its rows are looked at then (rare: the tiers'
 * rules leave few such changes). */
static bool add_key_from_units(generated_set *set, const char *table, const char *col)
{
    tz_sb name = { 0 }, sql = { 0 }, where = { 0 };
    if (col)
        tz_sb_printf(&where, "%s = NEW.id", col);
    else
        tz_sb_append(&where, "1");
    tz_sb_printf(&name, "%s_scope_key_from_units", table);
    tz_sb_printf(&sql, "CREATE TRIGGER %s_scope_key_from_units AFTER UPDATE OF level, parent_id ON units\n"
                       "WHEN OLD.level IS NOT NEW.level OR OLD.parent_id IS NOT NEW.parent_id\nBEGIN\n",
                 table);
    set_key(&sql, table, where.buf ? where.buf : "1");
    tz_sb_append(&sql, "END");
    bool failed = where.failed;
    tz_sb_free(&where);
    if (failed) {
        tz_sb_free(&name);
        tz_sb_free(&sql);
        return false;
    }
    return add_made(set, "trigger", &name, &sql);
}

/* A row of a row that changes township follows it (an item, its contract). */
static bool add_key_from_row(generated_set *set, const char *table, const char *col, const char *parent)
{
    tz_sb name = { 0 }, sql = { 0 };
    tz_sb_printf(&name, "%s_scope_key_from_%s", table, parent);
    tz_sb_printf(&sql, "CREATE TRIGGER %s_scope_key_from_%s AFTER UPDATE OF scope_key ON %s\nBEGIN\n"
                       "    UPDATE %s SET scope_key = NEW.scope_key\n"
                       "     WHERE %s = NEW.id AND scope_key IS NOT NEW.scope_key;\nEND",
                 table, parent, parent, table, col);
    return add_made(set, "trigger", &name, &sql);
}

/* (scope_key, COLUMN) for each column of the comma list `order`; without one (NULL or empty),
 * (scope_key) alone, so that a township's clerk's rows are found by the index, not by reading
 * every township's. */
static bool add_key_indexes(generated_set *set, const char *table, const char *order)
{
    const char *p = order ? order : "";
    if (!p[strspn(p, " ,")]) {
        tz_sb name = { 0 }, sql = { 0 };
        tz_sb_printf(&name, "%s_by_scope", table);
        tz_sb_printf(&sql, "CREATE INDEX %s_by_scope ON %s(scope_key)", table, table);
        return add_made(set, "index", &name, &sql);
    }
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, " ,");
        if (n == 0)
            break;
        tz_sb name = { 0 }, sql = { 0 };
        tz_sb_printf(&name, "%s_scope_%.*s", table, (int)n, p);
        tz_sb_printf(&sql, "CREATE INDEX %s_scope_%.*s ON %s(scope_key, %.*s)", table, (int)n, p, table,
                     (int)n, p);
        if (!add_made(set, "index", &name, &sql))
            return false;
        p += n;
    }
    return true;
}

/* Everything the key of a ledger needs, from its scope text (already checked by add_scope). */
static bool add_scope_key(generated_set *set, const char *table, const char *scope, const char *order)
{
    char kind[16], col[64] = "", parent[64];
    const char *p = scope;
    if (!take_word(&p, kind, sizeof kind))
        return true;
    bool is_sql = strcmp(kind, "sql") == 0;
    if (!is_sql && !take_word(&p, col, sizeof col))
        return true;
    bool is_row = strcmp(kind, "row") == 0 && take_word(&p, parent, sizeof parent);
    bool is_unit = strcmp(kind, "unit") == 0;
    /* units' own key comes from the unit's level and parent, not from another row */
    bool self = is_unit && strcmp(table, "units") == 0;
    char path[160];
    snprintf(path, sizeof path, self ? "%s, level, parent_id" : "%s", col);
    if (!add_key_column(set, table) || !add_key_triggers(set, table, is_sql ? NULL : path))
        return false;
    if (((is_unit && !self) || is_sql) && !add_key_from_units(set, table, is_sql ? NULL : col))
        return false;
    if (is_row && !add_key_from_row(set, table, col, parent))
        return false;
    return add_key_indexes(set, table, order);
}

static tz_status generate_phone_rules(tz_db *db, generated_set *set, tz_error *err)
{
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT tbl, col FROM phone_columns ORDER BY tbl, col", &st, err);
    while (s == TZ_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(st, 0);
        const char *col = (const char *)sqlite3_column_text(st, 1);
        column_list cols = { 0 };
        s = read_columns(db, table, NULL, &cols, err);
        if (s == TZ_OK && !add_phone_rule(set, table, col, &cols))
            s = tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
        columns_free(&cols);
    }
    dbi_release(st);
    return s;
}

/* ---- the block of new ids (migration 015): every exchanged table ------------------------------ */

static void id_block_sql(tz_sb *sql, const char *table)
{
    tz_sb_printf(sql, "CREATE TRIGGER %s_id_block AFTER INSERT ON %s\n"
                      "WHEN (SELECT applying FROM sync_self) IS NULL\n"
                      " AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)\n"
                      "BEGIN\n"
                      "    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');\n"
                      "END", table, table);
}

static bool add_id_block(generated_set *set, const char *table, const column_list *cols)
{
    tz_sb name = { 0 }, sql = { 0 };
    tz_sb_printf(&name, "%s_id_block", table);
    const char *problem = cols->n == 0   ? tz_L("表不存在", "the table does not exist")
                          : !cols->has_id ? tz_L("交换的表须有 id 列", "an exchanged table needs an id column")
                                          : NULL;
    if (!problem)
        id_block_sql(&sql, table);
    bool ok = set_add(set, "trigger", &name, &sql, problem);
    tz_sb_free(&name);
    tz_sb_free(&sql);
    return ok;
}

/* ---- a shared table in a replica (migration 031) ------------------------------------------------
 * A shared table (exchanged, with no scope) is the upper end's: no replica's bundle may carry a
 * change of it up (sync_plan.c), so one made in a replica could never reach the other units and
 * would stop every export up. It is refused as it is made, with why; a bundle or a migration
 * being applied writes it. */
typedef struct {
    const char *name, *keyword; /* "insert", "INSERT" */
} write_event;

static bool add_shared_guard(generated_set *set, const char *table, const column_list *cols, write_event e)
{
    tz_sb name = { 0 }, sql = { 0 };
    tz_sb_printf(&name, "%s_shared_%s", table, e.name);
    const char *problem = cols->n == 0 ? tz_L("表不存在", "the table does not exist") : NULL;
    tz_sb_printf(&sql, "CREATE TRIGGER %s_shared_%s BEFORE %s ON %s\n"
                       "WHEN (SELECT unit_id FROM sync_self) IS NOT NULL AND (SELECT applying FROM sync_self) IS NULL\n"
                       "BEGIN\n"
                       "    SELECT RAISE(ABORT, '副本中不能改动共用的表：模板、标准、选项等由上级维护，随交换包带来');\n"
                       "END", table, e.name, e.keyword, table);
    bool ok = set_add(set, "trigger", &name, &sql, problem);
    tz_sb_free(&name);
    tz_sb_free(&sql);
    return ok;
}

static bool add_shared_guards(generated_set *set, const char *table, const column_list *cols)
{
    static const write_event events[] = { { "insert", "INSERT" }, { "update", "UPDATE" }, { "delete", "DELETE" } };
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        if (!add_shared_guard(set, table, cols, events[i]))
            return false;
    return true;
}

/* ---- the declarations -------------------------------------------------------------------------- */

/* One declaration's objects: its audit triggers, its scope view and the scope key made from
 * it (when the view could be made), its id-block trigger, and a shared table's guards. */
static tz_status generate_one(tz_db *db, generated_set *set, sqlite3_stmt *st, tz_error *err)
{
    char *table = tz_strdup((const char *)sqlite3_column_text(st, 0));
    char *scope = sqlite3_column_type(st, 1) == SQLITE_NULL
                      ? NULL : tz_strdup((const char *)sqlite3_column_text(st, 1));
    bool audited = sqlite3_column_int(st, 2) == 1;
    bool exchanged = sqlite3_column_int(st, 4) == 1;
    const char *order = (const char *)sqlite3_column_text(st, 5);
    column_list cols = { 0 };
    tz_status s = table ? TZ_OK : dbi_nomem(err);
    if (s == TZ_OK)
        s = read_columns(db, table, (const char *)sqlite3_column_text(st, 3), &cols, err);
    size_t view = set->n + (audited ? 3 : 0);
    if (s == TZ_OK && !((!audited || add_audit(set, table, &cols)) &&
                        (!scope || add_scope(set, table, scope, &cols)) &&
                        (!scope || set->items[view].problem || add_scope_key(set, table, scope, order)) &&
                        (!exchanged || add_id_block(set, table, &cols)) &&
                        (!exchanged || scope || add_shared_guards(set, table, &cols))))
        s = dbi_nomem(err);
    columns_free(&cols);
    free(table);
    free(scope);
    return s;
}


static tz_status generate_all(tz_db *db, generated_set *set, tz_error *err)
{
    *set = (generated_set){ 0 };
    sqlite3_stmt *st;
    tz_status s = dbi_prepare(db, "SELECT name, scope, audited,"
                                  " coalesce(unaudited || ',', '') || 'scope_key',"
                                  " " DBI_EXCHANGED " AS exchanged, scope_order FROM table_access"
                                  " WHERE audited = 1 OR scope IS NOT NULL OR " DBI_EXCHANGED " ORDER BY name",
                              &st, err);
    if (s != TZ_OK)
        return s;
    while (s == TZ_OK && sqlite3_step(st) == SQLITE_ROW)
        s = generate_one(db, set, st, err);
    dbi_release(st);
    if (s == TZ_OK)
        s = generate_phone_rules(db, set, err);
    if (s != TZ_OK)
        set_free(set);
    return s;
}

/* A column item is there when its table has the column ("people.scope_key"). */
static int column_present(tz_db *db, const generated *g)
{
    const char *dot = strchr(g->name, '.');
    sqlite3_stmt *st;
    if (!dot || dbi_prepare(db, "SELECT 1 FROM pragma_table_info(substr(?1, 1, ?2)) WHERE name = ?3",
                            &st, NULL) != TZ_OK)
        return 0;
    sqlite3_bind_text(st, 1, g->name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)(dot - g->name));
    sqlite3_bind_text(st, 3, dot + 1, -1, SQLITE_STATIC);
    int there = sqlite3_step(st) == SQLITE_ROW;
    dbi_release(st);
    return there;
}

/* The SQL the schema holds for an object of that name and kind: 1 same, 0 differs or missing. */
static int stored_matches(tz_db *db, const generated *g)
{
    if (strcmp(g->kind, "column") == 0)
        return column_present(db, g);
    sqlite3_stmt *st;
    if (dbi_prepare(db, "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2", &st, NULL) != TZ_OK)
        return 0;
    sqlite3_bind_text(st, 1, g->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, g->name, -1, SQLITE_STATIC);
    int same = sqlite3_step(st) == SQLITE_ROW &&
               strcmp((const char *)sqlite3_column_text(st, 0), g->sql) == 0;
    dbi_release(st);
    return same;
}

static size_t count_stale(tz_db *db, const generated_set *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        if (set->items[i].sql && !stored_matches(db, &set->items[i]))
            n++;
    return n;
}

static tz_status remake(tz_db *db, const generated *g, tz_error *err)
{
    tz_sb sql = { 0 };
    if (strcmp(g->kind, "column") == 0) /* only ever added: the rows' keys are filled in */
        tz_sb_append(&sql, g->sql);
    else
        tz_sb_printf(&sql, "DROP %s IF EXISTS %s; %s", g->kind, g->name, g->sql);
    int rc = sqlite3_exec(db->h, sql.buf ? sql.buf : "", NULL, NULL, NULL);
    tz_sb_free(&sql);
    if (rc == SQLITE_OK)
        return TZ_OK;
    tz_error cause;
    dbi_fail(db, NULL, rc, &cause);
    return tz_fail(err, TZ_ERR_DB, tz_L("无法生成 %s：%s", "cannot make %s: %s"), g->name, cause.msg);
}

/* Views first (the key column is filled in from them), then the key columns, then what names
 * the columns (triggers, indexes). */
static int remake_pass(const generated *g)
{
    return strcmp(g->kind, "view") == 0 ? 0 : strcmp(g->kind, "column") == 0 ? 1 : 2;
}

static tz_status remake_stale(tz_db *db, tz_error *err)
{
    generated_set set;
    tz_status s = generate_all(db, &set, err);
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; s == TZ_OK && i < set.n; i++)
            if (set.items[i].sql && remake_pass(&set.items[i]) == pass
                && !stored_matches(db, &set.items[i]))
                s = remake(db, &set.items[i], err);
    set_free(&set);
    return s;
}

tz_status dbi_ledgers_build(tz_db *db, tz_error *err)
{
    generated_set set;
    tz_status s = generate_all(db, &set, err);
    if (s != TZ_OK)
        return s;
    size_t stale = count_stale(db, &set);
    set_free(&set);
    if (stale == 0)
        return TZ_OK;
    bool nested;
    s = dbi_write_begin(db, &nested, err);
    if (s != TZ_OK)
        return s;
    /* under the write lock again: another clerk's taizhang may have made them meanwhile */
    s = remake_stale(db, err);
    if (s == TZ_OK)
        s = dbi_write_commit(db, nested, err);
    else
        dbi_write_rollback(db, nested);
    dbi_cache_clear(db);
    return s;
}

/* ---- taizhang check ----------------------------------------------------------------------------- */

static void undeclared_tables(tz_db *db, const char *path, tz_problems *probs)
{
    sqlite3_stmt *st;
    tz_error err;
    if (dbi_prepare(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                        " AND name NOT IN (SELECT name FROM table_access) ORDER BY name", &st, &err) != TZ_OK) {
        tz_problems_add(probs, path, 0, "%s", err.msg);
        return;
    }
    while (sqlite3_step(st) == SQLITE_ROW)
        tz_problems_add(probs, path, 0,
                        tz_L("表 %s 没有在 table_access 中声明（台账、派生、共用、内部或管理）",
                             "table %s is not declared in table_access (ledger, derived, shared, internal or admin)"),
                        (const char *)sqlite3_column_text(st, 0));
    dbi_release(st);
}

/* The keys a ledger's rows carry against what its scope view gives now: the triggers keep
 * them, so this is what catches one written while they were set aside. */
static void stale_keys(tz_db *db, const char *path, const generated *column, tz_problems *probs)
{
    size_t table_len = strcspn(column->name, ".");
    tz_sb sql = { 0 };
    tz_sb_printf(&sql, "SELECT count(*) FROM %1$.*2$s t WHERE scope_key IS NOT"
                       " (SELECT s.scope_key FROM %1$.*2$s_scope s WHERE s.id = t.id)",
                 column->name, (int)table_len);
    sqlite3_stmt *st;
    tz_error err;
    if (sql.failed || dbi_prepare(db, sql.buf, &st, &err) != TZ_OK) {
        tz_sb_free(&sql);
        return;
    }
    tz_sb_free(&sql);
    long long stale = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    dbi_release(st);
    if (stale > 0)
        tz_problems_add(probs, path, 0,
                        tz_L("表 %.*s 有 %lld 行的范围键（scope_key）与所属乡镇不符"
                             "（在 sqlite3 中执行 UPDATE 该表 SET scope_key = NULL，触发器即重算）",
                             "table %.*s: %lld rows carry a scope key (scope_key) their township does not"
                             " give (UPDATE the table SET scope_key = NULL in sqlite3: the triggers recompute it)"),
                        (int)table_len, column->name, stale);
}

tz_status db_check_ledgers(tz_db *db, const char *path, tz_problems *probs)
{
    size_t before = probs->n;
    undeclared_tables(db, path, probs);
    generated_set set;
    tz_error err;
    if (generate_all(db, &set, &err) != TZ_OK) {
        tz_problems_add(probs, path, 0, "%s", err.msg);
        return TZ_ERR_CORRUPT;
    }
    for (size_t i = 0; i < set.n; i++) {
        const generated *g = &set.items[i];
        if (g->problem)
            tz_problems_add(probs, path, 0, "%s: %s", g->name, g->problem);
        else if (!stored_matches(db, g))
            tz_problems_add(probs, path, 0,
                            tz_L("%s 缺失或与 table_access 的声明不符（用可写方式打开一次数据库即重建）",
                                 "%s is missing or differs from its declaration in table_access"
                                 " (opening the database writable once makes it again)"),
                            g->name);
        else if (strcmp(g->kind, "column") == 0)
            stale_keys(db, path, g, probs);
    }
    set_free(&set);
    return probs->n == before ? TZ_OK : TZ_ERR_CORRUPT;
}
