-- 006 — users (用户): who may sign in, with what role, over which part of the city.
--   admin  管理员  everything, city-wide; the only role that manages users and settings
--   clerk  录入员  keeps the ledgers of its scope: the whole city (unit_id NULL) or one township
--   viewer 查看员  reads and exports its scope, changes nothing
-- Passwords are stored only as yescrypt hashes (libcrypt); five failed attempts in a row lock
-- the account until locked_until. must_change makes the clerk choose a new password at the
-- next sign-in (after an admin set a temporary one).
-- A township's rows are those whose <table>_scope view names that township (made from the
-- table's declaration, migration 016); rows of no
-- township (the city, its departments, their people) are read by every clerk and changed only
-- by city-wide ones. The db layer applies these views to every list, record and report.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE
                  CONSTRAINT "登录名应为 2–32 个字母、数字、下划线、点或横线"
                  CHECK (length(login) BETWEEN 2 AND 32 AND login NOT GLOB '*[^A-Za-z0-9_.-]*'),
    name          TEXT NOT NULL CONSTRAINT "姓名不能为空" CHECK (length(trim(name)) > 0),
    role          TEXT NOT NULL DEFAULT 'clerk'
                  CONSTRAINT "角色应为管理员、录入员或查看员" CHECK (role IN ('admin', 'clerk', 'viewer')),
    unit_id       INTEGER REFERENCES units(id),
    password_hash TEXT,
    failed        INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    must_change   INTEGER NOT NULL DEFAULT 1
                  CONSTRAINT "须改密码应为是或否" CHECK (must_change IN (0, 1)),
    created_on    TEXT NOT NULL DEFAULT (date('now'))
);

CREATE TRIGGER users_scope_insert BEFORE INSERT ON users
BEGIN
    SELECT RAISE(ABORT, '用户的范围只能是全市或一个乡镇/街道')
     WHERE NEW.unit_id IS NOT NULL
       AND (SELECT level FROM units WHERE id = NEW.unit_id) IS NOT 'township';
    SELECT RAISE(ABORT, '管理员的范围是全市，不能限于一个乡镇')
     WHERE NEW.role = 'admin' AND NEW.unit_id IS NOT NULL;
END;

CREATE TRIGGER users_scope_update BEFORE UPDATE OF unit_id, role ON users
BEGIN
    SELECT RAISE(ABORT, '用户的范围只能是全市或一个乡镇/街道')
     WHERE NEW.unit_id IS NOT NULL
       AND (SELECT level FROM units WHERE id = NEW.unit_id) IS NOT 'township';
    SELECT RAISE(ABORT, '管理员的范围是全市，不能限于一个乡镇')
     WHERE NEW.role = 'admin' AND NEW.unit_id IS NOT NULL;
    SELECT RAISE(ABORT, '至少要保留一个管理员')
     WHERE OLD.role = 'admin' AND NEW.role <> 'admin'
       AND (SELECT count(*) FROM users WHERE role = 'admin') = 1;
END;

CREATE TRIGGER users_keep_admin BEFORE DELETE ON users
WHEN OLD.role = 'admin'
BEGIN
    SELECT RAISE(ABORT, '至少要保留一个管理员')
     WHERE (SELECT count(*) FROM users WHERE role = 'admin') = 1;
END;

-- Drafts now belong to the clerk who typed them (login; '' before sign-in existed).
CREATE TABLE drafts_new (
    form      TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    login     TEXT NOT NULL DEFAULT '',
    data      TEXT NOT NULL CONSTRAINT "草稿内容应为 JSON 数组" CHECK (json_type(data) = 'array'),
    saved_at  TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    PRIMARY KEY (form, record_id, login)
);
INSERT INTO drafts_new (form, record_id, data, saved_at) SELECT form, record_id, data, saved_at FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_new RENAME TO drafts;

