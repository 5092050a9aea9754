#include "cmd/app.h"

#include "cmd/filters.h"
#include "cmd/options.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/model/correction.h"
#include "lib/model/milestone.h"

namespace crt::cli {

namespace {

void print_milestone(Context& ctx, long long id) {
    MilestoneFilter filter;
    filter.id = id;
    ctx.print_record(milestone_table(list_milestones(ctx.store(), filter)));
}

const CLI::Validator& blockers() {
    static const CLI::Validator validator = shape(
        "BLOCKER", [](const std::string& v) { return v.empty() || is_one_of(v, k_blockers); },
        "a blocker (union, council, oversight, budget, legislation, other) or empty");
    return validator;
}

constexpr const char* k_force_help =
    "Keep an email address or phone number in a recommendation's published text "
    "(the override is logged)";

struct MilestoneAddArgs {
    Milestone milestone;
    std::string request_name;
    std::string date;
    bool force = false;

    void add_cli(CLI::App& command) {
        add_request_name(command, "REQUEST", request_name, "Request id")->required();
        command.add_option("--kind", milestone.kind, "Kind of milestone")
            ->required()
            ->check(one_of(k_milestone_kinds));
        command.add_option("--title", milestone.title, "Title")->required();
        command.add_option("--due", milestone.due, "Due date")->check(k_date);
        command.add_option("--ref", milestone.ref,
                           "Recommendation number, e.g. 4.2 (unique in the request)");
        command.add_option("--finding", milestone.finding,
                           "The finding a recommendation answers, e.g. 4");
        command.add_option("--blocker", milestone.blocker, "What holds a recommendation up")
            ->check(blockers());
        command.add_option("--date", date, "Day it was added (default today)")->check(k_date);
        command.add_flag("--force", force, k_force_help);
    }

    void run(Context& ctx) {
        milestone.request = request_id(ctx, request_name);
        long long id = add_milestone(ctx.store(), milestone, ctx.stamp(date), force);
        ctx.created.push_back(id);
        if (ctx.format() == Format::json || ctx.format() == Format::ndjson) {
            print_milestone(ctx, id);
        } else {
            ctx.out << id << '\n';
        }
    }
};

struct MilestonePlanArgs {
    std::string request_name;
    std::string date;

    void add_cli(CLI::App& command) {
        add_request_name(command, "REQUEST", request_name, "Request id")->required();
        command.add_option("--date", date, "Day it was planned (default today)")->check(k_date);
    }

    void run(Context& ctx) {
        long long request = request_id(ctx, request_name);
        auto ids = plan_milestones(ctx.store(), ctx.catalogue(), request, ctx.stamp(date));
        for (long long id : ids) {
            ctx.out << id << '\n';
            ctx.created.push_back(id);
        }
        ctx.note(fmt::format("request {}: {} milestone{} planned", request, ids.size(),
                             ids.size() == 1 ? "" : "s"));
    }
};

struct MilestoneUpdateArgs {
    long long id = 0;
    std::string status, due, blocker, note, title, date;
    bool force = false;
    CLI::Option *status_option = nullptr, *due_option = nullptr, *blocker_option = nullptr,
                *note_option = nullptr, *title_option = nullptr;

    void add_cli(CLI::App& command) {
        command.add_option("ID", id, "Milestone id")->required();
        status_option = command.add_option("--status", status, "New status")
                            ->check(one_of(k_milestone_statuses));
        due_option = command.add_option("--due", due, "Due date (empty clears)")
                         ->check(shape(
                             "DATE", [](const std::string& v) { return v.empty() || is_date(v); },
                             "a real date (YYYY-MM-DD) or empty"));
        blocker_option =
            command
                .add_option("--blocker", blocker, "What holds a recommendation up (empty clears)")
                ->check(blockers());
        note_option = command.add_option("--note", note, "Note (empty clears)");
        title_option = command.add_option("--title", title, "Title");
        command.add_option("--date", date, "Day of the change (default today)")->check(k_date);
        command.add_flag("--force", force, k_force_help);
    }

    void run(Context& ctx) {
        MilestonePatch patch;
        if (status_option->count() > 0)
            patch.status = status;
        if (due_option->count() > 0)
            patch.due = due;
        if (blocker_option->count() > 0)
            patch.blocker = blocker;
        if (note_option->count() > 0)
            patch.note = note;
        if (title_option->count() > 0)
            patch.title = title;
        update_milestone(ctx.store(), id, patch, ctx.stamp(date), force);
        if (ctx.format() == Format::json) {
            print_milestone(ctx, id);
        }
    }
};

struct MilestoneCorrectArgs {
    long long id = 0;
    std::string created, due, note;
    CLI::Option *created_option = nullptr, *due_option = nullptr;

    void add_cli(CLI::App& command) {
        command.add_option("ID", id, "Milestone id")->required();
        created_option =
            command.add_option("--created", created, "The day it was really added")->check(k_date);
        due_option =
            command.add_option("--due", due, "The due date it should have had")->check(k_date);
        command.add_option("--note", note, "Why the correction is made (required)");
    }

    void run(Context& ctx) {
        MilestoneDates dates;
        if (created_option->count() > 0)
            dates.created = created;
        if (due_option->count() > 0)
            dates.due = due;
        if (!dates.created && !dates.due) {
            fail(ErrorKind::usage, "milestone correct needs --created or --due");
        }
        int changed =
            correct_milestone(ctx.store(), id, dates, {resolve_actor(ctx.globals.actor), note});
        ctx.note(changed == 0 ? fmt::format("milestone {}: nothing to correct", id)
                              : fmt::format("milestone {}: {} date{} corrected", id, changed,
                                            changed == 1 ? "" : "s"));
    }
};

template <bool k_cancel> struct MilestoneCloseArgs {
    std::vector<long long> ids;
    std::string note;
    std::string date;

    void add_cli(CLI::App& command) {
        command.add_option("ID", ids, "Milestone ids")->required();
        if constexpr (k_cancel) {
            command.add_option("--note", note, "Why it was cancelled");
        }
        command.add_option("--date", date, "Day it happened (default today)")->check(k_date);
    }

    void run(Context& ctx) {
        const char* status = k_cancel ? "cancelled" : "done";
        set_milestone_status(ctx.store(), ids, status, note, ctx.stamp(date));
        ctx.note(fmt::format("{} milestone{} {}", ids.size(), ids.size() == 1 ? "" : "s", status));
    }
};

// A century: enough for any plan, and far from the end of the calendar.
constexpr long k_max_days = 36500;

// Decimal digits (leading zeros allowed, as for every count) from 1 to k_max_days.
bool is_day_count(const std::string& value) {
    if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    auto first = value.find_first_not_of('0');
    return first != std::string::npos && value.size() - first <= 5 &&
           std::stol(value.substr(first)) <= k_max_days;
}

struct MilestoneListArgs {
    MilestoneFilter filter;
    std::string request_name;
    std::string due_within;
    CLI::Option* request_option = nullptr;
    CLI::Option* due_within_option = nullptr;

    void add_cli(CLI::App& command) {
        request_option = add_request_name(command, "--request", request_name, "Only this request");
        command.add_option("--kind", filter.kinds, "Only these kinds")
            ->delimiter(',')
            ->check(one_of(k_milestone_kinds));
        command.add_option("--status", filter.statuses, "Only these statuses")
            ->delimiter(',')
            ->check(one_of(k_milestone_statuses));
        command.add_flag("--overdue", filter.overdue,
                         "Only open milestones due before the as-of date");
        command
            .add_option("--as-of", filter.as_of, "Statuses as they stood at the end of this day")
            ->check(k_date);
        due_within_option =
            command
                .add_option("--due-within", due_within,
                            "Only open milestones due from the as-of day (default today) to DAYS "
                            "days after it")
                ->check(shape("DAYS", is_day_count,
                              fmt::format("a number of days from 1 to {}", k_max_days)))
                ->option_text("DAYS");
        command.add_option("--due-before", filter.due_before, "Only milestones due before DATE")
            ->check(k_date);
    }

    void run(Context& ctx) {
        if (request_option->count() > 0) {
            filter.request = request_id(ctx, request_name);
        }
        if (due_within_option->count() > 0) {
            filter.due_within = std::stol(due_within);
        }
        ctx.print(milestone_table(list_milestones(ctx.store(), filter)));
    }
};

} // namespace

void add_milestone(CLI::App& app, Context& ctx, Action& action) {
    auto* milestone =
        app.add_subcommand("milestone", "Milestones, recommendations and level templates");
    milestone->require_subcommand(1);
    milestone->footer(R"(Statuses: planned, in-progress, partial, done, cancelled, not-assessable.
Recommendations are milestones of kind recommendation with a ref (4.2), an
optional finding (4) and an optional blocker.

Examples:
  crt milestone plan 12
  id=$(crt milestone add 12 --kind recommendation --ref 4.2 --finding 4 --title "Adopt a duty-to-intervene policy")
  crt milestone update "$id" --status partial --blocker union --date 2026-06-30
  crt milestone done 31 32 --date 2026-07-15
  crt milestone list --overdue --as-of 2026-09-30)");
    subcommand<MilestoneAddArgs>(*milestone, ctx, action, "add", "Add a milestone; prints its id",
                                 R"(Prints the new id alone, or the milestone with --format json.

Examples:
  crt milestone add 12 --kind site-visit --title "Second site visit" --due 2026-05-20
  crt milestone add 12 --kind recommendation --ref 2.1 --finding 2 --title "Publish use-of-force data quarterly")");
    subcommand<MilestonePlanArgs>(
        *milestone, ctx, action, "plan",
        "Add the level's template milestones, due from the day of acceptance",
        R"(Prints the ids of the milestones added; running it again adds only what is missing.
See the templates with 'crt topics levels'.

Example:
  crt milestone plan 12)");
    subcommand<MilestoneUpdateArgs>(*milestone, ctx, action, "update", "Change a milestone",
                                    R"(Example:
  crt milestone update 31 --status in-progress --blocker council --note "Awaiting budget vote" --date 2026-04-01)");
    subcommand<MilestoneCorrectArgs>(
        *milestone, ctx, action, "correct", "Correct a milestone's dates entered wrong",
        R"(--created corrects the day it was added; --due corrects the due date it has
had since it was last set, for every day since (a later, real change of due
date is 'crt milestone update --due'). Each is one history row of action
correct naming the row it corrects; allowed on a closed request. Moves are
re-dated with 'crt history redate'.

Example:
  crt milestone correct 31 --due 2026-07-31 --note "Plan says July, typed June")");
    subcommand<MilestoneCloseArgs<false>>(
        *milestone, ctx, action, "done",
        "Mark milestones done (all or none); sets the completed date",
        "Example:\n  crt milestone done 31 32 33 --date 2026-06-30");
    subcommand<MilestoneCloseArgs<true>>(
        *milestone, ctx, action, "cancel", "Cancel milestones (all or none)",
        "Example:\n  crt milestone cancel 34 --note \"Replaced by a webinar\"");
    subcommand<MilestoneListArgs>(
        *milestone, ctx, action, "list", "List milestones",
        R"(Columns: id, request, agency, level, kind, ref, finding, title, due, status,
completed, blocker, note.

--due-within DAYS lists the open milestones (not done, cancelled or
not-assessable on the as-of day) due from the as-of day to DAYS days after
it, both days included; --due-before DATE those due before DATE, whatever
their status (add --status to narrow). A milestone without a due date
matches neither.

Examples:
  crt milestone list --request 12 --kind recommendation --format csv
  crt milestone list --overdue --as-of 2026-06-30
  crt milestone list --due-within 30 --kind site-visit,training
  crt milestone list --due-before 2026-09-30 --status planned,in-progress)");
}

} // namespace crt::cli
