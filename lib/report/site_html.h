// The HTML of the published site (crt publish): a text builder with
// escaping, the words shown for the codes the data holds, the frame every
// page shares, tables and the stylesheet. Text only: lib/report/publish
// decides where it goes.
#pragma once

#include <charconv>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crt::site {

// Text as HTML, fit for character data and for a quoted attribute value:
// & < > " ' as character references; control characters (but tab and line
// feed) and bytes that are not UTF-8 as U+FFFD. Data can add no markup.
std::string escape(std::string_view text);
void escape_into(std::string& out, std::string_view text);

// What `<<` writes escaped, a day that is never broken at its hyphens, a
// percentage ("66.7%", or "n/a" when there is nothing to count), and code.
struct Escaped {
    std::string_view text;
};
inline Escaped escaped(std::string_view text) {
    return {text};
}
struct Day {
    std::string_view date;
};
struct Percent {
    std::optional<double> value;
};
// A percentage as the open data writes it: 66.7, 25, or nothing.
struct Decimal {
    std::optional<double> value;
};
struct Code {
    std::string_view text;
};

// One file's text, built by appending: a page of the site is written whole.
// Cheaper than a stream, which pays for a sentry and a locale on every <<.
class Html {
  public:
    Html& operator<<(std::string_view text) {
        text_.append(text);
        return *this;
    }
    Html& operator<<(char c) {
        text_.push_back(c);
        return *this;
    }
    template <std::integral T>
    requires(!std::same_as<T, char> && !std::same_as<T, bool>) Html& operator<<(T number) {
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
        for (const char* digit = digits; digit != end; ++digit) {
            text_.push_back(*digit);
        }
        return *this;
    }
    Html& operator<<(Escaped text) {
        escape_into(text_, text.text);
        return *this;
    }
    Html& operator<<(Day day);
    Html& operator<<(Percent percent);
    Html& operator<<(Decimal decimal);
    Html& operator<<(Code code) { return *this << "<code>" << escaped(code.text) << "</code>"; }
    const std::string& str() const { return text_; }
    void clear() { text_.clear(); }

  private:
    std::string text_;
};

// What a person reads for a code ("in-progress" is "In progress"); an
// unknown code is shown as it is.
std::string_view request_status_label(std::string_view status);
std::string_view milestone_status_label(std::string_view status);
std::string_view level_label(std::string_view level);
std::string_view blocker_label(std::string_view blocker);
// "66.7%", or "n/a" when there is nothing to count.
std::string percent_label(const std::optional<double>& percent);

// The start of every page, through the opening of <main>: `root` is the
// way from the page to the site's top ("" or "../"), `title` plain text,
// `current` the navigation entry the page is ("index.html", ...; may be empty).
void page_start(Html& out, std::string_view title, std::string_view root, std::string_view current);
// The end of every page: the footer with the as-of day.
void page_end(Html& out, std::string_view root, std::string_view as_of);

// A table under a caption (HTML). Each column may have a class: "num"
// (aligned right) or "date" (never broken across lines); `table_class`
// "numbers" aligns every cell but the first right.
struct TableHead {
    std::string id; // unique in its page: names the scrolling region
    std::string caption;
    std::vector<std::string> columns;
    std::vector<std::string> classes;
    std::string table_class;
};
void table_start(Html& out, const TableHead& head);
void table_end(Html& out);

// One row: each << is the next cell (the first heads the row); the row is
// closed at the end of the statement that made it. Cells have no end tags,
// which HTML does not need: the rows of a long table are a third shorter.
class TableRow {
  public:
    TableRow(Html& out, const TableHead& head) : out_(out), head_(head) { out_ << "<tr>"; }
    TableRow(const TableRow&) = delete;
    TableRow& operator=(const TableRow&) = delete;
    ~TableRow() { out_ << "</tr>\n"; }
    template <typename Content> TableRow& operator<<(const Content& content) {
        // A cell ends where the next begins (HTML needs no end tag there).
        open();
        out_ << content;
        ++cell_;
        return *this;
    }

  private:
    void open();

    Html& out_;
    const TableHead& head_;
    std::size_t cell_ = 0;
};

// The site's one stylesheet (style.css), print rules included.
extern const char* const k_stylesheet;

} // namespace crt::site
