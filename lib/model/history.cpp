#include "lib/model/history.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"
#include "lib/model/asof.h"

#include "lib/store/statement.h"

#include <cstdlib>

namespace crt {

namespace {

void bind_optional(Statement& statement, int index, const std::optional<std::string>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

// The record a change is on, as the messages name it: "milestone 4".
std::string describe(const Change& change) {
    return fmt::format("{} {}", change.entity, change.entity_id);
}

// A change of a field is never dated before the last dated change to the
// same field of the same record, its creation included: reports as of any
// day rebuild a field from the first change after that day, which is only
// right when changes are dated in the order they happened.
void require_after_last_change(Store& store, const Change& change, const std::string& date) {
    Statement& last = store.cached(change.request ? R"sql(
        SELECT max(effective_date) FROM history h
        WHERE request = ?1 AND entity = ?2 AND entity_id = ?3
          AND (field = ?4 OR action IN ('create', 'import')) AND action <> 'void'
          AND NOT EXISTS (SELECT 1 FROM history c WHERE c.corrects = h.id AND c.action <> 'correct'))sql"
                                                  : R"sql(
        SELECT max(effective_date) FROM history h
        WHERE request IS NULL AND entity = ?2 AND entity_id = ?3
          AND (field = ?4 OR action IN ('create', 'import')) AND action <> 'void'
          AND NOT EXISTS (SELECT 1 FROM history c WHERE c.corrects = h.id AND c.action <> 'correct'))sql");
    if (change.request) {
        last.bind(1, static_cast<int64_t>(*change.request));
    }
    last.bind_static(2, change.entity);
    last.bind_static(3, change.entity_id);
    last.bind_static(4, change.field);
    last.step();
    std::optional<std::string> previous = last.optional_text(0);
    last.reset();
    if (previous && date < *previous) {
        fail(ErrorKind::invalid, "--date {} is before the last change to {} of {} ({})", date,
             change.field, describe(change), *previous);
    }
}

// A change on a request is never dated on a day the request was closed from
// start to end (closed the day before and still closed that evening): work
// happens while a request is open, and the day it closes or reopens counts
// as open.
void require_open_that_day(Store& store, const Change& change, const std::string& date) {
    static const std::string sql = fmt::format(R"sql(
        SELECT (SELECT {0} FROM request r WHERE r.id = :id AND r.received <= :as_of)
        FROM (SELECT 1) AS one)sql",
                                               request_status_as_of_sql("r"));
    Statement& status = store.cached(sql.c_str());
    auto status_on = [&](const std::string& day) {
        status.bind(":id", static_cast<int64_t>(*change.request));
        status.bind(":as_of", day);
        status.step();
        std::optional<std::string> value = status.optional_text(0);
        status.reset();
        return value;
    };
    auto closed = [](const std::optional<std::string>& value) {
        return value && is_closed_request_status(*value);
    };
    auto evening = status_on(date);
    if (closed(evening) && closed(status_on(add_days(date, -1)))) {
        fail(ErrorKind::invalid,
             "--date {} is a day request {} was {}; a change on it must be dated while it was "
             "open",
             date, *change.request, *evening);
    }
}

} // namespace

std::string standing_sql(const std::string& alias) {
    return fmt::format("NOT EXISTS (SELECT 1 FROM history c WHERE c.corrects = {}.id "
                       "AND c.action <> 'correct')",
                       alias);
}

void require_open_on(Store& store, const Change& change, const std::string& date) {
    require_open_that_day(store, change, date);
}

void require_datable(Store& store, const Change& change, const std::string& date) {
    if (change.field.empty() || (change.action != "update" && change.action != "status")) {
        return;
    }
    require_after_last_change(store, change, date);
    // A request's own moves follow the lifecycle; releasing an expert after
    // the request closed changes nothing any report shows for a past day.
    bool own_move = change.entity == "request" && change.action == "status";
    bool release = change.entity == "assignment" && change.field == "released";
    if (change.request && !own_move && !release) {
        require_open_that_day(store, change, date);
    }
}

void record(Store& store, const Change& change, const Stamp& stamp) {
    std::string date = stamp.date.empty() ? today() : stamp.date;
    require_datable(store, change, date);
    append(store, change, {stamp.actor, date, stamp.recorded_at});
}

void append(Store& store, const Change& change, const Stamp& stamp) {
    const std::string& date = stamp.date;
    // Every change passes here: no note or value that is not valid UTF-8, or
    // that holds a NUL byte, reaches the record, whichever command wrote it.
    check_text(change.note, "note");
    if (change.new_value) {
        check_text(*change.new_value, change.field.empty() ? "value" : change.field);
    }
    Statement& insert = store.cached(R"sql(
        INSERT INTO history (entity, entity_id, action, field, old_value, new_value, actor,
                             recorded_at, effective_date, note, request, corrects)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    // The strings outlive the exec below, so SQLite need not copy them.
    insert.bind_static(1, change.entity);
    insert.bind_static(2, change.entity_id);
    insert.bind_static(3, change.action);
    bind_optional(insert, 4, change.field.empty() ? std::nullopt : std::optional(change.field));
    bind_optional(insert, 5, change.old_value);
    bind_optional(insert, 6, change.new_value);
    insert.bind_static(7, stamp.actor);
    insert.bind(8, stamp.recorded_at.empty() ? now_utc() : stamp.recorded_at);
    insert.bind(9, date);
    bind_optional(insert, 10, change.note.empty() ? std::nullopt : std::optional(change.note));
    if (change.request) {
        insert.bind(11, static_cast<int64_t>(*change.request));
    } else {
        insert.bind(11);
    }
    if (change.corrects) {
        insert.bind(12, static_cast<int64_t>(*change.corrects));
    } else {
        insert.bind(12);
    }
    insert.exec();
}

namespace {

constexpr const char* k_select_history = R"sql(
        SELECT id, entity, entity_id, action, coalesce(field, ''), old_value, new_value, actor,
               recorded_at, effective_date, coalesce(note, ''), request, corrects
        FROM history)sql";

HistoryRow read_history_row(const Statement& query) {
    HistoryRow row;
    row.id = query.integer(0);
    row.entity = query.text(1);
    row.entity_id = query.text(2);
    row.action = query.text(3);
    row.field = query.text(4);
    row.old_value = query.optional_text(5);
    row.new_value = query.optional_text(6);
    row.actor = query.text(7);
    row.recorded_at = query.text(8);
    row.effective_date = query.text(9);
    row.note = query.text(10);
    if (!query.is_null(11)) {
        row.request = query.integer(11);
    }
    if (!query.is_null(12)) {
        row.corrects = query.integer(12);
    }
    return row;
}

std::vector<HistoryRow> read_history(Statement& query) {
    std::vector<HistoryRow> rows;
    while (query.step()) {
        rows.push_back(read_history_row(query));
    }
    return rows;
}

} // namespace

void for_each_history(Store& store, const HistoryFilter& filter,
                      const std::function<void(const HistoryRow&)>& each) {
    std::vector<std::pair<std::string, std::string>> listed;
    auto in_list = [&](const char* column, const std::vector<std::string>& values) {
        if (values.empty()) {
            return std::string();
        }
        std::string names;
        for (std::size_t i = 0; i < values.size(); ++i) {
            listed.emplace_back(fmt::format(":{}{}", column, i), values[i]);
            names += (i == 0 ? "" : ", ") + listed.back().first;
        }
        return fmt::format(" AND {} IN ({})", column, names);
    };
    std::string lists = in_list("entity", filter.entities) + in_list("action", filter.actions);
    Statement query(store, fmt::format(R"sql({} WHERE
        (CAST(:request AS INTEGER) IS NULL OR request = :request)
        AND (:agency = '' OR (entity = 'agency' AND entity_id = :agency)
             OR request IN (SELECT id FROM request WHERE agency = :agency))
        AND (:expert = '' OR (entity = 'expert' AND entity_id = :expert)
             OR (entity = 'assignment' AND entity_id IN
                 (SELECT CAST(id AS TEXT) FROM assignment WHERE expert = :expert)))
        AND (:actor = '' OR actor = :actor)
        AND (:since = '' OR effective_date >= :since) AND (:until = '' OR effective_date <= :until)
        AND (:recorded_since = '' OR substr(recorded_at, 1, 10) >= :recorded_since)
        AND (:recorded_until = '' OR substr(recorded_at, 1, 10) <= :recorded_until){}
        ORDER BY id)sql",
                                       k_select_history, lists));
    if (filter.request) {
        query.bind(":request", *filter.request);
    }
    query.bind(":agency", filter.agency);
    query.bind(":expert", filter.expert);
    query.bind(":actor", filter.actor);
    query.bind(":since", filter.since);
    query.bind(":until", filter.until);
    query.bind(":recorded_since", filter.recorded_since);
    query.bind(":recorded_until", filter.recorded_until);
    for (const auto& [name, value] : listed) {
        query.bind(name.c_str(), value);
    }
    while (query.step()) {
        each(read_history_row(query));
    }
}

const std::vector<std::string>& history_columns() {
    static const std::vector<std::string> columns = {
        "id",     "effective_date", "recorded_at", "actor",     "entity", "entity_id", "request",
        "action", "field",          "old_value",   "new_value", "note",   "corrects"};
    return columns;
}

Row history_cells(const HistoryRow& row) {
    return {row.id,
            row.effective_date,
            row.recorded_at,
            row.actor,
            row.entity,
            row.entity_id,
            row.request ? Cell(*row.request) : Cell(),
            row.action,
            text_or_null(row.field),
            row.old_value ? Cell(*row.old_value) : Cell(),
            row.new_value ? Cell(*row.new_value) : Cell(),
            text_or_null(row.note),
            row.corrects ? Cell(*row.corrects) : Cell()};
}

HistoryRow history_row(Store& store, long long id) {
    Statement query(store, fmt::format("{} WHERE id = ?", k_select_history));
    query.bind(1, static_cast<int64_t>(id));
    if (!query.step()) {
        fail(ErrorKind::not_found, "no history row {} (see 'crt history list')", id);
    }
    return read_history_row(query);
}

std::vector<HistoryRow> history_of(Store& store, const std::string& entity,
                                   const std::string& entity_id) {
    Statement query(store, fmt::format("{} WHERE entity = ? AND entity_id = ? "
                                       "ORDER BY effective_date, id",
                                       k_select_history));
    query.bind(1, entity);
    query.bind(2, entity_id);
    return read_history(query);
}

std::vector<HistoryRow> history_of_record(Store& store, const std::string& entity,
                                          const std::string& entity_id,
                                          std::optional<long long> request) {
    Statement query(store,
                    fmt::format("{} WHERE {} AND entity = ?1 AND entity_id = ?2 ORDER BY id",
                                k_select_history, request ? "request = ?3" : "request IS NULL"));
    query.bind(1, entity);
    query.bind(2, entity_id);
    if (request) {
        query.bind(3, static_cast<int64_t>(*request));
    }
    return read_history(query);
}

std::vector<HistoryRow> history_of_request(Store& store, long long request) {
    // A correction sorts with the row it corrects: the original and the
    // correction read together.
    Statement query(store, R"sql(
        SELECT h.id, h.entity, h.entity_id, h.action, coalesce(h.field, ''), h.old_value,
               h.new_value, h.actor, h.recorded_at, h.effective_date, coalesce(h.note, ''),
               h.request, h.corrects
        FROM history h LEFT JOIN history t ON t.id = h.corrects
        WHERE h.request = ?
        ORDER BY coalesce(t.effective_date, h.effective_date), coalesce(t.id, h.id), h.id)sql");
    query.bind(1, request);
    return read_history(query);
}

Table history_table(const std::vector<HistoryRow>& rows) {
    Table table{{"id", "effective_date", "recorded_at", "actor", "entity", "entity_id", "action",
                 "field", "old_value", "new_value", "note", "corrects"},
                {}};
    for (const auto& row : rows) {
        table.rows.push_back({row.id, row.effective_date, row.recorded_at, row.actor, row.entity,
                              row.entity_id, row.action, text_or_null(row.field),
                              text_or_null(row.old_value.value_or("")),
                              text_or_null(row.new_value.value_or("")), text_or_null(row.note),
                              row.corrects ? Cell(*row.corrects) : Cell()});
    }
    return table;
}

std::optional<std::string> created_on(Store& store, const std::string& entity,
                                      const std::string& entity_id) {
    Statement query(store, "SELECT min(effective_date) FROM history "
                           "WHERE entity = ? AND entity_id = ? AND action = 'create'");
    query.bind(1, entity);
    query.bind(2, entity_id);
    query.step();
    return query.optional_text(0);
}

std::string resolve_actor(const std::string& flag) {
    std::string actor = flag;
    if (actor.empty()) {
        if (const char* env = std::getenv("CRT_ACTOR"); env != nullptr) {
            actor = env;
        }
    }
    if (actor.empty()) {
        if (const char* env = std::getenv("USER"); env != nullptr) {
            actor = env;
        }
    }
    if (actor.empty()) {
        actor = "unknown";
    }
    check_text(actor, "actor");
    return actor;
}

} // namespace crt

#include <nlohmann/json.hpp>

namespace crt {

int apply_changes(Store& store, const std::string& table, const std::string& key_column,
                  const Cell& key, const std::string& entity,
                  const std::vector<FieldChange>& changes, const Stamp& stamp,
                  const std::string& note, std::optional<long long> request) {
    int changed = 0;
    std::string key_text = cell_text(key);
    for (const auto& change : changes) {
        Statement read(
            store, fmt::format("SELECT {} FROM {} WHERE {} = ?", change.column, table, key_column));
        read.bind(1, key);
        if (!read.step()) {
            fail(ErrorKind::not_found, "no {} '{}'", entity, key_text);
        }
        std::optional<std::string> old_value = read.optional_text(0);
        std::optional<std::string> new_value;
        if (!std::holds_alternative<std::monostate>(change.value)) {
            new_value = cell_text(change.value);
        }
        if (old_value == new_value) {
            continue;
        }
        Statement update(store, fmt::format("UPDATE {} SET {} = ? WHERE {} = ?", table,
                                            change.column, key_column));
        update.bind(1, change.value);
        update.bind(2, key);
        update.exec();
        record(store,
               {entity, key_text, "update", change.column, old_value, new_value, note, request},
               stamp);
        ++changed;
    }
    return changed;
}

std::string record_json(const Table& table) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    if (!table.rows.empty()) {
        const Row& row = table.rows.front();
        for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
            std::visit(
                [&](const auto& value) {
                    using T = std::decay_t<decltype(value)>;
                    if constexpr (std::is_same_v<T, std::monostate>) {
                        object[table.columns[i]] = nullptr;
                    } else {
                        object[table.columns[i]] = value;
                    }
                },
                row[i]);
        }
    }
    return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace crt
