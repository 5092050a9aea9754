#include "cmd/app.h"

#include "lib/base/error.h"
#include "lib/store/store.h"

namespace crt::cli {

namespace {

struct BackupArgs {
    std::string path;

    void add_cli(CLI::App& command) {
        command.add_option("PATH", path, "Where to write the copy (must not exist)")->required();
    }

    void run(Context& ctx) {
        if (ctx.in_batch()) {
            fail(ErrorKind::usage, "backup cannot run inside a batch");
        }
        if (path.empty()) {
            fail(ErrorKind::usage, "backup needs a path to write the copy to");
        }
        Store& store = ctx.store();
        store.backup(path);
        ctx.note(fmt::format("backed up {} to {}", store.path(), path));
    }
};

} // namespace

void add_backup(CLI::App& app, Context& ctx, Action& action) {
    subcommand<BackupArgs>(
        app, ctx, action, "backup", "Write a consistent copy of the live database",
        R"(The copy is one consistent snapshot even while others write; it refuses a path
where any file exists (exit 5).

Example:
  crt backup /srv/backups/program-$(date +%F).db)");
}

} // namespace crt::cli
