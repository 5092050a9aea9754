#!/usr/bin/env bash
# Runs shellcheck over the repository's bash scripts; any finding fails.
# Usage: tests/lint.sh                    the static scripts (tests/cli, bench,
#                                         data/demo.sh, tests/fuzz/run.sh,
#                                         tests/browser/run.sh, this)
#        tests/lint.sh --completion FILE  a generated bash completion script
# The CLI tests source lib.sh from their own directory: --source-path=SCRIPTDIR
# lets their `# shellcheck source=lib.sh` directives find it from anywhere.
set -euo pipefail

if ! command -v shellcheck >/dev/null 2>&1; then
    echo "lint.sh: error: shellcheck is not installed (apt-get install shellcheck)" >&2
    exit 2
fi
check=(shellcheck --external-sources --shell=bash --source-path=SCRIPTDIR)

if [ $# -gt 0 ]; then
    if [ $# -ne 2 ] || [ "$1" != --completion ]; then
        echo "usage: $0 [--completion FILE]" >&2
        exit 2
    fi
    if [ ! -f "$2" ]; then
        echo "lint.sh: error: $2: no such file" >&2
        exit 2
    fi
    "${check[@]}" "$2"
    echo "shellcheck: $2: no findings"
    exit 0
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shopt -s nullglob
files=(tests/cli/*.sh tests/pg/*.sh bench/*.sh data/demo.sh tests/fuzz/run.sh tests/browser/run.sh tests/lint.sh)
"${check[@]}" "${files[@]}"
echo "shellcheck: ${#files[@]} scripts, no findings"
