-- 012 — which tables SQL from form, menu and report files may name (src/db/guard.c).
--
-- Form and report files are text a clerk can copy and edit; their SQL (a form's table and view,
-- a lookup's where, a report's queries) runs under an authorizer that reads this table:
--   admin     read only by the forms that edit such a table (users, the change history), and
--             only when an administrator is signed in;
--   internal  never named by form or report SQL (written by the program and its triggers);
--   shared    rows that belong to no township (templates, standards, settings): a township's
--             clerk reads them all.
-- A table not listed here is a ledger: a township's clerk reads it only through its scope
-- (a township_id column, or the view <table>_scope of migration 006).
-- The sqlite_* tables are always internal.

CREATE TABLE table_access (
    name   TEXT PRIMARY KEY,
    access TEXT NOT NULL CONSTRAINT "访问类别应为 admin、internal 或 shared"
                         CHECK (access IN ('admin', 'internal', 'shared'))
) WITHOUT ROWID;

INSERT INTO table_access (name, access) VALUES
    ('users', 'admin'),
    ('audit_log', 'admin'),
    ('audit_actor', 'internal'),
    ('drafts', 'internal'),
    ('table_access', 'internal'),
    ('contract_templates', 'shared'),
    ('contract_template_items', 'shared'),
    ('budget_standards', 'shared'),
    ('budget_year_starts', 'shared'),
    ('settings', 'shared');
