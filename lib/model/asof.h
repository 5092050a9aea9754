// SQL that rebuilds statuses as they stood at the end of a day, the bound
// parameter `:as_of`. A row's status columns hold its latest state and the
// day of its last change; when that day is after as-of, the status is the old
// value of the first change after as-of. Moves are never dated before the move
// they follow, so this equals a replay of the history up to that day, and
// rows unchanged since as-of (the common case) need no look-up at all.
// Only standing history rows count: a voided row or one re-dated by a copy
// is read past (crt(1), CORRECTIONS).
#pragma once

#include <string>

namespace crt {

// The status of request alias `r` as of `:as_of`.
std::string request_status_as_of_sql(const std::string& alias = "r");
// The status of milestone alias `m` as of `:as_of`.
std::string milestone_status_as_of_sql(const std::string& alias = "m");

// The completed date of milestone alias `m` as of `:as_of`: the day of its
// last move to done on or before that day, when it was done that day.
std::string milestone_completed_as_of_sql(const std::string& alias = "m");

// The value of column `field` of milestone alias `m` as of `:as_of`: the old
// value of its first change after that day, else its current value (read
// directly when the row's `updated` day is not after as-of).
std::string milestone_field_as_of_sql(const std::string& field, const std::string& alias = "m");

// The value of field `field` of request alias `r` as of `:as_of`: the old
// value of its first update after that day (empty text for an empty one),
// else `now`, the SQL of its current value. The intake facts that
// `request correct` puts right (agency, level, received) have no such
// updates: they are read from the record for every day.
std::string request_field_as_of_sql(const std::string& field, const std::string& now,
                                    const std::string& alias = "r");
// The day of the last move of request alias `r` on or before `:as_of`, else
// the day it was received; and the note of that move.
std::string request_status_date_as_of_sql(const std::string& alias = "r");
std::string request_status_note_as_of_sql(const std::string& alias = "r");

} // namespace crt
