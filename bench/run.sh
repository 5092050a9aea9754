#!/usr/bin/env bash
# make bench: crt side by side with the sqlite3 shell doing the same work on
# the same data, in one run. Each case runs RUNS times, interleaved with its
# baselines; the medians are printed with their ratios and crt's peak RSS.
# The write cases (import, batch) have a second baseline, the same-work limit:
# crt-bench-limit (bench/limit.cpp) inserts exactly the rows crt added, into
# the database crt started from, through the SQLite C API alone.
# Usage: bench/run.sh BUILD_DIR [N] [RUNS]
# CRT_BENCH_ADDS (batch lines, default 10000), CRT_BENCH_CALLS (separate
# processes, default 200), CRT_BENCH_REPEAT (runs averaged for show and
# --version, default 50) and CRT_BENCH_PUBLISH_REQUESTS (requests of the
# publish case, default 40000) shrink the fixed-size cases for the CTest
# smoke run.
set -euo pipefail

build=$(cd "$1" && pwd)
n=${2:-1000000}
runs=${3:-3}
src=$(cd "$(dirname "$0")/.." && pwd)
crt="$build/cmd/crt"
measure="$build/bench/crt-bench-measure"
limit="$build/bench/crt-bench-limit"
work=$(mktemp -d "${TMPDIR:-/tmp}/crt-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CRT_TOPICS="$src/data/topics.toml" CRT_ACTOR=bench
cd "$work"

topics=$(awk -F'"' '/^\[\[topic\]\]/{t=1} t&&/^id = /{id=$2} t&&/^retired = true/{id=""} /^$/{if(t&&id!="")print id; t=0; id=""} END {if(t&&id!="")print id}' "$CRT_TOPICS")
# shellcheck disable=SC2086
"$build/bench/crt-bench-generate" "$n" . $topics

# shellcheck source=lib.sh
. "$src/bench/lib.sh"
printf '%-28s %10s %10s %7s %10s %11s %11s\n' case crt_s sqlite3_s ratio limit_s limit_ratio crt_rss_mib

# report CASE: reads crt.times, crt.rss, base.times and, for a write case,
# limit.times, and prints a line (limit columns "-" where there is none).
report() {
    local c b r l=-
    c=$(median < crt.times)
    b=$(median < base.times)
    r=$(sort -n crt.rss | tail -1)
    if [ -s limit.times ]; then
        l=$(median < limit.times)
    fi
    awk -v name="$1" -v c="$c" -v b="$b" -v r="$r" -v l="$l" 'BEGIN {
        ls = "-"; lr = "-"
        if (l != "-") { ls = sprintf("%.4f", l); lr = sprintf("%.2f", l > 0 ? c / l : 0) }
        printf "%-28s %10.4f %10.4f %7.2f %10s %11s %11.1f\n", name, c, b, (b > 0 ? c / b : 0), ls, lr, r / 1024
    }'
    rm -f crt.times crt.rss base.times limit.times
}

# time_limit SRC DST TABLE...: appends the same-work limit's time (its
# notes on stderr go to limit.log, printed after the table).
time_limit() {
    local out
    out=$("$limit" "$@" 2>> limit.log) || {
        cat limit.log >&2
        echo "bench: limit baseline failed: $*" >&2
        exit 1
    }
    echo "$out" >> limit.times
}

fresh() {
    rm -f "$1" "$1-wal" "$1-shm"
    "$crt" --db "$1" init -q
    "$crt" --db "$1" import agencies agencies.csv --date 2021-01-01 -q
    "$crt" --db "$1" import experts experts.csv --date 2021-01-01 -q
}

# 1. Import N requests vs .import of the same CSV into a bare table, and vs
# the limit: the request, topic and history rows crt wrote, inserted into a
# database prepared the same way (init, agencies, experts).
for _ in $(seq "$runs"); do
    fresh run.db
    time_crt -- "$crt" --db run.db import requests requests.csv -q
    fresh limit.db
    time_limit run.db limit.db request request_topic history
    rm -f limit.db limit.db-wal limit.db-shm base.db
    time_base -- sqlite3 base.db -cmd ".mode csv" ".import requests.csv request"
done
report "import $n requests"

mv run.db crt.db
rm -f run.db-wal run.db-shm
"$crt" --db crt.db import assignments assignments.csv -q
"$crt" --db crt.db import milestones milestones.csv -q
export CRT_DB="$work/crt.db"
as_of=2025-06-30

# 2. Reports vs the equivalent hand-written SQL.
declare -A report_sql
report_sql[summary]="SELECT r.level, r.status, count(*),
  avg(julianday((SELECT min(a.assigned) FROM assignment a WHERE a.request = r.id)) - julianday(r.received))
  FROM request r WHERE r.received <= '$as_of' GROUP BY r.level, r.status"
report_sql[overdue]="SELECT r.id, r.agency, g.name, r.level, m.id, m.kind, m.title, m.due,
  julianday('$as_of') - julianday(m.due),
  (SELECT a.expert FROM assignment a WHERE a.request = r.id AND a.role = 'lead' AND a.released IS NULL)
  FROM milestone m JOIN request r ON r.id = m.request JOIN agency g ON g.ori = r.agency
  WHERE m.due < '$as_of' AND m.status NOT IN ('done', 'cancelled', 'not-assessable')
    AND r.status NOT IN ('declined', 'withdrawn') ORDER BY m.due, r.id, m.id"
report_sql[public]="SELECT r.id, g.name, g.state, r.level, r.status, r.received, r.accepted, count(m.id),
  sum(m.status = 'planned'), sum(m.status = 'in-progress'), sum(m.status = 'partial'), sum(m.status = 'done'),
  sum(m.status = 'cancelled'), sum(m.status = 'not-assessable')
  FROM request r JOIN agency g ON g.ori = r.agency
  LEFT JOIN milestone m ON m.request = r.id AND m.kind = 'recommendation'
  WHERE r.level IN ('critical', 'assessment') AND r.received <= '$as_of' GROUP BY r.id ORDER BY r.id"
for name in summary overdue public; do
    for _ in $(seq "$runs"); do
        time_crt -- "$crt" report "$name" --as-of "$as_of" --format csv
        time_base -- sqlite3 -csv crt.db "${report_sql[$name]}"
    done
    report "report $name"
done

# 3. One lookup, and the cost of starting at all: each a few milliseconds,
# so each measurement is the mean of $repeat runs in a row.
repeat=${CRT_BENCH_REPEAT:-50}
middle=$(( (n + 1) / 2 ))
for _ in $(seq "$runs"); do
    time_crt --repeat "$repeat" -- "$crt" request show "$middle"
    time_base --repeat "$repeat" -- sqlite3 crt.db "SELECT * FROM request WHERE id = $middle"
done
report "request show (mean of $repeat)"
for _ in $(seq "$runs"); do
    time_crt --repeat "$repeat" -- "$crt" --version
    time_base --repeat "$repeat" -- sqlite3 :memory: "SELECT 1"
done
report "--version (mean of $repeat)"

# 4. 10,000 milestone adds in one batch vs one sqlite3 script of the inserts,
# and vs the limit: the milestone and history rows the batch wrote, inserted
# into a copy of the database before it.
adds=${CRT_BENCH_ADDS:-10000}
sqlite3 crt.db "SELECT id FROM request WHERE status IN ('received', 'accepted', 'active') AND received <= '2025-11-10'
                ORDER BY id LIMIT $adds" > open.ids
mapfile -t open_ids < open.ids
awk -v adds="$adds" 'NR == FNR {id[n++] = $1; next} END {
    print "BEGIN;" > "adds.sql"
    for (i = 0; i < adds; i++) {
        r = id[i % n]
        printf "milestone add %d --kind meeting --title \"Bench meeting %d\" --date 2025-11-10\n", r, i > "adds.crt"
        printf "INSERT INTO milestone (request, kind, title, status, created, status_date) VALUES (%d, '"'"'meeting'"'"', '"'"'Bench meeting %d'"'"', '"'"'planned'"'"', '"'"'2025-11-10'"'"', '"'"'2025-11-10'"'"');\n", r, i > "adds.sql"
    }
    print "COMMIT;" > "adds.sql"
}' open.ids /dev/null
for _ in $(seq "$runs"); do
    cp crt.db batch.db
    time_crt -- "$crt" --db batch.db batch adds.crt -q
    rm -f limit.db limit.db-wal limit.db-shm
    cp crt.db limit.db
    time_limit batch.db limit.db milestone history
    rm -f limit.db limit.db-wal limit.db-shm
    cp crt.db base.db
    time_base --stdin adds.sql -- sqlite3 base.db
done
report "batch $adds milestone adds"
rm -f batch.db* base.db*

# 200 separate processes: the per-call cost.
calls=${CRT_BENCH_CALLS:-200}
cp crt.db calls.db
cp crt.db base.db
start=$(date +%s.%N)
for i in $(seq "$calls"); do
    "$crt" --db calls.db milestone add "${open_ids[$(( i % ${#open_ids[@]} ))]}" --kind meeting --title "Call $i" \
        --date 2025-11-10 >/dev/null
done
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN {print b - a}' >> crt.times
echo 0 >> crt.rss
start=$(date +%s.%N)
for i in $(seq "$calls"); do
    sqlite3 base.db "INSERT INTO milestone (request, kind, title, status, created, status_date)
        VALUES (${open_ids[$(( i % ${#open_ids[@]} ))]}, 'meeting', 'Call $i', 'planned', '2025-11-10', '2025-11-10')"
done
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN {print b - a}' >> base.times
report "$calls milestone add calls"
rm -f calls.db* base.db*

# 5. The integrity check vs PRAGMA integrity_check alone.
for _ in $(seq "$runs"); do
    time_crt -- "$crt" check -q
    time_base -- sqlite3 crt.db "PRAGMA integrity_check"
done
report "check"

# 6. crt publish beside the report it is built from: a data set of its own,
# about 10,000 assessments and critical responses (a quarter of the
# requests) with 15 recommendations each once accepted, about 100,000 in
# all. Targets: publish <= 3 x report public --detail --format csv, peak
# RSS <= 64 MiB.
publish_n=${CRT_BENCH_PUBLISH_REQUESTS:-40000}
mkdir publish-data
# shellcheck disable=SC2086
CRT_BENCH_RECOMMENDATIONS=15 "$build/bench/crt-bench-generate" "$publish_n" publish-data $topics
"$crt" --db publish.db init -q
for kind in agencies experts requests milestones; do
    "$crt" --db publish.db import "$kind" "publish-data/$kind.csv" --date 2021-01-01 -q
done
publish_as_of=2025-11-30
engagements=$(sqlite3 publish.db "SELECT count(*) FROM request WHERE level IN ('critical', 'assessment')")
recommendations=$(sqlite3 publish.db "SELECT count(*) FROM milestone WHERE kind = 'recommendation'")
rm -f report.times report.rss publish.times publish.rss
for i in $(seq "$runs"); do
    out=$("$measure" -- "$crt" --db publish.db report public --detail --format csv --as-of "$publish_as_of")
    echo "${out% *}" >> report.times
    echo "${out#* }" >> report.rss
    out=$("$measure" -- "$crt" --db publish.db publish -q --out "site-$i" --as-of "$publish_as_of")
    echo "${out% *}" >> publish.times
    echo "${out#* }" >> publish.rss
done
echo
echo "publish: $engagements engagements, $recommendations recommendations, as of $publish_as_of (median of $runs)"
awk -v r="$(median < report.times)" -v p="$(median < publish.times)" \
    -v rr="$(sort -n report.rss | tail -1)" -v pr="$(sort -n publish.rss | tail -1)" 'BEGIN {
    printf "%-40s %10s %11s\n", "command", "seconds", "rss_mib"
    printf "%-40s %10.4f %11.1f\n", "report public --detail --format csv", r, rr / 1024
    printf "%-40s %10.4f %11.1f\n", "publish", p, pr / 1024
    printf "%-40s %10.2f %11s\n", "publish / report (target <= 3)", (r > 0 ? p / r : 0), "-"
}'
# The sites go only now: on ext4, files created just after as many were
# deleted take far longer to create.
rm -rf publish-data publish.db* report.times report.rss publish.times publish.rss site-*

# What the limit baseline inserted, and its check that the rows all landed.
echo "same-work limit (crt-bench-limit), each run:" >&2
awk '!seen[$0]++ {sub(/^crt-bench-limit: /, "  "); print}' limit.log >&2
