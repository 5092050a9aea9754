// Arguments several commands share, registered the same way everywhere: a
// date range, --since DATE and --until DATE, and a request named by its id
// or its external id. Shapes are checked while parsing (exit 2), as in
// options.h.
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

// A request id (decimal digits, `010` is 10) or ext:EXTERNAL-ID; the value
// is handed on without leading zeros.
extern const CLI::Validator k_request_name;
// Adds a request positional or option (`name` "ID", "REQUEST" or
// "--request") that takes either form, into `target`.
CLI::Option* add_request_name(CLI::App& command, const std::string& name, std::string& target,
                              const std::string& help);
CLI::Option* add_request_names(CLI::App& command, const std::string& name,
                               std::vector<std::string>& target, const std::string& help);
// The id of the request a checked name names: resolved in lib/model/request,
// the one place that knows the ext: form (an unknown external id is exit 3).
long long request_id(Context& ctx, const std::string& name);
std::vector<long long> request_ids(Context& ctx, const std::vector<std::string>& names);

} // namespace crt::cli
