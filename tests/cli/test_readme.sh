# The README's first session runs as written, against the built crt, and
# its six-month public report holds the recommendation it adds.
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

mkdir bin
ln -s "$CRT" bin/crt
# shellcheck disable=SC2016 # sed addresses, not shell expansions
sed -n '/^## A first session/,/^## /p' "$CRT_SOURCE_DIR/README.md" |
    sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' > session.sh
CHECKS=$((CHECKS + 1))
[ "$(grep -c '^crt \|crt ' session.sh)" -gt 10 ] || fail "no first session found in README.md"
# The import it shows reads a requests.csv of the user's; here, one row.
cat > requests.csv <<'CSV'
agency,level,title,topics,received
CA0194200,tac,Crisis intervention coaching,crisis-intervention,2026-02-02
CSV
# And the batch it tries: a week's lines, the second using the first's id.
cat > week.crt <<'CRT'
request new --agency CA0194200 --level tac --title "Crisis intervention coaching" --topic crisis-intervention --received 2026-02-02
milestone add $1 --kind meeting --title "Kick-off call"
CRT
CHECKS=$((CHECKS + 1))
PATH="$TEST_DIR/bin:$PATH" bash -e session.sh > session.out 2> session.err ||
    fail "the README's first session failed: $(cat session.err)"
CHECKS=$((CHECKS + 1))
grep -q "Adopt a duty\\\\-to\\\\-intervene policy\|Adopt a duty-to-intervene policy" six-month-report.md ||
    fail "the six-month report has no recommendation: $(cat six-month-report.md)"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a summary.md)" = 600 ] || fail "summary.md has mode $(stat -c %a summary.md)"
CHECKS=$((CHECKS + 1))
[ -s history.ndjson ] || fail "no history.ndjson"
CHECKS=$((CHECKS + 1))
grep -q "rolled it back" session.err || fail "the batch dry run said nothing: $(cat session.err)"
expect_sql program.db "SELECT count(*) FROM request" 1
done_testing
