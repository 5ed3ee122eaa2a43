-- 023 — 挂职锻炼与外派培训: cadres sent out of the city for a secondment, training or a study
-- visit, in batches.
--
-- A batch (sc_batches) is sent by the city or a township, of a kind (挂职锻炼, 培训学习,
-- 考察学习), to a place and host for its dates; its members (sc_members) are people with their
-- post at the time and an assessment. A cadre is in a batch once, and in no two batches whose
-- dates overlap. Views give a person's history (every batch they went with, the days away,
-- whether they were a selected good cadre by then) and the counts per year and kind.

CREATE TABLE sc_batches (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL CONSTRAINT "批次名称不能为空" CHECK (length(trim(name)) > 0),
    name_py   TEXT,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    kind      TEXT NOT NULL CONSTRAINT "类别应为挂职锻炼、培训学习或考察学习"
              CHECK (kind IN ('secondment', 'training', 'study')),
    place     TEXT NOT NULL CONSTRAINT "地点不能为空" CHECK (length(trim(place)) > 0),
    host      TEXT,
    starts_on TEXT NOT NULL CONSTRAINT "开始日期无效，应为 YYYY-MM-DD"
              CHECK (date(starts_on, '+0 days') IS starts_on),
    ends_on   TEXT NOT NULL CONSTRAINT "结束日期无效，应为 YYYY-MM-DD"
              CHECK (date(ends_on, '+0 days') IS ends_on),
    notes     TEXT,
    CONSTRAINT "结束日期不能早于开始日期" CHECK (ends_on >= starts_on)
);
CREATE INDEX sc_batches_name_py ON sc_batches(name_py);
CREATE INDEX sc_batches_starts ON sc_batches(starts_on);
CREATE INDEX sc_batches_unit ON sc_batches(unit_id);

CREATE TRIGGER sc_batches_rules_insert BEFORE INSERT ON sc_batches
BEGIN
    SELECT RAISE(ABORT, '派出单位应为市或乡镇（街道）')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('city', 'township');
    SELECT RAISE(ABORT, '已有同名的批次')
     WHERE EXISTS (SELECT 1 FROM sc_batches WHERE name = NEW.name);
END;

CREATE TRIGGER sc_batches_rules_update BEFORE UPDATE OF name, unit_id, starts_on, ends_on ON sc_batches
BEGIN
    SELECT RAISE(ABORT, '派出单位应为市或乡镇（街道）')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('city', 'township');
    SELECT RAISE(ABORT, '已有同名的批次')
     WHERE EXISTS (SELECT 1 FROM sc_batches WHERE name = NEW.name AND id <> NEW.id);
    SELECT RAISE(ABORT, '改期后有成员与其参加的另一批次时间重叠')
     WHERE EXISTS (SELECT 1 FROM sc_members m
                     JOIN sc_members o ON o.person_id = m.person_id AND o.batch_id <> m.batch_id
                     JOIN sc_batches b ON b.id = o.batch_id
                    WHERE m.batch_id = NEW.id
                      AND b.starts_on <= NEW.ends_on AND b.ends_on >= NEW.starts_on);
END;

CREATE TABLE sc_members (
    id        INTEGER PRIMARY KEY,
    batch_id  INTEGER NOT NULL REFERENCES sc_batches(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    post      TEXT,
    result    TEXT,
    notes     TEXT
);
CREATE INDEX sc_members_batch ON sc_members(batch_id);
CREATE INDEX sc_members_person ON sc_members(person_id);

CREATE TRIGGER sc_members_rules_insert BEFORE INSERT ON sc_members
BEGIN
    SELECT RAISE(ABORT, '这名干部已在这一批次中')
     WHERE EXISTS (SELECT 1 FROM sc_members WHERE batch_id = NEW.batch_id AND person_id = NEW.person_id);
    SELECT RAISE(ABORT, '这名干部在这段时间已参加另一批挂职或培训')
     WHERE EXISTS (SELECT 1 FROM sc_members o
                     JOIN sc_batches b ON b.id = o.batch_id
                     JOIN sc_batches n ON n.id = NEW.batch_id
                    WHERE o.person_id = NEW.person_id AND o.batch_id <> NEW.batch_id
                      AND b.starts_on <= n.ends_on AND b.ends_on >= n.starts_on);
END;

CREATE TRIGGER sc_members_rules_update BEFORE UPDATE OF batch_id, person_id ON sc_members
BEGIN
    SELECT RAISE(ABORT, '这名干部已在这一批次中')
     WHERE EXISTS (SELECT 1 FROM sc_members WHERE batch_id = NEW.batch_id AND person_id = NEW.person_id
                      AND id <> NEW.id);
    SELECT RAISE(ABORT, '这名干部在这段时间已参加另一批挂职或培训')
     WHERE EXISTS (SELECT 1 FROM sc_members o
                     JOIN sc_batches b ON b.id = o.batch_id
                     JOIN sc_batches n ON n.id = NEW.batch_id
                    WHERE o.person_id = NEW.person_id AND o.batch_id <> NEW.batch_id AND o.id <> NEW.id
                      AND b.starts_on <= n.ends_on AND b.ends_on >= n.starts_on);
END;

-- ---- views --------------------------------------------------------------------------------------

CREATE VIEW sc_batches_v AS
SELECT b.*, ut.township_id, CAST(substr(b.starts_on, 1, 4) AS INTEGER) AS year,
       CAST(julianday(b.ends_on) - julianday(b.starts_on) AS INTEGER) + 1 AS days,
       (SELECT count(*) FROM sc_members m WHERE m.batch_id = b.id) AS members
  FROM sc_batches b JOIN unit_townships ut ON ut.unit_id = b.unit_id;

-- A person's history: each batch with its kind, place, dates and days, and whether the person
-- had been selected a good cadre (好干部评选, 022) before the batch set out.
CREATE VIEW sc_history AS
SELECT m.id, m.batch_id, m.person_id, m.post, m.result, m.notes, b.name AS batch_name, b.kind,
       b.place, b.host, b.starts_on, b.ends_on, CAST(substr(b.starts_on, 1, 4) AS INTEGER) AS year,
       CAST(julianday(b.ends_on) - julianday(b.starts_on) AS INTEGER) + 1 AS days,
       p.name AS person_name, p.name_py AS person_py, p.name_key AS person_key, p.unit_id,
       ut.township_id,
       EXISTS (SELECT 1 FROM gc_selected g WHERE g.person_id = m.person_id
                  AND g.approved_on <= b.starts_on) AS good_cadre
  FROM sc_members m
  JOIN sc_batches b ON b.id = m.batch_id
  JOIN people p ON p.id = m.person_id
  JOIN unit_townships ut ON ut.unit_id = p.unit_id;

-- Per year (of the start) and kind, the city's: batches, cadres sent, days away in all, and
-- of them good cadres.
CREATE VIEW sc_year_counts AS
SELECT h.year * 10 + CASE h.kind WHEN 'secondment' THEN 1 WHEN 'training' THEN 2 ELSE 3 END AS id,
       h.year, h.kind, NULL AS township_id, count(DISTINCT h.batch_id) AS batches,
       count(*) AS members, sum(h.days) AS person_days, sum(h.good_cadre) AS good_cadres
  FROM sc_history h GROUP BY h.year, h.kind;

-- ---- declarations and vocabularies ------------------------------------------------------------

INSERT INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('sc_batches', 'ledger', 'unit unit_id', 1, '挂职培训批次', 'Secondment batches'),
    ('sc_members', 'ledger', 'row person_id people', 1, '挂职培训人员', 'Secondment members');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('sc_kind', 'secondment', 1, '挂职锻炼', 'Secondment'),
    ('sc_kind', 'training', 2, '培训学习', 'Training'),
    ('sc_kind', 'study', 3, '考察学习', 'Study visit');
