-- 013 — what a quarterly submission needs to be sent as it is: the header of the unit it
-- covers, and the dates that let every sheet report the state on the quarter's last day.
--
-- Headers (填报单位, 单位负责人, 填表人, 审核人, 联系电话): the city's stay in settings (an
-- admin keeps them; 单位负责人 is added), each township's are a row of township_headers, kept
-- by that township's own clerks. A report covering one township takes that township's row.
--
-- Dates:
--   contracts.mid_assessed_on, final_assessed_on — when the mid-year and year-end assessments
--     were made. Entering a contract's first score of a half stamps today if the clerk has not
--     given the date; the clerk may correct it. Scores entered before this migration get the
--     day the half closed: 1 July for the mid-year one, 31 December for the year-end one.
--   site_statuses — every status a demonstration site has had and since when, written by the
--     triggers below whatever changes demo_sites (a form, a reopening, a script). The date of a
--     change is demo_sites.status_on when the same change sets it, else accepted_on for an
--     acceptance, else today; correcting status_on later corrects the latest history row.
--     Sites already there get one row: their current status since accepted_on (accepted or
--     named) or since 1 January of their founding year.
-- Postings and disbursements carried their dates already.

-- ---- settings: the city's 单位负责人 ------------------------------------------------------------

ALTER TABLE settings ADD COLUMN leader TEXT;


-- ---- township_headers: one row per township, created with it ---------------------------------

CREATE TABLE township_headers (
    id          INTEGER PRIMARY KEY,
    township_id INTEGER NOT NULL UNIQUE REFERENCES units(id) ON DELETE CASCADE,
    org_name    TEXT,  -- 填报单位, e.g. 中共龙溪镇委员会; empty: the township's name
    leader      TEXT,  -- 单位负责人
    preparer    TEXT,  -- 填表人
    reviewer    TEXT,  -- 审核人
    phone       TEXT   -- 联系电话
);

CREATE TRIGGER township_headers_township_insert BEFORE INSERT ON township_headers
BEGIN
    SELECT RAISE(ABORT, '填报单位设置只能属于一个乡镇/街道')
     WHERE (SELECT level FROM units WHERE id = NEW.township_id) IS NOT 'township';
END;

CREATE TRIGGER township_headers_township_update BEFORE UPDATE OF township_id ON township_headers
BEGIN
    SELECT RAISE(ABORT, '填报单位设置只能属于一个乡镇/街道')
     WHERE (SELECT level FROM units WHERE id = NEW.township_id) IS NOT 'township';
END;

INSERT INTO township_headers (township_id) SELECT id FROM units WHERE level = 'township' ORDER BY code;

CREATE TRIGGER units_township_header_insert AFTER INSERT ON units
WHEN NEW.level = 'township'
BEGIN
    INSERT INTO township_headers (township_id) VALUES (NEW.id);
END;

CREATE TRIGGER units_township_header_update AFTER UPDATE OF level ON units
WHEN NEW.level = 'township' AND OLD.level IS NOT 'township'
BEGIN
    INSERT OR IGNORE INTO township_headers (township_id) VALUES (NEW.id);
END;


-- ---- contracts: when each half was assessed ---------------------------------------------------

ALTER TABLE contracts ADD COLUMN mid_assessed_on TEXT
    CONSTRAINT "年中评议日期无效，应为 YYYY-MM-DD"
    CHECK (mid_assessed_on IS NULL OR (mid_assessed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                                       AND date(mid_assessed_on, '+0 days') IS mid_assessed_on));
ALTER TABLE contracts ADD COLUMN final_assessed_on TEXT
    CONSTRAINT "年终评议日期无效，应为 YYYY-MM-DD"
    CHECK (final_assessed_on IS NULL OR (final_assessed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                                         AND date(final_assessed_on, '+0 days') IS final_assessed_on));

UPDATE contracts
   SET mid_assessed_on = CASE WHEN EXISTS (SELECT 1 FROM contract_items
                                            WHERE contract_id = contracts.id AND score_mid IS NOT NULL)
                              THEN printf('%04d-07-01', year) END,
       final_assessed_on = CASE WHEN EXISTS (SELECT 1 FROM contract_items
                                              WHERE contract_id = contracts.id AND score_final IS NOT NULL)
                                THEN printf('%04d-12-31', year) END;

CREATE TRIGGER contract_items_mid_dated AFTER UPDATE OF score_mid ON contract_items
WHEN NEW.score_mid IS NOT NULL AND OLD.score_mid IS NULL
BEGIN
    UPDATE contracts SET mid_assessed_on = date('now', 'localtime')
     WHERE id = NEW.contract_id AND mid_assessed_on IS NULL;
END;

CREATE TRIGGER contract_items_final_dated AFTER UPDATE OF score_final ON contract_items
WHEN NEW.score_final IS NOT NULL AND OLD.score_final IS NULL
BEGIN
    UPDATE contracts SET final_assessed_on = date('now', 'localtime')
     WHERE id = NEW.contract_id AND final_assessed_on IS NULL;
END;

CREATE TRIGGER contract_items_scored_insert AFTER INSERT ON contract_items
WHEN NEW.score_mid IS NOT NULL OR NEW.score_final IS NOT NULL
BEGIN
    UPDATE contracts
       SET mid_assessed_on = coalesce(mid_assessed_on,
                                      CASE WHEN NEW.score_mid IS NOT NULL THEN date('now', 'localtime') END),
           final_assessed_on = coalesce(final_assessed_on,
                                        CASE WHEN NEW.score_final IS NOT NULL THEN date('now', 'localtime') END)
     WHERE id = NEW.contract_id;
END;

DROP VIEW contracts_v;
CREATE VIEW contracts_v AS
SELECT c.id, c.year, c.issuer_id, c.signer_id, c.signatory, c.signed_on, c.status, c.issue_id,
       c.notes, c.mid_assessed_on, c.final_assessed_on,
       s.full_name AS signer_name, s.name_py AS signer_py, s.full_key AS signer_key,
       CASE s.level WHEN 'township' THEN 'township' ELSE 'village' END AS tier,
       CASE s.level WHEN 'township' THEN s.id ELSE c.issuer_id END AS township_id,
       coalesce(t.items, 0) AS items,
       t.total_mid, t.total_final
  FROM contracts c
  JOIN units s ON s.id = c.signer_id
  LEFT JOIN contract_totals t ON t.contract_id = c.id;


-- ---- demonstration sites: a dated history of their statuses -----------------------------------

ALTER TABLE demo_sites ADD COLUMN status_on TEXT
    CONSTRAINT "状态日期无效，应为 YYYY-MM-DD"
    CHECK (status_on IS NULL OR (status_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                                 AND date(status_on, '+0 days') IS status_on));

CREATE TABLE site_statuses (
    id      INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES demo_sites(id) ON DELETE CASCADE,
    status  TEXT NOT NULL,  -- demo_sites.status from `since` on
    since   TEXT NOT NULL   -- YYYY-MM-DD
);
CREATE INDEX site_statuses_site ON site_statuses(site_id, since, id);

INSERT INTO site_statuses (site_id, status, since)
SELECT id, status, coalesce(CASE WHEN status IN ('accepted', 'named') THEN accepted_on END,
                            printf('%04d-01-01', founded_year), date('now', 'localtime'))
  FROM demo_sites ORDER BY id;
UPDATE demo_sites SET status_on = (SELECT since FROM site_statuses WHERE site_id = demo_sites.id);

CREATE TRIGGER demo_sites_status_insert AFTER INSERT ON demo_sites
BEGIN
    INSERT INTO site_statuses (site_id, status, since)
    VALUES (NEW.id, NEW.status,
            coalesce(NEW.status_on, CASE WHEN NEW.status IN ('accepted', 'named') THEN NEW.accepted_on END,
                     date('now', 'localtime')));
    UPDATE demo_sites SET status_on = (SELECT max(since) FROM site_statuses WHERE site_id = NEW.id)
     WHERE id = NEW.id AND status_on IS NULL;
END;

CREATE TRIGGER demo_sites_status_update AFTER UPDATE OF status ON demo_sites
WHEN NEW.status IS NOT OLD.status
BEGIN
    INSERT INTO site_statuses (site_id, status, since)
    VALUES (NEW.id, NEW.status,
            CASE WHEN NEW.status_on IS NOT NULL AND NEW.status_on IS NOT OLD.status_on THEN NEW.status_on
                 WHEN NEW.status = 'accepted' AND NEW.accepted_on IS NOT NULL THEN NEW.accepted_on
                 ELSE date('now', 'localtime') END);
    UPDATE demo_sites
       SET status_on = (SELECT since FROM site_statuses WHERE site_id = NEW.id ORDER BY id DESC LIMIT 1)
     WHERE id = NEW.id
       AND status_on IS NOT (SELECT since FROM site_statuses WHERE site_id = NEW.id
                              ORDER BY id DESC LIMIT 1);
END;

-- A corrected date of the current status corrects its history row.
CREATE TRIGGER demo_sites_status_redated AFTER UPDATE OF status_on ON demo_sites
WHEN NEW.status IS OLD.status AND NEW.status_on IS NOT NULL AND NEW.status_on IS NOT OLD.status_on
BEGIN
    UPDATE site_statuses SET since = NEW.status_on
     WHERE id = (SELECT max(id) FROM site_statuses WHERE site_id = NEW.id);
END;

-- A reopening dates the step back by the day it was reopened.
DROP TRIGGER site_reopenings_run;
CREATE TRIGGER site_reopenings_run AFTER INSERT ON site_reopenings
BEGIN
    UPDATE site_reopenings
       SET from_status = (SELECT status FROM demo_sites WHERE id = NEW.site_id)
     WHERE id = NEW.id;
    UPDATE demo_sites SET status = NEW.to_status, accepted_on = NULL, reopen_id = NEW.id,
                          status_on = NEW.reopened_on
     WHERE id = NEW.site_id;
END;


-- ---- for a township's budget sheet, read from the ledgers by unit ----------------------------

CREATE INDEX budget_lines_unit ON budget_lines(unit_id, year);
