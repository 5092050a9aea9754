// Splits a line into words the way a POSIX shell would for plain arguments:
// blanks separate words; 'single quotes' keep everything literally; "double
// quotes" keep everything but \" \\ \$ \` which lose the backslash; outside
// quotes a backslash keeps the next character; a word starting with # begins
// a comment to the end of the line. No expansion of any kind.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crt {

// Throws an `invalid` Error naming the column of an unterminated quote or a
// trailing backslash, or a NUL byte.
std::vector<std::string> split_shell_words(std::string_view line);

} // namespace crt
