# A real print queue end to end: cupsd in a temporary configuration (its own folder and socket)
# with a cups-pdf queue as the default destination; a contract and the contract summary
# printed through the default print command (lp); the PDF cups-pdf wrote read back as the
# program's own is: the Chinese font embedded, A4, the names and figures of the database.
# Skipped, saying why, only where cupsd cannot start (not root, no cupsd).
. "$(dirname "$0")/lib.sh"
tz() { echo Admin-2026 | "$TZ_BIN" "$@" --user admin; }

C="$WORK/cups"
Q="taizhang-test-$$"
QCONF="/etc/cups/cups-pdf-$Q.conf"   # cups-pdf reads a queue's settings only from /etc/cups
CUPSD_PID=""
stop_cups() {
    [ -n "$CUPSD_PID" ] && kill "$CUPSD_PID" 2>/dev/null && wait "$CUPSD_PID" 2>/dev/null
    rm -f "$QCONF"
    cleanup
}
trap stop_cups EXIT
skip() { echo "SKIP t_cups: $*"; exit 0; }

[ "$(id -u)" -eq 0 ] || skip "cupsd needs root to run its filters and backends"
command -v cupsd > /dev/null || skip "cupsd is not installed (make deps installs cups)"
[ -x /usr/lib/cups/backend/cups-pdf ] || skip "the cups-pdf backend is not installed"

mkdir -p "$C/spool" "$C/tmp" "$C/cache" "$C/state" "$C/out"
chmod 755 "$WORK" "$C"
chmod 1777 "$C/tmp"   # the filters run as lp
cat > "$C/cupsd.conf" <<EOF
Listen $C/cups.sock
LogLevel warn
<Location />
  Order allow,deny
  Allow all
</Location>
EOF
cat > "$C/cups-files.conf" <<EOF
ServerRoot $C
RequestRoot $C/spool
TempDir $C/tmp
CacheDir $C/cache
StateDir $C/state
ErrorLog $C/error_log
AccessLog $C/access_log
PageLog $C/page_log
SystemGroup root
EOF
cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" 2>"$C/cupsd.err" &
CUPSD_PID=$!
export CUPS_SERVER="$C/cups.sock"
i=0
until [ "$(lpstat -r 2>/dev/null)" = "scheduler is running" ]; do   # lpstat -r exits 0 either way
    i=$((i + 1))
    kill -0 "$CUPSD_PID" 2>/dev/null || skip "cupsd cannot start here: $(head -n 1 "$C/cupsd.err")"
    [ $i -lt 100 ] || skip "cupsd did not answer within 10 s"
    sleep 0.1
done

printf 'Out %s\nAnonDirName %s\nLog %s\n' "$C/out" "$C/out" "$C" > "$QCONF"
# cups-pdf is a PostScript printer: CUPS turns the PDF into PostScript first. Its default
# renderer (Ghostscript) prints the characters right but as pictures, which no reader can turn
# back into text; the queue renders with pdftocairo instead, which keeps the text, so that the
# test can read what was printed.
lpadmin -p "$Q" -E -v "cups-pdf:/$Q" -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd \
        -o pdftops-renderer-default=pdftocairo 2>"$C/lpadmin.err" \
    || fail "lpadmin could not add the cups-pdf queue: $(grep -v deprecated "$C/lpadmin.err")"
lpadmin -d "$Q" || fail "lpadmin -d"
assert_eq "$(sql 'SELECT print_command FROM settings')" "lp" "the default print command"

# waits until the queue is empty and cups-pdf has written its COUNTth PDF, named in $PRINTED
PRINTED=""
await_pdf() { # COUNT
    local i=0
    while [ -n "$(lpstat -o "$Q")" ] || [ "$(ls "$C/out" | grep -c '\.pdf$')" -lt "$1" ]; do
        i=$((i + 1))
        [ $i -lt 1200 ] || fail "cups-pdf wrote no PDF in 120 s: $(grep -v '^[dD]' "$C/error_log" | tail -n 5)"
        sleep 0.1
    done
    PRINTED="$C/out/$(ls -t "$C/out" | grep '\.pdf$' | head -n 1)"
}

# the PDF read back: its fonts embedded and subset (after PostScript they have lost their
# names; that the Chinese text reads back shows what they hold), every page A4, as many pages
# as the program's own PDF
check_pdf() { # FILE WHAT OWN_PDF
    pdffonts "$1" | tail -n +3 | grep -q . || fail "$2: no fonts"
    pdffonts "$1" | tail -n +3 | grep -v " yes yes " && fail "$2: a font not embedded as a subset"
    pdfinfo -f 1 -l 1000 "$1" | grep "^Page .* size:" | grep -vq "(A4)" && fail "$2: a page not A4"
    assert_eq "$(pdfinfo "$1" | grep Pages:)" "$(pdfinfo "$3" | grep Pages:)" "$2: pages"
}

id=$(sql "SELECT min(id) FROM contracts WHERE status = 'assessed'")
tz print contract "$id" "$DB" > "$WORK/out.txt" 2>"$APPLOG" || fail "print contract through lp"
await_pdf 1
tz print contract "$id" --to "$WORK/own.pdf" "$DB" > /dev/null
check_pdf "$PRINTED" "the contract" "$WORK/own.pdf"
pdftotext -layout "$PRINTED" "$WORK/contract.txt"
grep -qF "党建工作责任状" "$WORK/contract.txt" || fail "the contract's title"
for name in $(sql "SELECT u.name FROM contracts c JOIN units u ON u.id IN (c.issuer_id, c.signer_id) WHERE c.id = $id"); do
    grep -qF "$name" "$WORK/contract.txt" || fail "the contract names no $name"
done
for score in $(sql "SELECT printf('%.2f', score_final) FROM contract_items WHERE contract_id = $id"); do
    grep -qF "$score" "$WORK/contract.txt" || fail "the contract has no score $score"
done
grep -qF "书记（签字）" "$WORK/contract.txt" || fail "the signature block"
grep -q '^ *[、，。；：）”」]' "$WORK/contract.txt" && fail "a printed line starts with closing punctuation"

tz print contracts --year 2025 "$DB" > "$WORK/out.txt" 2>"$APPLOG" || fail "print the summary through lp"
await_pdf 2
tz print contracts --year 2025 --to "$WORK/own.pdf" "$DB" > /dev/null
check_pdf "$PRINTED" "the summary" "$WORK/own.pdf"
pdftotext -layout "$PRINTED" "$WORK/summary.txt"
grep -qF "武冈市2025年党建工作责任状签订和考评汇总表" "$WORK/summary.txt" || fail "the summary's title"
for name in $(sql "SELECT name FROM units WHERE level = 'township'"); do
    grep -qF "$name" "$WORK/summary.txt" || fail "the summary has no $name"
done
for total in $(sql "SELECT printf('%.2f', ct.total_final) FROM contracts c JOIN contract_totals ct ON ct.contract_id = c.id
                    JOIN units i ON i.id = c.issuer_id WHERE i.level = 'city' AND c.year = 2025"); do
    grep -qF "$total" "$WORK/summary.txt" || fail "the summary has no total $total"
done
exit 0
