// The enumerations of the domain. The schema's CHECK constraints, the CLI's
// option validators and the importers all read these lists, so a value is
// allowed in one place exactly when it is allowed in all of them.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace crt {

inline constexpr std::array<std::string_view, 3> k_levels = {"tac", "critical", "assessment"};

inline constexpr std::array<std::string_view, 9> k_agency_types = {
    "municipal",   "county", "sheriff", "state", "tribal",
    "territorial", "campus", "transit", "other"};

inline constexpr std::array<std::string_view, 4> k_deliveries = {"onsite", "virtual", "hybrid",
                                                                 "referral"};

inline constexpr std::array<std::string_view, 11> k_forms = {
    "training",      "webinar",  "coaching", "facilitation",  "consultation", "peer-exchange",
    "policy-review", "referral", "review",   "data-analysis", "assessment"};

inline constexpr std::array<std::string_view, 3> k_priorities = {"normal", "high", "urgent"};

inline constexpr std::array<std::string_view, 6> k_request_statuses = {
    "received", "accepted", "active", "completed", "declined", "withdrawn"};

inline constexpr std::array<std::string_view, 4> k_roles = {"lead", "sme", "peer", "analyst"};

inline constexpr std::array<std::string_view, 15> k_milestone_kinds = {"intake",
                                                                       "site-visit",
                                                                       "training",
                                                                       "webinar",
                                                                       "meeting",
                                                                       "peer-exchange",
                                                                       "policy-review",
                                                                       "after-action-review",
                                                                       "data-analysis",
                                                                       "recommendation",
                                                                       "assessment-report",
                                                                       "progress-report",
                                                                       "public-report",
                                                                       "close-out",
                                                                       "other"};

inline constexpr std::array<std::string_view, 6> k_milestone_statuses = {
    "planned", "in-progress", "partial", "done", "cancelled", "not-assessable"};

inline constexpr std::array<std::string_view, 6> k_blockers = {"union",  "council",     "oversight",
                                                               "budget", "legislation", "other"};

// What a history row is about, and what it records (crt-history(1)).
inline constexpr std::array<std::string_view, 5> k_history_entities = {
    "agency", "expert", "request", "assignment", "milestone"};
inline constexpr std::array<std::string_view, 6> k_history_actions = {
    "create", "update", "status", "import", "void", "correct"};

// Subsets of the statuses, each named once. Code asks is_one_of; SQL uses
// the lists below, built from the same arrays.
// A closed request takes no more work (a completed one can be reopened).
inline constexpr std::array<std::string_view, 3> k_closed_request_statuses = {
    "completed", "declined", "withdrawn"};
// A final request is never reopened, and moving to one needs a reason.
inline constexpr std::array<std::string_view, 2> k_final_request_statuses = {"declined",
                                                                             "withdrawn"};
// A closed milestone counts as finished for `completed` and is never overdue.
inline constexpr std::array<std::string_view, 3> k_closed_milestone_statuses = {"done", "cancelled",
                                                                                "not-assessable"};

template <std::size_t N>
bool is_one_of(std::string_view value, const std::array<std::string_view, N>& allowed) {
    for (auto item : allowed) {
        if (!item.empty() && item == value) {
            return true;
        }
    }
    return false;
}

// The values as an SQL list, "('done', 'cancelled', 'not-assessable')".
template <std::size_t N> std::string sql_list(const std::array<std::string_view, N>& values) {
    std::string list = "(";
    for (auto value : values) {
        list += (list.size() > 1 ? ", '" : "'") + std::string(value) + "'";
    }
    return list + ")";
}

inline const std::string k_sql_closed_request_statuses = sql_list(k_closed_request_statuses);
inline const std::string k_sql_final_request_statuses = sql_list(k_final_request_statuses);
inline const std::string k_sql_closed_milestone_statuses = sql_list(k_closed_milestone_statuses);

inline bool is_closed_request_status(std::string_view status) {
    return is_one_of(status, k_closed_request_statuses);
}
inline bool is_final_request_status(std::string_view status) {
    return is_one_of(status, k_final_request_statuses);
}
inline bool is_closed_milestone_status(std::string_view status) {
    return is_one_of(status, k_closed_milestone_statuses);
}

} // namespace crt
