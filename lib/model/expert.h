// The expert registry, keyed by handle, with each expert's topics of expertise.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/format.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace crt {

struct Expert {
    std::string handle;
    std::string name;
    std::string org;
    std::string email;
    std::vector<std::string> expertise; // catalogue topic ids, sorted
    long long capacity = 3;             // maximum active assignments
    bool active = true;
};

// Changes to an expert; an unset member is left alone, an empty text clears.
struct ExpertPatch {
    std::optional<std::string> name;
    std::optional<std::string> org;
    std::optional<std::string> email;
    std::optional<std::vector<std::string>> expertise;
    std::optional<long long> capacity;
    std::optional<bool> active;
};

struct ExpertFilter {
    std::string topic;
    std::string org;
    std::optional<bool> active;
    std::string handle; // one expert
};

// Throws `invalid` (or `not_found` for an unknown topic), naming the field.
void validate_expert(const Expert& expert, const Catalogue& catalogue);

void add_expert(Store& store, const Catalogue& catalogue, Expert expert, const Stamp& stamp);
int update_expert(Store& store, const Catalogue& catalogue, const std::string& handle,
                  const ExpertPatch& patch, const Stamp& stamp);
std::optional<Expert> find_expert(Store& store, const std::string& handle);
Expert get_expert(Store& store, const std::string& handle);
std::vector<Expert> list_experts(Store& store, const ExpertFilter& filter);

// Columns: handle, name, org, email, expertise (comma-separated), capacity, active.
Table expert_table(const std::vector<Expert>& experts);

} // namespace crt
