#include "cmd/app.h"

#include "lib/base/error.h"

#include <SQLiteCpp/Statement.h>

#include <filesystem>

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
        std::error_code error;
        if (std::filesystem::exists(std::filesystem::symlink_status(path, error))) {
            fail(ErrorKind::conflict,
                 "{}: a file already exists there; backup never overwrites one", path);
        }
        Store& store = ctx.store();
        // VACUUM INTO copies one read transaction's snapshot, so writers may go
        // on meanwhile and the copy is still consistent.
        try {
            SQLite::Statement vacuum(store.db(), "VACUUM INTO ?");
            vacuum.bind(1, path);
            vacuum.exec();
        } catch (const std::exception& e) {
            std::filesystem::remove(path, error);
            rethrow_sqlite(e, path);
        }
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
