#include "lib/model/agency.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include "support.h"

#include <doctest/doctest.h>

#include <algorithm>

using crt::Agency;
using crt::test::error_kind;
using Strings = std::vector<std::string>;

namespace {

// A new database, with the stamp every change uses.
struct Registry {
    crt::test::TempDir tmp;
    crt::Store store = crt::Store::create(tmp.file("crt.db"));
    crt::Stamp stamp{"tester", "2026-01-15"};

    long long history_rows() { return store.query_integer("SELECT count(*) FROM history"); }
    void add(const Agency& agency) { crt::add_agency(store, agency, stamp); }
    int update(const std::string& ori, const crt::AgencyPatch& patch, const crt::Stamp& when) {
        return crt::update_agency(store, ori, patch, when);
    }
};

Agency riverton() {
    return {"CA0194200", "Riverton PD", "municipal",        "CA",
            120,         "Pat Lee",     "pat@riverton.gov", "555-0100"};
}

Agency agency(const std::string& ori, const std::string& type) {
    return {ori, "Agency " + ori, type, ori.substr(0, 2), std::nullopt, "", "", ""};
}

} // namespace

TEST_CASE("agency::add_agency and find_agency") {
    Registry registry;
    registry.add(riverton());

    auto found = crt::find_agency(registry.store, "CA0194200");
    REQUIRE(found.has_value());
    CHECK(found->name == "Riverton PD");
    CHECK(found->type == "municipal");
    CHECK(found->state == "CA");
    CHECK(found->sworn == 120);
    CHECK(found->contact_name == "Pat Lee");
    CHECK(found->contact_email == "pat@riverton.gov");
    CHECK(found->contact_phone == "555-0100");

    SUBCASE("one create row in the history, with actor and effective date") {
        auto rows = crt::history_of(registry.store, "agency", "CA0194200");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].action == "create");
        CHECK(rows[0].actor == "tester");
        CHECK(rows[0].effective_date == "2026-01-15");
        REQUIRE(rows[0].new_value.has_value());
        CHECK(rows[0].new_value->find("\"ori\":\"CA0194200\"") != std::string::npos);
    }
    SUBCASE("an unknown ORI") {
        CHECK_FALSE(crt::find_agency(registry.store, "TX0000000").has_value());
        CHECK(error_kind([&] { crt::get_agency(registry.store, "TX0000000"); }) == "not_found");
        CHECK(crt::get_agency(registry.store, "CA0194200").name == "Riverton PD");
    }
    SUBCASE("a duplicate ORI is a conflict and writes nothing") {
        Agency again = riverton();
        again.name = "Another name";
        CHECK(error_kind([&] { registry.add(again); }) == "conflict");
        CHECK(crt::get_agency(registry.store, "CA0194200").name == "Riverton PD");
        CHECK(registry.history_rows() == 1);
    }
    SUBCASE("an agency without sworn count or contact stores nulls") {
        registry.add(agency("TX0000001", "county"));
        auto bare = crt::get_agency(registry.store, "TX0000001");
        CHECK_FALSE(bare.sworn.has_value());
        CHECK(bare.contact_email.empty());
        CHECK(registry.store.query_integer(
                  "SELECT contact_email IS NULL FROM agency WHERE ori = 'TX0000001'") == 1);
    }
}

TEST_CASE("agency::validate_agency") {
    CHECK(error_kind([] { crt::validate_agency(riverton()); }) == "none");
    auto verdict = [](void (*change)(Agency&)) {
        Agency bad = riverton();
        change(bad);
        return error_kind([&] { crt::validate_agency(bad); });
    };
    CHECK(verdict([](Agency& a) { a.ori = "CA019420"; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.ori = "ca0194200"; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.state = "TX"; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.state = "ZZ"; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.contact_email = "pat.riverton.gov"; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.type = "federal"; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.name = ""; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.name = "Bad \xFF name"; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.sworn = -1; }) == "invalid");
    CHECK(verdict([](Agency& a) { a.contact_email = ""; }) == "none");
    CHECK(verdict([](Agency& a) { a.sworn = 0; }) == "none");

    SUBCASE("add_agency validates before writing") {
        Registry registry;
        Agency bad = riverton();
        bad.state = "TX";
        CHECK(error_kind([&] { registry.add(bad); }) == "invalid");
        CHECK_FALSE(crt::find_agency(registry.store, "CA0194200").has_value());
        CHECK(registry.history_rows() == 0);
    }
}

TEST_CASE("agency::list_agencies") {
    Registry registry;
    registry.add(agency("TX0000001", "county"));
    registry.add(agency("CA0000002", "sheriff"));
    registry.add(agency("CA0000001", "municipal"));
    auto oris = [&](const crt::AgencyFilter& filter) {
        Strings out;
        for (const auto& item : crt::list_agencies(registry.store, filter)) {
            out.push_back(item.ori);
        }
        return out;
    };
    CHECK(oris({}) == Strings{"CA0000001", "CA0000002", "TX0000001"});
    CHECK(oris({"CA", ""}) == Strings{"CA0000001", "CA0000002"});
    CHECK(oris({"", "sheriff"}) == Strings{"CA0000002"});
    CHECK(oris({"CA", "municipal"}) == Strings{"CA0000001"});
    CHECK(oris({"TX", "sheriff"}).empty());
    CHECK(oris({"NY", ""}).empty());
}

TEST_CASE("agency::update_agency") {
    Registry registry;
    registry.add(riverton());
    crt::Stamp later{"editor", "2026-02-01"};

    SUBCASE("returns how many fields changed and records each with old and new values") {
        crt::AgencyPatch patch;
        patch.name = "Riverton Police Department";
        patch.sworn = std::optional<long long>(150);
        CHECK(registry.update("CA0194200", patch, later) == 2);
        CHECK(crt::get_agency(registry.store, "CA0194200").name == "Riverton Police Department");

        auto name = crt::test::history_of_field(registry.store, "agency", "CA0194200", "name");
        REQUIRE(name.size() == 1);
        CHECK(name[0].action == "update");
        CHECK(name[0].old_value == "Riverton PD");
        CHECK(name[0].new_value == "Riverton Police Department");
        CHECK(name[0].actor == "editor");
        CHECK(name[0].effective_date == "2026-02-01");
        auto sworn = crt::test::history_of_field(registry.store, "agency", "CA0194200", "sworn");
        REQUIRE(sworn.size() == 1);
        CHECK(sworn[0].old_value == "120");
        CHECK(sworn[0].new_value == "150");
        CHECK(registry.history_rows() == 3);
    }
    SUBCASE("clearing a field records a null new value") {
        crt::AgencyPatch patch;
        patch.contact_email = "";
        patch.sworn = std::optional<long long>();
        CHECK(registry.update("CA0194200", patch, later) == 2);
        auto cleared = crt::get_agency(registry.store, "CA0194200");
        CHECK(cleared.contact_email.empty());
        CHECK_FALSE(cleared.sworn.has_value());
        auto email =
            crt::test::history_of_field(registry.store, "agency", "CA0194200", "contact_email");
        REQUIRE(email.size() == 1);
        CHECK(email[0].old_value == "pat@riverton.gov");
        CHECK_FALSE(email[0].new_value.has_value());
    }
    SUBCASE("nothing changed: 0 and no history row") {
        crt::AgencyPatch same;
        same.name = "Riverton PD";
        same.sworn = std::optional<long long>(120);
        CHECK(registry.update("CA0194200", same, later) == 0);
        CHECK(registry.update("CA0194200", crt::AgencyPatch{}, later) == 0);
        CHECK(registry.history_rows() == 1);
    }
    SUBCASE("an invalid change is refused and changes nothing") {
        crt::AgencyPatch patch;
        patch.name = "New name";
        patch.contact_email = "not an email";
        CHECK(error_kind([&] { registry.update("CA0194200", patch, later); }) == "invalid");
        CHECK(crt::get_agency(registry.store, "CA0194200").name == "Riverton PD");
        CHECK(registry.history_rows() == 1);
    }
    SUBCASE("an unknown ORI is not found") {
        crt::AgencyPatch patch;
        patch.name = "Ghost PD";
        CHECK(error_kind([&] { registry.update("TX0000000", patch, later); }) == "not_found");
    }
    SUBCASE("a change dated before the agency was added is refused") {
        crt::AgencyPatch patch;
        patch.name = "Too early";
        crt::Stamp early{"editor", "2026-01-01"};
        CHECK(error_kind([&] { registry.update("CA0194200", patch, early); }) == "invalid");
        CHECK(registry.history_rows() == 1);
    }
}
