#include "lib/io/import.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/io/csv.h"
#include "lib/io/import_rows.h"
#include "lib/model/agency.h"
#include "lib/model/expert.h"
#include "lib/model/request.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

namespace crt {

namespace {

struct KindInfo {
    DataKind kind;
    std::string_view name;
    std::vector<std::string> columns;
    std::vector<std::string> required;
};

const std::vector<KindInfo>& kinds() {
    static const std::vector<KindInfo> all = {
        {DataKind::agencies,
         "agencies",
         {"ori", "name", "type", "state", "sworn", "contact_name", "contact_email",
          "contact_phone"},
         {"ori", "name", "type", "state"}},
        {DataKind::experts,
         "experts",
         {"handle", "name", "org", "email", "expertise", "capacity", "active"},
         {"handle", "name"}},
        {DataKind::requests,
         "requests",
         {"id", "external_id", "agency", "level", "title", "description", "topics", "delivery",
          "form", "priority", "received", "target", "event_date", "status", "status_date",
          "status_note", "accepted"},
         {"agency", "level", "title"}},
        {DataKind::assignments,
         "assignments",
         {"id", "request", "expert", "role", "assigned", "released", "hours"},
         {"request", "expert"}},
        {DataKind::milestones,
         "milestones",
         {"id", "request", "kind", "title", "due", "status", "created", "status_date", "completed",
          "note", "ref", "finding", "blocker", "template_step"},
         {"request", "kind", "title"}},
    };
    return all;
}

const KindInfo& info(DataKind kind) {
    for (const auto& item : kinds()) {
        if (item.kind == kind) {
            return item;
        }
    }
    return kinds().front();
}

// Reads rows as values indexed by the kind's columns, from CSV or NDJSON.
class RowSource {
  public:
    virtual ~RowSource() = default;
    // False at the end. A row the source cannot read sets `problem`.
    // `present` marks the columns the row gives, empty or not (an upsert
    // leaves the others alone).
    virtual bool next(Values& values, std::vector<bool>& present, std::size_t& line,
                      std::string& problem) = 0;
};

class CsvSource : public RowSource {
  public:
    CsvSource(std::istream& in, const KindInfo& kind, const std::string& source)
        : reader_(in), source_(source) {
        CsvRecord header;
        bool read = false;
        try {
            read = reader_.next(header);
        } catch (const Error& error) {
            throw Error(ErrorKind::invalid, fmt::format("{}:{}", source, error.what()));
        }
        if (!read || (header.fields.size() == 1 && header.fields[0].empty())) {
            fail(ErrorKind::invalid,
                 "{}:1: the file is empty; the first line must name the columns", source);
        }
        for (const auto& name : header.fields) {
            auto found = std::find(kind.columns.begin(), kind.columns.end(), name);
            if (found == kind.columns.end()) {
                fail(ErrorKind::invalid, "{}:1: unknown column '{}' for {} (columns: {})", source,
                     name, kind.name, join_columns(kind.columns));
            }
            long index = found - kind.columns.begin();
            if (std::find(map_.begin(), map_.end(), index) != map_.end()) {
                fail(ErrorKind::invalid, "{}:1: column '{}' appears twice", source, name);
            }
            map_.push_back(index);
        }
        for (const auto& name : kind.required) {
            if (std::find(header.fields.begin(), header.fields.end(), name) ==
                header.fields.end()) {
                fail(ErrorKind::invalid, "{}:1: column '{}' is missing (required for {})", source,
                     name, kind.name);
            }
        }
        width_ = kind.columns.size();
    }

    bool next(Values& values, std::vector<bool>& present, std::size_t& line,
              std::string& problem) override {
        CsvRecord record;
        do {
            try {
                if (!reader_.next(record)) {
                    return false;
                }
            } catch (const Error& error) {
                throw Error(ErrorKind::invalid, fmt::format("{}:{}", source_, error.what()));
            }
            // A blank line (often the last one) is no row.
        } while (record.fields.size() == 1 && record.fields[0].empty());
        line = record.line;
        values.assign(width_, std::nullopt);
        present.assign(width_, false);
        for (long index : map_) {
            present[static_cast<std::size_t>(index)] = true;
        }
        if (record.fields.size() != map_.size()) {
            problem =
                fmt::format("has {} fields; the header has {}", record.fields.size(), map_.size());
            return true;
        }
        for (std::size_t i = 0; i < map_.size(); ++i) {
            if (!record.fields[i].empty()) {
                values[static_cast<std::size_t>(map_[i])] = std::move(record.fields[i]);
            }
        }
        return true;
    }

  private:
    static std::string join_columns(const std::vector<std::string>& columns) {
        std::string out;
        for (const auto& column : columns) {
            out += (out.empty() ? "" : ", ") + column;
        }
        return out;
    }

    CsvReader reader_;
    std::string source_;
    std::vector<long> map_;
    std::size_t width_ = 0;
};

// Walks a line's JSON without building it and stops at the first limit it
// passes, so a line of a million values is refused before any is kept.
// Malformed JSON is left to the real parse, which names it.
class JsonLimitCheck {
  public:
    using Json = nlohmann::json;
    explicit JsonLimitCheck(const ReadLimits& limits) : limits_(limits) {}

    bool null() { return value(); }
    bool boolean(bool /*value*/) { return value(); }
    bool number_integer(Json::number_integer_t /*value*/) { return value(); }
    bool number_unsigned(Json::number_unsigned_t /*value*/) { return value(); }
    bool number_float(Json::number_float_t /*value*/, const std::string& /*text*/) {
        return value();
    }
    bool string(std::string& text) { return short_enough(text) && value(); }
    bool binary(Json::binary_t& /*value*/) { return value(); }
    bool start_object(std::size_t /*size*/) { return value(); }
    bool key(std::string& text) { return short_enough(text); }
    bool end_object() { return true; }
    bool start_array(std::size_t /*size*/) { return value(); }
    bool end_array() { return true; }
    bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                     const Json::exception& /*error*/) {
        return false;
    }

    std::string problem; // the limit passed, or ""

  private:
    // Every value but the line's own object counts: members and list items.
    bool value() {
        if (values_++ > limits_.fields) {
            problem = fmt::format("more than {} values in a line", limits_.fields);
            return false;
        }
        return true;
    }
    bool short_enough(const std::string& text) {
        if (text.size() > limits_.field_bytes) {
            problem = fmt::format("a string longer than {}", describe_bytes(limits_.field_bytes));
            return false;
        }
        return true;
    }

    const ReadLimits& limits_;
    std::size_t values_ = 0;
};

class NdjsonSource : public RowSource {
  public:
    NdjsonSource(std::istream& in, const KindInfo& kind, const std::string& source)
        : in_(in), kind_(kind), source_(source) {}

    bool next(Values& values, std::vector<bool>& present, std::size_t& line,
              std::string& problem) override {
        std::string text;
        if (!next_line(text)) {
            return false;
        }
        line = line_;
        JsonLimitCheck check(limits_);
        nlohmann::json::sax_parse(text, &check);
        if (!check.problem.empty()) {
            fail(ErrorKind::invalid, "{}:{}: {}", source_, line_, check.problem);
        }
        values.assign(kind_.columns.size(), std::nullopt);
        present.assign(kind_.columns.size(), false);
        problem = read_object(text, values, present);
        return true;
    }

  private:
    // The next line that is not blank, without a BOM or a trailing CR.
    bool next_line(std::string& text) {
        while (read_line(text)) {
            ++line_;
            if (line_ == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) {
                text.erase(0, 3);
            }
            if (!text.empty() && text.back() == '\r') {
                text.pop_back();
            }
            if (text.find_first_not_of(" \t") != std::string::npos) {
                return true;
            }
        }
        return false;
    }

    // One line as std::getline reads it, refused once it passes the limit
    // rather than kept whole however long it is.
    bool read_line(std::string& text) {
        text.clear();
        std::streambuf* buffer = in_.rdbuf();
        bool read = false;
        for (int c = buffer->sbumpc(); c != std::char_traits<char>::eof(); c = buffer->sbumpc()) {
            read = true;
            if (c == '\n') {
                return true;
            }
            if (text.size() == limits_.record_bytes) {
                fail(ErrorKind::invalid, "{}:{}: line longer than {}", source_, line_ + 1,
                     describe_bytes(limits_.record_bytes));
            }
            text += static_cast<char>(c);
        }
        return read;
    }

    // Reads one line's object into the kind's columns; the problem, or "".
    std::string read_object(const std::string& text, Values& values, std::vector<bool>& present) {
        if (auto bad = invalid_utf8_offset(text)) {
            return fmt::format("invalid UTF-8 or NUL byte at column {}", *bad + 1);
        }
        auto json = nlohmann::json::parse(text, nullptr, false);
        if (json.is_discarded()) {
            return "not valid JSON";
        }
        if (!json.is_object()) {
            return "not a JSON object";
        }
        for (const auto& [key, value] : json.items()) {
            auto found = std::find(kind_.columns.begin(), kind_.columns.end(), key);
            if (found == kind_.columns.end()) {
                return fmt::format("column {}: unknown for {}", key, kind_.name);
            }
            auto index = static_cast<std::size_t>(found - kind_.columns.begin());
            present[index] = true;
            if (std::string problem = read_value(key, value, values[index]); !problem.empty()) {
                return problem;
            }
        }
        for (const auto& name : kind_.required) {
            auto index = static_cast<std::size_t>(
                std::find(kind_.columns.begin(), kind_.columns.end(), name) -
                kind_.columns.begin());
            if (!values[index]) {
                return fmt::format("column {}: required", name);
            }
        }
        return "";
    }

    // A JSON value as the text a CSV cell would hold: null and "" are
    // absent, a list of strings is comma-separated. The problem, or "".
    static std::string read_value(const std::string& key, const nlohmann::json& value,
                                  std::optional<std::string>& slot) {
        if (value.is_null()) {
            return "";
        }
        if (value.is_string()) {
            slot = value.get<std::string>();
        } else if (value.is_boolean()) {
            slot = value.get<bool>() ? "true" : "false";
        } else if (value.is_number()) {
            slot = value.dump();
        } else if (value.is_array()) {
            std::string list;
            for (const auto& item : value) {
                if (!item.is_string()) {
                    return fmt::format("column {}: a list must hold strings", key);
                }
                list += (list.empty() ? "" : ",") + item.get<std::string>();
            }
            slot = list;
        } else {
            return fmt::format("column {}: an object is not a value", key);
        }
        if (slot->empty()) {
            slot.reset();
        }
        return "";
    }

    std::istream& in_;
    const KindInfo& kind_;
    std::string source_;
    ReadLimits limits_;
    std::size_t line_ = 0;
};

// `name: message` from the library becomes `column name: message` when name is a column.
std::string describe_problem(const std::string& message, const KindInfo& kind) {
    auto colon = message.find(": ");
    if (colon != std::string::npos) {
        std::string name = message.substr(0, colon);
        if (std::find(kind.columns.begin(), kind.columns.end(), name) != kind.columns.end()) {
            return "column " + message;
        }
    }
    return message;
}

} // namespace

std::optional<DataKind> parse_data_kind(std::string_view name) {
    for (const auto& item : kinds()) {
        if (item.name == name) {
            return item.kind;
        }
    }
    return std::nullopt;
}

std::string_view data_kind_name(DataKind kind) {
    return info(kind).name;
}

const std::vector<std::string>& data_columns(DataKind kind) {
    return info(kind).columns;
}

namespace {

bool ends_the_import(const Error& error) {
    // A lock held too long or a failing disk ends the import.
    return error.kind() == ErrorKind::busy || error.kind() == ErrorKind::io;
}

// What a row the database refused did wrong; throws what ends the import.
std::string store_problem(const StoreError& error, const KindInfo& kind) {
    try {
        rethrow_store(error, "database");
    } catch (const Error& mapped) {
        if (ends_the_import(mapped)) {
            throw;
        }
        return describe_problem(mapped.what(), kind);
    }
}

// Imports one row; what was wrong with it, or "" when it went in.
std::string import_one(Store& store, RowImporter& importer, const KindInfo& kind,
                       const ImportOptions& options, const Values& values,
                       const std::vector<bool>& present, std::size_t line, ImportResult& result) {
    try {
        // A failed upsert is undone alone, so later rows see the record as
        // it was. A failed plain row fails before it writes or on its first
        // insert, which SQLite undoes; a savepoint per row would cost a fifth
        // of an import for nothing.
        Store::Transaction row(store, options.upsert ? Store::Transaction::savepoint
                                                     : Store::Transaction::joined);
        importer.import_row(values, present, line, result);
        row.commit();
        return "";
    } catch (const Error& error) {
        if (ends_the_import(error)) {
            throw;
        }
        return describe_problem(error.what(), kind);
    } catch (const StoreError& error) {
        return store_problem(error, kind);
    }
    return "";
}

} // namespace

ImportResult import_data(Store& store, const Catalogue& catalogue, DataKind kind, std::istream& in,
                         const ImportOptions& options, const Stamp& stamp) {
    const KindInfo& kind_info = info(kind);
    // Only kinds with a key can be matched to an existing row.
    if (options.upsert && kind == DataKind::milestones) {
        fail(ErrorKind::usage,
             "--upsert works for agencies, experts, requests and assignments (keyed by ORI, "
             "handle, external id and id), not {}",
             kind_info.name);
    }
    std::unique_ptr<RowSource> source;
    if (options.ndjson) {
        source = std::make_unique<NdjsonSource>(in, kind_info, options.source);
    } else {
        source = std::make_unique<CsvSource>(in, kind_info, options.source);
    }
    ImportResult result;
    // A savepoint when nested (an import line in a batch): a dry run or a
    // file with bad rows is undone alone, not left for the batch to refuse.
    Store::Transaction transaction(store, Store::Transaction::savepoint);
    RowImporter importer(store, catalogue, kind, options, stamp);
    // Rows go in chunks: the importer looks up what a chunk's rows name in a
    // few statements, and on a server a chunk's new requests travel together
    // (other kinds read as they go, which would send their rows one by one).
    // Memory holds one chunk, whatever the size of the file.
    std::optional<Store::Bulk> bulk;
    if (kind == DataKind::requests && !options.upsert) {
        bulk.emplace(store);
    }
    std::vector<Values> values(k_chunk_rows);
    std::vector<std::vector<bool>> present(k_chunk_rows);
    std::vector<std::size_t> lines(k_chunk_rows);
    std::vector<std::string> problems(k_chunk_rows);
    bool stop = false; // a row ended the transaction on the server
    for (bool more = true; more && !stop;) {
        // A chunk ends at 1000 rows, 16 MiB of fields, or 2 s of reading
        // (a slow pipe), so memory stays flat and a server is not left idle.
        std::size_t count = 0;
        std::size_t bytes = 0;
        auto started = std::chrono::steady_clock::now();
        while (count < k_chunk_rows && bytes < k_chunk_bytes &&
               std::chrono::steady_clock::now() - started < k_chunk_wait) {
            problems[count].clear();
            if (!source->next(values[count], present[count], lines[count], problems[count])) {
                more = false;
                break;
            }
            for (const auto& value : values[count]) {
                bytes += value ? value->size() : 0;
            }
            ++count;
        }
        importer.look_ahead(values, count);
        // The chunk's bad rows so far, by line, and the first row whose
        // writes are still held back (on a server, see Store::Bulk).
        std::size_t listed = result.problems.size();
        std::vector<std::size_t> bad_lines;
        std::size_t unsent = 0;
        // Sends the rows held back. A row the server refuses is a bad row of
        // those sent together, listed in line order, and the last: the
        // server's transaction has failed.
        auto send = [&](std::size_t last) {
            try {
                store.flush();
                unsent = last + 1;
                return true;
            } catch (const StoreError& error) {
                std::string where = lines[unsent] == lines[last]
                                        ? fmt::format("{}", lines[last])
                                        : fmt::format("{}-{}", lines[unsent], lines[last]);
                auto before = std::count_if(bad_lines.begin(), bad_lines.end(),
                                            [&](std::size_t line) { return line < lines[unsent]; });
                result.problems.insert(result.problems.begin() + static_cast<long>(listed) + before,
                                       fmt::format("{}:{}: {}", options.source, where,
                                                   store_problem(error, kind_info)));
                if (result.problems.size() > options.max_problems) {
                    result.problems.pop_back();
                }
                ++result.problem_count;
                return false;
            }
        };
        for (std::size_t i = 0; i < count; ++i) {
            ++result.rows;
            std::string& problem = problems[i];
            if (problem.empty()) {
                problem = import_one(store, importer, kind_info, options, values[i], present[i],
                                     lines[i], result);
            }
            if (!problem.empty()) {
                if (result.problem_count < options.max_problems) {
                    result.problems.push_back(
                        fmt::format("{}:{}: {}", options.source, lines[i], problem));
                    bad_lines.push_back(lines[i]);
                }
                ++result.problem_count;
                // A row the server refused has failed its transaction (SQLite
                // undoes the statement alone): the listing ends with it.
                if (store.transaction_failed()) {
                    stop = true;
                    break;
                }
            }
            if (options.progress && result.rows % 10000 == 0) {
                options.progress(result.rows);
            }
            if (store.bulk_full() && !send(i)) {
                stop = true;
                break;
            }
        }
        if (!stop && count > 0 && !send(count - 1)) {
            stop = true;
        }
    }
    if (result.problem_count == 0 && !options.dry_run) {
        transaction.commit();
    }
    return result;
}

} // namespace crt
