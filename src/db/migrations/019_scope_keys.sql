-- 019 — a township's clerk served by an index. Each ledger's row carries its scope key, a
-- column `scope_key` kept by triggers: the township's id for a township's row, minus the id
-- of its city for the city's own rows (the city itself, its departments, their people), NULL
-- for a row of neither. A township's clerk reads the rows whose key is its township's id or
-- minus its own city's id: two equality ranges of an index (scope_key, COLUMN), each in the
-- order of COLUMN, which a list reads merged (src/db/list.c) so that a page costs the same for
-- a township's clerk on the national database as for the city's. "The city's own rows" are
-- its own city's, not every city's of a database that holds many (the national benchmark).
--
-- The column, its triggers and its indexes are never written by hand: the db layer
-- (src/db/ledgers.c) makes them for every ledger from its declaration, as it makes the scope
-- views and the audit triggers; the key is the view's scope_key. table_access.scope_order
-- names the columns a ledger's lists are ordered or searched by from their start: each gets
-- the index (scope_key, COLUMN), <table>_scope_<COLUMN>.

-- The scope key of a unit: itself for a township, its township for a village or community,
-- minus its city for a department, minus itself for the city.
CREATE VIEW unit_scope_keys AS
SELECT u.id AS unit_id,
       CASE u.level WHEN 'township' THEN u.id
                    WHEN 'village' THEN u.parent_id
                    WHEN 'community' THEN u.parent_id
                    WHEN 'department' THEN -u.parent_id
                    WHEN 'city' THEN -u.id END AS scope_key
  FROM units u;

ALTER TABLE table_access ADD COLUMN scope_order TEXT
    CONSTRAINT "排序的列应为逗号分隔的列名" CHECK (scope_order NOT GLOB '*[^A-Za-z0-9_, ]*');

UPDATE table_access SET scope_order = 'name_key, name_py, id_number' WHERE name = 'people';
UPDATE table_access SET scope_order = 'code, name_key, name_py' WHERE name = 'units';
