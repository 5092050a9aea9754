# The docs cannot drift from the binary: every subcommand has a man page that
# names every option its --help lists, crt(1) lists every exit code, the pages
# render without warnings, and the completion script is valid and complete.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

man_dir="$CRT_SOURCE_DIR/man"
"$CRT" completion bash > completion.bash
CHECKS=$((CHECKS + 1))
bash -n completion.bash || fail "the bash completion script does not parse"
commands=$(sed -n "s/^  \['crt'\]='\(.*\)'$/\1/p" completion.bash | head -1)
[ -n "$commands" ] || fail "no command list in the completion script"

# Plain text of a page's source: roff escapes for - dropped.
page_text() { sed -e 's/\\-/-/g' -e 's/\\(em/-/g' "$1"; }

for command in $commands; do
    page="$man_dir/crt-$command.1"
    CHECKS=$((CHECKS + 1))
    [ -f "$page" ] || fail "no man page for crt $command"
    CHECKS=$((CHECKS + 1))
    grep -q "'$command'" completion.bash || fail "completion does not name $command"
    subcommands=$(sed -n "s/^  \['$command'\]='\(.*\)'$/\1/p" completion.bash)
    for path in "$command" $(for sub in $subcommands; do echo "$command/$sub"; done); do
        # shellcheck disable=SC2046
        "$CRT" $(echo "$path" | tr / ' ') --help > help.txt
        for option in $(grep -oE '(^|[ ,])--[a-z][a-z-]*' help.txt | tr -d ' ,' | sort -u); do
            CHECKS=$((CHECKS + 1))
            page_text "$page" | grep -qF -- "$option" || page_text "$man_dir/crt.1" | grep -qF -- "$option" ||
                fail "crt $(echo "$path" | tr / ' ') --help lists $option but $(basename "$page") does not"
        done
    done
done

# crt(1) documents every exit code and every environment variable.
for code in 0 1 2 3 4 5 6 7; do
    CHECKS=$((CHECKS + 1))
    sed -n '/^\.SH "\{0,1\}EXIT STATUS/,/^\.SH/p' "$man_dir/crt.1" | grep -qE "^\.TP|^\.B $code|^$code" ||
        fail "crt.1 has no EXIT STATUS section"
    sed -n '/^\.SH "\{0,1\}EXIT STATUS/,/^\.SH/p' "$man_dir/crt.1" | grep -qE "(^|[^0-9])$code([^0-9]|$)" ||
        fail "crt.1 EXIT STATUS does not list $code"
done
for variable in CRT_DB CRT_TOPICS CRT_ACTOR CRT_BUSY_TIMEOUT; do
    CHECKS=$((CHECKS + 1))
    grep -q "$variable" "$man_dir/crt.1" || fail "crt.1 does not document $variable"
done

# Every page has the sections a reader expects and renders without warnings.
for page in "$man_dir"/*.1; do
    for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
        CHECKS=$((CHECKS + 1))
        grep -qE "^\.SH \"?$section\"?$" "$page" || fail "$(basename "$page") has no $section section"
    done
    CHECKS=$((CHECKS + 1))
    lint=$(mandoc -T lint -W warning "$page" 2>&1)
    [ -z "$lint" ] || fail "mandoc warns about $(basename "$page"): $lint"
done

# The README's two set-up commands are the ones .ci/run and the Makefile use.
CHECKS=$((CHECKS + 1))
grep -q '^sudo make deps && make demo' "$CRT_SOURCE_DIR/README.md" || fail "README lost its set-up command"
CHECKS=$((CHECKS + 1))
grep -q '^make test' "$CRT_SOURCE_DIR/README.md" || fail "README lost its test command"
CHECKS=$((CHECKS + 1))
grep -qx 'make test' "$CRT_SOURCE_DIR/.ci/run" || fail ".ci/run does not run the README's test command"

done_testing
