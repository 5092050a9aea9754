# crt history list and crt export history: every filter, every format, the
# same rows from both, and each refusal.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ids() { out | sed 1d | cut -d, -f1 | tr '\n' ' '; }
expect_ids() {
    CHECKS=$((CHECKS + 1))
    [ "$(ids)" == "$1" ] || fail "ids differ: got '$(ids)', expected '$1'"
}
expect_err() {
    CHECKS=$((CHECKS + 1))
    [ "$(err)" == "$1" ] || fail "stderr differs; expected:
$1"
}

# An empty database: the header alone, an empty JSON array.
"$CRT" init -q
header="id,effective_date,recorded_at,actor,entity,entity_id,request,action,field,old_value,new_value,note,corrects"
run 0 history list --format csv
expect_out "$header"
run 0 export history
expect_out "$header"
run 0 export history --format json
expect_out "[]"
run 0 export history --format ndjson
expect_out ""

"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2026-01-01 -q # 1
"$CRT" agency add OR0260200 --name "Salem Police Department" --type municipal --state OR --date 2026-01-01 -q     # 2
"$CRT" expert add mreyes --name "Maria Reyes" --expertise de-escalation --date 2026-01-01 -q                      # 3
"$CRT" expert add jkim --name "Jae Kim" --expertise de-escalation --date 2026-01-01 -q                            # 4
r1=$("$CRT" request new --agency CA0194200 --level tac --title One --topic de-escalation --received 2026-02-01) # 5
r2=$("$CRT" request new --agency OR0260200 --level tac --title Two --topic de-escalation --received 2026-02-03) # 6
"$CRT" request status "$r1" --to accepted --date 2026-02-05 --actor alice -q                                    # 7
"$CRT" assign add "$r1" mreyes --role lead --date 2026-02-06 --actor alice -q                                   # 8
"$CRT" assign hours "$r1" mreyes 2.5 --date 2026-03-10 --actor bob -q                                           # 9
"$CRT" request status "$r2" --to accepted --date 2026-02-07 -q
"$CRT" assign add "$r2" jkim --date 2026-02-08 -q
"$CRT" expert update jkim --capacity 5 --date 2026-03-15 --actor bob -q
total=$(sql crt.db "SELECT count(*) FROM history")

run 0 history list --format csv
expect_out_has "$header"
CHECKS=$((CHECKS + 1))
[ "$(out | sed 1d | wc -l)" -eq "$total" ] || fail "history list does not list every row"
# The listing is in recording order, the export the same rows and bytes.
expect_ids "$(sql crt.db "SELECT id FROM history ORDER BY id" | tr '\n' ' ')"
listed=$(out)
run 0 export history
CHECKS=$((CHECKS + 1))
[ "$(out)" == "$listed" ] || fail "export history and history list --format csv differ"
run 0 export history --format ndjson
CHECKS=$((CHECKS + 1))
[ "$(out | wc -l)" -eq "$total" ] || fail "export history --format ndjson is not one line a row"
expect_out_has '"entity":"assignment","entity_id":"1","request":1,"action":"update","field":"hours","old_value":"0.00","new_value":"2.50","note":null,"corrects":null}'
expect_out_has '"entity":"agency","entity_id":"CA0194200","request":null,"action":"create","field":null,"old_value":null,'
run 0 export history --format json
out >history.json
expect_json_sql "SELECT json_array_length(readfile('history.json'))" "$total"
run 0 export history --format tsv
expect_out_has "$(printf 'id\teffective_date\trecorded_at')"

# Filters, each alone and combined.
run 0 history list --format csv --request "$r1"
expect_ids "$(sql crt.db "SELECT id FROM history WHERE request = $r1 ORDER BY id" | tr '\n' ' ')"
expect_out_lacks ",agency,"
run 0 history list --format csv --agency CA0194200
expect_ids "$(sql crt.db "SELECT id FROM history WHERE entity_id = 'CA0194200' OR request = $r1 ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --expert mreyes
expect_ids "$(sql crt.db "SELECT id FROM history WHERE entity_id = 'mreyes' OR (entity = 'assignment' AND entity_id IN (SELECT CAST(id AS TEXT) FROM assignment WHERE expert = 'mreyes')) ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --expert jkim
expect_out_lacks ",mreyes,"
expect_out_has ",expert,jkim,,update,capacity,3,5,"
run 0 history list --format csv --by alice
expect_ids "$(sql crt.db "SELECT id FROM history WHERE actor = 'alice' ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --since 2026-02-06 --until 2026-03-10
expect_ids "$(sql crt.db "SELECT id FROM history WHERE effective_date BETWEEN '2026-02-06' AND '2026-03-10' ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --by bob --request "$r1"
expect_ids "$(sql crt.db "SELECT id FROM history WHERE actor = 'bob' AND request = $r1 ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --entity assignment
expect_ids "$(sql crt.db "SELECT id FROM history WHERE entity = 'assignment' ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --entity agency,expert --entity request
expect_ids "$(sql crt.db "SELECT id FROM history WHERE entity IN ('agency', 'expert', 'request') ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --action status
expect_ids "$(sql crt.db "SELECT id FROM history WHERE action = 'status' ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --action create,update --entity expert --by bob
expect_ids "$(sql crt.db "SELECT id FROM history WHERE action IN ('create', 'update') AND entity = 'expert' AND actor = 'bob' ORDER BY id" | tr '\n' ' ')"
run 0 history list --format csv --action void,correct
expect_out "$header"
run 3 history list --request ext:none-such-id
today=$(date -u +%F)
run 0 history list --format csv --recorded-since "$today" --recorded-until "$today"
CHECKS=$((CHECKS + 1))
[ "$(out | sed 1d | wc -l)" -eq "$total" ] || fail "every row was recorded today (UTC)"
run 0 history list --format csv --recorded-until 2020-01-01
expect_out "$header"
run 0 history list --format csv --agency NY0300000
expect_out "$header"
run 0 history list --request 99
expect_out_has "id  effective_date"

# Refusals: usage errors, nothing read.
run 2 history list --since 2026-02-30
expect_err_has "--since: '2026-02-30' is not a real date"
run 2 history list --since 2026-03-01 --until 2026-02-01
expect_err "crt: error: --until 2026-02-01 is before --since 2026-03-01 (see 'crt history list --help')"
run 2 history list --recorded-since 2026-03-01 --recorded-until 2026-02-01
expect_err "crt: error: --recorded-until 2026-02-01 is before --recorded-since 2026-03-01 (see 'crt history list --help')"
run 2 history list --request 0
expect_err "crt: error: --request: '0' is not a request id (see 'crt history list --help')"
run 2 history list --entity requests
expect_err_has "--entity: 'requests' is not one of: agency, expert, request, assignment, milestone"
run 2 history list --action delete
expect_err_has "--action: 'delete' is not one of: create, update, status, import, void, correct"
run 2 history list --action ""
expect_err_has "--action"
run 2 history list --agency riverton
run 2 history list --expert "Maria Reyes"
run 2 history
run 2 export history --format table
expect_err "crt: error: export writes csv, tsv, json or ndjson, not table (see 'crt export --help')"
run 2 export histories
expect_err_has "is not one of: agencies, experts, requests, assignments, milestones, history"
run 7 history list --db missing.db

# Listing and export write nothing.
expect_sql crt.db "SELECT count(*) FROM history" "$total"

done_testing
