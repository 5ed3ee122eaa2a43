-- 009 — totals kept by triggers, so the quarterly report reads a few rows per township instead
-- of summing millions of contract items and disbursements at national scale.
--
-- Three derived tables, written only by the triggers below (and backfilled here), so they stay
-- right whatever writes the ledgers — taizhang, a script, the sqlite3 command line:
--   contract_totals          one row per contract: its items and its two assessment totals
--                            (the formula of 002's view of that name, now kept up to date),
--                            with the year, the township whose villages' sheet counts it, and
--                            whether it is signed.
--   township_contract_totals per township and year: the contracts of its villages and
--                            communities — signed, and sum, count and lowest of each total.
--   township_budget_totals   per township, year and budget category: lines, budgeted, and paid
--                            in each calendar quarter (a disbursement falls in its line's year).
-- A contract's totals and a township's contract row are recomputed from the rows under them
-- (exact, whatever the scores); budget sums are integers (分) and are added and subtracted.
-- totals_drift (at the end) recounts every kept total from the ledgers; `taizhang check`
-- reports any difference.
--
-- Not audited: derived rows, like audit_actor; the ledger rows that change them are.

-- ---- contract_totals -------------------------------------------------------------------------

DROP VIEW contract_totals; -- contracts_v and the reports name it; now it is this table

CREATE TABLE contract_totals (
    contract_id INTEGER PRIMARY KEY,  -- contracts.id
    year        INTEGER NOT NULL,     -- contracts.year
    township_id INTEGER,              -- the signer's township if it is a village or community
    signed      INTEGER NOT NULL,     -- 1: status signed or assessed
    items       INTEGER NOT NULL DEFAULT 0,
    total_mid   REAL,                 -- as 002: NULL while no item has a mid-year score
    total_final REAL
);
CREATE INDEX contract_totals_township
    ON contract_totals(township_id, year, signed, total_mid, total_final);

-- The township a contract of this signer counts for (NULL: not a village or community).
CREATE VIEW contract_signer_townships AS
SELECT id AS signer_id, CASE WHEN level IN ('village', 'community') THEN parent_id END AS township_id
  FROM units;

-- One contract's items and totals from its items: the formula of 002's contract_totals view.
CREATE VIEW contract_item_totals AS
SELECT contract_id,
       count(*) AS items,
       CASE WHEN count(score_mid) = 0 THEN NULL
            WHEN max(veto = 1 AND score_mid = 0) THEN 0.0
            ELSE max(0.0, total(CASE section WHEN 'deduction' THEN -score_mid ELSE score_mid END))
       END AS total_mid,
       CASE WHEN count(score_final) = 0 THEN NULL
            WHEN max(veto = 1 AND score_final = 0) THEN 0.0
            ELSE max(0.0, total(CASE section WHEN 'deduction' THEN -score_final ELSE score_final END))
       END AS total_final
  FROM contract_items
 GROUP BY contract_id;

-- A contract's row of contract_totals, recounted from the ledgers.
CREATE VIEW contract_recount AS
SELECT c.id AS contract_id, c.year, st.township_id, c.status IN ('signed', 'assessed') AS signed,
       coalesce(it.items, 0) AS items, it.total_mid, it.total_final
  FROM contracts c
  JOIN contract_signer_townships st ON st.signer_id = c.signer_id
  LEFT JOIN contract_item_totals it ON it.contract_id = c.id;

INSERT INTO contract_totals SELECT * FROM contract_recount;

CREATE TRIGGER contracts_totals_insert AFTER INSERT ON contracts
BEGIN
    INSERT INTO contract_totals (contract_id, year, township_id, signed)
    VALUES (NEW.id, NEW.year,
            (SELECT township_id FROM contract_signer_townships WHERE signer_id = NEW.signer_id),
            NEW.status IN ('signed', 'assessed'));
END;

CREATE TRIGGER contracts_totals_update AFTER UPDATE OF id, year, signer_id, status ON contracts
BEGIN
    UPDATE contract_totals
       SET contract_id = NEW.id, year = NEW.year, signed = NEW.status IN ('signed', 'assessed'),
           township_id = (SELECT township_id FROM contract_signer_townships
                           WHERE signer_id = NEW.signer_id)
     WHERE contract_id = OLD.id;
END;

CREATE TRIGGER contracts_totals_delete AFTER DELETE ON contracts
BEGIN
    DELETE FROM contract_totals WHERE contract_id = OLD.id;
END;

-- An item without scores changes only the count (issuing a template adds such items by the
-- million); anything else recomputes its contract from the contract's items.
CREATE TRIGGER contract_items_totals_insert_blank AFTER INSERT ON contract_items
WHEN NEW.score_mid IS NULL AND NEW.score_final IS NULL
BEGIN
    UPDATE contract_totals SET items = items + 1 WHERE contract_id = NEW.contract_id;
END;

CREATE TRIGGER contract_items_totals_insert AFTER INSERT ON contract_items
WHEN NEW.score_mid IS NOT NULL OR NEW.score_final IS NOT NULL
BEGIN
    UPDATE contract_totals
       SET (items, total_mid, total_final) = (SELECT items, total_mid, total_final
                                                FROM contract_item_totals
                                               WHERE contract_id = NEW.contract_id)
     WHERE contract_id = NEW.contract_id;
END;

-- max() over the view's one row, or none once the last item is gone (then 0 and NULLs).
CREATE TRIGGER contract_items_totals_update
AFTER UPDATE OF contract_id, section, veto, score_mid, score_final ON contract_items
BEGIN
    UPDATE contract_totals
       SET (items, total_mid, total_final) = (SELECT coalesce(max(items), 0), max(total_mid),
                                                     max(total_final)
                                                FROM contract_item_totals
                                               WHERE contract_id = OLD.contract_id)
     WHERE contract_id = OLD.contract_id AND OLD.contract_id IS NOT NEW.contract_id;
    UPDATE contract_totals
       SET (items, total_mid, total_final) = (SELECT coalesce(max(items), 0), max(total_mid),
                                                     max(total_final)
                                                FROM contract_item_totals
                                               WHERE contract_id = NEW.contract_id)
     WHERE contract_id = NEW.contract_id;
END;

CREATE TRIGGER contract_items_totals_delete AFTER DELETE ON contract_items
BEGIN
    UPDATE contract_totals
       SET (items, total_mid, total_final) = (SELECT coalesce(max(items), 0), max(total_mid),
                                                     max(total_final)
                                                FROM contract_item_totals
                                               WHERE contract_id = OLD.contract_id)
     WHERE contract_id = OLD.contract_id;
END;

-- ---- township_contract_totals ----------------------------------------------------------------

CREATE TABLE township_contract_totals (
    township_id INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    contracts   INTEGER NOT NULL,  -- contracts of its villages and communities that year
    signed      INTEGER NOT NULL,
    mid_sum     REAL NOT NULL,     -- total() of the mid-year totals
    mid_n       INTEGER NOT NULL,  -- how many have one
    mid_min     REAL,
    final_sum   REAL NOT NULL,
    final_n     INTEGER NOT NULL,
    final_min   REAL,
    PRIMARY KEY (township_id, year)
) WITHOUT ROWID;

-- A township's row for a year, from contract_totals (an index range of a dozen rows).
CREATE VIEW township_contract_recount AS
SELECT township_id, year, count(*) AS contracts, sum(signed) AS signed,
       total(total_mid) AS mid_sum, count(total_mid) AS mid_n, min(total_mid) AS mid_min,
       total(total_final) AS final_sum, count(total_final) AS final_n,
       min(total_final) AS final_min
  FROM contract_totals
 WHERE township_id IS NOT NULL
 GROUP BY township_id, year;

INSERT INTO township_contract_totals SELECT * FROM township_contract_recount;

CREATE TRIGGER contract_totals_township_insert AFTER INSERT ON contract_totals
WHEN NEW.township_id IS NOT NULL
BEGIN
    DELETE FROM township_contract_totals WHERE township_id = NEW.township_id AND year = NEW.year;
    INSERT INTO township_contract_totals
    SELECT * FROM township_contract_recount WHERE township_id = NEW.township_id AND year = NEW.year;
END;

CREATE TRIGGER contract_totals_township_update
AFTER UPDATE OF year, township_id, signed, total_mid, total_final ON contract_totals
WHEN OLD.township_id IS NOT NULL OR NEW.township_id IS NOT NULL
BEGIN
    DELETE FROM township_contract_totals
     WHERE (township_id = OLD.township_id AND year = OLD.year)
        OR (township_id = NEW.township_id AND year = NEW.year);
    INSERT INTO township_contract_totals
    SELECT * FROM township_contract_recount
     WHERE (township_id = OLD.township_id AND year = OLD.year)
        OR (township_id = NEW.township_id AND year = NEW.year);
END;

CREATE TRIGGER contract_totals_township_delete AFTER DELETE ON contract_totals
WHEN OLD.township_id IS NOT NULL
BEGIN
    DELETE FROM township_contract_totals WHERE township_id = OLD.township_id AND year = OLD.year;
    INSERT INTO township_contract_totals
    SELECT * FROM township_contract_recount WHERE township_id = OLD.township_id AND year = OLD.year;
END;

-- ---- township_budget_totals ------------------------------------------------------------------

CREATE TABLE township_budget_totals (
    township_id  INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    category     TEXT NOT NULL,
    lines        INTEGER NOT NULL,  -- budget lines of its units (itself, villages, communities)
    budgeted_fen INTEGER NOT NULL,
    q1_fen       INTEGER NOT NULL,  -- paid January to March
    q2_fen       INTEGER NOT NULL,
    q3_fen       INTEGER NOT NULL,
    q4_fen       INTEGER NOT NULL,
    PRIMARY KEY (township_id, year, category)
) WITHOUT ROWID;

-- A budget line's share of its township's row, the township being its unit's now.
CREATE VIEW budget_line_shares AS
SELECT l.id AS line_id, (SELECT township_id FROM unit_townships WHERE unit_id = l.unit_id) AS township_id,
       l.year, l.category, l.budgeted_fen,
       (SELECT total(amount_fen) FROM disbursements
         WHERE line_id = l.id AND substr(paid_on, 6, 2) BETWEEN '01' AND '03') AS q1_fen,
       (SELECT total(amount_fen) FROM disbursements
         WHERE line_id = l.id AND substr(paid_on, 6, 2) BETWEEN '04' AND '06') AS q2_fen,
       (SELECT total(amount_fen) FROM disbursements
         WHERE line_id = l.id AND substr(paid_on, 6, 2) BETWEEN '07' AND '09') AS q3_fen,
       (SELECT total(amount_fen) FROM disbursements
         WHERE line_id = l.id AND substr(paid_on, 6, 2) BETWEEN '10' AND '12') AS q4_fen
  FROM budget_lines l;

-- A disbursement's line's key (township, year, category) and its quarter.
CREATE VIEW disbursement_keys AS
SELECT d.id AS disbursement_id, ut.township_id, l.year, l.category, d.amount_fen,
       (CAST(substr(d.paid_on, 6, 2) AS INTEGER) + 2) / 3 AS quarter
  FROM disbursements d
  JOIN budget_lines l ON l.id = d.line_id
  JOIN unit_townships ut ON ut.unit_id = l.unit_id;

CREATE VIEW township_budget_recount AS
SELECT township_id, year, category, count(*) AS lines, sum(budgeted_fen) AS budgeted_fen,
       CAST(sum(q1_fen) AS INTEGER) AS q1_fen, CAST(sum(q2_fen) AS INTEGER) AS q2_fen,
       CAST(sum(q3_fen) AS INTEGER) AS q3_fen, CAST(sum(q4_fen) AS INTEGER) AS q4_fen
  FROM budget_line_shares
 WHERE township_id IS NOT NULL
 GROUP BY township_id, year, category;

INSERT INTO township_budget_totals SELECT * FROM township_budget_recount;

-- A line's share is taken away before it changes (BEFORE: the view still sees the old line)
-- and added back after (AFTER: the new line); a disbursement moves its amount alone.
CREATE TRIGGER budget_lines_totals_insert AFTER INSERT ON budget_lines
BEGIN
    INSERT INTO township_budget_totals
    SELECT township_id, year, category, 1, budgeted_fen, q1_fen, q2_fen, q3_fen, q4_fen
      FROM budget_line_shares WHERE line_id = NEW.id AND township_id IS NOT NULL
        ON CONFLICT (township_id, year, category) DO UPDATE
       SET lines = lines + 1, budgeted_fen = budgeted_fen + excluded.budgeted_fen,
           q1_fen = q1_fen + excluded.q1_fen, q2_fen = q2_fen + excluded.q2_fen,
           q3_fen = q3_fen + excluded.q3_fen, q4_fen = q4_fen + excluded.q4_fen;
END;

CREATE TRIGGER budget_lines_totals_take BEFORE UPDATE OF unit_id, year, category, budgeted_fen
ON budget_lines
BEGIN
    UPDATE township_budget_totals
       SET (lines, budgeted_fen, q1_fen, q2_fen, q3_fen, q4_fen)
         = (SELECT township_budget_totals.lines - 1,
                   township_budget_totals.budgeted_fen - s.budgeted_fen,
                   township_budget_totals.q1_fen - s.q1_fen, township_budget_totals.q2_fen - s.q2_fen,
                   township_budget_totals.q3_fen - s.q3_fen, township_budget_totals.q4_fen - s.q4_fen
              FROM budget_line_shares s WHERE s.line_id = OLD.id)
     WHERE township_id = (SELECT township_id FROM unit_townships WHERE unit_id = OLD.unit_id)
       AND year = OLD.year AND category = OLD.category;
END;

CREATE TRIGGER budget_lines_totals_give AFTER UPDATE OF unit_id, year, category, budgeted_fen
ON budget_lines
BEGIN
    INSERT INTO township_budget_totals
    SELECT township_id, year, category, 1, budgeted_fen, q1_fen, q2_fen, q3_fen, q4_fen
      FROM budget_line_shares WHERE line_id = NEW.id AND township_id IS NOT NULL
        ON CONFLICT (township_id, year, category) DO UPDATE
       SET lines = lines + 1, budgeted_fen = budgeted_fen + excluded.budgeted_fen,
           q1_fen = q1_fen + excluded.q1_fen, q2_fen = q2_fen + excluded.q2_fen,
           q3_fen = q3_fen + excluded.q3_fen, q4_fen = q4_fen + excluded.q4_fen;
END;

CREATE TRIGGER budget_lines_totals_delete BEFORE DELETE ON budget_lines
BEGIN
    UPDATE township_budget_totals
       SET (lines, budgeted_fen, q1_fen, q2_fen, q3_fen, q4_fen)
         = (SELECT township_budget_totals.lines - 1,
                   township_budget_totals.budgeted_fen - s.budgeted_fen,
                   township_budget_totals.q1_fen - s.q1_fen, township_budget_totals.q2_fen - s.q2_fen,
                   township_budget_totals.q3_fen - s.q3_fen, township_budget_totals.q4_fen - s.q4_fen
              FROM budget_line_shares s WHERE s.line_id = OLD.id)
     WHERE township_id = (SELECT township_id FROM unit_townships WHERE unit_id = OLD.unit_id)
       AND year = OLD.year AND category = OLD.category;
END;

CREATE TRIGGER disbursements_totals_insert AFTER INSERT ON disbursements
BEGIN
    UPDATE township_budget_totals
       SET q1_fen = q1_fen + CASE k.quarter WHEN 1 THEN k.amount_fen ELSE 0 END,
           q2_fen = q2_fen + CASE k.quarter WHEN 2 THEN k.amount_fen ELSE 0 END,
           q3_fen = q3_fen + CASE k.quarter WHEN 3 THEN k.amount_fen ELSE 0 END,
           q4_fen = q4_fen + CASE k.quarter WHEN 4 THEN k.amount_fen ELSE 0 END
      FROM disbursement_keys k
     WHERE k.disbursement_id = NEW.id AND township_budget_totals.township_id = k.township_id
       AND township_budget_totals.year = k.year AND township_budget_totals.category = k.category;
END;

CREATE TRIGGER disbursements_totals_take BEFORE UPDATE OF line_id, paid_on, amount_fen
ON disbursements
BEGIN
    UPDATE township_budget_totals
       SET q1_fen = q1_fen - CASE k.quarter WHEN 1 THEN k.amount_fen ELSE 0 END,
           q2_fen = q2_fen - CASE k.quarter WHEN 2 THEN k.amount_fen ELSE 0 END,
           q3_fen = q3_fen - CASE k.quarter WHEN 3 THEN k.amount_fen ELSE 0 END,
           q4_fen = q4_fen - CASE k.quarter WHEN 4 THEN k.amount_fen ELSE 0 END
      FROM disbursement_keys k
     WHERE k.disbursement_id = OLD.id AND township_budget_totals.township_id = k.township_id
       AND township_budget_totals.year = k.year AND township_budget_totals.category = k.category;
END;

CREATE TRIGGER disbursements_totals_give AFTER UPDATE OF line_id, paid_on, amount_fen
ON disbursements
BEGIN
    UPDATE township_budget_totals
       SET q1_fen = q1_fen + CASE k.quarter WHEN 1 THEN k.amount_fen ELSE 0 END,
           q2_fen = q2_fen + CASE k.quarter WHEN 2 THEN k.amount_fen ELSE 0 END,
           q3_fen = q3_fen + CASE k.quarter WHEN 3 THEN k.amount_fen ELSE 0 END,
           q4_fen = q4_fen + CASE k.quarter WHEN 4 THEN k.amount_fen ELSE 0 END
      FROM disbursement_keys k
     WHERE k.disbursement_id = NEW.id AND township_budget_totals.township_id = k.township_id
       AND township_budget_totals.year = k.year AND township_budget_totals.category = k.category;
END;

CREATE TRIGGER disbursements_totals_delete BEFORE DELETE ON disbursements
BEGIN
    UPDATE township_budget_totals
       SET q1_fen = q1_fen - CASE k.quarter WHEN 1 THEN k.amount_fen ELSE 0 END,
           q2_fen = q2_fen - CASE k.quarter WHEN 2 THEN k.amount_fen ELSE 0 END,
           q3_fen = q3_fen - CASE k.quarter WHEN 3 THEN k.amount_fen ELSE 0 END,
           q4_fen = q4_fen - CASE k.quarter WHEN 4 THEN k.amount_fen ELSE 0 END
      FROM disbursement_keys k
     WHERE k.disbursement_id = OLD.id AND township_budget_totals.township_id = k.township_id
       AND township_budget_totals.year = k.year AND township_budget_totals.category = k.category;
END;

-- ---- a unit moving to another township (or changing level) moves what it counted for --------

CREATE TRIGGER units_totals_take BEFORE UPDATE OF parent_id, level ON units
WHEN OLD.parent_id IS NOT NEW.parent_id OR OLD.level IS NOT NEW.level
BEGIN
    UPDATE township_budget_totals
       SET (lines, budgeted_fen, q1_fen, q2_fen, q3_fen, q4_fen)
         = (SELECT township_budget_totals.lines - 1,
                   township_budget_totals.budgeted_fen - s.budgeted_fen,
                   township_budget_totals.q1_fen - s.q1_fen, township_budget_totals.q2_fen - s.q2_fen,
                   township_budget_totals.q3_fen - s.q3_fen, township_budget_totals.q4_fen - s.q4_fen
              FROM budget_lines l JOIN budget_line_shares s ON s.line_id = l.id
             WHERE l.unit_id = OLD.id AND l.year = township_budget_totals.year
               AND l.category = township_budget_totals.category)
     WHERE township_id = (SELECT township_id FROM unit_townships WHERE unit_id = OLD.id)
       AND EXISTS (SELECT 1 FROM budget_lines l
                    WHERE l.unit_id = OLD.id AND l.year = township_budget_totals.year
                      AND l.category = township_budget_totals.category);
END;

CREATE TRIGGER units_totals_give AFTER UPDATE OF parent_id, level ON units
WHEN OLD.parent_id IS NOT NEW.parent_id OR OLD.level IS NOT NEW.level
BEGIN
    INSERT INTO township_budget_totals
    SELECT township_id, year, category, 1, budgeted_fen, q1_fen, q2_fen, q3_fen, q4_fen
      FROM budget_line_shares
     WHERE line_id IN (SELECT id FROM budget_lines WHERE unit_id = NEW.id)
       AND township_id IS NOT NULL
        ON CONFLICT (township_id, year, category) DO UPDATE
       SET lines = lines + 1, budgeted_fen = budgeted_fen + excluded.budgeted_fen,
           q1_fen = q1_fen + excluded.q1_fen, q2_fen = q2_fen + excluded.q2_fen,
           q3_fen = q3_fen + excluded.q3_fen, q4_fen = q4_fen + excluded.q4_fen;
    UPDATE contract_totals
       SET township_id = (SELECT township_id FROM contract_signer_townships WHERE signer_id = NEW.id)
     WHERE contract_id IN (SELECT id FROM contracts WHERE signer_id = NEW.id);
END;

-- ---- for the reports ---------------------------------------------------------------------------

CREATE INDEX units_level_code ON units(level, code);     -- the townships in code order
CREATE INDEX units_parent_level ON units(parent_id, level); -- a township's villages, counted

-- ---- every kept total against a recount from the ledgers (taizhang check) ---------------------

-- Each kept row that differs from its recount, and each recount missing from the kept rows
-- (a township's budget row emptied to zeros is as good as none). The recounts add in the
-- order the triggers do, so even the REAL score sums compare exactly.
CREATE VIEW totals_drift AS
SELECT 'contract_totals' AS tbl, contract_id AS row_key
  FROM (SELECT * FROM contract_totals EXCEPT SELECT * FROM contract_recount)
UNION
SELECT 'contract_totals', contract_id
  FROM (SELECT * FROM contract_recount EXCEPT SELECT * FROM contract_totals)
UNION
SELECT 'township_contract_totals', printf('%d/%d', township_id, year)
  FROM (SELECT * FROM township_contract_totals EXCEPT SELECT * FROM township_contract_recount)
UNION
SELECT 'township_contract_totals', printf('%d/%d', township_id, year)
  FROM (SELECT * FROM township_contract_recount EXCEPT SELECT * FROM township_contract_totals)
UNION
SELECT 'township_budget_totals', printf('%d/%d/%s', township_id, year, category)
  FROM (SELECT * FROM township_budget_totals
         WHERE lines <> 0 OR budgeted_fen <> 0 OR q1_fen <> 0 OR q2_fen <> 0 OR q3_fen <> 0
            OR q4_fen <> 0
        EXCEPT SELECT * FROM township_budget_recount)
UNION
SELECT 'township_budget_totals', printf('%d/%d/%s', township_id, year, category)
  FROM (SELECT * FROM township_budget_recount EXCEPT SELECT * FROM township_budget_totals);
