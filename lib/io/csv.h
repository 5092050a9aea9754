// A streaming RFC 4180 reader. libcsv (Debian's streaming parser) was weighed
// and not used: its callbacks carry no position, so a bad row could not be
// named by its physical line, and it takes a lone CR as a row end without a
// word. This reader is small, strict, and fuzzed (tests/fuzz).
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace crt {

// One record of fields and the physical line it starts on (1-based), so a
// quoted field that spans lines does not shift the numbers of later rows.
struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

class CsvReader {
  public:
    // Reads `in` in chunks; memory stays bounded by the longest record.
    explicit CsvReader(std::istream& in);

    // The next record, or false at the end. Throws an `invalid` Error naming
    // `LINE:COLUMN` for an unbalanced quote, a character after a closing
    // quote, a NUL byte, a lone CR, invalid UTF-8 or a field over 1 MiB.
    // A UTF-8 byte order mark at the very start is skipped; LF and CRLF both
    // end records; a final line without a line end is read.
    bool next(CsvRecord& record);

  private:
    // The field being read: its text, whether it is inside quotes or just
    // after closing ones, and where it began (for messages).
    struct Field {
        std::string text;
        bool quoted = false;
        bool after_quote = false;
        std::size_t line = 0;
        std::size_t column = 0;
    };
    int get();
    int peek();
    void skip_byte_order_mark();
    void finish_field(Field& field, CsvRecord& record);
    void quoted_char(int c, Field& field);

    std::istream& in_;
    std::vector<char> buffer_;
    std::size_t position_ = 0;
    std::size_t size_ = 0;
    std::size_t line_ = 1;
    std::size_t column_ = 1;
    bool started_ = false;
};

// Splits one line of text as CSV (for tests and small inputs).
std::vector<std::string> parse_csv_line(const std::string& line);

} // namespace crt
