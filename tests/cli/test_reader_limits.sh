# The CSV and NDJSON readers refuse a record past their limits (256 fields,
# 1 MiB a field, 4 MiB a record or line) as soon as it passes them, with
# the line and the limit (exit 4), write nothing, and keep memory flat
# whatever the input.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q
"$CRT" agency add CA0194200 --name Riverton --type municipal --state CA --date 2025-01-01 -q

# repeat CHAR COUNT: CHAR written COUNT times.
repeat() { head -c "$2" /dev/zero | tr '\0' "$1"; }

# expect_peak_below KB ARGS...: runs crt with ARGS under /usr/bin/time, expects
# exit 4, and asserts its peak resident memory stayed below KB kilobytes more
# than a plain 'crt agency list' of the same build takes (a sanitizer build
# starts far bigger). Without /usr/bin/time the exit code and message are
# still checked.
expect_peak_below() {
    local limit=$1
    shift
    if [ ! -x /usr/bin/time ]; then
        echo "note: /usr/bin/time is missing; peak memory not measured"
        run 4 "$@"
        return
    fi
    /usr/bin/time -f %M -o "$TEST_DIR/.rss" "$CRT" agency list >/dev/null 2>&1 ||
        fail "crt agency list failed under /usr/bin/time"
    limit=$((limit + $(tail -n 1 "$TEST_DIR/.rss")))
    CHECKS=$((CHECKS + 1))
    /usr/bin/time -f %M -o "$TEST_DIR/.rss" "$CRT" "$@" >"$TEST_DIR/.out" 2>"$TEST_DIR/.err"
    local status=$?
    [ "$status" -eq 4 ] || fail "crt $* exited $status, expected 4"
    local peak
    peak=$(tail -n 1 "$TEST_DIR/.rss")
    CHECKS=$((CHECKS + 1))
    [ "$peak" -lt "$limit" ] || fail "crt $* peaked at $peak kB, expected under $limit kB"
}

# --- CSV: fields per record.
{
    echo "ori,name,type,state"
    repeat , 100000
    echo
} >commas.csv
run 4 import agencies commas.csv
expect_err_has "crt: error: commas.csv:2:257: more than 256 fields in a record"
# A 30 MB line of commas is refused at the limit, not after a string per comma.
{
    echo "ori,name,type,state"
    repeat , 30000000
} >commas30.csv
expect_peak_below 65536 import agencies commas30.csv
expect_err_has "commas30.csv:2:257: more than 256 fields in a record"
# A header of too many columns too.
repeat , 1000 >header.csv
run 4 import agencies header.csv
expect_err_has "header.csv:1:257: more than 256 fields in a record"

# --- CSV: bytes per field, quoted or not.
{
    echo "ori,name,type,state"
    printf 'CA0194201,'
    repeat x 5000000
    printf ',municipal,CA\n'
} >field.csv
expect_peak_below 65536 import agencies field.csv
expect_err_has "crt: error: field.csv:2:11: field longer than 1 MiB"
{
    echo "ori,name,type,state"
    printf 'CA0194201,"'
    repeat y 5000000
    printf '",municipal,CA\n'
} >quoted.csv
run 4 import agencies quoted.csv
expect_err_has "crt: error: quoted.csv:2:11: field longer than 1 MiB"

# --- CSV: bytes per record: five fields just under 1 MiB each.
{
    echo "ori,name,type,state,contact_name,contact_email,contact_phone"
    printf 'CA0194201,'
    for _ in 1 2 3 4 5; do
        repeat z 900000
        printf ','
    done
    printf 'x\n'
} >record.csv
run 4 import agencies record.csv
expect_err_has "crt: error: record.csv:2:1: record longer than 4 MiB"

# --- NDJSON: bytes per line.
{
    printf '{"ori":"CA0194201","name":"'
    repeat n 5000000
    printf '","type":"municipal","state":"CA"}\n'
} >line.ndjson
expect_peak_below 65536 import agencies line.ndjson --format ndjson
expect_err_has "crt: error: line.ndjson:1: line longer than 4 MiB"
# Counted on the file's lines, blank ones included.
{
    printf '{"ori":"CA0194202","name":"Fine","type":"municipal","state":"CA"}\n\n'
    repeat ' ' 5000000
    echo
} >blank.ndjson
run 4 import agencies blank.ndjson --format ndjson
expect_err_has "crt: error: blank.ndjson:3: line longer than 4 MiB"

# --- NDJSON: values per line (members and list items) and bytes per string.
{
    printf '{"agency":"CA0194200","level":"tac","title":"t","topics":['
    for _ in $(seq 1 300); do printf '"use-of-force",'; done
    printf '"de-escalation"]}\n'
} >items.ndjson
run 4 import requests items.ndjson --format ndjson
expect_err_has "crt: error: items.ndjson:1: more than 256 values in a line"
{
    printf '{"handle":"a","name":"b","x":['
    repeat '[' 1000000
} >nested.ndjson
expect_peak_below 65536 import experts nested.ndjson --format ndjson
expect_err_has "crt: error: nested.ndjson:1: more than 256 values in a line"
{
    printf '{"ori":"CA0194201","name":"'
    repeat s 2000000
    printf '","type":"municipal","state":"CA"}\n'
} >string.ndjson
run 4 import agencies string.ndjson --format ndjson
expect_err_has "crt: error: string.ndjson:1: a string longer than 1 MiB"

# Nothing was written by any of them.
expect_sql crt.db "SELECT count(*) FROM agency" "1"
expect_sql crt.db "SELECT count(*) FROM request" "0"
expect_sql crt.db "SELECT count(*) FROM expert" "0"

# Large but real values within the limits still go in.
{
    echo "ori,name,type,state,contact_name"
    printf 'CA0194201,"Big, quoted",municipal,CA,'
    repeat c 1000000
    echo
} >big.csv
run 0 import agencies big.csv -q
{
    printf '{"handle":"big","name":"'
    repeat e 1000000
    printf '","expertise":["use-of-force","de-escalation"]}\n'
} >big.ndjson
run 0 import experts big.ndjson --format ndjson -q
expect_sql crt.db "SELECT length(contact_name) FROM agency WHERE ori = 'CA0194201'" "1000000"
expect_sql crt.db "SELECT length(name) FROM expert WHERE handle = 'big'" "1000000"

done_testing
