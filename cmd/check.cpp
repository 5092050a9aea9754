#include "cmd/app.h"
#include "cmd/options.h"

#include "lib/base/error.h"
#include "lib/report/check.h"

#include <algorithm>

namespace crt::cli {

namespace {

// The formats of every list, and JUnit XML for CI systems that show test
// results. The global --format cannot name junit, which only check writes.
constexpr std::array<std::string_view, 7> k_check_formats = {"table", "csv",    "tsv",  "md",
                                                             "json",  "ndjson", "junit"};

struct CheckArgs {
    bool strict = false;
    std::vector<std::string> ignore;
    std::string format_name;

    void add_cli(CLI::App& command) {
        command.add_flag("--strict", strict, "Exit 1 on warnings too");
        command
            .add_option("--ignore", ignore,
                        "Leave out findings with this code (repeatable; see crt-check(1))")
            ->option_text("CODE");
        command
            .add_option("--format", format_name,
                        "Output format: the global ones, or junit (JUnit XML)")
            ->check(one_of(k_check_formats))
            ->option_text("table|csv|tsv|md|json|ndjson|junit");
    }

    void run(Context& ctx) {
        for (const auto& code : ignore) {
            if (!is_check_code(code)) {
                fail(ErrorKind::usage, "--ignore: '{}' is not a check code (see crt-check(1))",
                     code);
            }
        }
        bool junit = format_name == "junit";
        Format format_chosen = format_name.empty() || junit
                                   ? ctx.format()
                                   : parse_format(format_name).value_or(Format::table);
        Store& store = ctx.store();
        std::string path = ctx.catalogue_path();
        std::vector<std::string> problems;
        Catalogue catalogue;
        bool loaded = false;
        try {
            problems = check_catalogue(read_file(path), path, catalogue);
            loaded = problems.empty();
        } catch (const Error& e) {
            problems.push_back(e.what());
        }
        auto findings = check_database(store, loaded ? &catalogue : nullptr, problems);
        auto ignored = [&](std::string_view code) {
            return std::find(ignore.begin(), ignore.end(), code) != ignore.end();
        };
        std::erase_if(findings, [&](const Finding& f) { return ignored(f.code); });
        std::size_t errors = 0;
        std::size_t warnings = 0;
        for (const auto& finding : findings) {
            (finding.severity == "error" ? errors : warnings) += 1;
        }
        Format format = format_chosen;
        if (junit) {
            std::vector<std::string> codes_run;
            for (const auto& known : check_codes()) {
                if (!ignored(known.code) && (loaded || !known.needs_catalogue)) {
                    codes_run.emplace_back(known.code);
                }
            }
            ctx.out << findings_junit(findings, codes_run);
        } else if (format == Format::json) {
            // The document leads each finding with its code, for tools that group by it.
            Table list{{"code", "severity", "entity", "id", "message"}, {}};
            for (const auto& f : findings) {
                list.rows.push_back({f.code, f.severity, f.entity, text_or_null(f.id), f.message});
            }
            Table counts{{"error", "warning"},
                         {{static_cast<long long>(errors), static_cast<long long>(warnings)}}};
            write_json_document(ctx.out, {{"findings", list}}, {"counts", counts});
        } else if (format != Format::table || !findings.empty()) {
            ctx.print(findings_table(findings), format);
        }
        if (!junit && format == Format::table && !ctx.globals.quiet) {
            ctx.err << fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s",
                                   warnings, warnings == 1 ? "" : "s");
        }
        if (errors > 0 || (strict && warnings > 0)) {
            exit_code = 1;
        }
    }

    int exit_code = 0;
};

} // namespace

void add_check(CLI::App& app, Context& ctx, Action& action) {
    auto args = std::make_shared<CheckArgs>();
    auto* command =
        app.add_subcommand("check", "Check the database and catalogue; exit 1 on any error");
    args->add_cli(*command);
    command->footer(R"(Reports every finding (severity, code, entity, id, message), never only the
first. Exit 0 when clean, 1 when any error is found (with --strict, any
warning too). Codes are described in crt-check(1).

Examples:
  crt check
  crt check --strict --format json
  crt check --ignore over-capacity --format junit > check.xml)");
    reset_on_parse(command, args);
    command->callback([&ctx, &action, args] {
        action = [&ctx, args] {
            args->run(ctx);
            if (args->exit_code != 0) {
                // The findings and their count are the message.
                throw Error(ErrorKind::check_failed, "");
            }
        };
    });
}

} // namespace crt::cli
