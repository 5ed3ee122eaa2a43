-- 010 — what clerks meet every day: every list that offers a search by pinyin initials can be
-- searched so; a village or community is named with its township wherever it is shown.
--
-- ---- a unit's full name -----------------------------------------------------------------------
-- Village names repeat across townships, so a village or community is shown as “龙溪镇 竹坪村”
-- in every list, picker, lookup and prompt: units.full_name, the units form's display column,
-- kept by the triggers below whatever writes the units (taizhang, a script, the sqlite3 command
-- line). The city, townships and departments are named by their name alone. Kept rather than
-- derived in a view so that the units list keeps reading the table itself (its n-gram search
-- counts from the n-gram table alone), and so that a lookup column shows it at one read.
-- Not in the audit trail: derived, like name_py's grams; the name and parent it comes from are.

ALTER TABLE units ADD COLUMN full_name TEXT;

CREATE VIEW unit_full_names AS
SELECT u.id,
       CASE WHEN u.level IN ('village', 'community') AND p.id IS NOT NULL
            THEN p.name || ' ' || u.name ELSE u.name END AS full_name
  FROM units u
  LEFT JOIN units p ON p.id = u.parent_id;

UPDATE units SET full_name = (SELECT f.full_name FROM unit_full_names f WHERE f.id = units.id);
CREATE INDEX units_full_name ON units(full_name);

CREATE TRIGGER units_full_name_insert AFTER INSERT ON units
BEGIN
    UPDATE units SET full_name = (SELECT f.full_name FROM unit_full_names f WHERE f.id = NEW.id)
     WHERE id = NEW.id;
END;

-- a renamed or moved unit, and the villages of a renamed township
CREATE TRIGGER units_full_name_update AFTER UPDATE OF name, level, parent_id, full_name ON units
BEGIN
    UPDATE units SET full_name = (SELECT f.full_name FROM unit_full_names f WHERE f.id = units.id)
     WHERE (id = NEW.id OR parent_id = NEW.id)
       AND full_name IS NOT (SELECT f.full_name FROM unit_full_names f WHERE f.id = units.id);
END;

-- ---- pinyin initials in the lists that read views ----------------------------------------------
-- The views of the contracts, the coverage list, the postings and the budget lines carry the
-- initials of the name they show (units.name_py, people.name_py), so that typing `zpc` finds
-- 竹坪村's rows. A prefix of those initials is served by units_name_py / people_name_py, and
-- each view is a plain join that SQLite flattens into the list's query, so the index reaches
-- the rows; budget_lines_v therefore reads paid to date per line (disbursements_line) rather
-- than grouping every line.

DROP VIEW contracts_v;
CREATE VIEW contracts_v AS
SELECT c.id, c.year, c.issuer_id, c.signer_id, c.signatory, c.signed_on, c.status, c.issue_id,
       c.notes,
       s.full_name AS signer_name, s.name_py AS signer_py,
       CASE s.level WHEN 'township' THEN 'township' ELSE 'village' END AS tier,
       CASE s.level WHEN 'township' THEN s.id ELSE c.issuer_id END AS township_id,
       coalesce(t.items, 0) AS items,
       t.total_mid, t.total_final
  FROM contracts c
  JOIN units s ON s.id = c.signer_id
  LEFT JOIN contract_totals t ON t.contract_id = c.id;

DROP VIEW contract_coverage_v;
CREATE VIEW contract_coverage_v AS
SELECT u.id * 10000 + y.year AS id, y.year, u.id AS unit_id, u.name, u.name_py, u.code, u.level,
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

DROP VIEW assignments_v;
CREATE VIEW assignments_v AS
SELECT a.*, ut.township_id,
       (a.end_on IS NULL OR a.end_on >= date('now')) AS in_post,
       p.name AS person_name, p.name_py AS person_py
  FROM assignments a
  JOIN unit_townships ut ON ut.unit_id = a.unit_id
  JOIN people p ON p.id = a.person_id;

DROP VIEW budget_lines_v;
CREATE VIEW budget_line_paid AS
SELECT l.id AS line_id,
       (SELECT CAST(total(d.amount_fen) AS INTEGER) FROM disbursements d
         WHERE d.line_id = l.id) AS paid_fen
  FROM budget_lines l;

CREATE VIEW budget_lines_v AS
SELECT l.*, ut.township_id,
       l.year || '年 ' || u.full_name || ' ' ||
       CASE l.category WHEN 'village_ops' THEN '村级运转经费'
                       WHEN 'rural_community_ops' THEN '农村社区运转经费'
                       WHEN 'urban_community_ops' THEN '城镇社区运转经费'
                       WHEN 'community_livelihood' THEN '社区民生项目经费'
                       WHEN 'remote_education' THEN '远程教育站点经费'
                       ELSE '一次性建设经费' END AS line_name,
       u.name_py AS unit_py,
       p.paid_fen,
       CASE WHEN l.budgeted_fen > 0
            THEN printf('%.1f%%', 100.0 * p.paid_fen / l.budgeted_fen) END AS rate,
       CASE WHEN st.standard_fen IS NULL THEN NULL
            ELSE l.budgeted_fen < st.standard_fen END AS below_standard
  FROM budget_lines l
  JOIN units u ON u.id = l.unit_id
  JOIN unit_townships ut ON ut.unit_id = l.unit_id
  JOIN budget_line_standards st ON st.line_id = l.id
  JOIN budget_line_paid p ON p.line_id = l.id;
