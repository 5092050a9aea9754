#include "cmd/app.h"

#include "lib/base/error.h"
#include "lib/base/input.h"
#include "lib/base/shellwords.h"

#include <filesystem>
#include <fstream>

namespace crt::cli {

namespace {

struct BatchArgs {
    std::string file = "-";
    bool dry_run = false;

    void add_cli(CLI::App& command) {
        command.add_option("FILE", file,
                           "File of crt command lines, or - for standard input (the default)");
        command.add_flag("--dry-run", dry_run,
                         "Run every line as a real batch would, then roll back: nothing is "
                         "written");
    }

    // Refuses a line that would leave the batch's transaction: a command that
    // opens or creates another database, or another database or catalogue.
    void check_line(const std::vector<std::string>& words, const std::string& db,
                    std::size_t number) const {
        auto takes_value = [](const std::string& word) {
            return word == "--db" || word == "--topics" || word == "--actor" || word == "--format";
        };
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (takes_value(words[i])) {
                ++i;
            } else if (!words[i].empty() && words[i][0] != '-') {
                if (words[i] == "init" || words[i] == "batch" || words[i] == "backup") {
                    fail(ErrorKind::usage, "{}:{}: '{}' cannot run inside a batch", file, number,
                         words[i]);
                }
                break;
            }
        }
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string& word = words[i];
            if (word.rfind("--db=", 0) == 0 || word.rfind("--topics=", 0) == 0) {
                fail(ErrorKind::usage, "{}:{}: --db and --topics cannot change inside a batch",
                     file, number);
            }
            if ((word == "--db" || word == "--topics") && i + 1 < words.size()) {
                std::error_code error;
                bool same =
                    word == "--db" && std::filesystem::weakly_canonical(words[i + 1], error) ==
                                          std::filesystem::weakly_canonical(db, error);
                if (!same) {
                    fail(ErrorKind::usage,
                         "{}:{}: {} cannot change inside a batch (give it to crt batch)", file,
                         number, word);
                }
            }
        }
    }

    void run(Context& ctx) {
        if (ctx.in_batch()) {
            fail(ErrorKind::usage, "batch cannot run inside a batch");
        }
        std::ifstream file_stream;
        std::istream* in = &std::cin;
        if (file != "-") {
            open_input(file, file_stream);
            in = &file_stream;
        }
        Store& store = ctx.store();
        Store::Transaction transaction(store);
        // Every line runs in one context that shares the batch's database and
        // catalogue, through one runner that keeps each command's tree.
        Context line_ctx;
        line_ctx.executable = ctx.executable;
        line_ctx.share(ctx);
        Runner runner(line_ctx);
        std::string line;
        std::size_t number = 0;
        std::size_t commands = 0;
        while (std::getline(*in, line)) {
            ++number;
            std::vector<std::string> words;
            try {
                words = split_shell_words(line);
            } catch (const Error& e) {
                fail(ErrorKind::usage, "{}:{}: {}", file, number, e.what());
            }
            if (words.empty()) {
                continue;
            }
            if (words.front() == "crt") {
                words.erase(words.begin());
            }
            check_line(words, ctx.db_path(), number);
            line_ctx.globals = ctx.globals;
            line_ctx.globals.db.clear();
            line_ctx.globals.quiet = true;
            try {
                runner.execute(words);
            } catch (const Error& e) {
                ctx.out.flush();
                // crt check says its verdict by its findings, not a message.
                std::string message = *e.what() != '\0' ? e.what() : "check found problems";
                throw Error(e.kind(), fmt::format("{}:{}: {} (exit {}; nothing was written)", file,
                                                  number, message, e.exit_code()));
            }
            ++commands;
        }
        std::string ran =
            fmt::format("ran {} command{} in one transaction", commands, commands == 1 ? "" : "s");
        if (dry_run) {
            // The transaction's destructor rolls every line back.
            ctx.note(ran + " and rolled it back; nothing was written (--dry-run)");
            return;
        }
        transaction.commit();
        ctx.note(ran);
    }
};

} // namespace

void add_batch(CLI::App& app, Context& ctx, Action& action) {
    subcommand<BatchArgs>(
        app, ctx, action, "batch", "Run many crt commands, one per line, in one transaction",
        R"(Each line holds crt arguments (a leading 'crt' is allowed), quoted as in a
shell; blank lines and # comments are skipped. All lines run on one database
connection in one transaction: on the first failure everything is rolled back
and the error names FILE:LINE and the failing command's exit code. Output of
each command goes to stdout as it would alone (ids printed before a failure
belong to rows that were rolled back). init, batch and backup are refused.

--dry-run runs every line exactly so, with the same output and exit code,
then rolls back: nothing is written, even on success.

Examples:
  crt batch updates.crt
  crt batch --dry-run updates.crt      # run it all, keep nothing
  printf 'milestone done 31 --date 2026-06-30\nrequest status 12 --to completed\n' | crt batch)");
}

} // namespace crt::cli
