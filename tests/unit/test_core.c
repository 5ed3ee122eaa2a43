/* test_core.c — unit tests of the core layer: widths, UTF-8, dates, money, ID numbers,
 * pinyin initials, the field editor's text model, and the small helpers. Run in a UTF-8
 * locale (LC_ALL=C.UTF-8): widths come from wcwidth(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "taizhang/core.h"
#include "taizhang/lineedit.h"
#include "taizhang/pinyin.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ==== display width ========================================================================= */

static void test_width_ascii_and_chinese(void **state)
{
    (void)state;
    assert_int_equal(tz_str_width(""), 0);
    assert_int_equal(tz_str_width("abc"), 3);
    assert_int_equal(tz_str_width("武冈市"), 6);
    assert_int_equal(tz_str_width("A区3组"), 6);
    assert_int_equal(tz_str_width("邓元泰镇 2026"), 13);
    assert_int_equal(tz_str_width("，。"), 4); /* full-width punctuation */
}

static void test_width_combining_and_control(void **state)
{
    (void)state;
    assert_int_equal(tz_char_width(0x0301), 0);
    assert_int_equal(tz_str_width("e\xCC\x81"), 1); /* e + combining acute */
    assert_int_equal(tz_char_width('\t'), 1);      /* shown as a replacement */
    assert_int_equal(tz_char_width(0x7F), 1);
    assert_int_equal(tz_char_width(0x0378), 1);    /* unassigned: wcwidth < 0 */
    assert_int_equal(tz_char_width(0x2026), 1);    /* … */
    assert_int_equal(tz_str_width("a\xFF" "b"), 3); /* a malformed byte is one U+FFFD */
    const wchar_t w[] = L"武a\x0301";
    assert_int_equal(tz_wcs_width(w, 3), 3);
    assert_int_equal(tz_wcs_width(w, 1), 2);
}

/* ==== UTF-8 ================================================================================= */

static void test_utf8_round_trip(void **state)
{
    (void)state;
    static const uint32_t cps[] = { 0x0, 0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x6B66,
                                    0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF };
    static const size_t lens[] = { 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4 };
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        size_t n = tz_utf8_encode(cps[i], buf);
        assert_int_equal(n, lens[i]);
        uint32_t back = 0;
        assert_int_equal(tz_utf8_decode(buf, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    char buf[4];
    uint32_t cp;
    assert_int_equal(tz_utf8_encode(0xD800, buf), 3); /* a surrogate becomes U+FFFD */
    tz_utf8_decode(buf, 3, &cp);
    assert_int_equal(cp, TZ_REPLACEMENT);
    assert_int_equal(tz_utf8_encode(0x110000, buf), 3);
}

static void expect_malformed(const char *s, size_t n)
{
    uint32_t cp = 0;
    assert_int_equal(tz_utf8_decode(s, n, &cp), 1);
    assert_int_equal(cp, TZ_REPLACEMENT);
}

static void test_utf8_malformed(void **state)
{
    (void)state;
    expect_malformed("\x80", 1);             /* lone continuation */
    expect_malformed("\xBF" "a", 2);
    expect_malformed("\xE6\xAD", 2);         /* truncated 武 */
    expect_malformed("\xE6\xAD\xA6", 2);     /* n cuts it short */
    expect_malformed("\xE6" "ab", 3);        /* continuation missing */
    expect_malformed("\xC0\xAF", 2);         /* overlong '/' */
    expect_malformed("\xC1\xBF", 2);
    expect_malformed("\xE0\x80\xAF", 3);     /* overlong, three bytes */
    expect_malformed("\xF0\x80\x80\xAF", 4); /* overlong, four bytes */
    expect_malformed("\xED\xA0\x80", 3);     /* surrogate U+D800 */
    expect_malformed("\xF4\x90\x80\x80", 4); /* U+110000 */
    expect_malformed("\xFF", 1);
    expect_malformed("\xF8\x88\x80\x80\x80", 5);
    uint32_t cp;
    assert_int_equal(tz_utf8_decode("x", 0, &cp), 0);

    assert_true(tz_utf8_valid(""));
    assert_true(tz_utf8_valid("武冈市 abc"));
    assert_true(tz_utf8_valid("\xEF\xBF\xBD")); /* a real U+FFFD is fine */
    assert_false(tz_utf8_valid("abc\x80"));
    assert_false(tz_utf8_valid("\xE6\xAD"));
    assert_false(tz_utf8_valid("\xC0\xAF"));
    assert_false(tz_utf8_valid("\xED\xA0\x80"));
    assert_false(tz_utf8_valid("a\xFF"));
}

static void test_utf8_wcs_conversion(void **state)
{
    (void)state;
    size_t n = 99;
    wchar_t *w = tz_utf8_to_wcs("武a\xFF" "冈", &n);
    assert_non_null(w);
    assert_int_equal(n, 4);
    assert_int_equal(w[0], 0x6B66);
    assert_int_equal(w[1], 'a');
    assert_int_equal(w[2], TZ_REPLACEMENT);
    assert_int_equal(w[3], 0x5188);
    assert_int_equal(w[4], 0);
    char *s = tz_wcs_to_utf8(w, n);
    assert_string_equal(s, "武a\xEF\xBF\xBD冈");
    free(s);
    free(w);

    w = tz_utf8_to_wcs("", &n);
    assert_int_equal(n, 0);
    s = tz_wcs_to_utf8(w, 0);
    assert_string_equal(s, "");
    free(s);
    free(w);
}

/* ==== fitting to a width ==================================================================== */

static void test_prefix_fit(void **state)
{
    (void)state;
    int used = -1;
    assert_int_equal(tz_utf8_prefix_fit("武冈市", 5, &used), 6);
    assert_int_equal(used, 4);
    assert_int_equal(tz_utf8_prefix_fit("武冈市", 6, &used), 9);
    assert_int_equal(used, 6);
    assert_int_equal(tz_utf8_prefix_fit("武冈市", 1, &used), 0);
    assert_int_equal(used, 0);
    assert_int_equal(tz_utf8_prefix_fit("ab武", 3, NULL), 2);
    assert_int_equal(tz_utf8_prefix_fit("e\xCC\x81x", 1, &used), 3); /* keeps the mark */
    assert_int_equal(used, 1);
}

static void expect_fit(const char *s, int width, char align, bool ellipsis, const char *want)
{
    char out[64];
    assert_ptr_equal(tz_fit(out, sizeof out, s, width, align, ellipsis), out);
    assert_string_equal(out, want);
    assert_int_equal(tz_str_width(out), width);
}

/* A report read into a buffer it filled is cut there: never inside a character. */
static void test_utf8_whole(void **state)
{
    (void)state;
    const char *s = "数据库ab";                      /* 3 × 3 bytes, then two */
    assert_int_equal(tz_utf8_whole(s, strlen(s)), strlen(s));
    assert_int_equal(tz_utf8_whole(s, 9), 9);
    assert_int_equal(tz_utf8_whole(s, 8), 6);      /* 库 cut after two of its bytes */
    assert_int_equal(tz_utf8_whole(s, 7), 6);
    assert_int_equal(tz_utf8_whole(s, 1), 0);
    assert_int_equal(tz_utf8_whole(s, 0), 0);
    assert_int_equal(tz_utf8_whole("\xF0\x9F\x98\x80", 3), 0); /* a 4-byte one cut */
    assert_int_equal(tz_utf8_whole("a\x80", 2), 2);            /* not UTF-8: left as it is */
}

static void test_fit(void **state)
{
    (void)state;
    expect_fit("ab", 5, 'l', false, "ab   ");
    expect_fit("ab", 5, 'r', false, "   ab");
    expect_fit("ab", 5, 'c', false, " ab  ");
    expect_fit("武冈市", 6, 'l', true, "武冈市");
    /* a wide character at the edge is never split: a space takes its place */
    expect_fit("武冈市", 5, 'l', false, "武冈 ");
    expect_fit("武冈市", 5, 'r', false, " 武冈");
    expect_fit("武冈市", 5, 'l', true, "武冈…");
    expect_fit("武冈市", 4, 'l', true, "武… ");
    expect_fit("武冈市", 1, 'l', false, " ");
    expect_fit("武冈市", 1, 'l', true, "…");
    expect_fit("a武", 2, 'l', false, "a ");
    expect_fit("abcdef", 4, 'l', true, "abc…");
    expect_fit("", 3, 'c', false, "   ");
    expect_fit("a\tb", 3, 'l', false, "a\xEF\xBF\xBD" "b"); /* no raw control bytes */

    char out[64] = "x";
    tz_fit(out, sizeof out, "abc", 0, 'l', true);
    assert_string_equal(out, "");
    /* a small buffer keeps whole characters and stays terminated */
    char small[8];
    tz_fit(small, sizeof small, "武冈市邓元泰镇", 14, 'l', false);
    assert_string_equal(small, "武冈");
    assert_true(tz_utf8_valid(small));
}

/* ==== dates ================================================================================= */

static void expect_date(const char *in, const char *want)
{
    char out[11] = "";
    if (want) {
        assert_true(tz_date_parse(in, out));
        assert_string_equal(out, want);
    } else {
        assert_false(tz_date_parse(in, out));
    }
}

/* A day that does not exist still has a date's shape: the message can name it. */
static void test_date_shape(void **state)
{
    (void)state;
    char out[11];
    assert_true(tz_date_shape("2026-02-30", out));
    assert_string_equal(out, "2026-02-30");
    assert_true(tz_date_shape(" 2026/2/30 ", out));
    assert_string_equal(out, "2026-02-30");
    assert_true(tz_date_shape("20261341", out));
    assert_string_equal(out, "2026-13-41");
    assert_false(tz_date_shape("2026-02-3x", out));
    assert_false(tz_date_shape("26-2-3", out));
    assert_false(tz_date_shape("", out));
    assert_false(tz_date_shape(NULL, out));
}

static void test_leap_years(void **state)
{
    (void)state;
    assert_true(tz_leap_year(2024));
    assert_true(tz_leap_year(2000));
    assert_false(tz_leap_year(1900));
    assert_false(tz_leap_year(2100));
    assert_false(tz_leap_year(2026));
}

static void test_date_parse(void **state)
{
    (void)state;
    expect_date("2026-11-26", "2026-11-26");
    expect_date("2026-1-5", "2026-01-05");
    expect_date("2026/11/26", "2026-11-26");
    expect_date("2026.11.26", "2026-11-26");
    expect_date("20261126", "2026-11-26");
    expect_date(" 2026-11-26 ", "2026-11-26");
    expect_date("2024-02-29", "2024-02-29");
    expect_date("2000-2-29", "2000-02-29");
    expect_date("1900-01-01", "1900-01-01");
    expect_date("2999-12-31", "2999-12-31");

    expect_date("2026-02-29", NULL);
    expect_date("1900-02-29", NULL);
    expect_date("2026-13-01", NULL);
    expect_date("2026-00-10", NULL);
    expect_date("2026-11-31", NULL);
    expect_date("2026-11-00", NULL);
    expect_date("1899-12-31", NULL);
    expect_date("3000-01-01", NULL);
    expect_date("26-11-26", NULL);
    expect_date("2026-11/26", NULL);
    expect_date("2026-011-26", NULL);
    expect_date("2026-11-26x", NULL);
    expect_date("2026 11 26", NULL);
    expect_date("2026111", NULL);
    expect_date("202611260", NULL);
    expect_date("2026年11月26日", NULL);
    expect_date("", NULL);
    expect_date("abc", NULL);
    expect_date(NULL, NULL);
}

static void test_date_valid_and_today(void **state)
{
    (void)state;
    assert_true(tz_date_valid("2024-02-29"));
    assert_false(tz_date_valid("2026-02-29"));
    assert_false(tz_date_valid("2024-2-29"));
    assert_false(tz_date_valid("2024/02/29"));
    assert_false(tz_date_valid("20240229"));
    assert_false(tz_date_valid("2024-02-29 "));
    assert_false(tz_date_valid(NULL));
    char today[11];
    tz_date_today(today);
    assert_true(tz_date_valid(today));
}

/* ==== money ================================================================================= */

static void expect_money(const char *in, int64_t want)
{
    int64_t fen = -1;
    assert_true(tz_money_parse(in, &fen));
    assert_true(fen == want);
}

static void expect_money_refused(const char *in)
{
    int64_t fen = 777;
    assert_false(tz_money_parse(in, &fen));
    assert_true(fen == 777);
}

static void test_money_parse(void **state)
{
    (void)state;
    expect_money("1234", 123400);
    expect_money("1,234.5", 123450);
    expect_money("1234.50", 123450);
    expect_money("-12.30", -1230);
    expect_money("￥1,234.00", 123400);
    expect_money("¥5", 500);
    expect_money("-￥0.05", -5);
    expect_money(" 1 234 ", 123400);
    expect_money("0.05", 5);
    expect_money(".5", 50);
    expect_money("0", 0);
    expect_money("1,234,567.89", 123456789);
    expect_money("92233720368547758.07", INT64_MAX);
    expect_money("-92,233,720,368,547,758.07", -INT64_MAX);
    /* as clerks say amounts: in 元 or in 万 (ten thousand yuan) */
    expect_money("15000元", 1500000);
    expect_money("1.5万", 1500000);
    expect_money("1.5万元", 1500000);
    expect_money("1.5 万元", 1500000);
    expect_money("￥1.5万", 1500000);
    expect_money("-0.01万", -10000);
    expect_money("1.234567万", 1234567);
    expect_money("12万", 12000000);

    expect_money_refused("1.234");       /* more than two decimals */
    expect_money_refused("12,34");
    expect_money_refused("1,2345");
    expect_money_refused("1234,567");
    expect_money_refused(",123");
    expect_money_refused("1,,234");
    expect_money_refused("1,234,");
    expect_money_refused("12.");
    expect_money_refused(".");
    expect_money_refused("");
    expect_money_refused("-");
    expect_money_refused("--1");
    expect_money_refused("1e5");
    expect_money_refused("12.3.4");
    expect_money_refused("abc");
    expect_money_refused("12万万");
    expect_money_refused("元");
    expect_money_refused("1.2345678万");  /* less than a 分 */
    expect_money_refused("1.234元");
    expect_money_refused("92233720368547758.08");  /* overflow */
    expect_money_refused("99999999999999999999");
    expect_money_refused("922337203685477580800");
    expect_money_refused(NULL);
}

static void expect_format(int64_t fen, const char *want)
{
    char out[32];
    assert_string_equal(tz_money_format(fen, out, sizeof out), want);
    if (fen != INT64_MIN) {
        int64_t back;
        assert_true(tz_money_parse(out, &back));
        assert_true(back == fen);
    }
}

/* In a field shown in 万元 a bare number is 万元; one ending in 元 or 万 says its own unit. */
static void test_money_wan(void **state)
{
    (void)state;
    int64_t fen = 0;
    assert_true(tz_money_parse_in("1.5", TZ_MONEY_WAN, &fen));
    assert_true(fen == 1500000);
    assert_true(tz_money_parse_in("15000元", TZ_MONEY_WAN, &fen));
    assert_true(fen == 1500000);
    assert_true(tz_money_parse_in("1.5万", TZ_MONEY_WAN, &fen));
    assert_true(fen == 1500000);
    assert_true(tz_money_parse_in("0.000001", TZ_MONEY_WAN, &fen));
    assert_true(fen == 1);
    assert_false(tz_money_parse_in("0.0000001", TZ_MONEY_WAN, &fen));
    assert_true(tz_money_parse_in("15000", TZ_MONEY_YUAN, &fen));
    assert_true(fen == 1500000);

    static const struct {
        int64_t fen;
        const char *shown;
    } cases[] = {
        { 1500000, "1.50" }, { 1234567, "1.234567" }, { 1234500, "1.2345" }, { 0, "0.00" },
        { -10000, "-0.01" }, { 5749700000000, "5,749,700.00" }, { 99, "0.000099" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[40];
        assert_string_equal(tz_money_format_in(cases[i].fen, TZ_MONEY_WAN, out, sizeof out),
                            cases[i].shown);
        int64_t back = 0;
        assert_true(tz_money_parse_in(out, TZ_MONEY_WAN, &back));
        assert_true(back == cases[i].fen);
    }
}

static void test_money_format(void **state)
{
    (void)state;
    expect_format(0, "0.00");
    expect_format(5, "0.05");
    expect_format(-5, "-0.05");
    expect_format(123450, "1,234.50");
    expect_format(-123450, "-1,234.50");
    expect_format(99999, "999.99");
    expect_format(100000, "1,000.00");
    expect_format(574970000000, "5,749,700,000.00"); /* 5,749.7万元… in 分 */
    expect_format(INT64_MAX, "92,233,720,368,547,758.07");
    expect_format(INT64_MIN, "-92,233,720,368,547,758.08");
}

/* ==== 身份证号 ============================================================================== */

/* The birth date and sex an ID number holds. */
static void test_idcard_birth_and_sex(void **state)
{
    (void)state;
    char birth[11] = "";
    assert_true(tz_idcard_birth("11010519491231002X", birth));
    assert_string_equal(birth, "1949-12-31");
    assert_false(tz_idcard_male("11010519491231002X")); /* 2: even, a woman */
    assert_true(tz_idcard_male("43058119900307123X"));  /* 3: odd, a man */
    assert_false(tz_idcard_birth("43058119900230123X", birth)); /* 30 February */
    assert_false(tz_idcard_birth("4305811990030712", birth));
    assert_false(tz_idcard_birth(NULL, birth));
}

static void test_idcard(void **state)
{
    (void)state;
    /* the example of GB 11643 itself */
    assert_int_equal(tz_idcard_check_char("11010519491231002"), 'X');
    assert_true(tz_idcard_valid("11010519491231002X"));
    assert_true(tz_idcard_valid("11010519491231002x"));

    char id[19] = "43058119900307123";
    id[17] = tz_idcard_check_char(id);
    id[18] = '\0';
    assert_true(id[17] != 0);
    assert_true(tz_idcard_valid(id));
    for (int pos = 0; pos < 17; pos++) {
        char bad[19];
        memcpy(bad, id, sizeof bad);
        bad[pos] = bad[pos] == '9' ? '0' : (char)(bad[pos] + 1);
        assert_false(tz_idcard_valid(bad)); /* one changed digit always changes the sum */
    }
    char wrong_check[19];
    memcpy(wrong_check, id, sizeof wrong_check);
    wrong_check[17] = id[17] == '0' ? '1' : '0';
    assert_false(tz_idcard_valid(wrong_check));

    char feb30[19] = "43058119900230123";
    feb30[17] = tz_idcard_check_char(feb30);
    feb30[18] = '\0';
    assert_false(tz_idcard_valid(feb30)); /* right check digit, impossible birth date */
    char month13[19] = "43058119901301123";
    month13[17] = tz_idcard_check_char(month13);
    month13[18] = '\0';
    assert_false(tz_idcard_valid(month13));

    assert_int_equal(tz_idcard_check_char("4305811990030712A"), 0);
    assert_false(tz_idcard_valid("43058119900307123"));  /* 17 characters */
    assert_false(tz_idcard_valid("4305811990030712345")); /* 19 */
    assert_false(tz_idcard_valid(""));
    assert_false(tz_idcard_valid(NULL));
}

/* ==== pinyin ================================================================================ */

static void expect_initials(const char *s, bool surname, const char *want)
{
    char *got = tz_pinyin_initials(s, surname);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_pinyin_initials(void **state)
{
    (void)state;
    expect_initials("武冈市", false, "wgs");
    expect_initials("邓元泰镇", false, "dytz");
    expect_initials("A区3组", false, "aq3z");
    expect_initials("武冈·市（南）", false, "wgsn");
    expect_initials("", false, "");
    expect_initials(NULL, false, "");
    expect_initials("单", true, "s");
    expect_initials("单", false, "d");
    expect_initials("单文", true, "sw");
    expect_initials("文单", true, "wd");   /* only the first Han character is a surname */
    expect_initials("A单", true, "as");
    expect_initials("曾国藩", true, "zgf");
    expect_initials("曾经", false, "cj");
    assert_int_equal(tz_pinyin_initial('a'), 0);
    assert_int_equal(tz_pinyin_initial(0x3000), 0);
    assert_int_equal(tz_pinyin_initial(0x6B66), 'w');
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort keys order texts by their readings, as a Chinese spreadsheet sorts them. */
static void test_pinyin_sort_key(void **state)
{
    (void)state;
    /* in the order expected; shuffled, keyed, sorted by key, compared */
    static const char *const sorted[] = {
        "12组", "abc", "阿里", "爱国村", "白石", "北京", "陈", "陈家", "曾国藩", "张三", "赵四",
        "竹坪村", "竹坡村", "〇",
    };
    enum { N = sizeof sorted / sizeof sorted[0] };
    char *keys[N];
    const size_t order[N] = { 9, 3, 13, 0, 11, 5, 1, 7, 12, 2, 10, 4, 8, 6 };
    for (size_t i = 0; i < N; i++) {
        keys[i] = tz_pinyin_sort_key(sorted[order[i]], true);
        assert_non_null(keys[i]);
    }
    qsort(keys, N, sizeof keys[0], compare_keys);
    for (size_t i = 0; i < N; i++) {
        char *want = tz_pinyin_sort_key(sorted[i], true);
        if (strcmp(keys[i], want) != 0)
            fail_msg("position %zu: %s, key %s; got key %s", i, sorted[i], want, keys[i]);
        free(want);
        free(keys[i]);
    }
    char *k = tz_pinyin_sort_key("单文", true);
    assert_string_equal(k, "shan4wen2");
    free(k);
    k = tz_pinyin_sort_key("单文", false);
    assert_string_equal(k, "dan1wen2");
    free(k);
    k = tz_pinyin_sort_key("绿A", false);
    assert_string_equal(k, "lv4a0");
    free(k);
}

static void test_pinyin_surnames(void **state)
{
    (void)state;
    static const struct {
        const char *ch; /* the surname */
        char initial;   /* its initial as a surname */
    } list[] = {
        { "单", 's' }, { "解", 'x' }, { "区", 'o' }, { "仇", 'q' }, { "朴", 'p' },
        { "查", 'z' }, { "曾", 'z' }, { "乐", 'y' }, { "盖", 'g' }, { "尉", 'y' },
        { "缪", 'm' }, { "覃", 'q' }, { "召", 's' }, { "秘", 'b' }, { "种", 'c' },
        { "长", 'c' }, { "华", 'h' }, { "洗", 'x' }, { "冼", 'x' }, { "员", 'y' },
        { "翟", 'z' }, { "祭", 'z' }, { "句", 'g' }, { "阚", 'k' }, { "隗", 'w' },
        { "王", 'w' }, { "李", 'l' },
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
        uint32_t cp;
        tz_utf8_decode(list[i].ch, strlen(list[i].ch), &cp);
        if (tz_pinyin_surname_initial(cp) != list[i].initial)
            fail_msg("%s read as a surname: got %c, want %c", list[i].ch,
                     tz_pinyin_surname_initial(cp), list[i].initial);
    }
}

/* ==== line editor: single line ============================================================== */

/* What every layout of a single line must satisfy, whatever the text and cursor. */
static void check_single_view(tz_line *l, int width)
{
    tz_line_view v;
    tz_line_layout(l, width, 1, &v);
    assert_int_equal(v.rows, 1);
    assert_int_equal(v.start[0], l->scroll);
    assert_true(l->cur >= v.start[0] && l->cur <= v.end[0]);
    int shown = tz_wcs_width(l->buf + v.start[0], v.end[0] - v.start[0]);
    assert_true(shown <= width);
    if (v.end[0] < l->len) /* stopped only because the next character would not fit */
        assert_true(shown + tz_char_width((uint32_t)l->buf[v.end[0]]) > width);
    assert_int_equal(v.cursor_col, tz_wcs_width(l->buf + v.start[0], l->cur - v.start[0]));
    assert_true(v.cursor_col >= 0 && v.cursor_col < width);
    int cell = l->cur < l->len ? tz_char_width((uint32_t)l->buf[l->cur]) : 1;
    assert_true(v.cursor_col + (cell > 0 ? cell : 1) <= width); /* the character under the cursor is shown */
    assert_int_equal(v.more_left, v.start[0] > 0);
    assert_int_equal(v.more_right, v.end[0] < l->len);
}

static void test_line_insert_chinese(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 0, false);
    assert_true(tz_line_insert(&l, L'武'));
    assert_true(tz_line_insert(&l, L'冈'));
    assert_true(tz_line_insert(&l, L'a'));
    assert_true(l.changed);
    char *s = tz_line_get(&l);
    assert_string_equal(s, "武冈a");
    free(s);
    tz_line_view v;
    tz_line_layout(&l, 20, 1, &v);
    assert_int_equal(v.cursor_col, 5);
    tz_line_left(&l);
    tz_line_layout(&l, 20, 1, &v);
    assert_int_equal(v.cursor_col, 4);
    tz_line_left(&l);
    tz_line_layout(&l, 20, 1, &v);
    assert_int_equal(v.cursor_col, 2);

    /* backspace removes the whole Chinese character before the cursor */
    assert_true(tz_line_backspace(&l));
    s = tz_line_get(&l);
    assert_string_equal(s, "冈a");
    free(s);
    tz_line_layout(&l, 20, 1, &v);
    assert_int_equal(v.cursor_col, 0);
    assert_false(tz_line_backspace(&l));
    assert_true(tz_line_delete(&l));
    assert_true(tz_line_delete(&l));
    assert_false(tz_line_delete(&l));
    assert_int_equal(l.len, 0);
    tz_line_free(&l);
}

static void assert_line(const tz_line *l, const char *expected)
{
    char *s = tz_line_get(l);
    assert_string_equal(s, expected);
    free(s);
}

/* Clipper's GET: the first character typed into a field just entered replaces its value; a
 * cursor move, an edit or a kept key first keeps it, and typing then inserts. */
static void test_line_enter_replaces(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 10, false);
    tz_line_set(&l, "2026-12-01");
    tz_line_enter(&l);
    assert_true(tz_line_insert(&l, L'2'));
    assert_true(tz_line_insert(&l, L'0'));
    assert_line(&l, "20");

    tz_line_set(&l, "2026-12-01"); /* full to maxlen: replacing still takes the character */
    tz_line_enter(&l);
    assert_int_equal(tz_line_insert_str(&l, "2026-03-15"), 10);
    assert_line(&l, "2026-03-15");

    tz_line_enter(&l); /* a paste of nothing the field takes keeps its value */
    assert_int_equal(tz_line_insert_str(&l, "\x1b\x07"), 0);
    assert_line(&l, "2026-03-15");

    tz_line_set(&l, "43");
    tz_line_enter(&l);
    tz_line_home(&l);
    assert_true(tz_line_insert(&l, L'1'));
    assert_line(&l, "143");

    tz_line_set(&l, "4");
    tz_line_enter(&l);
    tz_line_keep(&l);
    assert_true(tz_line_insert(&l, L'2'));
    assert_line(&l, "42");

    tz_line_set(&l, "abc");
    tz_line_enter(&l);
    assert_true(tz_line_backspace(&l));
    assert_true(tz_line_insert(&l, L'x'));
    assert_line(&l, "abx");

    tz_line_set(&l, "abc"); /* a refused character (a control) keeps the text */
    tz_line_enter(&l);
    assert_false(tz_line_insert(&l, L'\x01'));
    assert_line(&l, "abc");
    tz_line_free(&l);
}

static void test_line_refuses(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 3, false);
    assert_false(tz_line_insert(&l, L'\n'));
    assert_false(tz_line_insert(&l, L'\t'));
    assert_false(tz_line_insert(&l, 0x1B));
    assert_false(tz_line_insert(&l, 0x7F));
    assert_false(tz_line_insert(&l, 0x9B));
    assert_false(tz_line_insert(&l, 0x0378)); /* unassigned: wcwidth < 0 */
    assert_false(tz_line_insert(&l, 0xD800));
    assert_int_equal(l.len, 0);
    assert_false(l.changed);
    assert_true(tz_line_insert(&l, L'一'));
    assert_true(tz_line_insert(&l, L'二'));
    assert_true(tz_line_insert(&l, L'三'));
    assert_false(tz_line_insert(&l, L'四')); /* maxlen */
    assert_int_equal(l.len, 3);
    tz_line_free(&l);

    tz_line_init(&l, 0, true);
    assert_true(tz_line_insert(&l, L'\n'));
    assert_false(tz_line_insert(&l, L'\r'));
    tz_line_free(&l);
}

static void test_line_set_get_and_moves(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 4, false);
    assert_true(tz_line_set(&l, "武冈市邓元泰镇")); /* longer than maxlen: kept whole */
    assert_int_equal(l.len, 7);
    assert_int_equal(l.cur, 7);
    assert_false(l.changed);
    tz_line_home(&l);
    assert_int_equal(l.cur, 0);
    tz_line_left(&l);
    assert_int_equal(l.cur, 0);
    tz_line_end(&l);
    assert_int_equal(l.cur, 7);
    tz_line_right(&l);
    assert_int_equal(l.cur, 7);
    assert_false(tz_line_insert(&l, L'x'));
    tz_line_clear(&l);
    assert_int_equal(l.len, 0);
    assert_true(l.changed);
    char *s = tz_line_get(&l);
    assert_string_equal(s, "");
    free(s);

    assert_true(tz_line_set(&l, NULL));
    assert_int_equal(l.len, 0);
    assert_true(tz_line_set(&l, "a\xFF"));
    assert_int_equal(l.buf[1], TZ_REPLACEMENT);
    tz_line_free(&l);
}

static void test_line_horizontal_scroll(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 0, false);
    const wchar_t *text = L"武冈市邓元";
    for (size_t i = 0; text[i]; i++) {
        assert_true(tz_line_insert(&l, text[i]));
        check_single_view(&l, 5);
    }
    tz_line_view v;
    tz_line_layout(&l, 5, 1, &v);
    /* the cursor at the end needs a free column: "邓元" and the cursor at column 4 */
    assert_int_equal(v.start[0], 3);
    assert_int_equal(v.end[0], 5);
    assert_int_equal(v.cursor_col, 4);
    assert_true(v.more_left);
    assert_false(v.more_right);

    tz_line_home(&l);
    tz_line_layout(&l, 5, 1, &v);
    assert_int_equal(v.start[0], 0);
    assert_int_equal(v.end[0], 2); /* 市 would straddle the edge: not shown */
    assert_int_equal(v.cursor_col, 0);
    assert_false(v.more_left);
    assert_true(v.more_right);

    tz_line_right(&l);
    tz_line_right(&l); /* onto 市: scroll so it is whole */
    tz_line_layout(&l, 5, 1, &v);
    assert_int_equal(v.start[0], 1);
    assert_int_equal(v.cursor_col, 2);
    for (int i = 0; i < 6; i++) {
        tz_line_right(&l);
        check_single_view(&l, 5);
    }
    for (int i = 0; i < 6; i++) {
        tz_line_left(&l);
        check_single_view(&l, 5);
    }
    tz_line_free(&l);
}

static void test_line_scroll_mixed_widths(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 0, false);
    assert_true(tz_line_set(&l, "a武b冈市cd邓元泰镇efg第一书记h"));
    for (int width = 2; width <= 12; width++) {
        tz_line_home(&l);
        for (size_t i = 0; i <= l.len; i++) {
            check_single_view(&l, width);
            tz_line_right(&l);
        }
        for (size_t i = 0; i <= l.len; i++) {
            tz_line_left(&l);
            check_single_view(&l, width);
        }
        tz_line_end(&l);
        check_single_view(&l, width);
    }
    tz_line_free(&l);
}

static void test_line_backspace_pulls_view_back(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 0, false);
    assert_true(tz_line_set(&l, "abcdefghij"));
    tz_line_view v;
    tz_line_layout(&l, 5, 1, &v);
    assert_int_equal(v.start[0], 6);
    assert_int_equal(v.cursor_col, 4);
    assert_true(tz_line_backspace(&l));
    tz_line_layout(&l, 5, 1, &v);
    assert_int_equal(v.start[0], 5); /* no blank space while text hides on the left */
    assert_int_equal(v.cursor_col, 4);
    tz_line_free(&l);
}

static void test_line_paste(void **state)
{
    (void)state;
    enum { PASTE = 10000 };
    tz_sb sb = { 0 };
    for (int i = 0; i < PASTE; i++)
        tz_sb_append(&sb, i % 3 ? "党" : "x");
    assert_false(sb.failed);

    tz_line l;
    tz_line_init(&l, 200, false);
    assert_int_equal(tz_line_insert_str(&l, sb.buf), 200);
    assert_int_equal(l.len, 200);
    assert_int_equal(l.cur, 200);
    assert_int_equal(tz_line_insert_str(&l, sb.buf), 0);
    check_single_view(&l, 30);
    tz_line_free(&l);

    tz_line_init(&l, 0, false);
    assert_int_equal(tz_line_insert_str(&l, sb.buf), PASTE);
    check_single_view(&l, 30);
    tz_line_home(&l);
    check_single_view(&l, 30);
    char *s = tz_line_get(&l);
    assert_string_equal(s, sb.buf);
    free(s);
    tz_line_free(&l);
    tz_sb_free(&sb);

    /* line ends become spaces in a single line; tabs become spaces; controls are dropped */
    tz_line_init(&l, 0, false);
    assert_true(tz_line_set(&l, "ae"));
    l.cur = 1;
    assert_int_equal(tz_line_insert_str(&l, "b\nc\r\nd\t\x1b"), 6);
    s = tz_line_get(&l);
    assert_string_equal(s, "ab c d e");
    free(s);
    assert_int_equal(l.cur, 7);
    assert_true(l.changed);
    tz_line_free(&l);

    tz_line_init(&l, 0, true);
    assert_int_equal(tz_line_insert_str(&l, "a\r\nb\rc"), 5);
    s = tz_line_get(&l);
    assert_string_equal(s, "a\nb\nc");
    free(s);
    tz_line_free(&l);
}

/* ==== line editor: memo ===================================================================== */

static void test_memo_wrap(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 0, true);
    assert_true(tz_line_set(&l, "武冈市邓元泰镇"));
    tz_line_view v;
    tz_line_layout(&l, 5, 10, &v);
    /* five columns hold two Chinese characters; the third goes to the next row */
    assert_int_equal(v.rows, 4);
    static const size_t starts[] = { 0, 2, 4, 6 }, ends[] = { 2, 4, 6, 7 };
    for (int r = 0; r < 4; r++) {
        assert_int_equal(v.start[r], starts[r]);
        assert_int_equal(v.end[r], ends[r]);
    }
    assert_int_equal(v.cursor_row, 3);
    assert_int_equal(v.cursor_col, 2);
    assert_false(v.more_above);
    assert_false(v.more_below);

    tz_line_up(&l, 5);
    assert_int_equal(l.cur, 5);
    tz_line_up(&l, 5);
    assert_int_equal(l.cur, 3);
    tz_line_up(&l, 5);
    assert_int_equal(l.cur, 1);
    tz_line_up(&l, 5);
    assert_int_equal(l.cur, 1);
    tz_line_down(&l, 5);
    assert_int_equal(l.cur, 3);
    tz_line_down(&l, 5);
    tz_line_down(&l, 5);
    assert_int_equal(l.cur, 7);
    tz_line_down(&l, 5);
    assert_int_equal(l.cur, 7);

    /* a cursor at a soft wrap stands at the start of the lower row */
    l.cur = 2;
    tz_line_layout(&l, 5, 10, &v);
    assert_int_equal(v.cursor_row, 1);
    assert_int_equal(v.cursor_col, 0);
    tz_line_free(&l);
}

static void test_memo_newlines_and_columns(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 0, true);
    assert_true(tz_line_set(&l, "ab\n武冈"));
    tz_line_view v;
    tz_line_layout(&l, 10, 5, &v);
    assert_int_equal(v.rows, 2);
    assert_int_equal(v.start[0], 0);
    assert_int_equal(v.end[0], 2); /* the '\n' is not shown */
    assert_int_equal(v.start[1], 3);
    assert_int_equal(v.end[1], 5);
    assert_int_equal(v.cursor_row, 1);
    assert_int_equal(v.cursor_col, 4);

    tz_line_up(&l, 10); /* column 4 does not exist above: the end of "ab" */
    assert_int_equal(l.cur, 2);
    l.cur = 1;
    tz_line_down(&l, 10); /* column 1 is inside 武: stand before it */
    assert_int_equal(l.cur, 3);
    tz_line_end(&l);
    assert_int_equal(l.cur, 5);
    tz_line_home(&l);
    assert_int_equal(l.cur, 3);
    l.cur = 1;
    tz_line_end(&l);
    assert_int_equal(l.cur, 2);

    /* a row filled to the edge: the cursor at the end gets a row of its own */
    assert_true(tz_line_set(&l, "abcde"));
    tz_line_layout(&l, 5, 5, &v);
    assert_int_equal(v.rows, 2);
    assert_int_equal(v.end[0], 5);
    assert_int_equal(v.cursor_row, 1);
    assert_int_equal(v.cursor_col, 0);
    tz_line_free(&l);
}

static void test_memo_vertical_scroll(void **state)
{
    (void)state;
    tz_line l;
    tz_line_init(&l, 0, true);
    tz_sb sb = { 0 };
    for (int i = 0; i < 20; i++)
        tz_sb_printf(&sb, "%s第%d行", i ? "\n" : "", i);
    assert_true(tz_line_set(&l, sb.buf));
    tz_sb_free(&sb);

    tz_line_view v;
    tz_line_layout(&l, 12, 5, &v);
    assert_int_equal(v.rows, 5);
    assert_int_equal(l.scroll, 15);
    assert_int_equal(v.cursor_row, 4);
    assert_true(v.more_above);
    assert_false(v.more_below);
    for (int i = 0; i < 19; i++) {
        tz_line_up(&l, 12);
        tz_line_layout(&l, 12, 5, &v);
        assert_true(v.cursor_row >= 0 && v.cursor_row < v.rows);
        assert_true(l.cur >= v.start[v.cursor_row] && l.cur <= v.end[v.cursor_row]);
    }
    assert_int_equal(l.scroll, 0);
    assert_int_equal(v.cursor_row, 0);
    assert_false(v.more_above);
    assert_true(v.more_below);
    tz_line_free(&l);
}

/* Random edits with a fixed seed; after each one the layout must keep the cursor inside the
 * field, on a row that contains it, and no row wider than the field. */
static void check_memo_view(tz_line *l, int width, int height)
{
    tz_line_view v;
    tz_line_layout(l, width, height, &v);
    assert_true(v.rows >= 1 && v.rows <= height);
    assert_true(v.cursor_row >= 0 && v.cursor_row < v.rows);
    size_t start = v.start[v.cursor_row], end = v.end[v.cursor_row];
    assert_true(l->cur >= start && l->cur <= end);
    int col = tz_wcs_width(l->buf + start, l->cur - start);
    assert_int_equal(v.cursor_col, col < width ? col : width - 1);
    for (int r = 0; r < v.rows; r++) {
        assert_true(v.start[r] <= v.end[r] && v.end[r] <= l->len);
        assert_true(tz_wcs_width(l->buf + v.start[r], v.end[r] - v.start[r]) <= width);
        if (r > 0)
            assert_true(v.start[r] >= v.end[r - 1]);
    }
}

static void test_line_random_edits(void **state)
{
    (void)state;
    static const wchar_t chars[] = L"a1 武冈市党\x0301\n";
    uint32_t seed = 12345;
    for (int multiline = 0; multiline <= 1; multiline++) {
        tz_line l;
        tz_line_init(&l, 300, multiline);
        for (int step = 0; step < 4000; step++) {
            seed = seed * 1103515245u + 12345u;
            unsigned op = (seed >> 16) % 12;
            if (op < 5)
                tz_line_insert(&l, chars[(seed >> 8) % (sizeof chars / sizeof chars[0] - 1)]);
            else if (op == 5)
                tz_line_backspace(&l);
            else if (op == 6)
                tz_line_delete(&l);
            else if (op == 7)
                tz_line_left(&l);
            else if (op == 8)
                tz_line_right(&l);
            else if (op == 9)
                tz_line_up(&l, 7);
            else if (op == 10)
                tz_line_down(&l, 7);
            else
                (seed >> 9) & 1 ? tz_line_home(&l) : tz_line_end(&l);
            if (multiline)
                check_memo_view(&l, 7, 4);
            else
                check_single_view(&l, 7);
        }
        tz_line_free(&l);
    }
}

/* ==== small helpers ========================================================================= */

static void test_sb(void **state)
{
    (void)state;
    tz_sb sb = { 0 };
    char *s = tz_sb_take(&sb);
    assert_string_equal(s, "");
    free(s);
    tz_sb_append(&sb, "武冈");
    tz_sb_appendn(&sb, "市委组织部", 3);
    assert_string_equal(sb.buf, "武冈市");
    assert_int_equal(sb.len, 9);
    for (int i = 0; i < 100; i++)
        tz_sb_printf(&sb, "%d,", i);
    assert_false(sb.failed);
    assert_int_equal(sb.len, strlen(sb.buf));
    assert_true(sb.cap > sb.len);
    tz_sb_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    tz_sb_printf(&sb, "%s=%d", "n", 42);
    s = tz_sb_take(&sb);
    assert_string_equal(s, "n=42");
    assert_null(sb.buf);
    free(s);
    tz_sb_append(&sb, "x");
    tz_sb_free(&sb);
    assert_null(sb.buf);
}

static void test_problems(void **state)
{
    (void)state;
    tz_problems p = { 0 };
    for (int i = 1; i <= 20; i++)
        tz_problems_add(&p, "forms/units.form", i, "第%d行：缺少字段 %s", i, "name");
    tz_problems_add(&p, NULL, 0, "whole file");
    assert_int_equal(p.n, 21);
    assert_string_equal(p.items[0].file, "forms/units.form");
    assert_int_equal(p.items[19].line, 20);
    assert_string_equal(p.items[19].msg, "第20行：缺少字段 name");
    assert_string_equal(p.items[20].file, "");
    tz_problems_free(&p);
    assert_int_equal(p.n, 0);
    assert_null(p.items);
}

static void test_parse_int_and_strings(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_true(tz_parse_int("42", &v));
    assert_true(v == 42);
    assert_true(tz_parse_int("  -7  ", &v));
    assert_true(v == -7);
    assert_true(tz_parse_int("9223372036854775807", &v));
    assert_true(v == INT64_MAX);
    assert_false(tz_parse_int("9223372036854775808", &v));
    assert_false(tz_parse_int("", &v));
    assert_false(tz_parse_int("   ", &v));
    assert_false(tz_parse_int("-", &v));
    assert_false(tz_parse_int("12x", &v));
    assert_false(tz_parse_int("1 2", &v));
    assert_false(tz_parse_int("1.5", &v));
    assert_false(tz_parse_int("abc", &v));

    char buf[] = "  武冈 市 \t\n";
    assert_string_equal(tz_trim(buf), "武冈 市");
    char *d = tz_strdup("党建");
    assert_string_equal(d, "党建");
    free(d);
    d = tz_strndup("党建台账", 6);
    assert_string_equal(d, "党建");
    free(d);
    assert_null(tz_strdup(NULL));
}

static void test_lang_and_errors(void **state)
{
    (void)state;
    tz_lang_set(TZ_LANG_EN);
    assert_int_equal(tz_lang_get(), TZ_LANG_EN);
    assert_string_equal(tz_L("保存", "Save"), "Save");
    assert_string_equal(tz_L("保存", NULL), "保存");
    assert_string_equal(tz_status_text(TZ_ERR_BUSY), "database is busy, try again");
    tz_lang_set(TZ_LANG_ZH);
    assert_string_equal(tz_L("保存", "Save"), "保存");
    assert_string_equal(tz_status_text(TZ_ERR_NOTFOUND), "找不到");

    tz_error err;
    tz_error_clear(&err);
    assert_int_equal(err.code, TZ_OK);
    assert_string_equal(err.msg, "");
    assert_int_equal(tz_fail(&err, TZ_ERR_INVALID, "日期无效：%s", "2026-02-29"), TZ_ERR_INVALID);
    assert_int_equal(err.code, TZ_ERR_INVALID);
    assert_string_equal(err.msg, "日期无效：2026-02-29");
    assert_int_equal(tz_fail(NULL, TZ_ERR_IO, "x"), TZ_ERR_IO);

    /* the first of LC_ALL, LC_MESSAGES, LANG that is set decides */
    char *saved[3];
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *s = getenv(vars[i]);
        saved[i] = s ? tz_strdup(s) : NULL;
        unsetenv(vars[i]);
    }
    assert_int_equal(tz_lang_from_env(), TZ_LANG_ZH);
    setenv("LANG", "en_US.UTF-8", 1);
    assert_int_equal(tz_lang_from_env(), TZ_LANG_EN);
    setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
    assert_int_equal(tz_lang_from_env(), TZ_LANG_ZH);
    setenv("LC_ALL", "en_GB.UTF-8", 1);
    assert_int_equal(tz_lang_from_env(), TZ_LANG_EN);
    for (int i = 0; i < 3; i++) {
        if (saved[i])
            setenv(vars[i], saved[i], 1);
        else
            unsetenv(vars[i]);
        free(saved[i]);
    }
}

/* A lookup's where goes in parentheses: it must not be able to leave them. */
static void test_sql_expr_closed(void **state)
{
    (void)state;
    assert_true(tz_sql_expr_closed("level IN ('city','township')"));
    assert_true(tz_sql_expr_closed("name = 'a)b' AND \"x(\" = 1"));
    assert_true(tz_sql_expr_closed("note = 'it''s (fine'"));
    assert_true(tz_sql_expr_closed("a - b > 1 AND c / 2 < 3"));
    assert_false(tz_sql_expr_closed("1) OR (1"));
    assert_false(tz_sql_expr_closed("1)) t --"));
    assert_false(tz_sql_expr_closed("(1"));
    assert_false(tz_sql_expr_closed("1; DELETE FROM users"));
    assert_false(tz_sql_expr_closed("1 -- rest"));
    assert_false(tz_sql_expr_closed("1 /* rest"));
    assert_false(tz_sql_expr_closed("name = 'open"));
    assert_false(tz_sql_expr_closed("[open"));
}

/* System errors are said in the UI's language, with what to do; never strerror's English. */
static void test_errno_text_and_count(void **state)
{
    (void)state;
    const int errs[] = { EACCES, ENOSPC, EROFS, ENOENT, EIO, EISDIR, 0 };
    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        const char *t = tz_errno_text(errs[i]);
        assert_true(tz_str_width(t) > (int)strlen(t) / 3); /* mostly Chinese */
        assert_null(strstr(t, strerror(errs[i])));
    }
    assert_non_null(strstr(tz_errno_text(ENOSPC), "磁盘已满"));
    assert_int_equal(tz_utf8_count("党建ab"), 4);
    assert_int_equal(tz_utf8_count(""), 0);
}

static char *path_in(const char *dir, const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

/* A folder of definitions is trusted as a configuration file is: its owner's alone. */
static void test_dir_private_to(void **state)
{
    (void)state;
    char dir[] = "/tmp/tz-trust.XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(tz_write_file(path_in(dir, "units.form"), "x", 1, NULL), TZ_OK);
    uid_t me = geteuid();
    assert_true(tz_dir_private_to(dir, me));
    if (me != 0) /* root's folders are trusted for any owner, as root can change anything */
        assert_false(tz_dir_private_to(dir, me + 1));
    chmod(dir, 0777);
    assert_false(tz_dir_private_to(dir, me));
    chmod(dir, 0700);
    chmod(path_in(dir, "units.form"), 0646);
    assert_false(tz_dir_private_to(dir, me));
    chmod(path_in(dir, "units.form"), 0600);
    assert_int_equal(symlink("/etc/hostname", path_in(dir, "link.form")), 0);
    assert_false(tz_dir_private_to(dir, me));
    unlink(path_in(dir, "link.form"));
    assert_true(tz_dir_private_to(dir, me));
    assert_false(tz_dir_private_to(path_in(dir, "missing"), me));
    unlink(path_in(dir, "units.form"));
    rmdir(dir);
}

/* A new output file is private; one replaced keeps its mode; a link stays a link. */
static void test_write_file_modes(void **state)
{
    (void)state;
    char dir[] = "/tmp/tz-out.XXXXXX";
    assert_non_null(mkdtemp(dir));
    mode_t mask = umask(022);
    char file[256], link[256];
    snprintf(file, sizeof file, "%s/a.txt", dir);
    snprintf(link, sizeof link, "%s/link.txt", dir);
    struct stat st;
    assert_int_equal(tz_write_file(file, "one", 3, NULL), TZ_OK);
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    chmod(file, 0640);
    assert_int_equal(tz_write_file(file, "two", 3, NULL), TZ_OK);
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(symlink(file, link), 0);
    assert_int_equal(tz_write_file(link, "three", 5, NULL), TZ_OK);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_size, 5);
    tz_error err = { 0 };
    assert_int_equal(tz_write_file(dir, "x", 1, &err), TZ_ERR_IO); /* a folder */
    umask(mask);
    unlink(link);
    unlink(file);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
}

int main(void)
{
    /* widths come from wcwidth(): make sure this process is in a UTF-8 locale */
    if (!setlocale(LC_ALL, "") || MB_CUR_MAX == 1)
        setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sql_expr_closed),
        cmocka_unit_test(test_dir_private_to),
        cmocka_unit_test(test_write_file_modes),
        cmocka_unit_test(test_errno_text_and_count),
        cmocka_unit_test(test_width_ascii_and_chinese),
        cmocka_unit_test(test_width_combining_and_control),
        cmocka_unit_test(test_utf8_round_trip),
        cmocka_unit_test(test_utf8_malformed),
        cmocka_unit_test(test_utf8_wcs_conversion),
        cmocka_unit_test(test_prefix_fit),
        cmocka_unit_test(test_utf8_whole),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_date_valid_and_today),
        cmocka_unit_test(test_date_shape),
        cmocka_unit_test(test_money_parse),
        cmocka_unit_test(test_money_format),
        cmocka_unit_test(test_money_wan),
        cmocka_unit_test(test_idcard_birth_and_sex),
        cmocka_unit_test(test_idcard),
        cmocka_unit_test(test_pinyin_initials),
        cmocka_unit_test(test_pinyin_surnames),
        cmocka_unit_test(test_pinyin_sort_key),
        cmocka_unit_test(test_line_insert_chinese),
        cmocka_unit_test(test_line_enter_replaces),
        cmocka_unit_test(test_line_refuses),
        cmocka_unit_test(test_line_set_get_and_moves),
        cmocka_unit_test(test_line_horizontal_scroll),
        cmocka_unit_test(test_line_scroll_mixed_widths),
        cmocka_unit_test(test_line_backspace_pulls_view_back),
        cmocka_unit_test(test_line_paste),
        cmocka_unit_test(test_memo_wrap),
        cmocka_unit_test(test_memo_newlines_and_columns),
        cmocka_unit_test(test_memo_vertical_scroll),
        cmocka_unit_test(test_line_random_edits),
        cmocka_unit_test(test_sb),
        cmocka_unit_test(test_problems),
        cmocka_unit_test(test_parse_int_and_strings),
        cmocka_unit_test(test_lang_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
