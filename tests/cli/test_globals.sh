# Global options, help, version, usage errors and the busy timeout.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

run 0 --version
expect_out_has "crt "
run 0 --help
expect_out_has "agency"
expect_out_has "Examples:"
for command in init topics agency expert "agency add" "agency update" "agency list" "agency show" \
    "expert add" "expert update" "expert list" "expert show" "topics list" "topics show" \
    "topics levels" "topics check"; do
    # shellcheck disable=SC2086
    run 0 $command --help
    expect_out_has "Example"
done

run 2
run 2 frobnicate
run 2 agency
run 2 agency list --bogus
run 2 --format xml agency list

# Global options are accepted before or after the subcommand.
run 0 init --db a.db -q
run 0 --db a.db agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA
run 0 agency list --db a.db --format csv
expect_out "ori,name,type,state,sworn,contact_name,contact_email,contact_phone
CA0194200,Riverton Police Department,municipal,CA,,,,"
run 0 --format tsv agency --db a.db list
expect_out_has "CA0194200	Riverton Police Department"
CRT_DB=a.db run 0 agency show CA0194200 --format json
expect_out_has '"ori": "CA0194200"'

# The actor comes from --actor, else $CRT_ACTOR, else $USER.
run 0 agency update CA0194200 --db a.db --sworn 10 --actor alice
CRT_ACTOR='' USER=bob run 0 agency update CA0194200 --db a.db --sworn 11
CRT_ACTOR=carol run 0 agency update CA0194200 --db a.db --sworn 12
expect_sql a.db "SELECT group_concat(actor, ' ') FROM history WHERE action = 'update'" "alice bob carol"

# A write waits for the lock up to $CRT_BUSY_TIMEOUT, then exits 6 and changes nothing.
(echo "BEGIN IMMEDIATE;"; sleep 3; echo "COMMIT;") | sqlite3 a.db &
holder=$!
sleep 0.5
CRT_BUSY_TIMEOUT=200 run 6 agency add TX0000001 --db a.db --name X --type county --state TX
expect_err_has "locked"
# Reads go on while a writer holds the lock.
run 0 agency list --db a.db
expect_out_has CA0194200
wait $holder
expect_sql a.db "SELECT count(*) FROM agency" 1
CRT_BUSY_TIMEOUT=soon run 2 agency list --db a.db

done_testing
