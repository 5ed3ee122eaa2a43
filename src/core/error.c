/* error.c — status codes, error messages and the UI language. */
#include "taizhang/core.h"

#include <errno.h>
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

const char *tz_errno_text(int e)
{
    switch (e) {
    case EACCES:
    case EPERM:
        return tz_L("没有权限：请换一个自己能写的文件夹，或请系统管理员检查权限",
                    "permission denied: choose a folder of your own, or ask the system administrator");
    case ENOSPC:
    case EDQUOT:
        return tz_L("磁盘已满：请腾出空间，或换一个磁盘（U 盘）", "the disk is full: free some space, or use another disk");
    case EROFS:
        return tz_L("磁盘是只读的：请换一个可写的位置（U 盘是否有写保护？）",
                    "the disk is read-only: choose a writable place (is the USB stick write-protected?)");
    case ENOENT:
    case ENOTDIR:
        return tz_L("文件夹不存在：请检查路径", "no such folder: check the path");
    case EISDIR:
        return tz_L("这是一个文件夹，请给出文件名", "it is a folder: give a file name");
    case EEXIST:
        return tz_L("文件已存在", "the file already exists");
    case ENAMETOOLONG:
        return tz_L("路径太长", "the path is too long");
    case EMFILE:
    case ENFILE:
    case ENOMEM:
        return tz_L("系统资源不足：请关闭一些程序后重试", "the system is out of resources: close some programs and try again");
    default:
        return tz_L("读写时磁盘或系统出错：请检查磁盘后重试", "the disk or the system failed: check the disk and try again");
    }
}
