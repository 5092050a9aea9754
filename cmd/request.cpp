#include "cmd/app.h"

#include "cmd/filters.h"
#include "cmd/options.h"
#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/model/correction.h"
#include "lib/model/lifecycle.h"
#include "lib/model/request.h"

namespace crt::cli {

namespace {

void print_request(Context& ctx, long long id) {
    Store& store = ctx.store();
    write_record_with_sections(ctx.out, request_record(get_request(store, id)),
                               {{"assignments", request_assignments(store, id)},
                                {"milestones", request_milestones(store, id)}},
                               ctx.format());
}

struct RequestNewArgs {
    Request request;
    std::vector<std::string> topics;

    void add_cli(CLI::App& command) {
        command.add_option("--agency", request.agency, "Requesting agency's ORI")
            ->required()
            ->check(k_ori);
        command.add_option("--level", request.level, "Level of support")
            ->required()
            ->check(one_of(k_levels));
        command.add_option("--title", request.title, "Short title")->required();
        command
            .add_option("--topic", topics,
                        "Catalogue topic (repeat or comma-separate; tac needs one)")
            ->delimiter(',')
            ->check(k_topic_id)
            ->option_text("TOPIC");
        command.add_option("--description", request.description, "What the agency asks for");
        command.add_option("--delivery", request.delivery, "How help is delivered")
            ->check(one_of(k_deliveries));
        command.add_option("--form", request.form, "Form of assistance")->check(one_of(k_forms));
        command.add_option("--priority", request.priority, "Priority (default normal)")
            ->check(one_of(k_priorities));
        command
            .add_option("--received", request.received,
                        "Day the request was received (default today)")
            ->check(k_date);
        command.add_option("--target", request.target, "Target date")->check(k_date);
        command
            .add_option("--event-date", request.event_date,
                        "Date of the precipitating event (critical only)")
            ->check(k_date);
        command.add_option("--external-id", request.external_id,
                           "Unique id from another system (import key)");
    }

    void run(Context& ctx) {
        request.topics = topics;
        long long id = create_request(ctx.store(), ctx.catalogue(), request, ctx.stamp(""));
        ctx.created.push_back(id);
        if (ctx.format() == Format::json || ctx.format() == Format::ndjson) {
            print_request(ctx, id);
        } else {
            ctx.out << id << '\n';
        }
    }
};

struct RequestUpdateArgs {
    std::string request_name;
    RequestPatch patch;
    std::vector<std::string> topics;
    std::string date;
    std::vector<std::pair<CLI::Option*, std::optional<std::string>*>> texts;
    // Where the options write (read back through `texts`); shared so a copy
    // of these arguments, as reset_on_parse keeps, refers to the same strings.
    std::vector<std::shared_ptr<std::string>> storage;
    CLI::Option* topic_option = nullptr;

    void text(CLI::App& command, const std::string& name, std::optional<std::string>& target,
              const std::string& help, const CLI::Validator* check = nullptr) {
        auto& value = *storage.emplace_back(std::make_shared<std::string>());
        auto* option = command.add_option(name, value, help);
        if (check != nullptr) {
            option->check(*check);
        }
        texts.emplace_back(option, &target);
    }

    void add_cli(CLI::App& command) {
        add_request_name(command, "ID", request_name, "Request id")->required();
        static const CLI::Validator deliveries = shape(
            "DELIVERY",
            [](const std::string& v) { return v.empty() || is_one_of(v, k_deliveries); },
            "one of onsite, virtual, hybrid, referral (or empty to clear)");
        static const CLI::Validator forms = shape(
            "FORM", [](const std::string& v) { return v.empty() || is_one_of(v, k_forms); },
            "a form of assistance (or empty to clear)");
        static const CLI::Validator priorities = one_of(k_priorities);
        static const CLI::Validator date_or_empty = shape(
            "DATE", [](const std::string& v) { return v.empty() || is_date(v); },
            "a real date (YYYY-MM-DD) or empty");
        text(command, "--title", patch.title, "Short title");
        text(command, "--description", patch.description, "What the agency asks for");
        text(command, "--delivery", patch.delivery, "How help is delivered", &deliveries);
        text(command, "--form", patch.form, "Form of assistance", &forms);
        text(command, "--priority", patch.priority, "Priority", &priorities);
        text(command, "--target", patch.target, "Target date (empty clears)", &date_or_empty);
        text(command, "--event-date", patch.event_date, "Date of the precipitating event",
             &date_or_empty);
        text(command, "--external-id", patch.external_id, "Unique id from another system");
        topic_option =
            command
                .add_option("--topic", topics,
                            "Replace the topics (repeat or comma-separate; \"\" for none)")
                ->delimiter(',')
                ->check(shape(
                    "TOPIC", [](const std::string& v) { return v.empty() || is_kebab_id(v); },
                    "a topic id (kebab-case)"))
                ->option_text("TOPIC");
        command.add_option("--date", date, "Day the change happened (default today)")
            ->check(k_date);
    }

    void run(Context& ctx) {
        long long id = request_id(ctx, request_name);
        for (auto& [option, target] : texts) {
            if (option->count() > 0) {
                *target = option->as<std::string>();
            }
        }
        if (topic_option->count() > 0) {
            std::erase(topics, std::string());
            patch.topics = topics;
        }
        Store& store = ctx.store();
        int changed = update_request(store, ctx.catalogue(), id, patch, ctx.stamp(date));
        if (ctx.format() == Format::json) {
            print_request(ctx, id);
        }
        ctx.note(changed == 0 ? fmt::format("request {}: nothing changed", id)
                              : fmt::format("request {}: {} field{} changed", id, changed,
                                            changed == 1 ? "" : "s"));
    }
};

struct RequestCorrectArgs {
    std::string request_name;
    IntakeCorrection correction;
    std::string agency, level, received, note;
    std::vector<std::string> topics;
    CLI::Option *agency_option = nullptr, *level_option = nullptr, *received_option = nullptr,
                *topic_option = nullptr;

    void add_cli(CLI::App& command) {
        add_request_name(command, "ID", request_name, "Request id")->required();
        agency_option = command.add_option("--agency", agency, "The agency that made the request")
                            ->check(k_ori);
        level_option = command.add_option("--level", level, "The level it was made at")
                           ->check(one_of(k_levels));
        received_option =
            command.add_option("--received", received, "The day it was received")->check(k_date);
        topic_option =
            command
                .add_option("--topic", topics, "The topics it asked for (repeat or comma-separate)")
                ->delimiter(',')
                ->check(k_topic_id);
        command.add_option("--note", note, "Why the correction is made (required)");
    }

    void run(Context& ctx) {
        long long id = request_id(ctx, request_name);
        if (agency_option->count() > 0)
            correction.agency = agency;
        if (level_option->count() > 0)
            correction.level = level;
        if (received_option->count() > 0)
            correction.received = received;
        if (topic_option->count() > 0)
            correction.topics = topics;
        if (!correction.agency && !correction.level && !correction.received && !correction.topics) {
            fail(ErrorKind::usage,
                 "request correct needs at least one of --agency, --level, --received, --topic");
        }
        int changed = correct_request(ctx.store(), ctx.catalogue(), id, correction,
                                      {resolve_actor(ctx.globals.actor), note});
        ctx.note(changed == 0 ? fmt::format("request {}: nothing to correct", id)
                              : fmt::format("request {}: {} fact{} corrected", id, changed,
                                            changed == 1 ? "" : "s"));
    }
};

struct RequestStatusArgs {
    std::vector<std::string> request_names;
    std::string to;
    std::string note;
    std::string date;

    void add_cli(CLI::App& command) {
        add_request_names(command, "ID", request_names, "Request ids")->required();
        command.add_option("--to", to, "New status")->required()->check(one_of(k_request_statuses));
        command.add_option("--note", note, "Reason (required for declined and withdrawn)");
        command.add_option("--date", date, "Day of the move (default today)")->check(k_date);
    }

    void run(Context& ctx) {
        std::vector<long long> ids = request_ids(ctx, request_names);
        move_requests(ctx.store(), ids, to, note, ctx.stamp(date));
        ctx.note(
            fmt::format("{} request{} moved to {}", ids.size(), ids.size() == 1 ? "" : "s", to));
    }
};

struct RequestListArgs {
    RequestFilter filter;
    DateRange received;

    void add_cli(CLI::App& command) {
        command.add_option("--level", filter.levels, "Only these levels")
            ->delimiter(',')
            ->check(one_of(k_levels));
        command.add_option("--status", filter.statuses, "Only these statuses")
            ->delimiter(',')
            ->check(one_of(k_request_statuses));
        command.add_option("--state", filter.state, "Only agencies in this state")->check(k_state);
        command.add_option("--agency", filter.agency, "Only this agency")->check(k_ori);
        command.add_option("--topic", filter.topic, "Only requests on this topic")
            ->check(k_topic_id);
        command.add_option("--expert", filter.expert, "Only requests this expert was assigned to")
            ->check(k_handle);
        received.add(command, "Only requests received on or after DATE",
                     "Only requests received on or before DATE");
        command.add_flag("--open", filter.open,
                         "Only requests not completed, declined or withdrawn");
        command
            .add_option("--search", filter.search,
                        "Only requests whose title or description holds TEXT (ASCII letters in "
                        "either case)")
            ->check(shape(
                "TEXT", [](const std::string& v) { return !v.empty(); }, "any text to look for"));
        command
            .add_option("--as-of", filter.as_of,
                        "The list as it stood at the end of this day (statuses and fields)")
            ->check(k_date);
    }

    void run(Context& ctx) {
        LateNotes notes(ctx);
        received.check(notes);
        filter.since = received.since;
        filter.until = received.until;
        if (!filter.as_of.empty()) {
            filter.as_of = effective_date(filter.as_of, "--as-of");
        }
        ctx.print(request_table(list_requests(ctx.store(), filter)), Format::table,
                  {"id", "external_id", "agency", "level", "status", "received", "title"});
    }
};

struct RequestShowArgs {
    std::string request_name;

    void add_cli(CLI::App& command) {
        add_request_name(command, "ID", request_name, "Request id")->required();
    }

    void run(Context& ctx) { print_request(ctx, request_id(ctx, request_name)); }
};

struct RequestLogArgs {
    std::string request_name;

    void add_cli(CLI::App& command) {
        add_request_name(command, "ID", request_name, "Request id")->required();
    }

    void run(Context& ctx) {
        long long id = request_id(ctx, request_name);
        Store& store = ctx.store();
        get_request(store, id);
        ctx.print(request_log(store, id), Format::table,
                  {"id", "effective_date", "actor", "entity", "entity_id", "action", "field",
                   "old_value", "new_value", "note"});
    }
};

} // namespace

void add_request(CLI::App& app, Context& ctx, Action& action) {
    auto* request = app.add_subcommand("request", "Requests for help and their lifecycle");
    request->require_subcommand(1);
    request->footer(R"(Lifecycle:
  received -> accepted -> active -> completed -> active (reopen)
  received|accepted -> declined (needs --note); received|accepted|active -> withdrawn (needs --note)
  active needs an active lead; completed needs every milestone done, cancelled or not-assessable.

Examples:
  id=$(crt request new --agency CA0194200 --level tac --title "De-escalation training" --topic de-escalation)
  crt request status "$id" --to accepted --date 2026-03-02
  crt request list --open --level assessment --format csv
  crt request log "$id")");

    subcommand<RequestNewArgs>(*request, ctx, action, "new", "Record a new request; prints its id",
                               R"(Prints the new id alone, or the whole request with --format json.

Examples:
  crt request new --agency CA0194200 --level tac --title "Crisis intervention training" \
      --topic crisis-intervention,de-escalation --form training --delivery onsite --received 2026-02-10
  crt request new --agency TX2270100 --level critical --title "After-action review of the May 4 protest" \
      --topic protest-mass-demonstration --event-date 2026-05-04 --priority urgent --external-id CR-2026-014)");
    subcommand<RequestUpdateArgs>(
        *request, ctx, action, "update", "Change a request's fields (not its status)",
        R"(Only the options given change; an empty value clears an optional field;
--topic replaces the whole list. Each change is one history row.

Example:
  crt request update 12 --priority high --target 2026-09-30 --topic de-escalation,use-of-force)");
    subcommand<RequestCorrectArgs>(
        *request, ctx, action, "correct", "Correct a request's intake facts entered wrong",
        R"(Corrects the agency, level, received date or topics as they should have been
from the start: reports as of every day use the corrected facts. Each fact
is one history row of action correct naming the request's creation row; the
original stays readable in 'crt request log'. A later received date is
refused while anything on the request is dated before it.

Example:
  crt request correct 12 --level assessment --received 2026-02-03 --note "Intake form misread")");
    subcommand<RequestStatusArgs>(
        *request, ctx, action, "status", "Move one or many requests to a new status, all or none",
        R"(All the moves happen in one transaction: if any id is missing or any move is
refused, none happens and the error names the request and the allowed moves.

Examples:
  crt request status 3 4 5 --to accepted --date 2026-04-01
  crt request status 9 --to withdrawn --note "Agency leadership changed")");
    subcommand<RequestListArgs>(
        *request, ctx, action, "list", "List requests",
        R"(Columns: id, external_id, agency, agency_name, state, level, title, topics,
delivery, form, priority, received, target, event_date, status, status_date.

--search matches a substring of the title or description, folding ASCII
letters only (A-Z match a-z; other letters match as written). --as-of lists
the requests received by the end of that day with their status, status_date,
title, topics and other fields as the history says they stood then; every
filter applies to those values. Agency, level and received are as corrected.

Examples:
  crt request list --level critical,assessment --status active
  crt request list --state CA --since 2026-01-01 --until 2026-06-30 --format csv
  crt request list --search "use of force" --open
  crt request list --as-of 2026-03-31 --status active --format csv)");
    subcommand<RequestShowArgs>(*request, ctx, action, "show",
                                "Show a request with its topics, assignments and milestones",
                                "Example:\n  crt request show 12 --format json");
    subcommand<RequestLogArgs>(
        *request, ctx, action, "log", "Print a request's history, oldest first",
        R"(Columns: id, effective_date, recorded_at, actor, entity, entity_id, action,
field, old_value, new_value, note, corrects. Includes the changes to the
request's assignments and milestones; a correction follows the row it corrects.

Example:
  crt request log 12 --format md)");
}

} // namespace crt::cli
