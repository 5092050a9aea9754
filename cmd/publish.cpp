// crt publish --out DIR [--as-of DATE]: the public status site. The site is
// built in a new directory beside DIR and renamed to DIR only when every
// file is written, so DIR never holds half a site; the rename cannot replace
// anything but an empty directory, so nothing of anyone else's is lost.
#include "cmd/app.h"

#include "cmd/options.h"
#include "cmd/output.h"
#include "lib/base/dates.h"
#include "lib/base/error.h"
#include "lib/report/publish.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <ostream>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace crt::cli {

namespace {

namespace fs = std::filesystem;

// A file of the site: a page is written whole with one write(2); the open
// data goes through a checked stream (cmd/output.h), made when first asked for.
class DirectoryFile : public SiteFile {
  public:
    DirectoryFile(int fd, std::string shown) : fd_(fd), shown_(std::move(shown)) {}
    DirectoryFile(const DirectoryFile&) = delete;
    DirectoryFile& operator=(const DirectoryFile&) = delete;
    ~DirectoryFile() override {
        if (fd_ >= 0) {
            finish();
        }
    }
    void write(std::string_view text) override {
        if (stream_) {
            stream_->write(text.data(), static_cast<std::streamsize>(text.size()));
            return;
        }
        while (!text.empty() && error_ == 0) {
            ssize_t written = ::write(fd_, text.data(), text.size());
            if (written < 0 && errno != EINTR) {
                error_ = errno;
            } else if (written > 0) {
                text.remove_prefix(static_cast<std::size_t>(written));
            }
        }
    }
    std::ostream& out() override {
        if (!stream_) {
            buffer_ = std::make_unique<CheckedOutput>(fd_);
            stream_ = std::make_unique<std::ostream>(buffer_.get());
        }
        return *stream_;
    }
    void close() override {
        if (int error = finish(); error != 0) {
            fail(ErrorKind::io, "cannot write {}: {}", shown_, std::strerror(error));
        }
    }

  private:
    // Flushes and closes the file: the first error, or 0.
    int finish() {
        int error = error_;
        if (buffer_) {
            stream_->flush();
            int buffered = buffer_->finish(); // closes the descriptor
            error = error != 0 ? error : buffered;
        } else if (::close(fd_) != 0 && error == 0 && errno != EINTR) {
            error = errno;
        }
        fd_ = -1;
        return error;
    }

    int fd_;
    std::string shown_;
    int error_ = 0;
    std::unique_ptr<CheckedOutput> buffer_;
    std::unique_ptr<std::ostream> stream_;
};

// The files go into `root`; messages name them under `shown` (DIR), where
// they will be.
class DirectorySite : public SiteWriter {
  public:
    DirectorySite(std::string root, std::string shown)
        : root_(std::move(root)), shown_(std::move(shown)) {}
    std::unique_ptr<SiteFile> create(const std::string& path) override {
        std::string shown = shown_ + "/" + path;
        auto slash = path.rfind('/');
        if (slash != std::string::npos && folders_.insert(path.substr(0, slash)).second) {
            std::string folder = root_ + "/" + path.substr(0, slash);
            if (::mkdir(folder.c_str(), 0777) != 0) {
                fail(ErrorKind::io, "cannot create {}: {}", shown.substr(0, shown.rfind('/')),
                     std::strerror(errno));
            }
        }
        std::string full = root_ + "/" + path;
        int fd = ::open(full.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            fail(ErrorKind::io, "cannot write {}: {}", shown, std::strerror(errno));
        }
        return std::make_unique<DirectoryFile>(fd, shown);
    }

  private:
    std::string root_;
    std::string shown_;
    std::set<std::string> folders_;
};

// DIR without the slashes that may end it ("site/" is "site"; "/" stays).
std::string without_trailing_slashes(std::string path) {
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    return path;
}

// DIR may be missing or an empty directory; anything else is refused.
void require_new_or_empty(const std::string& dir) {
    struct stat found {};
    if (::lstat(dir.c_str(), &found) != 0) {
        if (errno == ENOENT) {
            return;
        }
        fail(ErrorKind::io, "cannot create {}: {}", dir, std::strerror(errno));
    }
    if (!S_ISDIR(found.st_mode)) {
        fail(ErrorKind::conflict,
             "{}: a file exists there; publish writes a new directory or an empty one", dir);
    }
    std::error_code error;
    fs::directory_iterator entries(dir, error);
    if (error) {
        fail(ErrorKind::io, "cannot read {}: {}", dir, error.message());
    }
    if (entries != fs::directory_iterator()) {
        fail(ErrorKind::conflict,
             "{}: the directory is not empty; publish writes only into a new or empty one", dir);
    }
}

// A new directory beside DIR, named for what it is, so one left by a killed
// run explains itself; removed with all it holds unless put in place.
class UnfinishedSite {
  public:
    explicit UnfinishedSite(const std::string& dir) : path_(dir + ".unfinished-publish-XXXXXX") {
        if (::mkdtemp(path_.data()) == nullptr) {
            int error = errno;
            path_.clear();
            fail(ErrorKind::io, "cannot create {}: {}", dir, std::strerror(error));
        }
    }
    UnfinishedSite(const UnfinishedSite&) = delete;
    UnfinishedSite& operator=(const UnfinishedSite&) = delete;
    ~UnfinishedSite() {
        if (!path_.empty()) {
            std::error_code ignored;
            fs::remove_all(path_, ignored);
        }
    }
    const std::string& path() const { return path_; }

    // Renames the site to `dir`, which may only be missing or an empty
    // directory (rename(2) refuses anything else).
    void put_in_place(const std::string& dir) {
        mode_t mask = ::umask(0);
        ::umask(mask);
        // mkdtemp made it private; the site is for everyone to read.
        if (::chmod(path_.c_str(), 0777 & ~mask) != 0 ||
            std::rename(path_.c_str(), dir.c_str()) != 0) {
            int error = errno;
            if (error == EEXIST || error == ENOTEMPTY || error == ENOTDIR || error == EISDIR) {
                fail(ErrorKind::conflict,
                     "{}: something was put there meanwhile; publish writes only into a new or "
                     "empty directory",
                     dir);
            }
            fail(ErrorKind::io, "cannot put the site at {}: {}", dir, std::strerror(error));
        }
        path_.clear();
    }

  private:
    std::string path_;
};

struct PublishArgs {
    std::string out;
    std::string as_of;

    void add_cli(CLI::App& command) {
        command.add_option("--out", out, "Directory to write the site to (must be new or empty)")
            ->required()
            ->option_text("DIR");
        command
            .add_option("--as-of", as_of,
                        "Publish every status as it stood at the end of this day (default today)")
            ->check(k_date);
    }

    void run(Context& ctx) {
        if (ctx.in_batch()) {
            fail(ErrorKind::usage, "publish cannot run inside a batch");
        }
        std::string dir = without_trailing_slashes(out);
        std::string last = dir.substr(dir.rfind('/') + 1);
        if (dir.empty() || last == "." || last == ".." || dir == "/") {
            // The site is renamed into place: it needs a name of its own.
            fail(ErrorKind::usage, "--out needs a directory named by its own name, not '{}'", out);
        }
        std::string day = effective_date(as_of, "--as-of");
        require_new_or_empty(dir);
        Store& store = ctx.store();
        UnfinishedSite unfinished(dir);
        DirectorySite site(unfinished.path(), dir);
        PublishedSite published = publish_site(store, day, site);
        unfinished.put_in_place(dir);
        ctx.out << dir << "/index.html\n";
        ctx.note(fmt::format("published {} engagement{} as of {} in {} files",
                             published.engagements, published.engagements == 1 ? "" : "s", day,
                             published.files));
    }
};

} // namespace

void add_publish(CLI::App& app, Context& ctx, Action& action) {
    subcommand<PublishArgs>(
        app, ctx, action, "publish",
        "Write the public status site: static, accessible pages and open data",
        R"(Writes an overview, one page per organizational assessment and critical
response (with a chart of its recommendations month by month), the open data
(CSV and JSON) and a data dictionary: the public report's fields only. DIR
must be new or empty (exit 5 otherwise); the site is built beside it and
renamed into place whole. Prints the path of the site's index.html.

Examples:
  crt publish --out site --as-of 2026-06-30
  crt publish --out /srv/www/cri-status)");
}

} // namespace crt::cli
