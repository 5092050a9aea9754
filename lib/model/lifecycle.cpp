#include "lib/model/lifecycle.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/model/asof.h"

#include "lib/store/statement.h"

#include <algorithm>

namespace crt {

namespace {

struct Move {
    std::string_view from;
    std::string_view to;
};

constexpr Move k_moves[] = {
    {"received", "accepted"}, {"received", "declined"}, {"received", "withdrawn"},
    {"accepted", "active"},   {"accepted", "declined"}, {"accepted", "withdrawn"},
    {"active", "completed"},  {"active", "withdrawn"},  {"completed", "active"},
};

std::string describe_allowed(std::string_view from) {
    auto moves = allowed_moves(from);
    if (moves.empty()) {
        return fmt::format("{} is final", from);
    }
    std::string list;
    for (auto to : moves) {
        list += fmt::format("{}{}", list.empty() ? "" : ", ", to);
    }
    return fmt::format("allowed from {}: {}", from, list);
}

struct Current {
    std::string status;
    std::string status_date;
    std::string received;
};

Current read_current(Store& store, long long id) {
    Statement query(store, "SELECT status, status_date, received FROM request WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.step()) {
        fail(ErrorKind::not_found, "no request {}", id);
    }
    return {query.text(0), query.text(1), query.text(2)};
}

} // namespace

// The lead must be assigned by the day of the move, so the record holds for
// every day a report may ask about.
void require_lead(Store& store, long long id, const std::string& date) {
    Statement query(store,
                    "SELECT count(*) FROM assignment WHERE request = ? "
                    "AND role = 'lead' AND assigned <= ?2 AND (released IS NULL OR released > ?2)");
    query.bind(1, static_cast<int64_t>(id));
    query.bind(2, date);
    query.step();
    if (query.integer(0) == 0) {
        fail(ErrorKind::conflict,
             "request {}: cannot become active on {} without an active lead assigned by then "
             "(assign one with 'crt assign add {} HANDLE --role lead')",
             id, date, id);
    }
}

// Every milestone must be closed, and closed by the day of the move.
void require_closed_milestones(Store& store, long long id, const std::string& date) {
    Statement query(store, "SELECT group_concat(id, ', '), count(*) FROM milestone "
                           "WHERE request = ? AND (status NOT IN " +
                               k_sql_closed_milestone_statuses + " OR status_date > ?)");
    query.bind(1, static_cast<int64_t>(id));
    query.bind(2, date);
    query.step();
    if (query.integer(1) > 0) {
        fail(ErrorKind::conflict,
             "request {}: cannot be completed on {} with {} milestone(s) open on that day: {} "
             "(mark them done, cancelled or not-assessable)",
             id, date, query.integer(1), query.text(0));
    }
}

std::vector<std::string_view> allowed_moves(std::string_view from) {
    std::vector<std::string_view> moves;
    for (const auto& move : k_moves) {
        if (move.from == from) {
            moves.push_back(move.to);
        }
    }
    return moves;
}

bool is_allowed_move(std::string_view from, std::string_view to) {
    return std::any_of(std::begin(k_moves), std::end(k_moves),
                       [&](const Move& move) { return move.from == from && move.to == to; });
}

bool needs_reason(std::string_view status) {
    return is_final_request_status(status);
}

void move_requests(Store& store, const std::vector<long long>& ids, const std::string& to,
                   const std::string& note, const Stamp& stamp) {
    if (needs_reason(to) && note.empty()) {
        fail(ErrorKind::usage, "moving a request to {} needs --note with the reason", to);
    }
    // Before any write: the request row takes the note before its history
    // row would check it, and PostgreSQL refuses bytes that are not UTF-8
    // as a broken constraint where SQLite stores them.
    check_text(note, "note");
    std::vector<long long> seen;
    Store::Transaction transaction(store);
    for (long long id : ids) {
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) {
            fail(ErrorKind::usage, "request {} is named twice", id);
        }
        seen.push_back(id);
        Current current = read_current(store, id);
        if (!is_allowed_move(current.status, to)) {
            fail(ErrorKind::conflict, "request {}: cannot move from {} to {} ({})", id,
                 current.status, to, describe_allowed(current.status));
        }
        if (stamp.date < current.status_date) {
            fail(ErrorKind::invalid, "request {}: --date {} is before its last move ({} on {})", id,
                 stamp.date, current.status, current.status_date);
        }
        if (to == "active") {
            require_lead(store, id, stamp.date);
        } else if (to == "completed") {
            require_closed_milestones(store, id, stamp.date);
        }
        Statement update(store, R"sql(
            UPDATE request SET status = ?1, status_date = ?2, status_note = ?3,
                   accepted = CASE WHEN ?1 = 'accepted' AND accepted IS NULL THEN ?2 ELSE accepted END
            WHERE id = ?4)sql");
        update.bind(1, to);
        update.bind(2, stamp.date);
        if (note.empty()) {
            update.bind(3);
        } else {
            update.bind(3, note);
        }
        update.bind(4, static_cast<int64_t>(id));
        update.exec();
        record(store,
               {"request", std::to_string(id), "status", "status", current.status, to, note, id},
               stamp);
    }
    transaction.commit();
}

std::optional<std::string> request_status_as_of(Store& store, long long id,
                                                const std::string& date) {
    Statement query(store, "SELECT " + request_status_as_of_sql("r") +
                               " FROM request r WHERE r.id = :id AND r.received <= :as_of");
    query.bind(":id", static_cast<int64_t>(id));
    query.bind(":as_of", date);
    if (!query.step()) {
        return std::nullopt;
    }
    return query.text(0);
}

} // namespace crt
