// Writes a deterministic synthetic data set as the CSV files crt imports:
// N requests over all levels and catalogue topics with agencies, experts,
// assignments, milestones and recommendations in realistic proportions.
// Usage: crt-bench-generate N DIR [TOPICS...]
// CRT_BENCH_RECOMMENDATIONS: recommendations per accepted assessment or
// critical response (default 3).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace {

// Dates as days since 1970-01-01, written YYYY-MM-DD.
std::string day(long days) {
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

FILE* open(const std::string& dir, const char* name) {
    FILE* file = std::fopen((dir + "/" + name).c_str(), "w");
    if (file == nullptr) {
        std::fprintf(stderr, "cannot write %s/%s\n", dir.c_str(), name);
        std::exit(1);
    }
    return file;
}

const char* k_states[] = {"CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA",
                          "NC", "MI", "AZ", "WA", "CO", "OR", "NM"};
const char* k_types[] = {"municipal", "county", "sheriff", "state", "tribal", "campus", "transit"};

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s N DIR TOPIC...\n", argv[0]);
        return 2;
    }
    const long n = std::atol(argv[1]);
    const std::string dir = argv[2];
    std::vector<std::string> topics(argv + 3, argv + argc);
    const char* per_engagement = std::getenv("CRT_BENCH_RECOMMENDATIONS");
    const int recommendations =
        per_engagement == nullptr ? 3 : std::max(1, std::atoi(per_engagement));
    std::mt19937_64 rng(20260101);
    auto pick = [&](long below) {
        return static_cast<long>(rng() % static_cast<unsigned long>(below));
    };

    const long agencies = std::max(20L, std::min(18000L, n / 50));
    FILE* out = open(dir, "agencies.csv");
    std::fputs("ori,name,type,state,sworn\n", out);
    std::vector<std::string> oris;
    for (long i = 0; i < agencies; ++i) {
        const char* state = k_states[i % 15];
        oris.push_back(fmt::format("{}{:07}", state, i));
        std::fprintf(out, "%s,Agency %ld Police Department,%s,%s,%ld\n", oris.back().c_str(), i,
                     k_types[pick(7)], state, 5 + pick(3000));
    }
    std::fclose(out);

    const long experts = std::max(10L, std::min(2000L, n / 500));
    out = open(dir, "experts.csv");
    std::fputs("handle,name,org,expertise,capacity\n", out);
    for (long i = 0; i < experts; ++i) {
        std::fprintf(out, "expert%ld,Expert %ld,IACP,\"%s,%s\",%ld\n", i, i,
                     topics[pick(static_cast<long>(topics.size()))].c_str(),
                     topics[pick(static_cast<long>(topics.size()))].c_str(), 500 + pick(500));
    }
    std::fclose(out);

    FILE* requests = open(dir, "requests.csv");
    FILE* assignments = open(dir, "assignments.csv");
    FILE* milestones = open(dir, "milestones.csv");
    std::fputs("id,external_id,agency,level,title,topics,priority,received,status,status_date,"
               "status_note,accepted\n",
               requests);
    std::fputs("request,expert,role,assigned,released,hours\n", assignments);
    std::fputs("request,kind,title,due,status,created,status_date,ref,finding,blocker\n",
               milestones);
    const long first_day = 19000; // 2022-01-08
    const long last_day = 20400;  // 2025-11-08
    const char* levels[] = {"tac", "tac", "tac", "tac", "tac", "tac", "critical", "assessment"};
    const char* statuses[] = {"received",  "accepted",  "active",   "active",   "completed",
                              "completed", "completed", "declined", "withdrawn"};
    const char* open_statuses[] = {"planned", "in-progress", "partial",
                                   "done",    "done",        "cancelled"};
    const char* blockers[] = {"", "", "", "union", "council", "budget"};
    for (long id = 1; id <= n; ++id) {
        const char* level = levels[pick(8)];
        const char* status = statuses[pick(9)];
        long received = first_day + pick(last_day - first_day);
        long status_day = received + 5 + pick(200);
        long accepted_day = received + 1 + pick(4);
        if (std::string(status) == "accepted") {
            status_day = accepted_day;
        }
        if (std::string(status) == "completed") {
            // Completed after its milestones were done (by accepted + 5).
            status_day = std::max(status_day, accepted_day + 6);
        }
        bool accepted = std::string(status) != "received" && std::string(status) != "declined" &&
                        std::string(status) != "withdrawn";
        std::string note =
            accepted || std::string(status) == "received" ? "" : "Agency request changed";
        const std::string& topic = topics[pick(static_cast<long>(topics.size()))];
        std::fprintf(requests, "%ld,EXT-%ld,%s,%s,Request %ld,%s,%s,%s,%s,%s,%s,%s\n", id, id,
                     oris[static_cast<std::size_t>(pick(agencies))].c_str(), level, id,
                     topic.c_str(), pick(10) == 0 ? "high" : "normal", day(received).c_str(),
                     status, day(std::string(status) == "received" ? received : status_day).c_str(),
                     note.c_str(), accepted ? day(accepted_day).c_str() : "");
        if (!accepted) {
            continue;
        }
        bool closed = std::string(status) == "completed";
        std::fprintf(assignments, "%ld,expert%ld,lead,%s,,%ld.%02ld\n", id, pick(experts),
                     day(accepted_day).c_str(), pick(40), pick(100));
        std::fprintf(milestones, "%ld,intake,Intake,%s,done,%s,%s,,,\n", id,
                     day(accepted_day + 7).c_str(), day(accepted_day).c_str(),
                     day(accepted_day + 5).c_str());
        std::fprintf(milestones, "%ld,close-out,Close-out,%s,%s,%s,%s,,,\n", id,
                     day(accepted_day + 90).c_str(), closed ? "done" : "planned",
                     day(accepted_day).c_str(), day(closed ? status_day : accepted_day).c_str());
        if (std::string(level) != "tac") {
            for (int r = 1; r <= recommendations; ++r) {
                const char* rec_status = closed ? "done" : open_statuses[pick(6)];
                std::fprintf(milestones,
                             "%ld,recommendation,Recommendation %d,%s,%s,%s,%s,1.%d,1,%s\n", id, r,
                             day(accepted_day + 180).c_str(), rec_status, day(accepted_day).c_str(),
                             day(std::string(rec_status) == "planned" ? accepted_day
                                                                      : accepted_day + 1 + pick(4))
                                 .c_str(),
                             r, std::string(rec_status) == "done" ? "" : blockers[pick(6)]);
            }
        }
    }
    std::fclose(requests);
    std::fclose(assignments);
    std::fclose(milestones);
    return 0;
}
