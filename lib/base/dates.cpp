#include "lib/base/dates.h"

#include "lib/base/error.h"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace crt {

namespace {

bool all_digits(std::string_view text) {
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int to_int(std::string_view digits) {
    int value = 0;
    for (char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

std::optional<long> parse_days(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    auto y = text.substr(0, 4);
    auto m = text.substr(5, 2);
    auto d = text.substr(8, 2);
    if (!all_digits(y) || !all_digits(m) || !all_digits(d)) {
        return std::nullopt;
    }
    std::chrono::year_month_day ymd{std::chrono::year{to_int(y)},
                                    std::chrono::month{static_cast<unsigned>(to_int(m))},
                                    std::chrono::day{static_cast<unsigned>(to_int(d))}};
    if (!ymd.ok() || to_int(y) < 1900) {
        return std::nullopt;
    }
    return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

bool is_date(std::string_view text) {
    return parse_days(text).has_value();
}

std::string date_from_days(long days) {
    std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string today() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return fmt::format("{:04}-{:02}-{:02}", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

std::string now_utc() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string add_days(std::string_view date, long days) {
    auto base = parse_days(date);
    if (!base) {
        fail(ErrorKind::invalid, "'{}' is not a real date (YYYY-MM-DD)", date);
    }
    return date_from_days(*base + days);
}

long days_between(std::string_view from, std::string_view to) {
    auto a = parse_days(from);
    auto b = parse_days(to);
    if (!a || !b) {
        fail(ErrorKind::invalid, "'{}' or '{}' is not a real date (YYYY-MM-DD)", from, to);
    }
    return *b - *a;
}

std::string effective_date(std::string_view text, std::string_view what, std::string_view earliest,
                           std::string_view earliest_what) {
    std::string date = text.empty() ? today() : std::string(text);
    if (!is_date(date)) {
        fail(ErrorKind::usage, "{}: '{}' is not a real date (YYYY-MM-DD)", what, date);
    }
    if (date > today()) {
        fail(ErrorKind::invalid, "{}: {} is in the future (today is {})", what, date, today());
    }
    if (!earliest.empty() && date < earliest) {
        fail(ErrorKind::invalid, "{}: {} is before {} ({})", what, date, earliest_what, earliest);
    }
    return date;
}

std::optional<PeriodUnit> parse_period_unit(std::string_view name) {
    for (std::size_t i = 0; i < k_period_units.size(); ++i) {
        if (k_period_units[i] == name) {
            return static_cast<PeriodUnit>(i);
        }
    }
    return std::nullopt;
}

std::vector<Period> periods_between(std::string_view since, std::string_view until,
                                    PeriodUnit unit) {
    std::vector<Period> periods;
    if (!is_date(since) || !is_date(until) || until < since) {
        return periods;
    }
    const int months = unit == PeriodUnit::month ? 1 : unit == PeriodUnit::quarter ? 3 : 12;
    int year = to_int(since.substr(0, 4));
    // Months counted from January of `year`, 0-based, at the period's start.
    int month = (to_int(since.substr(5, 2)) - 1) / months * months;
    while (true) {
        int y = year + month / 12;
        int m = month % 12 + 1;
        std::string start = fmt::format("{:04}-{:02}-01", y, m);
        if (start > until) {
            break;
        }
        int next = month + months;
        std::string end =
            year + next / 12 > 9999
                ? std::string("9999-12-31")
                : add_days(fmt::format("{:04}-{:02}-01", year + next / 12, next % 12 + 1), -1);
        std::string label = unit == PeriodUnit::month     ? fmt::format("{:04}-{:02}", y, m)
                            : unit == PeriodUnit::quarter ? fmt::format("{:04}-Q{}", y, (m + 2) / 3)
                                                          : fmt::format("{:04}", y);
        periods.push_back({std::move(label), std::max(start, std::string(since)),
                           std::min(end, std::string(until))});
        if (end >= until) {
            break;
        }
        month = next;
    }
    return periods;
}

} // namespace crt
