#!/usr/bin/env bash
# Runs crt on PostgreSQL in place of a SQLite path: the CLI suite, run by
# `make test-pg` with CRT pointing here, names databases by file path; each
# path (from --db or $CRT_DB) becomes its own database on the test cluster,
# created for `crt init`. URIs in crt's output are turned back into the
# paths, so the suite's expectations hold on both engines.
#   CRT_REAL  the crt binary     CRT_PG_SOCKET  the cluster's socket directory
set -u
: "${CRT_REAL:?}" "${CRT_PG_SOCKET:?}"

declare -A shown=()
# pg_name PATH: the database name for a file path.
pg_name() {
    local abs
    abs=$(realpath -m -- "$1")
    printf 'crt_%s' "$(printf '%s' "$abs" | sha1sum | cut -c1-24)"
}
# to_uri VALUE: sets REPLY to the URI for VALUE (a URI or "" as it is).
to_uri() {
    REPLY=$1
    case $1 in
    '' | postgres://* | postgresql://*) return ;;
    esac
    REPLY="postgresql:///$(pg_name "$1")?host=$CRT_PG_SOCKET&user=postgres"
    shown[$REPLY]=$1
}

args=()
is_init=0
expect_db=0
for arg in "$@"; do
    if [ "$expect_db" = 1 ]; then
        to_uri "$arg"
        args+=("$REPLY")
        expect_db=0
        continue
    fi
    case $arg in
    --db) expect_db=1; args+=("$arg") ;;
    --db=*) to_uri "${arg#--db=}"; args+=("--db=$REPLY") ;;
    init) is_init=1; args+=("$arg") ;;
    *) args+=("$arg") ;;
    esac
done
# crt's default database is ./crt.db.
to_uri "${CRT_DB:-crt.db}"
export CRT_DB=$REPLY

if [ "$is_init" = 1 ]; then
    for uri in "${!shown[@]}"; do
        name=${uri#postgresql:///}
        name=${name%%\?*}
        psql -h "$CRT_PG_SOCKET" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
            -c "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 ||
            createdb -h "$CRT_PG_SOCKET" -U postgres "$name" 2>/dev/null || true
    done
fi

# A terminal stays a terminal (crt fits tables to its width), and another
# device (/dev/full, /dev/null) gets crt's own writes, so their errors are
# crt's; nothing reads a device's output back to compare paths.
if [ "${#shown[@]}" = 0 ] || [ -t 1 ] || [ -c /dev/stdout ]; then
    exec "$CRT_REAL" "${args[@]}"
fi
script=
for uri in "${!shown[@]}"; do
    from=$(printf '%s' "$uri" | sed 's/[]\/$*.^[]/\\&/g')
    to=$(printf '%s' "${shown[$uri]}" | sed 's/[\/&]/\\&/g')
    script+="s/$from/$to/g;"
done
errors=$(mktemp)
"$CRT_REAL" "${args[@]}" 2>"$errors" | sed "$script"
status=${PIPESTATUS[0]}
sed "$script" "$errors" >&2
rm -f "$errors"
exit "$status"
