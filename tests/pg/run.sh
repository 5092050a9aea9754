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
bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "test-pg: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

cluster=$(mktemp -d "${TMPDIR:-/tmp}/crt-pg-XXXXXX")
as_owner=()
if [ "$(id -u)" = 0 ]; then
    chown postgres "$cluster"
    as_owner=(runuser -u postgres --)
fi
stop() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
}
trap stop EXIT
"${as_owner[@]}" "$bin/initdb" -D "$cluster/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; exit 1; }
options="-c listen_addresses='' -k $cluster -c fsync=off -c max_connections=200"
"${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -o "$options" start >/dev/null
export CRT_PG_SOCKET=$cluster CRT_PG_BIN=$bin CRT_PG_OPTIONS=$options CRT_REAL=$build/cmd/crt
export CRT=$here/shim.sh CRT_SOURCE_DIR=$source_dir CRT_BUILD_DIR=$build

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
echo "test-pg: $(( ${#tests[@]} - ${#failed[@]} )) of ${#tests[@]} CLI tests passed on PostgreSQL; $not_run not run (listed above)"
[ ${#failed[@]} = 0 ]
