-- 030 — a township's report header (013) keeps a phone as the city's settings do, under the
-- same rule (declared once, 027): a clerk typing 0739 1234567 there is told the form at once,
-- not after it was printed on every report the township sends.
INSERT INTO phone_columns (tbl, col) VALUES ('township_headers', 'phone');
