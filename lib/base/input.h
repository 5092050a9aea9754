// Opening files a user names: one set of checks and messages for the
// catalogue, imports and batch files.
#pragma once

#include <fstream>
#include <string>

namespace crt {

// Opens `path` for reading in binary; throws `io` naming the path when it is
// a directory or cannot be read (a missing file among them).
void open_input(const std::string& path, std::ifstream& in);

// Reads a whole file, with the checks of open_input.
std::string read_file(const std::string& path);

} // namespace crt
