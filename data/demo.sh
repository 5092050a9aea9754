#!/usr/bin/env bash
# `make demo`: crt's main job on the bundled synthetic sample (data/sample/),
# in a temporary directory removed afterwards. Every agency and person in the
# sample is fictional. It ends by publishing the sample's public status site
# into $CRT_DEMO_SITE (a new or empty directory; else a new one under $TMPDIR),
# which is kept, and prints the path of its index.html.
set -euo pipefail

CRT=${CRT:-crt}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/crt-demo-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CRT_DB="$work/demo.db" CRT_TOPICS="$here/topics.toml" CRT_ACTOR=demo
as_of=2026-11-27

step() { printf '\n$ crt %s\n' "$*"; "$CRT" "$@"; }

step init
step import agencies "$here/sample/agencies.csv" --date 2024-01-02
step import experts "$here/sample/experts.csv" --date 2024-01-02
step batch "$here/sample/engagements.crt" >/dev/null
step check
step topics levels --format md
step agency list --state CA
step request list --level assessment --status active
step milestone list --request 2 --kind recommendation --as-of 2025-09-30
step report overdue --as-of "$as_of" --level assessment
step report workload --as-of "$as_of"
step report summary --as-of "$as_of"
step report public --as-of "$as_of"
site=${CRT_DEMO_SITE:-$(mktemp -d "${TMPDIR:-/tmp}/crt-demo-site-XXXXXX")}
step publish --out "$site" --as-of "$as_of"
printf '\nThe public status site: open %s/index.html in a browser.\n' "$site"
