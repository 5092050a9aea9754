// Copying a whole database, registries to history, from one store to
// another: SQLite to PostgreSQL and back, or to a new file of either.
#pragma once

#include "lib/store/store.h"

#include <string>
#include <vector>

namespace crt {

struct CopiedTable {
    std::string table;
    long long rows = 0;
};

// Copies every row of every crt table from `source` (read in one snapshot)
// into `target`, a new, empty crt database at the same schema version,
// inside one transaction on `target`, keeping every id, actor and
// timestamp. Counts the rows on both sides afterwards and fails (io) if
// they differ. Returns the rows copied per table, in copy order.
std::vector<CopiedTable> copy_database(Store& source, Store& target);

struct Copy {
    std::string target; // as messages name it (a URI's password hidden)
    std::vector<CopiedTable> tables;
};

// Copies `source` to `target_path` (a SQLite path, where nothing may exist,
// or a PostgreSQL URI whose schema must be empty), whole or not at all.
Copy copy_database(Store& source, const std::string& target_path);

} // namespace crt
