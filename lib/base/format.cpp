#include "lib/base/format.h"
#include "lib/base/view.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace crt {

namespace {

using Json = nlohmann::ordered_json;

Json cell_json(const Cell& cell) {
    return std::visit(
        [](const auto& value) -> Json {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return nullptr;
            } else {
                return value;
            }
        },
        cell);
}

Json row_json(const Table& table, const Row& row) {
    Json object = Json::object();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        object[table.columns[i]] = i < row.size() ? cell_json(row[i]) : Json(nullptr);
    }
    return object;
}

std::string dump(const Json& json, int indent) {
    return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// The length of the valid UTF-8 sequence that starts at `text[i]`, with its
// code point in `code`; 0 when the byte there starts none (a stray
// continuation byte, a truncated or overlong sequence, a surrogate).
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& code) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    char32_t least = 0;
    if (lead < 0x80) {
        code = lead;
        return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        code = lead & 0x1Fu;
        least = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        code = lead & 0x0Fu;
        least = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        code = lead & 0x07u;
        least = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        auto byte = static_cast<unsigned char>(text[i + k]);
        if ((byte & 0xC0) != 0x80) {
            return 0;
        }
        code = (code << 6) | (byte & 0x3Fu);
    }
    if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return 0;
    }
    return length;
}

// Code points a terminal acts on or that reorder or break the line around
// them: C0, DEL and C1 controls, the bidi marks, embeddings, overrides and
// isolates (which can make text read differently from what it holds), and
// the Unicode line and paragraph separators.
bool is_hidden_control(char32_t code) {
    return code < 0x20 || (code >= 0x7F && code <= 0x9F) || code == 0x061C || code == 0x200E ||
           code == 0x200F || (code >= 0x2028 && code <= 0x202E) ||
           (code >= 0x2066 && code <= 0x2069);
}

// Appends the character at `text[i]`, escaped when it is a hidden control or
// not valid UTF-8; returns the bytes it used.
std::size_t append_terminal_safe(std::string& out, std::string_view text, std::size_t i) {
    char32_t code = 0;
    std::size_t length = utf8_sequence(text, i, code);
    if (length == 0) {
        out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
        return 1;
    }
    if (!is_hidden_control(code)) {
        out.append(text.substr(i, length));
    } else if (code == '\n') {
        out += "\\n";
    } else if (code == '\t') {
        out += "\\t";
    } else if (code == '\r') {
        out += "\\r";
    } else if (code < 0x80) {
        out += fmt::format("\\x{:02x}", static_cast<unsigned>(code));
    } else {
        out += fmt::format("\\u{:04x}", static_cast<unsigned>(code));
    }
    return length;
}

// A Markdown list item starts with digits and `.` or `)` then a space; `1.1`
// does not, and is left alone.
std::size_t ordered_list_marker(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && digits < 10 && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    if (digits == 0 || digits > 9 || digits >= text.size() ||
        (text[digits] != '.' && text[digits] != ')')) {
        return std::string_view::npos;
    }
    if (digits + 1 < text.size() && text[digits + 1] != ' ' && text[digits + 1] != '\t') {
        return std::string_view::npos;
    }
    return digits;
}

bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool is_number(const Cell& cell) {
    return std::holds_alternative<long long>(cell) || std::holds_alternative<double>(cell);
}

// The first `width` characters of `text` when it is wider, its last one
// replaced by an ellipsis.
std::string shortened(const std::string& text, std::size_t width) {
    if (display_width(text) <= width) {
        return text;
    }
    std::size_t kept = 0;
    std::size_t end = 0;
    while (end < text.size()) {
        if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) {
            if (kept + 1 == width) {
                break;
            }
            ++kept;
        }
        ++end;
    }
    return text.substr(0, end) + "\u2026";
}

// Narrows the text columns, widest first, until a line fits `width`; a
// column keeps at least its header's width (and 4).
void fit_widths(std::vector<std::size_t>& widths, const std::vector<std::size_t>& least,
                const std::vector<bool>& text, std::size_t width) {
    auto total = [&] {
        std::size_t sum = widths.empty() ? 0 : 2 * (widths.size() - 1);
        for (auto w : widths) {
            sum += w;
        }
        return sum;
    };
    while (total() > width) {
        std::size_t widest = widths.size();
        for (std::size_t i = 0; i < widths.size(); ++i) {
            if (text[i] && widths[i] > least[i] &&
                (widest == widths.size() || widths[i] > widths[widest])) {
                widest = i;
            }
        }
        if (widest == widths.size()) {
            return; // nothing left to narrow: the line stays wider
        }
        --widths[widest];
    }
}

void write_aligned(std::ostream& out, const Table& table, std::size_t width) {
    std::vector<std::size_t> widths;
    for (const auto& column : table.columns) {
        widths.push_back(display_width(terminal_safe(column)));
    }
    std::vector<std::size_t> least = widths;
    std::vector<bool> text(table.columns.size(), false);
    std::vector<std::vector<std::string>> texts;
    for (const auto& row : table.rows) {
        auto& line = texts.emplace_back();
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            line.push_back(i < row.size() ? terminal_safe(cell_text(row[i])) : std::string());
            widths[i] = std::max(widths[i], display_width(line.back()));
            text[i] = text[i] || (i < row.size() && std::holds_alternative<std::string>(row[i]));
        }
    }
    if (width > 0) {
        // Long text gives way first; short cells (dates, codes) are cut
        // only when the long ones are down to 12 characters.
        std::vector<std::size_t> roomy = least;
        for (std::size_t i = 0; i < least.size(); ++i) {
            least[i] = std::max<std::size_t>(least[i], 4);
            roomy[i] = std::max(least[i], std::min<std::size_t>(widths[i], 12));
        }
        fit_widths(widths, roomy, text, width);
        fit_widths(widths, least, text, width);
        for (auto& line : texts) {
            for (std::size_t i = 0; i < line.size(); ++i) {
                line[i] = shortened(line[i], widths[i]);
            }
        }
    }
    auto emit = [&](const std::vector<std::string>& cells, const Row* row) {
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            bool last = i + 1 == cells.size();
            std::size_t pad = widths[i] - display_width(cells[i]);
            bool right = row != nullptr && i < row->size() && is_number((*row)[i]);
            if (right) {
                line.append(pad, ' ');
            }
            line += cells[i];
            if (!right && !last) {
                line.append(pad, ' ');
            }
            if (!last) {
                line += "  ";
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << '\n';
    };
    std::vector<std::string> header;
    for (const auto& column : table.columns) {
        header.push_back(terminal_safe(column));
    }
    emit(header, nullptr);
    for (std::size_t r = 0; r < texts.size(); ++r) {
        emit(texts[r], &table.rows[r]);
    }
}

// One line of csv or tsv: the only place either is encoded.
void write_delimited_line(std::ostream& out, Format format,
                          const std::vector<std::string>& fields) {
    char separator = format == Format::csv ? ',' : '\t';
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out << separator;
        }
        out << (format == Format::csv ? csv_field(fields[i]) : tsv_field(fields[i]));
    }
    out << '\n';
}

// Numbers and flags are written by crt and hold no markup; text is escaped.
std::string md_cell(const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) {
        return md_field(*text);
    }
    return cell_text(cell);
}

void write_markdown(std::ostream& out, const Table& table) {
    auto emit = [&](auto get) {
        out << '|';
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            out << ' ' << get(i) << " |";
        }
        out << '\n';
    };
    emit([&](std::size_t i) { return md_field(table.columns[i]); });
    out << '|';
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        bool numeric = false;
        for (const auto& row : table.rows) {
            if (i < row.size() && !std::holds_alternative<std::monostate>(row[i])) {
                numeric = is_number(row[i]);
                break;
            }
        }
        out << (numeric ? " ---: |" : " --- |");
    }
    out << '\n';
    for (const auto& row : table.rows) {
        emit([&](std::size_t i) { return i < row.size() ? md_cell(row[i]) : std::string(); });
    }
}

} // namespace

std::optional<Format> parse_format(std::string_view name) {
    for (std::size_t i = 0; i < k_format_names.size(); ++i) {
        if (k_format_names[i] == name) {
            return static_cast<Format>(i);
        }
    }
    return std::nullopt;
}

std::string_view format_name(Format format) {
    return k_format_names.at(static_cast<std::size_t>(format));
}

std::string cell_text(const Cell& cell) {
    return std::visit(
        [](const auto& value) -> std::string {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return {};
            } else if constexpr (std::is_same_v<T, bool>) {
                return value ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::string>) {
                return value;
            } else {
                return fmt::format("{}", value);
            }
        },
        cell);
}

Cell text_or_null(const std::string& text) {
    if (text.empty()) {
        return std::monostate{};
    }
    return text;
}

Cell number_or_null(const std::optional<double>& value) {
    if (value) {
        return *value;
    }
    return std::monostate{};
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string tsv_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
    return out;
}

std::string md_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    // Text at the start of a line could open a heading, quote or list.
    std::size_t marker = ordered_list_marker(text);
    if (!text.empty() && (text[0] == '#' || text[0] == '-' || text[0] == '+')) {
        out += '\\';
    }
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            out += ' ';
            i += 2;
            continue;
        }
        switch (c) {
        case '\r':
        case '\n':
        case '\t': out += ' '; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '\\':
        case '|':
        case '`':
        case '*':
        case '[':
        case ']':
        case '~':
            out += '\\';
            out += c;
            break;
        case '_':
            // Inside a word (snake_case) `_` cannot start emphasis.
            if (i == 0 || i + 1 == text.size() || !is_ascii_alnum(text[i - 1]) ||
                !is_ascii_alnum(text[i + 1])) {
                out += '\\';
            }
            out += c;
            break;
        default:
            if (i == marker) {
                out += '\\';
            }
            i += append_terminal_safe(out, text, i);
            continue;
        }
        ++i;
    }
    return out;
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        i += append_terminal_safe(out, text, i);
    }
    return out;
}

std::string formula_safe(std::string_view text) {
    if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) {
        std::string out(1, '\'');
        out += text;
        return out;
    }
    return std::string(text);
}

void write_table(std::ostream& out, const Table& table, Format format, std::size_t width) {
    switch (format) {
    case Format::table: write_aligned(out, table, width); break;
    case Format::md: write_markdown(out, table); break;
    case Format::csv:
    case Format::tsv:
    case Format::json:
    case Format::ndjson: {
        RowWriter writer(out, format);
        writer.columns(table.columns);
        for (const auto& row : table.rows) {
            writer.row(row);
        }
        writer.finish();
        break;
    }
    }
}

void write_record(std::ostream& out, const Table& table, Format format) {
    if (table.rows.size() != 1) {
        write_table(out, table, format);
        return;
    }
    const Row& row = table.rows.front();
    if (format == Format::json) {
        out << dump(row_json(table, row), 2) << '\n';
        return;
    }
    if (format != Format::table) {
        write_table(out, table, format);
        return;
    }
    std::size_t width = 0;
    for (const auto& column : table.columns) {
        width = std::max(width, column.size());
    }
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        std::string value = i < row.size() ? terminal_safe(cell_text(row[i])) : std::string();
        std::string line =
            fmt::format("{:<{}}  {}", terminal_safe(table.columns[i]) + ":", width + 1, value);
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << '\n';
    }
}

} // namespace crt

namespace crt {

void write_record_with_sections(std::ostream& out, const Table& record,
                                const std::vector<Section>& sections, Format format) {
    if (record.rows.size() != 1) {
        write_table(out, record, format);
        return;
    }
    switch (format) {
    case Format::csv:
    case Format::tsv: write_table(out, record, format); return;
    case Format::json:
    case Format::ndjson: {
        Json object = row_json(record, record.rows.front());
        for (const auto& section : sections) {
            Json array = Json::array();
            for (const auto& row : section.table.rows) {
                array.push_back(row_json(section.table, row));
            }
            object[section.name] = array;
        }
        out << dump(object, format == Format::json ? 2 : -1) << '\n';
        return;
    }
    case Format::table:
        write_record(out, record, format);
        for (const auto& section : sections) {
            out << '\n' << terminal_safe(section.name) << ":\n";
            if (section.table.rows.empty()) {
                out << "  (none)\n";
            } else {
                write_aligned(out, section.table, 0);
            }
        }
        return;
    case Format::md:
        out << "| field | value |\n| --- | --- |\n";
        for (std::size_t i = 0; i < record.columns.size(); ++i) {
            out << "| " << md_field(record.columns[i]) << " | " << md_cell(record.rows.front()[i])
                << " |\n";
        }
        for (const auto& section : sections) {
            out << "\n## " << md_field(section.name) << "\n\n";
            if (section.table.rows.empty()) {
                out << "(none)\n";
            } else {
                write_markdown(out, section.table);
            }
        }
        return;
    }
}

} // namespace crt

namespace crt {

void write_json_document(std::ostream& out, const std::vector<Section>& lists,
                         const Section& totals) {
    Json object = Json::object();
    for (const auto& list : lists) {
        Json array = Json::array();
        for (const auto& row : list.table.rows) {
            array.push_back(row_json(list.table, row));
        }
        object[list.name] = array;
    }
    object[totals.name] =
        totals.table.rows.empty() ? Json::object() : row_json(totals.table, totals.table.rows[0]);
    out << dump(object, 2) << '\n';
}

void RowWriter::shape(const View& view, std::vector<std::string> defaults) {
    view_ = &view;
    defaults_ = std::move(defaults);
}

void RowWriter::columns(const std::vector<std::string>& columns) {
    table_.columns = columns;
    if (view_ != nullptr) {
        shown_ = view_columns(columns, *view_, defaults_);
        table_.columns.clear();
        for (auto i : shown_) {
            table_.columns.push_back(columns[i]);
        }
        for (const auto& key : view_->sort) {
            auto at = std::find(table_.columns.begin(), table_.columns.end(), key.column);
            sort_.emplace_back(static_cast<std::size_t>(at - table_.columns.begin()),
                               key.descending);
        }
    }
    if (format_ == Format::csv || format_ == Format::tsv) {
        write_delimited_line(out_, format_, table_.columns);
    }
}

void RowWriter::row(const Row& row) {
    if (view_ == nullptr) {
        write(row);
        return;
    }
    if (sort_.empty() && view_->limit != 0 && taken_ >= view_->limit) {
        return;
    }
    ++taken_;
    Row chosen;
    chosen.reserve(shown_.size());
    for (auto i : shown_) {
        chosen.push_back(i < row.size() ? row[i] : Cell{});
    }
    if (sort_.empty()) {
        write(chosen);
    } else {
        held_.push_back(std::move(chosen));
    }
}

void RowWriter::write(const Row& row) {
    switch (format_) {
    case Format::csv:
    case Format::tsv: {
        std::vector<std::string> fields;
        fields.reserve(table_.columns.size());
        for (std::size_t i = 0; i < table_.columns.size(); ++i) {
            std::string text = i < row.size() ? cell_text(row[i]) : std::string();
            bool guard = formulas_ == Formulas::neutralised && i < row.size() &&
                         std::holds_alternative<std::string>(row[i]);
            fields.push_back(guard ? formula_safe(text) : std::move(text));
        }
        write_delimited_line(out_, format_, fields);
        break;
    }
    case Format::ndjson: out_ << dump(row_json(table_, row), -1) << '\n'; break;
    case Format::json: {
        // The layout of an indented array: each object indented by two more.
        std::string object = dump(row_json(table_, row), 2);
        out_ << (rows_ == 0 ? "[\n  " : ",\n  ");
        for (char c : object) {
            out_ << c;
            if (c == '\n') {
                out_ << "  ";
            }
        }
        break;
    }
    case Format::table:
    case Format::md: table_.rows.push_back(row); break;
    }
    ++rows_;
}

void RowWriter::finish() {
    if (!held_.empty()) {
        sort_rows(held_, sort_);
        if (view_->limit != 0 && held_.size() > view_->limit) {
            held_.resize(view_->limit);
        }
        for (const auto& row : held_) {
            write(row);
        }
        held_.clear();
    }
    if (format_ == Format::json) {
        out_ << (rows_ == 0 ? "[]\n" : "\n]\n");
    } else if (format_ == Format::table || format_ == Format::md) {
        write_table(out_, table_, format_, width_);
    }
}

} // namespace crt
