// The one error type the library throws. Its kind is the process exit code
// of crt(1), so cmd/main.cpp can map any failure without knowing its origin.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace crt {

enum class ErrorKind : int {
    check_failed = 1,
    usage = 2,
    not_found = 3,
    invalid = 4,
    conflict = 5,
    busy = 6,
    io = 7,
};

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

    ErrorKind kind() const { return kind_; }
    int exit_code() const { return static_cast<int>(kind_); }

  private:
    ErrorKind kind_;
};

template <typename... Args>
[[noreturn]] void fail(ErrorKind kind, fmt::format_string<Args...> format, Args&&... args) {
    throw Error(kind, fmt::format(format, std::forward<Args>(args)...));
}

// A failure of the storage engine, sorted by what it means to the user.
// `summary` is the engine's short name for it ("constraint failed").
class StoreError : public std::runtime_error {
  public:
    enum class Cause { busy, constraint, corrupt, other };
    StoreError(Cause cause, const std::string& message, std::string summary)
        : std::runtime_error(message), cause_(cause), summary_(std::move(summary)) {}
    Cause cause() const { return cause_; }
    const std::string& summary() const { return summary_; }

  private:
    Cause cause_;
    std::string summary_;
};

// Rethrows any failure as an Error of the right kind, naming `context`: a
// lock held past the busy timeout is `busy`, a broken constraint `conflict`,
// a broken file `io`.
[[noreturn]] void rethrow_store(const std::exception& e, const std::string& context);

} // namespace crt
