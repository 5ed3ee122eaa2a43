#!/bin/sh
# lint.sh — the borders between layers: curses only in src/ui, sqlite3.h only in src/db,
# xlsxwriter, Pango and Cairo only in src/report; lower layers never include the ones above them.
# Checked twice: from the #include lines of the sources, and from the symbols each built object
# uses (nm -u), so that a private header or a hand-written prototype cannot slip past.
# The Makefile passes the objects of each layer in LINT_CORE, LINT_SPEC, LINT_DB, LINT_REPORT,
# LINT_UI and LINT_MAIN (the layer order, lowest first); without them only the sources are checked.
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
# ---- sizes --------------------------------------------------------------------------------
# No file in src over 800 lines, no function over 60 (its body, from the line after its opening
# brace to the line before its closing one: the sources put both braces of a function, and only
# of a function, at the start of a line).
MAX_FILE_LINES=800
MAX_FUNCTION_LINES=60
for f in $(find src -type f | sort); do
    n=$(wc -l < "$f")
    [ "$n" -le $MAX_FILE_LINES ] || violation "$f has $n lines (at most $MAX_FILE_LINES)"
    case "$f" in *.c) ;; *) continue ;; esac
    awk -v max=$MAX_FUNCTION_LINES -v file="$f" '
        /^[A-Za-z_]/ { signature = $0; at = FNR }
        /^\{/ { start = FNR; name = signature; from = at }
        /^\}/ && start {
            n = FNR - start - 1
            if (n > max)
                printf "%s:%d: %s is %d lines long (at most %d)\n", file, from, name, n, max
            start = 0
        }' "$f" > "${TMPDIR:-/tmp}/lint-functions.$$"
    while IFS= read -r line; do violation "$line"; done < "${TMPDIR:-/tmp}/lint-functions.$$"
    rm -f "${TMPDIR:-/tmp}/lint-functions.$$"
done

# ---- symbols ------------------------------------------------------------------------------
LAYERS="core spec db report ui main"
objects_of() { eval "echo \${LINT_$(echo "$1" | tr a-z A-Z):-}"; }

# the file a -lNAME resolves to, following a linker script's INPUT(...) to the real libraries
resolve_lib() { # NAME
    path=$(${CC:-cc} -print-file-name="lib$1.so")
    if nm -D "$path" >/dev/null 2>&1; then echo "$path"; return; fi
    for part in $(sed -n 's/.*INPUT(\(.*\)).*/\1/p' "$path"); do
        case "$part" in
            -l*) resolve_lib "${part#-l}" ;;
            *) ${CC:-cc} -print-file-name="$part" ;;
        esac
    done
}

# the symbols curses defines, from the libraries pkg-config names for ncursesw
curses_symbols() {
    for l in $(pkg-config --libs-only-l ncursesw | sed 's/-l//g'); do
        for lib in $(resolve_lib "$l"); do
            nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }'
        done
    done | sort -u
}

undefined_in() { nm -u "$@" 2>/dev/null | awk 'NF >= 2 { print $2 }' | sort -u; }
defined_in() { nm --defined-only "$@" 2>/dev/null | awk 'NF == 3 && $2 ~ /[A-Z]/ { print $3 }' | sort -u; }

# OBJECT uses a symbol of LIBRARY (an extended regex) that only ALLOWED may use
foreign_symbols() { # LAYER REGEX ALLOWED WHAT
    [ "$1" = "$3" ] && return
    for o in $(objects_of "$1"); do
        for s in $(undefined_in "$o" | grep -E "$2"); do
            violation "$o uses $s ($4 only in src/$3)"
        done
    done
}

# OBJECT uses a symbol that a layer above its own defines
upward_symbols() { # LAYER HIGHER_LAYER...
    layer=$1; shift
    higher=""
    for h in "$@"; do higher="$higher $(objects_of "$h")"; done
    [ -n "$(echo $higher)" ] || return
    defined_in $higher > "$tmp/higher"
    for o in $(objects_of "$layer"); do
        undefined_in "$o" | comm -12 - "$tmp/higher" | while read -r s; do
            echo "lint: $o uses $s, defined by a layer above $layer"
        done
    done
}

if [ -n "${LINT_CORE:-}" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    curses_symbols > "$tmp/curses"
    [ -s "$tmp/curses" ] || violation "no curses symbols found (pkg-config ncursesw, nm)"
    for layer in $LAYERS; do
        foreign_symbols "$layer" '^sqlite3_' db SQLite
        foreign_symbols "$layer" '^(workbook_|worksheet_|format_|chart_|lxw_)' report libxlsxwriter
        foreign_symbols "$layer" '^(pango_|cairo_|Fc[A-Z])' report Pango/Cairo/fontconfig
        if [ "$layer" != ui ]; then
            for o in $(objects_of "$layer"); do
                for s in $(undefined_in "$o" | grep -Fx -f "$tmp/curses"); do
                    violation "$o uses $s (curses only in src/ui)"
                done
            done
        fi
    done
    rest=$LAYERS
    for layer in $LAYERS; do
        rest=${rest#"$layer"}; rest=${rest# }
        upward_symbols "$layer" $rest > "$tmp/up"
        if [ -s "$tmp/up" ]; then cat "$tmp/up"; status=1; fi
    done
fi
[ $status -eq 0 ] && echo "lint: layers OK"
exit $status
