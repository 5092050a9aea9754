#include "lib/base/error.h"
#include "lib/base/view.h"

#include <doctest/doctest.h>

#include <functional>
#include <sstream>

using namespace crt;

namespace {

Table sample() {
    return {{"id", "name", "hours"},
            {{Cell{3LL}, Cell{std::string("b")}, Cell{1.5}},
             {Cell{1LL}, Cell{std::string("a")}, Cell{}},
             {Cell{2LL}, Cell{std::string("b")}, Cell{0.25}}}};
}

int usage_error(const std::function<void()>& run) {
    try {
        run();
    } catch (const Error& e) {
        return e.exit_code();
    }
    return 0;
}

} // namespace

TEST_CASE("a view chooses columns, sorts stably and limits") {
    Table table = sample();
    View view;
    view.columns = {"name", "id"};
    view.sort = parse_sort("name,-id");
    view.limit = 2;
    apply_view(table, view);
    REQUIRE(table.columns == std::vector<std::string>{"name", "id"});
    REQUIRE(table.rows.size() == 2);
    CHECK(std::get<std::string>(table.rows[0][0]) == "a");
    CHECK(std::get<long long>(table.rows[1][1]) == 3);
}

TEST_CASE("empty cells sort first, numbers by value") {
    Table table = sample();
    View view;
    view.sort = parse_sort("hours");
    apply_view(table, view);
    CHECK(std::get<long long>(table.rows[0][0]) == 1);
    CHECK(std::get<long long>(table.rows[1][0]) == 2);
    CHECK(std::get<long long>(table.rows[2][0]) == 3);
    CHECK(cell_less(Cell{2LL}, Cell{10LL}));
    CHECK(cell_less(Cell{}, Cell{0LL}));
    CHECK(cell_less(Cell{9.5}, Cell{std::string("0")}));
}

TEST_CASE("a view refuses unknown, repeated and hidden columns") {
    View unknown;
    unknown.columns = {"nope"};
    CHECK(usage_error([&] { view_columns(sample().columns, unknown); }) == 2);
    View twice;
    twice.columns = {"id", "id"};
    CHECK(usage_error([&] { view_columns(sample().columns, twice); }) == 2);
    View hidden;
    hidden.columns = {"id"};
    hidden.sort = parse_sort("name");
    CHECK(usage_error([&] { view_columns(sample().columns, hidden); }) == 2);
    View defaults;
    CHECK(view_columns(sample().columns, defaults, {"hours"}) == std::vector<std::size_t>{2});
}

TEST_CASE("a row writer shapes streamed rows the same as a table") {
    View view;
    view.columns = {"id", "name"};
    view.limit = 2;
    std::ostringstream streamed;
    RowWriter writer(streamed, Format::csv);
    writer.shape(view);
    Table table = sample();
    writer.columns(table.columns);
    for (const auto& row : table.rows) {
        writer.row(row);
    }
    writer.finish();
    CHECK(streamed.str() == "id,name\n3,b\n1,a\n");
    view.sort = parse_sort("-id");
    std::ostringstream sorted;
    RowWriter again(sorted, Format::csv);
    again.shape(view);
    again.columns(table.columns);
    for (const auto& row : table.rows) {
        again.row(row);
    }
    again.finish();
    CHECK(sorted.str() == "id,name\n3,b\n2,b\n");
}

TEST_CASE("the table format fits a width by shortening long text") {
    Table table{{"id", "title"},
                {{Cell{1LL}, Cell{std::string("A very long title that does not fit")}}}};
    std::ostringstream out;
    write_table(out, table, Format::table, 20);
    CHECK(out.str() == "id  title\n 1  A very long tit\u2026\n");
    std::ostringstream wide;
    write_table(wide, table, Format::table, 0);
    CHECK(wide.str().find("does not fit") != std::string::npos);
}
