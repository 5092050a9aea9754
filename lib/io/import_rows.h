// One row of an import into the store: the rules of each kind, with the
// statements kept prepared across rows so a million rows stay fast.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/io/import.h"
#include "lib/model/history.h"
#include "lib/model/milestone.h"
#include "lib/model/request.h"
#include "lib/store/store.h"

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace crt {

// A row's values by the kind's column index; nothing for an empty field.
using Values = std::vector<std::optional<std::string>>;

// Rows are read, looked up and written this many at a time, or fewer: a
// chunk ends at this many bytes of fields or this long spent reading it.
constexpr std::size_t k_chunk_rows = 1000;
constexpr std::size_t k_chunk_bytes = 16 << 20;
constexpr std::chrono::seconds k_chunk_wait{2};

class RowImporter {
  public:
    RowImporter(Store& store, const Catalogue& catalogue, DataKind kind,
                const ImportOptions& options, const Stamp& stamp);
    // Checks and writes one row; throws an Error naming the column at fault.
    // `present` marks the columns the input gives; an upsert changes only those.
    void import_row(const Values& values, const std::vector<bool>& present, std::size_t line,
                    ImportResult& result);
    // Before the first `count` rows of `rows` are imported: looks up at once
    // what they name (agencies, external ids, ids), so the rows need no
    // statement of their own to learn it. Reads only; refuses nothing.
    void look_ahead(const std::vector<Values>& rows, std::size_t count);

  private:
    const std::string& text(const Values& values, const char* column) const;
    std::string date(const Values& values, const char* column, const std::string& fallback) const;
    // Records `key` as seen in this input; refuses a key seen before.
    void claim(const std::string& key, const char* column, const std::string& shown);
    bool agency_exists(const std::string& ori);
    // The value for an upsert: nothing when the input does not give the column.
    std::optional<std::string> given(const Values& values, const char* column) const;

    void import_agency(const Values& values, ImportResult& result);
    void import_expert(const Values& values, ImportResult& result);
    void import_request(const Values& values, std::size_t line, ImportResult& result);
    Request read_request(const Values& values, long long& id);
    void read_request_status(const Values& values, Request& request) const;
    std::optional<long long> existing_request(const Request& request, long long id);
    void update_imported_request(long long found, const Request& request, const Values& values);
    void move_imported_request(long long found, const Request& current, const Request& request);
    // Refuses an explicit id that a request already has.
    void require_free_id(long long id);
    void insert_request(const Request& request, long long id, std::size_t line);
    // The import row and the moves it implies, so reports as of any day see them.
    void record_imported_request(const Request& request, long long new_id, std::size_t line);
    void import_assignment(const Values& values, std::size_t line, ImportResult& result);
    struct ImportedAssignment {
        long long request = 0;
        std::string expert, role, assigned, released;
        long long centihours = 0;
    };
    long long read_hours(const Values& values) const;
    void check_assignment(const ImportedAssignment& a);
    void insert_assignment(const ImportedAssignment& a, long long id, std::size_t line);
    // The assignment the row's id names, if there is one; refuses an id seen
    // twice in this input, and a match without --upsert.
    bool existing_assignment(long long id);
    void update_imported_assignment(long long id, const ImportedAssignment& a,
                                    const Values& values);
    void import_milestone(const Values& values, std::size_t line, ImportResult& result);
    void read_milestone_dates(const Values& values, Milestone& m) const;
    long long claim_milestone_keys(const Values& values, const Milestone& m, long long id);
    void insert_milestone(const Milestone& m, long long id, long long step,
                          const std::string& forced, std::size_t line);

    Store& store_;
    const Catalogue& catalogue_;
    DataKind kind_;
    const ImportOptions& options_;
    Stamp stamp_;
    std::unordered_map<std::string, std::size_t> columns_;
    std::unordered_map<std::string, bool> agencies_;
    std::string today_;
    const std::vector<bool>* present_ = nullptr;
    // Requests above this id were added by this import, so a key found among
    // them appears twice in the input; ids below it taken by this import too.
    long long first_new_request_ = 0;
    std::unordered_set<long long> imported_ids_;
    // The largest request id so far: a new request without one gets the next,
    // as SQLite's rowid and the server's trigger would give it.
    long long last_request_id_ = 0;
    // Filled by look_ahead for a plain import of requests: the request each
    // external id of the chunk names (0 for none), and the ids the chunk
    // gives that are taken; both kept up to date as the chunk goes in.
    bool looked_ahead_ = false;
    std::unordered_map<std::string, long long> chunk_external_ids_;
    std::unordered_set<long long> chunk_taken_ids_;
    // The same for assignments: above it, added by this import.
    long long first_new_assignment_ = 0;
};

} // namespace crt
