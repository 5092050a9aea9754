// The reports by calendar period: a program office's quarterly numbers of
// requests received, accepted, completed and closed, and the timeliness of
// first assignment of each period's requests, as of any day.
#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/model/history.h"
#include "lib/report/report.h"

#include "lib/store/statement.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

namespace crt {

namespace {

// The scope of the requests a period report counts: every filter but the
// received range, which bounds the periods instead.
ReportFilter without_range(ReportFilter filter) {
    filter.since.clear();
    filter.until.clear();
    return filter;
}

// The index of the period that holds `date`, if any.
std::optional<std::size_t> period_of(const std::vector<Period>& periods, const std::string& date) {
    auto after =
        std::upper_bound(periods.begin(), periods.end(), date,
                         [](const std::string& day, const Period& p) { return day < p.start; });
    if (after == periods.begin() || date > std::prev(after)->end) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(std::prev(after) - periods.begin());
}

std::string_view unit_name(PeriodUnit unit) {
    return k_period_units[static_cast<std::size_t>(unit)];
}

// The header of a report by period: the filters as given, and the unit.
Report period_header(const std::string& title, const ReportFilter& filter, const std::string& as_of,
                     PeriodUnit unit) {
    Report report = report_header(title, filter, as_of);
    report.filters.insert(report.filters.begin(), {"by", std::string(unit_name(unit))});
    return report;
}

} // namespace

std::vector<Period> report_periods(Store& store, const ReportFilter& filter,
                                   const std::string& as_of, PeriodUnit unit) {
    std::string since = filter.since;
    if (since.empty()) {
        Scope scope = request_scope(without_range(filter), as_of);
        Statement first(store, fmt::format("SELECT min(received) FROM {} AS s", scope.sql));
        bind_scope(first, scope.binds);
        if (!first.step() || first.is_null(0)) {
            return {};
        }
        since = first.text(0);
    }
    std::string until = filter.until.empty() ? as_of : std::min(filter.until, as_of);
    return periods_between(since, until, unit);
}

namespace {

// One empty row of counts for each period, in order.
template <typename Row> std::vector<Row> rows_per_period(const std::vector<Period>& periods) {
    std::vector<Row> rows(periods.size());
    for (std::size_t i = 0; i < periods.size(); ++i) {
        rows[i].period = periods[i];
    }
    return rows;
}

} // namespace

std::vector<PeriodActivity> count_activity(Store& store, const ReportFilter& filter,
                                           const std::string& as_of, PeriodUnit unit) {
    std::vector<Period> periods = report_periods(store, filter, as_of, unit);
    auto out = rows_per_period<PeriodActivity>(periods);
    if (periods.empty()) {
        return out;
    }
    Scope scope = request_scope(without_range(filter), as_of);
    scope.binds.emplace_back(":first", periods.front().start);
    scope.binds.emplace_back(":last", periods.back().end);
    // Receipts, then the moves each request made to the statuses counted.
    Statement query(store, fmt::format(R"sql(
        WITH scope AS {0}
        SELECT 'received', s.received, s.id FROM scope s WHERE s.received BETWEEN :first AND :last
        UNION ALL
        SELECT h.new_value, h.effective_date, s.id FROM scope s
        JOIN history h ON h.request = s.id AND h.entity = 'request'
             AND h.entity_id = CAST(s.id AS TEXT)
        WHERE h.action = 'status' AND h.new_value IN ('accepted', 'completed', 'declined', 'withdrawn')
          AND h.effective_date BETWEEN :first AND :last AND h.effective_date <= :as_of AND {1})sql",
                                       scope.sql, standing_sql("h")));
    bind_scope(query, scope.binds);
    std::set<std::tuple<std::size_t, std::string, long long>> counted;
    while (query.step()) {
        std::string what = query.text(0);
        auto index = period_of(periods, query.text(1));
        if (!index || !counted.emplace(*index, what, query.integer(2)).second) {
            continue;
        }
        PeriodActivity& row = out[*index];
        (what == "received"    ? row.received
         : what == "accepted"  ? row.accepted
         : what == "completed" ? row.completed
         : what == "declined"  ? row.declined
                               : row.withdrawn) += 1;
    }
    return out;
}

std::vector<PeriodTimeliness> measure_timeliness_by_period(Store& store, const Catalogue& catalogue,
                                                           const ReportFilter& filter,
                                                           const std::string& as_of,
                                                           PeriodUnit unit) {
    std::vector<Period> periods = report_periods(store, filter, as_of, unit);
    auto out = rows_per_period<PeriodTimeliness>(periods);
    if (periods.empty()) {
        return out;
    }
    // The requests received in the range, as a report over it would count them.
    ReportFilter scoped = filter;
    scoped.since = periods.front().start;
    scoped.until = periods.back().end;
    for_each_timeliness(store, catalogue, scoped, as_of,
                        [&](const std::string&, const std::string& received, Timeliness t) {
                            if (auto index = period_of(periods, received)) {
                                tally(out[*index], t);
                            }
                        });
    for (auto& row : out) {
        row.share_within_target = percent(row.within_target, row.within_target + row.late);
    }
    return out;
}

Report report_summary_by_period(Store& store, const ReportFilter& filter, const std::string& as_of,
                                PeriodUnit unit) {
    Table table{
        {"period", "start", "end", "received", "accepted", "completed", "declined", "withdrawn"},
        {}};
    for (const auto& row : count_activity(store, filter, as_of, unit)) {
        table.rows.push_back({row.period.label, row.period.start, row.period.end, row.received,
                              row.accepted, row.completed, row.declined, row.withdrawn});
    }
    Report report =
        period_header(fmt::format("Requests by {}", unit_name(unit)), filter, as_of, unit);
    report.sections.push_back({"", std::move(table)});
    report.notes = {
        "Each row is a calendar period from start to end, both included: the first and last are "
        "cut to --since and --until (default: the first request received, and the as-of day), and "
        "none goes past the as-of day.",
        "received: requests received in the period; accepted, completed, declined, withdrawn: "
        "requests moved to that status on a day in the period, each once per period, whenever "
        "they were received.",
        "Only moves dated on or before the as-of day count, and none that was voided or re-dated "
        "out of the period; requests closed without completion are declined + withdrawn.",
        "The filters choose the requests; --status is their status at the end of the as-of day."};
    return report;
}

Report report_timeliness_by_period(Store& store, const Catalogue& catalogue,
                                   const ReportFilter& filter, const std::string& as_of,
                                   PeriodUnit unit) {
    Table table{{"period", "start", "end", "assigned_within_target", "late", "waiting",
                 "closed_unassigned", "share_within_target"},
                {}};
    for (const auto& row : measure_timeliness_by_period(store, catalogue, filter, as_of, unit)) {
        table.rows.push_back({row.period.label, row.period.start, row.period.end, row.within_target,
                              row.late, row.waiting, row.closed_unassigned,
                              number_or_null(row.share_within_target)});
    }
    Report report = period_header(
        fmt::format("Timeliness of first assignment by {}", unit_name(unit)), filter, as_of, unit);
    report.sections.push_back({"", std::move(table)});
    report.notes = {
        "Each row counts the requests received in the period (start to end, both included; the "
        "first and last cut to --since and --until, default the first request received and the "
        "as-of day), each against its own level's target_days, as of the as-of day.",
        "assigned_within_target, late, waiting and closed_unassigned are as in the report by "
        "level; the row of a period equals that report over the period's days, summed over the "
        "levels.",
        "share_within_target = 100 * assigned_within_target / (assigned_within_target + late), one "
        "decimal, half away from zero; empty when nothing counts."};
    return report;
}

} // namespace crt
