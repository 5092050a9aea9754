# crt export/import assignments by id: export writes the id first; import
# keeps it, so export, import into an empty database and export again give
# the same bytes; an id that exists is refused without --upsert and updated
# with it (a release, more hours) by the rules of crt assign, and what only a
# correction may change is a bad row; nothing is written on any error.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
# Assignments whose ids are not in export order: request 2's comes first, and
# bhale is released from request 1 and assigned again.
cat >setup.crt <<'EOF'
agency add CA0194200 --name "Riverton PD" --type municipal --state CA --date 2025-01-01
expert add mreyes --name "Maria Reyes" --expertise de-escalation --capacity 9 --date 2025-01-01
expert add bhale --name "Bob Hale" --expertise de-escalation --capacity 9 --date 2025-01-01
expert add jkim --name "Jo Kim" --expertise de-escalation --capacity 9 --date 2025-01-01
request new --agency CA0194200 --level tac --title One --topic de-escalation --received 2025-01-10
request new --agency CA0194200 --level tac --title Two --topic de-escalation --received 2025-01-12
request status 1 --to accepted --date 2025-01-15
assign add 2 jkim --date 2025-01-20
assign add 1 mreyes --role lead --date 2025-01-21
assign add 1 bhale --date 2025-01-22
assign hours 1 mreyes 12.25 --date 2025-02-01
assign remove 1 bhale --date 2025-02-10
assign add 1 bhale --role peer --date 2025-02-11
assign hours 1 bhale 1.5 --date 2025-02-12
EOF
"$CRT" batch setup.crt -q >/dev/null || fail "setup failed"
history_rows() { sql crt.db "SELECT count(*) FROM history"; }
expect_err() {
    CHECKS=$((CHECKS + 1))
    [ "$(err)" == "$1" ] || fail "stderr differs; expected:
$1"
}

# Export: the id first, the one assign list shows.
run 0 export assignments
expect_out 'id,request,expert,role,assigned,released,hours
2,1,mreyes,lead,2025-01-21,,12.25
3,1,bhale,sme,2025-01-22,2025-02-10,0
4,1,bhale,peer,2025-02-11,,1.5
1,2,jkim,sme,2025-01-20,,0'
cp .out assignments.csv
run 0 assign list --format csv
CHECKS=$((CHECKS + 1))
[ "$(out | cut -d, -f1,2,4 | sort)" == "$(cut -d, -f1-3 assignments.csv | sort)" ] ||
    fail "assign list and export give other ids"

# The round trip: export, import into an empty database, export again.
for format in csv ndjson; do
    "$CRT" init --db "copy-$format.db" -q
    for kind in agencies experts requests assignments; do
        "$CRT" export "$kind" --format "$format" >"$kind.$format"
        run 0 import "$kind" "$kind.$format" --format "$format" --db "copy-$format.db" --date 2025-01-01
    done
    run 0 export assignments --format "$format" --db "copy-$format.db"
    CHECKS=$((CHECKS + 1))
    cmp -s .out "assignments.$format" || fail "export assignments --format $format differs after a round trip"
    expect_sql "copy-$format.db" "SELECT group_concat(id || expert, ' ') FROM (SELECT * FROM assignment ORDER BY id) AS a" \
        "1jkim 2mreyes 3bhale 4bhale"
done

# Without --upsert, an id that exists is a bad row; nothing is written.
sum=$(db_checksum crt.db)
printf 'id,request,expert\n2,1,mreyes\n' >taken.csv
import_fails 4 assignments taken.csv
expect_err "crt: error: taken.csv:2: column id: assignment 2 already exists (use --upsert to update it)
crt: error: taken.csv: 1 bad row; nothing was imported"
expect_same_db crt.db "$sum"
# Nor with --upsert when the same id appears twice, or names a row this
# input added.
printf 'id,request,expert,hours\n4,1,bhale,2\n4,1,bhale,3\n' >twice.csv
import_fails 4 assignments twice.csv --upsert
expect_err "crt: error: twice.csv:3: column id: '4' appears twice in this input
crt: error: twice.csv: 1 bad row; nothing was imported"
printf 'id,request,expert,assigned\n,2,mreyes,2025-02-01\n5,2,mreyes,2025-02-01\n' >added.csv
import_fails 4 assignments added.csv --upsert
expect_err "crt: error: added.csv:3: column id: assignment 5 was added by an earlier row of this input
crt: error: added.csv: 1 bad row; nothing was imported"
expect_same_db crt.db "$sum"

# An unchanged export goes back with --upsert and writes nothing new.
before=$(history_rows)
run 0 import assignments assignments.csv --upsert
expect_err "imported 4 assignments (0 new, 4 updated)"
expect_sql crt.db "SELECT count(*) FROM history" "$before"
run 0 export assignments
CHECKS=$((CHECKS + 1))
cmp -s .out assignments.csv || fail "an unchanged upsert changed assignments"

# --dry-run checks and writes nothing.
sum=$(db_checksum crt.db)
printf 'id,request,expert,released,hours\n2,1,mreyes,2025-03-01,14\n' >release.csv
run 0 import assignments release.csv --upsert --dry-run --date 2025-02-20
expect_err "checked 1 assignments (0 new, 1 updated); nothing was written (--dry-run)"
expect_same_db crt.db "$sum"

# A release and more hours: one update row each, by the rules of assign
# remove and assign hours (the release dated released, the hours --date).
run 0 import assignments release.csv --upsert --date 2025-02-20
expect_err "imported 1 assignments (0 new, 1 updated)"
expect_sql crt.db "SELECT field || '|' || coalesce(old_value, '') || '|' || new_value || '|' || effective_date FROM history
                   WHERE entity = 'assignment' AND entity_id = '2' AND action = 'update' ORDER BY id" \
    "hours|0.00|12.25|2025-02-01
hours|12.25|14.00|2025-02-20
released||2025-03-01|2025-03-01"
expect_sql crt.db "SELECT role || '|' || assigned || '|' || released || '|' || centihours FROM assignment WHERE id = 2" \
    "lead|2025-01-21|2025-03-01|1400"
# Only the columns given change; NDJSON too.
printf 'id,request,expert,hours\n4,1,bhale,3\n' | run 0 import assignments - --upsert --date 2025-02-21
printf '{"id":4,"request":1,"expert":"bhale","hours":4.5}\n' |
    run 0 import assignments - --upsert --format ndjson --date 2025-02-22
expect_sql crt.db "SELECT role || '|' || coalesce(released, 'none') || '|' || centihours FROM assignment WHERE id = 4" \
    "peer|none|450"
# A row without an id, or with an id no assignment has, is added.
printf 'id,request,expert,role,assigned,hours\n,2,mreyes,analyst,2025-02-01,\n9,2,bhale,peer,2025-02-02,2\n' >new.csv
run 0 import assignments new.csv --upsert
expect_err "imported 2 assignments (2 new, 0 updated)"
expect_sql crt.db "SELECT group_concat(id || expert || role, ' ') FROM (SELECT * FROM assignment WHERE request = 2 ORDER BY id) AS a" \
    "1jkimsme 5mreyesanalyst 9bhalepeer"
run 0 check
expect_err_has "0 errors, 0 warnings"

# What only a correction may change, another request or expert, and changes
# dated before the assignment: each a bad row (exit 4), nothing written.
sum=$(db_checksum crt.db)
refused() {
    printf 'id,request,expert,role,assigned,released,hours\n%s\n' "$1" >bad.csv
    import_fails 4 assignments bad.csv --upsert --date "${3:-2025-02-25}"
    expect_err "crt: error: bad.csv:2: $2
crt: error: bad.csv: 1 bad row; nothing was imported"
    expect_same_db crt.db "$sum"
}
refused "2,1,bhale,lead,,," "column id: assignment 2 is mreyes on request 1, not bhale on request 1"
refused "2,2,mreyes,lead,,," "column id: assignment 2 is mreyes on request 1, not mreyes on request 2"
refused "4,1,bhale,sme,,," "column role: assignment 4 is peer; an upsert cannot change a role (release the expert and assign them again)"
refused "4,1,bhale,,2025-02-12,," "column assigned: assignment 4 was assigned on 2025-02-11; an upsert cannot change it (see crt assign correct)"
refused "3,1,bhale,sme,2025-01-22,2025-02-11,0" "column released: assignment 3 was released on 2025-02-10; an upsert cannot change or undo a release (see crt assign correct)"
refused "3,1,bhale,sme,2025-01-22,,0" "column released: assignment 3 was released on 2025-02-10; an upsert cannot change or undo a release (see crt assign correct)"
refused "4,1,bhale,peer,2025-02-11,,4" "column hours: assignment 4 has 4.50 hours; an upsert cannot lower them (see crt assign take-back)"
refused "4,1,bhale,peer,2025-02-11,2025-02-10,4.5" "column released: 2025-02-10 is before the expert was assigned (2025-02-11)"
refused "1,2,jkim,sme,2025-01-20,,2" "--date 2025-01-19 is before jkim was assigned to request 2 (2025-01-20)" 2025-01-19
refused "1,2,jkim,sme,2025-01-20,2999-01-01," "column released: 2999-01-01 is in the future"

done_testing
