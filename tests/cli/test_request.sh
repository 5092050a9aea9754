# crt request: intake, validation, the enforced lifecycle, atomic multi-id moves, log.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA -q
"$CRT" agency add AZ0070300 --name "Red Canyon Tribal Police Department" --type tribal --state AZ -q
"$CRT" expert add mreyes --name "Maria Reyes" -q
history() { sql crt.db "SELECT count(*) FROM history"; }
retired=$(grep -B4 'retired = true' "$CRT_SOURCE_DIR/data/topics.toml" | sed -n 's/^id = "\(.*\)"/\1/p' | head -1)

# Intake prints the new id alone.
run 0 request new --agency CA0194200 --level tac --title "De-escalation training" \
    --topic de-escalation --topic use-of-force,de-escalation --received 2026-01-10 --form training --delivery onsite
expect_out 1
expect_sql crt.db "SELECT group_concat(topic) FROM request_topic WHERE request = 1" "de-escalation,use-of-force"
run 0 request new --agency AZ0070300 --level critical --title "After-action review" --event-date 2026-02-01 \
    --received 2026-02-03 --priority urgent --external-id CR-2026-001 --format json
expect_out_has '"id": 2'
expect_out_has '"event_date": "2026-02-01"'
expect_out_has '"assignments": []'
run 0 request new --agency AZ0070300 --level assessment --title 'Assessment | "phase 1", <b>ñ</b>
second line' --description "x'); DROP TABLE request; --" --received 2026-01-05
expect_out 3
run 0 request show 3 --format json
expect_out_has '"title": "Assessment | \"phase 1\", <b>ñ</b>\nsecond line"'
expect_out_has '"description": "x'"'"'); DROP TABLE request; --"'
run 0 request list --format md --level assessment
# Markdown escapes HTML and folds the line break.
expect_out_has '| 3 |  | AZ0070300 | Red Canyon Tribal Police Department | AZ | assessment | Assessment \| "phase 1", &lt;b&gt;ñ&lt;/b&gt; second line |'
run 0 request list --format csv --level assessment
expect_out_has '3,,AZ0070300,Red Canyon Tribal Police Department,AZ,assessment,"Assessment | ""phase 1"", <b>ñ</b>
second line",'

# Validation, each with its code and nothing written.
rows=$(history)
run 3 request new --agency CA0999999 --level tac --title X --topic de-escalation
run 3 request new --agency CA0194200 --level tac --title X --topic no-such-topic
run 4 request new --agency CA0194200 --level tac --title X --topic "$retired"
expect_err_has "$retired"
run 4 request new --agency CA0194200 --level tac --title X
expect_err_has "at least one"
run 4 request new --agency CA0194200 --level assessment --title X --event-date 2026-01-01
run 4 request new --agency CA0194200 --level critical --title X --event-date 2026-03-01 --received 2026-02-01
run 4 request new --agency CA0194200 --level tac --title X --topic de-escalation --received 2026-02-01 --target 2026-01-31
run 4 request new --agency CA0194200 --level tac --title X --topic de-escalation --received 2999-01-01
run 4 request new --agency CA0194200 --level tac --title "" --topic de-escalation
run 2 request new --agency CA0194200 --level tac --title X --topic de-escalation --received 2026-02-30
run 2 request new --agency CA0194200 --level nope --title X
run 2 request new --agency CA0194200 --level tac --title X --topic de-escalation --priority critical
run 2 request new --agency CA0194200 --level tac --title X --topic de-escalation --form lecture
run 2 request new --level tac --title X --topic de-escalation
run 5 request new --agency CA0194200 --level critical --title X --external-id CR-2026-001
[ "$(history)" == "$rows" ] || fail "a refused request wrote history"
expect_sql crt.db "SELECT count(*) FROM request" 3

# Update changes fields, not status; each change is logged with its effective date.
run 0 request update 1 --priority high --target 2026-06-30 --topic de-escalation,crisis-intervention --date 2026-01-20
expect_err_has "3 fields changed"
expect_sql crt.db "SELECT field, old_value, new_value, effective_date FROM history WHERE entity = 'request' AND entity_id = '1' AND action = 'update' ORDER BY id" \
    "priority|normal|high|2026-01-20
target||2026-06-30|2026-01-20
topics|de-escalation,use-of-force|crisis-intervention,de-escalation|2026-01-20"
run 4 request update 1 --date 2026-01-01 --priority normal
expect_err_has "before request 1 was received"
run 4 request update 1 --topic "$retired"
run 4 request update 1 --target 2025-12-01
run 5 request update 3 --external-id CR-2026-001
run 3 request update 99 --title X
run 2 request update 1 --status active
run 0 request update 1 --target "" --form ""
expect_sql crt.db "SELECT target IS NULL AND form IS NULL FROM request WHERE id = 1" 1
run 0 request update 3 --topic use-of-force -q
run 0 request update 3 --topic "" -q
expect_sql crt.db "SELECT count(*) FROM request_topic WHERE request = 3" 0
run 4 request update 1 --topic ""

# The lifecycle: legal moves pass, illegal ones name the allowed moves.
run 0 request status 1 2 3 --to accepted --date 2026-02-10
expect_sql crt.db "SELECT group_concat(status || ':' || accepted) FROM request" \
    "accepted:2026-02-10,accepted:2026-02-10,accepted:2026-02-10"
run 5 request status 1 --to completed
expect_err_has "allowed from accepted: active, declined, withdrawn"
run 5 request status 1 --to active
expect_err_has "active lead"
"$CRT" assign add 1 mreyes --role lead --force --date 2026-02-11
run 4 request status 1 --to active --date 2026-02-09
expect_err_has "before its last move"
run 5 request status 1 --to active --date 2026-02-10
expect_err_has "lead assigned by then"
run 0 request status 1 --to active --date 2026-02-12
"$CRT" milestone add 1 --kind training --title Deliver --date 2026-02-12 >/dev/null
"$CRT" milestone add 1 --kind close-out --title Close --date 2026-02-12 >/dev/null
"$CRT" milestone update 1 --status in-progress --date 2026-02-13
"$CRT" milestone "done" 2 --date 2026-02-14 -q
run 5 request status 1 --to completed --date 2026-02-20
expect_err_has "1 milestone(s) open on that day: 1"
"$CRT" milestone cancel 1 --date 2026-02-25 -q
# Closed, but only after the day of the move: refused, so as-of reports stay true.
run 5 request status 1 --to completed --date 2026-02-24
expect_err_has "open on that day: 1"
run 0 request status 1 --to completed --date 2026-03-01
run 0 request status 1 --to active --date 2026-03-02
run 0 request status 1 --to completed --date 2026-03-03
run 2 request status 2 --to declined
expect_err_has "--note"
run 0 request status 2 --to declined --note "Out of scope" --date 2026-02-15
run 5 request status 2 --to accepted
expect_err_has "declined is final"
run 0 request status 3 --to withdrawn --note "Leadership change"
run 5 request status 3 --to withdrawn --note again

# Many ids move atomically: one bad id or move and none moves.
"$CRT" request new --agency CA0194200 --level tac --title A --topic de-escalation --received 2026-04-01 -q >/dev/null
"$CRT" request new --agency CA0194200 --level tac --title B --topic de-escalation --received 2026-04-01 -q >/dev/null
rows=$(history)
run 3 request status 4 5 99 --to accepted
expect_err_has "99"
run 5 request status 4 5 2 --to accepted
expect_err_has "request 2"
run 2 request status 4 4 --to accepted
[ "$(history)" == "$rows" ] || fail "a refused batch of moves wrote history"
expect_sql crt.db "SELECT group_concat(status) FROM request WHERE id IN (4, 5)" "received,received"
run 0 request status 4 5 --to accepted --date 2026-04-02
expect_sql crt.db "SELECT group_concat(status) FROM request WHERE id IN (4, 5)" "accepted,accepted"

# Lists filter by the obvious fields.
ids() { out | tail -n +2 | cut -f1 | tr '\n' ' '; }
run 0 request list --format tsv --open
[ "$(ids)" == "4 5 " ] || fail "--open listed $(out)"
run 0 request list --format tsv --status completed,declined
[ "$(ids)" == "1 2 " ] || fail "--status listed $(out)"
run 0 request list --format tsv --state AZ
[ "$(ids)" == "2 3 " ] || fail "--state listed $(out)"
run 0 request list --format tsv --topic crisis-intervention
[ "$(ids)" == "1 " ] || fail "--topic listed $(out)"
run 0 request list --format tsv --since 2026-01-06 --until 2026-02-03
[ "$(ids)" == "1 2 " ] || fail "--since/--until listed $(out)"
run 0 request list --format tsv --expert mreyes --agency CA0194200
[ "$(ids)" == "1 " ] || fail "--expert listed $(out)"
run 0 request list --format json --level critical
expect_out_has '"status": "declined"'

# Show and log.
run 0 request show 1
expect_out_has "assignments:"
expect_out_has "mreyes"
expect_out_has "Deliver"
run 3 request show 99
run 0 request log 1 --format csv
expect_out_has "2026-02-12,"
[ "$(out | sed -n 2p | cut -d, -f2,7)" == "2026-01-10,create" ] || fail "log does not start with the creation"
[ "$(out | grep ",status,status," | tail -1 | cut -d, -f2,7,9,10)" == "2026-03-03,status,active,completed" ] || fail "log is not oldest first"
run 0 request log 2 --format tsv
expect_out_has "Out of scope"
run 3 request log 99

done_testing
