-- 010 — what clerks meet every day: every list that offers a search by pinyin initials can be
-- searched so.
--
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
       s.name AS signer_name, s.name_py AS signer_py,
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
       l.year || '年 ' || u.name || ' ' ||
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
