// The HTML of the published site (crt publish): escaping, the words shown
// for the codes the data holds, the frame every page shares, tables and the
// stylesheet. Text only: lib/report/publish decides where it goes.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace crt::site {

// Text as HTML, fit for character data and for a quoted attribute value:
// & < > " ' as character references; control characters (but tab and line
// feed) and bytes that are not UTF-8 as U+FFFD. Data can add no markup.
std::string escape(std::string_view text);

// What a person reads for a code ("in-progress" is "In progress"); an
// unknown code is shown as it is.
std::string request_status_label(std::string_view status);
std::string milestone_status_label(std::string_view status);
std::string level_label(std::string_view level);
std::string blocker_label(std::string_view blocker);
// A day in running text, never broken at its hyphens.
std::string date_text(std::string_view date);
// "66.7%", or "n/a" when there is nothing to count.
std::string percent_label(const std::optional<double>& percent);

// The start of every page, through the opening of <main>: `root` is the
// way from the page to the site's top ("" or "../"), `title` plain text,
// `current` the navigation entry the page is ("index.html", ...; may be empty).
void page_start(std::ostream& out, const std::string& title, const std::string& root,
                const std::string& current);
// The end of every page: the footer with the as-of day.
void page_end(std::ostream& out, const std::string& root, const std::string& as_of);

// A table under a caption. Cells are HTML already; the first cell of a row
// heads it. Each column may have a class: "num" (aligned right) or "date"
// (never broken across lines).
struct TableHead {
    std::string id; // unique in its page: names the scrolling region
    std::string caption;
    std::vector<std::string> columns;
    std::vector<std::string> classes;
};
void table_start(std::ostream& out, const TableHead& head);
void table_row(std::ostream& out, const TableHead& head, const std::vector<std::string>& cells);
void table_end(std::ostream& out);

// The site's one stylesheet (style.css), print rules included.
extern const char* const k_stylesheet;

} // namespace crt::site
