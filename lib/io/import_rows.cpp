#include "lib/io/import_rows.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/model/agency.h"
#include "lib/model/assignment.h"
#include "lib/model/expert.h"
#include "lib/model/lifecycle.h"
#include "lib/model/milestone.h"
#include "lib/model/request.h"

#include <algorithm>

namespace crt {

namespace {

const std::string k_empty;

long long whole_number(const std::string& text, const char* column, long long min, long long max) {
    auto value = parse_integer(text, min, max);
    if (!value) {
        fail(ErrorKind::invalid, "{}: '{}' is not a whole number from {} to {}", column, text, min,
             max);
    }
    return *value;
}

bool flag(const std::string& text, const char* column) {
    if (text == "true" || text == "1") {
        return true;
    }
    if (text == "false" || text == "0") {
        return false;
    }
    fail(ErrorKind::invalid, "{}: '{}' is not true or false", column, text);
}

// Whether `to` can follow `from` through one or more moves of the lifecycle.
bool is_reachable(const std::string& from, const std::string& to) {
    std::vector<std::string> frontier = {from};
    std::vector<std::string> seen = {from};
    while (!frontier.empty()) {
        std::string status = frontier.back();
        frontier.pop_back();
        for (auto next : allowed_moves(status)) {
            if (next == to) {
                return true;
            }
            if (std::find(seen.begin(), seen.end(), next) == seen.end()) {
                seen.emplace_back(next);
                frontier.emplace_back(next);
            }
        }
    }
    return false;
}

} // namespace

RowImporter::RowImporter(Store& store, const Catalogue& catalogue, DataKind kind,
                         const ImportOptions& options, const Stamp& stamp)
    : store_(store), catalogue_(catalogue), kind_(kind), options_(options), stamp_(stamp),
      today_(today()) {
    const auto& columns = data_columns(kind);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        columns_[columns[i]] = i;
    }
    if (stamp_.recorded_at.empty()) {
        stamp_.recorded_at = now_utc();
    }
    store_.exec("CREATE TEMP TABLE IF NOT EXISTS import_key (key TEXT PRIMARY KEY)");
    store_.exec("DELETE FROM import_key");
    first_new_request_ = store_.query_integer("SELECT coalesce(max(id), 0) FROM request");
    last_request_id_ = first_new_request_;
    first_new_assignment_ = store_.query_integer("SELECT coalesce(max(id), 0) FROM assignment");
}

const std::string& RowImporter::text(const Values& values, const char* column) const {
    const auto& value = values[columns_.at(column)];
    if (!value) {
        return k_empty;
    }
    // Whatever the field, stored text is valid UTF-8 without NUL; an NDJSON
    // string may hold "\u0000", which a CSV file cannot.
    check_text(*value, column);
    return *value;
}

std::string RowImporter::date(const Values& values, const char* column,
                              const std::string& fallback) const {
    const std::string& value = text(values, column);
    if (value.empty()) {
        return fallback;
    }
    if (!is_date(value)) {
        fail(ErrorKind::invalid, "{}: '{}' is not a real date (YYYY-MM-DD)", column, value);
    }
    if (value > today_) {
        fail(ErrorKind::invalid, "{}: {} is in the future", column, value);
    }
    return value;
}

void RowImporter::claim(const std::string& key, const char* column, const std::string& shown) {
    auto& insert = store_.cached("INSERT INTO import_key (key) VALUES (?) ON CONFLICT DO NOTHING");
    insert.bind(1, key);
    if (insert.exec() == 0) {
        fail(ErrorKind::invalid, "{}: '{}' appears twice in this input", column, shown);
    }
}

bool RowImporter::agency_exists(const std::string& ori) {
    auto found = agencies_.find(ori);
    if (found != agencies_.end()) {
        return found->second;
    }
    auto& query = store_.cached("SELECT 1 FROM agency WHERE ori = ?");
    query.bind(1, ori);
    bool exists = query.step();
    agencies_.emplace(ori, exists);
    return exists;
}

std::optional<std::string> RowImporter::given(const Values& values, const char* column) const {
    if (present_ == nullptr || !(*present_)[columns_.at(column)]) {
        return std::nullopt;
    }
    return text(values, column);
}

void RowImporter::import_row(const Values& values, const std::vector<bool>& present,
                             std::size_t line, ImportResult& result) {
    present_ = &present;
    // Both sources have already refused invalid UTF-8 and NUL bytes.
    switch (kind_) {
    case DataKind::agencies: import_agency(values, result); break;
    case DataKind::experts: import_expert(values, result); break;
    case DataKind::requests: import_request(values, line, result); break;
    case DataKind::assignments: import_assignment(values, line, result); break;
    case DataKind::milestones: import_milestone(values, line, result); break;
    }
}

void RowImporter::import_agency(const Values& values, ImportResult& result) {
    Agency agency{text(values, "ori"),
                  text(values, "name"),
                  text(values, "type"),
                  text(values, "state"),
                  std::nullopt,
                  text(values, "contact_name"),
                  text(values, "contact_email"),
                  text(values, "contact_phone")};
    if (!text(values, "sworn").empty()) {
        agency.sworn = whole_number(text(values, "sworn"), "sworn", 0, 1000000);
    }
    validate_agency(agency);
    claim("agency:" + agency.ori, "ori", agency.ori);
    if (!find_agency(store_, agency.ori)) {
        add_agency(store_, agency, stamp_);
        ++result.inserted;
    } else if (options_.upsert) {
        AgencyPatch patch{agency.name,
                          agency.type,
                          agency.state,
                          std::nullopt,
                          given(values, "contact_name"),
                          given(values, "contact_email"),
                          given(values, "contact_phone")};
        if (given(values, "sworn")) {
            patch.sworn = agency.sworn;
        }
        update_agency(store_, agency.ori, patch, stamp_);
        ++result.updated;
    } else {
        fail(ErrorKind::conflict, "ori: agency {} already exists (use --upsert to update it)",
             agency.ori);
    }
}

void RowImporter::import_expert(const Values& values, ImportResult& result) {
    Expert expert;
    expert.handle = text(values, "handle");
    expert.name = text(values, "name");
    expert.org = text(values, "org");
    expert.email = text(values, "email");
    expert.expertise = split_list(text(values, "expertise"));
    if (!text(values, "capacity").empty()) {
        expert.capacity = whole_number(text(values, "capacity"), "capacity", 0, 1000);
    }
    if (!text(values, "active").empty()) {
        expert.active = flag(text(values, "active"), "active");
    }
    validate_expert(expert, catalogue_);
    claim("expert:" + expert.handle, "handle", expert.handle);
    if (!find_expert(store_, expert.handle)) {
        // Old records may hold retired topics; add_expert refuses them for new
        // experts, so retired expertise is written after the check.
        Expert current = expert;
        std::erase_if(current.expertise,
                      [&](const std::string& id) { return catalogue_.find_topic(id)->retired; });
        add_expert(store_, catalogue_, current, stamp_);
        if (current.expertise.size() != expert.expertise.size()) {
            auto& insert = store_.cached("INSERT INTO expert_topic (expert, topic) VALUES (?, ?)");
            std::string all;
            for (const auto& topic : expert.expertise) {
                all += (all.empty() ? "" : ",") + topic;
                if (catalogue_.find_topic(topic)->retired) {
                    insert.reset();
                    insert.bind(1, expert.handle);
                    insert.bind(2, topic);
                    insert.exec();
                }
            }
            record(store_,
                   {"expert", expert.handle, "update", "expertise", std::nullopt, all,
                    "retired topics kept", std::nullopt},
                   stamp_);
        }
        ++result.inserted;
    } else if (options_.upsert) {
        ExpertPatch patch{expert.name,  given(values, "org"), given(values, "email"),
                          std::nullopt, std::nullopt,         std::nullopt};
        if (given(values, "expertise")) {
            patch.expertise = expert.expertise;
        }
        if (given(values, "capacity")) {
            patch.capacity = expert.capacity;
        }
        if (given(values, "active")) {
            patch.active = expert.active;
        }
        update_expert(store_, catalogue_, expert.handle, patch, stamp_);
        ++result.updated;
    } else {
        fail(ErrorKind::conflict, "handle: expert {} already exists (use --upsert to update it)",
             expert.handle);
    }
}

} // namespace crt

namespace crt {

// The row's status, status date and acceptance day, which must tell one
// consistent story: dates in order, a reason for a final status.
void RowImporter::read_request_status(const Values& values, Request& request) const {
    request.status_date =
        date(values, "status_date", request.status == "received" ? request.received : "");
    if (request.status_date.empty()) {
        fail(ErrorKind::invalid, "status_date: needed when the status is not received");
    }
    if (request.status_date < request.received) {
        fail(ErrorKind::invalid, "status_date: {} is before received {}", request.status_date,
             request.received);
    }
    bool passed_acceptance =
        request.status == "accepted" || request.status == "active" || request.status == "completed";
    request.accepted = date(values, "accepted", passed_acceptance ? request.status_date : "");
    if (!request.accepted.empty() &&
        (request.accepted < request.received || request.accepted > request.status_date)) {
        fail(ErrorKind::invalid, "accepted: {} is not between received and status_date",
             request.accepted);
    }
    if (request.status == "accepted" && request.accepted != request.status_date) {
        fail(ErrorKind::invalid, "accepted: {} must be the status_date {} of an accepted request",
             request.accepted, request.status_date);
    }
    if (request.status == "received" && !request.accepted.empty()) {
        fail(ErrorKind::invalid, "accepted: a request still received has not been accepted");
    }
    if (needs_reason(request.status) && request.status_note.empty()) {
        fail(ErrorKind::invalid, "status_note: a {} request needs the reason", request.status);
    }
}

// A request row read and checked on its own: fields, dates, status,
// topics and agency. `id` is the row's id, 0 when it gives none.
Request RowImporter::read_request(const Values& values, long long& id) {
    Request request;
    id = 0;
    if (!text(values, "id").empty()) {
        id = whole_number(text(values, "id"), "id", 1, 9'000'000'000'000'000'000LL);
    }
    request.external_id = text(values, "external_id");
    request.agency = text(values, "agency");
    request.level = text(values, "level");
    request.title = text(values, "title");
    request.description = text(values, "description");
    request.topics = split_list(text(values, "topics"));
    std::sort(request.topics.begin(), request.topics.end());
    request.topics.erase(std::unique(request.topics.begin(), request.topics.end()),
                         request.topics.end());
    request.delivery = text(values, "delivery");
    request.form = text(values, "form");
    request.priority = text(values, "priority").empty() ? "normal" : text(values, "priority");
    // A row that updates a request without giving its receipt keeps the
    // stored one, so its dates are checked against the day it really came in.
    std::string received = today_;
    if (options_.upsert && text(values, "received").empty() && !request.external_id.empty()) {
        auto& stored = store_.cached("SELECT received FROM request WHERE external_id = ?");
        stored.bind(1, request.external_id);
        if (stored.step()) {
            received = stored.text(0);
        }
        stored.reset();
    }
    request.received = date(values, "received", received);
    request.target = text(values, "target");
    request.event_date = text(values, "event_date");
    request.status = text(values, "status").empty() ? "received" : text(values, "status");
    request.status_note = text(values, "status_note");
    validate_request(request);
    if (!is_one_of(request.status, k_request_statuses)) {
        fail(ErrorKind::invalid, "status: '{}' is not a request status", request.status);
    }
    read_request_status(values, request);
    for (const auto& topic : request.topics) {
        if (catalogue_.find_topic(topic) == nullptr) {
            fail(ErrorKind::not_found, "topics: no topic '{}' in the catalogue", topic);
        }
    }
    if (!agency_exists(request.agency)) {
        fail(ErrorKind::not_found, "agency: no agency with ORI '{}'", request.agency);
    }
    return request;
}

// The request the row's external id names, if there is one; refuses a key
// seen twice, a clash with `id`, and a match without --upsert.
std::optional<long long> RowImporter::existing_request(const Request& request, long long id) {
    if (request.external_id.empty()) {
        if (options_.upsert) {
            fail(ErrorKind::invalid,
                 "external_id: needed to upsert a request (requests are keyed by external id)");
        }
        return std::nullopt;
    }
    if (options_.upsert) {
        claim("external_id:" + request.external_id, "external_id", request.external_id);
    }
    long long found = 0;
    auto known = chunk_external_ids_.find(request.external_id);
    if (looked_ahead_ && known != chunk_external_ids_.end()) {
        found = known->second;
    } else {
        auto& existing = store_.cached("SELECT id FROM request WHERE external_id = ?");
        existing.bind(1, request.external_id);
        if (existing.step()) {
            found = existing.integer(0);
        }
    }
    if (found == 0) {
        return std::nullopt;
    }
    if (found > first_new_request_) {
        fail(ErrorKind::invalid, "external_id: '{}' appears twice in this input",
             request.external_id);
    }
    if (!options_.upsert) {
        fail(ErrorKind::conflict,
             "external_id: '{}' is already request {} (use --upsert to update it)",
             request.external_id, found);
    }
    if (id != 0 && id != found) {
        fail(ErrorKind::conflict, "id: external id '{}' is request {}, not {}", request.external_id,
             found, id);
    }
    return found;
}

// An upsert of request `found`: the fields the row gives, then its move.
void RowImporter::update_imported_request(long long found, const Request& request,
                                          const Values& values) {
    Request current = get_request(store_, found);
    for (const auto& [column, now, wanted] :
         {std::tuple{"agency", current.agency, request.agency},
          std::tuple{"level", current.level, request.level},
          std::tuple{"received", current.received, request.received}}) {
        if (given(values, column) && now != wanted) {
            fail(ErrorKind::conflict, "{}: request {} has {} {}; an upsert cannot change it",
                 column, found, column, now);
        }
    }
    RequestPatch patch{request.title,
                       given(values, "description"),
                       given(values, "delivery"),
                       given(values, "form"),
                       given(values, "priority") ? std::optional(request.priority) : std::nullopt,
                       given(values, "target"),
                       given(values, "event_date"),
                       std::nullopt,
                       std::nullopt};
    if (given(values, "topics")) {
        patch.topics = request.topics;
    }
    Stamp stamp = stamp_;
    // Field changes are dated with the row's move when it gives one, else today.
    stamp.date = text(values, "status").empty()
                     ? std::max(current.received, today_)
                     : std::max(current.received, std::min(today_, request.status_date));
    update_request(store_, catalogue_, found, patch, stamp);
    if (current.status != request.status && given(values, "status")) {
        move_imported_request(found, current, request);
    }
}

// Moves request `found` from its current status to the row's, recording
// acceptance on its own day when the move passes it.
void RowImporter::move_imported_request(long long found, const Request& current,
                                        const Request& request) {
    if (!is_reachable(current.status, request.status)) {
        fail(ErrorKind::conflict, "status: request {} cannot go from {} to {}", found,
             current.status, request.status);
    }
    if (request.status_date < current.status_date) {
        fail(ErrorKind::invalid, "status_date: {} is before the request's last move ({})",
             request.status_date, current.status_date);
    }
    auto& move = store_.cached("UPDATE request SET status = ?, status_date = ?, status_note = ?, "
                               "accepted = coalesce(accepted, ?) WHERE id = ?");
    move.bind(1, request.status);
    move.bind(2, request.status_date);
    move.bind(3, text_or_null(request.status_note));
    move.bind(4, text_or_null(request.accepted));
    move.bind(5, static_cast<int64_t>(found));
    move.exec();
    std::string from = current.status;
    if (from == "received" && !is_final_request_status(request.status)) {
        // Passing acceptance: record it on its own day, as a new row would.
        std::string accepted = request.accepted.empty() ? request.status_date : request.accepted;
        record(store_,
               {"request", std::to_string(found), "status", "status", from, "accepted", "", found},
               {stamp_.actor, accepted, stamp_.recorded_at});
        from = "accepted";
    }
    if (from != request.status) {
        record(store_,
               {"request", std::to_string(found), "status", "status", from, request.status,
                request.status_note, found},
               {stamp_.actor, request.status_date, stamp_.recorded_at});
    }
}

// Inserts a new request (with id `id` when not 0), its topics, and the
// history of the moves its status implies.
void RowImporter::require_free_id(long long id) {
    bool is_taken = false;
    if (looked_ahead_) {
        is_taken = chunk_taken_ids_.count(id) > 0;
    } else {
        auto& taken = store_.cached("SELECT 1 FROM request WHERE id = ?");
        taken.bind(1, static_cast<int64_t>(id));
        is_taken = taken.step();
    }
    if (is_taken) {
        if (id > first_new_request_ || imported_ids_.count(id) > 0) {
            fail(ErrorKind::invalid, "id: '{}' appears twice in this input", id);
        }
        fail(ErrorKind::conflict, "id: request {} already exists", id);
    }
}

void RowImporter::insert_request(const Request& request, long long id, std::size_t line) {
    if (id != 0) {
        require_free_id(id);
    }
    auto& insert = store_.cached(R"sql(
        INSERT INTO request (id, agency, level, title, description, delivery, form, priority, received, target,
                             event_date, external_id, status, status_date, status_note, accepted)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    long long new_id = id != 0 ? id : last_request_id_ + 1;
    insert.bind(1, static_cast<int64_t>(new_id));
    const Cell cells[] = {request.agency,
                          request.level,
                          request.title,
                          text_or_null(request.description),
                          text_or_null(request.delivery),
                          text_or_null(request.form),
                          request.priority,
                          request.received,
                          text_or_null(request.target),
                          text_or_null(request.event_date),
                          text_or_null(request.external_id),
                          request.status,
                          request.status_date,
                          text_or_null(request.status_note),
                          text_or_null(request.accepted)};
    for (int i = 0; i < 15; ++i) {
        insert.bind(i + 2, cells[i]);
    }
    insert.exec();
    last_request_id_ = std::max(last_request_id_, new_id);
    if (new_id <= first_new_request_) {
        imported_ids_.insert(new_id);
    }
    if (looked_ahead_) {
        chunk_taken_ids_.insert(new_id);
        if (!request.external_id.empty()) {
            chunk_external_ids_[request.external_id] = new_id;
        }
    }
    auto& topic = store_.cached("INSERT INTO request_topic (request, topic) VALUES (?, ?)");
    for (const auto& id_text : request.topics) {
        topic.reset();
        topic.bind(1, static_cast<int64_t>(new_id));
        topic.bind(2, id_text);
        topic.exec();
    }
    record_imported_request(request, new_id, line);
}

void RowImporter::record_imported_request(const Request& request, long long new_id,
                                          std::size_t line) {
    std::string entity_id = std::to_string(new_id);
    std::string where = fmt::format("{}:{}", options_.source, line);
    record(store_, {"request", entity_id, "import", "", std::nullopt, std::nullopt, where, new_id},
           {stamp_.actor, request.received, stamp_.recorded_at});
    // The moves the row implies, so reports as of any day see them. Their
    // days are in order (read_request_status), after the import's own.
    std::string status = "received";
    if (!request.accepted.empty()) {
        append(store_, {"request", entity_id, "status", "status", status, "accepted", "", new_id},
               {stamp_.actor, request.accepted, stamp_.recorded_at});
        status = "accepted";
    }
    if (request.status != status) {
        append(store_,
               {"request", entity_id, "status", "status", status, request.status,
                request.status_note, new_id},
               {stamp_.actor, request.status_date, stamp_.recorded_at});
    }
}

void RowImporter::look_ahead(const std::vector<Values>& rows, std::size_t count) {
    looked_ahead_ = false;
    chunk_external_ids_.clear();
    chunk_taken_ids_.clear();
    // An upsert undoes a failed row alone, which a chunk's notes would not see.
    if (kind_ != DataKind::requests || options_.upsert || count == 0) {
        return;
    }
    // The raw values only: a value a row will refuse is not looked up.
    auto raw = [&](const Values& values, const char* column) -> const std::string* {
        const auto& value = values[columns_.at(column)];
        if (!value || value->empty() || invalid_utf8_offset(*value) ||
            value->find('\0') != std::string::npos) {
            return nullptr;
        }
        return &*value;
    };
    std::vector<Cell> externals;
    std::vector<Cell> ids;
    std::vector<Cell> agencies;
    for (std::size_t i = 0; i < count; ++i) {
        if (const auto* external = raw(rows[i], "external_id")) {
            if (chunk_external_ids_.emplace(*external, 0).second) {
                externals.emplace_back(*external);
            }
        }
        if (const auto* id = raw(rows[i], "id")) {
            if (auto number = parse_integer(*id, 1, 9'000'000'000'000'000'000LL)) {
                ids.emplace_back(*number);
            }
        }
        if (const auto* agency = raw(rows[i], "agency")) {
            if (agencies_.emplace(*agency, false).second) {
                agencies.emplace_back(*agency);
            }
        }
    }
    // One statement per kind of name, its values bound in a list.
    auto each = [&](const char* head, const std::vector<Cell>& keys, const auto& read) {
        if (keys.empty()) {
            return;
        }
        std::string sql = head;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            sql += i == 0 ? "?" : ", ?";
        }
        Statement query(store_, sql + ")");
        for (std::size_t i = 0; i < keys.size(); ++i) {
            query.bind(static_cast<int>(i) + 1, keys[i]);
        }
        while (query.step()) {
            read(query);
        }
    };
    each("SELECT external_id, id FROM request WHERE external_id IN (", externals,
         [&](Statement& q) { chunk_external_ids_[q.text(0)] = q.integer(1); });
    each("SELECT id FROM request WHERE id IN (", ids,
         [&](Statement& q) { chunk_taken_ids_.insert(q.integer(0)); });
    each("SELECT ori FROM agency WHERE ori IN (", agencies,
         [&](Statement& q) { agencies_[q.text(0)] = true; });
    looked_ahead_ = true;
}

void RowImporter::import_request(const Values& values, std::size_t line, ImportResult& result) {
    long long id = 0;
    Request request = read_request(values, id);
    if (auto found = existing_request(request, id)) {
        update_imported_request(*found, request, values);
        ++result.updated;
        return;
    }
    insert_request(request, id, line);
    ++result.inserted;
}

// The row's hours in hundredths; 0 when it gives none.
long long RowImporter::read_hours(const Values& values) const {
    long long centihours = 0;
    const std::string& hours = text(values, "hours");
    if (!hours.empty() && hours != "0" && hours != "0.0" && hours != "0.00") {
        auto parsed = parse_centihours(text(values, "hours"));
        if (!parsed) {
            fail(ErrorKind::invalid,
                 "hours: '{}' is not a number of hours with at most two decimals",
                 text(values, "hours"));
        }
        centihours = *parsed;
    }
    return centihours;
}

// Checks the assignment against the database and this input: its request
// and expert exist, the days are in order, and no one is assigned twice.
void RowImporter::check_assignment(const ImportedAssignment& a) {
    auto& request = store_.cached("SELECT received FROM request WHERE id = ?");
    request.bind(1, static_cast<int64_t>(a.request));
    if (!request.step()) {
        fail(ErrorKind::not_found, "request: no request {}", a.request);
    }
    if (a.assigned < request.text(0)) {
        fail(ErrorKind::invalid, "assigned: {} is before the request was received ({})", a.assigned,
             request.text(0));
    }
    if (!a.released.empty() && a.released < a.assigned) {
        fail(ErrorKind::invalid, "released: {} is before assigned {}", a.released, a.assigned);
    }
    auto& known = store_.cached("SELECT 1 FROM expert WHERE handle = ?");
    known.bind(1, a.expert);
    if (!known.step()) {
        fail(ErrorKind::not_found, "expert: no expert with handle '{}'", a.expert);
    }
    claim(fmt::format("assignment:{}:{}:{}", a.request, a.expert, a.assigned), "expert",
          fmt::format("{} on request {} from {}", a.expert, a.request, a.assigned));
    if (a.released.empty()) {
        auto& busy =
            store_.cached("SELECT role FROM assignment WHERE request = ? AND released IS NULL "
                          "AND (expert = ? OR (role = 'lead' AND ? = 'lead'))");
        busy.bind(1, static_cast<int64_t>(a.request));
        busy.bind(2, a.expert);
        busy.bind(3, a.role);
        if (busy.step()) {
            fail(ErrorKind::conflict, "{}: request {} already has {}",
                 a.role == "lead" ? "role" : "expert", a.request,
                 a.role == "lead" ? "an active lead" : "this expert assigned");
        }
    }
}

// Inserts the assignment and the history of its import, hours and release.
void RowImporter::insert_assignment(const ImportedAssignment& a, long long id, std::size_t line) {
    auto& insert = store_.cached(
        "INSERT INTO assignment (id, request, expert, role, assigned, released, centihours) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (id != 0) {
        insert.bind(1, static_cast<int64_t>(id));
    }
    insert.bind(2, static_cast<int64_t>(a.request));
    insert.bind(3, a.expert);
    insert.bind(4, a.role);
    insert.bind(5, a.assigned);
    insert.bind(6, text_or_null(a.released));
    insert.bind(7, static_cast<int64_t>(a.centihours));
    insert.exec();
    std::string entity_id = std::to_string(store_.last_insert_id());
    record(store_,
           {"assignment", entity_id, "import", "", std::nullopt, std::nullopt,
            fmt::format("{}:{}", options_.source, line), a.request},
           {stamp_.actor, a.assigned, stamp_.recorded_at});
    if (a.centihours > 0) {
        record(store_,
               {"assignment", entity_id, "update", "hours", "0.00", format_centihours(a.centihours),
                "", a.request},
               {stamp_.actor, a.assigned, stamp_.recorded_at});
    }
    if (!a.released.empty()) {
        record(store_,
               {"assignment", entity_id, "update", "released", std::nullopt, a.released, "",
                a.request},
               {stamp_.actor, a.released, stamp_.recorded_at});
    }
}

bool RowImporter::existing_assignment(long long id) {
    claim("assignment-id:" + std::to_string(id), "id", std::to_string(id));
    auto& taken = store_.cached("SELECT 1 FROM assignment WHERE id = ?");
    taken.bind(1, static_cast<int64_t>(id));
    if (!taken.step()) {
        return false;
    }
    if (id > first_new_assignment_) {
        fail(ErrorKind::invalid, "id: assignment {} was added by an earlier row of this input", id);
    }
    if (!options_.upsert) {
        fail(ErrorKind::conflict, "id: assignment {} already exists (use --upsert to update it)",
             id);
    }
    return true;
}

// An upsert of assignment `id`, by the rules of crt assign: what the row
// gives may release the expert and add hours; it may not move the
// assignment to another request or expert, change its role or its dates,
// undo a release or lower the hours (those are corrections, with a note).
void RowImporter::update_imported_assignment(long long id, const ImportedAssignment& a,
                                             const Values& values) {
    auto& stored = store_.cached("SELECT request, expert, role, assigned, coalesce(released, ''), "
                                 "centihours FROM assignment WHERE id = ?");
    stored.bind(1, static_cast<int64_t>(id));
    stored.step();
    ImportedAssignment now{stored.integer(0), stored.text(1), stored.text(2),
                           stored.text(3),    stored.text(4), stored.integer(5)};
    stored.reset();
    if (now.request != a.request || now.expert != a.expert) {
        fail(ErrorKind::conflict, "id: assignment {} is {} on request {}, not {} on request {}", id,
             now.expert, now.request, a.expert, a.request);
    }
    // An empty role or assigned keeps the stored one, as a request's received does.
    if (auto role = given(values, "role"); role && !role->empty() && *role != now.role) {
        fail(ErrorKind::conflict,
             "role: assignment {} is {}; an upsert cannot change a role (release the expert and "
             "assign them again)",
             id, now.role);
    }
    if (auto assigned = given(values, "assigned");
        assigned && !assigned->empty() && a.assigned != now.assigned) {
        fail(ErrorKind::conflict,
             "assigned: assignment {} was assigned on {}; an upsert cannot change it (see crt "
             "assign correct)",
             id, now.assigned);
    }
    if (given(values, "hours")) {
        if (a.centihours < now.centihours) {
            fail(ErrorKind::conflict,
                 "hours: assignment {} has {} hours; an upsert cannot lower them (see crt assign "
                 "take-back)",
                 id, format_centihours(now.centihours));
        }
        if (a.centihours > now.centihours) {
            add_assignment_hours(store_, id, a.centihours - now.centihours, stamp_);
        }
    }
    if (given(values, "released") && a.released != now.released) {
        if (!now.released.empty()) {
            fail(ErrorKind::conflict,
                 "released: assignment {} was released on {}; an upsert cannot change or undo a "
                 "release (see crt assign correct)",
                 id, now.released);
        }
        Stamp release = stamp_;
        release.date = a.released;
        release_assignment(store_, id, release, "released:");
    }
}

void RowImporter::import_assignment(const Values& values, std::size_t line, ImportResult& result) {
    ImportedAssignment a;
    long long id = 0;
    if (!text(values, "id").empty()) {
        id = whole_number(text(values, "id"), "id", 1, 9'000'000'000'000'000'000LL);
    }
    a.request = whole_number(text(values, "request"), "request", 1, 9'000'000'000'000'000'000LL);
    a.expert = text(values, "expert");
    a.role = text(values, "role").empty() ? "sme" : text(values, "role");
    if (!is_one_of(a.role, k_roles)) {
        fail(ErrorKind::invalid, "role: '{}' is not one of lead, sme, peer, analyst", a.role);
    }
    a.assigned = date(values, "assigned", today_);
    a.released = date(values, "released", "");
    a.centihours = read_hours(values);
    if (id != 0 && existing_assignment(id)) {
        update_imported_assignment(id, a, values);
        ++result.updated;
        return;
    }
    check_assignment(a);
    insert_assignment(a, id, line);
    ++result.inserted;
}

// The row's dates, filled in from the request and checked against it and
// against each other.
void RowImporter::read_milestone_dates(const Values& values, Milestone& m) const {
    auto& request = store_.cached("SELECT received FROM request WHERE id = ?");
    request.bind(1, static_cast<int64_t>(m.request));
    if (!request.step()) {
        fail(ErrorKind::not_found, "request: no request {}", m.request);
    }
    std::string received = request.text(0);
    m.created = date(values, "created", std::max(received, std::min(today_, stamp_.date)));
    m.status_date = date(values, "status_date", m.created);
    m.completed = date(values, "completed", m.status == "done" ? m.status_date : "");
    if (m.created < received) {
        fail(ErrorKind::invalid, "created: {} is before the request was received ({})", m.created,
             received);
    }
    if (m.status_date < m.created) {
        fail(ErrorKind::invalid, "status_date: {} is before created {}", m.status_date, m.created);
    }
    if (!m.due.empty() && m.due < received) {
        fail(ErrorKind::invalid, "due: {} is before the request was received ({})", m.due,
             received);
    }
    if (m.status != "done" && !m.completed.empty()) {
        fail(ErrorKind::invalid, "completed: only a done milestone has a completion date");
    }
    if (m.status == "done" && m.completed != m.status_date) {
        fail(ErrorKind::invalid, "completed: {} must be the status_date {} of a done milestone",
             m.completed, m.status_date);
    }
}

// Claims the row's template step, ref and id in this input and refuses one
// the request (or the database) already has. Returns the template step, 0
// when the row gives none.
long long RowImporter::claim_milestone_keys(const Values& values, const Milestone& m,
                                            long long id) {
    long long step = 0;
    if (!text(values, "template_step").empty()) {
        step = whole_number(text(values, "template_step"), "template_step", 1, 1000);
        claim(fmt::format("step:{}:{}", m.request, step), "template_step", std::to_string(step));
        auto& taken = store_.cached("SELECT 1 FROM milestone WHERE request = ? AND template = ?");
        taken.bind(1, static_cast<int64_t>(m.request));
        taken.bind(2, static_cast<int64_t>(step));
        if (taken.step()) {
            fail(ErrorKind::conflict, "template_step: request {} already has template step {}",
                 m.request, step);
        }
    }
    if (!m.ref.empty()) {
        claim(fmt::format("ref:{}:{}", m.request, m.ref), "ref", m.ref);
        auto& taken = store_.cached("SELECT 1 FROM milestone WHERE request = ? AND ref = ?");
        taken.bind(1, static_cast<int64_t>(m.request));
        taken.bind(2, m.ref);
        if (taken.step()) {
            fail(ErrorKind::conflict, "ref: request {} already has a recommendation {}", m.request,
                 m.ref);
        }
    }
    if (id != 0) {
        claim("id:" + std::to_string(id), "id", std::to_string(id));
        auto& taken = store_.cached("SELECT 1 FROM milestone WHERE id = ?");
        taken.bind(1, static_cast<int64_t>(id));
        if (taken.step()) {
            fail(ErrorKind::conflict, "id: milestone {} already exists", id);
        }
    }
    return step;
}

// Inserts the milestone and the history of its import and status.
void RowImporter::insert_milestone(const Milestone& m, long long id, long long step,
                                   const std::string& forced, std::size_t line) {
    auto& insert = store_.cached(R"sql(
        INSERT INTO milestone (id, request, kind, title, due, status, created, status_date, completed, note, ref,
                               finding, blocker, template)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    if (id != 0) {
        insert.bind(1, static_cast<int64_t>(id));
    }
    const Cell cells[] = {m.request,
                          m.kind,
                          m.title,
                          text_or_null(m.due),
                          m.status,
                          m.created,
                          m.status_date,
                          text_or_null(m.completed),
                          text_or_null(m.note),
                          text_or_null(m.ref),
                          text_or_null(m.finding),
                          text_or_null(m.blocker)};
    for (int i = 0; i < 12; ++i) {
        insert.bind(i + 2, cells[i]);
    }
    if (step != 0) {
        insert.bind(14, static_cast<int64_t>(step));
    }
    insert.exec();
    std::string entity_id = std::to_string(store_.last_insert_id());
    record(store_,
           {"milestone", entity_id, "import", "", std::nullopt, std::nullopt,
            forced.empty() ? fmt::format("{}:{}", options_.source, line)
                           : fmt::format("{}:{}; {}", options_.source, line, forced),
            m.request},
           {stamp_.actor, m.created, stamp_.recorded_at});
    if (m.status != "planned") {
        record(store_,
               {"milestone", entity_id, "status", "status", "planned", m.status, "", m.request},
               {stamp_.actor, m.status_date, stamp_.recorded_at});
    }
}

void RowImporter::import_milestone(const Values& values, std::size_t line, ImportResult& result) {
    Milestone m;
    long long id = 0;
    if (!text(values, "id").empty()) {
        id = whole_number(text(values, "id"), "id", 1, 9'000'000'000'000'000'000LL);
    }
    m.request = whole_number(text(values, "request"), "request", 1, 9'000'000'000'000'000'000LL);
    m.kind = text(values, "kind");
    m.title = text(values, "title");
    m.due = text(values, "due");
    m.status = text(values, "status").empty() ? "planned" : text(values, "status");
    m.note = text(values, "note");
    m.ref = text(values, "ref");
    m.finding = text(values, "finding");
    m.blocker = text(values, "blocker");
    validate_milestone(m);
    std::string forced = published_text_override(m, options_.force);
    read_milestone_dates(values, m);
    long long step = claim_milestone_keys(values, m, id);
    insert_milestone(m, id, step, forced, line);
    ++result.inserted;
}

} // namespace crt
