# Dates that cannot lie: a change of a field is never dated before the last
# change to it, a change on a request never on a day it was closed, a lead
# never released before the request became active with them; the reports
# as of an earlier day show what was true then. Refusals write nothing.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rows() { sql crt.db "SELECT count(*) FROM history"; }

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2026-01-01 -q
"$CRT" expert add mreyes --name "Maria Reyes" --expertise use-of-force --date 2026-01-01 -q
r1=$("$CRT" request new --agency CA0194200 --level assessment --title "Assessment" --topic use-of-force --received 2026-01-10)
"$CRT" request status "$r1" --to accepted --date 2026-01-15 -q
"$CRT" assign add "$r1" mreyes --role lead --date 2026-01-16 -q
"$CRT" request status "$r1" --to active --date 2026-01-20 -q
m=$("$CRT" milestone add "$r1" --kind recommendation --ref 1.1 --title "Title A" --due 2026-06-30 --date 2026-01-21)

# Title, due date and blocker: in date order or not at all.
run 0 milestone update "$m" --title "Title B" --date 2026-05-01
before=$(rows)
run 4 milestone update "$m" --title "Title C" --date 2026-03-01
expect_err "crt: error: --date 2026-03-01 is before the last change to title of milestone $m (2026-05-01)"
expect_sql crt.db "SELECT title FROM milestone WHERE id = $m" "Title B"
run 0 milestone update "$m" --due 2026-07-31 --date 2026-05-01
run 4 milestone update "$m" --due 2026-08-31 --date 2026-04-30
expect_err "crt: error: --date 2026-04-30 is before the last change to due of milestone $m (2026-05-01)"
run 0 milestone update "$m" --blocker council --date 2026-05-02
run 4 milestone update "$m" --blocker union --date 2026-05-01
expect_err_has "is before the last change to blocker of milestone $m (2026-05-02)"
# A field not changed since the milestone was added may be changed any day after.
run 0 milestone update "$m" --note "Board review" --date 2026-02-01
run 4 milestone update "$m" --note "Earlier" --date 2026-01-31
expect_err_has "is before the last change to note of milestone $m (2026-02-01)"
CHECKS=$((CHECKS + 1))
[ "$(rows)" -eq $((before + 3)) ] || fail "a refused change wrote history"

# The public report as of a day shows the title and due date of that day.
run 0 report public --detail --as-of 2026-02-01 --format csv
expect_out_has ",1.1,,Title A,2026-06-30,planned,,"
run 0 report public --detail --as-of 2026-05-01 --format csv
expect_out_has ",1.1,,Title B,2026-07-31,planned,,"

# Hours: logged in date order.
run 0 assign hours "$r1" mreyes 2 --date 2026-03-01
run 4 assign hours "$r1" mreyes 1 --date 2026-02-28
expect_err "crt: error: --date 2026-02-28 is before the last change to hours of assignment 1 (2026-03-01)"
expect_sql crt.db "SELECT centihours FROM assignment WHERE id = 1" 200

# Closed days: completed on 2026-06-01, reopened on 2026-07-01.
"$CRT" milestone 'done' "$m" --date 2026-06-01 -q
"$CRT" request status "$r1" --to completed --date 2026-06-01 -q
"$CRT" request status "$r1" --to active --date 2026-07-01 -q
before=$(rows)
run 4 milestone update "$m" --note "Late" --date 2026-06-15
expect_err "crt: error: --date 2026-06-15 is a day request $r1 was completed; a change on it must be dated while it was open"
run 4 assign hours "$r1" mreyes 1 --date 2026-06-20
expect_err_has "--date 2026-06-20 is a day request $r1 was completed"
run 4 request update "$r1" --title "Renamed" --date 2026-06-02
expect_err_has "--date 2026-06-02 is a day request $r1 was completed"
CHECKS=$((CHECKS + 1))
[ "$(rows)" -eq "$before" ] || fail "a change on a closed day wrote history"
# The day it closed and the day it reopened count as open.
run 0 milestone update "$m" --note "Closing day" --date 2026-06-01
run 0 request update "$r1" --title "Renamed" --date 2026-07-01
run 0 assign hours "$r1" mreyes 1 --date 2026-07-01

# Inside a batch the refusal rolls the whole batch back.
before=$(rows)
printf 'milestone update %s --note Fine --date 2026-07-02\nassign hours %s mreyes 1 --date 2026-06-10\n' "$m" "$r1" > bad.crt
run 4 batch bad.crt
expect_err_has "bad.crt:2: "
CHECKS=$((CHECKS + 1))
[ "$(rows)" -eq "$before" ] || fail "a refused batch wrote history"

# A lead is not released before the request became active with them.
r2=$("$CRT" request new --agency CA0194200 --level critical --title "Critical" --received 2026-02-01)
"$CRT" request status "$r2" --to accepted --date 2026-02-02 -q
"$CRT" assign add "$r2" mreyes --role lead --date 2026-02-03 -q
"$CRT" request status "$r2" --to active --date 2026-02-10 -q
run 4 assign remove "$r2" mreyes --date 2026-02-05
expect_err "crt: error: --date 2026-02-05 is before request $r2 became active (2026-02-10) with mreyes as its lead"
expect_sql crt.db "SELECT released IS NULL FROM assignment WHERE request = $r2" 1
run 0 assign remove "$r2" mreyes --date 2026-02-10
expect_sql crt.db "SELECT released FROM assignment WHERE request = $r2" 2026-02-10

# Releasing an expert after the request closed is allowed (it changes no past day).
r3=$("$CRT" request new --agency CA0194200 --level critical --title "Withdrawn" --received 2026-02-01)
"$CRT" request status "$r3" --to accepted --date 2026-02-02 -q
"$CRT" assign add "$r3" mreyes --date 2026-02-03 -q
"$CRT" request status "$r3" --to withdrawn --note "Agency withdrew" --date 2026-03-01 -q
run 0 assign remove "$r3" mreyes --date 2026-04-01

# Registries: an update is not dated before the record was created.
run 4 agency update CA0194200 --sworn 250 --date 2025-12-31
expect_err "crt: error: --date 2025-12-31 is before agency CA0194200 was added (2026-01-01)"
run 0 agency update CA0194200 --sworn 250 --date 2026-03-02
run 4 agency update CA0194200 --sworn 260 --date 2026-03-01
expect_err "crt: error: --date 2026-03-01 is before the last change to sworn of agency CA0194200 (2026-03-02)"
run 4 expert update mreyes --capacity 4 --date 2025-12-31
expect_err_has "--date 2025-12-31 is before"

done_testing
