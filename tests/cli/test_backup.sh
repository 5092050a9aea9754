# crt backup: a consistent copy that checks clean and exports the same data;
# never overwrites; a snapshot while another process writes; I/O errors.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

sample="$CRT_SOURCE_DIR/data/sample"
kinds="agencies experts requests assignments milestones"
"$CRT" init -q
"$CRT" import agencies "$sample/agencies.csv" --date 2024-01-02 -q
"$CRT" import experts "$sample/experts.csv" --date 2024-01-02 -q
"$CRT" batch "$sample/engagements.crt" -q >/dev/null || fail "the sample batch failed"

# The copy checks clean and exports exactly what the original does.
sum=$(checksum crt.db)
run 0 backup copy.db
expect_out ""
expect_err_has "backed up crt.db to copy.db"
expect_same_file crt.db "$sum"
run 0 check --db copy.db
expect_err_has "0 errors, 0 warnings"
expect_sql copy.db "PRAGMA integrity_check" ok
for kind in $kinds; do
    for format in csv ndjson; do
        "$CRT" export "$kind" --format "$format" >original.out
        run 0 export "$kind" --format "$format" --db copy.db
        CHECKS=$((CHECKS + 1))
        cmp -s .out original.out || fail "export $kind --format $format of the copy differs"
    done
done
expect_sql copy.db "SELECT count(*) FROM history" "$(sql crt.db "SELECT count(*) FROM history")"
# The copy is a working database of its own: a write there leaves the original alone.
run 0 agency add TX0000001 --db copy.db --name "Travis County" --type county --state TX -q
expect_sql crt.db "SELECT count(*) FROM agency WHERE ori = 'TX0000001'" 0
expect_same_file crt.db "$sum"
run 0 backup second.db -q
expect_err_empty

# An existing path is refused (exit 5) and left untouched: a file, a database, a dangling link.
echo "keep me" >exists.db
kept=$(checksum exists.db)
run 5 backup exists.db
expect_err_has "exists.db: a file already exists there; backup never overwrites one"
expect_same_file exists.db "$kept"
copy_sum=$(checksum copy.db)
run 5 backup copy.db
expect_same_file copy.db "$copy_sum"
ln -s nowhere.db dangling.db
run 5 backup dangling.db
expect_no_file nowhere.db
mkdir adir
run 5 backup adir

# A missing database or a path in a missing directory: exit 7, nothing created.
run 7 backup --db missing.db out.db
expect_no_file missing.db
expect_no_file out.db
run 7 backup no-such-dir/copy.db
expect_no_file no-such-dir
expect_same_file crt.db "$sum"

# A backup while another process writes is one consistent snapshot.
history_before=$(sql crt.db "SELECT count(*) FROM history")
milestones_before=$(sql crt.db "SELECT count(*) FROM milestone")
agencies_before=$(sql crt.db "SELECT count(*) FROM agency")
open=$(sql crt.db "SELECT min(id) FROM request WHERE status = 'active'")
(
    for i in $(seq 1 200); do
        "$CRT" agency add "$(printf 'WAX%06d' "$i")" --name "Agency $i" --type county --state WA -q || exit 1
        "$CRT" milestone add "$open" --kind meeting --title "Meeting $i" >/dev/null || exit 1
    done
) &
writer=$!
# Wait (bounded) until the writer is well under way, then copy.
for _ in $(seq 1 200); do
    [ "$("$CRT" agency list --state WA --format csv 2>/dev/null | grep -c '^WAX')" -ge 50 ] && break
    sleep 0.05
done
run 0 backup during.db
wait "$writer" || fail "the writing loop failed"
expect_sql crt.db "SELECT count(*) FROM agency WHERE ori LIKE 'WAX%'" 200
expect_sql during.db "PRAGMA integrity_check" ok
run 0 check --db during.db
expect_err_has "0 errors, 0 warnings"
agencies=$(sql during.db "SELECT count(*) FROM agency WHERE ori LIKE 'WAX%'")
milestones=$(sql during.db "SELECT count(*) FROM milestone")
CHECKS=$((CHECKS + 1))
if [ "$agencies" -lt 50 ] || [ "$agencies" -ge 200 ]; then
    fail "the copy was not taken mid-way: $agencies of 200 agencies"
fi
# A snapshot between two commits: every row has its history row, and the
# milestones trail the agencies by at most one.
CHECKS=$((CHECKS + 1))
added=$((milestones - milestones_before))
[ "$added" -eq "$agencies" ] || [ "$added" -eq $((agencies - 1)) ] || fail "copy has $agencies agencies and $added new milestones"
expect_sql during.db "SELECT count(*) FROM history" $((history_before + agencies + added))
expect_sql during.db "SELECT count(*) FROM agency" $((agencies_before + agencies))

run 2 backup ""

# A backup is private to its owner (mode 600), whatever the umask allows.
umask 022
run 0 backup private.db -q
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a private.db)" = 600 ] || fail "private.db has mode $(stat -c %a private.db)"
umask 077
run 0 backup private2.db -q
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a private2.db)" = 600 ] || fail "private2.db has mode $(stat -c %a private2.db)"
umask 022

# The live database and its -wal, -shm and -journal are refused by any name
# (exit 5), and the database stays whole.
sum=$(checksum crt.db)
agencies=$(sql crt.db "SELECT count(*) FROM agency")
for target in crt.db crt.db-wal crt.db-shm crt.db-journal ./crt.db-wal "$TEST_DIR/crt.db-journal" \
    adir/../crt.db-wal; do
    run 5 backup "$target"
    expect_no_file crt.db-journal
done
expect_err_has "is the database being copied"
ln -s crt.db live-link.db
run 5 backup --db live-link.db crt.db-wal
run 5 backup --db live-link.db live-link.db-wal
expect_no_file live-link.db-wal
expect_same_file crt.db "$sum"
expect_sql crt.db "SELECT count(*) FROM agency" "$agencies"
run 0 check -q

# A big database, so that a copy takes long enough to be interrupted.
cp crt.db big.db
sqlite3 big.db "CREATE TABLE filler (x BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO filler SELECT randomblob(2000) FROM n;"
# whole_copy PATH: PATH is a complete copy of big.db.
whole_copy() {
    [ "$(sql "$1" "PRAGMA integrity_check; SELECT count(*) FROM filler;" 2>&1)" = "ok
20000" ]
}
now_ms() { date +%s%3N; }
start=$(now_ms)
run 0 --db big.db backup timed.db -q
elapsed_ms=$(($(now_ms) - start))
CHECKS=$((CHECKS + 1))
whole_copy timed.db || fail "timed.db is not a whole copy"
echo "a backup of big.db took ${elapsed_ms} ms"

# A backup killed at any moment leaves nothing at PATH, or the whole copy;
# what it leaves beside PATH is a temporary file named for what it is, which
# does not stand in the way of the next backup. Rounds are killed at growing
# fractions of the uninterrupted time; at least one must land mid-copy.
midway=0
round=0
while [ "$round" -lt 8 ] || { [ "$midway" -eq 0 ] && [ "$round" -lt 20 ]; }; do
    round=$((round + 1))
    rm -f killed.db killed.db.unfinished-backup-*
    delay_ms=$((elapsed_ms * (5 + (round * 11) % 90) / 100))
    "$CRT" --db big.db backup killed.db -q &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    CHECKS=$((CHECKS + 1))
    if [ -e killed.db ]; then
        whole_copy killed.db || fail "round $round: a killed backup left a partial killed.db"
    elif ls killed.db.unfinished-backup-* >/dev/null 2>&1; then
        midway=$((midway + 1))
        # The leftover is in no one's way.
        run 0 --db big.db backup killed.db -q
        CHECKS=$((CHECKS + 1))
        whole_copy killed.db || fail "round $round: the backup after a killed one is not whole"
    fi
done
echo "$midway of $round killed backups landed mid-copy"
CHECKS=$((CHECKS + 1))
[ "$midway" -gt 0 ] || fail "no killed backup landed mid-copy"

# Two backups racing to one path: exactly one writes it, whole; the other
# is refused (exit 5) and nothing else is left.
for round in 1 2 3; do
    rm -f race.db
    codes=$(race_twice --db big.db backup race.db -q)
    CHECKS=$((CHECKS + 1))
    [ "$codes" == "0 5" ] || fail "round $round: racing backups exited $codes: $(cat race1.err race2.err)"
    CHECKS=$((CHECKS + 1))
    whole_copy race.db || fail "round $round: race.db is not a whole copy"
done
CHECKS=$((CHECKS + 1))
[ -z "$(ls race.db.* 2>/dev/null)" ] || fail "racing backups left $(ls race.db.*)"

done_testing
