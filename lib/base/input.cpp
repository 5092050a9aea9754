#include "lib/base/input.h"

#include "lib/base/error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace crt {

void open_input(const std::string& path, std::ifstream& in) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        fail(ErrorKind::io, "{}: is a directory, not a file", path);
    }
    in.open(path, std::ios::binary);
    if (!in) {
        fail(ErrorKind::io, "{}: cannot read the file ({})", path, std::strerror(errno));
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in;
    open_input(path, in);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        fail(ErrorKind::io, "{}: cannot read the file", path);
    }
    return text.str();
}

} // namespace crt
