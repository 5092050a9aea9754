# crt assign: every refusal, the --force path and its history, release and hours.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2026-01-01 -q
"$CRT" expert add mreyes --name "Maria Reyes" --expertise de-escalation,use-of-force --date 2026-01-01 -q
"$CRT" expert add jkim --name "Jae Kim" --expertise de-escalation --capacity 1 --date 2026-01-01 -q
"$CRT" expert add tw --name "Tom Whitehorse" --expertise tribal-policing --date 2026-01-01 -q
"$CRT" expert add old --name "Retired Expert" --expertise de-escalation --date 2026-01-01 -q
"$CRT" expert update old --inactive -q
new() { "$CRT" request new --agency CA0194200 --level tac --title "$1" --topic de-escalation --received 2026-02-01; }
r1=$(new One)
r2=$(new Two)
r3=$(new Three)
history() { sql crt.db "SELECT count(*) FROM history"; }

run 0 assign add "$r1" mreyes --role lead --date 2026-02-02
expect_out ""
run 0 assign add "$r1" jkim --date 2026-02-02 --format json
expect_out_has '"role": "sme"'
expect_out_has '"expert": "jkim"'

rows=$(history)
run 5 assign add "$r1" tw --role lead
expect_err_has "already has an active lead (mreyes)"
run 5 assign add "$r1" jkim
expect_err_has "already assigned"
run 5 assign add "$r2" jkim
expect_err_has "at capacity (1 of 1"
run 5 assign add "$r2" tw
expect_err_has "no expertise"
run 5 assign add "$r2" old
expect_err_has "inactive"
run 3 assign add 99 mreyes
run 3 assign add "$r2" nobody
run 2 assign add "$r2" mreyes --role boss
run 2 assign add "$r2" Bad_Handle
run 4 assign add "$r2" mreyes --date 2026-01-31
expect_err_has "before request $r2 was received"
run 4 assign add "$r2" mreyes --date 2999-01-01
"$CRT" request status "$r3" --to declined --note "Out of scope" --date 2026-02-03
rows=$(history)
run 5 assign add "$r3" mreyes
expect_err_has "declined"
[ "$(history)" == "$rows" ] || fail "a refused assignment wrote history"
expect_sql crt.db "SELECT count(*) FROM assignment" 2

# --force overrides capacity and expertise only, and says so in the history.
run 5 assign add "$r2" old --force
run 0 assign add "$r2" jkim --force --date 2026-02-05
run 0 assign add "$r2" tw --force --actor supervisor --date 2026-02-05
expect_sql crt.db "SELECT actor, note FROM history WHERE entity = 'assignment' AND action = 'create' AND note IS NOT NULL ORDER BY id" \
    "tester|forced: over capacity (2 of 1)
supervisor|forced: no expertise in the request's topics"

# Capacity counts only active assignments on open requests.
"$CRT" expert add cap --name "Capacity Test" --expertise de-escalation --capacity 1 --date 2026-01-01 -q
run 0 assign add "$r1" cap --date 2026-02-03
run 5 assign add "$r2" cap
run 0 assign remove "$r1" cap --date 2026-02-04
expect_sql crt.db "SELECT released FROM assignment WHERE expert = 'cap'" 2026-02-04
run 0 assign add "$r2" cap --date 2026-02-05
run 3 assign remove "$r1" cap
expect_err_has "no active assignment"
run 4 assign remove "$r2" cap --date 2026-02-04
expect_err_has "before the expert was assigned"

# Hours: positive, at most two decimals, added up exactly.
run 0 assign hours "$r1" mreyes 2.5 --date 2026-02-10
expect_err_has "2.50 hours in all"
run 0 assign hours "$r1" mreyes 0.25
run 0 assign hours "$r1" mreyes 10
expect_sql crt.db "SELECT centihours FROM assignment WHERE expert = 'mreyes'" 1275
expect_sql crt.db "SELECT old_value || '>' || new_value FROM history WHERE field = 'hours' ORDER BY id" "0.00>2.50
2.50>2.75
2.75>12.75"
for bad in 0 -1 -0.5 1.-0 1.+5 +1 " 1" 0x10 1,5 1.234 abc 1. .5 1e3 ""; do
    run 2 assign hours "$r1" mreyes "$bad"
done
run 3 assign hours "$r1" tw 1
run 4 assign hours "$r1" mreyes 1 --date 2026-02-01
expect_err_has "before mreyes was assigned"
run 0 assign hours "$r1" cap 1.5
expect_sql crt.db "SELECT centihours FROM assignment WHERE expert = 'cap' AND request = $r1" 150

# Releasing the lead of an active request warns; the list shows the record.
"$CRT" request status "$r1" --to accepted --date 2026-02-06 -q
"$CRT" request status "$r1" --to active --date 2026-02-07 -q
run 0 assign remove "$r1" mreyes --date 2026-02-20
expect_err_has "no lead now"
run 0 assign list --request "$r1" --format csv
expect_out "id,request,agency,expert,role,assigned,released,hours
1,$r1,CA0194200,mreyes,lead,2026-02-02,2026-02-20,12.75
2,$r1,CA0194200,jkim,sme,2026-02-02,,0
5,$r1,CA0194200,cap,sme,2026-02-03,2026-02-04,1.5"
run 0 assign list --expert jkim --active --format tsv
[ "$(out | wc -l)" -eq 3 ] || fail "expected two active jkim assignments"
run 0 assign add "$r1" tw --role lead --force --date 2026-02-21
run 0 request log "$r1" --format csv
expect_out_has "assignment,1,update,released,,2026-02-20"
# A completed request can get a new lead before it is reopened.
"$CRT" request status "$r1" --to completed --date 2026-02-22 -q
run 0 assign remove "$r1" tw --date 2026-02-23
run 0 assign add "$r1" mreyes --role lead --force --date 2026-02-24
run 0 request status "$r1" --to active --date 2026-02-25

done_testing
