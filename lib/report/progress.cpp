#include "lib/report/progress.h"

#include "lib/base/dates.h"
#include "lib/model/history.h"

#include <fmt/format.h>

#include <algorithm>

namespace crt {

std::vector<std::string> month_ends(const std::string& from, const std::string& until) {
    std::vector<std::string> days;
    // Each month's period ends on its last day; the last one is cut to `until`.
    for (const auto& period : periods_between(from, until, PeriodUnit::month)) {
        days.push_back(period.end);
    }
    return days;
}

std::optional<double> ProgressPoint::percent_done() const {
    return percent(count_of(by_status, "done"), recommendations - count_of(by_status, "cancelled"));
}

namespace {

// Every recommendation the public report counts (kind recommendation,
// recorded by the as-of day, of an engagement in its scope), with the
// standing status moves that rebuild an earlier day: those a day on or
// after acceptance needs, of a recommendation that moved since acceptance.
// Ordered as the public report reads them, by request and then milestone.
Statement progress_query(Store& store, const Scope& scope) {
    Statement query(store, fmt::format(R"sql(
        SELECT m.request, m.id, m.created, m.status, m.status_date, h.effective_date, h.id,
               h.old_value
        FROM {0} s
        JOIN milestone m ON m.request = s.id AND m.kind = 'recommendation' AND m.created <= :as_of
        LEFT JOIN history h ON m.status_date > s.accepted
          AND h.request = m.request AND h.entity = 'milestone' AND h.entity_id = CAST(m.id AS TEXT)
          AND h.action = 'status' AND h.effective_date > s.accepted AND {1}
        WHERE s.accepted IS NOT NULL
        ORDER BY s.id, m.id)sql",
                                       scope.sql, standing_sql("h")));
    bind_scope(query, scope.binds);
    return query;
}

} // namespace

ProgressReader::ProgressReader(Store& store, const ReportFilter& filter, const std::string& as_of)
    : query_(progress_query(store, public_scope(filter, as_of))), as_of_(as_of) {
    // Stepped now, before the caller reads the engagements: the two reads
    // then overlap from start to end and see the same state of the database.
    has_row_ = query_.step();
}

std::string ProgressReader::status_on(const Recommendation& recommendation,
                                      const std::string& day) {
    // As lib/model/asof: the current status when it was set by that day,
    // else the old value of the first standing move after the day.
    if (recommendation.status_date <= day) {
        return recommendation.status;
    }
    for (const auto& move : recommendation.moves) {
        if (move.day > day) {
            return move.old_status.value_or(recommendation.status);
        }
    }
    return recommendation.status;
}

std::vector<ProgressPoint> ProgressReader::points(const PublicEngagement& engagement) {
    std::vector<Recommendation> recommendations;
    long long milestone = 0;
    while (has_row_ && query_.integer(0) <= engagement.request) {
        if (query_.integer(0) == engagement.request) {
            if (recommendations.empty() || query_.integer(1) != milestone) {
                milestone = query_.integer(1);
                recommendations.push_back({query_.text(2), query_.text(3), query_.text(4), {}});
            }
            if (!query_.is_null(5)) {
                recommendations.back().moves.push_back(
                    {query_.text(5), query_.integer(6), query_.optional_text(7)});
            }
        }
        has_row_ = query_.step();
    }
    std::vector<ProgressPoint> points;
    if (engagement.accepted.empty()) {
        return points;
    }
    for (auto& recommendation : recommendations) {
        std::sort(recommendation.moves.begin(), recommendation.moves.end(),
                  [](const Move& a, const Move& b) {
                      return a.day != b.day ? a.day < b.day : a.id < b.id;
                  });
    }
    for (const auto& day : month_ends(engagement.accepted, as_of_)) {
        ProgressPoint point;
        point.day = day;
        for (const auto& recommendation : recommendations) {
            if (recommendation.created <= day) {
                ++point.recommendations;
                ++point.by_status[status_on(recommendation, day)];
            }
        }
        points.push_back(std::move(point));
    }
    return points;
}

} // namespace crt
