# crt copy: a whole database, ids, actors and timestamps kept, into a new
# one and back; every report and export reads the same bytes on each side;
# refusals leave the target as it was; a failure part-way leaves nothing.
# Under make test-pg the middle database is on the PostgreSQL server, so
# the copy goes SQLite -> PostgreSQL -> SQLite.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

sample="$CRT_SOURCE_DIR/data/sample"
# The SQLite ends are real files whichever engine the suite runs on.
lite=${CRT_REAL:-$CRT}
"$lite" init --db src.db -q
"$lite" import agencies "$sample/agencies.csv" --date 2024-01-02 --db src.db -q
"$lite" import experts "$sample/experts.csv" --date 2024-01-02 --db src.db -q
"$lite" batch "$sample/engagements.crt" --db src.db -q >/dev/null || fail "the sample batch failed"

# Quarter ends across the sample; on PostgreSQL every month end.
days=()
for year in 2024 2025 2026; do
    for month in 01 02 03 04 05 06 07 08 09 10 11 12; do
        case $month in
        03 | 06 | 09 | 12) ;;
        *) [ -n "${CRT_PG_SOCKET:-}" ] || continue ;;
        esac
        day=$(date -d "$year-$month-01 +1 month -1 day" +%F)
        [[ $day < $(date +%F) ]] && days+=("$day")
    done
done

if [ -n "${CRT_PG_SOCKET:-}" ]; then
    createdb -h "$CRT_PG_SOCKET" -U postgres crt_copy_target
    middle="postgresql:///crt_copy_target?host=$CRT_PG_SOCKET&user=postgres"
    middle_crt=$CRT_REAL
else
    middle=middle.db
    middle_crt=$lite
fi

# fingerprint CRT DB: every report for every day and every export, as one
# file; any command that fails fails the test.
fingerprint() {
    local crt=$1 db=$2 day
    for day in "${days[@]}"; do
        for report in summary overdue workload topics timeliness public; do
            "$crt" report "$report" --as-of "$day" --format csv --db "$db" || fail "report $report --as-of $day on $db"
        done
        "$crt" report public --detail --as-of "$day" --db "$db" || fail "report public --detail on $db"
        "$crt" report agency CA0194200 --as-of "$day" --format csv --db "$db" || fail "report agency on $db"
        "$crt" report summary --by quarter --as-of "$day" --format csv --db "$db" || fail "report summary --by on $db"
    done
    for kind in agencies experts requests assignments milestones history; do
        "$crt" export "$kind" --format ndjson --db "$db" || fail "export $kind on $db"
    done
}

CHECKS=$((CHECKS + 1))
"$lite" copy src.db "$middle" 2>copy.err || fail "copy to $middle failed: $(cat copy.err)"
grep -q "^copied src.db to .*: 2052 rows (22 agency, 12 expert, 80 expert_topic, 54 request, 108 request_topic, 64 assignment, 372 milestone, 1340 history)$" copy.err ||
    fail "copy summary: $(cat copy.err)"
CHECKS=$((CHECKS + 1))
"$middle_crt" copy "$middle" back.db 2>copy.err || fail "copy back failed: $(cat copy.err)"

fingerprint "$lite" src.db >src.out
fingerprint "$middle_crt" "$middle" >middle.out
fingerprint "$lite" back.db >back.out
CHECKS=$((CHECKS + 1))
[ "$(wc -l <src.out)" -gt 3000 ] || fail "the fingerprint is too small to mean anything: $(wc -l <src.out) lines"
CHECKS=$((CHECKS + 1))
cmp -s src.out middle.out || fail "reports or exports differ after the copy: $(diff src.out middle.out | head -5)"
CHECKS=$((CHECKS + 1))
cmp -s src.out back.out || fail "reports or exports differ after the copy back: $(diff src.out back.out | head -5)"
for db in "$middle" back.db; do
    CHECKS=$((CHECKS + 1))
    "$middle_crt" check --db "$db" >check.out 2>&1 || fail "check of $db: $(cat check.out)"
done

# The copy goes on where the source left off: the next id is the same.
"$lite" request new --agency CA0194200 --level tac --title Next --topic de-escalation \
    --received 2026-11-01 --db src.db >src-id.out
"$middle_crt" request new --agency CA0194200 --level tac --title Next --topic de-escalation \
    --received 2026-11-01 --db "$middle" >middle-id.out
CHECKS=$((CHECKS + 1))
cmp -s src-id.out middle-id.out || fail "next id: $(cat src-id.out) here, $(cat middle-id.out) after the copy"

# Refusals: a target that exists or holds tables (exit 5, untouched); a
# missing source (exit 7); inside a batch (exit 2).
sum=$(checksum back.db)
CRT=$lite run 5 copy src.db back.db
expect_err "crt: error: back.db: a file already exists there; crt copy never overwrites one"
expect_same_file back.db "$sum"
CRT=$middle_crt run 5 copy back.db "$middle"
expect_err_has "crt copy"
CRT=$lite run 7 copy missing.db new.db
expect_no_file new.db
printf 'copy src.db other.db\n' >copy.crt
CRT=$lite run 2 batch copy.crt --db src.db
expect_err_has "copy cannot run inside a batch"
expect_no_file other.db
CRT=$lite run 2 copy src.db
expect_err_has "TARGET"

# A failure part-way leaves nothing at the target: a history row that names
# a row that does not exist passes SQLite (foreign keys are off in the
# sqlite3 shell) and is refused by the target.
cp src.db broken.db
sqlite3 broken.db "INSERT INTO history (entity, entity_id, action, actor, recorded_at, effective_date, corrects)
                   VALUES ('agency', 'CA0194200', 'void', 'x', '2026-01-01T00:00:00Z', '2026-01-01', 99999)"
CRT=$lite run 5 copy broken.db broken-copy.db
expect_no_file broken-copy.db
if [ -n "${CRT_PG_SOCKET:-}" ]; then
    createdb -h "$CRT_PG_SOCKET" -U postgres crt_copy_broken
    broken="postgresql:///crt_copy_broken?host=$CRT_PG_SOCKET&user=postgres"
    CRT=$lite run 5 copy broken.db "$broken"
    CHECKS=$((CHECKS + 1))
    [ "$(psql -h "$CRT_PG_SOCKET" -U postgres -d crt_copy_broken -qAtX -c \
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ] ||
        fail "a failed copy left tables on the server"
    # A wrong password or an unreachable server is one line, exit 7, and
    # never shows the password.
    CRT=$lite run 7 copy src.db "postgresql://nobody:s3cret@/crt_copy_broken?host=$CRT_PG_SOCKET"
    expect_err_has "nobody:***@"
    CHECKS=$((CHECKS + 1))
    ! grep -q s3cret .err || fail "the password is in the error"
fi

done_testing
