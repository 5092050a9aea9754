# Many writers at once: 8 processes each run CRT_STRESS_WRITES (default 30;
# make stress runs 300) write commands against one database while readers run
# reports and crt check in a loop. Every write lands exactly once, no command
# fails, and the database checks clean.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

writers=8
per_writer=${CRT_STRESS_WRITES:-30}
"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 -q
for w in $(seq "$writers"); do
    "$CRT" expert add "writer$w" --name "Writer $w" --expertise de-escalation --capacity 100 --date 2025-01-01 -q
    "$CRT" request new --agency CA0194200 --level tac --title "Request $w" --topic de-escalation \
        --received 2025-01-02 >/dev/null
done
# Each writer owns one request: it is accepted, gets its writer as lead,
# becomes active, then takes milestone adds and hours in turn.
writer() {
    local w=$1 i failures=0
    "$CRT" request status "$w" --to accepted --date 2025-01-03 -q || failures=$((failures + 1))
    "$CRT" assign add "$w" "writer$w" --role lead --date 2025-01-03 || failures=$((failures + 1))
    "$CRT" request status "$w" --to active --date 2025-01-04 -q || failures=$((failures + 1))
    for i in $(seq 4 "$per_writer"); do
        if [ $((i % 2)) -eq 0 ]; then
            "$CRT" milestone add "$w" --kind meeting --title "w$w m$i" --date 2025-01-05 >/dev/null || failures=$((failures + 1))
        else
            "$CRT" assign hours "$w" "writer$w" 0.25 --date 2025-01-05 -q || failures=$((failures + 1))
        fi
    done
    echo "$failures" > "failures.$w"
}
# Reads until the writers are done, and at least once.
reader() {
    local failures=0 status
    while :; do
        "$CRT" report summary --format csv >/dev/null 2>>reader.err || failures=$((failures + 1))
        "$CRT" request list --open --format tsv >/dev/null 2>>reader.err || failures=$((failures + 1))
        status=0
        "$CRT" check -q >/dev/null 2>>reader.err || status=$?
        [ "$status" -le 1 ] || failures=$((failures + 1))
        [ -f writers.done ] && break
    done
    echo "$failures" > reader.failures
}
reader &
reader_pid=$!
pids=()
for w in $(seq "$writers"); do
    writer "$w" 2>"writer.$w.err" &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
touch writers.done
wait "$reader_pid"

for w in $(seq "$writers"); do
    CHECKS=$((CHECKS + 1))
    [ "$(cat "failures.$w")" = 0 ] || fail "writer $w had failures: $(cat "writer.$w.err")"
done
CHECKS=$((CHECKS + 1))
[ "$(cat reader.failures)" = 0 ] || fail "a reader failed while writers worked: $(cat reader.err)"
adds=0
hours=0
for i in $(seq 4 "$per_writer"); do
    if [ $((i % 2)) -eq 0 ]; then adds=$((adds + 1)); else hours=$((hours + 25)); fi
done
for w in $(seq "$writers"); do
    expect_sql crt.db "SELECT count(*) FROM milestone WHERE request = $w" "$adds"
    expect_sql crt.db "SELECT count(DISTINCT title) FROM milestone WHERE request = $w" "$adds"
    expect_sql crt.db "SELECT centihours FROM assignment WHERE request = $w" "$hours"
    expect_sql crt.db "SELECT status FROM request WHERE id = $w" active
done
run 0 check
expect_err_has "0 errors, 0 warnings"

# A lock held past $CRT_BUSY_TIMEOUT: a write exits 6 and changes nothing,
# while reads go on.
before=$(sql crt.db "SELECT count(*) FROM history")
hold_write_lock crt.db 3 &
holder=$!
sleep 0.5
CRT_BUSY_TIMEOUT=300 run 6 milestone add 1 --kind meeting --title "Too late"
expect_err_has "locked past the busy timeout"
run 0 report summary --format csv
run 0 milestone list --request 1 --format csv
wait "$holder"
expect_sql crt.db "SELECT count(*) FROM history" "$before"
expect_sql crt.db "SELECT count(*) FROM milestone WHERE title = 'Too late'" 0

done_testing
