# crt import: every kind from CSV (any column order, optional columns left
# out), standard input and NDJSON; every bad row reported as FILE:LINE and
# nothing written; malformed CSV; keys, --upsert, --dry-run, I/O and usage
# errors; the history an import leaves for reports as of a day.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
# Rows of every table and of the history, to prove a refused import wrote nothing.
counts() {
    sql crt.db "SELECT (SELECT count(*) FROM agency) || ' ' || (SELECT count(*) FROM expert) || ' ' ||
        (SELECT count(*) FROM expert_topic) || ' ' || (SELECT count(*) FROM request) || ' ' ||
        (SELECT count(*) FROM request_topic) || ' ' || (SELECT count(*) FROM assignment) || ' ' ||
        (SELECT count(*) FROM milestone) || ' ' || (SELECT count(*) FROM history)"
}
expect_counts() {
    CHECKS=$((CHECKS + 1))
    [ "$(counts)" == "$1" ] || fail "a refused import wrote rows: $(counts), expected $1"
}
retired=$(grep -B4 'retired = true' "$CRT_SOURCE_DIR/data/topics.toml" | sed -n 's/^id = "\(.*\)"/\1/p' | head -1)

# Clean files of every kind, columns in another order than export, optional ones left out.
printf 'state,type,name,ori,sworn\nCA,municipal,Riverton Police Department,CA0194200,212\nAZ,tribal,"Red Canyon ""Tribal"", PD",AZ0070300,\n' >agencies.csv
run 0 import agencies agencies.csv --date 2025-01-01
expect_out ""
expect_err "imported 2 agencies"
run 0 export agencies
expect_out 'ori,name,type,state,sworn,contact_name,contact_email,contact_phone
AZ0070300,"Red Canyon ""Tribal"", PD",tribal,AZ,,,,
CA0194200,Riverton Police Department,municipal,CA,212,,,'
expect_sql crt.db "SELECT count(*) FROM history WHERE entity = 'agency' AND action = 'create' AND effective_date = '2025-01-01'" 2

# Standard input is `-`, and the file name in messages.
printf 'name,expertise,handle,capacity\nMaria Reyes,"use-of-force,de-escalation",mreyes,4\nBob Hale,,bhale,\n' |
    run 0 import experts - --date 2025-01-01
expect_err "imported 2 experts"
run 0 export experts
expect_out 'handle,name,org,email,expertise,capacity,active
bhale,Bob Hale,,,,3,true
mreyes,Maria Reyes,,,"de-escalation,use-of-force",4,true'

# Requests: an old record may keep a retired topic; history holds the implied moves.
cat >requests.csv <<EOF
topics,title,level,agency,received,status,status_date,accepted,external_id,status_note
"use-of-force,de-escalation",De-escalation course,tac,CA0194200,2025-02-01,active,2025-02-20,2025-02-10,CR-1,
$retired,Records move,tac,AZ0070300,2025-03-01,declined,2025-03-05,,CR-2,Out of scope
use-of-force,"Review, ""phase 1""",assessment,AZ0070300,2025-03-10,,,,,
EOF
run 0 import requests requests.csv
expect_err "imported 3 requests"
run 0 export requests
expect_out "id,external_id,agency,level,title,description,topics,delivery,form,priority,received,target,event_date,status,status_date,status_note,accepted
1,CR-1,CA0194200,tac,De-escalation course,,\"de-escalation,use-of-force\",,,normal,2025-02-01,,,active,2025-02-20,,2025-02-10
2,CR-2,AZ0070300,tac,Records move,,$retired,,,normal,2025-03-01,,,declined,2025-03-05,Out of scope,
3,,AZ0070300,assessment,\"Review, \"\"phase 1\"\"\",,use-of-force,,,normal,2025-03-10,,,received,2025-03-10,,"
expect_sql crt.db "SELECT action, old_value, new_value, effective_date, note FROM history WHERE entity = 'request' AND entity_id = '1' ORDER BY id" \
    "import|||2025-02-01|requests.csv:2
status|received|accepted|2025-02-10|
status|accepted|active|2025-02-20|"
# Reports as of a day between received and the last move see the earlier statuses.
tac_row() { run 0 report summary --format csv --as-of "$1" --level tac; out | sed -n 2p | cut -d, -f1-8; }
[ "$(tac_row 2025-01-31)" == "tac,0,0,0,0,0,0,0" ] || fail "before receipt: $(tac_row 2025-01-31)"
[ "$(tac_row 2025-02-05)" == "tac,1,1,0,0,0,0,0" ] || fail "received on 02-05: $(tac_row 2025-02-05)"
[ "$(tac_row 2025-02-15)" == "tac,1,0,1,0,0,0,0" ] || fail "accepted on 02-15: $(tac_row 2025-02-15)"
[ "$(tac_row 2025-02-20)" == "tac,1,0,0,1,0,0,0" ] || fail "active on 02-20: $(tac_row 2025-02-20)"
[ "$(tac_row 2025-03-02)" == "tac,2,1,0,1,0,0,0" ] || fail "two on 03-02: $(tac_row 2025-03-02)"
[ "$(tac_row 2025-03-05)" == "tac,2,0,0,1,0,1,0" ] || fail "declined on 03-05: $(tac_row 2025-03-05)"

cat >assignments.csv <<'EOF'
hours,released,assigned,role,expert,request
12.5,,2025-02-15,lead,mreyes,1
,2025-03-01,2025-02-16,,bhale,1
EOF
run 0 import assignments assignments.csv
expect_err "imported 2 assignments"
run 0 export assignments
expect_out 'id,request,expert,role,assigned,released,hours
1,1,mreyes,lead,2025-02-15,,12.5
2,1,bhale,sme,2025-02-16,2025-03-01,0'
expect_sql crt.db "SELECT field, old_value, new_value, effective_date FROM history WHERE entity = 'assignment' AND action = 'update' ORDER BY id" \
    "hours|0.00|12.50|2025-02-15
released||2025-03-01|2025-03-01"

cat >milestones.csv <<'EOF'
title,request,kind,due,status,status_date,created
Intake call,1,intake,2025-03-01,done,2025-02-25,2025-02-12
Deliver training,1,training,,,,
EOF
run 0 import milestones milestones.csv --date 2025-02-21
expect_err "imported 2 milestones"
run 0 export milestones
expect_out 'id,request,kind,title,due,status,created,status_date,completed,note,ref,finding,blocker,template_step
1,1,intake,Intake call,2025-03-01,done,2025-02-12,2025-02-25,2025-02-25,,,,,
2,1,training,Deliver training,,planned,2025-02-21,2025-02-21,,,,,,'
# What import accepted is consistent by crt check's rules.
run 0 check
expect_err_has "0 errors, 0 warnings"

# NDJSON: arrays for lists, nulls, numbers, booleans, blank lines skipped.
cat >experts.ndjson <<'EOF'
{"handle":"cnguyen","name":"Carol Nguyen","expertise":["school-safety","campus-policing"],"org":null,"capacity":2,"active":false}

{"name":"Dan Okafor","handle":"dokafor","email":null,"expertise":[]}
EOF
run 0 import experts experts.ndjson --format ndjson --date 2025-01-01
expect_err "imported 2 experts"
run 0 export experts --format ndjson
expect_out_has '{"handle":"cnguyen","name":"Carol Nguyen","org":null,"email":null,"expertise":"campus-policing,school-safety","capacity":2,"active":false}'
expect_out_has '{"handle":"dokafor","name":"Dan Okafor","org":null,"email":null,"expertise":null,"capacity":3,"active":true}'
printf '{"agency":"CA0194200","level":"tac","title":"From JSON","topics":["use-of-force"],"received":"2025-04-01","description":null}\n' |
    run 0 import requests - --format ndjson
expect_sql crt.db "SELECT title, description IS NULL, (SELECT group_concat(topic) FROM request_topic WHERE request = 4) FROM request WHERE id = 4" "From JSON|1|use-of-force"

# Bad NDJSON lines: each is reported with its physical line; nothing lands.
before=$(counts)
cat >bad.ndjson <<'EOF'
{"handle":"ok1","name":"Fine"}
["handle","x"]
{"handle":"dan","name":
{"handle":"ed","name":"Ed","colour":"red"}
{"handle":"fay","name":"Fay","expertise":[1,2]}

{"handle":"hal"}
"just a string"
{"handle":"mreyes","name":"Again"}
EOF
import_fails 4 experts bad.ndjson --format ndjson
expect_err "crt: error: bad.ndjson:2: not a JSON object
crt: error: bad.ndjson:3: not valid JSON
crt: error: bad.ndjson:4: column colour: unknown for experts
crt: error: bad.ndjson:5: column expertise: a list must hold strings
crt: error: bad.ndjson:7: column name: required
crt: error: bad.ndjson:8: not a JSON object
crt: error: bad.ndjson:9: column handle: expert mreyes already exists (use --upsert to update it)
crt: error: bad.ndjson: 7 bad rows; nothing was imported"
expect_counts "$before"
expect_sql crt.db "SELECT count(*) FROM expert WHERE handle = 'ok1'" 0
# Invalid UTF-8 on the line, or a NUL byte escaped inside a string.
printf '{"handle":"x\377","name":"X"}\n{"handle":"nul","name":"A\\u0000B"}\n' >bytes.ndjson
import_fails 4 experts bytes.ndjson --format ndjson
expect_err_has "crt: error: bytes.ndjson:1: invalid UTF-8 or NUL byte at column 13"
expect_err_has "crt: error: bytes.ndjson:2: "
expect_err_has "NUL byte"
expect_err_has "crt: error: bytes.ndjson: 2 bad rows; nothing was imported"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <.err)" -eq 3 ] || fail "bytes.ndjson: expected 2 rows and a count"
expect_counts "$before"

# One bad row in 100: exit 4, its physical line named, nothing lands.
{
    echo 'ori,name,type,state'
    for i in $(seq 1 100); do
        if [ "$i" -eq 57 ]; then type=bogus; else type=municipal; fi
        printf 'TX%07d,Agency %d,%s,TX\n' "$i" "$i" "$type"
    done
} >hundred.csv
import_fails 4 agencies hundred.csv
expect_err "crt: error: hundred.csv:58: column type: 'bogus' is not an agency type
crt: error: hundred.csv: 1 bad row; nothing was imported"
expect_counts "$before"
expect_sql crt.db "SELECT count(*) FROM agency WHERE ori LIKE 'TX%'" 0
# With the row fixed, all 100 land in one go.
sed 's/,bogus,/,county,/' hundred.csv >fixed.csv
run 0 import agencies fixed.csv -q
expect_err_empty
expect_sql crt.db "SELECT count(*) FROM agency WHERE ori LIKE 'TX%'" 100

# A quoted field spanning lines: later rows are named by their physical line.
before=$(counts)
printf 'ori,name,type,state\nNV0000001,"Multi\nline\nname",sheriff,NV\nNV0000002,X,nope,NV\nNV0000003,"Y\n",county,XX\n' >multiline.csv
import_fails 4 agencies multiline.csv
expect_err "crt: error: multiline.csv:5: column type: 'nope' is not an agency type
crt: error: multiline.csv:6: column state: 'XX' is not a USPS state code
crt: error: multiline.csv: 2 bad rows; nothing was imported"
expect_counts "$before"

# More than 100 bad rows: the first 100 are listed, then a count.
{
    echo 'ori,name,type,state'
    for i in $(seq 1 150); do printf 'NM%07d,Agency %d,bogus,NM\n' "$i" "$i"; done
} >many.csv
import_fails 4 agencies many.csv
CHECKS=$((CHECKS + 1))
[ "$(wc -l <.err)" -eq 101 ] || fail "150 bad rows printed $(wc -l <.err) lines, expected 100 and a count"
[ "$(sed -n 1p .err)" == "crt: error: many.csv:2: column type: 'bogus' is not an agency type" ] || fail "first line: $(sed -n 1p .err)"
[ "$(sed -n 100p .err)" == "crt: error: many.csv:101: column type: 'bogus' is not an agency type" ] || fail "100th line: $(sed -n 100p .err)"
[ "$(sed -n 101p .err)" == "crt: error: many.csv: 150 bad rows (50 not shown); nothing was imported" ] || fail "last line: $(sed -n 101p .err)"
expect_counts "$before"

# Malformed CSV: each is refused with its place, and nothing lands.
malformed() { # malformed NAME PRINTF-TEXT EXPECTED-MESSAGE
    # shellcheck disable=SC2059 # the text is a printf format on purpose
    printf "$2" >"$1.csv"
    run 4 import agencies "$1.csv"
    expect_err_has "$3"
    expect_counts "$before"
}
malformed unbalanced 'ori,name,type,state\nNM0000001,"Open,municipal,NM\nNM0000002,B,county,NM\n' \
    "unbalanced.csv:2:11: quoted field is never closed"
malformed afterquote 'ori,name,type,state\nNM0000001,"Name"x,municipal,NM\n' \
    "afterquote.csv:2:17: unexpected character after a closing quote"
malformed midquote 'ori,name,type,state\nNM0000001,Na"me,municipal,NM\n' \
    "midquote.csv:2:13: quote inside an unquoted field"
malformed cr 'ori,name,type,state\nNM0000001,Name,municipal,NM\rNM0000002,Name,county,NM\r' \
    "cr.csv:2:28: a CR without LF (use LF or CRLF line ends)"
malformed nul 'ori,name,type,state\nNM0000001,Na\000me,municipal,NM\n' "nul.csv:2:13: NUL byte"
malformed utf8 'ori,name,type,state\nNM0000001,Na\377me,municipal,NM\n' \
    "utf8.csv:2:11: invalid UTF-8 in a field (byte 3 of it)"
malformed empty '' "empty.csv:1: the file is empty; the first line must name the columns"
malformed unknown 'ori,name,type,state,colour\nNM0000001,A,municipal,NM,red\n' \
    "unknown.csv:1: unknown column 'colour' for agencies (columns: ori, name, type, state, sworn, contact_name, contact_email, contact_phone)"
malformed missing 'ori,name,type\nNM0000001,A,municipal\n' "missing.csv:1: column 'state' is missing (required for agencies)"
malformed duplicate 'ori,name,type,state,name\nNM0000001,A,municipal,NM,B\n' "duplicate.csv:1: column 'name' appears twice"
# A file with CR-only line ends fails on its first line.
malformed allcr 'ori,name,type,state\rNM0000001,Name,municipal,NM\r' "a CR without LF"
# A ragged row is a row problem: every one is reported.
printf 'ori,name,type,state\nNM0000001,A,municipal\nNM0000002,B,county,NM\nNM0000003,C,county,NM,extra\n' >ragged.csv
import_fails 4 agencies ragged.csv
expect_err "crt: error: ragged.csv:2: has 3 fields; the header has 4
crt: error: ragged.csv:4: has 5 fields; the header has 4
crt: error: ragged.csv: 2 bad rows; nothing was imported"
expect_counts "$before"
# Header only: nothing to do, not an error.
printf 'ori,name,type,state\n' >header.csv
run 0 import agencies header.csv
expect_err "imported 0 agencies"
expect_counts "$before"
# A UTF-8 BOM and CRLF line ends are accepted.
printf '\357\273\277ori,name,type,state\r\nNM0000001,"Santa Fe, ""NM""",municipal,NM\r\n' >bom.csv
run 0 import agencies bom.csv
expect_err "imported 1 agencies"
expect_sql crt.db "SELECT ori || '|' || name FROM agency WHERE state = 'NM'" 'NM0000001|Santa Fe, "NM"'

# Rules of the data: dates, agency, topics, keys twice in one input.
before=$(counts)
cat >rules.csv <<EOF
agency,level,title,topics,received,external_id
CA0194200,tac,Good,de-escalation,2025-02-01,X-1
CA0194200,tac,Bad date,de-escalation,2025-02-30,X-2
CA0194200,tac,Future,de-escalation,2999-01-01,X-3
CA0999999,tac,Unknown agency,de-escalation,2025-02-01,X-4
CA0194200,tac,Retired topic,$retired,2025-02-01,X-5
CA0194200,tac,Unknown topic,no-such-topic,2025-02-01,X-6
CA0194200,tac,Same key,de-escalation,2025-02-01,X-1
EOF
import_fails 4 requests rules.csv
expect_err "crt: error: rules.csv:3: column received: '2025-02-30' is not a real date (YYYY-MM-DD)
crt: error: rules.csv:4: column received: 2999-01-01 is in the future
crt: error: rules.csv:5: column agency: no agency with ORI 'CA0999999'
crt: error: rules.csv:7: column topics: no topic 'no-such-topic' in the catalogue
crt: error: rules.csv:8: column external_id: 'X-1' appears twice in this input
crt: error: rules.csv: 5 bad rows; nothing was imported"
expect_counts "$before"
# An unknown agency alone: the not-found message, but exit 4 for the whole import.
printf 'agency,level,title,topics\nCA0999999,tac,T,de-escalation\n' >noagency.csv
import_fails 4 requests noagency.csv
expect_err "crt: error: noagency.csv:2: column agency: no agency with ORI 'CA0999999'
crt: error: noagency.csv: 1 bad row; nothing was imported"
expect_counts "$before"
printf 'ori,name,type,state\nWA0000001,A,municipal,WA\nWA0000001,B,county,WA\n' >twice.csv
import_fails 4 agencies twice.csv
expect_err "crt: error: twice.csv:3: column ori: 'WA0000001' appears twice in this input
crt: error: twice.csv: 1 bad row; nothing was imported"
printf 'handle,name\nzed,A\nzed,B\n' >twice.csv
import_fails 4 experts twice.csv
expect_err "crt: error: twice.csv:3: column handle: 'zed' appears twice in this input
crt: error: twice.csv: 1 bad row; nothing was imported"
expect_counts "$before"

# Existing keys: refused without --upsert, updated with it (history old -> new).
printf 'ori,name,type,state,sworn\nCA0194200,Riverton PD,municipal,CA,215\nOR0000001,Salem PD,municipal,OR,90\n' >upsert.csv
import_fails 4 agencies upsert.csv
expect_err "crt: error: upsert.csv:2: column ori: agency CA0194200 already exists (use --upsert to update it)
crt: error: upsert.csv: 1 bad row; nothing was imported"
expect_counts "$before"
printf 'handle,name,expertise,capacity\nmreyes,Maria Reyes,"use-of-force,de-escalation",6\n' >upsert-experts.csv
import_fails 4 experts upsert-experts.csv
expect_err "crt: error: upsert-experts.csv:2: column handle: expert mreyes already exists (use --upsert to update it)
crt: error: upsert-experts.csv: 1 bad row; nothing was imported"
printf 'external_id,agency,level,title,topics,received,status,status_date,accepted\nCR-1,CA0194200,tac,De-escalation course,"de-escalation,use-of-force",2025-02-01,active,2025-02-20,2025-02-10\n' >upsert-requests.csv
import_fails 4 requests upsert-requests.csv
expect_err "crt: error: upsert-requests.csv:2: column external_id: 'CR-1' is already request 1 (use --upsert to update it)
crt: error: upsert-requests.csv: 1 bad row; nothing was imported"
expect_counts "$before"

run 0 import agencies upsert.csv --upsert --date 2025-06-01
expect_err "imported 2 agencies (1 new, 1 updated)"
expect_sql crt.db "SELECT field, old_value, new_value, effective_date FROM history WHERE entity = 'agency' AND entity_id = 'CA0194200' AND action = 'update' ORDER BY id" \
    "name|Riverton Police Department|Riverton PD|2025-06-01
sworn|212|215|2025-06-01"
expect_sql crt.db "SELECT name, sworn FROM agency WHERE ori = 'OR0000001'" "Salem PD|90"
run 0 import experts upsert-experts.csv --upsert --date 2025-06-01
expect_err "imported 1 experts (0 new, 1 updated)"
expect_sql crt.db "SELECT field, old_value, new_value FROM history WHERE entity = 'expert' AND entity_id = 'mreyes' AND action = 'update'" \
    "capacity|4|6"
printf 'external_id,agency,level,title,topics,received,status,status_date,accepted\nCR-1,CA0194200,tac,De-escalation course (revised),"de-escalation,use-of-force",2025-02-01,active,2025-02-20,2025-02-10\n' >upsert-requests.csv
run 0 import requests upsert-requests.csv --upsert
expect_err "imported 1 requests (0 new, 1 updated)"
expect_sql crt.db "SELECT field, old_value, new_value FROM history WHERE entity = 'request' AND entity_id = '1' AND action = 'update'" \
    "title|De-escalation course|De-escalation course (revised)"
expect_sql crt.db "SELECT count(*) FROM request" 4
# A request is keyed by external id: without one, --upsert cannot match it.
before=$(counts)
printf 'agency,level,title,topics,received\nCA0194200,tac,No key,de-escalation,2025-02-01\n' >nokey.csv
import_fails 4 requests nokey.csv --upsert
expect_err "crt: error: nokey.csv:2: column external_id: needed to upsert a request (requests are keyed by external id)
crt: error: nokey.csv: 1 bad row; nothing was imported"
run 2 import milestones milestones.csv --upsert
expect_err_has "--upsert works for agencies, experts, requests and assignments"
expect_counts "$before"

# --dry-run checks every row and writes nothing.
printf 'ori,name,type,state\nUT0000001,Provo PD,municipal,UT\nUT0000002,Orem PD,municipal,UT\n' >dry.csv
run 0 import agencies dry.csv --dry-run
expect_err "checked 2 agencies; nothing was written (--dry-run)"
expect_counts "$before"
printf 'ori,name,type,state\nUT0000001,Provo PD,municipal,UT\nUT0000002,Orem PD,bogus,UT\nUT0000003,X,county,XX\n' >dry-bad.csv
import_fails 4 agencies dry-bad.csv --dry-run
expect_err "crt: error: dry-bad.csv:3: column type: 'bogus' is not an agency type
crt: error: dry-bad.csv:4: column state: 'XX' is not a USPS state code
crt: error: dry-bad.csv: 2 bad rows; nothing was imported"
expect_counts "$before"

# I/O and usage errors.
run 7 import agencies no-such-file.csv
expect_err_has "no-such-file.csv: no such file"
mkdir adir
run 7 import agencies adir
expect_err_has "adir: is a directory, not a file"
run 2 import agencies dry.csv --format md
expect_err_has "import reads csv or ndjson, not md"
run 2 import agencies dry.csv --format json
run 2 import things dry.csv
run 2 import agencies
expect_counts "$before"

# -q silences the result line; the rows still land.
run 0 import agencies dry.csv -q
expect_err_empty
expect_out ""
expect_sql crt.db "SELECT count(*) FROM agency WHERE state = 'UT'" 2

# Regressions: the file is named for a bad header too; a trailing blank line
# is no row; an upsert changes only the columns it gives and follows the
# lifecycle; experts keep topics retired since they were given.
"$CRT" init --db regress.db -q
printf 'ori,name,type,state\rCA0000001,N,municipal,CA\r' > cr-header.csv
run 4 import agencies cr-header.csv --db regress.db
expect_err_has "cr-header.csv:1:20: a CR without LF"
printf 'ori,name,type,state,sworn,contact_name\nCA0194200,Riverton PD,municipal,CA,10,Ana\n\n' > blank-end.csv
run 0 import agencies blank-end.csv --db regress.db
printf 'ori,name,type,state\nCA0194200,Riverton Police Department,municipal,CA\n' | run 0 import agencies - --upsert --db regress.db
expect_sql regress.db "SELECT name, sworn, contact_name FROM agency" "Riverton Police Department|10|Ana"
printf 'external_id,agency,level,title,topics,received,status,status_date,status_note\nX-1,CA0194200,tac,T,de-escalation,2025-01-02,withdrawn,2025-03-01,why\n' \
    | run 0 import requests - --db regress.db
printf 'external_id,agency,level,title,topics,received,status,status_date\nX-1,CA0194200,tac,T,de-escalation,2025-01-02,received,2025-03-05\n' \
    | "$CRT" import requests - --upsert --db regress.db 2> .err
[ $? -eq 4 ] || fail "a lifecycle-breaking upsert was not refused"
grep -q -- "-:2: column status: request 1 cannot go from withdrawn to received" .err || fail "upsert refusal: $(cat .err)"
printf 'external_id,agency,level,title,topics\nX-1,CA0194200,tac,New title,de-escalation\n' >withdrawn.csv
import_fails 4 requests withdrawn.csv --upsert --db regress.db
expect_err "crt: error: withdrawn.csv:2: --date $(date +%F) is a day request 1 was withdrawn; a change on it must be dated while it was open
crt: error: withdrawn.csv: 1 bad row; nothing was imported"
expect_sql regress.db "SELECT title, status FROM request WHERE external_id = 'X-1'" "T|withdrawn"
printf 'external_id,agency,level,title,topics,received,status,status_date\nX-2,CA0194200,tac,T,de-escalation,2025-01-02,accepted,2025-03-01\n' \
    | run 0 import requests - --db regress.db
printf 'external_id,agency,level,title,topics\nX-2,CA0194200,tac,New title,de-escalation\n' | run 0 import requests - --upsert --db regress.db
expect_sql regress.db "SELECT title, status, accepted FROM request WHERE external_id = 'X-2'" "New title|accepted|2025-03-01"
printf 'external_id,agency,level,title\nX-1,CA0194200,critical,T\n' | "$CRT" import requests - --upsert --db regress.db 2> .err
[ $? -eq 4 ] || fail "an upsert changing the level was not refused"
grep -q "column level: request 1 has level tac; an upsert cannot change it" .err || fail "level refusal: $(cat .err)"
retired=$(grep -B4 'retired = true' "$CRT_SOURCE_DIR/data/topics.toml" | sed -n 's/^id = "\(.*\)"/\1/p' | head -1)
printf 'handle,name,expertise\nold,Old Hand,"de-escalation,%s"\n' "$retired" | run 0 import experts - --db regress.db
expect_sql regress.db "SELECT group_concat(topic) FROM (SELECT topic FROM expert_topic WHERE expert = 'old' ORDER BY topic) AS t" \
    "$(printf 'de-escalation\n%s\n' "$retired" | sort | paste -sd,)"
printf 'request,kind,title\n1,intake,Call\n' | run 2 import milestones - --upsert --db regress.db

done_testing
