// Calendar dates as the store keeps them: `YYYY-MM-DD` strings, which sort
// and compare correctly as text. Only real dates of the Gregorian calendar
// are accepted (2026-02-30 is not one).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace crt {

// Days since 1970-01-01 when `text` is a real `YYYY-MM-DD` date.
std::optional<long> parse_days(std::string_view text);
bool is_date(std::string_view text);
std::string date_from_days(long days);

// Today's date on the local calendar: the day a user means by "today".
std::string today();
// The current instant as a UTC RFC 3339 timestamp (seconds precision).
std::string now_utc();

std::string add_days(std::string_view date, long days);
// Whole days from `from` to `to` (negative when `to` is earlier).
long days_between(std::string_view from, std::string_view to);

// Checks a user-supplied effective date: a real date, not after today, and not
// before `earliest` when given. `what` names the option in the message.
std::string effective_date(std::string_view text, std::string_view what,
                           std::string_view earliest = {}, std::string_view earliest_what = {});

} // namespace crt
