// Inside lib/store only: the PostgreSQL engine, over libpq. No header outside
// lib/store includes this one; everything above sees Store and Statement.
#pragma once

#include "lib/base/error.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace crt::pg {

// True when `location` is a PostgreSQL connection URI (postgresql:// or
// postgres://); anything else is a SQLite path.
bool is_uri(std::string_view location);

// `uri` with any password replaced by "***", for messages.
std::string redact(std::string_view uri);

// libpq's version and, once connected, the server's, for crt --version.
std::string client_version();

// One connection. Failures are StoreErrors whose cause sorts them as SQLite's
// are (busy, constraint, corrupt, other); messages never hold the password.
class Connection {
  public:
    // Connects within the connect timeout ($CRT_CONNECT_TIMEOUT seconds,
    // default 10, unless the URI sets connect_timeout) and sets the session's
    // lock and statement timeouts. `where` names the database in errors.
    Connection(const std::string& uri, const std::string& where);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // Runs SQL text without parameters (one or more statements).
    void exec(std::string_view sql);
    bool in_transaction() const;
    // True when a statement failed in the open transaction: the server then
    // refuses every statement until it ends.
    bool transaction_failed() const;
    // Takes the database's write lock for this transaction (see store.cpp),
    // waiting at most the busy timeout.
    void lock_for_write();
    long long last_insert_id();
    const std::string& where() const { return where_; }
    pg_conn* handle() { return conn_; }
    // A name for the next server-side prepared statement.
    std::string next_statement_name() { return "crt" + std::to_string(++statements_); }

    // Bulk writing: while on, a plain INSERT of parameters only waits in
    // memory, and the rows go to the server as one COPY per table, in the
    // order the tables were first written, before any other statement runs
    // or at flush. A rollback drops them. A failure of a row shows when the
    // rows go, not at the INSERT. last_insert_id is not the INSERT's then.
    void set_bulk(bool on) {
        bulk_ = on;
        if (!on && pending_bytes_ == 0) {
            pending_.clear(); // the next job sets its own order of tables
        }
    }
    bool bulk() const { return bulk_; }
    void queue(const std::string& copy, const std::vector<std::optional<std::string>>& values);
    // True when the rows held reach a few MiB: time to flush.
    bool bulk_full() const;
    void flush();

  private:
    struct Pending {
        std::string copy; // COPY table (columns) FROM STDIN
        std::string data; // its rows, in COPY's text format
    };

    pg_conn* conn_ = nullptr;
    std::string where_;
    int busy_ms_ = 0; // CRT_BUSY_TIMEOUT, read once at connect
    long long statements_ = 0;
    bool bulk_ = false;
    std::vector<Pending> pending_;
    std::size_t pending_bytes_ = 0;
};

// Throws the StoreError for a failed result (or a failed connection when
// `result` is null) and frees the result.
[[noreturn]] void raise(pg_conn* conn, pg_result* result);

// One statement. crt's SQL is written for both engines; this rewrites its
// parameters (?, ?N, :name) as $N, runs it once per step cycle and holds the
// whole result, so statements may interleave on one connection as they do on
// SQLite.
class Cursor {
  public:
    Cursor(Connection& connection, std::string_view sql);
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    ~Cursor();

    void bind_null(int index);
    void bind_integer(int index, long long value);
    void bind_real(int index, double value);
    void bind_text(int index, std::string_view value);
    int parameter_index(const char* name) const;

    bool step();
    int exec();
    void reset();
    void clear_bindings();

    bool is_null(int column) const;
    std::string_view text(int column) const;
    long long integer(int column) const;
    double real(int column) const;
    bool is_integer(int column) const;
    bool is_real(int column) const;
    bool is_text(int column) const;
    int column_count() const;

  private:
    void run();
    void check_row(int column) const;

    Connection& connection_;
    std::string sql_;
    std::vector<std::string> names_; // the name of each $N, "" when positional
    std::vector<std::optional<std::string>> values_;
    std::vector<unsigned> types_; // the type each value was bound as, for a retry
    std::vector<bool> unused_;    // numbers the SQL never names
    std::string prepared_;        // the server-side name once run twice
    std::string copy_;            // for a plain INSERT of parameters only, its COPY
    int runs_ = 0;
    pg_result* result_ = nullptr;
    int row_ = -1;
    int rows_ = 0;
    bool done_ = false;
};

} // namespace crt::pg
