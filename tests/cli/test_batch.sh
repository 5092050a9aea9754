# crt batch: many command lines in one transaction; shell-style quoting,
# comments and a leading `crt`; the first failure rolls back every line and
# names FILE:LINE and its exit code; standard input; refused commands;
# --dry-run; the whole bundled sample.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
counts() {
    sql crt.db "SELECT (SELECT count(*) FROM agency) || ' ' || (SELECT count(*) FROM expert) || ' ' ||
        (SELECT count(*) FROM request) || ' ' || (SELECT count(*) FROM assignment) || ' ' ||
        (SELECT count(*) FROM milestone) || ' ' || (SELECT count(*) FROM history)"
}
expect_counts() {
    CHECKS=$((CHECKS + 1))
    [ "$(counts)" == "$1" ] || fail "a refused batch wrote rows: $(counts), expected $1"
}

# Success: comments, blank lines, a leading crt, quotes with spaces and escaped quotes.
cat >setup.crt <<'EOF'
# Agencies and experts for the tests below.

crt agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --date 2025-01-01
agency add AZ0070300 --name 'Red Canyon "Tribal" PD' --type tribal --state AZ --date 2025-01-01   # trailing comment
	expert add mreyes --name "Maria \"MR\" Reyes" --expertise de-escalation,use-of-force --date 2025-01-01
expert add bhale --name Bob\ Hale --date 2025-01-01
   # an indented comment
request new --agency CA0194200 --level tac --title "De-escalation, phase 1" --topic de-escalation --received 2025-02-01
request status 1 --to accepted --date 2025-02-05
EOF
run 0 batch setup.crt
expect_out 1
expect_err "ran 6 commands in one transaction"
run 0 agency list --format csv
expect_out 'ori,name,type,state,sworn,contact_name,contact_email,contact_phone
AZ0070300,"Red Canyon ""Tribal"" PD",tribal,AZ,,,,
CA0194200,Riverton Police Department,municipal,CA,,,,'
expect_sql crt.db "SELECT handle || '|' || name FROM expert ORDER BY handle" 'bhale|Bob Hale
mreyes|Maria "MR" Reyes'
expect_sql crt.db "SELECT title || '|' || status FROM request" "De-escalation, phase 1|accepted"
expect_counts "2 2 1 0 0 6"

# Failure on line 3 rolls back lines 1 and 2 and names FILE:3 and exit 3.
cat >fail.crt <<'EOF'
agency add TX0000001 --name "Travis County Sheriff" --type sheriff --state TX
request new --agency TX0000001 --level tac --title X --topic de-escalation --received 2025-02-01
request new --agency TX0009999 --level tac --title Y --topic de-escalation
agency add TX0000002 --name Never --type county --state TX
EOF
before=$(counts)
run 3 batch fail.crt
expect_err_has "fail.crt:3: "
expect_err_has "TX0009999"
expect_err_has "(exit 3; nothing was written)"
expect_out 2 # the id of line 2, printed before the failure, belongs to a rolled-back row
expect_counts "$before"
expect_sql crt.db "SELECT count(*) FROM agency WHERE ori LIKE 'TX%'" 0
# Other exit codes come through: a conflict (5) and a usage error (2) of a line.
printf 'assign add 1 mreyes --role lead --date 2025-02-06\nagency add CA0194200 --name Again --type municipal --state CA\n' >conflict.crt
run 5 batch conflict.crt
expect_err_has "conflict.crt:2: "
expect_err_has "(exit 5; nothing was written)"
printf 'assign add 1 mreyes --role lead --date 2025-02-06\nrequest status 1 --to finished\n' >usage.crt
run 2 batch usage.crt
expect_err_has "usage.crt:2: "
expect_err_has "(exit 2; nothing was written)"
printf 'assign add 1 mreyes --role lead --date 2025-02-06\nrequest new --agency CA0194200 --level tac --title X --topic de-escalation --received 2999-01-01\n' >invalid.crt
run 4 batch invalid.crt
expect_err_has "invalid.crt:2: "
expect_err_has "(exit 4; nothing was written)"
expect_counts "$before"
expect_sql crt.db "SELECT count(*) FROM assignment" 0

# Standard input: no FILE, or `-`.
printf 'assign add 1 mreyes --role lead --date 2025-02-06\n' | run 0 batch
expect_err "ran 1 command in one transaction"
expect_sql crt.db "SELECT expert || '|' || role FROM assignment" "mreyes|lead"
printf 'request status 1 --to active --date 2025-02-07\nrequest show 1 --format json\n' | run 0 batch - -q
expect_err_empty
expect_out_has '"status": "active"'
expect_sql crt.db "SELECT status FROM request WHERE id = 1" active
printf '# nothing to do\n\n' | run 0 batch
expect_err "ran 0 commands in one transaction"
before=$(counts)
printf 'milestone add 1 --kind meeting --title Kickoff --date 2025-02-08\nrequest status 1 --to declined\n' | run 2 batch
expect_err_has "-:2: "
expect_err_has "(exit 2; nothing was written)"
expect_counts "$before"

# A line with an unterminated quote: exit 2, the line named; nothing written.
printf 'agency add NV0000001 --name "Clark County --type sheriff --state NV\n' >quote.crt
printf 'agency add NV0000002 --name Washoe --type sheriff --state NV\n' | cat - quote.crt >unterminated.crt
run 2 batch unterminated.crt
expect_err_has "unterminated.crt:2: column 29: unterminated double quote"
printf "agency add NV0000001 --name 'Clark --type sheriff --state NV\n" | run 2 batch
expect_err_has "-:1: column 29: unterminated single quote"
expect_counts "$before"

# init, batch and backup cannot run inside a batch; nothing before them lands.
for command in "init --db other.db" "batch setup.crt" "crt backup copy.db"; do
    printf 'agency add NV0000003 --name Reno --type municipal --state NV\n%s\n' "$command" >refused.crt
    run 2 batch refused.crt
    expect_err_has "refused.crt:2: '$(echo "$command" | sed 's/^crt //' | cut -d' ' -f1)' cannot run inside a batch"
    expect_counts "$before"
done
expect_no_file other.db
expect_no_file copy.db

# A missing file or a directory: exit 7.
run 7 batch no-such.crt
expect_err_has "no-such.crt: cannot read the file"
mkdir adir
run 7 batch adir
expect_err_has "adir: is a directory, not a file"
# A missing database: exit 7, and no database is created.
run 7 batch setup.crt --db missing.db
expect_no_file missing.db
expect_counts "$before"

# An import line run --dry-run inside a batch writes nothing and leaves the
# rest of the batch to commit.
"$CRT" init --db dry.db -q
printf 'ori,name,type,state\nTX0000001,Dry Run PD,municipal,TX\n' >dry.csv
printf 'import agencies dry.csv --dry-run\nagency add CA0194200 --name "Riverton PD" --type municipal --state CA\n' >dry.crt
run 0 batch dry.crt --db dry.db
expect_sql dry.db "SELECT group_concat(ori) FROM agency" "CA0194200"

# --dry-run runs every line as a real batch would (same output, same exit
# code and error line), then rolls back: the database file (on the server,
# its dump) is byte-identical after, on success too.
cat >week.crt <<'EOF'
agency add WA0000001 --name "Tacoma PD" --type municipal --state WA --date 2025-01-01
request new --agency WA0000001 --level tac --title "Week 10" --topic de-escalation --received 2025-03-02
request status 2 --to accepted --date 2025-03-03
milestone add 2 --kind meeting --title Kickoff --date 2025-03-03
request show 2 --format json
EOF
copy_db crt.db real.db
sum=$(db_checksum crt.db)
before=$(counts)
run 0 batch --dry-run week.crt
expect_err "ran 5 commands in one transaction and rolled it back; nothing was written (--dry-run)"
cp .out dry.out
expect_same_db crt.db "$sum"
expect_counts "$before"
run 0 batch week.crt --db real.db
expect_err "ran 5 commands in one transaction"
CHECKS=$((CHECKS + 1))
cmp -s .out dry.out || fail "a dry run printed other output than the real run"
expect_out_has '"title": "Week 10"'
run 0 batch week.crt --dry-run -q
expect_err_empty
expect_same_db crt.db "$sum"
printf 'milestone add 1 --kind meeting --title Review --date 2025-02-08\n' >dry-stdin.crt
run 0 batch --dry-run - <dry-stdin.crt
expect_same_db crt.db "$sum"
# A failing line: the same exit code, error line and output as a real run.
for file in fail.crt usage.crt; do
    copy_db crt.db real.db
    "$CRT" batch "$file" --db real.db >real.out 2>real.err
    real_status=$?
    run "$real_status" batch --dry-run "$file"
    CHECKS=$((CHECKS + 1))
    cmp -s .err real.err || fail "a dry run of $file failed otherwise: $(err) vs $(cat real.err)"
    CHECKS=$((CHECKS + 1))
    cmp -s .out real.out || fail "a dry run of $file printed otherwise"
    expect_same_db crt.db "$sum"
done
expect_counts "$before"

# The whole bundled sample via batch, then a clean check.
sample="$CRT_SOURCE_DIR/data/sample"
"$CRT" init --db sample.db -q
"$CRT" import agencies "$sample/agencies.csv" --date 2024-01-02 --db sample.db -q
"$CRT" import experts "$sample/experts.csv" --date 2024-01-02 --db sample.db -q
run 0 batch "$sample/engagements.crt" --db sample.db
commands=$(grep -cv '^[[:space:]]*\(#\|$\)' "$sample/engagements.crt")
expect_err "ran $commands commands in one transaction"
requests=$(grep -c '^request new ' "$sample/engagements.crt")
expect_sql sample.db "SELECT count(*) FROM request" "$requests"
expect_sql sample.db "SELECT max(id) FROM request" "$requests"
run 0 check --db sample.db
expect_out ""
expect_err "0 errors, 0 warnings"
run 0 check --db sample.db --strict

# A global option before the command does not hide it, nor a path spelled otherwise.
printf -- '-q init\n' > quiet-init.crt
run 2 batch quiet-init.crt
expect_err_has "'init' cannot run inside a batch"
expect_no_file crt.db.other
if sqlite_case "the database named by another spelling of its path" "a server's database is named by its URI, which crt compares as written; the same URI is checked instead"; then
    printf 'agency list --db %s/crt.db --format csv\n' "$PWD" >same-db.crt
else
    printf "agency list --db '%s' --format csv\n" "$(db_uri crt.db)" >same-db.crt
fi
run 0 batch same-db.crt
printf 'agency list --catalogue other.toml\n' > topics.crt
run 2 batch topics.crt

done_testing
