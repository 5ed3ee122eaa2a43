-- 020 — the tables exchanged between a county and its townships' replicas follow from their
-- declaration in table_access (migration 016), not from a list in the program.
--
-- Every ledger and every shared table is exchanged (src/db/sync.c), unless declared
--   local       1: each database keeps its own rows (the print command and page size of the PC
--               it runs on), never exchanged.
-- and its rows belong to their township by the table's scope (a ledger) or to the city (a
-- shared table). A township changes only its own rows; the county the city's and those of a
-- township that it issues, which its declaration says:
--   issued      an SQL condition over the row `t`: a township's row that the county issues and
--               may change too (a contract it issued, the townships' own unit rows); NULL: none.
--   apply_before  the exchanged table whose changes this table's are applied before, where a
--               rule of this table reads that one's row as it was (a reopening reads its site's
--               status before the bundle's update of the site); NULL: in the order the tables
--               were made, parents first.
-- For each exchanged table with an id the db layer makes the trigger <table>_id_block (the
-- design of migration 015: a new id outside this database's block is refused), as it makes
-- the audit triggers and scope views, and `taizhang check` refuses a database without it.

ALTER TABLE table_access ADD COLUMN local INTEGER NOT NULL DEFAULT 0
    CONSTRAINT "是否只留本库应为 0 或 1" CHECK (local IN (0, 1));
ALTER TABLE table_access ADD COLUMN issued TEXT;
ALTER TABLE table_access ADD COLUMN apply_before TEXT
    CONSTRAINT "先于哪个表导入应为表名"
    CHECK (apply_before IS NULL OR (apply_before <> '' AND apply_before NOT GLOB '*[^A-Za-z0-9_]*'));

UPDATE table_access SET local = 1 WHERE name = 'settings';

UPDATE table_access SET issued = 't.level = ''township''' WHERE name = 'units';
UPDATE table_access SET issued = '(SELECT level FROM units WHERE id = t.issuer_id) = ''city'''
 WHERE name = 'contracts';
UPDATE table_access
   SET issued = '(SELECT i.level FROM contracts c JOIN units i ON i.id = c.issuer_id WHERE c.id = t.contract_id) = ''city'''
 WHERE name = 'contract_items';
-- the postings of cadres the city or its departments send
UPDATE table_access SET issued = '(SELECT level FROM units WHERE id = t.sending_unit_id) IN (''city'', ''department'')'
 WHERE name = 'assignments';
-- the lines a year start made for the villages, at the city's standards
UPDATE table_access SET issued = 't.start_id IS NOT NULL' WHERE name = 'budget_lines';

UPDATE table_access SET apply_before = 'demo_sites' WHERE name = 'site_reopenings';
-- The city runs the cross inspections of the two creations (inspectors from another township):
-- the county enters and changes them, and a township may too for its own branches.
UPDATE table_access SET issued = '1' WHERE name IN ('inspections', 'inspection_results');

-- An inspection's results, made by its trigger, take ids in this database's block (as the
-- batch triggers of 015 do), and not while a bundle is applied: the bundle carries the results
-- the other side made.
DROP TRIGGER inspections_criteria;
CREATE TRIGGER inspections_criteria AFTER INSERT ON inspections
WHEN (SELECT applying FROM sync_self) IS NULL
BEGIN
    INSERT INTO inspection_results (id, inspection_id, criterion_id)
    SELECT coalesce((SELECT max(r.id) FROM inspection_results r WHERE r.id BETWEEN b.lo AND b.hi), b.lo)
           + row_number() OVER (ORDER BY c.level DESC, c.seq),
           NEW.id, c.id
      FROM creation_criteria c, sync_block b
     WHERE c.level = 'standard' OR (NEW.level = 'model' AND c.level = 'model')
     ORDER BY c.level DESC, c.seq;
END;

-- The secret key of an exchange, 32 random bytes made by `replica create` and kept by both
-- sides (the replica carries its copy to the township): each bundle carries an HMAC-SHA-256
-- under it, so that a bundle edited on its way, its plain SHA-256 recomputed, is refused.
-- sync_peers is internal (015): no form or report reads it.
ALTER TABLE sync_peers ADD COLUMN hmac_key BLOB;
