# `make lint` checks the layers' borders from the symbols of the built objects: a scratch ui
# object that calls sqlite3_exec through a hand-written prototype (no sqlite3.h to catch) fails
# it, and so does a report object that calls up into the ui. The scratch files are removed after.
. "$(dirname "$0")/lib.sh"

probe=lint_probe_$$
probes="$TOP/src/ui/$probe.c $TOP/src/report/$probe.c"
remove_probes() {
    for dir in src/ui src/report; do
        rm -f "$TOP/$dir/$probe.c" "$TOP/build/asan/$dir/$probe.o" "$TOP/build/asan/$dir/$probe.d"
    done
}
trap 'remove_probes; cleanup' EXIT
lint() { make -C "$TOP" --no-print-directory VARIANT=asan lint > "$WORK/lint" 2>&1; }

lint || fail "lint of the tree as it is: $(cat "$WORK/lint")"
grep -qx "lint: layers OK" "$WORK/lint" || fail "lint said: $(cat "$WORK/lint")"

cat > "$TOP/src/ui/$probe.c" <<'C'
int sqlite3_exec(void *db, const char *sql, void *callback, void *arg, char **error);
int lint_probe_ui(void);
int lint_probe_ui(void) { return sqlite3_exec(0, "select 1", 0, 0, 0); }
C
lint && fail "a ui object calling sqlite3_exec passed lint"
grep -q "src/ui/$probe.o uses sqlite3_exec" "$WORK/lint" || fail "lint said: $(cat "$WORK/lint")"
rm -f $probes

cat > "$TOP/src/report/$probe.c" <<'C'
void ui_refresh(void);
void lint_probe_report(void);
void lint_probe_report(void) { ui_refresh(); }
C
lint && fail "a report object calling into the ui passed lint"
grep -q "src/report/$probe.o uses ui_refresh, defined by a layer above report" "$WORK/lint" \
    || fail "lint said: $(cat "$WORK/lint")"
remove_probes
lint || fail "lint after the probes were removed: $(cat "$WORK/lint")"
echo "ok"
