#!/usr/bin/env bash
# The layers of lib/ (ARCHITECTURE.md): each folder includes only itself and
# the folders below it, and only lib/store sees the SQLite driver. Prints
# every line that breaks a rule and fails.
# Usage: tests/layers.sh [SOURCE_DIR]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

# Each layer and the layers it may include, lowest first.
declare -A allowed=(
    [base]="base"
    [store]="store base"
    [model]="model store base"
    [report]="report model store base"
    [io]="io model store base"
)

status=0
for layer in "${!allowed[@]}"; do
    [ -d "lib/$layer" ] || { echo "layers: lib/$layer is missing" >&2; status=1; continue; }
    while IFS=: read -r file line included; do
        target=${included#*\"lib/}
        target=${target%%/*}
        case " ${allowed[$layer]} " in
            *" $target "*) ;;
            *)
                echo "$file:$line: lib/$layer may not include lib/$target" >&2
                status=1
                ;;
        esac
    done < <(grep -Hn '#include "lib/' "lib/$layer"/*.h "lib/$layer"/*.cpp || true)
done
# Only lib/store knows the database drivers: no other source of the library,
# the binary or the tests includes SQLiteCpp, sqlite3.h or libpq or names a
# type of them. (bench/limit.cpp, the same-work baseline, is the SQLite C API by design.)
while IFS=: read -r file line _; do
    echo "$file:$line: only lib/store may use a database driver" >&2
    status=1
done < <(grep -rnE '#include <(SQLiteCpp/|sqlite3\.h|libpq-fe\.h|pqxx)|SQLite::|PGconn|PGresult' lib cmd tests \
    --include='*.h' --include='*.cpp' | grep -v '^lib/store/' || true)
# Every source of the library sits in a layer.
for stray in lib/*.h lib/*.cpp; do
    if [ -e "$stray" ]; then
        echo "$stray: every library source belongs to a layer folder" >&2
        status=1
    fi
done
exit $status
