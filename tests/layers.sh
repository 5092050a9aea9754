#!/usr/bin/env bash
# The layers of lib/ (ARCHITECTURE.md): each folder includes only itself and
# the folders below it. Prints every include that breaks the rule and fails.
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
# Every source of the library sits in a layer.
for stray in lib/*.h lib/*.cpp; do
    if [ -e "$stray" ]; then
        echo "$stray: every library source belongs to a layer folder" >&2
        status=1
    fi
done
exit $status
