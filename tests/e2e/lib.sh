# lib.sh — helpers for end-to-end tests: the real binary in a detached tmux at 80×24 with a
# UTF-8 locale. Tests wait for text on the screen (never fixed sleeps), type with the real key
# names, and check the database with the sqlite3 command line. Sourced by each t_*.sh.
set -u

: "${TZ_BIN:?TZ_BIN must name the taizhang binary}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/tz-e2e.XXXXXX)
SOCK="tz-e2e-$$"
DB="$WORK/test.db"
APPLOG="$WORK/stderr.log"
export LC_ALL=C.UTF-8 LANG=C.UTF-8
# the sanitizer build ignores the known leak of a system library (tests/lsan.supp)
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$TOP/tests/lsan.supp:print_suppressions=0}"
unset NO_COLOR TAIZHANG_DB
cp "$TOP/sample.db" "$DB"

tmx() { tmux -L "$SOCK" -f /dev/null "$@"; }

# Every sqlite3 of a test waits for a lock as taizhang does, rather than failing at once with
# "database is locked" while the program it checks holds one (a start-up, a save).
sqlite3() { command sqlite3 -cmd ".timeout 10000" "$@"; }

cleanup() {
    tmx kill-server 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    echo "---- screen ----" >&2
    screen >&2 2>/dev/null
    echo "---- stderr ----" >&2
    cat "$APPLOG" >&2 2>/dev/null
    exit 1
}

# start ARGS... — runs taizhang ARGS in a new 80×24 session; stderr goes to $APPLOG so a
# sanitizer report is seen by check_clean_exit, and the exit status (128+N for a signal) to
# $EXITFILE when it ends.
EXITFILE="$WORK/exit-status"
start() {
    tmx kill-session -t app 2>/dev/null   # the previous run of this test, if any
    rm -f "$EXITFILE"
    local cmd
    cmd="$(printf '%q ' "$TZ_BIN" "$@") 2>$(printf '%q' "$APPLOG"); echo \$? > $(printf '%q' "$EXITFILE")"
    # One tmux command makes the session and keeps its pane after the program ends. Killing the
    # previous session ends a server left with none, and it exits while the next command may
    # already have reached it ("server exited unexpectedly", before the program ran): then the
    # session is made again, once the old server is gone.
    local tries=0
    until tmx new-session -d -x 80 -y 24 -s app "$cmd" \; set-option -t app remain-on-exit on \
            2>>"$WORK/tmux.err" && tmx has-session -t app 2>/dev/null; do
        tries=$((tries + 1))
        [ $tries -lt 3 ] || fail "tmux could not start a session: $(cat "$WORK/tmux.err")"
        sleep 0.2
    done
    [ -n "${NO_SIGNIN:-}" ] || sign_in app
}

# The demo accounts of sample.db (README), by login.
password_of() {
    case "$1" in
        admin) echo Admin-2026 ;; wang) echo Wang-2026 ;;
        longxi) echo Longxi-2026 ;; chakan) echo Chakan-2026 ;;
    esac
}

# sign_in [SESSION [LOGIN]] — answers the sign-in box of a session (default: app as the
# administrator, or $TZ_LOGIN) when the database has users.
sign_in() {
    local s=${1:-app} login=${2:-${TZ_LOGIN:-admin}} i=0
    [ "$(sqlite3 -batch "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'users'")" = 1 ] || return 0
    [ "$(sqlite3 -batch "$DB" 'SELECT count(*) FROM users')" -gt 0 ] || return 0
    while ! tmx capture-pane -p -t "$s" | grep -qF "登录名"; do
        i=$((i + 1)); [ $i -lt 600 ] || fail "no sign-in box in $s after 30 s"; sleep 0.05
    done
    tmx send-keys -t "$s" -l "$login"
    tmx send-keys -t "$s" Tab
    tmx send-keys -t "$s" -l "$(password_of "$login")"
    tmx send-keys -t "$s" Enter
}

# app_pid — the process id of taizhang (a child of the pane's shell).
app_pid() {
    local i=0 pid=""
    while [ -z "$pid" ] && [ $i -lt 100 ]; do
        pid=$(pgrep -P "$(tmx display-message -p -t app '#{pane_pid}')" | head -n 1)
        [ -n "$pid" ] || sleep 0.05
        i=$((i + 1))
    done
    echo "$pid"
}

screen() { tmx capture-pane -p -t app; }

# wait_for TEXT [SECONDS] — until TEXT is on the screen.
wait_for() {
    local text=$1 limit=${2:-15} i=0
    while [ $i -lt $((limit * 20)) ]; do
        screen | grep -qF -- "$text" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    fail "text not on screen after ${limit}s: $text"
}

# wait_gone TEXT — until TEXT has left the screen.
wait_gone() {
    local text=$1 i=0
    while [ $i -lt 300 ]; do
        screen | grep -qF -- "$text" || return 0
        sleep 0.05
        i=$((i + 1))
    done
    fail "text still on screen: $text"
}

keys() { tmx send-keys -t app "$@"; }        # key names: F2 Enter Tab BSpace Escape ...
type_text() { tmx send-keys -t app -l "$1"; } # literal text, Chinese included

# cursor — "x y" of the terminal cursor, in display columns.
cursor() { tmx display-message -p -t app '#{cursor_x} #{cursor_y}'; }

# sql QUERY — the result of a query on the test database.
sql() { sqlite3 -batch "$DB" "$1"; }

assert_eq() { # ACTUAL EXPECTED WHAT
    [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# The display width of every screen line stays within the terminal: a Chinese character counts 2.
assert_screen_fits() { # COLS
    screen | /usr/bin/python3 -c '
import sys, unicodedata
cols = int(sys.argv[1])
for n, line in enumerate(sys.stdin.read().splitlines(), 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in line)
    if w > cols:
        sys.exit("line %d is %d columns wide: %s" % (n, w, line))
' "$1" || fail "screen wider than $1 columns"
}

# The display column where TEXT starts on the screen line that holds it.
column_of() {
    screen | /usr/bin/python3 -c '
import sys, unicodedata
text = sys.argv[1]
for line in sys.stdin.read().splitlines():
    i = line.find(text)
    if i >= 0:
        print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:i])); break
' "$1"
}

# wait_exit — until the program has ended; fails after 10 s.
wait_exit() {
    local i=0
    while [ $i -lt 200 ]; do
        [ -s "$EXITFILE" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    fail "taizhang did not exit"
}

# After the program ended: the exit status (default 0) and nothing on stderr (a sanitizer
# would print there).
check_clean_exit() {
    wait_exit
    [ -s "$APPLOG" ] && fail "taizhang wrote to stderr"
    assert_eq "$(cat "$EXITFILE")" "${1:-0}" "exit status"
}
