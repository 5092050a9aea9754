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

done_testing
