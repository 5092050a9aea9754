#include "cmd/output.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace crt::cli {

bool CheckedOutput::write_all(const char* data, std::size_t size) {
    if (error_ != 0) {
        return false;
    }
    while (size > 0) {
        ssize_t written = ::write(fd_, data, size);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            error_ = errno;
            return false;
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}

bool CheckedOutput::drain() {
    bool ok = write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return ok;
}

CheckedOutput::int_type CheckedOutput::overflow(int_type ch) {
    if (!drain()) {
        return traits_type::eof();
    }
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(ch);
        pbump(1);
    }
    return traits_type::not_eof(ch);
}

std::streamsize CheckedOutput::xsputn(const char* data, std::streamsize size) {
    auto room = static_cast<std::streamsize>(epptr() - pptr());
    if (size <= room) {
        std::memcpy(pptr(), data, static_cast<std::size_t>(size));
        pbump(static_cast<int>(size));
        return size;
    }
    // Larger than what is left: send what is buffered, then the data itself.
    if (!drain() || !write_all(data, static_cast<std::size_t>(size))) {
        return 0;
    }
    return size;
}

int CheckedOutput::sync() {
    return drain() ? 0 : -1;
}

int CheckedOutput::finish() {
    drain();
    if (::close(fd_) != 0 && error_ == 0 && errno != EINTR) {
        error_ = errno;
    }
    return error_;
}

} // namespace crt::cli
