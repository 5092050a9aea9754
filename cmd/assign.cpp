#include "cmd/app.h"

#include "cmd/filters.h"
#include "cmd/options.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/model/assignment.h"
#include "lib/model/correction.h"

namespace crt::cli {

namespace {

struct AssignAddArgs {
    std::string request_name;
    std::string handle;
    std::string role = "sme";
    bool force = false;
    std::string date;

    void add_cli(CLI::App& command) {
        add_request_name(command, "REQUEST", request_name, "Request id")->required();
        command.add_option("HANDLE", handle, "Expert handle")->required()->check(k_handle);
        command.add_option("--role", role, "Role on the request (default sme)")
            ->check(one_of(k_roles));
        command.add_flag("--force", force,
                         "Assign despite capacity or missing expertise (recorded in history)");
        command.add_option("--date", date, "Day of the assignment (default today)")->check(k_date);
    }

    void run(Context& ctx) {
        long long request = request_id(ctx, request_name);
        long long id = add_assignment(ctx.store(), request, handle, role, force, ctx.stamp(date));
        if (ctx.format() == Format::json || ctx.format() == Format::ndjson) {
            AssignmentFilter filter;
            filter.id = id;
            ctx.print_record(assignment_table(list_assignments(ctx.store(), filter)));
        }
    }
};

struct AssignRemoveArgs {
    std::string request_name;
    std::string handle;
    std::string date;

    void add_cli(CLI::App& command) {
        add_request_name(command, "REQUEST", request_name, "Request id")->required();
        command.add_option("HANDLE", handle, "Expert handle")->required()->check(k_handle);
        command.add_option("--date", date, "Day of the release (default today)")->check(k_date);
    }

    void run(Context& ctx) {
        long long request = request_id(ctx, request_name);
        if (remove_assignment(ctx.store(), request, handle, ctx.stamp(date))) {
            ctx.note(fmt::format(
                "crt: warning: request {} is active and has no lead now; assign one with "
                "'crt assign add {} HANDLE --role lead'",
                request, request));
        }
    }
};

struct AssignHoursArgs {
    std::string request_name;
    std::string handle;
    std::string hours;
    std::string date;

    void add_cli(CLI::App& command) {
        add_request_name(command, "REQUEST", request_name, "Request id")->required();
        command.add_option("HANDLE", handle, "Expert handle")->required()->check(k_handle);
        command.add_option("HOURS", hours, "Hours to add: positive, at most two decimals")
            ->required()
            ->check(shape(
                "HOURS", [](const std::string& v) { return parse_centihours(v).has_value(); },
                "a positive number of hours with at most two decimals"));
        command.add_option("--date", date, "Day the work was done (default today)")->check(k_date);
    }

    void run(Context& ctx) {
        long long request = request_id(ctx, request_name);
        long long total = add_hours(ctx.store(), request, handle, hours, ctx.stamp(date));
        ctx.note(fmt::format("{} on request {}: {} hours in all", handle, request,
                             format_centihours(total)));
    }
};

struct AssignCorrectArgs {
    std::string request_name;
    std::string handle, assigned, released, note;
    CLI::Option *assigned_option = nullptr, *released_option = nullptr;

    void add_cli(CLI::App& command) {
        add_request_name(command, "REQUEST", request_name, "Request id")->required();
        command.add_option("HANDLE", handle, "Expert handle")->required()->check(k_handle);
        assigned_option =
            command.add_option("--assigned", assigned, "The day they were really assigned")
                ->check(k_date);
        released_option =
            command.add_option("--released", released, "The day they were really released")
                ->check(k_date);
        command.add_option("--note", note, "Why the correction is made (required)");
    }

    void run(Context& ctx) {
        long long request = request_id(ctx, request_name);
        AssignmentDates dates;
        if (assigned_option->count() > 0)
            dates.assigned = assigned;
        if (released_option->count() > 0)
            dates.released = released;
        if (!dates.assigned && !dates.released) {
            fail(ErrorKind::usage, "assign correct needs --assigned or --released");
        }
        int changed = correct_assignment(ctx.store(), request, handle, dates,
                                         {resolve_actor(ctx.globals.actor), note});
        ctx.note(changed == 0 ? fmt::format("{} on request {}: nothing to correct", handle, request)
                              : fmt::format("{} on request {}: {} date{} corrected", handle,
                                            request, changed, changed == 1 ? "" : "s"));
    }
};

struct AssignTakeBackArgs {
    std::string request_name;
    std::string handle, hours, date, note;
    long long entry = 0;
    CLI::Option* entry_option = nullptr;

    void add_cli(CLI::App& command) {
        add_request_name(command, "REQUEST", request_name, "Request id")->required();
        command.add_option("HANDLE", handle, "Expert handle")->required()->check(k_handle);
        command.add_option("HOURS", hours, "Hours to take back: positive, at most two decimals")
            ->required()
            ->check(shape(
                "HOURS", [](const std::string& v) { return parse_centihours(v).has_value(); },
                "a positive number of hours with at most two decimals"));
        entry_option = command.add_option("--entry", entry,
                                          "History row of the hours entry (default: the latest)");
        command.add_option("--date", date, "Day of the adjustment (default: the entry's day)")
            ->check(k_date);
        command.add_option("--note", note, "Why the hours are taken back (required)");
    }

    void run(Context& ctx) {
        long long request = request_id(ctx, request_name);
        std::optional<long long> row;
        if (entry_option->count() > 0)
            row = entry;
        long long total = take_back_hours(ctx.store(), request, handle, hours, row, date,
                                          {resolve_actor(ctx.globals.actor), note});
        ctx.note(fmt::format("{} on request {}: {} hours in all", handle, request,
                             format_centihours(total)));
    }
};

struct AssignListArgs {
    AssignmentFilter filter;
    std::string request_name;
    CLI::Option* request_option = nullptr;

    void add_cli(CLI::App& command) {
        request_option = add_request_name(command, "--request", request_name, "Only this request");
        command.add_option("--expert", filter.expert, "Only this expert")->check(k_handle);
        command.add_flag("--active", filter.active, "Only assignments not released");
    }

    void run(Context& ctx) {
        if (request_option->count() > 0) {
            filter.request = request_id(ctx, request_name);
        }
        ctx.print(assignment_table(list_assignments(ctx.store(), filter)));
    }
};

} // namespace

void add_assign(CLI::App& app, Context& ctx, Action& action) {
    auto* assign = app.add_subcommand("assign", "Experts assigned to requests");
    assign->require_subcommand(1);
    assign->footer(
        R"(Rules: a request has at most one active lead; no one is assigned to a declined or
withdrawn request, nor an inactive expert (a completed request may be staffed:
reopening it needs an active lead); an expert at capacity or without expertise
in any of the request's topics needs --force.

Examples:
  crt assign add 12 mreyes --role lead --date 2026-03-02
  crt assign hours 12 mreyes 3.5
  crt assign remove 12 mreyes
  crt assign list --expert mreyes --active)");
    subcommand<AssignAddArgs>(*assign, ctx, action, "add", "Assign an expert to a request",
                              R"(Examples:
  crt assign add 12 mreyes --role lead
  crt assign add 12 jkim --role peer --force   # over capacity; the override is logged)");
    subcommand<AssignRemoveArgs>(
        *assign, ctx, action, "remove",
        "Release an expert from a request (the assignment stays on record)",
        "Example:\n  crt assign remove 12 jkim --date 2026-05-01");
    subcommand<AssignHoursArgs>(*assign, ctx, action, "hours",
                                "Add hours to an expert's assignment",
                                "Example:\n  crt assign hours 12 mreyes 2.25 --date 2026-04-10");
    subcommand<AssignCorrectArgs>(
        *assign, ctx, action, "correct", "Correct the dates of an expert's assignment",
        R"(Corrects the expert's latest assignment on the request. --assigned is one
history row of action correct naming the assignment's creation row;
--released re-dates the release (as 'crt history redate' does). Refused when
a rule would break, e.g. the request became active before its lead was
assigned.

Example:
  crt assign correct 12 mreyes --assigned 2026-03-01 --note "Assigned at the kickoff call")");
    subcommand<AssignTakeBackArgs>(
        *assign, ctx, action, "take-back", "Take back hours logged by mistake",
        R"(The explicit way to reduce hours: a history row of action correct naming the
hours entry, dated that entry's day unless --date says otherwise, so reports
as of every day count the right total. Never more than the entry logged.

Example:
  crt assign take-back 12 mreyes 2 --note "Logged twice on April 10")");
    subcommand<AssignListArgs>(
        *assign, ctx, action, "list", "List assignments",
        R"(Columns: id, request, agency, expert, role, assigned, released, hours.

Example:
  crt assign list --request 12 --format csv)");
}

} // namespace crt::cli
