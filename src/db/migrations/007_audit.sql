-- 007 — the audit trail (修改记录): every insert, update and delete on a ledger table writes
-- one row into audit_log — when, who, which table and row, what it did, and the row's values
-- before and after as JSON objects of every column. Triggers write it, so changes made outside
-- taizhang (the sqlite3 command line, a script) are recorded too, with no login.
--
-- Who: audit_actor holds one row. At the start of each write transaction the db layer sets
-- its login to the signed-in clerk's, and back to NULL before COMMIT. SQLite lets one writer
-- in at a time, so while a trigger runs that row names whoever is writing — or is NULL when
-- the writer is not taizhang. The audit triggers read it as a subquery.
--
-- What is recorded: an update only when some column actually changed (saving an unchanged
-- form writes nothing); a batch (下发责任状, 开始新年度) one row per row it creates, as
-- well as the action row itself. Not audited: drafts (work in progress), audit_actor, the log
-- itself, and users (to be audited by a migration of its own). The log only grows: its rows
-- can be neither changed nor deleted. JSON cannot hold a BLOB, so a ledger column given one
-- (only possible from outside taizhang) is refused by these triggers.
--
-- The triggers themselves (<table>_audit_insert, _update, _delete, each listing every column of
-- its table) are not written here: they are made from each table's declaration in
-- table_access (migration 016) by src/db/ledgers.c, and made again when a column is added.

CREATE TABLE audit_actor (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    login TEXT                -- the clerk writing now; NULL outside a taizhang write
);
INSERT INTO audit_actor (id) VALUES (1);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')),
    login      TEXT,          -- who (audit_actor.login at the time); NULL: outside taizhang
    tbl        TEXT NOT NULL, -- the ledger table
    row_id     INTEGER NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    old_values TEXT,          -- json_object of every column before; NULL for an insert
    new_values TEXT           -- json_object of every column after; NULL for a delete
);
CREATE INDEX audit_log_row ON audit_log(tbl, row_id);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '修改记录不能更改或删除');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '修改记录不能更改或删除');
END;

