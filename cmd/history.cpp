// crt history: the change log itself, for auditors.
#include "cmd/app.h"
#include "cmd/options.h"

#include "lib/base/error.h"
#include "lib/model/history.h"

namespace crt::cli {

namespace {

struct HistoryListArgs {
    HistoryFilter filter;
    long long request = 0;
    CLI::Option* request_option = nullptr;

    void add_cli(CLI::App& command) {
        request_option = command.add_option("--request", request,
                                            "Only this request, its assignments and milestones");
        command.add_option("--agency", filter.agency, "Only this agency and its requests")
            ->check(k_ori);
        command.add_option("--expert", filter.expert, "Only this expert and their assignments")
            ->check(k_handle);
        command.add_option("--by", filter.actor, "Only changes recorded by this actor")
            ->option_text("ACTOR");
        command.add_option("--from", filter.from, "Only changes effective on or after DATE")
            ->check(k_date);
        command.add_option("--to", filter.to, "Only changes effective on or before DATE")
            ->check(k_date);
        command
            .add_option("--recorded-from", filter.recorded_from,
                        "Only changes recorded on or after DATE (UTC)")
            ->check(k_date);
        command
            .add_option("--recorded-to", filter.recorded_to,
                        "Only changes recorded on or before DATE (UTC)")
            ->check(k_date);
    }

    void run(Context& ctx) {
        if (request_option->count() > 0) {
            if (request <= 0) {
                fail(ErrorKind::usage, "--request: '{}' is not a request id", request);
            }
            filter.request = request;
        }
        if (!filter.from.empty() && !filter.to.empty() && filter.to < filter.from) {
            fail(ErrorKind::usage, "--to {} is before --from {}", filter.to, filter.from);
        }
        if (!filter.recorded_from.empty() && !filter.recorded_to.empty() &&
            filter.recorded_to < filter.recorded_from) {
            fail(ErrorKind::usage, "--recorded-to {} is before --recorded-from {}",
                 filter.recorded_to, filter.recorded_from);
        }
        RowWriter writer(ctx.out, ctx.format());
        writer.columns(history_columns());
        for_each_history(ctx.store(), filter,
                         [&](const HistoryRow& row) { writer.row(history_cells(row)); });
        writer.finish();
    }
};

} // namespace

void add_history(CLI::App& app, Context& ctx, Action& action) {
    auto* history = app.add_subcommand("history", "The change log: every recorded change");
    history->require_subcommand(1);
    subcommand<HistoryListArgs>(
        *history, ctx, action, "list", "List recorded changes, oldest recorded first",
        R"(Columns: id, effective_date, recorded_at, actor, entity, entity_id, request,
action, field, old_value, new_value, note. Filters combine with AND.

Examples:
  crt history list --request 12
  crt history list --agency CA0194200 --from 2026-01-01 --to 2026-03-31
  crt history list --by jdoe --recorded-from 2026-11-01 --format csv)");
}

} // namespace crt::cli
