# Corrections on the record: a move or change can be re-dated or voided, a
# request's intake facts and a milestone's or assignment's dates corrected,
# hours taken back; each is a new history row naming the row it corrects,
# the original stays readable, reports as of every day use the corrected
# facts, and a correction that would break a rule writes nothing.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rows() { sql crt.db "SELECT count(*) FROM history"; }
expect_rows() {
    CHECKS=$((CHECKS + 1))
    [ "$(rows)" == "$1" ] || fail "a refused correction wrote history: $(rows) rows, expected $1"
}
# The row id of the last history row matching a WHERE clause.
row_of() { sql crt.db "SELECT max(id) FROM history WHERE $1"; }
summary() { "$CRT" report summary --as-of "$1" --format csv | grep "^$2,"; }

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2026-01-01 -q
"$CRT" agency add OR0260200 --name "Salem Police Department" --type municipal --state OR --date 2026-01-01 -q
"$CRT" expert add mreyes --name "Maria Reyes" --expertise use-of-force,de-escalation --date 2026-01-01 -q
"$CRT" expert add jkim --name "Jae Kim" --expertise use-of-force --date 2026-01-01 -q
r=$("$CRT" request new --agency CA0194200 --level tac --title "Use-of-force review" --topic use-of-force --received 2026-01-10)
"$CRT" request status "$r" --to accepted --date 2026-01-15 -q
"$CRT" assign add "$r" mreyes --role lead --date 2026-01-16 -q
"$CRT" request status "$r" --to active --date 2026-01-20 -q
m=$("$CRT" milestone add "$r" --kind site-visit --title "Site visit" --due 2026-03-01 --date 2026-01-21)
"$CRT" assign hours "$r" mreyes 3 --date 2026-02-01 -q
"$CRT" assign hours "$r" mreyes 2 --date 2026-02-05 -q

# --- Re-date ---------------------------------------------------------------
accept=$(row_of "entity = 'request' AND new_value = 'accepted'")
activate=$(row_of "entity = 'request' AND new_value = 'active'")
run 0 history redate "$accept" --date 2026-01-12 --note "Accepted on the 12th per the signed letter"
copy=$(out)
expect_sql crt.db "SELECT action || ' ' || new_value || ' ' || effective_date || ' ' || corrects || ' ' || note FROM history WHERE id = $copy" \
    "status accepted 2026-01-12 $accept Accepted on the 12th per the signed letter"
expect_sql crt.db "SELECT accepted FROM request WHERE id = $r" "2026-01-12"
# The original stays as it was recorded.
expect_sql crt.db "SELECT effective_date || ' ' || coalesce(CAST(corrects AS TEXT), '-') FROM history WHERE id = $accept" "2026-01-15 -"
# Reports as of a day between the two dates see the corrected fact.
CHECKS=$((CHECKS + 1))
summary 2026-01-13 tac | grep -q "^tac,1,0,1,0,0,0,0," || fail "as of 2026-01-13 the request is not accepted: $(summary 2026-01-13 tac)"
# The log shows the correction right after the row it corrects.
run 0 request log "$r" --format csv
CHECKS=$((CHECKS + 1))
[ "$(out | grep -A1 "^$accept," | tail -1 | cut -d, -f1)" == "$copy" ] || fail "the log does not put the correction after the original"

before=$(rows)
run 4 history redate "$activate" --date 2026-01-05 --note "x"
expect_err_has "--date 2026-01-05 is before request $r began (2026-01-10)"
run 4 history redate "$activate" --date 2026-01-11 --note "x"
expect_err_has "is before the change it follows, history row $copy (move to accepted of request $r on 2026-01-12)"
run 4 history redate "$activate" --date 2099-01-01 --note "x"
expect_err_has "is in the future"
run 4 history redate "$copy" --date 2026-01-20 --note "x"
expect_err_has "is not before the change that follows, history row $activate (move to active of request $r on 2026-01-20)"
run 5 history redate "$accept" --date 2026-01-13 --note "x"
expect_err "crt: error: history row $accept was already corrected by history row $copy"
run 4 history redate "$(row_of "entity = 'request' AND action = 'create'")" --date 2026-01-11 --note "x"
expect_err_has "is a create row; only a move or a change can be re-dated"
run 3 history redate 9999 --date 2026-01-11 --note "x"
expect_err "crt: error: no history row 9999 (see 'crt history list')"
run 2 history redate "$activate" --date 2026-01-18
expect_err "crt: error: a correction needs --note saying why it is made (see 'crt history redate --help')"
run 2 history redate "$activate" --date 2026-02-30 --note "x"
# Active on the 15th: the lead was only assigned on the 16th.
run 5 history redate "$activate" --date 2026-01-15 --note "x"
expect_err_has "history row $activate cannot be re-dated 2026-01-15: request $r: cannot become active on 2026-01-15 without an active lead"
expect_rows "$before"
expect_sql crt.db "SELECT status_date FROM request WHERE id = $r" "2026-01-20"

# --- Void ------------------------------------------------------------------
run 0 milestone update "$m" --title "First site visit" --date 2026-01-22
run 0 milestone update "$m" --title "Site visit, phase 1" --date 2026-01-25
title1=$(row_of "entity = 'milestone' AND field = 'title' AND new_value = 'First site visit'")
title2=$(row_of "entity = 'milestone' AND field = 'title' AND new_value = 'Site visit, phase 1'")
before=$(rows)
run 5 history void "$title1" --note "x"
expect_err "crt: error: history row $title1 cannot be voided: history row $title2 (title 'Site visit, phase 1' of milestone $m on 2026-01-25) rests on it; void or re-date that one first"
expect_rows "$before"
run 0 history void "$title2" --note "Typed on the wrong milestone"
void=$(out)
expect_sql crt.db "SELECT title FROM milestone WHERE id = $m" "First site visit"
expect_sql crt.db "SELECT action || ' ' || field || ' ' || old_value || ' > ' || new_value || ' ' || corrects FROM history WHERE id = $void" \
    "void title Site visit, phase 1 > First site visit $title2"
run 5 history void "$title2" --note "again"
expect_err_has "was already corrected by history row $void"
run 4 history void "$void" --note "x"
expect_err_has "is a void row"
# Reports as of a day after the voided change no longer show it.
run 0 milestone list --request "$r" --as-of 2026-01-26 --format csv
expect_out_has "First site visit"
expect_out_lacks "phase 1"

# A void that would leave a completed request with an open milestone.
"$CRT" milestone 'done' "$m" --date 2026-02-20 -q
"$CRT" request status "$r" --to completed --date 2026-02-21 -q
done_row=$(row_of "entity = 'milestone' AND new_value = 'done'")
complete=$(row_of "entity = 'request' AND new_value = 'completed'")
before=$(rows)
run 5 history void "$done_row" --note "Visit not held"
expect_err_has "history row $done_row cannot be voided: request $r: cannot be completed on 2026-02-21 with 1 milestone(s) open"
expect_rows "$before"
expect_sql crt.db "SELECT status FROM milestone WHERE id = $m" "done"
# A move back to active needs a lead that is still assigned.
"$CRT" assign remove "$r" mreyes --date 2026-02-22 -q
release=$(row_of "entity = 'assignment' AND field = 'released'")
run 5 history void "$complete" --note "x"
expect_err_has "request $r would be active without a lead"
expect_rows "$((before + 1))"
# Void the release first, then the completion: active again, since the day before.
run 0 history void "$release" --note "Released in error"
expect_sql crt.db "SELECT coalesce(released, 'none') FROM assignment WHERE expert = 'mreyes'" "none"
run 0 history void "$complete" --note "Completed in error"
expect_sql crt.db "SELECT status || ' ' || status_date FROM request WHERE id = $r" "active 2026-01-20"
summary 2026-03-01 tac | grep -q "^tac,1,0,0,1,0,0,0," || fail "as of 2026-03-01 the request is not active: $(summary 2026-03-01 tac)"
# Now the milestone may be voided: the request is open again.
run 0 history void "$done_row" --note "Visit not held"
expect_sql crt.db "SELECT status || ' ' || status_date || ' ' || coalesce(completed, '-') FROM milestone WHERE id = $m" "planned 2026-01-21 -"

# --- Intake facts ----------------------------------------------------------
before=$(rows)
run 4 request correct "$r" --received 2026-01-13 --note "x"
expect_err_has "--received 2026-01-13 is after history row $copy (move to accepted of request $r on 2026-01-12); correct that first"
run 3 request correct "$r" --agency TX2270100 --note "x"
run 2 request correct "$r" --level regional --note "x"
run 2 request correct "$r" --note "x"
expect_err "crt: error: request correct needs at least one of --agency, --level, --received, --topic (see 'crt request correct --help')"
run 2 request correct "$r" --level assessment
run 4 request correct "$r" --received 2099-01-01 --note "x"
run 3 request correct "$r" --topic no-such-topic --note "x"
expect_rows "$before"
created=$(row_of "entity = 'request' AND action = 'create'")
run 0 request correct "$r" --agency OR0260200 --level assessment --received 2026-01-08 --note "Intake form misread"
expect_err "request $r: 3 facts corrected"
expect_sql crt.db "SELECT agency || ' ' || level || ' ' || received FROM request WHERE id = $r" "OR0260200 assessment 2026-01-08"
expect_sql crt.db "SELECT group_concat(field || ':' || old_value || '>' || new_value || ':' || corrects, ' ') FROM history WHERE action = 'correct' AND entity = 'request'" \
    "agency:CA0194200>OR0260200:$created level:tac>assessment:$created received:2026-01-10>2026-01-08:$created"
# Reports for a past day count it at its corrected level, from its corrected receipt.
summary 2026-01-09 assessment | grep -q "^assessment,1,1," || fail "as of 2026-01-09 the corrected request is not counted: $(summary 2026-01-09 assessment)"
summary 2026-01-09 tac | grep -q "^tac,0," || fail "the request still counts as tac"
run 0 report agency OR0260200 --format csv
expect_out_has "Use-of-force review"
run 0 request correct "$r" --topic de-escalation,use-of-force --note "Both topics were on the form"
expect_sql crt.db "SELECT group_concat(topic) FROM request_topic WHERE request = $r" "de-escalation,use-of-force"
run 0 request correct "$r" --level assessment --note "x"
expect_err "request $r: nothing to correct"

# --- Milestone dates -------------------------------------------------------
run 0 report overdue --as-of 2026-03-05 --format csv
expect_out_has "First site visit"
run 0 milestone correct "$m" --due 2026-03-31 --note "The plan says March 31"
run 0 report overdue --as-of 2026-03-05 --format csv
expect_out_lacks "First site visit"
expect_sql crt.db "SELECT corrects FROM history WHERE action = 'correct' AND field = 'due'" \
    "$(row_of "entity = 'milestone' AND action = 'create'")"
before=$(rows)
run 4 milestone correct "$m" --created 2026-01-23 --note "x"
expect_err_has "--created 2026-01-23 is after history row $title1"
run 4 milestone correct "$m" --created 2026-01-01 --note "x"
expect_err_has "is before request $r was received (2026-01-08)"
run 2 milestone correct "$m" --note "x"
expect_rows "$before"
run 0 milestone correct "$m" --created 2026-01-20 --note "Added at the kickoff"
expect_sql crt.db "SELECT created || ' ' || status_date FROM milestone WHERE id = $m" "2026-01-20 2026-01-20"

# --- Assignment dates ------------------------------------------------------
before=$(rows)
run 5 assign correct "$r" mreyes --assigned 2026-01-21 --note "x"
expect_err_has "the assignment of mreyes cannot be corrected: request $r: cannot become active on 2026-01-20 without an active lead"
run 5 assign correct "$r" mreyes --released 2026-02-23 --note "x"
expect_err_has "mreyes is still assigned to request $r"
run 3 assign correct "$r" jkim --assigned 2026-01-20 --note "x"
expect_rows "$before"
run 0 assign correct "$r" mreyes --assigned 2026-01-14 --note "Assigned at the intake call"
expect_sql crt.db "SELECT assigned FROM assignment WHERE expert = 'mreyes'" "2026-01-14"
"$CRT" assign add "$r" jkim --date 2026-02-01 -q
"$CRT" assign remove "$r" jkim --date 2026-02-10 -q
run 0 assign correct "$r" jkim --released 2026-02-08 --note "Left on the 8th"
expect_sql crt.db "SELECT released FROM assignment WHERE expert = 'jkim'" "2026-02-08"
expect_sql crt.db "SELECT effective_date || ' ' || new_value FROM history WHERE id = (SELECT max(id) FROM history)" "2026-02-08 2026-02-08"

# --- Hours -----------------------------------------------------------------
workload() { "$CRT" report workload --as-of "$1" --format csv | grep "^mreyes," | cut -d, -f7; }
[ "$(workload 2026-02-06)" == "5" ] || fail "workload before take-back is $(workload 2026-02-06)"
run 2 assign hours "$r" mreyes -2
run 2 assign take-back "$r" mreyes -2 --note "x"
run 2 assign take-back "$r" mreyes 1e3 --note "x"
before=$(rows)
run 4 assign take-back "$r" mreyes 2.5 --note "x"
expect_err_has "cannot take back 2.50 hours: history row $(row_of "field = 'hours' AND new_value = '5.00'") logged 2.00"
run 2 assign take-back "$r" mreyes 1
expect_rows "$before"
run 0 assign take-back "$r" mreyes 2 --note "Logged twice"
expect_sql crt.db "SELECT centihours FROM assignment WHERE expert = 'mreyes'" "300"
CHECKS=$((CHECKS + 1))
[ "$(workload 2026-02-06)" == "3" ] || fail "workload after take-back is $(workload 2026-02-06)"
CHECKS=$((CHECKS + 1))
[ "$(workload 2026-02-02)" == "3" ] || fail "workload before the second entry is $(workload 2026-02-02)"
run 4 assign take-back "$r" mreyes 0.5 --note "x"
expect_err_has "of which 2.00 is taken back already"
# An entry voided after hours were taken back would leave a negative total.
before=$(rows)
run 5 history void "$(row_of "field = 'hours' AND action = 'update' AND new_value = '5.00'")" --note "x"
expect_err_has "hours were taken back from it (history row"
expect_rows "$before"

# --- Integrity -------------------------------------------------------------
run 0 check
expect_err_has "0 errors, 0 warnings"
# A correction written by another tool that names a missing row is found.
copy_db crt.db forged.db
sql_unchecked forged.db "INSERT INTO history (id, entity, entity_id, request, action, field, actor, recorded_at, effective_date, corrects)
               VALUES ((SELECT max(id) + 1 FROM history), 'request', '$r', $r, 'void', 'status', 'x', '2026-01-01T00:00:00Z', '2026-01-01', 99999)"
run 1 check --db forged.db
expect_out_has "history-correction"
expect_out_has "corrects history row 99999, which does not exist"

# The record must equal its history replayed: a level changed behind crt's
# back, or a voided title put back, is found.
copy_db crt.db tampered.db
sql tampered.db "UPDATE request SET level = 'tac' WHERE id = $r; UPDATE milestone SET title = 'Site visit, phase 1' WHERE id = $m"
run 1 check --db tampered.db
expect_out_has "level 'tac' is not the value of its last change ('assessment' on 2026-01-10)"
expect_out_has "title 'Site visit, phase 1' is not the value of its last change ('First site visit' on 2026-01-22)"

# --- Atomic in a batch -----------------------------------------------------
before=$(rows)
cat >fix.crt <<EOF
history void $(row_of "entity = 'assignment' AND field = 'hours' AND action = 'update' AND new_value = '3.00'") --note "first entry wrong"
milestone correct $m --due 2026-02-30 --note "bad date"
EOF
run 2 batch fix.crt
expect_rows "$before"
expect_sql crt.db "SELECT centihours FROM assignment WHERE expert = 'mreyes'" "300"

done_testing
