#include "lib/base/view.h"

#include "lib/base/error.h"

#include <algorithm>

namespace crt {

std::vector<std::string> split_names(std::string_view list) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto comma = list.find(',', start);
        auto end = comma == std::string_view::npos ? list.size() : comma;
        names.emplace_back(list.substr(start, end - start));
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return names;
}

std::vector<SortKey> parse_sort(std::string_view list) {
    std::vector<SortKey> keys;
    for (auto& name : split_names(list)) {
        SortKey key;
        key.descending = !name.empty() && name.front() == '-';
        key.column = key.descending ? name.substr(1) : name;
        keys.push_back(std::move(key));
    }
    return keys;
}

namespace {

std::size_t index_of(const std::vector<std::string>& all, const std::string& name,
                     const char* option) {
    auto it = std::find(all.begin(), all.end(), name);
    if (it == all.end()) {
        std::string valid;
        for (const auto& column : all) {
            valid += (valid.empty() ? "" : ", ") + column;
        }
        fail(ErrorKind::usage, "{}: '{}' is not a column of this list (valid: {})", option, name,
             valid);
    }
    return static_cast<std::size_t>(it - all.begin());
}

} // namespace

std::vector<std::size_t> view_columns(const std::vector<std::string>& all, const View& view,
                                      const std::vector<std::string>& defaults) {
    const auto& names = !view.columns.empty() ? view.columns : defaults;
    std::vector<std::size_t> shown;
    if (names.empty()) {
        for (std::size_t i = 0; i < all.size(); ++i) {
            shown.push_back(i);
        }
    } else {
        for (const auto& name : names) {
            std::size_t index = index_of(all, name, "--columns");
            if (std::find(shown.begin(), shown.end(), index) != shown.end()) {
                fail(ErrorKind::usage, "--columns: '{}' is named twice", name);
            }
            shown.push_back(index);
        }
    }
    for (const auto& key : view.sort) {
        std::size_t index = index_of(all, key.column, "--sort");
        if (std::find(shown.begin(), shown.end(), index) == shown.end()) {
            fail(ErrorKind::usage, "--sort: '{}' is not shown (add it to --columns)", key.column);
        }
    }
    return shown;
}

bool cell_less(const Cell& a, const Cell& b) {
    auto rank = [](const Cell& cell) {
        if (std::holds_alternative<std::monostate>(cell)) {
            return 0;
        }
        return std::holds_alternative<std::string>(cell) ? 2 : 1;
    };
    auto number = [](const Cell& cell) -> double {
        if (const auto* integer = std::get_if<long long>(&cell)) {
            return static_cast<double>(*integer);
        }
        if (const auto* real = std::get_if<double>(&cell)) {
            return *real;
        }
        if (const auto* flag = std::get_if<bool>(&cell)) {
            return *flag ? 1 : 0;
        }
        return 0;
    };
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
        return ra < rb;
    }
    if (ra == 1) {
        const auto* ia = std::get_if<long long>(&a);
        const auto* ib = std::get_if<long long>(&b);
        if (ia != nullptr && ib != nullptr) {
            return *ia < *ib;
        }
        return number(a) < number(b);
    }
    if (ra == 2) {
        return std::get<std::string>(a) < std::get<std::string>(b);
    }
    return false;
}

void sort_rows(std::vector<Row>& rows, const std::vector<std::pair<std::size_t, bool>>& keys) {
    static const Cell none;
    auto at = [](const Row& row, std::size_t i) -> const Cell& {
        return i < row.size() ? row[i] : none;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        for (const auto& [column, descending] : keys) {
            const Cell& x = at(a, column);
            const Cell& y = at(b, column);
            if (cell_less(x, y)) {
                return !descending;
            }
            if (cell_less(y, x)) {
                return descending;
            }
        }
        return false;
    });
}

void apply_view(Table& table, const View& view, const std::vector<std::string>& defaults) {
    auto shown = view_columns(table.columns, view, defaults);
    std::vector<std::pair<std::size_t, bool>> keys;
    for (const auto& key : view.sort) {
        keys.emplace_back(static_cast<std::size_t>(
                              std::find(table.columns.begin(), table.columns.end(), key.column) -
                              table.columns.begin()),
                          key.descending);
    }
    sort_rows(table.rows, keys);
    if (view.limit != 0 && table.rows.size() > view.limit) {
        table.rows.resize(view.limit);
    }
    bool all = shown.size() == table.columns.size();
    for (std::size_t i = 0; all && i < shown.size(); ++i) {
        all = shown[i] == i;
    }
    if (all) {
        return;
    }
    std::vector<std::string> columns;
    for (auto i : shown) {
        columns.push_back(table.columns[i]);
    }
    for (auto& row : table.rows) {
        Row chosen;
        chosen.reserve(shown.size());
        for (auto i : shown) {
            chosen.push_back(i < row.size() ? std::move(row[i]) : Cell{});
        }
        row = std::move(chosen);
    }
    table.columns = std::move(columns);
}

} // namespace crt
