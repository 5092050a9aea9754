#include "cmd/app.h"

#include "cmd/options.h"
#include "lib/base/error.h"
#include "lib/base/input.h"
#include "lib/io/import.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace crt::cli {

namespace {

const std::vector<std::string> k_kinds = {"agencies", "experts", "requests", "assignments",
                                          "milestones"};

CLI::Validator kind_validator() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            return parse_data_kind(value)
                       ? std::string()
                       : fmt::format("'{}' is not one of: agencies, experts, requests, "
                                     "assignments, milestones",
                                     value);
        },
        "KIND");
}

struct ImportArgs {
    std::string kind;
    std::string file;
    bool dry_run = false;
    bool upsert = false;
    bool force = false;
    std::string date;

    void add_cli(CLI::App& command) {
        command.add_option("KIND", kind, "agencies, experts, requests, assignments or milestones")
            ->required()
            ->check(kind_validator());
        command.add_option("FILE", file, "CSV file with a header row, or - for standard input")
            ->required();
        command.add_flag("--dry-run", dry_run, "Check every row and write nothing");
        command.add_flag("--upsert", upsert,
                         "Update rows whose key (ORI, handle, external id, assignment id) exists");
        command.add_flag("--force", force,
                         "Keep email addresses or phone numbers in recommendations' published "
                         "text (each override is logged)");
        command.add_option("--date", date, "Effective date of registry changes (default today)")
            ->check(k_date);
    }

    void run(Context& ctx) {
        Format format = ctx.format(Format::csv);
        if (format != Format::csv && format != Format::ndjson) {
            fail(ErrorKind::usage, "import reads csv or ndjson, not {}", format_name(format));
        }
        std::ifstream file_stream;
        std::istream* in = &std::cin;
        if (file != "-") {
            std::error_code error;
            if (!std::filesystem::exists(file, error) &&
                !std::filesystem::is_symlink(file, error)) {
                fail(ErrorKind::io, "{}: no such file", file);
            }
            open_input(file, file_stream);
            in = &file_stream;
        }
        DataKind data_kind = *parse_data_kind(kind);
        ImportOptions options;
        options.source = file;
        options.ndjson = format == Format::ndjson;
        options.dry_run = dry_run;
        options.upsert = upsert;
        options.force = force;
        bool terminal = isatty(STDERR_FILENO) == 1 && !ctx.globals.quiet;
        if (terminal) {
            options.progress = [&ctx](std::size_t rows) {
                ctx.err << "\rread " << rows << " rows" << std::flush;
            };
        }
        Store& store = ctx.store();
        // Only experts and requests name topics; the others need no catalogue.
        static const Catalogue k_none;
        bool topics = data_kind == DataKind::experts || data_kind == DataKind::requests;
        ImportResult result = import_data(store, topics ? ctx.catalogue() : k_none, data_kind, *in,
                                          options, ctx.stamp(date));
        if (terminal && result.rows >= 10000) {
            ctx.err << '\r';
        }
        if (result.problem_count > 0) {
            for (const auto& problem : result.problems) {
                ctx.err << "crt: error: " << terminal_safe(problem) << '\n';
            }
            std::string more =
                result.problem_count > result.problems.size()
                    ? fmt::format(" ({} not shown)", result.problem_count - result.problems.size())
                    : std::string();
            throw Error(ErrorKind::invalid,
                        fmt::format("{}: {} bad row{}{}; nothing was imported", file,
                                    result.problem_count, result.problem_count == 1 ? "" : "s",
                                    more));
        }
        if (!ctx.globals.quiet) {
            std::string what = dry_run ? "checked" : "imported";
            std::string updated =
                upsert ? fmt::format(" ({} new, {} updated)", result.inserted, result.updated)
                       : std::string();
            ctx.err << fmt::format("{} {} {}{}{}\n", what, result.rows, kind, updated,
                                   dry_run ? "; nothing was written (--dry-run)" : "");
        }
    }
};

struct ExportArgs {
    std::string kind;

    void add_cli(CLI::App& command) {
        command
            .add_option("KIND", kind,
                        "agencies, experts, requests, assignments, milestones or history")
            ->required()
            ->check(CLI::Validator(
                [](std::string& value) -> std::string {
                    return parse_data_kind(value) || value == "history"
                               ? std::string()
                               : fmt::format("'{}' is not one of: agencies, experts, requests, "
                                             "assignments, milestones, history",
                                             value);
                },
                "KIND"));
    }

    void run(Context& ctx) {
        if (kind == "history") {
            export_history(ctx.store(), ctx.out, ctx.format(Format::csv));
        } else {
            export_data(ctx.store(), *parse_data_kind(kind), ctx.out, ctx.format(Format::csv));
        }
    }
};

} // namespace

void add_import(CLI::App& app, Context& ctx, Action& action) {
    subcommand<ImportArgs>(
        app, ctx, action, "import", "Load CSV or NDJSON rows in one transaction: all or none",
        R"(Columns are those 'crt export KIND' writes; a CSV header names them (any order,
optional ones may be left out). Every bad row is reported as FILE:LINE: column
NAME: message (up to 100, then a count) and nothing is written (exit 4).
Import the kinds in order: agencies, experts, requests, assignments, milestones.
--upsert matches agencies by ori, experts by handle, requests by external_id
and assignments by id (a release or more hours; see crt-import(1)).

Examples:
  crt import agencies agencies.csv
  crt import requests requests.csv --dry-run
  crt import requests - --upsert < updates.csv
  crt import assignments assignments.csv --upsert --date 2026-04-30
  crt import milestones milestones.ndjson --format ndjson)");
    subcommand<ExportArgs>(
        app, ctx, action, "export", "Write every row of a kind as CSV (or tsv, json, ndjson)",
        R"(Writes exactly the columns import reads, so export then import into an empty
database reproduces the data.

KIND history writes every recorded change (id, effective_date, recorded_at,
actor, entity, entity_id, request, action, field, old_value, new_value, note, corrects)
in the order it was recorded; it is not a kind import reads.

Examples:
  crt export requests > requests.csv
  crt export milestones --format ndjson > milestones.ndjson
  crt export history --format ndjson > history.ndjson)");
}

} // namespace crt::cli
