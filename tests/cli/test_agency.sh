# crt agency: add, update, list, show, and every error path with nothing written.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
history() { sql crt.db "SELECT count(*) FROM history"; }

run 0 agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA \
    --sworn 212 --contact-name "Ana Diaz" --contact-email adiaz@riverton.example --contact-phone "555-0100" \
    --date 2026-01-02
expect_out ""
run 0 agency add NV0020000 --name 'Clark "North" Sheriff, Office | Unit' --type sheriff --state NV --format json
expect_out_has '"name": "Clark \"North\" Sheriff, Office | Unit"'
run 0 agency add AZ0070000 --name "Salt River Tribal Police Department — Nación" --type tribal --state AZ --sworn 40
expect_sql crt.db "SELECT name FROM agency WHERE ori = 'AZ0070000'" "Salt River Tribal Police Department — Nación"

run 0 agency list --format csv
expect_out 'ori,name,type,state,sworn,contact_name,contact_email,contact_phone
AZ0070000,Salt River Tribal Police Department — Nación,tribal,AZ,40,,,
CA0194200,Riverton Police Department,municipal,CA,212,Ana Diaz,adiaz@riverton.example,555-0100
NV0020000,"Clark ""North"" Sheriff, Office | Unit",sheriff,NV,,,,'
run 0 agency list --format md --type sheriff
expect_out '| ori | name | type | state | sworn | contact_name | contact_email | contact_phone |
| --- | --- | --- | --- | --- | --- | --- | --- |
| NV0020000 | Clark "North" Sheriff, Office \| Unit | sheriff | NV |  |  |  |  |'
run 0 agency list --state CA --format ndjson
expect_out '{"ori":"CA0194200","name":"Riverton Police Department","type":"municipal","state":"CA","sworn":212,"contact_name":"Ana Diaz","contact_email":"adiaz@riverton.example","contact_phone":"555-0100"}'
run 0 agency list --state TX --format json
expect_out "[]"
run 0 agency show CA0194200
expect_out_has "name:           Riverton Police Department"

# Update: only the given fields change, each change is one history row.
run 0 agency update CA0194200 --sworn 230 --contact-phone "" --date 2026-01-15
expect_err_has "2 fields changed"
expect_sql crt.db "SELECT sworn, contact_phone IS NULL FROM agency WHERE ori = 'CA0194200'" "230|1"
expect_sql crt.db "SELECT field, old_value, new_value, effective_date, actor FROM history WHERE action = 'update' ORDER BY id" \
    "sworn|212|230|2026-01-15|tester
contact_phone|555-0100||2026-01-15|tester"
run 0 agency update CA0194200 --sworn 230
expect_err_has "nothing changed"
run 4 agency update CA0194200 --sworn 1 --date 2026-01-01
expect_err_has "before agency CA0194200 was added (2026-01-02)"
run 0 agency update NV0020000 --sworn 12 -q
run 0 agency update NV0020000 --sworn "" -q
expect_sql crt.db "SELECT sworn IS NULL FROM agency WHERE ori = 'NV0020000'" 1
run 0 agency update CA0194200 --sworn 230 -q
expect_err_empty

# Errors: the right code, one line, and nothing written.
rows=$(history)
run 2 agency add ca0194200 --name X --type municipal --state CA
run 2 agency add CA01942 --name X --type municipal --state CA
run 2 agency add CA0194201 --name X --type police --state CA
run 2 agency add CA0194201 --name X --type municipal --state XX
run 2 agency add CA0194201 --name X --type municipal --state CA --sworn -1
run 2 agency add CA0194201 --name X --type municipal --state CA --sworn many
run 2 agency add CA0194201 --name X --type municipal --state CA --contact-email not-an-email
run 2 agency add CA0194201 --name X --type municipal --state CA --date 2026-02-30
run 2 agency add CA0194201 --type municipal --state CA
run 4 agency add CA0194201 --name X --type municipal --state NV
expect_err_has "belongs to state CA"
run 4 agency add CA0194201 --name "" --type municipal --state CA
run 4 agency add CA0194201 --name X --type municipal --state CA --date 2999-01-01
expect_err_has "future"
run 5 agency add CA0194200 --name X --type municipal --state CA
run 3 agency update CA0999999 --sworn 3
run 3 agency show CA0999999
run 4 agency update CA0194200 --state NV
run 2 agency update CA0194200 --type nope
[ "$(history)" == "$rows" ] || fail "a refused command wrote history"
expect_sql crt.db "SELECT count(*) FROM agency" 3
expect_sql crt.db "SELECT state FROM agency WHERE ori = 'CA0194200'" "CA"

# Text with quotes, SQL fragments and newlines is stored verbatim.
run 0 agency update CA0194200 --contact-name "O'Brien'); DROP TABLE agency; --
second line"
expect_sql crt.db "SELECT count(*) FROM agency" 3
run 0 agency show CA0194200 --format json
expect_out_has '"contact_name": "O'"'"'Brien'"'"'); DROP TABLE agency; --\nsecond line"'
run 0 agency show CA0194200 --format tsv
expect_out_has "O'Brien'); DROP TABLE agency; --\\nsecond line"

done_testing
