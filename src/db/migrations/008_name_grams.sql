-- 008 — n-gram tables, so that "part of the name" is found through an index on millions of
-- people and hundreds of thousands of units. <table>_<column>_grams holds, for every row, each
-- character and each pair of characters of the name (lower-cased, once each) with the name and
-- the row's id: the search for 小明 reads the rows under gram '小明' in name order and stops
-- when a page is full. A list search uses the table when it exists (src/db/list.c). Triggers
-- keep it in step with the name whatever writes it.

-- Positions 1..1000 to cut a name into characters (a trigger body cannot use WITH); a longer
-- name is found by its first thousand.
CREATE TABLE gram_positions (k INTEGER PRIMARY KEY);
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 1000)
INSERT INTO gram_positions SELECT k FROM n;

-- ---- people.name -------------------------------------------------------------------------------
CREATE TABLE people_name_grams (
    gram TEXT NOT NULL,
    name TEXT NOT NULL,
    id   INTEGER NOT NULL,
    PRIMARY KEY (gram, name, id)
) WITHOUT ROWID;

INSERT INTO people_name_grams (gram, name, id)
SELECT lower(substr(p.name, k, 1)), p.name, p.id FROM people p JOIN gram_positions ON k <= length(p.name)
UNION
SELECT lower(substr(p.name, k, 2)), p.name, p.id FROM people p JOIN gram_positions ON k < length(p.name);

CREATE TRIGGER people_name_grams_insert AFTER INSERT ON people
BEGIN
    INSERT INTO people_name_grams (gram, name, id)
    SELECT lower(substr(NEW.name, k, 1)), NEW.name, NEW.id FROM gram_positions WHERE k <= length(NEW.name)
    UNION
    SELECT lower(substr(NEW.name, k, 2)), NEW.name, NEW.id FROM gram_positions WHERE k < length(NEW.name);
END;

CREATE TRIGGER people_name_grams_delete AFTER DELETE ON people
BEGIN
    DELETE FROM people_name_grams WHERE name = OLD.name AND id = OLD.id AND gram IN (
        SELECT lower(substr(OLD.name, k, 1)) FROM gram_positions WHERE k <= length(OLD.name)
        UNION
        SELECT lower(substr(OLD.name, k, 2)) FROM gram_positions WHERE k < length(OLD.name));
END;

CREATE TRIGGER people_name_grams_update AFTER UPDATE OF id, name ON people
WHEN OLD.name IS NOT NEW.name OR OLD.id IS NOT NEW.id
BEGIN
    DELETE FROM people_name_grams WHERE name = OLD.name AND id = OLD.id AND gram IN (
        SELECT lower(substr(OLD.name, k, 1)) FROM gram_positions WHERE k <= length(OLD.name)
        UNION
        SELECT lower(substr(OLD.name, k, 2)) FROM gram_positions WHERE k < length(OLD.name));
    INSERT INTO people_name_grams (gram, name, id)
    SELECT lower(substr(NEW.name, k, 1)), NEW.name, NEW.id FROM gram_positions WHERE k <= length(NEW.name)
    UNION
    SELECT lower(substr(NEW.name, k, 2)), NEW.name, NEW.id FROM gram_positions WHERE k < length(NEW.name);
END;

-- ---- units.name --------------------------------------------------------------------------------
CREATE TABLE units_name_grams (
    gram TEXT NOT NULL,
    name TEXT NOT NULL,
    id   INTEGER NOT NULL,
    PRIMARY KEY (gram, name, id)
) WITHOUT ROWID;

INSERT INTO units_name_grams (gram, name, id)
SELECT lower(substr(u.name, k, 1)), u.name, u.id FROM units u JOIN gram_positions ON k <= length(u.name)
UNION
SELECT lower(substr(u.name, k, 2)), u.name, u.id FROM units u JOIN gram_positions ON k < length(u.name);

CREATE TRIGGER units_name_grams_insert AFTER INSERT ON units
BEGIN
    INSERT INTO units_name_grams (gram, name, id)
    SELECT lower(substr(NEW.name, k, 1)), NEW.name, NEW.id FROM gram_positions WHERE k <= length(NEW.name)
    UNION
    SELECT lower(substr(NEW.name, k, 2)), NEW.name, NEW.id FROM gram_positions WHERE k < length(NEW.name);
END;

CREATE TRIGGER units_name_grams_delete AFTER DELETE ON units
BEGIN
    DELETE FROM units_name_grams WHERE name = OLD.name AND id = OLD.id AND gram IN (
        SELECT lower(substr(OLD.name, k, 1)) FROM gram_positions WHERE k <= length(OLD.name)
        UNION
        SELECT lower(substr(OLD.name, k, 2)) FROM gram_positions WHERE k < length(OLD.name));
END;

CREATE TRIGGER units_name_grams_update AFTER UPDATE OF id, name ON units
WHEN OLD.name IS NOT NEW.name OR OLD.id IS NOT NEW.id
BEGIN
    DELETE FROM units_name_grams WHERE name = OLD.name AND id = OLD.id AND gram IN (
        SELECT lower(substr(OLD.name, k, 1)) FROM gram_positions WHERE k <= length(OLD.name)
        UNION
        SELECT lower(substr(OLD.name, k, 2)) FROM gram_positions WHERE k < length(OLD.name));
    INSERT INTO units_name_grams (gram, name, id)
    SELECT lower(substr(NEW.name, k, 1)), NEW.name, NEW.id FROM gram_positions WHERE k <= length(NEW.name)
    UNION
    SELECT lower(substr(NEW.name, k, 2)), NEW.name, NEW.id FROM gram_positions WHERE k < length(NEW.name);
END;
