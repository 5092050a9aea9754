#include "lib/base/catalogue.h"
#include "lib/base/validate.h"

#include "support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

using crt::test::error_kind;
using crt::test::TempDir;

namespace {

// A small catalogue written line by line, so a test knows the line of what it breaks.
class CatalogueText {
  public:
    // Appends a line and returns its number (1-based).
    int add(const std::string& line) {
        lines_.push_back(line);
        return static_cast<int>(lines_.size());
    }
    // Returns the line of `[[level]]`: target_days is 4 lines below, the milestone kind 6.
    int level(const std::string& id, const std::string& kind = "intake",
              const std::string& target_days = "30") {
        int first = add("[[level]]");
        add("id = \"" + id + "\"");
        add("name = \"Level " + id + "\"");
        add("description = \"About " + id + ".\"");
        add("target_days = " + target_days);
        add("[[level.milestone]]");
        add("kind = \"" + kind + "\"");
        add("title = \"First step\"");
        add("days = 7");
        return first;
    }
    void category(const std::string& id) {
        add("[[category]]");
        add("id = \"" + id + "\"");
        add("name = \"Category " + id + "\"");
    }
    // Returns the line of the topic's id.
    int topic(const std::string& id, const std::string& category = "general") {
        add("[[topic]]");
        int line = add("id = \"" + id + "\"");
        add("name = \"Topic " + id + "\"");
        add("category = \"" + category + "\"");
        add("description = \"About " + id + ".\"");
        return line;
    }
    std::string text() const {
        std::string out;
        for (const auto& line : lines_) {
            out += line + "\n";
        }
        return out;
    }

  private:
    std::vector<std::string> lines_;
};

// A valid catalogue (unless a level is left out): the version, the levels, one
// category and one topic. Tests append what they break.
CatalogueText valid(const std::vector<std::string>& levels = {"tac", "critical", "assessment"}) {
    CatalogueText text;
    text.add("version = \"test\"");
    for (const auto& id : levels) {
        text.level(id);
    }
    text.category("general");
    text.topic("first-topic");
    return text;
}

struct Place {
    int line = -1;
    int column = -1;
    std::string message;
};

// Splits `PATH:LINE:COLUMN: message`; line stays -1 unless the problem starts that way.
Place place_of(const std::string& problem, const std::string& path) {
    Place place;
    int consumed = 0;
    if (problem.rfind(path + ":", 0) == 0 &&
        std::sscanf(problem.c_str() + path.size(), ":%d:%d: %n", &place.line, &place.column,
                    &consumed) == 2 &&
        consumed > 0) {
        place.message = problem.substr(path.size() + static_cast<std::size_t>(consumed));
    } else {
        place = Place{};
    }
    return place;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Writes `content` to a file and checks it as `crt topics check FILE` would.
std::vector<std::string> problems_in(const TempDir& tmp, const std::string& content) {
    std::string path = tmp.write("topics.toml", content);
    crt::Catalogue catalogue;
    return crt::check_catalogue(crt::read_file(path), path, catalogue);
}

// The one problem in `content`, with its place.
Place only_problem(const TempDir& tmp, const std::string& content) {
    auto problems = problems_in(tmp, content);
    std::string all;
    for (const auto& problem : problems) {
        all += problem + "\n";
    }
    CAPTURE(all);
    REQUIRE(problems.size() == 1);
    Place place = place_of(problems.front(), tmp.file("topics.toml"));
    CHECK(place.column >= 1);
    return place;
}

} // namespace

TEST_CASE("catalogue::load_catalogue of the source catalogue") {
    crt::Catalogue catalogue = crt::load_catalogue(crt::test::source_catalogue());

    CHECK_FALSE(catalogue.version.empty());
    REQUIRE(catalogue.levels.size() == 3);
    CHECK(catalogue.levels[0].id == "tac");
    CHECK(catalogue.levels[1].id == "critical");
    CHECK(catalogue.levels[2].id == "assessment");
    for (const auto& level : catalogue.levels) {
        CAPTURE(level.id);
        CHECK(level.target_days > 0);
        CHECK_FALSE(level.milestones.empty());
    }
    CHECK(catalogue.topics.size() >= 60);
    CHECK(catalogue.find_category("sheriff") != nullptr);
    CHECK(catalogue.find_category("tribal") != nullptr);
    for (const auto& topic : catalogue.topics) {
        CAPTURE(topic.id);
        CHECK(crt::is_kebab_id(topic.id));
        CHECK(catalogue.find_category(topic.category) != nullptr);
    }
    CHECK(std::any_of(catalogue.topics.begin(), catalogue.topics.end(),
                      [](const crt::Topic& topic) { return topic.retired; }));

    SUBCASE("find_topic and find_level") {
        const crt::Topic* topic = catalogue.find_topic("use-of-force");
        REQUIRE(topic != nullptr);
        CHECK(topic->category == "use-of-force");
        CHECK_FALSE(topic->retired);
        REQUIRE(catalogue.find_topic("nibrs-transition") != nullptr);
        CHECK(catalogue.find_topic("nibrs-transition")->retired);
        CHECK(catalogue.find_topic("no-such-topic") == nullptr);
        CHECK(catalogue.find_topic("") == nullptr);
        REQUIRE(catalogue.find_level("critical") != nullptr);
        CHECK(catalogue.find_level("critical")->name == "Critical response");
        CHECK(catalogue.find_level("TAC") == nullptr);
    }
}

TEST_CASE("catalogue::check_catalogue") {
    TempDir tmp;
    const std::string path = tmp.file("topics.toml");

    SUBCASE("a valid catalogue has no problems and is read whole") {
        CatalogueText text = valid();
        text.add("retired = true");
        std::string written = tmp.write("topics.toml", text.text());
        crt::Catalogue catalogue;
        CHECK(crt::check_catalogue(crt::read_file(written), written, catalogue).empty());
        CHECK(catalogue.path == written);
        CHECK(catalogue.version == "test");
        CHECK(catalogue.levels.size() == 3);
        REQUIRE(catalogue.topics.size() == 1);
        CHECK(catalogue.topics[0].retired);
        REQUIRE(catalogue.find_level("tac") != nullptr);
        REQUIRE(catalogue.find_level("tac")->milestones.size() == 1);
        CHECK(catalogue.find_level("tac")->milestones[0].days == 7);
    }
    SUBCASE("a TOML syntax error is a problem, not a crash") {
        CatalogueText text = valid();
        int bad = text.add("[ @]");
        text.topic("second-topic");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == bad);
    }
    SUBCASE("invalid UTF-8 names the line and column of the bad byte") {
        CatalogueText text = valid();
        text.add("[[topic]]");
        int bad = text.add("id = \"caf\xC3\xA9-\xFF\"");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == bad);
        CHECK(place.column == 12); // `id = "café-` is 11 characters
        CHECK(contains(place.message, "UTF-8"));
    }
    SUBCASE("a lead byte without its continuation is invalid UTF-8") {
        CatalogueText text;
        int bad = text.add("version = \"\xC3\x28\"");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == bad);
        CHECK(place.column == 12);
    }
    SUBCASE("a duplicate topic id is reported at the second one") {
        CatalogueText text = valid();
        text.topic("second-topic");
        int second = text.topic("first-topic");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == second);
        CHECK(place.column == 6); // the value, after `id = `
        CHECK(contains(place.message, "first-topic"));
    }
    SUBCASE("an unknown category") {
        CatalogueText text = valid();
        int id = text.topic("stray", "nowhere");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == id + 2);
        CHECK(contains(place.message, "nowhere"));
    }
    SUBCASE("a missing field names the table that lacks it") {
        CatalogueText text = valid();
        int header = text.add("[[topic]]");
        text.add("id = \"nameless\"");
        text.add("category = \"general\"");
        text.add("description = \"d\"");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == header);
        CHECK(contains(place.message, "name"));
    }
    SUBCASE("a value of the wrong type") {
        CatalogueText text = valid({"tac", "critical"});
        int first = text.level("assessment", "intake", "\"ten\"");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == first + 4);
        CHECK(contains(place.message, "target_days"));
    }
    SUBCASE("retired must be a boolean") {
        CatalogueText text = valid();
        int bad = text.add("retired = \"yes\"");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == bad);
    }
    SUBCASE("an unknown key") {
        CatalogueText text = valid();
        int bad = text.add("colour = \"red\"");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == bad);
        CHECK(place.column == 1);
        CHECK(contains(place.message, "colour"));
    }
    SUBCASE("a level that is not defined is reported at the first [[level]]") {
        CatalogueText text = valid({"tac", "critical"});
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == 2);
        CHECK(contains(place.message, "assessment"));
    }
    SUBCASE("an unknown milestone kind") {
        CatalogueText text = valid({"tac", "critical"});
        int first = text.level("assessment", "party");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == first + 6);
        CHECK(contains(place.message, "party"));
    }
    SUBCASE("an id that is not kebab-case") {
        CatalogueText text = valid();
        int bad = text.topic("Bad_Id");
        Place place = only_problem(tmp, text.text());
        CHECK(place.line == bad);
        CHECK(contains(place.message, "Bad_Id"));
    }
    SUBCASE("every problem is reported, each with its place") {
        CatalogueText text = valid();
        int first = text.topic("Bad_Id");
        int second = text.topic("other", "nowhere");
        auto problems = problems_in(tmp, text.text());
        REQUIRE(problems.size() == 2);
        CHECK(place_of(problems[0], path).line == first);
        CHECK(place_of(problems[1], path).line == second + 2);
    }
}

TEST_CASE("catalogue::load_catalogue errors") {
    TempDir tmp;
    SUBCASE("a malformed catalogue is invalid and names file:line:column") {
        CatalogueText text = valid();
        int bad = text.add("colour = \"red\"");
        std::string path = tmp.write("topics.toml", text.text());
        CHECK(error_kind([&] { crt::load_catalogue(path); }) == "invalid");
        auto message = crt::test::error_message([&] { crt::load_catalogue(path); });
        CHECK(contains(message, path + ":" + std::to_string(bad) + ":1:"));
    }
    SUBCASE("a missing file is an io error") {
        std::string path = tmp.file("missing.toml");
        CHECK(error_kind([&] { crt::load_catalogue(path); }) == "io");
        CHECK(contains(crt::test::error_message([&] { crt::load_catalogue(path); }), path));
    }
    SUBCASE("a directory is an io error") {
        std::string path = tmp.file("");
        CHECK(error_kind([&] { crt::load_catalogue(path); }) == "io");
    }
}

TEST_CASE("catalogue::locate_catalogue") {
    TempDir tmp;
    SUBCASE("the flag wins over $CRT_TOPICS") {
        crt::test::ScopedEnv env("CRT_TOPICS", "/from/env.toml");
        CHECK(crt::locate_catalogue("/from/flag.toml", "") == "/from/flag.toml");
    }
    SUBCASE("$CRT_TOPICS wins over the installed copy and the source tree") {
        std::filesystem::create_directories(tmp.file("share/crt"));
        tmp.write("share/crt/topics.toml", "");
        crt::test::ScopedEnv env("CRT_TOPICS", "/from/env.toml");
        CHECK(crt::locate_catalogue("", tmp.file("bin/crt")) == "/from/env.toml");
    }
    SUBCASE("without either, the installed copy beside the binary") {
        std::filesystem::create_directories(tmp.file("share/crt"));
        std::string installed = tmp.write("share/crt/topics.toml", "");
        crt::test::ScopedEnv env("CRT_TOPICS", std::nullopt);
        CHECK(
            std::filesystem::equivalent(crt::locate_catalogue("", tmp.file("bin/crt")), installed));
    }
    SUBCASE("an empty $CRT_TOPICS counts as unset: the copy beside the binary") {
        std::filesystem::create_directories(tmp.file("share/crt"));
        std::string installed = tmp.write("share/crt/topics.toml", "");
        crt::test::ScopedEnv env("CRT_TOPICS", "");
        CHECK(
            std::filesystem::equivalent(crt::locate_catalogue("", tmp.file("bin/crt")), installed));
    }
    SUBCASE("with no copy beside the binary, an io error naming where it looked") {
        crt::test::ScopedEnv env("CRT_TOPICS", std::nullopt);
        std::string message;
        try {
            crt::locate_catalogue("", tmp.file("bin/crt"));
        } catch (const crt::Error& e) {
            message = e.what();
            CHECK(e.kind() == crt::ErrorKind::io);
        }
        CHECK(message.find(tmp.file("share/crt/topics.toml")) != std::string::npos);
        CHECK(message.find("--catalogue") != std::string::npos);
    }
}

TEST_CASE("catalogue::check_catalogue levels without ids") {
    // Found by fuzzing: two levels without an id made the duplicate check
    // read the missing id's place.
    crt::Catalogue catalogue;
    auto problems =
        crt::check_catalogue("version = \"1\"\n[[level]]\nname = \"a\"\n[[level]]\nname = \"b\"\n",
                             "two.toml", catalogue);
    CHECK_FALSE(problems.empty());
    CHECK(problems.front().rfind("two.toml:2:1: a level is missing 'id'", 0) == 0);
}
