-- 021 — 党代表常任制: the city's Party-congress representatives as standing deputies.
--
-- Each representative (deputies) is a person of the people ledger, a member of one of the
-- representative studios (党代表工作室, deputy_studios) and linked to one village or community
-- and to at most 10 households there (deputy_households: name, address, phone), visited on a
-- schedule of one visit a quarter (deputy_visits). What representatives do is kept as dated
-- activities of seven kinds (deputy_activities); a 提案 or 提议 is followed to its answer
-- (办理情况, 答复日期). The views give a representative's year, a studio's year, and the
-- households not yet visited this quarter.

CREATE TABLE deputy_studios (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL CONSTRAINT "工作室名称不能为空" CHECK (length(trim(name)) > 0),
    name_py TEXT,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    address TEXT,
    notes   TEXT
);
CREATE INDEX deputy_studios_name_py ON deputy_studios(name_py);
CREATE INDEX deputy_studios_unit ON deputy_studios(unit_id);

CREATE TRIGGER deputy_studios_rules_insert BEFORE INSERT ON deputy_studios
BEGIN
    SELECT RAISE(ABORT, '党代表工作室应设在市或乡镇（街道）')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('city', 'township');
    SELECT RAISE(ABORT, '已有同名的党代表工作室')
     WHERE EXISTS (SELECT 1 FROM deputy_studios WHERE name = NEW.name);
END;

CREATE TRIGGER deputy_studios_rules_update BEFORE UPDATE OF name, unit_id ON deputy_studios
BEGIN
    SELECT RAISE(ABORT, '党代表工作室应设在市或乡镇（街道）')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('city', 'township');
    SELECT RAISE(ABORT, '已有同名的党代表工作室')
     WHERE EXISTS (SELECT 1 FROM deputy_studios WHERE name = NEW.name AND id <> NEW.id);
END;

CREATE TABLE deputies (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    studio_id  INTEGER NOT NULL REFERENCES deputy_studios(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    term       TEXT NOT NULL CONSTRAINT "届次不能为空" CHECK (length(trim(term)) > 0),
    elected_on TEXT NOT NULL CONSTRAINT "当选日期无效，应为 YYYY-MM-DD"
               CHECK (date(elected_on, '+0 days') IS elected_on),
    ended_on   TEXT CONSTRAINT "届满日期无效，应为 YYYY-MM-DD"
               CHECK (ended_on IS NULL OR date(ended_on, '+0 days') IS ended_on),
    notes      TEXT,
    CONSTRAINT "届满日期不能早于当选日期" CHECK (ended_on IS NULL OR ended_on >= elected_on)
);
CREATE INDEX deputies_person ON deputies(person_id);
CREATE INDEX deputies_studio ON deputies(studio_id);
CREATE INDEX deputies_unit ON deputies(unit_id);

CREATE TRIGGER deputies_rules_insert BEFORE INSERT ON deputies
BEGIN
    SELECT RAISE(ABORT, '党代表联系的应为一个村或社区')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community');
    SELECT RAISE(ABORT, '这名党员在这一届已是党代表')
     WHERE EXISTS (SELECT 1 FROM deputies WHERE person_id = NEW.person_id AND term = NEW.term);
END;

CREATE TRIGGER deputies_rules_update BEFORE UPDATE OF unit_id, person_id, term, elected_on, ended_on ON deputies
BEGIN
    SELECT RAISE(ABORT, '党代表联系的应为一个村或社区')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community');
    SELECT RAISE(ABORT, '这名党员在这一届已是党代表')
     WHERE EXISTS (SELECT 1 FROM deputies WHERE person_id = NEW.person_id AND term = NEW.term
                      AND id <> NEW.id);
    SELECT RAISE(ABORT, '已有履职活动或走访记录不在新的任期内')
     WHERE EXISTS (SELECT 1 FROM deputy_activities a WHERE a.deputy_id = NEW.id
                      AND (a.held_on < NEW.elected_on OR a.held_on > coalesce(NEW.ended_on, '9999-12-31')))
        OR EXISTS (SELECT 1 FROM deputy_visits v JOIN deputy_households h ON h.id = v.household_id
                    WHERE h.deputy_id = NEW.id
                      AND (v.visited_on < NEW.elected_on OR v.visited_on > coalesce(NEW.ended_on, '9999-12-31')));
END;

CREATE TABLE deputy_households (
    id        INTEGER PRIMARY KEY,
    deputy_id INTEGER NOT NULL REFERENCES deputies(id) ON DELETE CASCADE,
    name      TEXT NOT NULL CONSTRAINT "户主姓名不能为空" CHECK (length(trim(name)) > 0),
    name_py   TEXT,
    address   TEXT NOT NULL CONSTRAINT "住址不能为空" CHECK (length(trim(address)) > 0),
    phone     TEXT,
    notes     TEXT,
    CONSTRAINT "户主姓名最多 20 个字" CHECK (length(name) <= 20)
);
CREATE INDEX deputy_households_deputy ON deputy_households(deputy_id);
CREATE INDEX deputy_households_name_py ON deputy_households(name_py);

-- the phone rule of migration 011 (people), for the households' phones
CREATE TRIGGER deputy_households_rules_insert BEFORE INSERT ON deputy_households
BEGIN
    SELECT RAISE(ABORT, '每名党代表最多联系 10 户群众')
     WHERE (SELECT count(*) FROM deputy_households WHERE deputy_id = NEW.deputy_id) >= 10;
    SELECT RAISE(ABORT, '联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）')
     WHERE NEW.phone IS NOT NULL
       AND NOT (length(NEW.phone) = 11 AND NEW.phone GLOB '1[3-9]*'
                AND NEW.phone NOT GLOB '*[^0-9]*')
       AND NOT (NEW.phone GLOB '0[1-9]*' AND instr(NEW.phone, '-') IN (4, 5)
                AND length(NEW.phone) - instr(NEW.phone, '-') IN (7, 8)
                AND replace(NEW.phone, '-', '') NOT GLOB '*[^0-9]*'
                AND length(replace(NEW.phone, '-', '')) = length(NEW.phone) - 1);
END;

CREATE TRIGGER deputy_households_rules_update BEFORE UPDATE OF deputy_id, phone ON deputy_households
BEGIN
    SELECT RAISE(ABORT, '每名党代表最多联系 10 户群众')
     WHERE NEW.deputy_id IS NOT OLD.deputy_id
       AND (SELECT count(*) FROM deputy_households WHERE deputy_id = NEW.deputy_id) >= 10;
    SELECT RAISE(ABORT, '联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）')
     WHERE NEW.phone IS NOT NULL
       AND NOT (length(NEW.phone) = 11 AND NEW.phone GLOB '1[3-9]*'
                AND NEW.phone NOT GLOB '*[^0-9]*')
       AND NOT (NEW.phone GLOB '0[1-9]*' AND instr(NEW.phone, '-') IN (4, 5)
                AND length(NEW.phone) - instr(NEW.phone, '-') IN (7, 8)
                AND replace(NEW.phone, '-', '') NOT GLOB '*[^0-9]*'
                AND length(replace(NEW.phone, '-', '')) = length(NEW.phone) - 1);
END;

CREATE TABLE deputy_visits (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES deputy_households(id) ON DELETE CASCADE,
    visited_on   TEXT NOT NULL CONSTRAINT "走访日期无效，应为 YYYY-MM-DD"
                 CHECK (date(visited_on, '+0 days') IS visited_on),
    content      TEXT NOT NULL CONSTRAINT "走访内容不能为空" CHECK (length(trim(content)) > 0)
);
CREATE INDEX deputy_visits_household ON deputy_visits(household_id, visited_on);

CREATE TRIGGER deputy_visits_rules_insert BEFORE INSERT ON deputy_visits
BEGIN
    SELECT RAISE(ABORT, '这一户这一天已有走访记录')
     WHERE EXISTS (SELECT 1 FROM deputy_visits WHERE household_id = NEW.household_id
                      AND visited_on = NEW.visited_on);
    SELECT RAISE(ABORT, '走访日期不在这名党代表的任期内')
     WHERE EXISTS (SELECT 1 FROM deputy_households h JOIN deputies d ON d.id = h.deputy_id
                    WHERE h.id = NEW.household_id
                      AND (NEW.visited_on < d.elected_on OR NEW.visited_on > coalesce(d.ended_on, '9999-12-31')));
END;

CREATE TRIGGER deputy_visits_rules_update BEFORE UPDATE OF household_id, visited_on ON deputy_visits
BEGIN
    SELECT RAISE(ABORT, '这一户这一天已有走访记录')
     WHERE EXISTS (SELECT 1 FROM deputy_visits WHERE household_id = NEW.household_id
                      AND visited_on = NEW.visited_on AND id <> NEW.id);
    SELECT RAISE(ABORT, '走访日期不在这名党代表的任期内')
     WHERE EXISTS (SELECT 1 FROM deputy_households h JOIN deputies d ON d.id = h.deputy_id
                    WHERE h.id = NEW.household_id
                      AND (NEW.visited_on < d.elected_on OR NEW.visited_on > coalesce(d.ended_on, '9999-12-31')));
END;

CREATE TABLE deputy_activities (
    id          INTEGER PRIMARY KEY,
    deputy_id   INTEGER NOT NULL REFERENCES deputies(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL
                CONSTRAINT "活动类型应为调研视察、提案、提议、列席市委会议、询问或质询、民主评议或党代表活动日"
                CHECK (kind IN ('survey', 'proposal', 'suggestion', 'attend', 'inquiry', 'review',
                                'activity_day')),
    held_on     TEXT NOT NULL CONSTRAINT "活动日期无效，应为 YYYY-MM-DD"
                CHECK (date(held_on, '+0 days') IS held_on),
    content     TEXT NOT NULL CONSTRAINT "活动内容不能为空" CHECK (length(trim(content)) > 0),
    handling    TEXT,
    answered_on TEXT CONSTRAINT "答复日期无效，应为 YYYY-MM-DD"
                CHECK (answered_on IS NULL OR date(answered_on, '+0 days') IS answered_on),
    CONSTRAINT "答复日期不能早于提出日期" CHECK (answered_on IS NULL OR answered_on >= held_on),
    CONSTRAINT "办理情况和答复日期只用于提案和提议"
    CHECK (kind IN ('proposal', 'suggestion') OR (handling IS NULL AND answered_on IS NULL)),
    CONSTRAINT "已答复的须写明办理情况"
    CHECK (answered_on IS NULL OR coalesce(length(trim(handling)), 0) > 0)
);
CREATE INDEX deputy_activities_deputy ON deputy_activities(deputy_id, held_on);
CREATE INDEX deputy_activities_held ON deputy_activities(held_on);

CREATE TRIGGER deputy_activities_term_insert BEFORE INSERT ON deputy_activities
BEGIN
    SELECT RAISE(ABORT, '活动日期不在这名党代表的任期内')
     WHERE EXISTS (SELECT 1 FROM deputies d WHERE d.id = NEW.deputy_id
                      AND (NEW.held_on < d.elected_on OR NEW.held_on > coalesce(d.ended_on, '9999-12-31')));
END;

CREATE TRIGGER deputy_activities_term_update BEFORE UPDATE OF deputy_id, held_on ON deputy_activities
BEGIN
    SELECT RAISE(ABORT, '活动日期不在这名党代表的任期内')
     WHERE EXISTS (SELECT 1 FROM deputies d WHERE d.id = NEW.deputy_id
                      AND (NEW.held_on < d.elected_on OR NEW.held_on > coalesce(d.ended_on, '9999-12-31')));
END;

-- ---- views --------------------------------------------------------------------------------------

CREATE VIEW deputies_v AS
SELECT d.*, ut.township_id, p.name AS person_name, p.name_py AS person_py, p.name_key AS person_key,
       (SELECT count(*) FROM deputy_households h WHERE h.deputy_id = d.id) AS households
  FROM deputies d
  JOIN people p ON p.id = d.person_id
  JOIN unit_townships ut ON ut.unit_id = d.unit_id;

CREATE VIEW deputy_studios_v AS
SELECT s.*, ut.township_id,
       (SELECT count(*) FROM deputies d WHERE d.studio_id = s.id AND d.ended_on IS NULL) AS deputies
  FROM deputy_studios s JOIN unit_townships ut ON ut.unit_id = s.unit_id;

CREATE VIEW deputy_households_v AS
SELECT h.*, d.studio_id, d.unit_id, ut.township_id,
       (SELECT max(v.visited_on) FROM deputy_visits v WHERE v.household_id = h.id) AS last_visited
  FROM deputy_households h
  JOIN deputies d ON d.id = h.deputy_id
  JOIN unit_townships ut ON ut.unit_id = d.unit_id;

CREATE VIEW deputy_activities_v AS
SELECT a.*, d.studio_id, ut.township_id, CAST(substr(a.held_on, 1, 4) AS INTEGER) AS year,
       p.name AS person_name, p.name_py AS person_py,
       CASE WHEN a.kind NOT IN ('proposal', 'suggestion') THEN NULL
            WHEN a.answered_on IS NULL THEN 0 ELSE 1 END AS answered
  FROM deputy_activities a
  JOIN deputies d ON d.id = a.deputy_id
  JOIN people p ON p.id = d.person_id
  JOIN unit_townships ut ON ut.unit_id = d.unit_id;

-- 提案和提议: the proposals with their handling and answer
CREATE VIEW deputy_proposals AS
SELECT * FROM deputy_activities_v WHERE kind IN ('proposal', 'suggestion');

-- A representative's year: activities of each kind, visits and households visited.
CREATE VIEW deputy_years AS
WITH acts AS (
    SELECT deputy_id, CAST(substr(held_on, 1, 4) AS INTEGER) AS year,
           count(CASE kind WHEN 'survey' THEN 1 END) AS surveys,
           count(CASE kind WHEN 'proposal' THEN 1 END) AS proposals,
           count(CASE kind WHEN 'suggestion' THEN 1 END) AS suggestions,
           count(CASE kind WHEN 'attend' THEN 1 END) AS attended,
           count(CASE kind WHEN 'inquiry' THEN 1 END) AS inquiries,
           count(CASE kind WHEN 'review' THEN 1 END) AS reviews,
           count(CASE kind WHEN 'activity_day' THEN 1 END) AS activity_days,
           count(CASE WHEN answered_on IS NOT NULL THEN 1 END) AS answered
      FROM deputy_activities GROUP BY 1, 2),
vis AS (
    SELECT h.deputy_id, CAST(substr(v.visited_on, 1, 4) AS INTEGER) AS year,
           count(*) AS visits, count(DISTINCT v.household_id) AS households_visited
      FROM deputy_visits v JOIN deputy_households h ON h.id = v.household_id GROUP BY 1, 2),
years AS (SELECT deputy_id, year FROM acts UNION SELECT deputy_id, year FROM vis)
SELECT y.deputy_id * 10000 + y.year AS id, y.year, y.deputy_id, d.person_id, d.studio_id, d.unit_id,
       ut.township_id, p.name AS person_name, p.name_py AS person_py,
       coalesce(a.surveys, 0) AS surveys, coalesce(a.proposals, 0) AS proposals,
       coalesce(a.suggestions, 0) AS suggestions, coalesce(a.attended, 0) AS attended,
       coalesce(a.inquiries, 0) AS inquiries, coalesce(a.reviews, 0) AS reviews,
       coalesce(a.activity_days, 0) AS activity_days, coalesce(a.answered, 0) AS answered,
       coalesce(v.visits, 0) AS visits, coalesce(v.households_visited, 0) AS households_visited
  FROM years y
  JOIN deputies d ON d.id = y.deputy_id
  JOIN people p ON p.id = d.person_id
  JOIN unit_townships ut ON ut.unit_id = d.unit_id
  LEFT JOIN acts a ON a.deputy_id = y.deputy_id AND a.year = y.year
  LEFT JOIN vis v ON v.deputy_id = y.deputy_id AND v.year = y.year;

-- A studio's year: its representatives' activities and visits summed.
CREATE VIEW studio_years AS
SELECT y.studio_id * 10000 + y.year AS id, y.year, y.studio_id, ut.township_id,
       count(*) AS deputies, sum(y.surveys) AS surveys, sum(y.proposals + y.suggestions) AS proposals,
       sum(y.answered) AS answered, sum(y.attended) AS attended, sum(y.inquiries) AS inquiries,
       sum(y.reviews) AS reviews, sum(y.activity_days) AS activity_days, sum(y.visits) AS visits,
       sum(y.households_visited) AS households_visited
  FROM deputy_years y
  JOIN deputy_studios s ON s.id = y.studio_id
  JOIN unit_townships ut ON ut.unit_id = s.unit_id
 GROUP BY y.studio_id, y.year;

-- The households of serving representatives with no visit since this quarter began.
CREATE VIEW households_unvisited AS
SELECT h.id, h.deputy_id, h.name, h.name_py, h.address, h.phone, d.studio_id, d.unit_id,
       ut.township_id,
       (SELECT max(v.visited_on) FROM deputy_visits v WHERE v.household_id = h.id) AS last_visited
  FROM deputy_households h
  JOIN deputies d ON d.id = h.deputy_id
  JOIN unit_townships ut ON ut.unit_id = d.unit_id
 WHERE (d.ended_on IS NULL OR d.ended_on >= date('now'))
   AND NOT EXISTS (SELECT 1 FROM deputy_visits v WHERE v.household_id = h.id
                      AND v.visited_on >= date('now', 'start of month',
                          '-' || ((CAST(strftime('%m', 'now') AS INTEGER) - 1) % 3) || ' months'));

-- ---- declarations and vocabularies ------------------------------------------------------------

INSERT INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('deputy_studios', 'ledger', 'unit unit_id', 1, '党代表工作室', 'Representative studios'),
    ('deputies', 'ledger', 'unit unit_id', 1, '党代表', 'Party representatives'),
    ('deputy_households', 'ledger', 'row deputy_id deputies', 1, '党代表联系户', 'Linked households'),
    ('deputy_visits', 'ledger', 'row household_id deputy_households', 1, '联系户走访', 'Household visits'),
    ('deputy_activities', 'ledger', 'row deputy_id deputies', 1, '党代表履职活动', 'Representatives'' activities');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('deputy_activity', 'survey', 1, '调研视察', 'Survey and inspection'),
    ('deputy_activity', 'proposal', 2, '提案', 'Proposal'),
    ('deputy_activity', 'suggestion', 3, '提议', 'Suggestion'),
    ('deputy_activity', 'attend', 4, '列席市委会议', 'Attended a committee meeting'),
    ('deputy_activity', 'inquiry', 5, '询问或质询', 'Inquiry'),
    ('deputy_activity', 'review', 6, '民主评议', 'Democratic review'),
    ('deputy_activity', 'activity_day', 7, '党代表活动日', 'Representatives'' day');
