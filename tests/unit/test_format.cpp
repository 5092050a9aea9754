#include "lib/base/format.h"

#include <doctest/doctest.h>

#include <sstream>

using crt::Cell;
using crt::Format;
using crt::Table;
using std::string;

namespace {

const Cell k_null = std::monostate{};

string table_text(const Table& table, Format format) {
    std::ostringstream out;
    crt::write_table(out, table, format);
    return out.str();
}

string record_text(const Table& table, Format format) {
    std::ostringstream out;
    crt::write_record(out, table, format);
    return out.str();
}

// Two rows with a number, text that needs quoting and a null.
Table sample() {
    return {{"id", "name", "note"},
            {{1LL, string("Smith, Jane"), k_null}, {22LL, string("say \"hi\""), string("ok")}}};
}

} // namespace

TEST_CASE("format::csv_field") {
    CHECK(crt::csv_field("plain") == "plain");
    CHECK(crt::csv_field("") == "");
    SUBCASE("quoted when it holds a comma, quote, CR or LF") {
        CHECK(crt::csv_field("a,b") == "\"a,b\"");
        CHECK(crt::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
        CHECK(crt::csv_field("\"") == "\"\"\"\"");
        CHECK(crt::csv_field("a\rb") == "\"a\rb\"");
        CHECK(crt::csv_field("a\nb") == "\"a\nb\"");
        CHECK(crt::csv_field("a\r\nb") == "\"a\r\nb\"");
    }
    SUBCASE("anything else is unchanged") {
        CHECK(crt::csv_field(" padded ") == " padded ");
        CHECK(crt::csv_field("caf\xC3\xA9 \xE2\x82\xAC") == "caf\xC3\xA9 \xE2\x82\xAC");
        CHECK(crt::csv_field("tab\there") == "tab\there");
        CHECK(crt::csv_field("semi;colon") == "semi;colon");
    }
}

TEST_CASE("format::write_table csv") {
    CHECK(table_text(sample(), Format::csv) == "id,name,note\n"
                                               "1,\"Smith, Jane\",\n"
                                               "22,\"say \"\"hi\"\"\",ok\n");

    SUBCASE("an empty table is its header") {
        CHECK(table_text({{"a", "b"}, {}}, Format::csv) == "a,b\n");
    }
    SUBCASE("an embedded line break stays inside the quoted field") {
        Table table{{"text"}, {{string("one\r\ntwo")}}};
        CHECK(table_text(table, Format::csv) == "text\n\"one\r\ntwo\"\n");
    }
    SUBCASE("flags and decimals") {
        Table table{{"flag", "ratio"}, {{true, 0.5}, {false, 2.0}}};
        CHECK(table_text(table, Format::csv) == "flag,ratio\ntrue,0.5\nfalse,2\n");
    }
}

TEST_CASE("format::write_table tsv") {
    CHECK(crt::tsv_field("a\\b\tc\nd\re") == "a\\\\b\\tc\\nd\\re");
    CHECK(crt::tsv_field("caf\xC3\xA9, \"x\"") == "caf\xC3\xA9, \"x\"");
    CHECK(table_text(sample(), Format::tsv) == "id\tname\tnote\n"
                                               "1\tSmith, Jane\t\n"
                                               "22\tsay \"hi\"\tok\n");
    Table table{{"text"}, {{string("tab\there\nnext")}}};
    CHECK(table_text(table, Format::tsv) == "text\ntab\\there\\nnext\n");
}

TEST_CASE("format::write_table md") {
    SUBCASE("pipes escaped, line breaks as <br>, numeric columns right-aligned") {
        Table table{{"name", "count"},
                    {{string("a|b"), 3LL}, {string("x\ny\r\nz"), 10LL}, {string("r\rs"), 0LL}}};
        CHECK(table_text(table, Format::md) == "| name | count |\n"
                                               "| --- | ---: |\n"
                                               "| a\\|b | 3 |\n"
                                               "| x<br>y<br>z | 10 |\n"
                                               "| r<br>s | 0 |\n");
    }
    SUBCASE("nulls are empty cells") {
        Table table{{"a", "b"}, {{string("x"), k_null}}};
        CHECK(table_text(table, Format::md) == "| a | b |\n| --- | --- |\n| x |  |\n");
    }
    SUBCASE("a pipe in a column name is escaped too") {
        Table table{{"a|b"}, {}};
        CHECK(table_text(table, Format::md) == "| a\\|b |\n| --- |\n");
    }
}

TEST_CASE("format::write_table json") {
    SUBCASE("an array of objects, keys in column order, types kept") {
        Table table{{"zeta", "alpha", "flag", "ratio", "none"},
                    {{7LL, string("caf\xC3\xA9"), true, 2.5, k_null}}};
        CHECK(table_text(table, Format::json) == "[\n"
                                                 "  {\n"
                                                 "    \"zeta\": 7,\n"
                                                 "    \"alpha\": \"caf\xC3\xA9\",\n"
                                                 "    \"flag\": true,\n"
                                                 "    \"ratio\": 2.5,\n"
                                                 "    \"none\": null\n"
                                                 "  }\n"
                                                 "]\n");
    }
    SUBCASE("control characters and quotes are escaped") {
        Table table{{"t"}, {{string("a") + '\x01' + "b\nc\t\"d\"\\"}}};
        CHECK(table_text(table, Format::json) ==
              "[\n  {\n    \"t\": \"a\\u0001b\\nc\\t\\\"d\\\"\\\\\"\n  }\n]\n");
    }
    SUBCASE("a number stored as text stays text") {
        Table table{{"ori"}, {{string("0123")}}};
        CHECK(table_text(table, Format::json) == "[\n  {\n    \"ori\": \"0123\"\n  }\n]\n");
    }
    SUBCASE("an empty table is an empty array") {
        CHECK(table_text({{"a"}, {}}, Format::json) == "[]\n");
    }
}

TEST_CASE("format::write_table ndjson") {
    CHECK(table_text(sample(), Format::ndjson) ==
          "{\"id\":1,\"name\":\"Smith, Jane\",\"note\":null}\n"
          "{\"id\":22,\"name\":\"say \\\"hi\\\"\",\"note\":\"ok\"}\n");
    SUBCASE("a line break in a value stays escaped on its line") {
        Table table{{"t"}, {{string("a\nb")}}};
        CHECK(table_text(table, Format::ndjson) == "{\"t\":\"a\\nb\"}\n");
    }
    SUBCASE("an empty table prints nothing") {
        CHECK(table_text({{"a", "b"}, {}}, Format::ndjson).empty());
    }
}

TEST_CASE("format::write_table table") {
    SUBCASE("aligned columns, header first, numbers right-aligned, trailing spaces trimmed") {
        Table table{{"id", "name", "note"},
                    {{1LL, string("alice"), string("x y")}, {22LL, string("bo"), k_null}}};
        CHECK(table_text(table, Format::table) == "id  name   note\n"
                                                  " 1  alice  x y\n"
                                                  "22  bo\n");
    }
    SUBCASE("line breaks and tabs fold to spaces, one record per line") {
        Table table{{"note", "n"}, {{string("a\nb\r\nc\td"), 1LL}}};
        CHECK(table_text(table, Format::table) == "note      n\n"
                                                  "a b  c d  1\n");
    }
    SUBCASE("width counts characters, not bytes") {
        Table table{{"name", "n"}, {{string("\xC3\xA9t\xC3\xA9"), 1LL}, {string("ab"), 2LL}}};
        CHECK(table_text(table, Format::table) == "name  n\n"
                                                  "\xC3\xA9t\xC3\xA9   1\n"
                                                  "ab    2\n");
    }
    SUBCASE("an empty table is its header") {
        CHECK(table_text({{"id", "name"}, {}}, Format::table) == "id  name\n");
    }
}

TEST_CASE("format::write_record") {
    Table record{{"ori", "name", "sworn"}, {{string("CA0194200"), string("Oakland PD"), k_null}}};

    SUBCASE("table: one `column: value` line per field, values aligned") {
        CHECK(record_text(record, Format::table) == "ori:    CA0194200\n"
                                                    "name:   Oakland PD\n"
                                                    "sworn:\n");
    }
    SUBCASE("table: the longest column name is followed by two spaces") {
        Table one{{"key"}, {{string("value")}}};
        CHECK(record_text(one, Format::table) == "key:  value\n");
    }
    SUBCASE("json: one object, not an array") {
        CHECK(record_text(record, Format::json) == "{\n"
                                                   "  \"ori\": \"CA0194200\",\n"
                                                   "  \"name\": \"Oakland PD\",\n"
                                                   "  \"sworn\": null\n"
                                                   "}\n");
    }
    SUBCASE("ndjson and csv: a one-row list") {
        CHECK(record_text(record, Format::ndjson) ==
              "{\"ori\":\"CA0194200\",\"name\":\"Oakland PD\",\"sworn\":null}\n");
        CHECK(record_text(record, Format::csv) == "ori,name,sworn\nCA0194200,Oakland PD,\n");
    }
}

TEST_CASE("format::parse_format") {
    for (auto format :
         {Format::table, Format::csv, Format::tsv, Format::md, Format::json, Format::ndjson}) {
        auto name = crt::format_name(format);
        CAPTURE(name);
        CHECK(crt::parse_format(name) == format);
    }
    CHECK(crt::format_name(Format::ndjson) == "ndjson");
    CHECK(crt::format_name(Format::md) == "md");
    CHECK_FALSE(crt::parse_format("").has_value());
    CHECK_FALSE(crt::parse_format("xml").has_value());
    CHECK_FALSE(crt::parse_format("markdown").has_value());
    CHECK_FALSE(crt::parse_format("jsonl").has_value());
}

TEST_CASE("format::cell_text and text_or_null") {
    CHECK(crt::cell_text(k_null).empty());
    CHECK(crt::cell_text(Cell(42LL)) == "42");
    CHECK(crt::cell_text(Cell(-3LL)) == "-3");
    CHECK(crt::cell_text(Cell(1.25)) == "1.25");
    CHECK(crt::cell_text(Cell(true)) == "true");
    CHECK(crt::cell_text(Cell(false)) == "false");
    CHECK(crt::cell_text(Cell(string("text"))) == "text");
    CHECK(std::holds_alternative<std::monostate>(crt::text_or_null("")));
    CHECK(std::get<string>(crt::text_or_null("x")) == "x");
}
