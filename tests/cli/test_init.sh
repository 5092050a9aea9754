# crt init and the store's refusal rules.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

run 0 init
expect_sql crt.db "PRAGMA application_id" 1129468977
expect_sql crt.db "PRAGMA user_version" 2
expect_sql crt.db "PRAGMA journal_mode" wal
expect_err_has "created crt database crt.db"
run 0 init --db quiet.db -q
expect_err_empty

# A second init refuses and leaves the database alone.
before=$(checksum crt.db)
run 5 init
expect_err_has "already exists"
expect_same_file crt.db "$before"

# Any other command on a missing database says how to create one and creates nothing.
run 7 agency list --db typo.db
expect_err_has "crt init --db typo.db"
expect_no_file typo.db
CRT_DB=env.db run 7 agency list
expect_no_file env.db
CRT_DB=env.db run 0 init
[ -f env.db ] || fail "CRT_DB was not used by init"

# A foreign SQLite file is refused and left byte for byte.
sqlite3 foreign.db "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
before=$(checksum foreign.db)
run 7 agency list --db foreign.db
expect_err_has "not a crt database"
expect_same_file foreign.db "$before"

# A database from a newer crt is refused, never touched.
"$CRT" init --db newer.db -q
sqlite3 newer.db "PRAGMA user_version = 99"
before=$(checksum newer.db)
run 7 agency list --db newer.db
expect_err_has "newer"
expect_same_file newer.db "$before"

# Not a database at all, a truncated one, a directory, an empty file.
echo "hello, world" > text.db
before=$(checksum text.db)
run 7 agency list --db text.db
expect_same_file text.db "$before"
head -c 1000 crt.db > truncated.db
run 7 agency list --db truncated.db
mkdir dir.db
run 7 agency list --db dir.db
expect_err_has "directory"
run 7 init --db missing-dir/new.db
expect_no_file missing-dir
: > empty.db
run 7 agency list --db empty.db
[ ! -s empty.db ] || fail "empty.db was written"


# A new database is private to its owner (mode 600), whatever the umask allows.
umask 022
run 0 init --db private.db -q
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a private.db)" = 600 ] || fail "private.db has mode $(stat -c %a private.db)"
umask 077
run 0 init --db private2.db -q
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a private2.db)" = 600 ] || fail "private2.db has mode $(stat -c %a private2.db)"
umask 022

# A failed init leaves nothing behind, beside the path either.
mkdir fails
CRT_BUSY_TIMEOUT=soon run 2 init --db fails/new.db
CHECKS=$((CHECKS + 1))
[ -z "$(ls fails)" ] || fail "a failed init left $(ls fails)"

# An init killed at any moment leaves nothing at the path, or the whole new
# database; what it may leave beside the path is a temporary file named for
# what it is, which no command mistakes for the database. Rounds are killed at
# growing delays; at least one must land before the database is in place.
now_ms() { date +%s%3N; }
start=$(now_ms)
"$CRT" init --db timed.db -q
elapsed_ms=$(($(now_ms) - start))
echo "an init took ${elapsed_ms} ms"
mkdir killed
midway=0
round=0
while [ "$round" -lt 10 ] || { [ "$midway" -eq 0 ] && [ "$round" -lt 40 ]; }; do
    round=$((round + 1))
    rm -f killed/*
    delay_us=$((elapsed_ms * 1000 * ((round * 7) % 100) / 100))
    "$CRT" init --db killed/crt.db -q &
    pid=$!
    sleep "$(printf '%d.%06d' $((delay_us / 1000000)) $((delay_us % 1000000)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ -e killed/crt.db ]; then
        run 0 agency list --db killed/crt.db
        expect_sql killed/crt.db "PRAGMA user_version" 2
    elif [ -n "$(ls killed)" ]; then
        midway=$((midway + 1))
        # Nothing is at the path, so a new init succeeds.
        run 7 agency list --db killed/crt.db
        expect_err_has "no such database"
        run 0 init --db killed/crt.db -q
    fi
done
echo "$midway of $round killed inits landed mid-way"
CHECKS=$((CHECKS + 1))
[ "$midway" -gt 0 ] || fail "no killed init landed before the database was in place"

# Two inits racing for one path: one creates it, the other is refused.
for round in 1 2 3; do
    rm -f race.db
    codes=$(race_twice init --db race.db -q)
    CHECKS=$((CHECKS + 1))
    [ "$codes" == "0 5" ] || fail "round $round: racing inits exited $codes: $(cat race1.err race2.err)"
    run 0 agency list --db race.db
done
CHECKS=$((CHECKS + 1))
[ -z "$(ls race.db?* 2>/dev/null)" ] || fail "racing inits left $(ls race.db?*)"

done_testing
