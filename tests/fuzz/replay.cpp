// Replays saved inputs through a libFuzzer target without libFuzzer, so the
// seed corpora and every crash input saved after a fix run in the normal
// build (any compiler, no fuzzer flags) as a plain test.
// Usage: fuzz_replay_<target> PATH...  (files, or directories read
// recursively in sorted order). A crash aborts the process, as under libFuzzer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Optional in a target, as under libFuzzer.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

// collect PATH: the regular files PATH names, sorted; false (with a message)
// when PATH does not exist or is a directory without any regular file.
bool collect(const fs::path& path, std::vector<fs::path>& files) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        files.push_back(path);
        return true;
    }
    if (!fs::is_directory(path, ec)) {
        std::fprintf(stderr, "replay: %s: %s\n", path.c_str(),
                     fs::exists(path, ec) ? "not a regular file or directory"
                                          : "no such file or directory");
        return false;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(path, ec);
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) {
            found.push_back(it->path());
        }
    }
    if (ec) {
        std::fprintf(stderr, "replay: %s: %s\n", path.c_str(), ec.message().c_str());
        return false;
    }
    if (found.empty()) {
        std::fprintf(stderr, "replay: %s: directory holds no files\n", path.c_str());
        return false;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
    return true;
}

bool read_file(const fs::path& path, std::string& bytes) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    bytes = std::move(buffer).str();
    return !in.bad() && in.is_open();
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PATH...  (files or directories of inputs)\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> files;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        ok = collect(argv[i], files) && ok;
    }
    if (!ok) {
        return 1;
    }
    if (LLVMFuzzerInitialize != nullptr) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    std::size_t passed = 0;
    std::size_t failed = 0;
    for (const auto& path : files) {
        std::string bytes;
        if (!read_file(path, bytes)) {
            std::fprintf(stderr, "replay: %s: cannot read\n", path.c_str());
            return 1;
        }
        // Printed before the run so that the last line names a crashing input.
        std::printf("%s (%zu bytes)\n", path.c_str(), bytes.size());
        std::fflush(stdout);
        // An exact-size heap copy, as libFuzzer passes, so that AddressSanitizer
        // catches a read past the end.
        std::unique_ptr<std::uint8_t[]> data(new std::uint8_t[bytes.size()]);
        std::memcpy(data.get(), bytes.data(), bytes.size());
        // libFuzzer reserves every value but 0 and -1 (do not keep the input).
        const int result = LLVMFuzzerTestOneInput(data.get(), bytes.size());
        if (result == 0 || result == -1) {
            ++passed;
        } else {
            std::fprintf(stderr, "replay: %s: the target returned %d\n", path.c_str(), result);
            ++failed;
        }
    }
    std::printf("%zu passed, %zu failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
