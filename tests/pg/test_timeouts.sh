# PostgreSQL only (run by tests/pg/run.sh): every wait on the server is
# bounded by crt's timeouts, and its end is one line with the documented
# exit code, never a hang: a statement held up by another session's table
# lock (CRT_STATEMENT_TIMEOUT, exit 7; CRT_BUSY_TIMEOUT, exit 6), and a
# server that never answers (CRT_CONNECT_TIMEOUT, exit 7). A password in the
# URI never shows. Times are not asserted: `timeout 60` only guards against
# a hang.
# shellcheck source=../cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
: "${CRT_PG_SOCKET:?}" "${CRT_REAL:?}"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
"$CRT" request new --agency CA0194200 --level tac --title "Request 1" --topic de-escalation --received 2025-01-02 -q >/dev/null

# crt under a hang guard, for `run`.
printf '#!/bin/sh\nexec timeout 60 "%s" "$@"\n' "$CRT_REAL" >bounded
chmod +x bounded
CRT=$TEST_DIR/bounded
password=Secret-pw-4711
# The test database with a password in the URI (the socket trusts it).
db=$(pg_name crt.db)
with_password="postgresql://postgres:$password@/$db?host=$CRT_PG_SOCKET"
expect_no_password() {
    CHECKS=$((CHECKS + 1))
    ! grep -qF "$password" "$TEST_DIR/.err" || fail "the password shows: $(err)"
    expect_err_has "***"
}

# Another session holds request's table lock, as an administrator's
# ALTER TABLE or VACUUM FULL would, until it is ended below.
PGAPPNAME=crt-test-locker psql -h "$CRT_PG_SOCKET" -U postgres -d "$db" -qAtX \
    -c "BEGIN; LOCK TABLE request IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60); COMMIT;" \
    >/dev/null 2>&1 &
locker=$!
for _ in $(seq 200); do
    [ "$(sql crt.db "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = 'request' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
    sleep 0.05
done
expect_sql crt.db "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'crt-test-locker'" 1

# The statement timeout (milliseconds) ends a read and a write: exit 7.
CRT_STATEMENT_TIMEOUT=500 run 7 --db "$with_password" report summary
expect_err_has "ran past the statement timeout (set CRT_STATEMENT_TIMEOUT in ms)"
expect_no_password
CRT_STATEMENT_TIMEOUT=500 run 7 --db "$with_password" request new --agency CA0194200 --level tac \
    --title "Held up" --topic de-escalation --received 2025-01-02
expect_err_has "ran past the statement timeout"
expect_no_password
printf 'request list\nrequest new --agency CA0194200 --level tac --title "Batched" --topic de-escalation --received 2025-01-02\n' >held.crt
CRT_STATEMENT_TIMEOUT=500 run 7 --db "$with_password" batch held.crt
expect_no_password
# The busy timeout ends a wait for a lock first when it is the shorter: exit 6.
CRT_BUSY_TIMEOUT=300 run 6 --db "$with_password" report summary
expect_err_has "the database stayed locked past the busy timeout"
expect_no_password
CRT_BUSY_TIMEOUT=300 run 6 --db "$with_password" request new --agency CA0194200 --level tac \
    --title "Held up" --topic de-escalation --received 2025-01-02
# 0 does not wait: a reader held up by the lock fails at once, not at the
# statement timeout.
CRT_BUSY_TIMEOUT=0 run 6 --db "$with_password" report summary
expect_err_has "the database stayed locked past the busy timeout"
# A table the lock does not hold up is read at once.
CRT_STATEMENT_TIMEOUT=500 run 0 --db "$with_password" agency list --format csv --columns ori
expect_out "$(printf 'ori\nCA0194200')"

sql crt.db "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'crt-test-locker'" >/dev/null
wait "$locker" || true
run 0 --db "$with_password" request list --format csv --columns title
expect_out "$(printf 'title\nRequest 1')"

# A server that accepts the connection and never answers: the connect
# timeout (seconds) ends the wait.
mkdir silent
perl -MIO::Socket::UNIX -e '
    my $socket = IO::Socket::UNIX->new(Type => IO::Socket::SOCK_STREAM(), Local => $ARGV[0], Listen => 5)
        or die "listen: $!\n";
    sleep 120' "$TEST_DIR/silent/.s.PGSQL.5432" &
listener=$!
for _ in $(seq 100); do
    [ -S silent/.s.PGSQL.5432 ] && break
    sleep 0.05
done
CRT_CONNECT_TIMEOUT=1 run 7 --db "postgresql://clerk:$password@/cri?host=$TEST_DIR/silent" request list
expect_err_has "cannot connect to the server (timeout expired)"
expect_no_password
kill "$listener"
wait "$listener" 2>/dev/null || true
# No server at the path, and no such database: exit 7 at once.
CRT_CONNECT_TIMEOUT=1 run 7 --db "postgresql:///cri?host=$TEST_DIR/nowhere&password=$password" request list
expect_err_has "cannot connect to the server"
expect_no_password
run 7 --db "postgresql://postgres:$password@/no_such_db?host=$CRT_PG_SOCKET" report summary
expect_err_has 'database "no_such_db" does not exist'
expect_no_password
# A '?' in the password is the password's, as libpq reads the URI.
run 7 --db "postgresql://postgres:Q?$password@/no_such_db?host=$CRT_PG_SOCKET" report summary
expect_err_has "postgresql://postgres:***@/no_such_db?host="
expect_no_password
# A timeout that is not a number is a usage error.
CRT_CONNECT_TIMEOUT=soon run 2 --db "$with_password" request list
CRT_STATEMENT_TIMEOUT=-1 run 2 --db "$with_password" request list
# There is no wait without a limit: 0, no limit to the server, is refused.
CRT_STATEMENT_TIMEOUT=0 run 2 --db "$with_password" request list
expect_err_has "CRT_STATEMENT_TIMEOUT: '0' is not a number (1 to 86400000)"
# crt init names the database it created as errors do.
createdb -h "$CRT_PG_SOCKET" -U postgres "${db}_init"
run 0 --db "postgresql://postgres:$password@/${db}_init?host=$CRT_PG_SOCKET" init
expect_err_has "created crt database"
expect_no_password
dropdb -h "$CRT_PG_SOCKET" -U postgres "${db}_init"

done_testing
