#include "cmd/app.h"
#include "cmd/output.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
    // A closed pipe is seen as a failed write (EPIPE) rather than a signal
    // that would kill a batch half-way; see CheckedOutput.
    std::signal(SIGPIPE, SIG_IGN);
    crt::cli::CheckedOutput output(1);
    std::cout.rdbuf(&output);

    crt::cli::Context ctx;
    std::error_code ignored;
    ctx.executable = std::filesystem::read_symlink("/proc/self/exe", ignored).string();
    int code = crt::cli::run(ctx, std::vector<std::string>(argv + 1, argv + argc));

    std::cout.flush();
    int error = output.finish();
    std::cout.rdbuf(nullptr);
    if (error != 0 && error != EPIPE) {
        std::cerr << "crt: error: cannot write standard output: " << std::strerror(error) << '\n';
        return code != 0 ? code : 7;
    }
    return code;
}
