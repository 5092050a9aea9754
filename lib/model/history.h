// The append-only history: every change to any entity is a row.
#pragma once

#include "lib/base/format.h"
#include "lib/store/store.h"

#include "lib/store/statement.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crt {

// Who records a change and the day it happened (its effective date).
struct Stamp {
    std::string actor;
    std::string date;
    std::string recorded_at = {}; // UTC; now when empty
};

struct Change {
    std::string entity;    // agency, expert, request, assignment, milestone
    std::string entity_id; // ORI, handle or id
    std::string action;    // create, update, status, import, void, correct
    std::string field;     // empty for a whole-record action
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
    std::string note;
    std::optional<long long> request;                 // for assignment and milestone changes
    std::optional<long long> corrects = std::nullopt; // the history row a correction names
};

// Appends `change` to the history, dated `stamp.date` (today when empty),
// after require_datable.
void record(Store& store, const Change& change, const Stamp& stamp);
// Appends `change` dated `stamp.date` as it is: for corrections, whose
// rules are their own (lib/model/correction.h).
void append(Store& store, const Change& change, const Stamp& stamp);

// SQL true when history row alias `h` still stands: no void and no re-dated
// copy names it (a `correct` row amends a value and leaves its row standing).
// Everything that rebuilds a past state reads standing rows only.
std::string standing_sql(const std::string& alias = "h");

// The one rule for dating a change of a field (crt(1), DATES AND HISTORY):
// refused as invalid (exit 4) when `date` is before the last dated change to
// the same field of the same record (its creation included), or, for a
// change on a request other than its own status moves and the release of an
// expert, on a day the request was closed from start to end. Whole-record
// rows (create, import) pass.
void require_datable(Store& store, const Change& change, const std::string& date);
// The closed-day half of that rule alone, for a change on a request.
void require_open_on(Store& store, const Change& change, const std::string& date);

struct HistoryRow {
    long long id = 0;
    std::string entity;
    std::string entity_id;
    std::string action;
    std::string field;
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
    std::string actor;
    std::string recorded_at;
    std::string effective_date;
    std::string note;
    std::optional<long long> request;  // the request it concerns, if any
    std::optional<long long> corrects; // the row it corrects, if it is a correction
};

// Which history rows a listing or an export covers; empty fields match all.
struct HistoryFilter {
    std::optional<long long> request;  // the request, its assignments and milestones
    std::string agency;                // the agency's own rows and those of its requests
    std::string expert;                // the expert's own rows and those of their assignments
    std::string actor;                 // who recorded the change
    std::vector<std::string> entities; // rows about these kinds of record
    std::vector<std::string> actions;  // rows of these actions
    std::string since;                 // effective on or after
    std::string until;                 // effective on or before
    std::string recorded_since;        // recorded on or after this UTC day
    std::string recorded_until;        // recorded on or before this UTC day
};

// Calls `each` for every row the filter matches, in the order they were
// recorded (by id), keeping none in memory.
void for_each_history(Store& store, const HistoryFilter& filter,
                      const std::function<void(const HistoryRow&)>& each);
// Every column of a history row, for the listing and the export.
const std::vector<std::string>& history_columns();
Row history_cells(const HistoryRow& row);

// The history row `id`; not_found when there is none.
HistoryRow history_row(Store& store, long long id);

// One entity's history, oldest first (by effective date, then recording order).
std::vector<HistoryRow> history_of(Store& store, const std::string& entity,
                                   const std::string& entity_id);
// Every row of one record, oldest recorded first; `request` is the request an
// assignment's or milestone's rows carry (the index they are found by).
std::vector<HistoryRow> history_of_record(Store& store, const std::string& entity,
                                          const std::string& entity_id,
                                          std::optional<long long> request);
// Everything recorded about request `request` and its assignments and
// milestones, in the same order, except that a correction follows the row it
// corrects.
std::vector<HistoryRow> history_of_request(Store& store, long long request);
// History rows for display (request log): an empty field, value or note is null.
Table history_table(const std::vector<HistoryRow>& rows);

// The effective date of an entity's `create` row, if it has one.
std::optional<std::string> created_on(Store& store, const std::string& entity,
                                      const std::string& entity_id);

// The actor: `flag`, else `$CRT_ACTOR`, else `$USER`, else "unknown".
std::string resolve_actor(const std::string& flag);

} // namespace crt

#include "lib/base/format.h"

namespace crt {

// One column's new value in an update; a null cell clears the column.
struct FieldChange {
    std::string column;
    Cell value;
};

// Sets the given columns of the row `key_column = key` in `table` and records
// a history row for each column whose value actually changes. Returns how many
// changed. `table` and columns are the library's own names, never user input.
int apply_changes(Store& store, const std::string& table, const std::string& key_column,
                  const Cell& key, const std::string& entity,
                  const std::vector<FieldChange>& changes, const Stamp& stamp,
                  const std::string& note = {}, std::optional<long long> request = std::nullopt);

// A record's fields as one JSON object, for the `create` history row.
std::string record_json(const Table& table);

} // namespace crt
