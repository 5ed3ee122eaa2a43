-- 028 — the households' phones (021) under the phone rule declared once (027). 021 was written
-- beside 027 and copied 011's rule into its own triggers; the column is declared instead, so the
-- program makes its two triggers from the declaration, and 021's triggers keep only the
-- ten-households rule.

INSERT INTO phone_columns (tbl, col) VALUES ('deputy_households', 'phone');

DROP TRIGGER deputy_households_rules_insert;
CREATE TRIGGER deputy_households_rules_insert BEFORE INSERT ON deputy_households
BEGIN
    SELECT RAISE(ABORT, '每名党代表最多联系 10 户群众')
     WHERE (SELECT count(*) FROM deputy_households WHERE deputy_id = NEW.deputy_id) >= 10;
END;

DROP TRIGGER deputy_households_rules_update;
CREATE TRIGGER deputy_households_rules_update BEFORE UPDATE OF deputy_id ON deputy_households
BEGIN
    SELECT RAISE(ABORT, '每名党代表最多联系 10 户群众')
     WHERE NEW.deputy_id IS NOT OLD.deputy_id
       AND (SELECT count(*) FROM deputy_households WHERE deputy_id = NEW.deputy_id) >= 10;
END;
