#include "lib/io/csv.h"

#include "lib/base/error.h"
#include "lib/base/validate.h"

#include <sstream>

namespace crt {

namespace {

constexpr std::size_t k_chunk = 1 << 16;

} // namespace

std::string describe_bytes(std::size_t bytes) {
    constexpr std::size_t k_mib = 1 << 20;
    if (bytes >= k_mib && bytes % k_mib == 0) {
        return fmt::format("{} MiB", bytes / k_mib);
    }
    return fmt::format("{} bytes", bytes);
}

CsvReader::CsvReader(std::istream& in, ReadLimits limits)
    : in_(in), limits_(limits), buffer_(k_chunk) {}

int CsvReader::peek() {
    if (position_ == size_) {
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        size_ = static_cast<std::size_t>(in_.gcount());
        position_ = 0;
        if (size_ == 0) {
            return -1;
        }
    }
    return static_cast<unsigned char>(buffer_[position_]);
}

int CsvReader::get() {
    int c = peek();
    if (c >= 0) {
        ++position_;
        if (c == '\n') {
            ++line_;
            column_ = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column_;
        }
    }
    return c;
}

void CsvReader::skip_byte_order_mark() {
    if (peek() == 0xEF) {
        get();
        if (get() != 0xBB || get() != 0xBF) {
            fail(ErrorKind::invalid, "1:1: invalid UTF-8 at the start of the file");
        }
        column_ = 1;
    }
}

void CsvReader::finish_field(Field& field, CsvRecord& record) {
    // Checked before the field is kept: a line of commas is refused at its
    // limit, not after a string per comma has been allocated.
    if (record.fields.size() >= limits_.fields) {
        fail(ErrorKind::invalid, "{}:{}: more than {} fields in a record", field.line, field.column,
             limits_.fields);
    }
    if (auto bad = invalid_utf8_offset(field.text)) {
        fail(ErrorKind::invalid, "{}:{}: invalid UTF-8 in a field (byte {} of it)", field.line,
             field.column, *bad + 1);
    }
    record.fields.push_back(std::move(field.text));
    field = Field{{}, false, false, line_, column_};
}

// `c` inside a quoted field: a doubled quote is one quote, a single one closes.
void CsvReader::quoted_char(int c, Field& field) {
    if (c < 0) {
        fail(ErrorKind::invalid, "{}:{}: quoted field is never closed", field.line, field.column);
    }
    if (c != '"') {
        field.text += static_cast<char>(c);
    } else if (peek() == '"') {
        get();
        field.text += '"';
    } else {
        field.quoted = false;
        field.after_quote = true;
    }
}

bool CsvReader::next(CsvRecord& record) {
    if (!started_) {
        started_ = true;
        skip_byte_order_mark();
    }
    record.fields.clear();
    record.line = line_;
    if (peek() < 0) {
        return false;
    }
    Field field{{}, false, false, line_, column_};
    std::size_t bytes = 0;
    while (true) {
        std::size_t line = line_;
        std::size_t column = column_;
        int c = get();
        if (c >= 0 && ++bytes > limits_.record_bytes) {
            fail(ErrorKind::invalid, "{}:1: record longer than {}", record.line,
                 describe_bytes(limits_.record_bytes));
        }
        if (c == 0) {
            fail(ErrorKind::invalid, "{}:{}: NUL byte", line, column);
        }
        if (field.quoted) {
            quoted_char(c, field);
        } else if (c < 0 || c == '\n') {
            finish_field(field, record);
            return true;
        } else if (c == '\r') {
            if (peek() != '\n') {
                fail(ErrorKind::invalid, "{}:{}: a CR without LF (use LF or CRLF line ends)", line,
                     column);
            }
        } else if (c == ',') {
            finish_field(field, record);
        } else if (field.after_quote) {
            fail(ErrorKind::invalid, "{}:{}: unexpected character after a closing quote", line,
                 column);
        } else if (c == '"') {
            if (!field.text.empty()) {
                fail(ErrorKind::invalid, "{}:{}: quote inside an unquoted field", line, column);
            }
            field.quoted = true;
        } else {
            field.text += static_cast<char>(c);
        }
        if (field.text.size() > limits_.field_bytes) {
            fail(ErrorKind::invalid, "{}:{}: field longer than {}", field.line, field.column,
                 describe_bytes(limits_.field_bytes));
        }
    }
}

std::vector<std::string> parse_csv_line(const std::string& line) {
    std::istringstream in(line);
    CsvReader reader(in);
    CsvRecord record;
    reader.next(record);
    return record.fields;
}

} // namespace crt
