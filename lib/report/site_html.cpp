#include "lib/report/site_html.h"

#include <array>
#include <utility>

namespace crt::site {

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD"; // U+FFFD

// The length of the UTF-8 sequence at `text[i]` when it is a valid one (no
// overlong forms or surrogates), else 0.
std::size_t sequence_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 0;
    if ((lead >> 3) == 0x1E && lead <= 0xF4) {
        length = 4;
    }
    if (length == 0 || lead == 0xC0 || lead == 0xC1 || i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
    }
    unsigned char second = length > 1 ? byte(i + 1) : 0;
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90)) {
        return 0;
    }
    return length;
}

std::string_view
label_of(std::string_view code,
         std::initializer_list<std::pair<std::string_view, std::string_view>> labels) {
    for (const auto& [name, label] : labels) {
        if (name == code) {
            return label;
        }
    }
    return code;
}

struct NavEntry {
    const char* file;
    const char* label;
};
constexpr std::array<NavEntry, 3> k_nav = {{{"index.html", "Overview"},
                                            {"engagements.html", "All engagements"},
                                            {"data-dictionary.html", "Open data"}}};

} // namespace

void escape_into(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F) {
            // Plain ASCII, the common case, a run at a time.
            std::size_t run = i;
            while (run < text.size() && static_cast<unsigned char>(text[run]) >= 0x20 &&
                   static_cast<unsigned char>(text[run]) < 0x7F && text[run] != '&' &&
                   text[run] != '<' && text[run] != '>' && text[run] != '"' && text[run] != '\'') {
                ++run;
            }
            if (run > i) {
                out.append(text.substr(i, run - i));
                i = run;
                continue;
            }
        }
        std::size_t length = sequence_length(text, i);
        bool c1 = length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
        if (length == 0 || c1 || c == 0x7F || (c < 0x20 && c != '\t' && c != '\n')) {
            out += k_replacement;
            i += length == 0 ? 1 : length;
            continue;
        }
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.append(text.substr(i, length));
        }
        i += length;
    }
}

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    escape_into(out, text);
    return out;
}

Html& Html::operator<<(Day day) {
    return *this << "<span class=\"date\">" << escaped(day.date) << "</span>";
}

Html& Html::operator<<(Decimal decimal) {
    if (!decimal.value) {
        return *this;
    }
    // Percentages are in tenths (lib/report percent): 66.7, 25 or 100.
    auto tenths = static_cast<long long>(*decimal.value * 10 + (*decimal.value < 0 ? -0.5 : 0.5));
    *this << tenths / 10;
    if (tenths % 10 != 0) {
        *this << '.' << (tenths < 0 ? -tenths : tenths) % 10;
    }
    return *this;
}

Html& Html::operator<<(Percent percent) {
    if (!percent.value) {
        return *this << "n/a";
    }
    return *this << Decimal{percent.value} << '%';
}

std::string_view request_status_label(std::string_view status) {
    return label_of(status, {{"received", "Received"},
                             {"accepted", "Accepted"},
                             {"active", "Active"},
                             {"completed", "Completed"},
                             {"declined", "Declined"},
                             {"withdrawn", "Withdrawn"}});
}

std::string_view milestone_status_label(std::string_view status) {
    return label_of(status, {{"planned", "Planned"},
                             {"in-progress", "In progress"},
                             {"partial", "Partial"},
                             {"done", "Done"},
                             {"cancelled", "Cancelled"},
                             {"not-assessable", "Not assessable"}});
}

std::string_view level_label(std::string_view level) {
    return label_of(level, {{"tac", "Technical assistance"},
                            {"critical", "Critical response"},
                            {"assessment", "Organizational assessment"}});
}

std::string_view blocker_label(std::string_view blocker) {
    return label_of(blocker, {{"union", "Union negotiation"},
                              {"council", "City or county council"},
                              {"oversight", "Oversight body"},
                              {"budget", "Budget"},
                              {"legislation", "Legislation"},
                              {"other", "Other"}});
}

std::string percent_label(const std::optional<double>& percent) {
    Html text;
    text << Percent{percent};
    return text.str();
}

void page_start(Html& out, std::string_view title, std::string_view root,
                std::string_view current) {
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << escaped(title) << " | CRI public status</title>\n"
        << "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"" << root
        << "style.css\">\n</head>\n<body>\n<header>\n"
           "<a class=\"skip\" href=\"#main\">Skip to the content</a>\n"
        << "<p class=\"site\"><a href=\"" << root
        << "index.html\">Collaborative Reform Initiative: public status</a></p>\n"
           "<nav aria-label=\"Site\">\n<ul>\n";
    for (const auto& entry : k_nav) {
        out << "<li><a href=\"" << root << entry.file << "\""
            << (current == entry.file ? " aria-current=\"page\"" : "") << ">" << entry.label
            << "</a></li>\n";
    }
    out << "</ul>\n</nav>\n</header>\n<main id=\"main\">\n";
}

void page_end(Html& out, std::string_view root, std::string_view as_of) {
    out << "</main>\n<footer>\n<p>Every figure on this site is as it stood at the end of "
        << Day{as_of}
        << ", rebuilt from the program's records. The site holds only the fields of the "
           "public report: no contact details, email addresses, phone numbers, notes, "
           "descriptions, hours or names of experts.</p>\n"
        << "<p><a href=\"" << root
        << "data-dictionary.html\">The open data behind these pages</a></p>\n"
           "</footer>\n</body>\n</html>\n";
}

namespace {

void class_attribute(Html& out, const TableHead& head, std::size_t column) {
    if (column < head.classes.size() && !head.classes[column].empty()) {
        out << " class=\"" << head.classes[column] << '"';
    }
}

} // namespace

void table_start(Html& out, const TableHead& head) {
    out << "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"" << head.id
        << "\">\n<table";
    if (!head.table_class.empty()) {
        out << " class=\"" << head.table_class << '"';
    }
    out << ">\n<caption id=\"" << head.id << "\">" << head.caption << "</caption>\n<thead>\n<tr>";
    for (std::size_t i = 0; i < head.columns.size(); ++i) {
        out << "<th scope=\"col\"";
        class_attribute(out, head, i);
        out << ">" << head.columns[i] << "</th>";
    }
    out << "</tr>\n</thead>\n<tbody>\n";
}

void TableRow::open() {
    out_ << (cell_ == 0 ? "<th scope=\"row\"" : "<td");
    class_attribute(out_, head_, cell_);
    out_ << '>';
}

void table_end(Html& out) {
    out << "</tbody>\n</table>\n</div>\n";
}

const char* const k_stylesheet = R"css(/* crt publish: one stylesheet, no web fonts, no scripts. */
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 100%; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
body { margin: 0 auto; max-width: 68rem; padding: 0 1rem 2rem; }
a { color: #0a4b8f; text-decoration: underline; }
a:visited { color: #5a2d82; }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; top: 0; }
.skip:focus { position: static; display: inline-block; padding: 0.5rem; background: #ffffff; }
header { border-bottom: 2px solid #1a1a1a; padding: 1rem 0 0.5rem; }
header .site { margin: 0; font-weight: 700; font-size: 1.1rem; }
header .site a { color: #1a1a1a; text-decoration: none; }
nav ul { list-style: none; margin: 0.5rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
nav a[aria-current="page"] { font-weight: 700; text-decoration: none; border-bottom: 3px solid #0a4b8f; }
main { padding-top: 0.5rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1rem 0; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.75rem; }
p, li, dd { max-width: 46rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 1rem 0; }
dl.facts dt { font-weight: 700; }
dl.facts dd { margin: 0; }
.scroll { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; min-width: 100%; font-size: 0.95rem; }
/* The caption stays in view, and wraps there, while a wide table scrolls. */
caption { text-align: left; font-weight: 700; padding: 0.25rem 0 0.5rem; position: sticky; left: 0;
  max-width: calc(100vw - 2rem); }
th, td { border: 1px solid #8a8a8a; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #eef1f5; }
tbody th { font-weight: 600; }
.num, table.numbers td, table.numbers thead th + th { text-align: right; font-variant-numeric: tabular-nums; }
.date, table.numbers tbody th { white-space: nowrap; }
figure.chart { margin: 1rem 0; }
svg.chart { display: block; width: 100%; max-width: 44rem; height: auto; }
svg.chart text { fill: #1a1a1a; font-size: 13px; }
figcaption { margin-top: 0.5rem; }
ul.legend { list-style: none; padding: 0; margin: 0.25rem 0 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
ul.legend li { display: flex; align-items: center; gap: 0.4rem; }
svg.swatch { flex: none; width: 28px; height: 18px; }
svg.swatch rect { stroke: #1a1a1a; stroke-width: 2px; }
.note { color: #333333; }
footer { border-top: 1px solid #8a8a8a; margin-top: 3rem; padding-top: 0.5rem; font-size: 0.9rem; }
@media print {
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  nav, .skip { display: none; }
  a { color: #000000; }
  .scroll { overflow: visible; }
  table { min-width: 0; width: 100%; }
  thead { display: table-header-group; }
  tr, figure, dl.facts { break-inside: avoid; }
  h2 { break-after: avoid; }
  svg.chart { max-width: 100%; }
}
)css";

} // namespace crt::site
