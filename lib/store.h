// The one place that opens a crt database and sets its pragmas.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace crt {

inline constexpr int k_application_id = 0x43525431; // "CRT1"
inline constexpr int k_schema_version = 1;

class Store {
  public:
    // Creates a new database at `path`; refuses (conflict) when anything exists there.
    static Store create(const std::string& path);
    // Opens an existing crt database; refuses a missing path, a foreign or corrupt
    // file and a newer schema (io) without writing to it.
    static Store open(const std::string& path);

    SQLite::Database& db() { return *db_; }
    // A prepared statement kept for the life of the store, reset and with its
    // bindings cleared: for statements run once per row of a bulk job. `sql`
    // must be a string literal: statements are found by its address.
    SQLite::Statement& cached(const char* sql);
    const std::string& path() const { return path_; }
    int schema_version();

    // A write transaction: BEGIN IMMEDIATE at the outermost level (so a writer
    // waits for the lock up front instead of failing on upgrade), a SAVEPOINT
    // when nested. Rolls back unless committed.
    class Transaction {
      public:
        explicit Transaction(Store& store);
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        ~Transaction();
        void commit();

      private:
        Store& store_;
        int level_;
        bool done_ = false;
    };

  private:
    Store(std::unique_ptr<SQLite::Database> db, std::string path);
    void configure();
    void migrate();

    std::unique_ptr<SQLite::Database> db_;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
    std::string path_;
    int depth_ = 0;
};

// The busy timeout in milliseconds: `$CRT_BUSY_TIMEOUT`, default 5000.
int busy_timeout_ms();

} // namespace crt
