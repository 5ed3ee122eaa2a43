/* gensample_contracts.c — the sample's responsibility contracts: two standard templates (for
 * townships and for villages), issued for last year and this year through template_issues (the
 * batch path clerks use), then signed and scored. Variation comes from arithmetic on the row
 * ids, so the result is the same on every run. */
#include "gensample.h"

#include <stdio.h>

typedef struct {
    const char *section; /* basic / bonus / deduction */
    const char *content;
    const char *target;
    double weight;
    int veto;
} item_data;

/* From the seed: 三会一课, 阵地建设, 两个创建, 第一书记, 联系服务群众 … */
static const item_data village_items[] = {
    { "basic", "落实“三会一课”制度", "支部党员大会每季度1次，支委会每月1次，党课每季度1次", 15, 0 },
    { "basic", "村级活动阵地建设", "有场所、有牌子、有制度，正常开放", 10, 0 },
    { "basic", "标准化党支部创建", "达到4个方面13条验收标准", 15, 0 },
    { "basic", "发展党员和党员教育管理", "按程序发展党员，流动党员管理到位", 10, 0 },
    { "basic", "民主评议党员", "每年开展1次，结果运用到位", 10, 0 },
    { "basic", "联系服务群众", "党员联系户全覆盖，群众满意度80%以上", 15, 0 },
    { "basic", "村集体经济发展", "集体经济收入比上年增长", 15, 0 },
    { "basic", "综治信访维稳", "无越级上访、无重大治安案件", 5, 0 },
    { "bonus", "示范化党支部创建", "验收达到6个方面25条标准", 5, 0 },
    { "bonus", "党建工作经验被上级推介", "市级以上推介1次", 3, 0 },
    { "deduction", "党建工作台账不全、资料不实", "每发现一处扣1分", 5, 0 },
    { "basic", "党风廉政建设", "发生违纪违法案件一票否决", 5, 1 },
};

static const item_data township_items[] = {
    { "basic", "履行党建第一责任", "党委书记每季度专题研究党建工作", 15, 0 },
    { "basic", "三级责任体系落实", "与所属村（社区）全部签订责任状", 10, 0 },
    { "basic", "“两个创建”推进", "标准化党支部达标率98%以上", 20, 0 },
    { "basic", "第一书记管理", "驻村考勤、周报、月排名制度落实", 15, 0 },
    { "basic", "基层党建经费保障", "村级运转经费足额拨付到位", 15, 0 },
    { "basic", "党员教育培训", "村干部轮训全覆盖", 15, 0 },
    { "bonus", "基层党建创新项目", "获市级以上表彰", 5, 0 },
    { "deduction", "基层党建述职评议排名靠后", "排名后三位扣3分", 5, 0 },
    { "basic", "安全生产", "发生重大安全生产事故一票否决", 10, 1 },
};

static bool add_template(tz_db *db, int64_t id, const char *name, const item_data *items,
                         size_t n, tz_error *err)
{
    tz_stmt *st = NULL;
    if (db_prepare(db, "INSERT INTO contract_templates (id, name, notes) VALUES (?, ?, ?)", &st,
                   err) != TZ_OK)
        return false;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, "根据全市基层党建工作要点制定");
    bool row, ok = db_step(st, &row, err) == TZ_OK;
    db_finalize(st);
    if (!ok || db_prepare(db, "INSERT INTO contract_template_items (template_id, seq, section, "
                              "content, target, weight, veto) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          &st, err) != TZ_OK)
        return false;
    for (size_t i = 0; ok && i < n; i++) {
        char weight[16];
        snprintf(weight, sizeof weight, "%g", items[i].weight);
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, (int64_t)i + 1);
        db_bind_text(st, 3, items[i].section);
        db_bind_text(st, 4, items[i].content);
        db_bind_text(st, 5, items[i].target);
        db_bind_text(st, 6, weight);
        db_bind_int(st, 7, items[i].veto);
        ok = db_step(st, &row, err) == TZ_OK;
    }
    db_finalize(st);
    return ok;
}

/* Each year: the city issues the township template, every township the village template. */
static const char issue_sql[] =
    "INSERT INTO template_issues (template_id, issuer_id, year, issued_on)"
    "  SELECT 2, id, %d, '%d-02-10' FROM units WHERE level = 'city';"
    "INSERT INTO template_issues (template_id, issuer_id, year, issued_on)"
    "  SELECT 1, id, %d, '%d-02-20' FROM units WHERE level = 'township' ORDER BY code;";

/* Signing and scoring, shared with the national generator. A score is a share (60–100 %) of
 * the weight in half points; a deduction item deducts 0–2 points; a veto item passes (its
 * weight) except in about one contract in a hundred. */
/* A past year: every contract signed in February or March, then assessed: mid-year in July,
 * year-end in late December for half of them and in January for the others. */
const char gen_assessed_sql[] =
    "UPDATE contracts SET status = 'assessed',"
    "  signatory = (SELECT secretary FROM units WHERE id = signer_id),"
    "  signed_on = printf('%%d-%%02d-%%02d', year, 2 + id %% 2, 1 + (id * 7) %% 28),"
    "  mid_assessed_on = printf('%%d-07-%%02d', year, 5 + id %% 20),"
    "  final_assessed_on = CASE WHEN id %% 2 = 0 THEN printf('%%d-12-%%02d', year, 15 + id %% 15)"
    "                           ELSE printf('%%d-01-%%02d', year + 1, 5 + id %% 20) END"
    " WHERE year = %d;"
    "UPDATE contract_items SET"
    "  score_mid = CASE WHEN veto = 1 THEN weight"
    "                   WHEN section = 'deduction' THEN min(weight, (id * 3) %% 3)"
    "                   ELSE round(weight * (60 + (id * 37 + seq * 11) %% 41) / 50.0) / 2 END,"
    "  score_final = CASE WHEN veto = 1 THEN (CASE WHEN contract_id %% 97 = 5 THEN 0 ELSE weight END)"
    "                     WHEN section = 'deduction' THEN min(weight, (id * 7) %% 3)"
    "                     ELSE round(weight * (65 + (id * 53 + seq * 13) %% 36) / 50.0) / 2 END"
    " WHERE contract_id IN (SELECT id FROM contracts WHERE year = %d);";

/* This year: about 3 % of villages' contracts never issued, about 3 % still drafts, the rest
 * signed; half of those have mid-year scores, given in July. */
const char gen_current_sql[] =
    "DELETE FROM contracts WHERE year = %d AND (id * 13) %% 100 < 3"
    "  AND signer_id IN (SELECT id FROM units WHERE level IN ('village', 'community'));"
    "UPDATE contracts SET status = 'signed',"
    "  signatory = (SELECT secretary FROM units WHERE id = signer_id),"
    "  signed_on = printf('%%d-%%02d-%%02d', year, 2 + id %% 2, 1 + (id * 7) %% 28),"
    "  mid_assessed_on = CASE WHEN id %% 2 = 0 THEN printf('%%d-07-%%02d', year, 5 + id %% 20) END"
    " WHERE year = %d AND (id * 17) %% 100 >= 3;"
    "UPDATE contract_items SET"
    "  score_mid = CASE WHEN veto = 1 THEN weight"
    "                   WHEN section = 'deduction' THEN min(weight, (id * 3) %% 3)"
    "                   ELSE round(weight * (60 + (id * 41 + seq * 7) %% 41) / 50.0) / 2 END"
    " WHERE contract_id IN (SELECT id FROM contracts WHERE year = %d AND status = 'signed'"
    "                        AND id %% 2 = 0);";

bool gen_contract_templates(tz_db *db, tz_error *err)
{
    char name[80];
    snprintf(name, sizeof name, "%d年村级党建工作责任状", GEN_THIS_YEAR);
    if (!add_template(db, 1, name, village_items, sizeof village_items / sizeof village_items[0],
                      err))
        return false;
    snprintf(name, sizeof name, "%d年乡镇党建工作责任状", GEN_THIS_YEAR);
    return add_template(db, 2, name, township_items,
                        sizeof township_items / sizeof township_items[0], err);
}

bool gen_contracts(tz_db *db, tz_error *err)
{
    int last = GEN_THIS_YEAR - 1, now = GEN_THIS_YEAR;
    char sql[4096];
    if (!gen_contract_templates(db, err))
        return false;
    for (int year = last; year <= now; year++) {
        snprintf(sql, sizeof sql, issue_sql, year, year, year, year);
        if (db_exec(db, sql, err) != TZ_OK)
            return false;
    }
    snprintf(sql, sizeof sql, gen_assessed_sql, last, last);
    if (db_exec(db, sql, err) != TZ_OK)
        return false;
    snprintf(sql, sizeof sql, gen_current_sql, now, now, now);
    return db_exec(db, sql, err) == TZ_OK;
}
