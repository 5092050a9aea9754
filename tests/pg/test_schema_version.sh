# PostgreSQL only (run by tests/pg/run.sh): the schema's version in crt_meta
# decides, as PRAGMA user_version does on SQLite. A newer schema is refused;
# an upgrade runs in one transaction with the write lock, so one that fails
# leaves the database exactly as it was.
# shellcheck source=../cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
: "${CRT_PG_SOCKET:?}"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
expect_sql crt.db "SELECT value FROM crt_meta WHERE key = 'schema_version'" 2
tables() { sql crt.db "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = current_schema()"; }
before=$(tables)

# Newer than this crt: refused, for readers and writers, with nothing changed.
sql crt.db "UPDATE crt_meta SET value = '3' WHERE key = 'schema_version'" >/dev/null
run 7 request list
expect_err_has "schema version 3 is newer than this crt supports (2); use a newer crt"
run 7 agency add WA0170000 --name "Lakeside Police Department" --type municipal --state WA --date 2025-01-01
expect_sql crt.db "SELECT count(*) FROM agency" 1

# An upgrade that fails (here: version 2's tables are already there, as they
# would be for a database whose version was set back by hand) is undone
# whole: the version stays, no table is added or lost, and the data is kept.
sql crt.db "UPDATE crt_meta SET value = '1' WHERE key = 'schema_version'" >/dev/null
run 7 request list
expect_err_has "already exists"
expect_sql crt.db "SELECT value FROM crt_meta WHERE key = 'schema_version'" 1
[ "$(tables)" = "$before" ] || fail "a failed upgrade changed the tables: $(tables)"
expect_sql crt.db "SELECT count(*) FROM agency" 1

# Back at the version crt writes, everything works again.
sql crt.db "UPDATE crt_meta SET value = '2' WHERE key = 'schema_version'" >/dev/null
run 0 agency add WA0170000 --name "Lakeside Police Department" --type municipal --state WA --date 2025-01-01
run 0 check
done_testing
