#include "lib/catalogue.h"

#include "lib/domain.h"
#include "lib/error.h"
#include "lib/input.h"
#include "lib/validate.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace crt {

namespace {

// Collects problems with their places while the catalogue is walked.
class Checker {
  public:
    explicit Checker(const std::string& path) : path_(path) {}

    void problem(const toml::source_region& where, std::string_view message) {
        problems_.push_back(
            fmt::format("{}:{}:{}: {}", path_, where.begin.line, where.begin.column, message));
    }

    // Rejects keys the format does not define, so a typo is not silently ignored.
    void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                   std::string_view what) {
        for (const auto& [key, node] : table) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
                problem(key.source(), fmt::format("unknown key '{}' in {}", key.str(), what));
            }
        }
    }

    std::string text(const toml::table& table, std::string_view key, std::string_view what,
                     bool required = true) {
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            if (required) {
                problem(table.source(), fmt::format("{} is missing '{}'", what, key));
            }
            return {};
        }
        const auto* value = node->as_string();
        if (value == nullptr) {
            problem(node->source(), fmt::format("'{}' in {} must be a string", key, what));
            return {};
        }
        const std::string& result = value->get();
        if (required && result.empty()) {
            problem(node->source(), fmt::format("'{}' in {} must not be empty", key, what));
        } else if (result.find_first_of("\r\n") != std::string::npos) {
            problem(node->source(), fmt::format("'{}' in {} must be one line", key, what));
        }
        return result;
    }

    long integer(const toml::table& table, std::string_view key, std::string_view what, long min) {
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            problem(table.source(), fmt::format("{} is missing '{}'", what, key));
            return min;
        }
        const auto* value = node->as_integer();
        if (value == nullptr) {
            problem(node->source(), fmt::format("'{}' in {} must be an integer", key, what));
            return min;
        }
        if (value->get() < min || value->get() > 100000) {
            problem(node->source(),
                    fmt::format("'{}' in {} must be between {} and 100000", key, what, min));
            return min;
        }
        return static_cast<long>(value->get());
    }

    // The array of tables under `key`, or nothing after reporting why not.
    const toml::array* tables(const toml::table& table, std::string_view key,
                              std::string_view what) {
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            problem(table.source(), fmt::format("{} has no '{}' entries", what, key));
            return nullptr;
        }
        const auto* array = node->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            problem(node->source(),
                    fmt::format("'{}' must be an array of tables ([[{}]])", key, key));
            return nullptr;
        }
        return array;
    }

    std::vector<std::string> take() { return std::move(problems_); }

  private:
    std::string path_;
    std::vector<std::string> problems_;
};

void read_levels(Checker& check, const toml::table& root, Catalogue& out) {
    const auto* levels = check.tables(root, "level", "the catalogue");
    if (levels == nullptr) {
        return;
    }
    for (const auto& node : *levels) {
        const auto& table = *node.as_table();
        check.only_keys(table, {"id", "name", "description", "target_days", "milestone"},
                        "a level");
        Level level;
        level.id = check.text(table, "id", "a level");
        std::string what = fmt::format("level '{}'", level.id);
        if (!level.id.empty() && !is_one_of(level.id, k_levels)) {
            check.problem(
                table.get("id")->source(),
                fmt::format("unknown level '{}' (levels are tac, critical, assessment)", level.id));
        } else if (!level.id.empty() && out.find_level(level.id) != nullptr) {
            check.problem(table.get("id")->source(), fmt::format("duplicate level '{}'", level.id));
        }
        level.name = check.text(table, "name", what);
        level.description = check.text(table, "description", what);
        level.target_days = check.integer(table, "target_days", what, 1);
        if (const auto* milestones = check.tables(table, "milestone", what)) {
            for (const auto& entry : *milestones) {
                const auto& item = *entry.as_table();
                check.only_keys(item, {"kind", "title", "days"}, "a milestone template");
                MilestoneTemplate milestone;
                milestone.kind = check.text(item, "kind", "a milestone template");
                if (!milestone.kind.empty() && !is_one_of(milestone.kind, k_milestone_kinds)) {
                    check.problem(item.get("kind")->source(),
                                  fmt::format("unknown milestone kind '{}'", milestone.kind));
                }
                milestone.title = check.text(item, "title", "a milestone template");
                milestone.days = check.integer(item, "days", "a milestone template", 0);
                level.milestones.push_back(std::move(milestone));
            }
        }
        out.levels.push_back(std::move(level));
    }
    for (auto id : k_levels) {
        if (out.find_level(id) == nullptr) {
            check.problem(levels->source(), fmt::format("level '{}' is not defined", id));
        }
    }
}

void read_categories(Checker& check, const toml::table& root, Catalogue& out) {
    const auto* categories = check.tables(root, "category", "the catalogue");
    if (categories == nullptr) {
        return;
    }
    for (const auto& node : *categories) {
        const auto& table = *node.as_table();
        check.only_keys(table, {"id", "name", "description"}, "a category");
        Category category;
        category.id = check.text(table, "id", "a category");
        if (!category.id.empty()) {
            if (!is_kebab_id(category.id)) {
                check.problem(table.get("id")->source(),
                              fmt::format("category id '{}' is not kebab-case", category.id));
            } else if (out.find_category(category.id) != nullptr) {
                check.problem(table.get("id")->source(),
                              fmt::format("duplicate category id '{}'", category.id));
            }
        }
        std::string what = fmt::format("category '{}'", category.id);
        category.name = check.text(table, "name", what);
        category.description = check.text(table, "description", what, false);
        out.categories.push_back(std::move(category));
    }
}

void read_topics(Checker& check, const toml::table& root, Catalogue& out) {
    const auto* topics = check.tables(root, "topic", "the catalogue");
    if (topics == nullptr) {
        return;
    }
    std::set<std::string> seen;
    for (const auto& node : *topics) {
        const auto& table = *node.as_table();
        check.only_keys(table, {"id", "name", "category", "description", "retired"}, "a topic");
        Topic topic;
        topic.id = check.text(table, "id", "a topic");
        if (!topic.id.empty()) {
            if (!is_kebab_id(topic.id)) {
                check.problem(table.get("id")->source(),
                              fmt::format("topic id '{}' is not kebab-case", topic.id));
            } else if (!seen.insert(topic.id).second) {
                check.problem(table.get("id")->source(),
                              fmt::format("duplicate topic id '{}'", topic.id));
            }
        }
        std::string what = fmt::format("topic '{}'", topic.id);
        topic.name = check.text(table, "name", what);
        topic.category = check.text(table, "category", what);
        if (!topic.category.empty() && !out.categories.empty() &&
            out.find_category(topic.category) == nullptr) {
            check.problem(
                table.get("category")->source(),
                fmt::format("topic '{}' names unknown category '{}'", topic.id, topic.category));
        }
        topic.description = check.text(table, "description", what);
        if (const toml::node* retired = table.get("retired")) {
            if (!retired->is_boolean()) {
                check.problem(retired->source(),
                              fmt::format("'retired' in {} must be true or false", what));
            } else {
                topic.retired = retired->as_boolean()->get();
            }
        }
        out.topics.push_back(std::move(topic));
    }
}

} // namespace

const Level* Catalogue::find_level(std::string_view id) const {
    for (const auto& level : levels) {
        if (level.id == id) {
            return &level;
        }
    }
    return nullptr;
}

const Category* Catalogue::find_category(std::string_view id) const {
    for (const auto& category : categories) {
        if (category.id == id) {
            return &category;
        }
    }
    return nullptr;
}

const Topic* Catalogue::find_topic(std::string_view id) const {
    for (const auto& topic : topics) {
        if (topic.id == id) {
            return &topic;
        }
    }
    return nullptr;
}

std::vector<std::string> check_catalogue(std::string_view text, const std::string& path,
                                         Catalogue& out) {
    out = Catalogue{};
    out.path = path;
    // toml++ has undefined behaviour on some invalid UTF-8, so it never sees any.
    if (auto offset = invalid_utf8_offset(text)) {
        std::size_t line = 1;
        std::size_t column = 1;
        for (std::size_t i = 0; i < *offset; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        return {fmt::format("{}:{}:{}: invalid UTF-8 or NUL byte", path, line, column)};
    }
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(path));
    } catch (const toml::parse_error& error) {
        return {fmt::format("{}:{}:{}: {}", path, error.source().begin.line,
                            error.source().begin.column, error.description())};
    }
    Checker check(path);
    check.only_keys(root, {"version", "level", "category", "topic"}, "the catalogue");
    out.version = check.text(root, "version", "the catalogue");
    read_levels(check, root, out);
    read_categories(check, root, out);
    read_topics(check, root, out);
    return check.take();
}

Catalogue load_catalogue(const std::string& path) {
    Catalogue catalogue;
    auto problems = check_catalogue(read_file(path), path, catalogue);
    if (!problems.empty()) {
        std::string more =
            problems.size() > 1
                ? fmt::format(" (and {} more; see 'crt topics check')", problems.size() - 1)
                : std::string();
        throw Error(ErrorKind::invalid, "bad catalogue: " + problems.front() + more);
    }
    return catalogue;
}

std::string locate_catalogue(const std::string& flag, const std::string& executable) {
    if (!flag.empty()) {
        return flag;
    }
    if (const char* env = std::getenv("CRT_TOPICS"); env != nullptr && *env != '\0') {
        return env;
    }
    // Installed and build trees alike keep it at BIN/../share/crt/topics.toml
    // (the build links it there), so no absolute path is compiled in.
    namespace fs = std::filesystem;
    std::error_code error;
    fs::path beside = fs::path(executable).parent_path().parent_path() / CRT_INSTALL_DATADIR /
                      "crt" / "topics.toml";
    if (executable.empty() || !fs::is_regular_file(beside, error)) {
        fail(ErrorKind::io, "no topic catalogue at {}: give --topics PATH or set $CRT_TOPICS",
             executable.empty() ? "BIN/../share/crt/topics.toml" : beside.string());
    }
    return beside.string();
}

} // namespace crt
