// Runs a command and prints its wall time in seconds and peak RSS in KiB:
// `crt-bench-measure [--stdin FILE] [--stdout FILE] -- CMD ARGS...`.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    const char* input = nullptr;
    const char* output = "/dev/null";
    int i = 1;
    for (; i < argc && std::strcmp(argv[i], "--") != 0; i += 2) {
        if (i + 1 >= argc) {
            return 2;
        }
        if (std::strcmp(argv[i], "--stdin") == 0) {
            input = argv[i + 1];
        } else if (std::strcmp(argv[i], "--stdout") == 0) {
            output = argv[i + 1];
        }
    }
    if (i + 1 >= argc) {
        std::fprintf(stderr, "usage: %s [--stdin FILE] [--stdout FILE] -- CMD ARGS...\n", argv[0]);
        return 2;
    }
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        if (input != nullptr) {
            int fd = open(input, O_RDONLY);
            dup2(fd, 0);
        }
        int fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        execvp(argv[i + 1], argv + i + 1);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    std::printf("%.4f %ld\n", seconds, usage.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
