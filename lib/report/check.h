// The integrity check CI runs: every finding, never only the first.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/format.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crt {

struct Finding {
    std::string code;     // stable, documented in crt-check(1)
    std::string severity; // error or warning
    std::string entity;   // database, catalogue, or the table the row is in
    std::string id;
    std::string message;
};

// A code check may report, in the order findings come, and whether it
// needs the catalogue (it is not run without one).
struct CheckCode {
    std::string_view code;
    bool needs_catalogue = false;
};
const std::vector<CheckCode>& check_codes();
bool is_check_code(std::string_view code);

// Runs every check; reads only. `catalogue` is null when it could not be
// loaded, and `catalogue_problems` then says why. A part of the database the
// engine cannot read is a `corrupt` finding, and the other checks still run.
std::vector<Finding> check_database(Store& store, const Catalogue* catalogue,
                                    const std::vector<std::string>& catalogue_problems);

// Columns: severity, code, entity, id, message.
Table findings_table(const std::vector<Finding>& findings);

// One JUnit XML document: a testsuite "crt check" with a testcase per code
// in `codes` (the checks that ran) and a failure per finding.
std::string findings_junit(const std::vector<Finding>& findings,
                           const std::vector<std::string>& codes);

} // namespace crt
