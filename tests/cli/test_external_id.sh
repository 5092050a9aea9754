# A request can be named by its external id, ext:ID, wherever a request id
# is taken: one resolution (lib/model/request), the same errors everywhere.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
"$CRT" expert add mreyes --name "Maria Reyes" --expertise de-escalation,use-of-force --date 2025-01-01 -q
new() {
    "$CRT" request new --agency CA0194200 --level assessment --title "$1" --topic de-escalation \
        --received 2025-01-10 --external-id "$2"
}
r1=$(new One CR-2025-031)
# An external id that looks like a number names its request, not request 2.
r2=$(new Two 1)
r3=$(new Three "CR 2025/7: budget")
history() { sql crt.db "SELECT count(*) FROM history"; }

# request show, log, update, correct, status.
run 0 request show ext:CR-2025-031 --format csv
expect_out_has "$r1,CR-2025-031,"
run 0 request show ext:1 --format csv
expect_out_has "$r2,1,CA0194200"
run 0 request show "ext:CR 2025/7: budget" --format csv
expect_out_has "$r3,CR 2025/7: budget,"
run 0 request show "0$r1" --format csv
expect_out_has "$r1,CR-2025-031,"
run 0 request update ext:CR-2025-031 --priority high --date 2025-01-11
expect_err_has "request $r1: 1 field changed"
run 0 request correct ext:CR-2025-031 --received 2025-01-09 --note "Letter dated the 9th"
expect_err_has "request $r1: 1 fact corrected"
run 0 request status ext:CR-2025-031 ext:1 --to accepted --date 2025-01-20
expect_sql crt.db "SELECT group_concat(status) FROM request WHERE id IN ($r1, $r2)" "accepted,accepted"
run 0 request log ext:CR-2025-031 --format csv
expect_out_has ",request,$r1,status,status,received,accepted,"

# assign add, hours, correct, take-back, remove, list.
run 0 assign add ext:CR-2025-031 mreyes --role lead --date 2025-01-21
run 0 assign hours ext:CR-2025-031 mreyes 3 --date 2025-01-22
expect_err_has "mreyes on request $r1: 3.00 hours in all"
run 0 assign take-back ext:CR-2025-031 mreyes 1 --note "Logged one too many"
expect_err_has "mreyes on request $r1: 2.00 hours in all"
run 0 assign correct ext:CR-2025-031 mreyes --assigned 2025-01-20 --note "Kickoff call"
run 0 assign list --request ext:CR-2025-031 --format csv
expect_out_has "$r1,CA0194200,mreyes,lead,2025-01-20,,2"
run 0 request status ext:CR-2025-031 --to active --date 2025-01-23

# milestone add, plan, list; history list.
run 0 milestone add ext:CR-2025-031 --kind recommendation --ref 1.1 --title "Adopt a policy" --date 2025-01-24
m=$(out)
expect_sql crt.db "SELECT request FROM milestone WHERE id = $m" "$r1"
run 0 milestone plan ext:1 --date 2025-01-24
expect_sql crt.db "SELECT count(*) > 0 FROM milestone WHERE request = $r2" "1"
run 0 milestone list --request ext:CR-2025-031 --format csv
expect_out_has "$m,$r1,"
run 0 history list --request ext:CR-2025-031 --format csv
expect_out_lacks ",request,$r2,"
expect_out_has ",request,$r1,"
"$CRT" assign remove ext:CR-2025-031 mreyes --date 2025-01-25 -q 2>/dev/null
run 0 assign list --request ext:CR-2025-031 --active --format csv
expect_out "id,request,agency,expert,role,assigned,released,hours"

# Batch lines, a request created earlier in the same batch included.
cat >names.crt <<'EOF'
request new --agency CA0194200 --level tac --title Four --topic de-escalation --received 2025-02-01 --external-id TAC-4
request status ext:TAC-4 --to accepted --date 2025-02-02
request update "ext:CR 2025/7: budget" --priority urgent --date 2025-02-02
EOF
run 0 batch names.crt -q
expect_sql crt.db "SELECT status FROM request WHERE external_id = 'TAC-4'" "accepted"
expect_sql crt.db "SELECT priority FROM request WHERE id = $r3" "urgent"

# Refusals. An unknown external id is not found (exit 3), exactly as typed
# (external ids are compared exactly, case included); nothing is written.
rows=$(history)
run 3 request show ext:CR-2099-000
expect_err "crt: error: no request with external id 'CR-2099-000'"
run 3 request show ext:cr-2025-031
run 3 request status ext:1 ext:nope --to withdrawn --note "x"
expect_err "crt: error: no request with external id 'nope'"
run 3 assign add ext:nope mreyes
run 3 milestone add ext:nope --kind other --title X
run 3 milestone list --request ext:nope
run 3 history list --request ext:nope
expect_sql crt.db "SELECT count(*) FROM history" "$rows"
printf 'request status ext:TAC-4 --to declined --note x\nrequest show ext:missing\n' >bad.crt
run 3 batch bad.crt
expect_err_has "bad.crt:2: no request with external id 'missing' (exit 3"
expect_sql crt.db "SELECT status FROM request WHERE external_id = 'TAC-4'" "accepted"
# The same request by id and by external id is named twice (exit 2).
run 2 request status "$r2" ext:1 --to withdrawn --note "Named twice"
expect_err_has "named twice"
expect_sql crt.db "SELECT status FROM request WHERE id = $r2" "accepted"
# Malformed names are usage errors naming the argument (exit 2).
for bad in ext: EXT:CR-2025-031 0x1 -1 +3 1e3 "" " 1" 1x 99999999999999999999 "CR-2025-031"; do
    run 2 request show "$bad"
    expect_err_has "ID: '$bad' is not a request id (decimal digits, or ext:EXTERNAL-ID)"
done
run 2 assign list --request ext:
expect_err_has "--request: 'ext:' is not a request id"
run 2 milestone list --request abc
expect_err_has "--request: 'abc' is not a request id"
run 2 assign add 1.5 mreyes
expect_err_has "REQUEST: '1.5' is not a request id"
run 2 history list --request 0
expect_err_has "crt: error: --request: '0' is not a request id"
run 0 request show --help
expect_out_has "ID|ext:EXTERNAL-ID"
expect_sql crt.db "SELECT count(*) FROM history" "$rows"

# Bytes that are not UTF-8 name no request, on either engine (a server
# would refuse to be sent them).
run 3 request show $'ext:CR-\xff'
expect_err "crt: error: no request with external id 'CR-\xff'"

done_testing
