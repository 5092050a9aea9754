// libFuzzer target: the CSV reader never crashes; any input either reads or
// is refused with a crt::Error.
#include "lib/base/error.h"
#include "lib/io/csv.h"

#include <cstddef>
#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    crt::CsvReader reader(in);
    crt::CsvRecord record;
    try {
        while (reader.next(record)) {
        }
    } catch (const crt::Error&) {
    }
    return 0;
}
