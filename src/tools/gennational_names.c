/* gennational_names.c — the names gennational makes up: places (石桥村, 龙溪镇, 平江县) and
 * people (a surname and one or two given characters), drawn from its reproducible PRNG. */
#include "gennational.h"

#include <stdio.h>

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* Characters of place names: a first and a second syllable give most of China's village,
 * township and county names their shape (石桥村, 龙溪镇, 平江县). */
static const char *const place_first[] = {
    "安", "白", "宝", "北", "碧", "长", "城", "崇", "大", "德", "东", "丰", "凤", "福", "富",
    "高", "古", "光", "广", "桂", "海", "和", "河", "红", "洪", "鸿", "华", "怀", "黄", "惠",
    "吉", "嘉", "建", "江", "金", "锦", "景", "靖", "九", "康", "兰", "乐", "黎", "丽", "莲",
    "良", "林", "灵", "龙", "隆", "罗", "茂", "梅", "明", "南", "宁", "平", "青", "清", "庆",
    "仁", "荣", "瑞", "三", "沙", "山", "上", "石", "寿", "双", "顺", "松", "太", "泰", "桃",
    "天", "田", "通", "万", "文", "五", "西", "溪", "下", "仙", "祥", "小", "新", "兴", "秀",
    "阳", "杨", "永", "玉", "元", "云", "正", "中", "竹", "柳", "枫", "荷", "水", "花", "凤",
};
static const char *const place_second[] = {
    "山", "田", "塘", "冲", "坪", "岭", "湾", "桥", "江", "溪", "园", "林", "家", "头", "口",
    "坡", "铺", "洲", "源", "峰", "井", "庄", "阳", "丰", "安", "树", "岗", "垅", "河", "湖",
    "坝", "寨", "堡", "店", "集", "营", "屯", "庙", "沟", "岩", "门", "台", "平", "兴", "和",
    "泉", "水", "州", "城", "川", "亭", "里", "埠", "圩", "滩", "港", "洞", "场", "坊", "峪",
    "岔", "垭", "坳", "寺", "堰", "渡", "潭", "梁", "湘", "宁",
};
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏",
    "吕", "丁", "任", "姚", "卢", "钟", "谭", "陆", "范", "石", "廖", "贾", "夏", "方", "邹",
    "熊", "秦", "邱", "江", "尹", "段", "雷", "侯", "龙", "陶", "黎", "贺", "毛", "龚", "邵",
    "万", "严", "戴", "莫", "向", "汤", "单", "解", "区", "欧阳", "司马", "诸葛", "上官",
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
};
/* Characters of given names, men's first, then those given to both, then women's. */
static const char *const given_chars[] = {
    "伟", "强", "军", "勇", "杰", "涛", "斌", "刚", "磊", "鹏", "飞", "浩", "凯", "峰", "亮",
    "龙", "国", "志", "建", "德", "忠", "毅", "豪", "锋", "武", "振", "宏", "雄", "彬", "栋",
    "明", "华", "文", "辉", "平", "林", "波", "宁", "宇", "俊", "云", "春", "民", "成", "晓",
    "小", "金", "永", "荣", "新", "庆", "东", "光", "生", "福", "祥", "兴", "安", "康", "和",
    "顺", "利", "昌", "瑞", "嘉", "青", "松", "山", "江", "海", "学", "思", "泽", "晨", "阳",
    "旭", "鑫", "博", "立", "玉", "红", "秋", "冬", "桂", "兰", "芳", "娜", "秀", "英", "敏",
    "静", "丽", "艳", "娟", "霞", "萍", "琳", "玲", "燕", "欣", "雪", "梅", "婷", "慧", "颖",
    "倩", "洁", "蓉", "莉", "琴", "凤", "彩", "珍", "翠", "芬", "雯", "晶", "丹", "月", "媛",
};
#define GIVEN_MALE_END 75   /* given_chars[0, 75): men's names */
#define GIVEN_FEMALE_FROM 30 /* given_chars[30, end): women's names */

const char *nat_pick(nat_gen *g, const char *const *pool, size_t n)
{
    return pool[nat_below(g, (int)n)];
}

/* 石桥, 龙溪, 黄家湾: two syllables, sometimes three. */
void nat_place_name(nat_gen *g, char *out, size_t cap, const char *suffix)
{
    const char *a = nat_pick(g, place_first, COUNT(place_first));
    const char *b = nat_pick(g, place_second, COUNT(place_second));
    if (nat_below(g, 100) < 25)
        snprintf(out, cap, "%s%s%s%s", a, nat_pick(g, place_second, COUNT(place_second)), b, suffix);
    else
        snprintf(out, cap, "%s%s%s", a, b, suffix);
}

/* Two to four characters: a surname and one or two given characters. */
void nat_person_name(nat_gen *g, char *out, size_t cap, bool male)
{
    int lo = male ? 0 : GIVEN_FEMALE_FROM, hi = male ? GIVEN_MALE_END : (int)COUNT(given_chars);
    const char *s = nat_pick(g, surnames, COUNT(surnames));
    const char *a = given_chars[lo + nat_below(g, hi - lo)];
    if (nat_below(g, 100) < 30)
        snprintf(out, cap, "%s%s", s, a);
    else
        snprintf(out, cap, "%s%s%s", s, a, given_chars[lo + nat_below(g, hi - lo)]);
}
