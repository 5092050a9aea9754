# Reading a database that cannot be written, reading beside a writer that
# holds the write lock, and experts whose topics left the catalogue.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# Read commands with the output each must show.
reads() {
    run 0 --db "$1" agency list
    expect_out_has CA0194200
    run 0 --db "$1" expert show mreyes
    expect_out_has "Maria Reyes"
    run 0 --db "$1" request list
    run 0 --db "$1" report summary
    run 0 --db "$1" export agencies --format csv
    expect_out_has CA0194200
    run 0 --db "$1" check -q
}
# populate DB: a small database with one agency, one expert and the sample requests.
populate() {
    "$CRT" init --db "$1" -q
    "$CRT" --db "$1" agency add CA0194200 --name "Riverton Police Department" --type municipal \
        --state CA --date 2024-01-02 -q || fail "agency add failed"
    "$CRT" --db "$1" expert add mreyes --name "Maria Reyes" --expertise de-escalation \
        --date 2024-01-02 -q || fail "expert add failed"
}

# --- Readers are not blocked by a writer, even with a busy timeout of 0.
populate crt.db
mkfifo hold
sqlite3 crt.db <hold >writer.out 2>&1 &
writer=$!
exec 3>hold
echo "BEGIN IMMEDIATE; INSERT INTO expert (handle, name) VALUES ('pending', 'Pending');" >&3
# Wait (bounded) until the writer holds the write lock.
held=no
for _ in $(seq 1 200); do
    if ! sqlite3 -cmd ".timeout 0" crt.db "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; then
        held=yes
        break
    fi
    sleep 0.05
done
[ "$held" = yes ] || fail "the background writer never took the write lock"
# A database's companions take its private mode.
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a crt.db-wal crt.db-shm | sort -u)" = 600 ] || fail "-wal/-shm are not mode 600"
export CRT_BUSY_TIMEOUT=0
reads crt.db
run 0 expert list --format csv
expect_out_lacks pending
# A write waits for no one with a timeout of 0: busy, and nothing changes.
run 6 agency add TX0000001 --name "Travis County" --type county --state TX
echo "ROLLBACK;" >&3
exec 3>&-
wait "$writer" || fail "the background writer failed: $(cat writer.out)"
unset CRT_BUSY_TIMEOUT
expect_sql crt.db "SELECT count(*) FROM agency WHERE ori = 'TX0000001'" 0

# Readers racing writers that open and close the database: each writer that
# closes last checkpoints under an exclusive lock, a window in which a reader
# with a busy timeout of 0 used to fail with exit 6.
"$CRT" agency add TX0000002 --name "Racing PD" --type municipal --state TX --db crt.db -q
(for i in $(seq 1 60); do
    "$CRT" agency update TX0000002 --sworn "$i" --db crt.db -q || exit 1
done) &
writers=$!
reads_done=0
busy_reads=0
while kill -0 "$writers" 2>/dev/null || [ "$reads_done" -lt 20 ]; do
    CRT_BUSY_TIMEOUT=0 "$CRT" agency list --db crt.db >/dev/null 2>race.err
    status=$?
    reads_done=$((reads_done + 1))
    [ "$status" -eq 0 ] || { busy_reads=$((busy_reads + 1)); cp race.err race-last.err; }
done
wait "$writers" || fail "a racing writer failed"
CHECKS=$((CHECKS + 1))
[ "$busy_reads" -eq 0 ] || fail "$busy_reads of $reads_done reads failed beside writers: $(cat race-last.err)"
expect_sql crt.db "SELECT sworn FROM agency WHERE ori = 'TX0000002'" 60

# --- A database that cannot be written can still be read.
# As root, permissions do not stop access: that part runs as user nobody.
if [ "$(id -u)" -ne 0 ]; then
    drop=""
elif setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    drop="setpriv --reuid=65534 --regid=65534 --clear-groups"
    echo "running as root: the read-only checks run as uid 65534 through setpriv"
else
    fail "running as root with no setpriv to drop privileges: cannot test read-only access"
fi
# shellcheck disable=SC2016 # the wrapper expands these when it runs
printf '#!/bin/sh\nexec %s "$CRT_REAL" "$@"\n' "$drop" >as-user
chmod 755 as-user "$TEST_DIR"
export CRT_REAL=$CRT

# unwritable DB: reads work and writes fail with one clear line, as the
# unprivileged user; the database is left byte for byte.
unwritable() {
    local before
    before=$(checksum "$1")
    CRT="$TEST_DIR/as-user"
    reads "$1"
    run 7 --db "$1" agency add TX0000001 --name "Travis County" --type county --state TX
    expect_err_has "read-only"
    run 7 --db "$1" expert update mreyes --inactive
    expect_err_has "read-only"
    CRT=$CRT_REAL
    expect_same_file "$1" "$before"
    expect_sql "$1" "SELECT count(*) FROM agency WHERE ori = 'TX0000001'" 0
}

# A directory the user cannot write, so SQLite can create no -wal or -shm there.
mkdir locked
populate locked/crt.db
chmod 644 locked/crt.db
chmod 555 locked
unwritable locked/crt.db
CHECKS=$((CHECKS + 1))
[ "$(ls locked)" = crt.db ] || fail "files appeared beside the database: $(ls locked)"

# A read-only file in a directory the user can write.
mkdir open
populate open/crt.db
chmod 444 open/crt.db
chmod 777 open
unwritable open/crt.db

# --- An expert whose topic left the catalogue can still be updated and deactivated.
cp "$CRT_SOURCE_DIR/data/topics.toml" topics.toml
export CRT_TOPICS="$TEST_DIR/topics.toml"
run 0 expert add jkim --name "Jae Kim" --expertise de-escalation,hate-crimes
# Drop the hate-crimes topic: its [[topic]] block (a paragraph of the file).
awk 'BEGIN { RS = ""; ORS = "\n\n" } !/^\[\[topic\]\]\nid = "hate-crimes"\n/' "$CRT_SOURCE_DIR/data/topics.toml" >topics.toml
run 0 topics list --format csv
expect_out_lacks "hate-crimes"
expect_out_has "de-escalation"
run 0 expert update jkim --capacity 5 --org NOBLE
expect_err_has "2 fields changed"
run 0 expert update jkim --inactive
expect_sql crt.db "SELECT active, capacity, org FROM expert WHERE handle = 'jkim'" "0|5|NOBLE"
# Restating the dropped topic keeps it; adding another unknown one is refused.
run 0 expert update jkim --expertise hate-crimes,de-escalation,crisis-intervention
expect_sql crt.db "SELECT group_concat(topic) FROM (SELECT topic FROM expert_topic WHERE expert = 'jkim' ORDER BY topic)" \
    "crisis-intervention,de-escalation,hate-crimes"
run 3 expert update jkim --expertise hate-crimes,no-such-topic
expect_err_has "no-such-topic"
run 3 expert add alee --name "Ann Lee" --expertise hate-crimes
expect_err_has "hate-crimes"
# Leaving it out drops it, and then it cannot come back.
run 0 expert update jkim --expertise de-escalation
run 3 expert update jkim --expertise de-escalation,hate-crimes
expect_sql crt.db "SELECT group_concat(topic) FROM expert_topic WHERE expert = 'jkim'" "de-escalation"

done_testing
