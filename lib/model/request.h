// Requests: an agency's ask for help at one level, on catalogue topics.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/format.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace crt {

struct Request {
    long long id = 0;
    std::string agency;
    std::string level;
    std::string title;
    std::string description;
    std::string delivery;
    std::string form;
    std::string priority = "normal";
    std::string received;
    std::string target;
    std::string event_date;
    std::string external_id;
    std::string status = "received";
    std::string status_date;
    std::string status_note;
    std::string accepted;
    std::vector<std::string> topics; // sorted

    // Filled by find/list for display only.
    std::string agency_name;
    std::string state;
};

// Changes to a request's fields (never its status); unset is left alone and an
// empty text clears an optional field.
struct RequestPatch {
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> delivery;
    std::optional<std::string> form;
    std::optional<std::string> priority;
    std::optional<std::string> target;
    std::optional<std::string> event_date;
    std::optional<std::string> external_id;
    std::optional<std::vector<std::string>> topics;
};

struct RequestFilter {
    std::vector<std::string> levels;
    std::vector<std::string> statuses;
    std::string state;
    std::string agency;
    std::string topic;
    std::string expert;
    std::string since;  // received on or after
    std::string until;  // received on or before
    std::string search; // in the title or description, ASCII letters in either case
    bool open = false;  // not completed, declined or withdrawn
    // With a day, the list as it stood at the end of it: requests received
    // by then, with their status and fields as of then (filters included).
    std::string as_of;
};

// Nothing about request `id` happens before it was received: `date` (named
// `what` in the message, "--date" or "due:") may not be before `received`.
void require_not_before_received(std::string_view what, const std::string& date, long long id,
                                 const std::string& received);

// Rules of one request's fields that hold whatever its history: values,
// dates, level fit. Throws `invalid` naming the field.
void validate_request(const Request& request);
// Newly added topics must be in the catalogue (else `not_found`) and not
// retired (else `invalid`); those in `already` stay valid.
void check_topics(const Catalogue& catalogue, const std::vector<std::string>& topics,
                  const std::vector<std::string>& already);

// Creates a request received on `request.received` (default today) and
// returns its id. Checks every rule of crt-request(1) and the catalogue.
long long create_request(Store& store, const Catalogue& catalogue, Request request,
                         const Stamp& stamp);
int update_request(Store& store, const Catalogue& catalogue, long long id,
                   const RequestPatch& patch, const Stamp& stamp);
// A request is named on the command line by its id, decimal digits, or by
// its external id after this prefix (ext:CR-2025-031): an id never holds a
// colon, so the two cannot be confused.
inline constexpr std::string_view k_external_id_prefix = "ext:";
// Whether `name` has one of those shapes (an id of at most 18 digits).
bool is_request_name(std::string_view name);
// The id of the request `name` names. An id is returned as it is (whether
// that request exists is the caller's check); an external id no request has
// is not_found, and a name of neither shape a usage error.
long long resolve_request(Store& store, std::string_view name);
std::optional<Request> find_request(Store& store, long long id);
Request get_request(Store& store, long long id);
std::vector<Request> list_requests(Store& store, const RequestFilter& filter);

// Columns: id, external_id, agency, agency_name, state, level, title, topics,
// delivery, form, priority, received, target, event_date, status, status_date.
Table request_table(const std::vector<Request>& requests);
// One request with every field: the list's columns plus description,
// status_note and accepted.
Table request_record(const Request& request);

// The request's assignments (expert, role, assigned, released, hours) and
// milestones (id, kind, ref, title, due, status, completed, blocker).
Table request_assignments(Store& store, long long id);
Table request_milestones(Store& store, long long id);
// Its history and that of its assignments and milestones, oldest first.
Table request_log(Store& store, long long id);

} // namespace crt
