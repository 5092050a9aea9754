// Helpers shared by the unit tests.
#pragma once

#include "lib/model/history.h"

#include <algorithm>
#include <vector>

#include "lib/base/error.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
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
inline std::string source_catalogue() {
    return std::string(CRT_TEST_DATA) + "/../data/topics.toml";
}

// The kind of crt::Error that `action` throws, by name ("invalid", "io", ...),
// "none" when it returns normally, or the text of any other exception. A string
// so that a failed CHECK prints what really happened.
template <typename Action> std::string error_kind(Action&& action) {
    try {
        action();
    } catch (const crt::Error& error) {
        switch (error.kind()) {
        case ErrorKind::check_failed: return "check_failed";
        case ErrorKind::usage: return "usage";
        case ErrorKind::not_found: return "not_found";
        case ErrorKind::invalid: return "invalid";
        case ErrorKind::conflict: return "conflict";
        case ErrorKind::busy: return "busy";
        case ErrorKind::io: return "io";
        }
        return "unknown kind";
    } catch (const std::exception& error) {
        return std::string("other exception: ") + error.what();
    }
    return "none";
}

// The message of the crt::Error that `action` throws, or "" when none.
template <typename Action> std::string error_message(Action&& action) {
    try {
        action();
    } catch (const crt::Error& error) {
        return error.what();
    }
    return {};
}

// A file's bytes, to show that a refused operation left it untouched.
inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Sets (or with nullopt unsets) an environment variable for one scope and
// restores the previous value afterwards.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        set(value);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
    ~ScopedEnv() { set(old_); }

  private:
    void set(const std::optional<std::string>& value) {
        if (value) {
            setenv(name_.c_str(), value->c_str(), 1);
        } else {
            unsetenv(name_.c_str());
        }
    }
    std::string name_;
    std::optional<std::string> old_;
};

// The history rows of one field of one entity.
inline std::vector<crt::HistoryRow> history_of_field(crt::Store& store, const std::string& entity,
                                                     const std::string& id,
                                                     const std::string& field) {
    auto rows = crt::history_of(store, entity, id);
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const crt::HistoryRow& row) { return row.field != field; }),
               rows.end());
    return rows;
}

// Runs SQL through the sqlite3 shell (the engine's own tool, not crt's
// store) on the file at `path`, and returns what it printed.
inline std::string sqlite3_shell(const std::string& path, const std::string& sql) {
    std::string command = "sqlite3 '" + path + "' \"" + sql + "\"";
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        std::size_t got = 0;
        while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
            out.append(buffer, got);
        }
        REQUIRE(pclose(pipe) == 0);
    } else {
        FAIL("cannot run sqlite3");
    }
    return out;
}

} // namespace crt::test
