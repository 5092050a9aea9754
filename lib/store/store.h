// The one place that opens a crt database and sets its pragmas.
#pragma once

#include "lib/store/statement.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace SQLite {
class Database;
}

namespace crt {

namespace pg {
class Connection;
}

inline constexpr int k_application_id = 0x43525431; // "CRT1"
inline constexpr int k_schema_version = 2;

// True when `path` names the database `live` or one of its companion files
// (-wal, -shm, -journal), by name (through links and `..`) or by inode (a
// hard link): a file no command may write over.
bool is_live_file(const std::string& path, const std::string& live);

class Store {
  public:
    // Creates a new database at `path`, private to its owner (mode 0600);
    // refuses (conflict) when anything exists there. The database is built
    // beside `path` and linked into place complete, so an interrupted create
    // leaves nothing at `path`.
    static Store create(const std::string& path);
    // The same, with `fill` run on the new database before it is in place
    // (SQLite) or before its creating transaction commits (PostgreSQL): a
    // failure in `fill` leaves nothing at `path` and no tables on the server.
    static Store create(const std::string& path, const std::function<void(Store&)>& fill);
    // Opens an existing crt database; refuses a missing path, a foreign or corrupt
    // file and a newer schema (io) without writing to it. A database that
    // cannot be written (its file or directory) opens read-only: reads work,
    // a Transaction is refused (io).
    static Store open(const std::string& path);
    // `path` may also be a PostgreSQL connection URI (postgresql:// or
    // postgres://): create then makes crt's tables in the URI's schema, which
    // must hold none, and open connects to one that holds them.

    // A second connection to the same database (crt check reads on two).
    Store reopen() const;

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    // A prepared statement kept for the life of the store, reset and with its
    // bindings cleared: for statements run once per row of a bulk job. `sql`
    // must have static storage (a literal, or a static string's c_str()):
    // statements are found by its address.
    Statement& cached(const char* sql);
    // Runs SQL text of one or more statements that take no parameters.
    void exec(std::string_view sql);
    // The first column of the first row of a query without parameters
    // (0 or "" when it has no row).
    long long query_integer(std::string_view sql);
    std::string query_text(std::string_view sql);
    // The same for a query with parameters, bound in order (a count, say).
    long long query_integer(std::string_view sql, const std::vector<Cell>& binds);
    // True when `table` has a column named `column`.
    bool has_column(const std::string& table, const std::string& column);
    // The rowid of the last row this connection inserted.
    long long last_insert_id();
    // True between BEGIN and COMMIT or ROLLBACK.
    bool in_transaction();
    // True when a failed statement has ended the transaction's use: on
    // PostgreSQL until a rollback (to a savepoint, say); never on SQLite,
    // which undoes a failed statement alone.
    bool transaction_failed();
    // True when this connection cannot write (see open).
    bool read_only();
    // Writes a consistent copy of the database to `path`, where nothing may
    // exist and which may not be the database or its -wal, -shm or -journal
    // (conflict). The copy is private (mode 0600), written beside `path` under
    // a temporary name and linked into place complete without replacing
    // anything; a failure removes only that temporary file.
    void backup(const std::string& path);
    // The engine's name and version, for crt --version.
    static std::string engine_version();
    // The path, or the URI with its password hidden: for messages.
    const std::string& path() const { return path_; }
    // The same for a location not opened (yet).
    static std::string shown(const std::string& location);
    // True on PostgreSQL.
    bool is_postgres() const { return pg_ != nullptr; }
    // How long taking the write lock waits, in milliseconds (readers may
    // wait longer; see store.cpp).
    int busy_timeout() const { return busy_->timeout_ms; }
    int schema_version();

    // A write transaction: BEGIN IMMEDIATE at the outermost level (so a writer
    // waits for the lock up front instead of failing on upgrade). Rolls back
    // unless committed.
    //
    // A nested Transaction joins the one around it: its failure propagates,
    // and the enclosing rollback undoes its writes. Code that catches a
    // failure and goes on (import, row by row) asks for a `savepoint`, which
    // undoes just that level. Committing over a joined level that failed is
    // refused, so partial work can never be committed by mistake.
    class Transaction {
      public:
        enum Nesting { joined, savepoint };
        explicit Transaction(Store& store, Nesting nesting = joined);
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        ~Transaction();
        void commit();

      private:
        Store& store_;
        int level_;
        bool savepoint_;
        bool failed_before_; // the store's `failed_` when this level began
        bool done_ = false;
    };

    // While a Bulk lives, plain INSERTs (of parameters only) on PostgreSQL
    // wait in memory and go to the server in one COPY per table before the
    // next other statement, so a job of many rows pays few round trips. A
    // failure among them shows at that statement or at flush(). On SQLite,
    // where a statement costs no round trip, nothing changes.
    class Bulk {
      public:
        explicit Bulk(Store& store);
        Bulk(const Bulk&) = delete;
        Bulk& operator=(const Bulk&) = delete;
        ~Bulk();

      private:
        Store& store_;
    };
    // Sends the rows a Bulk holds back, if any.
    void flush();
    // True when the rows held back reach a few MiB: a long job flushes then,
    // so its memory stays flat.
    bool bulk_full() const;

    // A read transaction: every query until it ends sees one snapshot of
    // the database, whatever others commit meanwhile (a copy, say).
    class Snapshot {
      public:
        explicit Snapshot(Store& store);
        Snapshot(const Snapshot&) = delete;
        Snapshot& operator=(const Snapshot&) = delete;
        ~Snapshot();

      private:
        Store& store_;
    };

    // What the busy handler reads: the timeout, and whether this store is
    // taking or holding the write lock. On the heap, so that a moved Store
    // keeps it in place.
    struct BusyWait {
        int timeout_ms = 0;
        bool writing = false;
    };

  private:
    friend class Statement;
    SQLite::Database& database() { return *db_; }
    Store(std::unique_ptr<SQLite::Database> db, std::string path);
    Store(std::unique_ptr<pg::Connection> pg, std::string uri, std::string shown);
    static Store create_postgres(const std::string& uri, const std::function<void(Store&)>& fill);
    static Store open_postgres(const std::string& uri);
    void configure();
    void migrate();
    // Runs a transaction-control statement (prepared once on SQLite).
    void control(const char* sql);
    // Installs the busy handler (see BusyWait in store.cpp) on db_.
    void wait_when_busy(int timeout_ms);

    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<pg::Connection> pg_; // instead of db_ on PostgreSQL
    std::string uri_;                    // the URI as given, password included
    std::unique_ptr<BusyWait> busy_ = std::make_unique<BusyWait>();
    std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
    std::string path_;
    int depth_ = 0;
    bool failed_ = false; // a joined level unwound without committing
};

// The busy timeout in milliseconds: `$CRT_BUSY_TIMEOUT`, default 5000.
int busy_timeout_ms();

} // namespace crt
