/* xlsx_floor ROWS COLS OUT (built as build/release/bench_xlsx_floor) — the floor for the quarterly export's speed and memory: bare
 * libxlsxwriter in constant-memory mode writing ROWS rows of COLS cells (a Chinese text, then
 * numbers with a format), the same number of cells taizhang's export writes. `make bench`
 * times it beside `taizhang export` (src/tools/bench.sh, section 3). */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_xlsx_floor ROWS COLS OUT\n");
        return 2;
    }
    long rows = atol(argv[1]), cols = atol(argv[2]);
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
    lxw_workbook *wb = workbook_new_opt(argv[3], &opt);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "floor") : NULL;
    lxw_format *money = wb ? workbook_add_format(wb) : NULL;
    if (!ws || !money) {
        fprintf(stderr, "bench_xlsx_floor: cannot start the workbook\n");
        return 1;
    }
    format_set_num_format(money, "#,##0.00");
    lxw_error e = LXW_NO_ERROR;
    char text[32];
    for (long r = 0; r < rows && e == LXW_NO_ERROR; r++) {
        snprintf(text, sizeof text, "乡镇街道%ld", r % 40000);
        e = worksheet_write_string(ws, (lxw_row_t)r, 0, text, NULL);
        for (long c = 1; c < cols && e == LXW_NO_ERROR; c++)
            e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, (double)(r * c % 100000) / 100.0,
                                       money);
    }
    lxw_error closed = workbook_close(wb);
    if (e != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
        fprintf(stderr, "bench_xlsx_floor: %s\n", lxw_strerror(e != LXW_NO_ERROR ? e : closed));
        return 1;
    }
    return 0;
}
