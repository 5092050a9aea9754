#!/usr/bin/env bash
# make bench ENGINE=pg: crt on a throwaway PostgreSQL server
# (tests/pg/cluster.sh) beside psql doing the same work on the same data.
# Each case runs RUNS times, interleaved with its baseline; the medians are
# printed with their ratio and crt's peak RSS.
#   import N requests   crt import, into a database holding the agencies and
#                       experts, beside psql COPYing exactly the request,
#                       request_topic and history rows that import wrote into
#                       a database prepared the same way
#   report NAME         crt report NAME --as-of DAY --format csv beside the
#                       hand-written SQL in psql
#   CALLS calls         CALLS separate `crt milestone add` processes beside
#                       CALLS `psql -c` processes inserting one row each
# Usage: bench/run_pg.sh BUILD_DIR [N] [RUNS]; CRT_BENCH_CALLS (default 200).
set -euo pipefail

build=$(cd "$1" && pwd)
n=${2:-100000}
runs=${3:-3}
src=$(cd "$(dirname "$0")/.." && pwd)
crt="$build/cmd/crt"
measure="$build/bench/crt-bench-measure"
# shellcheck source=../tests/pg/cluster.sh
. "$src/tests/pg/cluster.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/crt-bench-pg-XXXXXX")
trap 'pg_cluster_stop; rm -rf "$work"' EXIT
pg_cluster_start
export CRT_TOPICS="$src/data/topics.toml" CRT_ACTOR=bench
cd "$work"

uri() { printf 'postgresql:///%s?host=%s&user=postgres' "$1" "$CRT_PG_SOCKET"; }
pg() { psql -h "$CRT_PG_SOCKET" -U postgres -qAtX -v ON_ERROR_STOP=1 "$@"; }

topics=$(awk -F'"' '/^\[\[topic\]\]/{t=1} t&&/^id = /{id=$2} t&&/^retired = true/{id=""} /^$/{if(t&&id!="")print id; t=0; id=""} END {if(t&&id!="")print id}' "$CRT_TOPICS")
# shellcheck disable=SC2086
"$build/bench/crt-bench-generate" "$n" . $topics

# shellcheck source=lib.sh
. "$src/bench/lib.sh"
printf '%-28s %10s %10s %7s %11s\n' case crt_s psql_s ratio crt_rss_mib
report() {
    local c b r
    c=$(median < crt.times)
    b=$(median < base.times)
    r=$(sort -n crt.rss | tail -1)
    awk -v name="$1" -v c="$c" -v b="$b" -v r="$r" 'BEGIN {
        printf "%-28s %10.4f %10.4f %7.2f %11.1f\n", name, c, b, (b > 0 ? c / b : 0), r / 1024 }'
    rm -f crt.times crt.rss base.times
}
# fresh NAME: a new database NAME holding crt's schema, agencies and experts.
fresh() {
    pg -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
    "$crt" --db "$(uri "$1")" init -q
    "$crt" --db "$(uri "$1")" import agencies agencies.csv --date 2021-01-01 -q
    "$crt" --db "$(uri "$1")" import experts experts.csv --date 2021-01-01 -q
}

# 1. Import.
for _ in $(seq "$runs"); do
    fresh run
    time_crt -- "$crt" --db "$(uri run)" import requests requests.csv -q
    for table in request request_topic history; do
        pg -d run -c "\\copy (SELECT * FROM $table WHERE $( [ "$table" = history ] &&
            echo "entity = 'request'" || echo TRUE)) TO '$work/$table.copy'"
    done
    fresh base
    time_base -- psql -h "$CRT_PG_SOCKET" -U postgres -qAtX -v ON_ERROR_STOP=1 -d base \
        -c "BEGIN" -c "\\copy request FROM '$work/request.copy'" \
        -c "\\copy request_topic FROM '$work/request_topic.copy'" \
        -c "\\copy history FROM '$work/history.copy'" -c "COMMIT"
done
report "import $n requests"

"$crt" --db "$(uri run)" import assignments assignments.csv -q
"$crt" --db "$(uri run)" import milestones milestones.csv -q
# Reports run on a settled database, as autovacuum leaves it a minute after
# a load: statistics gathered, so neither side is timed on a guessed plan.
pg -d run -c "VACUUM ANALYZE"
export CRT_DB
CRT_DB=$(uri run)
as_of=2025-06-30

# 2. Reports vs the hand-written SQL (current statuses, no as-of rebuild).
declare -A report_sql
report_sql[summary]="SELECT r.level, r.status, count(*),
  avg((SELECT min(a.assigned) FROM assignment a WHERE a.request = r.id)::date - r.received::date)
  FROM request r WHERE r.received <= '$as_of' GROUP BY r.level, r.status"
report_sql[overdue]="SELECT r.id, r.agency, g.name, r.level, m.id, m.kind, m.title, m.due,
  '$as_of'::date - m.due::date,
  (SELECT a.expert FROM assignment a WHERE a.request = r.id AND a.role = 'lead' AND a.released IS NULL)
  FROM milestone m JOIN request r ON r.id = m.request JOIN agency g ON g.ori = r.agency
  WHERE m.due < '$as_of' AND m.status NOT IN ('done', 'cancelled', 'not-assessable')
    AND r.status NOT IN ('declined', 'withdrawn') ORDER BY m.due, r.id, m.id"
report_sql[public]="SELECT r.id, g.name, g.state, r.level, r.status, r.received, r.accepted, count(m.id),
  count(*) FILTER (WHERE m.status = 'planned'), count(*) FILTER (WHERE m.status = 'in-progress'),
  count(*) FILTER (WHERE m.status = 'partial'), count(*) FILTER (WHERE m.status = 'done'),
  count(*) FILTER (WHERE m.status = 'cancelled'), count(*) FILTER (WHERE m.status = 'not-assessable')
  FROM request r JOIN agency g ON g.ori = r.agency
  LEFT JOIN milestone m ON m.request = r.id AND m.kind = 'recommendation'
  WHERE r.level IN ('critical', 'assessment') AND r.received <= '$as_of' GROUP BY r.id, g.ori ORDER BY r.id"
for name in summary overdue public; do
    for _ in $(seq "$runs"); do
        time_crt -- "$crt" report "$name" --as-of "$as_of" --format csv
        time_base -- psql -h "$CRT_PG_SOCKET" -U postgres -qAtX -d run --csv -c "${report_sql[$name]}"
    done
    report "report $name"
done

# 3. Separate processes: the per-call cost, connection included.
calls=${CRT_BENCH_CALLS:-200}
mapfile -t open_ids < <(pg -d run -c "SELECT id FROM request WHERE status IN ('received', 'accepted', 'active')
    AND received <= '2025-11-10' ORDER BY id LIMIT 200")
start=$(date +%s.%N)
for i in $(seq "$calls"); do
    "$crt" milestone add "${open_ids[$(( i % ${#open_ids[@]} ))]}" --kind meeting --title "Call $i" \
        --date 2025-11-10 >/dev/null
done
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN {print b - a}' >> crt.times
echo 0 >> crt.rss
start=$(date +%s.%N)
for i in $(seq "$calls"); do
    pg -d run -c "INSERT INTO milestone (request, kind, title, status, created, status_date)
        VALUES (${open_ids[$(( i % ${#open_ids[@]} ))]}, 'meeting', 'Call $i', 'planned', '2025-11-10', '2025-11-10')"
done
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN {print b - a}' >> base.times
report "$calls milestone add calls"
