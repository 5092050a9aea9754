#include "lib/base/shellwords.h"

#include "lib/base/error.h"

namespace crt {

namespace {

// Reads the double-quoted part that opens at `open` into `word`, where a
// backslash escapes only " \ $ and `, as in sh; returns the index after it.
std::size_t read_double_quoted(std::string_view line, std::size_t open, std::string& word) {
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
        } else {
            word += d;
            ++i;
        }
    }
}

} // namespace

std::vector<std::string> split_shell_words(std::string_view line) {
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
            i = read_double_quoted(line, i, word);
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
