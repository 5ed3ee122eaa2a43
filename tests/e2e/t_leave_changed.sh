# Leaving a changed form asks first: Esc keeps editing, D discards and changes nothing.
. "$(dirname "$0")/lib.sh"

before=$(sql "select coalesce(secretary, '') from units where code = '430581'")
start --form units "$DB"
wait_for "武冈市"
keys Enter
wait_for "代码"
keys Tab Tab Tab Tab Tab               # 代码 名称 层级 城镇社区 上级单位 → 书记
keys End
type_text "改"
keys Escape
wait_for "记录已修改"
keys Escape                            # keep editing
wait_gone "记录已修改"
wait_for "改"
keys Escape
wait_for "记录已修改"
keys d                                 # discard
wait_for "共 1 条"
assert_eq "$(sql "select coalesce(secretary, '') from units where code = '430581'")" "$before" "unchanged"
keys Escape
check_clean_exit
