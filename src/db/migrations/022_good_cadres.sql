-- 022 — 好干部评选: the yearly selection of good cadres by the 五讲五好 standard.
--
-- A candidate (gc_candidates) is a person put forward for a year in one of four ways (单位推荐,
-- 个人推荐, 社会推荐, 本人自荐) with who put them forward and their deeds. The selection has
-- five rounds in this order: 初评, 考察, 二评, 公示, 审定 (gc_rounds: a candidate's result in a
-- round, passed or not, dated). A candidate moves only forward, one round at a time, and only
-- after passing the round before; the last round's result may be corrected or removed, an
-- earlier one not while a later one stands. A candidate passed in 审定 is selected; one not
-- passed in some round is eliminated there. The rates of elimination per round and overall
-- (the city's: about 80%) are views, shown on screen and in the quarterly workbook.

CREATE TABLE gc_candidates (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL CONSTRAINT "年度应为 2000–2100" CHECK (year BETWEEN 2000 AND 2100),
    person_id    INTEGER NOT NULL REFERENCES people(id),
    nominated_by TEXT NOT NULL CONSTRAINT "推荐方式应为单位推荐、个人推荐、社会推荐或本人自荐"
                 CHECK (nominated_by IN ('unit', 'personal', 'social', 'self')),
    nominator    TEXT,
    deeds        TEXT,
    notes        TEXT,
    CONSTRAINT "单位推荐、个人推荐和社会推荐须写明推荐单位或推荐人"
    CHECK (nominated_by = 'self' OR coalesce(length(trim(nominator)), 0) > 0)
);
CREATE INDEX gc_candidates_person ON gc_candidates(person_id);
CREATE INDEX gc_candidates_year ON gc_candidates(year);

CREATE TRIGGER gc_candidates_rules_insert BEFORE INSERT ON gc_candidates
BEGIN
    SELECT RAISE(ABORT, '这名干部这一年度已是好干部评选的候选人')
     WHERE EXISTS (SELECT 1 FROM gc_candidates WHERE person_id = NEW.person_id AND year = NEW.year);
END;

CREATE TRIGGER gc_candidates_rules_update BEFORE UPDATE OF person_id, year ON gc_candidates
BEGIN
    SELECT RAISE(ABORT, '这名干部这一年度已是好干部评选的候选人')
     WHERE EXISTS (SELECT 1 FROM gc_candidates WHERE person_id = NEW.person_id AND year = NEW.year
                      AND id <> NEW.id);
    SELECT RAISE(ABORT, '已有评选结果的候选人不能改换人员或年度')
     WHERE EXISTS (SELECT 1 FROM gc_rounds WHERE candidate_id = OLD.id);
END;

CREATE TABLE gc_rounds (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES gc_candidates(id) ON DELETE CASCADE,
    round        TEXT NOT NULL CONSTRAINT "评选轮次应为初评、考察、二评、公示或审定"
                 CHECK (round IN ('first', 'inspect', 'second', 'publicity', 'approve')),
    held_on      TEXT NOT NULL CONSTRAINT "评选日期无效，应为 YYYY-MM-DD"
                 CHECK (date(held_on, '+0 days') IS held_on),
    passed       INTEGER NOT NULL CONSTRAINT "是否通过应为是或否" CHECK (passed IN (0, 1)),
    note         TEXT
);
CREATE INDEX gc_rounds_candidate ON gc_rounds(candidate_id, round);

-- The order of the rounds, a fact of the rules (the labels are the choices' gc_round).
CREATE VIEW gc_round_order (round, seq) AS
VALUES ('first', 1), ('inspect', 2), ('second', 3), ('publicity', 4), ('approve', 5);

CREATE TRIGGER gc_rounds_forward_insert BEFORE INSERT ON gc_rounds
BEGIN
    SELECT RAISE(ABORT, '这名候选人这一轮已有结果')
     WHERE EXISTS (SELECT 1 FROM gc_rounds WHERE candidate_id = NEW.candidate_id AND round = NEW.round);
    SELECT RAISE(ABORT, '候选人在上一轮未通过，不能进入下一轮')
     WHERE EXISTS (SELECT 1 FROM gc_rounds WHERE candidate_id = NEW.candidate_id AND passed = 0);
    SELECT RAISE(ABORT, '候选人只能按初评、考察、二评、公示、审定的顺序逐轮评选')
     WHERE (SELECT count(*) FROM gc_rounds WHERE candidate_id = NEW.candidate_id)
        <> (SELECT seq FROM gc_round_order WHERE round = NEW.round) - 1;
    SELECT RAISE(ABORT, '评选日期应在候选人的评选年度内')
     WHERE substr(NEW.held_on, 1, 4) <> (SELECT CAST(year AS TEXT) FROM gc_candidates WHERE id = NEW.candidate_id);
    SELECT RAISE(ABORT, '这一轮的日期不能早于上一轮')
     WHERE NEW.held_on < (SELECT max(held_on) FROM gc_rounds WHERE candidate_id = NEW.candidate_id);
END;

CREATE TRIGGER gc_rounds_fixed_update BEFORE UPDATE OF candidate_id, round ON gc_rounds
BEGIN
    SELECT RAISE(ABORT, '评选轮次和候选人不能更改，请删除这一轮后重新录入');
END;

CREATE TRIGGER gc_rounds_result_update BEFORE UPDATE OF passed, held_on ON gc_rounds
BEGIN
    SELECT RAISE(ABORT, '候选人已进入下一轮，这一轮的结果不能再改')
     WHERE EXISTS (SELECT 1 FROM gc_rounds r WHERE r.candidate_id = NEW.candidate_id
                      AND (SELECT seq FROM gc_round_order WHERE round = r.round)
                        > (SELECT seq FROM gc_round_order WHERE round = NEW.round));
    SELECT RAISE(ABORT, '评选日期应在候选人的评选年度内')
     WHERE substr(NEW.held_on, 1, 4) <> (SELECT CAST(year AS TEXT) FROM gc_candidates WHERE id = NEW.candidate_id);
    SELECT RAISE(ABORT, '这一轮的日期不能早于上一轮')
     WHERE NEW.held_on < (SELECT max(r.held_on) FROM gc_rounds r WHERE r.candidate_id = NEW.candidate_id
                            AND (SELECT seq FROM gc_round_order WHERE round = r.round)
                              < (SELECT seq FROM gc_round_order WHERE round = NEW.round));
END;

-- Only the last round may go; a candidate deleted takes all its rounds with it.
CREATE TRIGGER gc_rounds_last_delete BEFORE DELETE ON gc_rounds
WHEN EXISTS (SELECT 1 FROM gc_candidates WHERE id = OLD.candidate_id)
BEGIN
    SELECT RAISE(ABORT, '只能删除候选人最后一轮的结果')
     WHERE EXISTS (SELECT 1 FROM gc_rounds r WHERE r.candidate_id = OLD.candidate_id
                      AND (SELECT seq FROM gc_round_order WHERE round = r.round)
                        > (SELECT seq FROM gc_round_order WHERE round = OLD.round));
END;

-- ---- views --------------------------------------------------------------------------------------

-- Each candidate with the last round reached and the outcome: selected (passed 审定),
-- eliminated (not passed in a round) or still under way.
CREATE VIEW gc_candidates_v AS
SELECT c.*, ut.township_id, p.name AS person_name, p.name_py AS person_py, p.name_key AS person_key,
       p.unit_id,
       (SELECT r.round FROM gc_rounds r JOIN gc_round_order o ON o.round = r.round
         WHERE r.candidate_id = c.id ORDER BY o.seq DESC LIMIT 1) AS last_round,
       CASE WHEN EXISTS (SELECT 1 FROM gc_rounds r WHERE r.candidate_id = c.id AND r.passed = 0) THEN 'eliminated'
            WHEN EXISTS (SELECT 1 FROM gc_rounds r WHERE r.candidate_id = c.id AND r.round = 'approve')
            THEN 'selected' ELSE 'in_progress' END AS outcome
  FROM gc_candidates c
  JOIN people p ON p.id = c.person_id
  JOIN unit_townships ut ON ut.unit_id = p.unit_id;

CREATE VIEW gc_rounds_v AS
SELECT r.*, o.seq, c.year, c.person_id, ut.township_id, p.name AS person_name, p.name_py AS person_py
  FROM gc_rounds r
  JOIN gc_round_order o ON o.round = r.round
  JOIN gc_candidates c ON c.id = r.candidate_id
  JOIN people p ON p.id = c.person_id
  JOIN unit_townships ut ON ut.unit_id = p.unit_id;

-- Per year and round, the whole city: candidates who entered the round, passed and were
-- eliminated there, the round's rate of elimination and the rate so far (eliminated up to this
-- round of the year's candidates). The city's figures, so no township's (township_id NULL).
CREATE VIEW gc_round_rates AS
WITH rounds AS (
    SELECT c.year, r.round, o.seq, count(*) AS entered, sum(r.passed) AS passed
      FROM gc_rounds r JOIN gc_candidates c ON c.id = r.candidate_id
      JOIN gc_round_order o ON o.round = r.round
     GROUP BY c.year, r.round),
years AS (SELECT year, count(*) AS candidates FROM gc_candidates GROUP BY year)
SELECT r.year * 10 + r.seq AS id, r.year, r.round, r.seq, NULL AS township_id, y.candidates,
       r.entered, r.passed, r.entered - r.passed AS eliminated,
       round(100.0 * (r.entered - r.passed) / r.entered, 1) AS rate,
       round(100.0 * (y.candidates - r.passed) / y.candidates, 1) AS rate_so_far
  FROM rounds r JOIN years y ON y.year = r.year;

CREATE VIEW gc_selected AS
SELECT c.id, c.year, c.person_id, c.person_name, c.person_py, c.unit_id, c.township_id,
       c.nominated_by, r.held_on AS approved_on
  FROM gc_candidates_v c JOIN gc_rounds r ON r.candidate_id = c.id AND r.round = 'approve'
 WHERE r.passed = 1;

-- ---- declarations and vocabularies ------------------------------------------------------------

INSERT INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('gc_candidates', 'ledger', 'row person_id people', 1, '好干部候选人', 'Good-cadre candidates'),
    ('gc_rounds', 'ledger', 'row candidate_id gc_candidates', 1, '好干部评选结果', 'Good-cadre rounds');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('gc_nomination', 'unit', 1, '单位推荐', 'By the unit'),
    ('gc_nomination', 'personal', 2, '个人推荐', 'By a person'),
    ('gc_nomination', 'social', 3, '社会推荐', 'By the public'),
    ('gc_nomination', 'self', 4, '本人自荐', 'Self-nominated'),
    ('gc_round', 'first', 1, '初评', 'First review'),
    ('gc_round', 'inspect', 2, '考察', 'Inspection'),
    ('gc_round', 'second', 3, '二评', 'Second review'),
    ('gc_round', 'publicity', 4, '公示', 'Publicity'),
    ('gc_round', 'approve', 5, '审定', 'Approval'),
    ('gc_outcome', 'in_progress', 1, '评选中', 'Under way'),
    ('gc_outcome', 'eliminated', 2, '已淘汰', 'Eliminated'),
    ('gc_outcome', 'selected', 3, '当选', 'Selected');
