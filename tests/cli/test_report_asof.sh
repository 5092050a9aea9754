# Reports as of a day: statuses rebuilt from the history around each change,
# records that did not exist yet left out, and the same bytes on every run.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
"$CRT" expert add lead --name "Lead" --expertise use-of-force,de-escalation --date 2025-01-01 -q
a=$("$CRT" request new --agency CA0194200 --level tac --title A --topic de-escalation --received 2025-03-01)
b=$("$CRT" request new --agency CA0194200 --level tac --title B --topic de-escalation --received 2025-03-10)
"$CRT" request status "$a" --to accepted --date 2025-03-05 -q
"$CRT" assign add "$a" lead --role lead --date 2025-03-07
"$CRT" request status "$a" --to active --date 2025-03-08 -q
m=$("$CRT" milestone add "$a" --kind training --title Deliver --due 2025-03-20 --date 2025-03-08)
"$CRT" milestone "done" "$m" --date 2025-03-25 -q
"$CRT" request status "$a" --to completed --date 2025-03-31 -q
"$CRT" request status "$b" --to declined --note "Out of scope" --date 2025-03-12 -q

# summary columns: level,requests,received,accepted,active,completed,declined,withdrawn,...
tac_row() { run 0 report summary --format csv --as-of "$1" --level tac; out | sed -n 2p | cut -d, -f1-8; }
[ "$(tac_row 2025-02-28)" == "tac,0,0,0,0,0,0,0" ] || fail "before anything: $(tac_row 2025-02-28)"
[ "$(tac_row 2025-03-01)" == "tac,1,1,0,0,0,0,0" ] || fail "on 03-01: $(tac_row 2025-03-01)"
[ "$(tac_row 2025-03-04)" == "tac,1,1,0,0,0,0,0" ] || fail "on 03-04: $(tac_row 2025-03-04)"
[ "$(tac_row 2025-03-05)" == "tac,1,0,1,0,0,0,0" ] || fail "on 03-05: $(tac_row 2025-03-05)"
[ "$(tac_row 2025-03-08)" == "tac,1,0,0,1,0,0,0" ] || fail "on 03-08: $(tac_row 2025-03-08)"
[ "$(tac_row 2025-03-10)" == "tac,2,1,0,1,0,0,0" ] || fail "on 03-10: $(tac_row 2025-03-10)"
[ "$(tac_row 2025-03-12)" == "tac,2,0,0,1,0,1,0" ] || fail "on 03-12: $(tac_row 2025-03-12)"
[ "$(tac_row 2025-03-31)" == "tac,2,0,0,0,1,1,0" ] || fail "on 03-31: $(tac_row 2025-03-31)"
run 0 report summary --format csv --as-of 2025-03-31 --level tac
[ "$(out | sed -n 2p | cut -d, -f9,10)" == "6,30" ] || fail "medians: $(out)"

# The milestone is overdue from the day after its due date until it is done.
run 0 report overdue --format csv --as-of 2025-03-20
[ "$(out | wc -l)" -eq 1 ] || fail "overdue on its due date"
run 0 report overdue --format csv --as-of 2025-03-21
expect_out_has ",Deliver,2025-03-20,1,lead"
run 0 report overdue --format csv --as-of 2025-03-24
expect_out_has ",Deliver,2025-03-20,4,lead"
run 0 report overdue --format csv --as-of 2025-03-25
[ "$(out | wc -l)" -eq 1 ] || fail "overdue after it was done"

# Timeliness: A was assigned 6 days after receipt (target 30 for tac).
run 0 report timeliness --format csv --as-of 2025-04-01 --level tac
expect_out "level,target_days,assigned_within_target,late,waiting,closed_unassigned,share_within_target
tac,30,1,0,0,1,100"

# Same database and --as-of: same bytes, in every format, for every report.
for report in summary overdue workload topics timeliness "agency CA0194200" public "public --detail"; do
    for format in table csv tsv md json ndjson; do
        # shellcheck disable=SC2086
        first=$("$CRT" report $report --format $format --as-of 2025-03-21 | sha256sum)
        # shellcheck disable=SC2086
        second=$("$CRT" report $report --format $format --as-of 2025-03-21 | sha256sum)
        CHECKS=$((CHECKS + 1))
        [ "$first" == "$second" ] || fail "report $report --format $format differs between runs"
    done
done
run 4 report summary --as-of 2999-01-01
run 2 report summary --as-of 2025-02-30
run 3 report agency CA0999999
run 2 report nonsense

done_testing
