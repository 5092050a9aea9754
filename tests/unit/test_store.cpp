#include "lib/store/store.h"

#include "lib/store/schema.h"

#include "support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <vector>

using crt::Store;
using crt::StoreError;
using crt::test::error_kind;
using crt::test::read_bytes;
using crt::test::sqlite3_shell;
using crt::test::TempDir;

namespace fs = std::filesystem;

namespace {

long long count(Store& store, const std::string& table) {
    return store.query_integer("SELECT count(*) FROM " + table);
}

bool in_transaction(Store& store) {
    return store.in_transaction();
}

// Creates a crt database at `path`, lets `change` alter it, and closes it.
template <typename Change> void make_database(const std::string& path, Change change) {
    Store store = Store::create(path);
    change(store);
}

} // namespace

TEST_CASE("store::Store::create") {
    TempDir tmp;
    const std::string path = tmp.file("crt.db");

    SUBCASE("a new database with the crt application id, schema version and WAL") {
        Store store = Store::create(path);
        CHECK(fs::is_regular_file(path));
        CHECK(store.path() == path);
        CHECK(store.query_integer("PRAGMA application_id") == 0x43525431);
        CHECK(crt::k_application_id == 0x43525431);
        CHECK(store.query_integer("PRAGMA user_version") == crt::k_schema_version);
        CHECK(store.schema_version() == crt::k_schema_version);
        CHECK(store.query_text("PRAGMA journal_mode") == "wal");
        CHECK(count(store, "agency") == 0);
        CHECK(count(store, "history") == 0);
    }
    SUBCASE("what create wrote, open accepts") {
        make_database(path, [](Store&) {});
        Store store = Store::open(path);
        CHECK(store.schema_version() == crt::k_schema_version);
    }
    SUBCASE("an existing file is refused as a conflict and left as it was") {
        tmp.write("crt.db", "precious data\n");
        CHECK(error_kind([&] { Store::create(path); }) == "conflict");
        CHECK(read_bytes(path) == "precious data\n");
    }
    SUBCASE("an existing crt database is refused too") {
        make_database(path, [](Store& store) {
            store.exec("INSERT INTO expert (handle, name) VALUES ('kept', 'Kept')");
        });
        std::string before = read_bytes(path);
        CHECK(error_kind([&] { Store::create(path); }) == "conflict");
        CHECK(read_bytes(path) == before);
        Store store = Store::open(path);
        CHECK(count(store, "expert") == 1);
    }
    SUBCASE("a path in a missing directory is an io error and creates nothing") {
        std::string nested = tmp.file("no/such/dir/crt.db");
        CHECK(error_kind([&] { Store::create(nested); }) == "io");
        CHECK_FALSE(fs::exists(tmp.file("no")));
    }
}

TEST_CASE("store::Store::open refusals") {
    TempDir tmp;
    const std::string path = tmp.file("crt.db");

    SUBCASE("a missing path is an io error and creates nothing") {
        CHECK(error_kind([&] { Store::open(path); }) == "io");
        CHECK(crt::test::error_message([&] { Store::open(path); }).find("crt init") !=
              std::string::npos);
        CHECK_FALSE(fs::exists(path));
        CHECK(fs::is_empty(tmp.file("")));
    }
    SUBCASE("a foreign SQLite file is refused untouched") {
        sqlite3_shell(path, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');");
        std::string before = read_bytes(path);
        CHECK(error_kind([&] { Store::open(path); }) == "io");
        CHECK(read_bytes(path) == before);
        CHECK(sqlite3_shell(path, "PRAGMA user_version; SELECT count(*) FROM sqlite_schema;") ==
              "0\n1\n");
    }
    SUBCASE("a crt database from a newer crt is refused untouched") {
        make_database(path, [](Store& store) { store.exec("PRAGMA user_version = 99"); });
        std::string before = read_bytes(path);
        CHECK(error_kind([&] { Store::open(path); }) == "io");
        CHECK(crt::test::error_message([&] { Store::open(path); }).find("99") != std::string::npos);
        CHECK(read_bytes(path) == before);
    }
    SUBCASE("a text file is refused untouched") {
        tmp.write("crt.db", "id,name\n1,not a database\n");
        CHECK(error_kind([&] { Store::open(path); }) == "io");
        CHECK(read_bytes(path) == "id,name\n1,not a database\n");
    }
    SUBCASE("an empty file is not a crt database") {
        tmp.write("crt.db", "");
        CHECK(error_kind([&] { Store::open(path); }) == "io");
        CHECK(fs::file_size(path) == 0);
    }
    SUBCASE("a directory is refused") {
        fs::create_directory(path);
        CHECK(error_kind([&] { Store::open(path); }) == "io");
        CHECK(fs::is_empty(path));
    }
    SUBCASE("an empty path is a usage error") {
        CHECK(error_kind([] { Store::open(""); }) == "usage");
    }
}

TEST_CASE("store::Store::open migrates version 1") {
    TempDir tmp;
    const std::string path = tmp.file("crt.db");
    // A database as the first released crt wrote it, with a history row.
    sqlite3_shell(path, fmt::format("PRAGMA application_id = {};\n{}\n"
                                    "INSERT INTO history (entity, entity_id, action, actor, "
                                    "recorded_at, effective_date) VALUES ('agency', 'CA0194200', "
                                    "'create', 'jdoe', '2026-01-01T00:00:00Z', '2026-01-01');\n"
                                    "PRAGMA user_version = 1;",
                                    crt::k_application_id, crt::schema_migrations().at(0)));
    {
        Store store = Store::open(path);
        CHECK(store.schema_version() == crt::k_schema_version);
        CHECK(store.query_integer("SELECT count(*) FROM history WHERE id = 1 AND actor = 'jdoe' "
                                  "AND corrects IS NULL") == 1);
        auto refusal = [&](const char* sql) {
            try {
                store.exec(sql);
            } catch (const StoreError& e) {
                return std::string(e.what());
            }
            return std::string("accepted");
        };
        // Still append-only, and the new actions are accepted.
        CHECK(refusal("DELETE FROM history").find("append-only") != std::string::npos);
        CHECK(refusal("INSERT INTO history (entity, entity_id, action, actor, recorded_at, "
                      "effective_date, corrects) VALUES ('agency', 'CA0194200', 'correct', "
                      "'jdoe', '2026-01-02T00:00:00Z', '2026-01-01', 1)") == "accepted");
        // A void or correct row must name an existing row it corrects.
        CHECK(refusal("INSERT INTO history (entity, entity_id, action, actor, recorded_at, "
                      "effective_date) VALUES ('agency', 'CA0194200', 'void', 'jdoe', "
                      "'2026-01-02T00:00:00Z', '2026-01-01')")
                  .find("CHECK constraint failed") != std::string::npos);
        CHECK(refusal("INSERT INTO history (entity, entity_id, action, actor, recorded_at, "
                      "effective_date, corrects) VALUES ('agency', 'CA0194200', 'void', "
                      "'jdoe', '2026-01-02T00:00:00Z', '2026-01-01', 99)")
                  .find("FOREIGN KEY") != std::string::npos);
    }
    CHECK(sqlite3_shell(path, "PRAGMA integrity_check; PRAGMA foreign_key_check;") == "ok\n");
}

TEST_CASE("store::Store::open pragmas") {
    TempDir tmp;
    const std::string path = tmp.file("crt.db");
    make_database(path, [](Store&) {});

    SUBCASE("foreign keys on, busy timeout 5000 ms by default") {
        crt::test::ScopedEnv env("CRT_BUSY_TIMEOUT", std::nullopt);
        Store store = Store::open(path);
        CHECK(store.query_integer("PRAGMA foreign_keys") == 1);
        CHECK(store.busy_timeout() == 5000);
        CHECK(store.query_text("PRAGMA journal_mode") == "wal");
    }
    SUBCASE("$CRT_BUSY_TIMEOUT sets the busy timeout") {
        crt::test::ScopedEnv env("CRT_BUSY_TIMEOUT", "1234");
        CHECK(crt::busy_timeout_ms() == 1234);
        Store store = Store::open(path);
        CHECK(store.busy_timeout() == 1234);
    }
    SUBCASE("a malformed $CRT_BUSY_TIMEOUT is a usage error") {
        for (const char* value : {"soon", "-1", "10ms", "3600001"}) {
            CAPTURE(value);
            crt::test::ScopedEnv env("CRT_BUSY_TIMEOUT", value);
            CHECK(error_kind([] { crt::busy_timeout_ms(); }) == "usage");
        }
    }
    SUBCASE("foreign keys are enforced") {
        Store store = Store::open(path);
        CHECK_THROWS_AS(
            store.exec("INSERT INTO expert_topic (expert, topic) VALUES ('nobody', 'x')"),
            StoreError);
    }
}

TEST_CASE("store::Store::Transaction") {
    TempDir tmp;
    Store store = Store::create(tmp.file("crt.db"));
    store.exec("CREATE TABLE scratch (x INTEGER)");
    auto insert = [&](int x) {
        store.exec("INSERT INTO scratch VALUES (" + std::to_string(x) + ")");
    };

    SUBCASE("committed work stays") {
        {
            Store::Transaction transaction(store);
            CHECK(in_transaction(store));
            insert(1);
            transaction.commit();
        }
        CHECK_FALSE(in_transaction(store));
        CHECK(count(store, "scratch") == 1);
    }
    SUBCASE("work not committed is rolled back") {
        {
            Store::Transaction transaction(store);
            insert(1);
        }
        CHECK_FALSE(in_transaction(store));
        CHECK(count(store, "scratch") == 0);
    }
    SUBCASE("an exception rolls back") {
        try {
            Store::Transaction transaction(store);
            insert(1);
            throw std::runtime_error("stop");
        } catch (const std::runtime_error&) {
        }
        CHECK(count(store, "scratch") == 0);
    }
    SUBCASE("a nested savepoint rolls back only its own part") {
        {
            Store::Transaction outer(store);
            insert(1);
            {
                Store::Transaction inner(store, Store::Transaction::savepoint);
                insert(2);
                {
                    Store::Transaction joined(store);
                    insert(4);
                }
            }
            CHECK(in_transaction(store));
            CHECK(count(store, "scratch") == 1);
            insert(3);
            outer.commit();
        }
        CHECK(store.query_text("SELECT group_concat(x) FROM scratch") == "1,3");
    }
    SUBCASE("savepoints nest, each undoing only its own level") {
        {
            Store::Transaction outer(store);
            Store::Transaction first(store, Store::Transaction::savepoint);
            insert(1);
            {
                Store::Transaction second(store, Store::Transaction::savepoint);
                insert(2);
            }
            insert(3);
            first.commit();
            outer.commit();
        }
        CHECK(store.query_text("SELECT group_concat(x) FROM scratch") == "1,3");
    }
    SUBCASE("a joined level that failed can never be committed") {
        {
            Store::Transaction outer(store);
            insert(1);
            try {
                Store::Transaction inner(store);
                insert(2);
                throw std::runtime_error("stop");
            } catch (const std::runtime_error&) {
            }
            CHECK(count(store, "scratch") == 2); // its writes wait for the outer rollback
            CHECK_THROWS_AS(outer.commit(), std::logic_error);
        }
        CHECK_FALSE(in_transaction(store));
        CHECK(count(store, "scratch") == 0);
        Store::Transaction next(store); // and the next transaction is not blamed for it
        insert(5);
        CHECK_NOTHROW(next.commit());
        CHECK(count(store, "scratch") == 1);
    }
    SUBCASE("a committed nested transaction is undone with its outer one") {
        {
            Store::Transaction outer(store);
            {
                Store::Transaction inner(store);
                insert(2);
                inner.commit();
            }
            CHECK(count(store, "scratch") == 1);
        }
        CHECK(count(store, "scratch") == 0);
    }
    SUBCASE("after a rollback the next transaction starts afresh") {
        {
            Store::Transaction first(store);
            insert(1);
        }
        {
            Store::Transaction second(store);
            insert(2);
            second.commit();
        }
        CHECK_FALSE(in_transaction(store));
        CHECK(store.query_text("SELECT group_concat(x) FROM scratch") == "2");
    }
}

TEST_CASE("store::schema constraints") {
    TempDir tmp;
    Store store = Store::create(tmp.file("crt.db"));
    Store& db = store;
    db.exec("INSERT INTO agency (ori, name, type, state) VALUES ('CA0194200', 'Riverton PD', "
            "'municipal', 'CA')");

    SUBCASE("an enumerated column refuses a value outside its list") {
        CHECK_THROWS_AS(db.exec("INSERT INTO agency (ori, name, type, state) "
                                "VALUES ('CA0194201', 'Bogus PD', 'bogus', 'CA')"),
                        StoreError);
        CHECK_THROWS_AS(db.exec("INSERT INTO expert (handle, name, active) VALUES ('x', 'X', 2)"),
                        StoreError);
        CHECK(count(store, "agency") == 1);
    }
    SUBCASE("an ORI and its state must agree") {
        CHECK_THROWS_AS(db.exec("INSERT INTO agency (ori, name, type, state) "
                                "VALUES ('CA0194201', 'Elsewhere PD', 'municipal', 'TX')"),
                        StoreError);
    }
    SUBCASE("a date column refuses text that is not YYYY-MM-DD") {
        // The status date is later than either received date, so only `received` is checked.
        auto request = [&](const std::string& received) {
            db.exec("INSERT INTO request (agency, level, title, received, status_date) "
                    "VALUES ('CA0194200', 'tac', 'Help', '" +
                    received + "', '2026-12-31')");
        };
        request("2026-02-28");
        CHECK_THROWS_AS(request("2026-1-05"), StoreError);
        CHECK_THROWS_AS(request("2026/01/05"), StoreError);
        for (const char* impossible :
             {"2026-02-30", "2026-04-31", "2025-02-29", "2026-13-01", "2026-02-32", "2026-00-00"}) {
            CAPTURE(impossible);
            CHECK_THROWS_AS(request(impossible), StoreError);
        }
        request("2024-02-29");
        CHECK(count(store, "request") == 2);
    }
    SUBCASE("history rows cannot be updated or deleted") {
        db.exec(
            "INSERT INTO history (entity, entity_id, action, actor, recorded_at, effective_date) "
            "VALUES ('agency', 'CA0194200', 'create', 'tester', '2026-01-01T00:00:00Z', "
            "'2026-01-01')");
        CHECK_THROWS_AS(db.exec("UPDATE history SET actor = 'mallory'"), StoreError);
        CHECK_THROWS_AS(db.exec("DELETE FROM history"), StoreError);
        CHECK(count(store, "history") == 1);
        CHECK(db.query_text("SELECT actor FROM history") == "tester");
    }
}

namespace {

// The names in a directory, sorted.
std::vector<std::string> names_in(const std::string& directory) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

constexpr auto k_owner_only = fs::perms::owner_read | fs::perms::owner_write;

// Sets the umask for a scope.
class ScopedUmask {
  public:
    explicit ScopedUmask(mode_t mask) : saved_(::umask(mask)) {}
    ScopedUmask(const ScopedUmask&) = delete;
    ScopedUmask& operator=(const ScopedUmask&) = delete;
    ~ScopedUmask() { ::umask(saved_); }

  private:
    mode_t saved_;
};

} // namespace

TEST_CASE("store::Store::create writes a private database and nothing else") {
    TempDir tmp;
    const std::string path = tmp.file("crt.db");
    ScopedUmask umask(022);
    { Store store = Store::create(path); }
    CHECK(fs::status(path).permissions() == k_owner_only);
    CHECK(names_in(tmp.file("")) == std::vector<std::string>{"crt.db"});
    SUBCASE("a malformed busy timeout creates nothing") {
        crt::test::ScopedEnv env("CRT_BUSY_TIMEOUT", "soon");
        CHECK(error_kind([&] { Store::create(tmp.file("other.db")); }) == "usage");
        CHECK(names_in(tmp.file("")) == std::vector<std::string>{"crt.db"});
    }
}

TEST_CASE("store::Store::backup") {
    TempDir tmp;
    const std::string path = tmp.file("crt.db");
    ScopedUmask umask(022);
    make_database(path, [](Store& store) {
        store.exec("INSERT INTO expert (handle, name) VALUES ('kept', 'Kept')");
    });
    Store store = Store::open(path);

    SUBCASE("a private, whole copy and no temporary file") {
        store.backup(tmp.file("copy.db"));
        CHECK(fs::status(tmp.file("copy.db")).permissions() == k_owner_only);
        for (const auto& name : names_in(tmp.file(""))) {
            CHECK(name.find("unfinished") == std::string::npos);
        }
        Store copy = Store::open(tmp.file("copy.db"));
        CHECK(count(copy, "expert") == 1);
    }
    SUBCASE("an existing file is refused and kept") {
        tmp.write("copy.db", "mine\n");
        CHECK(error_kind([&] { store.backup(tmp.file("copy.db")); }) == "conflict");
        CHECK(read_bytes(tmp.file("copy.db")) == "mine\n");
    }
    SUBCASE("the database and its companions are refused under any name") {
        for (const std::string& target :
             {path, path + "-wal", path + "-shm", path + "-journal",
              tmp.file("sub/../crt.db-journal"), tmp.file("./crt.db-wal")}) {
            CAPTURE(target);
            CHECK(error_kind([&] { store.backup(target); }) == "conflict");
        }
        CHECK_FALSE(fs::exists(path + "-journal"));
        CHECK(count(store, "expert") == 1);
    }
    SUBCASE("a hard link to the database is refused") {
        fs::create_hard_link(path, tmp.file("same.db"));
        CHECK(error_kind([&] { store.backup(tmp.file("same.db")); }) == "conflict");
        CHECK(count(store, "expert") == 1);
    }
    SUBCASE("a missing directory is an io error that leaves nothing") {
        CHECK(error_kind([&] { store.backup(tmp.file("no/copy.db")); }) == "io");
        CHECK_FALSE(fs::exists(tmp.file("no")));
    }
}
