#include "lib/model/asof.h"

#include "lib/model/history.h"

#include <fmt/format.h>

namespace crt {

namespace {

// `request` is the SQL of the row's request id: history is indexed by it.
std::string status_as_of(const std::string& entity, const std::string& alias,
                         const std::string& request) {
    return fmt::format(R"sql((CASE WHEN {1}.status_date <= :as_of THEN {1}.status ELSE
        coalesce((SELECT h.old_value FROM history h
                  WHERE h.request = {2} AND h.entity = '{0}' AND h.entity_id = CAST({1}.id AS TEXT)
                    AND h.action = 'status' AND h.effective_date > :as_of AND {3}
                  ORDER BY h.effective_date, h.id LIMIT 1), {1}.status) END))sql",
                       entity, alias, request, standing_sql("h"));
}

} // namespace

std::string request_status_as_of_sql(const std::string& alias) {
    return status_as_of("request", alias, alias + ".id");
}

std::string milestone_status_as_of_sql(const std::string& alias) {
    return status_as_of("milestone", alias, alias + ".request");
}

std::string milestone_completed_as_of_sql(const std::string& alias) {
    return fmt::format(R"sql((CASE WHEN {0}.status_date <= :as_of THEN {0}.completed
        WHEN {1} = 'done' THEN
          (SELECT max(h.effective_date) FROM history h
           WHERE h.request = {0}.request AND h.entity = 'milestone' AND h.entity_id = CAST({0}.id AS TEXT)
             AND h.action = 'status'
             AND h.new_value = 'done' AND h.effective_date <= :as_of AND {2}) END))sql",
                       alias, milestone_status_as_of_sql(alias), standing_sql("h"));
}

std::string milestone_field_as_of_sql(const std::string& field, const std::string& alias) {
    return fmt::format(R"sql((CASE WHEN {1}.updated IS NULL OR {1}.updated <= :as_of THEN {1}.{0}
        WHEN EXISTS (SELECT 1 FROM history h
                  WHERE h.request = {1}.request AND h.entity = 'milestone' AND h.entity_id = CAST({1}.id AS TEXT)
                    AND h.field = '{0}' AND h.action = 'update' AND h.effective_date > :as_of
                    AND {2})
        THEN (SELECT h.old_value FROM history h
              WHERE h.request = {1}.request AND h.entity = 'milestone' AND h.entity_id = CAST({1}.id AS TEXT)
                AND h.field = '{0}' AND h.action = 'update' AND h.effective_date > :as_of
                AND {2}
              ORDER BY h.effective_date, h.id LIMIT 1)
        ELSE {1}.{0} END))sql",
                       field, alias, standing_sql("h"));
}

std::string request_field_as_of_sql(const std::string& field, const std::string& now,
                                    const std::string& alias) {
    return fmt::format(R"sql(coalesce(
        (SELECT coalesce(h.old_value, '') FROM history h
         WHERE h.request = {1}.id AND h.entity = 'request' AND h.entity_id = CAST({1}.id AS TEXT)
           AND h.field = '{0}' AND h.action = 'update' AND h.effective_date > :as_of AND {3}
         ORDER BY h.effective_date, h.id LIMIT 1), {2}))sql",
                       field, alias, now, standing_sql("h"));
}

namespace {

// The column `column` of request alias `r`'s last standing move on or
// before :as_of; looked up only when its own last move is after that day.
std::string last_move_as_of(const std::string& column, const std::string& alias) {
    return fmt::format(R"sql((SELECT h.{1} FROM history h
        WHERE h.request = {0}.id AND h.entity = 'request' AND h.entity_id = CAST({0}.id AS TEXT)
          AND h.action = 'status' AND h.effective_date <= :as_of AND {2}
        ORDER BY h.effective_date DESC, h.id DESC LIMIT 1))sql",
                       alias, column, standing_sql("h"));
}

} // namespace

std::string request_status_date_as_of_sql(const std::string& alias) {
    return fmt::format("(CASE WHEN {0}.status_date <= :as_of THEN {0}.status_date "
                       "ELSE coalesce({1}, {0}.received) END)",
                       alias, last_move_as_of("effective_date", alias));
}

std::string request_status_note_as_of_sql(const std::string& alias) {
    return fmt::format("(CASE WHEN {0}.status_date <= :as_of THEN {0}.status_note ELSE {1} END)",
                       alias, last_move_as_of("note", alias));
}

} // namespace crt
