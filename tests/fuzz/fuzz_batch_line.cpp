// libFuzzer target: the batch line parser never crashes and never returns a
// word holding a NUL byte, with and without line references.
#include "lib/base/error.h"
#include "lib/base/shellwords.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view line(reinterpret_cast<const char*>(data), size);
    // As a batch splits a line: line references expanded, the digits given
    // to the expansion never empty and never anything but digits.
    crt::ExpandReference expand = [](std::string_view digits) {
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
            std::abort();
        }
        return std::string("42");
    };
    for (const crt::ExpandReference& expansion : {crt::ExpandReference(), expand}) {
        try {
            for (const auto& word : crt::split_shell_words(line, expansion)) {
                if (word.find('\0') != std::string::npos) {
                    std::abort();
                }
            }
        } catch (const crt::Error&) {
        }
    }
    return 0;
}
