// Experts assigned to requests: roles, capacity, expertise and hours.
#pragma once

#include "lib/base/format.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crt {

// An assignment as listed: the expert's time on a request, with the
// request's agency.
struct Assignment {
    long long id = 0;
    long long request = 0;
    std::string agency;
    std::string expert;
    std::string role;
    std::string assigned;
    std::string released; // empty while the expert is still assigned
    long long centihours = 0;
};

struct AssignmentFilter {
    std::optional<long long> id; // one assignment
    std::optional<long long> request;
    std::string expert;
    bool active = false; // not released
};

// Assigns `handle` to request `request_id` and returns the assignment's id.
// Refused (conflict) when the request is declined or withdrawn, when
// it already has an active lead and `role` is lead, when the expert is inactive
// or already on the request, and, unless `force`, when the expert is at
// capacity or has no expertise in any of the request's topics. A forced
// override is written to the history with the actor.
long long add_assignment(Store& store, long long request_id, const std::string& handle,
                         const std::string& role, bool force, const Stamp& stamp);

// Releases the expert's active assignment on the request (the row stays).
// Returns true when the request is active and has no active lead left.
bool remove_assignment(Store& store, long long request_id, const std::string& handle,
                       const Stamp& stamp);

// Adds `hours` (positive, at most two decimals, e.g. "2.5") to the expert's
// latest assignment on the request. Returns the new total in hundredths.
long long add_hours(Store& store, long long request_id, const std::string& handle,
                    const std::string& hours, const Stamp& stamp);

// The same two changes of assignment `id` (as an import's upsert makes
// them), by the same rules: the release on stamp.date (named `what` in
// messages), refused (conflict) when it was released already; the hours,
// `centihours` > 0, dated stamp.date. Unknown id: not_found.
void release_assignment(Store& store, long long id, const Stamp& stamp, std::string_view what);
long long add_assignment_hours(Store& store, long long id, long long centihours,
                               const Stamp& stamp);

// "2.5" -> 250; nothing unless a positive number with at most two decimals.
std::optional<long long> parse_centihours(std::string_view text);
std::string format_centihours(long long centihours);

// Columns: id, request, agency, expert, role, assigned, released, hours.
std::vector<Assignment> list_assignments(Store& store, const AssignmentFilter& filter);
// Assignments for display: every column, or with `within_request` the ones
// request show lists (expert, role, assigned, released, hours).
Table assignment_table(const std::vector<Assignment>& assignments, bool within_request = false);

} // namespace crt
