#include "lib/model/request.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/model/asof.h"
#include "lib/model/assignment.h"
#include "lib/model/milestone.h"

#include "lib/store/statement.h"

#include <algorithm>

namespace crt {

namespace {

constexpr const char* k_select = R"sql(
    SELECT r.id, r.agency, r.level, r.title, coalesce(r.description, ''), coalesce(r.delivery, ''),
           coalesce(r.form, ''), r.priority, r.received, coalesce(r.target, ''),
           coalesce(r.event_date, ''), coalesce(r.external_id, ''), r.status, r.status_date,
           coalesce(r.status_note, ''), coalesce(r.accepted, ''), a.name, a.state,
           coalesce((SELECT group_concat(topic, ',') FROM
                       (SELECT topic FROM request_topic t WHERE t.request = r.id ORDER BY topic) AS t), '')
    FROM request r JOIN agency a ON a.ori = r.agency)sql";

Request read_request(Statement& query) {
    Request request;
    request.id = query.integer(0);
    request.agency = query.text(1);
    request.level = query.text(2);
    request.title = query.text(3);
    request.description = query.text(4);
    request.delivery = query.text(5);
    request.form = query.text(6);
    request.priority = query.text(7);
    request.received = query.text(8);
    request.target = query.text(9);
    request.event_date = query.text(10);
    request.external_id = query.text(11);
    request.status = query.text(12);
    request.status_date = query.text(13);
    request.status_note = query.text(14);
    request.accepted = query.text(15);
    request.agency_name = query.text(16);
    request.state = query.text(17);
    request.topics = split_list(query.text(18));
    return request;
}

void check_external_id_free(Store& store, const std::string& external_id, long long id) {
    if (external_id.empty()) {
        return;
    }
    Statement query(store, "SELECT id FROM request WHERE external_id = ? AND id <> ?");
    query.bind(1, external_id);
    query.bind(2, static_cast<int64_t>(id));
    if (query.step()) {
        fail(ErrorKind::conflict, "external id '{}' is already used by request {}", external_id,
             query.integer(0));
    }
}

void write_topics(Store& store, long long id, const std::vector<std::string>& topics) {
    Statement clear(store, "DELETE FROM request_topic WHERE request = ?");
    clear.bind(1, static_cast<int64_t>(id));
    clear.exec();
    Statement insert(store, "INSERT INTO request_topic (request, topic) VALUES (?, ?)");
    for (const auto& topic : topics) {
        insert.bind(1, static_cast<int64_t>(id));
        insert.bind(2, topic);
        insert.exec();
        insert.reset();
    }
}

Cell text_cell(const std::string& text) {
    return text_or_null(text);
}

Row list_row(const Request& r) {
    return {r.id,
            text_cell(r.external_id),
            r.agency,
            r.agency_name,
            r.state,
            r.level,
            r.title,
            text_or_null(join_list(r.topics)),
            text_cell(r.delivery),
            text_cell(r.form),
            r.priority,
            r.received,
            text_cell(r.target),
            text_cell(r.event_date),
            r.status,
            r.status_date};
}

const std::vector<std::string> k_list_columns = {
    "id",     "external_id", "agency",   "agency_name", "state",    "level",
    "title",  "topics",      "delivery", "form",        "priority", "received",
    "target", "event_date",  "status",   "status_date"};

} // namespace

// Rules that hold whatever the request's history: values, dates, level fit.
void validate_request(const Request& request) {
    check_text(request.title, "title");
    if (request.title.empty()) {
        fail(ErrorKind::invalid, "title: a request needs a title");
    }
    check_text(request.description, "description");
    if (!is_one_of(request.level, k_levels)) {
        fail(ErrorKind::invalid, "level: '{}' is not one of tac, critical, assessment",
             request.level);
    }
    if (!request.delivery.empty() && !is_one_of(request.delivery, k_deliveries)) {
        fail(ErrorKind::invalid, "delivery: '{}' is not a delivery", request.delivery);
    }
    if (!request.form.empty() && !is_one_of(request.form, k_forms)) {
        fail(ErrorKind::invalid, "form: '{}' is not a form of assistance", request.form);
    }
    if (!is_one_of(request.priority, k_priorities)) {
        fail(ErrorKind::invalid, "priority: '{}' is not one of normal, high, urgent",
             request.priority);
    }
    for (const auto* date : {&request.received, &request.target, &request.event_date}) {
        if (!date->empty() && !is_date(*date)) {
            fail(ErrorKind::invalid, "{}: '{}' is not a real date (YYYY-MM-DD)",
                 date == &request.received ? "received"
                 : date == &request.target ? "target"
                                           : "event_date",
                 *date);
        }
    }
    if (!request.target.empty() && request.target < request.received) {
        fail(ErrorKind::invalid, "target: {} is before the received date {}", request.target,
             request.received);
    }
    if (!request.event_date.empty()) {
        if (request.level != "critical") {
            fail(ErrorKind::invalid, "event_date: only a critical response has an event date");
        }
        if (request.event_date > request.received) {
            fail(ErrorKind::invalid, "event_date: {} is after the request was received ({})",
                 request.event_date, request.received);
        }
    }
    if (request.level == "tac" && request.topics.empty()) {
        fail(ErrorKind::invalid, "topics: a CRI-TAC request needs at least one catalogue topic");
    }
    check_text(request.external_id, "external_id");
    if (request.external_id.size() > 200 ||
        request.external_id.find_first_of("\t\r\n") != std::string::npos) {
        fail(ErrorKind::invalid, "external_id: at most 200 characters on one line");
    }
}

// Every newly added topic is in the catalogue and not retired; topics the
// request already had stay valid even if the catalogue has since dropped them.
void check_topics(const Catalogue& catalogue, const std::vector<std::string>& topics,
                  const std::vector<std::string>& already) {
    for (const auto& id : topics) {
        if (std::find(already.begin(), already.end(), id) != already.end()) {
            continue;
        }
        const Topic* topic = catalogue.find_topic(id);
        if (topic == nullptr) {
            fail(ErrorKind::not_found,
                 "topics: no topic '{}' in the catalogue (see 'crt topics list')", id);
        }
        if (topic->retired) {
            fail(ErrorKind::invalid, "topics: '{}' is retired and cannot be requested", id);
        }
    }
}

long long create_request(Store& store, const Catalogue& catalogue, Request request,
                         const Stamp& stamp) {
    sort_unique(request.topics);
    if (request.received.empty()) {
        request.received = today();
    }
    request.received = effective_date(request.received, "--received");
    validate_request(request);
    check_topics(catalogue, request.topics, {});
    Store::Transaction transaction(store);
    Statement agency(store, "SELECT 1 FROM agency WHERE ori = ?");
    agency.bind(1, request.agency);
    if (!agency.step()) {
        fail(ErrorKind::not_found, "agency: no agency with ORI '{}' (add it with 'crt agency add')",
             request.agency);
    }
    check_external_id_free(store, request.external_id, 0);
    Statement insert(store, R"sql(
        INSERT INTO request (agency, level, title, description, delivery, form, priority, received,
                             target, event_date, external_id, status, status_date)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?))sql");
    const std::vector<Cell> values = {request.agency,
                                      request.level,
                                      request.title,
                                      text_cell(request.description),
                                      text_cell(request.delivery),
                                      text_cell(request.form),
                                      request.priority,
                                      request.received,
                                      text_cell(request.target),
                                      text_cell(request.event_date),
                                      text_cell(request.external_id),
                                      request.received};
    for (std::size_t i = 0; i < values.size(); ++i) {
        insert.bind(static_cast<int>(i + 1), values[i]);
    }
    insert.exec();
    long long id = store.last_insert_id();
    write_topics(store, id, request.topics);
    Request stored = get_request(store, id);
    record(store,
           {"request", std::to_string(id), "create", "", std::nullopt,
            record_json(request_record(stored)), "", id},
           {stamp.actor, request.received});
    transaction.commit();
    return id;
}

void require_not_before_received(std::string_view what, const std::string& date, long long id,
                                 const std::string& received) {
    if (!date.empty() && date < received) {
        fail(ErrorKind::invalid, "{} {} is before request {} was received ({})", what, date, id,
             received);
    }
}

int update_request(Store& store, const Catalogue& catalogue, long long id,
                   const RequestPatch& patch, const Stamp& stamp) {
    Store::Transaction transaction(store);
    Request request = get_request(store, id);
    const auto old_topics = request.topics;
    require_not_before_received("--date", stamp.date, id, request.received);
    if (patch.title)
        request.title = *patch.title;
    if (patch.description)
        request.description = *patch.description;
    if (patch.delivery)
        request.delivery = *patch.delivery;
    if (patch.form)
        request.form = *patch.form;
    if (patch.priority)
        request.priority = *patch.priority;
    if (patch.target)
        request.target = *patch.target;
    if (patch.event_date)
        request.event_date = *patch.event_date;
    if (patch.external_id)
        request.external_id = *patch.external_id;
    if (patch.topics) {
        request.topics = *patch.topics;
        sort_unique(request.topics);
    }
    validate_request(request);
    check_topics(catalogue, request.topics, old_topics);
    check_external_id_free(store, request.external_id, id);
    std::vector<FieldChange> changes = {
        {"title", request.title},
        {"description", text_cell(request.description)},
        {"delivery", text_cell(request.delivery)},
        {"form", text_cell(request.form)},
        {"priority", request.priority},
        {"target", text_cell(request.target)},
        {"event_date", text_cell(request.event_date)},
        {"external_id", text_cell(request.external_id)},
    };
    int changed = apply_changes(store, "request", "id", id, "request", changes, stamp, {}, id);
    if (request.topics != old_topics) {
        write_topics(store, id, request.topics);
        record(store,
               {"request", std::to_string(id), "update", "topics", join_list(old_topics),
                join_list(request.topics), "", id},
               stamp);
        ++changed;
    }
    transaction.commit();
    return changed;
}

bool is_request_name(std::string_view name) {
    if (name.starts_with(k_external_id_prefix)) {
        return name.size() > k_external_id_prefix.size();
    }
    auto first = name.find_first_not_of('0');
    std::string_view digits = first == std::string_view::npos ? "0" : name.substr(first);
    return !name.empty() && name.find_first_not_of("0123456789") == std::string_view::npos &&
           digits.size() <= 18;
}

long long resolve_request(Store& store, std::string_view name) {
    if (!is_request_name(name)) {
        fail(ErrorKind::usage, "'{}' is not a request id (decimal digits, or ext:EXTERNAL-ID)",
             name);
    }
    if (!name.starts_with(k_external_id_prefix)) {
        return std::stoll(std::string(name));
    }
    std::string external_id(name.substr(k_external_id_prefix.size()));
    // Stored text is valid UTF-8, so other bytes name nothing (and a server
    // would refuse to be sent them).
    bool valid = !invalid_utf8_offset(external_id);
    Statement query(store, "SELECT id FROM request WHERE external_id = ?");
    if (valid) {
        query.bind(1, external_id);
    }
    if (!valid || !query.step()) {
        fail(ErrorKind::not_found, "no request with external id '{}'", external_id);
    }
    return query.integer(0);
}

std::optional<Request> find_request(Store& store, long long id) {
    Statement query(store, std::string(k_select) + " WHERE r.id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.step()) {
        return std::nullopt;
    }
    return read_request(query);
}

Request get_request(Store& store, long long id) {
    auto request = find_request(store, id);
    if (!request) {
        fail(ErrorKind::not_found, "no request {}", id);
    }
    return *request;
}

namespace {

// The list's rows with every column named as read_request reads them: as
// they are, or with `as_of` as they stood at the end of :as_of (status and
// fields from the history; agency, level and received as corrected).
std::string request_rows_sql(bool as_of) {
    const std::string topics = "coalesce((SELECT group_concat(topic, ',') FROM (SELECT topic FROM "
                               "request_topic t WHERE t.request = r.id ORDER BY topic) AS t), '')";
    auto field = [&](const char* name, const std::string& now) {
        return as_of ? request_field_as_of_sql(name, now) : now;
    };
    auto text = [&](const char* name) { return field(name, fmt::format("r.{}", name)); };
    return fmt::format(
        R"sql(SELECT * FROM (
          SELECT r.id AS id, r.agency AS agency, r.level AS level, {} AS title,
                 coalesce({}, '') AS description, coalesce({}, '') AS delivery,
                 coalesce({}, '') AS form, {} AS priority, r.received AS received,
                 coalesce({}, '') AS target, coalesce({}, '') AS event_date,
                 coalesce({}, '') AS external_id, {} AS status, {} AS status_date,
                 coalesce({}, '') AS status_note, coalesce({}, '') AS accepted,
                 a.name AS agency_name, a.state AS state, {} AS topics
          FROM request r JOIN agency a ON a.ori = r.agency{}) AS rows
        WHERE TRUE)sql",
        text("title"), text("description"), text("delivery"), text("form"), text("priority"),
        text("target"), text("event_date"), text("external_id"),
        as_of ? request_status_as_of_sql("r") : "r.status",
        as_of ? request_status_date_as_of_sql("r") : "r.status_date",
        as_of ? request_status_note_as_of_sql("r") : "r.status_note",
        as_of ? "CASE WHEN r.accepted <= :as_of THEN r.accepted END" : "r.accepted",
        field("topics", topics), as_of ? " WHERE r.received <= :as_of" : "");
}

} // namespace

std::vector<Request> list_requests(Store& store, const RequestFilter& filter) {
    bool as_of = !filter.as_of.empty();
    std::string sql = request_rows_sql(as_of);
    std::vector<std::pair<std::string, Cell>> binds;
    if (as_of) {
        binds.emplace_back(":as_of", filter.as_of);
    }
    auto in_list = [&](const std::string& column, const std::vector<std::string>& values) {
        if (values.empty()) {
            return;
        }
        sql += " AND " + column + " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            std::string name = fmt::format(":{}{}", column, i);
            sql += (i == 0 ? "" : ", ") + name;
            binds.emplace_back(name, values[i]);
        }
        sql += ")";
    };
    auto where = [&](const std::string& condition, const char* name, const std::string& value) {
        if (!value.empty()) {
            sql += " AND " + condition;
            binds.emplace_back(name, value);
        }
    };
    in_list("level", filter.levels);
    in_list("status", filter.statuses);
    where("state = :state", ":state", filter.state);
    where("agency = :agency", ":agency", filter.agency);
    // As of a day, the topics it had then; else the index of today's.
    where(as_of ? "instr(',' || topics || ',', ',' || :topic || ',') > 0"
                : "id IN (SELECT request FROM request_topic WHERE topic = :topic)",
          ":topic", filter.topic);
    where(as_of ? "id IN (SELECT request FROM assignment WHERE expert = :expert AND "
                  "assigned <= :as_of)"
                : "id IN (SELECT request FROM assignment WHERE expert = :expert)",
          ":expert", filter.expert);
    where("received >= :since", ":since", filter.since);
    where("received <= :until", ":until", filter.until);
    // ASCII letters fold, others match as written: the text in SQL with
    // lower() on text that compares byte by byte (SQLite's BINARY, "C" on
    // PostgreSQL), the search term here.
    std::string search = filter.search;
    for (char& c : search) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    where("(instr(lower(title), :search) > 0 OR instr(lower(description), :search) > 0)", ":search",
          search);
    if (filter.open) {
        sql += " AND status NOT IN " + k_sql_closed_request_statuses;
    }
    sql += " ORDER BY id";
    Statement query(store, sql);
    for (const auto& [name, value] : binds) {
        query.bind(query.parameter_index(name.c_str()), value);
    }
    std::vector<Request> requests;
    while (query.step()) {
        requests.push_back(read_request(query));
    }
    return requests;
}

Table request_table(const std::vector<Request>& requests) {
    Table table{k_list_columns, {}};
    for (const auto& request : requests) {
        table.rows.push_back(list_row(request));
    }
    return table;
}

Table request_record(const Request& request) {
    Table table{k_list_columns, {list_row(request)}};
    for (const auto& [column, value] :
         {std::pair{"description", request.description},
          std::pair{"status_note", request.status_note}, std::pair{"accepted", request.accepted}}) {
        table.columns.emplace_back(column);
        table.rows.front().push_back(text_cell(value));
    }
    return table;
}

Table request_assignments(Store& store, long long id) {
    AssignmentFilter filter;
    filter.request = id;
    auto assignments = list_assignments(store, filter);
    std::stable_sort(
        assignments.begin(), assignments.end(),
        [](const Assignment& a, const Assignment& b) { return a.assigned < b.assigned; });
    return assignment_table(assignments, true);
}

Table request_milestones(Store& store, long long id) {
    MilestoneFilter filter;
    filter.request = id;
    return milestone_table(list_milestones(store, filter), true);
}

Table request_log(Store& store, long long id) {
    return history_table(history_of_request(store, id));
}

} // namespace crt
