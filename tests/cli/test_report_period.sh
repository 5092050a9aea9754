# report summary and report timeliness --by month|quarter|year: one row per
# calendar period, as of any day, in every format; each period's counts are
# those of a run over that period alone and of the lists they come from.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# 1. A small program whose every count is known.
"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
"$CRT" expert add lead --name "Lead" --expertise de-escalation --date 2025-01-01 -q
new() { "$CRT" request new --agency CA0194200 --level "$1" --title "$2" --topic de-escalation --received "$3"; }
move() { "$CRT" request status "$1" --to "$2" --date "$3" --note "${4:-}" -q; }
r1=$(new tac "Reopened twice" 2025-03-30)
move "$r1" accepted 2025-04-02
"$CRT" assign add "$r1" lead --role lead --date 2025-04-03
move "$r1" active 2025-04-04
move "$r1" completed 2025-05-01
move "$r1" active 2025-05-02
move "$r1" completed 2025-05-20
move "$r1" active 2025-07-01
move "$r1" completed 2025-07-15
r2=$(new critical "Declined" 2025-04-10)
move "$r2" declined 2025-04-11 "Out of scope"
r3=$(new tac "Withdrawn, re-dated" 2025-04-12)
move "$r3" withdrawn 2025-06-29 "Leadership changed"
"$CRT" history redate "$(sql crt.db "SELECT id FROM history WHERE new_value = 'withdrawn'")" \
    --date 2025-07-02 --note "Letter dated July 2" -q >/dev/null
r4=$(new tac "Acceptance voided" 2025-05-01)
move "$r4" accepted 2025-05-05
"$CRT" history void "$(sql crt.db "SELECT id FROM history WHERE request = $r4 AND new_value = 'accepted'")" \
    --note "Entered on the wrong request" -q >/dev/null

header="period,start,end,received,accepted,completed,declined,withdrawn"
run 0 report summary --by quarter --since 2025-01-01 --until 2025-09-30 --as-of 2025-09-30 --format csv
expect_out "$header
2025-Q1,2025-01-01,2025-03-31,1,0,0,0,0
2025-Q2,2025-04-01,2025-06-30,3,1,1,1,0
2025-Q3,2025-07-01,2025-09-30,0,0,1,0,1"
# As of a day inside a period: the last row ends that day, later moves are not there yet.
run 0 report summary --by quarter --since 2025-01-01 --until 2025-12-31 --as-of 2025-05-10 --format csv
expect_out "$header
2025-Q1,2025-01-01,2025-03-31,1,0,0,0,0
2025-Q2,2025-04-01,2025-05-10,3,1,1,1,0"
# The default range: from the first request received to the as-of day.
run 0 report summary --by quarter --as-of 2025-09-30 --format csv
expect_out "$header
2025-Q1,2025-03-30,2025-03-31,1,0,0,0,0
2025-Q2,2025-04-01,2025-06-30,3,1,1,1,0
2025-Q3,2025-07-01,2025-09-30,0,0,1,0,1"
run 0 report summary --by year --until 2025-06-30 --as-of 2025-09-30 --format csv
expect_out "$header
2025,2025-03-30,2025-06-30,4,1,1,1,0"
# Months: r1 completed twice in May counts once.
run 0 report summary --by month --since 2025-05-01 --until 2025-05-31 --as-of 2025-09-30 --format csv
expect_out "$header
2025-05,2025-05-01,2025-05-31,1,0,1,0,0"
# The filters choose the requests; a move counts whenever it was received.
run 0 report summary --by quarter --since 2025-04-01 --as-of 2025-09-30 --level tac --format csv
expect_out "$header
2025-Q2,2025-04-01,2025-06-30,2,1,1,0,0
2025-Q3,2025-07-01,2025-09-30,0,0,1,0,1"
run 0 report summary --by quarter --since 2025-01-01 --as-of 2025-09-30 --status completed --format csv
expect_out "$header
2025-Q1,2025-01-01,2025-03-31,1,0,0,0,0
2025-Q2,2025-04-01,2025-06-30,0,1,1,0,0
2025-Q3,2025-07-01,2025-09-30,0,0,1,0,0"
run 0 report summary --by quarter --since 2026-01-01 --as-of 2025-09-30 --format csv
expect_out "$header"
run 0 report summary --by quarter --as-of 2025-03-29 --format csv
expect_out "$header"

# Timeliness by period: the requests received in each, over every level.
run 0 report timeliness --by quarter --since 2025-01-01 --as-of 2025-09-30 --format csv
expect_out "period,start,end,assigned_within_target,late,waiting,closed_unassigned,share_within_target
2025-Q1,2025-01-01,2025-03-31,1,0,0,0,100
2025-Q2,2025-04-01,2025-06-30,0,1,0,2,0
2025-Q3,2025-07-01,2025-09-30,0,0,0,0,"

# Every format, the same bytes twice, the unit named among the filters.
for report in summary timeliness; do
    for format in table csv tsv md json ndjson; do
        first=$("$CRT" report "$report" --by quarter --as-of 2025-09-30 --format "$format" | sha256sum)
        second=$("$CRT" report "$report" --by quarter --as-of 2025-09-30 --format "$format" | sha256sum)
        CHECKS=$((CHECKS + 1))
        [ "$first" == "$second" ] || fail "report $report --by quarter --format $format differs between runs"
    done
done
run 0 report summary --by quarter --as-of 2025-09-30 --format md
expect_out_has "# Requests by quarter"
expect_out_has "As of 2025-09-30. Filters: by=quarter."
expect_out_has "| 2025-Q2 | 2025-04-01 | 2025-06-30 | 3 | 1 | 1 | 1 | 0 |"
run 0 report timeliness --by month --since 2025-04-01 --until 2025-04-30 --as-of 2025-09-30
expect_out_has "Timeliness of first assignment by month as of 2025-09-30 (by=month, since=2025-04-01, until=2025-04-30)"
run 0 report summary --by year --as-of 2025-09-30 --format json
expect_out_has '"period": "2025",'
expect_out_has '"received": 4,'
run 0 report summary --by month --as-of 2025-04-30 --format ndjson
expect_out '{"period":"2025-03","start":"2025-03-30","end":"2025-03-31","received":1,"accepted":0,"completed":0,"declined":0,"withdrawn":0}
{"period":"2025-04","start":"2025-04-01","end":"2025-04-30","received":2,"accepted":1,"completed":0,"declined":1,"withdrawn":0}'

# Refusals: one line, exit 2 naming the option.
for bad in week day Quarter quarterly ""; do
    run 2 report summary --by "$bad"
    expect_err_has "--by: '$bad' is not one of: month, quarter, year"
    run 2 report timeliness --by "$bad"
    expect_err_has "--by"
done
for report in overdue workload topics "agency CA0194200" public; do
    # shellcheck disable=SC2086
    run 2 report $report --by quarter
    expect_err_has "--by"
done
run 2 report summary --by quarter --since 2025-06-01 --until 2025-05-01
expect_err_has "crt: error: --until 2025-05-01 is before --since 2025-06-01 (see"
run 2 report summary --by quarter --by year
expect_err_has "--by"
run 4 report summary --by quarter --as-of 2999-01-01

# 2. The bundled sample: each quarter of a report by quarter equals a run
# over that quarter alone, a run by year over it, the plain reports over it
# summed over the levels, and the moves history list shows for it.
"$CRT" --db sample.db init -q
"$CRT" --db sample.db import agencies "$CRT_SOURCE_DIR/data/sample/agencies.csv" --date 2024-01-02 -q
"$CRT" --db sample.db import experts "$CRT_SOURCE_DIR/data/sample/experts.csv" --date 2024-01-02 -q
"$CRT" --db sample.db batch "$CRT_SOURCE_DIR/data/sample/engagements.crt" -q >/dev/null
export CRT_DB=sample.db
as_of=2026-06-30
run 0 report summary --by quarter --since 2024-01-01 --until "$as_of" --as-of "$as_of" --format csv
summary=$(out | tail -n +2)
run 0 report timeliness --by quarter --since 2024-01-01 --until "$as_of" --as-of "$as_of" --format csv
timeliness=$(out | tail -n +2)
CHECKS=$((CHECKS + 1))
[ "$(echo "$summary" | wc -l)" -eq 10 ] || fail "ten quarters from 2024-Q1 to 2026-Q2: $summary"
CHECKS=$((CHECKS + 1))
[ "$(echo "$summary" | awk -F, '{ s += $4 } END { print s }')" -gt 30 ] || fail "the sample should count its requests: $summary"
sum_column() { out | tail -n +2 | awk -F, -v c="$1" '{ s += $c } END { print s + 0 }'; }
moves_to() { out | tail -n +2 | awk -F'\t' -v s="$1" '$11 == s { print $6 }' | sort -u | wc -l; }
n=0
for year in 2024 2025 2026; do
    for q in 01-01:03-31 04-01:06-30 07-01:09-30 10-01:12-31; do
        since=$year-${q%:*}
        until=$year-${q#*:}
        [[ $since > $as_of ]] && continue
        n=$((n + 1))
        row=$(echo "$summary" | sed -n "${n}p")
        counts=$(echo "$row" | cut -d, -f4-)
        run 0 report summary --by quarter --since "$since" --until "$until" --as-of "$as_of" --format csv
        [ "$(out | tail -n +2)" == "$row" ] || fail "$since..$until alone: $(out) vs $row"
        run 0 report summary --by year --since "$since" --until "$until" --as-of "$as_of" --format csv
        [ "$(out | tail -n +2 | cut -d, -f4-)" == "$counts" ] || fail "$since..$until by year: $(out) vs $row"
        run 0 report summary --since "$since" --until "$until" --as-of "$as_of" --format csv
        [ "$(sum_column 2)" == "$(echo "$row" | cut -d, -f4)" ] || fail "$since..$until received vs summary: $row"
        run 0 history list --entity request --action status --since "$since" --until "$until" --format tsv
        moves="$(moves_to accepted),$(moves_to completed),$(moves_to declined),$(moves_to withdrawn)"
        [ "$moves" == "$(echo "$row" | cut -d, -f5-)" ] || fail "$since..$until moves $moves vs $row"
        trow=$(echo "$timeliness" | sed -n "${n}p")
        run 0 report timeliness --by quarter --since "$since" --until "$until" --as-of "$as_of" --format csv
        [ "$(out | tail -n +2)" == "$trow" ] || fail "timeliness $since..$until alone: $(out) vs $trow"
        run 0 report timeliness --since "$since" --until "$until" --as-of "$as_of" --format csv
        levels="$(sum_column 3),$(sum_column 4),$(sum_column 5),$(sum_column 6)"
        [ "$levels" == "$(echo "$trow" | cut -d, -f4-7)" ] || fail "timeliness $since..$until by level $levels vs $trow"
    done
done
CHECKS=$((CHECKS + 1))
[ "$n" -eq 10 ] || fail "compared $n quarters"

done_testing
