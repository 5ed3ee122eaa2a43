# Keys: the city clerk records a disbursement on a village's budget line — found by the
# village's name — from the main menu, at most 8 keys beyond what is typed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keycount.sh"

# a village whose name no other unit has, with budget lines, all of them with room left
village=$(sql "select u.id from units u where u.level = 'village'
               and (select count(*) from units v where v.name = u.name) = 1
               and exists (select 1 from budget_lines b where b.unit_id = u.id) order by u.id limit 1")
name=$(sql "select name from units where id = $village")
sql "delete from disbursements where line_id in (select id from budget_lines where unit_id = $village)"

TZ_LOGIN=wang start "$DB"
wait_for "经费保障"
key 6                                  # 经费保障
wait_for "经费分季度汇总"
key 1                                  # 经费保障 (the lines)
wait_for "执行率"
type_text "$name"
wait_for "共 $(sql "select count(*) from budget_lines where unit_id = $village") 条"
key Enter                              # the first of its lines
wait_for "拨付记录"
key PgDn                               # to the disbursements below the line
key F7                                 # a new one: the line preset, today's date, in 金额
wait_for "拨付日期"
type_text "1500"
key F2
wait_for "已保存"
assert_keys 8 "record a disbursement"

assert_eq "$(sql "select count(*) || '|' || sum(amount_fen) from disbursements d join budget_lines b on b.id = d.line_id where b.unit_id = $village")" \
    "1|150000" "one disbursement of 1,500.00 on the village's line"
keys Escape Escape Escape Escape
