# A disbursement that would take a line past its budget is refused with the rule's message;
# one within the budget is saved and the line's paid-to-date follows.
. "$(dirname "$0")/lib.sh"

line=$(sql "select id from budget_lines where year = 2026 order by id desc limit 1")  # newest first
sql "delete from disbursements where line_id = $line and paid_on > '2026-06-30'"   # room left to pay
left=$(sql "select b.budgeted_fen - coalesce(sum(d.amount_fen), 0) from budget_lines b
            left join disbursements d on d.line_id = b.id where b.id = $line")
too_much=$(sql "select printf('%.2f', ($left + 1) / 100.0)")
exact=$(sql "select printf('%.2f', $left / 100.0)")
shown=$(/usr/bin/python3 -c "print(f'{($left + 1) / 100:,.2f}')")   # as the form shows money
before=$(sql "select count(*) from disbursements where line_id = $line")

start --form budget_lines "$DB"
wait_for "经费保障"
keys F4                                # filter: by year 2026
wait_for "按年度"
keys Enter
wait_for "2026"
keys End Enter
wait_for "年度：2026"
keys Enter                             # the first line of 2026 in the list (newest first)
wait_for "拨付记录"
keys Tab Tab Tab Tab Tab Tab           # past the header fields into the disbursements grid
keys F7                                # a new disbursement for this line
wait_for "拨付日期"
                                       # the form starts in 金额: 预算 is preset, 拨付日期 today
type_text "$too_much"
keys F2
wait_for "累计拨付将超过预算金额：尚可拨付 $(sql "select printf('%.2f', $left / 1000000.0)") 万元"
wait_for "金额（元）：$shown"
assert_eq "$(sql "select count(*) from disbursements where line_id = $line")" "$before" "refused"

keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
type_text "$exact"
keys F2
wait_for "已保存"
keys Escape                            # back to the line: paid to date now equals the budget
wait_for "执行率：100.0%"
assert_eq "$(sql "select paid_fen = budgeted_fen from budget_lines_v where id = $line")" 1 "fully paid"
keys Escape Escape
check_clean_exit
