# Contracts: issue the village template to a township (drafts for every village, counts shown,
# a second issue skips them all), find the drafts by filtering the list, and score an item in
# the contract's grid: the derived total follows; a score above the weight is refused.
. "$(dirname "$0")/lib.sh"

township="邓元泰镇"
children=$(sql "select count(*) from units where parent_id = (select id from units where name = '$township')")

start --form template_issues "$DB"
wait_for "下发责任状"
keys F7
wait_for "新增"
type_text "村级"                       # the template, found by part of its name
keys Tab
wait_for "村级党建工作责任状"
type_text "dytz"                       # the issuer, by pinyin initials
keys Tab
wait_for "$township"
type_text "2027"
keys F2
wait_for "将向$township $children 个村（社区）下发 2027 年责任状？"
keys y
wait_for "已保存"
wait_for "新建份数：$children"
wait_for "已有跳过：0"
assert_eq "$(sql "select count(*) from contracts c join units u on u.id = c.signer_id
                  where c.year = 2027 and c.status = 'draft' and u.parent_id = (select id from units where name = '$township')")" \
    "$children" "drafts created"

keys F7 C-d Tab C-d Tab C-d            # the same again, by ditto: nothing new, nothing asked
wait_for "2027"
keys F2
wait_for "新建份数：0"
wait_for "已有跳过：$children"
keys Escape Escape
check_clean_exit

start --form contracts "$DB"
wait_for "党建工作责任状"
keys F4                                # filter: by year
wait_for "按年度"
keys Enter
wait_for "2027"
keys End Enter                         # the newest year is last
wait_for "年度：2027"
wait_for "草稿 $children"
wait_for "共 $children 条"

keys Enter                             # the first draft
wait_for "责任内容"
contract=$(sql "select max(id) from contracts where year = 2027")   # the list shows newest first
keys Tab Tab Tab Tab Tab Tab Tab Tab Tab # past the nine header fields into the items grid
keys Right Right Right Right Right     # 年中得分 of the first item
wait_for "0 至分值之间；扣分项目填扣除的分数"  # the cell's field help, as a form field shows its own
type_text "99"
keys Enter
wait_for "年中得分应在 0 与分值之间"
assert_eq "$(sql "select count(score_mid) from contract_items where contract_id = $contract")" 0 "nothing saved"
keys BSpace BSpace
type_text "12.5"
keys Enter
wait_for "已保存"
wait_for "年中得分：12.5"              # the derived total, from the view
assert_eq "$(sql "select total_mid from contracts_v where id = $contract")" "12.5" "derived total"
# the first mid-year score dated the assessment; the form shows it and a save keeps it
wait_for "年中评议日期：2"
keys F2
wait_for "已保存（编号 $contract）"
assert_eq "$(sql "select mid_assessed_on is not null from contracts where id = $contract")" 1 "assessment date kept"
keys Escape Escape
check_clean_exit
