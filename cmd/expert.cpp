#include "cmd/app.h"

#include "cmd/options.h"
#include "lib/model/expert.h"

namespace crt::cli {

namespace {

const CLI::Validator k_topic_id_or_empty = shape(
    "TOPIC", [](const std::string& v) { return v.empty() || is_kebab_id(v); },
    "a topic id (kebab-case)");

std::vector<std::string> without_empty(std::vector<std::string> items) {
    std::erase(items, std::string());
    return items;
}

struct ExpertFields {
    Expert expert;
    std::vector<std::string> expertise;
    std::string date;
    bool active = false;
    bool inactive = false;
    CLI::Option* name_option = nullptr;
    CLI::Option* org_option = nullptr;
    CLI::Option* email_option = nullptr;
    CLI::Option* expertise_option = nullptr;
    CLI::Option* capacity_option = nullptr;
    CLI::Option* active_option = nullptr;
    CLI::Option* inactive_option = nullptr;

    void add_cli(CLI::App& command, bool required) {
        command.add_option("HANDLE", expert.handle, "Expert handle, e.g. jdoe")
            ->required()
            ->check(k_handle);
        name_option = command.add_option("--name", expert.name, "Full name")->required(required);
        org_option = command.add_option("--org", expert.org,
                                        "Organization (partner association, agency...)");
        email_option = command.add_option("--email", expert.email, "Email")->check(k_email);
        expertise_option =
            command
                .add_option("--expertise", expertise,
                            "Catalogue topic ids (repeat or comma-separate; \"\" for none)")
                ->delimiter(',')
                ->check(k_topic_id_or_empty)
                ->option_text("TOPIC[,TOPIC...]");
        capacity_option =
            command
                .add_option("--capacity", expert.capacity, "Maximum active assignments (default 3)")
                ->check(CLI::Range(0, 1000));
        command.add_option("--date", date, "Day the change happened (default today)")
            ->check(k_date);
        if (!required) {
            active_option = command.add_flag("--active", active, "Mark the expert active");
            inactive_option = command.add_flag("--inactive", inactive,
                                               "Mark the expert inactive (no new assignments)");
            active_option->excludes(inactive_option);
        }
    }
};

struct ExpertAddArgs {
    ExpertFields fields;

    void run(Context& ctx) {
        fields.expert.expertise = without_empty(fields.expertise);
        add_expert(ctx.store(), ctx.catalogue(), fields.expert, ctx.stamp(fields.date));
        if (ctx.format(Format::table) == Format::json) {
            ctx.print_record(expert_table({get_expert(ctx.store(), fields.expert.handle)}));
        }
    }
};

struct ExpertUpdateArgs {
    ExpertFields fields;

    void run(Context& ctx) {
        const Expert& given = fields.expert;
        ExpertPatch patch;
        if (fields.name_option->count() > 0)
            patch.name = given.name;
        if (fields.org_option->count() > 0)
            patch.org = given.org;
        if (fields.email_option->count() > 0)
            patch.email = given.email;
        if (fields.expertise_option->count() > 0)
            patch.expertise = without_empty(fields.expertise);
        if (fields.capacity_option->count() > 0)
            patch.capacity = given.capacity;
        if (fields.active_option->count() > 0)
            patch.active = true;
        if (fields.inactive_option->count() > 0)
            patch.active = false;
        int changed = update_expert(ctx.store(), ctx.catalogue(), given.handle, patch,
                                    ctx.stamp(fields.date));
        if (ctx.format(Format::table) == Format::json) {
            ctx.print_record(expert_table({get_expert(ctx.store(), given.handle)}));
        }
        ctx.note(changed == 0 ? fmt::format("expert {}: nothing changed", given.handle)
                              : fmt::format("expert {}: {} field{} changed", given.handle, changed,
                                            changed == 1 ? "" : "s"));
    }
};

struct ExpertListArgs {
    ExpertFilter filter;
    bool active = false;
    bool inactive = false;

    void add_cli(CLI::App& command) {
        command.add_option("--topic", filter.topic, "Only experts with this expertise")
            ->check(k_topic_id);
        command.add_option("--org", filter.org, "Only experts of this organization");
        auto* active_flag = command.add_flag("--active", active, "Only active experts");
        command.add_flag("--inactive", inactive, "Only inactive experts")->excludes(active_flag);
    }

    void run(Context& ctx) {
        if (active || inactive) {
            filter.active = active;
        }
        ctx.print(expert_table(list_experts(ctx.store(), filter)));
    }
};

struct ExpertShowArgs {
    std::string handle;

    void add_cli(CLI::App& command) {
        command.add_option("HANDLE", handle, "Expert handle")->required()->check(k_handle);
    }

    void run(Context& ctx) { ctx.print_record(expert_table({get_expert(ctx.store(), handle)})); }
};

} // namespace

void add_expert(CLI::App& app, Context& ctx, Action& action) {
    auto* expert = app.add_subcommand("expert", "The expert registry (keyed by handle)");
    expert->require_subcommand(1);
    expert->footer(R"(Examples:
  crt expert add mreyes --name "Maria Reyes" --org IACP --expertise de-escalation,use-of-force
  crt expert update mreyes --capacity 5
  crt expert list --topic de-escalation --active
  crt expert show mreyes --format json)");

    auto add = std::make_shared<ExpertAddArgs>();
    auto* add_command = expert->add_subcommand("add", "Register an expert");
    add->fields.add_cli(*add_command, true);
    add_command->footer(R"(Example:
  crt expert add jkim --name "Jae Kim" --org NOBLE --email jkim@partner.example \
      --expertise crisis-intervention --expertise mental-health-co-response --capacity 2)");
    on_run(add_command, ctx, action, add);

    auto update = std::make_shared<ExpertUpdateArgs>();
    auto* update_command = expert->add_subcommand(
        "update", "Change an expert's fields (--expertise replaces the list)");
    update->fields.add_cli(*update_command, false);
    update_command->footer(R"(Each changed field is written to the history.

Example:
  crt expert update jkim --expertise crisis-intervention,de-escalation --inactive)");
    on_run(update_command, ctx, action, update);

    auto list = std::make_shared<ExpertListArgs>();
    auto* list_command = expert->add_subcommand("list", "List experts");
    list->add_cli(*list_command);
    list_command->footer(R"(Columns: handle, name, org, email, expertise, capacity, active.

Example:
  crt expert list --org IACP --format csv)");
    on_run(list_command, ctx, action, list);

    auto show = std::make_shared<ExpertShowArgs>();
    auto* show_command = expert->add_subcommand("show", "Show one expert");
    show->add_cli(*show_command);
    show_command->footer("Example:\n  crt expert show jkim");
    on_run(show_command, ctx, action, show);
}

} // namespace crt::cli
