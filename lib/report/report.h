// The reports: each builds a Report (tables plus the words around them) as of
// the end of one day, rebuilt from the history; lib/format writes it.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/dates.h"
#include "lib/base/format.h"
#include "lib/base/view.h"
#include "lib/model/milestone.h"
#include "lib/store/store.h"

#include "lib/store/statement.h"

#include <functional>
#include <map>
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
    std::string since;  // received on or after
    std::string until;  // received on or before
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
// `view` (--columns, --sort, --limit) shapes the data section, the one
// the machine formats print; `width` fits the table format (write_table).
void write_report(std::ostream& out, const Report& report, Format format, const View& view = {},
                  std::size_t width = 0);

// The facts each report is built from, as of the end of one day. Text that
// may be absent is empty when it is; the tables print it as null.

// Counts by a status or level name; count_of gives 0 for a name not counted.
using Counts = std::map<std::string, long long, std::less<>>;
long long count_of(const Counts& counts, std::string_view name);

// Requests of one level: counted by status, and the medians of the days
// from received to first assignment and to completion.
struct LevelSummary {
    std::string level;
    long long requests = 0;
    Counts by_status;
    std::optional<double> median_days_to_assignment;
    std::optional<double> median_days_to_completion;
};
// One per catalogue level the filter allows, in catalogue order.
std::vector<LevelSummary> summarize_levels(Store& store, const Catalogue& catalogue,
                                           const ReportFilter& filter, const std::string& as_of);

// First assignments of one level measured against its target.
struct LevelTimeliness {
    std::string level;
    int target_days = 0;
    long long within_target = 0;
    long long late = 0;
    long long waiting = 0;
    long long closed_unassigned = 0;
    std::optional<double> share_within_target;
};
std::vector<LevelTimeliness> measure_timeliness(Store& store, const Catalogue& catalogue,
                                                const ReportFilter& filter,
                                                const std::string& as_of);
// Where one request's first assignment stands against its level's target
// on the as-of day.
enum class Timeliness { within_target, late, waiting, closed_unassigned };
// Calls `each` with the level, received date and timeliness of every request
// in scope (of a level the catalogue has).
void for_each_timeliness(
    Store& store, const Catalogue& catalogue, const ReportFilter& filter, const std::string& as_of,
    const std::function<void(const std::string&, const std::string&, Timeliness)>& each);
// Adds one request to counts with the four timeliness fields.
template <typename Counts> void tally(Counts& counts, Timeliness timeliness) {
    switch (timeliness) {
    case Timeliness::within_target: ++counts.within_target; break;
    case Timeliness::late: ++counts.late; break;
    case Timeliness::waiting: ++counts.waiting; break;
    case Timeliness::closed_unassigned: ++counts.closed_unassigned; break;
    }
}

// Requests on one topic by level. `entry` is the catalogue's topic, or
// nothing for a topic on a record the catalogue no longer has.
struct TopicCount {
    std::string topic;
    std::optional<Topic> entry;
    Counts by_level;
    long long total() const;
};
// Every catalogue topic in catalogue order, then the unknown ones.
std::vector<TopicCount> count_topics(Store& store, const Catalogue& catalogue,
                                     const ReportFilter& filter, const std::string& as_of);

// One expert's load: current registry facts and as-of counts.
struct ExpertLoad {
    std::string handle;
    std::string name;
    std::string org;
    bool active = false;
    long long capacity = 0;
    long long active_assignments = 0;
    double hours = 0;
    long long overdue_milestones = 0;
};
std::vector<ExpertLoad> measure_workload(Store& store, const ReportFilter& filter,
                                         const std::string& as_of);

struct OverdueMilestone {
    long long request = 0;
    std::string agency;
    std::string agency_name;
    std::string level;
    long long milestone = 0;
    std::string kind;
    std::string title;
    std::string due;
    long days_overdue = 0;
    std::string lead;
};
// Calls `each` for every overdue milestone, most overdue first, keeping none.
void for_each_overdue(Store& store, const ReportFilter& filter, const std::string& as_of,
                      const std::function<void(const OverdueMilestone&)>& each);

// One of an agency's requests and one of its milestones (`milestone.id` is 0
// for a request without milestones), with the milestone's fields as of the day.
struct AgencyEngagement {
    long long request = 0;
    std::string level;
    std::string title;
    std::string status;
    std::string received;
    std::string accepted;
    Milestone milestone;
};
// The agency's name and state; throws not_found for an unknown ORI.
std::pair<std::string, std::string> agency_name_and_state(Store& store, const std::string& ori);
std::vector<AgencyEngagement> agency_engagements(Store& store, const std::string& ori,
                                                 const ReportFilter& filter,
                                                 const std::string& as_of);

// An assessment or critical response as the public may see it, with its
// recommendations counted by status.
struct PublicEngagement {
    long long request = 0;
    std::string agency_name;
    std::string state;
    std::string level;
    std::string status;
    std::string received;
    std::string accepted;
    long long recommendations = 0;
    Counts by_status;
    // 100 * done / (recommendations - cancelled); nothing when that is 0.
    std::optional<double> percent_done() const;
};
// A recommendation's public fields as of the day (status, due, title and
// blocker as they stood; the rest as recorded).
struct PublicRecommendation {
    std::string ref;
    std::string finding;
    std::string title;
    std::string due;
    std::string status;
    std::string completed;
    std::string blocker;
    // Not published: what rebuilds the status of another day from the
    // history (lib/report/progress): the milestone's id, the day it was
    // recorded, and its latest status with the day of that move.
    long long milestone = 0;
    std::string created;
    std::string latest_status;
    std::string latest_status_date;
};
// Calls `each_recommendation` for each recommendation of an engagement as it
// is read, then `each_engagement` once its counts are complete; keeps none.
// Only public fields are read: no contact data, notes, hours or experts.
// `filter.expert` is ignored: a published report is not cut by expert.
void for_each_public_engagement(
    Store& store, const ReportFilter& filter, const std::string& as_of,
    const std::function<void(const PublicEngagement&, const PublicRecommendation&)>&
        each_recommendation,
    const std::function<void(const PublicEngagement&)>& each_engagement);

// Reports by calendar period (lib/report/report_period.cpp). The range is
// filter.since (else the first received date in scope) to filter.until
// (else the as-of day), never past the as-of day; the first and last
// periods are cut to it. No periods when nothing is in scope.
std::vector<Period> report_periods(Store& store, const ReportFilter& filter,
                                   const std::string& as_of, PeriodUnit unit);

// What happened in one period: requests received in it, and requests moved
// to each status on a day in it (each request once per period and status),
// counting only moves on or before the as-of day that still stand.
struct PeriodActivity {
    Period period;
    long long received = 0;
    long long accepted = 0;
    long long completed = 0;
    long long declined = 0;
    long long withdrawn = 0;
};
// The filters choose the requests (--status by their status on the as-of
// day); since and until bound the periods, not the received dates.
std::vector<PeriodActivity> count_activity(Store& store, const ReportFilter& filter,
                                           const std::string& as_of, PeriodUnit unit);

// The timeliness of first assignment of the requests received in one period,
// each against its level's target, as of the as-of day.
struct PeriodTimeliness {
    Period period;
    long long within_target = 0;
    long long late = 0;
    long long waiting = 0;
    long long closed_unassigned = 0;
    std::optional<double> share_within_target;
};
std::vector<PeriodTimeliness> measure_timeliness_by_period(Store& store, const Catalogue& catalogue,
                                                           const ReportFilter& filter,
                                                           const std::string& as_of,
                                                           PeriodUnit unit);

Report report_summary_by_period(Store& store, const ReportFilter& filter, const std::string& as_of,
                                PeriodUnit unit);
Report report_timeliness_by_period(Store& store, const Catalogue& catalogue,
                                   const ReportFilter& filter, const std::string& as_of,
                                   PeriodUnit unit);

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
// The public report; `filter.expert` is ignored, as above.
Report report_public(Store& store, const ReportFilter& filter, const std::string& as_of,
                     bool detail, RowWriter* sink = nullptr);

// The median of `values` (the mean of the two middle ones for an even count);
// nothing for an empty set. Reorders `values`.
std::optional<double> median(std::vector<long>& values);
// 100 * part / whole rounded half away from zero to one decimal; nothing when whole is 0.
std::optional<double> percent(long long part, long long whole);

// The requests in scope as of `:as_of` as an SQL subquery with columns id,
// agency, level, received, accepted, status (as of), and last_move (the day
// of the request's latest move as recorded now, not as of; when it is on or
// before :as_of, status is the status that move gave); with its named
// parameters. Used by every report.
struct Scope {
    std::string sql;
    std::vector<std::pair<std::string, Cell>> binds;
};
Scope request_scope(const ReportFilter& filter, const std::string& as_of);
// Binds the named parameters a statement uses; others are skipped.
void bind_scope(Statement& query, const std::vector<std::pair<std::string, Cell>>& binds);
// The requests the public report covers as of the day: assessments and
// critical responses only, never cut by expert.
Scope public_scope(const ReportFilter& filter, const std::string& as_of);
// The columns of the public report's two tables and their rows as it prints
// them; the published site's open data (lib/report/publish) writes the same.
extern const std::vector<std::string> k_public_columns;
extern const std::vector<std::string> k_public_detail_columns;
Row public_engagement_row(const PublicEngagement& e);
Row public_recommendation_row(const PublicEngagement& e, const PublicRecommendation& r);
// A report with its title, as-of day and the filters described.
Report report_header(const std::string& title, const ReportFilter& filter,
                     const std::string& as_of);
// A report of one unnamed table with notes under it.
Report single_table(const std::string& title, const ReportFilter& filter, const std::string& as_of,
                    Table table, std::vector<std::string> notes);

} // namespace crt
