-- 024 — 村干部绩效考核: every village (community) cadre is scored once a year out of 100
-- (百分制) against the items of a template the city edits (perf_items), and the scores over the
-- years are the cadre's 业绩考核档案. The year's score decides the cadre's 误工补贴 through the
-- bands of perf_allowance_bands (from a score, an amount), kept in a table, not in code.
--
-- An assessment takes the template's items in use when it is made, one score row each (as an
-- inspection takes its criteria, 018); an item already scored keeps its content and weight (a
-- past score must keep meaning what it meant), so the city retires it and adds a new one. The
-- items in use must weigh 100 together when an assessment is made. A score lies between 0 and
-- its item's weight; the total is the sum, complete once every item is scored, and only a
-- complete total earns an allowance.

CREATE TABLE perf_items (
    id       INTEGER PRIMARY KEY,
    seq      INTEGER NOT NULL UNIQUE CONSTRAINT "序号应为正整数" CHECK (seq > 0),
    content  TEXT NOT NULL CONSTRAINT "考核内容不能为空" CHECK (length(trim(content)) > 0),
    standard TEXT,
    weight   REAL NOT NULL CONSTRAINT "分值应大于 0 且不超过 100" CHECK (weight > 0 AND weight <= 100),
    active   INTEGER NOT NULL DEFAULT 1 CONSTRAINT "在用应为是或否" CHECK (active IN (0, 1))
);

CREATE TABLE perf_allowance_bands (
    id         INTEGER PRIMARY KEY,
    min_score  REAL NOT NULL UNIQUE
               CONSTRAINT "起始分数应在 0 与 100 之间" CHECK (min_score >= 0 AND min_score <= 100),
    amount_fen INTEGER NOT NULL CONSTRAINT "误工补贴金额不能为负" CHECK (amount_fen >= 0),
    notes      TEXT
);

CREATE TABLE perf_assessments (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL CONSTRAINT "年度应为 2000–2100" CHECK (year BETWEEN 2000 AND 2100),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    post        TEXT NOT NULL CONSTRAINT "职务应为村干部的职务之一"
                CHECK (post IN ('secretary', 'director', 'deputy', 'accountant', 'women',
                                'militia', 'member')),
    assessed_on TEXT CONSTRAINT "考核日期无效，应为 YYYY-MM-DD"
                CHECK (assessed_on IS NULL OR date(assessed_on, '+0 days') IS assessed_on),
    notes       TEXT,
    CONSTRAINT "考核日期应在考核年度内或次年"
        CHECK (assessed_on IS NULL
               OR CAST(substr(assessed_on, 1, 4) AS INTEGER) BETWEEN year AND year + 1),
    UNIQUE (year, person_id)
);
CREATE INDEX perf_assessments_unit ON perf_assessments(unit_id, year);
CREATE INDEX perf_assessments_person ON perf_assessments(person_id);

CREATE TABLE perf_scores (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES perf_assessments(id) ON DELETE CASCADE,
    item_id       INTEGER NOT NULL REFERENCES perf_items(id),
    score         REAL CONSTRAINT "得分不能为负" CHECK (score IS NULL OR score >= 0),
    note          TEXT,
    UNIQUE (assessment_id, item_id)
);

-- ---- the template's rules -------------------------------------------------------------------

CREATE TRIGGER perf_items_scored BEFORE UPDATE OF content, weight ON perf_items
WHEN (NEW.content IS NOT OLD.content OR NEW.weight IS NOT OLD.weight)
 AND EXISTS (SELECT 1 FROM perf_scores WHERE item_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, '这一项已用于考核，内容和分值不能再改；请停用它并新增一项');
END;

CREATE TRIGGER perf_items_keep BEFORE DELETE ON perf_items
WHEN EXISTS (SELECT 1 FROM perf_scores WHERE item_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, '这一项已用于考核，不能删除；不再使用请把“在用”改为否');
END;

-- ---- an assessment's rules -------------------------------------------------------------------

CREATE TRIGGER perf_assessments_rules_insert BEFORE INSERT ON perf_assessments
BEGIN
    SELECT RAISE(ABORT, '考核对象应为村（社区）干部：单位应为村或社区')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community');
    SELECT RAISE(ABORT, '被考核人的所在单位应为这个村（社区）')
     WHERE (SELECT unit_id FROM people WHERE id = NEW.person_id) IS NOT NEW.unit_id;
    SELECT RAISE(ABORT, '这个人这一年度已有绩效考核')
     WHERE EXISTS (SELECT 1 FROM perf_assessments WHERE year = NEW.year AND person_id = NEW.person_id);
    SELECT RAISE(ABORT, '这个村（社区）这一年度已有这一职务的考核（书记、主任各一名）')
     WHERE NEW.post IN ('secretary', 'director')
       AND EXISTS (SELECT 1 FROM perf_assessments WHERE year = NEW.year AND unit_id = NEW.unit_id
                      AND post = NEW.post);
    SELECT RAISE(ABORT, '考核项目中在用各项的分值合计应为 100 分')
     WHERE (SELECT total(weight) FROM perf_items WHERE active = 1) <> 100;
END;

CREATE TRIGGER perf_assessments_rules_update
BEFORE UPDATE OF year, person_id, unit_id, post ON perf_assessments
BEGIN
    SELECT RAISE(ABORT, '考核对象应为村（社区）干部：单位应为村或社区')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community');
    SELECT RAISE(ABORT, '被考核人的所在单位应为这个村（社区）')
     WHERE (NEW.person_id IS NOT OLD.person_id OR NEW.unit_id IS NOT OLD.unit_id)
       AND (SELECT unit_id FROM people WHERE id = NEW.person_id) IS NOT NEW.unit_id;
    SELECT RAISE(ABORT, '这个人这一年度已有绩效考核')
     WHERE EXISTS (SELECT 1 FROM perf_assessments WHERE year = NEW.year AND person_id = NEW.person_id
                      AND id <> NEW.id);
    SELECT RAISE(ABORT, '这个村（社区）这一年度已有这一职务的考核（书记、主任各一名）')
     WHERE NEW.post IN ('secretary', 'director')
       AND EXISTS (SELECT 1 FROM perf_assessments WHERE year = NEW.year AND unit_id = NEW.unit_id
                      AND post = NEW.post AND id <> NEW.id);
END;

-- the template's items in use, to be scored
CREATE TRIGGER perf_assessments_items AFTER INSERT ON perf_assessments
BEGIN
    INSERT INTO perf_scores (assessment_id, item_id)
    SELECT NEW.id, i.id FROM perf_items i WHERE i.active = 1 ORDER BY i.seq;
END;

CREATE TRIGGER perf_scores_range_insert BEFORE INSERT ON perf_scores
WHEN NEW.score > (SELECT weight FROM perf_items WHERE id = NEW.item_id)
BEGIN
    SELECT RAISE(ABORT, '得分不能超过这一项的分值');
END;

CREATE TRIGGER perf_scores_range_update BEFORE UPDATE OF score, item_id ON perf_scores
WHEN NEW.score > (SELECT weight FROM perf_items WHERE id = NEW.item_id)
BEGIN
    SELECT RAISE(ABORT, '得分不能超过这一项的分值');
END;

CREATE TRIGGER perf_scores_item_fixed BEFORE UPDATE OF item_id, assessment_id ON perf_scores
WHEN NEW.item_id IS NOT OLD.item_id OR NEW.assessment_id IS NOT OLD.assessment_id
BEGIN
    SELECT RAISE(ABORT, '考核项目在考核建立时确定，不能改为另一项');
END;

-- ---- views -------------------------------------------------------------------------------------

CREATE VIEW perf_scores_v AS
SELECT s.*, i.seq, i.content, i.weight
  FROM perf_scores s JOIN perf_items i ON i.id = s.item_id;

-- The allowance a score earns: the amount of the highest band it reaches.
CREATE VIEW perf_assessments_v AS
WITH totals AS (
    SELECT s.assessment_id, count(*) AS items, count(s.score) AS scored,
           round(total(s.score), 2) AS total
      FROM perf_scores s GROUP BY s.assessment_id)
SELECT a.*, ut.township_id,
       p.name AS person_name, p.name_py AS person_py, p.name_key AS person_key,
       coalesce(t.items, 0) AS items, coalesce(t.scored, 0) AS scored,
       CASE WHEN t.scored > 0 THEN t.total END AS total,
       (t.items > 0 AND t.scored = t.items) AS complete,
       CASE WHEN t.items > 0 AND t.scored = t.items THEN
            coalesce((SELECT b.amount_fen FROM perf_allowance_bands b WHERE b.min_score <= t.total
                       ORDER BY b.min_score DESC LIMIT 1), 0) END AS allowance_fen
  FROM perf_assessments a
  JOIN unit_townships ut ON ut.unit_id = a.unit_id
  JOIN people p ON p.id = a.person_id
  LEFT JOIN totals t ON t.assessment_id = a.id;

-- 误工补贴 per village (community) and year: cadres assessed, the scores and the allowances.
CREATE VIEW perf_villages AS
SELECT a.unit_id * 10000 + a.year AS id, a.year, a.unit_id, a.township_id,
       count(*) AS cadres, sum(a.complete) AS complete,
       round(total(CASE WHEN a.complete THEN a.total END), 2) AS score_sum,
       round(avg(CASE WHEN a.complete THEN a.total END), 2) AS average,
       min(CASE WHEN a.complete THEN a.total END) AS lowest,
       max(CASE WHEN a.complete THEN a.total END) AS highest,
       coalesce(sum(a.allowance_fen), 0) AS allowance_fen
  FROM perf_assessments_v a
 GROUP BY a.year, a.unit_id;

-- ---- declarations and vocabularies ------------------------------------------------------------

INSERT INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('perf_items', 'shared', NULL, 1, '村干部考核项目', 'Village cadre score items'),
    ('perf_allowance_bands', 'shared', NULL, 1, '误工补贴标准', 'Allowance bands'),
    ('perf_assessments', 'ledger', 'unit unit_id', 1, '村干部绩效考核', 'Village cadre scores'),
    ('perf_scores', 'ledger', 'row assessment_id perf_assessments', 1, '考核得分', 'Item scores');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('village_post', 'secretary', 1, '党支部书记', 'Party secretary'),
    ('village_post', 'director', 2, '村委会主任', 'Committee director'),
    ('village_post', 'deputy', 3, '副书记（副主任）', 'Deputy'),
    ('village_post', 'accountant', 4, '会计（文书）', 'Accountant'),
    ('village_post', 'women', 5, '妇女主任', 'Women''s director'),
    ('village_post', 'militia', 6, '民兵营长', 'Militia head'),
    ('village_post', 'member', 7, '村委委员', 'Committee member');

-- The template and the bands the city starts from (its own to edit).
INSERT INTO perf_items (seq, content, standard, weight) VALUES
    (1, '党建工作', '“三会一课”、主题党日、党员管理按时落实', 20),
    (2, '集中服务日', '每周一坐班，群众申办事项全程代办、按时办结', 15),
    (3, '集体经济发展', '完成年度集体经济增收目标', 15),
    (4, '民生实事', '承诺的民生实事按期兑现', 10),
    (5, '综治信访维稳', '矛盾纠纷及时调处，无越级上访', 10),
    (6, '环境卫生', '落实长效保洁，门前三包', 10),
    (7, '安全生产', '无安全生产责任事故', 10),
    (8, '群众满意度', '年终群众测评满意率', 10);

INSERT INTO perf_allowance_bands (min_score, amount_fen, notes) VALUES
    (0, 120000, '不称职，只发基本误工补贴'),
    (60, 240000, '基本称职'),
    (75, 300000, '称职'),
    (85, 360000, '良好'),
    (95, 420000, '优秀');
