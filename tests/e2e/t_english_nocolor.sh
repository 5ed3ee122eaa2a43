# English labels when the locale asks for them; NO_COLOR still shows the selection (reverse).
. "$(dirname "$0")/lib.sh"

tmx new-session -d -x 80 -y 24 -s app \
    "LANG=en_US.UTF-8 LC_ALL= NO_COLOR=1 $(printf '%q ' "$TZ_BIN") $(printf '%q' "$DB") 2>$(printf '%q' "$APPLOG"); echo \$? > $(printf '%q' "$EXITFILE")"
wait_for "Login:"
keys -l admin
keys Tab
keys -l Admin-2026
keys Enter
wait_for "Party-building ledgers"
wait_for "Units"
keys u
wait_for "Find:"
wait_for "Code"
wait_for "rows"
# The selected row is drawn in reverse video: SGR 7 in the captured escape sequences.
tmx capture-pane -e -p -t app | grep -q $'\e\\[7m' || fail "no reverse video for the selection"
tmx capture-pane -e -p -t app | grep -qE $'\e\\[3[0-7]m|\e\\[4[0-7]m' && fail "colour used under NO_COLOR"
keys Escape
wait_for "Quit"
keys q
wait_for "Quit?"
keys Enter
check_clean_exit
