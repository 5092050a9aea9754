# make demo's script runs to the end on the bundled sample, shows the
# summary and the public report, and publishes the site, naming its index.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

CHECKS=$((CHECKS + 1))
CRT="$CRT" CRT_DEMO_SITE="$TEST_DIR/demo-site" bash "$CRT_SOURCE_DIR/data/demo.sh" > demo.out 2> demo.err || {
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

CHECKS=$((CHECKS + 1))
[ -s demo-site/index.html ] || fail "the demo did not publish the site"
CHECKS=$((CHECKS + 1))
tail -1 demo.out | grep -qF "open $TEST_DIR/demo-site/index.html in a browser" ||
    fail "the demo did not end with the path of the site: $(tail -1 demo.out)"

done_testing
