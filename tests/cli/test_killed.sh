# A process killed mid-write leaves the database exactly as before or exactly
# as after: an import of 100,000 rows and a batch are SIGKILLed at random
# moments, and each time the database is intact and checks clean.
. "$(dirname "$0")/lib.sh"

rounds=${CRT_STRESS_ROUNDS:-50}
rows=100000
"$CRT" init --db base.db -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 \
    --db base.db -q
awk -v rows="$rows" 'BEGIN {
    print "external_id,agency,level,title,topics,received"
    for (i = 1; i <= rows; i++) printf "EXT-%d,CA0194200,tac,Request %d,de-escalation,2025-02-01\n", i, i
}' > requests.csv
# The batch: enough milestone adds to take a while, on one accepted request.
"$CRT" --db base.db request new --agency CA0194200 --level assessment --title Base --received 2025-01-02 >/dev/null
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "milestone add 1 --kind meeting --title \"Meeting %d\" --date 2025-03-01\n", i }' \
    > adds.crt

# verify DB TABLE BEFORE AFTER: intact, all or nothing, and clean.
verify() {
    local db=$1 table=$2 before=$3 after=$4 count
    CHECKS=$((CHECKS + 1))
    [ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ] || fail "integrity_check failed after a kill"
    count=$(sqlite3 "$db" "SELECT count(*) FROM $table")
    CHECKS=$((CHECKS + 1))
    [ "$count" = "$before" ] || [ "$count" = "$after" ] || fail "$count $table rows after a kill: not $before or $after"
    CHECKS=$((CHECKS + 1))
    "$CRT" --db "$db" check -q >/dev/null || fail "crt check is not clean after a kill ($count $table rows)"
}

# kill_at PID: SIGKILLs the process after a random delay up to 2.5 s.
kill_at() {
    sleep "$(awk -v seed="$RANDOM" 'BEGIN { srand(seed); printf "%.3f", rand() * 2.5 }')"
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

before=$(sqlite3 base.db "SELECT count(*) FROM request")
for round in $(seq "$rounds"); do
    rm -f round.db round.db-wal round.db-shm
    cp base.db round.db
    "$CRT" --db round.db import requests requests.csv -q &
    kill_at $!
    verify round.db request "$before" $((before + rows))
done
for round in $(seq "$rounds"); do
    rm -f round.db round.db-wal round.db-shm
    cp base.db round.db
    "$CRT" --db round.db batch adds.crt -q >/dev/null &
    kill_at $!
    verify round.db milestone 0 3000
done

done_testing
