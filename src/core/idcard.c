/* idcard.c — 居民身份证号 check character (GB 11643, ISO 7064 MOD 11-2) and birth date. */
#include "taizhang/core.h"

#include <string.h>

char tz_idcard_check_char(const char *first17)
{
    static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    static const char checks[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        char c = first17[i];
        if (c < '0' || c > '9')
            return 0;
        sum += (c - '0') * weights[i];
    }
    return checks[sum % 11];
}

bool tz_idcard_birth(const char *id, char out[11])
{
    if (!id || strlen(id) != 18)
        return false;
    /* positions 7–14 hold the birth date as YYYYMMDD */
    char birth[9];
    memcpy(birth, id + 6, 8);
    birth[8] = '\0';
    return tz_date_parse(birth, out);
}

bool tz_idcard_male(const char *id)
{
    return (id[16] - '0') % 2 == 1; /* the 17th: odd for men, even for women */
}

bool tz_idcard_valid(const char *id)
{
    if (!id || strlen(id) != 18)
        return false;
    char check = tz_idcard_check_char(id);
    char last = id[17] == 'x' ? 'X' : id[17];
    char birth[11];
    return check && last == check && tz_idcard_birth(id, birth);
}
