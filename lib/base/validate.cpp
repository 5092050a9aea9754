#include "lib/base/validate.h"

#include "lib/base/error.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace crt {

namespace {

constexpr std::array<std::string_view, 56> k_states = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV",
    "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN",
    "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP"};

bool is_upper_alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

} // namespace

bool is_state(std::string_view text) {
    return std::find(k_states.begin(), k_states.end(), text) != k_states.end();
}

bool is_ori(std::string_view text) {
    if (text.size() != 9 || !is_state(text.substr(0, 2))) {
        return false;
    }
    return std::all_of(text.begin() + 2, text.end(), is_upper_alnum);
}

bool is_email(std::string_view text) {
    auto at = text.find('@');
    if (at == std::string_view::npos || at == 0 ||
        text.find('@', at + 1) != std::string_view::npos || text.size() > 254) {
        return false;
    }
    if (invalid_utf8_offset(text)) {
        return false;
    }
    auto domain = text.substr(at + 1);
    auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
        return false;
    }
    return std::none_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == '"';
    });
}

bool is_handle(std::string_view text) {
    if (text.empty() || text.size() > 64 || !is_lower_alnum(text.front())) {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](char c) {
        return is_lower_alnum(c) || c == '.' || c == '_' || c == '-';
    });
}

bool is_kebab_id(std::string_view text) {
    if (text.empty() || text.size() > 64 || text.front() == '-' || text.back() == '-' ||
        text.find("--") != std::string_view::npos) {
        return false;
    }
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return is_lower_alnum(c) || c == '-'; });
}

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte == 0) {
            return i;
        }
        if (byte < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned long code = 0;
        if ((byte & 0xE0) == 0xC0) {
            length = 2;
            code = byte & 0x1F;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3;
            code = byte & 0x0F;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4;
            code = byte & 0x07;
        } else {
            return i;
        }
        if (i + length > text.size()) {
            return i;
        }
        for (std::size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return i;
            }
            code = (code << 6) | (next & 0x3F);
        }
        constexpr std::array<unsigned long, 5> k_minimum = {0, 0, 0x80, 0x800, 0x10000};
        if (code < k_minimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return i;
        }
        i += length;
    }
    return std::nullopt;
}

void check_text(std::string_view text, std::string_view what) {
    if (auto offset = invalid_utf8_offset(text)) {
        fail(ErrorKind::invalid, "{}: invalid UTF-8 or NUL byte at byte {}", what, *offset + 1);
    }
}

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool holds_email(std::string_view text) {
    for (auto at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
        auto word_char = [](char c) {
            return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '@' && c != '<' &&
                   c != '>' && c != ',' && c != ';' && c != '(' && c != ')';
        };
        if (at == 0 || !word_char(text[at - 1])) {
            continue;
        }
        std::size_t end = at + 1;
        while (end < text.size() && word_char(text[end])) {
            ++end;
        }
        std::string_view domain = text.substr(at + 1, end - at - 1);
        while (!domain.empty() && domain.back() == '.') {
            domain.remove_suffix(1);
        }
        auto dot = domain.rfind('.');
        if (dot != std::string_view::npos && dot > 0 && domain.size() - dot - 1 >= 2) {
            return true;
        }
    }
    return false;
}

// A run of digits joined by single separators, as a phone number is written.
bool holds_phone(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        bool plus = text[i] == '+' && i + 1 < text.size() && is_digit(text[i + 1]);
        bool paren = text[i] == '(' && i + 1 < text.size() && is_digit(text[i + 1]);
        if (!is_digit(text[i]) && !plus && !paren) {
            ++i;
            continue;
        }
        if (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.')) {
            ++i; // inside a longer number such as 4.2.1
            continue;
        }
        std::vector<std::size_t> groups; // digits per group
        std::size_t longest = 0;
        std::size_t j = plus || paren ? i + 1 : i;
        while (j < text.size() && is_digit(text[j])) {
            std::size_t start = j;
            while (j < text.size() && is_digit(text[j])) {
                ++j;
            }
            groups.push_back(j - start);
            longest = std::max(longest, j - start);
            // One separator (a closing parenthesis may be followed by a space).
            std::size_t next = j;
            if (next < text.size() && text[next] == ')') {
                ++next;
            }
            if (next < text.size() &&
                (text[next] == '-' || text[next] == ' ' || text[next] == '.')) {
                ++next;
            }
            if (next == j || next >= text.size() || !is_digit(text[next])) {
                break;
            }
            j = next;
        }
        std::size_t digits = 0;
        for (auto g : groups) {
            digits += g;
        }
        std::size_t n = groups.size();
        bool three_four = n >= 2 && groups[n - 2] == 3 && groups[n - 1] == 4;
        if (longest >= 10 || three_four || (plus && digits >= 8)) {
            return true;
        }
        i = j + 1;
    }
    return false;
}

} // namespace

std::optional<std::string_view> personal_contact(std::string_view text) {
    if (holds_email(text)) {
        return "an email address";
    }
    if (holds_phone(text)) {
        return "a phone number";
    }
    return std::nullopt;
}

std::optional<long long> parse_integer(std::string_view text, long long min, long long max) {
    long long value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty() || value < min ||
        value > max) {
        return std::nullopt;
    }
    return value;
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        auto item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        while (!item.empty() && item.back() == ' ') {
            item.remove_suffix(1);
        }
        if (!item.empty()) {
            items.emplace_back(item);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return items;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ",") + item;
    }
    return out;
}

void sort_unique(std::vector<std::string>& items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
}

} // namespace crt
