// Bulk data in and out: CSV (or NDJSON) with the same columns both ways, so
// export then import into an empty database reproduces the data.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/format.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace crt {

enum class DataKind { agencies, experts, requests, assignments, milestones };

std::optional<DataKind> parse_data_kind(std::string_view name);
std::string_view data_kind_name(DataKind kind);
// The columns export writes and import reads, in order.
const std::vector<std::string>& data_columns(DataKind kind);

struct ImportOptions {
    std::string source;   // the name used in messages: a path or "-"
    bool ndjson = false;  // else CSV with a header row
    bool dry_run = false; // validate everything, write nothing
    bool upsert = false;  // update rows whose key exists
    // Keep contact data in a recommendation's published text (see
    // published_text_override); each override is noted in its history row.
    bool force = false;
    std::size_t max_problems = 100;
    // Called every so many rows with the count so far (progress display).
    std::function<void(std::size_t)> progress;
};

struct ImportResult {
    std::size_t rows = 0;
    std::size_t inserted = 0;
    std::size_t updated = 0;
    // `SOURCE:LINE: column NAME: message`, at most max_problems of them.
    std::vector<std::string> problems;
    std::size_t problem_count = 0;
};

// Reads every row in one transaction: all land, or (on any problem, or a dry
// run) none do. A malformed file throws an `invalid` Error naming its place;
// bad rows are collected in the result and then nothing is written.
ImportResult import_data(Store& store, const Catalogue& catalogue, DataKind kind, std::istream& in,
                         const ImportOptions& options, const Stamp& stamp);

// Writes every row of `kind` in `format` (csv, tsv, json or ndjson), streaming.
void export_data(Store& store, DataKind kind, std::ostream& out, Format format);
// Writes the whole history, every column, in the order it was recorded.
// Not a kind import reads: history is written by the changes themselves.
void export_history(Store& store, std::ostream& out, Format format);

} // namespace crt
