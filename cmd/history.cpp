// crt history: the change log itself, for auditors.
#include "cmd/app.h"
#include "cmd/filters.h"
#include "cmd/options.h"

#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/model/correction.h"
#include "lib/model/history.h"

namespace crt::cli {

namespace {

struct HistoryListArgs {
    HistoryFilter filter;
    DateRange effective;
    DateRange recorded;
    std::string request_name;
    CLI::Option* request_option = nullptr;

    void add_cli(CLI::App& command) {
        request_option = add_request_name(command, "--request", request_name,
                                          "Only this request, its assignments and milestones");
        command.add_option("--agency", filter.agency, "Only this agency and its requests")
            ->check(k_ori);
        command.add_option("--expert", filter.expert, "Only this expert and their assignments")
            ->check(k_handle);
        command.add_option("--by", filter.actor, "Only changes recorded by this actor")
            ->option_text("ACTOR");
        command
            .add_option("--entity", filter.entities,
                        "Only changes to these kinds of record (repeat or comma-separate)")
            ->delimiter(',')
            ->check(one_of(k_history_entities));
        command
            .add_option("--action", filter.actions,
                        "Only changes of these actions (repeat or comma-separate)")
            ->delimiter(',')
            ->check(one_of(k_history_actions));
        effective.add(command, "Only changes effective on or after DATE",
                      "Only changes effective on or before DATE");
        recorded.add(command, "Only changes recorded on or after DATE (UTC)",
                     "Only changes recorded on or before DATE (UTC)", "recorded-");
    }

    void run(Context& ctx) {
        if (request_option->count() > 0) {
            long long request = request_id(ctx, request_name);
            if (request <= 0) {
                fail(ErrorKind::usage, "--request: '{}' is not a request id", request);
            }
            filter.request = request;
        }
        LateNotes notes(ctx);
        effective.check(notes);
        recorded.check(notes);
        filter.since = effective.since;
        filter.until = effective.until;
        filter.recorded_since = recorded.since;
        filter.recorded_until = recorded.until;
        RowWriter writer(ctx.out, ctx.format());
        View view = ctx.view();
        if (view.shapes()) {
            writer.shape(view);
        }
        writer.fit(ctx.width());
        writer.columns(history_columns());
        for_each_history(ctx.store(), filter,
                         [&](const HistoryRow& row) { writer.row(history_cells(row)); });
        writer.finish();
    }
};

// The history row a correction names, and why it is made.
struct CorrectionArgs {
    long long row = 0;
    std::string note;

    void add_row_and_note(CLI::App& command, const char* row_help) {
        command.add_option("ROW", row, row_help)->required();
        command.add_option("--note", note, "Why the correction is made (required)");
    }
    Reason reason(Context& ctx) const { return {resolve_actor(ctx.globals.actor), note}; }
    void print_id(Context& ctx, long long id, const char* what) const {
        ctx.out << id << '\n';
        ctx.created.push_back(id);
        ctx.note(fmt::format("history row {} {} by history row {}", row, what, id));
    }
};

struct HistoryVoidArgs : CorrectionArgs {
    void add_cli(CLI::App& command) {
        add_row_and_note(command, "History row of the move or change entered in error");
    }
    void run(Context& ctx) { print_id(ctx, void_change(ctx.store(), row, reason(ctx)), "voided"); }
};

struct HistoryRedateArgs : CorrectionArgs {
    std::string date;

    void add_cli(CLI::App& command) {
        add_row_and_note(command, "History row of the move or change dated wrong");
        command.add_option("--date", date, "The day it really happened")->required()->check(k_date);
    }
    void run(Context& ctx) {
        print_id(ctx, redate_change(ctx.store(), row, date, reason(ctx)), "re-dated");
    }
};

} // namespace

void add_history(CLI::App& app, Context& ctx, Action& action) {
    auto* history = app.add_subcommand("history", "The change log: every recorded change");
    history->require_subcommand(1);
    subcommand<HistoryListArgs>(
        *history, ctx, action, "list", "List recorded changes, oldest recorded first",
        R"(Columns: id, effective_date, recorded_at, actor, entity, entity_id, request,
action, field, old_value, new_value, note, corrects. Filters combine with AND.

Examples:
  crt history list --request 12
  crt history list --agency CA0194200 --since 2026-01-01 --until 2026-03-31
  crt history list --by jdoe --recorded-since 2026-11-01 --format csv
  crt history list --entity request --action status,void --since 2026-01-01

The actor filter is --by: --actor names who makes a change, on every command.)");
    subcommand<HistoryVoidArgs>(
        *history, ctx, action, "void", "Take back a move or change entered in error",
        R"(Appends a void row naming ROW; the record returns to what it was before ROW
and reports as of every day read past it. Refused, naming the row, when a
later change of the same field rests on ROW (void that first), or when the
record left behind breaks a rule. Prints the id of the void row.

Example:
  crt history void 812 --note "Entered on the wrong request")");
    subcommand<HistoryRedateArgs>(
        *history, ctx, action, "redate", "Correct the date of a recorded move or change",
        R"(Appends a copy of ROW dated --date that takes its place; the original stays
readable. The date obeys the rules of the change itself: not after today,
not before the record began or the change before it, before the change after
it, and for work on a request not on a day it was closed. Prints the id of
the copy.

Example:
  crt history redate 640 --date 2026-03-02 --note "Accepted on the 2nd, per the signed letter")");
}

} // namespace crt::cli
