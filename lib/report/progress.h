// Progress over time: an engagement's recommendations by status at each
// month end from its acceptance to the as-of day, rebuilt from the history
// by the rule of lib/model/asof, so each point holds the counts that
// `crt report public --as-of` gives for that day.
#pragma once

#include "lib/base/domain.h"
#include "lib/report/report.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crt {

// The last day of each month from the month holding `from` to the one
// holding `until`, those on or after `from` and on or before `until`, then
// `until` itself when it is not a month end. Both are real dates.
std::vector<std::string> month_ends(const std::string& from, const std::string& until);

// One day of an engagement's progress.
struct ProgressPoint {
    std::string day;
    long long recommendations = 0; // recorded by the end of the day
    // Their statuses at the end of the day, in the order of k_milestone_statuses.
    std::array<long long, k_milestone_statuses.size()> by_status{};
    long long count(std::string_view status) const;
    std::optional<double> percent_done() const;
};

// Rebuilds the progress of the engagements for_each_public_engagement reads,
// while it reads them: their recommendations come with the facts the rule
// needs, and the status moves of an engagement are looked up only when one of
// its recommendations moved after the engagement's first month end.
class ProgressReader {
  public:
    ProgressReader(Store& store, std::string as_of);
    // Called with each recommendation as it is read: the moves are looked up
    // then, while the engagements are being read, so they come from the same
    // state of the database.
    void read(const PublicEngagement& engagement, const PublicRecommendation& recommendation);
    // The engagement's points, from its acceptance to the as-of day (none
    // when it was not accepted by then), once all its recommendations are read.
    std::vector<ProgressPoint> points(const PublicEngagement& engagement,
                                      const std::vector<PublicRecommendation>& recommendations);

    // A standing status move of one of the engagement's milestones.
    struct Move {
        long long milestone = 0;
        long day = 0; // YYYYMMDD
        long long id = 0;
        std::optional<std::size_t> old_status; // nothing when the row holds none
    };

  private:
    Statement moves_;
    std::string as_of_;
    long long request_ = 0; // the engagement being read
    std::string first_;     // its first point
    bool looked_up_ = false;
    std::vector<Move> held_; // its moves after the first point
};

} // namespace crt
