// Calendar dates as the store keeps them: `YYYY-MM-DD` strings, which sort
// and compare correctly as text. Only real dates of the Gregorian calendar
// are accepted (2026-02-30 is not one).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The calendar periods a report counts by.
enum class PeriodUnit { month, quarter, year };
inline constexpr std::array<std::string_view, 3> k_period_units = {"month", "quarter", "year"};
std::optional<PeriodUnit> parse_period_unit(std::string_view name);

// One calendar period (`label` 2026-03, 2026-Q1 or 2026), or the part of
// it inside a range: `start` and `end` are its first and last days.
struct Period {
    std::string label;
    std::string start;
    std::string end;
};
// The periods of `unit` from the one holding `since` to the one holding
// `until`, in order, the first cut to start on `since` and the last to end
// on `until`; none when `until` is before `since`. Both are real dates.
std::vector<Period> periods_between(std::string_view since, std::string_view until,
                                    PeriodUnit unit);

} // namespace crt
