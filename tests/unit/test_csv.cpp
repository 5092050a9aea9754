#include "lib/base/error.h"
#include "lib/io/csv.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using namespace std::string_literals;

namespace {

std::vector<crt::CsvRecord> read_all(const std::string& text) {
    std::istringstream in(text);
    crt::CsvReader reader(in);
    std::vector<crt::CsvRecord> records;
    crt::CsvRecord record;
    while (reader.next(record)) {
        records.push_back(record);
    }
    return records;
}

std::string refusal(const std::string& text, crt::ReadLimits limits = {}) {
    try {
        std::istringstream in(text);
        crt::CsvReader reader(in, limits);
        crt::CsvRecord record;
        while (reader.next(record)) {
        }
    } catch (const crt::Error& error) {
        CHECK(error.kind() == crt::ErrorKind::invalid);
        return error.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("csv::CsvReader") {
    SUBCASE("fields, quotes, doubled quotes, embedded line ends") {
        auto records = read_all("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\n");
        REQUIRE(records.size() == 3);
        CHECK(records[1].fields == std::vector<std::string>{"x,1", "say \"hi\"", "two\nlines"});
        CHECK(records[2].fields == std::vector<std::string>{"", "", ""});
    }
    SUBCASE("physical line numbers count the lines inside quoted fields") {
        auto records = read_all("h1,h2\n\"a\nb\nc\",1\nnext,2\n");
        REQUIRE(records.size() == 3);
        CHECK(records[0].line == 1);
        CHECK(records[1].line == 2);
        CHECK(records[2].line == 5);
    }
    SUBCASE("CRLF, a final line without a line end, a BOM, spaces kept") {
        auto records = read_all("\xEF\xBB\xBFh1,h2\r\n a , b \r\nlast,row");
        REQUIRE(records.size() == 3);
        CHECK(records[0].fields[0] == "h1");
        CHECK(records[1].fields == std::vector<std::string>{" a ", " b "});
        CHECK(records[2].fields == std::vector<std::string>{"last", "row"});
    }
    SUBCASE("empty input has no records") {
        CHECK(read_all("").empty());
    }
    SUBCASE("malformed input is refused with its line and column") {
        CHECK(refusal("a,\"b\n") == "1:3: quoted field is never closed");
        CHECK(refusal("a,\"b\"c\n") == "1:6: unexpected character after a closing quote");
        CHECK(refusal("a,b\"c\n") == "1:4: quote inside an unquoted field");
        CHECK(refusal("a,b\rc,d\r") == "1:4: a CR without LF (use LF or CRLF line ends)");
        CHECK(refusal("ok\na,\0b\n"s) == "2:3: NUL byte");
        CHECK(refusal("ok\na,\xC3\x28\n").rfind("2:3: invalid UTF-8", 0) == 0);
        CHECK(refusal("\xEF\xBB\x9F"
                      "a\n")
                  .rfind("1:1:", 0) == 0);
        CHECK(refusal(std::string(1 << 21, 'x')).find("longer than 1 MiB") != std::string::npos);
    }
}

TEST_CASE("csv::CsvReader limits") {
    SUBCASE("the defaults") {
        crt::ReadLimits limits;
        CHECK(limits.fields == 256);
        CHECK(limits.field_bytes == 1u << 20);
        CHECK(limits.record_bytes == 4u << 20);
    }
    SUBCASE("fields of a record") {
        CHECK(read_all("h\n" + std::string(255, ',') + "\n")[1].fields.size() == 256);
        CHECK(refusal("h\n" + std::string(256, ',') + "\n") ==
              "2:257: more than 256 fields in a record");
        // A line of commas far past the limit is refused at the limit.
        CHECK(refusal(std::string(100000, ',')) == "1:257: more than 256 fields in a record");
        CHECK(refusal("a,b,c\n", {2, 10, 100}) == "1:5: more than 2 fields in a record");
    }
    SUBCASE("bytes of a field, quoted or not") {
        CHECK(read_all(std::string(1 << 20, 'x'))[0].fields[0].size() == 1u << 20);
        CHECK(refusal("a," + std::string((1 << 20) + 1, 'x')) == "1:3: field longer than 1 MiB");
        CHECK(refusal("a,\"" + std::string(1 << 21, 'x') + "\"") == "1:3: field longer than 1 MiB");
        CHECK(refusal("abcdef\n", {10, 5, 100}) == "1:1: field longer than 5 bytes");
    }
    SUBCASE("bytes of a record, line ends inside quotes included") {
        std::string field(900000, 'x');
        std::string row = field + "," + field + "," + field + "," + field + ",";
        CHECK(read_all("h\n" + row + "\n")[1].fields.size() == 5);
        CHECK(refusal("h\n" + row + field + "\n") == "2:1: record longer than 4 MiB");
        CHECK(refusal("ok\n\"a\nb\nc\",d\n", {10, 100, 6}) == "2:1: record longer than 6 bytes");
    }
}

TEST_CASE("csv::describe_bytes") {
    CHECK(crt::describe_bytes(1 << 20) == "1 MiB");
    CHECK(crt::describe_bytes(4 << 20) == "4 MiB");
    CHECK(crt::describe_bytes(1000) == "1000 bytes");
    CHECK(crt::describe_bytes((1 << 20) + 1) == "1048577 bytes");
}

TEST_CASE("csv::parse_csv_line") {
    CHECK(crt::parse_csv_line("a,\"b,c\",d") == std::vector<std::string>{"a", "b,c", "d"});
}
