# PostgreSQL only (run by tests/pg/run.sh): the server restarted between
# commands, stopped while a command waits, and killed in the middle of a
# write. Nothing acknowledged is lost, nothing half-written is visible,
# and a missing server is one line and exit 7, never a hang.
# shellcheck source=../cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
: "${CRT_PG_BIN:?}" "${CRT_PG_SOCKET:?}" "${CRT_PG_OPTIONS:?}" "${CRT_REAL:?}"

# server ACTION [ARGS]: pg_ctl on the test cluster, as its owner, with the
# options it was started with.
server() {
    local owner=()
    [ "$(id -u)" = 0 ] && owner=(runuser -u postgres --)
    (cd / && "${owner[@]}" "$CRT_PG_BIN/pg_ctl" -D "$CRT_PG_SOCKET/data" -l "$CRT_PG_SOCKET/server.log" \
        -o "$CRT_PG_OPTIONS" -w "$@" >/dev/null)
}

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
for i in 1 2 3 4 5; do
    run 0 request new --agency CA0194200 --level tac --title "Request $i" --topic de-escalation --received 2025-01-02
    expect_out "$i"
done

# A clean restart and a crash (immediate stop, then recovery) between
# commands: every acknowledged request is still there.
server restart -m fast
run 0 request list --format csv --columns id
expect_out "$(printf 'id\n1\n2\n3\n4\n5')"
server restart -m immediate
run 0 request new --agency CA0194200 --level tac --title "Request 6" --topic de-escalation --received 2025-01-02
expect_out 6
expect_sql crt.db "SELECT count(*) FROM request" 6

# No server: one line, exit 7, promptly (the connect timeout bounds it).
server stop -m fast
run 7 request list
expect_err_has "cannot connect to the server"
run 7 request new --agency CA0194200 --level tac --title "Lost" --topic de-escalation --received 2025-01-02
server start
expect_sql crt.db "SELECT count(*) FROM request WHERE title = 'Lost'" 0

# The server killed in the middle of a batch: the batch fails with exit 7
# and none of it is visible after recovery.
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "milestone add 1 --kind meeting --title \"M %d\" --date 2025-03-01\n", i }' >adds.crt
"$CRT_REAL" --db "$(db_uri crt.db)" request status 1 --to accepted --date 2025-01-03 -q
"$CRT_REAL" --db "$(db_uri crt.db)" batch adds.crt -q >/dev/null 2>batch.err &
batch=$!
for _ in $(seq 100); do
    [ "$(sql crt.db "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")" != 0 ] && break
    sleep 0.05
done
server stop -m immediate
status=0
wait "$batch" || status=$?
CHECKS=$((CHECKS + 1))
[ "$status" = 7 ] || fail "the batch cut off from its server exited $status, expected 7: $(cat batch.err)"
CHECKS=$((CHECKS + 1))
if [ "$(wc -l <batch.err)" != 1 ] || ! grep -q '^crt: error: ' batch.err; then
    fail "batch error: $(cat batch.err)"
fi
server start
expect_sql crt.db "SELECT count(*) FROM milestone" 0
run 0 check
expect_err_has "0 errors, 0 warnings"

done_testing
