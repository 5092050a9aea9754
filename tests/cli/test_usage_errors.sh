# Usage errors in crt's words: the unknown option or command is named with
# the closest valid one, a stray word is named, and every message points to
# the help of the command that was being parsed. Nothing is written.
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

run 0 init -q
run 0 agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA -q
run 0 request new --agency CA0194200 --level tac --title "Use of force review" --topic use-of-force \
    --received 2025-01-10 -q
run 0 milestone add 1 --kind meeting --title "Kick-off" -q
sum=$(checksum crt.db)

# An unknown option is named, with the closest one this command takes.
run 2 milestone "done" 1 --dat 2025-03-12
expect_err "crt: error: unknown option --dat; did you mean --date? (see 'crt milestone done --help')"
run 2 agency list --stat CA
expect_err "crt: error: unknown option --stat; did you mean --state? (see 'crt agency list --help')"
run 2 agency list --bogus
expect_err "crt: error: unknown option --bogus (see 'crt agency list --help')"
run 2 agency list --bogus=1
expect_err "crt: error: unknown option --bogus (see 'crt agency list --help')"
run 2 agency list -x
expect_err "crt: error: unknown option -x (see 'crt agency list --help')"
# Global options are known everywhere, before or after the command.
run 2 agency list --fromat csv
expect_err "crt: error: unknown option --fromat; did you mean --format? (see 'crt agency list --help')"

# A misspelt command gets a suggestion and the valid commands.
run 2 agency lst
expect_err "crt: error: unknown command 'lst' for 'crt agency' (did you mean list? valid: add, update, list, show) (see 'crt agency --help')"
run 2 report sumary
expect_err_has "unknown command 'sumary' for 'crt report' (did you mean summary? valid: summary,"
expect_err_has "(see 'crt report --help')"
run 2 reqest list
expect_err "crt: error: unknown command 'reqest'; did you mean request? (see 'crt --help')"
run 2 frobnicate
expect_err "crt: error: unknown command 'frobnicate' (see 'crt --help')"
run 2 agency
expect_err "crt: error: 'crt agency' needs a command: add, update, list, show (see 'crt agency --help')"

# Stray words are named; after an option's value, the fix is to quote it.
run 2 request status 1 --to accepted --note Closed at review
expect_err "crt: error: unexpected argument 'at'; quote a value with spaces: --note \"Closed at review\" (see 'crt request status --help')"
run 2 agency list extra
expect_err "crt: error: unexpected argument 'extra' (see 'crt agency list --help')"
run 2 request show 1 2
expect_err "crt: error: unexpected argument '2' (see 'crt request show --help')"

# CLI11's own messages come out in crt's words, pointing to the command.
run 2 agency list --state CA --state NY
expect_err "crt: error: --state may be given only once (see 'crt agency list --help')"
run 2 agency add CA0000001 --name
expect_err "crt: error: --name needs a value (see 'crt agency add --help')"
run 2 expert list --active --inactive
expect_err "crt: error: --active cannot be used with --inactive (see 'crt expert list --help')"
run 2 request status 1
expect_err "crt: error: --to is required (see 'crt request status --help')"
run 2 --format xml agency list
expect_err "crt: error: --format: 'xml' is not one of: table, csv, tsv, md, json, ndjson (see 'crt agency list --help')"
# A command's own usage error points to its help too.
run 2 history list --from 2026-03-01 --to 2026-02-01
expect_err_has "(see 'crt history list --help')"

# The catalogue option was --topics, one letter from --topic: beside a
# command that takes --topic it is a slip, not a catalogue path.
run 2 request new --agency CA0194200 --level tac --title X --topics de-escalation
expect_err "crt: error: unknown option --topics; did you mean --topic? (the catalogue is --catalogue) (see 'crt request new --help')"
run 2 request list --topics use-of-force
expect_err_has "did you mean --topic?"
# Elsewhere the old name still works, with a note that -q silences.
run 0 topics list --topics "$CRT_TOPICS" --format csv
expect_out_has "use-of-force,"
expect_err "crt: note: --topics is now --catalogue; the old name will go in a later release"
run 0 topics list --topics "$CRT_TOPICS" --format csv -q
expect_err_empty
run 7 topics list --catalogue missing.toml
run 0 --catalogue "$CRT_TOPICS" topics list --format csv
expect_out_has "use-of-force,"

expect_same_file crt.db "$sum"
done_testing
