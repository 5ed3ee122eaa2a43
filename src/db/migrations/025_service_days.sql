-- 025 — 集中服务日: every Monday the village (community) cadres and the cadres posted there sit
-- in the village's office for the people (坐堂办公). A service day is a village's Monday; the
-- cadres present are listed (the village's own people, or a cadre posted to it that day); the
-- matters brought are 申办事项 (the applicant's own business, handled at the desk) or 全程代办
-- (a cadre takes it all the way through the township's offices), each with its outcome. A matter
-- done has the day it was done, never before the service day. Per township and quarter:
-- the days held, the cadres present and the matters by kind and outcome.

CREATE TABLE service_days (
    id      INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    held_on TEXT NOT NULL CONSTRAINT "集中服务日应为星期一（YYYY-MM-DD）"
            CHECK (date(held_on, '+0 days') IS held_on AND strftime('%w', held_on) = '1'),
    notes   TEXT,
    UNIQUE (unit_id, held_on)
);
CREATE INDEX service_days_held_on ON service_days(held_on);

CREATE TABLE service_attendance (
    id             INTEGER PRIMARY KEY,
    service_day_id INTEGER NOT NULL REFERENCES service_days(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people(id),
    UNIQUE (service_day_id, person_id)
);

CREATE TABLE service_matters (
    id             INTEGER PRIMARY KEY,
    service_day_id INTEGER NOT NULL REFERENCES service_days(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL DEFAULT 'apply' CONSTRAINT "事项类别应为申办事项或全程代办"
                   CHECK (kind IN ('apply', 'proxy')),
    applicant      TEXT NOT NULL CONSTRAINT "申办群众的姓名不能为空"
                   CHECK (length(trim(applicant)) > 0 AND length(applicant) <= 20),
    applicant_py   TEXT,
    content        TEXT NOT NULL CONSTRAINT "办理事项不能为空" CHECK (length(trim(content)) > 0),
    handler_id     INTEGER REFERENCES people(id),
    outcome        TEXT NOT NULL DEFAULT 'open'
                   CONSTRAINT "办理结果应为办理中、已办结、已转报或不予受理"
                   CHECK (outcome IN ('open', 'done', 'referred', 'declined')),
    done_on        TEXT CONSTRAINT "办结日期无效，应为 YYYY-MM-DD"
                   CHECK (done_on IS NULL OR date(done_on, '+0 days') IS done_on),
    notes          TEXT,
    CONSTRAINT "已办结的事项须填写办结日期，未办结的不填"
        CHECK ((outcome = 'done') = (done_on IS NOT NULL)),
    CONSTRAINT "全程代办须填写代办人" CHECK (kind <> 'proxy' OR handler_id IS NOT NULL)
);
CREATE INDEX service_matters_day ON service_matters(service_day_id);

-- ---- rules ---------------------------------------------------------------------------------------

CREATE TRIGGER service_days_unit_insert BEFORE INSERT ON service_days
BEGIN
    SELECT RAISE(ABORT, '集中服务日在村或社区举行')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community');
    SELECT RAISE(ABORT, '这个村（社区）这一天已有集中服务日记录')
     WHERE EXISTS (SELECT 1 FROM service_days WHERE unit_id = NEW.unit_id AND held_on = NEW.held_on);
END;

CREATE TRIGGER service_days_unit_update BEFORE UPDATE OF unit_id, held_on ON service_days
BEGIN
    SELECT RAISE(ABORT, '集中服务日在村或社区举行')
     WHERE (SELECT level FROM units WHERE id = NEW.unit_id) NOT IN ('village', 'community');
    SELECT RAISE(ABORT, '这个村（社区）这一天已有集中服务日记录')
     WHERE EXISTS (SELECT 1 FROM service_days WHERE unit_id = NEW.unit_id AND held_on = NEW.held_on
                      AND id <> NEW.id);
    SELECT RAISE(ABORT, '已有到岗人员或办理事项的服务日不能改到另一个村（社区）')
     WHERE NEW.unit_id IS NOT OLD.unit_id
       AND (EXISTS (SELECT 1 FROM service_attendance WHERE service_day_id = OLD.id)
            OR EXISTS (SELECT 1 FROM service_matters WHERE service_day_id = OLD.id));
    SELECT RAISE(ABORT, '办结日期不能早于受理的服务日')
     WHERE EXISTS (SELECT 1 FROM service_matters WHERE service_day_id = OLD.id AND done_on < NEW.held_on);
END;

-- who may sit: the village's own people, or a cadre posted to it (驻村干部) on that day
CREATE TRIGGER service_attendance_who_insert BEFORE INSERT ON service_attendance
BEGIN
    SELECT RAISE(ABORT, '到岗人员应为本村（社区）的干部或当天派驻这里的驻村干部')
     WHERE NOT EXISTS (SELECT 1 FROM service_days d JOIN people p ON p.unit_id = d.unit_id
                        WHERE d.id = NEW.service_day_id AND p.id = NEW.person_id)
       AND NOT EXISTS (SELECT 1 FROM service_days d JOIN assignments a ON a.unit_id = d.unit_id
                        WHERE d.id = NEW.service_day_id AND a.person_id = NEW.person_id
                          AND a.start_on <= d.held_on AND coalesce(a.end_on, '9999-12-31') >= d.held_on);
    SELECT RAISE(ABORT, '这个人已在这一天的到岗名单中')
     WHERE EXISTS (SELECT 1 FROM service_attendance
                    WHERE service_day_id = NEW.service_day_id AND person_id = NEW.person_id);
END;

CREATE TRIGGER service_attendance_who_update BEFORE UPDATE OF service_day_id, person_id ON service_attendance
BEGIN
    SELECT RAISE(ABORT, '到岗人员应为本村（社区）的干部或当天派驻这里的驻村干部')
     WHERE NOT EXISTS (SELECT 1 FROM service_days d JOIN people p ON p.unit_id = d.unit_id
                        WHERE d.id = NEW.service_day_id AND p.id = NEW.person_id)
       AND NOT EXISTS (SELECT 1 FROM service_days d JOIN assignments a ON a.unit_id = d.unit_id
                        WHERE d.id = NEW.service_day_id AND a.person_id = NEW.person_id
                          AND a.start_on <= d.held_on AND coalesce(a.end_on, '9999-12-31') >= d.held_on);
    SELECT RAISE(ABORT, '这个人已在这一天的到岗名单中')
     WHERE EXISTS (SELECT 1 FROM service_attendance
                    WHERE service_day_id = NEW.service_day_id AND person_id = NEW.person_id
                      AND id <> NEW.id);
END;

CREATE TRIGGER service_matters_rules_insert BEFORE INSERT ON service_matters
BEGIN
    SELECT RAISE(ABORT, '办结日期不能早于受理的服务日')
     WHERE NEW.done_on < (SELECT held_on FROM service_days WHERE id = NEW.service_day_id);
    SELECT RAISE(ABORT, '代办人应为本村（社区）的干部或当天派驻这里的驻村干部')
     WHERE NEW.handler_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM service_days d JOIN people p ON p.unit_id = d.unit_id
                        WHERE d.id = NEW.service_day_id AND p.id = NEW.handler_id)
       AND NOT EXISTS (SELECT 1 FROM service_days d JOIN assignments a ON a.unit_id = d.unit_id
                        WHERE d.id = NEW.service_day_id AND a.person_id = NEW.handler_id
                          AND a.start_on <= d.held_on AND coalesce(a.end_on, '9999-12-31') >= d.held_on);
END;

CREATE TRIGGER service_matters_rules_update
BEFORE UPDATE OF service_day_id, done_on, handler_id ON service_matters
BEGIN
    SELECT RAISE(ABORT, '办结日期不能早于受理的服务日')
     WHERE NEW.done_on < (SELECT held_on FROM service_days WHERE id = NEW.service_day_id);
    SELECT RAISE(ABORT, '代办人应为本村（社区）的干部或当天派驻这里的驻村干部')
     WHERE NEW.handler_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM service_days d JOIN people p ON p.unit_id = d.unit_id
                        WHERE d.id = NEW.service_day_id AND p.id = NEW.handler_id)
       AND NOT EXISTS (SELECT 1 FROM service_days d JOIN assignments a ON a.unit_id = d.unit_id
                        WHERE d.id = NEW.service_day_id AND a.person_id = NEW.handler_id
                          AND a.start_on <= d.held_on AND coalesce(a.end_on, '9999-12-31') >= d.held_on);
END;

-- ---- views -------------------------------------------------------------------------------------

CREATE VIEW service_attendance_v AS
SELECT a.*, p.name AS person_name, p.post
  FROM service_attendance a JOIN people p ON p.id = a.person_id;

CREATE VIEW service_matters_v AS
SELECT m.*, d.unit_id, d.held_on, ut.township_id
  FROM service_matters m
  JOIN service_days d ON d.id = m.service_day_id
  JOIN unit_townships ut ON ut.unit_id = d.unit_id;

-- Per village and day, then per township, year and quarter: villages that held service days,
-- days, cadres present (each a day), matters by kind and those done.
CREATE VIEW service_day_counts AS
SELECT d.id, d.unit_id, d.held_on, ut.township_id,
       CAST(substr(d.held_on, 1, 4) AS INTEGER) AS year,
       (CAST(substr(d.held_on, 6, 2) AS INTEGER) + 2) / 3 AS quarter,
       (SELECT count(*) FROM service_attendance a WHERE a.service_day_id = d.id) AS present,
       (SELECT count(*) FROM service_matters m WHERE m.service_day_id = d.id AND m.kind = 'apply') AS applied,
       (SELECT count(*) FROM service_matters m WHERE m.service_day_id = d.id AND m.kind = 'proxy') AS proxied,
       (SELECT count(*) FROM service_matters m WHERE m.service_day_id = d.id AND m.outcome = 'done') AS done
  FROM service_days d
  JOIN unit_townships ut ON ut.unit_id = d.unit_id;

CREATE VIEW service_quarters AS
SELECT township_id * 100000 + year * 10 + quarter AS id, township_id, year, quarter,
       count(DISTINCT unit_id) AS villages, count(*) AS days, sum(present) AS present,
       round(1.0 * sum(present) / count(*), 1) AS per_day,
       sum(applied) AS applied, sum(proxied) AS proxied, sum(done) AS done
  FROM service_day_counts
 GROUP BY township_id, year, quarter;

CREATE VIEW service_days_v AS
SELECT d.*, c.township_id, c.year, c.quarter, c.present, c.applied + c.proxied AS matters, c.done,
       u.full_name AS unit_name, u.name_py AS unit_py
  FROM service_days d
  JOIN service_day_counts c ON c.id = d.id
  JOIN units u ON u.id = d.unit_id;

-- ---- declarations and vocabularies ------------------------------------------------------------

INSERT INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('service_days', 'ledger', 'unit unit_id', 1, '集中服务日', 'Service days'),
    ('service_attendance', 'ledger', 'row service_day_id service_days', 1, '服务日到岗', 'Service day attendance'),
    ('service_matters', 'ledger', 'row service_day_id service_days', 1, '服务日办理事项', 'Service day matters');

INSERT INTO choices (vocab, code, seq, label, label_en) VALUES
    ('service_kind', 'apply', 1, '申办事项', 'Application'),
    ('service_kind', 'proxy', 2, '全程代办', 'Handled on their behalf'),
    ('service_outcome', 'open', 1, '办理中', 'In progress'),
    ('service_outcome', 'done', 2, '已办结', 'Done'),
    ('service_outcome', 'referred', 3, '已转报', 'Referred'),
    ('service_outcome', 'declined', 4, '不予受理', 'Declined');
