-- 001 — units (the city, its townships and sub-districts, villages, communities and city
-- departments) and people. The rules live here so that they hold for the sqlite3 command
-- line too. Each CHECK is named with the message a clerk sees: SQLite reports
-- "CHECK constraint failed: <name>" and taizhang shows the name.

CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    name_py   TEXT,
    level     TEXT NOT NULL,
    parent_id INTEGER REFERENCES units(id),
    secretary TEXT,
    phone     TEXT,
    notes     TEXT,
    CONSTRAINT "单位代码不能为空" CHECK (length(trim(code, ' ' || char(9, 12288))) > 0),
    CONSTRAINT "单位名称不能为空" CHECK (length(trim(name, ' ' || char(9, 12288))) > 0),
    CONSTRAINT "层级必须是市、乡镇/街道、村、社区或市直单位"
        CHECK (level IN ('city', 'township', 'village', 'community', 'department'))
);
CREATE INDEX units_parent_code ON units(parent_id, code);
CREATE INDEX units_name_py ON units(name_py);
CREATE INDEX units_name ON units(name);

-- The tiers: city → township/department; township → village/community. RAISE takes only a
-- literal, so each rule is its own statement with its own message.
CREATE TRIGGER units_tier_insert BEFORE INSERT ON units
BEGIN
    SELECT RAISE(ABORT, '单位不能是自己的上级')
     WHERE NEW.parent_id IS NOT NULL AND NEW.parent_id = NEW.id;
    SELECT RAISE(ABORT, '市级单位不能有上级单位')
     WHERE NEW.level = 'city' AND NEW.parent_id IS NOT NULL;
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
    SELECT RAISE(ABORT, '市级单位不能有上级单位')
     WHERE NEW.level = 'city' AND NEW.parent_id IS NOT NULL;
    SELECT RAISE(ABORT, '乡镇/街道和市直单位的上级单位必须是市')
     WHERE NEW.level IN ('township', 'department')
       AND (SELECT level FROM units WHERE id = NEW.parent_id) IS NOT 'city';
    SELECT RAISE(ABORT, '村和社区的上级单位必须是乡镇/街道')
     WHERE NEW.level IN ('village', 'community')
       AND (SELECT level FROM units WHERE id = NEW.parent_id) IS NOT 'township';
    SELECT RAISE(ABORT, '该单位还有下级乡镇/街道或市直单位，层级只能是市')
     WHERE NEW.level IS NOT 'city'
       AND EXISTS (SELECT 1 FROM units c WHERE c.parent_id = OLD.id
                                          AND c.level IN ('township', 'department'));
    SELECT RAISE(ABORT, '该单位还有下级村或社区，层级只能是乡镇/街道')
     WHERE NEW.level IS NOT 'township'
       AND EXISTS (SELECT 1 FROM units c WHERE c.parent_id = OLD.id
                                          AND c.level IN ('village', 'community'));
END;

CREATE TRIGGER units_delete BEFORE DELETE ON units
BEGIN
    SELECT RAISE(ABORT, '该单位还有下级单位，不能删除')
     WHERE EXISTS (SELECT 1 FROM units c WHERE c.parent_id = OLD.id);
    SELECT RAISE(ABORT, '该单位还有人员，不能删除')
     WHERE EXISTS (SELECT 1 FROM people p WHERE p.unit_id = OLD.id);
END;

-- 身份证号 (GB 11643): 17 digits, then the ISO 7064 MOD 11-2 check character; digits 7–14
-- are the birth date. SQLite 3.40's date('2026-02-30') returns the text unchanged; with a
-- modifier it normalises to 2026-03-02, hence `date(x, '+0 days') IS x` for a real date.
CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_py    TEXT,
    gender     TEXT,
    birth_date TEXT,
    id_number  TEXT UNIQUE,
    phone      TEXT,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    post       TEXT,
    notes      TEXT,
    CONSTRAINT "姓名不能为空" CHECK (length(trim(name, ' ' || char(9, 12288))) > 0),
    CONSTRAINT "性别只能是男或女" CHECK (gender IS NULL OR gender IN ('male', 'female')),
    CONSTRAINT "出生日期无效，应为 YYYY-MM-DD"
        CHECK (birth_date IS NULL
               OR (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                   AND date(birth_date, '+0 days') IS birth_date)),
    CONSTRAINT "身份证号应为18位：17位数字加1位校验码（数字或X）"
        CHECK (id_number IS NULL
               OR (length(id_number) = 18
                   AND id_number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9X]')),
    CONSTRAINT "身份证号中的出生日期无效"
        CHECK (id_number IS NULL
               OR date(substr(id_number, 7, 4) || '-' || substr(id_number, 11, 2) || '-'
                       || substr(id_number, 13, 2), '+0 days')
                  IS substr(id_number, 7, 4) || '-' || substr(id_number, 11, 2) || '-'
                     || substr(id_number, 13, 2)),
    CONSTRAINT "身份证号校验位不正确"
        CHECK (id_number IS NULL
               OR substr('10X98765432',
                         (substr(id_number, 1, 1) * 7 + substr(id_number, 2, 1) * 9
                          + substr(id_number, 3, 1) * 10 + substr(id_number, 4, 1) * 5
                          + substr(id_number, 5, 1) * 8 + substr(id_number, 6, 1) * 4
                          + substr(id_number, 7, 1) * 2 + substr(id_number, 8, 1) * 1
                          + substr(id_number, 9, 1) * 6 + substr(id_number, 10, 1) * 3
                          + substr(id_number, 11, 1) * 7 + substr(id_number, 12, 1) * 9
                          + substr(id_number, 13, 1) * 10 + substr(id_number, 14, 1) * 5
                          + substr(id_number, 15, 1) * 8 + substr(id_number, 16, 1) * 4
                          + substr(id_number, 17, 1) * 2) % 11 + 1, 1)
                  = substr(id_number, 18, 1))
);
CREATE INDEX people_unit_name ON people(unit_id, name);
CREATE INDEX people_name_py ON people(name_py);
CREATE INDEX people_name ON people(name);
