#include "cmd/app.h"

#include "cmd/filters.h"
#include "cmd/options.h"
#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/report/report.h"

namespace crt::cli {

namespace {

enum class Kind { summary, overdue, workload, topics, timeliness, agency, public_report };

struct ReportArgs {
    Kind kind;
    ReportFilter filter;
    DateRange received;
    std::string as_of;
    std::string ori;
    std::string by;
    bool detail = false;
    bool raw = false;

    explicit ReportArgs(Kind k) : kind(k) {}

    void add_cli(CLI::App& command) {
        if (kind == Kind::agency) {
            command.add_option("ORI", ori, "Agency ORI")->required()->check(k_ori);
        }
        if (kind == Kind::public_report) {
            command.add_flag("--detail", detail,
                             "List every recommendation (ref, title, status, blocker)");
            command.add_flag("--raw", raw,
                             "csv/tsv: write text exactly, without the apostrophe put before a "
                             "cell a spreadsheet would run as a formula");
        }
        if (kind == Kind::summary || kind == Kind::timeliness) {
            command
                .add_option("--by", by,
                            "One row per calendar period from --since to --until instead of per "
                            "level")
                ->check(one_of(k_period_units));
        }
        command
            .add_option("--as-of", as_of,
                        "Report every status as it stood at the end of this day (default today)")
            ->check(k_date);
        command.add_option("--level", filter.levels, "Only these levels")
            ->delimiter(',')
            ->check(one_of(k_levels));
        command
            .add_option("--status", filter.statuses,
                        "Only requests in these statuses on the as-of day")
            ->delimiter(',')
            ->check(one_of(k_request_statuses));
        command.add_option("--state", filter.state, "Only agencies in this state")->check(k_state);
        if (kind != Kind::agency) {
            command.add_option("--agency", filter.agency, "Only this agency")->check(k_ori);
        }
        command.add_option("--topic", filter.topic, "Only requests on this topic")
            ->check(k_topic_id);
        // The public report is published: a filter by expert would print
        // the expert's handle among its filters.
        if (kind != Kind::public_report) {
            command
                .add_option("--expert", filter.expert, "Only requests this expert was assigned to")
                ->check(k_handle);
        }
        received.add(command, "Only requests received on or after DATE",
                     "Only requests received on or before DATE");
    }

    void run(Context& ctx) {
        LateNotes notes(ctx);
        received.check(notes);
        filter.since = received.since;
        filter.until = received.until;
        std::string day = effective_date(as_of, "--as-of");
        Store& store = ctx.store();
        Format format = ctx.format(kind == Kind::public_report ? Format::md : Format::table);
        // The long lists stream their rows in the machine formats.
        bool machine = format != Format::table && format != Format::md;
        if (machine && (kind == Kind::overdue || kind == Kind::public_report)) {
            // The public report goes to spreadsheets: its text must not run
            // there as a formula unless asked for exactly (--raw).
            bool guard = kind == Kind::public_report && !raw;
            RowWriter sink(ctx.out, format, guard ? Formulas::neutralised : Formulas::kept);
            View view = ctx.view();
            if (view.shapes()) {
                sink.shape(view);
            }
            if (kind == Kind::overdue) {
                report_overdue(store, filter, day, &sink);
            } else {
                report_public(store, filter, day, detail, &sink);
            }
            sink.finish();
            return;
        }
        Report report;
        std::optional<PeriodUnit> unit = parse_period_unit(by);
        switch (kind) {
        case Kind::summary:
            report = unit ? report_summary_by_period(store, filter, day, *unit)
                          : report_summary(store, ctx.catalogue(), filter, day);
            break;
        case Kind::overdue: report = report_overdue(store, filter, day); break;
        case Kind::workload: report = report_workload(store, filter, day); break;
        case Kind::topics: report = report_topics(store, ctx.catalogue(), filter, day); break;
        case Kind::timeliness:
            report = unit ? report_timeliness_by_period(store, ctx.catalogue(), filter, day, *unit)
                          : report_timeliness(store, ctx.catalogue(), filter, day);
            break;
        case Kind::agency: report = report_agency(store, ori, filter, day); break;
        case Kind::public_report: report = report_public(store, filter, day, detail); break;
        }
        write_report(ctx.out, report, format, ctx.view(), ctx.width());
    }
};

void add_report_kind(CLI::App& parent, Context& ctx, Action& action, Kind kind,
                     const std::string& name, const std::string& help, const std::string& footer) {
    auto args = std::make_shared<ReportArgs>(kind);
    auto* command = parent.add_subcommand(name, help);
    args->add_cli(*command);
    add_list_options(*command, ctx);
    command->footer(footer);
    on_run(command, ctx, action, args);
}

} // namespace

void add_report(CLI::App& app, Context& ctx, Action& action) {
    auto* report = app.add_subcommand("report", "Reports, as of any day, in every format");
    report->require_subcommand(1);
    report->footer(R"(Every report takes --as-of DATE (statuses at the end of that day, rebuilt from
the history; default today), --format, and the list filters. The same
database and --as-of always give the same bytes.

Examples:
  crt report summary --as-of 2026-06-30
  crt report overdue --format csv > overdue.csv
  crt report public --detail --as-of 2026-03-31 > status-report.md
  crt report public --detail --format csv > recommendations.csv)");
    add_report_kind(
        *report, ctx, action, Kind::summary, "summary",
        "Per level: requests by status; median days to first assignment and to completion",
        "Columns: level, requests, received, accepted, active, completed, declined, withdrawn,\n"
        "median_days_to_assignment, median_days_to_completion.\n\n"
        "With --by month|quarter|year, one row per calendar period instead: period, start, end,\n"
        "received, accepted, completed, declined, withdrawn -- the requests received in the\n"
        "period and those moved to each status on a day in it, whenever received. --since and\n"
        "--until then bound the periods (default: the first request received, and the as-of\n"
        "day); the first and last periods are cut to them.\n\n"
        "Examples:\n  crt report summary --level tac --state CA --format md\n"
        "  crt report summary --by quarter --since 2026-01-01 --until 2026-12-31 --format csv");
    add_report_kind(*report, ctx, action, Kind::overdue, "overdue",
                    "Open milestones past their due date",
                    "Columns: request, agency, agency_name, level, milestone, kind, title, due, "
                    "days_overdue, lead.\n\n"
                    "Example:\n  crt report overdue --as-of 2026-09-30 --format csv");
    add_report_kind(*report, ctx, action, Kind::workload, "workload",
                    "Per expert: active assignments, capacity, hours, overdue milestones",
                    "Columns: expert, name, org, active, capacity, active_assignments, hours, "
                    "overdue_milestones.\n\n"
                    "Example:\n  crt report workload --format md");
    add_report_kind(*report, ctx, action, Kind::topics, "topics",
                    "Per catalogue topic (requested or not): requests by level",
                    "Columns: topic, name, category, retired, tac, critical, assessment, total.\n\n"
                    "Example:\n  crt report topics --since 2026-01-01 --format csv");
    add_report_kind(
        *report, ctx, action, Kind::timeliness, "timeliness",
        "Per level: share of requests assigned within the level's target days",
        "Columns: level, target_days, assigned_within_target, late, waiting, closed_unassigned,\n"
        "share_within_target.\n\n"
        "With --by month|quarter|year, one row per calendar period of the received date instead:\n"
        "period, start, end, assigned_within_target, late, waiting, closed_unassigned,\n"
        "share_within_target, over all levels. --since and --until bound the periods (default:\n"
        "the first request received, and the as-of day).\n\n"
        "Examples:\n  crt report timeliness --as-of 2026-06-30\n"
        "  crt report timeliness --by month --since 2026-01-01 --format csv");
    add_report_kind(
        *report, ctx, action, Kind::agency, "agency",
        "One agency's engagements with their milestones",
        "Columns: request, level, title, status, received, accepted, milestone, kind, ref,\n"
        "milestone_title, due, milestone_status, completed.\n\nExample:\n  crt report agency "
        "CA0194200 --format md");
    add_report_kind(
        *report, ctx, action, Kind::public_report, "public",
        "The transparency report on assessments and critical responses (Markdown by default)",
        "Columns: request, agency_name, state, level, status, received, accepted, "
        "recommendations,\n"
        "planned, in_progress, partial, done, cancelled, not_assessable, percent_done.\n"
        "With --detail, csv/tsv/json/ndjson give one row per recommendation: request, "
        "agency_name,\n"
        "state, level, ref, finding, title, due, status, completed, blocker.\n"
        "Never holds contact data, emails, notes, descriptions, hours or expert names, and\n"
        "is never filtered by expert. In csv and tsv, text that starts with = + - @, a tab or a\n"
        "CR gets a leading ' so a spreadsheet shows it instead of running it; --raw turns\n"
        "that off.\n\n"
        "Examples:\n  crt report public --as-of 2026-06-30 > public.md\n"
        "  crt report public --detail --format json > recommendations.json");
}

} // namespace crt::cli
