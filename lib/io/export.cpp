// Export: every row of a kind with exactly the columns import reads, written
// row by row so memory stays flat however large the database.
#include "lib/base/error.h"
#include "lib/io/import.h"

#include "lib/store/statement.h"
#include <nlohmann/json.hpp>

namespace crt {

namespace {

// The SELECT of each kind, its columns in data_columns(kind) order; text
// columns that hold numbers are marked so JSON keeps them numbers.
struct ExportQuery {
    const char* sql;
    std::vector<int> numeric; // indexes of integer or decimal columns
};

ExportQuery export_query(DataKind kind) {
    switch (kind) {
    case DataKind::agencies:
        return {"SELECT ori, name, type, state, sworn, contact_name, contact_email, contact_phone "
                "FROM agency "
                "ORDER BY ori",
                {4}};
    case DataKind::experts:
        return {"SELECT e.handle, e.name, e.org, e.email, (SELECT group_concat(topic, ',') FROM "
                "(SELECT topic FROM expert_topic t WHERE t.expert = e.handle ORDER BY topic)), "
                "e.capacity, "
                "CASE e.active WHEN 1 THEN 'true' ELSE 'false' END FROM expert e ORDER BY e.handle",
                {5}};
    case DataKind::requests:
        return {"SELECT r.id, r.external_id, r.agency, r.level, r.title, r.description, (SELECT "
                "group_concat(topic, "
                "',') FROM (SELECT topic FROM request_topic t WHERE t.request = r.id ORDER BY "
                "topic)), r.delivery, "
                "r.form, r.priority, r.received, r.target, r.event_date, r.status, r.status_date, "
                "r.status_note, "
                "r.accepted FROM request r ORDER BY r.id",
                {0}};
    case DataKind::assignments:
        return {"SELECT request, expert, role, assigned, released, printf('%d.%02d', centihours / "
                "100, centihours "
                "% 100) FROM assignment ORDER BY request, id",
                {0, 5}};
    case DataKind::milestones:
        return {"SELECT id, request, kind, title, due, status, created, status_date, completed, "
                "note, ref, finding, "
                "blocker, template FROM milestone ORDER BY id",
                {0, 1, 13}};
    }
    return {"", {}};
}

} // namespace

void export_data(Store& store, DataKind kind, std::ostream& out, Format format) {
    if (format != Format::csv && format != Format::tsv && format != Format::ndjson &&
        format != Format::json) {
        fail(ErrorKind::usage, "export writes csv, tsv, json or ndjson, not {}",
             format_name(format));
    }
    const auto& columns = data_columns(kind);
    ExportQuery spec = export_query(kind);
    Statement query(store, spec.sql);
    auto is_numeric = [&](int i) {
        return std::find(spec.numeric.begin(), spec.numeric.end(), i) != spec.numeric.end();
    };
    const int width = static_cast<int>(columns.size());
    if (format == Format::csv || format == Format::tsv) {
        char separator = format == Format::csv ? ',' : '\t';
        auto encode = format == Format::csv ? csv_field : tsv_field;
        for (int i = 0; i < width; ++i) {
            out << (i ? std::string(1, separator) : "")
                << encode(columns[static_cast<std::size_t>(i)]);
        }
        out << '\n';
        while (query.step()) {
            for (int i = 0; i < width; ++i) {
                if (i > 0) {
                    out << separator;
                }
                if (!query.is_null(i)) {
                    out << encode(query.text(i));
                }
            }
            out << '\n';
        }
        return;
    }
    bool array = format == Format::json;
    bool first = true;
    if (array) {
        out << '[';
    }
    while (query.step()) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (int i = 0; i < width; ++i) {
            const auto& name = columns[static_cast<std::size_t>(i)];
            if (query.is_null(i)) {
                object[name] = nullptr;
            } else if (is_numeric(i)) {
                object[name] = nlohmann::ordered_json::parse(query.text(i));
            } else {
                object[name] = query.text(i);
            }
        }
        std::string line =
            object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        if (array) {
            out << (first ? "\n  " : ",\n  ") << line;
        } else {
            out << line << '\n';
        }
        first = false;
    }
    if (array) {
        out << (first ? "]\n" : "\n]\n");
    }
}

} // namespace crt
