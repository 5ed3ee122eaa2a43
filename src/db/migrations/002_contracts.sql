-- 002 — three-tier party-building responsibility contracts (三级党建工作责任状).
--
-- Each year the city signs with every township, and each township with every village and
-- community: the issuer is the signer's parent unit. A contract's items are scored twice a year
-- (mid-year 年中评议, year-end 述职评议). Totals are derived in contracts_v, never typed:
--   total = Σ basic + Σ bonus − Σ deduction (a deduction item's score is the points deducted),
--   floored at 0; a veto item (一票否决) scored 0 for that half fails it and makes the total 0;
--   NULL while no item of the contract has a score for that half.
-- Issuing a template is a batch done by the schema: INSERT a row into template_issues and its
-- trigger creates the draft contracts with the template's items and records the counts.

CREATE TABLE contract_templates (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL CONSTRAINT "模板名称不能为空" CHECK (length(trim(name)) > 0),
    notes TEXT
);

CREATE TABLE contract_template_items (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES contract_templates(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CONSTRAINT "序号应大于 0" CHECK (seq > 0),
    section     TEXT NOT NULL DEFAULT 'basic'
                CONSTRAINT "类别应为基本指标、加分项目或扣分项目"
                CHECK (section IN ('basic', 'bonus', 'deduction')),
    content     TEXT NOT NULL CONSTRAINT "责任内容不能为空" CHECK (length(trim(content)) > 0),
    target      TEXT,
    weight      REAL NOT NULL CONSTRAINT "分值应大于 0" CHECK (weight > 0),
    veto        INTEGER NOT NULL DEFAULT 0 CONSTRAINT "一票否决应为是或否" CHECK (veto IN (0, 1)),
    UNIQUE (template_id, seq)
);

CREATE TABLE template_issues (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES contract_templates(id),
    issuer_id   INTEGER NOT NULL REFERENCES units(id),
    year        INTEGER NOT NULL CONSTRAINT "年度应在 2000 至 2100 之间" CHECK (year BETWEEN 2000 AND 2100),
    created     INTEGER,           -- contracts created by this issue, written by the trigger
    skipped     INTEGER,           -- child units that already had a contract that year
    issued_on   TEXT NOT NULL DEFAULT (date('now'))
);

CREATE TABLE contracts (
    id        INTEGER PRIMARY KEY,
    year      INTEGER NOT NULL CONSTRAINT "年度应在 2000 至 2100 之间" CHECK (year BETWEEN 2000 AND 2100),
    issuer_id INTEGER NOT NULL REFERENCES units(id),
    signer_id INTEGER NOT NULL REFERENCES units(id),
    signatory TEXT,
    signed_on TEXT CONSTRAINT "签订日期无效，应为 YYYY-MM-DD"
              CHECK (signed_on IS NULL OR (signed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                                            AND date(signed_on, '+0 days') IS signed_on)),
    status    TEXT NOT NULL DEFAULT 'draft'
              CONSTRAINT "状态应为草稿、已签订或已考评" CHECK (status IN ('draft', 'signed', 'assessed')),
    issue_id  INTEGER REFERENCES template_issues(id),
    notes     TEXT,
    CONSTRAINT "已签订或已考评的责任状必须填写签订日期"
        CHECK (status = 'draft' OR signed_on IS NOT NULL)
);
CREATE UNIQUE INDEX contracts_signer_year ON contracts(signer_id, year);
CREATE INDEX contracts_year_issuer ON contracts(year, issuer_id);
CREATE INDEX contracts_issue ON contracts(issue_id);

CREATE TABLE contract_items (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CONSTRAINT "序号应大于 0" CHECK (seq > 0),
    section     TEXT NOT NULL DEFAULT 'basic'
                CONSTRAINT "类别应为基本指标、加分项目或扣分项目"
                CHECK (section IN ('basic', 'bonus', 'deduction')),
    content     TEXT NOT NULL CONSTRAINT "责任内容不能为空" CHECK (length(trim(content)) > 0),
    target      TEXT,
    weight      REAL NOT NULL CONSTRAINT "分值应大于 0" CHECK (weight > 0),
    veto        INTEGER NOT NULL DEFAULT 0 CONSTRAINT "一票否决应为是或否" CHECK (veto IN (0, 1)),
    score_mid   REAL CONSTRAINT "年中得分应在 0 与分值之间"
                CHECK (score_mid IS NULL OR (score_mid >= 0 AND score_mid <= weight)),
    score_final REAL CONSTRAINT "年终得分应在 0 与分值之间"
                CHECK (score_final IS NULL OR (score_final >= 0 AND score_final <= weight)),
    remark      TEXT,
    UNIQUE (contract_id, seq)
);

-- The parties: city → township, township → village or community, the issuer being the
-- signer's own parent. One contract per signer and year.
CREATE TRIGGER contracts_parties_insert BEFORE INSERT ON contracts
BEGIN
    SELECT RAISE(ABORT, '签订单位应为乡镇/街道、村或社区')
     WHERE (SELECT level FROM units WHERE id = NEW.signer_id)
           NOT IN ('township', 'village', 'community');
    SELECT RAISE(ABORT, '发出单位必须是签订单位的上级单位（市对乡镇，乡镇对村）')
     WHERE (SELECT parent_id FROM units WHERE id = NEW.signer_id) IS NOT NEW.issuer_id;
    SELECT RAISE(ABORT, '该单位这一年度已有责任状')
     WHERE EXISTS (SELECT 1 FROM contracts WHERE signer_id = NEW.signer_id AND year = NEW.year);
END;

CREATE TRIGGER contracts_parties_update BEFORE UPDATE OF issuer_id, signer_id, year ON contracts
BEGIN
    SELECT RAISE(ABORT, '签订单位应为乡镇/街道、村或社区')
     WHERE (SELECT level FROM units WHERE id = NEW.signer_id)
           NOT IN ('township', 'village', 'community');
    SELECT RAISE(ABORT, '发出单位必须是签订单位的上级单位（市对乡镇，乡镇对村）')
     WHERE (SELECT parent_id FROM units WHERE id = NEW.signer_id) IS NOT NEW.issuer_id;
    SELECT RAISE(ABORT, '该单位这一年度已有责任状')
     WHERE EXISTS (SELECT 1 FROM contracts
                    WHERE signer_id = NEW.signer_id AND year = NEW.year AND id <> NEW.id);
END;

-- Issuing a template: a draft for every child unit without a contract that year, with the
-- template's items; the counts are written back into the issue row.
CREATE TRIGGER template_issues_check BEFORE INSERT ON template_issues
BEGIN
    SELECT RAISE(ABORT, '只有市或乡镇/街道可以下发责任状')
     WHERE (SELECT level FROM units WHERE id = NEW.issuer_id) NOT IN ('city', 'township');
    SELECT RAISE(ABORT, '模板中还没有责任内容')
     WHERE NOT EXISTS (SELECT 1 FROM contract_template_items WHERE template_id = NEW.template_id);
END;

CREATE TRIGGER template_issues_run AFTER INSERT ON template_issues
BEGIN
    INSERT INTO contracts (year, issuer_id, signer_id, status, issue_id)
    SELECT NEW.year, NEW.issuer_id, u.id, 'draft', NEW.id
      FROM units u
     WHERE u.parent_id = NEW.issuer_id
       AND u.level IN ('township', 'village', 'community')
       AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.signer_id = u.id AND c.year = NEW.year)
     ORDER BY u.code;
    INSERT INTO contract_items (contract_id, seq, section, content, target, weight, veto)
    SELECT c.id, ti.seq, ti.section, ti.content, ti.target, ti.weight, ti.veto
      FROM contracts c JOIN contract_template_items ti ON ti.template_id = NEW.template_id
     WHERE c.issue_id = NEW.id;
    UPDATE template_issues
       SET created = (SELECT count(*) FROM contracts WHERE issue_id = NEW.id),
           skipped = (SELECT count(*) FROM units u
                       WHERE u.parent_id = NEW.issuer_id
                         AND u.level IN ('township', 'village', 'community'))
                     - (SELECT count(*) FROM contracts WHERE issue_id = NEW.id)
     WHERE id = NEW.id;
END;

-- An issue row is the record of a batch already done: changing what was issued, or the counts
-- once written, would make it lie, and deleting it would orphan the contracts it created.
CREATE TRIGGER template_issues_fixed BEFORE UPDATE ON template_issues
WHEN NEW.template_id IS NOT OLD.template_id OR NEW.issuer_id IS NOT OLD.issuer_id
  OR NEW.year IS NOT OLD.year
  OR (OLD.created IS NOT NULL AND (NEW.created IS NOT OLD.created OR NEW.skipped IS NOT OLD.skipped))
BEGIN
    SELECT RAISE(ABORT, '已下发的记录不能修改；要再次下发请新增一条');
END;

CREATE TRIGGER template_issues_keep BEFORE DELETE ON template_issues
BEGIN
    SELECT RAISE(ABORT, '这次下发已生成责任状，不能删除')
     WHERE EXISTS (SELECT 1 FROM contracts WHERE issue_id = OLD.id);
END;

CREATE TRIGGER contract_templates_keep BEFORE DELETE ON contract_templates
BEGIN
    SELECT RAISE(ABORT, '模板已经下发过，不能删除')
     WHERE EXISTS (SELECT 1 FROM template_issues WHERE template_id = OLD.id);
END;

-- The township a unit belongs to: itself for a township, its parent for a village or
-- community, NULL for the city and departments.
CREATE VIEW unit_townships AS
SELECT u.id AS unit_id,
       CASE u.level WHEN 'township' THEN u.id
                    WHEN 'village' THEN u.parent_id
                    WHEN 'community' THEN u.parent_id END AS township_id
  FROM units u;

CREATE VIEW contract_totals AS
SELECT contract_id,
       count(*) AS items,
       CASE WHEN count(score_mid) = 0 THEN NULL
            WHEN max(veto = 1 AND score_mid = 0) THEN 0.0
            ELSE max(0.0, total(CASE section WHEN 'deduction' THEN -score_mid ELSE score_mid END))
       END AS total_mid,
       CASE WHEN count(score_final) = 0 THEN NULL
            WHEN max(veto = 1 AND score_final = 0) THEN 0.0
            ELSE max(0.0, total(CASE section WHEN 'deduction' THEN -score_final ELSE score_final END))
       END AS total_final
  FROM contract_items
 GROUP BY contract_id;

CREATE VIEW contracts_v AS
SELECT c.id, c.year, c.issuer_id, c.signer_id, c.signatory, c.signed_on, c.status, c.issue_id,
       c.notes,
       s.name AS signer_name,
       CASE s.level WHEN 'township' THEN 'township' ELSE 'village' END AS tier,
       CASE s.level WHEN 'township' THEN s.id ELSE c.issuer_id END AS township_id,
       coalesce(t.items, 0) AS items,
       t.total_mid, t.total_final
  FROM contracts c
  JOIN units s ON s.id = c.signer_id
  LEFT JOIN contract_totals t ON t.contract_id = c.id;

-- Child units (a township under the city, a village or community under a township) without a
-- signed or assessed contract, for every year that has contracts.
CREATE VIEW contract_coverage_v AS
SELECT u.id * 10000 + y.year AS id, y.year, u.id AS unit_id, u.name, u.code, u.level,
       u.parent_id, ut.township_id,
       EXISTS (SELECT 1 FROM contracts c
                WHERE c.signer_id = u.id AND c.year = y.year AND c.status = 'draft') AS has_draft
  FROM units u
  JOIN unit_townships ut ON ut.unit_id = u.id
  CROSS JOIN (SELECT DISTINCT year FROM contracts) y
 WHERE u.level IN ('township', 'village', 'community')
   AND NOT EXISTS (SELECT 1 FROM contracts c
                    WHERE c.signer_id = u.id AND c.year = y.year
                      AND c.status IN ('signed', 'assessed'));
