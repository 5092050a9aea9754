// Export: every row of a kind with exactly the columns import reads, written
// row by row so memory stays flat however large the database.
#include "lib/base/error.h"
#include "lib/io/import.h"
#include "lib/model/history.h"

#include "lib/store/statement.h"

namespace crt {

namespace {

// The SELECT of each kind, its columns in data_columns(kind) order, and the
// type each column is written as: the writer then writes a value of export
// exactly as a list or a show writes it.
enum class Type { text, integer, flag, hours };

struct ExportQuery {
    const char* sql;
    std::vector<Type> types;
};

ExportQuery export_query(DataKind kind) {
    using T = Type;
    switch (kind) {
    case DataKind::agencies:
        return {"SELECT ori, name, type, state, sworn, contact_name, contact_email, contact_phone "
                "FROM agency ORDER BY ori",
                {T::text, T::text, T::text, T::text, T::integer, T::text, T::text, T::text}};
    case DataKind::experts:
        return {
            "SELECT e.handle, e.name, e.org, e.email, (SELECT group_concat(topic, ',') FROM "
            "(SELECT topic FROM expert_topic t WHERE t.expert = e.handle ORDER BY topic) AS t), "
            "e.capacity, e.active FROM expert e ORDER BY e.handle",
            {T::text, T::text, T::text, T::text, T::text, T::integer, T::flag}};
    case DataKind::requests:
        return {"SELECT r.id, r.external_id, r.agency, r.level, r.title, r.description, (SELECT "
                "group_concat(topic, ',') FROM (SELECT topic FROM request_topic t "
                "WHERE t.request = r.id ORDER BY topic) AS t), r.delivery, r.form, r.priority, "
                "r.received, r.target, r.event_date, r.status, r.status_date, r.status_note, "
                "r.accepted FROM request r ORDER BY r.id",
                {T::integer, T::text, T::text, T::text, T::text, T::text, T::text, T::text, T::text,
                 T::text, T::text, T::text, T::text, T::text, T::text, T::text, T::text}};
    case DataKind::assignments:
        return {"SELECT id, request, expert, role, assigned, released, centihours FROM assignment "
                "ORDER BY request, id",
                {T::integer, T::integer, T::text, T::text, T::text, T::text, T::hours}};
    case DataKind::milestones:
        return {"SELECT id, request, kind, title, due, status, created, status_date, completed, "
                "note, ref, finding, blocker, template FROM milestone ORDER BY id",
                {T::integer, T::integer, T::text, T::text, T::text, T::text, T::text, T::text,
                 T::text, T::text, T::text, T::text, T::text, T::integer}};
    }
    return {"", {}};
}

Cell read_cell(const Statement& query, int column, Type type) {
    if (query.is_null(column)) {
        return std::monostate{};
    }
    switch (type) {
    case Type::integer: return query.integer(column);
    case Type::flag: return query.integer(column) != 0;
    case Type::hours: return static_cast<double>(query.integer(column)) / 100.0;
    case Type::text: break;
    }
    return query.text(column);
}

void require_export_format(Format format) {
    if (format != Format::csv && format != Format::tsv && format != Format::ndjson &&
        format != Format::json) {
        fail(ErrorKind::usage, "export writes csv, tsv, json or ndjson, not {}",
             format_name(format));
    }
}

} // namespace

void export_data(Store& store, DataKind kind, std::ostream& out, Format format) {
    require_export_format(format);
    ExportQuery spec = export_query(kind);
    Statement query(store, spec.sql);
    RowWriter writer(out, format);
    writer.columns(data_columns(kind));
    Row row(spec.types.size());
    while (query.step()) {
        for (std::size_t i = 0; i < spec.types.size(); ++i) {
            row[i] = read_cell(query, static_cast<int>(i), spec.types[i]);
        }
        writer.row(row);
    }
    writer.finish();
}

void export_history(Store& store, std::ostream& out, Format format) {
    require_export_format(format);
    RowWriter writer(out, format);
    writer.columns(history_columns());
    for_each_history(store, {}, [&](const HistoryRow& row) { writer.row(history_cells(row)); });
    writer.finish();
}

} // namespace crt
