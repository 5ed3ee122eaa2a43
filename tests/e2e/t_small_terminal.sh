# A terminal smaller than 80×24 gets the enlarge message; the screen comes back when resized.
. "$(dirname "$0")/lib.sh"

start "$DB"
wait_for "党建台账"
tmx resize-window -t app -x 60 -y 20
wait_for "终端窗口太小"
assert_screen_fits 60
tmx resize-window -t app -x 80 -y 24
wait_for "组织机构"
wait_gone "终端窗口太小"
tmx resize-window -t app -x 100 -y 30
keys 1
wait_for "武冈市"
assert_screen_fits 100
keys Escape
wait_for "组织机构"
keys q
wait_for "退出系统？"
keys Enter
check_clean_exit
