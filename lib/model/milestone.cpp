#include "lib/model/milestone.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/model/asof.h"
#include "lib/model/lifecycle.h"
#include "lib/model/request.h"

#include "lib/store/statement.h"

#include <algorithm>

namespace crt {

namespace {

constexpr const char* k_select = R"sql(
    SELECT id, request, kind, title, coalesce(due, ''), status, created, status_date,
           coalesce(completed, ''), coalesce(note, ''), coalesce(ref, ''), coalesce(finding, ''),
           coalesce(blocker, '')
    FROM milestone)sql";

Milestone read_milestone(Statement& query) {
    Milestone m;
    m.id = query.integer(0);
    m.request = query.integer(1);
    m.kind = query.text(2);
    m.title = query.text(3);
    m.due = query.text(4);
    m.status = query.text(5);
    m.created = query.text(6);
    m.status_date = query.text(7);
    m.completed = query.text(8);
    m.note = query.text(9);
    m.ref = query.text(10);
    m.finding = query.text(11);
    m.blocker = query.text(12);
    return m;
}

struct RequestInfo {
    std::string status;
    std::string received;
    std::string accepted;
    std::string level;
};

RequestInfo request_info(Store& store, long long id) {
    auto& query = store.cached("SELECT status, received, coalesce(accepted, ''), level "
                               "FROM request WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.step()) {
        fail(ErrorKind::not_found, "no request {}", id);
    }
    RequestInfo info{query.text(0), query.text(1), query.text(2), query.text(3)};
    query.reset();
    return info;
}

// Work may not be added to or reopened on a request that is over.
void require_open_request(const RequestInfo& request, long long id) {
    if (is_closed_request_status(request.status)) {
        fail(ErrorKind::conflict, "request {} is {}; its milestones cannot change{}", id,
             request.status,
             request.status == "completed" ? " (reopen it with --to active first)" : "");
    }
}

void check_effective(const Stamp& stamp, const RequestInfo& request, long long request_id) {
    require_not_before_received("--date", stamp.date, request_id, request.received);
}

void change_status(Store& store, const Milestone& m, const std::string& status,
                   const std::string& note, const Stamp& stamp) {
    if (stamp.date < m.status_date) {
        fail(ErrorKind::invalid, "milestone {}: --date {} is before its last change ({} on {})",
             m.id, stamp.date, m.status, m.status_date);
    }
    Statement update(store, R"sql(
        UPDATE milestone SET status = ?1, status_date = ?2,
               completed = CASE WHEN ?1 = 'done' THEN ?2 ELSE NULL END
        WHERE id = ?3)sql");
    update.bind(1, status);
    update.bind(2, stamp.date);
    update.bind(3, static_cast<int64_t>(m.id));
    update.exec();
    record(
        store,
        {"milestone", std::to_string(m.id), "status", "status", m.status, status, note, m.request},
        stamp);
}

// Keeps `updated` the latest day any non-status field changed.
void mark_updated(Store& store, long long id, const std::string& date) {
    Statement update(store,
                     "UPDATE milestone SET updated = max(coalesce(updated, ''), ?) WHERE id = ?");
    update.bind(1, date);
    update.bind(2, static_cast<int64_t>(id));
    update.exec();
}

} // namespace

void validate_milestone(const Milestone& m) {
    if (!is_one_of(m.kind, k_milestone_kinds)) {
        fail(ErrorKind::invalid, "kind: '{}' is not a milestone kind", m.kind);
    }
    check_text(m.title, "title");
    if (m.title.empty()) {
        fail(ErrorKind::invalid, "title: a milestone needs a title");
    }
    if (!m.due.empty() && !is_date(m.due)) {
        fail(ErrorKind::invalid, "due: '{}' is not a real date (YYYY-MM-DD)", m.due);
    }
    if (!is_one_of(m.status, k_milestone_statuses)) {
        fail(ErrorKind::invalid, "status: '{}' is not a milestone status", m.status);
    }
    if (m.kind != "recommendation" &&
        (!m.ref.empty() || !m.finding.empty() || !m.blocker.empty())) {
        fail(ErrorKind::invalid, "ref, finding and blocker belong to kind recommendation, not {}",
             m.kind);
    }
    if (!m.blocker.empty() && !is_one_of(m.blocker, k_blockers)) {
        fail(ErrorKind::invalid, "blocker: '{}' is not a blocker", m.blocker);
    }
    for (const auto& [ref, name] : {std::pair{&m.ref, "ref"}, std::pair{&m.finding, "finding"}}) {
        check_text(*ref, name);
        if (ref->size() > 32 || ref->find_first_of(" \t\r\n,") != std::string::npos) {
            fail(ErrorKind::invalid, "{}: '{}' is not a reference like 4.2 (no spaces or commas)",
                 name, *ref);
        }
    }
    check_text(m.note, "note");
}

std::string published_text_override(const Milestone& m, bool force) {
    if (m.kind != "recommendation") {
        return {};
    }
    std::string note;
    for (const auto& [text, name] : {std::pair{&m.title, "title"}, std::pair{&m.ref, "ref"},
                                     std::pair{&m.finding, "finding"}}) {
        auto found = personal_contact(*text);
        if (!found) {
            continue;
        }
        if (!force) {
            fail(ErrorKind::conflict,
                 "{}: holds {}, and a recommendation's {} is published by crt report "
                 "public; remove it, or use --force to keep it",
                 name, *found, name);
        }
        note += fmt::format("{}{} holds {}", note.empty() ? "forced: " : "; ", name, *found);
    }
    return note;
}

long long add_milestone(Store& store, Milestone m, const Stamp& stamp, bool force) {
    m.status = "planned";
    validate_milestone(m);
    std::string forced = published_text_override(m, force);
    Store::Transaction transaction(store);
    RequestInfo request = request_info(store, m.request);
    require_open_request(request, m.request);
    check_effective(stamp, request, m.request);
    require_not_before_received("due:", m.due, m.request, request.received);
    if (!m.ref.empty()) {
        auto& taken = store.cached("SELECT 1 FROM milestone WHERE request = ? AND ref = ?");
        taken.bind(1, static_cast<int64_t>(m.request));
        taken.bind(2, m.ref);
        bool exists = taken.step();
        taken.reset();
        if (exists) {
            fail(ErrorKind::conflict, "request {} already has a recommendation {}", m.request,
                 m.ref);
        }
    }
    // Cached: a batch adds thousands, and preparing this insert (its CHECK
    // constraints) costs more than running it.
    auto& insert = store.cached(R"sql(
        INSERT INTO milestone (request, kind, title, due, status, created, status_date, ref, finding, blocker)
        VALUES (?, ?, ?, ?, 'planned', ?, ?, ?, ?, ?))sql");
    const std::vector<Cell> values = {m.request,
                                      m.kind,
                                      m.title,
                                      text_or_null(m.due),
                                      stamp.date,
                                      stamp.date,
                                      text_or_null(m.ref),
                                      text_or_null(m.finding),
                                      text_or_null(m.blocker)};
    for (std::size_t i = 0; i < values.size(); ++i) {
        insert.bind(static_cast<int>(i + 1), values[i]);
    }
    insert.exec();
    long long id = store.last_insert_id();
    Table created{{"request", "kind", "title", "due", "ref", "finding", "blocker"},
                  {{m.request, m.kind, m.title, text_or_null(m.due), text_or_null(m.ref),
                    text_or_null(m.finding), text_or_null(m.blocker)}}};
    record(store,
           {"milestone", std::to_string(id), "create", "", std::nullopt, record_json(created),
            forced, m.request},
           stamp);
    transaction.commit();
    return id;
}

void update_milestone(Store& store, long long id, const MilestonePatch& patch, const Stamp& stamp,
                      bool force) {
    Store::Transaction transaction(store);
    Milestone m = get_milestone(store, id);
    RequestInfo request = request_info(store, m.request);
    require_open_request(request, m.request);
    check_effective(stamp, request, m.request);
    if (stamp.date < m.created) {
        fail(ErrorKind::invalid, "--date {} is before milestone {} was added ({})", stamp.date, id,
             m.created);
    }
    Milestone changed = m;
    if (patch.due)
        changed.due = *patch.due;
    if (patch.blocker)
        changed.blocker = *patch.blocker;
    if (patch.note)
        changed.note = *patch.note;
    if (patch.title)
        changed.title = *patch.title;
    if (patch.status)
        changed.status = *patch.status;
    validate_milestone(changed);
    std::string forced;
    if (patch.title && *patch.title != m.title) {
        Milestone title_only = changed;
        title_only.ref.clear();
        title_only.finding.clear();
        forced = published_text_override(title_only, force);
    }
    require_not_before_received("due:", changed.due, m.request, request.received);
    if (patch.status && *patch.status != m.status) {
        change_status(store, m, *patch.status, patch.note.value_or(""), stamp);
    }
    int changed_fields = apply_changes(store, "milestone", "id", id, "milestone",
                                       {{"title", changed.title},
                                        {"due", text_or_null(changed.due)},
                                        {"blocker", text_or_null(changed.blocker)},
                                        {"note", text_or_null(changed.note)}},
                                       stamp, forced, m.request);
    if (changed_fields > 0) {
        mark_updated(store, id, stamp.date);
    }
    transaction.commit();
}

void set_milestone_status(Store& store, const std::vector<long long>& ids,
                          const std::string& status, const std::string& note, const Stamp& stamp) {
    if (!is_one_of(status, k_milestone_statuses)) {
        fail(ErrorKind::invalid, "status: '{}' is not a milestone status", status);
    }
    check_text(note, "note");
    Store::Transaction transaction(store);
    std::vector<long long> seen;
    for (long long id : ids) {
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) {
            fail(ErrorKind::usage, "milestone {} is named twice", id);
        }
        seen.push_back(id);
        Milestone m = get_milestone(store, id);
        RequestInfo request = request_info(store, m.request);
        require_open_request(request, m.request);
        check_effective(stamp, request, m.request);
        if (m.status == status) {
            fail(ErrorKind::conflict, "milestone {} is already {}", id, status);
        }
        change_status(store, m, status, note, stamp);
        if (!note.empty() && apply_changes(store, "milestone", "id", id, "milestone",
                                           {{"note", note}}, stamp, {}, m.request) > 0) {
            mark_updated(store, id, stamp.date);
        }
    }
    transaction.commit();
}

std::vector<long long> plan_milestones(Store& store, const Catalogue& catalogue,
                                       long long request_id, const Stamp& stamp) {
    Store::Transaction transaction(store);
    RequestInfo request = request_info(store, request_id);
    require_open_request(request, request_id);
    check_effective(stamp, request, request_id);
    if (request.accepted.empty()) {
        fail(ErrorKind::conflict,
             "request {} has not been accepted; its plan is dated from acceptance "
             "('crt request status {} --to accepted')",
             request_id, request_id);
    }
    if (stamp.date < request.accepted) {
        fail(ErrorKind::invalid, "--date {} is before request {} was accepted ({})", stamp.date,
             request_id, request.accepted);
    }
    const Level* level = catalogue.find_level(request.level);
    if (level == nullptr) {
        fail(ErrorKind::invalid, "the catalogue has no level '{}'", request.level);
    }
    std::vector<long long> added;
    for (std::size_t step = 0; step < level->milestones.size(); ++step) {
        if (store.query_integer("SELECT count(*) FROM milestone WHERE request = ? AND template = ?",
                                {request_id, static_cast<long long>(step + 1)}) > 0) {
            continue;
        }
        const MilestoneTemplate& planned = level->milestones[step];
        Milestone m;
        m.request = request_id;
        m.kind = planned.kind;
        m.title = planned.title;
        m.due = add_days(request.accepted, planned.days);
        long long id = add_milestone(store, m, stamp);
        Statement mark(store, "UPDATE milestone SET template = ? WHERE id = ?");
        mark.bind(1, static_cast<int64_t>(step + 1));
        mark.bind(2, static_cast<int64_t>(id));
        mark.exec();
        added.push_back(id);
    }
    transaction.commit();
    return added;
}

Milestone get_milestone(Store& store, long long id) {
    Statement query(store, std::string(k_select) + " WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.step()) {
        fail(ErrorKind::not_found, "no milestone {}", id);
    }
    return read_milestone(query);
}

std::optional<std::string> milestone_status_as_of(Store& store, long long id,
                                                  const std::string& date) {
    Statement query(store, "SELECT " + milestone_status_as_of_sql("m") +
                               " FROM milestone m WHERE m.id = :id AND m.created <= :as_of");
    query.bind(":id", static_cast<int64_t>(id));
    query.bind(":as_of", date);
    if (!query.step()) {
        return std::nullopt;
    }
    return query.text(0);
}

namespace {

// Every milestone with its request's agency and level, its changing fields
// as they stood at the end of `as_of` (or as they are, without one); the
// caller appends "AND ..." conditions.
std::string milestone_rows_sql(const std::string& as_of) {
    bool now = as_of.empty();
    return fmt::format(R"sql(
        SELECT * FROM (
          SELECT m.id, m.request, r.agency, r.level, m.kind, m.ref, m.finding, {2} AS title, {3} AS due,
                 {0} AS status, {1} AS completed, {4} AS blocker, {5} AS note, m.created
          FROM milestone m JOIN request r ON r.id = m.request) AS rows
        WHERE TRUE)sql",
                       now ? "m.status" : milestone_status_as_of_sql("m"),
                       now ? "m.completed" : milestone_completed_as_of_sql("m"),
                       now ? "m.title" : milestone_field_as_of_sql("title"),
                       now ? "m.due" : milestone_field_as_of_sql("due"),
                       now ? "m.blocker" : milestone_field_as_of_sql("blocker"),
                       now ? "m.note" : milestone_field_as_of_sql("note"));
}

} // namespace

std::vector<ListedMilestone> list_milestones(Store& store, const MilestoneFilter& filter) {
    std::string sql = milestone_rows_sql(filter.as_of);
    std::vector<std::pair<std::string, Cell>> binds;
    if (!filter.as_of.empty()) {
        sql += " AND created <= :as_of";
        binds.emplace_back(":as_of", filter.as_of);
    }
    if (filter.request) {
        sql += " AND request = :request";
        binds.emplace_back(":request", *filter.request);
    }
    if (filter.id) {
        sql += " AND id = :id";
        binds.emplace_back(":id", *filter.id);
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
    in_list("kind", filter.kinds);
    in_list("status", filter.statuses);
    if ((filter.overdue || filter.due_within) && filter.as_of.empty()) {
        binds.emplace_back(":as_of", today());
    }
    if (filter.overdue) {
        sql += " AND status NOT IN " + k_sql_closed_milestone_statuses + " AND due < :as_of";
    }
    if (filter.due_within) {
        std::string day = filter.as_of.empty() ? today() : filter.as_of;
        sql += " AND status NOT IN " + k_sql_closed_milestone_statuses +
               " AND due >= :as_of AND due <= :due_by";
        binds.emplace_back(":due_by", add_days(day, static_cast<long>(*filter.due_within)));
    }
    if (!filter.due_before.empty()) {
        sql += " AND due < :due_before";
        binds.emplace_back(":due_before", filter.due_before);
    }
    sql += " ORDER BY request, coalesce(due, '9999-99-99'), id";
    Statement query(store, sql);
    for (const auto& [name, value] : binds) {
        query.bind(query.parameter_index(name.c_str()), value);
    }
    std::vector<ListedMilestone> listed;
    while (query.step()) {
        ListedMilestone& item = listed.emplace_back();
        Milestone& m = item.milestone;
        m.id = query.integer(0);
        m.request = query.integer(1);
        item.agency = query.text(2);
        item.level = query.text(3);
        m.kind = query.text(4);
        m.ref = query.text(5);
        m.finding = query.text(6);
        m.title = query.text(7);
        m.due = query.text(8);
        m.status = query.text(9);
        m.completed = query.text(10);
        m.blocker = query.text(11);
        m.note = query.text(12);
        m.created = query.text(13);
    }
    return listed;
}

Table milestone_table(const std::vector<ListedMilestone>& milestones, bool within_request) {
    Table table;
    if (within_request) {
        table.columns = {"id", "kind", "ref", "title", "due", "status", "completed", "blocker"};
    } else {
        table.columns = {"id",    "request", "agency", "level",     "kind",    "ref", "finding",
                         "title", "due",     "status", "completed", "blocker", "note"};
    }
    for (const auto& item : milestones) {
        const Milestone& m = item.milestone;
        if (within_request) {
            table.rows.push_back({m.id, m.kind, text_or_null(m.ref), m.title, text_or_null(m.due),
                                  m.status, text_or_null(m.completed), text_or_null(m.blocker)});
        } else {
            table.rows.push_back({m.id, m.request, item.agency, item.level, m.kind,
                                  text_or_null(m.ref), text_or_null(m.finding), m.title,
                                  text_or_null(m.due), m.status, text_or_null(m.completed),
                                  text_or_null(m.blocker), text_or_null(m.note)});
        }
    }
    return table;
}

} // namespace crt
