// The published site: escaping, month ends, progress rebuilt from the
// history, and the whole site written into memory.
#include "lib/base/format.h"
#include "lib/model/correction.h"
#include "lib/model/lifecycle.h"
#include "lib/model/milestone.h"
#include "lib/report/progress.h"
#include "lib/report/publish.h"
#include "lib/report/publish_pages.h"
#include "lib/report/report.h"
#include "lib/report/site_html.h"
#include "tests/unit/program.h"
#include "tests/unit/support.h"

#include <doctest/doctest.h>

#include <map>
#include <sstream>

using namespace crt;

namespace {

// The site's files, kept in memory.
class MemorySite : public SiteWriter {
  public:
    std::map<std::string, std::string> files;

    std::unique_ptr<SiteFile> create(const std::string& path) override {
        REQUIRE_FALSE(files.contains(path));
        files[path];
        return std::make_unique<File>(files[path]);
    }

  private:
    class File : public SiteFile {
      public:
        explicit File(std::string& text) : text_(text) {}
        void write(std::string_view text) override { stream_ << text; }
        std::ostream& out() override { return stream_; }
        void close() override { text_ = stream_.str(); }

      private:
        std::string& text_;
        std::ostringstream stream_;
    };
};

struct Fixture : test::Program {
    long long recommendation(long long request, const std::string& ref, const std::string& date) {
        Milestone m;
        m.request = request;
        m.kind = "recommendation";
        m.ref = ref;
        m.title = "Recommendation " + ref;
        return add_milestone(store, m, {"tester", date});
    }
    void move(long long milestone, const std::string& status, const std::string& date) {
        set_milestone_status(store, {milestone}, status, "", {"t", date});
    }
    long long last_move() {
        return store.query_integer(
            "SELECT max(id) FROM history WHERE entity = 'milestone' AND action = 'status'");
    }
};

// The public report's engagement `id` as of `day`.
PublicEngagement engagement_on(Store& store, long long id, const std::string& day) {
    std::vector<PublicEngagement> found;
    for_each_public_engagement(
        store, {}, day, [](const PublicEngagement&, const PublicRecommendation&) {},
        [&](const PublicEngagement& e) {
            if (e.request == id) {
                found.push_back(e);
            }
        });
    REQUIRE(found.size() == 1);
    return found[0];
}

} // namespace

TEST_CASE("site::escape") {
    CHECK(site::escape("Riverton <b>&amp;</b> \"PD\" 'x'") ==
          "Riverton &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;PD&quot; &#39;x&#39;");
    CHECK(site::escape("Dept. of Policía — Ōtsu") == "Dept. of Policía — Ōtsu");
    SUBCASE("controls and bytes that are not UTF-8 become U+FFFD") {
        CHECK(site::escape("a\x1b[31mb") == "a\xEF\xBF\xBD[31mb");
        CHECK(site::escape("a\xff") == "a\xEF\xBF\xBD");
        CHECK(site::escape("\xC2\x85") == "\xEF\xBF\xBD"); // C1 next line
        CHECK(site::escape("\xED\xA0\x80x") ==
              "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx"); // surrogate
        CHECK(site::escape("tab\tline\n") == "tab\tline\n");
    }
}

TEST_CASE("report::month_ends") {
    CHECK(month_ends("2026-01-15", "2026-04-10") ==
          std::vector<std::string>{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-10"});
    CHECK(month_ends("2024-01-31", "2024-03-31") ==
          std::vector<std::string>{"2024-01-31", "2024-02-29", "2024-03-31"});
    CHECK(month_ends("2026-05-02", "2026-05-20") == std::vector<std::string>{"2026-05-20"});
    CHECK(month_ends("2025-12-31", "2026-01-01") ==
          std::vector<std::string>{"2025-12-31", "2026-01-01"});
}

TEST_CASE("report::ProgressReader") {
    Fixture f;
    f.new_request("tac", "2026-01-05", {"de-escalation"});
    long long unaccepted = f.new_request("critical", "2026-01-06");
    long long id = f.new_request("assessment", "2026-01-10");
    move_requests(f.store, {id}, "accepted", "", {"t", "2026-01-15"});
    long long r1 = f.recommendation(id, "1.1", "2026-01-20");
    long long r2 = f.recommendation(id, "1.2", "2026-01-20");
    long long r3 = f.recommendation(id, "1.3", "2026-03-02");
    f.move(r1, "in-progress", "2026-02-10");
    f.move(r1, "partial", "2026-03-31");
    f.move(r1, "done", "2026-04-01");
    f.move(r2, "in-progress", "2026-02-20");
    long long wrong = f.last_move();
    f.move(r3, "cancelled", "2026-03-15");
    long long late = f.last_move();
    void_change(f.store, wrong, {"t", "entered in error"});
    redate_change(f.store, late, "2026-03-03", {"t", "it was the day after"});

    std::string as_of = "2026-04-20";
    ProgressReader reader(f.store, as_of);
    std::vector<PublicEngagement> engagements;
    std::vector<PublicRecommendation> recommendations;
    std::map<long long, std::vector<ProgressPoint>> points;
    for_each_public_engagement(
        f.store, {}, as_of,
        [&](const PublicEngagement& e, const PublicRecommendation& r) {
            reader.read(e, r);
            recommendations.push_back(r);
        },
        [&](const PublicEngagement& e) {
            engagements.push_back(e);
            points[e.request] = reader.points(e, recommendations);
            recommendations.clear();
        });
    REQUIRE(engagements.size() == 2);
    CHECK(points[unaccepted].empty());
    const auto& days = points[id];
    REQUIRE(days.size() == 4);
    CHECK(days[0].day == "2026-01-31");
    CHECK(days[3].day == as_of);
    // Every point holds what the public report gives for its day.
    for (const auto& point : days) {
        CAPTURE(point.day);
        PublicEngagement then = engagement_on(f.store, id, point.day);
        CHECK(point.recommendations == then.recommendations);
        for (auto status : k_milestone_statuses) {
            CAPTURE(status);
            CHECK(point.count(status) == count_of(then.by_status, status));
        }
        CHECK(point.percent_done() == then.percent_done());
    }
    CHECK(days[0].count("planned") == 2);
    CHECK(days[1].count("in-progress") == 1); // r2's move was voided
    CHECK(days[2].count("cancelled") == 1);   // re-dated to 2026-03-03
    CHECK(days[2].count("partial") == 1);
    CHECK(days[3].count("done") == 1);
}

TEST_CASE("report::publish_site") {
    Fixture f;
    SUBCASE("an empty program: every page says so, the data files have headers only") {
        MemorySite site;
        PublishedSite published = publish_site(f.store, "2026-06-30", site);
        CHECK(published.engagements == 0);
        CHECK(published.files == 8);
        CHECK(site.files["index.html"].find("There are no organizational assessments") !=
              std::string::npos);
        CHECK(site.files["index.html"].find("<svg class=\"chart\"") == std::string::npos);
        CHECK(site.files["engagements.html"].find("There are no") != std::string::npos);
        CHECK(site.files["data/public.csv"].find('\n') + 1 == site.files["data/public.csv"].size());
    }
    SUBCASE("pages for the public engagements only, the same bytes every time") {
        f.store.exec("UPDATE agency SET name = 'Riverton <script>alert(1)</script> & Co' "
                     "WHERE ori = 'CA0194200'");
        f.new_request("tac", "2026-01-05", {"de-escalation"});
        long long id = f.new_request("assessment", "2026-01-10");
        move_requests(f.store, {id}, "accepted", "", {"t", "2026-01-15"});
        long long r = f.recommendation(id, "1.1", "2026-01-20");
        f.move(r, "done", "2026-02-10");
        MemorySite first;
        MemorySite second;
        CHECK(publish_site(f.store, "2026-06-30", first).engagements == 1);
        publish_site(f.store, "2026-06-30", second);
        CHECK(first.files == second.files);
        std::string page = first.files[fmt::format("engagement/{}.html", id)];
        CHECK(page.find("Riverton &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co") !=
              std::string::npos);
        CHECK(page.find("<svg class=\"chart\"") != std::string::npos);
        CHECK(page.find("class=\"mark\"") != std::string::npos);
        for (const auto& [path, text] : first.files) {
            CAPTURE(path);
            // The open data holds the text as it is; the pages escape it.
            if (path.ends_with(".html") || path.ends_with(".css")) {
                CHECK(text.find("<script") == std::string::npos);
            }
            CHECK(text.find("http://") == std::string::npos);
            CHECK(text.find("https://") == std::string::npos);
        }
        CHECK_FALSE(first.files.contains("engagement/1.html")); // technical assistance
        std::ostringstream report;
        RowWriter rows(report, Format::csv, Formulas::neutralised);
        report_public(f.store, {}, "2026-06-30", false, &rows);
        rows.finish();
        CHECK(first.files["data/public.csv"] == report.str());
        CHECK(first.files["data/progress.csv"].find(
                  fmt::format("{},2026-06-30,1,0,0,0,1,0,0,100", id)) != std::string::npos);
    }
}

TEST_CASE("report::open_data_files") {
    for (const auto& file : open_data_files()) {
        CHECK_FALSE(file.columns.empty());
        for (const auto& column : file.columns) {
            CAPTURE(file.path);
            CAPTURE(column.name);
            CHECK_FALSE(column.meaning.empty());
        }
    }
}

TEST_CASE("site::write_progress_rows") {
    // The rows written directly are those a RowWriter writes.
    std::vector<ProgressPoint> points;
    for (long long done = 0; done <= 7; ++done) {
        for (long long cancelled = 0; cancelled <= 7 - done; ++cancelled) {
            ProgressPoint point;
            point.day = "2026-01-31";
            point.recommendations = 7;
            point.by_status = {7 - done - cancelled, 0, 0, done, cancelled, 0};
            points.push_back(point);
        }
    }
    ProgressPoint none;
    none.day = "2026-02-28";
    points.push_back(none);
    site::Html direct;
    site::write_progress_rows(direct, 42, points);
    std::ostringstream expected;
    RowWriter rows(expected, Format::csv, Formulas::neutralised);
    rows.columns(k_progress_columns);
    for (const auto& point : points) {
        Row row = {42LL, point.day, point.recommendations};
        for (long long count : point.by_status) {
            row.emplace_back(count);
        }
        row.push_back(number_or_null(point.percent_done()));
        rows.row(row);
    }
    rows.finish();
    std::string text = expected.str();
    CHECK(text.substr(text.find('\n') + 1) == direct.str());
    CHECK(direct.str().find("42,2026-01-31,7,6,0,0,1,0,0,14.3\n") != std::string::npos);
    CHECK(direct.str().ends_with("42,2026-02-28,0,0,0,0,0,0,0,\n"));
}
