# A hang-up while a lookup's pick list is open from a cell of a detail grid inside a form: the
# form's draft and the grid row's draft are both kept, and both are offered back the next time
# the record is opened. No grid of the built-in forms has a lookup column, so the contract's
# items grid is given one here (--forms): the contract each item belongs to.
. "$(dirname "$0")/lib.sh"

F="$WORK/forms"
mkdir -m 700 "$F"
sed 's/^columns = seq 4,/columns = contract_id 12, seq 4,/' "$TOP/forms/contract_items.form" \
    > "$F/contract_items.form"
grep -q "^columns = contract_id" "$F/contract_items.form" || fail "the items grid's lookup column"

contract=$(sql "select id from contracts where status = 'draft' order by id limit 1")
signer=$(sql "select u.name from contracts c join units u on u.id = c.signer_id where c.id = $contract")
first_item=$(sql "select id from contract_items where contract_id = $contract order by seq, id limit 1")
# another contract, found by the name of a unit with none under it (the names shown are full:
# a township's is in its villages') whose name no other unit's contains: the pick list shows
# that unit's contracts newest first
other_unit=$(sql "select u.name from units u join contracts c on c.signer_id = u.id
                   where c.id != $contract and (select count(*) from units u2 where instr(u2.name, u.name) > 0) = 1
                     and not exists (select 1 from units u3 where u3.parent_id = u.id)
                   order by u.id limit 1")
other=$(sql "select c.id from contracts c join units u on u.id = c.signer_id
              where u.name = '$other_unit' order by c.year desc limit 1")
[ -n "$other" ] || fail "another contract to pick"

open_contract() {
    start --forms "$F" --form contracts "$DB"
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
keys PgDn                              # the first item's 责任状 (a lookup)
type_text "$other_unit"                # typing over the cell edits it
keys F4                                # its pick list, searching for what was typed
wait_for "查找：$other_unit"
keys Enter                             # picked: the cell now holds the other contract
wait_gone "查找："
keys F4                                # the pick list again, over the form: hang up there
wait_for "选择 › 党建工作责任状"
kill -HUP "$(app_pid)"
check_clean_exit 129
assert_eq "$(sql "select count(*) from drafts where form = 'contracts' and record_id = $contract")" 1 \
    "the contract's draft"
assert_eq "$(sql "select count(*) from drafts, json_each(drafts.data)
                   where form = 'contract_items' and record_id = $first_item and json_each.value = '$other'")" 1 \
    "the row's draft holds the contract picked"

open_contract
wait_for "中断时未保存的内容，恢复吗"
keys y
wait_for "第 1 行有"
screen | grep -qF "草稿书记" || fail "the contract's draft restored before the row's is offered"
keys y
wait_for "$other_unit"
assert_eq "$(sql "select count(*) from drafts")" 0 "drafts forgotten once offered"
keys Escape                            # the cell: its restored value not wanted after all
keys Escape                            # the contract: asked, the draft restored in it is unsaved
wait_for "记录已修改"
keys d
wait_gone "责任内容"
keys Escape Escape                     # the list's search, the list
check_clean_exit
assert_eq "$(sql "select contract_id from contract_items where id = $first_item")" "$contract" \
    "the item left in its contract"
