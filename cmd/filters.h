// Filters several commands share, registered the same way everywhere: a date
// range, --since DATE and --until DATE. Shapes are checked while parsing
// (exit 2), as in options.h.
#pragma once

#include "cmd/context.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace crt::cli {

// Notes for people (unless -q) printed when the command ends without an
// error, so that an error stays the one line on stderr.
class LateNotes {
  public:
    explicit LateNotes(Context& ctx) : ctx_(ctx) {}
    LateNotes(const LateNotes&) = delete;
    LateNotes& operator=(const LateNotes&) = delete;
    ~LateNotes();
    void add(std::string note) { notes_.push_back(std::move(note)); }

  private:
    Context& ctx_;
    std::vector<std::string> notes_;
};

// --since DATE and --until DATE, both inclusive (with a `prefix`,
// --recorded-since and --recorded-until). The old spellings --from and --to
// still work as hidden aliases that note the new name; an alias given with
// its new name is a usage error.
struct DateRange {
    std::string since;
    std::string until;
    std::string prefix;
    std::vector<std::string> old_since_values;
    std::vector<std::string> old_until_values;
    CLI::Option* new_since = nullptr;
    CLI::Option* new_until = nullptr;
    CLI::Option* old_since = nullptr;
    CLI::Option* old_until = nullptr;

    void add(CLI::App& command, const std::string& since_help, const std::string& until_help,
             const std::string& option_prefix = "");
    // After parsing: takes the value of an old spelling (noting it), and
    // refuses --until before --since (usage errors).
    void check(LateNotes& notes);
};

} // namespace crt::cli
