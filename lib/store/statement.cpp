#include "lib/store/statement.h"

#include "lib/base/error.h"
#include "lib/store/driver.h"
#include "lib/store/store.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

namespace crt {

struct Statement::Impl {
    Impl(SQLite::Database& db, std::string_view sql) : statement(db, std::string(sql)) {}
    SQLite::Statement statement;
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
    : impl_(guarded([&] { return std::make_unique<Impl>(store.database(), sql); })) {}
Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;
Statement::~Statement() = default;

void Statement::bind_integer(int index, long long value) {
    guarded([&] { impl_->statement.bind(index, static_cast<int64_t>(value)); });
}
void Statement::bind(int index, double value) {
    guarded([&] { impl_->statement.bind(index, value); });
}
void Statement::bind(int index, const std::string& value) {
    guarded([&] { impl_->statement.bind(index, value); });
}
void Statement::bind(int index) {
    guarded([&] { impl_->statement.bind(index); });
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
    guarded([&] { impl_->statement.bindNoCopy(index, value); });
}
int Statement::parameter_index(const char* name) const {
    return impl_->statement.getIndex(name);
}

bool Statement::step() {
    return guarded([&] { return impl_->statement.executeStep(); });
}
int Statement::exec() {
    return guarded([&] { return impl_->statement.exec(); });
}
// sqlite3_reset repeats the last step's error, which that step already
// threw; a statement that failed once must still be reusable.
void Statement::reset() {
    impl_->statement.tryReset();
}
void Statement::clear_bindings() {
    guarded([&] { impl_->statement.clearBindings(); });
}

std::string Statement::text(int column) const {
    return guarded([&] { return impl_->statement.getColumn(column).getString(); });
}
long long Statement::integer(int column) const {
    return guarded(
        [&] { return static_cast<long long>(impl_->statement.getColumn(column).getInt64()); });
}
double Statement::real(int column) const {
    return guarded([&] { return impl_->statement.getColumn(column).getDouble(); });
}
bool Statement::is_null(int column) const {
    return guarded([&] { return impl_->statement.getColumn(column).isNull(); });
}
bool Statement::is_integer(int column) const {
    return guarded([&] { return impl_->statement.getColumn(column).isInteger(); });
}
bool Statement::is_real(int column) const {
    return guarded([&] { return impl_->statement.getColumn(column).isFloat(); });
}
std::optional<std::string_view> Statement::text_bytes(int column) const {
    return guarded([&]() -> std::optional<std::string_view> {
        auto value = impl_->statement.getColumn(column);
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
    return impl_->statement.getColumnCount();
}

} // namespace crt
