#include "lib/report/check.h"

#include "lib/model/history.h"
#include "lib/model/lifecycle.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"

#include "lib/store/schema.h"
#include "lib/store/statement.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <thread>

namespace crt {

namespace {

// Hundredths of an hour as "H.HH", in SQL both engines read (no printf).
std::string hours_text_sql(const std::string& centihours) {
    return fmt::format("(({0}) / 100 || '.' || CASE WHEN ({0}) % 100 < 10 THEN '0' ELSE '' END "
                       "|| ({0}) % 100)",
                       centihours);
}

// Findings quote values from the database, which another tool may have
// filled with anything: bytes that are not UTF-8 (and NUL) are shown as
// \xNN, so every output format stays valid text.
std::string printable(std::string_view text) {
    std::string shown;
    while (!text.empty()) {
        auto bad = invalid_utf8_offset(text);
        std::size_t good = bad ? *bad : text.size();
        shown.append(text.substr(0, good));
        if (!bad) {
            break;
        }
        shown += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[good]));
        text.remove_prefix(good + 1);
    }
    return shown;
}

class Checks {
  public:
    Checks(Store& store, std::vector<Finding>& findings) : store_(store), findings_(findings) {}

    // Adds one finding per row of `sql`, whose columns are the entity id and
    // the message.
    void rows(const std::string& code, const std::string& severity, const std::string& entity,
              const std::string& sql) {
        Statement query(store_, sql);
        while (query.step()) {
            add(code, severity, entity, query.text(0), query.text(1));
        }
    }

    void add(const std::string& code, const std::string& severity, const std::string& entity,
             const std::string& id, const std::string& message) {
        findings_.push_back({code, severity, printable(entity), printable(id), printable(message)});
    }

    Store& store() { return store_; }

  private:
    Store& store_;
    std::vector<Finding>& findings_;
};

void check_integrity(Checks& checks) {
    Statement integrity(checks.store(), "PRAGMA integrity_check");
    while (integrity.step()) {
        std::string line = integrity.text(0);
        if (line != "ok") {
            checks.add("integrity", "error", "database", "", line);
        }
    }
}

// "a/b": the values of a row's primary key, for a table without rowids.
std::string key_of(const Statement& query, int columns) {
    std::string key;
    for (int i = 0; i < columns; ++i) {
        if (i > 0) {
            key += '/';
        }
        key += query.text(i);
    }
    return key;
}

std::vector<std::string> primary_key(Store& store, const std::string& table) {
    std::vector<std::string> columns;
    Statement query(store, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk");
    query.bind(1, table);
    while (query.step()) {
        columns.push_back(query.text(0));
    }
    return columns;
}

std::string sql_name(const std::string& name) {
    return "\"" + name + "\"";
}

std::string sql_names(const std::vector<std::string>& names, const std::string& alias = {}) {
    std::string list;
    for (const auto& name : names) {
        list += (list.empty() ? "" : ", ") + (alias.empty() ? "" : alias + ".") + sql_name(name);
    }
    return list;
}

// A row of a table with rowids is named by its rowid; the engine cannot
// name a row of a table without them (the topic links), so those are found
// again by their key.
void check_foreign_keys(Checks& checks) {
    std::set<std::pair<std::string, long long>> keyed; // (table, foreign key id)
    {
        Statement query(checks.store(),
                        "SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check");
        while (query.step()) {
            if (query.is_null(1)) {
                keyed.insert({query.text(0), query.integer(3)});
            } else {
                checks.add("foreign-key", "error", "database",
                           query.text(0) + " row " + query.text(1),
                           "references a missing " + query.text(2));
            }
        }
    }
    for (const auto& [table, fkid] : keyed) {
        Statement list(checks.store(), "SELECT \"table\", \"from\", \"to\" FROM "
                                       "pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq");
        list.bind(1, table);
        list.bind(2, fkid);
        std::string parent;
        std::string match;
        std::string given;
        while (list.step()) {
            parent = list.text(0);
            match += fmt::format("{}p.{} = t.{}", match.empty() ? "" : " AND ",
                                 sql_name(list.text(2)), sql_name(list.text(1)));
            given += fmt::format("{}t.{} IS NOT NULL", given.empty() ? "" : " AND ",
                                 sql_name(list.text(1)));
        }
        auto key = primary_key(checks.store(), table);
        Statement rows(
            checks.store(),
            fmt::format("SELECT {} FROM {} t WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p "
                        "WHERE {}) ORDER BY {}",
                        sql_names(key, "t"), sql_name(table), given, sql_name(parent), match,
                        sql_names(key, "t")));
        while (rows.step()) {
            checks.add("foreign-key", "error", "database",
                       table + " key " + key_of(rows, static_cast<int>(key.size())),
                       "references a missing " + parent);
        }
    }
}

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// `text` with each run of white space as one space and none at the end;
// upper-cased with `upper`, to compare keywords.
std::string collapsed(const std::string& text, bool upper) {
    std::string out;
    for (char c : text) {
        if (!is_space(c)) {
            out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

// The statements of a migration script, each without its `;` and the white
// space and `--` comments around it. A trigger's body holds statements of
// its own, so a CREATE TRIGGER ends only at the `;` after its END.
std::vector<std::string> statements_of(const std::string& script) {
    std::vector<std::string> statements;
    std::string current;
    bool quoted = false;
    for (std::size_t i = 0; i < script.size(); ++i) {
        char c = script[i];
        if (!quoted && c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
            while (i < script.size() && script[i] != '\n') {
                ++i;
            }
            current += '\n';
            continue;
        }
        if (c == '\'') {
            quoted = !quoted;
        }
        if (c != ';' || quoted) {
            current += c;
            continue;
        }
        std::string words = collapsed(current, true);
        bool trigger =
            words.rfind("CREATE TRIGGER ", 0) == 0 || words.rfind("CREATE TEMP TRIGGER ", 0) == 0;
        if (trigger && (words.size() < 3 || words.compare(words.size() - 3, 3, "END") != 0)) {
            current += c; // a statement of the trigger's body
            continue;
        }
        auto first = current.find_first_not_of(" \t\n\r\f\v");
        auto last = current.find_last_not_of(" \t\n\r\f\v");
        if (first != std::string::npos) {
            statements.push_back(current.substr(first, last - first + 1));
        }
        current.clear();
    }
    return statements;
}

// The word after the first `count` words of `text` (its words split at white
// space), without a trailing `(`.
std::string word_after(const std::string& text, std::size_t count) {
    std::size_t i = 0;
    for (std::size_t word = 0; word <= count; ++word) {
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        std::size_t start = i;
        while (i < text.size() && !is_space(text[i]) && text[i] != '(') {
            ++i;
        }
        if (word == count) {
            return text.substr(start, i - start);
        }
    }
    return {};
}

bool starts_with_words(const std::string& text, std::string_view words) {
    return collapsed(text, true).rfind(words, 0) == 0;
}

} // namespace

// The triggers and indexes the schema's migrations leave, each with the
// statement that made it: the last CREATE of a name not dropped after it.
std::map<std::string, std::pair<std::string, std::string>> expected_schema_objects() {
    std::map<std::string, std::pair<std::string, std::string>> objects; // name -> (type, sql)
    for (const auto& script : schema_migrations()) {
        for (const auto& statement : statements_of(script)) {
            if (starts_with_words(statement, "CREATE TRIGGER ")) {
                objects[word_after(statement, 2)] = {"trigger", statement};
            } else if (starts_with_words(statement, "CREATE INDEX ")) {
                objects[word_after(statement, 2)] = {"index", statement};
            } else if (starts_with_words(statement, "CREATE UNIQUE INDEX ")) {
                objects[word_after(statement, 3)] = {"index", statement};
            } else if (starts_with_words(statement, "DROP TRIGGER ") ||
                       starts_with_words(statement, "DROP INDEX ")) {
                objects.erase(word_after(statement, 2));
            }
        }
    }
    return objects;
}

// Runs of white space as one space: the file keeps each statement's text as
// it was given, and a dump reloaded may only differ in its spacing.
std::string normalized(const std::string& sql) {
    return collapsed(sql, false);
}

// The rules SQLite itself enforces (append-only history, one active lead,
// unique references) hold only while their triggers and unique indexes
// are there as crt made them.
void check_schema(Checks& checks) {
    for (const auto& [name, object] : expected_schema_objects()) {
        const auto& [type, sql] = object;
        Statement query(checks.store(),
                        "SELECT coalesce(sql, '') FROM sqlite_master WHERE type = ? AND name = ?");
        query.bind(1, type);
        query.bind(2, name);
        bool enforces = type == "trigger" || sql.find("UNIQUE") != std::string::npos;
        std::string severity = enforces ? "error" : "warning";
        if (!query.step()) {
            checks.add("schema", severity, "database", name,
                       fmt::format("the {} {} is missing", type, name));
        } else if (normalized(query.text(0)) != normalized(sql)) {
            checks.add("schema", severity, "database", name,
                       fmt::format("the {} {} is not the one crt creates", type, name));
        }
    }
}

// Every text value is valid UTF-8 without NUL, as crt writes it. Each
// row's text is read in place and scanned here: SQL has no test for valid
// UTF-8, and a GLOB for non-ASCII bytes costs four times the scan.
void check_text(Checks& checks) {
    std::vector<std::string> tables;
    {
        Statement query(checks.store(), "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                        "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
        while (query.step()) {
            tables.push_back(query.text(0));
        }
    }
    for (const auto& table : tables) {
        std::vector<std::string> columns;
        {
            Statement query(checks.store(), "SELECT name FROM pragma_table_info(?) ORDER BY cid");
            query.bind(1, table);
            while (query.step()) {
                columns.push_back(query.text(0));
            }
        }
        auto key = primary_key(checks.store(), table);
        if (key.empty() || columns.empty()) {
            continue;
        }
        Statement query(checks.store(),
                        fmt::format("SELECT {}, {} FROM {} ORDER BY {}", sql_names(key),
                                    sql_names(columns), sql_name(table), sql_names(key)));
        int key_columns = static_cast<int>(key.size());
        while (query.step()) {
            for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
                auto value = query.text_bytes(key_columns + i);
                if (!value) {
                    continue;
                }
                if (auto bad = invalid_utf8_offset(*value)) {
                    checks.add("bad-text", "error", table, key_of(query, key_columns),
                               fmt::format("{}: {} at byte {}",
                                           columns[static_cast<std::size_t>(i)],
                                           (*value)[*bad] == '\0' ? "a NUL byte" : "invalid UTF-8",
                                           *bad + 1));
                }
            }
        }
    }
}

void check_topics(Checks& checks, const Catalogue& catalogue) {
    for (const char* source : {"request", "expert"}) {
        std::string sql = std::string(source) == "request"
                              ? "SELECT t.request, t.topic, r.status FROM request_topic t JOIN "
                                "request r ON r.id = t.request "
                                "ORDER BY t.request, t.topic"
                              : "SELECT expert, topic, '' FROM expert_topic ORDER BY expert, topic";
        Statement query(checks.store(), sql);
        while (query.step()) {
            std::string id = query.text(0);
            std::string topic = query.text(1);
            std::string status = query.text(2);
            const Topic* found = catalogue.find_topic(topic);
            if (found == nullptr) {
                checks.add(
                    "unknown-topic", "error", source, id,
                    fmt::format("topic '{}' is not in the catalogue {}", topic, catalogue.path));
            } else if (found->retired && std::string(source) == "request" &&
                       !is_closed_request_status(status)) {
                checks.add("retired-topic", "warning", source, id,
                           fmt::format("open request on retired topic '{}'", topic));
            }
        }
    }
}

void check_lifecycle(Checks& checks) {
    checks.rows("active-without-lead", "error", "request", R"sql(
        SELECT r.id, 'active without an active lead' FROM request r
        WHERE r.status = 'active' AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.request = r.id
              AND a.role = 'lead' AND a.released IS NULL) ORDER BY r.id)sql");
    checks.rows("completed-with-open-milestones", "error", "request",
                fmt::format(R"sql(
        SELECT r.id, 'completed with ' || count(*) || ' open milestone(s): ' || group_concat(m.id, ', ')
        FROM request r JOIN milestone m ON m.request = r.id
        WHERE r.status = 'completed' AND m.status NOT IN {}
        GROUP BY r.id ORDER BY r.id)sql",
                            k_sql_closed_milestone_statuses));
    checks.rows("closed-without-reason", "error", "request",
                R"sql(
        SELECT id, status || ' without a reason' FROM request
        WHERE status IN )sql" +
                    k_sql_final_request_statuses +
                    R"sql( AND coalesce(status_note, '') = '' ORDER BY id)sql");
    checks.rows("done-without-date", "error", "milestone", R"sql(
        SELECT id, 'done without a completion date' FROM milestone WHERE status = 'done' AND completed IS NULL
        ORDER BY id)sql");
}

// What the lifecycle implies about a request's other records: a request
// past acceptance was accepted, and nothing is added once it is closed.
void check_lifecycle_records(Checks& checks) {
    checks.rows("not-accepted", "error", "request",
                fmt::format(R"sql(
        SELECT r.id, r.status || CASE WHEN r.accepted IS NULL THEN ' without an acceptance date'
                                      ELSE ' without a move to accepted in its history' END
        FROM request r
        WHERE r.status IN ('accepted', 'active', 'completed')
          AND (r.accepted IS NULL OR NOT EXISTS (
                SELECT 1 FROM history h WHERE h.request = r.id AND h.entity = 'request'
                  AND h.entity_id = CAST(r.id AS TEXT) AND h.action = 'status'
                  AND h.new_value = 'accepted' AND {}))
        ORDER BY r.id)sql",
                            standing_sql("h")));
    // The day a request closes still counts as open (crt(1), DATES AND HISTORY).
    checks.rows("added-after-close", "error", "milestone",
                fmt::format(R"sql(
        SELECT m.id, m.kind || ' added on ' || m.created || ', after request ' || r.id || ' was '
               || r.status || ' on ' || r.status_date
        FROM milestone m JOIN request r ON r.id = m.request
        WHERE r.status IN {} AND m.created > r.status_date ORDER BY m.id)sql",
                            k_sql_closed_request_statuses));
    // A completed request may be reopened, which needs a lead: only declined
    // and withdrawn ones take no one.
    checks.rows("added-after-close", "error", "assignment",
                fmt::format(R"sql(
        SELECT a.id, a.expert || ' assigned on ' || a.assigned || ', after request ' || r.id
               || ' was ' || r.status || ' on ' || r.status_date
        FROM assignment a JOIN request r ON r.id = a.request
        WHERE r.status IN {} AND a.assigned > r.status_date ORDER BY a.id)sql",
                            k_sql_final_request_statuses));
}

void check_dates(Checks& checks) {
    checks.rows("dates-out-of-order", "error", "request", R"sql(
        SELECT id, CASE
                 WHEN target < received THEN 'target ' || target || ' is before received ' || received
                 WHEN event_date > received THEN 'event_date ' || event_date || ' is after received ' || received
                 WHEN status_date < received THEN 'status_date ' || status_date || ' is before received ' || received
                 WHEN accepted < received THEN 'accepted ' || accepted || ' is before received ' || received
                 ELSE 'accepted ' || accepted || ' is after status_date ' || status_date END
        FROM request
        WHERE target < received OR event_date > received OR status_date < received OR accepted < received
           OR accepted > status_date
        ORDER BY id)sql");
    checks.rows("dates-out-of-order", "error", "assignment", R"sql(
        SELECT a.id, CASE WHEN a.assigned < r.received
                          THEN 'assigned ' || a.assigned || ' is before the request was received ' || r.received
                          ELSE 'released ' || a.released || ' is before assigned ' || a.assigned END
        FROM assignment a JOIN request r ON r.id = a.request
        WHERE a.assigned < r.received OR a.released < a.assigned ORDER BY a.id)sql");
    checks.rows("dates-out-of-order", "error", "milestone", R"sql(
        SELECT m.id, CASE WHEN m.created < r.received
                          THEN 'created ' || m.created || ' is before the request was received ' || r.received
                          WHEN m.status_date < m.created THEN 'status_date ' || m.status_date || ' is before created ' || m.created
                          ELSE 'completed ' || m.completed || ' is not its status_date ' || m.status_date END
        FROM milestone m JOIN request r ON r.id = m.request
        WHERE m.created < r.received OR m.status_date < m.created OR m.completed <> m.status_date
        ORDER BY m.id)sql");
}

// Dates that record something that happened are not after today (a due
// date or a target may be).
void check_future(Checks& checks) {
    std::string day = today();
    struct Dated {
        const char* table;
        std::vector<const char*> columns;
    };
    for (const auto& [table, columns] :
         {Dated{"request", {"received", "accepted", "status_date", "event_date"}},
          Dated{"assignment", {"assigned", "released"}},
          Dated{"milestone", {"created", "status_date", "completed", "updated"}},
          Dated{"history", {"effective_date"}}}) {
        std::string which;
        std::string any;
        for (const char* column : columns) {
            which += fmt::format(" WHEN {0} > '{1}' THEN '{0} ' || {0}", column, day);
            any += fmt::format("{}{} > '{}'", any.empty() ? "" : " OR ", column, day);
        }
        checks.rows("future-date", "error", table,
                    fmt::format("SELECT id, CASE{} END || ' is after today ({})' FROM {} WHERE {} "
                                "ORDER BY id",
                                which, day, table, any));
    }
}

void check_capacity(Checks& checks) {
    checks.rows("over-capacity", "warning", "expert",
                fmt::format(R"sql(
        SELECT e.handle, count(*) || ' active assignments, capacity ' || e.capacity
        FROM expert e JOIN assignment a ON a.expert = e.handle AND a.released IS NULL
        JOIN request r ON r.id = a.request AND r.status NOT IN {}
        GROUP BY e.handle HAVING count(*) > e.capacity ORDER BY e.handle)sql",
                            k_sql_closed_request_statuses));
}

// The unique indexes keep these out; a database whose index was dropped,
// or rows loaded around it, may hold them.
void check_assignments(Checks& checks) {
    checks.rows("two-active-leads", "error", "request", R"sql(
        SELECT request, count(*) || ' unreleased leads: ' || group_concat(expert, ', ')
        FROM assignment WHERE role = 'lead' AND released IS NULL
        GROUP BY request HAVING count(*) > 1 ORDER BY request)sql");
    checks.rows("assigned-twice", "error", "request", R"sql(
        SELECT request, expert || ' has ' || count(*) || ' unreleased assignments: '
               || group_concat(id, ', ')
        FROM assignment WHERE released IS NULL
        GROUP BY request, expert HAVING count(*) > 1 ORDER BY request, expert)sql");
}

// Every record crt writes starts its history with a create (or import) row;
// one without was written by another tool, and its past cannot be rebuilt.
void check_creation(Checks& checks) {
    checks.rows("missing-history", "error", "agency", R"sql(
        SELECT ori, 'no create or import row in its history' FROM agency x
        WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.request IS NULL AND h.entity = 'agency'
                            AND h.entity_id = x.ori AND h.action IN ('create', 'import'))
        ORDER BY ori)sql");
    checks.rows("missing-history", "error", "expert", R"sql(
        SELECT handle, 'no create or import row in its history' FROM expert x
        WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.request IS NULL AND h.entity = 'expert'
                            AND h.entity_id = x.handle AND h.action IN ('create', 'import'))
        ORDER BY handle)sql");
    for (const auto& [entity, request] :
         {std::pair{"request", "x.id"}, std::pair{"assignment", "x.request"},
          std::pair{"milestone", "x.request"}}) {
        checks.rows("missing-history", "error", entity,
                    fmt::format(R"sql(
            SELECT x.id, 'no create or import row in its history' FROM {0} x
            WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.request = {1} AND h.entity = '{0}'
                                AND h.entity_id = CAST(x.id AS TEXT)
                                AND h.action IN ('create', 'import'))
            ORDER BY x.id)sql",
                                entity, request));
    }
}

// ('from', 'to'), ... : every move crt may record. A request moves as the
// lifecycle allows, or, from an import, straight to any status the lifecycle
// reaches (crt-import(1)); a milestone to any other status.
std::string allowed_moves_sql() {
    std::string list;
    auto add = [&](std::string_view entity, std::string_view from, std::string_view to) {
        list += fmt::format("{}('{}', '{}', '{}')", list.empty() ? "" : ", ", entity, from, to);
    };
    for (auto from : k_request_statuses) {
        std::vector<std::string_view> reached;
        std::vector<std::string_view> frontier = {from};
        while (!frontier.empty()) {
            auto status = frontier.back();
            frontier.pop_back();
            for (auto next : allowed_moves(status)) {
                if (std::find(reached.begin(), reached.end(), next) == reached.end()) {
                    reached.push_back(next);
                    frontier.push_back(next);
                }
            }
        }
        for (auto to : reached) {
            if (to != from) {
                add("request", from, to);
            }
        }
    }
    for (auto from : k_milestone_statuses) {
        for (auto to : k_milestone_statuses) {
            if (to != from) {
                add("milestone", from, to);
            }
        }
    }
    return list;
}

// Each standing status move is one the rules allow, from the status the
// record was in: the move before it (by effective date, then as recorded),
// or received or planned for the first.
void check_moves(Checks& checks) {
    for (const auto& [entity, initial] :
         {std::pair{"request", "received"}, std::pair{"milestone", "planned"}}) {
        checks.rows("illegal-move", "error", entity,
                    fmt::format(R"sql(
            WITH allowed(entity, old, new) AS (VALUES {0}),
            moves AS (
                SELECT h.id, h.entity_id, h.old_value, h.new_value, h.effective_date,
                       coalesce((SELECT p.new_value FROM history p
                                 WHERE p.request = h.request AND p.entity = h.entity
                                   AND p.entity_id = h.entity_id AND p.action = 'status'
                                   AND (p.effective_date < h.effective_date
                                        OR (p.effective_date = h.effective_date AND p.id < h.id))
                                   AND {3}
                                 ORDER BY p.effective_date DESC, p.id DESC LIMIT 1), '{2}') AS was
                FROM history h
                WHERE h.entity = '{1}' AND h.action = 'status' AND h.request IS NOT NULL AND {4})
            SELECT entity_id, 'history row ' || id || ' moves it from '
                   || coalesce(old_value, 'nothing') || ' to ' || coalesce(new_value, 'nothing')
                   || ' on ' || effective_date
                   || CASE WHEN old_value IS DISTINCT FROM was THEN ', but it was ' || was
                           ELSE ', which the lifecycle forbids' END
            FROM moves m
            WHERE old_value IS DISTINCT FROM was OR NOT EXISTS (
                SELECT 1 FROM allowed a WHERE a.entity = '{1}' AND a.old = m.old_value
                  AND a.new = m.new_value)
            ORDER BY CAST(entity_id AS INTEGER), id)sql",
                                allowed_moves_sql(), entity, initial, standing_sql("p"),
                                standing_sql("h")));
    }
}

// Every status must be the end of its history: the last status move (or
// received/planned when there is none) and the day of that move.
void check_history(Checks& checks) {
    for (const auto& [entity, initial, request] :
         {std::tuple{"request", "received", "x.id"},
          std::tuple{"milestone", "planned", "x.request"}}) {
        checks.rows("history-gap", "error", entity,
                    fmt::format(R"sql(
            SELECT x.id, 'status ' || x.status || ' since ' || x.status_date || ' is not explained by its history'
                   || coalesce(' (last move: ' || h.new_value || ' on ' || h.effective_date || ')', ' (no moves)')
            FROM {0} x LEFT JOIN history h ON h.id = (
                SELECT s.id FROM history s WHERE s.request = {2} AND s.entity = '{0}'
                  AND s.entity_id = CAST(x.id AS TEXT) AND s.action = 'status' AND {3}
                ORDER BY s.effective_date DESC, s.id DESC LIMIT 1)
            WHERE (h.id IS NULL AND x.status <> '{1}')
               OR (h.id IS NOT NULL AND (h.new_value <> x.status OR h.effective_date <> x.status_date))
            ORDER BY x.id)sql",
                                entity, initial, request, standing_sql("s")));
    }
}

// A field that no standing change touched must still hold the value its
// record was created with (the `create` row's JSON); an edit made outside
// crt leaves no change behind and is found here (history-gap).
void check_created_values(Checks& checks) {
    struct Fields {
        const char* entity;
        const char* names;
        const char* value;   // the current value of field `n.field` of row `x`
        const char* request; // the request of row `x`, which its history rows carry
    };
    for (const auto& [entity, names, value, request] :
         {Fields{"milestone", "('kind'), ('title'), ('due'), ('ref'), ('finding'), ('blocker')",
                 "CASE n.field WHEN 'kind' THEN x.kind WHEN 'title' THEN x.title "
                 "WHEN 'due' THEN x.due WHEN 'ref' THEN x.ref WHEN 'finding' THEN x.finding "
                 "ELSE x.blocker END",
                 "x.request"},
          Fields{"request",
                 "('title'), ('description'), ('delivery'), ('form'), ('priority'), ('target'), "
                 "('event_date'), ('external_id'), ('agency'), ('level'), ('received')",
                 "CASE n.field WHEN 'title' THEN x.title WHEN 'description' THEN x.description "
                 "WHEN 'delivery' THEN x.delivery WHEN 'form' THEN x.form "
                 "WHEN 'priority' THEN x.priority WHEN 'target' THEN x.target "
                 "WHEN 'event_date' THEN x.event_date WHEN 'external_id' THEN x.external_id "
                 "WHEN 'agency' THEN x.agency WHEN 'level' THEN x.level "
                 "ELSE x.received END",
                 "x.id"}}) {
        checks.rows("history-gap", "error", entity,
                    fmt::format(R"sql(
            WITH n(field) AS (VALUES {1})
            SELECT id, field || ' ' || coalesce('''' || value || '''', 'empty')
                   || ' is not the value it was created with ('
                   || coalesce('''' || created || '''', 'empty') || ') and no change made it so'
            FROM (SELECT x.id, n.field, {2} AS value,
                         json_extract(c.new_value, '$.' || n.field) AS created, c.entity_id,
                         {4} AS request
                  FROM history c
                  JOIN {0} x ON x.id = CAST(c.entity_id AS INTEGER)
                  CROSS JOIN n
                  WHERE c.entity = '{0}' AND c.action = 'create' AND json_valid(c.new_value)
                    AND json_type(c.new_value, '$.' || n.field) IS NOT NULL) v
            WHERE value IS DISTINCT FROM created
              AND NOT EXISTS (SELECT 1 FROM history h
                              WHERE h.request = v.request AND h.entity = '{0}'
                                AND h.entity_id = v.entity_id AND h.field = v.field AND h.action IN ('update', 'correct')
                                AND {3})
            ORDER BY id, field)sql",
                                entity, names, value, standing_sql("h"), request));
    }
}

// Every field the reports rebuild as of a day must hold the value its last
// change gave it (history-gap, like a status): the as-of queries take the
// current value for any day after that change.
void check_history_values(Checks& checks) {
    struct Fields {
        const char* entity;
        const char* fields;
        const char* value; // the current value of field `l.field` of row `x`
    };
    for (const auto& [entity, fields, value] :
         {Fields{"milestone", "'title', 'due', 'blocker', 'note'",
                 "CASE l.field WHEN 'title' THEN x.title WHEN 'due' THEN x.due "
                 "WHEN 'blocker' THEN x.blocker ELSE x.note END"},
          Fields{"assignment", "'released'", "x.released"},
          Fields{"request",
                 "'title', 'description', 'delivery', 'form', 'priority', 'target', "
                 "'event_date', 'external_id', 'agency', 'level', 'received', 'topics'",
                 "CASE l.field WHEN 'title' THEN x.title WHEN 'description' THEN x.description "
                 "WHEN 'delivery' THEN x.delivery WHEN 'form' THEN x.form "
                 "WHEN 'priority' THEN x.priority WHEN 'target' THEN x.target "
                 "WHEN 'event_date' THEN x.event_date WHEN 'external_id' THEN x.external_id "
                 "WHEN 'agency' THEN x.agency WHEN 'level' THEN x.level "
                 "WHEN 'received' THEN x.received "
                 "ELSE coalesce((SELECT group_concat(topic, ',') FROM (SELECT topic FROM "
                 "request_topic t WHERE t.request = x.id ORDER BY topic) AS t), '') END"}}) {
        checks.rows("history-gap", "error", entity,
                    fmt::format(R"sql(
            WITH last AS (
                SELECT entity_id, field, new_value, effective_date,
                       row_number() OVER (PARTITION BY entity_id, field
                                          ORDER BY effective_date DESC, id DESC) AS n
                FROM history h WHERE entity = '{0}' AND (action = 'update' OR action = 'correct')
                  AND field IN ({1}) AND {3})
            SELECT id, field || ' ' || coalesce('''' || value || '''', 'empty')
                   || ' is not the value of its last change ('
                   || coalesce('''' || new_value || '''', 'empty') || ' on ' || effective_date || ')'
            FROM (SELECT x.id, l.field, l.new_value, l.effective_date, {2} AS value
                  FROM last l JOIN {0} x ON x.id = CAST(l.entity_id AS INTEGER) WHERE l.n = 1) AS v
            WHERE new_value IS DISTINCT FROM value
            ORDER BY id, field)sql",
                                entity, fields, value, standing_sql("h")));
    }
    // Hours add up: the standing entries and adjustments sum to the total.
    checks.rows("history-gap", "error", "assignment",
                fmt::format(R"sql(
        SELECT a.id, 'hours ' || {1}
               || ' are not the sum of its hours entries (' || {2} || ')'
        FROM assignment a JOIN (
            SELECT CAST(h.entity_id AS INTEGER) AS id,
                   sum(round((CAST(h.new_value AS DOUBLE PRECISION) - CAST(h.old_value AS DOUBLE PRECISION)) * 100)) AS total
            FROM history h
            WHERE h.entity = 'assignment' AND h.field = 'hours'
              AND (h.action = 'update' OR h.action = 'correct') AND {0}
            GROUP BY h.entity_id) s ON s.id = a.id
        WHERE s.total <> a.centihours
        ORDER BY a.id)sql",
                            standing_sql("h"), hours_text_sql("a.centihours"),
                            hours_text_sql("CAST(s.total AS INTEGER)")));
}

// Every change of a field is dated on or after the changes to the same
// field recorded before it and the record's creation (crt(1), DATES AND
// HISTORY): otherwise a report as of an earlier day shows a later value.
// crt has always refused status moves out of order (an error); other fields
// were accepted out of order before the rule covered them (a warning).
void check_history_order(Checks& checks) {
    // One index search per change (history_by_request, or history_by_registry
    // for agencies and experts) beats sorting the whole history. A re-dated
    // copy stands in the place of the row it re-dates: `place` is the row
    // at the start of its chain of copies.
    std::string changes = R"sql(WITH RECURSIVE place(id, at) AS (
            SELECT c.id, c.corrects FROM history c JOIN history t ON t.id = c.corrects
            WHERE c.corrects IS NOT NULL AND c.action IN ('update', 'status')
              AND (t.corrects IS NULL OR t.action NOT IN ('update', 'status'))
            UNION ALL
            SELECT c.id, place.at FROM history c JOIN place ON c.corrects = place.id
            WHERE c.action IN ('update', 'status')) )sql";
    auto at = [](const char* alias) {
        return fmt::format("coalesce((SELECT at FROM place WHERE place.id = {0}.id), {0}.id)",
                           alias);
    };
    bool first = true;
    for (const char* same_request : {"p.request = h.request", "p.request IS NULL"}) {
        std::string earlier = fmt::format(R"sql(FROM history p
            WHERE {} AND p.entity = h.entity AND p.entity_id = h.entity_id
              AND p.effective_date > h.effective_date
              AND (p.field = h.field OR p.action IN ('create', 'import'))
              AND p.action IN ('create', 'import', 'update', 'status') AND {}
              AND {} < {})sql",
                                          same_request, standing_sql("p"), at("p"), at("h"));
        changes += fmt::format(R"sql({}SELECT h.entity, h.entity_id, h.action, h.field, h.id,
               h.effective_date, (SELECT max(p.effective_date) {})
        FROM history h
        WHERE h.request IS {}NULL AND h.field IS NOT NULL AND h.action IN ('update', 'status')
          AND {} AND EXISTS (SELECT 1 {}))sql",
                               first ? "" : " UNION ALL ", earlier, first ? "NOT " : "",
                               standing_sql("h"), earlier);
        first = false;
    }
    Statement query(checks.store(), changes + " ORDER BY 5");
    while (query.step()) {
        std::string field = query.text(3);
        checks.add("history-out-of-order", query.text(2) == "status" ? "error" : "warning",
                   query.text(0), query.text(1),
                   fmt::format("{} changed on {} (history row {}) after a change or creation "
                               "dated {}",
                               field, query.text(5), query.integer(4), query.text(6)));
    }
}

// A correction names a row of the same record that exists; a row is read
// past (voided or re-dated) at most once; a re-dated copy changes what its
// original changed.
void check_corrections(Checks& checks) {
    checks.rows("history-correction", "error", "history", R"sql(
        SELECT c.id, CASE
                 WHEN c.corrects IS NULL THEN 'a ' || c.action || ' row names no row it corrects'
                 WHEN t.id IS NULL THEN 'corrects history row ' || c.corrects || ', which does not exist'
                 WHEN t.entity <> c.entity OR t.entity_id <> c.entity_id
                   THEN 'corrects history row ' || c.corrects || ', which is about ' || t.entity || ' ' || t.entity_id
                 WHEN c.action <> 'correct' AND t.action NOT IN ('update', 'status')
                   THEN 'voids or re-dates history row ' || c.corrects || ', a ' || t.action || ' row'
                 WHEN c.action IN ('update', 'status') AND (c.action <> t.action OR c.field IS DISTINCT FROM t.field)
                   THEN 're-dates history row ' || c.corrects || ' but changes something else'
                 ELSE 'history row ' || c.corrects || ' is read past more than once' END
        FROM history c LEFT JOIN history t ON t.id = c.corrects
        WHERE (c.action IN ('void', 'correct') AND c.corrects IS NULL)
           OR (c.corrects IS NOT NULL AND (
                  t.id IS NULL OR t.entity <> c.entity OR t.entity_id <> c.entity_id
                  OR (c.action <> 'correct' AND t.action NOT IN ('update', 'status'))
                  OR (c.action IN ('update', 'status') AND (c.action <> t.action OR c.field IS DISTINCT FROM t.field))
                  OR (c.action <> 'correct' AND EXISTS (
                         SELECT 1 FROM history o WHERE o.corrects = c.corrects AND o.action <> 'correct'
                           AND o.id < c.id))))
        ORDER BY c.id)sql");
}

// Runs one family of checks; a part of the file the engine cannot read is
// a finding, and the families after it still run.
template <typename Family> void guarded(Checks& checks, const char* what, Family family) {
    try {
        family();
    } catch (const StoreError& e) {
        if (e.cause() != StoreError::Cause::corrupt) {
            throw;
        }
        checks.add("corrupt", "error", "database", "",
                   fmt::format("the {} checks could not read the database: {}", what, e.what()));
    }
}

} // namespace

const std::vector<CheckCode>& check_codes() {
    static const std::vector<CheckCode> codes = {
        {"integrity"},
        {"corrupt"},
        {"foreign-key"},
        {"schema"},
        {"bad-text"},
        {"catalogue"},
        {"unknown-topic", true},
        {"retired-topic", true},
        {"active-without-lead"},
        {"completed-with-open-milestones"},
        {"closed-without-reason"},
        {"done-without-date"},
        {"not-accepted"},
        {"added-after-close"},
        {"dates-out-of-order"},
        {"future-date"},
        {"over-capacity"},
        {"two-active-leads"},
        {"assigned-twice"},
        {"missing-history"},
        {"illegal-move"},
        {"history-gap"},
        {"history-out-of-order"},
        {"history-correction"},
    };
    return codes;
}

bool is_check_code(std::string_view code) {
    const auto& codes = check_codes();
    return std::any_of(codes.begin(), codes.end(),
                       [&](const CheckCode& known) { return known.code == code; });
}

namespace {

// On PostgreSQL the server keeps foreign keys, but a superuser's session
// can switch them off (session_replication_role = replica), and so can
// disabling a table's triggers: the rows that reference nothing, named as
// on SQLite: by id, or by key for the topic links, which have none.
void check_server_foreign_keys(Checks& checks) {
    struct Key {
        std::string table;
        std::string parent;
        std::string match;
        std::string given;
    };
    std::vector<Key> keys;
    {
        Statement query(checks.store(), R"sql(
            SELECT t.relname, p.relname,
                   string_agg(format('p.%I = t.%I', pa.attname, ta.attname), ' AND ' ORDER BY k.n),
                   string_agg(format('t.%I IS NOT NULL', ta.attname), ' AND ' ORDER BY k.n)
            FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_class p ON p.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = c.connamespace
            CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(child, parent, n)
            JOIN pg_attribute ta ON ta.attrelid = c.conrelid AND ta.attnum = k.child
            JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            GROUP BY c.oid, t.relname, p.relname
            ORDER BY t.relname, c.conname)sql");
        while (query.step()) {
            keys.push_back({query.text(0), query.text(1), query.text(2), query.text(3)});
        }
    }
    for (const auto& key : keys) {
        std::vector<std::string> columns;
        {
            Statement list(checks.store(), R"sql(
                SELECT a.attname FROM pg_index i
                JOIN pg_class c ON c.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indisprimary AND c.relname = ? AND n.nspname = current_schema()
                ORDER BY array_position(i.indkey::int2[], a.attnum))sql");
            list.bind(1, key.table);
            while (list.step()) {
                columns.push_back(list.text(0));
            }
        }
        if (columns.empty()) {
            continue;
        }
        bool by_id = columns == std::vector<std::string>{"id"};
        Statement rows(checks.store(),
                       fmt::format("SELECT {} FROM {} t WHERE {} AND NOT EXISTS (SELECT 1 FROM {} "
                                   "p WHERE {}) ORDER BY {}",
                                   sql_names(columns, "t"), sql_name(key.table), key.given,
                                   sql_name(key.parent), key.match, sql_names(columns, "t")));
        while (rows.step()) {
            checks.add("foreign-key", "error", "database",
                       key.table + (by_id ? " row " : " key ") +
                           key_of(rows, static_cast<int>(columns.size())),
                       "references a missing " + key.parent);
        }
    }
}

// The statements of a PostgreSQL migration script, each without its `;`
// and the `--` comments around it: a function's body, between `$$`, holds
// statements of its own.
std::vector<std::string> server_statements_of(const std::string& script) {
    std::vector<std::string> statements;
    std::string current;
    bool quoted = false;
    bool body = false;
    for (std::size_t i = 0; i < script.size(); ++i) {
        char c = script[i];
        if (!quoted && !body && c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
            while (i < script.size() && script[i] != '\n') {
                ++i;
            }
            current += '\n';
            continue;
        }
        if (!body && c == '\'') {
            quoted = !quoted;
        } else if (!quoted && c == '$' && i + 1 < script.size() && script[i + 1] == '$') {
            body = !body;
            current += "$$";
            ++i;
            continue;
        }
        if (c != ';' || quoted || body) {
            current += c;
            continue;
        }
        auto first = current.find_first_not_of(" \t\n\r\f\v");
        if (first != std::string::npos) {
            statements.push_back(current.substr(first));
        }
        current.clear();
    }
    return statements;
}

// The text after `marker` in `text`, up to the next `end`; empty if either
// is not there.
std::string text_between(const std::string& text, std::string_view marker, std::string_view end) {
    auto start = text.find(marker);
    if (start == std::string::npos) {
        return {};
    }
    start += marker.size();
    auto stop = text.find(end, start);
    return stop == std::string::npos ? std::string() : text.substr(start, stop - start);
}

struct ServerObject {
    std::string type;  // "trigger" or "index"
    bool unique;       // an index that enforces a rule
    std::string table; // a trigger's table
    std::string body;  // the source of a trigger's function
};

// The triggers and indexes of the PostgreSQL schema, as its migrations
// leave them; a trigger with the source of the function it runs.
std::map<std::string, ServerObject> expected_server_objects() {
    std::map<std::string, std::string> bodies; // function name -> source
    std::map<std::string, ServerObject> objects;
    for (const auto& script : pg_schema_migrations()) {
        for (const auto& statement : server_statements_of(script)) {
            if (starts_with_words(statement, "CREATE FUNCTION ")) {
                bodies[word_after(statement, 2)] = text_between(statement, "$$", "$$");
            } else if (starts_with_words(statement, "CREATE OR REPLACE FUNCTION ")) {
                bodies[word_after(statement, 4)] = text_between(statement, "$$", "$$");
            } else if (starts_with_words(statement, "CREATE TRIGGER ")) {
                auto flat = collapsed(statement, false) + " ";
                objects[word_after(statement, 2)] = {
                    "trigger", true, text_between(flat, " ON ", " "),
                    bodies[text_between(flat, " EXECUTE FUNCTION ", "(")]};
            } else if (starts_with_words(statement, "CREATE INDEX ")) {
                objects[word_after(statement, 2)] = {"index", false, {}, {}};
            } else if (starts_with_words(statement, "CREATE UNIQUE INDEX ")) {
                objects[word_after(statement, 3)] = {"index", true, {}, {}};
            } else if (starts_with_words(statement, "DROP TRIGGER ") ||
                       starts_with_words(statement, "DROP INDEX ")) {
                objects.erase(word_after(statement, 2));
            }
        }
    }
    return objects;
}

// The rules the server enforces through triggers (append-only history, ids)
// and unique indexes hold only while these are there as crt made them: each
// trigger enabled and running the function crt wrote, each unique index
// still unique.
void check_server_objects(Checks& checks) {
    for (const auto& entry : expected_server_objects()) {
        // Named references, not a structured binding: clang before 16 lets
        // no lambda capture those.
        const std::string& name = entry.first;
        const ServerObject& object = entry.second;
        std::string severity = object.type == "trigger" || object.unique ? "error" : "warning";
        auto problem = [&](std::string_view what) {
            checks.add("schema", severity, "database", name,
                       fmt::format("the {} {} {}", object.type, name, what));
        };
        if (object.type == "trigger") {
            Statement query(checks.store(), R"sql(
                SELECT CASE WHEN t.tgenabled = 'D' THEN 0 ELSE 1 END, p.prosrc
                FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE n.nspname = current_schema() AND c.relname = ? AND t.tgname = ?)sql");
            query.bind(1, object.table);
            query.bind(2, name);
            if (!query.step()) {
                problem("is missing");
            } else if (query.integer(0) == 0) {
                problem("is disabled");
            } else if (query.text(1) != object.body) {
                problem("is not the one crt creates");
            }
            continue;
        }
        Statement query(checks.store(), R"sql(
            SELECT CASE WHEN i.indisunique THEN 1 ELSE 0 END
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = ?)sql");
        query.bind(1, name);
        if (!query.step()) {
            problem("is missing");
        } else if (object.unique && query.integer(0) == 0) {
            problem("is not the one crt creates");
        }
    }
}

// The rest of what the SQLite checks look for the server keeps: pages, and
// text (a UTF8 database holds no invalid UTF-8 and no NUL). What remains to
// check is that crt's tables, triggers and indexes are all there and the
// text is UTF-8.
void check_server_schema(Checks& checks) {
    auto& store = checks.store();
    if (auto encoding = store.query_text("SELECT pg_encoding_to_char(encoding) FROM pg_database "
                                         "WHERE datname = current_database()");
        encoding != "UTF8") {
        checks.add("schema", "error", "database", "",
                   fmt::format("the database encoding is {}, not UTF8", encoding));
    }
    for (const char* table : {"crt_meta", "agency", "expert", "expert_topic", "request",
                              "request_topic", "assignment", "milestone", "history"}) {
        if (store.query_integer("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                                "n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                                "AND c.relname = ? AND c.relkind IN ('r', 'p')",
                                {Cell(std::string(table))}) == 0) {
            checks.add("schema", "error", table, "", "the table is missing");
        }
    }
    check_server_objects(checks);
}

// The checks that read every page and every value (the engine's integrity
// check and the text scan) take as long as all the rest together.
void check_storage(Checks& checks) {
    if (checks.store().is_postgres()) {
        guarded(checks, "foreign key", [&] { check_server_foreign_keys(checks); });
        guarded(checks, "schema", [&] { check_server_schema(checks); });
        return;
    }
    guarded(checks, "integrity", [&] { check_integrity(checks); });
    guarded(checks, "foreign key", [&] { check_foreign_keys(checks); });
    guarded(checks, "schema", [&] { check_schema(checks); });
    guarded(checks, "text", [&] { check_text(checks); });
}

void check_records(Checks& checks, const Catalogue* catalogue,
                   const std::vector<std::string>& catalogue_problems) {
    for (const auto& problem : catalogue_problems) {
        checks.add("catalogue", "error", "catalogue", "", problem);
    }
    if (catalogue != nullptr) {
        guarded(checks, "topic", [&] { check_topics(checks, *catalogue); });
    }
    guarded(checks, "lifecycle", [&] {
        check_lifecycle(checks);
        check_lifecycle_records(checks);
    });
    guarded(checks, "date", [&] {
        check_dates(checks);
        check_future(checks);
    });
    guarded(checks, "assignment", [&] {
        check_capacity(checks);
        check_assignments(checks);
    });
    guarded(checks, "history", [&] {
        check_creation(checks);
        check_moves(checks);
        check_history(checks);
        check_history_values(checks);
        check_created_values(checks);
    });
}

// The last of the history checks, run on the storage side to even out the
// two; their findings follow the record checks'.
void check_history_late(Checks& checks) {
    guarded(checks, "history", [&] {
        check_history_order(checks);
        check_corrections(checks);
    });
}

// A second connection to the same file, for the storage checks to run
// beside the record checks; none for an in-memory database, or when the
// file cannot be opened twice (the checks then run one after the other).
std::optional<Store> second_connection(const Store& store) {
    if (store.path().empty() || store.path() == ":memory:") {
        return std::nullopt;
    }
    try {
        return store.reopen();
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

std::vector<Finding> check_database(Store& store, const Catalogue* catalogue,
                                    const std::vector<std::string>& catalogue_problems) {
    std::vector<Finding> findings;
    std::vector<Finding> records;
    std::vector<Finding> late;
    Checks record_checks(store, records);
    auto second = second_connection(store);
    if (!second) {
        Checks checks(store, findings);
        check_storage(checks);
        check_records(record_checks, catalogue, catalogue_problems);
        Checks late_checks(store, late);
        check_history_late(late_checks);
    } else {
        // Each side has its own connection and its own findings; they are
        // joined in the same order as one after the other.
        std::exception_ptr failure;
        std::thread storage([&] {
            try {
                Checks checks(*second, findings);
                check_storage(checks);
                Checks late_checks(*second, late);
                check_history_late(late_checks);
            } catch (...) {
                failure = std::current_exception();
            }
        });
        try {
            check_records(record_checks, catalogue, catalogue_problems);
        } catch (...) {
            storage.join();
            throw;
        }
        storage.join();
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
    for (auto* part : {&records, &late}) {
        findings.insert(findings.end(), std::make_move_iterator(part->begin()),
                        std::make_move_iterator(part->end()));
    }
    return findings;
}

Table findings_table(const std::vector<Finding>& findings) {
    Table table{{"severity", "code", "entity", "id", "message"}, {}};
    for (const auto& finding : findings) {
        table.rows.push_back({finding.severity, finding.code, finding.entity,
                              text_or_null(finding.id), finding.message});
    }
    return table;
}

} // namespace crt

namespace crt {

namespace {

std::string xml_escaped(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        switch (c) {
        case '&': escaped += "&amp;"; break;
        case '<': escaped += "&lt;"; break;
        case '>': escaped += "&gt;"; break;
        case '"': escaped += "&quot;"; break;
        case '\'': escaped += "&apos;"; break;
        case '\n': escaped += "&#10;"; break;
        case '\r': escaped += "&#13;"; break;
        case '\t': escaped += "&#9;"; break;
        default:
            // XML 1.0 has no way to write the other control characters.
            if (static_cast<unsigned char>(c) < 0x20) {
                escaped += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
            } else {
                escaped += c;
            }
        }
    }
    return escaped;
}

} // namespace

std::string findings_junit(const std::vector<Finding>& findings,
                           const std::vector<std::string>& codes) {
    std::size_t failures = 0;
    std::string cases;
    for (const auto& code : codes) {
        std::string body;
        for (const auto& f : findings) {
            if (f.code != code) {
                continue;
            }
            ++failures;
            std::string where = f.id.empty() ? f.entity : f.entity + " " + f.id;
            body += fmt::format(
                "      <failure type=\"{}\" message=\"{}: {}\">{} {} {}: {}</failure>\n",
                xml_escaped(f.severity), xml_escaped(where), xml_escaped(f.message),
                xml_escaped(f.severity), xml_escaped(f.code), xml_escaped(where),
                xml_escaped(f.message));
        }
        cases +=
            fmt::format("    <testcase classname=\"crt check\" name=\"{}\"{}\n", xml_escaped(code),
                        body.empty() ? "/>" : ">\n" + body + "    </testcase>");
    }
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites>\n"
        "  <testsuite name=\"crt check\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n"
        "{}"
        "  </testsuite>\n"
        "</testsuites>\n",
        codes.size(), failures, cases);
}

} // namespace crt
