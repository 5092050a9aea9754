# crt milestone: add, plan from the level template, recommendations, status
# changes with effective dates, overdue as of a day, and a whole engagement.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add AZ0070300 --name "Red Canyon Tribal Police Department" --type tribal --state AZ --date 2025-01-01 -q
"$CRT" expert add lead --name "Lead Expert" --expertise use-of-force --date 2025-01-01 -q
"$CRT" expert add analyst --name "Data Analyst" --expertise use-of-force --date 2025-01-01 -q
history() { sql crt.db "SELECT count(*) FROM history"; }

# A whole organizational assessment, from intake to completion.
req=$("$CRT" request new --agency AZ0070300 --level assessment --title "Use-of-force assessment" \
    --topic use-of-force --received 2025-02-03)
run 5 milestone plan "$req"
expect_err_has "has not been accepted"
"$CRT" request status "$req" --to accepted --date 2025-02-10 -q
run 0 milestone plan "$req" --date 2025-02-10
planned=$(out | wc -l)
template=$(grep -c '^\[\[level.milestone\]\]' <(sed -n '/^id = "assessment"/,/^\[\[category\]\]/p' "$CRT_SOURCE_DIR/data/topics.toml"))
[ "$planned" -eq "$template" ] || fail "planned $planned milestones, the template has $template"
first_days=$(sed -n '/^id = "assessment"/,/^\[\[category\]\]/p' "$CRT_SOURCE_DIR/data/topics.toml" | sed -n 's/^days = //p' | head -1)
expect_sql crt.db "SELECT due FROM milestone WHERE request = $req ORDER BY id LIMIT 1" \
    "$(date -d "2025-02-10 + $first_days days" +%F)"
run 0 milestone plan "$req"
expect_out ""
expect_err_has "0 milestones planned"
expect_sql crt.db "SELECT count(*) FROM milestone WHERE request = $req" "$planned"

"$CRT" assign add "$req" lead --role lead --date 2025-02-11
"$CRT" assign add "$req" analyst --role analyst --date 2025-02-11
"$CRT" request status "$req" --to active --date 2025-02-12 -q

run 0 milestone add "$req" --kind recommendation --ref 1.1 --finding 1 --title "Adopt a duty-to-intervene policy" \
    --due 2025-08-01 --date 2025-06-01
r11=$(out)
run 0 milestone add "$req" --kind recommendation --ref 1.2 --finding 1 --title "Track use-of-force reviews" \
    --due 2025-09-01 --blocker union --date 2025-06-01 --format json
expect_out_has '"ref": "1.2"'
expect_out_has '"blocker": "union"'
r12=$(sql crt.db "SELECT id FROM milestone WHERE ref = '1.2'")
r21=$("$CRT" milestone add "$req" --kind recommendation --ref 2.1 --title "Publish data" --due 2025-07-01 --date 2025-06-01)

rows=$(history)
run 5 milestone add "$req" --kind recommendation --ref 1.1 --title Again
run 4 milestone add "$req" --kind meeting --title X --ref 3.1
expect_err_has "belong to kind recommendation"
run 4 milestone add "$req" --kind recommendation --ref "1 1" --title X
run 4 milestone add "$req" --kind meeting --title ""
run 4 milestone add "$req" --kind meeting --title X --due 2025-01-01
run 4 milestone add "$req" --kind meeting --title X --date 2025-01-01
run 2 milestone add "$req" --kind party --title X
run 2 milestone add "$req" --kind recommendation --title X --blocker mayor
run 2 milestone add "$req" --kind meeting --title X --due 2025-13-01
run 2 milestone add "$req" --title X
run 3 milestone add 99 --kind meeting --title X
[ "$(history)" == "$rows" ] || fail "a refused milestone wrote history"

# Status changes carry their effective date; done sets the completed date.
run 0 milestone update "$r11" --status in-progress --date 2025-07-01
run 0 milestone update "$r11" --status partial --blocker council --note "Awaiting council vote" --date 2025-08-15
run 4 milestone update "$r11" --status "done" --date 2025-08-14
expect_err_has "before its last change"
run 0 milestone "done" "$r11" --date 2025-10-01
expect_sql crt.db "SELECT status, completed, blocker, note FROM milestone WHERE id = $r11" \
    "done|2025-10-01|council|Awaiting council vote"
run 5 milestone "done" "$r11"
expect_err_has "already done"
run 4 milestone update "$r11" --due 2025-01-01
expect_err_has "before request"
run 4 milestone update "$r11" --note x --date 2025-05-31
expect_err_has "before milestone"
run 0 milestone update "$r11" --blocker ""
expect_sql crt.db "SELECT blocker IS NULL FROM milestone WHERE id = $r11" 1
run 4 milestone update "$(sql crt.db "SELECT id FROM milestone WHERE kind = 'intake'")" --blocker union
run 3 milestone update 999 --status "done"
run 2 milestone update "$r11" --status finished

# As of a day, statuses are rebuilt from the history.
run 0 milestone list --request "$req" --kind recommendation --as-of 2025-08-31 --format csv
expect_out "id,request,agency,level,kind,ref,finding,title,due,status,completed,blocker,note
$r21,$req,AZ0070300,assessment,recommendation,2.1,,Publish data,2025-07-01,planned,,,
$r11,$req,AZ0070300,assessment,recommendation,1.1,1,Adopt a duty-to-intervene policy,2025-08-01,partial,,council,Awaiting council vote
$r12,$req,AZ0070300,assessment,recommendation,1.2,1,Track use-of-force reviews,2025-09-01,planned,,union,"
run 0 milestone list --request "$req" --kind recommendation --as-of 2025-05-31 --format csv
[ "$(out | wc -l)" -eq 1 ] || fail "recommendations listed before they existed"
run 0 milestone list --overdue --as-of 2025-08-02 --kind recommendation --format tsv
[ "$(out | tail -n +2 | cut -f1 | tr '\n' ' ')" == "$r21 $r11 " ] || fail "overdue as of 2025-08-02: $(out)"
run 0 milestone list --overdue --as-of 2025-10-02 --kind recommendation --format tsv
[ "$(out | tail -n +2 | cut -f1 | tr '\n' ' ')" == "$r21 $r12 " ] || fail "overdue as of 2025-10-02: $(out)"
run 0 milestone list --status "done" --format json
expect_out_has "\"completed\": \"2025-10-01\""
# Blockers, due dates and completion dates are as of the day too.
run 0 milestone list --request "$req" --kind recommendation --as-of 2025-08-14 --format csv
expect_out_has ",in-progress,,,"
run 0 milestone list --request "$req" --kind recommendation --as-of 2025-10-01 --format csv
expect_out_has ",done,2025-10-01,council,"

# Multi-id done and cancel are all or none.
open_ids=$(sql crt.db "SELECT group_concat(id, ' ') FROM milestone WHERE request = $req AND status NOT IN ('done', 'cancelled')")
rows=$(history)
# shellcheck disable=SC2086
run 5 milestone "done" $open_ids "$r11" --date 2025-12-01
# shellcheck disable=SC2086
run 3 milestone "done" $open_ids 999 --date 2025-12-01
[ "$(history)" == "$rows" ] || fail "a refused multi-id done wrote history"
run 5 request status "$req" --to completed --date 2025-12-02
run 0 milestone cancel "$r12" --note "Superseded by state law" --date 2025-12-01
expect_sql crt.db "SELECT status, note FROM milestone WHERE id = $r12" "cancelled|Superseded by state law"
open_ids=$(sql crt.db "SELECT group_concat(id, ' ') FROM milestone WHERE request = $req AND status NOT IN ('done', 'cancelled')")
# shellcheck disable=SC2086
run 0 milestone "done" $open_ids --date 2025-12-01
run 0 request status "$req" --to completed --date 2025-12-02
run 5 milestone add "$req" --kind meeting --title "After the end"
expect_err_has "completed"
run 5 milestone update "$r11" --status partial
expect_sql crt.db "SELECT status FROM request WHERE id = $req" completed
run 0 request show "$req" --format json
expect_out_has '"milestones": ['
expect_out_has '"expert": "analyst"'

done_testing
