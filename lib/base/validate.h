// Checks of the shape of values that come from users and files. Each returns
// whether the value is well formed; callers choose the error and its wording.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crt {

// `CA0194200`: a USPS state code followed by 7 upper-case letters or digits.
bool is_ori(std::string_view text);
// A two-letter USPS code of a state, district or territory (`CA`, `DC`, `PR`).
bool is_state(std::string_view text);
bool is_email(std::string_view text);
// `[a-z0-9][a-z0-9._-]*`, at most 64 characters.
bool is_handle(std::string_view text);
// `kebab-case`: lower-case letters and digits in groups joined by single hyphens.
bool is_kebab_id(std::string_view text);

// The byte offset of the first byte that is not part of valid UTF-8 (overlong
// forms, surrogates and NUL included), or nothing when all of it is valid.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text);

// Text a user may store: valid UTF-8 without NUL. Throws an `invalid` Error
// naming `what` otherwise.
void check_text(std::string_view text, std::string_view what);

// What makes `text` unfit to publish: "an email address" (local@domain.tld)
// or "a phone number" (a group of 3 digits then one of 4, as in 555-0100 or
// (202) 555-0100; a number that starts with +; ten or more digits in a row);
// nothing when it holds neither. Dates and references such as 2026-03-12 or
// 4.2.1 are not phone numbers.
std::optional<std::string_view> personal_contact(std::string_view text);

// Parses a whole decimal integer in [min, max]; nothing on any other input.
std::optional<long long> parse_integer(std::string_view text, long long min, long long max);

// Splits `a,b,,c` into trimmed, non-empty items.
std::vector<std::string> split_list(std::string_view text);
// The inverse: `a,b,c`.
std::string join_list(const std::vector<std::string>& items);
// Sorts a list of ids and drops repeats, so lists compare and print stably.
void sort_unique(std::vector<std::string>& items);

} // namespace crt
