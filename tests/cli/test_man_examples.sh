# Every example command in the man pages' EXAMPLES runs against the bundled
# sample, in order, one scratch directory per page, as a reader would type
# it. None may be refused as a usage error (exit 2) unless the page shows it
# failing: an option renamed or a value reshaped breaks this test, not the
# reader. (Examples that need a file the reader has, or a state the page
# built up, may fail otherwise; their outputs are asserted where the
# behaviour is, in the other tests. README's first session runs whole in
# test_readme.sh. On PostgreSQL the examples that run crt backup, which copies
# a SQLite file, are named in the log and not run.)
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

mkdir bin
ln -s "$CRT" bin/crt
sample="$CRT_SOURCE_DIR/data/sample"
if ! { CRT_DB=sample.db "$CRT" init -q &&
    CRT_DB=sample.db "$CRT" import agencies "$sample/agencies.csv" --date 2024-01-02 -q &&
    CRT_DB=sample.db "$CRT" import experts "$sample/experts.csv" --date 2024-01-02 -q &&
    CRT_DB=sample.db "$CRT" batch "$sample/engagements.crt" -q >/dev/null; }; then
    fail "cannot build the sample"
fi

# Prints each example of a rendered page as one line: "ERR<TAB>command" when
# the page shows it failing with a crt error, "OK<TAB>command" otherwise.
# Continuation lines (ending in \) are joined.
examples() {
    mandoc -T utf8 "$1" | col -b | sed -n '/^EXAMPLES/,/^SEE ALSO/p' | awk '
        function flush() { if (cmd != "") print (err ? "ERR" : "OK") "\t" cmd; cmd = ""; err = 0 }
        /^[[:space:]]*\$ / {
            flush(); line = $0; sub(/^[[:space:]]*\$ /, "", line); cmd = line
            while (cmd ~ /\\$/ && (getline next_line) > 0) {
                sub(/\\$/, "", cmd); sub(/^[[:space:]]+/, "", next_line); cmd = cmd " " next_line
            }
            next
        }
        /crt: error:/ { err = 1 }
        END { flush() }'
}

total=0
for page in "$CRT_SOURCE_DIR"/man/*.1; do
    name=$(basename "$page" .1)
    mkdir "$name"
    for db in program.db crt.db sample.db; do copy_db sample.db "$name/$db"; done
    script="$name/examples.sh"
    n=0
    while IFS=$'\t' read -r shown command; do
        case "$command" in
        *crt\ * | export\ * | [a-z_]*=*) ;;
        *) continue ;;
        esac
        case "$command" in
        *crt\ backup\ * | *crt\ --db\ *\ backup\ *)
            sqlite_case "$name: $command" "crt backup copies a SQLite file; on PostgreSQL it is a usage error by design" ||
                continue
            ;;
        esac
        n=$((n + 1))
        printf '{ %s\n} >"out.%d" 2>"err.%d" </dev/null; echo "%d %s $?" >>statuses\n' \
            "$command" "$n" "$n" "$n" "$shown" >>"$script"
        printf '%s\n' "$command" >"$name/command.$n"
    done < <(examples "$page")
    [ "$n" -gt 0 ] || continue
    total=$((total + n))
    (cd "$name" && PATH="$TEST_DIR/bin:$PATH" CRT_DB=program.db id=1 bash "examples.sh" >/dev/null 2>&1)
    while read -r number shown status; do
        CHECKS=$((CHECKS + 1))
        if [ "$status" = 2 ] && [ "$shown" = OK ]; then
            fail "$name example $number is a usage error: $(cat "$name/command.$number"): $(cat "$name/err.$number")"
        fi
    done <"$name/statuses"
done
echo "$total examples run"
CHECKS=$((CHECKS + 1))
[ "$total" -gt 150 ] || fail "only $total examples found in the man pages"
done_testing
