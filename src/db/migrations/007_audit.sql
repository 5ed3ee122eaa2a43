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
-- The triggers list every column of their table: a migration that adds a column to a ledger
-- table must recreate that table's three audit triggers.

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

-- ---- units --------------------------------------------------------------------------------------

CREATE TRIGGER units_audit_insert AFTER INSERT ON units
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'units', NEW.id, 'insert',
            json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name,
                'name_py', NEW.name_py, 'level', NEW.level, 'parent_id', NEW.parent_id,
                'secretary', NEW.secretary, 'phone', NEW.phone, 'notes', NEW.notes,
                'urban', NEW.urban));
END;

CREATE TRIGGER units_audit_update AFTER UPDATE ON units
WHEN OLD.id IS NOT NEW.id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR
     OLD.name_py IS NOT NEW.name_py OR OLD.level IS NOT NEW.level OR
     OLD.parent_id IS NOT NEW.parent_id OR OLD.secretary IS NOT NEW.secretary OR
     OLD.phone IS NOT NEW.phone OR OLD.notes IS NOT NEW.notes OR OLD.urban IS NOT NEW.urban
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'units', NEW.id, 'update',
            json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name,
                'name_py', OLD.name_py, 'level', OLD.level, 'parent_id', OLD.parent_id,
                'secretary', OLD.secretary, 'phone', OLD.phone, 'notes', OLD.notes,
                'urban', OLD.urban),
            json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name,
                'name_py', NEW.name_py, 'level', NEW.level, 'parent_id', NEW.parent_id,
                'secretary', NEW.secretary, 'phone', NEW.phone, 'notes', NEW.notes,
                'urban', NEW.urban));
END;

CREATE TRIGGER units_audit_delete AFTER DELETE ON units
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'units', OLD.id, 'delete',
            json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name,
                'name_py', OLD.name_py, 'level', OLD.level, 'parent_id', OLD.parent_id,
                'secretary', OLD.secretary, 'phone', OLD.phone, 'notes', OLD.notes,
                'urban', OLD.urban));
END;

-- ---- people -------------------------------------------------------------------------------------

CREATE TRIGGER people_audit_insert AFTER INSERT ON people
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'people', NEW.id, 'insert',
            json_object('id', NEW.id, 'name', NEW.name, 'name_py', NEW.name_py,
                'gender', NEW.gender, 'birth_date', NEW.birth_date, 'id_number', NEW.id_number,
                'phone', NEW.phone, 'unit_id', NEW.unit_id, 'post', NEW.post, 'notes', NEW.notes));
END;

CREATE TRIGGER people_audit_update AFTER UPDATE ON people
WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.name_py IS NOT NEW.name_py OR
     OLD.gender IS NOT NEW.gender OR OLD.birth_date IS NOT NEW.birth_date OR
     OLD.id_number IS NOT NEW.id_number OR OLD.phone IS NOT NEW.phone OR
     OLD.unit_id IS NOT NEW.unit_id OR OLD.post IS NOT NEW.post OR OLD.notes IS NOT NEW.notes
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'people', NEW.id, 'update',
            json_object('id', OLD.id, 'name', OLD.name, 'name_py', OLD.name_py,
                'gender', OLD.gender, 'birth_date', OLD.birth_date, 'id_number', OLD.id_number,
                'phone', OLD.phone, 'unit_id', OLD.unit_id, 'post', OLD.post, 'notes', OLD.notes),
            json_object('id', NEW.id, 'name', NEW.name, 'name_py', NEW.name_py,
                'gender', NEW.gender, 'birth_date', NEW.birth_date, 'id_number', NEW.id_number,
                'phone', NEW.phone, 'unit_id', NEW.unit_id, 'post', NEW.post, 'notes', NEW.notes));
END;

CREATE TRIGGER people_audit_delete AFTER DELETE ON people
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'people', OLD.id, 'delete',
            json_object('id', OLD.id, 'name', OLD.name, 'name_py', OLD.name_py,
                'gender', OLD.gender, 'birth_date', OLD.birth_date, 'id_number', OLD.id_number,
                'phone', OLD.phone, 'unit_id', OLD.unit_id, 'post', OLD.post, 'notes', OLD.notes));
END;

-- ---- contract_templates -------------------------------------------------------------------------

CREATE TRIGGER contract_templates_audit_insert AFTER INSERT ON contract_templates
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contract_templates', NEW.id, 'insert',
            json_object('id', NEW.id, 'name', NEW.name, 'notes', NEW.notes));
END;

CREATE TRIGGER contract_templates_audit_update AFTER UPDATE ON contract_templates
WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.notes IS NOT NEW.notes
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contract_templates', NEW.id, 'update',
            json_object('id', OLD.id, 'name', OLD.name, 'notes', OLD.notes),
            json_object('id', NEW.id, 'name', NEW.name, 'notes', NEW.notes));
END;

CREATE TRIGGER contract_templates_audit_delete AFTER DELETE ON contract_templates
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contract_templates', OLD.id, 'delete',
            json_object('id', OLD.id, 'name', OLD.name, 'notes', OLD.notes));
END;

-- ---- contract_template_items --------------------------------------------------------------------

CREATE TRIGGER contract_template_items_audit_insert AFTER INSERT ON contract_template_items
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1),
            'contract_template_items', NEW.id, 'insert',
            json_object('id', NEW.id, 'template_id', NEW.template_id, 'seq', NEW.seq,
                'section', NEW.section, 'content', NEW.content, 'target', NEW.target,
                'weight', NEW.weight, 'veto', NEW.veto));
END;

CREATE TRIGGER contract_template_items_audit_update AFTER UPDATE ON contract_template_items
WHEN OLD.id IS NOT NEW.id OR OLD.template_id IS NOT NEW.template_id OR OLD.seq IS NOT NEW.seq OR
     OLD.section IS NOT NEW.section OR OLD.content IS NOT NEW.content OR
     OLD.target IS NOT NEW.target OR OLD.weight IS NOT NEW.weight OR OLD.veto IS NOT NEW.veto
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1),
            'contract_template_items', NEW.id, 'update',
            json_object('id', OLD.id, 'template_id', OLD.template_id, 'seq', OLD.seq,
                'section', OLD.section, 'content', OLD.content, 'target', OLD.target,
                'weight', OLD.weight, 'veto', OLD.veto),
            json_object('id', NEW.id, 'template_id', NEW.template_id, 'seq', NEW.seq,
                'section', NEW.section, 'content', NEW.content, 'target', NEW.target,
                'weight', NEW.weight, 'veto', NEW.veto));
END;

CREATE TRIGGER contract_template_items_audit_delete AFTER DELETE ON contract_template_items
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1),
            'contract_template_items', OLD.id, 'delete',
            json_object('id', OLD.id, 'template_id', OLD.template_id, 'seq', OLD.seq,
                'section', OLD.section, 'content', OLD.content, 'target', OLD.target,
                'weight', OLD.weight, 'veto', OLD.veto));
END;

-- ---- template_issues ----------------------------------------------------------------------------

CREATE TRIGGER template_issues_audit_insert AFTER INSERT ON template_issues
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'template_issues', NEW.id, 'insert',
            json_object('id', NEW.id, 'template_id', NEW.template_id,
                'issuer_id', NEW.issuer_id, 'year', NEW.year, 'created', NEW.created,
                'skipped', NEW.skipped, 'issued_on', NEW.issued_on));
END;

CREATE TRIGGER template_issues_audit_update AFTER UPDATE ON template_issues
WHEN OLD.id IS NOT NEW.id OR OLD.template_id IS NOT NEW.template_id OR
     OLD.issuer_id IS NOT NEW.issuer_id OR OLD.year IS NOT NEW.year OR
     OLD.created IS NOT NEW.created OR OLD.skipped IS NOT NEW.skipped OR
     OLD.issued_on IS NOT NEW.issued_on
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'template_issues', NEW.id, 'update',
            json_object('id', OLD.id, 'template_id', OLD.template_id,
                'issuer_id', OLD.issuer_id, 'year', OLD.year, 'created', OLD.created,
                'skipped', OLD.skipped, 'issued_on', OLD.issued_on),
            json_object('id', NEW.id, 'template_id', NEW.template_id,
                'issuer_id', NEW.issuer_id, 'year', NEW.year, 'created', NEW.created,
                'skipped', NEW.skipped, 'issued_on', NEW.issued_on));
END;

CREATE TRIGGER template_issues_audit_delete AFTER DELETE ON template_issues
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'template_issues', OLD.id, 'delete',
            json_object('id', OLD.id, 'template_id', OLD.template_id,
                'issuer_id', OLD.issuer_id, 'year', OLD.year, 'created', OLD.created,
                'skipped', OLD.skipped, 'issued_on', OLD.issued_on));
END;

-- ---- contracts ----------------------------------------------------------------------------------

CREATE TRIGGER contracts_audit_insert AFTER INSERT ON contracts
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contracts', NEW.id, 'insert',
            json_object('id', NEW.id, 'year', NEW.year, 'issuer_id', NEW.issuer_id,
                'signer_id', NEW.signer_id, 'signatory', NEW.signatory,
                'signed_on', NEW.signed_on, 'status', NEW.status, 'issue_id', NEW.issue_id,
                'notes', NEW.notes));
END;

CREATE TRIGGER contracts_audit_update AFTER UPDATE ON contracts
WHEN OLD.id IS NOT NEW.id OR OLD.year IS NOT NEW.year OR OLD.issuer_id IS NOT NEW.issuer_id OR
     OLD.signer_id IS NOT NEW.signer_id OR OLD.signatory IS NOT NEW.signatory OR
     OLD.signed_on IS NOT NEW.signed_on OR OLD.status IS NOT NEW.status OR
     OLD.issue_id IS NOT NEW.issue_id OR OLD.notes IS NOT NEW.notes
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contracts', NEW.id, 'update',
            json_object('id', OLD.id, 'year', OLD.year, 'issuer_id', OLD.issuer_id,
                'signer_id', OLD.signer_id, 'signatory', OLD.signatory,
                'signed_on', OLD.signed_on, 'status', OLD.status, 'issue_id', OLD.issue_id,
                'notes', OLD.notes),
            json_object('id', NEW.id, 'year', NEW.year, 'issuer_id', NEW.issuer_id,
                'signer_id', NEW.signer_id, 'signatory', NEW.signatory,
                'signed_on', NEW.signed_on, 'status', NEW.status, 'issue_id', NEW.issue_id,
                'notes', NEW.notes));
END;

CREATE TRIGGER contracts_audit_delete AFTER DELETE ON contracts
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contracts', OLD.id, 'delete',
            json_object('id', OLD.id, 'year', OLD.year, 'issuer_id', OLD.issuer_id,
                'signer_id', OLD.signer_id, 'signatory', OLD.signatory,
                'signed_on', OLD.signed_on, 'status', OLD.status, 'issue_id', OLD.issue_id,
                'notes', OLD.notes));
END;

-- ---- contract_items -----------------------------------------------------------------------------

CREATE TRIGGER contract_items_audit_insert AFTER INSERT ON contract_items
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contract_items', NEW.id, 'insert',
            json_object('id', NEW.id, 'contract_id', NEW.contract_id, 'seq', NEW.seq,
                'section', NEW.section, 'content', NEW.content, 'target', NEW.target,
                'weight', NEW.weight, 'veto', NEW.veto, 'score_mid', NEW.score_mid,
                'score_final', NEW.score_final, 'remark', NEW.remark));
END;

CREATE TRIGGER contract_items_audit_update AFTER UPDATE ON contract_items
WHEN OLD.id IS NOT NEW.id OR OLD.contract_id IS NOT NEW.contract_id OR OLD.seq IS NOT NEW.seq OR
     OLD.section IS NOT NEW.section OR OLD.content IS NOT NEW.content OR
     OLD.target IS NOT NEW.target OR OLD.weight IS NOT NEW.weight OR OLD.veto IS NOT NEW.veto OR
     OLD.score_mid IS NOT NEW.score_mid OR OLD.score_final IS NOT NEW.score_final OR
     OLD.remark IS NOT NEW.remark
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contract_items', NEW.id, 'update',
            json_object('id', OLD.id, 'contract_id', OLD.contract_id, 'seq', OLD.seq,
                'section', OLD.section, 'content', OLD.content, 'target', OLD.target,
                'weight', OLD.weight, 'veto', OLD.veto, 'score_mid', OLD.score_mid,
                'score_final', OLD.score_final, 'remark', OLD.remark),
            json_object('id', NEW.id, 'contract_id', NEW.contract_id, 'seq', NEW.seq,
                'section', NEW.section, 'content', NEW.content, 'target', NEW.target,
                'weight', NEW.weight, 'veto', NEW.veto, 'score_mid', NEW.score_mid,
                'score_final', NEW.score_final, 'remark', NEW.remark));
END;

CREATE TRIGGER contract_items_audit_delete AFTER DELETE ON contract_items
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'contract_items', OLD.id, 'delete',
            json_object('id', OLD.id, 'contract_id', OLD.contract_id, 'seq', OLD.seq,
                'section', OLD.section, 'content', OLD.content, 'target', OLD.target,
                'weight', OLD.weight, 'veto', OLD.veto, 'score_mid', OLD.score_mid,
                'score_final', OLD.score_final, 'remark', OLD.remark));
END;

-- ---- demo_sites ---------------------------------------------------------------------------------

CREATE TRIGGER demo_sites_audit_insert AFTER INSERT ON demo_sites
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'demo_sites', NEW.id, 'insert',
            json_object('id', NEW.id, 'name', NEW.name, 'name_py', NEW.name_py,
                'unit_id', NEW.unit_id, 'leader_id', NEW.leader_id, 'category', NEW.category,
                'level', NEW.level, 'founded_year', NEW.founded_year, 'status', NEW.status,
                'accepted_on', NEW.accepted_on, 'notes', NEW.notes, 'reopen_id', NEW.reopen_id));
END;

CREATE TRIGGER demo_sites_audit_update AFTER UPDATE ON demo_sites
WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.name_py IS NOT NEW.name_py OR
     OLD.unit_id IS NOT NEW.unit_id OR OLD.leader_id IS NOT NEW.leader_id OR
     OLD.category IS NOT NEW.category OR OLD.level IS NOT NEW.level OR
     OLD.founded_year IS NOT NEW.founded_year OR OLD.status IS NOT NEW.status OR
     OLD.accepted_on IS NOT NEW.accepted_on OR OLD.notes IS NOT NEW.notes OR
     OLD.reopen_id IS NOT NEW.reopen_id
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'demo_sites', NEW.id, 'update',
            json_object('id', OLD.id, 'name', OLD.name, 'name_py', OLD.name_py,
                'unit_id', OLD.unit_id, 'leader_id', OLD.leader_id, 'category', OLD.category,
                'level', OLD.level, 'founded_year', OLD.founded_year, 'status', OLD.status,
                'accepted_on', OLD.accepted_on, 'notes', OLD.notes, 'reopen_id', OLD.reopen_id),
            json_object('id', NEW.id, 'name', NEW.name, 'name_py', NEW.name_py,
                'unit_id', NEW.unit_id, 'leader_id', NEW.leader_id, 'category', NEW.category,
                'level', NEW.level, 'founded_year', NEW.founded_year, 'status', NEW.status,
                'accepted_on', NEW.accepted_on, 'notes', NEW.notes, 'reopen_id', NEW.reopen_id));
END;

CREATE TRIGGER demo_sites_audit_delete AFTER DELETE ON demo_sites
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'demo_sites', OLD.id, 'delete',
            json_object('id', OLD.id, 'name', OLD.name, 'name_py', OLD.name_py,
                'unit_id', OLD.unit_id, 'leader_id', OLD.leader_id, 'category', OLD.category,
                'level', OLD.level, 'founded_year', OLD.founded_year, 'status', OLD.status,
                'accepted_on', OLD.accepted_on, 'notes', OLD.notes, 'reopen_id', OLD.reopen_id));
END;

-- ---- site_reopenings ----------------------------------------------------------------------------

CREATE TRIGGER site_reopenings_audit_insert AFTER INSERT ON site_reopenings
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'site_reopenings', NEW.id, 'insert',
            json_object('id', NEW.id, 'site_id', NEW.site_id, 'reason', NEW.reason,
                'to_status', NEW.to_status, 'from_status', NEW.from_status,
                'reopened_on', NEW.reopened_on));
END;

CREATE TRIGGER site_reopenings_audit_update AFTER UPDATE ON site_reopenings
WHEN OLD.id IS NOT NEW.id OR OLD.site_id IS NOT NEW.site_id OR OLD.reason IS NOT NEW.reason OR
     OLD.to_status IS NOT NEW.to_status OR OLD.from_status IS NOT NEW.from_status OR
     OLD.reopened_on IS NOT NEW.reopened_on
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'site_reopenings', NEW.id, 'update',
            json_object('id', OLD.id, 'site_id', OLD.site_id, 'reason', OLD.reason,
                'to_status', OLD.to_status, 'from_status', OLD.from_status,
                'reopened_on', OLD.reopened_on),
            json_object('id', NEW.id, 'site_id', NEW.site_id, 'reason', NEW.reason,
                'to_status', NEW.to_status, 'from_status', NEW.from_status,
                'reopened_on', NEW.reopened_on));
END;

CREATE TRIGGER site_reopenings_audit_delete AFTER DELETE ON site_reopenings
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'site_reopenings', OLD.id, 'delete',
            json_object('id', OLD.id, 'site_id', OLD.site_id, 'reason', OLD.reason,
                'to_status', OLD.to_status, 'from_status', OLD.from_status,
                'reopened_on', OLD.reopened_on));
END;

-- ---- assignments --------------------------------------------------------------------------------

CREATE TRIGGER assignments_audit_insert AFTER INSERT ON assignments
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'assignments', NEW.id, 'insert',
            json_object('id', NEW.id, 'person_id', NEW.person_id, 'role', NEW.role,
                'unit_id', NEW.unit_id, 'sending_unit_id', NEW.sending_unit_id,
                'start_on', NEW.start_on, 'end_on', NEW.end_on, 'status', NEW.status,
                'notes', NEW.notes));
END;

CREATE TRIGGER assignments_audit_update AFTER UPDATE ON assignments
WHEN OLD.id IS NOT NEW.id OR OLD.person_id IS NOT NEW.person_id OR OLD.role IS NOT NEW.role OR
     OLD.unit_id IS NOT NEW.unit_id OR OLD.sending_unit_id IS NOT NEW.sending_unit_id OR
     OLD.start_on IS NOT NEW.start_on OR OLD.end_on IS NOT NEW.end_on OR
     OLD.status IS NOT NEW.status OR OLD.notes IS NOT NEW.notes
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'assignments', NEW.id, 'update',
            json_object('id', OLD.id, 'person_id', OLD.person_id, 'role', OLD.role,
                'unit_id', OLD.unit_id, 'sending_unit_id', OLD.sending_unit_id,
                'start_on', OLD.start_on, 'end_on', OLD.end_on, 'status', OLD.status,
                'notes', OLD.notes),
            json_object('id', NEW.id, 'person_id', NEW.person_id, 'role', NEW.role,
                'unit_id', NEW.unit_id, 'sending_unit_id', NEW.sending_unit_id,
                'start_on', NEW.start_on, 'end_on', NEW.end_on, 'status', NEW.status,
                'notes', NEW.notes));
END;

CREATE TRIGGER assignments_audit_delete AFTER DELETE ON assignments
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'assignments', OLD.id, 'delete',
            json_object('id', OLD.id, 'person_id', OLD.person_id, 'role', OLD.role,
                'unit_id', OLD.unit_id, 'sending_unit_id', OLD.sending_unit_id,
                'start_on', OLD.start_on, 'end_on', OLD.end_on, 'status', OLD.status,
                'notes', OLD.notes));
END;

-- ---- budget_standards ---------------------------------------------------------------------------

CREATE TRIGGER budget_standards_audit_insert AFTER INSERT ON budget_standards
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_standards', NEW.id, 'insert',
            json_object('id', NEW.id, 'category', NEW.category, 'unit_level', NEW.unit_level,
                'urban', NEW.urban, 'amount_fen', NEW.amount_fen, 'from_year', NEW.from_year,
                'notes', NEW.notes));
END;

CREATE TRIGGER budget_standards_audit_update AFTER UPDATE ON budget_standards
WHEN OLD.id IS NOT NEW.id OR OLD.category IS NOT NEW.category OR
     OLD.unit_level IS NOT NEW.unit_level OR OLD.urban IS NOT NEW.urban OR
     OLD.amount_fen IS NOT NEW.amount_fen OR OLD.from_year IS NOT NEW.from_year OR
     OLD.notes IS NOT NEW.notes
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_standards', NEW.id, 'update',
            json_object('id', OLD.id, 'category', OLD.category, 'unit_level', OLD.unit_level,
                'urban', OLD.urban, 'amount_fen', OLD.amount_fen, 'from_year', OLD.from_year,
                'notes', OLD.notes),
            json_object('id', NEW.id, 'category', NEW.category, 'unit_level', NEW.unit_level,
                'urban', NEW.urban, 'amount_fen', NEW.amount_fen, 'from_year', NEW.from_year,
                'notes', NEW.notes));
END;

CREATE TRIGGER budget_standards_audit_delete AFTER DELETE ON budget_standards
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_standards', OLD.id, 'delete',
            json_object('id', OLD.id, 'category', OLD.category, 'unit_level', OLD.unit_level,
                'urban', OLD.urban, 'amount_fen', OLD.amount_fen, 'from_year', OLD.from_year,
                'notes', OLD.notes));
END;

-- ---- budget_year_starts -------------------------------------------------------------------------

CREATE TRIGGER budget_year_starts_audit_insert AFTER INSERT ON budget_year_starts
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_year_starts', NEW.id, 'insert',
            json_object('id', NEW.id, 'year', NEW.year, 'created', NEW.created,
                'skipped', NEW.skipped, 'started_on', NEW.started_on));
END;

CREATE TRIGGER budget_year_starts_audit_update AFTER UPDATE ON budget_year_starts
WHEN OLD.id IS NOT NEW.id OR OLD.year IS NOT NEW.year OR OLD.created IS NOT NEW.created OR
     OLD.skipped IS NOT NEW.skipped OR OLD.started_on IS NOT NEW.started_on
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_year_starts', NEW.id, 'update',
            json_object('id', OLD.id, 'year', OLD.year, 'created', OLD.created,
                'skipped', OLD.skipped, 'started_on', OLD.started_on),
            json_object('id', NEW.id, 'year', NEW.year, 'created', NEW.created,
                'skipped', NEW.skipped, 'started_on', NEW.started_on));
END;

CREATE TRIGGER budget_year_starts_audit_delete AFTER DELETE ON budget_year_starts
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_year_starts', OLD.id, 'delete',
            json_object('id', OLD.id, 'year', OLD.year, 'created', OLD.created,
                'skipped', OLD.skipped, 'started_on', OLD.started_on));
END;

-- ---- budget_lines -------------------------------------------------------------------------------

CREATE TRIGGER budget_lines_audit_insert AFTER INSERT ON budget_lines
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_lines', NEW.id, 'insert',
            json_object('id', NEW.id, 'year', NEW.year, 'unit_id', NEW.unit_id,
                'category', NEW.category, 'source', NEW.source,
                'budgeted_fen', NEW.budgeted_fen, 'notes', NEW.notes, 'start_id', NEW.start_id));
END;

CREATE TRIGGER budget_lines_audit_update AFTER UPDATE ON budget_lines
WHEN OLD.id IS NOT NEW.id OR OLD.year IS NOT NEW.year OR OLD.unit_id IS NOT NEW.unit_id OR
     OLD.category IS NOT NEW.category OR OLD.source IS NOT NEW.source OR
     OLD.budgeted_fen IS NOT NEW.budgeted_fen OR OLD.notes IS NOT NEW.notes OR
     OLD.start_id IS NOT NEW.start_id
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_lines', NEW.id, 'update',
            json_object('id', OLD.id, 'year', OLD.year, 'unit_id', OLD.unit_id,
                'category', OLD.category, 'source', OLD.source,
                'budgeted_fen', OLD.budgeted_fen, 'notes', OLD.notes, 'start_id', OLD.start_id),
            json_object('id', NEW.id, 'year', NEW.year, 'unit_id', NEW.unit_id,
                'category', NEW.category, 'source', NEW.source,
                'budgeted_fen', NEW.budgeted_fen, 'notes', NEW.notes, 'start_id', NEW.start_id));
END;

CREATE TRIGGER budget_lines_audit_delete AFTER DELETE ON budget_lines
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'budget_lines', OLD.id, 'delete',
            json_object('id', OLD.id, 'year', OLD.year, 'unit_id', OLD.unit_id,
                'category', OLD.category, 'source', OLD.source,
                'budgeted_fen', OLD.budgeted_fen, 'notes', OLD.notes, 'start_id', OLD.start_id));
END;

-- ---- disbursements ------------------------------------------------------------------------------

CREATE TRIGGER disbursements_audit_insert AFTER INSERT ON disbursements
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'disbursements', NEW.id, 'insert',
            json_object('id', NEW.id, 'line_id', NEW.line_id, 'paid_on', NEW.paid_on,
                'amount_fen', NEW.amount_fen, 'voucher_no', NEW.voucher_no, 'note', NEW.note));
END;

CREATE TRIGGER disbursements_audit_update AFTER UPDATE ON disbursements
WHEN OLD.id IS NOT NEW.id OR OLD.line_id IS NOT NEW.line_id OR OLD.paid_on IS NOT NEW.paid_on OR
     OLD.amount_fen IS NOT NEW.amount_fen OR OLD.voucher_no IS NOT NEW.voucher_no OR
     OLD.note IS NOT NEW.note
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'disbursements', NEW.id, 'update',
            json_object('id', OLD.id, 'line_id', OLD.line_id, 'paid_on', OLD.paid_on,
                'amount_fen', OLD.amount_fen, 'voucher_no', OLD.voucher_no, 'note', OLD.note),
            json_object('id', NEW.id, 'line_id', NEW.line_id, 'paid_on', NEW.paid_on,
                'amount_fen', NEW.amount_fen, 'voucher_no', NEW.voucher_no, 'note', NEW.note));
END;

CREATE TRIGGER disbursements_audit_delete AFTER DELETE ON disbursements
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'disbursements', OLD.id, 'delete',
            json_object('id', OLD.id, 'line_id', OLD.line_id, 'paid_on', OLD.paid_on,
                'amount_fen', OLD.amount_fen, 'voucher_no', OLD.voucher_no, 'note', OLD.note));
END;

-- ---- settings -----------------------------------------------------------------------------------

CREATE TRIGGER settings_audit_insert AFTER INSERT ON settings
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'settings', NEW.id, 'insert',
            json_object('id', NEW.id, 'org_name', NEW.org_name, 'preparer', NEW.preparer,
                'reviewer', NEW.reviewer, 'phone', NEW.phone,
                'print_command', NEW.print_command, 'page_width', NEW.page_width,
                'page_length', NEW.page_length));
END;

CREATE TRIGGER settings_audit_update AFTER UPDATE ON settings
WHEN OLD.id IS NOT NEW.id OR OLD.org_name IS NOT NEW.org_name OR OLD.preparer IS NOT NEW.preparer OR
     OLD.reviewer IS NOT NEW.reviewer OR OLD.phone IS NOT NEW.phone OR
     OLD.print_command IS NOT NEW.print_command OR OLD.page_width IS NOT NEW.page_width OR
     OLD.page_length IS NOT NEW.page_length
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values, new_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'settings', NEW.id, 'update',
            json_object('id', OLD.id, 'org_name', OLD.org_name, 'preparer', OLD.preparer,
                'reviewer', OLD.reviewer, 'phone', OLD.phone,
                'print_command', OLD.print_command, 'page_width', OLD.page_width,
                'page_length', OLD.page_length),
            json_object('id', NEW.id, 'org_name', NEW.org_name, 'preparer', NEW.preparer,
                'reviewer', NEW.reviewer, 'phone', NEW.phone,
                'print_command', NEW.print_command, 'page_width', NEW.page_width,
                'page_length', NEW.page_length));
END;

CREATE TRIGGER settings_audit_delete AFTER DELETE ON settings
BEGIN
    INSERT INTO audit_log (login, tbl, row_id, action, old_values)
    VALUES ((SELECT login FROM audit_actor WHERE id = 1), 'settings', OLD.id, 'delete',
            json_object('id', OLD.id, 'org_name', OLD.org_name, 'preparer', OLD.preparer,
                'reviewer', OLD.reviewer, 'phone', OLD.phone,
                'print_command', OLD.print_command, 'page_width', OLD.page_width,
                'page_length', OLD.page_length));
END;

