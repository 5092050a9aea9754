// The reports about the work itself: overdue milestones, one agency's
// engagements, and the public transparency report.
#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/model/asof.h"
#include "lib/model/history.h"
#include "lib/report/report.h"

#include "lib/store/statement.h"

#include <map>

namespace crt {

namespace {

// Cell of a text column that may be NULL.
Cell text_at(Statement& query, int column) {
    if (query.is_null(column)) {
        return std::monostate{};
    }
    return query.text(column);
}

Cell integer_at(Statement& query, int column) {
    if (query.is_null(column)) {
        return std::monostate{};
    }
    return static_cast<long long>(query.integer(column));
}

} // namespace

Report report_overdue(Store& store, const ReportFilter& filter, const std::string& as_of,
                      RowWriter* sink) {
    Report report = report_header("Overdue milestones", filter, as_of);
    Scope scope = request_scope(filter, as_of);
    Statement query(
        store, fmt::format(R"sql(
        SELECT s.id, s.agency, ag.name, s.level, m.id, m.kind, {3}, {2},
               (SELECT a.expert FROM assignment a WHERE a.request = s.id AND a.role = 'lead'
                  AND a.assigned <= :as_of AND (a.released IS NULL OR a.released > :as_of)
                ORDER BY a.assigned DESC, a.id DESC LIMIT 1)
        FROM {0} s JOIN agency ag ON ag.ori = s.agency JOIN milestone m ON m.request = s.id
        WHERE m.created <= :as_of AND {2} < :as_of AND s.status NOT IN {4}
          AND {1} NOT IN {5}
        ORDER BY 8, s.id, m.id)sql",
                           scope.sql, milestone_status_as_of_sql("m"),
                           milestone_field_as_of_sql("due"), milestone_field_as_of_sql("title"),
                           k_sql_final_request_statuses, k_sql_closed_milestone_statuses));
    bind_scope(query, scope.binds);
    Table table{{"request", "agency", "agency_name", "level", "milestone", "kind", "title", "due",
                 "days_overdue", "lead"},
                {}};
    if (sink != nullptr) {
        sink->columns(table.columns);
    }
    while (query.step()) {
        std::string due = query.text(7);
        Row row = {query.integer(0),         query.text(1),    query.text(2), query.text(3),
                   query.integer(4),         query.text(5),    query.text(6), due,
                   days_between(due, as_of), text_at(query, 8)};
        if (sink != nullptr) {
            sink->row(row);
        } else {
            table.rows.push_back(std::move(row));
        }
    }
    report.sections.push_back({"", std::move(table)});
    report.notes = {
        "A milestone is overdue when, at the end of the as-of day, it is not done, cancelled or "
        "not-assessable and its due date is before that day; milestones of declined or withdrawn "
        "requests are left out.",
        "days_overdue = as-of day minus due date; lead is the lead assigned that day, if any."};
    return report;
}

Report report_agency(Store& store, const std::string& ori, const ReportFilter& filter,
                     const std::string& as_of) {
    Statement agency(store, "SELECT name, state FROM agency WHERE ori = ?");
    agency.bind(1, ori);
    if (!agency.step()) {
        fail(ErrorKind::not_found, "no agency with ORI '{}'", ori);
    }
    ReportFilter scoped = filter;
    scoped.agency = ori;
    Report report = report_header(
        fmt::format("Engagements of {} ({}, {})", agency.text(0), ori, agency.text(1)), filter,
        as_of);
    Scope scope = request_scope(scoped, as_of);
    Statement query(store, fmt::format(R"sql(
        SELECT s.id, s.level, r.title, s.status, s.received, s.accepted,
               m.id, m.kind, m.ref, {5}, {2} AS due_as_of, {1},
               {3}
        FROM {0} s JOIN request r ON r.id = s.id
        LEFT JOIN milestone m ON m.request = s.id AND m.created <= :as_of
        ORDER BY s.id, coalesce(due_as_of, '9999-99-99'), m.id)sql",
                                       scope.sql, milestone_status_as_of_sql("m"),
                                       milestone_field_as_of_sql("due"),
                                       milestone_completed_as_of_sql("m"), "",
                                       milestone_field_as_of_sql("title")));
    bind_scope(query, scope.binds);
    Table table{{"request", "level", "title", "status", "received", "accepted", "milestone", "kind",
                 "ref", "milestone_title", "due", "milestone_status", "completed"},
                {}};
    while (query.step()) {
        Row row = {query.integer(0), query.text(1), query.text(2),
                   query.text(3),    query.text(4), text_at(query, 5)};
        row.push_back(integer_at(query, 6));
        for (int i = 7; i < 13; ++i) {
            row.push_back(text_at(query, i));
        }
        table.rows.push_back(std::move(row));
    }
    report.sections.push_back({"", std::move(table)});
    report.notes = {
        "One row per milestone (a request without milestones has one row); statuses as of the end "
        "of the as-of day."};
    return report;
}

namespace {

// The public report covers assessments and critical responses only: a
// filter naming just tac selects nothing.
Scope public_scope(const ReportFilter& filter, const std::string& as_of) {
    ReportFilter scoped = filter;
    if (scoped.levels.empty()) {
        scoped.levels = {"critical", "assessment"};
    }
    std::erase_if(scoped.levels, [](const std::string& level) { return level == "tac"; });
    if (scoped.levels.empty()) {
        scoped.levels = {"none"};
    }
    return request_scope(scoped, as_of);
}

// Each engagement in scope, then each of its recommendations as of the day.
// Only public fields are selected here: no contact data, emails, notes,
// descriptions, hours or experts, whatever the format.
Statement public_query(Store& store, const Scope& scope) {
    Statement query(
        store, fmt::format(R"sql(
        SELECT s.id, ag.name, ag.state, s.level, s.status, s.received, s.accepted,
               m.ref, m.finding, {5}, {2}, {1}, {4},
               {3}
        FROM {0} s JOIN agency ag ON ag.ori = s.agency
        LEFT JOIN milestone m ON m.request = s.id AND m.kind = 'recommendation' AND m.created <= :as_of
        ORDER BY s.id, m.id)sql",
                           scope.sql, milestone_status_as_of_sql("m"),
                           milestone_field_as_of_sql("due"), milestone_field_as_of_sql("blocker"),
                           milestone_completed_as_of_sql("m"), milestone_field_as_of_sql("title")));
    bind_scope(query, scope.binds);
    return query;
}

// Where the public report's rows go: kept in its two tables, or, streaming,
// the data section's rows to the sink and the other section nowhere.
class PublicRows {
  public:
    PublicRows(bool detail, RowWriter* sink) : detail_(detail), sink_(sink) {
        if (sink_ != nullptr) {
            sink_->columns(detail ? recommendations.columns : summary.columns);
        }
    }
    bool wants_detail() const { return detail_; }
    void add_summary(Row row) {
        if (sink_ == nullptr) {
            summary.rows.push_back(std::move(row));
        } else if (!detail_) {
            sink_->row(row);
        }
    }
    void add_detail(Row row) {
        if (sink_ == nullptr) {
            recommendations.rows.push_back(std::move(row));
        } else {
            sink_->row(row);
        }
    }

    Table summary{{"request", "agency_name", "state", "level", "status", "received", "accepted",
                   "recommendations", "planned", "in_progress", "partial", "done", "cancelled",
                   "not_assessable", "percent_done"},
                  {}};
    Table recommendations{{"request", "agency_name", "state", "level", "ref", "finding", "title",
                           "due", "status", "completed", "blocker"},
                          {}};

  private:
    bool detail_;
    RowWriter* sink_;
};

// One engagement's recommendations counted by status as its rows go by.
struct EngagementTally {
    Row head; // request, agency_name, state, level, status, received, accepted
    long long total = 0;
    std::map<std::string, long long, std::less<>> counts;

    Row summary_row() const {
        auto count = [&](std::string_view status) {
            auto found = counts.find(status);
            return found == counts.end() ? 0LL : found->second;
        };
        Row row = head;
        row.emplace_back(total);
        for (auto status : k_milestone_statuses) {
            row.emplace_back(count(status));
        }
        row.push_back(number_or_null(percent(count("done"), total - count("cancelled"))));
        return row;
    }
};

const std::vector<std::string> k_public_notes = {
    "Covers organizational assessments and critical responses received on or before the as-of "
    "day, with every status as it stood at the end of that day.",
    "percent_done = 100 * done / (recommendations - cancelled), one decimal, half away from zero; "
    "empty when there are none.",
    "This report holds no contact data, emails, phone numbers, notes, descriptions, hours or "
    "expert names."};

} // namespace

Report report_public(Store& store, const ReportFilter& filter, const std::string& as_of,
                     bool detail, RowWriter* sink) {
    Report report = report_header(
        "Collaborative Reform Initiative: public status of assessments and critical responses",
        filter, as_of);
    Statement query = public_query(store, public_scope(filter, as_of));
    PublicRows rows(detail, sink);
    std::optional<EngagementTally> tally;
    while (query.step()) {
        long long id = query.integer(0);
        if (!tally || std::get<long long>(tally->head[0]) != id) {
            if (tally) {
                rows.add_summary(tally->summary_row());
            }
            tally.emplace();
            tally->head = {id,
                           query.text(1),
                           query.text(2),
                           query.text(3),
                           query.text(4),
                           query.text(5),
                           text_at(query, 6)};
        }
        if (query.is_null(9)) {
            continue; // an engagement without recommendations
        }
        ++tally->total;
        ++tally->counts[query.text(11)];
        if (rows.wants_detail()) {
            Row row = {id, tally->head[1], tally->head[2], tally->head[3]};
            for (int i : {7, 8, 9, 10, 11, 12, 13}) {
                row.push_back(text_at(query, i));
            }
            rows.add_detail(std::move(row));
        }
    }
    if (tally) {
        rows.add_summary(tally->summary_row());
    }
    report.sections.push_back({"Engagements", std::move(rows.summary)});
    if (detail) {
        report.sections.push_back({"Recommendations", std::move(rows.recommendations)});
        report.data_section = 1;
    }
    report.notes = k_public_notes;
    return report;
}

} // namespace crt
