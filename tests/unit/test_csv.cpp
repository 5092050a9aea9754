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

std::string refusal(const std::string& text) {
    try {
        read_all(text);
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

TEST_CASE("csv::parse_csv_line") {
    CHECK(crt::parse_csv_line("a,\"b,c\",d") == std::vector<std::string>{"a", "b,c", "d"});
}
