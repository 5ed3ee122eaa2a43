-- 005 — settings (设置): what the reports print about the office that sends them — the
-- reporting unit (填报单位), who filled the form in (填表人), who checked it (审核人), a phone
-- number — and how printed summaries reach paper: the print command (text on its standard
-- input, `lp` by default) and the page size in display columns and lines. One row, always.
CREATE TABLE settings (
    id            INTEGER PRIMARY KEY CONSTRAINT "设置只有一行" CHECK (id = 1),
    org_name      TEXT,
    preparer      TEXT,
    reviewer      TEXT,
    phone         TEXT,
    print_command TEXT NOT NULL DEFAULT 'lp'
                  CONSTRAINT "打印命令不能为空" CHECK (length(trim(print_command)) > 0),
    page_width    INTEGER NOT NULL DEFAULT 80
                  CONSTRAINT "每行宽度应在 40 至 250 列之间" CHECK (page_width BETWEEN 40 AND 250),
    page_length   INTEGER NOT NULL DEFAULT 60
                  CONSTRAINT "每页行数应在 20 至 200 行之间" CHECK (page_length BETWEEN 20 AND 200)
);
INSERT INTO settings (id) VALUES (1);

CREATE TRIGGER settings_keep BEFORE DELETE ON settings
BEGIN
    SELECT RAISE(ABORT, '设置不能删除，只能修改');
END;
