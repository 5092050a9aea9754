// Progress over time: an engagement's recommendations by status at each
// month end from its acceptance to the as-of day, rebuilt from the history
// by the rule of lib/model/asof, so each point holds the counts that
// `crt report public --as-of` gives for that day.
#pragma once

#include "lib/report/report.h"

#include <optional>
#include <string>
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
    Counts by_status;              // their statuses at the end of the day
    std::optional<double> percent_done() const;
};

// Reads the public engagements' recommendations and their status moves in
// one pass, in the order for_each_public_engagement gives the engagements,
// keeping only those of the engagement asked for.
class ProgressReader {
  public:
    ProgressReader(Store& store, const ReportFilter& filter, const std::string& as_of);
    // The engagement's points, from its acceptance to the as-of day (none
    // when it was not accepted by then). Engagements must be asked for in
    // the order of their request ids.
    std::vector<ProgressPoint> points(const PublicEngagement& engagement);

  private:
    struct Move {
        std::string day;
        long long id = 0;
        std::optional<std::string> old_status;
    };
    struct Recommendation {
        std::string created;
        std::string status;
        std::string status_date;
        std::vector<Move> moves; // standing status moves, in recorded order
    };
    // The recommendation's status at the end of `day` (lib/model/asof).
    static std::string status_on(const Recommendation& recommendation, const std::string& day);

    Statement query_;
    std::string as_of_;
    bool has_row_ = false;
};

} // namespace crt
