// libFuzzer target: the catalogue loader (UTF-8 check, toml++, the checks of
// every level, category and topic) never crashes on any bytes.
#include "lib/base/catalogue.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    crt::Catalogue catalogue;
    crt::check_catalogue(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml",
                         catalogue);
    return 0;
}
