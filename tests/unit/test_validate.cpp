#include "lib/base/validate.h"

#include "support.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using crt::invalid_utf8_offset;
using crt::test::error_kind;

namespace {

// A string_view over bytes that may hold NUL or be invalid UTF-8.
std::string_view bytes(const char* text, std::size_t size) {
    return {text, size};
}

} // namespace

TEST_CASE("validate::is_ori") {
    CHECK(crt::is_ori("CA0194200"));
    CHECK(crt::is_ori("TXHPD0000"));
    CHECK(crt::is_ori("PR0000001"));

    SUBCASE("wrong length") {
        CHECK_FALSE(crt::is_ori(""));
        CHECK_FALSE(crt::is_ori("CA019420"));
        CHECK_FALSE(crt::is_ori("CA01942000"));
    }
    SUBCASE("lower case") {
        CHECK_FALSE(crt::is_ori("ca0194200"));
        CHECK_FALSE(crt::is_ori("Ca0194200"));
        CHECK_FALSE(crt::is_ori("CA019420a"));
    }
    SUBCASE("unknown state prefix") {
        CHECK_FALSE(crt::is_ori("ZZ0194200"));
        CHECK_FALSE(crt::is_ori("010194200"));
    }
    SUBCASE("punctuation and spaces") {
        CHECK_FALSE(crt::is_ori("CA-194200"));
        CHECK_FALSE(crt::is_ori("CA 194200"));
        CHECK_FALSE(crt::is_ori("CA019420."));
        CHECK_FALSE(crt::is_ori(" CA019420"));
    }
}

TEST_CASE("validate::is_state") {
    for (const char* state : {"CA", "TX", "NY", "DC", "PR", "GU", "VI", "AS", "MP", "WY", "AK"}) {
        CAPTURE(state);
        CHECK(crt::is_state(state));
    }
    for (const char* state : {"ZZ", "ca", "Ca", "C", "CAL", "", "XX", "UK"}) {
        CAPTURE(state);
        CHECK_FALSE(crt::is_state(state));
    }
}

TEST_CASE("validate::is_email") {
    CHECK_FALSE(crt::is_email("a\xFF@b.org"));
    CHECK_FALSE(crt::is_email("a@b\xC3\x28.org"));
    CHECK(crt::is_email("jos\xC3\xA9@example.org"));
    CHECK(crt::is_email("jane.doe@example.org"));
    CHECK(crt::is_email("a+tag@sub.example.gov"));

    for (const char* email :
         {"", "example.org", "@example.org", "jane@", "jane@example", "jane@.org",
          "jane@example.org.", "a@b@example.org", "jane doe@example.org", "jane@exa mple.org",
          "<jane@example.org>", "jane,doe@example.org", "\"jane\"@example.org",
          "jane\t@example.org"}) {
        CAPTURE(email);
        CHECK_FALSE(crt::is_email(email));
    }
    CHECK_FALSE(crt::is_email(std::string(250, 'a') + "@b.org"));
}

TEST_CASE("validate::is_handle") {
    SUBCASE("allowed characters") {
        CHECK(crt::is_handle("jdoe"));
        CHECK(crt::is_handle("j.doe_2-x"));
        CHECK(crt::is_handle("0day"));
        CHECK(crt::is_handle("a"));
        CHECK(crt::is_handle("a."));
    }
    SUBCASE("first character is a letter or digit") {
        CHECK_FALSE(crt::is_handle(".jdoe"));
        CHECK_FALSE(crt::is_handle("_jdoe"));
        CHECK_FALSE(crt::is_handle("-jdoe"));
    }
    SUBCASE("upper case and other characters refused") {
        CHECK_FALSE(crt::is_handle("JDoe"));
        CHECK_FALSE(crt::is_handle("jdoE"));
        CHECK_FALSE(crt::is_handle("j doe"));
        CHECK_FALSE(crt::is_handle("j/doe"));
        CHECK_FALSE(crt::is_handle("j@doe"));
        CHECK_FALSE(crt::is_handle("jos\xC3\xA9"));
        CHECK_FALSE(crt::is_handle(""));
    }
    SUBCASE("length") {
        CHECK(crt::is_handle(std::string(64, 'x')));
        CHECK_FALSE(crt::is_handle(std::string(65, 'x')));
    }
}

TEST_CASE("validate::is_kebab_id") {
    for (const char* id : {"use-of-force", "a", "a1-b2", "nibrs", "21st-century"}) {
        CAPTURE(id);
        CHECK(crt::is_kebab_id(id));
    }
    for (const char* id : {"", "-a", "a-", "a--b", "Use-of-force", "use_of_force", "use of force",
                           "use.of.force", "-"}) {
        CAPTURE(id);
        CHECK_FALSE(crt::is_kebab_id(id));
    }
}

TEST_CASE("validate::invalid_utf8_offset") {
    SUBCASE("valid text") {
        CHECK_FALSE(invalid_utf8_offset("").has_value());
        CHECK_FALSE(invalid_utf8_offset("plain ASCII, with punctuation!").has_value());
        CHECK_FALSE(invalid_utf8_offset("caf\xC3\xA9").has_value());      // é, 2 bytes
        CHECK_FALSE(invalid_utf8_offset("\xE2\x82\xAC 5").has_value());   // €, 3 bytes
        CHECK_FALSE(invalid_utf8_offset("\xF0\x9F\x98\x80").has_value()); // U+1F600, 4 bytes
        CHECK_FALSE(invalid_utf8_offset("\xF4\x8F\xBF\xBF").has_value()); // U+10FFFF, the last
        CHECK_FALSE(invalid_utf8_offset("\xEF\xBB\x9F\x59").has_value()); // U+FEDF then Y
        CHECK_FALSE(invalid_utf8_offset("\xEF\xBB\xBFx").has_value());    // a BOM is a code point
    }
    SUBCASE("NUL") {
        CHECK(invalid_utf8_offset(bytes("a\0b", 3)) == 1u);
        CHECK(invalid_utf8_offset(bytes("\0", 1)) == 0u);
    }
    SUBCASE("overlong forms") {
        CHECK(invalid_utf8_offset("ab\xC0\x80") == 2u);
        CHECK(invalid_utf8_offset("\xC1\xBF") == 0u);
        CHECK(invalid_utf8_offset("\xE0\x80\xAF") == 0u);
        CHECK(invalid_utf8_offset("\xF0\x80\x80\xAF") == 0u);
    }
    SUBCASE("surrogates") {
        CHECK(invalid_utf8_offset("x\xED\xA0\x80") == 1u);
        CHECK(invalid_utf8_offset("\xED\xBF\xBF") == 0u);
        CHECK_FALSE(invalid_utf8_offset("\xED\x9F\xBF").has_value()); // U+D7FF, just below
    }
    SUBCASE("truncated sequences") {
        CHECK(invalid_utf8_offset("abc\xC3") == 3u);
        CHECK(invalid_utf8_offset("a\xE2\x82") == 1u);
        CHECK(invalid_utf8_offset("\xF0\x9F\x98") == 0u);
        CHECK(invalid_utf8_offset("\xC3\x28") == 0u); // lead byte, then not a continuation
        CHECK(invalid_utf8_offset("\xE2\x82x") == 0u);
    }
    SUBCASE("stray continuation and impossible bytes") {
        CHECK(invalid_utf8_offset("a\x80") == 1u);
        CHECK(invalid_utf8_offset("\xBF") == 0u);
        CHECK(invalid_utf8_offset("ok\xFF") == 2u);
        CHECK(invalid_utf8_offset("\xFE") == 0u);
        CHECK(invalid_utf8_offset("\xF8\x88\x80\x80\x80") == 0u);
    }
    SUBCASE("above U+10FFFF") {
        CHECK(invalid_utf8_offset("\xF4\x90\x80\x80") == 0u);
        CHECK(invalid_utf8_offset("\xF5\x80\x80\x80") == 0u);
        CHECK(invalid_utf8_offset("\xF7\xBF\xBF\xBF") == 0u);
    }
    SUBCASE("the first bad byte is reported") {
        CHECK(invalid_utf8_offset("\xC3\xA9\xFF\xFF") == 2u);
    }
}

TEST_CASE("validate::check_text") {
    CHECK(error_kind([] { crt::check_text("caf\xC3\xA9", "name"); }) == "none");
    CHECK(error_kind([] { crt::check_text("bad \xFF", "name"); }) == "invalid");
    CHECK(error_kind([] { crt::check_text(bytes("a\0b", 3), "name"); }) == "invalid");
    CHECK(crt::test::error_message([] { crt::check_text("bad \xFF", "name"); }).find("name") == 0);
}

TEST_CASE("validate::parse_integer") {
    SUBCASE("within bounds") {
        CHECK(crt::parse_integer("42", 0, 100) == 42);
        CHECK(crt::parse_integer("0", 0, 100) == 0);
        CHECK(crt::parse_integer("100", 0, 100) == 100);
        CHECK(crt::parse_integer("-5", -10, 10) == -5);
        CHECK(crt::parse_integer("007", 0, 10) == 7);
    }
    SUBCASE("out of bounds") {
        CHECK_FALSE(crt::parse_integer("101", 0, 100).has_value());
        CHECK_FALSE(crt::parse_integer("-1", 0, 100).has_value());
        CHECK_FALSE(crt::parse_integer("99999999999999999999", 0, 100).has_value());
    }
    SUBCASE("not a whole number") {
        CHECK_FALSE(crt::parse_integer("", 0, 100).has_value());
        CHECK_FALSE(crt::parse_integer("12a", 0, 100).has_value());
        CHECK_FALSE(crt::parse_integer("1.5", 0, 100).has_value());
        CHECK_FALSE(crt::parse_integer(" 12", 0, 100).has_value());
        CHECK_FALSE(crt::parse_integer("12 ", 0, 100).has_value());
        CHECK_FALSE(crt::parse_integer("abc", 0, 100).has_value());
        CHECK_FALSE(crt::parse_integer("-", 0, 100).has_value());
    }
}

TEST_CASE("validate::split_list") {
    using List = std::vector<std::string>;
    SUBCASE("commas") {
        CHECK(crt::split_list("a,b,c") == List{"a", "b", "c"});
        CHECK(crt::split_list("single") == List{"single"});
    }
    SUBCASE("spaces around items are trimmed, inside kept") {
        CHECK(crt::split_list(" a , b ,c ") == List{"a", "b", "c"});
        CHECK(crt::split_list("use of force, de-escalation") ==
              List{"use of force", "de-escalation"});
    }
    SUBCASE("empty items are dropped") {
        CHECK(crt::split_list("a,b,,c") == List{"a", "b", "c"});
        CHECK(crt::split_list(",a,") == List{"a"});
        CHECK(crt::split_list("").empty());
        CHECK(crt::split_list(",, ,").empty());
    }
    SUBCASE("order and repeats are kept") {
        CHECK(crt::split_list("b,a,b") == List{"b", "a", "b"});
    }
}

TEST_CASE("validate::personal_contact") {
    using namespace std::string_view_literals;
    SUBCASE("email addresses") {
        CHECK(crt::personal_contact("write to jane.doe@agency.gov today") == "an email address"sv);
        CHECK(crt::personal_contact("ops@city.example.org.") == "an email address"sv);
        CHECK_FALSE(crt::personal_contact("meet @ noon"));
        CHECK_FALSE(crt::personal_contact("user@localhost"));
    }
    SUBCASE("phone numbers") {
        CHECK(crt::personal_contact("555-0100") == "a phone number"sv);
        CHECK(crt::personal_contact("call (202) 555-0100") == "a phone number"sv);
        CHECK(crt::personal_contact("202.555.0100") == "a phone number"sv);
        CHECK(crt::personal_contact("+44 20 7946 0958") == "a phone number"sv);
        CHECK(crt::personal_contact("2025550100") == "a phone number"sv);
    }
    SUBCASE("dates, references and counts are not phone numbers") {
        CHECK_FALSE(crt::personal_contact("by 2026-03-12"));
        CHECK_FALSE(crt::personal_contact("4.2.1"));
        CHECK_FALSE(crt::personal_contact("Train 212 officers in 3 phases, 1000 hours"));
        CHECK_FALSE(crt::personal_contact("policy 4.2 section 123 4567.1"));
        CHECK_FALSE(crt::personal_contact(""));
    }
}
