#include "lib/model/request.h"
#include "tests/unit/program.h"
#include "tests/unit/support.h"

#include <doctest/doctest.h>

using namespace crt;

TEST_CASE("request::is_request_name") {
    for (const char* name : {"1", "010", "000000000000000000012", "ext:CR-2025-031", "ext:42",
                             "ext:with spaces", "ext::"}) {
        CAPTURE(name);
        CHECK(is_request_name(name));
    }
    for (const char* name : {"", "ext:", "EXT:CR", "0x0c", "1e3", "-1", "+3", " 1", "1 ", "1.5",
                             "CR-2025-031", "9999999999999999999"}) {
        CAPTURE(name);
        CHECK_FALSE(is_request_name(name));
    }
}

TEST_CASE("request::resolve_request") {
    test::Program program;
    long long named = program.new_request("assessment", "2026-01-05");
    program.store.exec(fmt::format("UPDATE request SET external_id = '7' WHERE id = {}", named));
    long long other = program.new_request("tac", "2026-01-06");

    // An id is returned as it is; an external id is looked up, exactly.
    CHECK(resolve_request(program.store, std::to_string(other)) == other);
    CHECK(resolve_request(program.store, fmt::format("0{}", other)) == other);
    CHECK(resolve_request(program.store, "ext:7") == named);
    CHECK(resolve_request(program.store, "7") == 7);
    CHECK(test::error_kind([&] { resolve_request(program.store, "ext:07"); }) == "not_found");
    CHECK(test::error_kind([&] { resolve_request(program.store, "ext:"); }) == "usage");
    CHECK(test::error_kind([&] { resolve_request(program.store, "0x7"); }) == "usage");
}
