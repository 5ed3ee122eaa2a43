/* gensample PATH — creates PATH and fills it with sample data at the scale of Wugang city:
 * the city, 18 townships and sub-districts, 485 villages, 16 communities, ~104 city
 * departments and ~700 people. Reproducible: a fixed-seed PRNG and no clock. */
#include "gensample.h"
#include "taizhang/core.h"
#include "taizhang/db.h"
#include "taizhang/pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CITY_CODE "430581"
#define NVILLAGES 485

/* ---- data ------------------------------------------------------------------------------------ */

static const char *const townships[] = {
    "迎春亭街道", "法相岩街道", "水西门街道", "辕门口街道", "龙溪镇", "稠树塘镇",
    "邓家铺镇", "湾头桥镇", "文坪镇", "荆竹铺镇", "邓元泰镇", "秦桥镇", "双牌镇",
    "大甸镇", "司马冲镇", "晏田乡", "马坪乡", "头堂乡",
};
#define NTOWNSHIPS (sizeof townships / sizeof townships[0])
#define NSTREETS 4 /* the first four are 街道, which hold the communities */

static const char *const communities[] = {
    "东塔", "玉带", "资江", "红星", "宝方", "双坝", "都梁", "春光",
    "新东", "富田", "龙泉", "文昌", "云山", "城南", "水西", "迎春",
};
#define NCOMMUNITIES (sizeof communities / sizeof communities[0])

static const char *const village_first[] = {
    "石", "竹", "桥", "塘", "龙", "凤", "花", "新", "高", "白", "黄", "青", "杨", "柳",
    "桃", "梅", "松", "枫", "荷", "水", "江", "长", "大", "小", "东", "西", "南", "北",
    "金", "银", "太", "平", "和", "兴", "中", "上", "下", "古", "红", "双",
};
static const char *const village_second[] = {
    "山", "田", "塘", "冲", "坪", "岭", "湾", "桥", "江", "溪", "园", "林", "家", "头",
    "口", "坡", "铺", "洲", "源", "峰", "井", "庄", "阳", "丰", "安", "树", "岗", "垅",
};

static const char *const departments[] = {
    "市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室", "市纪委监委",
    "市委组织部", "市委宣传部", "市委统战部", "市委政法委", "市委编办", "市委党校",
    "市委政策研究室", "市委巡察办", "市直机关工委", "市委老干部局", "市委机要和保密局",
    "市档案馆", "市发展和改革局", "市教育局", "市科学技术和工业信息化局", "市公安局",
    "市民政局", "市司法局", "市财政局", "市人力资源和社会保障局", "市自然资源局",
    "市生态环境局", "市住房和城乡建设局", "市交通运输局", "市水利局", "市农业农村局",
    "市商务粮食局", "市文化旅游广电体育局", "市卫生健康局", "市退役军人事务局",
    "市应急管理局", "市审计局", "市市场监督管理局", "市统计局", "市医疗保障局", "市林业局",
    "市城市管理和综合执法局", "市信访局", "市乡村振兴局", "市数据资源局",
    "市行政审批服务局", "市机关事务服务中心", "市融媒体中心", "市总工会", "团市委",
    "市妇联", "市科协", "市工商联", "市残联", "市文联", "市红十字会", "市人民法院",
    "市人民检察院", "市税务局", "市供销合作社", "市住房公积金管理部", "市不动产登记中心",
    "市公路建设养护中心", "市疾病预防控制中心", "市人民医院", "市中医医院",
    "市妇幼保健院", "市第一中学", "市第二中学", "市职业中专", "市烟草专卖局",
    "市邮政分公司", "市电信分公司", "市移动分公司", "市联通分公司", "市供电公司",
    "市农商银行", "市工业园管理委员会", "市经济开发区管理委员会", "市城市建设投资公司",
    "市国有资产事务中心", "市政务服务中心", "市公共资源交易中心", "市社会保险服务中心",
    "市就业服务中心", "市农业机械化事务中心", "市畜牧水产事务中心", "市水文站", "市气象局",
    "市地震局", "市消防救援大队", "市人武部", "市法律援助中心", "市殡葬事务中心",
    "市图书馆", "市博物馆", "市文物管理所", "市园林绿化中心", "市环境卫生服务中心",
    "市自来水公司", "市老年大学", "市关工委", "市网信办", "市委保密办",
};
#define NDEPARTMENTS (sizeof departments / sizeof departments[0])

/* Common surnames, plus 单 解 区 曾 whose surname readings differ (Shan, Xie, Ou, Zeng). */
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶",
    "程", "苏", "魏", "吕", "丁", "任", "姚", "卢", "钟", "谭", "陆", "范", "石", "廖",
    "贾", "夏", "方", "邹", "熊", "秦", "邱", "江", "尹", "段", "雷", "侯", "龙", "陶",
    "黎", "贺", "毛", "龚", "邵", "万", "严", "戴", "莫", "向", "汤", "欧阳", "单", "解",
    "区", "曾", "李", "王", "刘", "陈", "张", "杨",
};
static const char *const given_male[] = {
    "伟", "强", "军", "勇", "杰", "涛", "明", "斌", "辉", "刚", "平", "建国", "建华",
    "志刚", "志强", "国平", "海波", "文斌", "德胜", "立新", "卫东", "小龙", "永红", "长青",
    "光明", "正华", "俊", "鹏", "浩", "宇",
};
static const char *const given_female[] = {
    "芳", "敏", "静", "丽", "艳", "娟", "霞", "玲", "红", "燕", "秀英", "桂兰", "美华",
    "晓燕", "海燕", "春梅", "雪梅", "丽萍", "小红", "慧", "婷", "莉", "琴", "兰", "凤",
};
static const char *const phone_prefixes[] = {
    "130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "157", "158", "159", "173", "177", "180", "181", "182", "186", "187", "188", "189", "199",
};
static const char *const township_staff_posts[] = {
    "党委副书记", "组织委员", "宣传委员", "纪委书记", "党建办主任", "组织干事", "科员",
};
static const char *const department_staff_posts[] = {
    "副局长", "党组成员", "办公室主任", "机关党支部书记", "科员", "组工干部", "党建指导员",
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* ---- a reproducible PRNG (splitmix64) -------------------------------------------------------- */

static uint64_t rng_state = 0x5A17C0DE2015ULL;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int rng_below(int n)
{
    return (int)(rng_next() % (uint64_t)n);
}

/* ---- the generator ------------------------------------------------------------------------- */

typedef struct {
    tz_db *db;
    tz_stmt *unit;       /* INSERT INTO units */
    tz_stmt *person;     /* INSERT INTO people */
    char (*ids)[19];     /* ID numbers given so far, to keep them unique */
    size_t nids, capids;
    int nunits, npeople;
    tz_error err;
} gen;

typedef struct {
    char name[32];
    bool male;
    char birth[32];
    char id_number[19];
    char phone[12];
} person_data;

static void make_name(char *out, size_t cap, bool male)
{
    const char *given = male ? given_male[rng_below(COUNT(given_male))]
                             : given_female[rng_below(COUNT(given_female))];
    snprintf(out, cap, "%s%s", surnames[rng_below(COUNT(surnames))], given);
}

static void make_phone(char out[12])
{
    snprintf(out, 12, "%s%08d", phone_prefixes[rng_below(COUNT(phone_prefixes))],
             rng_below(100000000));
}

static void make_birth(char out[32])
{
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int year = 1960 + rng_below(36);
    int month = 1 + rng_below(12);
    int days = mdays[month - 1] + (month == 2 && tz_leap_year(year));
    snprintf(out, 32, "%04d-%02d-%02d", year, month, 1 + rng_below(days));
}

static bool id_taken(const gen *g, const char *id)
{
    for (size_t i = 0; i < g->nids; i++)
        if (strcmp(g->ids[i], id) == 0)
            return true;
    return false;
}

/* 430581 + birth date + a sequence whose last digit is odd for men, even for women + check. */
static bool make_id_number(gen *g, const char *birth, bool male, char out[19])
{
    do {
        int seq = rng_below(50) * 10 + rng_below(5) * 2 + (male ? 1 : 0);
        snprintf(out, 19, CITY_CODE "%.4s%.2s%.2s%03d", birth, birth + 5, birth + 8, seq);
        out[17] = tz_idcard_check_char(out);
        out[18] = '\0';
    } while (id_taken(g, out));
    if (g->nids == g->capids) {
        size_t cap = g->capids ? g->capids * 2 : 1024;
        char (*ids)[19] = realloc(g->ids, cap * sizeof *ids);
        if (!ids)
            return false;
        g->ids = ids;
        g->capids = cap;
    }
    memcpy(g->ids[g->nids++], out, 19);
    return true;
}

static bool make_person(gen *g, person_data *p)
{
    p->male = rng_below(100) < 72; /* cadres in the seed's era were mostly men */
    make_name(p->name, sizeof p->name, p->male);
    make_birth(p->birth);
    make_phone(p->phone);
    return make_id_number(g, p->birth, p->male, p->id_number);
}

static bool step_insert(gen *g, tz_stmt *st)
{
    bool row;
    return db_step(st, &row, &g->err) == TZ_OK;
}

static bool insert_person(gen *g, const person_data *p, int64_t unit_id, const char *post)
{
    char *py = tz_pinyin_initials(p->name, true);
    char *key = tz_pinyin_sort_key(p->name, true);
    if (!py || !key) {
        free(py);
        free(key);
        return false;
    }
    db_bind_text(g->person, 9, key);
    db_bind_text(g->person, 1, p->name);
    db_bind_text(g->person, 2, py);
    db_bind_text(g->person, 3, p->male ? "male" : "female");
    db_bind_text(g->person, 4, p->birth);
    db_bind_text(g->person, 5, p->id_number);
    db_bind_text(g->person, 6, p->phone);
    db_bind_int(g->person, 7, unit_id);
    db_bind_text(g->person, 8, post);
    bool ok = step_insert(g, g->person);
    free(py);
    free(key);
    g->npeople += ok;
    return ok;
}

/* Inserts a unit; when secretary_post is not NULL, also its secretary (named on the unit). */
static bool insert_unit(gen *g, const char *code, const char *name, const char *level,
                        int64_t parent_id, const char *secretary_post, int64_t *id)
{
    person_data sec;
    if (secretary_post && !make_person(g, &sec))
        return false;
    char *py = tz_pinyin_initials(name, false);
    char *key = tz_pinyin_sort_key(name, false);
    if (!py || !key) {
        free(py);
        free(key);
        return false;
    }
    db_bind_text(g->unit, 8, key);
    char phone[16];
    snprintf(phone, sizeof phone, "0739-%07d", 7000000 + rng_below(1000000));
    db_bind_text(g->unit, 1, code);
    db_bind_text(g->unit, 2, name);
    db_bind_text(g->unit, 3, py);
    db_bind_text(g->unit, 4, level);
    if (parent_id)
        db_bind_int(g->unit, 5, parent_id);
    else
        db_bind_null(g->unit, 5);
    db_bind_text(g->unit, 6, secretary_post ? sec.name : NULL);
    db_bind_text(g->unit, 7, phone);
    bool ok = step_insert(g, g->unit);
    free(py);
    free(key);
    if (!ok)
        return false;
    g->nunits++;
    *id = db_last_insert_id(g->db);
    return !secretary_post || insert_person(g, &sec, *id, secretary_post);
}

static bool insert_staff(gen *g, int64_t unit_id, const char *post)
{
    person_data p;
    return make_person(g, &p) && insert_person(g, &p, unit_id, post);
}

/* ---- the tree ------------------------------------------------------------------------------- */

static const char *township_secretary_post(const char *name)
{
    if (strstr(name, "街道"))
        return "街道党工委书记";
    return strstr(name, "乡") ? "乡党委书记" : "镇党委书记";
}

static const char *department_head_post(const char *name)
{
    static const struct { const char *suffix, *post; } posts[] = {
        { "局", "局长" }, { "部", "部长" }, { "办公室", "主任" }, { "中心", "主任" },
        { "院", "院长" }, { "中学", "校长" }, { "中专", "校长" }, { "大学", "校长" },
        { "公司", "总经理" }, { "银行", "行长" }, { "委员会", "主任" }, { "馆", "馆长" },
    };
    size_t n = strlen(name);
    for (size_t i = 0; i < COUNT(posts); i++) {
        size_t m = strlen(posts[i].suffix);
        if (n >= m && strcmp(name + n - m, posts[i].suffix) == 0)
            return posts[i].post;
    }
    return "党组书记";
}

static bool village_name_used(char names[][16], size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* Villages per township: the sub-districts hold a few, the towns and xiang the rest. */
static int villages_in(size_t township)
{
    const int per_street = 8, towns = (int)(NTOWNSHIPS - NSTREETS);
    int rest = NVILLAGES - per_street * NSTREETS;
    if (township < NSTREETS)
        return per_street;
    int i = (int)(township - NSTREETS);
    return rest / towns + (i < rest % towns);
}

static bool add_villages(gen *g, size_t t, const char *tcode, int64_t tid, int *seq,
                         char names[][16], size_t *nnames)
{
    for (int v = 0; v < villages_in(t); v++) {
        char name[16], code[24];
        do {
            snprintf(name, sizeof name, "%s%s村", village_first[rng_below(COUNT(village_first))],
                     village_second[rng_below(COUNT(village_second))]);
        } while (village_name_used(names, *nnames, name));
        memcpy(names[(*nnames)++], name, sizeof name);
        snprintf(code, sizeof code, "%s%03d", tcode, ++*seq);
        int64_t id;
        /* Most villages have their secretary on record; a few are still to be entered. */
        const char *post = rng_below(100) < 90 ? "村党支部书记" : NULL;
        if (!insert_unit(g, code, name, "village", tid, post, &id))
            return false;
        if (rng_below(100) < 8 && !insert_staff(g, id, "驻村第一书记"))
            return false;
    }
    return true;
}

static bool add_townships(gen *g, int64_t city)
{
    static char names[NVILLAGES][16];
    size_t nnames = 0;
    size_t next_community = 0;
    for (size_t t = 0; t < NTOWNSHIPS; t++) {
        char tcode[16], code[24], name[32];
        snprintf(tcode, sizeof tcode, CITY_CODE "%03zu", t + 1);
        int64_t tid, id;
        if (!insert_unit(g, tcode, townships[t], "township", city,
                         township_secretary_post(townships[t]), &tid))
            return false;
        for (int s = 0; s < 2; s++)
            if (!insert_staff(g, tid, township_staff_posts[rng_below(COUNT(township_staff_posts))]))
                return false;
        int seq = 0;
        for (int c = 0; t < NSTREETS && c < (int)(NCOMMUNITIES / NSTREETS); c++) {
            snprintf(code, sizeof code, "%s%03d", tcode, ++seq);
            snprintf(name, sizeof name, "%s社区", communities[next_community++]);
            if (!insert_unit(g, code, name, "community", tid, "社区党支部书记", &id))
                return false;
        }
        if (!add_villages(g, t, tcode, tid, &seq, names, &nnames))
            return false;
    }
    return true;
}

static bool add_departments(gen *g, int64_t city)
{
    for (size_t d = 0; d < NDEPARTMENTS; d++) {
        char code[24];
        snprintf(code, sizeof code, CITY_CODE "D%03zu", d + 1);
        int64_t id;
        if (!insert_unit(g, code, departments[d], "department", city,
                         department_head_post(departments[d]), &id))
            return false;
        int staff = 2 + rng_below(2); /* cadres the department can send as first secretaries */
        for (int s = 0; s < staff; s++)
            if (!insert_staff(g, id, department_staff_posts[rng_below(COUNT(department_staff_posts))]))
                return false;
    }
    return true;
}

/* The four leadership teams (四大家班子) besides the secretary and the two above: 47 city
 * leaders in all, who each establish a demonstration site and are posted as instructors. */
static bool add_city_leaders(gen *g, int64_t city)
{
    static const char *const posts[] = { "市委常委", "副市长", "市人大常委会副主任", "市政协副主席" };
    for (int i = 0; i < 44; i++)
        if (!insert_staff(g, city, posts[i % 4]))
            return false;
    return true;
}

/* What the reports print about the office that sends them: the city's (the settings screen)
 * and each township's (township_headers): its party committee (a sub-district's is a working
 * committee), its secretary as head; 龙溪镇's kept by its clerk 刘芳. */
#define OFFICE_SETTINGS                                                                       \
    "UPDATE settings SET org_name = '中共武冈市委组织部', leader = '陈志强', preparer = '李红', " \
    "reviewer = '王建国', phone = '0739-4222000' WHERE id = 1;"                              \
    "UPDATE township_headers SET"                                                            \
    "  org_name = (SELECT '中共' || name || CASE WHEN name LIKE '%街道' THEN '工作委员会'"   \
    "                                            ELSE '委员会' END"                           \
    "                FROM units WHERE id = township_id),"                                    \
    "  leader = (SELECT secretary FROM units WHERE id = township_id);"                      \
    "UPDATE township_headers SET preparer = '刘芳', reviewer = '周建华', phone = '0739-4521066'" \
    " WHERE township_id = (SELECT id FROM units WHERE name = '龙溪镇')"

/* The sample is the ledgers as a clerk would find them, with no history yet: the audit
 * triggers (migration 007) are set aside while it is generated, then put back as they were.
 * This also keeps the file free of timestamps, so it is reproducible. */
typedef struct {
    char **sql;  /* each trigger's CREATE statement; owned */
    size_t n;
} saved_triggers;

static bool pause_audit(gen *g, saved_triggers *t)
{
    tz_stmt *st;
    if (db_prepare(g->db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                          " AND name LIKE '%\\_audit\\_%' ESCAPE '\\' ORDER BY name",
                   &st, &g->err) != TZ_OK)
        return false;
    bool row = false, ok = true;
    tz_sb drops = { 0 };
    while (ok && (ok = db_step(st, &row, &g->err) == TZ_OK) && row) {
        char **grown = realloc(t->sql, (t->n + 1) * sizeof *grown);
        ok = grown != NULL;
        if (ok) {
            t->sql = grown;
            t->sql[t->n++] = tz_strdup(db_column_text(st, 1));
            tz_sb_printf(&drops, "DROP TRIGGER \"%s\";", db_column_text(st, 0));
        }
    }
    db_finalize(st);
    ok = ok && !drops.failed && (!drops.buf || db_exec(g->db, drops.buf, &g->err) == TZ_OK);
    tz_sb_free(&drops);
    return ok;
}

static bool resume_audit(gen *g, saved_triggers *t)
{
    bool ok = true;
    for (size_t i = 0; i < t->n; i++) {
        ok = ok && t->sql[i] && db_exec(g->db, t->sql[i], &g->err) == TZ_OK;
        free(t->sql[i]);
    }
    free(t->sql);
    *t = (saved_triggers){ 0 };
    return ok;
}

/* The demo accounts listed in the README, one per role and scope. Their salts are fixed so
 * that sample.db stays byte-for-byte reproducible; real accounts get random ones. */
static const struct {
    const char *login, *name, *role, *township, *password;
} demo_users[] = {
    { "admin", "系统管理员", "admin", NULL, "Admin-2026" },
    { "wang", "王建国", "clerk", NULL, "Wang-2026" },
    { "longxi", "刘芳", "clerk", "龙溪镇", "Longxi-2026" },
    { "chakan", "赵敏", "viewer", NULL, "Chakan-2026" },
};

static bool add_demo_users(gen *g)
{
    tz_stmt *st;
    if (db_prepare(g->db, "INSERT INTO users (login, name, role, unit_id, password_hash, must_change,"
                          " created_on) VALUES (?1, ?2, ?3, (SELECT id FROM units WHERE name = ?4),"
                          " ?5, 0, '2026-01-05')",
                   &st, &g->err) != TZ_OK)
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof demo_users / sizeof demo_users[0]; i++) {
        unsigned char salt[16];
        for (size_t k = 0; k < sizeof salt; k++)
            salt[k] = (unsigned char)(i * 31 + k * 7 + 1);
        char hash[TZ_HASH_MAX];
        ok = tz_password_hash_with(demo_users[i].password, salt, sizeof salt, hash, sizeof hash);
        db_bind_text(st, 1, demo_users[i].login);
        db_bind_text(st, 2, demo_users[i].name);
        db_bind_text(st, 3, demo_users[i].role);
        db_bind_text(st, 4, demo_users[i].township);
        db_bind_text(st, 5, hash);
        ok = ok && step_insert(g, st);
    }
    db_finalize(st);
    return ok;
}

static bool generate(gen *g)
{
    if (db_prepare(g->db, "INSERT INTO units (code, name, name_py, level, parent_id, secretary, "
                          "phone, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &g->unit, &g->err) != TZ_OK ||
        db_prepare(g->db, "INSERT INTO people (name, name_py, gender, birth_date, id_number, "
                          "phone, unit_id, post, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   &g->person, &g->err) != TZ_OK)
        return false;
    if (db_begin_write(g->db, &g->err) != TZ_OK)
        return false;
    saved_triggers audit = { 0 };
    int64_t city;
    bool ok = pause_audit(g, &audit) &&
              insert_unit(g, CITY_CODE, "武冈市", "city", 0, "市委书记", &city) &&
              insert_staff(g, city, "市委副书记") && insert_staff(g, city, "市委组织部部长") &&
              add_city_leaders(g, city) &&
              add_townships(g, city) && add_departments(g, city) &&
              gen_contracts(g->db, &g->err) && gen_ledgers(g->db, &g->err) &&
              gen_deputies(g->db, &g->err) && gen_good_cadres(g->db, &g->err) &&
              gen_secondments(g->db, &g->err) &&
              gen_village(g->db, &g->err) &&
              db_exec(g->db, OFFICE_SETTINGS, &g->err) == TZ_OK && add_demo_users(g);
    ok = resume_audit(g, &audit) && ok;
    if (ok)
        ok = db_commit(g->db, &g->err) == TZ_OK;
    else
        db_rollback(g->db);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gensample PATH\n");
        return 2;
    }
    gen g = { 0 };
    if (db_create(argv[1], &g.db, &g.err) != TZ_OK) {
        fprintf(stderr, "gensample: %s\n", g.err.msg);
        return 1;
    }
    bool ok = generate(&g);
    db_finalize(g.unit);
    db_finalize(g.person);
    db_close(g.db);
    free(g.ids);
    if (!ok) {
        fprintf(stderr, "gensample: %s\n", g.err.msg[0] ? g.err.msg : tz_status_text(TZ_ERR_NOMEM));
        unlink(argv[1]);
        return 1;
    }
    printf("gensample: %s: %d units, %d people\n", argv[1], g.nunits, g.npeople);
    return 0;
}
