#include "lib/report/progress.h"

#include "lib/model/history.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace crt {

std::vector<std::string> month_ends(const std::string& from, const std::string& until) {
    // Dates are YYYY-MM-DD: the month ends are built from the digits alone.
    auto number = [](std::string_view digits) {
        int value = 0;
        std::from_chars(digits.data(), digits.data() + digits.size(), value);
        return value;
    };
    int year = number(std::string_view(from).substr(0, 4));
    int month = number(std::string_view(from).substr(5, 2));
    std::vector<std::string> days;
    while (true) {
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
        int last = k_days[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
        std::string day = fmt::format("{:04}-{:02}-{:02}", year, month, last);
        if (day >= until) {
            days.push_back(until);
            return days;
        }
        days.push_back(std::move(day));
        if (++month == 13) {
            month = 1;
            ++year;
        }
    }
}

long long ProgressPoint::count(std::string_view status) const {
    for (std::size_t i = 0; i < k_milestone_statuses.size(); ++i) {
        if (k_milestone_statuses[i] == status) {
            return by_status[i];
        }
    }
    return 0;
}

std::optional<double> ProgressPoint::percent_done() const {
    return percent(count("done"), recommendations - count("cancelled"));
}

namespace {

// The position of a status in k_milestone_statuses (the store allows no other).
std::size_t status_index(std::string_view status) {
    for (std::size_t i = 0; i < k_milestone_statuses.size(); ++i) {
        if (k_milestone_statuses[i] == status) {
            return i;
        }
    }
    return 0;
}

// A YYYY-MM-DD day as the number YYYYMMDD, which orders the same: the
// points of every engagement compare many days, and numbers compare fast.
long day_number(std::string_view date) {
    long number = 0;
    for (char c : date) {
        if (c != '-') {
            number = number * 10 + (c - '0');
        }
    }
    return number;
}

using Move = ProgressReader::Move;

struct Timeline {
    long created = 0;
    std::size_t latest = 0;
    long latest_day = 0;     // the day of the latest move
    std::vector<Move> moves; // standing status moves after the first point, in order
};

// The status at the end of `day`, as lib/model/asof rebuilds it: the latest
// when its move was made by then, else the old value of the first standing
// move after the day.
std::size_t status_on(const Timeline& timeline, long day) {
    if (timeline.latest_day <= day) {
        return timeline.latest;
    }
    for (const auto& move : timeline.moves) {
        if (move.day > day) {
            return move.old_status.value_or(timeline.latest);
        }
    }
    return timeline.latest;
}

} // namespace

ProgressReader::ProgressReader(Store& store, std::string as_of)
    : moves_(store, fmt::format(R"sql(
        SELECT h.entity_id, h.effective_date, h.id, h.old_value FROM history h
        WHERE h.request = :request AND h.entity = 'milestone' AND h.action = 'status'
          AND h.effective_date > :first AND {})sql",
                                standing_sql("h"))),
      as_of_(std::move(as_of)) {}

void ProgressReader::read(const PublicEngagement& engagement,
                          const PublicRecommendation& recommendation) {
    if (engagement.request != request_) {
        request_ = engagement.request;
        looked_up_ = false;
        held_.clear();
        first_.clear();
        if (!engagement.accepted.empty()) {
            // The first point: the end of the month of acceptance, or the as-of day.
            first_ = month_ends(engagement.accepted, as_of_).front();
        }
    }
    // A status set by the first point holds at every point: no move is needed.
    if (looked_up_ || first_.empty() || recommendation.latest_status_date <= first_) {
        return;
    }
    looked_up_ = true;
    moves_.reset();
    moves_.bind(":request", engagement.request);
    moves_.bind(":first", first_);
    while (moves_.step()) {
        std::string id = moves_.text(0);
        long long milestone = 0;
        std::from_chars(id.data(), id.data() + id.size(), milestone);
        std::optional<std::size_t> old_status;
        if (!moves_.is_null(3)) {
            old_status = status_index(moves_.text(3));
        }
        held_.push_back({milestone, day_number(moves_.text(1)), moves_.integer(2), old_status});
    }
    std::sort(held_.begin(), held_.end(), [](const Move& a, const Move& b) {
        return a.day != b.day ? a.day < b.day : a.id < b.id;
    });
}

std::vector<ProgressPoint>
ProgressReader::points(const PublicEngagement& engagement,
                       const std::vector<PublicRecommendation>& recommendations) {
    std::vector<ProgressPoint> points;
    if (engagement.accepted.empty()) {
        return points;
    }
    std::vector<Timeline> timelines;
    for (const auto& recommendation : recommendations) {
        Timeline timeline{day_number(recommendation.created),
                          status_index(recommendation.latest_status),
                          day_number(recommendation.latest_status_date),
                          {}};
        if (engagement.request == request_) {
            for (const auto& move : held_) {
                if (move.milestone == recommendation.milestone) {
                    timeline.moves.push_back(move); // in order: held_ is sorted
                }
            }
        }
        timelines.push_back(std::move(timeline));
    }
    for (auto& day : month_ends(engagement.accepted, as_of_)) {
        ProgressPoint point;
        long number = day_number(day);
        point.day = std::move(day);
        for (const auto& timeline : timelines) {
            if (timeline.created <= number) {
                ++point.recommendations;
                ++point.by_status[status_on(timeline, number)];
            }
        }
        points.push_back(std::move(point));
    }
    return points;
}

} // namespace crt
