# Sourced by tests/pg/run.sh and bench/run_pg.sh: a throwaway PostgreSQL
# cluster from Debian's postgresql package in a temporary directory,
# listening on a Unix socket there and on no TCP port; initdb runs as the
# postgres user when the caller is root. pg_cluster_start sets and exports
# CRT_PG_SOCKET (the directory), CRT_PG_BIN and CRT_PG_OPTIONS;
# pg_cluster_stop stops the server and removes the directory.

pg_cluster_start() {
    CRT_PG_BIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
    if [ ! -x "$CRT_PG_BIN/initdb" ]; then
        echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
        return 1
    fi
    CRT_PG_SOCKET=$(mktemp -d "${TMPDIR:-/tmp}/crt-pg-XXXXXX")
    pg_owner=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$CRT_PG_SOCKET"
        pg_owner=(runuser -u postgres --)
    fi
    # pg_ctl hands -o to a shell, which reads these quotes (no TCP listener).
    # shellcheck disable=SC2089,SC2090
    CRT_PG_OPTIONS="-c listen_addresses='' -k $CRT_PG_SOCKET -c fsync=off -c max_connections=200"
    # shellcheck disable=SC2090
    export CRT_PG_SOCKET CRT_PG_BIN CRT_PG_OPTIONS
    (cd / && "${pg_owner[@]}" "$CRT_PG_BIN/initdb" -D "$CRT_PG_SOCKET/data" -A trust -U postgres \
        -E UTF8 --locale=C.UTF-8 >"$CRT_PG_SOCKET/initdb.log" 2>&1) ||
        { cat "$CRT_PG_SOCKET/initdb.log" >&2; return 1; }
    (cd / && "${pg_owner[@]}" "$CRT_PG_BIN/pg_ctl" -D "$CRT_PG_SOCKET/data" -l "$CRT_PG_SOCKET/server.log" \
        -w -o "$CRT_PG_OPTIONS" start >/dev/null)
}

pg_cluster_stop() {
    if [ -n "${CRT_PG_SOCKET:-}" ] && [ -d "$CRT_PG_SOCKET" ]; then
        (cd / && "${pg_owner[@]}" "$CRT_PG_BIN/pg_ctl" -D "$CRT_PG_SOCKET/data" -m immediate stop \
            >/dev/null 2>&1) || true
        rm -rf "$CRT_PG_SOCKET"
    fi
}
