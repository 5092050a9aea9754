# crt export: every kind, in CSV and NDJSON, round-trips through import into an
# empty database byte for byte (on the bundled sample); json and tsv; the
# formats export refuses; an empty database.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

sample="$CRT_SOURCE_DIR/data/sample"
kinds="agencies experts requests assignments milestones"
table_of() { echo "$1" | sed 's/ies$/y/; s/s$//'; } # agencies -> agency
rows_of() { sql crt.db "SELECT count(*) FROM $(table_of "$1")"; }

# An empty database: CSV and TSV give the header alone, NDJSON nothing, JSON [].
"$CRT" init --db empty.db -q
run 0 export agencies --db empty.db
expect_out "ori,name,type,state,sworn,contact_name,contact_email,contact_phone"
run 0 export requests --db empty.db
expect_out "id,external_id,agency,level,title,description,topics,delivery,form,priority,received,target,event_date,status,status_date,status_note,accepted"
run 0 export assignments --db empty.db --format tsv
expect_out "$(printf 'id\trequest\texpert\trole\tassigned\treleased\thours')"
for kind in $kinds; do
    run 0 export "$kind" --db empty.db --format ndjson
    expect_out ""
    run 0 export "$kind" --db empty.db --format json
    expect_out "[]"
    run 0 export "$kind" --db empty.db
    CHECKS=$((CHECKS + 1))
    [ "$(out | wc -l)" -eq 1 ] || fail "export $kind on an empty database printed more than the header"
done

# The bundled sample: agencies and experts from CSV, then the engagements batch.
"$CRT" init -q
"$CRT" import agencies "$sample/agencies.csv" --date 2024-01-02 -q
"$CRT" import experts "$sample/experts.csv" --date 2024-01-02 -q
"$CRT" batch "$sample/engagements.crt" -q >/dev/null || fail "the sample batch failed"
for table in agency expert request assignment milestone; do
    CHECKS=$((CHECKS + 1))
    [ "$(sql crt.db "SELECT count(*) FROM $table")" -gt 0 ] || fail "the sample left $table empty"
done
# The sample's own agencies file is what export writes.
run 0 export agencies
CHECKS=$((CHECKS + 1))
cmp -s .out "$sample/agencies.csv" || fail "export agencies differs from the sample's agencies.csv"

# Export, import into an empty database (kinds in order), export again: same bytes.
for format in csv ndjson; do
    "$CRT" init --db "copy-$format.db" -q
    for kind in $kinds; do
        "$CRT" export "$kind" --format "$format" >"$kind.$format" || fail "export $kind --format $format failed"
        run 0 import "$kind" "$kind.$format" --format "$format" --db "copy-$format.db" --date 2024-01-02
        expect_err "imported $(rows_of "$kind") $kind"
        run 0 export "$kind" --format "$format" --db "copy-$format.db"
        CHECKS=$((CHECKS + 1))
        cmp -s .out "$kind.$format" || fail "export $kind --format $format differs after a round trip"
    done
    # The copy holds the same rows and passes every check.
    expect_sql "copy-$format.db" "SELECT count(*) FROM milestone" "$(sql crt.db "SELECT count(*) FROM milestone")"
    run 0 check --db "copy-$format.db"
    expect_err_has "0 errors, 0 warnings"
done

# JSON: one array of objects, numbers kept numbers, nulls kept null.
for kind in $kinds; do
    run 0 export "$kind" --format json
    out >"$kind.json"
    expect_json_sql "SELECT json_valid(readfile('$kind.json'))" 1
    expect_json_sql "SELECT json_array_length(readfile('$kind.json'))" "$(rows_of "$kind")"
done
expect_json_sql "SELECT json_type(readfile('requests.json'), '\$[0].id'), json_extract(readfile('requests.json'), '\$[0].agency'), json_type(readfile('requests.json'), '\$[0].external_id')" \
    "integer|CA0194200|null"
expect_json_sql "SELECT json_type(readfile('assignments.json'), '\$[0].hours'), json_extract(readfile('assignments.json'), '\$[0].expert')" \
    "real|mreyes"
expect_json_sql "SELECT json_type(readfile('agencies.json'), '\$[0].sworn'), json_extract(readfile('agencies.json'), '\$[0].ori')" \
    "integer|AZ0070300"

# TSV: the same columns and rows as CSV, tab-separated, fields unquoted.
for kind in $kinds; do
    run 0 export "$kind" --format tsv
    CHECKS=$((CHECKS + 1))
    [ "$(out | head -1 | tr '\t' ',')" == "$(head -1 "$kind.csv")" ] || fail "tsv header of $kind differs from csv"
    CHECKS=$((CHECKS + 1))
    [ "$(out | wc -l)" -eq $(($(rows_of "$kind") + 1)) ] || fail "tsv of $kind has the wrong number of lines"
done
run 0 export experts --format tsv
expect_out_has "$(printf 'aberg\tAnna Berg\tIADLEST\taberg@partner.example\tacademy-training,de-escalation,')"
run 0 export requests --format tsv
expect_out_has "$(printf '1\t\tCA0194200\ttac\tDe-escalation train-the-trainer course\t')"

# Formats export does not write, and other usage errors.
run 2 export requests --format table
expect_err_has "export writes csv, tsv, json or ndjson, not table"
run 2 export requests --format md
run 2 export things
run 2 export
run 7 export agencies --db missing.db

done_testing
