/* formset.c — a set of forms, menus and reports: loading the built-in files and a directory's
 * overrides, freeing, and finding things in it. */
#include "parser.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE_BYTES (1024 * 1024) /* a form file is a few KB; refuse anything absurd */

/* ---- loading built-in and override files ---------------------------------------------------- */

typedef struct {
    const char *name; /* base name, e.g. "units.form"; borrowed from builtin or `names` */
    char *where;      /* name used in messages: "forms/units.form" or the real path; owned */
    const char *text; /* borrowed built-in text, or `owned` */
    char *owned;      /* text read from an override file; owned */
} source;

typedef struct {
    source *items;  /* owned */
    size_t n;
    bool nomem;     /* an allocation failed */
    bool io_failed; /* a directory or file could not be read */
} source_list;

static bool is_spec_file(const char *name)
{
    return name[0] != '.' && (sp_ends_with(name, ".form") || sp_ends_with(name, ".menu")
                              || sp_ends_with(name, ".report"));
}

static char *join_path(const char *a, const char *b)
{
    tz_sb sb = { 0 };
    tz_sb_printf(&sb, "%s/%s", a, b);
    if (sb.failed) {
        tz_sb_free(&sb);
        return NULL;
    }
    return tz_sb_take(&sb);
}

/* Reads a whole file into a new string (caller frees); NULL with errno set on failure. */
static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct stat st;
    int bad = fstat(fileno(fp), &st) != 0 ? errno
            : S_ISDIR(st.st_mode)         ? EISDIR
            : st.st_size > MAX_FILE_BYTES ? EFBIG
                                          : 0;
    if (bad) {
        fclose(fp);
        errno = bad;
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, fp) : 0;
    bool failed = !buf || ferror(fp);
    fclose(fp);
    if (failed) {
        free(buf);
        errno = buf ? EIO : ENOMEM;
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static source *find_source(source_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}

static source *add_source(source_list *l, const char *name)
{
    source *grown = realloc(l->items, (l->n + 1) * sizeof *grown);
    if (!grown) {
        l->nomem = true;
        return NULL;
    }
    l->items = grown;
    source *s = &l->items[l->n++];
    *s = (source){ .name = name };
    return s;
}

static void add_builtins(source_list *l, const tz_embedded *builtin, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_spec_file(builtin[i].name))
            continue; /* the README and other embedded files */
        source *s = add_source(l, builtin[i].name);
        if (!s)
            return;
        s->where = join_path("forms", builtin[i].name);
        s->text = builtin[i].text;
        l->nomem |= !s->where;
    }
}

static void add_override(source_list *l, const char *dir, const char *name, tz_problems *probs)
{
    char *path = join_path(dir, name);
    char *text = path ? read_file(path) : NULL;
    if (!text) {
        if (!path) {
            l->nomem = true;
            return;
        }
        sp_set_problem(probs, path, 0, "无法读取文件：%s", "cannot read the file: %s",
                    tz_errno_text(errno));
        l->io_failed = true;
        free(path);
        return;
    }
    source *s = find_source(l, name);
    if (!s)
        s = add_source(l, name);
    if (!s) {
        free(path);
        free(text);
        return;
    }
    free(s->where);
    free(s->owned);
    s->where = path;
    s->text = s->owned = text;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir's *.form, *.menu and *.report names, sorted; *names (caller frees each and the array). */
static size_t list_dir(source_list *l, const char *dir, char ***names, tz_problems *probs)
{
    *names = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        sp_set_problem(probs, dir, 0, "无法读取表单目录：%s", "cannot read the forms directory: %s",
                    tz_errno_text(errno));
        l->io_failed = true;
        return 0;
    }
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_spec_file(e->d_name))
            continue;
        char **grown = realloc(*names, (n + 1) * sizeof *grown);
        char *copy = tz_strdup(e->d_name);
        if (!grown || !copy) {
            free(copy);
            if (grown)
                *names = grown;
            l->nomem = true;
            break;
        }
        *names = grown;
        (*names)[n++] = copy;
    }
    closedir(d);
    if (n)
        qsort(*names, n, sizeof **names, compare_names);
    return n;
}

tz_status tz_spec_load(tz_formset *set, const tz_embedded *builtin, size_t nbuiltin,
                       const char *dir, tz_problems *probs)
{
    size_t before = probs->n;
    source_list l = { 0 };
    add_builtins(&l, builtin, nbuiltin);
    char **names = NULL;
    size_t nnames = dir ? list_dir(&l, dir, &names, probs) : 0;
    for (size_t i = 0; i < nnames && !l.nomem; i++)
        add_override(&l, dir, names[i], probs);
    bool nomem = l.nomem;
    for (size_t i = 0; i < l.n && !nomem; i++)
        nomem = tz_spec_parse(set, l.items[i].where, l.items[i].text, probs) == TZ_ERR_NOMEM;
    for (size_t i = 0; i < l.n; i++) {
        free(l.items[i].where);
        free(l.items[i].owned);
    }
    free(l.items);
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    if (nomem)
        return TZ_ERR_NOMEM;
    tz_spec_validate(set, probs);
    if (l.io_failed)
        return TZ_ERR_IO;
    return probs->n > before ? TZ_ERR_PARSE : TZ_OK;
}

void tz_formset_free(tz_formset *set)
{
    for (size_t i = 0; i < set->nforms; i++)
        sp_free_form(&set->forms[i]);
    for (size_t i = 0; i < set->nmenus; i++)
        sp_free_menu(&set->menus[i]);
    for (size_t i = 0; i < set->nreports; i++)
        sp_free_report(&set->reports[i]);
    free(set->forms);
    free(set->menus);
    free(set->reports);
    *set = (tz_formset){ 0 };
}

/* ---- accessors ------------------------------------------------------------------------------------ */

const tz_form *tz_spec_form(const tz_formset *set, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < set->nforms; i++)
        if (set->forms[i].name && strcmp(set->forms[i].name, name) == 0)
            return &set->forms[i];
    return NULL;
}

const tz_report *tz_spec_report(const tz_formset *set, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < set->nreports; i++)
        if (set->reports[i].name && strcmp(set->reports[i].name, name) == 0)
            return &set->reports[i];
    return NULL;
}

const tz_menu *tz_spec_menu(const tz_formset *set, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < set->nmenus; i++)
        if (set->menus[i].name && strcmp(set->menus[i].name, name) == 0)
            return &set->menus[i];
    return NULL;
}

int tz_form_field_index(const tz_form *form, const char *column)
{
    if (!column)
        return -1;
    for (size_t i = 0; i < form->nfields; i++)
        if (form->fields[i].column && strcmp(form->fields[i].column, column) == 0)
            return (int)i;
    return -1;
}

bool tz_form_finds_initials(const tz_form *form)
{
    for (size_t s = 0; s < form->nsearch; s++)
        for (size_t i = 0; i < form->nfields; i++)
            if (form->fields[i].pinyin && strcmp(form->fields[i].pinyin, form->search[s].column) == 0)
                return true;
    return false;
}

/* The text in the UI language, falling back to Chinese, then to `last`. */
static const char *pick(const char *zh, const char *en, const char *last)
{
    const char *s = tz_L(zh, en);
    return s ? s : zh ? zh : last;
}

const char *tz_form_title(const tz_form *form)
{
    return pick(form->title, form->title_en, form->name);
}

const char *tz_field_label(const tz_field *f)
{
    return pick(f->label, f->label_en, f->column);
}

const char *tz_field_help(const tz_field *f)
{
    return pick(f->help, f->help_en, "");
}

const char *tz_field_under(const tz_field *f, const char *parent_value)
{
    if (!f->under || !parent_value)
        return NULL;
    size_t n = strlen(parent_value);
    for (const char *s = f->under; *s;) {
        s += strspn(s, " ,");
        const char *colon = strchr(s, ':');
        if (!colon)
            break;
        const char *child = colon + 1 + strspn(colon + 1, " ");
        size_t child_len = strcspn(child, " ,");
        const char *parent_end = colon;
        while (parent_end > s && parent_end[-1] == ' ')
            parent_end--;
        if ((size_t)(parent_end - s) == n && strncmp(s, parent_value, n) == 0) {
            for (size_t i = 0; i < f->nchoices; i++)
                if (strlen(f->choices[i].code) == child_len
                    && strncmp(f->choices[i].code, child, child_len) == 0)
                    return f->choices[i].code;
            return NULL;
        }
        s = child + child_len;
    }
    return NULL;
}

const char *tz_menu_title(const tz_menu *m)
{
    return pick(m->title, m->title_en, m->name);
}

const char *tz_report_title(const tz_report *r)
{
    return pick(r->title, r->title_en, r->name);
}

const char *tz_choice_label(const tz_choice *c)
{
    return pick(c->zh, c->en, c->code);
}

const tz_choice *tz_field_choice(const tz_field *f, const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < f->nchoices; i++)
        if (strcmp(f->choices[i].code, code) == 0)
            return &f->choices[i];
    return NULL;
}
