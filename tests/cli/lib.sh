# Assertions for the CLI tests. Each test script sources this, runs the built
# crt ($CRT) in a fresh temporary directory and exits non-zero on the first
# failed assertion. The directory is removed on success and kept on failure.
set -u

: "${CRT:?set CRT to the crt binary}"
: "${CRT_SOURCE_DIR:?set CRT_SOURCE_DIR to the source tree}"

TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/crt-cli-XXXXXX")
cd "$TEST_DIR" || exit 1
export CRT_ACTOR=tester
unset CRT_DB CRT_TOPICS CRT_BUSY_TIMEOUT
export CRT_TOPICS="$CRT_SOURCE_DIR/data/topics.toml"
CHECKS=0

trap 'status=$?; if [ $status -eq 0 ]; then rm -rf "$TEST_DIR"; else echo "kept $TEST_DIR" >&2; fi' EXIT

# CRT_TEST_KEEP_GOING=1 lists every failed assertion instead of stopping
# at the first (to see what a test asserts against another build); the
# script still exits non-zero if any failed.
FAILED=0
fail() {
    echo "FAIL: $*" >&2
    # An assertion in a subshell (`printf ... | run ...`) cannot stop the
    # test or count: it leaves a mark that done_testing reads.
    if [ "$BASH_SUBSHELL" -gt 0 ]; then
        local first_line=$*
        echo "${first_line%%$'\n'*}" >>"$TEST_DIR/.failed-in-subshell"
    fi
    if [ "${CRT_TEST_KEEP_GOING:-}" = 1 ]; then
        FAILED=$((FAILED + 1))
        return 1
    fi
    echo "--- stdout:" >&2; cat "$TEST_DIR/.out" >&2 2>/dev/null
    echo "--- stderr:" >&2; cat "$TEST_DIR/.err" >&2 2>/dev/null
    exit 1
}

# run CODE ARGS...: runs crt with ARGS and asserts its exit code.
run() {
    local expected=$1
    shift
    CHECKS=$((CHECKS + 1))
    "$CRT" "$@" >"$TEST_DIR/.out" 2>"$TEST_DIR/.err"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "crt $* exited $status, expected $expected"
    if [ "$expected" -gt 1 ]; then
        # Every error is exactly one line that starts with `crt: error: `
        # (exit 1 is crt check's verdict, whose findings are its output).
        [ "$(wc -l <"$TEST_DIR/.err")" -eq 1 ] || fail "crt $*: stderr is not one line"
        grep -q '^crt: error: ' "$TEST_DIR/.err" || fail "crt $*: stderr lacks 'crt: error: '"
    fi
}

# import_fails CODE ARGS...: an import with bad rows prints one line per row
# and a summary, so `run` (one line) does not fit.
import_fails() {
    local expected=$1
    shift
    CHECKS=$((CHECKS + 1))
    "$CRT" import "$@" >"$TEST_DIR/.out" 2>"$TEST_DIR/.err"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "crt import $* exited $status, expected $expected"
}

out() { cat "$TEST_DIR/.out"; }
err() { cat "$TEST_DIR/.err"; }

# expect_out TEXT: stdout equals TEXT exactly (plus the final newline).
expect_out() {
    CHECKS=$((CHECKS + 1))
    [ "$(out)" == "$1" ] || fail "stdout differs; expected:
$1"
}

# expect_err TEXT: stderr equals TEXT exactly (plus the final newline).
expect_err() {
    CHECKS=$((CHECKS + 1))
    [ "$(err)" == "$1" ] || fail "stderr differs; expected:
$1"
}

expect_out_has() {
    CHECKS=$((CHECKS + 1))
    grep -qF -- "$1" "$TEST_DIR/.out" || fail "stdout lacks: $1"
}

expect_out_lacks() {
    CHECKS=$((CHECKS + 1))
    ! grep -qF -- "$1" "$TEST_DIR/.out" || fail "stdout has: $1"
}

expect_err_has() {
    CHECKS=$((CHECKS + 1))
    grep -qF -- "$1" "$TEST_DIR/.err" || fail "stderr lacks: $1"
}

expect_err_empty() {
    CHECKS=$((CHECKS + 1))
    [ ! -s "$TEST_DIR/.err" ] || fail "stderr is not empty"
}

# On PostgreSQL (make test-pg), each database path is a database on the test
# server (tests/pg/shim.sh names it); these helpers reach it for a path.
# on_pg: true when the test runs on PostgreSQL.
# pg_name PATH: that database's name; db_uri PATH: the path itself on
# SQLite, the URI on PostgreSQL.
on_pg() { [ -n "${CRT_PG_SOCKET:-}" ]; }
pg_name() { printf 'crt_%s' "$(realpath -m -- "$1" | tr -d '\n' | sha1sum | cut -c1-24)"; }
db_uri() {
    if [ -n "${CRT_PG_SOCKET:-}" ]; then
        printf 'postgresql:///%s?host=%s&user=postgres' "$(pg_name "$1")" "$CRT_PG_SOCKET"
    else
        printf '%s' "$1"
    fi
}

# sql DB QUERY: prints the query's result from the sqlite3 shell, or from
# psql on the database for the path DB (make test-pg).
if [ -n "${CRT_PG_SOCKET:-}" ]; then
    sql() {
        # psql prints a boolean as t or f where sqlite3 prints 1 or 0; its
        # status, not sed's, says whether the statement failed.
        psql -h "$CRT_PG_SOCKET" -U postgres -d "$(pg_name "$1")" -qAtX -v ON_ERROR_STOP=1 -F'|' -c "$2" |
            sed -E ':a; s/(^|\|)t(\||$)/\11\2/; ta; :b; s/(^|\|)f(\||$)/\10\2/; tb'
        return "${PIPESTATUS[0]}"
    }
else
    sql() { sqlite3 -batch "$1" "$2"; }
fi

# sql_unchecked DB QUERY: sql, with the foreign keys the server keeps (and
# every trigger: give ids) switched off, as a superuser's session can; the
# sqlite3 shell keeps no foreign keys unless asked.
sql_unchecked() {
    if on_pg; then
        sql "$1" "SET session_replication_role = replica; $2"
    else
        sql "$1" "$2"
    fi
}

# hold_write_lock DB SECONDS: holds the write lock every crt writer takes
# (SQLite's, or the server's advisory lock) for SECONDS, from another
# client; run it in the background.
hold_write_lock() {
    if [ -n "${CRT_PG_SOCKET:-}" ]; then
        psql -h "$CRT_PG_SOCKET" -U postgres -d "$(pg_name "$1")" -qAtX \
            -c "BEGIN; SELECT pg_advisory_xact_lock(1129468977, hashtext('public')); SELECT pg_sleep($2); COMMIT;" >/dev/null
    else
        (echo "BEGIN IMMEDIATE;"; sleep "$2"; echo "COMMIT;") | sqlite3 "$1"
    fi
}

# sqlite_case CASE WHY: true on SQLite; on PostgreSQL says that CASE is
# checked on SQLite only, and WHY, and is false (so the case is skipped, and
# the log shows it).
sqlite_case() {
    on_pg || return 0
    echo "sqlite-only: $1 ($2)"
    return 1
}

# pg_admin SQL...: runs each SQL on the server's postgres database.
pg_admin() {
    local args=() statement
    for statement in "$@"; do args+=(-c "$statement"); done
    PGOPTIONS="-c client_min_messages=warning" \
        psql -h "$CRT_PG_SOCKET" -U postgres -d postgres -qAtX -v ON_ERROR_STOP=1 "${args[@]}" >/dev/null
}

# copy_db FROM TO: the database TO becomes a copy of FROM (the sqlite3
# shell's .backup, or CREATE DATABASE ... TEMPLATE on the server).
copy_db() {
    if on_pg; then
        pg_admin "DROP DATABASE IF EXISTS $(pg_name "$2") WITH (FORCE)" \
            "CREATE DATABASE $(pg_name "$2") TEMPLATE $(pg_name "$1")"
    else
        rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
        sqlite3 -batch "$1" ".backup '$2'"
    fi
}

# db_checksum DB: a fingerprint of the database, to prove nothing was
# written: the file's on SQLite, its dump's (rows, ids, schema) on the server
# without the random key newer pg_dumps put in each dump.
db_checksum() {
    if on_pg; then
        pg_dump -h "$CRT_PG_SOCKET" -U postgres -d "$(pg_name "$1")" |
            grep -v '^\\\(un\)\?restrict ' | sha256sum | cut -d' ' -f1
    else
        checksum "$1"
    fi
}

expect_same_db() {
    CHECKS=$((CHECKS + 1))
    [ "$(db_checksum "$1")" == "$2" ] || fail "the database $1 was modified"
}

# json_sql QUERY: QUERY's result from the sqlite3 shell on no database, to
# read the JSON files crt wrote (readfile() and SQLite's JSON functions),
# whichever engine crt ran on.
json_sql() { sqlite3 -batch :memory: "$1"; }

expect_json_sql() {
    CHECKS=$((CHECKS + 1))
    local got
    got=$(json_sql "$1")
    [ "$got" == "$2" ] || fail "$1 gave '$got', expected '$2'"
}

expect_sql() {
    CHECKS=$((CHECKS + 1))
    local got
    got=$(sql "$1" "$2")
    [ "$got" == "$3" ] || fail "$2 gave '$got', expected '$3'"
}

# checksum FILE: a fingerprint to prove a file was left untouched.
checksum() { sha256sum "$1" | cut -d' ' -f1; }

expect_same_file() {
    CHECKS=$((CHECKS + 1))
    [ "$(checksum "$1")" == "$2" ] || fail "$1 was modified"
}

expect_no_file() {
    CHECKS=$((CHECKS + 1))
    [ ! -e "$1" ] || fail "$1 exists"
}

# race_twice ARGS...: runs crt with ARGS twice at the same time and prints
# the two exit codes, lower first ("0 5"); stderr goes to race1.err and
# race2.err.
race_twice() {
    "$CRT" "$@" 2>race1.err &
    local first=$!
    "$CRT" "$@" 2>race2.err &
    local second=$!
    local a b
    wait "$first"
    a=$?
    wait "$second"
    b=$?
    if [ "$a" -le "$b" ]; then echo "$a $b"; else echo "$b $a"; fi
}

# A misspelt helper is a command not found, which alone would not stop a
# test: bash runs this in a subshell, so it leaves a mark that done_testing
# reads.
command_not_found_handle() {
    echo "FAIL: no such command: $1" >&2
    echo "$1" >>"$TEST_DIR/.missing"
    return 127
}

done_testing() {
    if [ -s "$TEST_DIR/.failed-in-subshell" ]; then
        echo "FAIL: assertions failed in a subshell: $(tr '\n' ';' <"$TEST_DIR/.failed-in-subshell")" >&2
        FAILED=$((FAILED + $(wc -l <"$TEST_DIR/.failed-in-subshell")))
    fi
    if [ -s "$TEST_DIR/.missing" ]; then
        echo "FAIL: the test called commands that do not exist: $(sort -u "$TEST_DIR/.missing" | tr '\n' ' ')" >&2
        FAILED=$((FAILED + 1))
    fi
    echo "$((CHECKS - FAILED)) passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
