# milestone list --due-within DAYS (open milestones due from the as-of day,
# default today, to DAYS days after it) and --due-before DATE (due before
# it, any status).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
r=$("$CRT" request new --agency CA0194200 --level assessment --title A --received 2025-01-10 --external-id AS-1)
other=$("$CRT" request new --agency CA0194200 --level assessment --title B --received 2025-01-10)
"$CRT" request status "$r" --to accepted --date 2025-01-12 -q
add() { "$CRT" milestone add "$r" --kind "$1" --title "$2" ${3:+--due "$3"} --date 2025-01-12; }
m1=$(add meeting "Due on the day" 2025-03-01)
m2=$(add meeting "Due 30 days on" 2025-03-31)
m3=$(add training "Due 31 days on" 2025-04-01)
m4=$(add meeting "Overdue" 2025-02-28)
m5=$(add meeting "Done before" 2025-03-10)
m6=$(add training "Done after" 2025-03-15)
m7=$(add meeting "No due date")
[ -n "$m7" ] || fail "no milestone without a due date"
m0=$("$CRT" milestone add "$other" --kind meeting --title "Other request" --due 2025-03-02 --date 2025-01-12)
"$CRT" milestone "done" "$m5" --date 2025-02-20 -q
"$CRT" milestone "done" "$m6" --date 2025-03-20 -q

ids() { out | tail -n +2 | cut -f1 | tr '\n' ' '; }
run 0 milestone list --format tsv --as-of 2025-03-01 --due-within 30
[ "$(ids)" == "$m1 $m6 $m2 $m0 " ] || fail "--due-within 30 as of 03-01: $(ids)"
run 0 milestone list --format tsv --as-of 2025-03-01 --due-within 31
[ "$(ids)" == "$m1 $m6 $m2 $m3 $m0 " ] || fail "--due-within 31 as of 03-01: $(ids)"
run 0 milestone list --format tsv --as-of 2025-03-01 --due-within 1
[ "$(ids)" == "$m1 $m0 " ] || fail "--due-within 1 as of 03-01: $(ids)"
run 0 milestone list --format tsv --as-of 2025-03-01 --due-within 030 --kind training --request ext:AS-1
[ "$(ids)" == "$m6 " ] || fail "--due-within with other filters: $(ids)"
# As of a later day, m6 is done: it leaves the list.
run 0 milestone list --format tsv --as-of 2025-03-20 --due-within 30
[ "$(ids)" == "$m2 $m3 " ] || fail "--due-within 30 as of 03-20: $(ids)"

# --due-before: strictly before, whatever the status.
run 0 milestone list --format tsv --due-before 2025-03-10
[ "$(ids)" == "$m4 $m1 $m0 " ] || fail "--due-before 03-10: $(ids)"
run 0 milestone list --format tsv --due-before 2025-03-11
[ "$(ids)" == "$m4 $m1 $m5 $m0 " ] || fail "--due-before 03-11: $(ids)"
run 0 milestone list --format tsv --due-before 2025-03-11 --status planned
[ "$(ids)" == "$m4 $m1 $m0 " ] || fail "--due-before with --status: $(ids)"
run 0 milestone list --format tsv --as-of 2025-03-01 --due-within 60 --due-before 2025-03-31
[ "$(ids)" == "$m1 $m6 $m0 " ] || fail "--due-within with --due-before: $(ids)"
run 0 milestone list --format tsv --due-before 2099-01-01 --request "$r"
CHECKS=$((CHECKS + 1))
ids | grep -qw "$m7" && fail "a milestone without a due date matched --due-before"

# Without --as-of, from today.
soon=$("$CRT" milestone add "$r" --kind meeting --title Soon --due "$(date -d '+3 days' +%F)")
late=$("$CRT" milestone add "$r" --kind meeting --title Yesterday --due "$(date -d '-1 day' +%F)")
run 0 milestone list --format tsv --due-within 3
[ "$(ids)" == "$soon " ] || fail "--due-within 3 from today: $(ids)"
run 0 milestone list --format tsv --due-within 2
[ "$(ids)" == "" ] || fail "--due-within 2 from today: $(ids)"
run 0 milestone list --format tsv --overdue --request "$r" --due-before "$(date +%F)"
CHECKS=$((CHECKS + 1))
out | grep -q "$late" || fail "--overdue with --due-before lost yesterday's milestone"

# Refusals: one line, exit 2 naming the option.
for bad in 0 00 -1 +1 1.5 1e3 0x10 abc "" " 3" 36501 99999999999999999999; do
    run 2 milestone list --due-within "$bad"
    expect_err_has "--due-within: '$bad' is not a number of days from 1 to 36500"
done
run 0 milestone list --due-within 36500
run 2 milestone list --due-before 2025-02-30
expect_err_has "--due-before: '2025-02-30' is not a real date"
run 2 milestone list --due-before ""
expect_err_has "--due-before"
run 2 milestone list --due-within 3 --due-within 4
expect_err_has "--due-within"

done_testing
