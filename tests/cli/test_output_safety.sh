# Data cannot take over what shows it: a terminal (control characters, bidi
# overrides, invalid UTF-8 are shown escaped), a Markdown page (no HTML, links
# or markup), or a spreadsheet (no formula runs from the public report);
# csv, tsv, json and exports stay exact. The public report takes no --expert.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# expect_out_clean: stdout holds no C0 control but line ends, no DEL, no C1
# control and no bidi override or isolate.
expect_out_clean() {
    CHECKS=$((CHECKS + 1))
    if tr -d '\n' <"$TEST_DIR/.out" | LC_ALL=C grep -q '[[:cntrl:]]'; then
        fail "stdout holds a control character"
    fi
    if LC_ALL=C grep -qE $'\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$TEST_DIR/.out"; then
        fail "stdout holds a C1 control or a bidi control"
    fi
}

# expect_out_bytes TEXT: stdout holds these exact bytes (control characters included).
expect_out_bytes() {
    CHECKS=$((CHECKS + 1))
    LC_ALL=C grep -qF -- "$1" "$TEST_DIR/.out" || fail "stdout lacks the exact bytes of: $1"
}

esc=$'\x1b'
rlo=$'\xe2\x80\xae'
csi=$'\xc2\x9b'
hostile="Oak${esc}]0;pwned${esc}\\${esc}[31mland${csi}2J PD${rlo}fdp.exe"
"$CRT" init -q
"$CRT" agency add CA0194200 --name "$hostile" --type municipal --state CA --date 2025-01-01 -q
"$CRT" agency add TX0000001 --name "<script>alert(1)</script> [click](https://evil.example) *x*" \
    --type municipal --state TX --date 2025-01-01 -q
"$CRT" expert add zzhandlezz --name ZZexpertnameZZ --email zzmail@private.example \
    --expertise use-of-force --date 2025-01-01 -q
req=$("$CRT" request new --agency CA0194200 --level assessment --title $'Line one\nline two\tend' \
    --topic use-of-force --received 2025-02-03)
req2=$("$CRT" request new --agency TX0000001 --level critical --title "Review" --event-date 2025-02-01 \
    --received 2025-02-04)
"$CRT" request status "$req" "$req2" --to accepted --date 2025-02-10 -q
"$CRT" assign add "$req" zzhandlezz --role lead --date 2025-02-11 -q
"$CRT" milestone add "$req" --kind recommendation --ref 1.1 \
    --title '=HYPERLINK("http://evil.example","click")' --date 2025-03-01 -q
"$CRT" milestone add "$req" --kind recommendation --ref 1.2 --title '+1+cmd|calc' --date 2025-03-01 -q
"$CRT" milestone add "$req2" --kind recommendation --ref 1.1 --title '@SUM(A1:A9)' --date 2025-03-01 -q
"$CRT" milestone add "$req2" --kind recommendation --ref 1.2 --title '-2+3' --date 2025-03-01 -q
"$CRT" milestone add "$req2" --kind recommendation --ref 1.3 --title "# Heading <b>bold</b>" \
    --date 2025-03-01 -q

# --- Terminals: table output shows every control character escaped.
run 0 agency show CA0194200
expect_out_clean
expect_out_has 'Oak\x1b]0;pwned\x1b\\x1b[31mland\u009b2J PD\u202efdp.exe'
run 0 agency list
expect_out_clean
expect_out_has 'Oak\x1b]0;pwned'
run 0 request list
expect_out_clean
expect_out_has 'Line one\nline two\tend'
run 0 request show "$req"
expect_out_clean
expect_out_has 'Line one\nline two\tend'
# The agency report's title holds the agency's name.
run 0 report agency CA0194200 --as-of 2025-06-01
expect_out_clean
expect_out_has 'Engagements of Oak\x1b]0;pwned'
run 0 report public --detail --format table --as-of 2025-06-01
expect_out_clean
expect_out_has 'Oak\x1b]0;pwned'

# Bytes that are not UTF-8 (written behind crt's back) are shown as \xHH.
if sqlite_case "text that is not UTF-8 in the database, shown escaped" "crt asks the server for UTF-8, and PostgreSQL checks every value it sends, even from a SQL_ASCII database, so no such text reaches crt"; then
    sql crt.db "UPDATE agency SET name = CAST(X'526976ff65720a' AS TEXT) WHERE ori = 'TX0000001'"
    run 0 agency show TX0000001
    expect_out_clean
    expect_out_has 'Riv\xffer\n'
    sql crt.db "UPDATE agency SET name = '<script>alert(1)</script> [click](https://evil.example) *x*' WHERE ori = 'TX0000001'"
fi

# The machine formats stay exact.
run 0 agency show CA0194200 --format csv
expect_out_bytes "$hostile"
run 0 agency list --format json
expect_out_has 'Oak\u001b]0;pwned\u001b\\\u001b[31mland'"$csi"'2J PD'"$rlo"'fdp.exe'
run 0 request list --format tsv
expect_out_has 'Line one\nline two\tend'
run 0 export agencies
expect_out_bytes "$hostile"

# --- Markdown: data cannot add HTML, links, emphasis or headings.
run 0 report public --detail --as-of 2025-06-01
expect_out_clean
expect_out_lacks '<script>'
expect_out_lacks '<b>'
expect_out_lacks '[click]('
expect_out_has '&lt;script&gt;alert(1)&lt;/script&gt; \[click\](https://evil.example) \*x\*'
expect_out_has '| \# Heading &lt;b&gt;bold&lt;/b&gt; |'
expect_out_has '| 1.1 |'
run 0 agency list --format md
expect_out_lacks '<script>'
expect_out_has '&lt;script&gt;'
run 0 agency show TX0000001 --format md
expect_out_lacks '<script>'
run 0 request show "$req" --format md
expect_out_has '| Line one line two end |'
run 0 request show "$req2" --format md
expect_out_lacks '<b>'
expect_out_has '\# Heading &lt;b&gt;bold&lt;/b&gt;'
run 0 report agency TX0000001 --as-of 2025-06-01 --format md
expect_out_lacks '<script>'
expect_out_has '# Engagements of &lt;script&gt;'

# --- Spreadsheets: the public report's csv and tsv run no formula...
run 0 report public --detail --format csv --as-of 2025-06-01
expect_out_has ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","
expect_out_has ",'+1+cmd|calc,"
expect_out_has ",'@SUM(A1:A9),"
expect_out_has ",'-2+3,"
expect_out_has ',1.1,'
run 0 report public --detail --format tsv --as-of 2025-06-01
expect_out_has $'\t\'=HYPERLINK("http://evil.example","click")\t'
expect_out_has $'\t\'-2+3\t'
# ... unless asked for the exact text,
run 0 report public --detail --format csv --as-of 2025-06-01 --raw
expect_out_has ',"=HYPERLINK(""http://evil.example"",""click"")",'
expect_out_has ',-2+3,'
expect_out_lacks "'"
# ... and the numbers stay numbers.
run 0 report public --format csv --as-of 2025-06-01
expect_out_has ',assessment,accepted,2025-02-03,2025-02-10,2,2,0,0,0,0,0,0'
# json and the exports are exact.
run 0 report public --detail --format json --as-of 2025-06-01
expect_out_has '"title": "=HYPERLINK(\"http://evil.example\",\"click\")"'
run 0 export milestones
expect_out_has ',"=HYPERLINK(""http://evil.example"",""click"")",'
expect_out_has ',-2+3,'
expect_out_lacks "'"
run 0 report overdue --format csv --as-of 2026-06-01
expect_out_lacks "'"

# --- The public report takes no expert filter and shows no expert.
run 2 report public --expert zzhandlezz
expect_err_has '--expert'
run 0 report public --help
expect_out_lacks '--expert'
for detail in "" --detail; do
    for format in table csv tsv md json ndjson; do
        # shellcheck disable=SC2086
        run 0 report public $detail --format $format --as-of 2025-06-01
        CHECKS=$((CHECKS + 1))
        if grep -qiE 'zzhandlezz|zzexpertname|zzmail' "$TEST_DIR/.out"; then
            fail "report public $detail --format $format shows an expert"
        fi
    done
done
# The other reports keep theirs.
run 0 report overdue --expert zzhandlezz --as-of 2025-06-01
expect_out_has 'expert=zzhandlezz'
run 0 report workload --expert zzhandlezz --as-of 2025-06-01 --format csv
expect_out_has 'zzhandlezz,ZZexpertnameZZ'

done_testing
