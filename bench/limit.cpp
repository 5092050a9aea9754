// The same-work limit of a crt write: the rows crt added, inserted again by
// the SQLite C API with nothing else around them.
//
// `crt-bench-limit [--order interleave|tables] SRC DST TABLE...`
//
// SRC is crt's database after a crt run; DST is a database in the state crt
// started from (same schema, indexes, constraints and triggers: a copy of the
// database before the run, or one prepared by the same commands). For each
// TABLE the rows of SRC that are not in DST are read into memory:
//
// - a rowid table (request, milestone, history, ...): the rows whose rowid is
//   greater than DST's largest rowid of that table. crt's ids only grow, and
//   the program checks that SRC has exactly as many rows at or below that
//   rowid as DST has in all, so an old row that changed id or vanished is
//   caught rather than silently skipped or copied;
// - a WITHOUT ROWID table (request_topic, expert_topic): the rows whose
//   primary key is not in DST, whatever their parent.
//
// DST is then opened as crt opens a database (lib/store.cpp: read-write, the
// busy timeout of CRT_BUSY_TIMEOUT or 5000 ms, foreign_keys = ON; WAL is the
// file's own journal mode, set by `crt init`; synchronous and everything else
// left at SQLite's defaults, as crt leaves them), one `INSERT INTO t VALUES
// (?, ...)` per table is prepared, and only this is timed:
//
//   BEGIN IMMEDIATE; for each row: reset, bind every column, step; COMMIT.
//
// Values keep their exact storage class (integer, real, text, blob, null) and
// are bound from memory that outlives the statement (SQLITE_STATIC: no copy).
//
// Order (--order interleave, the default) is the order crt writes in: the
// first TABLE is the anchor (request for an import, milestone for a batch of
// milestone adds), and each anchor row is followed by its rows in the other
// tables, in the order the tables are named. A row belongs to the anchor row
// its foreign key names (request_topic.request -> request.id), or, in a table
// with entity and entity_id columns (history), to the anchor row named by
// entity = ANCHOR AND entity_id = its id. So an import inserts request k, its
// topic rows, its history rows, then request k + 1; a batch inserts milestone
// m, its history row, then milestone m + 1, exactly as crt does. A row that
// belongs to no new anchor row is refused. `--order tables` inserts each
// table's rows in turn instead (valid when the foreign keys allow it).
//
// Prints the timed seconds on stdout; the rows per table, the effective
// pragmas, the time of closing DST (the WAL checkpoint crt's process also
// pays on exit, not included) and the check that DST now holds as many rows
// as SRC in each table go to stderr. Exits non-zero if a table is missing,
// differs between SRC and DST, has no new row, or an insert fails.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "crt-bench-limit: %s\n", message.c_str());
    std::exit(1);
}

std::string quote_id(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string quote_text(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

class Statement {
  public:
    Statement(sqlite3* db, const std::string& sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
            die("cannot prepare `" + sql + "`: " + sqlite3_errmsg(db));
        }
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(stmt_); }
    sqlite3_stmt* get() const { return stmt_; }
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            die(std::string("query failed: ") + sqlite3_errmsg(db_));
        }
        return false;
    }
    Statement& bind(int index, const std::string& text) {
        sqlite3_bind_text(stmt_, index, text.c_str(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int index, sqlite3_int64 value) {
        sqlite3_bind_int64(stmt_, index, value);
        return *this;
    }
    sqlite3_int64 integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const {
        const unsigned char* p = sqlite3_column_text(stmt_, column);
        return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
    }
    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite3_errmsg(db);
        sqlite3_free(error);
        die("`" + sql + "` failed: " + message);
    }
}

sqlite3_int64 one_integer(sqlite3* db, const std::string& sql) {
    Statement query(db, sql);
    if (!query.step()) {
        die("`" + sql + "` returned no row");
    }
    return query.integer(0);
}

std::string one_text(sqlite3* db, const std::string& sql) {
    Statement query(db, sql);
    if (!query.step()) {
        die("`" + sql + "` returned no row");
    }
    return query.text(0);
}

// The schema entries (table, its indexes and triggers) of a table, as text.
std::string schema_of(sqlite3* db, const std::string& schema, const std::string& table) {
    Statement query(db, "SELECT type, name, coalesce(sql, '') FROM " + quote_id(schema) +
                            ".sqlite_schema WHERE tbl_name = ? ORDER BY type, name");
    query.bind(1, table);
    std::string out;
    while (query.step()) {
        out += query.text(0) + " " + query.text(1) + " " + query.text(2) + "\n";
    }
    return out;
}

// One row in memory: its values are encoded in `Rows::data` from `offset`.
struct Row {
    sqlite3_int64 anchor; // the anchor row it belongs to (interleave order)
    std::uint32_t table;  // index into the TABLE arguments
    std::uint64_t seq;    // the order it was read in
    std::size_t offset;
};

// Values: one tag byte (the SQLite storage class), then 8 bytes for an
// integer or real, or a 4-byte length and the bytes for text and blobs.
struct Rows {
    std::vector<Row> rows;
    std::vector<unsigned char> data;

    void put(const void* p, std::size_t n) {
        const auto* bytes = static_cast<const unsigned char*>(p);
        data.insert(data.end(), bytes, bytes + n);
    }
    void add_value(sqlite3_stmt* stmt, int column) {
        int type = sqlite3_column_type(stmt, column);
        data.push_back(static_cast<unsigned char>(type));
        if (type == SQLITE_INTEGER) {
            sqlite3_int64 v = sqlite3_column_int64(stmt, column);
            put(&v, sizeof v);
        } else if (type == SQLITE_FLOAT) {
            double v = sqlite3_column_double(stmt, column);
            put(&v, sizeof v);
        } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
            const void* p = type == SQLITE_TEXT
                                ? static_cast<const void*>(sqlite3_column_text(stmt, column))
                                : sqlite3_column_blob(stmt, column);
            auto n = static_cast<std::uint32_t>(sqlite3_column_bytes(stmt, column));
            put(&n, sizeof n);
            if (n > 0) {
                put(p, n);
            }
        }
    }
};

struct Table {
    std::string name;
    int columns = 0;
    bool without_rowid = false;
    std::string anchor_expr; // SQL giving the anchor id of a row (interleave order)
    std::size_t new_rows = 0;
    sqlite3_int64 src_count = 0;
};

// How a row of TABLE names its anchor row, as an SQL expression over SRC.
std::string anchor_expression(sqlite3* db, const Table& table, const Table& anchor) {
    if (&table == &anchor) {
        if (anchor.without_rowid) {
            die("the first table (" + anchor.name +
                ") has no rowid: it cannot anchor the interleaved order; use --order tables");
        }
        return "rowid";
    }
    {
        Statement fk(db, "SELECT \"from\", count(*) OVER (PARTITION BY id) FROM "
                         "pragma_foreign_key_list(?) WHERE \"table\" = ?");
        fk.bind(1, table.name).bind(2, anchor.name);
        if (fk.step()) {
            if (fk.integer(1) != 1) {
                die(table.name + ": a composite foreign key to " + anchor.name +
                    " cannot order rows; use --order tables");
            }
            return quote_id(fk.text(0));
        }
    }
    Statement columns(db, "SELECT count(*) FROM pragma_table_info(?) "
                          "WHERE name IN ('entity', 'entity_id')");
    columns.bind(1, table.name);
    if (columns.step() && columns.integer(0) == 2) {
        return "CASE WHEN entity = " + quote_text(anchor.name) +
               " THEN CAST(entity_id AS INTEGER) END";
    }
    die(table.name + ": no foreign key to " + anchor.name +
        " and no entity/entity_id columns, so its rows cannot be placed after their " +
        anchor.name + " row; use --order tables");
}

// A path as a `file:` URI (only the characters a URI path cannot hold are escaped).
std::string file_uri(const std::string& path) {
    std::string out = "file:";
    for (unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int busy_timeout_ms() {
    const char* env = std::getenv("CRT_BUSY_TIMEOUT");
    return env == nullptr || *env == '\0' ? 5000 : std::atoi(env);
}

} // namespace

int main(int argc, char** argv) {
    bool interleave = true;
    int arg = 1;
    if (arg + 1 < argc && std::strcmp(argv[arg], "--order") == 0) {
        if (std::strcmp(argv[arg + 1], "tables") == 0) {
            interleave = false;
        } else if (std::strcmp(argv[arg + 1], "interleave") != 0) {
            die("--order takes interleave or tables");
        }
        arg += 2;
    }
    if (argc - arg < 3) {
        std::fprintf(stderr, "usage: %s [--order interleave|tables] SRC DST TABLE...\n", argv[0]);
        return 2;
    }
    const std::string src_path = argv[arg];
    const std::string dst_path = argv[arg + 1];
    std::vector<Table> tables;
    for (int i = arg + 2; i < argc; ++i) {
        Table table;
        table.name = argv[i];
        tables.push_back(table);
    }

    // 1. Read the new rows of SRC, with DST attached read-only.
    Rows rows;
    {
        sqlite3* src = nullptr;
        // URIs on, so that DST can be attached read-only.
        if (sqlite3_open_v2(src_path.c_str(), &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                            nullptr) != SQLITE_OK) {
            die(src_path + ": " + sqlite3_errmsg(src));
        }
        sqlite3_busy_timeout(src, busy_timeout_ms());
        {
            Statement attach_ro(src, "ATTACH DATABASE ? AS dst");
            attach_ro.bind(1, file_uri(dst_path) + "?mode=ro");
            attach_ro.step();
        }
        exec(src, "BEGIN"); // one snapshot of both files
        for (auto& table : tables) {
            for (const char* schema : {"main", "dst"}) {
                Statement exists(src, std::string("SELECT count(*) FROM ") + schema +
                                          ".sqlite_schema WHERE type = 'table' AND name = ?");
                exists.bind(1, table.name);
                exists.step();
                if (exists.integer(0) != 1) {
                    die(std::string("no table ") + table.name + " in " +
                        (std::strcmp(schema, "main") == 0 ? src_path : dst_path));
                }
            }
            if (schema_of(src, "main", table.name) != schema_of(src, "dst", table.name)) {
                die(table.name + ": its schema (table, indexes or triggers) differs between " +
                    src_path + " and " + dst_path);
            }
            Statement wr(src, "SELECT wr, ncol FROM pragma_table_list WHERE schema = 'main' "
                              "AND name = ?");
            wr.bind(1, table.name);
            wr.step();
            table.without_rowid = wr.integer(0) != 0;
            table.columns = static_cast<int>(wr.integer(1));
            table.src_count = one_integer(src, "SELECT count(*) FROM main." + quote_id(table.name));
        }
        for (auto& table : tables) {
            table.anchor_expr = interleave ? anchor_expression(src, table, tables.front()) : "0";
        }

        for (std::uint32_t t = 0; t < tables.size(); ++t) {
            Table& table = tables[t];
            const std::string q = quote_id(table.name);
            std::string where;
            std::string order;
            if (!table.without_rowid) {
                sqlite3_int64 max =
                    one_integer(src, "SELECT coalesce(max(rowid), 0) FROM dst." + q);
                sqlite3_int64 old_in_src =
                    one_integer(src, "SELECT count(*) FROM main." + q +
                                         " WHERE rowid <= " + std::to_string(max));
                sqlite3_int64 in_dst = one_integer(src, "SELECT count(*) FROM dst." + q);
                if (old_in_src != in_dst) {
                    die(table.name + ": SRC has " + std::to_string(old_in_src) +
                        " rows with rowid <= " + std::to_string(max) + ", DST has " +
                        std::to_string(in_dst) + ": DST is not the state crt started from");
                }
                where = "s.rowid > " + std::to_string(max);
                order = "s.rowid";
            } else {
                Statement pk(src, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk");
                pk.bind(1, table.name);
                std::string match;
                while (pk.step()) {
                    std::string c = quote_id(pk.text(0));
                    match += (match.empty() ? "" : " AND ") + ("d." + c + " = s." + c);
                    order += (order.empty() ? "" : ", ") + ("s." + c);
                }
                where = "NOT EXISTS (SELECT 1 FROM dst." + q + " d WHERE " + match + ")";
            }
            Statement select(src, "SELECT s.*, " + table.anchor_expr + " FROM main." + q +
                                      " s WHERE " + where + " ORDER BY " + order);
            std::uint64_t seq = 0;
            while (select.step()) {
                Row row{};
                row.anchor = select.integer(table.columns);
                if (interleave && select.is_null(table.columns)) {
                    die(table.name + ": a new row belongs to no " + tables.front().name +
                        " row; use --order tables");
                }
                row.table = t;
                row.seq = seq++;
                row.offset = rows.data.size();
                for (int c = 0; c < table.columns; ++c) {
                    rows.add_value(select.get(), c);
                }
                rows.rows.push_back(row);
            }
            table.new_rows = seq;
            if (seq == 0) {
                die(table.name + ": no new rows in " + src_path + " (is DST the state before?)");
            }
        }
        exec(src, "COMMIT");
        sqlite3_close(src);
    }

    if (interleave) {
        // Every row must follow a new anchor row: the anchor rows come first in `rows`.
        std::vector<sqlite3_int64> anchors;
        for (const Row& row : rows.rows) {
            if (row.table == 0) {
                anchors.push_back(row.anchor);
            }
        }
        std::sort(anchors.begin(), anchors.end());
        for (const Row& row : rows.rows) {
            if (!std::binary_search(anchors.begin(), anchors.end(), row.anchor)) {
                die(tables[row.table].name + ": a new row belongs to " + tables.front().name + " " +
                    std::to_string(row.anchor) + ", which is not a new row; use --order tables");
            }
        }
        std::sort(rows.rows.begin(), rows.rows.end(), [](const Row& a, const Row& b) {
            if (a.anchor != b.anchor) {
                return a.anchor < b.anchor;
            }
            if (a.table != b.table) {
                return a.table < b.table;
            }
            return a.seq < b.seq;
        });
    }
    // (--order tables: rows are already table by table, each in key order.)

    // 2. Open DST as crt does and insert them.
    sqlite3* dst = nullptr;
    if (sqlite3_open_v2(dst_path.c_str(), &dst, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        die(dst_path + ": " + sqlite3_errmsg(dst));
    }
    sqlite3_busy_timeout(dst, busy_timeout_ms());
    exec(dst, "PRAGMA foreign_keys = ON");
    std::string journal = one_text(dst, "PRAGMA journal_mode");
    if (journal != "wal") {
        die(dst_path + ": journal_mode is " + journal + ", not wal: not a database crt made");
    }
    std::fprintf(stderr,
                 "crt-bench-limit: DST pragmas: journal_mode=%s synchronous=%lld foreign_keys=%lld "
                 "busy_timeout=%lld cache_size=%lld page_size=%lld\n",
                 journal.c_str(), one_integer(dst, "PRAGMA synchronous"),
                 one_integer(dst, "PRAGMA foreign_keys"), one_integer(dst, "PRAGMA busy_timeout"),
                 one_integer(dst, "PRAGMA cache_size"), one_integer(dst, "PRAGMA page_size"));
    std::vector<sqlite3_stmt*> inserts;
    for (const auto& table : tables) {
        std::string sql = "INSERT INTO " + quote_id(table.name) + " VALUES (";
        for (int c = 0; c < table.columns; ++c) {
            sql += c == 0 ? "?" : ", ?";
        }
        sql += ")";
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(dst, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
            SQLITE_OK) {
            die("cannot prepare `" + sql + "`: " + sqlite3_errmsg(dst));
        }
        inserts.push_back(stmt);
    }

    auto start = std::chrono::steady_clock::now();
    exec(dst, "BEGIN IMMEDIATE");
    for (const Row& row : rows.rows) {
        sqlite3_stmt* stmt = inserts[row.table];
        sqlite3_reset(stmt);
        const unsigned char* p = rows.data.data() + row.offset;
        for (int c = 1; c <= tables[row.table].columns; ++c) {
            int type = *p++;
            if (type == SQLITE_INTEGER) {
                sqlite3_int64 v;
                std::memcpy(&v, p, sizeof v);
                p += sizeof v;
                sqlite3_bind_int64(stmt, c, v);
            } else if (type == SQLITE_FLOAT) {
                double v;
                std::memcpy(&v, p, sizeof v);
                p += sizeof v;
                sqlite3_bind_double(stmt, c, v);
            } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                std::uint32_t n;
                std::memcpy(&n, p, sizeof n);
                p += sizeof n;
                if (type == SQLITE_TEXT) {
                    sqlite3_bind_text(stmt, c, reinterpret_cast<const char*>(p),
                                      static_cast<int>(n), SQLITE_STATIC);
                } else {
                    sqlite3_bind_blob(stmt, c, p, static_cast<int>(n), SQLITE_STATIC);
                }
                p += n;
            } else {
                sqlite3_bind_null(stmt, c);
            }
        }
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            std::string message = sqlite3_errmsg(dst);
            sqlite3_exec(dst, "ROLLBACK", nullptr, nullptr, nullptr);
            die("inserting into " + tables[row.table].name + " failed: " + message);
        }
    }
    exec(dst, "COMMIT");
    double timed = seconds_since(start);

    for (sqlite3_stmt* stmt : inserts) {
        sqlite3_finalize(stmt);
    }
    bool same = true;
    std::string counts;
    for (const auto& table : tables) {
        sqlite3_int64 now = one_integer(dst, "SELECT count(*) FROM " + quote_id(table.name));
        counts += " " + table.name + "=" + std::to_string(table.new_rows);
        if (now != table.src_count) {
            same = false;
            std::fprintf(stderr, "crt-bench-limit: %s: DST now has %lld rows, SRC has %lld\n",
                         table.name.c_str(), now, table.src_count);
        }
    }
    auto close_start = std::chrono::steady_clock::now();
    if (sqlite3_close(dst) != SQLITE_OK) {
        die(std::string("closing ") + dst_path + " failed");
    }
    double closing = seconds_since(close_start);
    std::fprintf(stderr,
                 "crt-bench-limit: inserted%s (%zu rows, %s order) in %.4f s; closing DST "
                 "(WAL checkpoint, not timed) %.4f s; row counts %s SRC\n",
                 counts.c_str(), rows.rows.size(), interleave ? "interleaved" : "table", timed,
                 closing, same ? "match" : "DO NOT match");
    if (!same) {
        return 1;
    }
    std::printf("%.4f\n", timed);
    return 0;
}
