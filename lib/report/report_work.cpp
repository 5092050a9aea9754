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

// Text of a column that may be NULL; empty when it is.
std::string text_or_empty(Statement& query, int column) {
    return query.is_null(column) ? std::string() : query.text(column);
}

} // namespace

void for_each_overdue(Store& store, const ReportFilter& filter, const std::string& as_of,
                      const std::function<void(const OverdueMilestone&)>& each) {
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
    while (query.step()) {
        OverdueMilestone overdue{query.integer(0),       query.text(1),    query.text(2),
                                 query.text(3),          query.integer(4), query.text(5),
                                 query.text(6),          query.text(7),    0,
                                 text_or_empty(query, 8)};
        overdue.days_overdue = days_between(overdue.due, as_of);
        each(overdue);
    }
}

Report report_overdue(Store& store, const ReportFilter& filter, const std::string& as_of,
                      RowWriter* sink) {
    Table table{{"request", "agency", "agency_name", "level", "milestone", "kind", "title", "due",
                 "days_overdue", "lead"},
                {}};
    if (sink != nullptr) {
        sink->columns(table.columns);
    }
    for_each_overdue(store, filter, as_of, [&](const OverdueMilestone& m) {
        Row row = {m.request, m.agency, m.agency_name, m.level,        m.milestone,
                   m.kind,    m.title,  m.due,         m.days_overdue, text_or_null(m.lead)};
        if (sink != nullptr) {
            sink->row(row);
        } else {
            table.rows.push_back(std::move(row));
        }
    });
    return single_table(
        "Overdue milestones", filter, as_of, std::move(table),
        {"A milestone is overdue when, at the end of the as-of day, it is not done, cancelled or "
         "not-assessable and its due date is before that day; milestones of declined or withdrawn "
         "requests are left out.",
         "days_overdue = as-of day minus due date; lead is the lead assigned that day, if any."});
}

std::pair<std::string, std::string> agency_name_and_state(Store& store, const std::string& ori) {
    Statement agency(store, "SELECT name, state FROM agency WHERE ori = ?");
    agency.bind(1, ori);
    if (!agency.step()) {
        fail(ErrorKind::not_found, "no agency with ORI '{}'", ori);
    }
    return {agency.text(0), agency.text(1)};
}

std::vector<AgencyEngagement> agency_engagements(Store& store, const std::string& ori,
                                                 const ReportFilter& filter,
                                                 const std::string& as_of) {
    ReportFilter scoped = filter;
    scoped.agency = ori;
    Scope scope = request_scope(scoped, as_of);
    Statement query(store, fmt::format(R"sql(
        SELECT s.id, s.level, r.title, s.status, s.received, s.accepted,
               m.id, m.kind, m.ref, {4}, {2} AS due_as_of, {1},
               {3}
        FROM {0} s JOIN request r ON r.id = s.id
        LEFT JOIN milestone m ON m.request = s.id AND m.created <= :as_of
        ORDER BY s.id, coalesce({2}, '9999-99-99'), m.id)sql",
                                       scope.sql, milestone_status_as_of_sql("m"),
                                       milestone_field_as_of_sql("due"),
                                       milestone_completed_as_of_sql("m"),
                                       milestone_field_as_of_sql("title")));
    bind_scope(query, scope.binds);
    std::vector<AgencyEngagement> out;
    while (query.step()) {
        AgencyEngagement row{query.integer(0),
                             query.text(1),
                             query.text(2),
                             query.text(3),
                             query.text(4),
                             text_or_empty(query, 5),
                             {}};
        Milestone& m = row.milestone;
        m.id = query.is_null(6) ? 0 : query.integer(6);
        m.request = row.request;
        m.kind = text_or_empty(query, 7);
        m.ref = text_or_empty(query, 8);
        m.title = text_or_empty(query, 9);
        m.due = text_or_empty(query, 10);
        m.status = text_or_empty(query, 11);
        m.completed = text_or_empty(query, 12);
        out.push_back(std::move(row));
    }
    return out;
}

Report report_agency(Store& store, const std::string& ori, const ReportFilter& filter,
                     const std::string& as_of) {
    auto [name, state] = agency_name_and_state(store, ori);
    Table table{{"request", "level", "title", "status", "received", "accepted", "milestone", "kind",
                 "ref", "milestone_title", "due", "milestone_status", "completed"},
                {}};
    for (const auto& e : agency_engagements(store, ori, filter, as_of)) {
        const Milestone& m = e.milestone;
        table.rows.push_back({e.request, e.level, e.title, e.status, e.received,
                              text_or_null(e.accepted), m.id == 0 ? Cell() : Cell(m.id),
                              text_or_null(m.kind), text_or_null(m.ref), text_or_null(m.title),
                              text_or_null(m.due), text_or_null(m.status),
                              text_or_null(m.completed)});
    }
    return single_table(
        fmt::format("Engagements of {} ({}, {})", name, ori, state), filter, as_of,
        std::move(table),
        {"One row per milestone (a request without milestones has one row); statuses as of the end "
         "of the as-of day."});
}

std::optional<double> PublicEngagement::percent_done() const {
    return percent(count_of(by_status, "done"), recommendations - count_of(by_status, "cancelled"));
}

namespace {

// A published report names no expert, not even as the filter it was made
// with, so it takes none.
ReportFilter without_expert(const ReportFilter& filter) {
    ReportFilter out = filter;
    out.expert.clear();
    return out;
}

} // namespace

// The public report covers assessments and critical responses only: a
// filter naming just tac selects nothing.
Scope public_scope(const ReportFilter& filter, const std::string& as_of) {
    ReportFilter scoped = without_expert(filter);
    if (scoped.levels.empty()) {
        scoped.levels = {"critical", "assessment"};
    }
    std::erase_if(scoped.levels, [](const std::string& level) { return level == "tac"; });
    if (scoped.levels.empty()) {
        scoped.levels = {"none"};
    }
    return request_scope(scoped, as_of);
}

namespace {

// Each engagement in scope, then each of its recommendations as of the day.
// Only public fields are selected here: no contact data, emails, notes,
// descriptions, hours or experts, whatever the format.
Statement public_query(Store& store, const Scope& scope) {
    Statement query(
        store, fmt::format(R"sql(
        SELECT s.id, ag.name, ag.state, s.level, s.status, s.received, s.accepted,
               m.ref, m.finding, {5}, {2}, {1}, {4},
               {3}, m.id, m.created, m.status, m.status_date
        FROM {0} s JOIN agency ag ON ag.ori = s.agency
        LEFT JOIN milestone m ON m.request = s.id AND m.kind = 'recommendation' AND m.created <= :as_of
        ORDER BY s.id, m.id)sql",
                           scope.sql, milestone_status_as_of_sql("m"),
                           milestone_field_as_of_sql("due"), milestone_field_as_of_sql("blocker"),
                           milestone_completed_as_of_sql("m"), milestone_field_as_of_sql("title")));
    bind_scope(query, scope.binds);
    return query;
}

PublicEngagement read_engagement(Statement& query) {
    PublicEngagement engagement;
    engagement.request = query.integer(0);
    engagement.agency_name = query.text(1);
    engagement.state = query.text(2);
    engagement.level = query.text(3);
    engagement.status = query.text(4);
    engagement.received = query.text(5);
    engagement.accepted = text_or_empty(query, 6);
    return engagement;
}

PublicRecommendation read_recommendation(Statement& query) {
    return {text_or_empty(query, 7),
            text_or_empty(query, 8),
            text_or_empty(query, 9),
            text_or_empty(query, 10),
            text_or_empty(query, 11),
            text_or_empty(query, 12),
            text_or_empty(query, 13),
            query.integer(14),
            query.text(15),
            query.text(16),
            query.text(17)};
}

} // namespace

void for_each_public_engagement(
    Store& store, const ReportFilter& filter, const std::string& as_of,
    const std::function<void(const PublicEngagement&, const PublicRecommendation&)>&
        each_recommendation,
    const std::function<void(const PublicEngagement&)>& each_engagement) {
    Statement query = public_query(store, public_scope(filter, as_of));
    std::optional<PublicEngagement> engagement;
    while (query.step()) {
        if (!engagement || engagement->request != query.integer(0)) {
            if (engagement) {
                each_engagement(*engagement);
            }
            engagement = read_engagement(query);
        }
        if (query.is_null(9)) {
            continue; // an engagement without recommendations
        }
        PublicRecommendation recommendation = read_recommendation(query);
        ++engagement->recommendations;
        ++engagement->by_status[recommendation.status];
        each_recommendation(*engagement, recommendation);
    }
    if (engagement) {
        each_engagement(*engagement);
    }
}

const std::vector<std::string> k_public_columns = {
    "request",  "agency_name", "state",           "level",          "status",
    "received", "accepted",    "recommendations", "planned",        "in_progress",
    "partial",  "done",        "cancelled",       "not_assessable", "percent_done"};
const std::vector<std::string> k_public_detail_columns = {
    "request", "agency_name", "state",  "level",     "ref",    "finding",
    "title",   "due",         "status", "completed", "blocker"};

Row public_engagement_row(const PublicEngagement& e) {
    Row row = {e.request,
               e.agency_name,
               e.state,
               e.level,
               e.status,
               e.received,
               text_or_null(e.accepted),
               e.recommendations};
    for (auto status : k_milestone_statuses) {
        row.emplace_back(count_of(e.by_status, status));
    }
    row.push_back(number_or_null(e.percent_done()));
    return row;
}

Row public_recommendation_row(const PublicEngagement& e, const PublicRecommendation& r) {
    return {e.request,
            e.agency_name,
            e.state,
            e.level,
            text_or_null(r.ref),
            text_or_null(r.finding),
            text_or_null(r.title),
            text_or_null(r.due),
            text_or_null(r.status),
            text_or_null(r.completed),
            text_or_null(r.blocker)};
}

namespace {

// Where the public report's rows go: kept in its two tables, or, streaming,
// the data section's rows to the sink and the other section nowhere.
class PublicRows {
  public:
    PublicRows(bool detail, RowWriter* sink) : detail_(detail), sink_(sink) {
        if (sink_ != nullptr) {
            sink_->columns(detail ? recommendations.columns : summary.columns);
        }
    }
    void add(const PublicEngagement& e) {
        Row row = public_engagement_row(e);
        if (sink_ == nullptr) {
            summary.rows.push_back(std::move(row));
        } else if (!detail_) {
            sink_->row(row);
        }
    }
    void add(const PublicEngagement& e, const PublicRecommendation& r) {
        if (!detail_) {
            return;
        }
        Row row = public_recommendation_row(e, r);
        if (sink_ == nullptr) {
            recommendations.rows.push_back(std::move(row));
        } else {
            sink_->row(row);
        }
    }

    Table summary{k_public_columns, {}};
    Table recommendations{k_public_detail_columns, {}};

  private:
    bool detail_;
    RowWriter* sink_;
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
        without_expert(filter), as_of);
    PublicRows rows(detail, sink);
    for_each_public_engagement(
        store, filter, as_of,
        [&](const PublicEngagement& e, const PublicRecommendation& r) { rows.add(e, r); },
        [&](const PublicEngagement& e) { rows.add(e); });
    report.sections.push_back({"Engagements", std::move(rows.summary)});
    if (detail) {
        report.sections.push_back({"Recommendations", std::move(rows.recommendations)});
        report.data_section = 1;
    }
    report.notes = k_public_notes;
    return report;
}

} // namespace crt
