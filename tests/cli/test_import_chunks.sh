# An import reads, looks up and writes its rows a chunk at a time
# (lib/io/import.cpp; on a server a chunk's new requests go in one COPY):
# what one row of a file sees of the others does not depend on where the
# chunks fall. 2,500 rows span three chunks.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2024-01-01 -q
"$CRT" agency add WA0170000 --name "Lakeside Police Department" --type municipal --state WA --date 2024-01-01 -q
rows() { # rows FIRST LAST: requests with external ids EXT-FIRST..EXT-LAST
    seq "$1" "$2" | awk '{ printf "EXT-%d,%s,tac,Request %d,de-escalation,2025-01-%02d,%s,%s,%s\n",
        $1, ($1 % 2 ? "CA0194200" : "WA0170000"), $1, $1 % 28 + 1,
        ($1 % 3 ? "received" : "accepted"), ($1 % 3 ? "" : "2025-01-30"), ($1 % 3 ? "" : "2025-01-30") }'
}
header=external_id,agency,level,title,topics,received,status,status_date,accepted

# A key seen in an earlier chunk, in the same chunk, and an id taken by a
# row two chunks back: each reported on its own line, nothing written.
{ echo "$header"; rows 1 2500; } > base.csv
{ echo "$header"; rows 1 1200; echo "EXT-7,CA0194200,tac,Again,de-escalation,2025-01-02,received,,"
  echo "EXT-1100,CA0194200,tac,Again,de-escalation,2025-01-02,received,,"; rows 1201 2500; } > twice.csv
import_fails 4 requests twice.csv
expect_err_has "twice.csv:1202: column external_id: 'EXT-7' appears twice in this input"
expect_err_has "twice.csv:1203: column external_id: 'EXT-1100' appears twice in this input"
expect_err_has "twice.csv: 2 bad rows; nothing was imported"
expect_sql crt.db "SELECT count(*) FROM request" 0
{ echo "id,$header"; echo "5,EXT-A,CA0194200,tac,Five,de-escalation,2025-01-02,received,,"
  seq 1 1500 | sed 's/^/,/' | paste -d '' - <(rows 1 1500)
  echo "5,EXT-B,CA0194200,tac,Five again,de-escalation,2025-01-02,received,,"; } > ids.csv
import_fails 4 requests ids.csv
expect_err_has "ids.csv:1503: column id: '5' appears twice in this input"
[ "$(grep -c 'bad row\|ids.csv:' "$TEST_DIR/.err")" = 2 ] || fail "only row 1503 is bad in ids.csv"
expect_sql crt.db "SELECT count(*) FROM request" 0

# A dry run writes nothing; then the file goes in whole, each request with
# the next id, its topic and its history, moves included.
run 0 import requests base.csv --dry-run
expect_sql crt.db "SELECT count(*) FROM request" 0
run 0 import requests base.csv
expect_err_has "imported 2500 requests"
expect_sql crt.db "SELECT count(*), min(id), max(id), count(DISTINCT external_id) FROM request" "2500|1|2500|2500"
expect_sql crt.db "SELECT count(*) FROM request WHERE external_id <> 'EXT-' || id" 0
expect_sql crt.db "SELECT count(*) FROM request_topic" 2500
expect_sql crt.db "SELECT count(*) FROM history WHERE entity = 'request' AND action = 'import'" 2500
# Every third row was accepted: its move is in the history, on its day.
expect_sql crt.db "SELECT count(*) FROM history WHERE entity = 'request' AND action = 'status'
    AND new_value = 'accepted' AND effective_date = '2025-01-30'" 833
expect_sql crt.db "SELECT count(*) FROM request WHERE status = 'accepted' AND accepted = '2025-01-30'" 833
# Another file: a key already stored, in its third chunk.
{ echo "$header"; rows 2501 4600; rows 17 17; } > again.csv
import_fails 4 requests again.csv
expect_err_has "again.csv:2102: column external_id: 'EXT-17' is already request 17 (use --upsert to update it)"
run 0 import requests <(echo "id,$header"; echo "9000,EXT-9000,CA0194200,tac,Far,de-escalation,2025-01-02,received,,"
    echo ",EXT-9001,CA0194200,tac,Next,de-escalation,2025-01-02,received,,")
expect_sql crt.db "SELECT id FROM request WHERE external_id = 'EXT-9001'" 9001
run 0 request new --agency CA0194200 --level tac --title After --topic de-escalation --received 2025-01-03
expect_out 9002
run 0 check

# Long rows: a chunk's rows held for the server pass a few MiB and are sent
# part-way, the request rows always before the topics and history that name
# them.
long=$(head -c 6000 /dev/zero | tr '\0' x)
{ echo "external_id,agency,level,title,topics,received,description"
  seq 1 1200 | awk -v d="$long" '{ printf "LONG-%d,CA0194200,tac,Long %d,de-escalation,2025-01-02,%s\n", $1, $1, d }'; } > long.csv
run 0 import requests long.csv
expect_sql crt.db "SELECT count(*), min(id), max(id) FROM request WHERE external_id LIKE 'LONG-%'" "1200|9003|10202"
expect_sql crt.db "SELECT count(*) FROM request_topic WHERE request > 9002" 1200
before=$(sql crt.db "SELECT count(*) FROM request")

# A row the database itself refuses (a rule added here for the test): a bad
# row on SQLite, where it fails alone; on a server it fails with its chunk's
# COPY, which ends the transaction, so the chunk is named and the listing
# ends there. Either way nothing is written.
# refuse TABLE: the database refuses a row of TABLE titled 'Refused'.
refuse() {
    if on_pg; then
        sql crt.db "ALTER TABLE $1 ADD CONSTRAINT refuse CHECK (title <> 'Refused')"
    else
        sql crt.db "CREATE TRIGGER refuse_$1 BEFORE INSERT ON $1 WHEN NEW.title = 'Refused'
            BEGIN SELECT RAISE(ABORT, 'refused'); END"
    fi
}
refuse request
{ echo "$header"; rows 5001 6500 | sed '1300s/Request 6300/Refused/'; } > refused.csv
import_fails 4 requests refused.csv
if on_pg; then
    expect_err_has "refused.csv:1002-1501: database: constraint failed"
else
    expect_err_has "refused.csv:1301: database: constraint failed"
fi
expect_err_has "refused.csv: 1 bad row; nothing was imported"
expect_sql crt.db "SELECT count(*) FROM request" "$before"

# The same for a kind written row by row (milestones): on a server the
# refused row is the last one checked, since the transaction has failed.
refuse milestone
{ echo request,kind,title,due; echo "3,meeting,Kick-off,2025-02-10"; echo "3,meeting,Refused,2025-02-11"
  echo "3,meeting,Later,2025-02-12"; echo "3,bogus,Bad kind,2025-02-12"; } > milestones.csv
import_fails 4 milestones milestones.csv
expect_err_has "milestones.csv:3: database: constraint failed"
if on_pg; then
    expect_err_has "milestones.csv: 1 bad row; nothing was imported"
else
    expect_err_has "milestones.csv:5: column kind:"
    expect_err_has "milestones.csv: 2 bad rows; nothing was imported"
fi
expect_sql crt.db "SELECT count(*) FROM milestone" 0

# Ids given inside an undone part of a transaction (a dry run in a batch)
# are given again after it, as SQLite gives rowids: one past the largest.
{ echo "$header"; rows 7001 7003; } > three.csv
printf '%s\n' "import requests three.csv --dry-run" \
    "request new --agency CA0194200 --level tac --title Next --topic de-escalation --received 2025-01-03" \
    "milestone add 10203 --kind meeting --title Kick-off --date 2025-01-04" > undone.crt
run 0 batch undone.crt
expect_sql crt.db "SELECT max(id) FROM request" 10203
expect_sql crt.db "SELECT count(*) FROM request WHERE external_id IN ('EXT-7001', 'EXT-7002', 'EXT-7003')" 0
expect_sql crt.db "SELECT id FROM milestone" 1
done_testing
