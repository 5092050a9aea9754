// What a user asks to see of a list: which columns in which order
// (--columns), the order of its rows (--sort) and how many (--limit).
// Every list and report goes through the same view, so the options behave
// the same everywhere.
#pragma once

#include "lib/base/format.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace crt {

struct SortKey {
    std::string column;
    bool descending = false;
};

struct View {
    std::vector<std::string> columns; // empty: the list's default columns
    std::vector<SortKey> sort;        // empty: the list's own order
    std::size_t limit = 0;            // 0: every row
    bool shapes() const { return !columns.empty() || !sort.empty() || limit != 0; }
};

// Splits "a,b,c" (as --columns and --sort give it) into names; a leading
// '-' in a --sort name makes that key descending.
std::vector<std::string> split_names(std::string_view list);
std::vector<SortKey> parse_sort(std::string_view list);

// The columns `view` shows of a list with columns `all`, as indexes into
// `all`: its --columns in their order, else `defaults` when given, else
// every column. A name not in `all` is a usage error naming it and the
// valid names; so is a sort key on a column that is not shown.
std::vector<std::size_t> view_columns(const std::vector<std::string>& all, const View& view,
                                      const std::vector<std::string>& defaults = {});

// Orders two cells for --sort: empty first, then numbers by value, then
// text by its bytes (flags as 0 and 1).
bool cell_less(const Cell& a, const Cell& b);

// Sorts `rows` (stable, by `keys`, whose columns are indexes into each row).
void sort_rows(std::vector<Row>& rows, const std::vector<std::pair<std::size_t, bool>>& keys);

// Applies `view` to `table` in place: columns, then sort, then limit.
void apply_view(Table& table, const View& view, const std::vector<std::string>& defaults = {});

} // namespace crt
