#include "lib/base/error.h"

namespace crt {

void rethrow_store(const std::exception& e, const std::string& context) {
    if (const auto* error = dynamic_cast<const Error*>(&e)) {
        throw *error;
    }
    const auto* store = dynamic_cast<const StoreError*>(&e);
    if (store == nullptr) {
        fail(ErrorKind::io, "{}: {}", context, e.what());
    }
    switch (store->cause()) {
    case StoreError::Cause::busy:
        fail(ErrorKind::busy,
             "{}: the database stayed locked past the busy timeout "
             "(set CRT_BUSY_TIMEOUT in ms to wait longer)",
             context);
    case StoreError::Cause::constraint:
        fail(ErrorKind::conflict, "{}: {}", context, store->summary());
    case StoreError::Cause::corrupt:
        fail(ErrorKind::io, "{}: not a crt database or the file is corrupt ({})", context,
             store->summary());
    case StoreError::Cause::other: break;
    }
    fail(ErrorKind::io, "{}: {}", context, e.what());
}

} // namespace crt
