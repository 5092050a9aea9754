// The store's query API: one prepared statement, its parameters and the
// columns of its current row. Nothing above lib/store sees the driver; a
// failure of the engine arrives as a StoreError (lib/base/error.h).
#pragma once

#include "lib/base/format.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace crt {

class Store;

class Statement {
  public:
    // Prepares `sql` (one statement) on `store`.
    Statement(Store& store, std::string_view sql);
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Parameters count from 1, or are named (":as_of"). Text is copied
    // unless bound with bind_static, whose string must outlive the step.
    template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
    void bind(int index, T value) {
        bind_integer(index, static_cast<long long>(value));
    }
    void bind(int index, double value);
    void bind(int index, const std::string& value);
    void bind(int index, const char* value) { bind(index, std::string(value)); }
    void bind(int index); // null
    void bind(int index, const std::optional<std::string>& value);
    void bind_static(int index, const std::string& value);
    void bind(int index, const Cell& value); // a flag binds as 0 or 1
    template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
    void bind(const char* name, T value) {
        bind(parameter_index(name), value);
    }
    void bind(const char* name, const std::string& value) { bind(parameter_index(name), value); }
    // The index of a named parameter, 0 when the statement has none of that name.
    int parameter_index(const char* name) const;

    // Steps once: true when a row is ready to read.
    bool step();
    // Runs to the end; the number of rows changed.
    int exec();
    // Ready to run again, the parameters kept (clear_bindings drops them).
    void reset();
    void clear_bindings();

    // The current row's columns, counting from 0. A null reads as "" or 0.
    std::string text(int column) const;
    long long integer(int column) const;
    double real(int column) const;
    bool is_null(int column) const;
    bool is_integer(int column) const;
    bool is_real(int column) const;
    std::optional<std::string> optional_text(int column) const;
    // The bytes of a text value, valid until the next step; nullopt when
    // the value is not text (a number, a blob or null).
    std::optional<std::string_view> text_bytes(int column) const;
    int column_count() const;

  private:
    void bind_integer(int index, long long value);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace crt
