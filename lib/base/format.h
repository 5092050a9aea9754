// Every list and report is built as a Table and written by this module, so
// the output formats of crt(1) are implemented once.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace crt {

enum class Format { table, csv, tsv, md, json, ndjson };
// The names of the formats, in the order of `Format`.
inline constexpr std::array<std::string_view, 6> k_format_names = {"table", "csv",  "tsv",
                                                                   "md",    "json", "ndjson"};

std::optional<Format> parse_format(std::string_view name);
std::string_view format_name(Format format);

// A cell is empty (null), an integer, a decimal, text or a flag. JSON keeps
// the type; the text formats print null as an empty field.
using Cell = std::variant<std::monostate, long long, double, std::string, bool>;
using Row = std::vector<Cell>;

struct Table {
    std::vector<std::string> columns;
    std::vector<Row> rows;
};

// Writes a list: every row under one header (an array in JSON). With a
// `width`, the table format fits its lines to that many columns by
// shortening the longest text cells (an ellipsis marks each cut); the other
// formats are never cut.
void write_table(std::ostream& out, const Table& table, Format format, std::size_t width = 0);

// Writes one record: `column: value` lines for people, one object in JSON,
// otherwise a one-row table. `table.rows` must hold exactly one row.
void write_record(std::ostream& out, const Table& table, Format format);

// Field encoders, exposed for the importers and the tests.
std::string csv_field(std::string_view text);
std::string tsv_field(std::string_view text);
// Markdown text that renders as the text itself: HTML (`<`, `>`, `&`) as
// entities, Markdown punctuation backslash-escaped, line breaks and tabs as
// spaces, control characters as in terminal_safe; data can add no tag, link,
// emphasis or table cell.
std::string md_field(std::string_view text);
std::string cell_text(const Cell& cell);

// Text that is safe to show on a terminal and stays on one line: control
// characters (C0 with tab and line breaks, DEL, C1), the Unicode bidi
// controls and line separators are shown escaped (`\n`, `\t`, `\x1b`,
// `\u202e`), and each byte that is not valid UTF-8 as `\xff`. Everything
// else, backslashes included, is kept.
std::string terminal_safe(std::string_view text);

// A spreadsheet cell that cannot run as a formula: text starting with `=`,
// `+`, `-`, `@`, a tab or a CR gets a leading apostrophe. For reports meant
// to be opened in spreadsheets; exports stay exact.
std::string formula_safe(std::string_view text);

// Builds a cell from an optional text: empty text stays null.
Cell text_or_null(const std::string& text);
// A number, or null when there is none (an empty median or percentage).
Cell number_or_null(const std::optional<double>& value);

} // namespace crt

namespace crt {

// A record followed by related lists (a request's assignments and milestones).
// table and md print the record, then each list under its name; json and
// ndjson print one object with each list as an array member; csv and tsv print
// the record alone, as a one-row table.
struct Section {
    std::string name;
    Table table;
};
void write_record_with_sections(std::ostream& out, const Table& record,
                                const std::vector<Section>& sections, Format format);

// One indented JSON object: each list as an array member, then `totals` (a
// one-row table) as an object member. crt check's JSON document.
void write_json_document(std::ostream& out, const std::vector<Section>& lists,
                         const Section& totals);

} // namespace crt

namespace crt {

// Writes a list row by row, so memory stays flat however many rows there
// are: csv, tsv, json and ndjson as they come (the same bytes write_table
// gives); table and md must see every row first and are buffered.
// What csv and tsv do with text a spreadsheet would run as a formula: keep
// it exactly (exports, which import reads back), or write it formula_safe.
enum class Formulas { kept, neutralised };

struct View;

class RowWriter {
  public:
    RowWriter(std::ostream& out, Format format, Formulas formulas = Formulas::kept)
        : out_(out), format_(format), formulas_(formulas) {}
    RowWriter(const RowWriter&) = delete;
    RowWriter& operator=(const RowWriter&) = delete;
    // Shows the list through `view` (lib/base/view.h; it must outlive the
    // writer): chosen columns, then `defaults` when it names none. A sort
    // makes every format buffer its rows; a limit alone still streams.
    void shape(const View& view, std::vector<std::string> defaults = {});
    // The width the table format fits (see write_table).
    void fit(std::size_t width) { width_ = width; }
    void columns(const std::vector<std::string>& columns);
    void row(const Row& row);
    // Ends the list (the closing bracket of json, the buffered formats).
    void finish();

  private:
    void write(const Row& row);

    std::ostream& out_;
    Format format_;
    Formulas formulas_;
    Table table_;
    std::size_t rows_ = 0;
    const View* view_ = nullptr;
    std::vector<std::string> defaults_;
    std::vector<std::size_t> shown_; // indexes of the shown columns, when shaped
    std::vector<std::pair<std::size_t, bool>> sort_;
    std::vector<Row> held_; // rows waiting for the sort
    std::size_t taken_ = 0; // rows accepted, for the limit
    std::size_t width_ = 0;
};

} // namespace crt
