#!/usr/bin/env bash
# make test-browser: publishes the bundled sample with the built crt and
# checks every page in headless Chromium (check.mjs). Needs Debian's
# chromium and Node.js with npm (make deps-browser installs them); the npm
# packages are installed from package-lock.json into BUILD_DIR/browser by
# `npm ci`, which downloads no browser (puppeteer-core never does).
# Screenshots go to BUILD_DIR/browser/screenshots (the sample's site) and
# screenshots/empty (a program with nothing to publish).
# Usage: tests/browser/run.sh BUILD_DIR
set -euo pipefail

build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
crt="$build/cmd/crt"
out="$build/browser"
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
for tool in "$CHROMIUM" node npm; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "test-browser: $tool is not installed (make deps-browser)" >&2
        exit 1
    }
done

# The packages, exactly as the lock file pins them, reinstalled when it changes.
mkdir -p "$out"
if ! cmp -s "$here/package-lock.json" "$out/package-lock.json" || [ ! -d "$out/node_modules" ]; then
    rm -rf "$out/node_modules"
    cp "$here/package.json" "$here/package-lock.json" "$out/"
    (cd "$out" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$here/check.mjs" "$out/check.mjs"

# The sample, published as make demo does.
work=$(mktemp -d "${TMPDIR:-/tmp}/crt-browser-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CRT_DB="$work/sample.db" CRT_TOPICS="$src/data/topics.toml" CRT_ACTOR=browser-test
"$crt" init -q
"$crt" import agencies "$src/data/sample/agencies.csv" --date 2024-01-02 -q
"$crt" import experts "$src/data/sample/experts.csv" --date 2024-01-02 -q
"$crt" batch "$src/data/sample/engagements.crt" -q >/dev/null
rm -rf "$out/site" "$out/empty-site" "$out/screenshots"
"$crt" publish --out "$out/site" --as-of 2026-11-27 -q >/dev/null
# And a program with nothing to publish yet, whose pages say so.
"$crt" --db "$work/empty.db" init -q
"$crt" --db "$work/empty.db" publish --out "$out/empty-site" --as-of 2026-11-27 -q >/dev/null

node "$out/check.mjs" "$out/site" "$out/screenshots"
node "$out/check.mjs" "$out/empty-site" "$out/screenshots/empty"
