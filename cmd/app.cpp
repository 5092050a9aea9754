#include "cmd/app.h"

#include "cmd/options.h"
#include "cmd/output.h"
#include "cmd/usage.h"
#include "lib/base/error.h"
#include "lib/base/format.h"
#include "lib/store/store.h"

#include <algorithm>
#include <optional>

namespace crt::cli {

namespace {

constexpr const char* k_footer = R"(Examples:
  crt init --db program.db
  crt --db program.db agency add CA0194200 --name "Riverton Police Department" \
      --type municipal --state CA --sworn 212
  crt --db program.db agency list --format csv

Run 'crt COMMAND --help' for a command's options; 'man crt' for the whole story.)";

std::string version_text() {
    return fmt::format("crt {} (schema {}, {})", CRT_VERSION, k_schema_version,
                       Store::engine_version());
}

} // namespace

namespace {

// Every command at a glance: its name and the function that registers it.
struct CommandEntry {
    std::string_view name;
    const char* group; // the heading it is listed under in crt --help
    void (*add)(CLI::App&, Context&, Action&);
};

constexpr CommandEntry k_commands[] = {
    {"init", "Set-up", add_init},
    {"topics", "Set-up", add_topics},
    {"agency", "Registries", add_agency},
    {"expert", "Registries", add_expert},
    {"request", "Engagements", add_request},
    {"assign", "Engagements", add_assign},
    {"milestone", "Engagements", add_milestone},
    {"report", "Reports", add_report},
    {"publish", "Reports", add_publish},
    {"import", "Data and integrity", add_import},
    {"batch", "Data and integrity", add_batch},
    {"history", "Data and integrity", add_history},
    {"check", "Data and integrity", add_check},
    {"backup", "Data and integrity", add_backup},
    {"copy", "Data and integrity", add_copy},
    {"completion", "Set-up", add_completion},
};

// The lists that are not reports: each takes --columns, --sort, --limit, -o.
constexpr std::pair<std::string_view, std::string_view> k_lists[] = {
    {"agency", "list"},  {"expert", "list"}, {"request", "list"},
    {"request", "log"},  {"assign", "list"}, {"milestone", "list"},
    {"history", "list"}, {"topics", "list"}, {"topics", "levels"},
};

CLI::App* find_command(CLI::App& app, std::string_view name) {
    for (auto* sub : app.get_subcommands({})) {
        if (sub->get_name() == name) {
            return sub;
        }
    }
    return nullptr;
}

} // namespace

namespace {

// Every integer option of the tree reads decimal digits only (k_decimal).
void decimal_only(CLI::App& app) {
    for (CLI::Option* option : app.get_options()) {
        std::string type = option->get_type_name();
        if (type.rfind("INT", 0) == 0 || type.rfind("UINT", 0) == 0) {
            option->transform(k_decimal);
        }
    }
    for (CLI::App* sub : app.get_subcommands({})) {
        decimal_only(*sub);
    }
}

} // namespace

std::unique_ptr<CLI::App> build_app(Context& ctx, Action& action, std::string_view only) {
    auto app = std::make_unique<CLI::App>(
        "crt tracks Collaborative Reform Initiative requests, experts, milestones and reports.",
        "crt");
    // Global options may come before or after the subcommand.
    app->fallthrough();
    app->require_subcommand(1);
    app->set_version_flag("--version", version_text(), "Print the version and exit");
    app->footer(k_footer);
    auto* globals = app->add_option_group("Global options");
    globals
        ->add_option("--db", ctx.globals.db,
                     "Database file or postgresql:// URI (else $CRT_DB, else ./crt.db)")
        ->option_text("PATH");
    globals
        ->add_option("--catalogue", ctx.globals.topics,
                     "Topic catalogue (else $CRT_TOPICS, else the installed one)")
        ->option_text("PATH");
    // The old name of --catalogue, hidden: one letter from --topic, it took
    // `request new --topics x` as a catalogue path (see old_catalogue_option).
    app->add_option("--topics", ctx.globals.old_topics)->group("");
    globals
        ->add_option("--actor", ctx.globals.actor,
                     "Who makes the change (else $CRT_ACTOR, else $USER)")
        ->option_text("NAME");
    globals->add_option("--format", ctx.globals.format, "Output format for lists and records")
        ->check(one_of(k_format_names))
        ->option_text(fmt::format("{}", fmt::join(k_format_names, "|")));
    globals->add_flag("-q,--quiet", ctx.globals.quiet, "Print nothing but requested output");

    for (const auto& command : k_commands) {
        if (only.empty() || only == command.name) {
            std::size_t before = app->get_subcommands({}).size();
            command.add(*app, ctx, action);
            auto added = app->get_subcommands({});
            for (std::size_t i = before; i < added.size(); ++i) {
                added[i]->group(command.group);
            }
        }
    }
    // Every list and report takes the list options (reports add their own).
    for (const auto& [command, list] : k_lists) {
        if (auto* parent = find_command(*app, command)) {
            if (auto* sub = find_command(*parent, list)) {
                add_list_options(*sub, ctx);
            }
        }
    }
    decimal_only(*app);
    return app;
}

namespace {

// The first word that is not an option or a global option's value: the
// command. CLI11 alone would only say that a subcommand is required.
// Only the named command's tree is built for a run, which keeps start-up
// (and each line of a batch) cheap; empty when no command is named.
std::string command_name(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--db" || arg == "--catalogue" || arg == "--topics" || arg == "--actor" ||
            arg == "--format") {
            ++i;
            continue;
        }
        if (arg.empty() || arg[0] == '-') {
            continue;
        }
        for (const auto& command : k_commands) {
            if (command.name == arg) {
                return arg;
            }
        }
        if (arg == "export") {
            return "import";
        }
        std::vector<std::string> names = {"export"};
        for (const auto& command : k_commands) {
            names.emplace_back(command.name);
        }
        std::string suggestion = closest(arg, names);
        fail(ErrorKind::usage, "unknown command '{}'{} (see 'crt --help')", arg,
             suggestion.empty() ? std::string() : fmt::format("; did you mean {}?", suggestion));
    }
    return {};
}

} // namespace

namespace {

// --topics, the old spelling of --catalogue, still names the catalogue, with
// a note; but where the command takes --topic, it is a slip for that.
void old_catalogue_option(const CLI::App& app, Context& ctx) {
    if (ctx.globals.old_topics.empty()) {
        return;
    }
    const CLI::App* command = &app;
    while (!command->get_subcommands().empty()) {
        command = command->get_subcommands().front();
    }
    if (command->get_option_no_throw("--topic") != nullptr) {
        fail(ErrorKind::usage,
             "unknown option --topics; did you mean --topic? (the catalogue is --catalogue)");
    }
    if (ctx.globals.topics.empty()) {
        ctx.globals.topics = ctx.globals.old_topics;
    }
    ctx.note("crt: note: --topics is now --catalogue; the old name will go in a later release");
}

} // namespace

int Runner::execute(std::vector<std::string> args) {
    std::string only = command_name(args);
    if (only.empty() && std::find(args.begin(), args.end(), "--version") != args.end()) {
        only = "-"; // the version needs no command at all
    }
    auto& app = apps_[only];
    if (!app) {
        app = build_app(ctx_, action_, only);
    }
    action_ = nullptr;
    Context& ctx = ctx_;
    Action& action = action_;
    std::vector<std::string> given = args;
    ctx_.list = {};
    try {
        std::reverse(args.begin(), args.end());
        app->parse(args);
    } catch (const CLI::CallForHelp& e) {
        return app->exit(e, ctx.out, ctx.err);
    } catch (const CLI::CallForAllHelp& e) {
        return app->exit(e, ctx.out, ctx.err);
    } catch (const CLI::CallForVersion& e) {
        return app->exit(e, ctx.out, ctx.err);
    } catch (const CLI::ParseError& e) {
        throw Error(ErrorKind::usage, usage_message(*app, given, e));
    }
    try {
        old_catalogue_option(*app, ctx);
    } catch (const Error& e) {
        throw Error(ErrorKind::usage,
                    fmt::format("{} (see '{} --help')", e.what(), command_path(*app, given)));
    }
    try {
        if (action) {
            std::optional<OutputFile> file;
            if (!ctx.list.output.empty()) {
                if (is_live_file(ctx.list.output, ctx.db_path())) {
                    fail(ErrorKind::conflict,
                         "{}: is the database or one of its -wal, -shm, -journal files",
                         ctx.list.output);
                }
                file.emplace(ctx.list.output);
            }
            action();
            if (file) {
                file->commit();
            }
        }
    } catch (const Error& e) {
        // A command's own usage error points to its help, as the parser's do.
        std::string message = e.what();
        if (e.kind() == ErrorKind::usage && message.find("(see '") == std::string::npos) {
            throw Error(ErrorKind::usage,
                        fmt::format("{} (see '{} --help')", message, command_path(*app, given)));
        }
        throw;
    } catch (const std::exception& e) {
        // A statement's error: named as the store names the database, so a
        // password in a URI never shows.
        rethrow_store(e, ctx.db_shown());
    }
    return 0;
}

int run(Context& ctx, std::vector<std::string> args) {
    try {
        int code = Runner(ctx).execute(std::move(args));
        ctx.out.flush();
        return code;
    } catch (const Error& e) {
        ctx.out.flush();
        if (*e.what() != '\0') {
            // A message may quote input (a file's line, an argument): shown
            // escaped, it stays one line and sends no terminal controls.
            ctx.err << "crt: error: " << terminal_safe(e.what()) << '\n';
        }
        return e.exit_code();
    }
}

} // namespace crt::cli
