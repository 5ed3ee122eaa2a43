-- 018 — the cadre systems the city measures most: first secretaries (第一书记) and the two
-- creations (两个创建, below).

-- ---- first secretaries ----------------------------------------------------------------------------
--
-- A first-secretary posting (assignments, 003) also records the kind of village it goes to,
-- the day the party relationship was transferred to the village, that the cadre is detached
-- from the home unit, and — after a review — the decision taken on it (约谈, 召回, 撤换).
--
-- Each month a posting has one record (fs_months): days worked in the village (the rule: at
-- least 22) and nights stayed (at least 12), and six indicators — people visited,
-- difficulties solved, disputes mediated, funds raised (万元), projects brought in, and a sixth
-- the township defines (its name in fs_sixth). A record that misses the 22/12 rule is kept
-- (it is a fact) and shown as missing it. The weekly work reports (工作动态, fs_weeks) are one
-- a week, dated on the week's Monday, a line of text; a month shows the weeks it had and those
-- reported.
--
-- Ranking: a month's score is the sum of each indicator and attendance times its weight
-- (fs_weights, kept by the city, not in code). Postings are ranked within their village
-- category, in their township and across the city. A posting last in its category in its
-- township three months running is flagged for review (fs_flags) when its category there has
-- more than one posting.

ALTER TABLE assignments ADD COLUMN village_category TEXT
    CONSTRAINT "村的类别应为软弱涣散村、集体经济空白村或建设扶贫村"
    CHECK (village_category IS NULL OR village_category IN ('weak', 'no_economy', 'poverty'));
ALTER TABLE assignments ADD COLUMN relation_moved_on TEXT
    CONSTRAINT "组织关系转入日期无效，应为 YYYY-MM-DD"
    CHECK (relation_moved_on IS NULL OR date(relation_moved_on, '+0 days') IS relation_moved_on);
ALTER TABLE assignments ADD COLUMN detached INTEGER
    CONSTRAINT "与原单位脱钩应为是或否" CHECK (detached IS NULL OR detached IN (0, 1));
ALTER TABLE assignments ADD COLUMN decision TEXT
    CONSTRAINT "处理决定应为约谈、召回或撤换"
    CHECK (decision IS NULL OR decision IN ('talk', 'recall', 'replace'));
ALTER TABLE assignments ADD COLUMN decided_on TEXT
    CONSTRAINT "决定日期无效，应为 YYYY-MM-DD"
    CHECK (decided_on IS NULL OR date(decided_on, '+0 days') IS decided_on);

CREATE TRIGGER assignments_fs_fields_insert BEFORE INSERT ON assignments
WHEN NEW.role <> 'first_secretary'
     AND (NEW.village_category IS NOT NULL OR NEW.relation_moved_on IS NOT NULL OR NEW.detached = 1)
BEGIN
    SELECT RAISE(ABORT, '村的类别、组织关系转入和脱钩只用于第一书记');
END;

CREATE TRIGGER assignments_fs_fields_update
BEFORE UPDATE OF role, village_category, relation_moved_on, detached ON assignments
WHEN NEW.role <> 'first_secretary'
     AND (NEW.village_category IS NOT NULL OR NEW.relation_moved_on IS NOT NULL OR NEW.detached = 1)
BEGIN
    SELECT RAISE(ABORT, '村的类别、组织关系转入和脱钩只用于第一书记');
END;

CREATE TRIGGER assignments_decision_dated_insert BEFORE INSERT ON assignments
WHEN (NEW.decision IS NULL) <> (NEW.decided_on IS NULL)
BEGIN
    SELECT RAISE(ABORT, '处理决定和决定日期须同时填写');
END;

CREATE TRIGGER assignments_decision_dated_update BEFORE UPDATE OF decision, decided_on ON assignments
WHEN (NEW.decision IS NULL) <> (NEW.decided_on IS NULL)
BEGIN
    SELECT RAISE(ABORT, '处理决定和决定日期须同时填写');
END;

-- ---- the sixth indicator, as each township names it -------------------------------------------

CREATE TABLE fs_sixth (
    id          INTEGER PRIMARY KEY,
    township_id INTEGER NOT NULL UNIQUE REFERENCES units(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CONSTRAINT "第六项指标须有名称" CHECK (length(trim(name)) > 0)
);

-- ---- monthly records --------------------------------------------------------------------------

CREATE TABLE fs_months (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    month         TEXT NOT NULL CONSTRAINT "月份应为 YYYY-MM"
                  CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'
                         AND date(month || '-01', '+0 days') IS month || '-01'),
    days          INTEGER NOT NULL CONSTRAINT "在村工作天数应为 0–31" CHECK (days BETWEEN 0 AND 31),
    nights        INTEGER NOT NULL CONSTRAINT "在村住宿晚数应为 0–31" CHECK (nights BETWEEN 0 AND 31),
    visits        INTEGER NOT NULL DEFAULT 0 CONSTRAINT "走访群众人次不能为负" CHECK (visits >= 0),
    difficulties  INTEGER NOT NULL DEFAULT 0 CONSTRAINT "解决困难个数不能为负" CHECK (difficulties >= 0),
    disputes      INTEGER NOT NULL DEFAULT 0 CONSTRAINT "协调矛盾起数不能为负" CHECK (disputes >= 0),
    funds_wan     REAL NOT NULL DEFAULT 0 CONSTRAINT "筹集资金不能为负" CHECK (funds_wan >= 0),
    projects      INTEGER NOT NULL DEFAULT 0 CONSTRAINT "引进项目个数不能为负" CHECK (projects >= 0),
    sixth         INTEGER NOT NULL DEFAULT 0 CONSTRAINT "第六项指标不能为负" CHECK (sixth >= 0),
    notes         TEXT,
    CONSTRAINT "住宿晚数不能多于当月天数" CHECK (nights <= CAST(strftime('%d', month || '-01', '+1 month', '-1 day') AS INTEGER)),
    CONSTRAINT "工作天数不能多于当月天数" CHECK (days <= CAST(strftime('%d', month || '-01', '+1 month', '-1 day') AS INTEGER)),
    UNIQUE (assignment_id, month)
);
CREATE INDEX fs_months_month ON fs_months(month);

CREATE TRIGGER fs_months_posting_insert BEFORE INSERT ON fs_months
BEGIN
    SELECT RAISE(ABORT, '这名第一书记这个月已有记录')
     WHERE EXISTS (SELECT 1 FROM fs_months WHERE assignment_id = NEW.assignment_id AND month = NEW.month);
    SELECT RAISE(ABORT, '月度记录只用于第一书记的派驻')
     WHERE (SELECT role FROM assignments WHERE id = NEW.assignment_id) IS NOT 'first_secretary';
    SELECT RAISE(ABORT, '这个月不在派驻期内')
     WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.id = NEW.assignment_id
                      AND (substr(a.start_on, 1, 7) > NEW.month
                           OR substr(coalesce(a.end_on, '9999-12-31'), 1, 7) < NEW.month));
END;

CREATE TRIGGER fs_months_posting_update BEFORE UPDATE OF assignment_id, month ON fs_months
BEGIN
    SELECT RAISE(ABORT, '这名第一书记这个月已有记录')
     WHERE EXISTS (SELECT 1 FROM fs_months WHERE assignment_id = NEW.assignment_id
                      AND month = NEW.month AND id <> NEW.id);
    SELECT RAISE(ABORT, '月度记录只用于第一书记的派驻')
     WHERE (SELECT role FROM assignments WHERE id = NEW.assignment_id) IS NOT 'first_secretary';
    SELECT RAISE(ABORT, '这个月不在派驻期内')
     WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.id = NEW.assignment_id
                      AND (substr(a.start_on, 1, 7) > NEW.month
                           OR substr(coalesce(a.end_on, '9999-12-31'), 1, 7) < NEW.month));
END;

-- ---- weekly work reports ----------------------------------------------------------------------

CREATE TABLE fs_weeks (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    week_of       TEXT NOT NULL CONSTRAINT "工作动态的日期应为那一周的星期一（YYYY-MM-DD）"
                  CHECK (date(week_of, '+0 days') IS week_of AND strftime('%w', week_of) = '1'),
    text          TEXT NOT NULL CONSTRAINT "工作动态不能为空" CHECK (length(trim(text)) > 0),
    UNIQUE (assignment_id, week_of)
);

CREATE TRIGGER fs_weeks_posting_insert BEFORE INSERT ON fs_weeks
BEGIN
    SELECT RAISE(ABORT, '工作动态只用于第一书记的派驻')
     WHERE (SELECT role FROM assignments WHERE id = NEW.assignment_id) IS NOT 'first_secretary';
    SELECT RAISE(ABORT, '这一周已报送工作动态')
     WHERE EXISTS (SELECT 1 FROM fs_weeks WHERE assignment_id = NEW.assignment_id AND week_of = NEW.week_of);
END;

CREATE TRIGGER fs_weeks_posting_update BEFORE UPDATE OF assignment_id, week_of ON fs_weeks
BEGIN
    SELECT RAISE(ABORT, '工作动态只用于第一书记的派驻')
     WHERE (SELECT role FROM assignments WHERE id = NEW.assignment_id) IS NOT 'first_secretary';
    SELECT RAISE(ABORT, '这一周已报送工作动态')
     WHERE EXISTS (SELECT 1 FROM fs_weeks WHERE assignment_id = NEW.assignment_id
                      AND week_of = NEW.week_of AND id <> NEW.id);
END;

-- ---- weights and ranking ----------------------------------------------------------------------

CREATE TABLE fs_weights (
    id     INTEGER PRIMARY KEY,
    item   TEXT NOT NULL UNIQUE
           CONSTRAINT "权重项目应为 days、nights、visits、difficulties、disputes、funds_wan、projects、sixth、weeks"
           CHECK (item IN ('days', 'nights', 'visits', 'difficulties', 'disputes', 'funds_wan',
                           'projects', 'sixth', 'weeks')),
    weight REAL NOT NULL CONSTRAINT "权重不能为负" CHECK (weight >= 0)
);
INSERT INTO fs_weights (item, weight) VALUES
    ('days', 1), ('nights', 1), ('visits', 0.1), ('difficulties', 2), ('disputes', 2),
    ('funds_wan', 0.5), ('projects', 5), ('sixth', 1), ('weeks', 2);

-- The Mondays of each month a record exists for: the weeks that should have a report.
CREATE VIEW fs_months_v AS
WITH RECURSIVE mondays(id, d) AS (
    SELECT m.id, date(m.month || '-01', '+' || ((8 - CAST(strftime('%w', m.month || '-01') AS INTEGER)) % 7) || ' days')
      FROM fs_months m
    UNION ALL
    SELECT id, date(d, '+7 days') FROM mondays
     WHERE substr(date(d, '+7 days'), 1, 7) = substr(d, 1, 7)),
weeks AS (
    SELECT w.id, count(*) AS weeks_due,
           count(r.id) AS weeks_reported,
           coalesce(group_concat(CASE WHEN r.id IS NULL THEN substr(w.d, 6) END, ' '), '') AS weeks_missing
      FROM mondays w
      JOIN fs_months m ON m.id = w.id
      LEFT JOIN fs_weeks r ON r.assignment_id = m.assignment_id AND r.week_of = w.d
     GROUP BY w.id)
SELECT m.*, a.person_id, a.unit_id, ut.township_id, a.village_category,
       (m.days >= 22 AND m.nights >= 12) AS attendance_ok,
       wk.weeks_due, wk.weeks_reported, wk.weeks_missing,
       round(m.days * (SELECT weight FROM fs_weights WHERE item = 'days')
           + m.nights * (SELECT weight FROM fs_weights WHERE item = 'nights')
           + m.visits * (SELECT weight FROM fs_weights WHERE item = 'visits')
           + m.difficulties * (SELECT weight FROM fs_weights WHERE item = 'difficulties')
           + m.disputes * (SELECT weight FROM fs_weights WHERE item = 'disputes')
           + m.funds_wan * (SELECT weight FROM fs_weights WHERE item = 'funds_wan')
           + m.projects * (SELECT weight FROM fs_weights WHERE item = 'projects')
           + m.sixth * (SELECT weight FROM fs_weights WHERE item = 'sixth')
           + wk.weeks_reported * (SELECT weight FROM fs_weights WHERE item = 'weeks'), 2) AS score
  FROM fs_months m
  JOIN assignments a ON a.id = m.assignment_id
  JOIN unit_townships ut ON ut.unit_id = a.unit_id
  JOIN weeks wk ON wk.id = m.id;

-- Each month's places: in the township and the city, within the village category.
CREATE VIEW fs_ranking AS
SELECT v.*,
       rank() OVER (PARTITION BY v.month, v.township_id, v.village_category ORDER BY v.score DESC) AS town_rank,
       count(*) OVER (PARTITION BY v.month, v.township_id, v.village_category) AS town_of,
       rank() OVER (PARTITION BY v.month, v.village_category ORDER BY v.score DESC) AS city_rank,
       count(*) OVER (PARTITION BY v.month, v.village_category) AS city_of
  FROM fs_months_v v;

-- 末位淘汰: last in its category in its township (of more than one) three months running; the
-- row is the third month, with the decision the posting carries.
CREATE VIEW fs_flags AS
WITH last AS (
    SELECT * FROM fs_ranking WHERE town_of > 1 AND town_rank = town_of)
SELECT CAST(replace(l.month, '-', '') AS INTEGER) * 1000000 + l.assignment_id AS id,
       l.assignment_id, l.month, l.person_id, l.unit_id, l.township_id, l.village_category,
       l.score, a.decision, a.decided_on
  FROM last l
  JOIN assignments a ON a.id = l.assignment_id
 WHERE EXISTS (SELECT 1 FROM last p WHERE p.assignment_id = l.assignment_id
                  AND p.month = strftime('%Y-%m', l.month || '-01', '-1 month'))
   AND EXISTS (SELECT 1 FROM last p WHERE p.assignment_id = l.assignment_id
                  AND p.month = strftime('%Y-%m', l.month || '-01', '-2 months'));

-- ---- half-year reports (述职) ------------------------------------------------------------------

CREATE TABLE fs_reviews (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    held_on       TEXT NOT NULL CONSTRAINT "述职日期无效，应为 YYYY-MM-DD"
                  CHECK (date(held_on, '+0 days') IS held_on),
    rating        TEXT NOT NULL CONSTRAINT "评定应为好、较好、一般或差"
                  CHECK (rating IN ('good', 'fair', 'average', 'poor')),
    remarks       TEXT,
    UNIQUE (assignment_id, held_on)
);

-- ---- declarations and vocabularies ------------------------------------------------------------

INSERT INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('fs_sixth', 'ledger', 'township township_id', 1, '第六项指标', 'Sixth indicator'),
    ('fs_months', 'ledger', 'row assignment_id assignments', 1, '第一书记月度考核', 'First secretaries'' months'),
    ('fs_weeks', 'ledger', 'row assignment_id assignments', 1, '工作动态', 'Weekly reports'),
    ('fs_weights', 'shared', NULL, 1, '排名权重', 'Ranking weights'),
    ('fs_reviews', 'ledger', 'row assignment_id assignments', 1, '半年述职', 'Half-year reports');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('village_category', 'weak', 1, '软弱涣散村', 'Weak and lax'),
    ('village_category', 'no_economy', 2, '集体经济空白村', 'No collective economy'),
    ('village_category', 'poverty', 3, '建设扶贫村', 'Poverty relief'),
    ('fs_decision', 'talk', 1, '约谈', 'Talk'),
    ('fs_decision', 'recall', 2, '召回', 'Recall'),
    ('fs_decision', 'replace', 3, '撤换', 'Replace'),
    ('fs_rating', 'good', 1, '好', 'Good'),
    ('fs_rating', 'fair', 2, '较好', 'Fair'),
    ('fs_rating', 'average', 3, '一般', 'Average'),
    ('fs_rating', 'poor', 4, '差', 'Poor'),
    ('fs_weight_item', 'days', 1, '在村天数', 'Days in village'),
    ('fs_weight_item', 'nights', 2, '在村住宿', 'Nights'),
    ('fs_weight_item', 'visits', 3, '走访群众', 'People visited'),
    ('fs_weight_item', 'difficulties', 4, '解决困难', 'Difficulties solved'),
    ('fs_weight_item', 'disputes', 5, '协调矛盾', 'Disputes mediated'),
    ('fs_weight_item', 'funds_wan', 6, '筹集资金（万元）', 'Funds raised (10k yuan)'),
    ('fs_weight_item', 'projects', 7, '引进项目', 'Projects'),
    ('fs_weight_item', 'sixth', 8, '第六项指标', 'Sixth indicator'),
    ('fs_weight_item', 'weeks', 9, '报送工作动态', 'Weekly reports');

-- ---- 两个创建: the standard and the model party branch -----------------------------------------
--
-- Each year every branch (a village's, a community's, a city department's) is inspected by
-- inspectors from another township (交叉检查) against the criteria of its level: 标准化党支部,
-- 4 aspects and 13 criteria; 示范化党支部, the standard's criteria and 6 more aspects with 25
-- criteria. The criteria are a template the city edits (creation_criteria); an inspection takes
-- the criteria of its level as they are when it is made, one result row each, marked met or not
-- with a note. A branch passes its level when every criterion is marked met; a passed model
-- inspection names the branch 示范化党支部 for the year.

CREATE TABLE creation_criteria (
    id     INTEGER PRIMARY KEY,
    level  TEXT NOT NULL CONSTRAINT "创建级别应为标准化或示范化" CHECK (level IN ('standard', 'model')),
    aspect TEXT NOT NULL CONSTRAINT "方面不能为空" CHECK (length(trim(aspect)) > 0),
    seq    INTEGER NOT NULL CONSTRAINT "序号应为正整数" CHECK (seq > 0),
    text   TEXT NOT NULL CONSTRAINT "验收标准不能为空" CHECK (length(trim(text)) > 0),
    UNIQUE (level, seq)
);

CREATE TABLE inspections (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL CONSTRAINT "年度应为 2000–2100" CHECK (year BETWEEN 2000 AND 2100),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    level        TEXT NOT NULL CONSTRAINT "创建级别应为标准化或示范化" CHECK (level IN ('standard', 'model')),
    inspector_id INTEGER NOT NULL REFERENCES people(id),
    inspected_on TEXT NOT NULL CONSTRAINT "检查日期无效，应为 YYYY-MM-DD"
                 CHECK (date(inspected_on, '+0 days') IS inspected_on),
    notes        TEXT,
    CONSTRAINT "检查日期应在检查年度内" CHECK (CAST(substr(inspected_on, 1, 4) AS INTEGER) = year),
    UNIQUE (year, unit_id, level)
);
CREATE INDEX inspections_unit ON inspections(unit_id);

CREATE TABLE inspection_results (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    criterion_id  INTEGER NOT NULL REFERENCES creation_criteria(id),
    met           INTEGER CONSTRAINT "是否达标应为是或否" CHECK (met IS NULL OR met IN (0, 1)),
    note          TEXT,
    UNIQUE (inspection_id, criterion_id)
);

CREATE TRIGGER inspections_rules_insert BEFORE INSERT ON inspections
BEGIN
    SELECT RAISE(ABORT, '受检单位应为村、社区或市直单位的党支部')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community', 'department');
    SELECT RAISE(ABORT, '交叉检查：检查人不能来自受检党支部所在的乡镇（街道）')
     WHERE (SELECT township_id FROM unit_townships
             WHERE unit_id = (SELECT unit_id FROM people WHERE id = NEW.inspector_id))
        IS (SELECT township_id FROM unit_townships WHERE unit_id = NEW.unit_id);
    SELECT RAISE(ABORT, '这个党支部这一年度已有此级别的检查')
     WHERE EXISTS (SELECT 1 FROM inspections WHERE year = NEW.year AND unit_id = NEW.unit_id
                      AND level = NEW.level);
END;

CREATE TRIGGER inspections_rules_update BEFORE UPDATE OF unit_id, inspector_id, level, year ON inspections
BEGIN
    SELECT RAISE(ABORT, '受检单位应为村、社区或市直单位的党支部')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community', 'department');
    SELECT RAISE(ABORT, '交叉检查：检查人不能来自受检党支部所在的乡镇（街道）')
     WHERE (SELECT township_id FROM unit_townships
             WHERE unit_id = (SELECT unit_id FROM people WHERE id = NEW.inspector_id))
        IS (SELECT township_id FROM unit_townships WHERE unit_id = NEW.unit_id);
    SELECT RAISE(ABORT, '检查的级别和受检单位在有检查结果后不能更改')
     WHERE (NEW.level IS NOT OLD.level OR NEW.unit_id IS NOT OLD.unit_id)
       AND EXISTS (SELECT 1 FROM inspection_results WHERE inspection_id = OLD.id AND met IS NOT NULL);
    SELECT RAISE(ABORT, '这个党支部这一年度已有此级别的检查')
     WHERE EXISTS (SELECT 1 FROM inspections WHERE year = NEW.year AND unit_id = NEW.unit_id
                      AND level = NEW.level AND id <> NEW.id);
END;

-- the criteria of its level, to be marked: a model inspection takes the standard's as well
CREATE TRIGGER inspections_criteria AFTER INSERT ON inspections
BEGIN
    INSERT INTO inspection_results (inspection_id, criterion_id)
    SELECT NEW.id, c.id FROM creation_criteria c
     WHERE c.level = 'standard' OR (NEW.level = 'model' AND c.level = 'model')
     ORDER BY c.level DESC, c.seq;
END;

CREATE VIEW inspections_v AS
SELECT i.*, ut.township_id,
       (SELECT count(*) FROM inspection_results r WHERE r.inspection_id = i.id) AS criteria,
       (SELECT count(*) FROM inspection_results r WHERE r.inspection_id = i.id AND r.met = 1) AS met,
       NOT EXISTS (SELECT 1 FROM inspection_results r WHERE r.inspection_id = i.id
                    AND r.met IS NOT 1) AS passed
  FROM inspections i
  JOIN unit_townships ut ON ut.unit_id = i.unit_id;

CREATE VIEW inspection_results_v AS
SELECT r.*, c.aspect, c.seq, c.level AS criterion_level, c.text
  FROM inspection_results r JOIN creation_criteria c ON c.id = r.criterion_id;

-- per year, level and township (NULL: the city's departments), branches inspected and passed
CREATE VIEW creation_rates AS
SELECT row_number() OVER (ORDER BY year, level, township_id) AS id, year, level, township_id,
       count(*) AS inspected, sum(passed) AS passed,
       round(100.0 * sum(passed) / count(*), 1) AS rate
  FROM inspections_v GROUP BY year, level, township_id;

INSERT INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('creation_criteria', 'shared', NULL, 1, '创建验收标准', 'Creation criteria'),
    ('inspections', 'ledger', 'unit unit_id', 1, '交叉检查', 'Cross inspections'),
    ('inspection_results', 'ledger', 'row inspection_id inspections', 1, '检查结果', 'Inspection results');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('creation_level', 'standard', 1, '标准化党支部', 'Standard branch'),
    ('creation_level', 'model', 2, '示范化党支部', 'Model branch');

INSERT INTO creation_criteria (level, aspect, seq, text) VALUES
    ('standard', '阵地建设', 1, '有固定的党员活动场所，面积和功能满足开展活动需要'),
    ('standard', '阵地建设', 2, '党旗、入党誓词、党支部工作制度等上墙，标识规范统一'),
    ('standard', '阵地建设', 3, '远程教育站点设备完好，按时组织党员收看学习'),
    ('standard', '阵地建设', 4, '党务、村务公开栏规范，按时公开并接受群众监督'),
    ('standard', '联系服务群众', 5, '落实村级集中服务日制度，干部每周一坐堂办公'),
    ('standard', '联系服务群众', 6, '群众申办事项实行全程代办，办结有记录'),
    ('standard', '联系服务群众', 7, '党员联系户全覆盖，走访有台账'),
    ('standard', '“三会一课”制度', 8, '每月召开支部党员大会或支委会，有记录'),
    ('standard', '“三会一课”制度', 9, '每季度上一次党课，书记带头讲党课'),
    ('standard', '“三会一课”制度', 10, '党小组会按时召开，党员参会率达到规定要求'),
    ('standard', '民主评议党员', 11, '每年开展一次民主评议党员，程序规范'),
    ('standard', '民主评议党员', 12, '评议结果公示并归档，对不合格党员按规定处置'),
    ('standard', '民主评议党员', 13, '按时足额收缴党费，账目清楚'),
    ('model', '集体经济发展', 1, '村级集体经济有稳定收入来源'),
    ('model', '集体经济发展', 2, '村级集体经济年收入达到全市规定标准'),
    ('model', '集体经济发展', 3, '有一个以上党员带头的产业项目或合作组织'),
    ('model', '集体经济发展', 4, '集体资产资源管理规范，收支公开'),
    ('model', '环境卫生整治', 5, '建立环境卫生长效保洁机制，有保洁人员'),
    ('model', '环境卫生整治', 6, '垃圾集中收集处理，无乱堆乱放'),
    ('model', '环境卫生整治', 7, '主要道路和公共场所整洁，绿化美化到位'),
    ('model', '环境卫生整治', 8, '党员户带头开展卫生评比，门前三包落实'),
    ('model', '安全生产', 9, '安全生产责任落实到人，有应急预案'),
    ('model', '安全生产', 10, '年度内无较大以上安全生产事故'),
    ('model', '安全生产', 11, '定期开展安全隐患排查并整改到位'),
    ('model', '安全生产', 12, '开展安全生产宣传教育，有记录'),
    ('model', '综治信访维稳', 13, '矛盾纠纷排查调处机制健全，调处有记录'),
    ('model', '综治信访维稳', 14, '年度内无越级上访、无群体性事件'),
    ('model', '综治信访维稳', 15, '治安防控措施落实，群众安全感较高'),
    ('model', '综治信访维稳', 16, '无“黄赌毒”和邪教活动'),
    ('model', '危房特困户改造', 17, 'D级危房改造任务按期完成'),
    ('model', '危房特困户改造', 18, '特困户基本生活得到保障，帮扶措施落实'),
    ('model', '危房特困户改造', 19, '改造资金使用规范，公示到位'),
    ('model', '危房特困户改造', 20, '建档立卡信息准确，动态管理'),
    ('model', '村民小康实现程度', 21, '农民人均可支配收入高于全市平均水平'),
    ('model', '村民小康实现程度', 22, '通村通组道路硬化，安全饮水全覆盖'),
    ('model', '村民小康实现程度', 23, '新型农村合作医疗和养老保险参保率达标'),
    ('model', '村民小康实现程度', 24, '适龄儿童入学率达到百分之百'),
    ('model', '村民小康实现程度', 25, '村规民约健全，文明新风评选常态化');

CREATE VIEW creation_named AS
SELECT id, year, unit_id, township_id, inspected_on FROM inspections_v
 WHERE level = 'model' AND passed;
