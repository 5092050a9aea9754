#include "lib/store/pg.h"

#include "lib/base/validate.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace crt::pg {

namespace {

// Type oids of the values crt reads and binds.
constexpr Oid k_bool = 16;
constexpr Oid k_int8 = 20;
constexpr Oid k_int2 = 21;
constexpr Oid k_int4 = 23;
constexpr Oid k_text = 25;
constexpr Oid k_float4 = 700;
constexpr Oid k_float8 = 701;
constexpr Oid k_numeric = 1700;

// The advisory lock every crt writer takes (see Connection::lock_for_write):
// "CRT1", and the schema, so databases in two schemas do not wait on each other.
constexpr const char* k_write_lock =
    "pg_advisory_xact_lock(1129468977, hashtext(current_schema()))";
constexpr const char* k_try_write_lock =
    "pg_try_advisory_xact_lock(1129468977, hashtext(current_schema()))";

int env_number(const char* name, int fallback, int most, int least = 0) {
    const char* env = std::getenv(name);
    if (env == nullptr || *env == '\0') {
        return fallback;
    }
    auto value = parse_integer(env, least, most);
    if (!value) {
        fail(ErrorKind::usage, "{}: '{}' is not a number ({} to {})", name, env, least, most);
    }
    return static_cast<int>(*value);
}

// The first line of a libpq message, without its trailing newline.
std::string first_line(const char* message) {
    std::string text = message == nullptr ? "" : message;
    auto end = text.find('\n');
    if (end != std::string::npos) {
        text.resize(end);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

// libpq prints server notices on stderr by default; crt says only what it means.
void ignore_notice(void*, const PGresult*) {}

// CRT_PG_TRACE=1 shows the statement a server error came from, on stderr.
void trace(const std::string& sql) {
    const char* env = std::getenv("CRT_PG_TRACE");
    if (env != nullptr && std::strcmp(env, "1") == 0) {
        std::fprintf(stderr, "crt: trace: failed statement: %s\n", sql.c_str());
    }
}

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

bool is_uri(std::string_view location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string redact(std::string_view uri) {
    std::string out(uri);
    if (!is_uri(uri)) {
        return out;
    }
    // scheme://user:password@host: as libpq reads it, the credentials end
    // at the first '@' before any '/' (a '?' may be part of the password),
    // and the password is what follows their first ':'.
    auto start = out.find("//") + 2;
    auto at = out.find_first_of("@/", start);
    if (at != std::string::npos && out[at] == '@') {
        auto colon = out.find(':', start);
        if (colon != std::string::npos && colon < at) {
            out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // ...and password=VALUE among the query parameters.
    auto query = out.find('?');
    while (query != std::string::npos) {
        auto key = query + 1;
        if (out.compare(key, 9, "password=") == 0) {
            auto end = out.find('&', key);
            out.replace(key + 9, end == std::string::npos ? std::string::npos : end - key - 9,
                        "***");
        }
        query = out.find('&', key);
    }
    return out;
}

std::string client_version() {
    int version = PQlibVersion();
    return "libpq " + std::to_string(version / 10000) + "." + std::to_string(version % 10000);
}

void raise(PGconn* conn, PGresult* result) {
    std::string state;
    std::string message;
    if (result != nullptr) {
        const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        state = code == nullptr ? "" : code;
        const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
        message = first_line(primary != nullptr ? primary : PQresultErrorMessage(result));
        PQclear(result);
    }
    if (message.empty()) {
        message = first_line(PQerrorMessage(conn));
    }
    if (message.empty()) {
        message = "the server did not answer";
    }
    auto cause = StoreError::Cause::other;
    std::string summary = message;
    auto family = state.substr(0, 2);
    if (state == "22021") {
        // Text the server cannot send as UTF-8 (a SQL_ASCII database holding
        // other bytes): the data is at fault, not the command.
        message = "the database holds text that is not valid UTF-8 (" + message + ")";
        summary = message;
    } else if (state == "40001" || state == "40P01" || state == "55P03") {
        cause = StoreError::Cause::busy;
        summary = "database is locked";
    } else if (family == "23" || family == "22") {
        // 22: a CHECK that casts a value (a date) fails with a data exception.
        cause = StoreError::Cause::constraint;
        summary = "constraint failed";
    } else if (state == "XX001" || state == "XX002") {
        cause = StoreError::Cause::corrupt;
        summary = "database disk image is malformed";
    } else if (state == "42501") {
        message += " (the role lacks the privilege; see crt(1), SHARING A DATABASE)";
        summary = message;
    } else if (state == "57014") {
        message = "a statement ran past the statement timeout (set CRT_STATEMENT_TIMEOUT in ms)";
        summary = message;
    } else if (conn != nullptr && PQstatus(conn) == CONNECTION_BAD) {
        message = "lost the connection to the server (" + message + ")";
        summary = message;
    }
    throw StoreError(cause, message, summary);
}

Connection::Connection(const std::string& uri, const std::string& where) : where_(where) {
    int connect_timeout = env_number("CRT_CONNECT_TIMEOUT", 10, 3600);
    busy_ms_ = env_number("CRT_BUSY_TIMEOUT", 5000, 3'600'000);
    // From 1: to the server 0 is no limit, and crt never waits without one.
    int statement = env_number("CRT_STATEMENT_TIMEOUT", 300'000, 86'400'000, 1);
    std::string connect = std::to_string(connect_timeout == 0 ? 1 : connect_timeout);
    // Defaults first: whatever the URI sets overrides them.
    const char* keys[] = {"connect_timeout",
                          "keepalives_idle",
                          "keepalives_interval",
                          "keepalives_count",
                          "tcp_user_timeout",
                          "application_name",
                          "dbname",
                          nullptr};
    const char* values[] = {connect.c_str(), "10", "5", "3", "30000", "crt", uri.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
        std::string message =
            conn_ == nullptr ? "out of memory" : first_line(PQerrorMessage(conn_));
        // libpq prefixes "connection to server ... failed: "; the reason follows.
        auto reason = message.rfind("failed: ");
        if (reason != std::string::npos) {
            message = message.substr(reason + 8);
        }
        if (conn_ != nullptr) {
            PQfinish(conn_);
            conn_ = nullptr;
        }
        fail(ErrorKind::io, "{}: cannot connect to the server ({})", where_, message);
    }
    PQsetNoticeReceiver(conn_, ignore_notice, nullptr);
    // The as-of reports' correlated subqueries make the planner's cost
    // estimates large, which turns on JIT compilation: seconds of compiling
    // for milliseconds of work. crt's statements are short; JIT stays off.
    exec("SET client_encoding = 'UTF8'; SET DateStyle = 'ISO'; SET client_min_messages = warning; "
         "SET lock_timeout = " +
         std::to_string(std::max(busy_ms_, 1)) +
         "; SET statement_timeout = " + std::to_string(statement) +
         "; SET idle_in_transaction_session_timeout = " + std::to_string(statement) +
         (PQserverVersion(conn_) >= 110000 ? "; SET jit = off" : ""));
}

Connection::~Connection() {
    if (conn_ != nullptr) {
        PQfinish(conn_);
    }
}

void Connection::exec(std::string_view sql) {
    if (sql.substr(0, 8) == "ROLLBACK") {
        pending_.clear();
        pending_bytes_ = 0;
    }
    flush();
    PGresult* result = PQexec(conn_, std::string(sql).c_str());
    auto status = PQresultStatus(result);
    if (result == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)) {
        trace(std::string(sql));
        raise(conn_, result);
    }
    PQclear(result);
}

bool Connection::in_transaction() const {
    return PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

bool Connection::transaction_failed() const {
    return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

void Connection::lock_for_write() {
    flush();
    // lock_timeout 0 means no limit to the server; to crt it means do not
    // wait (the session's lock_timeout is 1 ms then, for table locks).
    if (busy_ms_ == 0) {
        PGresult* result = PQexec(conn_, (std::string("SELECT ") + k_try_write_lock).c_str());
        if (PQresultStatus(result) != PGRES_TUPLES_OK) {
            raise(conn_, result);
        }
        bool taken = PQgetvalue(result, 0, 0)[0] == 't';
        PQclear(result);
        if (!taken) {
            throw StoreError(StoreError::Cause::busy, "database is locked", "database is locked");
        }
        return;
    }
    exec(std::string("SELECT ") + k_write_lock);
}

long long Connection::last_insert_id() {
    flush();
    PGresult* result = PQexec(conn_, "SELECT coalesce(current_setting('crt.last_insert_id', "
                                     "true), '0')");
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
        raise(conn_, result);
    }
    long long id = std::strtoll(PQgetvalue(result, 0, 0), nullptr, 10);
    PQclear(result);
    return id;
}

namespace {

// The rows held back at most, in bytes of COPY data.
constexpr std::size_t k_pending_limit = 4 << 20;

// COPY's text format: tab between fields, \N for NULL, and backslash escapes.
void append_copy_row(std::string& data, const std::vector<std::optional<std::string>>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            data += '\t';
        }
        if (!values[i]) {
            data += "\\N";
            continue;
        }
        for (char c : *values[i]) {
            switch (c) {
            case '\\': data += "\\\\"; break;
            case '\n': data += "\\n"; break;
            case '\r': data += "\\r"; break;
            case '\t': data += "\\t"; break;
            default: data += c;
            }
        }
    }
    data += '\n';
}

} // namespace

namespace {

// For `INSERT INTO table (columns) VALUES (?, ...)`, with only bare
// parameters, the COPY that carries the same rows; "" for anything else.
std::string copy_of_insert(std::string_view sql) {
    std::size_t at = 0;
    auto space = [&] {
        std::size_t from = at;
        while (at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at]))) {
            ++at;
        }
        return at > from;
    };
    auto word = [&](std::string_view expected) {
        if (sql.size() - at < expected.size()) {
            return false;
        }
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (std::toupper(static_cast<unsigned char>(sql[at + i])) != expected[i]) {
                return false;
            }
        }
        at += expected.size();
        return true;
    };
    auto name = [&] {
        std::size_t from = at;
        while (at < sql.size() && word_char(sql[at])) {
            ++at;
        }
        return std::string(sql.substr(from, at - from));
    };
    space();
    if (!word("INSERT") || !space() || !word("INTO") || !space()) {
        return {};
    }
    std::string table = name();
    space();
    if (table.empty() || !word("(")) {
        return {};
    }
    std::string columns;
    std::size_t count = 0;
    do {
        space();
        std::string column = name();
        space();
        if (column.empty()) {
            return {};
        }
        columns += (count++ == 0 ? "" : ", ") + column;
    } while (word(","));
    space();
    if (!word(")") || (space(), !word("VALUES")) || (space(), !word("("))) {
        return {};
    }
    for (std::size_t i = 0; i < count; ++i) {
        space();
        if ((i > 0 && !word(",")) || (space(), !word("?"))) {
            return {};
        }
    }
    space();
    if (!word(")")) {
        return {};
    }
    space();
    return at == sql.size() ? "COPY " + table + " (" + columns + ") FROM STDIN" : std::string();
}

} // namespace

void Connection::queue(const std::string& copy,
                       const std::vector<std::optional<std::string>>& values) {
    auto found = std::find_if(pending_.begin(), pending_.end(),
                              [&](const Pending& pending) { return pending.copy == copy; });
    if (found == pending_.end()) {
        pending_.push_back({copy, {}});
        found = pending_.end() - 1;
    }
    std::size_t before = found->data.size();
    append_copy_row(found->data, values);
    pending_bytes_ += found->data.size() - before;
}

bool Connection::bulk_full() const {
    return pending_bytes_ > k_pending_limit;
}

void Connection::flush() {
    if (pending_bytes_ == 0) {
        return;
    }
    // Taken first: whatever happens, the rows are sent at most once. The
    // tables keep their places, so a table is always sent after those its
    // rows may name, however many times the rows are sent.
    std::vector<Pending> pending;
    for (auto& table : pending_) {
        pending.push_back({table.copy, {}});
        pending.back().data.swap(table.data);
    }
    pending_bytes_ = 0;
    for (const auto& table : pending) {
        if (table.data.empty()) {
            continue;
        }
        PGresult* result = PQexec(conn_, table.copy.c_str());
        if (PQresultStatus(result) != PGRES_COPY_IN) {
            trace(table.copy);
            raise(conn_, result);
        }
        PQclear(result);
        if (PQputCopyData(conn_, table.data.data(), static_cast<int>(table.data.size())) != 1 ||
            PQputCopyEnd(conn_, nullptr) != 1) {
            // Out of COPY first, so the rollback that follows can run.
            std::string reason = first_line(PQerrorMessage(conn_));
            PQputCopyEnd(conn_, "crt could not send the rows");
            while (PGresult* rest = PQgetResult(conn_)) {
                PQclear(rest);
            }
            throw StoreError(StoreError::Cause::other, reason, reason);
        }
        result = PQgetResult(conn_);
        bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        if (!ok) {
            trace(table.copy);
            while (PGresult* rest = PQgetResult(conn_)) {
                PQclear(rest);
            }
            raise(conn_, result);
        }
        PQclear(result);
        while (PGresult* rest = PQgetResult(conn_)) {
            PQclear(rest);
        }
    }
}

Cursor::Cursor(Connection& connection, std::string_view sql) : connection_(connection) {
    copy_ = copy_of_insert(sql);
    // Rewrites ?, ?N and :name as $N, outside quotes and comments. SQLite
    // gives a bare ? the number after the largest so far, as here.
    int largest = 0;
    auto put = [&](int number, const std::string& name) {
        if (number > static_cast<int>(names_.size())) {
            names_.resize(static_cast<std::size_t>(number));
        }
        if (!name.empty()) {
            names_[static_cast<std::size_t>(number - 1)] = name;
        }
        largest = std::max(largest, number);
        sql_ += "$" + std::to_string(number);
    };
    for (std::size_t i = 0; i < sql.size();) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            auto end = sql.find(c, i + 1);
            while (end != std::string_view::npos && end + 1 < sql.size() && sql[end + 1] == c) {
                end = sql.find(c, end + 2);
            }
            end = end == std::string_view::npos ? sql.size() : end + 1;
            sql_.append(sql.substr(i, end - i));
            i = end;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            auto end = sql.find('\n', i);
            end = end == std::string_view::npos ? sql.size() : end;
            sql_.append(sql.substr(i, end - i));
            i = end;
        } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
            sql_ += "::";
            i += 2;
        } else if (c == ':' && i + 1 < sql.size() && word_char(sql[i + 1])) {
            auto end = i + 1;
            while (end < sql.size() && word_char(sql[end])) {
                ++end;
            }
            std::string name(sql.substr(i, end - i));
            int number = 0;
            for (std::size_t k = 0; k < names_.size(); ++k) {
                if (names_[k] == name) {
                    number = static_cast<int>(k) + 1;
                }
            }
            put(number == 0 ? largest + 1 : number, name);
            i = end;
        } else if (c == '?') {
            auto end = i + 1;
            while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') {
                ++end;
            }
            int number = end > i + 1
                             ? std::atoi(std::string(sql.substr(i + 1, end - i - 1)).c_str())
                             : largest + 1;
            put(number, "");
            i = end;
        } else {
            sql_ += c;
            ++i;
        }
    }
    values_.resize(names_.size());
    types_.resize(names_.size(), 0);

    // A number the SQL skips (?2 and ?3 without ?1) gives the server nothing
    // to infer its type from: it is sent as text, and is never read.
    unused_.assign(names_.size(), true);
    for (std::size_t i = 0; i + 1 < sql_.size(); ++i) {
        if (sql_[i] == '$' && sql_[i + 1] >= '0' && sql_[i + 1] <= '9') {
            auto number = static_cast<std::size_t>(std::atoi(sql_.c_str() + i + 1));
            if (number >= 1 && number <= unused_.size()) {
                unused_[number - 1] = false;
            }
        }
    }
}

Cursor::~Cursor() {
    if (result_ != nullptr) {
        PQclear(result_);
    }
    if (!prepared_.empty() && connection_.handle() != nullptr &&
        PQstatus(connection_.handle()) == CONNECTION_OK &&
        PQtransactionStatus(connection_.handle()) != PQTRANS_INERROR) {
        PGresult* result = PQexec(connection_.handle(), ("DEALLOCATE " + prepared_).c_str());
        PQclear(result);
    }
}

namespace {

std::size_t slot(int index, std::size_t count) {
    if (index < 1 || static_cast<std::size_t>(index) > count) {
        throw StoreError(StoreError::Cause::other, "column index out of range",
                         "column index out of range");
    }
    return static_cast<std::size_t>(index - 1);
}

} // namespace

void Cursor::bind_null(int index) {
    auto i = slot(index, values_.size());
    values_[i].reset();
    types_[i] = 0;
}
void Cursor::bind_integer(int index, long long value) {
    auto i = slot(index, values_.size());
    values_[i] = std::to_string(value);
    types_[i] = k_int8;
}
void Cursor::bind_real(int index, double value) {
    auto i = slot(index, values_.size());
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    values_[i] = buffer;
    types_[i] = k_float8;
}
void Cursor::bind_text(int index, std::string_view value) {
    auto i = slot(index, values_.size());
    values_[i] = std::string(value);
    types_[i] = k_text;
}
int Cursor::parameter_index(const char* name) const {
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) {
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

// Values go as text of unknown type, so the server reads each as its column
// needs, as SQLite's affinity does. A parameter whose type nothing in the
// statement settles (`? IS NULL`) is sent again with the type it was bound as.
void Cursor::run() {
    connection_.flush();
    std::vector<const char*> values;
    values.reserve(values_.size());
    for (const auto& value : values_) {
        values.push_back(value ? value->c_str() : nullptr);
    }
    auto count = static_cast<int>(values.size());
    std::vector<Oid> inferred(values_.size(), 0);
    for (std::size_t i = 0; i < inferred.size(); ++i) {
        if (unused_[i]) {
            inferred[i] = k_text;
            types_[i] = k_text;
        }
    }
    PGconn* conn = connection_.handle();
    ++runs_;
    PGresult* result = nullptr;
    auto ok = [](PGresult* r) {
        auto status = PQresultStatus(r);
        return r != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
    };
    auto undetermined = [](PGresult* r) {
        const char* code = r == nullptr ? nullptr : PQresultErrorField(r, PG_DIAG_SQLSTATE);
        return code != nullptr &&
               (std::strcmp(code, "42P18") == 0 || std::strcmp(code, "42725") == 0);
    };
    if (!prepared_.empty()) {
        result = PQexecPrepared(conn, prepared_.c_str(), count, values.data(), nullptr, nullptr, 0);
    } else if (runs_ >= 2) {
        // A statement run again (a cached one, say) is prepared once on the server.
        std::string name = connection_.next_statement_name();
        PGresult* prepared = PQprepare(conn, name.c_str(), sql_.c_str(), count, inferred.data());
        if (undetermined(prepared)) {
            PQclear(prepared);
            prepared = PQprepare(conn, name.c_str(), sql_.c_str(), count, types_.data());
        }
        if (!ok(prepared)) {
            trace(sql_);
            raise(conn, prepared);
        }
        PQclear(prepared);
        prepared_ = name;
        result = PQexecPrepared(conn, prepared_.c_str(), count, values.data(), nullptr, nullptr, 0);
    } else {
        result = PQexecParams(conn, sql_.c_str(), count, inferred.data(), values.data(), nullptr,
                              nullptr, 0);
        if (undetermined(result)) {
            PQclear(result);
            result = PQexecParams(conn, sql_.c_str(), count, types_.data(), values.data(), nullptr,
                                  nullptr, 0);
        }
    }
    if (!ok(result)) {
        trace(sql_);
        raise(conn, result);
    }
    result_ = result;
    rows_ = PQntuples(result_);
    row_ = -1;
}

bool Cursor::step() {
    if (done_) {
        return false;
    }
    if (result_ == nullptr) {
        run();
    }
    if (++row_ < rows_) {
        return true;
    }
    done_ = true;
    return false;
}

int Cursor::exec() {
    if (result_ == nullptr && !copy_.empty() && connection_.bulk()) {
        connection_.queue(copy_, values_);
        done_ = true;
        return 1;
    }
    if (result_ == nullptr) {
        run();
    }
    done_ = true;
    const char* changed = PQcmdTuples(result_);
    return changed == nullptr || *changed == '\0' ? 0 : std::atoi(changed);
}

void Cursor::reset() {
    if (result_ != nullptr) {
        PQclear(result_);
        result_ = nullptr;
    }
    row_ = -1;
    rows_ = 0;
    done_ = false;
}

void Cursor::clear_bindings() {
    for (std::size_t i = 0; i < values_.size(); ++i) {
        values_[i].reset();
        types_[i] = 0;
    }
}

void Cursor::check_row(int column) const {
    if (result_ == nullptr || row_ < 0 || row_ >= rows_ || column < 0 ||
        column >= PQnfields(result_)) {
        throw StoreError(StoreError::Cause::other, "no row or column to read",
                         "no row or column to read");
    }
}

bool Cursor::is_null(int column) const {
    check_row(column);
    return PQgetisnull(result_, row_, column) == 1;
}
std::string_view Cursor::text(int column) const {
    check_row(column);
    return {PQgetvalue(result_, row_, column),
            static_cast<std::size_t>(PQgetlength(result_, row_, column))};
}
long long Cursor::integer(int column) const {
    check_row(column);
    const char* value = PQgetvalue(result_, row_, column);
    if (PQftype(result_, column) == k_bool) {
        return value[0] == 't' ? 1 : 0;
    }
    if (is_real(column)) {
        return static_cast<long long>(std::strtod(value, nullptr));
    }
    return std::strtoll(value, nullptr, 10);
}
double Cursor::real(int column) const {
    check_row(column);
    const char* value = PQgetvalue(result_, row_, column);
    if (PQftype(result_, column) == k_bool) {
        return value[0] == 't' ? 1 : 0;
    }
    return std::strtod(value, nullptr);
}
bool Cursor::is_integer(int column) const {
    check_row(column);
    auto type = PQftype(result_, column);
    return !is_null(column) &&
           (type == k_int8 || type == k_int4 || type == k_int2 || type == k_bool);
}
bool Cursor::is_real(int column) const {
    check_row(column);
    auto type = PQftype(result_, column);
    return !is_null(column) && (type == k_float8 || type == k_float4 || type == k_numeric);
}
bool Cursor::is_text(int column) const {
    check_row(column);
    return !is_null(column) && !is_integer(column) && !is_real(column);
}
int Cursor::column_count() const {
    if (result_ != nullptr) {
        return PQnfields(result_);
    }
    // SQLite knows the columns before the first step; so does the server,
    // after describing the statement.
    PGresult* described = nullptr;
    if (!prepared_.empty()) {
        described = PQdescribePrepared(connection_.handle(), prepared_.c_str());
    }
    int count = described != nullptr ? PQnfields(described) : 0;
    PQclear(described);
    return count;
}

} // namespace crt::pg
