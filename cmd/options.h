// Option validators shared by the subcommands. A value of the wrong shape is
// a usage error (exit 2) caught while parsing, before anything is opened.
#pragma once

#include "lib/base/dates.h"
#include "lib/base/validate.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <array>
#include <string>
#include <string_view>

namespace crt::cli {

inline CLI::Validator shape(std::string description,
                            std::function<bool(const std::string&)> accepts, std::string what) {
    return CLI::Validator(
        [accepts, what](std::string& value) -> std::string {
            return accepts(value) ? std::string() : fmt::format("'{}' is not {}", value, what);
        },
        description);
}

inline const CLI::Validator k_date = shape(
    "DATE", [](const std::string& v) { return is_date(v); }, "a real date (YYYY-MM-DD)");
inline const CLI::Validator k_ori = shape(
    "ORI", [](const std::string& v) { return is_ori(v); },
    "an ORI (state code + 7 upper-case letters or digits, e.g. CA0194200)");
inline const CLI::Validator k_state = shape(
    "ST", [](const std::string& v) { return is_state(v); }, "a USPS state code");
inline const CLI::Validator k_handle = shape(
    "HANDLE", [](const std::string& v) { return is_handle(v); }, "a handle ([a-z0-9][a-z0-9._-]*)");
inline const CLI::Validator k_email = shape(
    "EMAIL", [](const std::string& v) { return v.empty() || is_email(v); }, "an email address");
inline const CLI::Validator k_topic_id = shape(
    "TOPIC", [](const std::string& v) { return is_kebab_id(v); }, "a topic id (kebab-case)");

// Ids and counts are decimal digits only, whatever CLI11 would accept: its
// conversion detects a base, so `010` would be 8 and `0x0c` 12. The value is
// handed on without leading zeros, so `010` is 10, as in an import file.
inline const CLI::Validator k_decimal = CLI::Validator(
    [](std::string& value) -> std::string {
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) {
            return fmt::format("'{}' is not a number (decimal digits only)", value);
        }
        auto first = value.find_first_not_of('0');
        value = first == std::string::npos ? "0" : value.substr(first);
        if (value.size() > 18) {
            return fmt::format("'{}' is out of range", value);
        }
        return {};
    },
    "");

template <std::size_t N> CLI::Validator one_of(const std::array<std::string_view, N>& values) {
    std::string list;
    for (auto value : values) {
        list += fmt::format("{}{}", list.empty() ? "" : ", ", value);
    }
    return CLI::Validator(
        [values, list](std::string& value) -> std::string {
            for (auto allowed : values) {
                if (allowed == value) {
                    return {};
                }
            }
            return fmt::format("'{}' is not one of: {}", value, list);
        },
        "{" + list + "}");
}

} // namespace crt::cli
