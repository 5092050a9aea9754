# One writer: a value is written the same way by a list, a show and export,
# for every kind. In JSON every key the outputs share has the same type and
# value (booleans as booleans, absent values as null, numbers as numbers);
# in CSV the same field holds the same text.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

sample="$CRT_SOURCE_DIR/data/sample"
"$CRT" init -q
"$CRT" import agencies "$sample/agencies.csv" --date 2024-01-02 -q
"$CRT" import experts "$sample/experts.csv" --date 2024-01-02 -q
"$CRT" batch "$sample/engagements.crt" -q >/dev/null || fail "the sample batch failed"
# Absent values and a false flag: an expert with no org, email or expertise,
# made inactive.
"$CRT" expert add nobody --name "No Body" --expertise "" --date 2024-01-02 -q
"$CRT" expert update nobody --inactive --date 2024-01-03 -q || fail "expert update --inactive failed"

save() { out >"$1"; }

# differences A B KEY [KEY_B]: the shared keys of the objects of arrays A and
# B (matched on KEY, an SQL expression over `value`, or KEY_B for B) whose
# JSON type or value differ, one "id key a b" line each; then the number of
# keys compared.
differences() {
    json_sql "WITH a(id, obj) AS (SELECT $3, value FROM json_each(readfile('$1'))),
                       b(id, obj) AS (SELECT ${4:-$3}, value FROM json_each(readfile('$2'))),
                       pairs AS (SELECT a.id, fa.key, fa.type ta, fb.type tb, fa.atom va, fb.atom vb
                                 FROM a JOIN b ON a.id = b.id, json_each(a.obj) fa, json_each(b.obj) fb
                                 WHERE fa.key = fb.key AND fa.type NOT IN ('array', 'object'))
                  SELECT id || ' ' || key || ' ' || ta || ':' || coalesce(va, 'null') || ' ' || tb || ':' || coalesce(vb, 'null')
                  FROM pairs WHERE ta != tb OR va IS NOT vb
                  UNION ALL SELECT 'compared ' || count(*) FROM pairs"
}

# same_values A B KEY MIN [KEY_B]: no shared key differs, and at least MIN
# were compared.
same_values() {
    local result compared
    result=$(differences "$1" "$2" "$3" "${5:-}")
    compared=$(echo "$result" | tail -1 | sed 's/compared //')
    CHECKS=$((CHECKS + 1))
    [ "$(echo "$result" | wc -l)" -eq 1 ] || fail "$1 and $2 write values differently:
$(echo "$result" | sed '$d')"
    CHECKS=$((CHECKS + 1))
    [ "$compared" -ge "$4" ] || fail "$1 and $2 share only $compared values (expected at least $4)"
}

# Each kind: its list, its export and its show (for assignments and
# milestones, the lists inside request show), in JSON.
run 0 agency list --format json; save agency-list.json
run 0 export agencies --format json; save agency-export.json
run 0 agency show CA0194200 --format json; echo "[$(out)]" >agency-show.json
same_values agency-list.json agency-export.json "json_extract(value, '\$.ori')" 20
same_values agency-show.json agency-list.json "json_extract(value, '\$.ori')" 8

run 0 expert list --format json; save expert-list.json
run 0 export experts --format json; save expert-export.json
run 0 expert show nobody --format json; echo "[$(out)]" >expert-show.json
same_values expert-list.json expert-export.json "json_extract(value, '\$.handle')" 30
same_values expert-show.json expert-export.json "json_extract(value, '\$.handle')" 7
# The named cases: a flag is a boolean, absent expertise is null, everywhere.
for file in expert-list.json expert-export.json expert-show.json; do
    expect_json_sql "SELECT json_type(value, '\$.active') || ' ' || json_type(value, '\$.expertise') || ' ' || json_type(value, '\$.org')
                         FROM json_each(readfile('$file')) WHERE json_extract(value, '\$.handle') = 'nobody'" \
        "false null null"
done

run 0 request list --format json; save request-list.json
run 0 export requests --format json; save request-export.json
run 0 request show 1 --format json; echo "[$(out)]" >request-show.json
same_values request-list.json request-export.json "json_extract(value, '\$.id')" 40
same_values request-show.json request-export.json "json_extract(value, '\$.id')" 15

run 0 assign list --format json; save assign-list.json
run 0 export assignments --format json; save assign-export.json
same_values assign-list.json assign-export.json "json_extract(value, '\$.id')" 20
# The assignments inside request show (without their id) are the same values
# again: matched on request, expert and day.
key="json_extract(value, '\$.request') || json_extract(value, '\$.expert') || json_extract(value, '\$.assigned')"
json_sql "SELECT json_extract(readfile('request-show.json'), '\$[0].assignments')" >show-assignments.json
same_values show-assignments.json assign-export.json \
    "1 || json_extract(value, '\$.expert') || json_extract(value, '\$.assigned')" 4 "$key"

run 0 milestone list --format json; save milestone-list.json
run 0 export milestones --format json; save milestone-export.json
same_values milestone-list.json milestone-export.json "json_extract(value, '\$.id')" 40
# Milestones have no show of their own; request show lists them.
json_sql "SELECT json_extract(readfile('request-show.json'), '\$[0].milestones')" >show-milestones.json
same_values show-milestones.json milestone-export.json "json_extract(value, '\$.id')" 8

# CSV: hours and flags are the same text in a list and in export.
run 0 assign list --format csv
mreyes_list=$(out | awk -F, '$4 == "mreyes" && $2 == 1 {print $NF}')
run 0 export assignments
mreyes_export=$(out | awk -F, '$3 == "mreyes" && $2 == 1 {print $NF}')
CHECKS=$((CHECKS + 1))
if [ -z "$mreyes_list" ] || [ "$mreyes_list" != "$mreyes_export" ]; then
    fail "hours differ in CSV: list '$mreyes_list', export '$mreyes_export'"
fi
run 0 expert list --format csv
expect_out_has "nobody,No Body,,,,3,false"
run 0 export experts
expect_out_has "nobody,No Body,,,,3,false"

done_testing
