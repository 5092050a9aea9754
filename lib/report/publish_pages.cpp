#include "lib/report/publish_pages.h"

#include "lib/base/domain.h"
#include "lib/report/site_chart.h"
#include "lib/report/site_html.h"

#include <fmt/format.h>

#include <cctype>

namespace crt::site {

namespace {

std::string count_text(long long count) {
    return std::to_string(count);
}

std::string date_or(const std::string& date, const char* otherwise) {
    return date.empty() ? std::string(otherwise) : date_text(date);
}

// The parts of a recommendations bar, from the bottom: finished work first.
std::vector<std::pair<std::string_view, int>> milestone_stack() {
    return {{"done", 0},    {"partial", 1},        {"in-progress", 2},
            {"planned", 3}, {"not-assessable", 5}, {"cancelled", 4}};
}

// "3 done, 1 partial" for the statuses counted, in the order of the stack.
std::string counts_in_words(const Counts& counts) {
    std::string words;
    for (const auto& [status, style] : milestone_stack()) {
        long long count = count_of(counts, status);
        if (count > 0) {
            std::string label = milestone_status_label(status);
            for (auto& c : label) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            words += fmt::format("{}{} {}", words.empty() ? "" : ", ", count, label);
        }
    }
    return words.empty() ? std::string("none") : words;
}

void write_progress(std::ostream& out, const PublicEngagement& e,
                    const std::vector<ProgressPoint>& points, const std::string& as_of) {
    out << "<h2>Progress over time</h2>\n";
    if (points.empty()) {
        out << "<p>This engagement was not accepted by " << date_text(as_of)
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
        last, last, now.recommendations, counts_in_words(now.by_status),
        percent_label(now.percent_done()));
    for (const auto& [status, style] : milestone_stack()) {
        chart.series.push_back({milestone_status_label(status), style});
    }
    for (const auto& point : points) {
        chart.bars.push_back(point.day);
        std::vector<long long> counts;
        for (const auto& [status, style] : milestone_stack()) {
            counts.push_back(count_of(point.by_status, status));
        }
        chart.counts.push_back(std::move(counts));
    }
    if (has_marks(chart)) {
        write_chart(out, chart);
    } else {
        out << "<p>No recommendations were recorded between " << first << " and " << last
            << ", so there is no chart; the table shows each month end.</p>\n";
    }
    TableHead head{
        "progress-table",
        fmt::format("Recommendations of request {} by status at each month end", e.request),
        {"Day", "Recommendations"},
        {"date", "num"}};
    for (auto status : k_milestone_statuses) {
        head.columns.push_back(milestone_status_label(status));
        head.classes.emplace_back("num");
    }
    head.columns.emplace_back("Percent done");
    head.classes.emplace_back("num");
    table_start(out, head);
    for (const auto& point : points) {
        std::vector<std::string> cells = {escape(point.day), count_text(point.recommendations)};
        for (auto status : k_milestone_statuses) {
            cells.push_back(count_text(count_of(point.by_status, status)));
        }
        cells.push_back(percent_label(point.percent_done()));
        table_row(out, head, cells);
    }
    table_end(out);
}

void write_recommendations(std::ostream& out, const PublicEngagement& e,
                           const std::vector<PublicRecommendation>& recommendations,
                           const std::string& as_of) {
    out << "<h2>Recommendations</h2>\n";
    if (recommendations.empty()) {
        out << "<p>No recommendations were recorded by " << date_text(as_of) << ".</p>\n";
        return;
    }
    TableHead head{"recommendations-table",
                   fmt::format("The {} recommendations of request {} and their status on {}",
                               recommendations.size(), e.request, as_of),
                   {"Ref", "Recommendation", "Finding", "Status", "Blocker", "Due", "Completed"},
                   {"", "", "", "", "", "date", "date"}};
    table_start(out, head);
    for (const auto& r : recommendations) {
        table_row(out, head,
                  {r.ref.empty() ? std::string("none") : escape(r.ref), escape(r.title),
                   escape(r.finding), escape(milestone_status_label(r.status)),
                   escape(blocker_label(r.blocker)), escape(r.due), escape(r.completed)});
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

void write_engagement_page(std::ostream& out, const PublicEngagement& e,
                           const std::vector<PublicRecommendation>& recommendations,
                           const std::vector<ProgressPoint>& points, const std::string& as_of) {
    std::string name = fmt::format("{} ({})", e.agency_name, e.state);
    page_start(out, fmt::format("{}: {}", level_label(e.level), name), "../", "");
    out << "<h1>" << escape(name) << ": " << escape(level_label(e.level)) << "</h1>\n"
        << "<p>Request " << e.request << ", as it stood at the end of " << date_text(as_of)
        << ".</p>\n"
        << "<dl class=\"facts\">\n"
        << "<dt>Agency</dt><dd>" << escape(e.agency_name) << "</dd>\n"
        << "<dt>State</dt><dd>" << escape(e.state) << "</dd>\n"
        << "<dt>Level</dt><dd>" << escape(level_label(e.level)) << "</dd>\n"
        << "<dt>Status</dt><dd>" << escape(request_status_label(e.status)) << "</dd>\n"
        << "<dt>Received</dt><dd>" << date_text(e.received) << "</dd>\n"
        << "<dt>Accepted</dt><dd>" << date_or(e.accepted, "Not accepted by this day") << "</dd>\n"
        << "<dt>Recommendations</dt><dd>" << e.recommendations << "</dd>\n"
        << "<dt>Done</dt><dd>" << count_of(e.by_status, "done") << "</dd>\n"
        << "<dt>Percent done</dt><dd>" << percent_label(e.percent_done()) << "</dd>\n"
        << "</dl>\n";
    write_recommendations(out, e, recommendations, as_of);
    write_progress(out, e, points, as_of);
    page_end(out, "../", as_of);
}

EngagementList::EngagementList(std::ostream& out, const std::string& as_of)
    : out_(out), as_of_(as_of) {
    page_start(out_, "All engagements", "", "engagements.html");
    out_ << "<h1>All engagements</h1>\n<p>Every organizational assessment and critical response "
            "received by "
         << date_text(as_of_)
         << ", by request number, with its status at the end of that day.</p>\n";
}

namespace {

const TableHead& list_head() {
    static const TableHead head{"engagements-table",
                                "Organizational assessments and critical responses",
                                {"Agency", "Request", "State", "Level", "Status", "Recommendations",
                                 "Done", "Percent done"},
                                {"", "num", "", "", "", "num", "num", "num"}};
    return head;
}

} // namespace

void EngagementList::add(const PublicEngagement& e) {
    if (rows_++ == 0) {
        table_start(out_, list_head());
    }
    table_row(out_, list_head(),
              {fmt::format("<a href=\"{}\">{}</a>", engagement_path(e), escape(e.agency_name)),
               std::to_string(e.request), escape(e.state), escape(level_label(e.level)),
               escape(request_status_label(e.status)), count_text(e.recommendations),
               count_text(count_of(e.by_status, "done")), percent_label(e.percent_done())});
}

void EngagementList::finish() {
    if (rows_ == 0) {
        out_ << "<p>There are no organizational assessments or critical responses as of "
             << date_text(as_of_) << ".</p>\n";
    } else {
        table_end(out_);
    }
    page_end(out_, "", as_of_);
}

} // namespace crt::site
