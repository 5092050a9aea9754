#include "lib/report/publish_pages.h"

#include "lib/base/domain.h"
#include "lib/report/site_chart.h"
#include "lib/report/site_html.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace crt::site {

namespace {

// The parts of a recommendations bar, from the bottom: finished work first.
constexpr std::array<std::pair<std::string_view, int>, 6> k_milestone_stack = {
    {{"done", 0},
     {"partial", 1},
     {"in-progress", 2},
     {"planned", 3},
     {"not-assessable", 5},
     {"cancelled", 4}}};

// "3 done, 1 partial" for the statuses counted, in the order of the stack.
std::string counts_in_words(const ProgressPoint& point) {
    std::string words;
    for (const auto& [status, style] : k_milestone_stack) {
        long long count = point.count(status);
        if (count > 0) {
            std::string label(milestone_status_label(status));
            for (auto& c : label) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            words += fmt::format("{}{} {}", words.empty() ? "" : ", ", count, label);
        }
    }
    return words.empty() ? std::string("none") : words;
}

void write_progress(Html& out, const PublicEngagement& e, const std::vector<ProgressPoint>& points,
                    const std::string& as_of) {
    out << "<h2>Progress over time</h2>\n";
    if (points.empty()) {
        out << "<p>This engagement was not accepted by " << Day{as_of}
            << ", so it has no recommendations to follow yet.</p>\n";
        return;
    }
    StackedBars chart;
    chart.id = "progress";
    const std::string& first = points.front().day;
    const std::string& last = points.back().day;
    chart.title = fmt::format("Recommendations by status at each month end, {} to {}", first, last);
    const ProgressPoint& now = points.back();
    chart.description = fmt::format(
        "Stacked bars, one for each month end from the acceptance of the engagement to {}: "
        "the recommendations recorded by that day, split by their status that day. On {}: {} "
        "recommendations, {}; {} done.",
        last, last, now.recommendations, counts_in_words(now), percent_label(now.percent_done()));
    for (const auto& [status, style] : k_milestone_stack) {
        chart.series.push_back({std::string(milestone_status_label(status)), style});
    }
    for (const auto& point : points) {
        chart.bars.push_back(point.day);
        std::vector<long long> counts;
        for (const auto& [status, style] : k_milestone_stack) {
            counts.push_back(point.count(status));
        }
        chart.counts.push_back(std::move(counts));
    }
    if (has_marks(chart)) {
        write_chart(out, chart);
    } else {
        out << "<p>No recommendations were recorded from " << Day{first} << " to " << Day{last}
            << ", so there is no chart; the table shows each month end.</p>\n";
    }
    TableHead head{
        "progress-table",
        fmt::format("Recommendations of request {} by status at each month end", e.request),
        {"Day", "Recommendations"},
        {},
        "numbers"};
    for (auto status : k_milestone_statuses) {
        head.columns.emplace_back(milestone_status_label(status));
    }
    head.columns.emplace_back("Percent done");
    table_start(out, head);
    for (const auto& point : points) {
        TableRow row(out, head);
        row << escaped(point.day) << point.recommendations;
        for (long long count : point.by_status) {
            row << count;
        }
        row << Percent{point.percent_done()};
    }
    table_end(out);
}

void write_recommendations(Html& out, const PublicEngagement& e,
                           const std::vector<PublicRecommendation>& recommendations,
                           const std::string& as_of) {
    out << "<h2>Recommendations</h2>\n";
    if (recommendations.empty()) {
        out << "<p>No recommendations were recorded by " << Day{as_of} << ".</p>\n";
        return;
    }
    TableHead head{"recommendations-table",
                   fmt::format("The {} recommendations of request {} and their status on {}",
                               recommendations.size(), e.request, as_of),
                   {"Ref", "Recommendation", "Finding", "Status", "Blocker", "Due", "Completed"},
                   {"", "", "", "", "", "date", "date"},
                   ""};
    table_start(out, head);
    for (const auto& r : recommendations) {
        TableRow(out, head) << escaped(r.ref.empty() ? std::string_view("none") : r.ref)
                            << escaped(r.title) << escaped(r.finding)
                            << escaped(milestone_status_label(r.status))
                            << escaped(blocker_label(r.blocker)) << escaped(r.due)
                            << escaped(r.completed);
    }
    table_end(out);
}

} // namespace

void Totals::add(const PublicEngagement& engagement,
                 const std::vector<PublicRecommendation>& recommendations_of) {
    ++engagements;
    ++by_level[engagement.level][engagement.status];
    recommendations += engagement.recommendations;
    done += count_of(engagement.by_status, "done");
    cancelled += count_of(engagement.by_status, "cancelled");
    for (const auto& r : recommendations_of) {
        if (!r.blocker.empty() && !is_closed_milestone_status(r.status)) {
            ++blocked;
        }
    }
}

std::string engagement_path(const PublicEngagement& engagement) {
    return fmt::format("engagement/{}.html", engagement.request);
}

void write_engagement_page(Html& out, const PublicEngagement& e,
                           const std::vector<PublicRecommendation>& recommendations,
                           const std::vector<ProgressPoint>& points, const std::string& as_of) {
    std::string name = fmt::format("{} ({})", e.agency_name, e.state);
    page_start(out, fmt::format("{}: {}", level_label(e.level), name), "../", "");
    out << "<h1>" << escaped(name) << ": " << escaped(level_label(e.level)) << "</h1>\n"
        << "<p>Request " << e.request << ", as it stood at the end of " << Day{as_of}
        << ".</p>\n<dl class=\"facts\">\n<dt>Agency</dt><dd>" << escaped(e.agency_name)
        << "</dd>\n<dt>State</dt><dd>" << escaped(e.state) << "</dd>\n<dt>Level</dt><dd>"
        << escaped(level_label(e.level)) << "</dd>\n<dt>Status</dt><dd>"
        << escaped(request_status_label(e.status)) << "</dd>\n<dt>Received</dt><dd>"
        << Day{e.received} << "</dd>\n<dt>Accepted</dt><dd>";
    if (e.accepted.empty()) {
        out << "Not accepted by this day";
    } else {
        out << Day{e.accepted};
    }
    out << "</dd>\n<dt>Recommendations</dt><dd>" << e.recommendations << "</dd>\n<dt>Done</dt><dd>"
        << count_of(e.by_status, "done") << "</dd>\n<dt>Percent done</dt><dd>"
        << Percent{e.percent_done()} << "</dd>\n</dl>\n";
    write_recommendations(out, e, recommendations, as_of);
    write_progress(out, e, points, as_of);
    page_end(out, "../", as_of);
}

void write_progress_rows(Html& out, long long request, const std::vector<ProgressPoint>& points) {
    for (const auto& point : points) {
        out << request << ',' << point.day << ',' << point.recommendations;
        for (long long count : point.by_status) {
            out << ',' << count;
        }
        out << ',' << Decimal{point.percent_done()} << '\n';
    }
}

EngagementList::EngagementList(Html& out, const std::string& as_of) : out_(out), as_of_(as_of) {
    page_start(out_, "All engagements", "", "engagements.html");
    out_ << "<h1>All engagements</h1>\n<p>Every organizational assessment and critical response "
            "received by "
         << Day{as_of_} << ", by request number, with its status at the end of that day.</p>\n";
}

namespace {

const TableHead& list_head() {
    static const TableHead head{"engagements-table",
                                "Organizational assessments and critical responses",
                                {"Agency", "Request", "State", "Level", "Status", "Recommendations",
                                 "Done", "Percent done"},
                                {"", "num", "", "", "", "num", "num", "num"},
                                ""};
    return head;
}

} // namespace

void EngagementList::add(const PublicEngagement& e) {
    if (rows_++ == 0) {
        table_start(out_, list_head());
    }
    out_ << "<tr><th scope=\"row\"><a href=\"engagement/" << e.request << ".html\">"
         << escaped(e.agency_name) << "</a></th>";
    // The row, its first cell written above.
    out_ << "<td class=\"num\">" << e.request << "</td><td>" << escaped(e.state) << "</td><td>"
         << escaped(level_label(e.level)) << "</td><td>" << escaped(request_status_label(e.status))
         << "</td><td class=\"num\">" << e.recommendations << "</td><td class=\"num\">"
         << count_of(e.by_status, "done") << "</td><td class=\"num\">" << Percent{e.percent_done()}
         << "</td></tr>\n";
}

void EngagementList::finish() {
    if (rows_ == 0) {
        out_ << "<p>There are no organizational assessments or critical responses as of "
             << Day{as_of_} << ".</p>\n";
    } else {
        table_end(out_);
    }
    page_end(out_, "", as_of_);
}

} // namespace crt::site
