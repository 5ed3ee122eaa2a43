# A hang-up reaches every screen on the stack: with a contract half edited and, in its items
# grid, a cell being changed while its picker is open, both the contract's and the row's drafts
# are kept, and both are offered back the next time the contract is opened.
. "$(dirname "$0")/lib.sh"

contract=$(sql "select id from contracts where status = 'draft' order by id limit 1")
signer=$(sql "select u.name from contracts c join units u on u.id = c.signer_id where c.id = $contract")
first_item=$(sql "select id from contract_items where contract_id = $contract order by seq, id limit 1")

open_contract() {
    start --form contracts "$DB"
    wait_for "党建工作责任状"
    type_text "$signer"
    wait_for "$signer"
    keys Enter
    wait_for "责任内容"
}

open_contract
keys Tab Tab Tab                       # 签字书记
type_text "草稿书记"
wait_for "草稿书记"
keys PgDn Right                        # the first item's 类别 (a choice)
keys Space                             # changes it: the cell is being edited
keys F4                                # its picker, over the form
wait_for "扣分项目"
kill -HUP "$(app_pid)"
check_clean_exit 129
assert_eq "$(sql "select count(*) from drafts where form = 'contracts' and record_id = $contract")" 1 \
    "the contract's draft"
assert_eq "$(sql "select count(*) from drafts where form = 'contract_items' and record_id = $first_item")" 1 \
    "the row's draft"

# the choice the Space led to: the one after the stored one, in its vocabulary's order (choices)
section=$(sql "select section from contract_items where id = $first_item")
vocab=$(sed -n 's/^choices *= *@\([a-z0-9_]*\).*/\1/p' "$TOP/forms/contract_items.form" | head -1)
next_label=$(sql "select coalesce((select label from choices where vocab = '$vocab' and seq >
                                       (select seq from choices where vocab = '$vocab' and code = '$section')
                                    order by seq limit 1),
                                   (select label from choices where vocab = '$vocab' order by seq limit 1))")
[ -n "$next_label" ] || fail "the section's next choice"

open_contract
wait_for "中断时未保存的内容，恢复吗"
keys y
wait_for "第 1 行有"
screen | grep -qF "草稿书记" || fail "the contract's draft restored before the row's is offered"
keys y
wait_for "$next_label"
assert_eq "$(sql "select count(*) from drafts")" 0 "drafts forgotten once offered"
keys Enter                             # saves the restored cell
wait_for "已保存"
sql "select section from contract_items where id = $first_item" | grep -qvx "$section" ||
    fail "the restored cell was not saved"
keys F2
wait_for "已保存（编号 $contract）"
assert_eq "$(sql "select signatory from contracts where id = $contract")" "草稿书记" "the restored contract saved"
keys Escape Escape Escape              # the contract, the list's search, the list
check_clean_exit
