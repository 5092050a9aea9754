#include "cmd/usage.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace crt::cli {

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of two neighbours each count one.
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

bool is_decimal(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// A word CLI11 reads as an option: a dash and then anything but a digit
// (so a negative number reaches the option's own check).
bool looks_like_option(std::string_view word) {
    return word.size() > 1 && word[0] == '-' && !(word[1] >= '0' && word[1] <= '9');
}

// The named subcommands of `app` (option groups have no name).
std::vector<const CLI::App*> commands_of(const CLI::App& app) {
    return app.get_subcommands([](const CLI::App* sub) { return !sub->get_name().empty(); });
}

std::vector<std::string> names_of(const std::vector<const CLI::App*>& commands) {
    std::vector<std::string> names;
    for (const auto* command : commands) {
        names.push_back(command->get_name());
    }
    return names;
}

// The options of `app` and of its option groups.
std::vector<const CLI::Option*> options_of(const CLI::App& app) {
    auto options = app.get_options();
    for (const auto* group :
         app.get_subcommands([](const CLI::App* sub) { return sub->get_name().empty(); })) {
        auto more = group->get_options();
        options.insert(options.end(), more.begin(), more.end());
    }
    return options;
}

std::vector<const CLI::Option*> positionals_of(const CLI::App& app) {
    std::vector<const CLI::Option*> positionals;
    for (const auto* option : options_of(app)) {
        if (option->get_positional() && option->nonpositional() == false) {
            positionals.push_back(option);
        }
    }
    return positionals;
}

// What the walk over a command line found.
struct Walk {
    std::vector<const CLI::App*> chain; // root first, then each command named
    std::string path = "crt";
    std::string problem; // empty when the walk found nothing wrong
};

class Walker {
  public:
    Walker(const CLI::App& root, const std::vector<std::string>& args) : args_(args) {
        walk_.chain.push_back(&root);
    }

    Walk run() {
        for (i_ = 0; i_ < args_.size() && walk_.problem.empty(); ++i_) {
            const std::string& word = args_[i_];
            if (!options_ended_ && word == "--") {
                options_ended_ = true;
            } else if (!options_ended_ && looks_like_option(word)) {
                option(word);
            } else {
                positional(word);
            }
        }
        const CLI::App& app = *walk_.chain.back();
        if (walk_.problem.empty() && app.get_require_subcommand_min() > 0 &&
            !commands_of(app).empty()) {
            walk_.problem = fmt::format("'{}' needs a command: {}", walk_.path,
                                        fmt::join(names_of(commands_of(app)), ", "));
        }
        return walk_;
    }

  private:
    const CLI::Option* find_option(const std::string& name) const {
        for (auto it = walk_.chain.rbegin(); it != walk_.chain.rend(); ++it) {
            if (const auto* option = (*it)->get_option_no_throw(name)) {
                return option;
            }
        }
        return nullptr;
    }

    // The long and short names a user may type here, hidden ones left out.
    std::vector<std::string> option_names() const {
        std::vector<std::string> names;
        for (const auto* app : walk_.chain) {
            for (const auto* option : options_of(*app)) {
                if (option->get_group().empty()) {
                    continue;
                }
                for (const auto& name : option->get_lnames()) {
                    names.push_back("--" + name);
                }
            }
        }
        return names;
    }

    void option(const std::string& word) {
        auto equals = word.find('=');
        std::string name = word.substr(0, equals);
        const CLI::Option* option = find_option(name);
        if (option == nullptr) {
            std::string suggestion = closest(name, option_names());
            walk_.problem = suggestion.empty() ? fmt::format("unknown option {}", name)
                                               : fmt::format("unknown option {}; did you mean {}?",
                                                             name, suggestion);
            return;
        }
        value_of_.clear();
        if (option->get_items_expected_max() > 0 && equals == std::string::npos &&
            i_ + 1 < args_.size()) {
            ++i_;
            value_of_ = name;
            value_ = args_[i_];
        }
    }

    void positional(const std::string& word) {
        const CLI::App& app = *walk_.chain.back();
        auto commands = commands_of(app);
        if (!commands.empty()) {
            for (const auto* command : commands) {
                if (command->check_name(word)) {
                    walk_.chain.push_back(command);
                    walk_.path += " " + command->get_name();
                    slot_ = 0;
                    used_ = 0;
                    value_of_.clear();
                    return;
                }
            }
            std::string suggestion = closest(word, names_of(commands));
            walk_.problem = fmt::format(
                "unknown command '{}' for '{}' ({}valid: {})", word, walk_.path,
                suggestion.empty() ? std::string() : fmt::format("did you mean {}? ", suggestion),
                fmt::join(names_of(commands), ", "));
            return;
        }
        auto positionals = positionals_of(app);
        while (slot_ < positionals.size() &&
               used_ >= positionals[slot_]->get_items_expected_max()) {
            ++slot_;
            used_ = 0;
        }
        // A list of ids (numbers, or requests named ext:EXTERNAL-ID) ends
        // at the first word that is neither.
        std::string type = slot_ < positionals.size() ? positionals[slot_]->get_type_name() : "";
        bool ids = type.rfind("INT", 0) == 0 || type.rfind("ID", 0) == 0;
        bool id = is_decimal(word) || (type.rfind("ID", 0) == 0 && word.rfind("ext:", 0) == 0);
        if (slot_ >= positionals.size() || (ids && used_ > 0 && !id)) {
            stray(word);
            return;
        }
        ++used_;
        value_of_.clear();
    }

    // A word no argument takes. After an option's value, most likely the
    // rest of a value with spaces that was not quoted.
    void stray(const std::string& word) {
        if (value_of_.empty()) {
            walk_.problem = fmt::format("unexpected argument '{}'", word);
            return;
        }
        std::string value = value_;
        for (std::size_t j = i_; j < args_.size() && !looks_like_option(args_[j]); ++j) {
            value += " " + args_[j];
        }
        walk_.problem =
            fmt::format("unexpected argument '{}'; quote a value with spaces: {} \"{}\"", word,
                        value_of_, value);
    }

    const std::vector<std::string>& args_;
    Walk walk_;
    std::size_t i_ = 0;
    bool options_ended_ = false;
    std::size_t slot_ = 0; // the positional argument the next word fills
    int used_ = 0;         // how many words it has taken
    std::string value_of_; // the option whose value the last word was
    std::string value_;
};

// CLI11's own message, in crt's words where the shape is known.
std::string reworded(const CLI::ParseError& error) {
    std::string message = error.what();
    std::replace(message.begin(), message.end(), '\n', ' ');
    auto after = [&](std::string_view marker) -> std::optional<std::string> {
        auto at = message.find(marker);
        if (at == std::string::npos) {
            return std::nullopt;
        }
        return message.substr(at + marker.size());
    };
    auto name = message.substr(0, message.find(':'));
    if (message.find(": At Most 1 required") != std::string::npos) {
        return fmt::format("{} may be given only once", name);
    }
    if (message.find(" required ") != std::string::npos &&
        message.find(" missing") != std::string::npos) {
        return fmt::format("{} needs a value", name);
    }
    if (auto excluded = after(" excludes ")) {
        return fmt::format("{} cannot be used with {}", message.substr(0, message.find(' ')),
                           *excluded);
    }
    if (auto extras = after("not expected: ")) {
        return fmt::format("unexpected argument '{}'", *extras);
    }
    if (message == "A subcommand is required") {
        return "a command is required";
    }
    return message;
}

} // namespace

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = 0;
    std::string_view bare = word.substr(word.find_first_not_of('-') == std::string_view::npos
                                            ? word.size()
                                            : word.find_first_not_of('-'));
    for (const auto& candidate : candidates) {
        std::size_t d = distance(word, candidate);
        if (best.empty() || d < best_distance) {
            best = candidate;
            best_distance = d;
        }
    }
    // A letter or two off (fewer for short words), or a prefix of it.
    std::size_t allowed = bare.size() <= 3 ? 1 : bare.size() <= 6 ? 2 : 3;
    if (best.empty()) {
        return {};
    }
    if (best_distance <= allowed) {
        return best;
    }
    for (const auto& candidate : candidates) {
        if (bare.size() >= 2 && candidate.find(bare) == candidate.find_first_not_of('-') &&
            candidate.find(bare) != std::string::npos) {
            return candidate;
        }
    }
    return {};
}

std::string command_path(const CLI::App& root, const std::vector<std::string>& args) {
    return Walker(root, args).run().path;
}

std::string usage_message(const CLI::App& root, const std::vector<std::string>& args,
                          const CLI::ParseError& error) {
    Walk walk = Walker(root, args).run();
    std::string problem = walk.problem.empty() ? reworded(error) : walk.problem;
    return fmt::format("{} (see '{} --help')", problem, walk.path);
}

} // namespace crt::cli
