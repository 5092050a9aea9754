# Lists that fit: --columns, --sort, --limit and -o on every list and report,
# compact default columns, tables fitted to a terminal, Markdown that does
# not change where the data did not. Nothing here writes to the database.
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

run 0 init -q
run 0 agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA -q
run 0 agency add TX2270100 --name "Mesa Verde County Sheriff's Office" --type sheriff --state TX -q
run 0 agency add IL0160800 --name "Port Calder Police Department" --type municipal --state IL -q
run 0 request new --agency CA0194200 --level tac --topic de-escalation --received 2025-01-10 \
    --title "De-escalation train-the-trainer course for every patrol shift in the county" -q
run 0 request new --agency TX2270100 --level critical --topic use-of-force --received 2025-02-03 \
    --title "Critical response after the courthouse square protest" --external-id CR-2025-001 -q
run 0 request new --agency IL0160800 --level assessment --topic use-of-force --received 2025-01-20 \
    --title "Organizational assessment" --external-id OA-2025-001 -q
sum=$(db_checksum crt.db)

# --columns chooses and orders; --sort (with - for descending) and --limit.
run 0 request list --columns id,received,level --sort -received --limit 2 --format csv
expect_out "id,received,level
2,2025-02-03,critical
3,2025-01-20,assessment"
run 0 request list --columns level,id --sort level --format tsv
expect_out "level	id
assessment	3
critical	2
tac	1"
run 0 agency list --columns ori,state --sort -state --format csv
expect_out "ori,state
TX2270100,TX
IL0160800,IL
CA0194200,CA"
run 0 history list --columns id,entity,entity_id --sort -id --limit 1 --format csv
expect_out "id,entity,entity_id
6,request,3"
run 0 report summary --columns level,requests --sort -requests,level --format csv
expect_out "level,requests
assessment,1
critical,1
tac,1"
# A report that streams its rows in the machine formats takes them too.
run 0 report public --columns request,agency_name --sort -request --limit 1 --format csv
expect_out "request,agency_name
3,Port Calder Police Department"

# Bad values: exit 2 naming the option, nothing written, nothing printed.
run 2 request list --columns id,nope
expect_err_has "--columns: 'nope' is not a column of this list (valid: id, external_id,"
expect_err_has "(see 'crt request list --help')"
run 2 request list --columns id,id
expect_err_has "--columns: 'id' is named twice"
run 2 request list --columns id, --format csv
expect_err_has "--columns: 'id,' has an empty column name"
run 2 request list --columns id,level --sort received
expect_err_has "--sort: 'received' is not shown (add it to --columns)"
run 2 request list --sort nope --format csv
expect_err_has "--sort: 'nope' is not a column of this list"
run 2 request list --limit 0
expect_err_has "--limit: '0' is not a positive number"
run 2 request list --limit -3
run 2 request list --limit 1e3
run 2 report summary --columns nope
expect_err_has "(see 'crt report summary --help')"
CHECKS=$((CHECKS + 1))
[ ! -s .out ] || fail "a refused view printed something"

# request list and request log are compact in the table format, whole in
# the others, and --columns reaches every column in every format.
run 0 request list
expect_out_has "id  external_id  agency     level       status    received    title"
expect_out_lacks "agency_name"
run 0 request list --format csv
expect_out_has "id,external_id,agency,agency_name,state,level,title,topics,"
run 0 request list --columns id,agency_name
expect_out_has "Mesa Verde County Sheriff's Office"
run 0 request log 1
expect_out_has "id  effective_date  actor   entity   entity_id  action  field  old_value  new_value"
expect_out_lacks "recorded_at"
run 0 request log 1 --format csv
expect_out_has "recorded_at"

# A pipe is never cut; a terminal is fitted to its width, long text first.
run 0 request list
expect_out_has "De-escalation train-the-trainer course for every patrol shift in the county"
COLUMNS=80 script -qec "$CRT request list" /dev/null | tr -d '\r' > tty.txt
CHECKS=$((CHECKS + 1))
widest=$(while IFS= read -r line; do printf '%s' "$line" | wc -m; done < tty.txt | sort -n | tail -1)
[ "$widest" -le 80 ] || fail "an 80-column terminal got lines of $widest characters: $(cat tty.txt)"
CHECKS=$((CHECKS + 1))
grep -q "…" tty.txt || fail "no cell was shortened on a narrow terminal: $(cat tty.txt)"
CHECKS=$((CHECKS + 1))
grep -q "2025-01-10" tty.txt || fail "a date was cut before the long text: $(cat tty.txt)"
COLUMNS=60 script -qec "$CRT request list --format csv" /dev/null | tr -d '\r' > tty.csv
CHECKS=$((CHECKS + 1))
grep -q "every patrol shift in the county" tty.csv || fail "csv was cut on a terminal"

# Markdown has no padding: a longer value elsewhere changes no other row.
run 0 agency list --format md
before=$(out)
run 0 agency add NY0302900 --name "Kingsbridge Harbor Police Department of the Borough of Kingsbridge" \
    --type municipal --state NY -q
sum=$(db_checksum crt.db)
run 0 agency list --format md
CHECKS=$((CHECKS + 1))
[ "$(diff <(echo "$before") <(out) | grep -c '^[<>]')" -eq 1 ] ||
    fail "adding one agency changed other Markdown rows: $(diff <(echo "$before") <(out))"

# -o writes the file whole, private, replacing an older one only when done.
umask 022
run 0 request list --format csv -o list.csv
expect_err_empty
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a list.csv)" = 600 ] || fail "list.csv has mode $(stat -c %a list.csv)"
CHECKS=$((CHECKS + 1))
[ "$(head -1 list.csv)" = "id,external_id,agency,agency_name,state,level,title,topics,delivery,form,priority,received,target,event_date,status,status_date" ] ||
    fail "list.csv: $(head -1 list.csv)"
CHECKS=$((CHECKS + 1))
[ ! -s .out ] || fail "-o printed to stdout too"
run 0 report summary --output summary.txt
expect_sql crt.db "SELECT 1" 1
CHECKS=$((CHECKS + 1))
grep -q "Summary of requests" summary.txt || fail "summary.txt: $(cat summary.txt)"
list_sum=$(checksum list.csv)
run 2 request list --format csv -o list.csv --columns nope
expect_same_file list.csv "$list_sum"
run 7 request list -o no-such-dir/list.csv
expect_no_file no-such-dir
mkdir adir
run 7 request list -o adir
if sqlite_case "-o refuses the database file and its -wal" "a database on the server is no file -o could name"; then
    run 5 request list -o crt.db
    expect_err_has "crt.db: is the database or one of its -wal, -shm, -journal files"
    run 5 request list -o crt.db-wal
fi
CHECKS=$((CHECKS + 1))
if [ -n "$(ls -A adir)" ] || ls ./*unfinished-output* >/dev/null 2>&1; then
    fail "-o left files behind: $(ls -A . adir)"
fi

expect_same_db crt.db "$sum"
done_testing
