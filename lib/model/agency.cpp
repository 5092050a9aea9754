#include "lib/model/agency.h"

#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/validate.h"

#include "lib/store/statement.h"

namespace crt {

namespace {

constexpr const char* k_select =
    "SELECT ori, name, type, state, sworn, coalesce(contact_name, ''), "
    "coalesce(contact_email, ''), coalesce(contact_phone, '') FROM agency";

Agency read_agency(Statement& query) {
    Agency agency;
    agency.ori = query.text(0);
    agency.name = query.text(1);
    agency.type = query.text(2);
    agency.state = query.text(3);
    if (!query.is_null(4)) {
        agency.sworn = query.integer(4);
    }
    agency.contact_name = query.text(5);
    agency.contact_email = query.text(6);
    agency.contact_phone = query.text(7);
    return agency;
}

Cell sworn_cell(const std::optional<long long>& sworn) {
    if (sworn) {
        return *sworn;
    }
    return std::monostate{};
}

// The agency's stored columns (all but the key) and their values: the one
// place an Agency meets the agency table's column names.
std::vector<FieldChange> stored_fields(const Agency& agency) {
    return {{"name", agency.name},
            {"type", agency.type},
            {"state", agency.state},
            {"sworn", sworn_cell(agency.sworn)},
            {"contact_name", text_or_null(agency.contact_name)},
            {"contact_email", text_or_null(agency.contact_email)},
            {"contact_phone", text_or_null(agency.contact_phone)}};
}

} // namespace

void validate_agency(const Agency& agency) {
    if (!is_ori(agency.ori)) {
        fail(ErrorKind::invalid,
             "ori: '{}' is not an ORI (a state code and 7 upper-case letters or digits, e.g. "
             "CA0194200)",
             agency.ori);
    }
    check_text(agency.name, "name");
    if (agency.name.empty()) {
        fail(ErrorKind::invalid, "name: an agency needs a name");
    }
    if (!is_one_of(agency.type, k_agency_types)) {
        fail(ErrorKind::invalid, "type: '{}' is not an agency type", agency.type);
    }
    if (!is_state(agency.state)) {
        fail(ErrorKind::invalid, "state: '{}' is not a USPS state code", agency.state);
    }
    if (agency.ori.compare(0, 2, agency.state) != 0) {
        fail(ErrorKind::invalid, "state: ORI {} belongs to state {}, not {}", agency.ori,
             agency.ori.substr(0, 2), agency.state);
    }
    if (agency.sworn && *agency.sworn < 0) {
        fail(ErrorKind::invalid, "sworn: must be 0 or more");
    }
    check_text(agency.contact_name, "contact_name");
    check_text(agency.contact_phone, "contact_phone");
    if (!agency.contact_email.empty() && !is_email(agency.contact_email)) {
        fail(ErrorKind::invalid, "contact_email: '{}' is not an email address",
             agency.contact_email);
    }
}

Table agency_table(const std::vector<Agency>& agencies) {
    Table table{
        {"ori", "name", "type", "state", "sworn", "contact_name", "contact_email", "contact_phone"},
        {}};
    for (const auto& agency : agencies) {
        table.rows.push_back({agency.ori, agency.name, agency.type, agency.state,
                              sworn_cell(agency.sworn), text_or_null(agency.contact_name),
                              text_or_null(agency.contact_email),
                              text_or_null(agency.contact_phone)});
    }
    return table;
}

void add_agency(Store& store, const Agency& agency, const Stamp& stamp) {
    validate_agency(agency);
    Store::Transaction transaction(store);
    if (find_agency(store, agency.ori)) {
        fail(ErrorKind::conflict, "agency {} already exists (use 'crt agency update')", agency.ori);
    }
    Statement insert(store, R"sql(
        INSERT INTO agency (ori, name, type, state, sworn, contact_name, contact_email, contact_phone)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?))sql");
    insert.bind(1, agency.ori);
    int index = 2;
    for (const auto& field : stored_fields(agency)) {
        insert.bind(index++, field.value);
    }
    insert.exec();
    record(store,
           {"agency", agency.ori, "create", "", std::nullopt, record_json(agency_table({agency})),
            "", std::nullopt},
           stamp);
    transaction.commit();
}

int update_agency(Store& store, const std::string& ori, const AgencyPatch& patch,
                  const Stamp& stamp) {
    Store::Transaction transaction(store);
    Agency agency = get_agency(store, ori);
    if (auto created = created_on(store, "agency", ori);
        created && !stamp.date.empty() && stamp.date < *created) {
        fail(ErrorKind::invalid, "--date {} is before agency {} was added ({})", stamp.date, ori,
             *created);
    }
    if (patch.name)
        agency.name = *patch.name;
    if (patch.type)
        agency.type = *patch.type;
    if (patch.state)
        agency.state = *patch.state;
    if (patch.sworn)
        agency.sworn = *patch.sworn;
    if (patch.contact_name)
        agency.contact_name = *patch.contact_name;
    if (patch.contact_email)
        agency.contact_email = *patch.contact_email;
    if (patch.contact_phone)
        agency.contact_phone = *patch.contact_phone;
    validate_agency(agency);
    int changed =
        apply_changes(store, "agency", "ori", ori, "agency", stored_fields(agency), stamp);
    transaction.commit();
    return changed;
}

std::optional<Agency> find_agency(Store& store, const std::string& ori) {
    Statement query(store, std::string(k_select) + " WHERE ori = ?");
    query.bind(1, ori);
    if (!query.step()) {
        return std::nullopt;
    }
    return read_agency(query);
}

Agency get_agency(Store& store, const std::string& ori) {
    auto agency = find_agency(store, ori);
    if (!agency) {
        fail(ErrorKind::not_found, "no agency with ORI '{}'", ori);
    }
    return *agency;
}

std::vector<Agency> list_agencies(Store& store, const AgencyFilter& filter) {
    Statement query(store, std::string(k_select) + R"sql(
        WHERE (?1 = '' OR state = ?1) AND (?2 = '' OR type = ?2) ORDER BY ori)sql");
    query.bind(1, filter.state);
    query.bind(2, filter.type);
    std::vector<Agency> agencies;
    while (query.step()) {
        agencies.push_back(read_agency(query));
    }
    return agencies;
}

} // namespace crt
