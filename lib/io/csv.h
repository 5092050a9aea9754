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

// The most the readers (CSV here, NDJSON in import) take from one record, so
// that memory stays flat whatever the input: a record past a limit is
// refused as soon as the limit is passed, before more of it is kept. Far
// above any real record (crt's widest kind has 17 columns).
struct ReadLimits {
    std::size_t fields = 256;           // fields of a CSV record, values of an NDJSON line
    std::size_t field_bytes = 1 << 20;  // bytes of one field or one JSON string
    std::size_t record_bytes = 4 << 20; // bytes of one CSV record or NDJSON line
};

// `1 MiB` for a whole number of MiB, else `N bytes`: how messages name a limit.
std::string describe_bytes(std::size_t bytes);

class CsvReader {
  public:
    // Reads `in` in chunks; memory stays bounded by `limits`.
    explicit CsvReader(std::istream& in, ReadLimits limits = {});

    // The next record, or false at the end. Throws an `invalid` Error naming
    // `LINE:COLUMN` for an unbalanced quote, a character after a closing
    // quote, a NUL byte, a lone CR, invalid UTF-8, or a record past one of
    // the limits (too many fields, a field or the record too long).
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
    ReadLimits limits_;
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
