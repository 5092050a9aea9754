#include "lib/base/catalogue.h"
#include "lib/model/expert.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include "support.h"

#include <doctest/doctest.h>

#include <algorithm>

using crt::Expert;
using crt::test::error_kind;
using Strings = std::vector<std::string>;

namespace {

// A new database and the source catalogue, with the stamp every change uses.
struct Registry {
    crt::test::TempDir tmp;
    crt::Store store = crt::Store::create(tmp.file("crt.db"));
    crt::Catalogue catalogue = crt::load_catalogue(crt::test::source_catalogue());
    crt::Stamp stamp{"tester", "2026-01-15"};

    long long history_rows() { return store.query_integer("SELECT count(*) FROM history"); }
    void add(const Expert& expert) { crt::add_expert(store, catalogue, expert, stamp); }
    int update(const std::string& handle, const crt::ExpertPatch& patch, const crt::Stamp& when) {
        return crt::update_expert(store, catalogue, handle, patch, when);
    }
};

Expert expert(const std::string& handle, const Strings& expertise, const std::string& org = "") {
    Expert result;
    result.handle = handle;
    result.name = "Expert " + handle;
    result.org = org;
    result.expertise = expertise;
    return result;
}

Strings handles(const std::vector<Expert>& experts) {
    Strings out;
    for (const auto& item : experts) {
        out.push_back(item.handle);
    }
    return out;
}

} // namespace

TEST_CASE("expert::add_expert") {
    Registry registry;
    auto& store = registry.store;

    SUBCASE("stores the expert with sorted, de-duplicated expertise") {
        Expert jane = expert("jane.doe", {"use-of-force", "de-escalation", "use-of-force"}, "PERF");
        jane.email = "jane@example.org";
        jane.capacity = 5;
        registry.add(jane);
        auto found = crt::find_expert(store, "jane.doe");
        REQUIRE(found.has_value());
        CHECK(found->name == "Expert jane.doe");
        CHECK(found->org == "PERF");
        CHECK(found->email == "jane@example.org");
        CHECK(found->expertise == Strings{"de-escalation", "use-of-force"});
        CHECK(found->capacity == 5);
        CHECK(found->active);
        auto rows = crt::history_of(store, "expert", "jane.doe");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].action == "create");
    }
    SUBCASE("the default capacity is 3") {
        registry.add(expert("sam", {}));
        CHECK(crt::get_expert(store, "sam").capacity == 3);
    }
    SUBCASE("an unknown topic is not found and nothing is written") {
        CHECK(error_kind([&] { registry.add(expert("sam", {"no-such-topic"})); }) == "not_found");
        CHECK_FALSE(crt::find_expert(store, "sam").has_value());
        CHECK(registry.history_rows() == 0);
    }
    SUBCASE("a retired topic is invalid") {
        CHECK(error_kind([&] { registry.add(expert("sam", {"nibrs-transition"})); }) == "invalid");
        CHECK_FALSE(crt::find_expert(store, "sam").has_value());
    }
    SUBCASE("a bad handle or email is invalid") {
        CHECK(error_kind([&] { registry.add(expert("Sam", {})); }) == "invalid");
        Expert bad_email = expert("sam", {});
        bad_email.email = "sam-at-example.org";
        CHECK(error_kind([&] { registry.add(bad_email); }) == "invalid");
    }
    SUBCASE("a duplicate handle is a conflict") {
        registry.add(expert("sam", {}));
        CHECK(error_kind([&] { registry.add(expert("sam", {})); }) == "conflict");
        CHECK(error_kind([&] { crt::get_expert(store, "nobody"); }) == "not_found");
    }
}

TEST_CASE("expert::update_expert") {
    Registry registry;
    auto& store = registry.store;
    registry.add(expert("sam", {"de-escalation", "use-of-force"}));
    crt::Stamp later{"editor", "2026-02-01"};

    SUBCASE("replacing the expertise writes one `expertise` history row") {
        crt::ExpertPatch patch;
        patch.expertise = Strings{"peer-support"};
        CHECK(registry.update("sam", patch, later) == 1);
        CHECK(crt::get_expert(store, "sam").expertise == Strings{"peer-support"});
        auto rows = crt::test::history_of_field(store, "expert", "sam", "expertise");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].old_value == "de-escalation,use-of-force");
        CHECK(rows[0].new_value == "peer-support");
        CHECK(rows[0].effective_date == "2026-02-01");
    }
    SUBCASE("fields and expertise are counted together") {
        crt::ExpertPatch patch;
        patch.capacity = 1;
        patch.active = false;
        patch.expertise = Strings{"use-of-force", "de-escalation"}; // same set, other order
        CHECK(registry.update("sam", patch, later) == 2);
        auto active = crt::test::history_of_field(store, "expert", "sam", "active");
        REQUIRE(active.size() == 1);
        CHECK(active[0].old_value == "1");
        CHECK(active[0].new_value == "0");
        CHECK(crt::test::history_of_field(store, "expert", "sam", "expertise").empty());
    }
    SUBCASE("adding a retired topic is refused and nothing changes") {
        crt::ExpertPatch patch;
        patch.capacity = 9;
        patch.expertise = Strings{"pandemic-response"};
        CHECK(error_kind([&] { registry.update("sam", patch, later); }) == "invalid");
        CHECK(crt::get_expert(store, "sam").capacity == 3);
        CHECK(crt::get_expert(store, "sam").expertise == Strings{"de-escalation", "use-of-force"});
    }
    SUBCASE("an unknown handle is not found") {
        CHECK(error_kind([&] { registry.update("nobody", crt::ExpertPatch{}, later); }) ==
              "not_found");
    }
}

TEST_CASE("expert::list_experts and expert_table") {
    Registry registry;
    auto& store = registry.store;
    registry.add(expert("carol", {"use-of-force"}, "PERF"));
    registry.add(expert("alice", {"de-escalation", "use-of-force"}, "IACP"));
    Expert bob = expert("bob", {"peer-support"}, "PERF");
    bob.active = false;
    registry.add(bob);

    CHECK(handles(crt::list_experts(store, {})) == Strings{"alice", "bob", "carol"});
    CHECK(handles(crt::list_experts(store, {"use-of-force", "", std::nullopt, ""})) ==
          Strings{"alice", "carol"});
    CHECK(handles(crt::list_experts(store, {"", "PERF", std::nullopt, ""})) ==
          Strings{"bob", "carol"});
    CHECK(handles(crt::list_experts(store, {"", "", true, ""})) == Strings{"alice", "carol"});
    CHECK(handles(crt::list_experts(store, {"", "", false, ""})) == Strings{"bob"});
    CHECK(handles(crt::list_experts(store, {"use-of-force", "PERF", true, ""})) ==
          Strings{"carol"});
    CHECK(crt::list_experts(store, {"no-such-topic", "", std::nullopt, ""}).empty());

    auto listed = crt::list_experts(store, {"", "IACP", std::nullopt, ""});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].expertise == Strings{"de-escalation", "use-of-force"});

    SUBCASE("expert_table columns and cells") {
        crt::Table table = crt::expert_table(crt::list_experts(store, {}));
        CHECK(table.columns ==
              Strings{"handle", "name", "org", "email", "expertise", "capacity", "active"});
        REQUIRE(table.rows.size() == 3);
        const crt::Row& alice = table.rows[0];
        CHECK(std::get<std::string>(alice[0]) == "alice");
        CHECK(std::get<std::string>(alice[2]) == "IACP");
        CHECK(std::holds_alternative<std::monostate>(alice[3]));
        CHECK(std::get<std::string>(alice[4]) == "de-escalation,use-of-force");
        CHECK(std::get<long long>(alice[5]) == 3);
        CHECK(std::get<bool>(alice[6]) == true);
        CHECK(std::get<bool>(table.rows[1][6]) == false);
    }
}
