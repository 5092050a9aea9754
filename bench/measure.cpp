// Runs a command and prints its wall time in seconds and peak RSS in KiB:
// `crt-bench-measure [--stdin FILE] [--stdout FILE] [--repeat K] -- CMD ARGS...`.
// With --repeat K the command runs K times one after the other (each with
// FILE as its standard input again); the time printed is the mean of the K
// runs and the RSS the largest of any of them. A command that fails stops
// the series, and its exit status is returned.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Runs the command once; returns its exit status (1 if it did not exit).
int run_once(const char* input, const char* output, char** command) {
    pid_t pid = fork();
    if (pid < 0) {
        std::perror("crt-bench-measure: fork");
        return 1;
    }
    if (pid == 0) {
        if (input != nullptr) {
            int fd = open(input, O_RDONLY);
            if (fd < 0) {
                _exit(126);
            }
            dup2(fd, 0);
        }
        int fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        execvp(command[0], command);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

} // namespace

int main(int argc, char** argv) {
    const char* input = nullptr;
    const char* output = "/dev/null";
    long repeat = 1;
    int i = 1;
    for (; i < argc && std::strcmp(argv[i], "--") != 0; i += 2) {
        if (i + 1 >= argc) {
            return 2;
        }
        if (std::strcmp(argv[i], "--stdin") == 0) {
            input = argv[i + 1];
        } else if (std::strcmp(argv[i], "--stdout") == 0) {
            output = argv[i + 1];
        } else if (std::strcmp(argv[i], "--repeat") == 0) {
            char* end = nullptr;
            repeat = std::strtol(argv[i + 1], &end, 10);
            if (*end != '\0' || repeat < 1) {
                std::fprintf(stderr, "crt-bench-measure: --repeat needs a count of 1 or more\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "crt-bench-measure: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (i + 1 >= argc) {
        std::fprintf(stderr,
                     "usage: %s [--stdin FILE] [--stdout FILE] [--repeat K] -- CMD ARGS...\n",
                     argv[0]);
        return 2;
    }
    int status = 0;
    auto start = std::chrono::steady_clock::now();
    for (long run = 0; run < repeat && status == 0; ++run) {
        status = run_once(input, output, argv + i + 1);
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
        static_cast<double>(repeat);
    // The largest RSS of any child waited for: the peak over the K runs.
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    std::printf("%.6f %ld\n", seconds, usage.ru_maxrss);
    return status;
}
