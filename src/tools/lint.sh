#!/bin/sh
# lint.sh — the borders between layers: curses only in src/ui, sqlite3.h only in
# src/db, xlsxwriter, Pango and Cairo only in src/report; lower layers never include the ones above them.
set -u
status=0
violation() { echo "lint: $1"; status=1; }

check() { # PATTERN ALLOWED_DIR WHAT
    for f in $(grep -rlE "$1" src include 2>/dev/null); do
        case "$f" in "$2"/*) ;; *) violation "$f includes $3 (only $2 may)" ;; esac
    done
}
check '#include *[<"](n?curses|ncursesw/|form|menu|panel)\.h' src/ui curses
check '#include *[<"]sqlite3\.h' src/db sqlite3.h
check '#include *[<"]xlsxwriter' src/report xlsxwriter
check '#include *[<"](pango|cairo|fontconfig)' src/report Pango/Cairo

# Layer order: core < spec < db < report < ui. A layer may include only those below it.
upward() { # DIR HEADER...
    dir=$1; shift
    for h in "$@"; do
        for f in $(grep -rl "#include \"taizhang/$h\"" "$dir" 2>/dev/null); do
            violation "$f includes taizhang/$h from a lower layer"
        done
    done
}
upward src/core spec.h db.h report.h ui.h
upward src/spec db.h report.h ui.h
upward src/db report.h ui.h
upward src/report ui.h

# Lower layers return errors; they never print.
for f in $(grep -rlE --include='*.c' --include='*.h' '\b(printf|puts|perror)\(|fprintf\(std(out|err)' src/core src/spec src/db src/report 2>/dev/null); do
    violation "$f prints; lower layers return errors instead"
done
[ $status -eq 0 ] && echo "lint: layers OK"
exit $status
