// Helpers shared by the unit tests.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace crt::test {

// A fresh directory for one test case, removed when the case ends. Set
// CRT_KEEP_TMP=1 to keep it for a post-mortem.
class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "crt-unit-XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        if (std::getenv("CRT_KEEP_TMP") == nullptr) {
            std::error_code ignored;
            std::filesystem::remove_all(path_, ignored);
        }
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(file(name), std::ios::binary) << content;
        return file(name);
    }

  private:
    std::filesystem::path path_;
};

// The catalogue in the source tree.
inline std::string source_catalogue() { return std::string(CRT_TEST_DATA) + "/../data/topics.toml"; }

} // namespace crt::test
