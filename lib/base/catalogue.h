// The topic catalogue: levels with their milestone templates,
// categories and topics, read from data/topics.toml on every run.
#pragma once

#include "lib/base/input.h"

#include <string>
#include <string_view>
#include <vector>

namespace crt {

struct MilestoneTemplate {
    std::string kind;
    std::string title;
    long days = 0; // after the request was accepted
};

struct Level {
    std::string id;
    std::string name;
    std::string description;
    long target_days = 0; // received to first assignment
    std::vector<MilestoneTemplate> milestones;
};

struct Category {
    std::string id;
    std::string name;
    std::string description;
};

struct Topic {
    std::string id;
    std::string name;
    std::string category;
    std::string description;
    bool retired = false;
};

struct Catalogue {
    std::string path;
    std::string version;
    std::vector<Level> levels;
    std::vector<Category> categories;
    std::vector<Topic> topics;

    const Level* find_level(std::string_view id) const;
    const Category* find_category(std::string_view id) const;
    const Topic* find_topic(std::string_view id) const;
};

// Every problem in a catalogue's text, each as `PATH:LINE:COLUMN: message`;
// empty when the text is a valid catalogue. `out` receives what was read.
std::vector<std::string> check_catalogue(std::string_view text, const std::string& path,
                                         Catalogue& out);

// Reads and validates a catalogue file. Throws `io` when it cannot be read and
// `invalid` (naming the first problem's place) when it is malformed.
Catalogue load_catalogue(const std::string& path);

// Where the catalogue is: `flag`, else `$CRT_TOPICS`, else the copy beside
// the binary (`BIN/../share/crt/topics.toml`, installed or linked there by the
// build); throws `io` when there is none.
std::string locate_catalogue(const std::string& flag, const std::string& executable);

} // namespace crt
