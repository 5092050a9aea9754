#include "cmd/app.h"

#include <filesystem>

int main(int argc, char** argv) {
    crt::cli::Context ctx;
    std::error_code ignored;
    ctx.executable = std::filesystem::read_symlink("/proc/self/exe", ignored).string();
    return crt::cli::run(ctx, std::vector<std::string>(argv + 1, argv + argc));
}
