// libFuzzer target: an NDJSON import of requests (dry run, into one database
// made once per process) never crashes; bad input is refused with an Error.
#include "lib/base/catalogue.h"
#include "lib/base/error.h"
#include "lib/io/import.h"
#include "lib/store/store.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <unistd.h>

namespace {

struct World {
    crt::Store store;
    crt::Catalogue catalogue;
};

World& world() {
    static World* instance = [] {
        std::string dir = (std::filesystem::temp_directory_path() / "crt-fuzz-XXXXXX").string();
        if (mkdtemp(dir.data()) == nullptr) {
            std::abort();
        }
        const char* topics = std::getenv("CRT_TOPICS");
        if (topics == nullptr) {
            std::fputs("fuzz_ndjson: set CRT_TOPICS to the catalogue\n", stderr);
            std::abort();
        }
        auto* w = new World{crt::Store::create(dir + "/fuzz.db"), crt::load_catalogue(topics)};
        w->store.exec("INSERT INTO agency (ori, name, type, state) VALUES ('CA0194200', "
                      "'Riverton', 'municipal', 'CA')");
        return w;
    }();
    return *instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    World& w = world();
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    crt::ImportOptions options;
    options.source = "fuzz.ndjson";
    options.ndjson = true;
    options.dry_run = true;
    try {
        crt::import_data(w.store, w.catalogue, crt::DataKind::requests, in, options,
                         {"fuzz", "2026-01-01"});
    } catch (const crt::Error&) {
    }
    return 0;
}
