# `make lint` keeps files and functions short: a scratch file in src/ui over 800 lines fails it,
# and so does a function over 60 lines; the scratch files are removed after. The limits are
# read from src/tools/lint.sh.
. "$(dirname "$0")/lib.sh"

max_file=$(sed -n 's/^MAX_FILE_LINES=//p' "$TOP/src/tools/lint.sh")
max_function=$(sed -n 's/^MAX_FUNCTION_LINES=//p' "$TOP/src/tools/lint.sh")
[ -n "$max_file" ] && [ -n "$max_function" ] || fail "the limits in lint.sh"

probe=lint_size_probe_$$
src="$TOP/src/ui/$probe.c"
remove_probe() { rm -f "$src" "$TOP/build/asan/src/ui/$probe.o" "$TOP/build/asan/src/ui/$probe.d"; }
trap 'remove_probe; cleanup' EXIT
lint() { make -C "$TOP" --no-print-directory VARIANT=asan lint > "$WORK/lint" 2>&1; }

# function N — a function whose body is N lines
function_of() {
    echo "int $probe(int x);"
    echo "int $probe(int x)"
    echo "{"
    i=1; while [ $i -lt $1 ]; do echo "    x += $i;"; i=$((i + 1)); done
    echo "    return x;"
    echo "}"
}

function_of "$max_function" > "$src"
lint || fail "a function of $max_function lines failed lint: $(cat "$WORK/lint")"

function_of $((max_function - 1)) > "$src"
i=$(wc -l < "$src"); while [ "$i" -le "$max_file" ]; do echo "/* $i */" >> "$src"; i=$((i + 1)); done
lint && fail "a file of $((max_file + 1)) lines passed lint"
grep -q "src/ui/$probe.c has $((max_file + 1)) lines" "$WORK/lint" || fail "lint said: $(cat "$WORK/lint")"

function_of $((max_function + 1)) > "$src"
lint && fail "a function of $((max_function + 1)) lines passed lint"
grep -q "src/ui/$probe.c:2: int $probe(int x) is $((max_function + 1)) lines long" "$WORK/lint" ||
    fail "lint said: $(cat "$WORK/lint")"

remove_probe
lint || fail "lint after the probe was removed: $(cat "$WORK/lint")"
grep -qx "lint: layers OK" "$WORK/lint" || fail "lint said: $(cat "$WORK/lint")"
echo "ok"
