// The pages of the published site (lib/report/publish): the engagement
// pages, the list of engagements, the overview and the data dictionary.
#pragma once

#include "lib/report/progress.h"
#include "lib/report/publish.h"
#include "lib/report/report.h"
#include "lib/report/site_html.h"

#include <map>
#include <string>
#include <vector>

namespace crt::site {

// What the overview sums up over every engagement.
struct Totals {
    std::map<std::string, Counts, std::less<>> by_level; // engagements by level, then status
    long long engagements = 0;
    long long recommendations = 0;
    long long done = 0;
    long long cancelled = 0;
    long long blocked = 0; // open (not closed) and naming a blocker
    void add(const PublicEngagement& engagement,
             const std::vector<PublicRecommendation>& recommendations);
};

// The path of an engagement's page from the top of the site.
std::string engagement_path(const PublicEngagement& engagement);

void write_engagement_page(Html& out, const PublicEngagement& engagement,
                           const std::vector<PublicRecommendation>& recommendations,
                           const std::vector<ProgressPoint>& points, const std::string& as_of);

// engagements.html, a row at a time; the caller may take what `out`
// holds between rows.
class EngagementList {
  public:
    EngagementList(Html& out, const std::string& as_of);
    void add(const PublicEngagement& engagement);
    void finish();

  private:
    Html& out_;
    std::string as_of_;
    long long rows_ = 0;
};

// The rows of data/progress.csv for one engagement: numbers and days only,
// so no field needs quoting. Written directly, the same bytes a RowWriter
// writes (its rows were a third of the time crt publish took beyond the
// public report's own).
void write_progress_rows(Html& out, long long request, const std::vector<ProgressPoint>& points);

void write_overview(Html& out, const Totals& totals, const std::string& as_of);
void write_data_dictionary(Html& out, const std::vector<DataFile>& files, const std::string& as_of);

} // namespace crt::site
