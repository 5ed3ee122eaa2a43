# Esc then a digit is the F-key of that number at a person's pace: Esc, 300 ms, 2 saves the form.
# Nothing after an Esc makes it a plain Esc.
. "$(dirname "$0")/lib.sh"

name=$(sql "SELECT name FROM people ORDER BY name_key, id LIMIT 1")
start --form people "$DB"
wait_for "$name"
keys Enter
wait_for "身份证号"
keys Tab Tab Tab Tab Tab Tab             # to 职务
keys End
type_text "（兼）"
wait_for "（兼）"
# Esc, 300 ms, 2 in one tmux command: the pause is timed by the tmux server, so that a client
# slow to start on a loaded machine does not stretch it
tmx send-keys -t app Escape \; run-shell "sleep 0.3" \; send-keys -t app 2
wait_for "已保存"
assert_eq "$(sql "SELECT post LIKE '%（兼）' FROM people WHERE name = '$name' ORDER BY id LIMIT 1")" 1 \
    "saved by Esc 2"
keys Escape                              # and nothing after it: a plain Esc, back to the list
wait_for "按姓名"
keys Escape
check_clean_exit
