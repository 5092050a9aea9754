#include "cmd/app.h"

#include "lib/base/error.h"
#include "lib/base/input.h"
#include "lib/base/shellwords.h"
#include "lib/base/validate.h"

#include <filesystem>
#include <fstream>
#include <limits>
#include <unordered_map>

namespace crt::cli {

namespace {

// What a line created, for the $N of the lines after it: the id it printed
// (the first, when it printed several) and how many it printed.
struct CreatedIds {
    long long first = 0;
    std::size_t count = 0;
};

struct BatchArgs {
    std::string file = "-";
    bool dry_run = false;

    void add_cli(CLI::App& command) {
        command.add_option("FILE", file,
                           "File of crt command lines, or - for standard input (the default)");
        command.add_flag(
            "--dry-run", dry_run,
            "Run every line as a real batch would, then roll back: nothing is written");
    }

    // The id that `$digits` on line `number` stands for: the one line
    // `digits` created. Lines are counted as errors name them.
    static std::string line_id(std::string_view digits, std::size_t number,
                               const std::unordered_map<std::size_t, CreatedIds>& created) {
        auto target = parse_integer(digits, 0, std::numeric_limits<long long>::max());
        if (target && *target == 0) {
            fail(ErrorKind::usage, "$0: there is no line 0 (lines count from 1)");
        }
        if (!target || static_cast<unsigned long long>(*target) >= number) {
            fail(ErrorKind::usage,
                 "${}: line {} is not before this one (a line can use the ids of earlier lines "
                 "only)",
                 digits, target ? std::to_string(*target) : std::string(digits));
        }
        auto found = created.find(static_cast<std::size_t>(*target));
        if (found == created.end()) {
            fail(ErrorKind::usage, "${}: line {} created no id", digits, *target);
        }
        if (found->second.count > 1) {
            fail(ErrorKind::usage, "${}: line {} created {} ids, not one", digits, *target,
                 found->second.count);
        }
        return std::to_string(found->second.first);
    }

    // Refuses a line that would leave the batch's transaction: a command that
    // opens or creates another database, or another database or catalogue.
    void check_line(const std::vector<std::string>& words, const std::string& db,
                    std::size_t number) const {
        auto takes_value = [](const std::string& word) {
            return word == "--db" || word == "--catalogue" || word == "--topics" ||
                   word == "--actor" || word == "--format";
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
            if (word.rfind("--db=", 0) == 0 || word.rfind("--catalogue=", 0) == 0 ||
                word.rfind("--topics=", 0) == 0) {
                fail(ErrorKind::usage, "{}:{}: --db and --catalogue cannot change inside a batch",
                     file, number);
            }
            if ((word == "--db" || word == "--catalogue" || word == "--topics") &&
                i + 1 < words.size()) {
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
        std::unordered_map<std::size_t, CreatedIds> created;
        auto expand = [&](std::string_view digits) { return line_id(digits, number, created); };
        while (std::getline(*in, line)) {
            ++number;
            std::vector<std::string> words;
            try {
                words = split_shell_words(line, expand);
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
            line_ctx.created.clear();
            try {
                runner.execute(words);
            } catch (const Error& e) {
                ctx.out.flush();
                // crt check says its verdict by its findings, not a message.
                std::string message = *e.what() != '\0' ? e.what() : "check found problems";
                throw Error(e.kind(), fmt::format("{}:{}: {} (exit {}; nothing was written)", file,
                                                  number, message, e.exit_code()));
            }
            if (!line_ctx.created.empty()) {
                created[number] = {line_ctx.created.front(), line_ctx.created.size()};
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

$N (or ${N}) outside single quotes stands for the id line N of the file
printed (request new, milestone add, history void or redate): lines are
counted as errors name them, blank and comment lines included. Referring to a
line that printed no id, or not to an earlier one, is exit 2. A literal $
before a digit or { is written '$1' or \$1.

--dry-run runs every line exactly so, with the same output and exit code,
then rolls back: nothing is written, even on success.

Examples:
  crt batch updates.crt
  crt batch --dry-run updates.crt      # run it all, keep nothing
  printf 'milestone done 31 --date 2026-06-30\nrequest status 12 --to completed\n' | crt batch

A file whose later lines use the id of the request line 1 creates:
  request new --agency CA0194200 --level tac --title CIT --topic crisis-intervention
  request status $1 --to accepted
  assign add $1 mreyes --role lead)");
}

} // namespace crt::cli
