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
