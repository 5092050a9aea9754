#include "lib/io/copy.h"

#include "lib/base/error.h"

#include <fmt/format.h>

namespace crt {

namespace {

struct TableColumns {
    const char* table;
    const char* columns;
    const char* order;
};

// Parents before children, and history in id order, so every reference
// (a history row's `corrects` included) names a row already copied.
constexpr TableColumns k_tables[] = {
    {"agency", "ori, name, type, state, sworn, contact_name, contact_email, contact_phone", "ori"},
    {"expert", "handle, name, org, email, capacity, active", "handle"},
    {"expert_topic", "expert, topic", "expert, topic"},
    {"request",
     "id, agency, level, title, description, delivery, form, priority, received, target, "
     "event_date, external_id, status, status_date, status_note, accepted",
     "id"},
    {"request_topic", "request, topic", "request, topic"},
    {"assignment", "id, request, expert, role, assigned, released, centihours", "id"},
    {"milestone",
     "id, request, kind, title, due, status, created, status_date, updated, completed, note, ref, "
     "finding, blocker, template",
     "id"},
    {"history",
     "id, entity, entity_id, request, action, field, old_value, new_value, actor, recorded_at, "
     "effective_date, note, corrects",
     "id"},
};

int count_columns(const char* columns) {
    int count = 1;
    for (const char* c = columns; *c != '\0'; ++c) {
        count += *c == ',' ? 1 : 0;
    }
    return count;
}

long long copy_table(Store& source, Store& target, const TableColumns& table) {
    int columns = count_columns(table.columns);
    std::string marks;
    for (int i = 0; i < columns; ++i) {
        marks += i == 0 ? "?" : ", ?";
    }
    Statement read(source, fmt::format("SELECT {} FROM {} ORDER BY {}", table.columns, table.table,
                                       table.order));
    Statement write(
        target, fmt::format("INSERT INTO {} ({}) VALUES ({})", table.table, table.columns, marks));
    long long rows = 0;
    // A failure to read is the source's, named as such (the target's
    // creation names everything else after the target).
    auto next = [&] {
        try {
            return read.step();
        } catch (const StoreError& error) {
            rethrow_store(error, source.path());
        }
    };
    while (next()) {
        write.reset();
        write.clear_bindings();
        for (int i = 0; i < columns; ++i) {
            if (read.is_null(i)) {
                write.bind(i + 1);
            } else if (read.is_integer(i)) {
                write.bind(i + 1, read.integer(i));
            } else if (read.is_real(i)) {
                write.bind(i + 1, read.real(i));
            } else {
                write.bind(i + 1, read.text(i));
            }
        }
        write.exec();
        ++rows;
        if (target.bulk_full()) {
            target.flush();
        }
    }
    return rows;
}

} // namespace

std::vector<CopiedTable> copy_database(Store& source, Store& target) {
    if (source.schema_version() != target.schema_version()) {
        fail(ErrorKind::io, "{} is at schema version {} and {} at {}; open both with one crt",
             source.path(), source.schema_version(), target.path(), target.schema_version());
    }
    std::vector<CopiedTable> copied;
    Store::Snapshot snapshot(source);
    Store::Transaction transaction(target);
    // On a server the rows go in one COPY per table, not a round trip each.
    Store::Bulk bulk(target);
    for (const auto& table : k_tables) {
        if (target.query_integer(fmt::format("SELECT count(*) FROM {}", table.table)) != 0) {
            fail(ErrorKind::conflict,
                 "{}: table {} already holds rows; copy needs an empty database", target.path(),
                 table.table);
        }
        copied.push_back({table.table, copy_table(source, target, table)});
    }
    for (const auto& [table, rows] : copied) {
        auto there = target.query_integer(fmt::format("SELECT count(*) FROM {}", table));
        auto here = source.query_integer(fmt::format("SELECT count(*) FROM {}", table));
        if (there != rows || here != rows) {
            fail(ErrorKind::io, "{}: {} holds {} rows after the copy, {} in {}; nothing was copied",
                 target.path(), table, there, here, source.path());
        }
    }
    transaction.commit();
    return copied;
}

Copy copy_database(Store& source, const std::string& target_path) {
    Copy copy;
    Store target = Store::create(
        target_path, [&](Store& filling) { copy.tables = copy_database(source, filling); });
    copy.target = target.path();
    return copy;
}

} // namespace crt
