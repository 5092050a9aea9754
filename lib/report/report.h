// The reports: each builds a Report (tables plus the words around them) as of
// the end of one day, rebuilt from the history; lib/format writes it.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/format.h"
#include "lib/store/store.h"

#include "lib/store/statement.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crt {

// The list filters, applied to the requests a report covers.
struct ReportFilter {
    std::vector<std::string> levels;
    std::vector<std::string> statuses; // as of the report's day
    std::string state;
    std::string agency;
    std::string topic;
    std::string expert; // assigned to the request by the as-of day
    std::string from;   // received on or after
    std::string to;     // received on or before
};

struct Report {
    std::string title;
    std::string as_of;
    std::vector<std::pair<std::string, std::string>> filters;
    std::vector<Section> sections;
    // The section csv, tsv, json and ndjson print: one table per output.
    std::size_t data_section = 0;
    // Definitions printed under the tables in table and md output.
    std::vector<std::string> notes;
};

// Writes the whole document in table and md (title, as-of day, filters,
// tables, notes); the data section alone in the other formats.
void write_report(std::ostream& out, const Report& report, Format format);

Report report_summary(Store& store, const Catalogue& catalogue, const ReportFilter& filter,
                      const std::string& as_of);
Report report_timeliness(Store& store, const Catalogue& catalogue, const ReportFilter& filter,
                         const std::string& as_of);
Report report_topics(Store& store, const Catalogue& catalogue, const ReportFilter& filter,
                     const std::string& as_of);
Report report_workload(Store& store, const ReportFilter& filter, const std::string& as_of);
// With a `sink`, the data rows (those csv, tsv, json and ndjson print) go to
// it as they are read and the report keeps none, so memory stays flat; the
// other sections are not built.
Report report_overdue(Store& store, const ReportFilter& filter, const std::string& as_of,
                      RowWriter* sink = nullptr);
Report report_agency(Store& store, const std::string& ori, const ReportFilter& filter,
                     const std::string& as_of);
Report report_public(Store& store, const ReportFilter& filter, const std::string& as_of,
                     bool detail, RowWriter* sink = nullptr);

// The median of `values` (the mean of the two middle ones for an even count);
// nothing for an empty set. Reorders `values`.
std::optional<double> median(std::vector<long>& values);
// 100 * part / whole rounded half away from zero to one decimal; nothing when whole is 0.
std::optional<double> percent(long long part, long long whole);

// The requests in scope as of `:as_of` as an SQL subquery with columns id,
// agency, level, received, accepted, status (as of), status_date; with its
// named parameters. Used by every report.
struct Scope {
    std::string sql;
    std::vector<std::pair<std::string, Cell>> binds;
};
Scope request_scope(const ReportFilter& filter, const std::string& as_of);
// Binds the named parameters a statement uses; others are skipped.
void bind_scope(Statement& query, const std::vector<std::pair<std::string, Cell>>& binds);
// A report with its title, as-of day and the filters described.
Report report_header(const std::string& title, const ReportFilter& filter,
                     const std::string& as_of);

} // namespace crt
