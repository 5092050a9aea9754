# PostgreSQL only (run by tests/pg/run.sh): the roles of README.md's
# "Roles and privileges", set up with its two SQL blocks as written (the
# administrator's, then the owner's), so the documentation and this test
# cannot drift. Analysts read everything and write nothing; staff write;
# the public report's role gets the owner's bytes from `report public` and
# `publish`, and reads no private column or row.
# shellcheck source=../cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
: "${CRT_PG_SOCKET:?}" "${CRT_REAL:?}"

db=crt_roles_$$
sample=$CRT_SOURCE_DIR/data/sample
# uri ROLE: the test database as ROLE, over the socket (trust: no password).
uri() { printf 'postgresql:///%s?host=%s&user=%s' "$db" "$CRT_PG_SOCKET" "$1"; }
# psql_as ROLE ARGS...: psql on the test database as ROLE.
psql_as() {
    local role=$1
    shift
    psql -h "$CRT_PG_SOCKET" -U "$role" -d "$db" -qAtX -v ON_ERROR_STOP=1 "$@"
}

# The README's SQL blocks of the section, in order.
# shellcheck disable=SC2016 # sed addresses, not shell expansions
sed -n '/^### Roles and privileges/,/^## /p' "$CRT_SOURCE_DIR/README.md" |
    awk '/^```sql$/ { n++; inside = 1; next } /^```$/ { inside = 0; next }
         inside { print > ("block" n ".sql") }'
CHECKS=$((CHECKS + 1))
if [ ! -s block1.sql ] || [ ! -s block2.sql ] || [ -e block3.sql ]; then
    fail "README.md's Roles and privileges does not hold two sql blocks"
fi

# The server's administrator: the database, its owner (as the README's
# first lines), and the roles.
createdb -h "$CRT_PG_SOCKET" -U postgres "$db"
psql_as postgres -c "CREATE ROLE crt_owner LOGIN; GRANT ALL ON SCHEMA public TO crt_owner"
CHECKS=$((CHECKS + 1))
psql_as postgres -f block1.sql 2>sql.err || fail "the administrator's block failed: $(cat sql.err)"

# The owner creates the tables and the data, then grants.
owner=$(uri crt_owner)
"$CRT" --db "$owner" init -q
"$CRT" --db "$owner" import agencies "$sample/agencies.csv" --date 2024-01-02 -q
"$CRT" --db "$owner" import experts "$sample/experts.csv" --date 2024-01-02 -q
"$CRT" --db "$owner" batch "$sample/engagements.crt" -q >/dev/null
CHECKS=$((CHECKS + 1))
psql_as crt_owner -f block2.sql 2>sql.err || fail "the owner's block failed: $(cat sql.err)"

# Staff write: every kind of change, topics replaced, and the corrections
# the public report's history reads (a void and a re-dated move of a
# recommendation's status, a changed title).
export CRT_DB
CRT_DB=$(uri clerk)
run 0 request new --agency MD0160500 --level tac --title "Roll call training" --topic use-of-force --received 2025-01-01
tac=$(out)
run 0 request update "$tac" --topic de-escalation --title "Roll-call training"
run 0 request status "$tac" --to accepted --date 2025-01-02
run 0 milestone add "$tac" --kind meeting --title "Meeting with Chief Ward" --date 2025-01-03
run 0 agency update MD0160500 --contact-email chief@md0160500.example
moves=$(psql_as crt_owner -c "SELECT h.id FROM history h JOIN milestone m ON h.entity_id = CAST(m.id AS TEXT)
    JOIN request r ON r.id = m.request WHERE h.entity = 'milestone' AND h.action = 'status'
    AND m.kind = 'recommendation' AND r.level <> 'tac' ORDER BY h.id DESC LIMIT 2")
read -r -d '' last before <<<"$moves"
CHECKS=$((CHECKS + 1))
[ -n "$before" ] || fail "no recommendation moves in the sample"
run 0 history void "$last" --note "entered in error"
effective=$(psql_as crt_owner -c "SELECT effective_date FROM history WHERE id = $before")
run 0 history redate "$before" --date "$(date -d "$effective + 3 days" +%F)" --note "per the minutes"
recommendation=$(psql_as crt_owner -c "SELECT entity_id FROM history WHERE id = $before")
run 0 milestone update "$recommendation" --title "Revise the use-of-force policy" --date "$effective"
expect_sql_owner() {
    CHECKS=$((CHECKS + 1))
    [ "$(psql_as crt_owner -c "$1")" = "$2" ] || fail "$1 did not give $2"
}
expect_sql_owner "SELECT count(*) FROM request_topic WHERE request = $tac AND topic = 'de-escalation'" 1
expect_sql_owner "SELECT contact_email FROM agency WHERE ori = 'MD0160500'" chief@md0160500.example

# Analysts read everything and write nothing: one line, exit 7, no change.
CRT_DB=$(uri analyst)
for command in "report summary" "report overdue" "report workload" "report timeliness" \
    "report agency MD0160500" "request list" "request show $tac" "request log $tac" \
    "agency list" "expert list" "history list" "export history" "report public --detail"; do
    # shellcheck disable=SC2086 # the command's words
    run 0 $command
done
run 0 check
run 7 request new --agency MD0160500 --level tac --title "Refused" --topic use-of-force --received 2025-01-01
expect_err_has "permission denied for table request"
run 7 agency update MD0160500 --contact-email other@md0160500.example
expect_err_has "permission denied for table agency"
expect_sql_owner "SELECT count(*) FROM request WHERE title = 'Refused'" 0

# The public report's role: the owner's bytes, every format and day.
CRT_DB=$(uri status_site)
for day in 2024-11-20 2025-05-20 "$effective" "$(date -d "$effective + 1 day" +%F)" \
    "$(date -d "$effective + 3 days" +%F)" "$(date +%F)"; do
    for options in "--format csv" "--format json" "--format md" "--detail --format csv" \
        "--detail --format json" "--detail --format tsv --agency MD0160500" "--state TX" \
        "--topic use-of-force --detail --format csv"; do
        # shellcheck disable=SC2086 # the options' words
        "$CRT" --db "$owner" report public --as-of "$day" $options >owner.out
        # shellcheck disable=SC2086
        run 0 report public --as-of "$day" $options
        CHECKS=$((CHECKS + 1))
        cmp -s owner.out "$TEST_DIR/.out" ||
            fail "report public --as-of $day $options differs from the owner's: $(diff owner.out "$TEST_DIR/.out" | head -5)"
    done
done
CHECKS=$((CHECKS + 1))
grep -q "Revise the use-of-force policy" owner.out || fail "the changed title is not in the report"
"$CRT" --db "$owner" publish --out owner-site --as-of "$(date +%F)" >/dev/null 2>&1
run 0 publish --out public-site --as-of "$(date +%F)"
CHECKS=$((CHECKS + 1))
diff -r owner-site public-site >/dev/null || fail "the public role's site differs from the owner's"
# Nothing else: one line and exit 7.
run 7 report summary
expect_err_has "permission denied for table"
run 7 request list
run 7 request new --agency MD0160500 --level assessment --title "Refused" --topic use-of-force --received 2025-01-01
expect_err_has "permission denied for table"
run 7 export history
# crt copy as this role: the source refuses, named as the source, and no
# file is left.
CHECKS=$((CHECKS + 1))
"$CRT_REAL" copy "$CRT_DB" public-copy.db >copy.out 2>copy.err && fail "copy as status_site succeeded"
grep -q "^crt: error: postgresql:.*permission denied for table" copy.err ||
    fail "copy's error does not name the source: $(cat copy.err)"
[ "$(wc -l <copy.err)" = 1 ] || fail "copy's error is not one line"
expect_no_file public-copy.db
# A direct query reads no private column...
for query in "SELECT contact_email FROM agency" "SELECT description FROM request" \
    "SELECT note FROM milestone" "SELECT note, actor FROM history" "SELECT * FROM expert" \
    "SELECT centihours FROM assignment"; do
    CHECKS=$((CHECKS + 1))
    ! psql_as status_site -c "$query" >/dev/null 2>sql.err || fail "status_site ran: $query"
    grep -q "permission denied" sql.err || fail "$query: $(cat sql.err)"
done
# ...and no row the public report does not show: the history of private
# fields (a creation holds the whole record, contacts too), tac requests,
# meetings.
public_count() { psql_as status_site -c "$1"; }
for query in "SELECT count(*) FROM history WHERE entity NOT IN ('request', 'milestone')" \
    "SELECT count(*) FROM history WHERE field IS NULL OR field NOT IN ('status', 'title', 'due', 'blocker')" \
    "SELECT count(*) FROM history WHERE new_value LIKE '%@%'" \
    "SELECT count(*) FROM request WHERE level = 'tac'" \
    "SELECT count(*) FROM milestone WHERE kind <> 'recommendation'" \
    "SELECT count(*) FROM agency a WHERE NOT EXISTS (SELECT 1 FROM request r WHERE r.agency = a.ori)"; do
    CHECKS=$((CHECKS + 1))
    [ "$(public_count "$query")" = 0 ] || fail "status_site sees rows: $query"
done
CHECKS=$((CHECKS + 1))
[ "$(psql_as crt_owner -c "SELECT count(*) FROM history WHERE new_value LIKE '%@%'")" -gt 0 ] ||
    fail "the sample's history holds no email, so the check above proves nothing"

# The roles are the cluster's, not the database's: leave none behind.
dropdb -h "$CRT_PG_SOCKET" -U postgres "$db"
psql -h "$CRT_PG_SOCKET" -U postgres -d postgres -qAtX \
    -c "DROP ROLE status_site, clerk, analyst, crt_public, crt_write, crt_read, crt_owner"
done_testing
