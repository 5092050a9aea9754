// What every command shares: the global options, the database and catalogue
// (opened on first use), and the output stream. Only cmd/ prints.
#pragma once

#include "lib/base/catalogue.h"
#include "lib/base/format.h"
#include "lib/base/view.h"
#include "lib/model/history.h"
#include "lib/store/store.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace crt::cli {

// The options every list and report takes (add_list_options), as given.
struct ListOptions {
    std::string columns;
    std::string sort;
    std::size_t limit = 0;
    std::string output;
};

struct Globals {
    std::string db;
    std::string topics;     // --catalogue
    std::string old_topics; // --topics, its old spelling
    std::string actor;
    std::string format;
    bool quiet = false;
};

class Context {
  public:
    Globals globals;
    std::string executable;
    std::ostream& out = std::cout;
    std::ostream& err = std::cerr;
    // The ids of new records a command printed (request new, milestone add
    // and plan, history void and redate), which a batch's later lines may
    // use as $LINE.
    std::vector<long long> created;

    // `--db`, else `$CRT_DB`, else `./crt.db`.
    std::string db_path() const;
    // The database as messages name it: a URI with its password hidden.
    std::string db_shown() const;
    // The open database; a missing or foreign one is an error (exit 7).
    Store& store();
    // Makes store() and catalogue() those of `batch`, whose transaction
    // every line of a batch shares.
    void share(Context& batch) { batch_ = &batch; }
    bool in_batch() const { return batch_ != nullptr; }
    const Catalogue& catalogue();
    std::string catalogue_path() const;
    // `--format`, else the command's own default.
    Format format(Format fallback = Format::table) const;
    // Actor and effective date for a change; `date` is the `--date` value.
    Stamp stamp(const std::string& date, const std::string& earliest = {},
                const std::string& earliest_what = {});

    // The list options of the command being run; reset before each parse.
    ListOptions list;
    // --columns, --sort and --limit as a view (a malformed list is exit 2).
    View view() const;
    // The width table output fits: the terminal's (else $COLUMNS, else 80)
    // when standard output is a terminal, 0 otherwise (a pipe, a file, -o).
    std::size_t width() const;

    // A list through the view; `compact` names the default columns of the
    // table format (the other formats show every column unless --columns).
    void print(const Table& table, Format fallback = Format::table,
               const std::vector<std::string>& compact = {});
    void print_record(const Table& table, Format fallback = Format::table);
    // A message for people on stderr, unless `-q`.
    void note(const std::string& message);

  private:
    std::optional<Store> store_;
    Context* batch_ = nullptr;
    std::optional<Catalogue> catalogue_;
};

// Adds --columns, --sort, --limit and -o/--output to a list or report.
void add_list_options(CLI::App& command, Context& ctx);

} // namespace crt::cli
