// Builds the command tree and runs one command line. Each subcommand lives in
// its own file and registers itself through an `add_<name>` function that
// sets `action` when the subcommand is chosen; run() parses once, then calls it.
#pragma once

#include "cmd/context.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace crt::cli {

using Action = std::function<void()>;

void add_init(CLI::App& app, Context& ctx, Action& action);
void add_topics(CLI::App& app, Context& ctx, Action& action);
void add_agency(CLI::App& app, Context& ctx, Action& action);
void add_expert(CLI::App& app, Context& ctx, Action& action);
void add_request(CLI::App& app, Context& ctx, Action& action);
void add_assign(CLI::App& app, Context& ctx, Action& action);
void add_milestone(CLI::App& app, Context& ctx, Action& action);
void add_report(CLI::App& app, Context& ctx, Action& action);
void add_publish(CLI::App& app, Context& ctx, Action& action);
void add_import(CLI::App& app, Context& ctx, Action& action);
void add_batch(CLI::App& app, Context& ctx, Action& action);
void add_history(CLI::App& app, Context& ctx, Action& action);
void add_check(CLI::App& app, Context& ctx, Action& action);
void add_backup(CLI::App& app, Context& ctx, Action& action);
void add_copy(CLI::App& app, Context& ctx, Action& action);
void add_completion(CLI::App& app, Context& ctx, Action& action);

// The whole command tree with the global options bound to `ctx.globals`.
// With `only`, just that command's subtree (the one a run will use).
std::unique_ptr<CLI::App> build_app(Context& ctx, Action& action, std::string_view only = {});

// Parses `args` (without the program name) and runs the chosen command;
// returns the exit code (crt(1), EXIT STATUS) after printing any error.
int run(Context& ctx, std::vector<std::string> args);

// Parses and runs command lines against one context, throwing a failure as
// an Error (a usage error for bad arguments) instead of printing it. Each
// command's tree is built the first time a line names it and reused after,
// so a batch of thousands of lines parses each against a ready tree.
class Runner {
  public:
    explicit Runner(Context& ctx) : ctx_(ctx) {}
    int execute(std::vector<std::string> args);

  private:
    Context& ctx_;
    Action action_;
    std::unordered_map<std::string, std::unique_ptr<CLI::App>> apps_;
};

// Before each parse, `args` returns to the state it had once its options were
// registered, so a reused tree never carries a value from one line to the next.
template <typename Args> void reset_on_parse(CLI::App* command, std::shared_ptr<Args> args) {
    auto pristine = std::make_shared<const Args>(*args);
    command->preparse_callback([args, pristine](std::size_t) { *args = *pristine; });
}

// Sets a subcommand's action to call `run(args)` with its parsed arguments.
template <typename Args>
void on_run(CLI::App* command, Context& ctx, Action& action, std::shared_ptr<Args> args) {
    reset_on_parse(command, args);
    command->callback([&ctx, &action, args] { action = [&ctx, args] { args->run(ctx); }; });
}

// Adds subcommand `name` run by a fresh `Args` (with its options from
// `Args::add_cli` when it has any) and a help footer of examples.
template <typename Args>
void subcommand(CLI::App& parent, Context& ctx, Action& action, const std::string& name,
                const std::string& help, const std::string& footer) {
    auto args = std::make_shared<Args>();
    auto* command = parent.add_subcommand(name, help);
    if constexpr (requires { args->add_cli(*command); }) {
        args->add_cli(*command);
    }
    command->footer(footer);
    on_run(command, ctx, action, args);
}

} // namespace crt::cli
