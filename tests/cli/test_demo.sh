# make demo's script runs to the end on the bundled sample and shows the
# summary and the public report.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

CHECKS=$((CHECKS + 1))
CRT="$CRT" bash "$CRT_SOURCE_DIR/data/demo.sh" > demo.out 2> demo.err || {
    cat demo.err >&2
    fail "the demo failed"
}
for expected in "imported 22 agencies" "imported 12 experts" "0 errors, 0 warnings"; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$expected" demo.err || fail "the demo did not say: $expected"
done
for expected in "Summary of requests by level" "# Collaborative Reform Initiative: public status"; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$expected" demo.out || fail "the demo did not show: $expected"
done

done_testing
