"""openpyxl_floor.py ROWS COLS OUT — what a clerk's IT person would script instead of
taizhang's export: openpyxl in write-only mode writing the same cells as bench_xlsx_floor
(a Chinese text, then numbers with a format). Timed by `make bench` (src/tools/bench.sh)."""
import sys

import openpyxl
from openpyxl.cell import WriteOnlyCell

rows, cols, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("floor")
for r in range(rows):
    row = ["乡镇街道%d" % (r % 40000)]
    for c in range(1, cols):
        cell = WriteOnlyCell(ws, value=(r * c % 100000) / 100.0)
        cell.number_format = "#,##0.00"
        row.append(cell)
    ws.append(row)
wb.save(out)
