#include "lib/model/assignment.h"

#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/model/lifecycle.h"
#include "lib/model/request.h"

#include "lib/store/statement.h"

#include <algorithm>

namespace crt {

namespace {

struct RequestState {
    std::string status;
    std::string received;
};

RequestState request_state(Store& store, long long id) {
    Statement query(store, "SELECT status, received FROM request WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.step()) {
        fail(ErrorKind::not_found, "no request {}", id);
    }
    return {query.text(0), query.text(1)};
}

} // namespace

std::optional<long long> parse_centihours(std::string_view text) {
    auto dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view fraction =
        dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    // Digits only on both sides of the dot: no sign, exponent or spaces, so
    // "-0.5" and "1.-0" are refused rather than read as 0.5 and 1.
    auto digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || fraction.size() > 2 ||
        (dot != std::string_view::npos && fraction.empty()) || !digits(whole) ||
        !digits(fraction)) {
        return std::nullopt;
    }
    auto units = parse_integer(whole, 0, 100000);
    auto cents = fraction.empty() ? std::optional<long long>(0) : parse_integer(fraction, 0, 99);
    if (!units || !cents) {
        return std::nullopt;
    }
    long long value = *units * 100 + (fraction.size() == 1 ? *cents * 10 : *cents);
    if (value <= 0) {
        return std::nullopt;
    }
    return value;
}

std::string format_centihours(long long centihours) {
    return fmt::format("{}.{:02}", centihours / 100, centihours % 100);
}

namespace {

// Refuses an assignment the rules never allow, even with --force: an unknown
// or inactive expert, a final request, an expert already on it, a second
// active lead. Returns the expert's capacity.
long long require_assignable(Store& store, long long request_id, const RequestState& request,
                             const std::string& handle, const std::string& role) {
    Statement expert(store, "SELECT capacity, active FROM expert WHERE handle = ?");
    expert.bind(1, handle);
    if (!expert.step()) {
        fail(ErrorKind::not_found, "no expert with handle '{}'", handle);
    }
    long long capacity = expert.integer(0);
    bool active = expert.integer(1) != 0;
    // A completed request may still be reopened, which needs a lead; declined
    // and withdrawn are final.
    if (is_final_request_status(request.status)) {
        fail(ErrorKind::conflict, "request {} is {}; no one can be assigned to it", request_id,
             request.status);
    }
    if (!active) {
        fail(ErrorKind::conflict,
             "expert {} is inactive (reactivate with 'crt expert update {} --active')", handle,
             handle);
    }
    if (store.query_integer("SELECT count(*) FROM assignment WHERE request = ? AND expert = ? "
                            "AND released IS NULL",
                            {request_id, handle}) > 0) {
        fail(ErrorKind::conflict, "expert {} is already assigned to request {}", handle,
             request_id);
    }
    if (role == "lead") {
        Statement lead(store, "SELECT expert FROM assignment WHERE request = ? "
                              "AND role = 'lead' AND released IS NULL");
        lead.bind(1, static_cast<int64_t>(request_id));
        if (lead.step()) {
            fail(ErrorKind::conflict,
                 "request {} already has an active lead ({}); release them first with "
                 "'crt assign remove {} {}'",
                 request_id, lead.text(0), request_id, lead.text(0));
        }
    }
    return capacity;
}

// The rules --force may override (capacity, expertise): refused without it,
// and with it, each override named for the history note.
std::vector<std::string> forced_overrides(Store& store, long long request_id,
                                          const std::string& handle, long long capacity,
                                          bool force) {
    std::vector<std::string> overrides;
    long long load =
        store.query_integer("SELECT count(*) FROM assignment s JOIN request r ON r.id = s.request "
                            "WHERE s.released IS NULL AND r.status NOT IN " +
                                k_sql_closed_request_statuses + " AND s.expert = ?",
                            {handle});
    if (load >= capacity) {
        if (!force) {
            fail(ErrorKind::conflict,
                 "expert {} is at capacity ({} of {} active assignments); use --force to assign "
                 "anyway",
                 handle, load, capacity);
        }
        overrides.push_back(fmt::format("over capacity ({} of {})", load + 1, capacity));
    }
    long long topics =
        store.query_integer("SELECT count(*) FROM request_topic WHERE request = ?", {request_id});
    long long matching = store.query_integer(R"sql(
        SELECT count(*) FROM request_topic t JOIN expert_topic e ON e.topic = t.topic
        WHERE t.request = ? AND e.expert = ?)sql",
                                             {request_id, handle});
    if (topics > 0 && matching == 0) {
        if (!force) {
            fail(ErrorKind::conflict,
                 "expert {} has no expertise in any topic of request {}; use --force to assign "
                 "anyway",
                 handle, request_id);
        }
        overrides.push_back("no expertise in the request's topics");
    }
    return overrides;
}

} // namespace

long long add_assignment(Store& store, long long request_id, const std::string& handle,
                         const std::string& role, bool force, const Stamp& stamp) {
    Store::Transaction transaction(store);
    RequestState request = request_state(store, request_id);
    require_not_before_received("--date", stamp.date, request_id, request.received);
    long long capacity = require_assignable(store, request_id, request, handle, role);
    std::vector<std::string> overrides =
        forced_overrides(store, request_id, handle, capacity, force);
    Statement insert(store, "INSERT INTO assignment (request, expert, role, assigned) "
                            "VALUES (?, ?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(request_id));
    insert.bind(2, handle);
    insert.bind(3, role);
    insert.bind(4, stamp.date);
    insert.exec();
    long long id = store.last_insert_id();
    std::string note;
    for (const auto& item : overrides) {
        note += (note.empty() ? "forced: " : "; ") + item;
    }
    record(store,
           {"assignment", std::to_string(id), "create", "", std::nullopt,
            fmt::format(R"({{"request":{},"expert":"{}","role":"{}"}})", request_id, handle, role),
            note, request_id},
           stamp);
    transaction.commit();
    return id;
}

namespace {

// An assignment as the rules of its changes need it.
struct Held {
    long long id = 0;
    long long request = 0;
    std::string expert, role, assigned;
    std::optional<std::string> released;
    long long centihours = 0;
};

Held held_assignment(Store& store, long long id) {
    Statement query(store, "SELECT request, expert, role, assigned, released, centihours "
                           "FROM assignment WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.step()) {
        fail(ErrorKind::not_found, "no assignment {}", id);
    }
    return {id,
            query.integer(0),
            query.text(1),
            query.text(2),
            query.text(3),
            query.optional_text(4),
            query.integer(5)};
}

// Releases `a` on stamp.date (named `what` in messages): not before the
// expert was assigned, and a lead not before the request became active
// with them.
void release(Store& store, const Held& a, const Stamp& stamp, std::string_view what) {
    if (stamp.date < a.assigned) {
        fail(ErrorKind::invalid, "{} {} is before the expert was assigned ({})", what, stamp.date,
             a.assigned);
    }
    if (a.role == "lead") {
        // The request became active with this lead; a release dated before
        // that day would leave it active without one as of that day.
        Statement last(store, "SELECT coalesce(max(effective_date), '') FROM history h "
                              "WHERE request = ? AND entity = 'request' AND action = 'status' "
                              "AND new_value = 'active' AND " +
                                  standing_sql("h"));
        last.bind(1, static_cast<int64_t>(a.request));
        last.step();
        std::string activated = last.text(0);
        if (!activated.empty() && a.assigned <= activated && stamp.date < activated) {
            fail(ErrorKind::invalid,
                 "{} {} is before request {} became active ({}) with {} as its lead", what,
                 stamp.date, a.request, activated, a.expert);
        }
    }
    apply_changes(store, "assignment", "id", a.id, "assignment", {{"released", stamp.date}}, stamp,
                  {}, a.request);
}

// Adds `centihours` to `a`, dated stamp.date, not before the expert was
// assigned. Returns the new total.
long long log_hours(Store& store, const Held& a, long long centihours, const Stamp& stamp) {
    long long total = a.centihours + centihours;
    if (stamp.date < a.assigned) {
        fail(ErrorKind::invalid, "--date {} is before {} was assigned to request {} ({})",
             stamp.date, a.expert, a.request, a.assigned);
    }
    Statement update(store, "UPDATE assignment SET centihours = ? WHERE id = ?");
    update.bind(1, static_cast<int64_t>(total));
    update.bind(2, static_cast<int64_t>(a.id));
    update.exec();
    record(store,
           {"assignment", std::to_string(a.id), "update", "hours", format_centihours(a.centihours),
            format_centihours(total), "", a.request},
           stamp);
    return total;
}

} // namespace

bool remove_assignment(Store& store, long long request_id, const std::string& handle,
                       const Stamp& stamp) {
    Store::Transaction transaction(store);
    RequestState request = request_state(store, request_id);
    Statement query(store, "SELECT id FROM assignment "
                           "WHERE request = ? AND expert = ? AND released IS NULL");
    query.bind(1, static_cast<int64_t>(request_id));
    query.bind(2, handle);
    if (!query.step()) {
        fail(ErrorKind::not_found, "expert {} has no active assignment on request {}", handle,
             request_id);
    }
    Held a = held_assignment(store, query.integer(0));
    release(store, a, stamp, "--date");
    transaction.commit();
    return a.role == "lead" && request.status == "active";
}

void release_assignment(Store& store, long long id, const Stamp& stamp, std::string_view what) {
    Store::Transaction transaction(store);
    Held a = held_assignment(store, id);
    if (a.released) {
        fail(ErrorKind::conflict, "assignment {} was released on {}", id, *a.released);
    }
    release(store, a, stamp, what);
    transaction.commit();
}

long long add_hours(Store& store, long long request_id, const std::string& handle,
                    const std::string& hours, const Stamp& stamp) {
    auto centihours = parse_centihours(hours);
    if (!centihours) {
        fail(ErrorKind::usage, "hours: '{}' is not a positive number with at most two decimals",
             hours);
    }
    Store::Transaction transaction(store);
    RequestState request = request_state(store, request_id);
    require_not_before_received("--date", stamp.date, request_id, request.received);
    Statement query(store, "SELECT id FROM assignment WHERE request = ? "
                           "AND expert = ? ORDER BY released IS NULL DESC, id DESC LIMIT 1");
    query.bind(1, static_cast<int64_t>(request_id));
    query.bind(2, handle);
    if (!query.step()) {
        fail(ErrorKind::not_found, "expert {} was never assigned to request {}", handle,
             request_id);
    }
    long long total =
        log_hours(store, held_assignment(store, query.integer(0)), *centihours, stamp);
    transaction.commit();
    return total;
}

long long add_assignment_hours(Store& store, long long id, long long centihours,
                               const Stamp& stamp) {
    Store::Transaction transaction(store);
    Held a = held_assignment(store, id);
    require_not_before_received("--date", stamp.date, a.request,
                                request_state(store, a.request).received);
    long long total = log_hours(store, a, centihours, stamp);
    transaction.commit();
    return total;
}

std::vector<Assignment> list_assignments(Store& store, const AssignmentFilter& filter) {
    // Only the filters given are in the SQL: "?1 IS NULL OR s.request = ?1"
    // would keep SQLite from searching the index and make it scan every row.
    std::string where;
    std::vector<std::pair<const char*, Cell>> binds;
    if (filter.request) {
        where += " AND s.request = :request";
        binds.emplace_back(":request", *filter.request);
    }
    if (!filter.expert.empty()) {
        where += " AND s.expert = :expert";
        binds.emplace_back(":expert", filter.expert);
    }
    if (filter.active) {
        where += " AND s.released IS NULL";
    }
    if (filter.id) {
        where += " AND s.id = :id";
        binds.emplace_back(":id", *filter.id);
    }
    Statement query(store, fmt::format(R"sql(
        SELECT s.id, s.request, r.agency, s.expert, s.role, s.assigned, s.released, s.centihours
        FROM assignment s JOIN request r ON r.id = s.request
        WHERE TRUE{}
        ORDER BY s.request, s.id)sql",
                                       where));
    for (const auto& [name, value] : binds) {
        query.bind(query.parameter_index(name), value);
    }
    std::vector<Assignment> assignments;
    while (query.step()) {
        assignments.push_back({query.integer(0), query.integer(1), query.text(2), query.text(3),
                               query.text(4), query.text(5), query.text(6), query.integer(7)});
    }
    return assignments;
}

Table assignment_table(const std::vector<Assignment>& assignments, bool within_request) {
    Table table;
    if (within_request) {
        table.columns = {"expert", "role", "assigned", "released", "hours"};
    } else {
        table.columns = {"id",   "request",  "agency",   "expert",
                         "role", "assigned", "released", "hours"};
    }
    for (const auto& a : assignments) {
        double hours = static_cast<double>(a.centihours) / 100.0;
        if (within_request) {
            table.rows.push_back({a.expert, a.role, a.assigned, text_or_null(a.released), hours});
        } else {
            table.rows.push_back({a.id, a.request, a.agency, a.expert, a.role, a.assigned,
                                  text_or_null(a.released), hours});
        }
    }
    return table;
}

} // namespace crt
