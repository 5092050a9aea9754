#include "lib/base/error.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace crt {

void rethrow_sqlite(const std::exception& e, const std::string& context) {
    if (const auto* error = dynamic_cast<const Error*>(&e)) {
        throw *error;
    }
    const auto* sql = dynamic_cast<const SQLite::Exception*>(&e);
    if (sql == nullptr) {
        fail(ErrorKind::io, "{}: {}", context, e.what());
    }
    switch (sql->getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        fail(ErrorKind::busy,
             "{}: the database stayed locked past the busy timeout "
             "(set CRT_BUSY_TIMEOUT in ms to wait longer)",
             context);
    case SQLITE_CONSTRAINT: fail(ErrorKind::conflict, "{}: {}", context, sql->getErrorStr());
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        fail(ErrorKind::io, "{}: not a crt database or the file is corrupt ({})", context,
             sql->getErrorStr());
    default: fail(ErrorKind::io, "{}: {}", context, e.what());
    }
}

} // namespace crt
