// crt publish: the public status site, static files built from the same
// facts as the public report (for_each_public_engagement), as of one day.
// The library writes text; a SiteWriter, given by the caller, decides where
// each file goes (cmd/publish.cpp: a new directory, put in place whole).
#pragma once

#include "lib/store/store.h"

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace crt {

// One file of the site, written from start to end.
class SiteFile {
  public:
    virtual ~SiteFile() = default;
    // Appends text (a page is written whole, in one call).
    virtual void write(std::string_view text) = 0;
    // The file as a stream, for the writers that need one (the open data).
    virtual std::ostream& out() = 0;
    // Ends the file; throws an io Error when any of it could not be written.
    virtual void close() = 0;
};

// Where the site's files go. `path` is relative to the top of the site,
// '/'-separated ("engagement/12.html"); its folder is made when needed.
// Each path is created once.
class SiteWriter {
  public:
    virtual ~SiteWriter() = default;
    virtual std::unique_ptr<SiteFile> create(const std::string& path) = 0;
};

struct PublishedSite {
    long long engagements = 0;
    long long files = 0;
};

// Writes the site as of the end of `as_of`: the overview (index.html), the
// list of engagements (engagements.html), one page per organizational
// assessment and critical response (engagement/ID.html), the open data
// (data/public.csv, data/public.json, data/recommendations.csv,
// data/progress.csv), the data dictionary (data-dictionary.html) and the
// stylesheet (style.css). The same database and day give the same bytes.
// Engagements are read once, each page written as its engagement is read:
// memory holds one engagement at a time.
PublishedSite publish_site(Store& store, const std::string& as_of, SiteWriter& site);

// The open data, described: each file with every column it has and what
// the column holds (the data dictionary's content).
struct DataColumn {
    std::string name;
    std::string meaning;
};
struct DataFile {
    std::string path;
    std::string title;
    std::string about;
    std::vector<DataColumn> columns;
};
std::vector<DataFile> open_data_files();

// The columns of data/progress.csv.
extern const std::vector<std::string> k_progress_columns;

} // namespace crt
