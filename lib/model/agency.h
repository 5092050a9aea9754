// The agency registry, keyed by ORI.
#pragma once

#include "lib/base/format.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace crt {

struct Agency {
    std::string ori;
    std::string name;
    std::string type;
    std::string state;
    std::optional<long long> sworn;
    std::string contact_name;
    std::string contact_email;
    std::string contact_phone;
};

// Changes to an agency; an unset member is left alone, an empty text clears.
struct AgencyPatch {
    std::optional<std::string> name;
    std::optional<std::string> type;
    std::optional<std::string> state;
    std::optional<std::optional<long long>> sworn;
    std::optional<std::string> contact_name;
    std::optional<std::string> contact_email;
    std::optional<std::string> contact_phone;
};

struct AgencyFilter {
    std::string state;
    std::string type;
};

// Throws `invalid`, naming the field, when the agency breaks a rule.
void validate_agency(const Agency& agency);

void add_agency(Store& store, const Agency& agency, const Stamp& stamp);
// Returns how many fields changed; throws `not_found` for an unknown ORI.
int update_agency(Store& store, const std::string& ori, const AgencyPatch& patch,
                  const Stamp& stamp);
std::optional<Agency> find_agency(Store& store, const std::string& ori);
// Like find_agency, but throws `not_found`.
Agency get_agency(Store& store, const std::string& ori);
std::vector<Agency> list_agencies(Store& store, const AgencyFilter& filter);

// Columns: ori, name, type, state, sworn, contact_name, contact_email, contact_phone.
Table agency_table(const std::vector<Agency>& agencies);

} // namespace crt
