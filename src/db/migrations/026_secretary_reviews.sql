-- 026 — 双向述职评议, twice a year: the secretaries of the townships and of the villages and
-- communities report on their year and are assessed — at mid-year, around 七一, and at the
-- year's end. Both assessments are the scores of their unit's contract (002: score_mid and
-- score_final of its items) made on the days the contract records (013: mid_assessed_on,
-- final_assessed_on). This migration adds what a 述职评议 sheet needs on top: the rule that the
-- year-end day is not before the mid-year one, the grade a score earns by a table of bands the city keeps (评议等次), and one
-- row per contract with the secretary, both assessments, the place in its township (villages)
-- or in the city (townships), and the grade.

CREATE TRIGGER contracts_review_dates_insert BEFORE INSERT ON contracts
WHEN NEW.final_assessed_on < NEW.mid_assessed_on
BEGIN
    SELECT RAISE(ABORT, '年终述职评议日期不能早于年中评议日期');
END;

CREATE TRIGGER contracts_review_dates_update
BEFORE UPDATE OF mid_assessed_on, final_assessed_on ON contracts
WHEN NEW.final_assessed_on < NEW.mid_assessed_on
BEGIN
    SELECT RAISE(ABORT, '年终述职评议日期不能早于年中评议日期');
END;

-- The first mid-year score stamps today (013) — but never after a year-end day already there,
-- so that a clerk entering the year-end scores first is not refused the mid-year ones.
DROP TRIGGER contract_items_mid_dated;
CREATE TRIGGER contract_items_mid_dated AFTER UPDATE OF score_mid ON contract_items
WHEN NEW.score_mid IS NOT NULL AND OLD.score_mid IS NULL
BEGIN
    UPDATE contracts SET mid_assessed_on = min(date('now', 'localtime'),
                                               coalesce(final_assessed_on, '9999-12-31'))
     WHERE id = NEW.contract_id AND mid_assessed_on IS NULL;
END;

DROP TRIGGER contract_items_scored_insert;
CREATE TRIGGER contract_items_scored_insert AFTER INSERT ON contract_items
WHEN NEW.score_mid IS NOT NULL OR NEW.score_final IS NOT NULL
BEGIN
    UPDATE contracts
       SET mid_assessed_on = coalesce(mid_assessed_on,
                                      CASE WHEN NEW.score_mid IS NOT NULL
                                           THEN min(date('now', 'localtime'),
                                                    coalesce(final_assessed_on, '9999-12-31')) END),
           final_assessed_on = coalesce(final_assessed_on,
                                        CASE WHEN NEW.score_final IS NOT NULL THEN date('now', 'localtime') END)
     WHERE id = NEW.contract_id;
END;

CREATE TABLE review_grades (
    id        INTEGER PRIMARY KEY,
    min_score REAL NOT NULL UNIQUE
              CONSTRAINT "起始分数应在 0 与 100 之间" CHECK (min_score >= 0 AND min_score <= 100),
    grade     TEXT NOT NULL UNIQUE CONSTRAINT "评议等次不能为空" CHECK (length(trim(grade)) > 0)
);

INSERT INTO review_grades (min_score, grade) VALUES
    (0, '较差'), (60, '一般'), (80, '良好'), (90, '优秀');

CREATE TRIGGER review_grades_floor BEFORE DELETE ON review_grades
WHEN OLD.min_score = 0
BEGIN
    SELECT RAISE(ABORT, '从 0 分起的一档不能删除：每个得分都要有等次');
END;

CREATE TRIGGER review_grades_floor_update BEFORE UPDATE OF min_score ON review_grades
WHEN OLD.min_score = 0 AND NEW.min_score <> 0
BEGIN
    SELECT RAISE(ABORT, '从 0 分起的一档不能删除：每个得分都要有等次');
END;

-- A contract's two assessments, each counted from the day it was made; the grade of each half.
CREATE VIEW review_sheet AS
SELECT c.id, c.year, c.tier, c.township_id, c.signer_id,
       coalesce(c.signatory, u.secretary) AS secretary,
       c.mid_assessed_on, CASE WHEN c.mid_assessed_on IS NOT NULL THEN c.total_mid END AS mid,
       c.final_assessed_on, CASE WHEN c.final_assessed_on IS NOT NULL THEN c.total_final END AS final,
       (SELECT g.grade FROM review_grades g WHERE g.min_score <= CASE WHEN c.mid_assessed_on IS NOT NULL THEN c.total_mid END
         ORDER BY g.min_score DESC LIMIT 1) AS mid_grade,
       (SELECT g.grade FROM review_grades g WHERE g.min_score <= CASE WHEN c.final_assessed_on IS NOT NULL THEN c.total_final END
         ORDER BY g.min_score DESC LIMIT 1) AS final_grade,
       CASE WHEN c.final_assessed_on IS NOT NULL AND c.total_final IS NOT NULL THEN
            rank() OVER (PARTITION BY c.year, c.tier,
                                      CASE c.tier WHEN 'village' THEN c.township_id END,
                                      c.final_assessed_on IS NOT NULL AND c.total_final IS NOT NULL
                         ORDER BY c.total_final DESC) END AS final_rank,
       c.signer_name, c.signer_py, c.signer_key
  FROM contracts_v c
  JOIN units u ON u.id = c.signer_id
 WHERE c.status <> 'draft';

INSERT INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('review_grades', 'shared', NULL, 1, '评议等次标准', 'Review grades');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('review_tier', 'township', 1, '乡镇（街道）党（工）委书记', 'Township secretaries'),
    ('review_tier', 'village', 2, '村（社区）党组织书记', 'Village secretaries');
