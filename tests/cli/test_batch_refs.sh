# crt batch line references: $N and ${N} stand for the id line N printed
# (physical lines, as errors name them), bare or in double quotes; quoted or
# escaped they stay literal; a reference to a line that created no id or
# several, to this or a later line, or to line 0 is exit 2 naming the line,
# and nothing is written; --dry-run resolves the same ids.
# $N in single quotes is batch text, not for this shell to expand.
# shellcheck disable=SC2016
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton PD" --type municipal --state CA --date 2025-01-01 -q
"$CRT" expert add mreyes --name "Maria Reyes" --expertise de-escalation --date 2025-01-01 -q
# A request made before, so that the batch's ids are not its line numbers.
"$CRT" request new --agency CA0194200 --level tac --title Earlier --topic de-escalation --received 2025-01-05 >/dev/null
counts() {
    sql crt.db "SELECT (SELECT count(*) FROM request) || ' ' || (SELECT count(*) FROM assignment) || ' ' ||
        (SELECT count(*) FROM milestone) || ' ' || (SELECT count(*) FROM history)"
}
expect_counts() {
    CHECKS=$((CHECKS + 1))
    [ "$(counts)" == "$1" ] || fail "a refused batch wrote rows: $(counts), expected $1"
}
expect_err() {
    CHECKS=$((CHECKS + 1))
    [ "$(err)" == "$1" ] || fail "stderr differs; expected:
$1"
}

# The ids of earlier lines, bare, braced, inside a word and in double quotes;
# literal in single quotes, after a backslash, and where no digit or { follows.
cat >week.crt <<'EOF'
# Line 2 makes request 2; line 5 milestone 1.
request new --agency CA0194200 --level tac --title "Week 10" --topic de-escalation --received 2025-03-02

request status $2 --to accepted --date 2025-03-03
milestone add ${2} --kind meeting --title "Kickoff of $2, ${2}0 and $002" --date 2025-03-03
milestone add $2 --kind meeting --title '$2 ${5}' --date 2025-03-03
milestone add $2 --kind meeting --title "\$2 and \${5}, US$ 5, $x, $" --date 2025-03-04
milestone add $2 --kind meeting --title Follow\ up\ to\ $5 --date 2025-03-04
assign add $2 mreyes --role lead --date 2025-03-04
milestone done $5 --date 2025-03-05
EOF
sum=$(db_checksum crt.db)
run 0 batch --dry-run week.crt
expect_out "2
1
2
3
4"
cp .out dry.out
expect_same_db crt.db "$sum"
run 0 batch week.crt
CHECKS=$((CHECKS + 1))
cmp -s .out dry.out || fail "a dry run resolved other ids than the real run"
expect_err "ran 8 commands in one transaction"
expect_sql crt.db "SELECT status FROM request WHERE id = 2" accepted
expect_sql crt.db "SELECT id || '|' || request || '|' || title || '|' || status FROM milestone ORDER BY id" \
    "1|2|Kickoff of 2, 20 and 2|done
2|2|\$2 \${5}|planned
3|2|\$2 and \${5}, US\$ 5, \$x, \$|planned
4|2|Follow up to 1|planned"
expect_sql crt.db "SELECT request || '|' || expert FROM assignment" "2|mreyes"
# A history correction prints the new row's id, which a later line may use.
row=$(sql crt.db "SELECT id FROM history WHERE entity = 'milestone' AND entity_id = '1' AND action = 'status'")
printf 'history redate %s --date 2025-03-04 --note "Done a day earlier"\nmilestone add 2 --kind meeting --title "Row $1" --date 2025-03-05\n' "$row" | run 0 batch
expect_sql crt.db "SELECT title = 'Row ' || (SELECT max(id) FROM history WHERE action = 'status' AND entity = 'milestone') FROM milestone WHERE id = 5" 1

# References that name no id: exit 2, one line naming FILE:LINE and the
# reference, nothing written (the lines before are rolled back too).
before=$(counts)
sum=$(db_checksum crt.db)
refused() {
    local message=$1
    run 2 batch refs.crt
    expect_err "crt: error: $message (see 'crt batch --help')"
    expect_counts "$before"
    expect_same_db crt.db "$sum"
    run 2 batch --dry-run refs.crt
    expect_err "crt: error: $message (see 'crt batch --help')"
    expect_same_db crt.db "$sum"
}
make_refs() {
    {
        echo 'request new --agency CA0194200 --level tac --title X --topic de-escalation --received 2025-03-02'
        echo 'request status 2 --to active --date 2025-03-05'
        echo '# a comment'
        echo 'milestone plan 2 --date 2025-03-05'
        echo
        echo "$1"
    } >refs.crt
}
make_refs 'request status $2 --to completed --date 2025-03-06'
refused 'refs.crt:6: $2: line 2 created no id'
make_refs 'milestone done $3'
refused 'refs.crt:6: $3: line 3 created no id'
make_refs 'milestone done ${5}'
refused 'refs.crt:6: $5: line 5 created no id'
make_refs 'milestone done $4'
refused 'refs.crt:6: $4: line 4 created 4 ids, not one'
make_refs 'milestone done $6'
refused 'refs.crt:6: $6: line 6 is not before this one (a line can use the ids of earlier lines only)'
make_refs 'milestone done $7'
refused 'refs.crt:6: $7: line 7 is not before this one (a line can use the ids of earlier lines only)'
make_refs 'milestone done $99999999999999999999'
refused 'refs.crt:6: $99999999999999999999: line 99999999999999999999 is not before this one (a line can use the ids of earlier lines only)'
make_refs 'milestone done $0'
refused 'refs.crt:6: $0: there is no line 0 (lines count from 1)'
for bad in '${x}' '${}' '${1' '"${1x}"'; do
    make_refs "milestone done $bad"
    column=16
    [ "${bad:0:1}" != '"' ] || column=17
    refused "refs.crt:6: column $column: '\${' must hold a line number, as in \${3} (a literal \$ is written '\$' or \\\$)"
done
# The same from standard input, named -.
make_refs 'milestone done $9'
run 2 batch <refs.crt
expect_err 'crt: error: -:6: $9: line 9 is not before this one (a line can use the ids of earlier lines only) (see '"'"'crt batch --help'"'"')'
expect_counts "$before"

done_testing
