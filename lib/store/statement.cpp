#include "lib/store/statement.h"

#include "lib/base/error.h"
#include "lib/store/driver.h"
#include "lib/store/pg.h"
#include "lib/store/store.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

namespace crt {

// One of the two: a SQLite statement, or a PostgreSQL cursor.
struct Statement::Impl {
    Impl(SQLite::Database& db, std::string_view sql) : lite(std::in_place, db, std::string(sql)) {}
    Impl(pg::Connection& connection, std::string_view sql)
        : pg(std::make_unique<pg::Cursor>(connection, sql)) {}
    std::optional<SQLite::Statement> lite;
    std::unique_ptr<pg::Cursor> pg;
};

namespace {

// Runs `body`, turning the driver's exception into the store's.
template <typename Body> auto guarded(Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        throw store_error(e);
    }
}

} // namespace

Statement::Statement(Store& store, std::string_view sql)
    : impl_(guarded([&] {
          return store.pg_ ? std::make_unique<Impl>(*store.pg_, sql)
                           : std::make_unique<Impl>(store.database(), sql);
      })) {}
Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;
Statement::~Statement() = default;

void Statement::bind_integer(int index, long long value) {
    if (impl_->pg) {
        return impl_->pg->bind_integer(index, value);
    }
    guarded([&] { impl_->lite->bind(index, static_cast<int64_t>(value)); });
}
void Statement::bind(int index, double value) {
    if (impl_->pg) {
        return impl_->pg->bind_real(index, value);
    }
    guarded([&] { impl_->lite->bind(index, value); });
}
void Statement::bind(int index, const std::string& value) {
    if (impl_->pg) {
        return impl_->pg->bind_text(index, value);
    }
    guarded([&] { impl_->lite->bind(index, value); });
}
void Statement::bind(int index) {
    if (impl_->pg) {
        return impl_->pg->bind_null(index);
    }
    guarded([&] { impl_->lite->bind(index); });
}
void Statement::bind(int index, const std::optional<std::string>& value) {
    if (value) {
        bind(index, *value);
    } else {
        bind(index);
    }
}
void Statement::bind(int index, const Cell& value) {
    std::visit(
        [&](const auto& held) {
            using T = std::decay_t<decltype(held)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                bind(index);
            } else if constexpr (std::is_same_v<T, bool>) {
                bind(index, held ? 1 : 0);
            } else {
                bind(index, held);
            }
        },
        value);
}
void Statement::bind_static(int index, const std::string& value) {
    if (impl_->pg) {
        return impl_->pg->bind_text(index, value);
    }
    guarded([&] { impl_->lite->bindNoCopy(index, value); });
}
int Statement::parameter_index(const char* name) const {
    if (impl_->pg) {
        return impl_->pg->parameter_index(name);
    }
    return impl_->lite->getIndex(name);
}

bool Statement::step() {
    if (impl_->pg) {
        return impl_->pg->step();
    }
    return guarded([&] { return impl_->lite->executeStep(); });
}
int Statement::exec() {
    if (impl_->pg) {
        return impl_->pg->exec();
    }
    return guarded([&] { return impl_->lite->exec(); });
}
// sqlite3_reset repeats the last step's error, which that step already
// threw; a statement that failed once must still be reusable.
void Statement::reset() {
    if (impl_->pg) {
        return impl_->pg->reset();
    }
    impl_->lite->tryReset();
}
void Statement::clear_bindings() {
    if (impl_->pg) {
        return impl_->pg->clear_bindings();
    }
    guarded([&] { impl_->lite->clearBindings(); });
}

namespace {

// A real as SQLite writes it ("%!.15g"): 15 significant digits, and ".0"
// on a whole number, so both engines print the same text.
std::string sqlite_real_text(double value) {
    auto text = fmt::format("{:.15g}", value);
    if (text.find_first_of(".eIn") == std::string::npos) {
        text += ".0";
    }
    return text;
}

} // namespace

std::string Statement::text(int column) const {
    if (impl_->pg) {
        if (impl_->pg->is_real(column)) {
            return sqlite_real_text(impl_->pg->real(column));
        }
        if (impl_->pg->is_integer(column)) {
            return std::to_string(impl_->pg->integer(column));
        }
        return std::string(impl_->pg->text(column));
    }
    return guarded([&] { return impl_->lite->getColumn(column).getString(); });
}
long long Statement::integer(int column) const {
    if (impl_->pg) {
        return impl_->pg->integer(column);
    }
    return guarded(
        [&] { return static_cast<long long>(impl_->lite->getColumn(column).getInt64()); });
}
double Statement::real(int column) const {
    if (impl_->pg) {
        return impl_->pg->real(column);
    }
    return guarded([&] { return impl_->lite->getColumn(column).getDouble(); });
}
bool Statement::is_null(int column) const {
    if (impl_->pg) {
        return impl_->pg->is_null(column);
    }
    return guarded([&] { return impl_->lite->getColumn(column).isNull(); });
}
bool Statement::is_integer(int column) const {
    if (impl_->pg) {
        return impl_->pg->is_integer(column);
    }
    return guarded([&] { return impl_->lite->getColumn(column).isInteger(); });
}
bool Statement::is_real(int column) const {
    if (impl_->pg) {
        return impl_->pg->is_real(column);
    }
    return guarded([&] { return impl_->lite->getColumn(column).isFloat(); });
}
std::optional<std::string_view> Statement::text_bytes(int column) const {
    if (impl_->pg) {
        if (!impl_->pg->is_text(column)) {
            return std::nullopt;
        }
        return impl_->pg->text(column);
    }
    return guarded([&]() -> std::optional<std::string_view> {
        auto value = impl_->lite->getColumn(column);
        if (!value.isText()) {
            return std::nullopt;
        }
        const char* bytes = value.getText();
        return std::string_view(bytes, static_cast<std::size_t>(value.getBytes()));
    });
}
std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}
int Statement::column_count() const {
    if (impl_->pg) {
        return impl_->pg->column_count();
    }
    return impl_->lite->getColumnCount();
}

} // namespace crt
