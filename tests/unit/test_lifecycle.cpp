#include "lib/base/catalogue.h"
#include "lib/base/dates.h"
#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/model/agency.h"
#include "lib/model/lifecycle.h"
#include "lib/model/request.h"
#include "lib/store/store.h"
#include "tests/unit/program.h"
#include "tests/unit/support.h"

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <set>

using namespace crt;

namespace {

// The test program, and a lead on a request (no rules checked).
struct Fixture : test::Program {
    void add_lead(long long id) {
        store.exec(fmt::format("INSERT INTO assignment (request, expert, role, assigned) "
                               "VALUES ({}, 'lead', 'lead', '2026-01-01')",
                               id));
    }
};

ErrorKind kind_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.kind();
    }
    FAIL("expected a crt::Error");
    return ErrorKind::io;
}

} // namespace

TEST_CASE("lifecycle::is_allowed_move") {
    const std::set<std::pair<std::string, std::string>> allowed = {
        {"received", "accepted"}, {"received", "declined"}, {"received", "withdrawn"},
        {"accepted", "active"},   {"accepted", "declined"}, {"accepted", "withdrawn"},
        {"active", "completed"},  {"active", "withdrawn"},  {"completed", "active"}};
    for (auto from : k_request_statuses) {
        for (auto to : k_request_statuses) {
            CAPTURE(from);
            CAPTURE(to);
            bool expected = allowed.count({std::string(from), std::string(to)}) > 0;
            CHECK(is_allowed_move(from, to) == expected);
        }
    }
    CHECK(allowed_moves("declined").empty());
    CHECK(allowed_moves("withdrawn").empty());
    CHECK(allowed_moves("received") ==
          std::vector<std::string_view>{"accepted", "declined", "withdrawn"});
    CHECK(needs_reason("declined"));
    CHECK(needs_reason("withdrawn"));
    CHECK_FALSE(needs_reason("completed"));
    CHECK(is_closed_milestone_status("not-assessable"));
    CHECK_FALSE(is_closed_milestone_status("partial"));
}

TEST_CASE("lifecycle::move_requests") {
    Fixture f;
    long long a = f.new_request("tac", "2026-01-10");
    long long b = f.new_request("assessment", "2026-01-12");

    SUBCASE("every id moves, or none does") {
        CHECK(kind_of([&] {
                  move_requests(f.store, {a, b, 99}, "accepted", "", {"t", "2026-02-01"});
              }) == ErrorKind::not_found);
        CHECK(get_request(f.store, a).status == "received");
        move_requests(f.store, {b}, "declined", "No capacity", {"t", "2026-02-01"});
        CHECK(kind_of([&] {
                  move_requests(f.store, {a, b}, "accepted", "", {"t", "2026-02-02"});
              }) == ErrorKind::conflict);
        CHECK(get_request(f.store, a).status == "received");
        CHECK(get_request(f.store, b).status_note == "No capacity");
    }
    SUBCASE("declined and withdrawn need a reason") {
        CHECK(kind_of([&] {
                  move_requests(f.store, {a}, "withdrawn", "", {"t", "2026-02-01"});
              }) == ErrorKind::usage);
    }
    SUBCASE("active needs a lead, completed needs closed milestones") {
        move_requests(f.store, {a}, "accepted", "", {"t", "2026-02-01"});
        CHECK(get_request(f.store, a).accepted == "2026-02-01");
        CHECK(kind_of([&] {
                  move_requests(f.store, {a}, "active", "", {"t", "2026-02-02"});
              }) == ErrorKind::conflict);
        f.add_lead(a);
        move_requests(f.store, {a}, "active", "", {"t", "2026-02-02"});
        f.store.exec(fmt::format(
            "INSERT INTO milestone (request, kind, title, status, created, status_date) "
            "VALUES ({}, 'training', 'T', 'partial', '2026-02-02', '2026-02-02')",
            a));
        CHECK(kind_of([&] {
                  move_requests(f.store, {a}, "completed", "", {"t", "2026-02-03"});
              }) == ErrorKind::conflict);
        f.store.exec("UPDATE milestone SET status = 'not-assessable', status_date = '2026-02-03'");
        move_requests(f.store, {a}, "completed", "", {"t", "2026-02-03"});
        CHECK(get_request(f.store, a).status == "completed");
    }
    SUBCASE("a move is never dated before the move it follows") {
        move_requests(f.store, {a}, "accepted", "", {"t", "2026-02-01"});
        CHECK(kind_of([&] {
                  move_requests(f.store, {a}, "withdrawn", "x", {"t", "2026-01-31"});
              }) == ErrorKind::invalid);
    }
}

TEST_CASE("lifecycle::request_status_as_of") {
    Fixture f;
    long long id = f.new_request("assessment", "2026-01-10");
    f.add_lead(id);
    move_requests(f.store, {id}, "accepted", "", {"t", "2026-02-01"});
    move_requests(f.store, {id}, "active", "", {"t", "2026-03-01"});
    // Two moves on one day: the later one stands at the end of that day.
    f.store.exec(
        fmt::format("INSERT INTO milestone (request, kind, title, status, created, status_date) "
                    "VALUES ({}, 'other', 'x', 'cancelled', '2026-03-01', '2026-03-01')",
                    id));
    move_requests(f.store, {id}, "completed", "", {"t", "2026-04-15"});
    move_requests(f.store, {id}, "active", "", {"t", "2026-04-15"});

    const std::map<std::string, std::optional<std::string>> expected = {
        {"2025-12-31", std::nullopt}, {"2026-01-09", std::nullopt}, {"2026-01-10", "received"},
        {"2026-01-31", "received"},   {"2026-02-01", "accepted"},   {"2026-02-28", "accepted"},
        {"2026-03-01", "active"},     {"2026-04-14", "active"},     {"2026-04-15", "active"},
        {"2026-12-31", "active"}};
    for (const auto& [date, status] : expected) {
        CAPTURE(date);
        CHECK(request_status_as_of(f.store, id, date) == status);
    }
    // Every day from received to the last move agrees with a walk over the moves.
    for (long day = *parse_days("2026-01-10"); day <= *parse_days("2026-04-16"); ++day) {
        std::string date = date_from_days(day);
        std::string walk = date < "2026-02-01"   ? "received"
                           : date < "2026-03-01" ? "accepted"
                                                 : "active";
        CAPTURE(date);
        CHECK(request_status_as_of(f.store, id, date) == walk);
    }
    CHECK(request_status_as_of(f.store, 999, "2026-05-01") == std::nullopt);
}

TEST_CASE("request::create_request validation") {
    Fixture f;
    auto attempt = [&](const std::function<void(Request&)>& change) {
        Request request;
        request.agency = "CA0194200";
        request.level = "tac";
        request.title = "T";
        request.received = "2026-01-10";
        request.topics = {"de-escalation"};
        change(request);
        return kind_of([&] { create_request(f.store, f.catalogue, request, {"t", ""}); });
    };
    CHECK(attempt([](Request& r) { r.agency = "CA0999999"; }) == ErrorKind::not_found);
    CHECK(attempt([](Request& r) { r.topics = {"no-such-topic"}; }) == ErrorKind::not_found);
    CHECK(attempt([](Request& r) { r.topics = {"pandemic-response"}; }) == ErrorKind::invalid);
    CHECK(attempt([](Request& r) { r.topics.clear(); }) == ErrorKind::invalid);
    CHECK(attempt([](Request& r) { r.event_date = "2026-01-01"; }) == ErrorKind::invalid);
    CHECK(attempt([](Request& r) { r.target = "2026-01-09"; }) == ErrorKind::invalid);
    CHECK(attempt([](Request& r) { r.received = "2999-01-01"; }) == ErrorKind::invalid);
    CHECK(attempt([](Request& r) { r.received = "2026-02-30"; }) == ErrorKind::usage);
    CHECK(attempt([](Request& r) { r.title = ""; }) == ErrorKind::invalid);
    CHECK(attempt([](Request& r) { r.priority = "whenever"; }) == ErrorKind::invalid);
    CHECK(f.store.query_integer("SELECT count(*) FROM request") == 0);
    CHECK(f.store.query_integer("SELECT count(*) FROM history WHERE entity = 'request'") == 0);

    Request critical;
    critical.agency = "CA0194200";
    critical.level = "critical";
    critical.title = "Review";
    critical.received = "2026-01-10";
    critical.event_date = "2026-01-08";
    critical.external_id = "CR-1";
    long long id = create_request(f.store, f.catalogue, critical, {"t", ""});
    CHECK(get_request(f.store, id).event_date == "2026-01-08");
    CHECK(kind_of([&] {
              create_request(f.store, f.catalogue, critical, {"t", ""});
          }) == ErrorKind::conflict);
}
