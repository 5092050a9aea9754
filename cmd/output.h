// Standard output that notices when a write fails. std::cout alone turns a
// full disk into a silent, short file; this buffer writes to file descriptor 1
// itself, keeps the first error, and lets main() report it (exit 7) once the
// command has run. A reader that goes away (EPIPE, with SIGPIPE ignored) is
// not an error: output just ends.
#pragma once

#include <array>
#include <memory>
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

// -o/--output FILE: standard output goes to a private temporary file beside
// FILE (mode 0600, which the umask can only narrow) and replaces FILE only
// when the command has written all of it; otherwise FILE is left as it was
// and the temporary file is removed.
class OutputFile {
  public:
    explicit OutputFile(std::string path);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();
    // Puts the file in place; a failed write, flush or rename is exit 7.
    void commit();

  private:
    void restore();

    std::string path_;
    std::string temp_;
    std::unique_ptr<CheckedOutput> buffer_;
    std::streambuf* previous_ = nullptr;
};

} // namespace crt::cli
