#include "cmd/app.h"

#include "lib/base/error.h"
#include "lib/report/check.h"

namespace crt::cli {

namespace {

struct CheckArgs {
    bool strict = false;

    void add_cli(CLI::App& command) {
        command.add_flag("--strict", strict, "Exit 1 on warnings too");
    }

    void run(Context& ctx) {
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
        std::size_t errors = 0;
        std::size_t warnings = 0;
        for (const auto& finding : findings) {
            (finding.severity == "error" ? errors : warnings) += 1;
        }
        Format format = ctx.format();
        if (format == Format::json) {
            // The document leads each finding with its code, for tools that group by it.
            Table list{{"code", "severity", "entity", "id", "message"}, {}};
            for (const auto& f : findings) {
                list.rows.push_back({f.code, f.severity, f.entity, text_or_null(f.id), f.message});
            }
            Table counts{{"error", "warning"},
                         {{static_cast<long long>(errors), static_cast<long long>(warnings)}}};
            write_json_document(ctx.out, {{"findings", list}}, {"counts", counts});
        } else if (format != Format::table || !findings.empty()) {
            ctx.print(findings_table(findings));
        }
        if (format == Format::table && !ctx.globals.quiet) {
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
  crt check --strict --format json)");
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
