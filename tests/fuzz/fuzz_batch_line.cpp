// libFuzzer target: the batch line parser never crashes and never returns a
// word holding a NUL byte.
#include "lib/base/error.h"
#include "lib/base/shellwords.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        for (const auto& word :
             crt::split_shell_words(std::string_view(reinterpret_cast<const char*>(data), size))) {
            if (word.find('\0') != std::string::npos) {
                std::abort();
            }
        }
    } catch (const crt::Error&) {
    }
    return 0;
}
