#include "lib/report/publish.h"

#include "lib/base/domain.h"
#include "lib/base/error.h"
#include "lib/base/format.h"
#include "lib/report/progress.h"
#include "lib/report/publish_pages.h"
#include "lib/report/report.h"
#include "lib/report/site_html.h"

#include <fmt/format.h>

#include <map>
#include <sstream>

namespace crt {

const std::vector<std::string> k_progress_columns = {
    "request", "day",  "recommendations", "planned",        "in_progress",
    "partial", "done", "cancelled",       "not_assessable", "percent_done"};

namespace {

// What each column of the open data holds, by file; a name not found here
// is the same column as in data/public.csv.
const std::map<std::string, std::string, std::less<>> k_engagement_columns = {
    {"request", "The engagement's request number in the program's records; its page is "
                "engagement/REQUEST.html."},
    {"agency_name", "The name of the agency."},
    {"state", "The agency's state, district or territory (USPS code, such as CA)."},
    {"level", "assessment (an organizational assessment) or critical (a critical response)."},
    {"status", "The engagement's status at the end of the as-of day: received, accepted, "
               "active, completed, declined or withdrawn."},
    {"received", "The day the agency's request was received."},
    {"accepted", "The day the request was accepted; empty when it was not accepted by the "
                 "as-of day."},
    {"recommendations", "The recommendations recorded by the end of the day."},
    {"planned", "Of those, the recommendations not started (planned) at the end of the day."},
    {"in_progress", "Of those, the recommendations in progress."},
    {"partial", "Of those, the recommendations partially done."},
    {"done", "Of those, the recommendations done."},
    {"cancelled", "Of those, the recommendations cancelled."},
    {"not_assessable", "Of those, the recommendations that could not be assessed."},
    {"percent_done", "100 * done / (recommendations - cancelled), to one decimal (half away "
                     "from zero); empty when that is 0."}};

const std::map<std::string, std::string, std::less<>> k_recommendation_columns = {
    {"ref", "The recommendation's number in the engagement's report (such as 4.2)."},
    {"finding", "The finding the recommendation answers (such as 4); empty when none."},
    {"title", "The recommendation, in brief, as it stood on the as-of day."},
    {"due", "The day it is due, as it stood on the as-of day; empty when none."},
    {"status", "The recommendation's status at the end of the as-of day: planned, "
               "in-progress, partial, done, cancelled or not-assessable."},
    {"completed", "The day it was done, when it was done on the as-of day; else empty."},
    {"blocker", "What holds the recommendation up, when anything does: union, council, "
                "oversight, budget, legislation or other."}};

const std::map<std::string, std::string, std::less<>> k_progress_meanings = {
    {"day", "A month end from the month the engagement was accepted, or the as-of day itself "
            "(each engagement's last row). The row's figures are as they stood at the end of "
            "that day, those the command crt report public --as-of DAY gives."},
    {"recommendations", "The recommendations recorded by the end of that day."},
    {"percent_done", "As in data/public.csv, for that day."}};

std::vector<DataColumn> describe(const std::vector<std::string>& columns,
                                 const std::map<std::string, std::string, std::less<>>& own) {
    std::vector<DataColumn> out;
    for (const auto& column : columns) {
        const auto* meanings = own.contains(column) ? &own : &k_engagement_columns;
        auto found = meanings->find(column);
        out.push_back({column, found == meanings->end() ? std::string() : found->second});
    }
    return out;
}

// A file of the site with its open data writer, when it is one.
struct DataOut {
    std::unique_ptr<SiteFile> file;
    RowWriter rows;
    DataOut(std::unique_ptr<SiteFile> f, Format format, const std::vector<std::string>& columns)
        : file(std::move(f)), rows(file->out(), format, Formulas::neutralised) {
        rows.columns(columns);
    }
    void close() {
        rows.finish();
        file->close();
    }
};

// Writes one whole file from `text`, which it leaves empty for the next.
void write_file(SiteWriter& site, const std::string& path, site::Html& text, long long& files) {
    auto file = site.create(path);
    file->write(text.str());
    file->close();
    text.clear();
    ++files;
}

// Hands what `text` holds to `file` once there is enough to be worth a write.
void drain(site::Html& text, SiteFile& file, bool all = false) {
    if (all || text.str().size() >= 1 << 16) {
        file.write(text.str());
        text.clear();
    }
}

} // namespace

std::vector<DataFile> open_data_files() {
    return {
        {"data/public.csv", "the engagements",
         "One row per organizational assessment and critical response, with its "
         "recommendations counted by status: the public report, the same bytes as the "
         "command crt report public --format csv gives for the same day.",
         describe(k_public_columns, {})},
        {"data/public.json", "the engagements, as JSON",
         "The rows of data/public.csv as a JSON array of objects, the same bytes as the "
         "command crt report public --format json gives; numbers are JSON numbers.",
         describe(k_public_columns, {})},
        {"data/recommendations.csv", "every recommendation",
         "One row per recommendation of every engagement, as the command crt report public "
         "--detail --format csv gives them.",
         describe(k_public_detail_columns, k_recommendation_columns)},
        {"data/progress.csv", "progress over time",
         "The figures of the progress charts: one row per engagement and month end from its "
         "acceptance to the as-of day, with its recommendations counted by status that day.",
         describe(k_progress_columns, k_progress_meanings)},
    };
}

PublishedSite publish_site(Store& store, const std::string& as_of, SiteWriter& site) {
    PublishedSite published;
    ReportFilter everything;
    ProgressReader progress(store, as_of);
    DataOut engagements(site.create("data/public.csv"), Format::csv, k_public_columns);
    DataOut json(site.create("data/public.json"), Format::json, k_public_columns);
    DataOut detail(site.create("data/recommendations.csv"), Format::csv, k_public_detail_columns);
    auto points_file = site.create("data/progress.csv");
    site::Html points;
    {
        // The header as a RowWriter writes it; the rows follow from write_progress_rows.
        std::ostringstream header;
        RowWriter columns(header, Format::csv);
        columns.columns(k_progress_columns);
        points << header.str();
    }
    auto list_file = site.create("engagements.html");
    site::Html list_text;
    site::EngagementList list(list_text, as_of);
    site::Html page; // one page at a time, its buffer kept from one to the next
    site::Totals totals;
    std::vector<PublicRecommendation> recommendations;
    for_each_public_engagement(
        store, everything, as_of,
        [&](const PublicEngagement& e, const PublicRecommendation& r) {
            detail.rows.row(public_recommendation_row(e, r));
            progress.read(e, r);
            recommendations.push_back(r);
        },
        [&](const PublicEngagement& e) {
            std::vector<ProgressPoint> days = progress.points(e, recommendations);
            site::write_engagement_page(page, e, recommendations, days, as_of);
            write_file(site, site::engagement_path(e), page, published.files);
            Row row = public_engagement_row(e);
            engagements.rows.row(row);
            json.rows.row(row);
            site::write_progress_rows(points, e.request, days);
            drain(points, *points_file);
            list.add(e);
            drain(list_text, *list_file);
            totals.add(e, recommendations);
            recommendations.clear();
            ++published.engagements;
        });
    for (DataOut* data : {&engagements, &json, &detail}) {
        data->close();
        ++published.files;
    }
    drain(points, *points_file, true);
    points_file->close();
    ++published.files;
    list.finish();
    drain(list_text, *list_file, true);
    list_file->close();
    ++published.files;
    site::write_overview(page, totals, as_of);
    write_file(site, "index.html", page, published.files);
    site::write_data_dictionary(page, open_data_files(), as_of);
    write_file(site, "data-dictionary.html", page, published.files);
    page << site::k_stylesheet;
    write_file(site, "style.css", page, published.files);
    return published;
}

} // namespace crt
