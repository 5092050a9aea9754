# crt topics: browsing the catalogue, finding it, and rejecting bad ones.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

run 0 topics list --format csv
count=$(($(out | wc -l) - 1))
[ "$count" -ge 60 ] || fail "only $count topics"
run 0 topics list --category tribal --format csv
expect_out_has "tribal-policing"
expect_out_lacks "de-escalation"
run 0 topics list --offered --format csv
expect_out_lacks ",true"
run 0 topics show de-escalation --format json
expect_out_has '"id": "de-escalation"'
run 3 topics show no-such-topic
run 3 topics list --category no-such-category
run 0 topics levels --format csv
expect_out_has "assessment,"
run 0 topics check
expect_out_has "ok"

# The catalogue is found from --catalogue, else $CRT_TOPICS.
run 7 topics list --catalogue missing.toml
expect_err_has "missing.toml"
CRT_TOPICS=missing.toml run 7 topics list
mkdir adir
run 7 topics check adir

# Bad catalogues name FILE:LINE:COLUMN and exit 4.
printf 'version = "1"\n[ @]\n' > syntax.toml
run 4 topics check syntax.toml
expect_err_has "syntax.toml:2:"
printf 'version = "1"\nname = "\xEF\xBB\x9FY\xff"\n' > utf8.toml
run 4 topics check utf8.toml
expect_err_has "utf8.toml:2:"
expect_err_has "UTF-8"
run 4 topics list --catalogue utf8.toml
sed 's/^id = "de-escalation"/id = "use-of-force"/' "$CRT_SOURCE_DIR/data/topics.toml" > dup.toml
line=$(grep -n '^id = "use-of-force"' dup.toml | tail -1 | cut -d: -f1)
"$CRT" topics check dup.toml >/dev/null 2>.err
[ $? -eq 4 ] || fail "duplicate id not refused"
grep -q "dup.toml:$line:" .err || fail "duplicate id not reported at line $line"
sed '0,/^category = "tribal"/s//category = "tribl"/' "$CRT_SOURCE_DIR/data/topics.toml" > cat.toml
run 4 topics check cat.toml
expect_err_has "unknown category 'tribl'"
sed 's/^target_days = 30/target_days = "thirty"/' "$CRT_SOURCE_DIR/data/topics.toml" > type.toml
run 4 topics check type.toml
expect_err_has "must be an integer"
sed 's/^retired = true/retierd = true/' "$CRT_SOURCE_DIR/data/topics.toml" > key.toml
"$CRT" topics check key.toml >/dev/null 2>.err
[ $? -eq 4 ] || fail "unknown key not refused"
grep -q "unknown key 'retierd'" .err || fail "unknown key not named"
# A command that needs the catalogue refuses to run on a bad one.
"$CRT" init -q
run 4 expert add x --name X --catalogue type.toml
expect_sql crt.db "SELECT count(*) FROM expert" 0

done_testing
