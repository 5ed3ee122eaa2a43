# keycount.sh — for the scripts that measure how many keys a clerk's everyday task takes
# (t_keys_*.sh, the README's table "常用操作的按键"). Every key beyond the typed content goes
# through `key`, one at a time, and is counted; what the clerk types (names, codes, amounts,
# pinyin initials) goes through type_text and is not. Sourced after lib.sh.
KEYS=0

key() { # KEY... — tmux key names, each one counted
    local k
    for k in "$@"; do
        tmx send-keys -t app "$k"
        KEYS=$((KEYS + 1))
    done
}

assert_keys() { # MOST TASK — the keys counted so far stay within MOST
    echo "$2: $KEYS keys beyond the typed content (at most $1)"
    [ "$KEYS" -le "$1" ] || fail "$2 took $KEYS keys beyond the typed content, more than $1"
}
