# Failures that used to pass silently: numbers read in another base, lost
# output, text that is not UTF-8, contact data in published text, and rules
# the documentation states.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2026-01-01 -q
"$CRT" expert add mreyes --name "Maria Reyes" --expertise de-escalation --date 2026-01-01 -q
for i in $(seq 1 12); do
    "$CRT" request new --agency CA0194200 --level tac --title "Request $i" --topic de-escalation \
        --received 2026-02-01 >/dev/null
done
history() { sql crt.db "SELECT count(*) FROM history"; }

# Ids and counts are decimal: 010 is 10, never 8; other shapes are usage errors.
run 0 request status 010 --to accepted --date 2026-02-02
expect_sql crt.db "SELECT group_concat(id) FROM request WHERE status = 'accepted'" "10"
rows=$(history)
for bad in 0x0c 1e3 -1 +3 "" 99999999999999999999 " 7" 7x; do
    run 2 request status "$bad" --to accepted --date 2026-02-02
    expect_err_has "ID"
done
run 2 expert update mreyes --capacity 0x10
expect_err_has "--capacity"
run 0 expert update mreyes --capacity 010 --date 2026-01-02
expect_sql crt.db "SELECT capacity FROM expert WHERE handle = 'mreyes'" "10"
rows=$(history)
printf 'request status 011 --to accepted --date 2026-02-02\nrequest status 0x0c --to accepted\n' >dec.crt
run 2 batch dec.crt
expect_err_has "0x0c"
expect_sql crt.db "SELECT count(*) FROM history" "$rows"
run 2 milestone list --request 0x1
run 2 history list --request 1e1

# Error messages quote input escaped, on one line, without terminal controls.
run 2 request show $'1\x1b[2J\nx'
expect_err_has '\x1b[2J x'
CHECKS=$((CHECKS + 1))
! grep -q $'\x1b' .err || fail "an escape sequence reached stderr"
printf 'agency add CA0194201 --name R --type "m\x1b]0;title\x07" --state CA\n' >esc.crt
run 2 batch esc.crt
expect_err_has 'm\x1b]0;title\x07'

# Every write to stdout is checked: a full device is exit 7 with one line.
"$CRT" request list >/dev/full 2>.err
status=$?
[ "$status" -eq 7 ] || fail "request list >/dev/full exited $status, expected 7"
grep -q "^crt: error: cannot write standard output: No space left on device$" .err ||
    fail "no write error on stderr: $(cat .err)"
"$CRT" export requests >/dev/full 2>/dev/null
[ $? -eq 7 ] || fail "export >/dev/full did not exit 7"
"$CRT" --version >/dev/full 2>/dev/null
[ $? -eq 7 ] || fail "--version >/dev/full did not exit 7"
# A reader that goes away ends the output quietly; the batch commits for its
# own reasons, and its exit status is its own.
for i in $(seq 1 3000); do
    echo "milestone add 1 --kind other --title 'Step $i' --date 2026-02-03"
done >many.crt
"$CRT" batch many.crt -q 2>pipe.err | head -2 >head.out
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || fail "batch | head exited $status, expected 0"
[ ! -s pipe.err ] || fail "batch | head printed on stderr: $(cat pipe.err)"
[ "$(wc -l <head.out)" -eq 2 ] || fail "head did not get two ids"
expect_sql crt.db "SELECT count(*) FROM milestone WHERE request = 1" "3000"
# A refused batch still rolls back when the reader has gone.
echo "milestone add 99 --kind other --title Late" >>many.crt
"$CRT" batch many.crt 2>/dev/null | head -1 >/dev/null
[ "${PIPESTATUS[0]}" -eq 3 ] || fail "refused batch | head did not exit 3"
expect_sql crt.db "SELECT count(*) FROM milestone WHERE request = 1" "3000"

# Text that is not UTF-8, or holds NUL, is refused wherever it comes from.
rows=$(history)
run 4 request status 2 --to accepted --note $'bad \xff byte' --date 2026-02-02
expect_err_has "note"
run 4 milestone update 1 --note $'\xc3' --date 2026-02-03
printf '{"ori":"AZ0070300","name":"Red\\u0000Canyon","type":"tribal","state":"AZ"}\n' >nul.ndjson
# (import names each bad row on its own line, then the verdict)
"$CRT" --format ndjson import agencies nul.ndjson 2>.err
[ $? -eq 4 ] || fail "an NDJSON NUL was not refused with exit 4"
expect_err_has "nul.ndjson:1: column name: invalid UTF-8 or NUL byte"
expect_sql crt.db "SELECT count(*) FROM history" "$rows"
expect_sql crt.db "SELECT count(*) FROM agency" "1"

# Published text (a recommendation's title, ref and finding) holds no
# email address or phone number unless forced, and the override is logged.
"$CRT" request new --agency CA0194200 --level assessment --title "Assessment" --received 2026-02-01 >/dev/null
rec=13
rows=$(history)
run 5 milestone add $rec --kind recommendation --title "Ask jane.doe@agency.gov" --date 2026-02-02
expect_err_has "title: holds an email address"
expect_err_has "--force"
run 5 milestone add $rec --kind recommendation --title "Policy" --finding 555-0100 --date 2026-02-02
expect_err_has "finding: holds a phone number"
run 5 milestone add $rec --kind recommendation --title "Call (202) 555-0100 for help" --date 2026-02-02
run 5 milestone add $rec --kind recommendation --title "Call +44 20 7946 0958" --date 2026-02-02
run 5 milestone add $rec --kind recommendation --title "Call 2025550100" --date 2026-02-02
expect_sql crt.db "SELECT count(*) FROM history" "$rows"
# Dates, references and counts are not phone numbers.
run 0 milestone add $rec --kind recommendation --ref 4.2.1 --finding 2026-03 \
    --title "Train 212 officers by 2026-03-12 (policy 4.2, 1000 hours)" --date 2026-02-02
run 0 milestone add $rec --kind recommendation --ref 4.3 --title "Publish the line 555-0100" --force --date 2026-02-02
m=$(out)
expect_sql crt.db "SELECT note FROM history WHERE entity = 'milestone' AND entity_id = '$m' AND action = 'create'" \
    "forced: title holds a phone number"
run 5 milestone update "$m" --title "Write to ops@agency.gov" --date 2026-02-03
run 0 milestone update "$m" --title "Write to ops@agency.gov" --force --date 2026-02-03
expect_sql crt.db "SELECT note FROM history WHERE entity = 'milestone' AND entity_id = '$m' AND field = 'title'" \
    "forced: title holds an email address"
# Other milestones are not published, so their titles are free.
run 0 milestone add $rec --kind other --title "Call 555-0100 first" --date 2026-02-02
printf 'request,kind,title,ref\n%s,recommendation,Mail chief@agency.gov,9.1\n' $rec >recs.csv
"$CRT" import milestones recs.csv 2>.err
[ $? -eq 4 ] || fail "an email address in an imported title was not refused"
expect_err_has "recs.csv:2: column title: holds an email address"
run 0 import milestones recs.csv --force -q
expect_sql crt.db "SELECT count(*) FROM history WHERE note LIKE 'recs.csv:2; forced: title holds an email address'" "1"

# Rules as documented: a request named twice is a usage error; -q silences
# warnings; an upsert that only moves a status keeps the stored receipt.
run 2 request status 4 4 --to accepted
expect_err_has "named twice"
"$CRT" assign add 3 mreyes --role lead --date 2026-02-03 -q
"$CRT" request status 3 --to accepted --date 2026-02-03 -q
"$CRT" request status 3 --to active --date 2026-02-04 -q
run 0 assign remove 3 mreyes --date 2026-02-05 -q
expect_err_empty
run 0 assign add 3 mreyes --role lead --date 2026-02-06 -q
run 0 assign remove 3 mreyes --date 2026-02-07
expect_err_has "has no lead now"
"$CRT" request new --agency CA0194200 --level tac --title "Keyed" --topic de-escalation \
    --received 2026-01-15 --external-id TAC-9 >/dev/null
printf 'external_id,agency,level,title,topics,status,status_date\nTAC-9,CA0194200,tac,Keyed,de-escalation,accepted,2026-01-20\n' >up.csv
run 0 import requests up.csv --upsert -q
expect_sql crt.db "SELECT status, status_date, received FROM request WHERE external_id = 'TAC-9'" \
    "accepted|2026-01-20|2026-01-15"

done_testing
