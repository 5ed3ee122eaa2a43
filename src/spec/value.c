/* value.c — a field's stored value (what the database holds) and its shown value (what the
 * clerk reads and types), converted both ways per field type. */
#include "taizhang/spec.h"

#include "taizhang/pinyin.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- shown form --------------------------------------------------------------------------- */

/* Copies s into out (cap > 0), cutting at a character boundary if it does not fit. */
static void copy_whole_chars(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* s[n] continues a character that would be cut: drop all of it */
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

/* A decimal rounded to 2 places without trailing zeros: "10.0" → "10", "8.50" → "8.5".
 * Sums of REAL scores come back from SQLite as 85.30000000000001; they show as 85.3. */
static bool number_text(const char *s, char out[32])
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v != v || v > 1e12 || v < -1e12)
        return false;
    snprintf(out, 32, "%.2f", v);
    char *dot = strchr(out, '.');
    char *last = out + strlen(out) - 1;
    while (dot && last > dot && *last == '0')
        *last-- = '\0';
    if (dot && last == dot)
        *dot = '\0';
    if (strcmp(out, "-0") == 0)
        strcpy(out, "0");
    return true;
}

/* Typed numbers: digits with at most two decimals, an optional minus; nothing else. */
static bool number_typed_ok(const char *s)
{
    if (*s == '-')
        s++;
    size_t digits = strspn(s, "0123456789");
    if (!digits && *s != '.')
        return false;
    s += digits;
    if (*s == '.') {
        size_t decimals = strspn(s + 1, "0123456789");
        if (decimals < 1 || decimals > 2 || (!digits && !decimals))
            return false;
        s += 1 + decimals;
    }
    return *s == '\0';
}

tz_money_unit tz_field_money_unit(const tz_field *f)
{
    return f->label && strstr(f->label, "万元") ? TZ_MONEY_WAN : TZ_MONEY_YUAN;
}

char *tz_field_format(const tz_field *f, const char *stored, char *out, size_t cap)
{
    if (!cap)
        return out;
    const char *shown = stored ? stored : "";
    char money[32];
    int64_t fen;
    const tz_choice *c;
    switch (f->type) {
    case TZ_FT_NUMBER:
        if (number_text(shown, money))
            shown = money;
        break;
    case TZ_FT_MONEY:
        if (tz_parse_int(shown, &fen))
            shown = tz_money_format_in(fen, tz_field_money_unit(f), money, sizeof money);
        break;
    case TZ_FT_CHOICE:
        if ((c = tz_field_choice(f, shown)) != NULL)
            shown = tz_choice_label(c);
        break;
    case TZ_FT_YESNO:
        if (strcmp(shown, "1") == 0)
            shown = tz_L("是", "Yes");
        else if (strcmp(shown, "0") == 0)
            shown = tz_L("否", "No");
        break;
    default:
        break; /* text, memo, integer, ISO date and lookup ids are shown as stored */
    }
    copy_whole_chars(out, cap, shown);
    return out;
}

/* ---- choosing by a typed key ----------------------------------------------------------------- */

static uint32_t ascii_lower(uint32_t c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static uint32_t first_char(const char *s)
{
    uint32_t cp = 0;
    if (s && *s)
        tz_utf8_decode(s, strlen(s), &cp);
    return cp;
}

/* A key names a choice when its label starts with it (村), or it is the first letter of the
 * label's pinyin (c), of the English label or of the code (v for village). */
static bool key_names_choice(const tz_choice *c, uint32_t key)
{
    uint32_t zh = first_char(c->zh);
    if (key == zh)
        return true;
    uint32_t letter = ascii_lower(key);
    if (letter < 'a' || letter > 'z')
        return false;
    return (uint32_t)tz_pinyin_initial(zh) == letter
           || ascii_lower(first_char(c->en)) == letter || ascii_lower(first_char(c->code)) == letter;
}

int tz_field_choice_by_key(const tz_field *f, uint32_t key, int after)
{
    int n = (int)f->nchoices;
    for (int k = 1; k <= n; k++) {
        int i = ((after < 0 ? -1 : after) + k) % n;
        if (key_names_choice(&f->choices[i], key))
            return i;
    }
    return -1;
}

/* ---- parsing typed text ------------------------------------------------------------------- */

/* Fails with "LABEL：message"; zh and en are formats taking the same arguments. */
static tz_status field_fail(tz_error *err, const tz_field *f, const char *zh, const char *en, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, en);
    vsnprintf(msg, sizeof msg, tz_L(zh, en), ap);
    va_end(ap);
    return tz_fail(err, TZ_ERR_INVALID, "%s%s%s", tz_field_label(f), tz_L("：", ": "), msg);
}

static tz_status take(char **stored, char *value, tz_error *err)
{
    if (!value)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    *stored = value;
    return TZ_OK;
}

static tz_status store_int(int64_t v, char **stored, tz_error *err)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return take(stored, tz_strdup(buf), err);
}

/* Characters, not bytes: the text is valid UTF-8, so count the bytes that start one. */
static size_t count_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool is_blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* An ID number as stored: a final x upper-cased, then the check digit and birth date. */
static tz_status parse_idcard(const tz_field *f, const char *typed, char **stored, tz_error *err)
{
    char id[19];
    size_t n = strlen(typed);
    if (n != 18 || strspn(typed, "0123456789") < 17)
        return field_fail(err, f, "应为 18 位：17 位数字加 1 位校验码（数字或 X）",
                          "must be 18 characters: 17 digits and a check digit (a digit or X)");
    memcpy(id, typed, sizeof id);
    if (id[17] == 'x')
        id[17] = 'X';
    char birth[11], digits[9];
    if (!tz_idcard_birth(id, birth)) {
        memcpy(digits, id + 6, 8);
        digits[8] = '\0';
        tz_date_shape(digits, birth); /* 8 digits always have a date's shape */
        return field_fail(err, f, "其中的出生日期 %s 不是有效日期",
                          "its birth date %s is not a real date", birth);
    }
    if (tz_idcard_check_char(id) != id[17])
        return field_fail(err, f, "校验位不对，请逐位核对号码", "the check digit is wrong; check each digit");
    return take(stored, tz_strdup(id), err);
}

static bool all_digits(const char *s, size_t lo, size_t hi)
{
    size_t n = strspn(s, "0123456789");
    return s[n] == '\0' && n >= lo && n <= hi;
}

/* A mobile number, 1[3-9] and nine digits, or a landline: an area code of 3 or 4 digits
 * starting with 0, a hyphen, 7 or 8 digits. The same rule is in the schema (migration 011). */
static bool phone_ok(const char *s)
{
    if (s[0] == '1')
        return s[1] >= '3' && s[1] <= '9' && all_digits(s, 11, 11);
    const char *dash = strchr(s, '-');
    if (s[0] != '0' || s[1] == '0' || !dash)
        return false;
    size_t area = (size_t)(dash - s);
    return area >= 3 && area <= 4 && strspn(s, "0123456789") == area && all_digits(dash + 1, 7, 8);
}

static tz_status parse_phone(const tz_field *f, const char *typed, char **stored, tz_error *err)
{
    char phone[32];
    size_t n = 0;
    for (const char *s = typed; *s && n + 1 < sizeof phone; s++)
        if (*s != ' ')
            phone[n++] = *s; /* 138 1234 5678 as it is often written */
    phone[n] = '\0';
    if (n + 1 >= sizeof phone || !phone_ok(phone))
        return field_fail(err, f, "应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）",
                          "use a mobile number (13812345678) or a landline with its area code "
                          "(0739-1234567)");
    return take(stored, tz_strdup(phone), err);
}

/* Text and memo: no control characters (a memo may hold line breaks and tabs), at most maxlen. */
static tz_status parse_text(const tz_field *f, const char *typed, char **stored, tz_error *err)
{
    bool memo = f->type == TZ_FT_MEMO;
    for (const unsigned char *s = (const unsigned char *)typed; *s; s++) {
        bool allowed = *s >= 0x20 && *s != 0x7F;
        if (!allowed && !(memo && (*s == '\n' || *s == '\t' || *s == '\r')))
            return field_fail(err, f, "不能含有换行或控制字符",
                              "must not contain line breaks or control characters");
    }
    if (f->maxlen > 0 && count_chars(typed) > (size_t)f->maxlen)
        return field_fail(err, f, "最多 %d 个字", "at most %d characters", f->maxlen);
    if (f->check == TZ_CHECK_IDCARD)
        return parse_idcard(f, typed, stored, err);
    if (f->check == TZ_CHECK_PHONE)
        return parse_phone(f, typed, stored, err);
    return take(stored, tz_strdup(typed), err);
}

static tz_status parse_choice(const tz_field *f, const char *typed, char **stored, tz_error *err)
{
    for (size_t i = 0; i < f->nchoices; i++) {
        const tz_choice *c = &f->choices[i];
        if (strcasecmp(c->code, typed) == 0 || strcmp(c->zh, typed) == 0
            || (c->en && strcasecmp(c->en, typed) == 0))
            return take(stored, tz_strdup(c->code), err);
    }
    tz_sb labels = { 0 };
    for (size_t i = 0; i < f->nchoices; i++) {
        if (i)
            tz_sb_append(&labels, tz_L("、", ", "));
        tz_sb_append(&labels, tz_choice_label(&f->choices[i]));
    }
    tz_status st = field_fail(err, f, "应为 %s 之一", "use one of %s",
                              labels.buf ? labels.buf : "");
    tz_sb_free(&labels);
    return st;
}

static tz_status parse_yesno(const tz_field *f, const char *typed, char **stored, tz_error *err)
{
    static const char *const yes[] = { "是", "y", "yes", "1" };
    static const char *const no[] = { "否", "n", "no", "0" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(typed, yes[i]) == 0)
            return take(stored, tz_strdup("1"), err);
        if (strcasecmp(typed, no[i]) == 0)
            return take(stored, tz_strdup("0"), err);
    }
    return field_fail(err, f, "应为 是 或 否", "use Yes or No");
}

/* typed is trimmed (except for memo) and not blank. */
static tz_status convert(const tz_field *f, const char *typed, char **stored, tz_error *err)
{
    int64_t v;
    char date[11];
    switch (f->type) {
    case TZ_FT_TEXT:
    case TZ_FT_MEMO:
        return parse_text(f, typed, stored, err);
    case TZ_FT_INTEGER:
        if (!tz_parse_int(typed, &v))
            return field_fail(err, f, "应为整数", "must be a whole number");
        return store_int(v, stored, err);
    case TZ_FT_MONEY:
        if (!tz_money_parse_in(typed, tz_field_money_unit(f), &v))
            return field_fail(err, f, "金额无效，应如 1,234.50、15000 元或 1.5 万",
                              "invalid amount, use e.g. 1,234.50, 15000元 or 1.5万");
        return store_int(v, stored, err);
    case TZ_FT_DATE:
        if (tz_date_parse(typed, date))
            return take(stored, tz_strdup(date), err);
        if (tz_date_shape(typed, date))
            return field_fail(err, f, "%s 不是有效日期", "%s is not a real date", date);
        return field_fail(err, f, "日期无效，应为 YYYY-MM-DD", "invalid date, use YYYY-MM-DD");
    case TZ_FT_CHOICE:
        return parse_choice(f, typed, stored, err);
    case TZ_FT_YESNO:
        return parse_yesno(f, typed, stored, err);
    case TZ_FT_LOOKUP:
        if (!tz_parse_int(typed, &v) || v <= 0)
            return field_fail(err, f, "请从列表中选择（F4）", "pick a record from the list (F4)");
        return store_int(v, stored, err);
    case TZ_FT_NUMBER: {
        char num[32];
        if (!number_typed_ok(typed) || !number_text(typed, num))
            return field_fail(err, f, "应为数字，最多两位小数（如 8.5）",
                              "must be a number with at most two decimals (e.g. 8.5)");
        return take(stored, tz_strdup(num), err);
    }
    }
    return field_fail(err, f, "未知的字段类型", "unknown field type");
}

tz_status tz_field_parse(const tz_field *f, const char *typed, char **stored, tz_error *err)
{
    *stored = NULL;
    if (!typed)
        typed = "";
    if (!tz_utf8_valid(typed))
        return field_fail(err, f, "含有无效字符（不是 UTF-8 文本）",
                          "contains invalid characters (not UTF-8 text)");
    char *copy = tz_strdup(typed);
    if (!copy)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    if (f->type != TZ_FT_MEMO)
        tz_trim(copy); /* a memo keeps its layout; spaces around one-line values are noise */
    tz_status st = TZ_OK;
    if (is_blank(copy)) {
        if (f->required)
            st = field_fail(err, f, "必须填写", "is required");
    } else {
        st = convert(f, copy, stored, err);
    }
    free(copy);
    return st;
}

/* ---- values that must agree ------------------------------------------------------------------- */

const tz_choice *tz_field_sex_choice(const tz_field *f, bool male)
{
    for (size_t i = 0; f->type == TZ_FT_CHOICE && i < f->nchoices; i++)
        if (strcmp(f->choices[i].zh, male ? "男" : "女") == 0)
            return &f->choices[i];
    return NULL;
}

/* The birth date and sex of one ID-number field against the fields they fill. */
static tz_status check_idcard_agrees(const tz_form *form, size_t i, char *const *stored,
                                     int *field, tz_error *err)
{
    const tz_field *f = &form->fields[i];
    const char *id = stored[i];
    char birth[11];
    if (!id || !tz_idcard_birth(id, birth))
        return TZ_OK;
    int b = f->birth ? tz_form_field_index(form, f->birth) : -1;
    if (b >= 0 && stored[b] && strcmp(stored[b], birth) != 0) {
        *field = b;
        return tz_fail(err, TZ_ERR_INVALID,
                       tz_L("%s %s 与%s不符：身份证号中是 %s", "%s %s disagrees with the %s: it says %s"),
                       tz_field_label(&form->fields[b]), stored[b], tz_field_label(f), birth);
    }
    int s = f->sex ? tz_form_field_index(form, f->sex) : -1;
    const tz_choice *sex = s >= 0 ? tz_field_sex_choice(&form->fields[s], tz_idcard_male(id)) : NULL;
    if (sex && stored[s] && strcmp(stored[s], sex->code) != 0) {
        const tz_choice *typed = tz_field_choice(&form->fields[s], stored[s]);
        *field = s;
        return tz_fail(err, TZ_ERR_INVALID,
                       tz_L("%s“%s”与%s不符：身份证号中是“%s”", "%s \"%s\" disagrees with the %s: it says \"%s\""),
                       tz_field_label(&form->fields[s]), typed ? tz_choice_label(typed) : stored[s],
                       tz_field_label(f), tz_choice_label(sex));
    }
    return TZ_OK;
}

tz_status tz_form_check_values(const tz_form *form, char *const *stored, int *field, tz_error *err)
{
    for (size_t i = 0; i < form->nfields; i++) {
        if (form->fields[i].check != TZ_CHECK_IDCARD)
            continue;
        tz_status st = check_idcard_agrees(form, i, stored, field, err);
        if (st != TZ_OK)
            return st;
    }
    return TZ_OK;
}
