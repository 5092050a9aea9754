// Corrections on the record (crt(1), CORRECTIONS). A mistake is put right by
// appending a history row that names the row it corrects; nothing recorded
// is edited or deleted, so the original stays readable beside its correction.
//
//   void     the move or change never happened: the record returns to the
//            value before it, and every as-of query reads past the row;
//   re-date  a copy of the row with the right date takes its place (same
//            action, `corrects` naming it), and the original is read past;
//   correct  a fact that was wrong from the start (a request's intake facts,
//            a milestone's or assignment's dates, hours taken back) gets its
//            right value; the row it names stays standing.
//
// Each is one transaction: refused with the usual exit code, nothing written,
// when the corrected record would break a rule.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace crt {

// Who makes a correction and why; the note is required.
struct Reason {
    std::string actor;
    std::string note;
};

// Voids history row `row`, a move or a field change. Refused when it is
// neither, is already corrected, when a later change of the same field rests
// on it (hours excepted: they add up), or when the record it leaves behind
// breaks a rule (a completed request with an open milestone, an active one
// without a lead). Returns the id of the void row.
long long void_change(Store& store, long long row, const Reason& reason);

// Re-dates history row `row` to `date`, within the rules that hold for the
// change itself: not after today, not before the record began or the change
// before it, before the change after it, and (for work on a request) not on a
// day the request was closed. Returns the id of the re-dated copy.
long long redate_change(Store& store, long long row, const std::string& date, const Reason& reason);

// A request's intake facts, each corrected only when given.
struct IntakeCorrection {
    std::optional<std::string> agency;
    std::optional<std::string> level;
    std::optional<std::string> received;
    std::optional<std::vector<std::string>> topics;
};
// Returns how many facts changed.
int correct_request(Store& store, const Catalogue& catalogue, long long id,
                    const IntakeCorrection& correction, const Reason& reason);

struct MilestoneDates {
    std::optional<std::string> created;
    std::optional<std::string> due;
};
int correct_milestone(Store& store, long long id, const MilestoneDates& dates,
                      const Reason& reason);

struct AssignmentDates {
    std::optional<std::string> assigned;
    std::optional<std::string> released; // re-dates the release
};
// Corrects the expert's latest assignment on the request.
int correct_assignment(Store& store, long long request, const std::string& handle,
                       const AssignmentDates& dates, const Reason& reason);

// Takes back `hours` (positive, at most two decimals) logged by mistake in
// hours entry `entry` (the latest standing one when absent), dated `date`
// (that entry's day when empty). Returns the assignment's new total.
long long take_back_hours(Store& store, long long request, const std::string& handle,
                          const std::string& hours, std::optional<long long> entry,
                          const std::string& date, const Reason& reason);

} // namespace crt
