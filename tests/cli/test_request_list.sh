# request list --search (a substring of the title or description, ASCII
# letters in either case) and --as-of (the list as it stood at the end of a
# day: status and fields from the history, filters on those values).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
"$CRT" expert add lead --name "Lead" --expertise use-of-force,de-escalation --date 2025-01-01 -q
r1=$("$CRT" request new --agency CA0194200 --level tac --title "Use of Force review" --topic de-escalation \
    --description "Policy on USE-OF-FORCE reporting" --received 2025-01-10)
"$CRT" request status "$r1" --to accepted --date 2025-01-20 -q
"$CRT" assign add "$r1" lead --role lead --date 2025-01-25
"$CRT" request update "$r1" --title "Force review" --topic use-of-force --date 2025-02-01 -q
"$CRT" request status "$r1" --to active --date 2025-02-05 -q
"$CRT" request update "$r1" --priority high --target 2025-12-31 --date 2025-03-01 -q
r2=$("$CRT" request new --agency CA0194200 --level critical --title "Évaluation after the march" \
    --description "50% of the budget" --received 2025-02-15)
"$CRT" request status "$r2" --to withdrawn --note "Leadership changed" --date 2025-03-10 -q
r3=$("$CRT" request new --agency CA0194200 --level tac --title "Training" --topic de-escalation --received 2025-04-01)

# id, title, topics, priority, target, status, status_date
rows() { out | tail -n +2 | cut -f1,7,8,11,13,15,16; }
tab=$'\t'

run 0 request list --format tsv --as-of 2025-01-31
expect_out_has "status_date"
[ "$(rows)" == "$r1${tab}Use of Force review${tab}de-escalation${tab}normal${tab}${tab}accepted${tab}2025-01-20" ] ||
    fail "as of 2025-01-31: $(rows)"
run 0 request list --format tsv --as-of 2025-02-20
[ "$(rows)" == "$r1${tab}Force review${tab}use-of-force${tab}normal${tab}${tab}active${tab}2025-02-05
$r2${tab}Évaluation after the march${tab}${tab}normal${tab}${tab}received${tab}2025-02-15" ] ||
    fail "as of 2025-02-20: $(rows)"
run 0 request list --format tsv --as-of 2025-03-31
[ "$(rows)" == "$r1${tab}Force review${tab}use-of-force${tab}high${tab}2025-12-31${tab}active${tab}2025-02-05
$r2${tab}Évaluation after the march${tab}${tab}normal${tab}${tab}withdrawn${tab}2025-03-10" ] ||
    fail "as of 2025-03-31: $(rows)"
run 0 request list --format tsv --as-of 2025-01-09
expect_out "$(printf 'id\texternal_id\tagency\tagency_name\tstate\tlevel\ttitle\ttopics\tdelivery\tform\tpriority\treceived\ttarget\tevent_date\tstatus\tstatus_date')"

# As of today it is the list itself, in every format.
today=$(date +%F)
for format in table csv tsv md json ndjson; do
    run 0 request list --format "$format"
    now=$(out)
    run 0 request list --format "$format" --as-of "$today"
    CHECKS=$((CHECKS + 1))
    [ "$(out)" == "$now" ] || fail "--as-of today differs from the list in $format"
done

# Every filter reads the values of that day.
ids() { out | tail -n +2 | cut -f1 | tr '\n' ' '; }
run 0 request list --format tsv --as-of 2025-01-31 --status accepted
[ "$(ids)" == "$r1 " ] || fail "--status accepted as of 01-31: $(ids)"
run 0 request list --format tsv --status accepted
[ "$(ids)" == "" ] || fail "--status accepted today: $(ids)"
run 0 request list --format tsv --as-of 2025-01-31 --topic de-escalation
[ "$(ids)" == "$r1 " ] || fail "--topic as of 01-31: $(ids)"
run 0 request list --format tsv --as-of 2025-02-20 --topic de-escalation
[ "$(ids)" == "" ] || fail "--topic as of 02-20: $(ids)"
run 0 request list --format tsv --topic de-escalation
[ "$(ids)" == "$r3 " ] || fail "--topic today: $(ids)"
run 0 request list --format tsv --as-of 2025-03-05 --open
[ "$(ids)" == "$r1 $r2 " ] || fail "--open as of 03-05: $(ids)"
run 0 request list --format tsv --as-of 2025-03-10 --open
[ "$(ids)" == "$r1 " ] || fail "--open as of 03-10: $(ids)"
run 0 request list --format tsv --as-of 2025-01-24 --expert lead
[ "$(ids)" == "" ] || fail "--expert before the assignment: $(ids)"
run 0 request list --format tsv --as-of 2025-01-25 --expert lead
[ "$(ids)" == "$r1 " ] || fail "--expert on the assignment day: $(ids)"
run 0 request list --format tsv --as-of 2025-03-31 --since 2025-02-01
[ "$(ids)" == "$r2 " ] || fail "--since with --as-of: $(ids)"

# A correction changes every past day: the acceptance re-dated, the title
# change voided.
accepted_row=$(sql crt.db "SELECT id FROM history WHERE entity = 'request' AND new_value = 'accepted'")
"$CRT" history redate "$accepted_row" --date 2025-01-22 --note "Letter dated the 22nd" -q >/dev/null
run 0 request list --format tsv --as-of 2025-01-21
[ "$(rows)" == "$r1${tab}Use of Force review${tab}de-escalation${tab}normal${tab}${tab}received${tab}2025-01-10" ] ||
    fail "after the re-date, as of 01-21: $(rows)"
run 0 request list --format tsv --as-of 2025-01-22
[ "$(out | tail -n +2 | cut -f15,16)" == "accepted${tab}2025-01-22" ] || fail "re-dated acceptance: $(out)"
title_row=$(sql crt.db "SELECT id FROM history WHERE entity = 'request' AND field = 'title'")
"$CRT" history void "$title_row" --note "Title changed by mistake" -q >/dev/null
run 0 request list --format tsv --as-of 2025-03-31 --level tac
[ "$(out | tail -n +2 | cut -f7 | head -1)" == "Use of Force review" ] || fail "voided title change: $(out)"

# --search: a substring of the title or the description, ASCII case folded.
run 0 request list --format tsv --search "force REVIEW"
[ "$(ids)" == "$r1 " ] || fail "--search in the title: $(ids)"
run 0 request list --format tsv --search "use-of-force reporting"
[ "$(ids)" == "$r1 " ] || fail "--search in the description: $(ids)"
run 0 request list --format tsv --search "évaluation"
[ "$(ids)" == "" ] || fail "non-ASCII letters are not folded: $(ids)"
run 0 request list --format tsv --search "Évaluation"
[ "$(ids)" == "$r2 " ] || fail "non-ASCII letters as written: $(ids)"
run 0 request list --format tsv --search "50%"
[ "$(ids)" == "$r2 " ] || fail "% is a plain character: $(ids)"
run 0 request list --format tsv --search "_"
[ "$(ids)" == "" ] || fail "_ is a plain character: $(ids)"
run 0 request list --format tsv --search "training" --level tac --open
[ "$(ids)" == "$r3 " ] || fail "--search with other filters: $(ids)"
run 0 request list --format tsv --search nothing-like-this
[ "$(ids)" == "" ] || fail "--search without a match: $(ids)"

# Refusals: one line, exit 2 naming the option (4 for a future day).
run 2 request list --as-of 2025-02-30
expect_err_has "--as-of: '2025-02-30' is not a real date"
run 2 request list --as-of ""
expect_err_has "--as-of"
run 4 request list --as-of 2999-01-01
expect_err_has "--as-of: 2999-01-01 is in the future"
run 2 request list --search ""
expect_err_has "--search: '' is not any text to look for"
run 2 request list --search a --search b
expect_err_has "--search"

done_testing
