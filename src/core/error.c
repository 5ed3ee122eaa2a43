/* error.c — status codes, error messages and the UI language. */
#include "taizhang/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static tz_lang current_lang = TZ_LANG_ZH;

void tz_lang_set(tz_lang lang) { current_lang = lang; }
tz_lang tz_lang_get(void) { return current_lang; }

const char *tz_L(const char *zh, const char *en)
{
    return current_lang == TZ_LANG_EN && en ? en : zh;
}

/* The first of LC_ALL, LC_MESSAGES, LANG that is set decides, as for gettext. */
tz_lang tz_lang_from_env(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "en", 2) == 0 ? TZ_LANG_EN : TZ_LANG_ZH;
    }
    return TZ_LANG_ZH;
}

tz_status tz_fail(tz_error *err, tz_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void tz_error_clear(tz_error *err)
{
    if (err) {
        err->code = TZ_OK;
        err->msg[0] = '\0';
    }
}

const char *tz_status_text(tz_status code)
{
    switch (code) {
    case TZ_OK:             return tz_L("成功", "OK");
    case TZ_ERR_NOMEM:      return tz_L("内存不足", "out of memory");
    case TZ_ERR_IO:         return tz_L("文件读写失败", "file read or write failed");
    case TZ_ERR_INVALID:    return tz_L("数据无效", "invalid value");
    case TZ_ERR_PARSE:      return tz_L("定义文件有误", "malformed definition");
    case TZ_ERR_DB:         return tz_L("数据库错误", "database error");
    case TZ_ERR_CONSTRAINT: return tz_L("不符合数据规则", "refused by a data rule");
    case TZ_ERR_BUSY:       return tz_L("数据库正被他人占用，请稍后再试", "database is busy, try again");
    case TZ_ERR_READONLY:   return tz_L("数据库只读，不能保存", "database is read-only");
    case TZ_ERR_NOTFOUND:   return tz_L("找不到", "not found");
    case TZ_ERR_VERSION:    return tz_L("数据库版本比本程序新", "database is newer than this program");
    case TZ_ERR_CORRUPT:    return tz_L("数据库文件已损坏或不是数据库", "database is damaged or not a database");
    case TZ_ERR_EXISTS:     return tz_L("文件已存在", "file already exists");
    case TZ_ERR_CONFLICT:   return tz_L("他人已修改此记录", "someone else changed this record");
    case TZ_ERR_DENIED:     return tz_L("没有这样做的权限", "not allowed");
    }
    return "?";
}
