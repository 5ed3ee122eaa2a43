-- 031 — a county rolls up into its prefecture. The prefecture's database holds its counties
-- (units of level 'city') under a unit of level 'prefecture'; it makes each county's replica as a
-- county makes a township's, and the county's replica makes its townships' in turn.
--
-- The level's CHECK is widened in place: a constraint that admits more values changes nothing
-- on disk and no row it held before, which is the case SQLite documents for editing the table's
-- text in sqlite_schema (https://sqlite.org/lang_altertable.html, "other kinds of table schema
-- changes") rather than rebuilding a table that a score of others refer to. RESET reloads the
-- schema for the statements after it; the CREATEs below move the schema cookie on for every
-- other connection.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql,
                     'CONSTRAINT "层级必须是市、乡镇/街道、村、社区或市直单位"' || char(10) ||
                     '        CHECK (level IN (''city'', ''township'', ''village'', ''community'', ''department''))',
                     'CONSTRAINT "层级必须是地区、市、乡镇/街道、村、社区或市直单位"' || char(10) ||
                     '        CHECK (level IN (''prefecture'', ''city'', ''township'', ''village'', ''community'', ''department''))')
 WHERE type = 'table' AND name = 'units';
PRAGMA writable_schema = RESET;

INSERT INTO choices (vocab, code, seq, label, label_en)
VALUES ('unit_level', 'prefecture', 6, '地区', 'Prefecture');

-- The tiers: prefecture → city → township/department → village/community. A city has no
-- parent or its prefecture; a prefecture has none.
DROP TRIGGER units_tier_insert;
DROP TRIGGER units_tier_update;
CREATE TRIGGER units_tier_insert BEFORE INSERT ON units
BEGIN
    SELECT RAISE(ABORT, '单位不能是自己的上级')
     WHERE NEW.parent_id IS NOT NULL AND NEW.parent_id = NEW.id;
    SELECT RAISE(ABORT, '地区不能有上级单位')
     WHERE NEW.level = 'prefecture' AND NEW.parent_id IS NOT NULL;
    SELECT RAISE(ABORT, '市的上级单位只能是地区')
     WHERE NEW.level = 'city' AND NEW.parent_id IS NOT NULL
       AND (SELECT level FROM units WHERE id = NEW.parent_id) IS NOT 'prefecture';
    SELECT RAISE(ABORT, '乡镇/街道和市直单位的上级单位必须是市')
     WHERE NEW.level IN ('township', 'department')
       AND (SELECT level FROM units WHERE id = NEW.parent_id) IS NOT 'city';
    SELECT RAISE(ABORT, '村和社区的上级单位必须是乡镇/街道')
     WHERE NEW.level IN ('village', 'community')
       AND (SELECT level FROM units WHERE id = NEW.parent_id) IS NOT 'township';
END;

CREATE TRIGGER units_tier_update BEFORE UPDATE OF level, parent_id ON units
BEGIN
    SELECT RAISE(ABORT, '单位不能是自己的上级')
     WHERE NEW.parent_id IS NOT NULL AND NEW.parent_id = NEW.id;
    SELECT RAISE(ABORT, '地区不能有上级单位')
     WHERE NEW.level = 'prefecture' AND NEW.parent_id IS NOT NULL;
    SELECT RAISE(ABORT, '市的上级单位只能是地区')
     WHERE NEW.level = 'city' AND NEW.parent_id IS NOT NULL
       AND (SELECT level FROM units WHERE id = NEW.parent_id) IS NOT 'prefecture';
    SELECT RAISE(ABORT, '乡镇/街道和市直单位的上级单位必须是市')
     WHERE NEW.level IN ('township', 'department')
       AND (SELECT level FROM units WHERE id = NEW.parent_id) IS NOT 'city';
    SELECT RAISE(ABORT, '村和社区的上级单位必须是乡镇/街道')
     WHERE NEW.level IN ('village', 'community')
       AND (SELECT level FROM units WHERE id = NEW.parent_id) IS NOT 'township';
    SELECT RAISE(ABORT, '该单位还有下级市，层级只能是地区')
     WHERE NEW.level IS NOT 'prefecture'
       AND EXISTS (SELECT 1 FROM units c WHERE c.parent_id = OLD.id AND c.level = 'city');
    SELECT RAISE(ABORT, '该单位还有下级乡镇/街道或市直单位，层级只能是市')
     WHERE NEW.level IS NOT 'city'
       AND EXISTS (SELECT 1 FROM units c WHERE c.parent_id = OLD.id
                                          AND c.level IN ('township', 'department'));
    SELECT RAISE(ABORT, '该单位还有下级村或社区，层级只能是乡镇/街道')
     WHERE NEW.level IS NOT 'township'
       AND EXISTS (SELECT 1 FROM units c WHERE c.parent_id = OLD.id
                                          AND c.level IN ('village', 'community'));
END;

-- A database that names itself by its city to the townships it exchanges with would, with a
-- prefecture in it, name itself by the prefecture (sync_self_unit, below), and its townships
-- would refuse every bundle after. The prefecture's database starts from one that exchanges
-- with no township.
CREATE TRIGGER units_prefecture_insert BEFORE INSERT ON units
WHEN NEW.level = 'prefecture'
BEGIN
    SELECT RAISE(ABORT, '本库正与乡镇交换数据，不能加入地区：地区的数据库从不与乡镇交换的库开始')
     WHERE EXISTS (SELECT 1 FROM sync_peers p JOIN units u ON u.id = p.unit_id WHERE u.level = 'township');
END;

CREATE TRIGGER units_prefecture_update BEFORE UPDATE OF level ON units
WHEN NEW.level = 'prefecture' AND OLD.level IS NOT 'prefecture'
BEGIN
    SELECT RAISE(ABORT, '本库正与乡镇交换数据，不能加入地区：地区的数据库从不与乡镇交换的库开始')
     WHERE EXISTS (SELECT 1 FROM sync_peers p JOIN units u ON u.id = p.unit_id WHERE u.level = 'township');
END;

-- The scope key of a unit (migration 019), with the prefecture's own: minus itself, as a city's.
DROP VIEW unit_scope_keys;
CREATE VIEW unit_scope_keys AS
SELECT u.id AS unit_id,
       CASE u.level WHEN 'township' THEN u.id
                    WHEN 'village' THEN u.parent_id
                    WHEN 'community' THEN u.parent_id
                    WHEN 'department' THEN -u.parent_id
                    WHEN 'city' THEN -u.id
                    WHEN 'prefecture' THEN -u.id END AS scope_key
  FROM units u;

-- Whose rows are whose in an exchange, by scope key. A unit's own rows, which it alone sends
-- up: a township's; a city's own and its townships'; a prefecture's own. The rows its replica
-- holds: its own and those of the unit above it, which come down to it and which it may read.
CREATE VIEW unit_own_keys AS
SELECT id AS unit_id, id AS scope_key FROM units WHERE level = 'township'
UNION ALL
SELECT id, -id FROM units WHERE level IN ('city', 'prefecture')
UNION ALL
SELECT c.id, t.id FROM units c JOIN units t ON t.parent_id = c.id AND t.level = 'township'
 WHERE c.level = 'city';

CREATE VIEW unit_held_keys AS
SELECT unit_id, scope_key FROM unit_own_keys
UNION ALL
SELECT id, -parent_id FROM units WHERE level IN ('township', 'city') AND parent_id IS NOT NULL;

-- The unit a database belongs to: a replica's own (sync_self), else the top of the database
-- — its prefecture, or, in a county's database, its city (the first, in one of many cities).
CREATE VIEW sync_self_unit AS
SELECT coalesce(s.unit_id,
                (SELECT id FROM units WHERE level = 'prefecture' ORDER BY id LIMIT 1),
                (SELECT id FROM units WHERE level = 'city' ORDER BY id LIMIT 1)) AS unit_id,
       s.unit_id IS NULL AS top
  FROM sync_self s;
