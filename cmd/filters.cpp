#include "cmd/filters.h"

#include "cmd/options.h"
#include "lib/base/error.h"
#include "lib/model/request.h"

#include <exception>
#include <tuple>

namespace crt::cli {

LateNotes::~LateNotes() {
    if (std::uncaught_exceptions() == 0) {
        for (const auto& note : notes_) {
            ctx_.note(note);
        }
    }
}

void DateRange::add(CLI::App& command, const std::string& since_help, const std::string& until_help,
                    const std::string& option_prefix) {
    prefix = option_prefix;
    new_since = command.add_option("--" + prefix + "since", since, since_help)->check(k_date);
    new_until = command.add_option("--" + prefix + "until", until, until_help)->check(k_date);
    // An empty group hides an option from --help and from completion. CLI11
    // names no hidden option in its messages, so an old spelling takes any
    // number of words and check() words every problem with its value.
    for (auto [option, name, values] : {std::tuple{&old_since, "from", &old_since_values},
                                        std::tuple{&old_until, "to", &old_until_values}}) {
        *option = command.add_option("--" + prefix + name, *values)
                      ->expected(0, CLI::detail::expected_max_vector_size)
                      ->group("");
    }
}

void DateRange::check(LateNotes& notes) {
    for (auto [old_option, new_option, values, value, old_name, new_name] :
         {std::tuple{old_since, new_since, &old_since_values, &since, "from", "since"},
          std::tuple{old_until, new_until, &old_until_values, &until, "to", "until"}}) {
        if (old_option == nullptr || old_option->count() == 0) {
            continue;
        }
        if (new_option->count() > 0) {
            fail(ErrorKind::usage, "--{0}{1} is the old name of --{0}{2}: give only one of them",
                 prefix, old_name, new_name);
        }
        if (old_option->count() > 1) {
            fail(ErrorKind::usage, "--{}{} takes one date, given once", prefix, old_name);
        }
        *value = values->empty() ? std::string() : values->front();
        if (!is_date(*value)) {
            fail(ErrorKind::usage, "--{}{}: '{}' is not a real date (YYYY-MM-DD)", prefix, old_name,
                 *value);
        }
        notes.add(fmt::format("crt: warning: --{0}{1} is deprecated; use --{0}{2}", prefix,
                              old_name, new_name));
    }
    if (!since.empty() && !until.empty() && until < since) {
        fail(ErrorKind::usage, "--{}until {} is before --{}since {}", prefix, until, prefix, since);
    }
}

const CLI::Validator k_request_name = CLI::Validator(
    [](std::string& value) -> std::string {
        if (!is_request_name(value)) {
            return fmt::format("'{}' is not a request id (decimal digits, or ext:EXTERNAL-ID)",
                               value);
        }
        if (!value.starts_with(k_external_id_prefix)) {
            return k_decimal(value);
        }
        return {};
    },
    "");

CLI::Option* add_request_name(CLI::App& command, const std::string& name, std::string& target,
                              const std::string& help) {
    return command.add_option(name, target, help)
        ->transform(k_request_name)
        ->type_name("ID|ext:EXTERNAL-ID");
}

CLI::Option* add_request_names(CLI::App& command, const std::string& name,
                               std::vector<std::string>& target, const std::string& help) {
    return command.add_option(name, target, help)
        ->transform(k_request_name)
        ->type_name("ID|ext:EXTERNAL-ID");
}

long long request_id(Context& ctx, const std::string& name) {
    return resolve_request(ctx.store(), name);
}

std::vector<long long> request_ids(Context& ctx, const std::vector<std::string>& names) {
    std::vector<long long> ids;
    for (const auto& name : names) {
        ids.push_back(request_id(ctx, name));
    }
    return ids;
}

} // namespace crt::cli
