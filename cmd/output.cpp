#include "cmd/output.h"

#include "lib/base/error.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <sys/stat.h>
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

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
    struct stat existing {};
    if (::stat(path_.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode)) {
        fail(ErrorKind::io, "cannot write {}: it is a directory", path_);
    }
    std::string pattern = path_ + ".unfinished-output-XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
        fail(ErrorKind::io, "cannot write {}: {}", path_, std::strerror(errno));
    }
    temp_ = pattern;
    buffer_ = std::make_unique<CheckedOutput>(fd);
    std::cout.flush();
    previous_ = std::cout.rdbuf(buffer_.get());
}

void OutputFile::restore() {
    if (previous_ != nullptr) {
        std::cout.flush();
        std::cout.rdbuf(previous_);
        previous_ = nullptr;
    }
}

OutputFile::~OutputFile() {
    restore();
    if (!temp_.empty()) {
        if (buffer_) {
            buffer_->finish();
        }
        ::unlink(temp_.c_str());
    }
}

void OutputFile::commit() {
    restore();
    std::string temp = std::move(temp_);
    temp_.clear();
    int error = buffer_->finish();
    buffer_.reset();
    if (error == 0) {
        // Durable before it replaces what was there.
        int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::fsync(fd) != 0) {
            error = errno;
        }
        if (fd >= 0) {
            ::close(fd);
        }
    }
    if (error == 0 && std::rename(temp.c_str(), path_.c_str()) != 0) {
        error = errno;
    }
    if (error != 0) {
        ::unlink(temp.c_str());
        fail(ErrorKind::io, "cannot write {}: {}", path_, std::strerror(error));
    }
}

} // namespace crt::cli
