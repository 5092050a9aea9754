#include "lib/base/error.h"
#include "lib/base/shellwords.h"

#include <doctest/doctest.h>

#include <string>

using crt::split_shell_words;
using Words = std::vector<std::string>;
using namespace std::string_literals;

TEST_CASE("shellwords::split_shell_words") {
    SUBCASE("blanks separate words; quotes and backslashes join them") {
        CHECK(split_shell_words("  milestone add 1\t--kind meeting  ") ==
              Words{"milestone", "add", "1", "--kind", "meeting"});
        CHECK(split_shell_words("--title 'it''s \"here\"'") == Words{"--title", "its \"here\""});
        CHECK(split_shell_words(R"(--title "a \"b\" \\ \$x c")") ==
              Words{"--title", R"(a "b" \ $x c)"});
        CHECK(split_shell_words(R"(--title "keep \n as is")") ==
              Words{"--title", R"(keep \n as is)"});
        CHECK(split_shell_words(R"(a\ b c)") == Words{"a b", "c"});
        CHECK(split_shell_words("x''y \"\"") == Words{"xy", ""});
    }
    SUBCASE("comments and blank lines") {
        CHECK(split_shell_words("# a comment").empty());
        CHECK(split_shell_words("   ").empty());
        CHECK(split_shell_words("agency list # trailing") == Words{"agency", "list"});
        CHECK(split_shell_words("say a#b") == Words{"say", "a#b"});
    }
    SUBCASE("malformed lines are refused with a column") {
        auto refusal = [](const std::string& line) {
            try {
                split_shell_words(line);
            } catch (const crt::Error& error) {
                return std::string(error.what());
            }
            return std::string("accepted");
        };
        CHECK(refusal("a 'b") == "column 3: unterminated single quote");
        CHECK(refusal("a \"b") == "column 3: unterminated double quote");
        CHECK(refusal("a b\\") == "column 4: backslash at the end of the line");
        CHECK(refusal("a 'x\0y'"s) == "column 5: NUL byte");
    }
}

TEST_CASE("shellwords::split_shell_words line references") {
    // Stands in for a batch: line N printed id 100 + N.
    crt::ExpandReference expand = [](std::string_view digits) {
        return "id" + std::to_string(100 + std::stoi(std::string(digits)));
    };
    SUBCASE("$N and ${N} outside single quotes are expanded") {
        CHECK(split_shell_words("request status $1 --to accepted", expand) ==
              Words{"request", "status", "id101", "--to", "accepted"});
        CHECK(split_shell_words(R"(--title "for $12." x${3}0)", expand) ==
              Words{"--title", "for id112.", "xid1030"});
        CHECK(split_shell_words("$007", expand) == Words{"id107"});
    }
    SUBCASE("quoted or escaped, and without a reference, $ is literal") {
        CHECK(split_shell_words(R"('$1' \$2 "\$3" '${4}')", expand) ==
              Words{"$1", "$2", "$3", "${4}"});
        CHECK(split_shell_words("$ US$ $x $$ a$", expand) == Words{"$", "US$", "$x", "$$", "a$"});
        CHECK(split_shell_words("# $1 in a comment", expand).empty());
    }
    SUBCASE("without an expansion, every $ is literal") {
        CHECK(split_shell_words("status $1 ${2}") == Words{"status", "$1", "${2}"});
    }
    SUBCASE("a malformed ${...} is refused with its column") {
        for (const char* line : {"a ${x}", "a ${}", "a ${12", "a \"${1x}\""}) {
            CAPTURE(line);
            try {
                split_shell_words(line, expand);
                FAIL("accepted");
            } catch (const crt::Error& error) {
                CHECK(std::string(error.what()).rfind("column ", 0) == 0);
                CHECK(std::string(error.what()).find("must hold a line number") !=
                      std::string::npos);
            }
        }
    }
    SUBCASE("the expansion may refuse a reference") {
        crt::ExpandReference refuse = [](std::string_view digits) -> std::string {
            crt::fail(crt::ErrorKind::usage, "no line {}", digits);
        };
        CHECK_THROWS_WITH(split_shell_words("status $9", refuse), "no line 9");
    }
}
