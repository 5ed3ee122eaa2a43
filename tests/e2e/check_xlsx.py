"""check_xlsx.py WORKBOOK DATABASE YEAR QUARTER [TOWNSHIP_ID] — reads an exported quarterly
workbook back with openpyxl (an independent reader) and checks it against the database with
Python's own sqlite3: titles and merged ranges, header texts, every 合计 against the SQL sum,
number formats, and the print setup (A4 landscape, one page wide, header rows repeated).
Prints what it checked; exits non-zero with the first difference."""
import sqlite3
import sys

import openpyxl

path, dbpath, year, quarter = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
township = int(sys.argv[5]) if len(sys.argv) > 5 else None
q_start = "%04d-%02d-01" % (year, quarter * 3 - 2)
q_end = "%04d-%s" % (year, ["03-31", "06-30", "09-30", "12-31"][quarter - 1])
db = sqlite3.connect(dbpath)


def one(sql, *args):
    return db.execute(sql, args).fetchone()[0] or 0


def scope(col):
    return "" if township is None else " AND %s = %d" % (col, township)


def fail(msg):
    sys.exit("check_xlsx: " + msg)


def expect(cond, msg):
    if not cond:
        fail(msg)


wb = openpyxl.load_workbook(path)
expect(wb.sheetnames == ["责任状签订", "示范点", "驻村指导", "经费保障"], "sheets %s" % wb.sheetnames)
quarter_cn = "一二三四"[quarter - 1]


def total_row(ws):
    for row in ws.iter_rows():
        if row[0].value == "合计":
            return row
    fail("%s: no 合计 row" % ws.title)


def column(ws, header):
    """The column index whose header (row 3, or row 4 under a merged upper header) is header."""
    for r in (3, 4):
        for c in ws[r]:
            if c.value == header:
                return c.column - 1
    fail("%s: no header %s" % (ws.title, header))


def check_layout(ws, title_part, measure, headers):
    title = ws["A1"].value
    expect(title_part in title and ("%d年第%s季度" % (year, quarter_cn)) in title, "%s: title %s" % (ws.title, title))
    merged = [str(r) for r in ws.merged_cells.ranges]
    last = openpyxl.utils.get_column_letter(ws.max_column)
    expect("A1:%s1" % last in merged, "%s: the title is not merged over the table: %s" % (ws.title, merged))
    expect(ws["A2"].value.startswith("填报单位："), "%s: no 填报单位 line" % ws.title)
    expect(measure in [c.value for c in ws[2]], "%s: no %s" % (ws.title, measure))
    for h in headers:
        column(ws, h)
    expect(ws.page_setup.orientation == "landscape", "%s: not landscape" % ws.title)
    expect(int(ws.page_setup.paperSize) == 9, "%s: paper %s, not A4 (9)" % (ws.title, ws.page_setup.paperSize))
    expect(ws.sheet_properties.pageSetUpPr.fitToPage, "%s: not fit to page" % ws.title)
    expect(ws.page_setup.fitToWidth in (None, 1) and int(ws.page_setup.fitToHeight) == 0,
           "%s: not one page wide" % ws.title)
    expect(ws.print_title_rows in ("$3:$4", "3:4"), "%s: header rows not repeated: %s" % (ws.title, ws.print_title_rows))
    expect(ws.freeze_panes == "A5", "%s: panes frozen at %s" % (ws.title, ws.freeze_panes))
    expect("第 &P 页 共 &N 页" in (ws.oddFooter.center.text or ""), "%s: page footer" % ws.title)
    foot = [r[0].value for r in ws.iter_rows() if r[0].value and str(r[0].value).startswith("填表人：")]
    expect(foot, "%s: no 填表人 line" % ws.title)


def check_total(ws, header, expected, fmt, scale=1.0):
    row = total_row(ws)
    cell = row[column(ws, header)]
    got = cell.value
    expect(abs(got - expected / scale) < 1e-9, "%s %s: 合计 %s, database %s" % (ws.title, header, got, expected / scale))
    expect(cell.number_format == fmt, "%s %s: format %s, not %s" % (ws.title, header, cell.number_format, fmt))
    # and the total is the sum of the rows above it (data rows only: 小计 rows are skipped)
    col = column(ws, header)
    label = 2 if ws.title in ("示范点",) else 1
    rows = [r for r in ws.iter_rows(min_row=5, max_row=row[0].row - 1)
            if isinstance(r[col].value, (int, float)) and r[label].value != "小计"]
    expect(abs(sum(r[col].value for r in rows) - got) < 1e-6, "%s %s: rows do not add up" % (ws.title, header))


ws = wb["责任状签订"]
check_layout(ws, "党建工作责任状签订情况表", "单位：个、分", ["乡镇（街道）", "村（社区）数", "已签订", "签订率", "年中评议", "平均分"])
check_total(ws, "村（社区）数", one("SELECT count(*) FROM units u JOIN units t ON t.id = u.parent_id "
                                 "WHERE t.level = 'township' AND u.level IN ('village','community')" + scope("t.id")), "0")
check_total(ws, "已签订", one("SELECT count(*) FROM contracts c JOIN units u ON u.id = c.signer_id WHERE c.year = ? "
                             "AND c.status <> 'draft' AND u.level IN ('village','community')" + scope("u.parent_id"), year), "0")
expect(total_row(ws)[column(ws, "签订率")].number_format == "0.0%", "签订率 format")

ws = wb["示范点"]
check_layout(ws, "党建示范点创建情况表", "单位：个", ["序号", "示范点名称", "状态", "申报", "命名"])
for status, header in (("applied", "申报"), ("building", "创建中"), ("accepted", "验收通过"), ("named", "命名")):
    check_total(ws, header, one("SELECT count(*) FROM demo_sites s JOIN unit_townships ut ON ut.unit_id = s.unit_id "
                                "WHERE s.status = ? AND coalesce(s.founded_year, 0) <= ?" + scope("ut.township_id"),
                                status, year), "0")
expect("H3:K3" in [str(r) for r in ws.merged_cells.ranges], "示范点: 状态 not merged over its four columns")

ws = wb["驻村指导"]
check_layout(ws, "派驻情况表", "单位：人、个", ["党建工作指导员", "第一书记", "覆盖率", "新派驻", "离岗"])
check_total(ws, "第一书记", one("SELECT count(*) FROM assignments a JOIN unit_townships ut ON ut.unit_id = a.unit_id "
                              "WHERE a.role = 'first_secretary' AND a.start_on <= ? AND (a.end_on IS NULL OR a.end_on >= ?) "
                              "AND ut.township_id IS NOT NULL" + scope("ut.township_id"), q_end, q_end), "0")

ws = wb["经费保障"]
check_layout(ws, "经费保障执行情况表", "单位：万元", ["经费类别", "年度预算", "本季度", "累计", "执行率"])
line_scope = ("FROM budget_lines l JOIN unit_townships ut ON ut.unit_id = l.unit_id "
              "WHERE l.year = %d AND ut.township_id IS NOT NULL" % year) + scope("ut.township_id")
check_total(ws, "年度预算", one("SELECT sum(l.budgeted_fen) " + line_scope), "#,##0.00", 1e6)
paid = ("SELECT sum(d.amount_fen) FROM disbursements d JOIN budget_lines l ON l.id = d.line_id "
        "JOIN unit_townships ut ON ut.unit_id = l.unit_id WHERE l.year = ? AND ut.township_id IS NOT NULL") + scope("ut.township_id")
check_total(ws, "本季度", one(paid + " AND d.paid_on BETWEEN ? AND ?", year, q_start, q_end), "#,##0.00", 1e6)
check_total(ws, "累计", one(paid + " AND d.paid_on <= ?", year, q_end), "#,##0.00", 1e6)
print("check_xlsx: %s: 4 sheets, titles, merges, headers, totals, formats and print setup agree" % path)
