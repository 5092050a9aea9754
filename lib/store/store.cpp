#include "lib/store/store.h"

#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/store/driver.h"
#include "lib/store/schema.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
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
Store::Store(Store&&) noexcept = default;
// The statements go first: a connection closes only once they are finalized.
Store& Store::operator=(Store&& other) noexcept {
    statements_.clear();
    db_ = std::move(other.db_);
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

long long Store::last_insert_id() {
    return db_->getLastInsertRowid();
}

bool Store::in_transaction() {
    return sqlite3_get_autocommit(db_->getHandle()) == 0;
}

void Store::backup(const std::string& path) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(path, error))) {
        fail(ErrorKind::conflict, "{}: a file already exists there; backup never overwrites one",
             path);
    }
    // VACUUM INTO copies one read transaction's snapshot, so writers may go
    // on meanwhile and the copy is still consistent.
    try {
        Statement vacuum(*this, "VACUUM INTO ?");
        vacuum.bind(1, path);
        vacuum.exec();
    } catch (const std::exception& e) {
        fs::remove(path, error);
        rethrow_store(e, path);
    }
}

std::string Store::engine_version() {
    return std::string("SQLite ") + sqlite3_libversion();
}

void Store::configure() {
    db_->setBusyTimeout(busy_timeout_ms());
    db_->exec("PRAGMA foreign_keys = ON");
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
    return db_->execAndGet("PRAGMA user_version").getInt();
}

Store Store::create(const std::string& path) {
    if (path.empty()) {
        fail(ErrorKind::usage, "the database path is empty");
    }
    // O_EXCL claims the path atomically: init never replaces anything, even a
    // file created a moment ago by another process.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST) {
            fail(ErrorKind::conflict,
                 "{}: a file already exists there; crt init never overwrites one", path);
        }
        fail(ErrorKind::io, "{}: cannot create the database ({})", path, std::strerror(errno));
    }
    ::close(fd);
    try {
        auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
        Store store(std::move(db), path);
        store.configure();
        store.db_->exec("PRAGMA journal_mode = WAL");
        store.db_->exec(fmt::format("PRAGMA application_id = {}", k_application_id));
        store.migrate();
        return store;
    } catch (const std::exception& e) {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            fs::remove(path + suffix, ignored);
        }
        rethrow_driver(e, path);
    }
}

Store Store::open(const std::string& path) {
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
        auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
        Store store(std::move(db), path);
        store.db_->setBusyTimeout(busy_timeout_ms());
        int application_id = store.db_->execAndGet("PRAGMA application_id").getInt();
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
    const auto& migrations = schema_migrations();
    for (int next = version + 1; next <= k_schema_version; ++next) {
        db_->exec(migrations.at(static_cast<std::size_t>(next - 1)));
        db_->exec(fmt::format("PRAGMA user_version = {}", next));
    }
    transaction.commit();
}

// Savepoints share one name: SQLite releases and rolls back to the innermost
// savepoint of a name, which is the innermost one open. Their statements are
// prepared once, as import opens one per row.
Store::Transaction::Transaction(Store& store, Nesting nesting)
    : store_(store), level_(store.depth_), savepoint_(level_ > 0 && nesting == savepoint),
      failed_before_(store.failed_) {
    try {
        if (level_ == 0) {
            store_.db_->exec("BEGIN IMMEDIATE");
            store_.failed_ = failed_before_ = false;
        } else if (savepoint_) {
            store_.cached("SAVEPOINT crt").exec();
        }
    } catch (const std::exception& e) {
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
            store_.cached(level_ == 0 ? "COMMIT" : "RELEASE crt").exec();
        } catch (const std::exception& e) {
            rethrow_driver(e, store_.path_);
        }
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
            store_.db_->exec("ROLLBACK");
        } else {
            store_.cached("ROLLBACK TO crt").exec();
            store_.cached("RELEASE crt").exec();
        }
    } catch (...) {
        // SQLite may already have rolled back (after SQLITE_FULL, say); nothing is left to undo.
    }
}

} // namespace crt
