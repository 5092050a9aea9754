#include "lib/store/store.h"

#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/store/driver.h"
#include "lib/store/pg.h"
#include "lib/store/schema.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace crt {

namespace fs = std::filesystem;

int busy_timeout_ms() {
    const char* env = std::getenv("CRT_BUSY_TIMEOUT");
    if (env == nullptr || *env == '\0') {
        return 5000;
    }
    auto value = parse_integer(env, 0, 3'600'000);
    if (!value) {
        fail(ErrorKind::usage,
             "CRT_BUSY_TIMEOUT: '{}' is not a number of milliseconds (0 to 3600000)", env);
    }
    return static_cast<int>(*value);
}

namespace {

// A new private file (mode 0600, which the umask can only narrow) beside
// `target`, in the same directory so it can be linked into place. Its name
// says what it is, so one left behind by a killed process explains itself.
// Removed when dropped unless published; `database` removes the SQLite
// companions named after it too.
class TempFile {
  public:
    TempFile(const std::string& target, std::string_view what, bool database)
        : path_(fmt::format("{}.{}-XXXXXX", target, what)), database_(database) {
        fd_ = ::mkostemp(path_.data(), O_CLOEXEC);
        if (fd_ < 0) {
            int error = errno;
            path_.clear();
            fail(ErrorKind::io, "{}: cannot create a file in its directory ({})", target,
                 std::strerror(error));
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        if (!path_.empty()) {
            ::unlink(path_.c_str());
            for (const char* suffix : {"-wal", "-shm", "-journal"}) {
                if (database_) {
                    ::unlink((path_ + suffix).c_str());
                }
            }
        }
    }
    const std::string& path() const { return path_; }

    // Flushes the file to disk, then gives it the name `target` without ever
    // replacing a file there: link(2) fails on an existing name, where
    // rename(2) would silently replace it. `refusal` ends the conflict message.
    void publish(const std::string& target, std::string_view refusal) {
        if (::fsync(fd_) != 0) {
            fail(ErrorKind::io, "{}: cannot write the file to disk ({})", target,
                 std::strerror(errno));
        }
        int error = ::link(path_.c_str(), target.c_str()) == 0 ? 0 : errno;
        bool moved = false;
        if (error == EPERM || error == EOPNOTSUPP || error == EMLINK) {
            // A file system without hard links: an exclusive rename instead.
            error = ::renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, target.c_str(),
                                RENAME_NOREPLACE) == 0
                        ? 0
                        : errno;
            moved = error == 0;
        }
        if (error == EEXIST) {
            fail(ErrorKind::conflict, "{}: a file already exists there; {}", target, refusal);
        }
        if (error != 0) {
            fail(ErrorKind::io, "{}: cannot put the file in place ({})", target,
                 std::strerror(error));
        }
        if (moved) {
            path_.clear();
        }
        sync_directory(target);
    }

  private:
    // The new name is durable only once its directory is on disk. Best effort:
    // some file systems cannot sync a directory, and the file is in place.
    static void sync_directory(const std::string& target) {
        auto directory = fs::path(target).parent_path();
        int fd =
            ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    }

    std::string path_;
    bool database_;
    int fd_ = -1;
};

bool same_file(const std::string& a, const std::string& b) {
    struct stat first {};
    struct stat second {};
    return ::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0 &&
           first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

std::string canonical_or_empty(const std::string& path) {
    std::error_code error;
    auto canonical = fs::weakly_canonical(path, error);
    return error ? std::string() : canonical.string();
}

} // namespace

bool is_live_file(const std::string& path, const std::string& live) {
    std::string target = canonical_or_empty(path);
    std::string database = canonical_or_empty(live);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::string companion = live + suffix;
        if (same_file(path, companion)) {
            return true;
        }
        if (!target.empty() && (target == canonical_or_empty(companion) ||
                                (!database.empty() && target == database + suffix))) {
            return true;
        }
    }
    return false;
}

namespace {

bool exists_at(const std::string& path) {
    std::error_code error;
    return fs::exists(fs::symlink_status(path, error));
}

// A path as an SQLite URI filename: the characters a URI gives meaning to
// are escaped.
std::string uri_filename(const std::string& path) {
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#' || c <= ' ' || c >= 0x7f) {
            uri += fmt::format("%{:02X}", c);
        } else {
            uri += static_cast<char>(c);
        }
    }
    return uri;
}

// True when the write-ahead log beside `path` holds frames that may not yet
// be in the database file itself.
bool log_has_frames(const std::string& path) {
    struct stat log {};
    return ::stat((path + "-wal").c_str(), &log) == 0 && log.st_size > 0;
}

} // namespace

StoreError store_error(const SQLite::Exception& e) {
    auto cause = StoreError::Cause::other;
    switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: cause = StoreError::Cause::busy; break;
    case SQLITE_CONSTRAINT: cause = StoreError::Cause::constraint; break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: cause = StoreError::Cause::corrupt; break;
    default: break;
    }
    return StoreError(cause, e.what(), e.getErrorStr());
}

void rethrow_driver(const std::exception& e, const std::string& context) {
    if (const auto* driver = dynamic_cast<const SQLite::Exception*>(&e)) {
        rethrow_store(store_error(*driver), context);
    }
    rethrow_store(e, context);
}

Store::Store(std::unique_ptr<SQLite::Database> db, std::string path)
    : db_(std::move(db)), path_(std::move(path)) {}
Store::Store(std::unique_ptr<pg::Connection> pg, std::string uri, std::string shown)
    : pg_(std::move(pg)), uri_(std::move(uri)), path_(std::move(shown)) {}
Store::Store(Store&&) noexcept = default;
// The statements go first: a connection closes only once they are finalized.
Store& Store::operator=(Store&& other) noexcept {
    statements_.clear();
    db_ = std::move(other.db_);
    pg_ = std::move(other.pg_);
    uri_ = std::move(other.uri_);
    statements_ = std::move(other.statements_);
    path_ = std::move(other.path_);
    depth_ = other.depth_;
    failed_ = other.failed_;
    return *this;
}
// Statements go before the connection they were prepared on.
Store::~Store() {
    statements_.clear();
}

void Store::exec(std::string_view sql) {
    if (pg_) {
        return pg_->exec(sql);
    }
    try {
        db_->exec(std::string(sql));
    } catch (const SQLite::Exception& e) {
        throw store_error(e);
    }
}

long long Store::query_integer(std::string_view sql) {
    Statement query(*this, sql);
    return query.step() ? query.integer(0) : 0;
}

long long Store::query_integer(std::string_view sql, const std::vector<Cell>& binds) {
    Statement query(*this, sql);
    for (std::size_t i = 0; i < binds.size(); ++i) {
        query.bind(static_cast<int>(i + 1), binds[i]);
    }
    return query.step() ? query.integer(0) : 0;
}

std::string Store::query_text(std::string_view sql) {
    Statement query(*this, sql);
    return query.step() ? query.text(0) : std::string();
}

Store::Bulk::Bulk(Store& store) : store_(store) {
    if (store_.pg_) {
        store_.pg_->set_bulk(true);
    }
}

// The rows still held go before the next statement, or are dropped by a rollback.
Store::Bulk::~Bulk() {
    if (store_.pg_) {
        store_.pg_->set_bulk(false);
    }
}

std::string Store::shown(const std::string& location) {
    return pg::is_uri(location) ? pg::redact(location) : location;
}

bool Store::bulk_full() const {
    return pg_ && pg_->bulk_full();
}

void Store::flush() {
    if (pg_) {
        pg_->flush();
    }
}

long long Store::last_insert_id() {
    if (pg_) {
        return pg_->last_insert_id();
    }
    return db_->getLastInsertRowid();
}

// On PostgreSQL the server's privileges decide, statement by statement.
bool Store::read_only() {
    if (pg_) {
        return false;
    }
    return sqlite3_db_readonly(db_->getHandle(), "main") == 1;
}

bool Store::in_transaction() {
    if (pg_) {
        return pg_->in_transaction();
    }
    return sqlite3_get_autocommit(db_->getHandle()) == 0;
}

bool Store::transaction_failed() {
    return pg_ && pg_->transaction_failed();
}

bool Store::has_column(const std::string& table, const std::string& column) {
    const char* sql = pg_ ? "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                            "current_schema() AND table_name = ? AND column_name = ?"
                          : "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?";
    return query_integer(sql, {table, column}) > 0;
}

// SQLite's snapshot starts at the first read, so one is made at once.
Store::Snapshot::Snapshot(Store& store) : store_(store) {
    try {
        if (store_.pg_) {
            store_.pg_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            store_.query_integer("SELECT 1");
        } else {
            store_.exec("BEGIN DEFERRED");
            store_.query_integer("SELECT count(*) FROM sqlite_schema");
        }
    } catch (const std::exception& e) {
        rethrow_driver(e, store_.path_);
    }
}

Store::Snapshot::~Snapshot() {
    try {
        store_.exec("ROLLBACK");
    } catch (...) {
        // Nothing was written; a transaction the engine already ended is gone.
    }
}

Store Store::reopen() const {
    return open(pg_ ? uri_ : path_);
}

void Store::backup(const std::string& path) {
    if (pg_) {
        fail(ErrorKind::usage,
             "{}: crt backup copies a SQLite file; on PostgreSQL use pg_dump, or 'crt copy' to "
             "a new SQLite file",
             path_);
    }
    // Writing a copy over the database's own files would destroy the data it copies.
    if (is_live_file(path, path_)) {
        fail(ErrorKind::conflict,
             "{}: is the database being copied or one of its -wal, -shm, -journal files", path);
    }
    if (exists_at(path)) {
        fail(ErrorKind::conflict, "{}: a file already exists there; backup never overwrites one",
             path);
    }
    // The copy is made under a temporary name and linked into place only when
    // complete, so PATH never holds a partial copy and nothing there (even a
    // file created meanwhile) is replaced or removed.
    TempFile temp(path, "unfinished-backup", true);
    // VACUUM INTO copies one read transaction's snapshot, so writers may go
    // on meanwhile and the copy is still consistent. Its target may exist
    // when empty, and keeps the temporary file's private mode.
    try {
        Statement vacuum(*this, "VACUUM INTO ?");
        vacuum.bind(1, temp.path());
        vacuum.exec();
    } catch (const std::exception& e) {
        rethrow_store(e, path);
    }
    temp.publish(path, "backup never overwrites one");
}

namespace {

// How long a reader may wait, whatever the busy timeout: in WAL mode a
// reader is blocked only in short windows (a connection that closes last
// checkpoints under an exclusive lock; the first to open rebuilds the
// index), so readers wait these out instead of failing busy.
constexpr int k_reader_wait_ms = 10'000;

// SQLite's own back-off: short sleeps first, then 100 ms at a time.
int on_busy(void* state, int count) {
    static constexpr std::array<int, 12> k_delays = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    const auto& busy = *static_cast<const Store::BusyWait*>(state);
    int limit = busy.writing ? busy.timeout_ms : std::max(busy.timeout_ms, k_reader_wait_ms);
    auto step = static_cast<std::size_t>(count);
    int waited = 0;
    for (std::size_t i = 0; i < std::min(step, k_delays.size()); ++i) {
        waited += k_delays[i];
    }
    if (step > k_delays.size()) {
        waited += static_cast<int>(step - k_delays.size()) * k_delays.back();
    }
    if (waited >= limit) {
        return 0;
    }
    sqlite3_sleep(std::min(k_delays[std::min(step, k_delays.size() - 1)], limit - waited));
    return 1;
}

} // namespace

void Store::wait_when_busy(int timeout_ms) {
    busy_->timeout_ms = timeout_ms;
    sqlite3_busy_handler(db_->getHandle(), on_busy, busy_.get());
}

std::string Store::engine_version() {
    return std::string("SQLite ") + sqlite3_libversion() + ", PostgreSQL client " +
           pg::client_version();
}

void Store::configure() {
    wait_when_busy(busy_timeout_ms());
    db_->exec("PRAGMA foreign_keys = ON");
}

void Store::control(const char* sql) {
    if (pg_) {
        return pg_->exec(sql);
    }
    cached(sql).exec();
}

Statement& Store::cached(const char* sql) {
    auto& statement = statements_[sql];
    if (!statement) {
        statement = std::make_unique<Statement>(*this, sql);
    } else {
        statement->reset();
        statement->clear_bindings();
    }
    return *statement;
}

int Store::schema_version() {
    if (pg_) {
        return static_cast<int>(query_integer(
            "SELECT CAST(value AS BIGINT) FROM crt_meta WHERE key = 'schema_version'"));
    }
    return db_->execAndGet("PRAGMA user_version").getInt();
}

Store Store::create(const std::string& path) {
    return create(path, {});
}

Store Store::create(const std::string& path, const std::function<void(Store&)>& fill) {
    if (pg::is_uri(path)) {
        return create_postgres(path, fill);
    }
    if (path.empty()) {
        fail(ErrorKind::usage, "the database path is empty");
    }
    busy_timeout_ms(); // a malformed value is refused before anything is written
    if (exists_at(path)) {
        fail(ErrorKind::conflict, "{}: a file already exists there; crt {} never overwrites one",
             path, fill ? "copy" : "init");
    }
    // The database is built under a temporary name and linked into place
    // complete: an init killed at any moment leaves nothing at the path (at
    // most a temporary file beside it), and a file that appeared at the path
    // meanwhile is never replaced.
    TempFile temp(path, "unfinished-init", true);
    try {
        auto db = std::make_unique<SQLite::Database>(temp.path(), SQLite::OPEN_READWRITE);
        Store store(std::move(db), temp.path());
        store.configure();
        store.db_->exec("PRAGMA journal_mode = WAL");
        store.db_->exec(fmt::format("PRAGMA application_id = {}", k_application_id));
        store.migrate();
        if (fill) {
            fill(store);
        }
        // Closing checkpoints the log into the file and removes the -wal and
        // -shm, which are named after the temporary file.
    } catch (const std::exception& e) {
        rethrow_driver(e, path);
    }
    temp.publish(path, fill ? "crt copy never overwrites one" : "crt init never overwrites one");
    return open(path);
}

Store Store::open(const std::string& path) {
    if (pg::is_uri(path)) {
        return open_postgres(path);
    }
    if (path.empty()) {
        fail(ErrorKind::usage, "the database path is empty");
    }
    std::error_code error;
    auto status = fs::status(path, error);
    if (!fs::exists(status)) {
        fail(ErrorKind::io, "{}: no such database; create one with 'crt init --db {}'", path, path);
    }
    if (fs::is_directory(status)) {
        fail(ErrorKind::io, "{}: is a directory, not a crt database", path);
    }
    try {
        int timeout = busy_timeout_ms();
        auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
        Store store(std::move(db), path);
        store.wait_when_busy(timeout);
        int application_id = 0;
        try {
            application_id = store.db_->execAndGet("PRAGMA application_id").getInt();
        } catch (const SQLite::Exception& e) {
            // In a directory it cannot write, SQLite cannot create the -shm
            // index a WAL reader needs. With no log beside the file, the file
            // alone holds every committed change, so it is read as it stands,
            // without the index and without locks. A log with frames is not
            // skipped: that would show stale data.
            int code = e.getErrorCode();
            if ((code != SQLITE_READONLY && code != SQLITE_CANTOPEN) || log_has_frames(path)) {
                throw;
            }
            store.statements_.clear();
            store.db_ = std::make_unique<SQLite::Database>(
                uri_filename(path) + "?immutable=1", SQLite::OPEN_READONLY | SQLite::OPEN_URI);
            store.wait_when_busy(timeout);
            application_id = store.db_->execAndGet("PRAGMA application_id").getInt();
        }
        if (application_id != k_application_id) {
            fail(ErrorKind::io, "{}: not a crt database (it is another SQLite file)", path);
        }
        int version = store.schema_version();
        if (version > k_schema_version) {
            fail(ErrorKind::io,
                 "{}: schema version {} is newer than this crt supports ({}); use a newer crt",
                 path, version, k_schema_version);
        }
        store.configure();
        if (version < k_schema_version) {
            if (store.read_only()) {
                fail(ErrorKind::io,
                     "{}: schema version {} must be upgraded to {}, which needs write access to "
                     "the file and its directory",
                     path, version, k_schema_version);
            }
            store.migrate();
        }
        return store;
    } catch (const std::exception& e) {
        rethrow_driver(e, path);
    }
}

void Store::migrate() {
    Transaction transaction(*this);
    // Read again under the write lock: another process may have migrated.
    int version = schema_version();
    if (pg_) {
        const auto& migrations = pg_schema_migrations();
        for (int next = std::max(version + 1, 2); next <= k_schema_version; ++next) {
            pg_->exec(migrations.at(static_cast<std::size_t>(next - 1)));
            pg_->exec(fmt::format("INSERT INTO crt_meta (key, value) VALUES ('schema_version', "
                                  "'{0}') ON CONFLICT (key) DO UPDATE SET value = '{0}'",
                                  next));
        }
        transaction.commit();
        return;
    }
    const auto& migrations = schema_migrations();
    for (int next = version + 1; next <= k_schema_version; ++next) {
        db_->exec(migrations.at(static_cast<std::size_t>(next - 1)));
        db_->exec(fmt::format("PRAGMA user_version = {}", next));
    }
    transaction.commit();
}

namespace {

// The tables, views and sequences in the connection's schema (the first
// on its search_path).
constexpr const char* k_pg_relations =
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p')";

} // namespace

Store Store::create_postgres(const std::string& uri, const std::function<void(Store&)>& fill) {
    auto shown = pg::redact(uri);
    try {
        Store store(std::make_unique<pg::Connection>(uri, shown), uri, shown);
        if (store.query_text("SELECT coalesce(current_schema(), '')").empty()) {
            fail(ErrorKind::io, "{}: no schema to create the tables in (check search_path)", shown);
        }
        Transaction transaction(store);
        if (store.query_integer(k_pg_relations) != 0) {
            fail(ErrorKind::conflict,
                 "{}: the database (schema {}) already holds tables; crt {} needs an empty one",
                 shown, store.query_text("SELECT current_schema()"), fill ? "copy" : "init");
        }
        const auto& migrations = pg_schema_migrations();
        store.pg_->exec(migrations.at(static_cast<std::size_t>(k_schema_version - 1)));
        store.pg_->exec(fmt::format("INSERT INTO crt_meta (key, value) VALUES "
                                    "('application_id', '{}'), ('schema_version', '{}')",
                                    k_application_id, k_schema_version));
        if (fill) {
            fill(store);
        }
        transaction.commit();
        return store;
    } catch (const std::exception& e) {
        rethrow_driver(e, shown);
    }
}

Store Store::open_postgres(const std::string& uri) {
    auto shown = pg::redact(uri);
    try {
        Store store(std::make_unique<pg::Connection>(uri, shown), uri, shown);
        if (store.query_integer("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                                "n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                                "AND c.relname = 'crt_meta'") == 0) {
            if (store.query_integer(k_pg_relations) == 0) {
                fail(ErrorKind::io, "{}: no crt database here; create one with 'crt init --db {}'",
                     shown, shown);
            }
            fail(ErrorKind::io, "{}: not a crt database (its schema holds other tables)", shown);
        }
        if (store.query_text("SELECT value FROM crt_meta WHERE key = 'application_id'") !=
            std::to_string(k_application_id)) {
            fail(ErrorKind::io, "{}: not a crt database (crt_meta names another application)",
                 shown);
        }
        int version = store.schema_version();
        if (version > k_schema_version) {
            fail(ErrorKind::io,
                 "{}: schema version {} is newer than this crt supports ({}); use a newer crt",
                 shown, version, k_schema_version);
        }
        if (version < k_schema_version) {
            store.migrate();
        }
        return store;
    } catch (const std::exception& e) {
        rethrow_driver(e, shown);
    }
}

// Savepoints share one name: SQLite releases and rolls back to the innermost
// savepoint of a name, which is the innermost one open. Their statements are
// prepared once, as import opens one per row.
Store::Transaction::Transaction(Store& store, Nesting nesting)
    : store_(store), level_(store.depth_), savepoint_(level_ > 0 && nesting == savepoint),
      failed_before_(store.failed_) {
    if (level_ == 0 && store_.read_only()) {
        fail(ErrorKind::io,
             "{}: the database is read-only here (no write access to the file or its "
             "directory); nothing was changed",
             store_.path_);
    }
    try {
        if (level_ == 0 && store_.pg_) {
            // One writer at a time, as on SQLite: see lock_for_write.
            store_.pg_->exec("BEGIN");
            store_.pg_->lock_for_write();
            store_.failed_ = failed_before_ = false;
        } else if (level_ == 0) {
            // Taking the write lock waits only the busy timeout (exit 6 after).
            store_.busy_->writing = true;
            store_.db_->exec("BEGIN IMMEDIATE");
            store_.failed_ = failed_before_ = false;
        } else if (savepoint_) {
            store_.control("SAVEPOINT crt");
        }
    } catch (const std::exception& e) {
        if (level_ == 0) {
            store_.busy_->writing = false;
            if (store_.pg_ && store_.pg_->in_transaction()) {
                try {
                    store_.pg_->exec("ROLLBACK");
                } catch (...) {
                    // The connection is gone; so is the transaction.
                }
            }
        }
        rethrow_driver(e, store_.path_);
    }
    ++store_.depth_;
}

void Store::Transaction::commit() {
    if (level_ == 0 || savepoint_) {
        if (store_.failed_) {
            throw std::logic_error("a failed step was about to be committed");
        }
        try {
            store_.control(level_ == 0 ? "COMMIT" : "RELEASE crt");
        } catch (const std::exception& e) {
            rethrow_driver(e, store_.path_);
        }
    }
    if (level_ == 0) {
        store_.busy_->writing = false;
    }
    done_ = true;
    --store_.depth_;
}

Store::Transaction::~Transaction() {
    if (done_) {
        return;
    }
    --store_.depth_;
    if (level_ > 0 && !savepoint_) {
        store_.failed_ = true; // the level that undoes it is further out
        return;
    }
    store_.failed_ = failed_before_;
    try {
        if (level_ == 0) {
            store_.busy_->writing = false;
            store_.exec("ROLLBACK");
        } else {
            store_.control("ROLLBACK TO crt");
            store_.control("RELEASE crt");
        }
    } catch (...) {
        // SQLite may already have rolled back (after SQLITE_FULL, say); nothing is left to undo.
    }
}

} // namespace crt
