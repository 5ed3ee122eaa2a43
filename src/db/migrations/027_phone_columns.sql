-- 027 — the phone-number rule written once. 011 wrote it out in five triggers on three tables;
-- now the columns that hold a phone number are declared here, one row each, and the program
-- makes each one's two triggers (<table>_<column>_insert and _update) from the declaration
-- (src/db/ledgers.c), as it makes the audit triggers from table_access; `taizhang check`
-- reports one missing. The rule is 011's, unchanged: a mobile (1[3-9] and nine digits:
-- 13812345678) or a landline with its area code (3 or 4 digits from 0, a hyphen, 7 or 8 digits:
-- 0739-1234567).

CREATE TABLE phone_columns (
    tbl TEXT NOT NULL CONSTRAINT "表名只能由字母、数字和下划线组成"
        CHECK (tbl <> '' AND tbl NOT GLOB '*[^A-Za-z0-9_]*' AND tbl NOT GLOB '[0-9]*'),
    col TEXT NOT NULL CONSTRAINT "列名只能由字母、数字和下划线组成"
        CHECK (col <> '' AND col NOT GLOB '*[^A-Za-z0-9_]*' AND col NOT GLOB '[0-9]*'),
    PRIMARY KEY (tbl, col)
);

INSERT INTO phone_columns (tbl, col) VALUES ('people', 'phone'), ('units', 'phone'), ('settings', 'phone');

INSERT INTO table_access (name, access, scope, audited, title, title_en)
VALUES ('phone_columns', 'internal', NULL, 0, NULL, NULL);

-- the copies of 011, made again from the declaration when the database is next opened
DROP TRIGGER units_phone_insert;
DROP TRIGGER units_phone_update;
DROP TRIGGER settings_phone_update;

-- a person's other typed values stay as 011 has them, without the phone
DROP TRIGGER people_typed_insert;
CREATE TRIGGER people_typed_insert BEFORE INSERT ON people
BEGIN
    SELECT RAISE(ABORT, '姓名最多 20 个字')
     WHERE length(NEW.name) > 20;
    SELECT RAISE(ABORT, '出生日期与身份证号中的出生日期不符')
     WHERE length(NEW.id_number) = 18 AND NEW.birth_date IS NOT NULL
       AND NEW.birth_date IS NOT substr(NEW.id_number, 7, 4) || '-' || substr(NEW.id_number, 11, 2)
                                 || '-' || substr(NEW.id_number, 13, 2);
    SELECT RAISE(ABORT, '性别与身份证号不符（第 17 位单数为男，双数为女）')
     WHERE length(NEW.id_number) = 18 AND NEW.gender IS NOT NULL
       AND NEW.gender IS NOT CASE WHEN substr(NEW.id_number, 17, 1) % 2 = 1 THEN 'male'
                                  ELSE 'female' END;
END;

DROP TRIGGER people_typed_update;
CREATE TRIGGER people_typed_update
BEFORE UPDATE OF name, id_number, birth_date, gender ON people
BEGIN
    SELECT RAISE(ABORT, '姓名最多 20 个字')
     WHERE length(NEW.name) > 20;
    SELECT RAISE(ABORT, '出生日期与身份证号中的出生日期不符')
     WHERE length(NEW.id_number) = 18 AND NEW.birth_date IS NOT NULL
       AND NEW.birth_date IS NOT substr(NEW.id_number, 7, 4) || '-' || substr(NEW.id_number, 11, 2)
                                 || '-' || substr(NEW.id_number, 13, 2);
    SELECT RAISE(ABORT, '性别与身份证号不符（第 17 位单数为男，双数为女）')
     WHERE length(NEW.id_number) = 18 AND NEW.gender IS NOT NULL
       AND NEW.gender IS NOT CASE WHEN substr(NEW.id_number, 17, 1) % 2 = 1 THEN 'male'
                                  ELSE 'female' END;
END;
