// The site's two summary pages: the overview (index.html) and the data
// dictionary (data-dictionary.html).
#include "lib/base/domain.h"
#include "lib/report/publish_pages.h"
#include "lib/report/site_chart.h"
#include "lib/report/site_html.h"

#include <fmt/format.h>

#include <array>

namespace crt::site {

namespace {

// The public levels, in the order the overview shows them.
constexpr std::array<std::string_view, 2> k_public_levels = {"assessment", "critical"};

// The parts of an engagements bar, from the bottom: finished work first.
constexpr std::array<std::pair<std::string_view, int>, 6> k_request_stack = {{{"completed", 0},
                                                                              {"active", 1},
                                                                              {"accepted", 2},
                                                                              {"received", 3},
                                                                              {"withdrawn", 5},
                                                                              {"declined", 4}}};

void write_how_to_read(Html& out, const std::string& as_of) {
    out << "<h2>How to read this site</h2>\n<ul>\n"
        << "<li>Every figure is as it stood at the end of " << Day{as_of}
        << ", rebuilt from the program's records: a later change does not alter this "
           "day's figures, and the same day always gives the same pages.</li>\n"
           "<li>An engagement is an organizational assessment (an in-depth review of an "
           "agency's systemic issues) or a critical response (help after a high-profile "
           "event). Short-term technical assistance is not listed.</li>\n"
           "<li>An engagement is received, then accepted, active and completed; an agency "
           "may withdraw at any time, and a request may be declined.</li>\n"
           "<li>Each recommendation is planned (not started), in progress, partial, done, "
           "cancelled or not assessable. A blocker names what holds an open recommendation "
           "up, such as a union negotiation or a council vote.</li>\n"
           "<li>Percent done is done recommendations divided by all recommendations except "
           "cancelled ones, to one decimal; n/a when there are none to count.</li>\n"
           "<li>Each chart shows the figures of the table that follows it. Each part of a bar "
           "has its own pattern as well as its own colour, named in the key.</li>\n"
           "</ul>\n";
}

void write_totals(Html& out, const Totals& totals) {
    out << "<h2>Totals</h2>\n<dl class=\"facts\">\n"
        << "<dt>Engagements</dt><dd>" << totals.engagements << "</dd>\n";
    for (auto level : k_public_levels) {
        long long count = 0;
        if (auto found = totals.by_level.find(level); found != totals.by_level.end()) {
            for (const auto& [status, n] : found->second) {
                count += n;
            }
        }
        out << "<dt>" << escaped(level_label(level)) << "s</dt><dd>" << count << "</dd>\n";
    }
    out << "<dt>Recommendations</dt><dd>" << totals.recommendations << "</dd>\n"
        << "<dt>Done</dt><dd>" << totals.done << "</dd>\n"
        << "<dt>Percent done</dt><dd>"
        << percent_label(percent(totals.done, totals.recommendations - totals.cancelled))
        << "</dd>\n<dt>Open recommendations with a blocker</dt><dd>" << totals.blocked
        << "</dd>\n</dl>\n";
}

void write_levels(Html& out, const Totals& totals, const std::string& as_of) {
    out << "<h2>Engagements by level and status</h2>\n";
    StackedBars chart;
    chart.id = "levels";
    chart.title = fmt::format("Engagements by level and status on {}", as_of);
    std::string words;
    for (const auto& [status, style] : k_request_stack) {
        chart.series.push_back({std::string(request_status_label(status)), style});
    }
    TableHead head{"levels-table",
                   fmt::format("Engagements by level and status on {}", as_of),
                   {"Level"},
                   {""},
                   "numbers"};
    for (auto status : k_request_statuses) {
        head.columns.emplace_back(request_status_label(status));
    }
    head.columns.emplace_back("Total");
    struct LevelRow {
        std::string label;
        Counts counts;
        long long total;
    };
    std::vector<LevelRow> rows;
    for (auto level : k_public_levels) {
        static const Counts none;
        auto found = totals.by_level.find(level);
        const Counts& counts = found == totals.by_level.end() ? none : found->second;
        std::string label = std::string(level_label(level)) + "s";
        chart.bars.push_back(label);
        std::vector<long long> bar;
        long long total = 0;
        std::string parts;
        for (const auto& [status, style] : k_request_stack) {
            long long count = count_of(counts, status);
            bar.push_back(count);
            total += count;
            if (count > 0) {
                parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", count, status);
            }
        }
        chart.counts.push_back(std::move(bar));
        words += fmt::format("{}{}: {} in all{}{}", words.empty() ? "" : "; ", label, total,
                             parts.empty() ? "" : ", ", parts);
        rows.push_back({label, counts, total});
    }
    chart.description =
        fmt::format("Stacked bars, one for each level, split by the engagements' status on {}. {}.",
                    as_of, words);
    if (has_marks(chart)) {
        write_chart(out, chart);
    } else {
        out << "<p>No chart: there are no engagements to draw yet.</p>\n";
    }
    table_start(out, head);
    for (const auto& row : rows) {
        TableRow cells(out, head);
        cells << escaped(row.label);
        for (auto status : k_request_statuses) {
            cells << count_of(row.counts, status);
        }
        cells << row.total;
    }
    table_end(out);
}

} // namespace

void write_overview(Html& out, const Totals& totals, const std::string& as_of) {
    page_start(out, "Overview", "", "index.html");
    out << "<h1>Collaborative Reform Initiative: public status on " << Day{as_of} << "</h1>\n"
        << "<p>The Collaborative Reform Initiative helps law-enforcement agencies that ask for "
           "it. This site reports where each organizational assessment and critical response "
           "stands, and how far the agencies have come with the recommendations they "
           "received.</p>\n";
    if (totals.engagements == 0) {
        out << "<p><strong>There are no organizational assessments or critical responses as of "
            << Day{as_of} << ".</strong></p>\n";
    }
    write_how_to_read(out, as_of);
    write_totals(out, totals);
    write_levels(out, totals, as_of);
    out << "<h2>More</h2>\n<ul>\n"
           "<li><a href=\"engagements.html\">All engagements</a>, each with its own page: "
           "its recommendations and its progress month by month.</li>\n"
           "<li><a href=\"data-dictionary.html\">Open data</a>: every figure as CSV and JSON "
           "files, with what each column holds.</li>\n</ul>\n";
    page_end(out, "", as_of);
}

void write_data_dictionary(Html& out, const std::vector<DataFile>& files,
                           const std::string& as_of) {
    page_start(out, "Open data", "", "data-dictionary.html");
    out << "<h1>Open data</h1>\n<p>The figures of this site as files, as of the end of "
        << Day{as_of}
        << ". CSV files follow RFC 4180 (a header row, UTF-8, fields quoted when they hold a "
           "comma, quote or line break); JSON is one array of objects, with null for an "
           "empty value. Dates are YYYY-MM-DD. In the CSV files, text that starts with =, "
           "+, -, @, a tab or a carriage return has an apostrophe put before it, so that a "
           "spreadsheet shows it instead of running it as a formula.</p>\n<ul>\n";
    for (const auto& file : files) {
        out << "<li><a href=\"" << escaped(file.path) << "\">" << escaped(file.path)
            << "</a>: " << escaped(file.title) << "</li>\n";
    }
    out << "</ul>\n";
    int n = 0;
    for (const auto& file : files) {
        ++n;
        out << "<h2>" << escaped(file.path) << "</h2>\n<p>" << escaped(file.about) << "</p>\n";
        TableHead head{fmt::format("columns-{}", n),
                       fmt::format("The columns of {}", escape(file.path)),
                       {"Column", "What it holds"},
                       {},
                       ""};
        table_start(out, head);
        for (const auto& column : file.columns) {
            TableRow(out, head) << Code{column.name} << escaped(column.meaning);
        }
        table_end(out);
    }
    page_end(out, "", as_of);
}

} // namespace crt::site
