// The facts the reports are built from, read back as domain structs.
#include "lib/base/catalogue.h"
#include "lib/model/agency.h"
#include "lib/model/assignment.h"
#include "lib/model/lifecycle.h"
#include "lib/model/milestone.h"
#include "lib/model/request.h"
#include "lib/report/report.h"
#include "lib/store/store.h"
#include "tests/unit/program.h"
#include "tests/unit/support.h"

#include <doctest/doctest.h>

using namespace crt;

namespace {

struct Fixture : test::Program {
    long long recommendation(long long request, const std::string& ref, const std::string& date) {
        Milestone m;
        m.request = request;
        m.kind = "recommendation";
        m.ref = ref;
        m.title = "Recommendation " + ref;
        m.due = "2026-06-30";
        return add_milestone(store, m, {"tester", date});
    }
};

const LevelSummary& level_of(const std::vector<LevelSummary>& levels, const std::string& id) {
    auto found = std::find_if(levels.begin(), levels.end(),
                              [&](const LevelSummary& s) { return s.level == id; });
    REQUIRE(found != levels.end());
    return *found;
}

} // namespace

TEST_CASE("report::summarize_levels") {
    Fixture f;
    long long a = f.new_request("tac", "2026-01-10", {"de-escalation"});
    f.new_request("tac", "2026-01-20", {"de-escalation"});
    f.new_request("assessment", "2026-03-01");
    move_requests(f.store, {a}, "accepted", "", {"t", "2026-01-12"});
    add_assignment(f.store, a, "lead", "lead", true, {"t", "2026-01-14"});

    SUBCASE("statuses and medians as of a day") {
        auto levels = summarize_levels(f.store, f.catalogue, {}, "2026-02-01");
        REQUIRE(levels.size() == f.catalogue.levels.size());
        const auto& tac = level_of(levels, "tac");
        CHECK(tac.requests == 2);
        CHECK(count_of(tac.by_status, "accepted") == 1);
        CHECK(count_of(tac.by_status, "received") == 1);
        CHECK(count_of(tac.by_status, "active") == 0);
        CHECK(tac.median_days_to_assignment == 4.0);
        CHECK_FALSE(tac.median_days_to_completion.has_value());
        CHECK(level_of(levels, "assessment").requests == 0);
    }
    SUBCASE("the day before the move sees the request received") {
        auto levels = summarize_levels(f.store, f.catalogue, {}, "2026-01-11");
        const auto& tac = level_of(levels, "tac");
        CHECK(tac.requests == 1);
        CHECK(count_of(tac.by_status, "received") == 1);
        CHECK_FALSE(tac.median_days_to_assignment.has_value());
    }
    SUBCASE("a level filter keeps only its levels") {
        ReportFilter filter;
        filter.levels = {"assessment"};
        auto levels = summarize_levels(f.store, f.catalogue, filter, "2026-12-31");
        REQUIRE(levels.size() == 1);
        CHECK(levels[0].level == "assessment");
        CHECK(levels[0].requests == 1);
    }
}

TEST_CASE("report::count_topics") {
    Fixture f;
    f.new_request("tac", "2026-01-10", {"de-escalation"});
    f.new_request("tac", "2026-01-11", {"de-escalation"});
    long long id = f.new_request("critical", "2026-01-12");
    f.store.exec(fmt::format(
        "INSERT INTO request_topic (request, topic) VALUES ({}, 'retired-topic-x')", id));
    auto counts = count_topics(f.store, f.catalogue, {}, "2026-12-31");
    REQUIRE(counts.size() == f.catalogue.topics.size() + 1);
    auto found = std::find_if(counts.begin(), counts.end(),
                              [](const TopicCount& c) { return c.topic == "de-escalation"; });
    REQUIRE(found != counts.end());
    CHECK(found->entry.has_value());
    CHECK(count_of(found->by_level, "tac") == 2);
    CHECK(found->total() == 2);
    CHECK(counts.back().topic == "retired-topic-x");
    CHECK_FALSE(counts.back().entry.has_value());
    CHECK(count_of(counts.back().by_level, "critical") == 1);
}

TEST_CASE("report::for_each_public_engagement") {
    Fixture f;
    f.new_request("tac", "2026-01-05", {"de-escalation"});
    long long id = f.new_request("assessment", "2026-01-10");
    move_requests(f.store, {id}, "accepted", "", {"t", "2026-01-15"});
    long long r1 = f.recommendation(id, "1.1", "2026-01-20");
    long long r2 = f.recommendation(id, "1.2", "2026-01-20");
    f.recommendation(id, "1.3", "2026-01-20");
    set_milestone_status(f.store, {r1}, "done", "", {"t", "2026-02-10"});
    set_milestone_status(f.store, {r2}, "cancelled", "", {"t", "2026-02-10"});

    auto collect = [&](const std::string& as_of) {
        std::vector<PublicEngagement> engagements;
        std::vector<PublicRecommendation> recommendations;
        for_each_public_engagement(
            f.store, {}, as_of,
            [&](const PublicEngagement&, const PublicRecommendation& r) {
                recommendations.push_back(r);
            },
            [&](const PublicEngagement& e) { engagements.push_back(e); });
        return std::pair(engagements, recommendations);
    };

    SUBCASE("technical assistance is never public; counts as of the day") {
        auto [engagements, recommendations] = collect("2026-03-01");
        REQUIRE(engagements.size() == 1);
        const auto& e = engagements[0];
        CHECK(e.request == id);
        CHECK(e.status == "accepted");
        CHECK(e.accepted == "2026-01-15");
        CHECK(e.recommendations == 3);
        CHECK(count_of(e.by_status, "done") == 1);
        CHECK(count_of(e.by_status, "cancelled") == 1);
        CHECK(e.percent_done() == 50.0);
        REQUIRE(recommendations.size() == 3);
        CHECK(recommendations[0].ref == "1.1");
        CHECK(recommendations[0].status == "done");
        CHECK(recommendations[0].completed == "2026-02-10");
    }
    SUBCASE("before the moves every recommendation was planned") {
        auto [engagements, recommendations] = collect("2026-02-01");
        REQUIRE(engagements.size() == 1);
        CHECK(count_of(engagements[0].by_status, "planned") == 3);
        CHECK(engagements[0].percent_done() == 0.0);
        CHECK(recommendations[0].completed.empty());
    }
    SUBCASE("before any recommendation, nothing to measure") {
        auto [engagements, recommendations] = collect("2026-01-16");
        REQUIRE(engagements.size() == 1);
        CHECK(engagements[0].recommendations == 0);
        CHECK_FALSE(engagements[0].percent_done().has_value());
        CHECK(recommendations.empty());
    }
}

TEST_CASE("report::count_activity") {
    Fixture f;
    long long a = f.new_request("tac", "2026-01-10", {"de-escalation"});
    long long b = f.new_request("tac", "2026-03-20", {"de-escalation"});
    move_requests(f.store, {a}, "accepted", "", {"t", "2026-03-31"});
    move_requests(f.store, {b}, "declined", "Out of scope", {"t", "2026-04-01"});

    SUBCASE("moves counted in the period of their own day, the range from the first receipt") {
        auto rows = count_activity(f.store, {}, "2026-06-30", PeriodUnit::quarter);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].period.label == "2026-Q1");
        CHECK(rows[0].period.start == "2026-01-10");
        CHECK(rows[0].received == 2);
        CHECK(rows[0].accepted == 1);
        CHECK(rows[0].declined == 0);
        CHECK(rows[1].period.end == "2026-06-30");
        CHECK(rows[1].received == 0);
        CHECK(rows[1].declined == 1);
    }
    SUBCASE("nothing after the as-of day") {
        auto rows = count_activity(f.store, {}, "2026-03-30", PeriodUnit::month);
        REQUIRE(rows.size() == 3);
        CHECK(rows[2].period.label == "2026-03");
        CHECK(rows[2].period.end == "2026-03-30");
        CHECK(rows[2].received == 1);
        CHECK(rows[2].accepted == 0);
    }
    SUBCASE("no request in scope, no period") {
        ReportFilter filter;
        filter.levels = {"critical"};
        CHECK(count_activity(f.store, filter, "2026-06-30", PeriodUnit::year).empty());
    }
    SUBCASE("timeliness of each period's requests") {
        add_assignment(f.store, a, "lead", "lead", true, {"t", "2026-04-01"});
        auto rows =
            measure_timeliness_by_period(f.store, f.catalogue, {}, "2026-06-30", PeriodUnit::year);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].late == 1); // assigned 81 days after receipt
        CHECK(rows[0].closed_unassigned == 1);
        CHECK(rows[0].share_within_target == 0.0);
    }
}
