// A small program for the unit tests of the model and the reports: a fresh
// database with one agency and one expert, and the source catalogue.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/model/agency.h"
#include "lib/model/request.h"
#include "lib/store/store.h"
#include "tests/unit/support.h"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace crt::test {

struct Program {
    TempDir dir;
    Store store = Store::create(dir.file("crt.db"));
    Catalogue catalogue = load_catalogue(source_catalogue());

    Program() {
        add_agency(store,
                   {"CA0194200", "Riverton Police Department", "municipal", "CA", 212, "", "", ""},
                   {"tester", "2026-01-01"});
        store.exec("INSERT INTO expert (handle, name, capacity) VALUES ('lead', 'Lead Expert', 3)");
    }

    // A request of Riverton's; technical assistance gets a topic when none is given.
    long long new_request(const std::string& level, const std::string& received,
                          std::vector<std::string> topics = {}) {
        Request request;
        request.agency = "CA0194200";
        request.level = level;
        request.title = "Test request";
        request.received = received;
        request.topics = std::move(topics);
        if (level == "tac" && request.topics.empty()) {
            request.topics = {"de-escalation"};
        }
        return create_request(store, catalogue, request, {"tester", ""});
    }
};

} // namespace crt::test
