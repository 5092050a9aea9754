# Hostile input of every shape (tests/corpus/ plus large cases made here):
# each gets its documented exit code, one clear line on stderr, no death by
# signal, and nothing written.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

corpus="$CRT_SOURCE_DIR/tests/corpus"
"$CRT" init -q
fingerprint() { sql crt.db "SELECT (SELECT count(*) FROM agency), (SELECT count(*) FROM history)"; }
empty=$(fingerprint)

# hostile CODE ARGS...: the exit code, no signal, one `crt: error:` line at
# least (import names every bad row, then a summary line), nothing written.
hostile() {
    local expected=$1
    shift
    CHECKS=$((CHECKS + 1))
    "$CRT" "$@" > .out 2> .err
    local status=$?
    [ "$status" -lt 128 ] || fail "crt $* died by signal $((status - 128))"
    [ "$status" -eq "$expected" ] || fail "crt $* exited $status, expected $expected: $(head -3 .err)"
    grep -q '^crt: error: ' .err || fail "crt $* said no error line"
    [ "$(grep -vc '^crt: error: ' .err)" -eq 0 ] || fail "crt $* printed something else on stderr: $(cat .err)"
    CHECKS=$((CHECKS + 1))
    [ "$(fingerprint)" = "$empty" ] || fail "crt $* wrote to the database"
}

# Malformed CSV.
for file in unbalanced-quote ragged-rows cr-only nul invalid-utf8 empty text-after-quote bad-values bad-ori; do
    hostile 4 import agencies "$corpus/csv-$file.csv"
done
# A BOM and a header with no rows are fine.
run 0 import agencies "$corpus/csv-header-only.csv" --dry-run
run 0 import agencies "$corpus/csv-bom.csv" --dry-run
expect_err_has "checked 1 agencies"
# Large: a 1 MiB field, a 2 MiB field, 10,000 columns.
awk 'BEGIN { printf "ori,name,type,state\nCA0194200,"; for (i = 0; i < 1048000; i++) printf "x"; print ",municipal,CA" }' > big-field.csv
run 0 import agencies big-field.csv --dry-run
awk 'BEGIN { printf "ori,name,type,state\nCA0194200,"; for (i = 0; i < 2100000; i++) printf "x"; print ",municipal,CA" }' > huge-field.csv
hostile 4 import agencies huge-field.csv
awk 'BEGIN { printf "ori"; for (i = 1; i < 10000; i++) printf ",c%d", i; print "" }' > wide.csv
hostile 4 import agencies wide.csv
awk 'BEGIN { print "ori,name,type,state"; printf "CA0194200"; for (i = 1; i < 10000; i++) printf ",v"; print "" }' > wide-row.csv
hostile 4 import agencies wide-row.csv

# Malformed NDJSON.
for file in truncated array nested invalid-utf8; do
    hostile 4 import agencies "$corpus/ndjson-$file.ndjson" --format ndjson
done

# Malformed and hostile catalogues, for a command that needs one.
for file in bad-key ef-bb-9f-59 invalid-utf8 deep-nesting levels-without-id; do
    hostile 4 expert add someone --name Someone --catalogue "$corpus/catalogue-$file.toml"
done
awk 'BEGIN { printf "version = \"1\"\na = ["; for (i = 0; i < 200000; i++) printf "%d,", i; print "0]" }' > huge-array.toml
hostile 4 expert add someone --name Someone --catalogue huge-array.toml

# Batch lines.
hostile 2 batch "$corpus/batch-unterminated.crt"
hostile 2 batch "$corpus/batch-init.crt"

# Bad dates and injection strings on the command line.
hostile 2 agency add CA0194200 --name X --type municipal --state CA --date 2026-13-01
hostile 2 agency add CA0194200 --name X --type municipal --state CA --date "2026-01-01'; DROP TABLE agency; --"
hostile 2 agency add "CA0194200'; DROP TABLE agency; --" --name X --type municipal --state CA
run 0 agency add CA0194200 --name "x'); DROP TABLE agency; --" --type municipal --state CA --date 2025-01-01
expect_sql crt.db "SELECT name FROM agency" "x'); DROP TABLE agency; --"
empty=$(fingerprint)

# Broken and foreign databases, a directory, an unwritable path: exit 7, untouched.
if sqlite_case "a truncated database file" "a database on the server is no file to cut short; an empty database is checked instead"; then
    head -c 3000 crt.db >truncated.db
else
    pg_admin "CREATE DATABASE $(pg_name truncated.db)"
fi
sum=$(db_checksum truncated.db)
hostile 7 agency list --db truncated.db
expect_same_db truncated.db "$sum"
"$CRT" init --db newer.db -q
if on_pg; then
    sql newer.db "UPDATE crt_meta SET value = '3' WHERE key = 'schema_version'"
else
    sqlite3 newer.db "PRAGMA user_version = 3"
fi
sum=$(db_checksum newer.db)
hostile 7 agency list --db newer.db
expect_same_db newer.db "$sum"
if on_pg; then pg_admin "CREATE DATABASE $(pg_name foreign.db)"; fi
sql foreign.db "CREATE TABLE agency (ori TEXT)"
sum=$(db_checksum foreign.db)
hostile 7 agency list --db foreign.db
expect_same_db foreign.db "$sum"
mkdir a-directory
hostile 7 agency list --db a-directory
hostile 7 import agencies a-directory
if sqlite_case "init and backup to an unwritable path" "a database on the server is named, not written at a path, and crt backup copies SQLite files only"; then
    hostile 7 init --db /proc/crt-cannot-write-here.db
    hostile 7 backup /proc/crt-cannot-write-here.db
fi
hostile 7 import agencies /nonexistent/file.csv

done_testing
