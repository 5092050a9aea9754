// The schema, one SQL script per version. Version N's script takes a database
// at version N-1 to N; they run in order, each inside the opening transaction.
#pragma once

#include <string>
#include <vector>

namespace crt {

const std::vector<std::string>& schema_migrations();
// The same for PostgreSQL, whose first version is 2 (entry 0 is empty).
const std::vector<std::string>& pg_schema_migrations();

} // namespace crt
