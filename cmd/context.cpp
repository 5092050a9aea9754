#include "cmd/context.h"

#include "lib/base/dates.h"

#include <cstdlib>

namespace crt::cli {

std::string Context::db_path() const {
    if (!globals.db.empty()) {
        return globals.db;
    }
    if (const char* env = std::getenv("CRT_DB"); env != nullptr && *env != '\0') {
        return env;
    }
    return "crt.db";
}

Store& Context::store() {
    if (batch_ != nullptr) {
        return batch_->store();
    }
    if (!store_) {
        store_.emplace(Store::open(db_path()));
    }
    return *store_;
}

std::string Context::catalogue_path() const {
    return locate_catalogue(globals.topics, executable);
}

const Catalogue& Context::catalogue() {
    if (batch_ != nullptr) {
        return batch_->catalogue();
    }
    if (!catalogue_) {
        catalogue_.emplace(load_catalogue(catalogue_path()));
    }
    return *catalogue_;
}

Format Context::format(Format fallback) const {
    if (globals.format.empty()) {
        return fallback;
    }
    return parse_format(globals.format).value_or(fallback);
}

Stamp Context::stamp(const std::string& date, const std::string& earliest,
                     const std::string& earliest_what) {
    return {resolve_actor(globals.actor), effective_date(date, "--date", earliest, earliest_what)};
}

void Context::print(const Table& table, Format fallback) {
    write_table(out, table, format(fallback));
}

void Context::print_record(const Table& table, Format fallback) {
    write_record(out, table, format(fallback));
}

void Context::note(const std::string& message) {
    if (!globals.quiet) {
        err << message << '\n';
    }
}

} // namespace crt::cli
