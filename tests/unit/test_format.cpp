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
    CHECK(crt::tsv_field("\x1b=1") == "\x1b=1"); // exact: only the separators are escaped
    CHECK(table_text(sample(), Format::tsv) == "id\tname\tnote\n"
                                               "1\tSmith, Jane\t\n"
                                               "22\tsay \"hi\"\tok\n");
    Table table{{"text"}, {{string("tab\there\nnext")}}};
    CHECK(table_text(table, Format::tsv) == "text\ntab\\there\\nnext\n");
}

TEST_CASE("format::write_table md") {
    SUBCASE("pipes escaped, line breaks as spaces, numeric columns right-aligned") {
        Table table{{"name", "count"},
                    {{string("a|b"), 3LL}, {string("x\ny\r\nz"), 10LL}, {string("r\rs"), 0LL}}};
        CHECK(table_text(table, Format::md) == "| name | count |\n"
                                               "| --- | ---: |\n"
                                               "| a\\|b | 3 |\n"
                                               "| x y z | 10 |\n"
                                               "| r s | 0 |\n");
    }
    SUBCASE("data cannot add HTML, links or emphasis") {
        Table table{{"title"},
                    {{string("<script>alert(1)</script>")},
                     {string("[click](https://example.com) ![x](y)")},
                     {string("*bold* _em_ `code` ~~gone~~ a\\b & c")},
                     {string("<img src=x onerror=alert(1)>")}}};
        CHECK(table_text(table, Format::md) ==
              "| title |\n"
              "| --- |\n"
              "| &lt;script&gt;alert(1)&lt;/script&gt; |\n"
              "| \\[click\\](https://example.com) !\\[x\\](y) |\n"
              "| \\*bold\\* \\_em\\_ \\`code\\` \\~\\~gone\\~\\~ a\\\\b &amp; c |\n"
              "| &lt;img src=x onerror=alert(1)&gt; |\n");
    }
    SUBCASE("numbers and flags are written as they are") {
        Table table{{"n", "f"}, {{-3LL, true}}};
        CHECK(table_text(table, Format::md) == "| n | f |\n| ---: | --- |\n| -3 | true |\n");
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

TEST_CASE("format::md_field") {
    SUBCASE("a start that would open a heading, quote or list") {
        CHECK(crt::md_field("# Heading") == "\\# Heading");
        CHECK(crt::md_field("- item") == "\\- item");
        CHECK(crt::md_field("+ item") == "\\+ item");
        CHECK(crt::md_field("> quote") == "&gt; quote");
        CHECK(crt::md_field("1. first") == "1\\. first");
        CHECK(crt::md_field("12) twelfth") == "12\\) twelfth");
        CHECK(crt::md_field("3.") == "3\\.");
    }
    SUBCASE("the same characters later, and numbers such as refs, are left alone") {
        CHECK(crt::md_field("1.1") == "1.1");
        CHECK(crt::md_field("2025-06-30") == "2025-06-30");
        CHECK(crt::md_field("a # b - c + d 1. e") == "a # b - c + d 1. e");
    }
    SUBCASE("an underscore inside a word cannot start emphasis and is kept") {
        CHECK(crt::md_field("percent_done") == "percent_done");
        CHECK(crt::md_field("_x_ y_ _z") == "\\_x\\_ y\\_ \\_z");
    }
    SUBCASE("control characters are escaped as on a terminal") {
        CHECK(crt::md_field("a\x1b[31mb\xe2\x80\xae") == "a\\x1b\\[31mb\\u202e");
    }
}

TEST_CASE("format::terminal_safe") {
    SUBCASE("ordinary text is unchanged") {
        CHECK(crt::terminal_safe("") == "");
        CHECK(crt::terminal_safe("Smith, Jane \"JJ\" <a@b.c> | 50%") ==
              "Smith, Jane \"JJ\" <a@b.c> | 50%");
        CHECK(crt::terminal_safe("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE6\x97\xA5") ==
              "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE6\x97\xA5");
        CHECK(crt::terminal_safe("back\\slash") == "back\\slash");
    }
    SUBCASE("C0 controls, line breaks and tabs included, and DEL") {
        CHECK(crt::terminal_safe("a\nb\r\nc\td") == "a\\nb\\r\\nc\\td");
        CHECK(crt::terminal_safe("\x1b]0;title\x07\x1b[2J") == "\\x1b]0;title\\x07\\x1b[2J");
        CHECK(crt::terminal_safe(string("nul\0x", 5)) == "nul\\x00x");
        CHECK(crt::terminal_safe("del\x7f") == "del\\x7f");
    }
    SUBCASE("C1 controls") {
        CHECK(crt::terminal_safe("\xC2\x9B"
                                 "31m") == "\\u009b31m");
        CHECK(crt::terminal_safe("\xC2\x85\xC2\x80\xC2\x9F\xC2\xA0") ==
              "\\u0085\\u0080\\u009f\xC2\xA0");
    }
    SUBCASE("bidi overrides, isolates and marks, line separators") {
        CHECK(crt::terminal_safe("abc\xE2\x80\xAE"
                                 "fed") == "abc\\u202efed");
        CHECK(crt::terminal_safe("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD") ==
              "\\u202a\\u202b\\u202c\\u202d");
        CHECK(crt::terminal_safe("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9") ==
              "\\u2066\\u2067\\u2068\\u2069");
        CHECK(crt::terminal_safe("\xE2\x80\x8F\xE2\x80\xA8") == "\\u200f\\u2028");
        CHECK(crt::terminal_safe("\xE2\x80\xA5") == "\xE2\x80\xA5"); // two-dot leader
    }
    SUBCASE("each byte that is not valid UTF-8") {
        CHECK(crt::terminal_safe("a\xff") == "a\\xff");
        CHECK(crt::terminal_safe("\xC3") == "\\xc3");                            // truncated
        CHECK(crt::terminal_safe("\xC3(") == "\\xc3(");                          // bad continuation
        CHECK(crt::terminal_safe("\xC0\xAF") == "\\xc0\\xaf");                   // overlong
        CHECK(crt::terminal_safe("\xED\xA0\x80") == "\\xed\\xa0\\x80");          // surrogate
        CHECK(crt::terminal_safe("\xF4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80"); // past U+10FFFF
    }
}

TEST_CASE("format::formula_safe") {
    for (const char* formula :
         {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")"}) {
        CAPTURE(formula);
        CHECK(crt::formula_safe(formula) == string("'") + formula);
    }
    CHECK(crt::formula_safe("") == "");
    CHECK(crt::formula_safe("a=1") == "a=1");
    CHECK(crt::formula_safe("'=1") == "'=1");
    CHECK(crt::formula_safe("2025-06-30") == "2025-06-30");
}

TEST_CASE("format::RowWriter formulas") {
    Table table{{"text", "n"}, {{string("=2+3"), -4LL}, {string("-x"), 1LL}}};
    auto write = [&](Format format, crt::Formulas formulas) {
        std::ostringstream out;
        crt::RowWriter writer(out, format, formulas);
        writer.columns(table.columns);
        for (const auto& row : table.rows) {
            writer.row(row);
        }
        writer.finish();
        return out.str();
    };
    SUBCASE("kept: the exact text, as exports need") {
        CHECK(write(Format::csv, crt::Formulas::kept) == "text,n\n=2+3,-4\n-x,1\n");
    }
    SUBCASE("neutralised: text gets an apostrophe, numbers do not") {
        CHECK(write(Format::csv, crt::Formulas::neutralised) == "text,n\n'=2+3,-4\n'-x,1\n");
        CHECK(write(Format::tsv, crt::Formulas::neutralised) == "text\tn\n'=2+3\t-4\n'-x\t1\n");
    }
    SUBCASE("json keeps the text: it is not for spreadsheets") {
        CHECK(write(Format::ndjson, crt::Formulas::neutralised) ==
              "{\"text\":\"=2+3\",\"n\":-4}\n{\"text\":\"-x\",\"n\":1}\n");
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
    SUBCASE("line breaks, tabs and escape sequences are shown escaped, one record per line") {
        Table table{{"note", "n"}, {{string("a\nb\r\nc\td"), 1LL}, {string("\x1b[2J"), 2LL}}};
        CHECK(table_text(table, Format::table) == "note          n\n"
                                                  "a\\nb\\r\\nc\\td  1\n"
                                                  "\\x1b[2J       2\n");
    }
    SUBCASE("a column name is escaped too") {
        Table table{{"a\x1b"}, {}};
        CHECK(table_text(table, Format::table) == "a\\x1b\n");
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
    SUBCASE("table: control characters in a value are shown escaped") {
        Table one{{"name"}, {{string("Oak\x1b]8;;http://x\x07land\nPD\xe2\x80\xae")}}};
        CHECK(record_text(one, Format::table) ==
              "name:  Oak\\x1b]8;;http://x\\x07land\\nPD\\u202e\n");
    }
    SUBCASE("md: a one-row table, escaped") {
        Table one{{"name"}, {{string("<b>x</b>")}}};
        CHECK(record_text(one, Format::md) == "| name |\n| --- |\n| &lt;b&gt;x&lt;/b&gt; |\n");
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
