-- 029 — the scope key (019) in the views that forms read and that lacked it. A township's clerk
-- reads a view through its scope_key column when it has one (src/db/access.c): an index finds
-- the clerk's rows there, where a township_id worked out in the view (contracts_v's CASE) can
-- only be compared row by row across the whole country; and a row of no township is then the
-- clerk's own city's, not every city's. Each view takes the key of the row it lists.

DROP VIEW contracts_v;
CREATE VIEW contracts_v AS
SELECT c.id, c.year, c.issuer_id, c.signer_id, c.signatory, c.signed_on, c.status, c.issue_id,
       c.notes, c.mid_assessed_on, c.final_assessed_on,
       s.full_name AS signer_name, s.name_py AS signer_py, s.full_key AS signer_key,
       CASE s.level WHEN 'township' THEN 'township' ELSE 'village' END AS tier,
       CASE s.level WHEN 'township' THEN s.id ELSE c.issuer_id END AS township_id,
       coalesce(t.items, 0) AS items,
       t.total_mid, t.total_final, c.scope_key
  FROM contracts c
  JOIN units s ON s.id = c.signer_id
  LEFT JOIN contract_totals t ON t.contract_id = c.id;

DROP VIEW gc_selected;
CREATE VIEW gc_selected AS
SELECT c.id, c.year, c.person_id, c.person_name, c.person_py, c.unit_id, c.township_id,
       c.nominated_by, r.held_on AS approved_on, c.scope_key
  FROM gc_candidates_v c JOIN gc_rounds r ON r.candidate_id = c.id AND r.round = 'approve'
 WHERE r.passed = 1;

DROP VIEW sc_history;
CREATE VIEW sc_history AS
SELECT m.id, m.batch_id, m.person_id, m.post, m.result, m.notes, b.name AS batch_name, b.kind,
       b.place, b.host, b.starts_on, b.ends_on, CAST(substr(b.starts_on, 1, 4) AS INTEGER) AS year,
       CAST(julianday(b.ends_on) - julianday(b.starts_on) AS INTEGER) + 1 AS days,
       p.name AS person_name, p.name_py AS person_py, p.name_key AS person_key, p.unit_id,
       ut.township_id,
       EXISTS (SELECT 1 FROM gc_selected g WHERE g.person_id = m.person_id
                  AND g.approved_on <= b.starts_on) AS good_cadre,
       m.scope_key
  FROM sc_members m
  JOIN sc_batches b ON b.id = m.batch_id
  JOIN people p ON p.id = m.person_id
  JOIN unit_townships ut ON ut.unit_id = p.unit_id;

DROP VIEW studio_years;
CREATE VIEW studio_years AS
SELECT y.studio_id * 10000 + y.year AS id, y.year, y.studio_id, ut.township_id,
       count(*) AS deputies, sum(y.surveys) AS surveys, sum(y.proposals + y.suggestions) AS proposals,
       sum(y.answered) AS answered, sum(y.attended) AS attended, sum(y.inquiries) AS inquiries,
       sum(y.reviews) AS reviews, sum(y.activity_days) AS activity_days, sum(y.visits) AS visits,
       sum(y.households_visited) AS households_visited, s.scope_key
  FROM deputy_years y
  JOIN deputy_studios s ON s.id = y.studio_id
  JOIN unit_townships ut ON ut.unit_id = s.unit_id
 GROUP BY y.studio_id, y.year;

-- The totals of a whole city (no township: they were NULL's, so every city's in one row) are
-- now one row per city, keyed by the city's own key (minus its id): a township's clerk reads
-- its own city's totals, and a database of many cities gives each its own.
DROP VIEW creation_rates;
CREATE VIEW creation_rates AS
SELECT row_number() OVER (ORDER BY year, level, township_id, scope_key) AS id, year, level, township_id,
       count(*) AS inspected, sum(passed) AS passed,
       round(100.0 * sum(passed) / count(*), 1) AS rate, scope_key
  FROM inspections_v GROUP BY year, level, scope_key;

DROP VIEW gc_round_rates;
CREATE VIEW gc_round_rates AS
WITH candidates AS (
    SELECT c.id, c.year,
           CASE WHEN c.scope_key < 0 THEN c.scope_key
                ELSE -(SELECT parent_id FROM units WHERE id = c.scope_key) END AS city_key
      FROM gc_candidates c),
rounds AS (
    SELECT c.city_key, c.year, r.round, o.seq, count(*) AS entered, sum(r.passed) AS passed
      FROM gc_rounds r JOIN candidates c ON c.id = r.candidate_id
      JOIN gc_round_order o ON o.round = r.round
     GROUP BY c.city_key, c.year, r.round),
years AS (SELECT city_key, year, count(*) AS candidates FROM candidates GROUP BY city_key, year)
SELECT -r.city_key * 100000 + r.year * 10 + r.seq AS id, r.year, r.round, r.seq,
       NULL AS township_id, y.candidates, r.entered, r.passed, r.entered - r.passed AS eliminated,
       round(100.0 * (r.entered - r.passed) / r.entered, 1) AS rate,
       round(100.0 * (y.candidates - r.passed) / y.candidates, 1) AS rate_so_far,
       r.city_key AS scope_key
  FROM rounds r JOIN years y ON y.city_key = r.city_key AND y.year = r.year;

DROP VIEW sc_year_counts;
CREATE VIEW sc_year_counts AS
SELECT -h.city_key * 100000 + h.year * 10
           + CASE h.kind WHEN 'secondment' THEN 1 WHEN 'training' THEN 2 ELSE 3 END AS id,
       h.year, h.kind, NULL AS township_id, count(DISTINCT h.batch_id) AS batches,
       count(*) AS members, sum(h.days) AS person_days, sum(h.good_cadre) AS good_cadres,
       h.city_key AS scope_key
  FROM (SELECT sc_history.*,
               CASE WHEN scope_key < 0 THEN scope_key
                    ELSE -(SELECT parent_id FROM units WHERE id = sc_history.scope_key) END AS city_key
          FROM sc_history) h
 GROUP BY h.city_key, h.year, h.kind;

-- The indexes that serve those keys: the order of the ledgers' lists after the key, where it
-- is a column of the ledger itself; every other ledger with a key gets (scope_key) alone
-- (src/db/ledgers.c).
UPDATE table_access SET scope_order = 'year' WHERE name IN ('contracts', 'budget_lines');
UPDATE table_access SET scope_order = 'start_on' WHERE name = 'assignments';
