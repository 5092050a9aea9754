#include "lib/base/shellwords.h"

#include "lib/base/error.h"

namespace crt {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads the line reference ($N or ${N}) at `dollar` into `word` as `expand`
// gives it, and returns the index after it. Without `expand`, or when no
// reference starts there ("$", "$x", "US$ 5"), the dollar sign is literal.
std::size_t read_reference(std::string_view line, std::size_t dollar, std::string& word,
                           const ExpandReference& expand) {
    std::size_t start = dollar + 1;
    if (!expand || start >= line.size() || (!is_digit(line[start]) && line[start] != '{')) {
        word += '$';
        return start;
    }
    bool braced = line[start] == '{';
    if (braced) {
        ++start;
    }
    std::size_t end = start;
    while (end < line.size() && is_digit(line[end])) {
        ++end;
    }
    if (braced && (end == start || end >= line.size() || line[end] != '}')) {
        fail(ErrorKind::invalid,
             "column {}: '${{' must hold a line number, as in ${{3}} (a literal $ is written "
             "'$' or \\$)",
             dollar + 1);
    }
    word += expand(line.substr(start, end - start));
    return braced ? end + 1 : end;
}

// Reads the double-quoted part that opens at `open` into `word`, where a
// backslash escapes only " \ $ and `, as in sh, and a line reference is
// expanded; returns the index after it.
std::size_t read_double_quoted(std::string_view line, std::size_t open, std::string& word,
                               const ExpandReference& expand) {
    std::size_t i = open + 1;
    while (true) {
        if (i >= line.size()) {
            fail(ErrorKind::invalid, "column {}: unterminated double quote", open + 1);
        }
        char d = line[i];
        if (d == '"') {
            return i + 1;
        }
        if (d == '\\' && i + 1 < line.size() &&
            (line[i + 1] == '"' || line[i + 1] == '\\' || line[i + 1] == '$' ||
             line[i + 1] == '`')) {
            word += line[i + 1];
            i += 2;
        } else if (d == '$') {
            i = read_reference(line, i, word, expand);
        } else {
            word += d;
            ++i;
        }
    }
}

} // namespace

std::vector<std::string> split_shell_words(std::string_view line, const ExpandReference& expand) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    std::size_t i = 0;
    auto column = [&](std::size_t at) { return at + 1; };
    if (auto nul = line.find('\0'); nul != std::string_view::npos) {
        fail(ErrorKind::invalid, "column {}: NUL byte", column(nul));
    }
    while (i < line.size()) {
        char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (in_word) {
                words.push_back(std::move(word));
                word.clear();
                in_word = false;
            }
            ++i;
        } else if (c == '#' && !in_word) {
            break;
        } else if (c == '\'') {
            std::size_t close = line.find('\'', i + 1);
            if (close == std::string_view::npos) {
                fail(ErrorKind::invalid, "column {}: unterminated single quote", column(i));
            }
            word.append(line.substr(i + 1, close - i - 1));
            in_word = true;
            i = close + 1;
        } else if (c == '"') {
            i = read_double_quoted(line, i, word, expand);
            in_word = true;
        } else if (c == '$') {
            i = read_reference(line, i, word, expand);
            in_word = true;
        } else if (c == '\\') {
            if (i + 1 >= line.size()) {
                fail(ErrorKind::invalid, "column {}: backslash at the end of the line", column(i));
            }
            word += line[i + 1];
            in_word = true;
            i += 2;
        } else {
            word += c;
            in_word = true;
            ++i;
        }
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
    return words;
}

} // namespace crt
