-- 004 — drafts: what a clerk had typed in a form when the session was cut off (SIGHUP, a
-- dropped SSH connection, a terminal closed), kept so the form can offer it back next time.
-- One draft per form and record (record_id 0: a new record); values as a JSON array of the
-- form's fields in order, as typed (not yet checked).
CREATE TABLE drafts (
    form      TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    data      TEXT NOT NULL CONSTRAINT "草稿内容应为 JSON 数组" CHECK (json_type(data) = 'array'),
    saved_at  TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    PRIMARY KEY (form, record_id)
);
