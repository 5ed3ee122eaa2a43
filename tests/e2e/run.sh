#!/bin/sh
# run.sh [NAME...] — runs every end-to-end test (tests/e2e/t_*.sh), or the named ones, against
# $TZ_BIN, and ends with the line "N passed, N failed".
set -u
dir=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
if [ $# -gt 0 ]; then
    tests=$(for n in "$@"; do echo "$dir/t_$n.sh"; done)
else
    tests=$(ls "$dir"/t_*.sh)
fi
for t in $tests; do
    name=$(basename "$t" .sh)
    if bash "$t" > "/tmp/$name.$$.log" 2>&1; then
        echo "ok      $name"
        sed -n 's/^SKIP /        skipped: /p' "/tmp/$name.$$.log"   # a test that could not run here says why
        passed=$((passed + 1))
    else
        echo "FAILED  $name"
        sed 's/^/    /' "/tmp/$name.$$.log"
        failed=$((failed + 1))
    fi
    rm -f "/tmp/$name.$$.log"
done
echo "e2e: $passed passed, $failed failed"
[ $failed -eq 0 ]
