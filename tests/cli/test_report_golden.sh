# Every report in every format on the bundled sample, as of fixed days,
# compared byte for byte with tests/golden/. After a deliberate change to a
# report, regenerate with CRT_UPDATE_GOLDEN=1 and review the diff.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

golden="$CRT_SOURCE_DIR/tests/golden"
sample="$CRT_SOURCE_DIR/data/sample"
"$CRT" init -q
"$CRT" import agencies "$sample/agencies.csv" --date 2024-01-02 -q
"$CRT" import experts "$sample/experts.csv" --date 2024-01-02 -q
"$CRT" batch "$sample/engagements.crt" -q >/dev/null

compare() {
    local name=$1
    shift
    CHECKS=$((CHECKS + 1))
    "$CRT" "$@" >"$TEST_DIR/.out" 2>"$TEST_DIR/.err" || fail "crt $* failed"
    if [ "${CRT_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$TEST_DIR/.out" "$golden/$name"
    elif ! cmp -s "$TEST_DIR/.out" "$golden/$name"; then
        diff -u "$golden/$name" "$TEST_DIR/.out" | head -40 >&2
        fail "crt $* differs from tests/golden/$name"
    fi
}

for format in table csv tsv md json ndjson; do
    for report in summary overdue workload topics timeliness; do
        compare "$report.$format" report "$report" --as-of 2026-06-30 --format "$format"
    done
    compare "agency.$format" report agency AZ0070300 --as-of 2026-06-30 --format "$format"
    compare "public.$format" report public --as-of 2026-06-30 --format "$format"
    compare "public-detail.$format" report public --detail --as-of 2026-06-30 --format "$format"
done
# A 6-, 12- and 18-month progress report on one assessment, produced after the fact.
for day in 2024-11-20 2025-05-20 2025-11-20; do
    compare "public-detail-request-8-$day.csv" report public --detail --agency MD0160500 --as-of "$day" --format csv
done
# Filters.
compare "summary-filtered.md" report summary --as-of 2026-06-30 --level tac,critical --state TX --format md
compare "overdue-expert.csv" report overdue --as-of 2026-06-30 --expert dokafor --format csv

done_testing
