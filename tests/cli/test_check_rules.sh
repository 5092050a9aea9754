# crt check on data written by another tool: every rule a crt write keeps,
# broken with the sqlite3 shell (or psql), is a finding (exit 1); --ignore and
# --format junit.
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
request status 1 2 --to accepted --date 2025-02-05
request status 3 --to withdrawn --note "No longer needed" --date 2025-02-05
assign add 1 mreyes --role lead --date 2025-02-06
assign add 2 bhale --role lead --date 2025-02-06
milestone add 1 --kind meeting --title Kickoff --date 2025-02-06
EOF
"$CRT" batch setup.crt -q >/dev/null || fail "setup batch failed"
copy_db crt.db base.db
fresh() { copy_db base.db crt.db; }
# finds LINE: the CSV findings hold LINE.
finds() { expect_out_has "$1"; }
run 0 check

# A recommendation inserted on a withdrawn request, with no history row.
fresh
sql crt.db "INSERT INTO milestone (id, request, kind, title, ref, status, created, status_date)
            VALUES (9, 3, 'recommendation', 'Late', '1.1', 'planned', '2025-03-01', '2025-03-01')"
run 1 check --format csv
finds "error,added-after-close,milestone,9,\"recommendation added on 2025-03-01, after request 3 was withdrawn on 2025-02-05\""
finds "error,missing-history,milestone,9,no create or import row in its history"
# Registry rows and assignments without history, an assignment after the close.
fresh
sql crt.db "INSERT INTO agency (ori, name, type, state) VALUES ('CA0000001', 'Ghost PD', 'municipal', 'CA');
            INSERT INTO expert (handle, name) VALUES ('ghost', 'Ghost');
            INSERT INTO assignment (id, request, expert, role, assigned) VALUES (7, 3, 'ghost', 'sme', '2025-03-01')"
run 1 check --format csv
finds "error,missing-history,agency,CA0000001,no create or import row in its history"
finds "error,missing-history,expert,ghost,no create or import row in its history"
finds "error,missing-history,assignment,7,no create or import row in its history"
finds "error,added-after-close,assignment,7,\"ghost assigned on 2025-03-01, after request 3 was withdrawn on 2025-02-05\""

# A move the lifecycle forbids, and a move from a status the request was not in.
fresh
sql crt.db "UPDATE request SET status = 'active', status_date = '2025-03-01', status_note = NULL, accepted = '2025-03-01' WHERE id = 3;
            INSERT INTO history (entity, entity_id, request, action, field, old_value, new_value, actor, recorded_at, effective_date)
            VALUES ('request', '3', 3, 'status', 'status', 'withdrawn', 'accepted', 'x', '2025-03-01T00:00:00Z', '2025-03-01'),
                   ('request', '3', 3, 'status', 'status', 'received', 'active', 'x', '2025-03-01T00:00:00Z', '2025-03-01')"
run 1 check --format csv
first=$(sql crt.db "SELECT max(id) - 1 FROM history")
finds "error,illegal-move,request,3,\"history row $first moves it from withdrawn to accepted on 2025-03-01, which the lifecycle forbids\""
finds "error,illegal-move,request,3,\"history row $((first + 1)) moves it from received to active on 2025-03-01, but it was accepted\""
# A field edited behind crt's back, never changed through crt: it no longer
# holds the value its record was created with.
fresh
sql crt.db "UPDATE request SET title = 'Forged' WHERE id = 2; UPDATE request SET priority = 'urgent' WHERE id = 1"
run 1 check --format csv
finds "error,history-gap,request,1,priority 'urgent' is not the value it was created with ('normal')"
finds "error,history-gap,request,2,title 'Forged' is not the value it was created with ('Two')"

# A milestone move to the status it already had.
fresh
sql crt.db "INSERT INTO history (entity, entity_id, request, action, field, old_value, new_value, actor, recorded_at, effective_date)
            VALUES ('milestone', '1', 1, 'status', 'status', 'planned', 'planned', 'x', '2025-03-01T00:00:00Z', '2025-03-01')"
run 1 check --format csv
finds "error,illegal-move,milestone,1,\"history row $(sql crt.db "SELECT max(id) FROM history") moves it from planned to planned on 2025-03-01, which the lifecycle forbids\""

# Past acceptance without an acceptance date or move.
fresh
sql crt.db "UPDATE request SET accepted = NULL WHERE id = 1"
run 1 check --format csv
finds "error,not-accepted,request,1,accepted without an acceptance date"

# The schema's triggers and unique indexes, dropped: their rules are gone.
# (On the server one trigger keeps the history append-only.)
fresh
append_only=history_is_append_only_delete
drop_trigger="DROP TRIGGER $append_only"
if on_pg; then
    append_only=history_is_append_only
    drop_trigger="DROP TRIGGER $append_only ON history"
fi
sql crt.db "$drop_trigger; DROP INDEX assignment_one_active_lead;
            DROP INDEX request_by_received;
            INSERT INTO assignment (request, expert, role, assigned) VALUES (1, 'bhale', 'lead', '2025-02-07');
            INSERT INTO history (entity, entity_id, request, action, actor, recorded_at, effective_date)
            SELECT 'assignment', max(id), 1, 'create', 'x', '2025-02-07T00:00:00Z', '2025-02-07' FROM assignment"
run 1 check --format csv
finds "error,schema,database,$append_only,the trigger $append_only is missing"
finds "error,schema,database,assignment_one_active_lead,the index assignment_one_active_lead is missing"
finds "warning,schema,database,request_by_received,the index request_by_received is missing"
finds "error,two-active-leads,request,1,\"2 unreleased leads: "
# A trigger replaced by one that lets everything through (on the server, the
# function it runs), and one switched off.
fresh
if on_pg; then
    sql crt.db "CREATE OR REPLACE FUNCTION history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS
                \$\$ BEGIN RETURN coalesce(NEW, OLD); END \$\$"
    run 1 check --format csv
    finds "error,schema,database,history_is_append_only,the trigger history_is_append_only is not the one crt creates"
    fresh
    sql crt.db "ALTER TABLE request DISABLE TRIGGER request_id"
    run 1 check --format csv
    finds "error,schema,database,request_id,the trigger request_id is disabled"
else
    sql crt.db "DROP TRIGGER history_is_append_only_update;
                CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history BEGIN SELECT 1; END"
    run 1 check --format csv
    finds "error,schema,database,history_is_append_only_update,the trigger history_is_append_only_update is not the one crt creates"
fi

# Invalid UTF-8 and NUL in any text column of any table; the output stays valid.
if sqlite_case "invalid UTF-8 and NUL bytes in text columns" "a UTF8 database on the server refuses both, and the server sends crt nothing else"; then
    fresh
    sql crt.db "UPDATE agency SET name = 'Bad' || char(0) || 'x'; UPDATE request SET title = CAST(x'4f6eff65' AS TEXT) WHERE id = 1;
                INSERT INTO expert_topic (expert, topic) VALUES ('bhale', CAST(x'c328' AS TEXT))"
    run 1 check --format csv
    finds "error,bad-text,agency,CA0194200,name: a NUL byte at byte 4"
    finds "error,bad-text,request,1,title: invalid UTF-8 at byte 3"
    finds "error,bad-text,expert_topic,bhale/\\xC3(,topic: invalid UTF-8 at byte 1"
    run 1 check --format json
    CHECKS=$((CHECKS + 1))
    python3 -c 'import json,sys; json.load(sys.stdin)' <.out || fail "the JSON is not valid"
fi

# Dates of things that happened, after today; a due date may be.
fresh
sql crt.db "UPDATE assignment SET released = '2999-01-01' WHERE id = 1; UPDATE milestone SET due = '2999-01-01' WHERE id = 1;
            INSERT INTO history (entity, entity_id, request, action, field, old_value, new_value, actor, recorded_at, effective_date)
            VALUES ('request', '2', 2, 'update', 'title', 'Two', 'Two', 'x', '2025-03-01T00:00:00Z', '2999-01-02')"
run 1 check --format csv
finds "error,future-date,assignment,1,released 2999-01-01 is after today ($(date +%F))"
finds "error,future-date,history,$(sql crt.db "SELECT max(id) FROM history"),effective_date 2999-01-02 is after today ($(date +%F))"
expect_out_lacks "due 2999"

# Capacity, counted over unreleased assignments inserted behind crt's back.
fresh
sql crt.db "UPDATE expert SET capacity = 1 WHERE handle = 'bhale';
            INSERT INTO assignment (request, expert, role, assigned) VALUES (1, 'bhale', 'sme', '2025-02-07');
            INSERT INTO history (entity, entity_id, request, action, actor, recorded_at, effective_date)
            SELECT 'assignment', max(id), 1, 'create', 'x', '2025-02-07T00:00:00Z', '2025-02-07' FROM assignment"
run 0 check --format csv
finds "warning,over-capacity,expert,bhale,\"2 active assignments, capacity 1\""
run 1 check --strict -q

# Foreign keys: a topic link (no rowid) is named by its key, a row by its
# rowid (on the server, its id).
fresh
sql_unchecked crt.db "INSERT INTO request_topic (request, topic) VALUES (99, 'de-escalation');
            INSERT INTO expert_topic (expert, topic) VALUES ('nobody', 'use-of-force');
            UPDATE milestone SET request = 98 WHERE id = 1"
run 1 check --format csv
finds "error,foreign-key,database,request_topic key 99/de-escalation,references a missing request"
finds "error,foreign-key,database,expert_topic key nobody/use-of-force,references a missing expert"
finds "error,foreign-key,database,milestone row 1,references a missing request"

# A damaged table is a finding; the file still opens, so not exit 7.
if sqlite_case "a damaged table page" "a database on the server is no file to damage"; then
    fresh
    sql crt.db "PRAGMA journal_mode = DELETE" >/dev/null
    page=$(sql crt.db "SELECT rootpage FROM sqlite_master WHERE name = 'milestone'")
    size=$(sql crt.db "PRAGMA page_size")
    head -c "$size" /dev/urandom | tr '\000' '\001' | dd of=crt.db bs="$size" seek=$((page - 1)) conv=notrunc status=none
    run 1 check --format csv
    CHECKS=$((CHECKS + 1))
    grep -qE '^error,(corrupt|integrity),database,' .out || fail "no corrupt or integrity finding"
    expect_out_has "error,corrupt,database,,"
fi

# --ignore drops a code from the output and the exit status; an unknown code is a usage error.
fresh
sql crt.db "UPDATE request SET accepted = NULL WHERE id = 1"
run 0 check --ignore not-accepted --format csv
expect_out "severity,code,entity,id,message"
run 1 check --ignore over-capacity --format csv
finds "not-accepted"
run 2 check --ignore no-such-code
expect_err_has "'no-such-code' is not a check code"

# JUnit: one testsuite, a testcase per code checked, a failure per finding, escaped.
"$CRT" request update 2 --title "Two, renamed" -q
sql crt.db "UPDATE request SET title = 'A <b> & \"c\"' WHERE id = 2; UPDATE request SET accepted = NULL WHERE id = 2"
run 1 check --format junit --ignore over-capacity
CHECKS=$((CHECKS + 1))
python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.stdin)' <.out || fail "the JUnit XML is not well-formed"
CHECKS=$((CHECKS + 1))
python3 - .out <<'PY' || fail "the JUnit XML does not hold the findings"
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
suites = doc.getElementsByTagName("testsuite")
assert len(suites) == 1 and suites[0].getAttribute("name") == "crt check", "one testsuite 'crt check'"
cases = {c.getAttribute("name"): c for c in doc.getElementsByTagName("testcase")}
assert "over-capacity" not in cases, "an ignored code is not a testcase"
assert "history-gap" in cases and "illegal-move" in cases, "every code checked is a testcase"
gap = cases["history-gap"].getElementsByTagName("failure")[0].getAttribute("message")
assert "A <b> & \"c\"" in gap, gap
failures = cases["not-accepted"].getElementsByTagName("failure")
assert len(failures) == 2, f"{len(failures)} not-accepted failures"
assert len(doc.getElementsByTagName("failure")) == int(suites[0].getAttribute("failures"))
PY
# Clean: testcases, no failure; exit 0.
fresh
run 0 check --format junit
CHECKS=$((CHECKS + 1))
python3 -c 'import xml.dom.minidom,sys; d = xml.dom.minidom.parse(sys.stdin); assert not d.getElementsByTagName("failure") and d.getElementsByTagName("testcase")' <.out ||
    fail "a clean JUnit document has failures or no testcase"
# The global --format cannot name junit; the other formats still work after the command.
run 2 --format junit check
run 0 check --format json
expect_out_has '"findings": []'

done_testing
