#include "lib/model/expert.h"

#include "lib/base/error.h"
#include "lib/base/validate.h"

#include "lib/store/statement.h"

#include <algorithm>

namespace crt {

namespace {

void write_expertise(Store& store, const std::string& handle,
                     const std::vector<std::string>& topics) {
    Statement clear(store, "DELETE FROM expert_topic WHERE expert = ?");
    clear.bind(1, handle);
    clear.exec();
    Statement insert(store, "INSERT INTO expert_topic (expert, topic) VALUES (?, ?)");
    for (const auto& topic : topics) {
        insert.bind(1, handle);
        insert.bind(2, topic);
        insert.exec();
        insert.reset();
    }
}

std::vector<FieldChange> columns_of(const Expert& expert) {
    return {{"name", expert.name},
            {"org", text_or_null(expert.org)},
            {"email", text_or_null(expert.email)},
            {"capacity", expert.capacity},
            {"active", static_cast<long long>(expert.active ? 1 : 0)}};
}

} // namespace

void validate_expert(const Expert& expert, const Catalogue& catalogue) {
    if (!is_handle(expert.handle)) {
        fail(ErrorKind::invalid,
             "handle: '{}' is not a handle (lower-case letters, digits, '.', '_', '-'; "
             "starting with a letter or digit)",
             expert.handle);
    }
    check_text(expert.name, "name");
    if (expert.name.empty()) {
        fail(ErrorKind::invalid, "name: an expert needs a name");
    }
    check_text(expert.org, "org");
    if (!expert.email.empty() && !is_email(expert.email)) {
        fail(ErrorKind::invalid, "email: '{}' is not an email address", expert.email);
    }
    if (expert.capacity < 0 || expert.capacity > 1000) {
        fail(ErrorKind::invalid, "capacity: must be between 0 and 1000");
    }
    for (const auto& id : expert.expertise) {
        const Topic* topic = catalogue.find_topic(id);
        if (topic == nullptr) {
            fail(ErrorKind::not_found,
                 "expertise: no topic '{}' in the catalogue (see 'crt topics list')", id);
        }
    }
}

Table expert_table(const std::vector<Expert>& experts) {
    Table table{{"handle", "name", "org", "email", "expertise", "capacity", "active"}, {}};
    for (const auto& expert : experts) {
        table.rows.push_back({expert.handle, expert.name, text_or_null(expert.org),
                              text_or_null(expert.email), text_or_null(join_list(expert.expertise)),
                              expert.capacity, expert.active});
    }
    return table;
}

void add_expert(Store& store, const Catalogue& catalogue, Expert expert, const Stamp& stamp) {
    sort_unique(expert.expertise);
    validate_expert(expert, catalogue);
    for (const auto& id : expert.expertise) {
        if (catalogue.find_topic(id)->retired) {
            fail(ErrorKind::invalid, "expertise: topic '{}' is retired and cannot be added", id);
        }
    }
    Store::Transaction transaction(store);
    if (find_expert(store, expert.handle)) {
        fail(ErrorKind::conflict, "expert {} already exists (use 'crt expert update')",
             expert.handle);
    }
    Statement insert(store, R"sql(
        INSERT INTO expert (handle, name, org, email, capacity, active) VALUES (?, ?, ?, ?, ?, ?))sql");
    insert.bind(1, expert.handle);
    auto columns = columns_of(expert);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        insert.bind(static_cast<int>(i + 2), columns[i].value);
    }
    insert.exec();
    write_expertise(store, expert.handle, expert.expertise);
    record(store,
           {"expert", expert.handle, "create", "", std::nullopt,
            record_json(expert_table({expert})), "", std::nullopt},
           stamp);
    transaction.commit();
}

int update_expert(Store& store, const Catalogue& catalogue, const std::string& handle,
                  const ExpertPatch& patch, const Stamp& stamp) {
    Store::Transaction transaction(store);
    Expert expert = get_expert(store, handle);
    if (auto created = created_on(store, "expert", handle);
        created && !stamp.date.empty() && stamp.date < *created) {
        fail(ErrorKind::invalid, "--date {} is before expert {} was added ({})", stamp.date, handle,
             *created);
    }
    const auto old_expertise = expert.expertise;
    if (patch.name)
        expert.name = *patch.name;
    if (patch.org)
        expert.org = *patch.org;
    if (patch.email)
        expert.email = *patch.email;
    if (patch.capacity)
        expert.capacity = *patch.capacity;
    if (patch.active)
        expert.active = *patch.active;
    if (patch.expertise) {
        expert.expertise = *patch.expertise;
        sort_unique(expert.expertise);
    }
    // Only topics being added must be in the catalogue: a topic the expert
    // already holds stays even after a catalogue drops it (crt check reports
    // it), so the expert can still be renamed, re-rated or deactivated.
    Expert checked = expert;
    std::erase_if(checked.expertise, [&](const std::string& id) {
        return std::find(old_expertise.begin(), old_expertise.end(), id) != old_expertise.end();
    });
    validate_expert(checked, catalogue);
    int changed =
        apply_changes(store, "expert", "handle", handle, "expert", columns_of(expert), stamp);
    if (expert.expertise != old_expertise) {
        for (const auto& id : expert.expertise) {
            bool is_new =
                std::find(old_expertise.begin(), old_expertise.end(), id) == old_expertise.end();
            if (is_new && catalogue.find_topic(id)->retired) {
                fail(ErrorKind::invalid, "expertise: topic '{}' is retired and cannot be added",
                     id);
            }
        }
        write_expertise(store, handle, expert.expertise);
        record(store,
               {"expert", handle, "update", "expertise", join_list(old_expertise),
                join_list(expert.expertise), "", std::nullopt},
               stamp);
        ++changed;
    }
    transaction.commit();
    return changed;
}

std::optional<Expert> find_expert(Store& store, const std::string& handle) {
    ExpertFilter filter;
    filter.handle = handle;
    auto experts = list_experts(store, filter);
    if (experts.empty()) {
        return std::nullopt;
    }
    return experts.front();
}

Expert get_expert(Store& store, const std::string& handle) {
    auto expert = find_expert(store, handle);
    if (!expert) {
        fail(ErrorKind::not_found, "no expert with handle '{}'", handle);
    }
    return *expert;
}

std::vector<Expert> list_experts(Store& store, const ExpertFilter& filter) {
    Statement query(store, R"sql(
        SELECT e.handle, e.name, coalesce(e.org, ''), coalesce(e.email, ''), e.capacity, e.active,
               coalesce((SELECT group_concat(topic, ',') FROM
                           (SELECT topic FROM expert_topic t WHERE t.expert = e.handle ORDER BY topic) AS t), '')
        FROM expert e
        WHERE (?1 = '' OR EXISTS (SELECT 1 FROM expert_topic t WHERE t.expert = e.handle AND t.topic = ?1))
          AND (?2 = '' OR e.org = ?2)
          AND (CAST(?3 AS INTEGER) IS NULL OR e.active = ?3)
          AND (?4 = '' OR e.handle = ?4)
        ORDER BY e.handle)sql");
    query.bind(4, filter.handle);
    query.bind(1, filter.topic);
    query.bind(2, filter.org);
    if (filter.active) {
        query.bind(3, *filter.active ? 1 : 0);
    } else {
        query.bind(3);
    }
    std::vector<Expert> experts;
    while (query.step()) {
        Expert expert;
        expert.handle = query.text(0);
        expert.name = query.text(1);
        expert.org = query.text(2);
        expert.email = query.text(3);
        expert.capacity = query.integer(4);
        expert.active = query.integer(5) != 0;
        expert.expertise = split_list(query.text(6));
        experts.push_back(std::move(expert));
    }
    return experts;
}

} // namespace crt
