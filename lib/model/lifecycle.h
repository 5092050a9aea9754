// The request lifecycle and the history that answers "as of when".
//
//   received ──► accepted ──► active ──► completed
//      │            │           │            │
//      ├──► declined├──► declined            └──► active   (reopen)
//      └──► withdrawn ◄─────────┴── (from received, accepted or active)
#pragma once

#include "lib/model/history.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crt {

// The statuses a request in `from` may move to, in lifecycle order.
std::vector<std::string_view> allowed_moves(std::string_view from);
bool is_allowed_move(std::string_view from, std::string_view to);
// A move to a final status (declined, withdrawn) needs a reason.
bool needs_reason(std::string_view status);

// Moves every request in `ids` to `to` in one transaction: if any id is missing
// or any move is refused, none moves. The note is the reason, required for
// declined and withdrawn. `stamp.date` is the effective date of each move.
void move_requests(Store& store, const std::vector<long long>& ids, const std::string& to,
                   const std::string& note, const Stamp& stamp);

// The rules of a move to active and to completed on `date`, for the move and
// for a correction that must leave them true: refused as a conflict (exit 5).
void require_lead(Store& store, long long id, const std::string& date);
void require_closed_milestones(Store& store, long long id, const std::string& date);

// The status request `id` had at the end of `date`, rebuilt from the history;
// nothing when the request had not yet been received on that day.
std::optional<std::string> request_status_as_of(Store& store, long long id,
                                                const std::string& date);

} // namespace crt
