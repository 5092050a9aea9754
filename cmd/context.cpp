#include "cmd/context.h"

#include "cmd/options.h"
#include "lib/base/dates.h"
#include "lib/base/error.h"

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace crt::cli {

std::string Context::db_path() const {
    if (!globals.db.empty()) {
        return globals.db;
    }
    if (const char* env = std::getenv("CRT_DB"); env != nullptr && *env != '\0') {
        return env;
    }
    return "crt.db";
}

std::string Context::db_shown() const {
    if (batch_ != nullptr) {
        return batch_->db_shown();
    }
    return store_ ? store_->path() : Store::shown(db_path());
}

Store& Context::store() {
    if (batch_ != nullptr) {
        return batch_->store();
    }
    if (!store_) {
        store_.emplace(Store::open(db_path()));
    }
    return *store_;
}

std::string Context::catalogue_path() const {
    return locate_catalogue(globals.topics, executable);
}

const Catalogue& Context::catalogue() {
    if (batch_ != nullptr) {
        return batch_->catalogue();
    }
    if (!catalogue_) {
        catalogue_.emplace(load_catalogue(catalogue_path()));
    }
    return *catalogue_;
}

Format Context::format(Format fallback) const {
    if (globals.format.empty()) {
        return fallback;
    }
    return parse_format(globals.format).value_or(fallback);
}

Stamp Context::stamp(const std::string& date, const std::string& earliest,
                     const std::string& earliest_what) {
    return {resolve_actor(globals.actor), effective_date(date, "--date", earliest, earliest_what)};
}

View Context::view() const {
    View view;
    auto names = [](const std::string& text, const char* option) {
        auto split = split_names(text);
        for (const auto& name : split) {
            if (name.empty() || name == "-") {
                fail(ErrorKind::usage, "{}: '{}' has an empty column name", option, text);
            }
        }
        return split;
    };
    if (!list.columns.empty()) {
        view.columns = names(list.columns, "--columns");
    }
    if (!list.sort.empty()) {
        names(list.sort, "--sort");
        view.sort = parse_sort(list.sort);
    }
    view.limit = list.limit;
    return view;
}

std::size_t Context::width() const {
    if (!list.output.empty() || ::isatty(STDOUT_FILENO) != 1) {
        return 0;
    }
    struct winsize size {};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
        std::string text = columns;
        if (!text.empty() && text.size() < 6 &&
            text.find_first_not_of("0123456789") == std::string::npos && std::stoul(text) > 0) {
            return std::stoul(text);
        }
    }
    return 80;
}

void Context::print(const Table& table, Format fallback, const std::vector<std::string>& compact) {
    Format chosen = format(fallback);
    View shown = view();
    if (!shown.shapes() && (compact.empty() || chosen != Format::table)) {
        write_table(out, table, chosen, chosen == Format::table ? width() : 0);
        return;
    }
    Table copy = table;
    apply_view(copy, shown, chosen == Format::table ? compact : std::vector<std::string>{});
    write_table(out, copy, chosen, chosen == Format::table ? width() : 0);
}

void Context::print_record(const Table& table, Format fallback) {
    write_record(out, table, format(fallback));
}

void Context::note(const std::string& message) {
    if (!globals.quiet) {
        err << message << '\n';
    }
}

void add_list_options(CLI::App& command, Context& ctx) {
    auto* group = command.add_option_group("List options");
    group
        ->add_option("--columns", ctx.list.columns,
                     "Show these columns, in this order (comma-separated names)")
        ->option_text("COL,...");
    group
        ->add_option("--sort", ctx.list.sort,
                     "Sort rows by these columns (comma-separated; -COL for descending)")
        ->option_text("COL,...");
    group->add_option("--limit", ctx.list.limit, "Show at most N rows")
        ->option_text("N")
        ->transform(k_decimal)
        ->check(CLI::Validator(
            [](std::string& value) -> std::string {
                return value == "0" ? "'0' is not a positive number" : std::string();
            },
            ""));
    group
        ->add_option("-o,--output", ctx.list.output,
                     "Write to FILE (mode 0600; replaced only when complete)")
        ->option_text("FILE");
}

} // namespace crt::cli
