# The public report and the published site never show private data, in any
# format, with or without --detail, on any day: a unique marker goes into
# every private field.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

export CRT_ACTOR=PRIVATEactor
"$CRT" init -q
"$CRT" agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA \
    --contact-name PRIVATEcontactname --contact-email privatemail@privatedomain.example \
    --contact-phone 555-PRIVATEphone --date 2025-01-01 -q
"$CRT" expert add lead --name PRIVATEexpertname --org PRIVATEexpertorg --email privateexpert@privatedomain.example \
    --expertise use-of-force --date 2025-01-01 -q
"$CRT" expert add sme --name PRIVATEsmename --email privatesme@privatedomain.example --expertise use-of-force --date 2025-01-01 -q
req=$("$CRT" request new --agency CA0194200 --level assessment --title "Use-of-force assessment" --topic use-of-force \
    --description PRIVATEdescription --received 2025-02-03 --external-id PRIVATEexternal)
crit=$("$CRT" request new --agency CA0194200 --level critical --title "Review" --description PRIVATEdescription2 \
    --event-date 2025-02-01 --received 2025-02-04)
"$CRT" request status "$req" "$crit" --to accepted --date 2025-02-10 -q
"$CRT" assign add "$req" lead --role lead --date 2025-02-11
"$CRT" assign add "$req" sme --date 2025-02-11
"$CRT" assign hours "$req" lead 987.65 --date 2025-03-01 -q
"$CRT" request status "$req" --to active --date 2025-02-12 -q
"$CRT" request status "$crit" --to withdrawn --note PRIVATEwithdrawnote --date 2025-03-01 -q
r1=$("$CRT" milestone add "$req" --kind recommendation --ref 1.1 --title "Adopt a policy" --date 2025-03-01)
r2=$("$CRT" milestone add "$req" --kind recommendation --ref 1.2 --title "Train supervisors" --blocker union --date 2025-03-01)
r3=$("$CRT" milestone add "$req" --kind recommendation --ref 1.3 --title "Publish data" --date 2025-03-01)
"$CRT" milestone update "$r1" --status partial --note PRIVATEmilestonenote --date 2025-04-01
"$CRT" milestone cancel "$r3" --note PRIVATEcancelnote --date 2025-04-02 -q
"$CRT" milestone "done" "$r2" --date 2025-05-01 -q

for detail in "" --detail; do
    for format in table csv tsv md json ndjson; do
        for day in 2025-03-15 2025-04-15 2025-06-01; do
            # shellcheck disable=SC2086
            run 0 report public $detail --format $format --as-of $day
            CHECKS=$((CHECKS + 1))
            if grep -qiE 'private|987|555-' "$TEST_DIR/.out"; then
                fail "report public $detail --format $format --as-of $day shows private data"
            fi
            expect_out_has "Riverton Police Department"
        done
    done
done
# The published site holds the same fields as the public report: every file
# of it, on every day.
for day in 2025-03-15 2025-04-15 2025-06-01; do
    run 0 publish --out "site-$day" --as-of "$day" -q
    CHECKS=$((CHECKS + 1))
    [ "$(find "site-$day" -type f | wc -l)" -ge 10 ] || fail "site-$day lacks files: $(find "site-$day" -type f)"
    while IFS= read -r file; do
        CHECKS=$((CHECKS + 1))
        if grep -qiE 'private|987|555-' "$file"; then
            fail "$file shows private data: $(grep -oiE '.{0,30}(private|987|555-).{0,30}' "$file" | head -1)"
        fi
    done < <(find "site-$day" -type f)
    CHECKS=$((CHECKS + 1))
    grep -q "Riverton Police Department" "site-$day/engagement/$req.html" || fail "site-$day lacks the assessment"
done

# The markers are really in the database, so the test above could fail.
run 0 request show "$req" --format json
expect_out_has PRIVATEdescription
run 0 report workload --format csv --as-of 2025-06-01
expect_out_has "987.65"

done_testing
