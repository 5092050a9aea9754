// The integrity check CI runs: every finding, never only the first.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/format.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace crt {

struct Finding {
    std::string code;     // stable, documented in crt-check(1)
    std::string severity; // error or warning
    std::string entity;   // database, catalogue, agency, expert, request, assignment, milestone
    std::string id;
    std::string message;
};

// Runs every check; reads only. `catalogue` is null when it could not be
// loaded, and `catalogue_problems` then says why.
std::vector<Finding> check_database(Store& store, const Catalogue* catalogue,
                                    const std::vector<std::string>& catalogue_problems);

// Columns: severity, code, entity, id, message.
Table findings_table(const std::vector<Finding>& findings);

} // namespace crt
