-- 010 — what clerks meet every day: a village or community named with its township wherever it
-- is shown; names in pinyin order; every list that offers a search by pinyin initials searched
-- so; one name per village within a township; refusals that name what they conflict with;
-- batches that say what they will do and can be withdrawn.
--
-- ---- a unit's full name -----------------------------------------------------------------------
-- Village names repeat across townships, so a village or community is shown as “龙溪镇 竹坪村”
-- in every list, picker, lookup and prompt: units.full_name, the units form's display column,
-- kept by the triggers below whatever writes the units (taizhang, a script, the sqlite3 command
-- line). The city, townships and departments are named by their name alone. Kept rather than
-- derived in a view so that the units list keeps reading the table itself (its n-gram search
-- counts from the n-gram table alone), and so that a lookup column shows it at one read.
-- Not in the audit trail: derived, like name_py's grams; the name and parent it comes from are.

ALTER TABLE units ADD COLUMN full_name TEXT;

-- ---- names in pinyin order ------------------------------------------------------------------------
-- Lists sort Chinese names by their readings (阿 < 白 < 陈), as a spreadsheet does. A collation
-- registered by taizhang would do it in ORDER BY, but an index or trigger naming it makes
-- every write to the table fail in the sqlite3 command line ("no such collation sequence"),
-- which must keep working. So each name has a stored sort key (tz_pinyin_sort_key: its
-- readings, syllable by syllable) which the list orders by and an index serves: written by
-- taizhang with the name, '' until then (rows written elsewhere: taizhang fills them when a
-- list opens, as it fills name_py), and reset to '' below when the name is changed elsewhere.
-- NOT NULL so that the index serves the list's keyset paging. Not audited: derived from the
-- audited name, like full_name.
ALTER TABLE units ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN full_key TEXT NOT NULL DEFAULT '';  -- full_name's, from name_keys
ALTER TABLE people ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX people_name_key ON people(name_key);
CREATE INDEX units_name_key ON units(name_key);

CREATE TRIGGER people_name_key_stale AFTER UPDATE OF name ON people
WHEN NEW.name IS NOT OLD.name AND NEW.name_key = OLD.name_key
BEGIN
    UPDATE people SET name_key = '' WHERE id = NEW.id;
END;

CREATE TRIGGER units_name_key_stale AFTER UPDATE OF name ON units
WHEN NEW.name IS NOT OLD.name AND NEW.name_key = OLD.name_key
BEGIN
    UPDATE units SET name_key = '' WHERE id = NEW.id;
END;

CREATE VIEW unit_full_names AS
SELECT u.id,
       CASE WHEN u.level IN ('village', 'community') AND p.id IS NOT NULL
            THEN p.name || ' ' || u.name ELSE u.name END AS full_name,
       CASE WHEN u.level IN ('village', 'community') AND p.id IS NOT NULL
            THEN p.name_key || ' ' || u.name_key ELSE u.name_key END AS full_key
  FROM units u
  LEFT JOIN units p ON p.id = u.parent_id;

UPDATE units SET full_name = (SELECT f.full_name FROM unit_full_names f WHERE f.id = units.id);
CREATE INDEX units_full_name ON units(full_name);
CREATE INDEX units_full_key ON units(full_key);

CREATE TRIGGER units_full_name_insert AFTER INSERT ON units
BEGIN
    UPDATE units SET (full_name, full_key) = (SELECT f.full_name, f.full_key
                                                FROM unit_full_names f WHERE f.id = NEW.id)
     WHERE id = NEW.id;
END;

-- a renamed or moved unit, and the villages of a renamed township
CREATE TRIGGER units_full_name_update
AFTER UPDATE OF name, name_key, level, parent_id, full_name, full_key ON units
BEGIN
    UPDATE units SET (full_name, full_key) = (SELECT f.full_name, f.full_key
                                                FROM unit_full_names f WHERE f.id = units.id)
     WHERE (id = NEW.id OR parent_id = NEW.id)
       AND (full_name, full_key) IS NOT (SELECT f.full_name, f.full_key
                                           FROM unit_full_names f WHERE f.id = units.id);
END;

-- ---- pinyin initials in the lists that read views ----------------------------------------------
-- The views of the contracts, the coverage list, the postings and the budget lines carry the
-- initials of the name they show (units.name_py, people.name_py), and its sort key (above),
-- so that typing `zpc` finds 竹坪村's rows and the name column sorts in pinyin order. A prefix
-- of those initials is served by units_name_py / people_name_py, and each view is a plain join
-- that SQLite flattens into the list's query, so the index reaches the rows; budget_lines_v
-- therefore reads paid to date per line (disbursements_line) rather than grouping every line.

DROP VIEW contracts_v;
CREATE VIEW contracts_v AS
SELECT c.id, c.year, c.issuer_id, c.signer_id, c.signatory, c.signed_on, c.status, c.issue_id,
       c.notes,
       s.full_name AS signer_name, s.name_py AS signer_py, s.full_key AS signer_key,
       CASE s.level WHEN 'township' THEN 'township' ELSE 'village' END AS tier,
       CASE s.level WHEN 'township' THEN s.id ELSE c.issuer_id END AS township_id,
       coalesce(t.items, 0) AS items,
       t.total_mid, t.total_final
  FROM contracts c
  JOIN units s ON s.id = c.signer_id
  LEFT JOIN contract_totals t ON t.contract_id = c.id;

DROP VIEW contract_coverage_v;
CREATE VIEW contract_coverage_v AS
SELECT u.id * 10000 + y.year AS id, y.year, u.id AS unit_id, u.name, u.name_py, u.name_key,
       u.code, u.level,
       u.parent_id, ut.township_id,
       EXISTS (SELECT 1 FROM contracts c
                WHERE c.signer_id = u.id AND c.year = y.year AND c.status = 'draft') AS has_draft
  FROM units u
  JOIN unit_townships ut ON ut.unit_id = u.id
  CROSS JOIN (SELECT DISTINCT year FROM contracts) y
 WHERE u.level IN ('township', 'village', 'community')
   AND NOT EXISTS (SELECT 1 FROM contracts c
                    WHERE c.signer_id = u.id AND c.year = y.year
                      AND c.status IN ('signed', 'assessed'));

DROP VIEW assignments_v;
CREATE VIEW assignments_v AS
SELECT a.*, ut.township_id,
       (a.end_on IS NULL OR a.end_on >= date('now')) AS in_post,
       p.name AS person_name, p.name_py AS person_py, p.name_key AS person_key
  FROM assignments a
  JOIN unit_townships ut ON ut.unit_id = a.unit_id
  JOIN people p ON p.id = a.person_id;

DROP VIEW budget_lines_v;
CREATE VIEW budget_line_paid AS
SELECT l.id AS line_id,
       (SELECT CAST(total(d.amount_fen) AS INTEGER) FROM disbursements d
         WHERE d.line_id = l.id) AS paid_fen
  FROM budget_lines l;

CREATE VIEW budget_lines_v AS
SELECT l.*, ut.township_id,
       l.year || '年 ' || u.full_name || ' ' ||
       CASE l.category WHEN 'village_ops' THEN '村级运转经费'
                       WHEN 'rural_community_ops' THEN '农村社区运转经费'
                       WHEN 'urban_community_ops' THEN '城镇社区运转经费'
                       WHEN 'community_livelihood' THEN '社区民生项目经费'
                       WHEN 'remote_education' THEN '远程教育站点经费'
                       ELSE '一次性建设经费' END AS line_name,
       u.name_py AS unit_py,
       p.paid_fen,
       CASE WHEN l.budgeted_fen > 0
            THEN printf('%.1f%%', 100.0 * p.paid_fen / l.budgeted_fen) END AS rate,
       CASE WHEN st.standard_fen IS NULL THEN NULL
            ELSE l.budgeted_fen < st.standard_fen END AS below_standard
  FROM budget_lines l
  JOIN units u ON u.id = l.unit_id
  JOIN unit_townships ut ON ut.unit_id = l.unit_id
  JOIN budget_line_standards st ON st.line_id = l.id
  JOIN budget_line_paid p ON p.line_id = l.id;

-- ---- one name per village within its township ----------------------------------------------------
-- Names repeat across townships, never within one: two 竹坪村 under 龙溪镇 could not be told
-- apart even with the township's name. Served by units_parent_level (a township's few children).

CREATE TRIGGER units_name_in_township_insert BEFORE INSERT ON units
WHEN NEW.level IN ('village', 'community')
BEGIN
    SELECT RAISE(ABORT, '该乡镇/街道已有同名的村（社区）')
     WHERE EXISTS (SELECT 1 FROM units u
                    WHERE u.parent_id = NEW.parent_id AND u.level IN ('village', 'community')
                      AND u.name = NEW.name);
END;

CREATE TRIGGER units_name_in_township_update BEFORE UPDATE OF name, parent_id, level ON units
WHEN NEW.level IN ('village', 'community')
BEGIN
    SELECT RAISE(ABORT, '该乡镇/街道已有同名的村（社区）')
     WHERE EXISTS (SELECT 1 FROM units u
                    WHERE u.parent_id = NEW.parent_id AND u.level IN ('village', 'community')
                      AND u.name = NEW.name AND u.id <> NEW.id);
END;

-- A unit that signed or issued contracts keeps them: refused by name rather than by the
-- foreign key's anonymous message.
DROP TRIGGER units_delete;
CREATE TRIGGER units_delete BEFORE DELETE ON units
BEGIN
    SELECT RAISE(ABORT, '该单位还有下级单位，不能删除')
     WHERE EXISTS (SELECT 1 FROM units c WHERE c.parent_id = OLD.id);
    SELECT RAISE(ABORT, '该单位还有人员，不能删除')
     WHERE EXISTS (SELECT 1 FROM people p WHERE p.unit_id = OLD.id);
    SELECT RAISE(ABORT, '该单位还有责任状，不能删除')
     WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.signer_id = OLD.id OR c.issuer_id = OLD.id);
END;

-- ---- messages that name what conflicts -----------------------------------------------------------
-- The SQLite of Debian 12 (3.40) takes only a constant text in RAISE, so a trigger cannot say
-- whose ID number it is. rule_details gives, for a refusal as SQLite reports it (a trigger's
-- message, or its own "UNIQUE constraint failed: table.column"), a query that names the
-- conflict. When a save or a delete is refused, the db layer runs it in the same transaction,
-- on the rows as they were before the refused statement, with :id (the record; NULL for a new
-- one) and :COLUMN for each value the form was saving, and shows its one text instead of the
-- constant (no row: the constant stands). The sqlite3 command line shows the constant.
CREATE VIEW rule_details (message, detail) AS VALUES
('UNIQUE constraint failed: people.id_number',
 'SELECT ''身份证号已存在（'' || p.name || ''，'' || u.full_name || ''）''
    FROM people p JOIN units u ON u.id = p.unit_id
   WHERE p.id_number = :id_number AND p.id IS NOT :id'),
('该村（社区）在这段时间已有第一书记',
 'SELECT ''该村（社区）在这段时间已有第一书记（'' || p.name || ''，自 '' || a.start_on
         || coalesce('' 至 '' || a.end_on, '''') || ''）''
    FROM assignments a JOIN people p ON p.id = a.person_id
   WHERE a.role = ''first_secretary'' AND a.unit_id = :unit_id AND a.id IS NOT :id
     AND a.start_on <= coalesce(:end_on, ''9999-12-31'')
     AND :start_on <= coalesce(a.end_on, ''9999-12-31'')
   ORDER BY a.start_on LIMIT 1'),
('此人在这段时间已任其他村（社区）第一书记',
 'SELECT ''此人在这段时间已任'' || u.full_name || ''第一书记（自 '' || a.start_on
         || coalesce('' 至 '' || a.end_on, '''') || ''）''
    FROM assignments a JOIN units u ON u.id = a.unit_id
   WHERE a.role = ''first_secretary'' AND a.person_id = :person_id AND a.id IS NOT :id
     AND a.start_on <= coalesce(:end_on, ''9999-12-31'')
     AND :start_on <= coalesce(a.end_on, ''9999-12-31'')
   ORDER BY a.start_on LIMIT 1'),
('累计拨付将超过预算金额',
 'SELECT ''累计拨付将超过预算金额：尚可拨付 ''
         || printf(''%.2f'', (l.budgeted_fen - (SELECT total(d.amount_fen) FROM disbursements d
                                               WHERE d.line_id = l.id AND d.id IS NOT :id))
                            / 1000000.0) || '' 万元''
    FROM budget_lines l WHERE l.id = :line_id'),
('预算金额不能少于已拨付金额',
 'SELECT ''预算金额不能少于已拨付金额（已拨付 ''
         || printf(''%.2f'', total(d.amount_fen) / 1000000.0) || '' 万元）''
    FROM disbursements d WHERE d.line_id = :id'),
('该单位这一年度已有责任状',
 'SELECT ''该单位这一年度已有责任状（'' || u.full_name || ''，'' || c.year || '' 年，''
         || CASE c.status WHEN ''draft'' THEN ''草稿'' WHEN ''signed'' THEN ''已签订''
                          ELSE ''已考评'' END || ''）''
    FROM contracts c JOIN units u ON u.id = c.signer_id
   WHERE c.signer_id = :signer_id AND c.year = :year AND c.id IS NOT :id'),
('该单位这一年度已有此类经费预算',
 'SELECT ''该单位这一年度已有此类经费预算（'' || l.year || ''年 '' || u.full_name || ''，预算 ''
         || printf(''%.2f'', l.budgeted_fen / 1000000.0) || '' 万元）''
    FROM budget_lines l JOIN units u ON u.id = l.unit_id
   WHERE l.unit_id = :unit_id AND l.category = :category AND l.year = :year'),
('该乡镇/街道已有同名的村（社区）',
 'SELECT t.name || ''已有'' || u.name || ''（代码 '' || u.code || ''），同一乡镇/街道内名称不能重复''
    FROM units u JOIN units t ON t.id = u.parent_id
   WHERE u.parent_id = :parent_id AND u.name = :name AND u.id IS NOT :id
     AND u.level IN (''village'', ''community'')'),
('该单位还有下级单位，不能删除',
 'SELECT ''不能删除：'' || u.full_name || ''还有 '' || count(*) || '' 个下级单位''
    FROM units u JOIN units c ON c.parent_id = u.id WHERE u.id = :id GROUP BY u.id'),
('该单位还有人员，不能删除',
 'SELECT ''不能删除：'' || u.full_name || ''还有 '' || count(*) || '' 名人员''
    FROM units u JOIN people p ON p.unit_id = u.id WHERE u.id = :id GROUP BY u.id'),
('这次下发的责任状已有改动，不能撤回',
 'SELECT ''不能撤回：'' || count(*) || '' 份已有改动（'' || min(u.full_name)
         || CASE WHEN count(*) > 1 THEN '' 等'' ELSE '''' END || ''）''
    FROM issued_contracts_touched t JOIN contracts c ON c.id = t.id
    JOIN units u ON u.id = c.signer_id
   WHERE t.issue_id = :id'),
('这次新建的经费预算已有改动或拨付，不能撤回',
 'SELECT ''不能撤回：'' || count(*) || '' 条经费预算已有改动或拨付（'' || min(u.full_name)
         || CASE WHEN count(*) > 1 THEN '' 等'' ELSE '''' END || ''）''
    FROM started_lines_touched t JOIN budget_lines l ON l.id = t.id
    JOIN units u ON u.id = l.unit_id
   WHERE t.start_id = :id'),
('该单位还有责任状，不能删除',
 'SELECT ''不能删除：'' || u.full_name || ''还有 '' || count(*) || '' 份''
         || CASE WHEN min(c.year) = max(c.year) THEN '' '' || min(c.year) || '' 年''
                 ELSE ''（'' || min(c.year) || ''—'' || max(c.year) || '' 年）'' END || ''责任状''
    FROM units u JOIN contracts c ON c.signer_id = u.id OR c.issuer_id = u.id
   WHERE u.id = :id GROUP BY u.id');

-- ---- batches that ask first and can be withdrawn ------------------------------------------------
-- A batch (下发责任状, 开始新年度) says what it is about to do before the row is saved, and a
-- batch whose rows nobody has touched since can be withdrawn in one step: deleting its action
-- row deletes them. "Touched": anything a clerk would have done to a draft contract (signed,
-- dated, noted, scored, items added, removed or changed) or to a budget line (changed, paid
-- from) — from the rows themselves and from the audit trail's updates.

-- Rows the trail shows updated since they were (last) inserted: a row id used again after a
-- delete starts afresh.
CREATE VIEW audit_changed_rows AS
SELECT u.tbl, u.row_id
  FROM audit_log u
 WHERE u.action = 'update'
   AND u.id > (SELECT coalesce(max(i.id), 0) FROM audit_log i
                WHERE i.tbl = u.tbl AND i.row_id = u.row_id AND i.action = 'insert');

CREATE VIEW issued_contracts_touched AS
SELECT c.id, c.issue_id
  FROM contracts c
 WHERE c.issue_id IS NOT NULL
   AND (c.status <> 'draft' OR c.signatory IS NOT NULL OR c.signed_on IS NOT NULL
        OR c.notes IS NOT NULL
        OR EXISTS (SELECT 1 FROM contract_items ci WHERE ci.contract_id = c.id
                      AND (ci.score_mid IS NOT NULL OR ci.score_final IS NOT NULL))
        OR (SELECT count(*) FROM contract_items ci WHERE ci.contract_id = c.id)
           <> (SELECT count(*) FROM contract_template_items ti
                 JOIN template_issues i ON i.template_id = ti.template_id WHERE i.id = c.issue_id)
        OR EXISTS (SELECT 1 FROM audit_changed_rows x WHERE x.tbl = 'contracts' AND x.row_id = c.id)
        OR EXISTS (SELECT 1 FROM contract_items ci
                     JOIN audit_changed_rows x ON x.tbl = 'contract_items' AND x.row_id = ci.id
                    WHERE ci.contract_id = c.id));

DROP TRIGGER template_issues_keep;
CREATE TRIGGER template_issues_withdraw BEFORE DELETE ON template_issues
BEGIN
    SELECT RAISE(ABORT, '这次下发的责任状已有改动，不能撤回')
     WHERE EXISTS (SELECT 1 FROM issued_contracts_touched WHERE issue_id = OLD.id);
    DELETE FROM contracts WHERE issue_id = OLD.id;
END;

CREATE VIEW started_lines_touched AS
SELECT l.id, l.start_id
  FROM budget_lines l
 WHERE l.start_id IS NOT NULL
   AND (EXISTS (SELECT 1 FROM disbursements d WHERE d.line_id = l.id)
        OR EXISTS (SELECT 1 FROM audit_changed_rows x
                    WHERE x.tbl = 'budget_lines' AND x.row_id = l.id));

CREATE TRIGGER budget_year_starts_withdraw BEFORE DELETE ON budget_year_starts
BEGIN
    SELECT RAISE(ABORT, '这次新建的经费预算已有改动或拨付，不能撤回')
     WHERE EXISTS (SELECT 1 FROM started_lines_touched WHERE start_id = OLD.id);
    DELETE FROM budget_lines WHERE start_id = OLD.id;
END;

-- What a save or a delete of an action row is about to do, asked before it is done: for a
-- table and an action (insert, delete), a query with the parameters of rule_details giving the
-- question; no row (nothing would be created) means no question.
CREATE VIEW action_questions (tbl, action, question) AS VALUES
('template_issues', 'insert',
 'SELECT ''将向'' || i.name || '' '' || count(*) || '' 个''
         || CASE i.level WHEN ''city'' THEN ''乡镇/街道'' ELSE ''村（社区）'' END
         || ''下发 '' || :year || '' 年责任状？''
    FROM units i JOIN units u ON u.parent_id = i.id
   WHERE i.id = :issuer_id AND u.level IN (''township'', ''village'', ''community'')
     AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.signer_id = u.id AND c.year = :year)
   GROUP BY i.id'),
('template_issues', 'delete',
 'SELECT ''撤回这次下发：删除 '' || i.year || '' 年发给'' || u.name || ''下级的 '' || count(c.id)
         || '' 份草稿？''
    FROM template_issues i JOIN units u ON u.id = i.issuer_id
    LEFT JOIN contracts c ON c.issue_id = i.id
   WHERE i.id = :id GROUP BY i.id'),
('budget_year_starts', 'insert',
 'SELECT ''将按现行标准为 '' || count(DISTINCT u.id) || '' 个村（社区）新建 '' || :year
         || '' 年经费预算 '' || count(*) || '' 条？''
    FROM units u
    JOIN budget_standards s
      ON s.unit_level = u.level AND (s.urban IS NULL OR s.urban = coalesce(u.urban, 0))
     AND s.from_year = (SELECT max(s2.from_year) FROM budget_standards s2
                         WHERE s2.category = s.category AND s2.unit_level = s.unit_level
                           AND s2.urban IS s.urban AND s2.from_year <= :year)
   WHERE u.level IN (''village'', ''community'')
     AND NOT EXISTS (SELECT 1 FROM budget_lines l
                      WHERE l.unit_id = u.id AND l.category = s.category AND l.year = :year)
  HAVING count(*) > 0'),
('budget_year_starts', 'delete',
 'SELECT ''撤回开始新年度：删除这次新建的 '' || b.year || '' 年经费预算 '' || count(l.id) || '' 条？''
    FROM budget_year_starts b LEFT JOIN budget_lines l ON l.start_id = b.id
   WHERE b.id = :id GROUP BY b.id');
