# Dialogs are screens on the stack like the rest: a resize while one is open redraws the screen
# under it at the new size and the box over it, centred again; a hang-up while "记录已修改" is
# open over an edited form keeps the form's draft, offered back at the next start.
. "$(dirname "$0")/lib.sh"

open_unit() {
    start --form units "$DB"
    wait_for "武冈市"
    keys Enter
    wait_for "代码"
}

before=$(sql "select coalesce(secretary, '') from units where code = '430581'")
open_unit
keys Tab Tab Tab Tab Tab               # 代码 名称 层级 城镇社区 上级单位 → 书记
keys End
type_text "改"
keys Escape
wait_for "记录已修改"
title_at=$(column_of "test.db")

# a resize: the form is drawn again under the box at 100×30, the box centred over it
tmx resize-window -t app -x 100 -y 30
i=0; until [ "$(column_of "test.db")" = $((title_at + 20)) ]; do
    i=$((i + 1)); [ $i -lt 200 ] || fail "the form under the box not drawn at the new width"; sleep 0.05
done
wait_for "记录已修改"
screen | grep -qF "代码" || fail "the form under the box is gone after the resize"
left=$(column_of "┌")
right=$(column_of "┐")
[ -n "$left" ] && [ -n "$right" ] || fail "the box's top corners"
margin=$((100 - 1 - right))
[ $((left - margin)) -le 1 ] && [ $((margin - left)) -le 1 ] ||
    fail "the box not centred at 100 columns: $left columns left of it, $margin right"
assert_screen_fits 100
# too small, then back: the enlarge message, then the form and its box again, nothing left over
tmx resize-window -t app -x 60 -y 20
wait_for "终端窗口太小"
tmx resize-window -t app -x 80 -y 24
wait_for "记录已修改"
wait_gone "终端窗口太小"
screen | grep -qF "代码" || fail "the form under the box is gone after the enlarge message"
keys Escape                            # keep editing: the box answers as before the resizes
wait_gone "记录已修改"
wait_for "改"

# a hang-up with the box open: the form's draft is kept
keys Escape
wait_for "记录已修改"
kill -HUP "$(app_pid)"
check_clean_exit 129
assert_eq "$(sql "select count(*) from drafts where form = 'units'")" 1 "the form's draft"
assert_eq "$(sql "select coalesce(secretary, '') from units where code = '430581'")" "$before" "nothing saved"

open_unit
wait_for "中断时未保存的内容，恢复吗"
keys y
wait_for "已恢复草稿"
screen | grep -qF "${before}改" || fail "the draft restored"
assert_eq "$(sql "select count(*) from drafts")" 0 "the draft forgotten once offered"
keys Escape
wait_for "记录已修改"
keys d
wait_for "共 1 条"
keys Escape
check_clean_exit
assert_eq "$(sql "select coalesce(secretary, '') from units where code = '430581'")" "$before" "unchanged"
