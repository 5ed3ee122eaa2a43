# What goes wrong with files reaches the clerk as one line in Chinese saying what happened and
# what to do — never SQLite's or the system's English (unable to open database file, disk I/O
# error, No such file or directory, libxlsxwriter's [ERROR] lines). A password over the limit
# is refused, not cut.
. "$(dirname "$0")/lib.sh"

english='unable to open|readonly database|disk is full|I/O error|No such file|Permission denied|No space left|\[ERROR\]|Zip|System error'
one_chinese_line() { # FILE WHAT EXPECTED
    [ "$(wc -l < "$1")" -eq 1 ] || fail "$2: not one line: $(cat "$1")"
    grep -qE "$english" "$1" && fail "$2: English system text: $(cat "$1")"
    grep -qF "$3" "$1" || fail "$2: no '$3' in: $(cat "$1")"
}

"$TZ_BIN" check "$DB" >/dev/null || fail "check"   # the schema brought up to date

# a report file into a folder that does not exist
echo Chakan-2026 | "$TZ_BIN" print contracts --year 2026 --to "$WORK/nowhere/c.txt" --user chakan "$DB" \
    >/dev/null 2>"$WORK/err" && fail "printed into a missing folder"
one_chinese_line "$WORK/err" "missing folder" "文件夹不存在"

# a password too long for the limit: refused, and nothing created
long=$(printf 'x%.0s' $(seq 1 300))
echo "$long" | "$TZ_BIN" init "$WORK/long.db" >/dev/null 2>"$WORK/err" && fail "init took a 300-character password"
one_chinese_line "$WORK/err" "long password" "密码太长"
[ -e "$WORK/long.db" ] && fail "init with a refused password left a file"
long=$(printf '密%.0s' $(seq 1 65))
echo "$long" | "$TZ_BIN" init "$WORK/long.db" >/dev/null 2>"$WORK/err" && fail "init took a 65-character password"
one_chinese_line "$WORK/err" "65 characters" "密码太长"

if [ "$(id -u)" = 0 ]; then
    # a database its user may not read
    mkdir -m 755 "$WORK/private"
    cp "$DB" "$WORK/private/city.db"
    chmod 600 "$WORK/private/city.db"
    chmod 755 "$WORK"
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$TZ_BIN" check "$WORK/private/city.db" \
        >/dev/null 2>"$WORK/err" && fail "nobody read a private database"
    one_chinese_line "$WORK/err" "private database" "没有读写数据库文件"

    # an export onto a full disk (a tiny tmpfs, where the machine allows mounting one)
    mkdir "$WORK/usb"
    if mount -t tmpfs -o size=16k tmpfs "$WORK/usb" 2>/dev/null; then
        echo Chakan-2026 | "$TZ_BIN" export quarterly --year 2026 --quarter 3 -o "$WORK/usb/q.xlsx" \
            --user chakan "$DB" >/dev/null 2>"$WORK/err"; st=$?
        echo Admin-2026 | "$TZ_BIN" backup --user admin "$DB" "$WORK/usb" >/dev/null 2>"$WORK/err2"; st2=$?
        left=$(ls -A "$WORK/usb")
        umount "$WORK/usb"
        [ $st -ne 0 ] || fail "export onto a full disk succeeded"
        one_chinese_line "$WORK/err" "export onto a full disk" "磁盘已满"
        [ $st2 -ne 0 ] || fail "backup onto a full disk succeeded"
        one_chinese_line "$WORK/err2" "backup onto a full disk" "磁盘已满"
        [ -z "$left" ] || fail "a full disk kept half a file: $left"
    fi
fi
exit 0
