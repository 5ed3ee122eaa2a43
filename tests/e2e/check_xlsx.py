"""check_xlsx.py WORKBOOK DATABASE YEAR QUARTER [TOWNSHIP_ID] — reads an exported quarterly
workbook back with openpyxl (an independent reader) and checks it against the database with
Python's own sqlite3: titles and merged ranges, header texts, the 填报单位 and signature lines
of the unit covered, every 合计 against the SQL sum as of the quarter's last day, each 小计 and
合计 against the values shown above it, number formats, and the print setup (A4 landscape, one
page wide, centred, header rows repeated, each sheet numbered on its own). A township's
workbook has a row per village and community. Prints what it checked; exits non-zero with the
first difference."""
import math
import re
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


def summed_labels():
    """Per sheet tab, the header texts of the columns quarterly.report sums (total = sum)."""
    here = __file__.rsplit("/", 3)[0]
    tabs, sheet, col, out = {}, None, None, {}
    for line in open(here + "/forms/quarterly.report", encoding="utf-8"):
        m = re.match(r"\[(sheet|column) (\w+)\]", line)
        if m:
            sheet, col = (m.group(2), None) if m.group(1) == "sheet" else (sheet, {"label": None})
            if m.group(1) == "column":
                out.setdefault(sheet, []).append(col)
            continue
        m = re.match(r"(\w+)\s*=\s*(.*)", line)
        if m and col is not None:
            col[m.group(1)] = m.group(2).strip()
        elif m and m.group(1) == "tab":
            tabs[sheet] = m.group(2).strip()
    return {tabs[k]: [c["label"].split("|")[-1] for c in v if c.get("total") == "sum" and c.get("label")]
            for k, v in out.items()}


SUMMED = summed_labels()
wb = openpyxl.load_workbook(path)
expect(wb.sheetnames == list(SUMMED), "sheets %s, not those of quarterly.report" % wb.sheetnames)
quarter_cn = "一二三四"[quarter - 1]


def total_row(ws):
    for row in ws.iter_rows():
        if row[0].value == "合计":
            return row
    fail("%s: no 合计 row" % ws.title)


def header_top(ws):
    """The first header row: the one under the 填报单位 line."""
    for row in ws.iter_rows(max_row=8):
        if isinstance(row[0].value, str) and row[0].value.startswith("填报单位："):
            return row[0].row + 1
    fail("%s: no 填报单位 line" % ws.title)


def column(ws, header):
    """The column index whose header (the upper header row, or the one under it) is header."""
    top = header_top(ws)
    for r in (top, top + 1):
        for c in ws[r]:
            if c.value == header:
                return c.column - 1
    fail("%s: no header %s" % (ws.title, header))


def data_rows(ws):
    """The rows between the header and the 合计."""
    last = total_row(ws)[0].row
    return [r for r in ws.iter_rows(min_row=header_top(ws) + 2, max_row=last - 1)]


def is_subtotal(row):
    return any(isinstance(c.value, str) and c.value.endswith("小计") for c in row)


def check_adds_up(ws):
    """Each 小计 and the 合计 is the sum of the values shown above it, cell by cell; money cells
    hold no more than the two decimals they show."""
    cols = [column(ws, h) for h in SUMMED[ws.title]]
    expect(cols, "%s: no summed column" % ws.title)
    group, whole = [0.0] * len(cols), [0.0] * len(cols)
    for row in data_rows(ws) + [total_row(ws)]:
        for k, col in enumerate(cols):
            cell = row[col]
            v = cell.value
            expect(isinstance(v, (int, float)), "%s row %d %s: %r is not a number" % (ws.title, cell.row, cell.column_letter, v))
            if cell.number_format == "#,##0.00":
                expect(abs(v * 100 - round(v * 100)) < 1e-6, "%s %s: %r holds more than it shows" % (ws.title, cell.coordinate, v))
            if row[0].value == "合计":
                expect(round(whole[k], 2) == round(v, 2), "%s %s: 合计 %s, the rows above add up to %s" % (ws.title, cell.coordinate, v, whole[k]))
            elif is_subtotal(row):
                expect(round(group[k], 2) == round(v, 2), "%s %s: 小计 %s, its rows add up to %s" % (ws.title, cell.coordinate, v, group[k]))
                group[k] = 0.0
            else:
                group[k] += round(v, 2)
                whole[k] += round(v, 2)


def check_layout(ws, title_part, measure, headers):
    title = ws["A1"].value
    expect(title_part in title and ("%d年第%s季度" % (year, quarter_cn)) in title, "%s: title %s" % (ws.title, title))
    merged = [str(r) for r in ws.merged_cells.ranges]
    last = openpyxl.utils.get_column_letter(ws.max_column)
    expect("A1:%s1" % last in merged, "%s: the title is not merged over the table: %s" % (ws.title, merged))
    top = header_top(ws)
    org_line = ws.cell(row=top - 1, column=1).value
    expect(org_line.startswith("填报单位：%s" % unit_header["org"]), "%s: %s, not %s" % (ws.title, org_line, unit_header["org"]))
    expect(measure in [c.value for c in ws[top - 1]], "%s: no %s" % (ws.title, measure))
    corner = [c.value for r in range(2, top - 1) for c in ws[r] if c.value]
    expect(any(str(v).startswith("表号：") for v in corner), "%s: no 表号 corner: %s" % (ws.title, corner))
    for h in headers:
        column(ws, h)
    expect(ws.page_setup.orientation == "landscape", "%s: not landscape" % ws.title)
    expect(int(ws.page_setup.paperSize) == 9, "%s: paper %s, not A4 (9)" % (ws.title, ws.page_setup.paperSize))
    expect(ws.sheet_properties.pageSetUpPr.fitToPage, "%s: not fit to page" % ws.title)
    expect(ws.page_setup.fitToWidth in (None, 1) and int(ws.page_setup.fitToHeight) == 0,
           "%s: not one page wide" % ws.title)
    expect(ws.print_title_rows in ("$%d:$%d" % (top, top + 1), "%d:%d" % (top, top + 1)),
           "%s: header rows not repeated: %s" % (ws.title, ws.print_title_rows))
    expect(ws.freeze_panes == "A%d" % (top + 2), "%s: panes frozen at %s" % (ws.title, ws.freeze_panes))
    expect(ws.print_options.horizontalCentered, "%s: not centred on the page" % ws.title)
    expect(ws.page_setup.firstPageNumber in (None, 1) and ws.page_setup.useFirstPageNumber,
           "%s: pages not numbered from 1 in each sheet" % ws.title)
    expect("第 &P 页" in (ws.oddFooter.center.text or ""), "%s: page footer" % ws.title)
    foot = [r[0].value for r in ws.iter_rows() if r[0].value and str(r[0].value).startswith("单位负责人：")]
    expect(foot, "%s: no 单位负责人 line" % ws.title)
    for key, label in (("leader", "单位负责人"), ("preparer", "填表人"), ("reviewer", "审核人")):
        expect("%s：%s " % (label, unit_header[key]) in foot[0], "%s: %s is not %s: %s" % (ws.title, label, unit_header[key], foot[0]))
    check_adds_up(ws)


def check_total(ws, header, expected, fmt, scale=1.0):
    """The 合计 against the database; money within the rounding of its rows to 0.01 万元."""
    row = total_row(ws)
    cell = row[column(ws, header)]
    got = cell.value
    slack = 0.005 * len(data_rows(ws)) if scale != 1.0 else 1e-9
    expect(abs(got - expected / scale) <= slack, "%s %s: 合计 %s, database %s" % (ws.title, header, got, expected / scale))
    expect(cell.number_format == fmt, "%s %s: format %s, not %s" % (ws.title, header, cell.number_format, fmt))


if township is None:
    unit_header = dict(zip(("org", "leader", "preparer", "reviewer"),
                      db.execute("SELECT org_name, leader, preparer, reviewer FROM settings").fetchone()))
else:
    unit_header = dict(zip(("org", "leader", "preparer", "reviewer"),
                      db.execute("SELECT org_name, leader, preparer, reviewer FROM township_headers"
                                 " WHERE township_id = ?", (township,)).fetchone()))

AREA = "乡镇（街道）" if township is None else "村（社区）"  # what a row is
ws = wb["责任状签订"]
check_layout(ws, "党建工作责任状签订情况表", "单位：个、分", [AREA, "村（社区）数", "已签订", "签订率", "年中评议", "平均分"])
check_total(ws, "村（社区）数", one("SELECT count(*) FROM units u JOIN units t ON t.id = u.parent_id "
                                 "WHERE t.level = 'township' AND u.level IN ('village','community')" + scope("t.id")), "0")
check_total(ws, "已签订", one("SELECT count(*) FROM contracts c JOIN units u ON u.id = c.signer_id WHERE c.year = ? "
                             "AND c.status <> 'draft' AND c.signed_on <= ? AND u.level IN ('village','community')"
                             + scope("u.parent_id"), year, q_end), "0")
expect(total_row(ws)[column(ws, "签订率")].number_format == "0.0%", "签订率 format")
if township is not None:  # a row per village and community, in code order
    villages = [r[0] for r in db.execute("SELECT name FROM units WHERE parent_id = ? AND level IN "
                                         "('village','community') ORDER BY code", (township,))]
    expect([r[0].value for r in data_rows(ws)] == villages, "责任状签订: not one row per village")

ws = wb["示范点"]
check_layout(ws, "党建示范点创建情况表", "单位：个", ["序号", "示范点名称", "状态", "申报", "命名"])
for status, header in (("applied", "申报"), ("building", "创建中"), ("accepted", "验收通过"), ("named", "命名")):
    check_total(ws, header, one("SELECT count(*) FROM demo_sites s JOIN unit_townships ut ON ut.unit_id = s.unit_id "
                                "WHERE (SELECT h.status FROM site_statuses h WHERE h.site_id = s.id AND h.since <= ? "
                                "ORDER BY h.since DESC, h.id DESC LIMIT 1) = ?" + scope("ut.township_id"),
                                q_end, status), "0")
top = header_top(ws)
expect("I%d:L%d" % (top, top) in [str(r) for r in ws.merged_cells.ranges], "示范点: 状态 not merged over its four columns")
founded = ws.cell(row=top + 2, column=column(ws, "创建年度") + 1)
expect(isinstance(founded.value, int), "示范点: 创建年度 %r is not a number" % founded.value)
since = ws.cell(row=top + 2, column=column(ws, "状态日期") + 1)
expect(since.is_date and since.number_format == "yyyy-mm-dd", "示范点: 状态日期 %r is not a date" % since.value)

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
print("check_xlsx: %s: %d sheets, titles, merges, headers, totals, formats and print setup agree" % (path, len(wb.sheetnames)))
