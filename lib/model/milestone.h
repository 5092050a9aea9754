// Milestones of a request, recommendations among them, and the level templates.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/format.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace crt {

struct Milestone {
    long long id = 0;
    long long request = 0;
    std::string kind;
    std::string title;
    std::string due;
    std::string status = "planned";
    std::string created;
    std::string status_date;
    std::string completed;
    std::string note;
    std::string ref;     // recommendations only, unique within the request
    std::string finding; // recommendations only
    std::string blocker; // recommendations only
};

// A milestone as listed, with its request's agency and level.
struct ListedMilestone {
    Milestone milestone;
    std::string agency;
    std::string level;
};

struct MilestonePatch {
    std::optional<std::string> status;
    std::optional<std::string> due;
    std::optional<std::string> blocker;
    std::optional<std::string> note;
    std::optional<std::string> title;
};

struct MilestoneFilter {
    std::optional<long long> id; // one milestone
    std::optional<long long> request;
    std::vector<std::string> kinds;
    std::vector<std::string> statuses;
    // Only milestones open at the end of `as_of` whose due date is before it.
    bool overdue = false;
    // Only milestones open at the end of `as_of` (today without one) due
    // from that day to `due_within` days after it, both included.
    std::optional<long long> due_within;
    std::string due_before; // only milestones due before this day, open or not
    std::string as_of;
};

// Rules of a milestone's own fields (kind, title, dates, status, and ref,
// finding and blocker for recommendations only). Throws `invalid`.
void validate_milestone(const Milestone& milestone);

// Adds a milestone on `milestone.request`, dated `stamp.date`; returns its id.
// The text of a recommendation is published (crt report public): its title,
// ref and finding may not hold an email address or a phone number. Throws a
// conflict naming the field unless `force`; returns the note that records a
// forced override ("forced: title holds a phone number"), else "".
std::string published_text_override(const Milestone& milestone, bool force);

// With `force`, published text that holds contact data is kept (see above)
// and the override is noted in the history row.
long long add_milestone(Store& store, Milestone milestone, const Stamp& stamp, bool force = false);

// Changes a milestone. A status change is an effective-dated history row; done
// sets the completed date to the effective date, leaving done clears it.
void update_milestone(Store& store, long long id, const MilestonePatch& patch, const Stamp& stamp,
                      bool force = false);

// Moves every milestone in `ids` to `status` in one transaction (all or none).
void set_milestone_status(Store& store, const std::vector<long long>& ids,
                          const std::string& status, const std::string& note, const Stamp& stamp);

// Adds the level's template milestones the request does not have yet, due
// `days` after the day it was accepted. Returns the new ids.
std::vector<long long> plan_milestones(Store& store, const Catalogue& catalogue,
                                       long long request_id, const Stamp& stamp);

Milestone get_milestone(Store& store, long long id);

// Columns: id, request, agency, level, kind, ref, finding, title, due, status,
// completed, blocker, note. With an as-of date, status is as of that day.
std::vector<ListedMilestone> list_milestones(Store& store, const MilestoneFilter& filter);
// Milestones for display: every column, or with `within_request` the ones
// request show lists (id, kind, ref, title, due, status, completed, blocker).
Table milestone_table(const std::vector<ListedMilestone>& milestones, bool within_request = false);

// The status a milestone had at the end of `date`; nothing before it existed.
std::optional<std::string> milestone_status_as_of(Store& store, long long id,
                                                  const std::string& date);

} // namespace crt
