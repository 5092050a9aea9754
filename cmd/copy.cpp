#include "cmd/app.h"

#include "lib/base/error.h"
#include "lib/io/copy.h"
#include "lib/store/store.h"

namespace crt::cli {

namespace {

struct CopyArgs {
    std::string source;
    std::string target;

    void add_cli(CLI::App& command) {
        command.add_option("SOURCE", source, "The database to copy (a path or postgresql:// URI)")
            ->required();
        command
            .add_option("TARGET", target,
                        "Where to copy it: a new path, or a URI whose schema holds no tables")
            ->required();
    }

    void run(Context& ctx) {
        if (ctx.in_batch()) {
            fail(ErrorKind::usage, "copy cannot run inside a batch");
        }
        if (source.empty() || target.empty()) {
            fail(ErrorKind::usage, "copy needs a source and a target database");
        }
        Store from = Store::open(source);
        auto copy = copy_database(from, target);
        long long rows = 0;
        std::string counts;
        for (const auto& table : copy.tables) {
            rows += table.rows;
            counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", table.rows, table.table);
        }
        ctx.note(
            fmt::format("copied {} to {}: {} rows ({})", from.path(), copy.target, rows, counts));
    }
};

} // namespace

void add_copy(CLI::App& app, Context& ctx, Action& action) {
    subcommand<CopyArgs>(
        app, ctx, action, "copy", "Copy a whole database to a new one, SQLite or PostgreSQL",
        R"(Copies every registry, request, assignment, milestone and the whole history
(ids, actors and timestamps kept) from SOURCE, read in one snapshot, into
TARGET, in one transaction: a new SQLite path (nothing may exist there) or a
PostgreSQL URI whose schema holds no tables (exit 5 otherwise). A failure
leaves nothing at TARGET. --db is not used: both databases are named.

Examples:
  crt copy program.db postgresql://crt_owner@db.example.org/cri
  crt copy postgresql://analyst@db.example.org/cri snapshot.db)");
}

} // namespace crt::cli
