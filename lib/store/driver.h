// Inside lib/store only: the bridge from the SQLite driver to the store's
// own types. No header outside lib/store includes this one.
#pragma once

#include "lib/base/error.h"

#include <SQLiteCpp/Exception.h>

namespace crt {

// The driver's exception as the store's, its code sorted into a cause.
StoreError store_error(const SQLite::Exception& e);

// Rethrows `e` as an Error naming `context`, the driver's exceptions included.
[[noreturn]] void rethrow_driver(const std::exception& e, const std::string& context);

} // namespace crt
