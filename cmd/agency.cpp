#include "cmd/app.h"

#include "cmd/options.h"
#include "lib/base/domain.h"
#include "lib/model/agency.h"

namespace crt::cli {

namespace {

// The fields add and update share; update sends only those given.
struct AgencyFields {
    Agency agency;
    std::string sworn;
    std::string date;
    CLI::Option* name_option = nullptr;
    CLI::Option* type_option = nullptr;
    CLI::Option* state_option = nullptr;
    CLI::Option* sworn_option = nullptr;
    CLI::Option* contact_name_option = nullptr;
    CLI::Option* contact_email_option = nullptr;
    CLI::Option* contact_phone_option = nullptr;

    void add_cli(CLI::App& command, bool required) {
        command.add_option("ORI", agency.ori, "Agency ORI, e.g. CA0194200")
            ->required()
            ->check(k_ori);
        name_option = command.add_option("--name", agency.name, "Agency name")->required(required);
        type_option = command.add_option("--type", agency.type, "Agency type")
                          ->required(required)
                          ->check(one_of(k_agency_types));
        state_option = command
                           .add_option("--state", agency.state,
                                       "USPS state code (the ORI's first two letters)")
                           ->required(required)
                           ->check(k_state);
        sworn_option =
            command.add_option("--sworn", sworn, "Sworn officers (an empty value clears)")
                ->check(shape(
                    "N",
                    [](const std::string& v) { return v.empty() || parse_integer(v, 0, 1000000); },
                    "a number of officers (0 to 1000000)"));
        contact_name_option =
            command.add_option("--contact-name", agency.contact_name, "Point of contact");
        contact_email_option =
            command.add_option("--contact-email", agency.contact_email, "Contact email")
                ->check(k_email);
        contact_phone_option =
            command.add_option("--contact-phone", agency.contact_phone, "Contact phone");
        command.add_option("--date", date, "Day the change happened (default today)")
            ->check(k_date);
    }
};

struct AgencyAddArgs {
    AgencyFields fields;

    void run(Context& ctx) {
        if (!fields.sworn.empty()) {
            fields.agency.sworn = parse_integer(fields.sworn, 0, 1000000);
        }
        add_agency(ctx.store(), fields.agency, ctx.stamp(fields.date));
        if (ctx.format(Format::table) == Format::json) {
            ctx.print_record(agency_table({get_agency(ctx.store(), fields.agency.ori)}));
        }
    }
};

struct AgencyUpdateArgs {
    AgencyFields fields;

    void run(Context& ctx) {
        const Agency& given = fields.agency;
        AgencyPatch patch;
        auto set = [](CLI::Option* option, std::optional<std::string>& target,
                      const std::string& value) {
            if (option->count() > 0) {
                target = value;
            }
        };
        set(fields.name_option, patch.name, given.name);
        set(fields.type_option, patch.type, given.type);
        set(fields.state_option, patch.state, given.state);
        set(fields.contact_name_option, patch.contact_name, given.contact_name);
        set(fields.contact_email_option, patch.contact_email, given.contact_email);
        set(fields.contact_phone_option, patch.contact_phone, given.contact_phone);
        if (fields.sworn_option->count() > 0) {
            patch.sworn =
                fields.sworn.empty() ? std::nullopt : parse_integer(fields.sworn, 0, 1000000);
        }
        int changed = update_agency(ctx.store(), given.ori, patch, ctx.stamp(fields.date));
        if (ctx.format(Format::table) == Format::json) {
            ctx.print_record(agency_table({get_agency(ctx.store(), given.ori)}));
        }
        ctx.note(changed == 0 ? fmt::format("agency {}: nothing changed", given.ori)
                              : fmt::format("agency {}: {} field{} changed", given.ori, changed,
                                            changed == 1 ? "" : "s"));
    }
};

struct AgencyListArgs {
    AgencyFilter filter;

    void add_cli(CLI::App& command) {
        command.add_option("--state", filter.state, "Only agencies in this state")->check(k_state);
        command.add_option("--type", filter.type, "Only agencies of this type")
            ->check(one_of(k_agency_types));
    }

    void run(Context& ctx) { ctx.print(agency_table(list_agencies(ctx.store(), filter))); }
};

struct AgencyShowArgs {
    std::string ori;

    void add_cli(CLI::App& command) {
        command.add_option("ORI", ori, "Agency ORI")->required()->check(k_ori);
    }

    void run(Context& ctx) { ctx.print_record(agency_table({get_agency(ctx.store(), ori)})); }
};

} // namespace

void add_agency(CLI::App& app, Context& ctx, Action& action) {
    auto* agency = app.add_subcommand("agency", "The agency registry (keyed by ORI)");
    agency->require_subcommand(1);
    agency->footer(R"(Examples:
  crt agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA --sworn 212
  crt agency update CA0194200 --contact-email chief@riverton.example
  crt agency list --state CA --format csv
  crt agency show CA0194200)");

    auto add = std::make_shared<AgencyAddArgs>();
    auto* add_command = agency->add_subcommand("add", "Register an agency");
    add->fields.add_cli(*add_command, true);
    add_command->footer(R"(Example:
  crt agency add TX2270100 --name "Mesa Verde County Sheriff's Office" --type sheriff --state TX \
      --sworn 48 --contact-name "Dana Ortiz" --contact-email dortiz@mvcso.example)");
    on_run(add_command, ctx, action, add);

    auto update = std::make_shared<AgencyUpdateArgs>();
    auto* update_command = agency->add_subcommand(
        "update", "Change an agency's fields (an empty value clears an optional one)");
    update->fields.add_cli(*update_command, false);
    update_command->footer(R"(Each changed field is written to the history.

Example:
  crt agency update CA0194200 --sworn 230 --contact-phone "" --date 2026-03-01)");
    on_run(update_command, ctx, action, update);

    auto list = std::make_shared<AgencyListArgs>();
    auto* list_command = agency->add_subcommand("list", "List agencies");
    list->add_cli(*list_command);
    list_command->footer(
        R"(Columns: ori, name, type, state, sworn, contact_name, contact_email, contact_phone.

Example:
  crt agency list --type sheriff --format md)");
    on_run(list_command, ctx, action, list);

    auto show = std::make_shared<AgencyShowArgs>();
    auto* show_command = agency->add_subcommand("show", "Show one agency");
    show->add_cli(*show_command);
    show_command->footer("Example:\n  crt agency show CA0194200 --format json");
    on_run(show_command, ctx, action, show);
}

} // namespace crt::cli
