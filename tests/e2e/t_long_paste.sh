# A 10,000-character paste into a field stops at the field's limit with a message; the wide
# characters are never cut and the screen keeps its width.
. "$(dirname "$0")/lib.sh"

start --form people "$DB"
wait_for "人员"
keys F7
wait_for "新增"
keys Tab Tab Tab Tab Tab Tab           # 职务: text, at most 200 characters
/usr/bin/python3 -c 'print("党建台账" * 2500, end="")' > "$WORK/paste.txt"
tmx load-buffer "$WORK/paste.txt"     # as a terminal paste arrives: one burst of input
tmx paste-buffer -t app
wait_for "职务：最多 200 个字"
assert_screen_fits 80
keys Escape
wait_for "记录已修改"
keys d
wait_for "共 "
keys Escape
check_clean_exit
