# crt publish: the static site from the bundled sample (its open data the
# same bytes as report public, its charts the numbers report public gives
# for each month end), the same bytes on every run, relative links only;
# and every refusal: a DIR that is not new or empty, an unwritable one, a
# future day, a failure part-way, a database with no public engagements.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

sample="$CRT_SOURCE_DIR/data/sample"
"$CRT" init -q
"$CRT" import agencies "$sample/agencies.csv" --date 2024-01-02 -q
"$CRT" import experts "$sample/experts.csv" --date 2024-01-02 -q
"$CRT" batch "$sample/engagements.crt" -q >/dev/null || fail "the sample batch failed"
day=2026-11-27

umask 022
run 0 publish --out site --as-of "$day"
expect_out "site/index.html"
expect_err_has "published 24 engagements as of $day in 32 files"
for file in index.html engagements.html data-dictionary.html style.css data/public.csv \
    data/public.json data/recommendations.csv data/progress.csv; do
    CHECKS=$((CHECKS + 1))
    [ -s "site/$file" ] || fail "site/$file is missing or empty"
done
# One page per engagement of the public report, and no other.
"$CRT" report public --as-of "$day" --format csv | tail -n +2 | cut -d, -f1 | sort -n >ids.expected
find site/engagement -name '*.html' | sed 's|.*/||; s|\.html$||' | sort -n >ids.published
CHECKS=$((CHECKS + 1))
cmp -s ids.expected ids.published || fail "the engagement pages are not those of report public"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a site site/index.html | tr '\n' ' ')" = "755 644 " ] ||
    fail "the site is not readable by all: $(stat -c %a site site/index.html)"
CHECKS=$((CHECKS + 1))
[ -z "$(ls -d site.* 2>/dev/null)" ] || fail "publish left $(ls -d site.*)"

# The open data is the public report itself.
"$CRT" report public --as-of "$day" --format csv >public.csv
"$CRT" report public --as-of "$day" --format json >public.json
"$CRT" report public --as-of "$day" --detail --format csv >recommendations.csv
for file in public.csv public.json recommendations.csv; do
    CHECKS=$((CHECKS + 1))
    cmp -s "$file" "site/data/$file" || fail "site/data/$file differs from report public"
done

# The same database and day give the same bytes.
run 0 publish --out again --as-of "$day" -q
CHECKS=$((CHECKS + 1))
diff -r site again >/dev/null || fail "two sites of the same day differ"

# The progress of a sample engagement (request 2, an assessment accepted on
# 2024-02-20): one row per month end, and each holds the counts report
# public gives for that day.
grep '^2,' site/data/progress.csv >progress.2
CHECKS=$((CHECKS + 1))
[ "$(head -1 progress.2 | cut -d, -f2) $(tail -1 progress.2 | cut -d, -f2)" = "2024-02-29 $day" ] ||
    fail "request 2's progress does not run from 2024-02-29 to $day: $(cat progress.2)"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <progress.2)" -eq 34 ] || fail "request 2 has $(wc -l <progress.2) progress rows, not 34"
while IFS=, read -r request point counts; do
    expected=$("$CRT" report public --as-of "$point" --format csv | grep "^$request," | cut -d, -f8-)
    CHECKS=$((CHECKS + 1))
    [ "$counts" = "$expected" ] || fail "request $request on $point: site has $counts, report public $expected"
done <progress.2
# The page shows the same figures in its table, and a chart with marks.
page=site/engagement/2.html
for row in 2024-02-29 2025-09-30 "$day"; do
    CHECKS=$((CHECKS + 1))
    grep -q "<tr><th scope=\"row\">$row<td>" "$page" || fail "$page has no table row for $row"
done
CHECKS=$((CHECKS + 1))
[ "$(grep -o 'class="mark"' "$page" | wc -l)" -eq 6 ] || fail "$page does not draw a mark for each of the 6 statuses"
CHECKS=$((CHECKS + 1))
[ "$(grep -o 'class="mark"[^>]*' "$page" | grep -o 'z' | wc -l)" -gt 60 ] || fail "$page draws too few bar parts"
CHECKS=$((CHECKS + 1))
grep -q 'role="img" aria-labelledby="progress-title progress-desc"' "$page" || fail "$page's chart has no text alternative"

# Self-contained: no scripts, nothing from elsewhere, relative links only,
# and every link leads to a file of the site.
CHECKS=$((CHECKS + 1))
! grep -rqi '<script' site || fail "the site has a script"
grep -rhoE '(href|src)="[^"]*"' site --include='*.html' | sort -u >links
relative='^(href|src)="([a-z0-9./-]+\.(html|css|csv|json)|#main|data:,)"$'
CHECKS=$((CHECKS + 1))
! grep -qvE "$relative" links || fail "the site has links that are not relative to it: $(grep -vE "$relative" links | head -3)"
for html in site/*.html site/engagement/*.html; do
    base=$(dirname "$html")
    while IFS= read -r target; do
        CHECKS=$((CHECKS + 1))
        [ -f "$base/$target" ] || fail "$html links to $target, which is not in the site"
    done < <(grep -oE 'href="[a-z0-9./-]+\.(html|css|csv|json)"' "$html" | sed 's/^href="//; s/"$//' | sort -u)
done
CHECKS=$((CHECKS + 1))
grep -q '@media print' site/style.css || fail "the stylesheet has no print rules"

# DIR is new or empty: an empty directory is used; anything else is refused
# (exit 5) and left as it was, with nothing written beside it.
mkdir empty
run 0 publish --out empty/ --as-of "$day" -q
expect_out "empty/index.html"
mkdir full
echo mine >full/notes.txt
run 5 publish --out full --as-of "$day"
expect_err "crt: error: full: the directory is not empty; publish writes only into a new or empty one"
CHECKS=$((CHECKS + 1))
[ "$(ls -A full) $(cat full/notes.txt)" = "notes.txt mine" ] || fail "publish touched full/"
echo mine >afile
run 5 publish --out afile --as-of "$day"
expect_err_has "afile: a file exists there"
CHECKS=$((CHECKS + 1))
[ "$(cat afile)" = mine ] || fail "publish touched afile"
ln -s empty-target alink
mkdir empty-target
run 5 publish --out alink --as-of "$day"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %F alink) $(ls -A empty-target)" = "symbolic link " ] ||
    fail "publish replaced or wrote through a symbolic link"
run 5 publish --out site --as-of "$day"
CHECKS=$((CHECKS + 1))
[ -z "$(ls -d ./*.unfinished-publish-* 2>/dev/null)" ] || fail "a refused publish left $(ls -d ./*.unfinished-publish-*)"

# An unwritable place is exit 7: a path through a file, a folder the
# kernel will not write, a folder that is not ours (checked as another
# user when the tests run as root, who may write anywhere).
run 7 publish --out afile/site --as-of "$day"
expect_err_has "cannot create afile/site"
run 7 publish --out /proc/crt-site --as-of "$day"
mkdir locked
chmod 555 locked
# A backup has no -wal or -shm file, so another user can read it as it is;
# on the server, a copy of the database, and the other user postgres, the
# one besides root that may reach the test server's socket.
if on_pg; then
    copy_db crt.db snapshot.db
    other=postgres
else
    "$CRT" backup snapshot.db -q
    other=65534
fi
if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$TEST_DIR"
    if ! on_pg; then chmod 644 snapshot.db; fi
    CHECKS=$((CHECKS + 1))
    setpriv --reuid="$other" --regid="$(id -g "$other")" --clear-groups \
        "$CRT" --db snapshot.db publish --out locked/site --as-of "$day" >.out 2>.err
    status=$?
    chmod 700 "$TEST_DIR"
    [ "$status" -eq 7 ] || fail "publish into a folder it may not write exited $status: $(cat .err)"
else
    run 7 --db snapshot.db publish --out locked/site --as-of "$day"
fi
expect_err "crt: error: cannot create locked/site: Permission denied"
expect_no_file locked/site

# A future day is invalid (exit 4), a malformed one a usage error; --out is required.
run 4 publish --out future --as-of 2999-01-01
expect_err_has "--as-of: 2999-01-01 is in the future"
expect_no_file future
run 2 publish --out bad --as-of 2026-02-30
expect_err_has "(see 'crt publish --help')"
expect_no_file bad
run 2 publish --as-of "$day"
expect_err_has "--out"
mkdir dot
(cd dot && "$CRT" --db ../crt.db publish --out . --as-of "$day" >../.out 2>../.err)
status=$?
CHECKS=$((CHECKS + 1))
[ "$status" -eq 2 ] || fail "publish --out . exited $status, expected 2"
expect_err_has "--out needs a directory named by its own name, not '.'"
CHECKS=$((CHECKS + 1))
[ -z "$(ls -A dot)" ] || fail "publish --out . wrote $(ls -A dot)"
run 7 --db missing.db publish --out nodb
expect_no_file nodb
run 2 batch - <<<"publish --out inbatch"
expect_no_file inbatch

# A failure part-way (here each file may hold 16 KiB; the pages of request 2
# are larger) leaves nothing at DIR and nothing beside it. The database is
# the backup, which has no -wal or -shm file to grow.
(
    trap '' XFSZ
    ulimit -f 16
    "$CRT" --db snapshot.db publish --out partway --as-of "$day" >.out 2>.err
    echo $? >.status
)
CHECKS=$((CHECKS + 1))
[ "$(cat .status)" = 7 ] || fail "a publish that could not write exited $(cat .status): $(cat .err)"
expect_err_has "File too large"
expect_no_file partway
CHECKS=$((CHECKS + 1))
[ -z "$(ls -d partway.* 2>/dev/null)" ] || fail "a failed publish left $(ls -d partway.*)"

# A database with no public engagements: the site says so.
"$CRT" --db none.db init -q
run 0 --db none.db publish --out nothing --as-of "$day"
CHECKS=$((CHECKS + 1))
grep -q "There are no organizational assessments or critical responses as of <span class=\"date\">$day</span>" nothing/index.html ||
    fail "the empty site does not say it is empty"
CHECKS=$((CHECKS + 1))
grep -q "There are no organizational assessments" nothing/engagements.html || fail "the empty list does not say so"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <nothing/data/public.csv)" -eq 1 ] || fail "the empty site's public.csv is not a header alone"
CHECKS=$((CHECKS + 1))
! grep -q '<svg class="chart"' nothing/index.html || fail "the empty site draws an empty chart"

done_testing
