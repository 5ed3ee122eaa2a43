-- 011 — what clerks type, held by the schema as by the form: a person's name is at most 20
-- characters; a phone number is a mobile (1[3-9] and nine digits: 13812345678) or a landline
-- with its area code (3 or 4 digits from 0, a hyphen, 7 or 8 digits: 0739-1234567); and the
-- birth date and sex typed beside an ID number agree with it (digits 7–14 are the birth date,
-- the 17th is odd for a man). The form checks the same as the clerk leaves each field
-- (src/spec/value.c); these hold for every other writer. The ID number's own shape, check
-- digit and date are 001's CHECKs, so the agreement is only judged on an 18-character number.

CREATE TRIGGER people_typed_insert BEFORE INSERT ON people
BEGIN
    SELECT RAISE(ABORT, '姓名最多 20 个字')
     WHERE length(NEW.name) > 20;
    SELECT RAISE(ABORT, '联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）')
     WHERE NEW.phone IS NOT NULL
       AND NOT (length(NEW.phone) = 11 AND NEW.phone GLOB '1[3-9]*'
                AND NEW.phone NOT GLOB '*[^0-9]*')
       AND NOT (NEW.phone GLOB '0[1-9]*' AND instr(NEW.phone, '-') IN (4, 5)
                AND length(NEW.phone) - instr(NEW.phone, '-') IN (7, 8)
                AND replace(NEW.phone, '-', '') NOT GLOB '*[^0-9]*'
                AND length(replace(NEW.phone, '-', '')) = length(NEW.phone) - 1);
    SELECT RAISE(ABORT, '出生日期与身份证号中的出生日期不符')
     WHERE length(NEW.id_number) = 18 AND NEW.birth_date IS NOT NULL
       AND NEW.birth_date IS NOT substr(NEW.id_number, 7, 4) || '-' || substr(NEW.id_number, 11, 2)
                                 || '-' || substr(NEW.id_number, 13, 2);
    SELECT RAISE(ABORT, '性别与身份证号不符（第 17 位单数为男，双数为女）')
     WHERE length(NEW.id_number) = 18 AND NEW.gender IS NOT NULL
       AND NEW.gender IS NOT CASE WHEN substr(NEW.id_number, 17, 1) % 2 = 1 THEN 'male'
                                  ELSE 'female' END;
END;

CREATE TRIGGER people_typed_update
BEFORE UPDATE OF name, phone, id_number, birth_date, gender ON people
BEGIN
    SELECT RAISE(ABORT, '姓名最多 20 个字')
     WHERE length(NEW.name) > 20;
    SELECT RAISE(ABORT, '联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）')
     WHERE NEW.phone IS NOT NULL
       AND NOT (length(NEW.phone) = 11 AND NEW.phone GLOB '1[3-9]*'
                AND NEW.phone NOT GLOB '*[^0-9]*')
       AND NOT (NEW.phone GLOB '0[1-9]*' AND instr(NEW.phone, '-') IN (4, 5)
                AND length(NEW.phone) - instr(NEW.phone, '-') IN (7, 8)
                AND replace(NEW.phone, '-', '') NOT GLOB '*[^0-9]*'
                AND length(replace(NEW.phone, '-', '')) = length(NEW.phone) - 1);
    SELECT RAISE(ABORT, '出生日期与身份证号中的出生日期不符')
     WHERE length(NEW.id_number) = 18 AND NEW.birth_date IS NOT NULL
       AND NEW.birth_date IS NOT substr(NEW.id_number, 7, 4) || '-' || substr(NEW.id_number, 11, 2)
                                 || '-' || substr(NEW.id_number, 13, 2);
    SELECT RAISE(ABORT, '性别与身份证号不符（第 17 位单数为男，双数为女）')
     WHERE length(NEW.id_number) = 18 AND NEW.gender IS NOT NULL
       AND NEW.gender IS NOT CASE WHEN substr(NEW.id_number, 17, 1) % 2 = 1 THEN 'male'
                                  ELSE 'female' END;
END;

CREATE TRIGGER units_phone_insert BEFORE INSERT ON units
BEGIN
    SELECT RAISE(ABORT, '联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）')
     WHERE NEW.phone IS NOT NULL
       AND NOT (length(NEW.phone) = 11 AND NEW.phone GLOB '1[3-9]*'
                AND NEW.phone NOT GLOB '*[^0-9]*')
       AND NOT (NEW.phone GLOB '0[1-9]*' AND instr(NEW.phone, '-') IN (4, 5)
                AND length(NEW.phone) - instr(NEW.phone, '-') IN (7, 8)
                AND replace(NEW.phone, '-', '') NOT GLOB '*[^0-9]*'
                AND length(replace(NEW.phone, '-', '')) = length(NEW.phone) - 1);
END;

CREATE TRIGGER units_phone_update BEFORE UPDATE OF phone ON units
BEGIN
    SELECT RAISE(ABORT, '联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）')
     WHERE NEW.phone IS NOT NULL
       AND NOT (length(NEW.phone) = 11 AND NEW.phone GLOB '1[3-9]*'
                AND NEW.phone NOT GLOB '*[^0-9]*')
       AND NOT (NEW.phone GLOB '0[1-9]*' AND instr(NEW.phone, '-') IN (4, 5)
                AND length(NEW.phone) - instr(NEW.phone, '-') IN (7, 8)
                AND replace(NEW.phone, '-', '') NOT GLOB '*[^0-9]*'
                AND length(replace(NEW.phone, '-', '')) = length(NEW.phone) - 1);
END;

CREATE TRIGGER settings_phone_update BEFORE UPDATE OF phone ON settings
BEGIN
    SELECT RAISE(ABORT, '联系电话应为手机号（如 13812345678）或带区号的座机号（如 0739-1234567）')
     WHERE NEW.phone IS NOT NULL
       AND NOT (length(NEW.phone) = 11 AND NEW.phone GLOB '1[3-9]*'
                AND NEW.phone NOT GLOB '*[^0-9]*')
       AND NOT (NEW.phone GLOB '0[1-9]*' AND instr(NEW.phone, '-') IN (4, 5)
                AND length(NEW.phone) - instr(NEW.phone, '-') IN (7, 8)
                AND replace(NEW.phone, '-', '') NOT GLOB '*[^0-9]*'
                AND length(replace(NEW.phone, '-', '')) = length(NEW.phone) - 1);
END;
