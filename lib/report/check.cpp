#include "lib/report/check.h"

#include "lib/model/history.h"

#include "lib/base/domain.h"

#include "lib/store/statement.h"

#include <fmt/format.h>

namespace crt {

namespace {

class Checks {
  public:
    Checks(Store& store, std::vector<Finding>& findings) : store_(store), findings_(findings) {}

    // Adds one finding per row of `sql`, whose columns are the entity id and
    // the message.
    void rows(const std::string& code, const std::string& severity, const std::string& entity,
              const std::string& sql) {
        Statement query(store_, sql);
        while (query.step()) {
            findings_.push_back({code, severity, entity, query.text(0), query.text(1)});
        }
    }

    void add(const std::string& code, const std::string& severity, const std::string& entity,
             const std::string& id, const std::string& message) {
        findings_.push_back({code, severity, entity, id, message});
    }

    Store& store() { return store_; }

  private:
    Store& store_;
    std::vector<Finding>& findings_;
};

void check_sqlite(Checks& checks) {
    Statement integrity(checks.store(), "PRAGMA integrity_check");
    while (integrity.step()) {
        std::string line = integrity.text(0);
        if (line != "ok") {
            checks.add("integrity", "error", "database", "", line);
        }
    }
    checks.rows("foreign-key", "error", "database",
                "SELECT \"table\" || ' row ' || rowid, 'references a missing ' || parent FROM "
                "pragma_foreign_key_check");
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

void check_capacity(Checks& checks) {
    checks.rows("over-capacity", "warning", "expert",
                fmt::format(R"sql(
        SELECT e.handle, count(*) || ' active assignments, capacity ' || e.capacity
        FROM expert e JOIN assignment a ON a.expert = e.handle AND a.released IS NULL
        JOIN request r ON r.id = a.request AND r.status NOT IN {}
        GROUP BY e.handle HAVING count(*) > e.capacity ORDER BY e.handle)sql",
                            k_sql_closed_request_statuses));
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
                 "request_topic t WHERE t.request = x.id ORDER BY topic)), '') END"}}) {
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
                  FROM last l JOIN {0} x ON x.id = CAST(l.entity_id AS INTEGER) WHERE l.n = 1)
            WHERE new_value IS NOT value
            ORDER BY id, field)sql",
                                entity, fields, value, standing_sql("h")));
    }
    // Hours add up: the standing entries and adjustments sum to the total.
    checks.rows("history-gap", "error", "assignment",
                fmt::format(R"sql(
        SELECT a.id, 'hours ' || printf('%d.%02d', a.centihours / 100, a.centihours % 100)
               || ' are not the sum of its hours entries (' || printf('%.2f', s.total / 100.0) || ')'
        FROM assignment a JOIN (
            SELECT CAST(h.entity_id AS INTEGER) AS id,
                   sum(round((CAST(h.new_value AS REAL) - CAST(h.old_value AS REAL)) * 100)) AS total
            FROM history h
            WHERE h.entity = 'assignment' AND h.field = 'hours'
              AND (h.action = 'update' OR h.action = 'correct') AND {}
            GROUP BY h.entity_id) s ON s.id = a.id
        WHERE s.total <> a.centihours
        ORDER BY a.id)sql",
                            standing_sql("h")));
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
                 WHEN c.action IN ('update', 'status') AND (c.action <> t.action OR c.field IS NOT t.field)
                   THEN 're-dates history row ' || c.corrects || ' but changes something else'
                 ELSE 'history row ' || c.corrects || ' is read past more than once' END
        FROM history c LEFT JOIN history t ON t.id = c.corrects
        WHERE (c.action IN ('void', 'correct') AND c.corrects IS NULL)
           OR (c.corrects IS NOT NULL AND (
                  t.id IS NULL OR t.entity <> c.entity OR t.entity_id <> c.entity_id
                  OR (c.action <> 'correct' AND t.action NOT IN ('update', 'status'))
                  OR (c.action IN ('update', 'status') AND (c.action <> t.action OR c.field IS NOT t.field))
                  OR (c.action <> 'correct' AND EXISTS (
                         SELECT 1 FROM history o WHERE o.corrects = c.corrects AND o.action <> 'correct'
                           AND o.id < c.id))))
        ORDER BY c.id)sql");
}

} // namespace

std::vector<Finding> check_database(Store& store, const Catalogue* catalogue,
                                    const std::vector<std::string>& catalogue_problems) {
    std::vector<Finding> findings;
    Checks checks(store, findings);
    check_sqlite(checks);
    for (const auto& problem : catalogue_problems) {
        checks.add("catalogue", "error", "catalogue", "", problem);
    }
    if (catalogue != nullptr) {
        check_topics(checks, *catalogue);
    }
    check_lifecycle(checks);
    check_dates(checks);
    check_capacity(checks);
    check_history(checks);
    check_history_values(checks);
    check_history_order(checks);
    check_corrections(checks);
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
