#include "lib/base/dates.h"

#include "support.h"

#include <doctest/doctest.h>

using crt::test::error_kind;

TEST_CASE("dates::parse_days") {
    SUBCASE("the epoch and its neighbours") {
        CHECK(crt::parse_days("1970-01-01") == 0L);
        CHECK(crt::parse_days("1970-01-02") == 1L);
        CHECK(crt::parse_days("1969-12-31") == -1L);
        CHECK(crt::parse_days("2000-03-01") == 11017L);
    }
    SUBCASE("real dates") {
        for (const char* date : {"2026-02-28", "2024-02-29", "2000-02-29", "2026-12-31",
                                 "2026-01-01", "2026-04-30", "1900-01-01"}) {
            CAPTURE(date);
            CHECK(crt::parse_days(date).has_value());
            CHECK(crt::is_date(date));
        }
    }
    SUBCASE("days that do not exist") {
        for (const char* date : {"2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31",
                                 "2026-01-32", "2026-01-00", "2026-13-01", "2026-00-10"}) {
            CAPTURE(date);
            CHECK_FALSE(crt::parse_days(date).has_value());
            CHECK_FALSE(crt::is_date(date));
        }
    }
    SUBCASE("bad shapes") {
        for (const char* date :
             {"", "2026-1-01", "2026-01-1", "26-01-01", "20260101", "2026/01/01", "2026.01.01",
              "2026-01-01T00:00:00Z", " 2026-01-01", "2026-01-01 ", "abcd-ef-gh", "2026-0a-01",
              "+026-01-01", "2026--1-01", "２026-01-01"}) {
            CAPTURE(date);
            CHECK_FALSE(crt::is_date(date));
        }
    }
}

TEST_CASE("dates::date_from_days") {
    CHECK(crt::date_from_days(0) == "1970-01-01");
    CHECK(crt::date_from_days(-1) == "1969-12-31");
    CHECK(crt::date_from_days(11017) == "2000-03-01");

    SUBCASE("round trip") {
        for (const char* date :
             {"1900-01-01", "1999-12-31", "2024-02-29", "2026-02-28", "2026-03-01", "2099-12-31"}) {
            CAPTURE(date);
            auto days = crt::parse_days(date);
            REQUIRE(days.has_value());
            CHECK(crt::date_from_days(*days) == date);
        }
    }
}

TEST_CASE("dates::add_days") {
    SUBCASE("within a month") {
        CHECK(crt::add_days("2026-01-10", 5) == "2026-01-15");
        CHECK(crt::add_days("2026-01-10", 0) == "2026-01-10");
    }
    SUBCASE("across month ends") {
        CHECK(crt::add_days("2026-01-31", 1) == "2026-02-01");
        CHECK(crt::add_days("2026-02-28", 1) == "2026-03-01");
        CHECK(crt::add_days("2024-02-28", 1) == "2024-02-29");
        CHECK(crt::add_days("2026-03-01", -1) == "2026-02-28");
        CHECK(crt::add_days("2024-03-01", -1) == "2024-02-29");
    }
    SUBCASE("across year ends") {
        CHECK(crt::add_days("2025-12-31", 1) == "2026-01-01");
        CHECK(crt::add_days("2026-01-01", -1) == "2025-12-31");
        CHECK(crt::add_days("2026-01-01", 365) == "2027-01-01");
        CHECK(crt::add_days("2024-01-01", 366) == "2025-01-01");
    }
    SUBCASE("a bad date is refused") {
        CHECK(error_kind([] { crt::add_days("2026-02-30", 1); }) == "invalid");
        CHECK(error_kind([] { crt::add_days("soon", 1); }) == "invalid");
    }
}

TEST_CASE("dates::days_between") {
    CHECK(crt::days_between("2026-01-01", "2026-01-31") == 30);
    CHECK(crt::days_between("2026-01-31", "2026-01-01") == -30);
    CHECK(crt::days_between("2026-05-05", "2026-05-05") == 0);
    CHECK(crt::days_between("2026-02-28", "2026-03-01") == 1);
    CHECK(crt::days_between("2024-02-28", "2024-03-01") == 2);
    CHECK(crt::days_between("2024-01-01", "2025-01-01") == 366);
    CHECK(crt::days_between("2025-12-31", "2026-01-01") == 1);
    CHECK(error_kind([] { crt::days_between("2026-01-01", "2026-02-30"); }) == "invalid");
    CHECK(error_kind([] { crt::days_between("", "2026-01-01"); }) == "invalid");
}

TEST_CASE("dates::today and now_utc") {
    CHECK(crt::is_date(crt::today()));

    std::string now = crt::now_utc();
    REQUIRE(now.size() == 20);
    CHECK(crt::is_date(now.substr(0, 10)));
    CHECK(now[10] == 'T');
    CHECK(now[13] == ':');
    CHECK(now[16] == ':');
    CHECK(now.back() == 'Z');
}

TEST_CASE("dates::effective_date") {
    const std::string today = crt::today();

    SUBCASE("empty means today") {
        CHECK(crt::effective_date("", "--date") == today);
    }
    SUBCASE("a past or present date is kept") {
        CHECK(crt::effective_date("2020-05-01", "--date") == "2020-05-01");
        CHECK(crt::effective_date(today, "--date") == today);
    }
    SUBCASE("the future is refused as invalid") {
        std::string tomorrow = crt::add_days(today, 1);
        CHECK(error_kind([&] { crt::effective_date(tomorrow, "--date"); }) == "invalid");
        CHECK(error_kind([] { crt::effective_date("2999-01-01", "--date"); }) == "invalid");
    }
    SUBCASE("a malformed date is a usage error naming the option") {
        CHECK(error_kind([] { crt::effective_date("2026-02-30", "--date"); }) == "usage");
        CHECK(error_kind([] { crt::effective_date("yesterday", "--date"); }) == "usage");
        CHECK(error_kind([] { crt::effective_date("2026/01/01", "--date"); }) == "usage");
        auto message = crt::test::error_message([] { crt::effective_date("yesterday", "--date"); });
        CHECK(message.find("--date") != std::string::npos);
        CHECK(message.find("yesterday") != std::string::npos);
    }
    SUBCASE("not before the earliest day") {
        CHECK(error_kind([] {
                  crt::effective_date("2020-01-01", "--date", "2020-06-01", "received");
              }) == "invalid");
        CHECK(crt::effective_date("2020-06-01", "--date", "2020-06-01", "received") ==
              "2020-06-01");
        CHECK(crt::effective_date("2020-06-02", "--date", "2020-06-01", "received") ==
              "2020-06-02");
        auto message = crt::test::error_message(
            [] { crt::effective_date("2020-01-01", "--date", "2020-06-01", "received"); });
        CHECK(message.find("2020-06-01") != std::string::npos);
    }
    SUBCASE("an empty date is checked against the earliest day too") {
        std::string tomorrow = crt::add_days(today, 1);
        CHECK(error_kind([&] { crt::effective_date("", "--date", tomorrow, "received"); }) ==
              "invalid");
    }
}

namespace {

// "label start end" of each period, one a line.
std::string periods(std::string_view since, std::string_view until, crt::PeriodUnit unit) {
    std::string text;
    for (const auto& period : crt::periods_between(since, until, unit)) {
        text += period.label + " " + period.start + " " + period.end + "\n";
    }
    return text;
}

} // namespace

TEST_CASE("dates::periods_between") {
    using crt::PeriodUnit;
    SUBCASE("whole quarters, and the first and last cut to the range") {
        CHECK(periods("2025-01-01", "2025-12-31", PeriodUnit::quarter) ==
              "2025-Q1 2025-01-01 2025-03-31\n2025-Q2 2025-04-01 2025-06-30\n"
              "2025-Q3 2025-07-01 2025-09-30\n2025-Q4 2025-10-01 2025-12-31\n");
        CHECK(periods("2025-02-15", "2025-08-01", PeriodUnit::quarter) ==
              "2025-Q1 2025-02-15 2025-03-31\n2025-Q2 2025-04-01 2025-06-30\n"
              "2025-Q3 2025-07-01 2025-08-01\n");
    }
    SUBCASE("months across a year end and a leap February") {
        CHECK(periods("2023-12-31", "2024-03-01", PeriodUnit::month) ==
              "2023-12 2023-12-31 2023-12-31\n2024-01 2024-01-01 2024-01-31\n"
              "2024-02 2024-02-01 2024-02-29\n2024-03 2024-03-01 2024-03-01\n");
    }
    SUBCASE("years") {
        CHECK(
            periods("2024-06-30", "2026-01-01", PeriodUnit::year) ==
            "2024 2024-06-30 2024-12-31\n2025 2025-01-01 2025-12-31\n2026 2026-01-01 2026-01-01\n");
        CHECK(periods("9999-02-01", "9999-12-31", PeriodUnit::year) ==
              "9999 9999-02-01 9999-12-31\n");
    }
    SUBCASE("one day, and a range the wrong way round") {
        CHECK(periods("2026-05-05", "2026-05-05", PeriodUnit::quarter) ==
              "2026-Q2 2026-05-05 2026-05-05\n");
        CHECK(periods("2026-05-05", "2026-05-04", PeriodUnit::month).empty());
    }
    SUBCASE("the unit names") {
        CHECK(crt::parse_period_unit("quarter") == PeriodUnit::quarter);
        CHECK(crt::parse_period_unit("month") == PeriodUnit::month);
        CHECK(crt::parse_period_unit("year") == PeriodUnit::year);
        CHECK_FALSE(crt::parse_period_unit("week").has_value());
        CHECK_FALSE(crt::parse_period_unit("Quarter").has_value());
    }
}
