# crt check: a clean database; each finding crafted with sqlite3 writes that
# bypass crt (within what the schema's CHECKs allow); warnings and --strict;
# catalogue findings; JSON with stable codes; every finding reported; and
# check never writes.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
cat >setup.crt <<'EOF'
agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01
expert add mreyes --name "Maria Reyes" --expertise de-escalation,use-of-force --date 2025-01-01
expert add bhale --name "Bob Hale" --expertise use-of-force --date 2025-01-01
request new --agency CA0194200 --level tac --title One --topic de-escalation --received 2025-02-01
request new --agency CA0194200 --level tac --title Two --topic use-of-force --received 2025-02-01
request new --agency CA0194200 --level tac --title Three --topic de-escalation --received 2025-02-01
request new --agency CA0194200 --level tac --title Four --topic de-escalation --received 2025-02-01
request new --agency CA0194200 --level critical --title Five --event-date 2025-01-30 --received 2025-02-03
request status 1 2 3 --to accepted --date 2025-02-05
request status 4 --to declined --note "Out of scope" --date 2025-02-05
assign add 1 mreyes --role lead --date 2025-02-06
assign add 2 mreyes --role lead --date 2025-02-06
assign add 2 bhale --role sme --date 2025-02-06
milestone add 1 --kind meeting --title Kickoff --date 2025-02-06
milestone add 2 --kind meeting --title Scoping --date 2025-02-06
EOF
"$CRT" batch setup.crt -q >/dev/null || fail "setup batch failed"
copy_db crt.db base.db
# fresh: back to the clean database before crafting the next finding.
fresh() { copy_db base.db crt.db; }
# check_finds CODE FINDINGS...: check exits CODE, its CSV is the header and exactly FINDINGS, and the file is unchanged.
check_finds() {
    local code=$1 sum
    shift
    sum=$(db_checksum crt.db)
    run "$code" check --format csv
    expect_out "$(printf 'severity,code,entity,id,message\n'; printf '%s\n' "$@")"
    expect_same_db crt.db "$sum"
}

# A clean database: exit 0, nothing on stdout, the counts on stderr.
run 0 check
expect_out ""
expect_err "0 errors, 0 warnings"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <.err)" -eq 1 ] || fail "a clean check printed more than the counts"
run 0 check --strict
run 0 check --format json
expect_out '{
  "findings": [],
  "counts": {
    "error": 0,
    "warning": 0
  }
}'
run 0 check -q
expect_err_empty

# Active without a lead; the status is not explained by the history either.
fresh
sql crt.db "UPDATE request SET status = 'active' WHERE id = 3"
check_finds 1 \
    "error,active-without-lead,request,3,active without an active lead" \
    "error,history-gap,request,3,status active since 2025-02-05 is not explained by its history (last move: accepted on 2025-02-05)"
# The findings are the output; exit 1 adds no error line (-q drops the counts too).
run 1 check -q
expect_err_empty
run 1 check
expect_err "2 errors, 0 warnings"
expect_out_has "active-without-lead"

# Completed with an open milestone.
fresh
sql crt.db "UPDATE request SET status = 'completed', status_date = '2025-02-10' WHERE id = 1"
check_finds 1 \
    "error,completed-with-open-milestones,request,1,completed with 1 open milestone(s): 1" \
    "error,history-gap,request,1,status completed since 2025-02-10 is not explained by its history (last move: accepted on 2025-02-05)"

# Declined or withdrawn without a reason.
fresh
sql crt.db "UPDATE request SET status = 'declined' WHERE id = 3; UPDATE request SET status_note = '' WHERE id = 4"
check_finds 1 \
    "error,closed-without-reason,request,3,declined without a reason" \
    "error,closed-without-reason,request,4,declined without a reason" \
    "error,history-gap,request,3,status declined since 2025-02-05 is not explained by its history (last move: accepted on 2025-02-05)"

# A done milestone without a completion date (the CHECK allows done with NULL).
fresh
sql crt.db "UPDATE milestone SET status = 'done' WHERE id = 1"
check_finds 1 \
    "error,done-without-date,milestone,1,done without a completion date" \
    "error,history-gap,milestone,1,status done since 2025-02-06 is not explained by its history (no moves)"

# Dates out of order that the schema's CHECKs let through (target before
# received, status_date before received, released before assigned and
# status_date before created are refused by the schema itself).
fresh
sql crt.db "UPDATE request SET accepted = '2025-01-15' WHERE id = 1;
    UPDATE request SET accepted = '2025-03-01' WHERE id = 2;
    UPDATE request SET event_date = '2025-02-10' WHERE id = 5;
    UPDATE assignment SET assigned = '2025-01-20' WHERE id = 1;
    UPDATE milestone SET created = '2025-01-10', status_date = '2025-01-10' WHERE id = 1;
    UPDATE milestone SET status = 'done', completed = '2025-02-07' WHERE id = 2"
check_finds 1 \
    "error,dates-out-of-order,request,1,accepted 2025-01-15 is before received 2025-02-01" \
    "error,dates-out-of-order,request,2,accepted 2025-03-01 is after status_date 2025-02-05" \
    "error,dates-out-of-order,request,5,event_date 2025-02-10 is after received 2025-02-03" \
    "error,dates-out-of-order,assignment,1,assigned 2025-01-20 is before the request was received 2025-02-01" \
    "error,dates-out-of-order,milestone,1,created 2025-01-10 is before the request was received 2025-02-01" \
    "error,dates-out-of-order,milestone,2,completed 2025-02-07 is not its status_date 2025-02-06" \
    "error,history-gap,milestone,2,status done since 2025-02-06 is not explained by its history (no moves)" \
    "error,history-gap,request,5,event_date '2025-02-10' is not the value it was created with ('2025-01-30') and no change made it so"
# The schema refuses the others, so check never has to see them.
for update in "UPDATE request SET target = '2025-01-01' WHERE id = 1" \
    "UPDATE request SET status_date = '2025-01-01' WHERE id = 1" \
    "UPDATE assignment SET released = '2025-01-01' WHERE id = 1" \
    "UPDATE milestone SET status_date = '2025-01-01' WHERE id = 1"; do
    CHECKS=$((CHECKS + 1))
    ! sql crt.db "$update" 2>/dev/null || fail "the schema allowed: $update"
done

# History recorded out of date order (history rows inserted behind crt's
# back): a status move is an error, another field a warning; and a field
# that is not the value of its last change is a history gap.
fresh
sql crt.db "INSERT INTO history (entity, entity_id, action, field, old_value, new_value, actor, recorded_at, effective_date, request)
    VALUES ('milestone', '1', 'update', 'title', 'Kickoff', 'Kick-off', 'x', '2025-03-01T00:00:00Z', '2025-03-01', 1),
           ('milestone', '1', 'update', 'title', 'Kick-off', 'Start', 'x', '2025-03-02T00:00:00Z', '2025-02-20', 1)"
check_finds 1 "error,history-gap,milestone,1,title 'Kickoff' is not the value of its last change ('Kick-off' on 2025-03-01)" \
    "warning,history-out-of-order,milestone,1,title changed on 2025-02-20 (history row $(sql crt.db "SELECT max(id) FROM history")) after a change or creation dated 2025-03-01"
fresh
sql crt.db "INSERT INTO history (entity, entity_id, action, field, old_value, new_value, actor, recorded_at, effective_date, request)
    VALUES ('request', '3', 'status', 'status', 'accepted', 'accepted', 'x', '2025-03-01T00:00:00Z', '2025-02-03', 3)"
check_finds 1 \
    "error,illegal-move,request,3,\"history row 11 moves it from received to accepted on 2025-02-05, but it was accepted\"" \
    "error,illegal-move,request,3,\"history row 18 moves it from accepted to accepted on 2025-02-03, but it was received\"" \
    "error,history-out-of-order,request,3,status changed on 2025-02-03 (history row $(sql crt.db "SELECT max(id) FROM history")) after a change or creation dated 2025-02-05"

# A row pointing at nothing.
fresh
sql_unchecked crt.db "UPDATE assignment SET expert = 'ghost' WHERE id = 3"
check_finds 1 "error,foreign-key,database,assignment row 3,references a missing expert"

# Over capacity is a warning: exit 0, or 1 with --strict.
fresh
run 0 expert update mreyes --capacity 1 -q
check_finds 0 'warning,over-capacity,expert,mreyes,"2 active assignments, capacity 1"'
run 0 check
expect_err_has "0 errors, 1 warning"
run 1 check --strict -q
expect_err_empty
expect_out_has "over-capacity"
run 0 expert update mreyes --capacity 0 -q
check_finds 0 'warning,over-capacity,expert,mreyes,"2 active assignments, capacity 0"'

# Topics against the catalogue: a copy without a topic, a copy retiring one.
fresh
catalogue="$CRT_SOURCE_DIR/data/topics.toml"
awk -v RS= -v ORS='\n\n' '!/^\[\[topic\]\]\nid = "use-of-force"\n/' "$catalogue" >removed.toml
CHECKS=$((CHECKS + 1))
[ "$(grep -c '^id = "use-of-force"' removed.toml)" -eq 1 ] || fail "removed.toml still has the topic (or lost the category)"
sum=$(db_checksum crt.db)
run 1 check --catalogue removed.toml --format csv
expect_out "severity,code,entity,id,message
error,unknown-topic,request,2,topic 'use-of-force' is not in the catalogue removed.toml
error,unknown-topic,expert,bhale,topic 'use-of-force' is not in the catalogue removed.toml
error,unknown-topic,expert,mreyes,topic 'use-of-force' is not in the catalogue removed.toml"
expect_same_db crt.db "$sum"
awk -v RS= -v ORS='\n\n' '/^\[\[topic\]\]\nid = "de-escalation"\n/ {$0 = $0 "\nretired = true"} {print}' "$catalogue" >retired.toml
CHECKS=$((CHECKS + 1))
[ "$(grep -c '^retired = true' retired.toml)" -eq $(($(grep -c '^retired = true' "$catalogue") + 1)) ] || fail "retired.toml retires nothing new"
# Requests 1 and 3 are open on the retired topic; declined request 4 and the experts are not findings.
run 0 check --catalogue retired.toml --format csv
expect_out "severity,code,entity,id,message
warning,retired-topic,request,1,open request on retired topic 'de-escalation'
warning,retired-topic,request,3,open request on retired topic 'de-escalation'"
CRT_TOPICS="$PWD/retired.toml" run 1 check --strict --format csv
expect_out_has "retired-topic,request,1,"
# A broken or missing catalogue is a `catalogue` finding.
printf 'version = "x"\n[[level]\n' >broken.toml
run 1 check --catalogue broken.toml --format json
expect_out_has '"code": "catalogue"'
expect_out_has '"message": "broken.toml:2:'
expect_out_has '"error": 1'
run 1 check --catalogue no-such.toml --format csv
expect_out_has "error,catalogue,catalogue,,no-such.toml: cannot read the file"
expect_same_db crt.db "$sum"

# JSON: every finding, with its stable code, and the counts; not only the first.
fresh
sql crt.db "UPDATE request SET status = 'active' WHERE id = 3; UPDATE milestone SET status = 'done' WHERE id = 2"
"$CRT" expert update mreyes --capacity 1 -q
sum=$(db_checksum crt.db)
run 1 check --format json
expect_out '{
  "findings": [
    {
      "code": "active-without-lead",
      "severity": "error",
      "entity": "request",
      "id": "3",
      "message": "active without an active lead"
    },
    {
      "code": "done-without-date",
      "severity": "error",
      "entity": "milestone",
      "id": "2",
      "message": "done without a completion date"
    },
    {
      "code": "over-capacity",
      "severity": "warning",
      "entity": "expert",
      "id": "mreyes",
      "message": "2 active assignments, capacity 1"
    },
    {
      "code": "history-gap",
      "severity": "error",
      "entity": "request",
      "id": "3",
      "message": "status active since 2025-02-05 is not explained by its history (last move: accepted on 2025-02-05)"
    },
    {
      "code": "history-gap",
      "severity": "error",
      "entity": "milestone",
      "id": "2",
      "message": "status done since 2025-02-06 is not explained by its history (no moves)"
    }
  ],
  "counts": {
    "error": 4,
    "warning": 1
  }
}'
# The table gives the same findings and the counts on stderr.
run 1 check -q
CHECKS=$((CHECKS + 1))
[ "$(out | tail -n +2 | wc -l)" -eq 5 ] || fail "the table does not list all 5 findings"
"$CRT" check >/dev/null 2>.err
expect_err_has "4 errors, 1 warning"
expect_same_db crt.db "$sum"

# A missing database is an I/O error, and check does not create one.
run 7 check --db missing.db
expect_no_file missing.db

done_testing
