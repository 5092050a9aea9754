#include "lib/model/correction.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/model/assignment.h"
#include "lib/model/lifecycle.h"
#include "lib/model/milestone.h"
#include "lib/model/request.h"

#include "lib/store/statement.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace crt {

namespace {

void require_reason(const Reason& reason) {
    if (reason.note.empty()) {
        fail(ErrorKind::usage, "a correction needs --note saying why it is made");
    }
    check_text(reason.note, "note");
}

bool is_copy(const HistoryRow& row) {
    return row.corrects && (row.action == "update" || row.action == "status");
}

std::string describe(const HistoryRow& row) {
    if (row.action == "create" || row.action == "import") {
        return fmt::format("history row {} ({} {} added on {})", row.id, row.entity, row.entity_id,
                           row.effective_date);
    }
    std::string what = row.action == "status"
                           ? fmt::format("move to {}", row.new_value.value_or(""))
                           : fmt::format("{} '{}'", row.field, row.new_value.value_or(""));
    return fmt::format("history row {} ({} of {} {} on {})", row.id, what, row.entity,
                       row.entity_id, row.effective_date);
}

// The standing rows that set `field` of the record, with its creation, in the
// order the changes happened: a re-dated copy takes the place of the row it
// re-dates. Void and correct rows are not changes of their own.
std::vector<HistoryRow> standing_chain(Store& store, const HistoryRow& of) {
    std::vector<HistoryRow> rows = history_of_record(store, of.entity, of.entity_id, of.request);
    std::set<long long> read_past;
    std::map<long long, const HistoryRow*> by_id;
    for (const auto& row : rows) {
        by_id[row.id] = &row;
        if (row.corrects && row.action != "correct") {
            read_past.insert(*row.corrects);
        }
    }
    auto position = [&](const HistoryRow& row) {
        const HistoryRow* at = &row;
        while (is_copy(*at) && by_id.count(*at->corrects) > 0) {
            at = by_id[*at->corrects];
        }
        return at->id;
    };
    std::vector<std::pair<long long, HistoryRow>> chain;
    for (const auto& row : rows) {
        bool creation = row.action == "create" || row.action == "import";
        bool change = (row.action == "update" || row.action == "status") && row.field == of.field;
        if ((creation || change) && read_past.count(row.id) == 0) {
            chain.emplace_back(position(row), row);
        }
    }
    std::stable_sort(chain.begin(), chain.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<HistoryRow> out;
    for (auto& [position_of, row] : chain) {
        out.push_back(std::move(row));
    }
    return out;
}

std::size_t index_in(const std::vector<HistoryRow>& chain, long long id) {
    for (std::size_t i = 0; i < chain.size(); ++i) {
        if (chain[i].id == id) {
            return i;
        }
    }
    fail(ErrorKind::invalid, "history row {} is not part of its record's history", id);
}

// The row a void or a re-date may correct: a standing move or change.
HistoryRow correctable_row(Store& store, long long id, const char* verb) {
    HistoryRow row = history_row(store, id);
    if (row.action != "update" && row.action != "status") {
        fail(ErrorKind::invalid,
             "history row {} is a {} row; only a move or a change can be {} (correct a record's "
             "own facts with its 'correct' command)",
             id, row.action, verb);
    }
    Statement by(store, "SELECT min(id) FROM history WHERE corrects = ? AND action <> 'correct'");
    by.bind(1, static_cast<int64_t>(id));
    by.step();
    if (!by.is_null(0)) {
        fail(ErrorKind::conflict, "history row {} was already corrected by history row {}", id,
             by.integer(0));
    }
    return row;
}

struct Place {
    const char* table;
    const char* key;
};

Place place_of(const std::string& entity) {
    if (entity == "agency") {
        return {"agency", "ori"};
    }
    if (entity == "expert") {
        return {"expert", "handle"};
    }
    if (entity == "request" || entity == "assignment" || entity == "milestone") {
        return {entity == "request"      ? "request"
                : entity == "assignment" ? "assignment"
                                         : "milestone",
                "id"};
    }
    fail(ErrorKind::invalid, "history names no known kind of record ('{}')", entity);
}

Cell key_of(const HistoryRow& row) {
    if (std::string(place_of(row.entity).key) == "id") {
        auto id = parse_integer(row.entity_id, 1, std::numeric_limits<long long>::max());
        if (!id) {
            fail(ErrorKind::invalid, "history row {} names {} '{}', which is not an id", row.id,
                 row.entity, row.entity_id);
        }
        return *id;
    }
    return row.entity_id;
}

// Sets one column of the row's record; the column must be one the table has
// (history is data, so its field names are never trusted as SQL).
void set_column(Store& store, const HistoryRow& row, const std::string& column,
                const std::optional<std::string>& value) {
    Place place = place_of(row.entity);
    if (!store.has_column(std::string(place.table), column) || column == place.key) {
        fail(ErrorKind::invalid, "history row {} changes '{}', which {} has no column for", row.id,
             column, row.entity);
    }
    Statement update(store, fmt::format("UPDATE {} SET \"{}\" = ? WHERE {} = ?", place.table,
                                        column, place.key));
    update.bind(1, value);
    update.bind(2, key_of(row));
    if (update.exec() == 0) {
        fail(ErrorKind::not_found, "no {} '{}'", row.entity, row.entity_id);
    }
}

void write_topic_list(Store& store, const char* table, const char* owner, const Cell& key,
                      const std::optional<std::string>& list) {
    Statement clear(store, fmt::format("DELETE FROM {} WHERE {} = ?", table, owner));
    clear.bind(1, key);
    clear.exec();
    for (const auto& topic : split_list(list.value_or(""))) {
        Statement insert(store,
                         fmt::format("INSERT INTO {} ({}, topic) VALUES (?, ?)", table, owner));
        insert.bind(1, key);
        insert.bind(2, topic);
        insert.exec();
    }
}

long long centihours_of(const std::optional<std::string>& text) {
    return text ? parse_centihours(*text).value_or(0) : 0;
}

long long request_id_of(const HistoryRow& row) {
    if (!row.request) {
        fail(ErrorKind::invalid, "history row {} names no request", row.id);
    }
    return *row.request;
}

// Re-sets a request's acceptance date from its standing moves.
void recompute_accepted(Store& store, long long id) {
    Statement update(store, fmt::format(R"sql(
        UPDATE request SET accepted = (
            SELECT min(h.effective_date) FROM history h
            WHERE h.request = ?1 AND h.entity = 'request' AND h.entity_id = CAST(?1 AS TEXT)
              AND h.action = 'status' AND h.new_value = 'accepted' AND {})
        WHERE id = ?1)sql",
                                        standing_sql("h")));
    update.bind(1, static_cast<int64_t>(id));
    update.exec();
}

// What a correction must leave true of request `id`: the rules its status
// and each of its moves to active were checked against.
void verify_request(Store& store, long long id) {
    Statement request(store, "SELECT status, status_date FROM request WHERE id = ?");
    request.bind(1, static_cast<int64_t>(id));
    if (!request.step()) {
        fail(ErrorKind::not_found, "no request {}", id);
    }
    std::string status = request.text(0);
    std::string status_date = request.text(1);
    if (status == "active" &&
        store.query_integer("SELECT count(*) FROM assignment WHERE request = ? AND role = 'lead' "
                            "AND released IS NULL",
                            {id}) == 0) {
        fail(ErrorKind::conflict,
             "request {} would be active without a lead; assign one first with 'crt assign add "
             "{} HANDLE --role lead'",
             id, id);
    }
    if (status == "completed") {
        require_closed_milestones(store, id, status_date);
    }
    Statement activations(store, fmt::format(R"sql(
        SELECT h.effective_date FROM history h
        WHERE h.request = ?1 AND h.entity = 'request' AND h.entity_id = CAST(?1 AS TEXT)
          AND h.action = 'status' AND h.new_value = 'active' AND {})sql",
                                             standing_sql("h")));
    activations.bind(1, static_cast<int64_t>(id));
    std::vector<std::string> days;
    while (activations.step()) {
        days.push_back(activations.text(0));
    }
    for (const auto& day : days) {
        require_lead(store, id, day);
    }
}

std::string request_received(Store& store, long long id) {
    Statement query(store, "SELECT received FROM request WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.step()) {
        fail(ErrorKind::not_found, "no request {}", id);
    }
    return query.text(0);
}

// The first day of the record a row is about: the request's receipt, the
// milestone's addition, the expert's assignment; a registry record has none.
std::string record_start(Store& store, const HistoryRow& row) {
    if (row.entity == "request") {
        return request_received(store, request_id_of(row));
    }
    if (row.entity == "milestone" || row.entity == "assignment") {
        Statement query(store, row.entity == "milestone"
                                   ? "SELECT created FROM milestone WHERE id = ?"
                                   : "SELECT assigned FROM assignment WHERE id = ?");
        query.bind(1, key_of(row));
        if (!query.step()) {
            fail(ErrorKind::not_found, "no {} {}", row.entity, row.entity_id);
        }
        return query.text(0);
    }
    return {};
}

// A status move's record returns to the move before it (or its creation).
void restore_status(Store& store, const HistoryRow& row, const HistoryRow* before) {
    bool from_move = before != nullptr && before->action == "status";
    if (row.entity == "request") {
        long long id = request_id_of(row);
        Statement update(store, R"sql(
            UPDATE request SET status = ?1, status_date = coalesce(?2, received), status_note = ?3
            WHERE id = ?4)sql");
        update.bind(1, row.old_value.value_or(""));
        update.bind(2, from_move ? std::optional(before->effective_date) : std::nullopt);
        update.bind(3, from_move && !before->note.empty() ? std::optional(before->note)
                                                          : std::nullopt);
        update.bind(4, static_cast<int64_t>(id));
        update.exec();
    } else if (row.entity == "milestone") {
        Statement update(store, R"sql(
            UPDATE milestone SET status = ?1, status_date = coalesce(?2, created),
                   completed = CASE WHEN ?1 = 'done' THEN coalesce(?2, created) END
            WHERE id = ?3)sql");
        update.bind(1, row.old_value.value_or(""));
        update.bind(2, from_move ? std::optional(before->effective_date) : std::nullopt);
        update.bind(3, key_of(row));
        update.exec();
    } else {
        fail(ErrorKind::invalid, "history row {} moves a {}, which has no status", row.id,
             row.entity);
    }
}

// An assignment back in force must not be a second active one of the expert
// on the request, or a second active lead.
void require_release_voidable(Store& store, const HistoryRow& row) {
    Statement query(store, R"sql(
        SELECT o.id, o.expert, o.role = 'lead' AND a.role = 'lead'
        FROM assignment a JOIN assignment o ON o.request = a.request AND o.id <> a.id
        WHERE a.id = ?1 AND o.released IS NULL AND (o.expert = a.expert OR (o.role = 'lead' AND a.role = 'lead'))
        LIMIT 1)sql");
    query.bind(1, key_of(row));
    if (query.step()) {
        fail(ErrorKind::conflict,
             "history row {} cannot be voided: assignment {} ({}{}) has taken its place; release "
             "that one first",
             row.id, query.integer(0), query.text(1), query.integer(2) != 0 ? ", lead" : "");
    }
}

// The record returns to the value the row changed.
void restore(Store& store, const HistoryRow& row, const HistoryRow* before) {
    if (row.action == "status") {
        restore_status(store, row, before);
    } else if (row.entity == "assignment" && row.field == "hours") {
        long long taken = store.query_integer(
            "SELECT coalesce(max(id), 0) FROM history WHERE corrects = ? AND action = 'correct'",
            {row.id});
        if (taken > 0) {
            fail(ErrorKind::conflict,
                 "history row {} cannot be voided: hours were taken back from it (history row "
                 "{}) and rest on it",
                 row.id, taken);
        }
        long long delta = centihours_of(row.new_value) - centihours_of(row.old_value);
        if (store.query_integer("SELECT centihours FROM assignment WHERE id = ?", {key_of(row)}) <
            delta) {
            fail(ErrorKind::conflict,
                 "history row {} cannot be voided: hours taken back since rest on it, and the "
                 "total would fall below zero",
                 row.id);
        }
        Statement update(store, "UPDATE assignment SET centihours = centihours - ? WHERE id = ?");
        update.bind(1, static_cast<int64_t>(delta));
        update.bind(2, key_of(row));
        update.exec();
    } else if (row.entity == "assignment" && row.field == "released") {
        require_release_voidable(store, row);
        set_column(store, row, "released", row.old_value);
    } else if (row.entity == "request" && row.field == "topics") {
        write_topic_list(store, "request_topic", "request", key_of(row), row.old_value);
    } else if (row.entity == "expert" && row.field == "expertise") {
        write_topic_list(store, "expert_topic", "expert", key_of(row), row.old_value);
    } else {
        set_column(store, row, row.field, row.old_value);
    }
}

// A re-dated row that is its field's latest change moves the day the record
// shows for it.
void apply_latest_date(Store& store, const HistoryRow& row, const std::string& date) {
    if (row.action == "status" && row.entity == "request") {
        set_column(store, row, "status_date", date);
    } else if (row.action == "status" && row.entity == "milestone") {
        Statement update(store, "UPDATE milestone SET status_date = ?1, "
                                "completed = CASE WHEN status = 'done' THEN ?1 END WHERE id = ?2");
        update.bind(1, date);
        update.bind(2, key_of(row));
        update.exec();
    } else if (row.entity == "assignment" && row.field == "released") {
        set_column(store, row, "released", date);
    }
    if (row.entity == "milestone" && row.action == "update") {
        Statement update(
            store, "UPDATE milestone SET updated = max(coalesce(updated, ''), ?) WHERE id = ?");
        update.bind(1, date);
        update.bind(2, key_of(row));
        update.exec();
    }
}

// Runs `check` of the corrected record; a rule it breaks is reported as the
// reason `what` (e.g. "history row 9 cannot be voided") is refused.
template <typename Check> void refuse_unless(const std::string& what, Check check) {
    try {
        check();
    } catch (const Error& e) {
        throw Error(e.kind(), fmt::format("{}: {}", what, e.what()));
    }
}

void after_correction(Store& store, const HistoryRow& row, const std::string& what) {
    if (!row.request) {
        return;
    }
    if (row.entity == "request" && row.action == "status" &&
        (row.new_value == "accepted" || row.old_value == "accepted")) {
        recompute_accepted(store, *row.request);
    }
    refuse_unless(what, [&] { verify_request(store, *row.request); });
}

// The creation row of a record, which a correction of its intake facts names.
HistoryRow creation_row(Store& store, const std::string& entity, const std::string& entity_id,
                        long long request) {
    Statement query(store, "SELECT min(id) FROM history WHERE request = ? AND entity = ? "
                           "AND entity_id = ? AND action IN ('create', 'import')");
    query.bind(1, static_cast<int64_t>(request));
    query.bind(2, entity);
    query.bind(3, entity_id);
    query.step();
    if (query.is_null(0)) {
        fail(ErrorKind::invalid,
             "{} {} has no creation row in its history for a correction to name (see 'crt "
             "check')",
             entity, entity_id);
    }
    return history_row(store, query.integer(0));
}

// The earliest standing change of a record after its creation, if any.
std::optional<HistoryRow> first_change(Store& store, const std::string& entity,
                                       const std::string& entity_id, long long request) {
    Statement query(store, fmt::format(R"sql(
        SELECT h.id FROM history h
        WHERE h.request = ? AND h.entity = ? AND h.entity_id = ?
          AND h.action IN ('update', 'status') AND {}
        ORDER BY h.effective_date, h.id LIMIT 1)sql",
                                       standing_sql("h")));
    query.bind(1, static_cast<int64_t>(request));
    query.bind(2, entity);
    query.bind(3, entity_id);
    if (!query.step()) {
        return std::nullopt;
    }
    return history_row(store, query.integer(0));
}

// Appends a `correct` row naming `corrected`, dated as that row.
void append_correct(Store& store, const HistoryRow& corrected, const std::string& field,
                    const std::optional<std::string>& old_value,
                    const std::optional<std::string>& new_value, const Reason& reason) {
    append(store,
           {corrected.entity, corrected.entity_id, "correct", field, old_value, new_value,
            reason.note, corrected.request, corrected.id},
           {reason.actor, corrected.effective_date});
}

} // namespace

long long void_change(Store& store, long long id, const Reason& reason) {
    require_reason(reason);
    Store::Transaction transaction(store);
    HistoryRow row = correctable_row(store, id, "voided");
    std::vector<HistoryRow> chain = standing_chain(store, row);
    std::size_t at = index_in(chain, row.id);
    if (row.field != "hours" && at + 1 < chain.size()) {
        fail(ErrorKind::conflict,
             "history row {} cannot be voided: {} rests on it; void or re-date that one first", id,
             describe(chain[at + 1]));
    }
    const HistoryRow* before = at > 0 ? &chain[at - 1] : nullptr;
    restore(store, row, before);
    append(store,
           {row.entity, row.entity_id, "void", row.field, row.new_value, row.old_value, reason.note,
            row.request, row.id},
           {reason.actor, row.effective_date});
    long long void_id = store.last_insert_id();
    after_correction(store, row, fmt::format("history row {} cannot be voided", id));
    transaction.commit();
    return void_id;
}

long long redate_change(Store& store, long long id, const std::string& date, const Reason& reason) {
    require_reason(reason);
    std::string day = effective_date(date, "--date");
    Store::Transaction transaction(store);
    HistoryRow row = correctable_row(store, id, "re-dated");
    if (day == row.effective_date) {
        fail(ErrorKind::invalid, "history row {} is already dated {}", id, day);
    }
    std::vector<HistoryRow> chain = standing_chain(store, row);
    std::size_t at = index_in(chain, row.id);
    std::string start = record_start(store, row);
    if (!start.empty() && day < start) {
        fail(ErrorKind::invalid, "--date {} is before {} {} began ({})", day, row.entity,
             row.entity_id, start);
    }
    if (row.request) {
        require_not_before_received("--date", day, *row.request,
                                    request_received(store, *row.request));
    }
    if (at > 0 && day < chain[at - 1].effective_date) {
        fail(ErrorKind::invalid, "--date {} is before the change it follows, {}", day,
             describe(chain[at - 1]));
    }
    if (at + 1 < chain.size() && day >= chain[at + 1].effective_date) {
        fail(ErrorKind::invalid,
             "--date {} is not before the change that follows, {}; re-date or void that one "
             "first",
             day, describe(chain[at + 1]));
    }
    Change copy{row.entity,    row.entity_id, row.action,  row.field, row.old_value,
                row.new_value, reason.note,   row.request, row.id};
    if (row.entity == "assignment" && row.field == "released") {
        copy.new_value = day;
    }
    bool own_move = row.entity == "request" && row.action == "status";
    bool release = row.entity == "assignment" && row.field == "released";
    if (row.request && !own_move && !release) {
        require_open_on(store, copy, day);
    }
    append(store, copy, {reason.actor, day});
    long long copy_id = store.last_insert_id();
    if (at + 1 == chain.size()) {
        apply_latest_date(store, row, day);
    }
    after_correction(store, row, fmt::format("history row {} cannot be re-dated {}", id, day));
    transaction.commit();
    return copy_id;
}

int correct_request(Store& store, const Catalogue& catalogue, long long id,
                    const IntakeCorrection& correction, const Reason& reason) {
    require_reason(reason);
    Store::Transaction transaction(store);
    Request old = get_request(store, id);
    Request fixed = old;
    if (correction.agency) {
        if (store.query_integer("SELECT count(*) FROM agency WHERE ori = ?",
                                {*correction.agency}) == 0) {
            fail(ErrorKind::not_found,
                 "agency: no agency with ORI '{}' (add it with 'crt agency add')",
                 *correction.agency);
        }
        fixed.agency = *correction.agency;
    }
    if (correction.level) {
        fixed.level = *correction.level;
    }
    if (correction.received) {
        fixed.received = effective_date(*correction.received, "--received");
    }
    if (correction.topics) {
        fixed.topics = *correction.topics;
        sort_unique(fixed.topics);
    }
    validate_request(fixed);
    check_topics(catalogue, fixed.topics, old.topics);
    std::string key = std::to_string(id);
    HistoryRow origin = creation_row(store, "request", key, id);
    if (fixed.received > old.received) {
        // Nothing recorded about the request may fall before its receipt.
        Statement earliest(store, fmt::format(R"sql(
            SELECT h.id FROM history h
            WHERE h.request = ?1 AND h.action IN ('create', 'import', 'update', 'status')
              AND NOT (h.entity = 'request' AND h.action IN ('create', 'import'))
              AND h.effective_date < ?2 AND {}
            ORDER BY h.effective_date, h.id LIMIT 1)sql",
                                              standing_sql("h")));
        earliest.bind(1, static_cast<int64_t>(id));
        earliest.bind(2, fixed.received);
        if (earliest.step()) {
            fail(ErrorKind::invalid, "--received {} is after {}; correct that first",
                 fixed.received, describe(history_row(store, earliest.integer(0))));
        }
    }
    int changed = 0;
    auto correct = [&](const char* field, const std::string& before, const std::string& after) {
        if (before != after) {
            append_correct(store, origin, field, before, after, reason);
            ++changed;
        }
    };
    // With no standing move, the request has been received since its receipt.
    Statement update(store, fmt::format(R"sql(
        UPDATE request SET agency = ?1, level = ?2, received = ?3,
               status_date = CASE WHEN NOT EXISTS (
                   SELECT 1 FROM history h WHERE h.request = ?4 AND h.entity = 'request'
                     AND h.entity_id = CAST(?4 AS TEXT) AND h.action = 'status' AND {})
                   THEN ?3 ELSE status_date END
        WHERE id = ?4)sql",
                                        standing_sql("h")));
    update.bind(1, fixed.agency);
    update.bind(2, fixed.level);
    update.bind(3, fixed.received);
    update.bind(4, static_cast<int64_t>(id));
    update.exec();
    correct("agency", old.agency, fixed.agency);
    correct("level", old.level, fixed.level);
    correct("received", old.received, fixed.received);
    if (fixed.topics != old.topics) {
        write_topic_list(store, "request_topic", "request", id, join_list(fixed.topics));
        correct("topics", join_list(old.topics), join_list(fixed.topics));
    }
    refuse_unless(fmt::format("request {} cannot be corrected", id),
                  [&] { verify_request(store, id); });
    transaction.commit();
    return changed;
}

int correct_milestone(Store& store, long long id, const MilestoneDates& dates,
                      const Reason& reason) {
    require_reason(reason);
    Store::Transaction transaction(store);
    Milestone m = get_milestone(store, id);
    std::string key = std::to_string(id);
    std::string received = request_received(store, m.request);
    HistoryRow origin = creation_row(store, "milestone", key, m.request);
    int changed = 0;
    if (dates.created) {
        std::string day = effective_date(*dates.created, "--created");
        require_not_before_received("--created", day, m.request, received);
        if (auto first = first_change(store, "milestone", key, m.request);
            first && first->effective_date < day) {
            fail(ErrorKind::invalid, "--created {} is after {}; re-date or void that first", day,
                 describe(*first));
        }
        if (day != m.created) {
            Statement update(store, R"sql(
                UPDATE milestone SET created = ?1,
                       status_date = CASE WHEN status_date = created AND status = 'planned'
                                          THEN ?1 ELSE status_date END
                WHERE id = ?2)sql");
            update.bind(1, day);
            update.bind(2, static_cast<int64_t>(id));
            update.exec();
            append_correct(store, origin, "created", m.created, day, reason);
            ++changed;
        }
    }
    if (dates.due) {
        if (!is_date(*dates.due)) {
            fail(ErrorKind::usage, "--due: '{}' is not a real date (YYYY-MM-DD)", *dates.due);
        }
        require_not_before_received("--due", *dates.due, m.request, received);
        if (*dates.due != m.due) {
            // The correction names the row that set the due date it corrects.
            HistoryRow due_change{};
            due_change.field = "due";
            due_change.entity = "milestone";
            due_change.entity_id = key;
            due_change.request = m.request;
            std::vector<HistoryRow> chain = standing_chain(store, due_change);
            const HistoryRow& setter = chain.empty() ? origin : chain.back();
            Statement update(store, "UPDATE milestone SET due = ? WHERE id = ?");
            update.bind(1, *dates.due);
            update.bind(2, static_cast<int64_t>(id));
            update.exec();
            append_correct(store, setter, "due",
                           m.due.empty() ? std::nullopt : std::optional(m.due), *dates.due, reason);
            ++changed;
        }
    }
    refuse_unless(fmt::format("milestone {} cannot be corrected", id),
                  [&] { verify_request(store, m.request); });
    transaction.commit();
    return changed;
}

namespace {

struct AssignmentAt {
    long long id;
    std::string assigned;
    std::optional<std::string> released;
    long long centihours;
};

// The expert's latest assignment on the request (the active one if any).
AssignmentAt latest_assignment(Store& store, long long request, const std::string& handle) {
    Statement query(store, "SELECT id, assigned, released, centihours FROM assignment "
                           "WHERE request = ? AND expert = ? "
                           "ORDER BY released IS NULL DESC, id DESC LIMIT 1");
    query.bind(1, static_cast<int64_t>(request));
    query.bind(2, handle);
    if (!query.step()) {
        fail(ErrorKind::not_found, "expert {} was never assigned to request {}", handle, request);
    }
    return {query.integer(0), query.text(1), query.optional_text(2), query.integer(3)};
}

} // namespace

int correct_assignment(Store& store, long long request, const std::string& handle,
                       const AssignmentDates& dates, const Reason& reason) {
    require_reason(reason);
    Store::Transaction transaction(store);
    AssignmentAt a = latest_assignment(store, request, handle);
    std::string key = std::to_string(a.id);
    int changed = 0;
    if (dates.assigned) {
        std::string day = effective_date(*dates.assigned, "--assigned");
        require_not_before_received("--assigned", day, request, request_received(store, request));
        if (auto first = first_change(store, "assignment", key, request);
            first && first->effective_date < day) {
            fail(ErrorKind::invalid, "--assigned {} is after {}; re-date or void that first", day,
                 describe(*first));
        }
        if (day != a.assigned) {
            Statement update(store, "UPDATE assignment SET assigned = ? WHERE id = ?");
            update.bind(1, day);
            update.bind(2, static_cast<int64_t>(a.id));
            update.exec();
            append_correct(store, creation_row(store, "assignment", key, request), "assigned",
                           a.assigned, day, reason);
            ++changed;
        }
    }
    if (dates.released) {
        if (!a.released) {
            fail(ErrorKind::conflict,
                 "expert {} is still assigned to request {}; release with 'crt assign remove'",
                 handle, request);
        }
        HistoryRow release{};
        release.field = "released";
        release.entity = "assignment";
        release.entity_id = key;
        release.request = request;
        std::vector<HistoryRow> chain = standing_chain(store, release);
        if (chain.empty() || chain.back().field != "released") {
            fail(ErrorKind::invalid,
                 "the release of {} from request {} has no history row to re-date (see 'crt "
                 "check')",
                 handle, request);
        }
        if (*dates.released != *a.released) {
            redate_change(store, chain.back().id, *dates.released, reason);
            ++changed;
        }
    }
    refuse_unless(fmt::format("the assignment of {} cannot be corrected", handle),
                  [&] { verify_request(store, request); });
    transaction.commit();
    return changed;
}

long long take_back_hours(Store& store, long long request, const std::string& handle,
                          const std::string& hours, std::optional<long long> entry,
                          const std::string& date, const Reason& reason) {
    auto centihours = parse_centihours(hours);
    if (!centihours) {
        fail(ErrorKind::usage, "hours: '{}' is not a positive number with at most two decimals",
             hours);
    }
    require_reason(reason);
    Store::Transaction transaction(store);
    AssignmentAt a = latest_assignment(store, request, handle);
    std::string key = std::to_string(a.id);
    if (!entry) {
        Statement latest(store, fmt::format(R"sql(
            SELECT max(h.id) FROM history h
            WHERE h.request = ? AND h.entity = 'assignment' AND h.entity_id = ?
              AND h.field = 'hours' AND h.action = 'update' AND {})sql",
                                            standing_sql("h")));
        latest.bind(1, static_cast<int64_t>(request));
        latest.bind(2, key);
        latest.step();
        if (latest.is_null(0)) {
            fail(ErrorKind::conflict, "{} has logged no hours on request {} to take back", handle,
                 request);
        }
        entry = latest.integer(0);
    }
    HistoryRow logged = correctable_row(store, *entry, "taken back");
    if (logged.entity != "assignment" || logged.entity_id != key || logged.field != "hours") {
        fail(ErrorKind::invalid, "history row {} is not an hours entry of {} on request {}", *entry,
             handle, request);
    }
    long long taken = store.query_integer(
        "SELECT coalesce(sum(round((CAST(old_value AS DOUBLE PRECISION) - CAST(new_value AS DOUBLE "
        "PRECISION)) * 100)), 0) "
        "FROM history WHERE corrects = ? AND action = 'correct' AND field = 'hours'",
        {*entry});
    long long logged_hours = centihours_of(logged.new_value) - centihours_of(logged.old_value);
    if (*centihours > logged_hours - taken) {
        fail(ErrorKind::invalid,
             "cannot take back {} hours: history row {} logged {}{} (see 'crt history list "
             "--request {}')",
             format_centihours(*centihours), *entry, format_centihours(logged_hours),
             taken > 0
                 ? fmt::format(", of which {} is taken back already", format_centihours(taken))
                 : "",
             request);
    }
    std::string day = date.empty() ? logged.effective_date
                                   : effective_date(date, "--date", logged.effective_date,
                                                    "the hours it takes back were logged");
    long long total = a.centihours - *centihours;
    if (total < 0) {
        fail(ErrorKind::invalid, "cannot take back {} hours: {} has {} on request {}",
             format_centihours(*centihours), handle, format_centihours(a.centihours), request);
    }
    Statement update(store, "UPDATE assignment SET centihours = ? WHERE id = ?");
    update.bind(1, static_cast<int64_t>(total));
    update.bind(2, static_cast<int64_t>(a.id));
    update.exec();
    append(store,
           {"assignment", key, "correct", "hours", format_centihours(a.centihours),
            format_centihours(total), reason.note, request, *entry},
           {reason.actor, day});
    transaction.commit();
    return total;
}

} // namespace crt
