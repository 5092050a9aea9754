// Standard output that notices when a write fails. std::cout alone turns a
// full disk into a silent, short file; this buffer writes to file descriptor 1
// itself, keeps the first error, and lets main() report it (exit 7) once the
// command has run. A reader that goes away (EPIPE, with SIGPIPE ignored) is
// not an error: output just ends.
#pragma once

#include <array>
#include <streambuf>
#include <string>

namespace crt::cli {

class CheckedOutput : public std::streambuf {
  public:
    explicit CheckedOutput(int fd) : fd_(fd) {
        setp(buffer_.data(), buffer_.data() + buffer_.size());
    }
    CheckedOutput(const CheckedOutput&) = delete;
    CheckedOutput& operator=(const CheckedOutput&) = delete;

    // Flushes and closes the descriptor; the errno of the first failed write,
    // flush or close, or 0.
    int finish();
    // The errno of the first failure so far, or 0.
    int error() const { return error_; }

  protected:
    int_type overflow(int_type ch) override;
    int sync() override;
    std::streamsize xsputn(const char* data, std::streamsize size) override;

  private:
    bool drain();
    bool write_all(const char* data, std::size_t size);

    int fd_;
    int error_ = 0;
    std::array<char, 1 << 16> buffer_{};
};

} // namespace crt::cli
