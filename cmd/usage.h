// Usage errors in crt's own words. When CLI11 refuses a command line, the
// line is walked again against the command tree to name what is wrong (an
// unknown option or command, with the closest valid one; a stray word) and
// the help of the command that was being parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace crt::cli {

// The one-line message for a command line `args` (without the program
// name) that `root` refused with `error`, ending in a pointer to the help
// of the deepest command named (`see 'crt milestone done --help'`).
std::string usage_message(const CLI::App& root, const std::vector<std::string>& args,
                          const CLI::ParseError& error);

// The candidate closest to `word` when it is close enough to be a likely
// slip (a letter or two off, or a prefix), else empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// The command path of the deepest subcommand `args` names ("crt request
// status"), for a usage error raised after parsing.
std::string command_path(const CLI::App& root, const std::vector<std::string>& args);

} // namespace crt::cli
