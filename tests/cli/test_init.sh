# crt init and the store's refusal rules.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

run 0 init
expect_sql crt.db "PRAGMA application_id" 1129468977
expect_sql crt.db "PRAGMA user_version" 2
expect_sql crt.db "PRAGMA journal_mode" wal
expect_err_has "created crt database crt.db"
run 0 init --db quiet.db -q
expect_err_empty

# A second init refuses and leaves the database alone.
before=$(checksum crt.db)
run 5 init
expect_err_has "already exists"
expect_same_file crt.db "$before"

# Any other command on a missing database says how to create one and creates nothing.
run 7 agency list --db typo.db
expect_err_has "crt init --db typo.db"
expect_no_file typo.db
CRT_DB=env.db run 7 agency list
expect_no_file env.db
CRT_DB=env.db run 0 init
[ -f env.db ] || fail "CRT_DB was not used by init"

# A foreign SQLite file is refused and left byte for byte.
sqlite3 foreign.db "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
before=$(checksum foreign.db)
run 7 agency list --db foreign.db
expect_err_has "not a crt database"
expect_same_file foreign.db "$before"

# A database from a newer crt is refused, never touched.
"$CRT" init --db newer.db -q
sqlite3 newer.db "PRAGMA user_version = 99"
before=$(checksum newer.db)
run 7 agency list --db newer.db
expect_err_has "newer"
expect_same_file newer.db "$before"

# Not a database at all, a truncated one, a directory, an empty file.
echo "hello, world" > text.db
before=$(checksum text.db)
run 7 agency list --db text.db
expect_same_file text.db "$before"
head -c 1000 crt.db > truncated.db
run 7 agency list --db truncated.db
mkdir dir.db
run 7 agency list --db dir.db
expect_err_has "directory"
run 7 init --db missing-dir/new.db
expect_no_file missing-dir
: > empty.db
run 7 agency list --db empty.db
[ ! -s empty.db ] || fail "empty.db was written"

done_testing
