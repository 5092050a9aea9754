# A process killed mid-write leaves the database exactly as before or exactly
# as after. An import and a batch are first timed uninterrupted on this
# machine, then SIGKILLed at seeded fractions of that time. A round counts as
# "mid-write" when, just before the kill, the process held the database's
# write lock (another connection could not begin a write), the kill found it
# still running, and the database afterwards is exactly the one before: the
# test fails unless at least one round of each command was mid-write.
#
# CRT_STRESS_ROUNDS (default 3), CRT_STRESS_ROWS (default 20000) and
# CRT_STRESS_SEED (default random, printed) set the campaign; the same seed
# replays the same kill fractions.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rounds=${CRT_STRESS_ROUNDS:-3}
rows=${CRT_STRESS_ROWS:-20000}
adds=$((rows / 10))
seed=${CRT_STRESS_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "seed $seed (replay with CRT_STRESS_SEED=$seed), $rounds rounds, $rows rows, $adds batch lines"
RANDOM=$seed

"$CRT" init --db base.db -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01 \
    --db base.db -q
awk -v rows="$rows" 'BEGIN {
    print "external_id,agency,level,title,topics,received"
    for (i = 1; i <= rows; i++) printf "EXT-%d,CA0194200,tac,Request %d,de-escalation,2025-02-01\n", i, i
}' > requests.csv
# The batch: milestone adds on one accepted request.
"$CRT" --db base.db request new --agency CA0194200 --level assessment --title Base --received 2025-01-02 >/dev/null
awk -v adds="$adds" 'BEGIN {
    for (i = 1; i <= adds; i++) printf "milestone add 1 --kind meeting --title \"Meeting %d\" --date 2025-03-01\n", i
}' > adds.crt

# On PostgreSQL (make test-pg) each path is a database on the test server;
# the kills hit crt itself ($CRT_REAL with the URI), not the shim.
killed_crt=${CRT_REAL:-$CRT}
if [ -n "${CRT_PG_SOCKET:-}" ]; then
    pg() { psql -h "$CRT_PG_SOCKET" -U postgres -qAtX "$@"; }
    # fingerprint DB: every table in key order, recording timestamps masked.
    fingerprint() {
        local table
        for table in agency expert expert_topic request request_topic assignment milestone history crt_meta; do
            pg -d "$(pg_name "$1")" -c "COPY (SELECT * FROM $table ORDER BY 1, 2) TO STDOUT"
        done | sed -E "s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<recorded>/g" | sha256sum | cut -d' ' -f1
    }
    prepare() {
        pg -d postgres -c "DROP DATABASE IF EXISTS $(pg_name round.db) WITH (FORCE)" \
            -c "CREATE DATABASE $(pg_name round.db) TEMPLATE $(pg_name base.db)"
    }
    # write_locked DB: true when another client holds crt's write lock.
    write_locked() {
        [ "$(pg -d "$(pg_name "$1")" -c "SELECT pg_try_advisory_lock(1129468977, hashtext('public'))")" = f ]
    }
    # The server keeps its own pages whole; what is asked is whether it answers.
    storage_ok() { [ "$(pg -d "$(pg_name "$1")" -c "SELECT 'ok'")" = ok ]; }
else
    # fingerprint DB: the whole database as SQL text, with the recording
    # timestamps (the only values that differ between two identical runs) masked.
    fingerprint() {
        sqlite3 "$1" .dump | sed -E "s/'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z'/'<recorded>'/g" | sha256sum | cut -d' ' -f1
    }
    # prepare: a fresh copy of the starting database as round.db.
    prepare() {
        rm -f round.db round.db-wal round.db-shm
        cp base.db round.db
    }
    # write_locked DB: true when another connection holds DB's write lock.
    write_locked() {
        ! sqlite3 -cmd ".timeout 0" "$1" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1
    }
    storage_ok() { [ "$(sqlite3 "$1" "PRAGMA integrity_check")" = ok ]; }
fi
now_ms() { date +%s%3N; }
round_db=$(db_uri round.db)

# campaign NAME CMD...: times CMD once, then kills it in each round.
campaign() {
    local name=$1 before after start elapsed_ms round delay_ms pid locked status print midwrite=0
    shift
    before=$(fingerprint base.db)
    prepare
    start=$(now_ms)
    "$killed_crt" --db "$round_db" "$@" -q >/dev/null || fail "$name: the uninterrupted run failed"
    elapsed_ms=$(($(now_ms) - start))
    after=$(fingerprint round.db)
    [ "$before" != "$after" ] || fail "$name: the uninterrupted run changed nothing"
    echo "$name: uninterrupted run took ${elapsed_ms} ms"
    # On a noisy machine every planned kill may miss the write; up to 10
    # more rounds then look for one that lands.
    round=0
    while [ "$round" -lt "$rounds" ] || { [ "$midwrite" -eq 0 ] && [ "$round" -lt $((rounds + 10)) ]; }; do
        round=$((round + 1))
        prepare
        # Between 5% and 95% of the uninterrupted time.
        delay_ms=$((elapsed_ms * (5 + RANDOM % 91) / 100))
        "$killed_crt" --db "$round_db" "$@" -q >/dev/null &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
        locked=no
        write_locked round.db && locked=yes
        kill -KILL "$pid" 2>/dev/null
        status=0
        wait "$pid" 2>/dev/null || status=$?
        CHECKS=$((CHECKS + 1))
        storage_ok round.db || fail "$name round $round: the storage check failed"
        print=$(fingerprint round.db)
        CHECKS=$((CHECKS + 1))
        [ "$print" = "$before" ] || [ "$print" = "$after" ] ||
            fail "$name round $round (kill at ${delay_ms} ms): the database is neither the state before nor after"
        CHECKS=$((CHECKS + 1))
        "$CRT" --db round.db check -q >/dev/null || fail "$name round $round: crt check is not clean"
        if [ "$locked" = yes ] && [ "$status" -eq 137 ] && [ "$print" = "$before" ]; then
            midwrite=$((midwrite + 1))
        fi
        echo "$name round $round: kill at ${delay_ms} ms, write lock held: $locked, exit $status," \
            "database $([ "$print" = "$before" ] && echo before || echo after)"
    done
    CHECKS=$((CHECKS + 1))
    [ "$midwrite" -gt 0 ] || fail "$name: no round killed the process while it was writing (seed $seed)"
    echo "$name: $midwrite of $round rounds killed it mid-write"
}

campaign import import requests requests.csv
campaign batch batch adds.crt

done_testing
