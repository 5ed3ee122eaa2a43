-- 003 — demonstration sites (党建示范点), supervisor postings (党建工作指导员, 第一书记,
-- 联系领导) and budget lines (经费保障), with their rules. Derived values (a unit's township,
-- paid to date, execution rate, below-standard flag, quarterly sums) come from views.

-- A community is rural or urban: it decides its operating-fund standard (9万 or 15万). Left
-- empty it counts as rural.
ALTER TABLE units ADD COLUMN urban INTEGER DEFAULT 0
    CONSTRAINT "城镇社区应为是或否" CHECK (urban IS NULL OR urban IN (0, 1));

-- ---- demonstration sites ---------------------------------------------------------------------
-- Status moves forward only: applied (申报) → building (创建中) → accepted (验收通过) → named
-- (命名). Going back is done by inserting a site_reopenings row with the reason: its trigger
-- moves the site back and stamps reopen_id, which is the only way the forward rule lets a
-- backward move through.

CREATE TABLE demo_sites (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CONSTRAINT "示范点名称不能为空" CHECK (length(trim(name)) > 0),
    name_py      TEXT,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    leader_id    INTEGER REFERENCES people(id),
    category     TEXT NOT NULL DEFAULT 'rural'
                 CONSTRAINT "类别应为农村、社区、机关、企业、学校或新社会组织"
                 CHECK (category IN ('rural', 'community', 'organ', 'enterprise', 'school', 'new_org')),
    level        TEXT NOT NULL DEFAULT 'city'
                 CONSTRAINT "级别应为省级、地市级、市级或乡镇级"
                 CHECK (level IN ('province', 'prefecture', 'city', 'township')),
    founded_year INTEGER CONSTRAINT "创建年度应在 2000 至 2100 之间"
                 CHECK (founded_year IS NULL OR founded_year BETWEEN 2000 AND 2100),
    status       TEXT NOT NULL DEFAULT 'applied'
                 CONSTRAINT "状态应为申报、创建中、验收通过或命名"
                 CHECK (status IN ('applied', 'building', 'accepted', 'named')),
    accepted_on  TEXT CONSTRAINT "验收日期无效，应为 YYYY-MM-DD"
                 CHECK (accepted_on IS NULL OR (accepted_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                                                AND date(accepted_on, '+0 days') IS accepted_on)),
    notes        TEXT,
    reopen_id    INTEGER REFERENCES site_reopenings(id),
    CONSTRAINT "验收通过或命名的示范点必须填写验收日期"
        CHECK (status NOT IN ('accepted', 'named') OR accepted_on IS NOT NULL)
);
CREATE INDEX demo_sites_unit ON demo_sites(unit_id);
CREATE INDEX demo_sites_leader ON demo_sites(leader_id);
CREATE INDEX demo_sites_name_py ON demo_sites(name_py);

CREATE TABLE site_reopenings (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES demo_sites(id),
    reason      TEXT NOT NULL CONSTRAINT "重新打开必须说明原因" CHECK (length(trim(reason)) > 0),
    to_status   TEXT NOT NULL DEFAULT 'building'
                CONSTRAINT "只能退回到申报或创建中" CHECK (to_status IN ('applied', 'building')),
    from_status TEXT,
    reopened_on TEXT NOT NULL DEFAULT (date('now'))
);

CREATE VIEW site_status_rank AS
SELECT 'applied' AS status, 1 AS rank UNION ALL SELECT 'building', 2
UNION ALL SELECT 'accepted', 3 UNION ALL SELECT 'named', 4;

CREATE TRIGGER demo_sites_forward BEFORE UPDATE OF status ON demo_sites
WHEN NEW.reopen_id IS OLD.reopen_id
BEGIN
    SELECT RAISE(ABORT, '示范点状态只能向前推进；要退回请用“重新打开”并说明原因')
     WHERE (SELECT rank FROM site_status_rank WHERE status = NEW.status)
         < (SELECT rank FROM site_status_rank WHERE status = OLD.status);
END;

-- One leader leads at most one active (not yet named) site.
CREATE TRIGGER demo_sites_leader_insert BEFORE INSERT ON demo_sites
WHEN NEW.leader_id IS NOT NULL AND NEW.status <> 'named'
BEGIN
    SELECT RAISE(ABORT, '该联系领导已领办一个在建的示范点')
     WHERE EXISTS (SELECT 1 FROM demo_sites
                    WHERE leader_id = NEW.leader_id AND status <> 'named');
END;

CREATE TRIGGER demo_sites_leader_update BEFORE UPDATE OF leader_id, status ON demo_sites
WHEN NEW.leader_id IS NOT NULL AND NEW.status <> 'named'
BEGIN
    SELECT RAISE(ABORT, '该联系领导已领办一个在建的示范点')
     WHERE EXISTS (SELECT 1 FROM demo_sites
                    WHERE leader_id = NEW.leader_id AND status <> 'named' AND id <> NEW.id);
END;

CREATE TRIGGER site_reopenings_check BEFORE INSERT ON site_reopenings
BEGIN
    SELECT RAISE(ABORT, '重新打开只能退回到比当前更早的状态')
     WHERE (SELECT rank FROM site_status_rank WHERE status = NEW.to_status)
        >= (SELECT r.rank FROM demo_sites s JOIN site_status_rank r ON r.status = s.status
             WHERE s.id = NEW.site_id);
END;

CREATE TRIGGER site_reopenings_run AFTER INSERT ON site_reopenings
BEGIN
    UPDATE site_reopenings
       SET from_status = (SELECT status FROM demo_sites WHERE id = NEW.site_id)
     WHERE id = NEW.id;
    UPDATE demo_sites SET status = NEW.to_status, accepted_on = NULL, reopen_id = NEW.id
     WHERE id = NEW.site_id;
END;

CREATE VIEW demo_sites_v AS
SELECT s.*, ut.township_id, p.name AS leader_name
  FROM demo_sites s
  JOIN unit_townships ut ON ut.unit_id = s.unit_id
  LEFT JOIN people p ON p.id = s.leader_id;

-- ---- supervisor postings -------------------------------------------------------------------
-- A first secretary is posted to a village or community; a village has at most one first
-- secretary over any overlapping period, and a person holds at most one first-secretary
-- posting at a time. Periods overlap when each starts before the other ends (an open end is
-- far in the future).

CREATE TABLE assignments (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES people(id),
    role            TEXT NOT NULL
                    CONSTRAINT "职责应为党建工作指导员、第一书记或联系领导"
                    CHECK (role IN ('instructor', 'first_secretary', 'liaison')),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    sending_unit_id INTEGER REFERENCES units(id),
    start_on        TEXT NOT NULL CONSTRAINT "开始日期无效，应为 YYYY-MM-DD"
                    CHECK (start_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                           AND date(start_on, '+0 days') IS start_on),
    end_on          TEXT CONSTRAINT "结束日期无效，应为 YYYY-MM-DD"
                    CHECK (end_on IS NULL OR (end_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                                              AND date(end_on, '+0 days') IS end_on)),
    status          TEXT NOT NULL DEFAULT 'in_post'
                    CONSTRAINT "状态应为在岗、期满、召回或轮换"
                    CHECK (status IN ('in_post', 'ended', 'recalled', 'replaced')),
    notes           TEXT,
    CONSTRAINT "结束日期不能早于开始日期" CHECK (end_on IS NULL OR end_on >= start_on),
    CONSTRAINT "离岗（期满、召回、轮换）必须填写结束日期"
        CHECK (status = 'in_post' OR end_on IS NOT NULL)
);
CREATE INDEX assignments_person ON assignments(person_id);
CREATE INDEX assignments_unit ON assignments(unit_id, role);

CREATE TRIGGER assignments_rules_insert BEFORE INSERT ON assignments
WHEN NEW.role = 'first_secretary'
BEGIN
    SELECT RAISE(ABORT, '第一书记只能派驻到村或社区')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community');
    SELECT RAISE(ABORT, '该村（社区）在这段时间已有第一书记')
     WHERE EXISTS (SELECT 1 FROM assignments a
                    WHERE a.role = 'first_secretary' AND a.unit_id = NEW.unit_id
                      AND a.start_on <= coalesce(NEW.end_on, '9999-12-31')
                      AND NEW.start_on <= coalesce(a.end_on, '9999-12-31'));
    SELECT RAISE(ABORT, '此人在这段时间已任其他村（社区）第一书记')
     WHERE EXISTS (SELECT 1 FROM assignments a
                    WHERE a.role = 'first_secretary' AND a.person_id = NEW.person_id
                      AND a.start_on <= coalesce(NEW.end_on, '9999-12-31')
                      AND NEW.start_on <= coalesce(a.end_on, '9999-12-31'));
END;

CREATE TRIGGER assignments_rules_update
BEFORE UPDATE OF role, unit_id, person_id, start_on, end_on ON assignments
WHEN NEW.role = 'first_secretary'
BEGIN
    SELECT RAISE(ABORT, '第一书记只能派驻到村或社区')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community');
    SELECT RAISE(ABORT, '该村（社区）在这段时间已有第一书记')
     WHERE EXISTS (SELECT 1 FROM assignments a
                    WHERE a.role = 'first_secretary' AND a.unit_id = NEW.unit_id AND a.id <> NEW.id
                      AND a.start_on <= coalesce(NEW.end_on, '9999-12-31')
                      AND NEW.start_on <= coalesce(a.end_on, '9999-12-31'));
    SELECT RAISE(ABORT, '此人在这段时间已任其他村（社区）第一书记')
     WHERE EXISTS (SELECT 1 FROM assignments a
                    WHERE a.role = 'first_secretary' AND a.person_id = NEW.person_id
                      AND a.id <> NEW.id
                      AND a.start_on <= coalesce(NEW.end_on, '9999-12-31')
                      AND NEW.start_on <= coalesce(a.end_on, '9999-12-31'));
END;

CREATE VIEW assignments_v AS
SELECT a.*, ut.township_id,
       (a.end_on IS NULL OR a.end_on >= date('now')) AS in_post,
       p.name AS person_name
  FROM assignments a
  JOIN unit_townships ut ON ut.unit_id = a.unit_id
  JOIN people p ON p.id = a.person_id;

-- ---- budget lines --------------------------------------------------------------------------
-- Standards (yearly amounts per unit level, from a year on) come from the seed article. A
-- line is a unit's budget for a category and year; its disbursements may never exceed it and
-- must fall in its year.

CREATE TABLE budget_standards (
    id         INTEGER PRIMARY KEY,
    category   TEXT NOT NULL
               CONSTRAINT "经费类别无效"
               CHECK (category IN ('village_ops', 'rural_community_ops', 'urban_community_ops',
                                   'community_livelihood', 'remote_education')),
    unit_level TEXT NOT NULL CONSTRAINT "适用层级应为村或社区" CHECK (unit_level IN ('village', 'community')),
    urban      INTEGER CONSTRAINT "城镇社区应为是或否" CHECK (urban IS NULL OR urban IN (0, 1)),
    amount_fen INTEGER NOT NULL CONSTRAINT "标准金额不能为负" CHECK (amount_fen >= 0),
    from_year  INTEGER NOT NULL CONSTRAINT "起始年度应在 2000 至 2100 之间"
               CHECK (from_year BETWEEN 2000 AND 2100),
    notes      TEXT,
    UNIQUE (category, unit_level, from_year)
);

INSERT INTO budget_standards (category, unit_level, urban, amount_fen, from_year, notes) VALUES
    ('village_ops',          'village',   NULL, 7000000,  2015, '村级组织运转经费每村每年7万元'),
    ('rural_community_ops',  'community', 0,    9000000,  2015, '农村社区运转经费每年9万元'),
    ('urban_community_ops',  'community', 1,    15000000, 2015, '城镇社区运转经费每年15万元'),
    ('community_livelihood', 'community', NULL, 5000000,  2015, '社区民生项目经费每年5万元'),
    ('remote_education',     'village',   NULL, 200000,   2015, '远程教育站点每年2000元'),
    ('remote_education',     'community', NULL, 200000,   2015, '远程教育站点每年2000元');

CREATE TABLE budget_year_starts (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL CONSTRAINT "年度应在 2000 至 2100 之间" CHECK (year BETWEEN 2000 AND 2100),
    created    INTEGER,           -- lines created, written by the trigger
    skipped    INTEGER,           -- lines that already existed
    started_on TEXT NOT NULL DEFAULT (date('now'))
);

CREATE TABLE budget_lines (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL CONSTRAINT "年度应在 2000 至 2100 之间" CHECK (year BETWEEN 2000 AND 2100),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    category     TEXT NOT NULL
                 CONSTRAINT "经费类别无效"
                 CHECK (category IN ('village_ops', 'rural_community_ops', 'urban_community_ops',
                                     'community_livelihood', 'remote_education', 'one_off_build')),
    source       TEXT,
    budgeted_fen INTEGER NOT NULL CONSTRAINT "预算金额不能为负" CHECK (budgeted_fen >= 0),
    notes        TEXT,
    start_id     INTEGER REFERENCES budget_year_starts(id),
    UNIQUE (unit_id, category, year)
);
CREATE INDEX budget_lines_year ON budget_lines(year, category);
CREATE INDEX budget_lines_start ON budget_lines(start_id);

CREATE TABLE disbursements (
    id         INTEGER PRIMARY KEY,
    line_id    INTEGER NOT NULL REFERENCES budget_lines(id),
    paid_on    TEXT NOT NULL CONSTRAINT "拨付日期无效，应为 YYYY-MM-DD"
               CHECK (paid_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                      AND date(paid_on, '+0 days') IS paid_on),
    amount_fen INTEGER NOT NULL CONSTRAINT "拨付金额应大于 0" CHECK (amount_fen > 0),
    voucher_no TEXT,
    note       TEXT
);
CREATE INDEX disbursements_line ON disbursements(line_id, paid_on);

CREATE TRIGGER budget_lines_unique BEFORE INSERT ON budget_lines
BEGIN
    SELECT RAISE(ABORT, '该单位这一年度已有此类经费预算')
     WHERE EXISTS (SELECT 1 FROM budget_lines
                    WHERE unit_id = NEW.unit_id AND category = NEW.category AND year = NEW.year);
END;

CREATE TRIGGER budget_lines_not_below_paid BEFORE UPDATE OF budgeted_fen, year ON budget_lines
BEGIN
    SELECT RAISE(ABORT, '预算金额不能少于已拨付金额')
     WHERE NEW.budgeted_fen < (SELECT total(amount_fen) FROM disbursements WHERE line_id = NEW.id);
    SELECT RAISE(ABORT, '已有拨付记录，不能改动年度')
     WHERE NEW.year <> OLD.year AND EXISTS (SELECT 1 FROM disbursements WHERE line_id = NEW.id);
END;

CREATE TRIGGER disbursements_insert BEFORE INSERT ON disbursements
BEGIN
    SELECT RAISE(ABORT, '拨付日期必须在该预算的年度内')
     WHERE substr(NEW.paid_on, 1, 4) <> (SELECT CAST(year AS TEXT) FROM budget_lines WHERE id = NEW.line_id);
    SELECT RAISE(ABORT, '累计拨付将超过预算金额')
     WHERE (SELECT total(amount_fen) FROM disbursements WHERE line_id = NEW.line_id) + NEW.amount_fen
         > (SELECT budgeted_fen FROM budget_lines WHERE id = NEW.line_id);
END;

CREATE TRIGGER disbursements_update BEFORE UPDATE OF line_id, paid_on, amount_fen ON disbursements
BEGIN
    SELECT RAISE(ABORT, '拨付日期必须在该预算的年度内')
     WHERE substr(NEW.paid_on, 1, 4) <> (SELECT CAST(year AS TEXT) FROM budget_lines WHERE id = NEW.line_id);
    SELECT RAISE(ABORT, '累计拨付将超过预算金额')
     WHERE (SELECT total(amount_fen) FROM disbursements WHERE line_id = NEW.line_id AND id <> NEW.id)
           + NEW.amount_fen
         > (SELECT budgeted_fen FROM budget_lines WHERE id = NEW.line_id);
END;

-- The standard in force for a unit, category and year: the latest from_year not after it.
CREATE VIEW budget_line_standards AS
SELECT l.id AS line_id,
       (SELECT s.amount_fen FROM budget_standards s
          JOIN units u ON u.id = l.unit_id
         WHERE s.category = l.category AND s.unit_level = u.level
           AND (s.urban IS NULL OR s.urban = coalesce(u.urban, 0)) AND s.from_year <= l.year
         ORDER BY s.from_year DESC LIMIT 1) AS standard_fen
  FROM budget_lines l;

-- Starting a year: every village and community gets a line per standard in force, at the
-- standard's amount; existing lines are skipped and counted.
CREATE VIEW budget_year_candidates AS
SELECT y.year, u.id AS unit_id, s.category, s.amount_fen
  FROM (SELECT DISTINCT year FROM budget_year_starts) y
  JOIN units u ON u.level IN ('village', 'community')
  JOIN budget_standards s
    ON s.unit_level = u.level AND (s.urban IS NULL OR s.urban = coalesce(u.urban, 0))
   AND s.from_year = (SELECT max(s2.from_year) FROM budget_standards s2
                       WHERE s2.category = s.category AND s2.unit_level = s.unit_level
                         AND s2.urban IS s.urban AND s2.from_year <= y.year);

CREATE TRIGGER budget_year_starts_run AFTER INSERT ON budget_year_starts
BEGIN
    INSERT INTO budget_lines (year, unit_id, category, source, budgeted_fen, start_id)
    SELECT c.year, c.unit_id, c.category, '市级财政', c.amount_fen, NEW.id
      FROM budget_year_candidates c
     WHERE c.year = NEW.year
       AND NOT EXISTS (SELECT 1 FROM budget_lines l
                        WHERE l.unit_id = c.unit_id AND l.category = c.category AND l.year = c.year)
     ORDER BY c.unit_id, c.category;
    UPDATE budget_year_starts
       SET created = (SELECT count(*) FROM budget_lines WHERE start_id = NEW.id),
           skipped = (SELECT count(*) FROM budget_year_candidates WHERE year = NEW.year)
                     - (SELECT count(*) FROM budget_lines WHERE start_id = NEW.id)
     WHERE id = NEW.id;
END;

CREATE VIEW budget_lines_v AS
SELECT l.*, ut.township_id,
       l.year || '年 ' || u.name || ' ' ||
       CASE l.category WHEN 'village_ops' THEN '村级运转经费'
                       WHEN 'rural_community_ops' THEN '农村社区运转经费'
                       WHEN 'urban_community_ops' THEN '城镇社区运转经费'
                       WHEN 'community_livelihood' THEN '社区民生项目经费'
                       WHEN 'remote_education' THEN '远程教育站点经费'
                       ELSE '一次性建设经费' END AS line_name,
       CAST(total(d.amount_fen) AS INTEGER) AS paid_fen,
       CASE WHEN l.budgeted_fen > 0
            THEN printf('%.1f%%', 100.0 * total(d.amount_fen) / l.budgeted_fen) END AS rate,
       CASE WHEN st.standard_fen IS NULL THEN NULL
            ELSE l.budgeted_fen < st.standard_fen END AS below_standard
  FROM budget_lines l
  JOIN units u ON u.id = l.unit_id
  JOIN unit_townships ut ON ut.unit_id = l.unit_id
  JOIN budget_line_standards st ON st.line_id = l.id
  LEFT JOIN disbursements d ON d.line_id = l.id
 GROUP BY l.id;

-- Per township and year: budgeted, paid in each calendar quarter, paid in all.
CREATE VIEW budget_quarters_v AS
SELECT ut.township_id * 10000 + l.year AS id, l.year, ut.township_id,
       (SELECT CAST(total(l2.budgeted_fen) AS INTEGER) FROM budget_lines l2 JOIN unit_townships u2 ON u2.unit_id = l2.unit_id
         WHERE u2.township_id = ut.township_id AND l2.year = l.year) AS budgeted_fen,
       CAST(total(CASE WHEN substr(d.paid_on, 6, 2) BETWEEN '01' AND '03' THEN d.amount_fen END) AS INTEGER) AS q1_fen,
       CAST(total(CASE WHEN substr(d.paid_on, 6, 2) BETWEEN '04' AND '06' THEN d.amount_fen END) AS INTEGER) AS q2_fen,
       CAST(total(CASE WHEN substr(d.paid_on, 6, 2) BETWEEN '07' AND '09' THEN d.amount_fen END) AS INTEGER) AS q3_fen,
       CAST(total(CASE WHEN substr(d.paid_on, 6, 2) BETWEEN '10' AND '12' THEN d.amount_fen END) AS INTEGER) AS q4_fen,
       CAST(total(d.amount_fen) AS INTEGER) AS paid_fen
  FROM budget_lines l
  JOIN unit_townships ut ON ut.unit_id = l.unit_id
  LEFT JOIN disbursements d ON d.line_id = l.id
 WHERE ut.township_id IS NOT NULL
 GROUP BY ut.township_id, l.year;
