// Splits a line into words the way a POSIX shell would for plain arguments:
// blanks separate words; 'single quotes' keep everything literally; "double
// quotes" keep everything but \" \\ \$ \` which lose the backslash; outside
// quotes a backslash keeps the next character; a word starting with # begins
// a comment to the end of the line. The one expansion is optional: a line
// reference ($N or ${N}, N decimal digits) outside single quotes, which
// `expand` replaces; without it, or after a backslash, `$` is literal.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace crt {

// Returns the text that stands for the reference to line `digits` (which
// may throw to refuse it).
using ExpandReference = std::function<std::string(std::string_view digits)>;

// Throws an `invalid` Error naming the column of an unterminated quote or a
// trailing backslash, a malformed ${...}, or a NUL byte.
std::vector<std::string> split_shell_words(std::string_view line,
                                           const ExpandReference& expand = {});

} // namespace crt
