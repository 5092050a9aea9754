#include "cmd/app.h"

#include "cmd/options.h"
#include "lib/base/error.h"

namespace crt::cli {

namespace {

struct TopicsListArgs {
    std::string category;
    bool offered = false;

    void add_cli(CLI::App& command) {
        command.add_option("--category", category, "Only topics of this category")
            ->option_text("ID");
        command.add_flag("--offered", offered, "Leave out retired topics");
    }

    void run(Context& ctx) {
        const Catalogue& catalogue = ctx.catalogue();
        if (!category.empty() && catalogue.find_category(category) == nullptr) {
            fail(ErrorKind::not_found, "no category '{}' in {}", category, catalogue.path);
        }
        Table table{{"id", "name", "category", "retired"}, {}};
        for (const auto& topic : catalogue.topics) {
            if ((!category.empty() && topic.category != category) || (offered && topic.retired)) {
                continue;
            }
            table.rows.push_back({topic.id, topic.name, topic.category, topic.retired});
        }
        ctx.print(table);
    }
};

struct TopicsShowArgs {
    std::string id;

    void add_cli(CLI::App& command) { command.add_option("ID", id, "Topic id")->required(); }

    void run(Context& ctx) {
        const Catalogue& catalogue = ctx.catalogue();
        const Topic* topic = catalogue.find_topic(id);
        if (topic == nullptr) {
            fail(ErrorKind::not_found, "no topic '{}' in {} (see 'crt topics list')", id,
                 catalogue.path);
        }
        const Category* category = catalogue.find_category(topic->category);
        Table table{{"id", "name", "category", "category_name", "description", "retired"},
                    {{topic->id, topic->name, topic->category,
                      category != nullptr ? category->name : std::string(), topic->description,
                      topic->retired}}};
        ctx.print_record(table);
    }
};

struct TopicsLevelsArgs {
    void run(Context& ctx) {
        Table table{{"level", "name", "target_days", "step", "kind", "title", "days"}, {}};
        for (const auto& level : ctx.catalogue().levels) {
            long long step = 0;
            for (const auto& milestone : level.milestones) {
                table.rows.push_back(
                    {level.id, level.name, static_cast<long long>(level.target_days), ++step,
                     milestone.kind, milestone.title, static_cast<long long>(milestone.days)});
            }
        }
        ctx.print(table);
    }
};

struct TopicsCheckArgs {
    std::string file;

    void add_cli(CLI::App& command) {
        command.add_option("FILE", file, "Catalogue file (default: the one crt would use)");
    }

    void run(Context& ctx) {
        std::string path = file.empty() ? ctx.catalogue_path() : file;
        Catalogue catalogue;
        auto problems = check_catalogue(read_file(path), path, catalogue);
        if (!problems.empty()) {
            for (std::size_t i = 0; i + 1 < problems.size(); ++i) {
                ctx.err << "crt: error: " << terminal_safe(problems[i]) << '\n';
            }
            throw Error(ErrorKind::invalid, problems.back());
        }
        std::size_t retired = 0;
        for (const auto& topic : catalogue.topics) {
            retired += topic.retired ? 1 : 0;
        }
        if (!ctx.globals.quiet) {
            ctx.out << fmt::format(
                "{}: ok: version {}, {} levels, {} categories, {} topics ({} retired)\n", path,
                catalogue.version, catalogue.levels.size(), catalogue.categories.size(),
                catalogue.topics.size(), retired);
        }
    }
};

} // namespace

void add_topics(CLI::App& app, Context& ctx, Action& action) {
    auto* topics = app.add_subcommand("topics", "Browse and check the topic catalogue");
    topics->require_subcommand(1);
    topics->footer(R"(Examples:
  crt topics list --category tribal
  crt topics show de-escalation
  crt topics levels --format md
  crt topics check data/topics.toml)");

    auto list = std::make_shared<TopicsListArgs>();
    auto* list_command = topics->add_subcommand("list", "List catalogue topics");
    list->add_cli(*list_command);
    list_command->footer("Columns: id, name, category, retired.\n\nExample:\n  crt topics list "
                         "--offered --format csv");
    on_run(list_command, ctx, action, list);

    auto show = std::make_shared<TopicsShowArgs>();
    auto* show_command = topics->add_subcommand("show", "Show one topic");
    show->add_cli(*show_command);
    show_command->footer("Example:\n  crt topics show tribal-policing --format json");
    on_run(show_command, ctx, action, show);

    auto* levels_command =
        topics->add_subcommand("levels", "List the levels and their milestone templates");
    levels_command->footer("Columns: level, name, target_days, step, kind, title, "
                           "days.\n\nExample:\n  crt topics levels");
    on_run(levels_command, ctx, action, std::make_shared<TopicsLevelsArgs>());

    auto check = std::make_shared<TopicsCheckArgs>();
    auto* check_command = topics->add_subcommand("check", "Validate a catalogue file on its own");
    check->add_cli(*check_command);
    check_command->footer(
        "Prints every problem as FILE:LINE:COLUMN: message and exits 4; exits 0 when valid.\n\n"
        "Example:\n  crt topics check my-topics.toml");
    on_run(check_command, ctx, action, check);
}

} // namespace crt::cli
