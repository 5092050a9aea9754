#include "lib/report/report.h"

#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/model/asof.h"
#include "lib/model/history.h"

#include "lib/store/statement.h"
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace crt {

namespace {

std::vector<std::pair<std::string, std::string>> describe(const ReportFilter& filter) {
    std::vector<std::pair<std::string, std::string>> out;
    auto join = [](const std::vector<std::string>& items) {
        std::string text;
        for (const auto& item : items) {
            text += (text.empty() ? "" : ",") + item;
        }
        return text;
    };
    auto add = [&](const char* name, const std::string& value) {
        if (!value.empty()) {
            out.emplace_back(name, value);
        }
    };
    add("level", join(filter.levels));
    add("status", join(filter.statuses));
    add("state", filter.state);
    add("agency", filter.agency);
    add("topic", filter.topic);
    add("expert", filter.expert);
    add("since", filter.since);
    add("until", filter.until);
    return out;
}

} // namespace

Report report_header(const std::string& title, const ReportFilter& filter,
                     const std::string& as_of) {
    Report report;
    report.title = title;
    report.as_of = as_of;
    report.filters = describe(filter);
    return report;
}

Report single_table(const std::string& title, const ReportFilter& filter, const std::string& as_of,
                    Table table, std::vector<std::string> notes) {
    Report report = report_header(title, filter, as_of);
    report.sections.push_back({"", std::move(table)});
    report.notes = std::move(notes);
    return report;
}

void bind_scope(Statement& query, const std::vector<std::pair<std::string, Cell>>& binds) {
    for (const auto& [name, value] : binds) {
        int index = query.parameter_index(name.c_str());
        if (index > 0) {
            query.bind(index, value);
        }
    }
}

long long count_of(const Counts& counts, std::string_view name) {
    auto found = counts.find(name);
    return found == counts.end() ? 0 : found->second;
}

std::optional<double> median(std::vector<long>& values) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<long>(middle), values.end());
    double upper = static_cast<double>(values[middle]);
    if (values.size() % 2 == 1) {
        return upper;
    }
    double lower = static_cast<double>(
        *std::max_element(values.begin(), values.begin() + static_cast<long>(middle)));
    return (lower + upper) / 2.0;
}

std::optional<double> percent(long long part, long long whole) {
    if (whole == 0) {
        return std::nullopt;
    }
    // Integer arithmetic first, so 2/3 gives 66.7 on every machine.
    long long tenths = (part * 2000 + whole) / (2 * whole);
    return static_cast<double>(tenths) / 10.0;
}

Scope request_scope(const ReportFilter& filter, const std::string& as_of) {
    Scope scope;
    // A scan beats the received-date index here: most requests are in scope,
    // and the index would cost a table look-up for each of them.
    std::string where = "+r.received <= :as_of";
    scope.binds.emplace_back(":as_of", as_of);
    auto in_list = [&](const std::string& column, const std::string& prefix,
                       const std::vector<std::string>& values, std::string& clause) {
        if (values.empty()) {
            return;
        }
        clause += " AND " + column + " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            std::string name = fmt::format(":{}{}", prefix, i);
            clause += (i == 0 ? "" : ", ") + name;
            scope.binds.emplace_back(name, values[i]);
        }
        clause += ")";
    };
    auto equals = [&](const std::string& condition, const std::string& name,
                      const std::string& value) {
        if (!value.empty()) {
            where += " AND " + condition;
            scope.binds.emplace_back(name, value);
        }
    };
    in_list("r.level", "level", filter.levels, where);
    equals("r.agency IN (SELECT ori FROM agency WHERE state = :state)", ":state", filter.state);
    equals("r.agency = :agency", ":agency", filter.agency);
    equals("r.id IN (SELECT request FROM request_topic WHERE topic = :topic)", ":topic",
           filter.topic);
    equals("r.id IN (SELECT request FROM assignment WHERE expert = :expert AND assigned <= :as_of)",
           ":expert", filter.expert);
    equals("r.received >= :since", ":since", filter.since);
    equals("r.received <= :until", ":until", filter.until);
    std::string outer;
    in_list("status", "status", filter.statuses, outer);
    scope.sql = fmt::format(R"sql((SELECT * FROM (
        SELECT r.id, r.agency, r.level, r.received,
               CASE WHEN r.accepted <= :as_of THEN r.accepted END AS accepted,
               {} AS status, r.status_date AS last_move
        FROM request r WHERE {}) AS rows WHERE TRUE{}))sql",
                            request_status_as_of_sql("r"), where, outer);
    return scope;
}

void write_report(std::ostream& out, const Report& report, Format format, const View& view,
                  std::size_t width) {
    if (view.shapes() && report.data_section < report.sections.size()) {
        Report shaped = report;
        apply_view(shaped.sections[report.data_section].table, view);
        write_report(out, shaped, format, View{}, width);
        return;
    }
    if (format != Format::table && format != Format::md) {
        if (report.data_section < report.sections.size()) {
            write_table(out, report.sections[report.data_section].table, format);
        }
        return;
    }
    bool md = format == Format::md;
    std::string filters;
    for (const auto& [name, value] : report.filters) {
        filters += fmt::format("{}{}={}", filters.empty() ? "" : ", ", name, value);
    }
    if (md) {
        out << "# " << md_field(report.title) << "\n\nAs of " << report.as_of
            << ". Filters: " << (filters.empty() ? "none" : md_field(filters)) << ".\n";
    } else {
        // The title may hold data (an agency's name) and the filters the
        // user's words: neither may reach the terminal raw.
        out << terminal_safe(report.title) << " as of " << report.as_of
            << (filters.empty() ? std::string() : " (" + terminal_safe(filters) + ")") << '\n';
    }
    for (const auto& section : report.sections) {
        out << '\n';
        if (!section.name.empty()) {
            out << (md ? "## " + md_field(section.name) : terminal_safe(section.name))
                << (md ? "\n\n" : ":\n");
        }
        if (section.table.rows.empty()) {
            out << (md ? "No rows.\n" : "(none)\n");
        } else {
            write_table(out, section.table, format, width);
        }
    }
    if (!report.notes.empty()) {
        out << '\n';
        for (const auto& note : report.notes) {
            out << (md ? "- " : "") << note << '\n';
        }
    }
}

namespace {

bool level_in_filter(const ReportFilter& filter, const std::string& level) {
    return filter.levels.empty() ||
           std::find(filter.levels.begin(), filter.levels.end(), level) != filter.levels.end();
}

} // namespace

std::vector<LevelSummary> summarize_levels(Store& store, const Catalogue& catalogue,
                                           const ReportFilter& filter, const std::string& as_of) {
    Scope scope = request_scope(filter, as_of);
    Statement query(store, fmt::format(R"sql(
        SELECT s.level, s.status, s.received,
               (SELECT min(a.assigned) FROM assignment a WHERE a.request = s.id AND a.assigned <= :as_of),
               CASE WHEN s.status <> 'completed' THEN NULL
                 -- Completed by the request's last move: that move's day.
                 WHEN s.last_move <= :as_of THEN s.last_move
                 ELSE (SELECT max(h.effective_date) FROM history h
                  WHERE h.request = s.id AND h.entity = 'request' AND h.entity_id = CAST(s.id AS TEXT) AND h.action = 'status'
                    AND h.new_value = 'completed' AND h.effective_date <= :as_of AND {}) END
        FROM {} s)sql",
                                       standing_sql("h"), scope.sql));
    bind_scope(query, scope.binds);
    struct Days {
        std::vector<long> to_assignment;
        std::vector<long> to_completion;
    };
    std::map<std::string, LevelSummary> levels;
    std::map<std::string, Days> days;
    while (query.step()) {
        std::string level = query.text(0);
        LevelSummary& summary = levels[level];
        ++summary.requests;
        ++summary.by_status[query.text(1)];
        std::string received = query.text(2);
        if (!query.is_null(3)) {
            days[level].to_assignment.push_back(days_between(received, query.text(3)));
        }
        if (!query.is_null(4)) {
            days[level].to_completion.push_back(days_between(received, query.text(4)));
        }
    }
    std::vector<LevelSummary> out;
    for (const auto& level : catalogue.levels) {
        if (!level_in_filter(filter, level.id)) {
            continue;
        }
        LevelSummary summary = std::move(levels[level.id]);
        summary.level = level.id;
        summary.median_days_to_assignment = median(days[level.id].to_assignment);
        summary.median_days_to_completion = median(days[level.id].to_completion);
        out.push_back(std::move(summary));
    }
    return out;
}

Report report_summary(Store& store, const Catalogue& catalogue, const ReportFilter& filter,
                      const std::string& as_of) {
    Table table{{"level", "requests"}, {}};
    for (auto status : k_request_statuses) {
        table.columns.emplace_back(status);
    }
    table.columns.emplace_back("median_days_to_assignment");
    table.columns.emplace_back("median_days_to_completion");
    for (const auto& summary : summarize_levels(store, catalogue, filter, as_of)) {
        Row row = {summary.level, summary.requests};
        for (auto status : k_request_statuses) {
            row.emplace_back(count_of(summary.by_status, status));
        }
        row.push_back(number_or_null(summary.median_days_to_assignment));
        row.push_back(number_or_null(summary.median_days_to_completion));
        table.rows.push_back(std::move(row));
    }
    return single_table(
        "Summary of requests by level", filter, as_of, std::move(table),
        {"requests: received on or before the as-of day; each status column counts them "
         "by their status at the end of that day.",
         "median_days_to_assignment: days from received to the first expert assignment, "
         "over requests assigned by the as-of day.",
         "median_days_to_completion: days from received to the last move to completed, "
         "over requests completed on the as-of day.",
         "A median of an even count is the mean of the two middle values; empty when no "
         "request qualifies."});
}

void for_each_timeliness(
    Store& store, const Catalogue& catalogue, const ReportFilter& filter, const std::string& as_of,
    const std::function<void(const std::string&, const std::string&, Timeliness)>& each) {
    Scope scope = request_scope(filter, as_of);
    Statement query(store, fmt::format(R"sql(
        SELECT s.level, s.status, s.received,
               (SELECT min(a.assigned) FROM assignment a WHERE a.request = s.id AND a.assigned <= :as_of)
        FROM {} s)sql",
                                       scope.sql));
    bind_scope(query, scope.binds);
    while (query.step()) {
        const Level* level = catalogue.find_level(query.text(0));
        if (level == nullptr) {
            continue;
        }
        std::string received = query.text(2);
        std::string deadline = add_days(received, level->target_days);
        std::string status = query.text(1);
        Timeliness timeliness = Timeliness::waiting;
        if (!query.is_null(3)) {
            timeliness = query.text(3) <= deadline ? Timeliness::within_target : Timeliness::late;
        } else if (is_final_request_status(status)) {
            timeliness = Timeliness::closed_unassigned;
        } else if (deadline < as_of) {
            timeliness = Timeliness::late;
        }
        each(level->id, received, timeliness);
    }
}

std::vector<LevelTimeliness> measure_timeliness(Store& store, const Catalogue& catalogue,
                                                const ReportFilter& filter,
                                                const std::string& as_of) {
    std::map<std::string, LevelTimeliness> counts;
    for_each_timeliness(store, catalogue, filter, as_of,
                        [&](const std::string& level, const std::string&, Timeliness timeliness) {
                            tally(counts[level], timeliness);
                        });
    std::vector<LevelTimeliness> out;
    for (const auto& level : catalogue.levels) {
        if (!level_in_filter(filter, level.id)) {
            continue;
        }
        LevelTimeliness c = counts[level.id];
        c.level = level.id;
        c.target_days = level.target_days;
        c.share_within_target = percent(c.within_target, c.within_target + c.late);
        out.push_back(std::move(c));
    }
    return out;
}

Report report_timeliness(Store& store, const Catalogue& catalogue, const ReportFilter& filter,
                         const std::string& as_of) {
    Table table{{"level", "target_days", "assigned_within_target", "late", "waiting",
                 "closed_unassigned", "share_within_target"},
                {}};
    for (const auto& c : measure_timeliness(store, catalogue, filter, as_of)) {
        table.rows.push_back({c.level, static_cast<long long>(c.target_days), c.within_target,
                              c.late, c.waiting, c.closed_unassigned,
                              number_or_null(c.share_within_target)});
    }
    return single_table(
        "Timeliness of first assignment by level", filter, as_of, std::move(table),
        {"The target is the level's target_days from the catalogue, counted from the received "
         "date.",
         "assigned_within_target: first assignment on or before received + target_days; late: "
         "assigned after it, or still unassigned with the target day passed.",
         "waiting: unassigned, target day not yet passed; closed_unassigned: declined or withdrawn "
         "before anyone was assigned (not counted in the share).",
         "share_within_target = 100 * assigned_within_target / (assigned_within_target + late), "
         "one "
         "decimal, half away from zero; empty when nothing counts."});
}

long long TopicCount::total() const {
    long long sum = 0;
    for (const auto& [level, requests] : by_level) {
        sum += requests;
    }
    return sum;
}

std::vector<TopicCount> count_topics(Store& store, const Catalogue& catalogue,
                                     const ReportFilter& filter, const std::string& as_of) {
    Scope scope = request_scope(filter, as_of);
    Statement query(store, fmt::format(R"sql(
        SELECT t.topic, s.level, count(*) FROM {} s JOIN request_topic t ON t.request = s.id
        GROUP BY t.topic, s.level)sql",
                                       scope.sql));
    bind_scope(query, scope.binds);
    std::map<std::string, TopicCount> counts;
    while (query.step()) {
        counts[query.text(0)].by_level[query.text(1)] = query.integer(2);
    }
    std::vector<TopicCount> out;
    for (const auto& topic : catalogue.topics) {
        TopicCount count = counts[topic.id];
        count.topic = topic.id;
        count.entry = topic;
        out.push_back(std::move(count));
    }
    for (auto& [id, count] : counts) {
        if (catalogue.find_topic(id) == nullptr) {
            count.topic = id;
            out.push_back(std::move(count));
        }
    }
    return out;
}

Report report_topics(Store& store, const Catalogue& catalogue, const ReportFilter& filter,
                     const std::string& as_of) {
    Table table{{"topic", "name", "category", "retired"}, {}};
    for (auto level : k_levels) {
        table.columns.emplace_back(level);
    }
    table.columns.emplace_back("total");
    for (const auto& count : count_topics(store, catalogue, filter, as_of)) {
        const auto& entry = count.entry;
        Row row = {count.topic, entry ? Cell(entry->name) : Cell(),
                   entry ? Cell(entry->category) : Cell(), entry ? Cell(entry->retired) : Cell()};
        for (auto level : k_levels) {
            row.emplace_back(count_of(count.by_level, level));
        }
        row.emplace_back(count.total());
        table.rows.push_back(std::move(row));
    }
    return single_table("Requests by catalogue topic and level", filter, as_of, std::move(table),
                        {"Every catalogue topic is listed, requested or not, in catalogue order; a "
                         "topic on a record "
                         "that the catalogue no longer has follows with no name.",
                         "A request on several topics counts once under each."});
}

std::vector<ExpertLoad> measure_workload(Store& store, const ReportFilter& filter,
                                         const std::string& as_of) {
    Scope scope = request_scope(filter, as_of);
    Statement query(store, fmt::format(R"sql(
        WITH scope AS {0},
        live AS (SELECT a.* FROM assignment a JOIN scope s ON s.id = a.request
                 WHERE a.assigned <= :as_of AND (a.released IS NULL OR a.released > :as_of)
                   AND s.status NOT IN {3}),
        overdue AS (SELECT m.request FROM milestone m JOIN scope s ON s.id = m.request
                    WHERE m.created <= :as_of AND {2} < :as_of
                      AND s.status NOT IN {4}
                      AND {1} NOT IN {5})
        SELECT e.handle, e.name, e.org, e.active, e.capacity,
               (SELECT count(*) FROM live l WHERE l.expert = e.handle),
               (SELECT coalesce(sum(round((CAST(h.new_value AS DOUBLE PRECISION) - CAST(h.old_value AS DOUBLE PRECISION)) * 100)), 0)
                FROM assignment a JOIN history h ON h.request = a.request AND h.entity = 'assignment'
                  AND h.entity_id = CAST(a.id AS TEXT)
                JOIN scope s ON s.id = a.request
                WHERE a.expert = e.handle AND h.field = 'hours' AND h.effective_date <= :as_of
                  AND (h.action = 'update' OR h.action = 'correct') AND {6}),
               (SELECT count(*) FROM overdue o WHERE o.request IN (SELECT request FROM live l WHERE l.expert = e.handle))
        FROM expert e
        WHERE (:expert_only = '' OR e.handle = :expert_only)
        ORDER BY e.handle)sql",
                                       scope.sql, milestone_status_as_of_sql("m"),
                                       milestone_field_as_of_sql("due"),
                                       k_sql_closed_request_statuses, k_sql_final_request_statuses,
                                       k_sql_closed_milestone_statuses, standing_sql("h")));
    bind_scope(query, scope.binds);
    query.bind(":expert_only", filter.expert);
    std::vector<ExpertLoad> out;
    while (query.step()) {
        out.push_back({query.text(0), query.text(1), query.text(2), query.integer(3) != 0,
                       query.integer(4), query.integer(5),
                       static_cast<double>(query.integer(6)) / 100.0, query.integer(7)});
    }
    return out;
}

Report report_workload(Store& store, const ReportFilter& filter, const std::string& as_of) {
    Table table{{"expert", "name", "org", "active", "capacity", "active_assignments", "hours",
                 "overdue_milestones"},
                {}};
    for (const auto& load : measure_workload(store, filter, as_of)) {
        table.rows.push_back({load.handle, load.name, text_or_null(load.org), load.active,
                              load.capacity, load.active_assignments, load.hours,
                              load.overdue_milestones});
    }
    return single_table(
        "Expert workload", filter, as_of, std::move(table),
        {"active_assignments: assigned by the as-of day, not released by then, on "
         "requests open that day.",
         "hours: hours logged with an effective date on or before the as-of day, on the "
         "requests in scope.",
         "overdue_milestones: milestones open at the end of the as-of day and due "
         "before it, on requests the "
         "expert is actively assigned to.",
         "name, org, active and capacity are the expert's current values."});
}

} // namespace crt
