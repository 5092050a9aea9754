# One date-range vocabulary: every list and report that filters on a date
# range takes --since DATE and --until DATE, both inclusive; the old --from
# and --to still work, hidden, with a warning naming the new option.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
for day in 2025-01-31 2025-02-01 2025-02-15 2025-02-28 2025-03-01; do
    "$CRT" request new --agency CA0194200 --level tac --title "Received $day" --topic de-escalation \
        --received "$day" >/dev/null
done
"$CRT" request status 2 --to accepted --date 2025-02-10 -q

ids() { out | tail -n +2 | cut -f1 | tr '\n' ' '; }

# request list: on the received date, both ends included.
run 0 request list --format tsv --since 2025-02-01 --until 2025-02-28
[ "$(ids)" == "2 3 4 " ] || fail "--since/--until listed $(ids)"
expect_err_empty
run 0 request list --format tsv --since 2025-02-28
[ "$(ids)" == "4 5 " ] || fail "--since alone listed $(ids)"
run 0 request list --format tsv --until 2025-01-31
[ "$(ids)" == "1 " ] || fail "--until alone listed $(ids)"
run 0 request list --format tsv --since 2025-02-15 --until 2025-02-15
[ "$(ids)" == "3 " ] || fail "a one-day range listed $(ids)"

# The old spellings give the same rows and one warning (none with -q).
run 0 request list --format tsv --from 2025-02-01 --to 2025-02-28
[ "$(ids)" == "2 3 4 " ] || fail "--from/--to listed $(ids)"
expect_err_has "crt: warning: --from is deprecated; use --since"
expect_err_has "crt: warning: --to is deprecated; use --until"
CHECKS=$((CHECKS + 1))
[ "$(err | wc -l)" -eq 2 ] || fail "one warning per old option: $(err)"
run 0 request list --format tsv --from=2025-02-01 -q
[ "$(ids)" == "2 3 4 5 " ] || fail "--from= listed $(ids)"
expect_err_empty
run 0 request list --help
expect_out_has "--since"
expect_out_has "--until"
expect_out_lacks "--from "
expect_out_lacks "--to "
# request status --to STATUS is not a date range and stays.
run 0 request status 3 --to accepted --date 2025-02-20

# Refusals, each one line naming the option (exit 2), nothing else printed.
run 2 request list --since 2025-02-30
expect_err_has "--since: '2025-02-30' is not a real date"
run 2 request list --until 20250201
expect_err_has "--until: '20250201' is not a real date"
run 2 request list --from 2025-02-30
expect_err_has "crt: error: --from: '2025-02-30' is not a real date (YYYY-MM-DD)"
run 2 request list --to
expect_err_has "crt: error: --to: '' is not a real date (YYYY-MM-DD)"
run 2 request list --since 2025-03-01 --until 2025-02-01
expect_err_has "crt: error: --until 2025-02-01 is before --since 2025-03-01"
run 2 request list --from 2025-03-01 --to 2025-02-01
expect_err_has "crt: error: --until 2025-02-01 is before --since 2025-03-01"
run 2 request list --from 2025-02-01 --since 2025-02-01
expect_err_has "crt: error: --from is the old name of --since: give only one of them"
run 2 request list --to 2025-02-01 --to 2025-02-02
expect_err_has "crt: error: --to takes one date, given once"
run 2 request list --since 2025-02-01 --since 2025-02-02
expect_err_has "--since"
# A later error keeps stderr to its one line: the warning is not printed.
run 7 request list --from 2025-02-01 --db missing.db

# Reports: the same options on the received date, in every report.
for report in summary overdue workload topics timeliness "agency CA0194200" public; do
    # shellcheck disable=SC2086
    run 0 report $report --as-of 2025-03-31 --since 2025-02-01 --until 2025-02-28 --format md
    expect_out_has "since=2025-02-01, until=2025-02-28"
    new=$(out)
    # shellcheck disable=SC2086
    run 0 report $report --as-of 2025-03-31 --from 2025-02-01 --to 2025-02-28 --format md
    CHECKS=$((CHECKS + 1))
    [ "$(out)" == "$new" ] || fail "report $report: --from/--to differ from --since/--until"
    expect_err_has "crt: warning: --from is deprecated; use --since"
    # shellcheck disable=SC2086
    run 2 report $report --since 2025-03-01 --until 2025-02-01
    expect_err_has "crt: error: --until 2025-02-01 is before --since 2025-03-01"
    # shellcheck disable=SC2086
    run 2 report $report --until 2025-13-01
    expect_err_has "--until: '2025-13-01' is not a real date"
done
run 0 report summary --as-of 2025-03-31 --level tac --since 2025-02-01 --until 2025-02-28 --format csv
expect_out "level,requests,received,accepted,active,completed,declined,withdrawn,median_days_to_assignment,median_days_to_completion
tac,3,1,2,0,0,0,0,,"

# history list: --since/--until on the effective date, --recorded-since and
# --recorded-until on the UTC day it was recorded.
run 0 history list --format tsv --since 2025-02-10 --until 2025-02-20
[ "$(out | tail -n +2 | cut -f2 | tr '\n' ' ')" == "2025-02-15 2025-02-10 2025-02-20 " ] ||
    fail "history --since/--until listed $(out)"
new=$(out)
run 0 history list --format tsv --from 2025-02-10 --to 2025-02-20
[ "$(out)" == "$new" ] || fail "history --from/--to differ"
today=$(date -u +%F)
run 0 history list --format tsv --recorded-since "$today" --recorded-until "$today"
[ "$(out | wc -l)" -eq 9 ] || fail "every row was recorded today: $(out)"
run 0 history list --format tsv --recorded-from "$today"
[ "$(out | wc -l)" -eq 9 ] || fail "--recorded-from: $(out)"
expect_err_has "crt: warning: --recorded-from is deprecated; use --recorded-since"
run 0 history list --format tsv --recorded-to 2020-01-01 -q
[ "$(out | wc -l)" -eq 1 ] || fail "--recorded-to 2020-01-01: $(out)"
run 2 history list --recorded-since 2025-02-02 --recorded-until 2025-02-01
expect_err_has "crt: error: --recorded-until 2025-02-01 is before --recorded-since 2025-02-02"
run 2 history list --recorded-to 2025-02-31
expect_err_has "crt: error: --recorded-to: '2025-02-31' is not a real date (YYYY-MM-DD)"
run 2 history list --recorded-from 2025-02-01 --recorded-since 2025-02-01
expect_err_has "--recorded-from is the old name of --recorded-since"

# In a batch line too (whose notes are quiet), and completion offers only
# the new names.
printf 'request list --from 2025-03-01\n' >list.crt
run 0 batch list.crt
expect_out_has "Received 2025-03-01"
expect_out_lacks "Received 2025-02-28"
run 0 completion bash
expect_out_has "--since --until"
CHECKS=$((CHECKS + 1))
out | grep "\['request list'\]='--help" | grep -q -- "--from" && fail "completion offers --from for request list"

done_testing
