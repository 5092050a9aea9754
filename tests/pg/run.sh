#!/usr/bin/env bash
# `make test-pg`: the CLI suite against a real PostgreSQL server. Creates a
# throwaway cluster from Debian's postgresql package in a temporary
# directory (initdb as the postgres user when run as root), listening on a
# Unix socket there and on no TCP port; runs every CLI test through
# tests/pg/shim.sh; stops the server and removes the cluster, whatever
# happened. Usage: run.sh BUILD_DIR [TEST_NAME...]
set -euo pipefail
build=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
# shellcheck source=cluster.sh
. "$here/cluster.sh"
trap pg_cluster_stop EXIT
pg_cluster_start
cluster=$CRT_PG_SOCKET
export CRT_REAL=$build/cmd/crt CRT=$here/shim.sh CRT_SOURCE_DIR=$source_dir CRT_BUILD_DIR=$build

tests=("$@")
not_run=0
if [ ${#tests[@]} = 0 ]; then
    mapfile -t tests < <(grep -E '^test_[a-z_]+$' "$here/suite.txt")
    # Every CLI test is listed, so a new one is never left out unnoticed.
    for file in "$source_dir"/tests/cli/test_*.sh; do
        name=$(basename "$file" .sh)
        grep -qE "^((sqlite-only|no-database|pending) )?$name( |\$)" "$here/suite.txt" ||
            { echo "test-pg: $name is not listed in tests/pg/suite.txt" >&2; exit 1; }
    done
    while read -r kind name reason; do
        echo "not run  $name ($kind: $reason)"
        not_run=$((not_run + 1))
    done < <(grep -E '^(sqlite-only|no-database|pending) ' "$here/suite.txt")
fi
failed=()
# Then the tests of the server itself (tests/pg/test_*.sh).
if [ $# = 0 ]; then
    for file in "$here"/test_*.sh; do
        tests+=("../pg/$(basename "$file" .sh)")
    done
fi
for name in "${tests[@]}"; do
    if bash "$source_dir/tests/cli/$name.sh" >"$cluster/${name##*/}.log" 2>&1; then
        echo "pass  $name"
    else
        echo "FAIL  $name"
        tail -n 20 "$cluster/${name##*/}.log" | sed 's/^/      /'
        failed+=("$name")
    fi
done
# A smoke run of the PostgreSQL benchmark (make bench ENGINE=pg), when the
# whole suite runs: every case completes on a small data set.
if [ $# = 0 ]; then
    if CRT_BENCH_CALLS=5 bash "$source_dir/bench/run_pg.sh" "$build" 300 1 >"$cluster/bench.log" 2>&1; then
        echo "pass  bench/run_pg.sh (smoke)"
    else
        echo "FAIL  bench/run_pg.sh (smoke)"
        tail -n 20 "$cluster/bench.log" | sed 's/^/      /'
        failed+=(bench)
    fi
fi
echo "test-pg: $(( ${#tests[@]} - ${#failed[@]} )) of ${#tests[@]} CLI tests passed on PostgreSQL; $not_run not run (listed above)"
[ ${#failed[@]} = 0 ]
