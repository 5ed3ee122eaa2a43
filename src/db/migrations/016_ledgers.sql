-- 016 — every table declared once: table_access is the one registry of what each table is.
--
--   access   ledger    rows of one township (or of none: the city's), scope says which;
--            derived   totals, histories and search n-grams kept by triggers from the ledgers, never
--                      typed, so not audited; read by their own township_id or their ledger's;
--            shared    rows of no township (templates, standards, settings): every clerk reads them;
--            internal  the program's own, never named by SQL of form or report files (drafts);
--            admin     read by administrators only (users, the change history).
--   scope    for a ledger, how a row names its township (the view <table>_scope is made from it):
--              unit COL        the township of the unit in COL (itself for a township, the parent
--                              for a village or community, none for the city or a department);
--              row COL TABLE   the township of the row of TABLE in COL (an item, its contract);
--              township COL    COL holds the township's id;
--              sql EXPR        an expression over the row `t` (contracts: signer or issuer).
--   audited  1: insert, update and delete write audit_log (the triggers of 007's design).
--   unaudited  columns left out of an audited table's triggers, comma list: those derived from
--            the audited ones (a name's full form and pinyin sort keys, migration 010).
--   title, title_en  the table's name for clerks (the change history shows it).
--
-- The audit triggers (<table>_audit_insert, _update, _delete) and the scope views are never
-- written by hand: after the migrations, the db layer (src/db/ledgers.c) makes each one that is
-- missing or differs from what the declaration and the table's columns give, so a column added
-- by a later migration is audited with no more work. `taizhang check` refuses a table that is
-- not declared, and a declared one whose triggers or view are missing or out of date.
--
-- A migration that adds a table adds its row here. The table may already exist with its first
-- two columns (name, access) when the access rules came first: it is rebuilt with the rest.

CREATE TABLE IF NOT EXISTS table_access (name TEXT PRIMARY KEY, access TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE table_access_new (
    name     TEXT PRIMARY KEY
             CONSTRAINT "表名只能由字母、数字和下划线组成"
             CHECK (name <> '' AND name NOT GLOB '*[^A-Za-z0-9_]*' AND name NOT GLOB '[0-9]*'),
    access   TEXT NOT NULL DEFAULT 'ledger'
             CONSTRAINT "访问类别应为 ledger、derived、shared、internal 或 admin"
             CHECK (access IN ('ledger', 'derived', 'shared', 'internal', 'admin')),
    scope    TEXT
             CONSTRAINT "台账（ledger）须写明范围，其他类别不写"
             CHECK ((access = 'ledger') = (scope IS NOT NULL)),
    audited  INTEGER NOT NULL DEFAULT 1
             CONSTRAINT "是否记录修改应为 0 或 1" CHECK (audited IN (0, 1)),
    unaudited TEXT
             CONSTRAINT "不记录的列应为逗号分隔的列名"
             CHECK (unaudited NOT GLOB '*[^A-Za-z0-9_, ]*'),
    title    TEXT,
    title_en TEXT
) WITHOUT ROWID;
INSERT INTO table_access_new (name, access, audited)
SELECT name, access, 0 FROM table_access WHERE access <> 'ledger';
DROP TABLE table_access;
ALTER TABLE table_access_new RENAME TO table_access;

INSERT OR REPLACE INTO table_access (name, access, scope, audited, title, title_en) VALUES
    ('units', 'ledger', 'unit id', 1, '组织机构', 'Units'),
    ('people', 'ledger', 'unit unit_id', 1, '人员', 'People'),
    ('contract_templates', 'shared', NULL, 1, '责任状模板', 'Contract templates'),
    ('contract_template_items', 'shared', NULL, 1, '模板内容', 'Template items'),
    ('template_issues', 'ledger', 'unit issuer_id', 1, '下发责任状', 'Template issues'),
    ('contracts', 'ledger',
     'sql CASE (SELECT level FROM units WHERE id = t.signer_id) WHEN ''township'' THEN t.signer_id ELSE t.issuer_id END',
     1, '责任状', 'Contracts'),
    ('contract_items', 'ledger', 'row contract_id contracts', 1, '责任内容', 'Contract items'),
    ('demo_sites', 'ledger', 'unit unit_id', 1, '示范点', 'Demonstration sites'),
    ('site_reopenings', 'ledger', 'row site_id demo_sites', 1, '示范点重新打开', 'Site reopenings'),
    ('assignments', 'ledger', 'unit unit_id', 1, '驻点干部', 'Postings'),
    ('budget_standards', 'shared', NULL, 1, '经费标准', 'Budget standards'),
    ('budget_year_starts', 'shared', NULL, 1, '开始新年度', 'Budget years'),
    ('budget_lines', 'ledger', 'unit unit_id', 1, '经费预算', 'Budget lines'),
    ('disbursements', 'ledger', 'row line_id budget_lines', 1, '拨付记录', 'Disbursements'),
    ('settings', 'shared', NULL, 1, '设置', 'Settings'),
    ('township_headers', 'ledger', 'township township_id', 1, '乡镇填报单位', 'Township report headers'),
    ('users', 'admin', NULL, 0, '用户', 'Users'),
    ('audit_log', 'admin', NULL, 0, '修改记录', 'Change history'),
    ('audit_actor', 'internal', NULL, 0, NULL, NULL),
    ('drafts', 'internal', NULL, 0, NULL, NULL),
    ('table_access', 'internal', NULL, 0, NULL, NULL),
    ('gram_positions', 'derived', NULL, 0, NULL, NULL),
    ('people_name_grams', 'derived', NULL, 0, NULL, NULL),
    ('units_name_grams', 'derived', NULL, 0, NULL, NULL),
    ('contract_totals', 'derived', NULL, 0, NULL, NULL),
    ('township_contract_totals', 'derived', NULL, 0, NULL, NULL),
    ('township_budget_totals', 'derived', NULL, 0, NULL, NULL),
    ('site_statuses', 'derived', NULL, 0, NULL, NULL);

UPDATE table_access SET unaudited = 'full_name, name_key, full_key' WHERE name = 'units';
UPDATE table_access SET unaudited = 'name_key' WHERE name = 'people';
