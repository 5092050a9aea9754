#!/usr/bin/env bash
# Runs every fuzz target for SECONDS on a scratch copy of its seed corpus.
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail
build=$(cd "$1" && pwd)
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
export CRT_TOPICS="$here/../../data/topics.toml"
mkdir -p "$build/crashes"
status=0
for target in csv ndjson catalogue batch_line; do
    work=$(mktemp -d)
    cp -r "$here/corpus/$target/." "$work/"
    echo "fuzz_$target: ${seconds}s"
    if ! "$build/tests/fuzz/fuzz_$target" "$work" -max_total_time="$seconds" -max_len=65536 \
        -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 2> "$build/fuzz_$target.log"; then
        echo "fuzz_$target found a crash: see $build/fuzz_$target.log and $build/crashes/" >&2
        tail -30 "$build/fuzz_$target.log" >&2
        status=1
    else
        grep -E 'stat::number_of_executed_units|Done' "$build/fuzz_$target.log" | tail -2
    fi
    rm -rf "$work"
done
exit $status
