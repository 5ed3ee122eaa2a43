-- 015 — exchanging changes between a county's database and its townships' replicas
-- (src/db/sync.c, src/db/replica.c; README "Townships offline").
--
-- sync_self: which unit this database belongs to and the block of row ids it draws new rows
-- from. The county's own database is the city's (unit_id NULL) and uses block 0, the ids
-- sample.db and every older database already have; a township's replica uses the block of the
-- township's own unit id. Block b is the ids b·2^40 … b·2^40 + 2^40 − 1, so rows created in
-- two places never share a key. SQLite would give a new row max(id) + 1, which after an
-- exchange lies in another unit's block, so taizhang chooses every new id itself: the db layer
-- for a saved form, the batch triggers below for the rows they create. The *_id_block triggers
-- refuse any other new id (an INSERT from the sqlite3 command line that leaves the id to
-- SQLite, once another unit's rows are here) rather than let two units' rows collide.
-- `applying` names the bundle being applied (NULL otherwise): its rows keep the ids their
-- unit gave them, and the batch triggers stand aside because the bundle carries the rows they
-- made on the other side.
CREATE TABLE sync_self (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    unit_id  INTEGER REFERENCES units(id),   -- NULL: the city, i.e. the county's own database
    id_block INTEGER NOT NULL DEFAULT 0
             CONSTRAINT "编号段应在 0 至 8388607 之间" CHECK (id_block BETWEEN 0 AND 8388607),
    applying TEXT
);
INSERT INTO sync_self (id) VALUES (1);

CREATE VIEW sync_block AS
SELECT id_block * 1099511627776 AS lo, id_block * 1099511627776 + 1099511627775 AS hi
  FROM sync_self;

-- The units this database exchanges bundles with (the county: each township with a replica;
-- a replica: the city) and how far each exchange has got, in the sender's sequence numbers.
CREATE TABLE sync_peers (
    unit_id INTEGER PRIMARY KEY REFERENCES units(id),
    sent    INTEGER NOT NULL DEFAULT 0, -- the last of our bundles written for it
    acked   INTEGER NOT NULL DEFAULT 0, -- the last of ours it has acknowledged applying
    applied INTEGER NOT NULL DEFAULT 0  -- the last of its bundles applied here
);

-- Every bundle written and read: the history under 系统维护 → 数据交换. A bundle we sent keeps
-- its changeset until the peer acknowledges it (then it is folded into the peer's base file).
CREATE TABLE sync_bundles (
    id        INTEGER PRIMARY KEY,
    peer_id   INTEGER NOT NULL REFERENCES units(id),
    direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    seq       INTEGER NOT NULL,
    builds_on INTEGER NOT NULL,
    ack       INTEGER NOT NULL,
    changes   INTEGER NOT NULL,
    sha256    TEXT NOT NULL,
    file      TEXT,
    status    TEXT NOT NULL CHECK (status IN ('sent', 'acknowledged', 'applied', 'refused', 'conflicts')),
    message   TEXT,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')),
    changeset BLOB
);
CREATE INDEX sync_bundles_peer ON sync_bundles(peer_id, direction, seq);

-- Rows changed on both sides since the last exchange, found by the last import that stopped
-- on them: waiting for a clerk to keep ours or take theirs (choice), which the next import of
-- the same bundle follows.
CREATE TABLE sync_conflicts (
    id      INTEGER PRIMARY KEY,
    peer_id INTEGER NOT NULL REFERENCES units(id),
    seq     INTEGER NOT NULL,   -- the peer's bundle
    tbl     TEXT NOT NULL,
    row_id  INTEGER NOT NULL,
    ours    TEXT,               -- the row here, JSON; NULL: deleted here
    theirs  TEXT,               -- the change in the bundle, JSON; NULL: deleted there
    choice  TEXT CONSTRAINT "应选择保留本方或采用对方" CHECK (choice IS NULL OR choice IN ('ours', 'theirs')),
    county_decides INTEGER NOT NULL DEFAULT 0, -- 1: the county decides it (src/db/sync.c)
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime'))
);

-- What 系统维护 → 数据交换 lists: the bundles and the conflicts with the other unit named.
CREATE VIEW sync_bundles_v AS
SELECT b.id, b.at, u.code || ' ' || u.name AS peer, b.direction, b.seq, b.builds_on, b.ack,
       b.changes, b.status, b.message, b.file, b.sha256
  FROM sync_bundles b JOIN units u ON u.id = b.peer_id;

CREATE VIEW sync_conflicts_v AS
SELECT c.id, c.at, u.code || ' ' || u.name AS peer, c.seq, c.tbl, c.row_id, c.ours, c.theirs, c.choice,
       c.county_decides
  FROM sync_conflicts c JOIN units u ON u.id = c.peer_id;

-- ---- new ids in this database's block -----------------------------------------------------------

CREATE TRIGGER units_id_block AFTER INSERT ON units
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER people_id_block AFTER INSERT ON people
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER contract_templates_id_block AFTER INSERT ON contract_templates
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER contract_template_items_id_block AFTER INSERT ON contract_template_items
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER template_issues_id_block AFTER INSERT ON template_issues
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER contracts_id_block AFTER INSERT ON contracts
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER contract_items_id_block AFTER INSERT ON contract_items
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER site_reopenings_id_block AFTER INSERT ON site_reopenings
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER demo_sites_id_block AFTER INSERT ON demo_sites
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER assignments_id_block AFTER INSERT ON assignments
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER budget_standards_id_block AFTER INSERT ON budget_standards
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER budget_year_starts_id_block AFTER INSERT ON budget_year_starts
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER budget_lines_id_block AFTER INSERT ON budget_lines
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER disbursements_id_block AFTER INSERT ON disbursements
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

CREATE TRIGGER township_headers_id_block AFTER INSERT ON township_headers
WHEN (SELECT applying FROM sync_self) IS NULL
 AND NEW.id NOT BETWEEN (SELECT lo FROM sync_block) AND (SELECT hi FROM sync_block)
BEGIN
    SELECT RAISE(ABORT, '新记录的编号不在本数据库的编号段内（各单位的数据库各用一段编号，交换时才不会重号）');
END;

-- ---- the batch triggers: ids from the block, and not while a bundle is applied -------------------

DROP TRIGGER template_issues_run;
CREATE TRIGGER template_issues_run AFTER INSERT ON template_issues
WHEN (SELECT applying FROM sync_self) IS NULL
BEGIN
    INSERT INTO contracts (id, year, issuer_id, signer_id, status, issue_id)
    SELECT coalesce((SELECT max(c.id) FROM contracts c WHERE c.id BETWEEN b.lo AND b.hi), b.lo)
           + row_number() OVER (ORDER BY u.code),
           NEW.year, NEW.issuer_id, u.id, 'draft', NEW.id
      FROM units u, sync_block b
     WHERE u.parent_id = NEW.issuer_id
       AND u.level IN ('township', 'village', 'community')
       AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.signer_id = u.id AND c.year = NEW.year)
     ORDER BY u.code;
    INSERT INTO contract_items (id, contract_id, seq, section, content, target, weight, veto)
    SELECT coalesce((SELECT max(i.id) FROM contract_items i WHERE i.id BETWEEN b.lo AND b.hi), b.lo)
           + row_number() OVER (ORDER BY c.id, ti.seq),
           c.id, ti.seq, ti.section, ti.content, ti.target, ti.weight, ti.veto
      FROM contracts c JOIN contract_template_items ti ON ti.template_id = NEW.template_id,
           sync_block b
     WHERE c.issue_id = NEW.id;
    UPDATE template_issues
       SET created = (SELECT count(*) FROM contracts WHERE issue_id = NEW.id),
           skipped = (SELECT count(*) FROM units u
                       WHERE u.parent_id = NEW.issuer_id
                         AND u.level IN ('township', 'village', 'community'))
                     - (SELECT count(*) FROM contracts WHERE issue_id = NEW.id)
     WHERE id = NEW.id;
END;

DROP TRIGGER budget_year_starts_run;
CREATE TRIGGER budget_year_starts_run AFTER INSERT ON budget_year_starts
WHEN (SELECT applying FROM sync_self) IS NULL
BEGIN
    INSERT INTO budget_lines (id, year, unit_id, category, source, budgeted_fen, start_id)
    SELECT coalesce((SELECT max(l.id) FROM budget_lines l WHERE l.id BETWEEN b.lo AND b.hi), b.lo)
           + row_number() OVER (ORDER BY c.unit_id, c.category),
           c.year, c.unit_id, c.category, '市级财政', c.amount_fen, NEW.id
      FROM budget_year_candidates c, sync_block b
     WHERE c.year = NEW.year
       AND NOT EXISTS (SELECT 1 FROM budget_lines l
                        WHERE l.unit_id = c.unit_id AND l.category = c.category AND l.year = c.year)
     ORDER BY c.unit_id, c.category;
    UPDATE budget_year_starts
       SET created = (SELECT count(*) FROM budget_lines WHERE start_id = NEW.id),
           skipped = (SELECT count(*) FROM budget_year_candidates WHERE year = NEW.year)
                     - (SELECT count(*) FROM budget_lines WHERE start_id = NEW.id)
     WHERE id = NEW.id;
END;

-- A reopening arriving in a bundle comes with the site's new status and its from_status.
DROP TRIGGER site_reopenings_run;
CREATE TRIGGER site_reopenings_run AFTER INSERT ON site_reopenings
WHEN (SELECT applying FROM sync_self) IS NULL
BEGIN
    UPDATE site_reopenings
       SET from_status = (SELECT status FROM demo_sites WHERE id = NEW.site_id)
     WHERE id = NEW.id;
    UPDATE demo_sites SET status = NEW.to_status, accepted_on = NULL, reopen_id = NEW.id,
                          status_on = NEW.reopened_on
     WHERE id = NEW.site_id;
END;

-- ---- who may name these tables in form and report SQL (migration 012) ---------------------------
-- The bundles and the conflicts are the administrators' (数据交换); the rest is the program's.
INSERT INTO table_access (name, access) VALUES
    ('sync_bundles', 'admin'),
    ('sync_conflicts', 'admin'),
    ('sync_self', 'internal'),
    ('sync_peers', 'internal');
