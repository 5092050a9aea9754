#include "cmd/app.h"

#include <fmt/format.h>

namespace crt::cli {

namespace {

struct InitArgs {
    void run(Context& ctx) {
        // Named as the store names it: a password in a URI is hidden.
        Store store = Store::create(ctx.db_path());
        ctx.note(fmt::format("created crt database {}", store.path()));
    }
};

} // namespace

void add_init(CLI::App& app, Context& ctx, Action& action) {
    auto* command = app.add_subcommand("init", "Create a new, empty database");
    command->footer(R"(Only 'crt init' creates a database; it refuses a path where any file exists.

Examples:
  crt init                      # ./crt.db
  crt init --db /srv/cri/program.db
  CRT_DB=program.db crt init)");
    on_run(command, ctx, action, std::make_shared<InitArgs>());
}

} // namespace crt::cli
