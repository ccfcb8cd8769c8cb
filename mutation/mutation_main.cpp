// ppp-mutation: mutation analysis of the reference router (issue #13 item 1, mutation/README.md).
//
// Built only by the `mutation` preset, whose ppp_sut holds every mutant of the router's own code as
// mutant schemata (mutation/schemata.py). Steps:
//  1. record: the default campaign (seeds 1 and 2) runs unmutated; the SUT instance marks every
//     mutation point it executes, per purpose and seed. Mutants no run reaches are "not
//     executed" and skipped: an unreached point cannot change a deterministic run.
//  2. hunt: each reached mutant runs in a forked worker (RapidCheck's state is per process), only
//     on the (purpose, seed) runs that reached it, purposes that killed most mutants so far first,
//     stopping at the first kill. Killed: a `fail` or `error` verdict, a crash or the time-out.
// Only the SUT's router runs the mutant (RouterOptions::mutant); the environment's peer, built
// from the same code, stays unmutated so it does not hide symptoms.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ppp/adapters/bench.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/model/router_spec.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/purpose.hpp"
#include "ppp/sut/mutation.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using ppp::suites::Campaign;
using ppp::suites::CampaignOptions;
using ppp::suites::TestPurpose;

struct Mutant {
    int id = 0;
    std::string file;
    int line = 0;
    std::string op;
    std::string change;
    std::string original;
    std::string mutated;
};

struct Run {  // one (purpose, seed) of the default campaign
    std::string purpose;
    std::uint64_t seed = 1;
    double seconds = 0;
    bool baseline_pass = true;  // unmutated verdict is neither fail nor error
};

struct Outcome {
    std::string status = "survived";  // killed, survived, not-executed
    std::string how;                  // fail, error, crash, time-out
    std::string purpose;
    std::uint64_t seed = 0;
    std::map<std::string, std::string> matrix;  // purpose -> killed / survived (runs tried)
    double seconds = 0;
};

struct Args {
    std::string table = PPP_MUTANT_TABLE;
    std::string format = "text";
    std::set<int> only;
    std::string tp = "*";
    int plans = ppp::suites::kDefaultCampaignPlans;
    int jobs = 2;
    std::string output;
};

int usage(const std::string& problem) {
    std::cerr << "ppp-mutation: " << problem << "\n"
              << "usage: ppp-mutation [--format text|json] [--only ID,ID...] [--tp GLOB] [--plans N] [--jobs N]\n"
                 "                    [--table mutants.json] [--output FILE]\n";
    return 2;
}

std::vector<Mutant> load_table(const std::string& path, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read the mutant table " + path;
        return {};
    }
    const auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.contains("mutants")) {
        error = path + " is not a mutant table";
        return {};
    }
    std::vector<Mutant> out;
    for (const auto& m : doc["mutants"]) {
        out.push_back({m["id"].get<int>(), m["file"].get<std::string>(), m["line"].get<int>(),
                       m["operator"].get<std::string>(), m["change"].get<std::string>(),
                       m["original"].get<std::string>(), m["mutated"].get<std::string>()});
    }
    return out;
}

CampaignOptions campaign_options(const Args& args, std::uint64_t seed, int mutant) {
    CampaignOptions o;
    auto profile = ppp::model::load_bundled_profile("cisco-ios");
    if (profile) o.profile = profile.value();
    o.profile_name = "cisco-ios";
    ppp::model::resolve_tolerance(o.pixit, o.profile);
    o.tp_glob = args.tp;
    o.seed = seed;
    o.plans = args.plans;
    o.jobs = 1;
    o.mutant = mutant;
    o.shrink = false;  // a kill is enough; shrinking would only cost time
    return o;
}

bool kills(ppp::reports::Verdict v) { return v == ppp::reports::Verdict::Fail || v == ppp::reports::Verdict::Error; }

std::string shorten(const std::string& s, std::size_t n = 160) { return s.size() <= n ? s : s.substr(0, n - 3) + "..."; }

// A worker: runs `runs` with the mutant, writes "start I\n" before run I and "kill I VERDICT\n" or
// "done\n" to `fd`.
[[noreturn]] void worker(const ppp::suites::Catalog& catalog, const Args& args, int mutant,
                         const std::vector<Run>& runs, const std::vector<std::size_t>& order, int fd) {
    std::map<std::uint64_t, std::unique_ptr<Campaign>> campaigns;
    auto say = [fd](const std::string& s) {
        const ssize_t n = ::write(fd, s.data(), s.size());
        (void)n;
    };
    for (const std::size_t i : order) {
        const Run& r = runs[i];
        auto& c = campaigns[r.seed];
        if (!c) {
            c = std::make_unique<Campaign>(catalog, campaign_options(args, r.seed, mutant),
                                           [] { return ppp::adapters::make_reference_bench(); });
        }
        const TestPurpose* tp = nullptr;
        for (const TestPurpose* p : c->matching()) {
            if (p->id == r.purpose) tp = p;
        }
        if (tp == nullptr) continue;
        say("start " + std::to_string(i) + "\n");
        const auto run = c->run_purpose(*tp);
        if (kills(run.result.verdict)) {
            say("kill " + std::to_string(i) + " " + ppp::reports::verdict_name(run.result.verdict) + "\n");
            ::_exit(0);
        }
    }
    say("done\n");
    ::_exit(0);
}

struct Active {
    pid_t pid = -1;
    int fd = -1;
    std::size_t mutant = 0;  // index into the mutant list
    Clock::time_point deadline;
    Clock::time_point started;
    std::string buffer;
    std::vector<std::size_t> order;
};

}  // namespace

int main(int argc, char** argv) {
    Args args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a == "--format" && value(v) && (v == "text" || v == "json")) {
            args.format = v;
        } else if (a == "--only" && value(v)) {
            std::stringstream ss(v);
            std::string item;
            while (std::getline(ss, item, ',')) {
                try {
                    args.only.insert(std::stoi(item));
                } catch (...) {
                    return usage("--only " + v + ": not a list of mutant ids");
                }
            }
        } else if (a == "--tp" && value(v)) {
            args.tp = v;
        } else if (a == "--plans" && value(v)) {
            args.plans = std::max(1, std::atoi(v.c_str()));
        } else if (a == "--jobs" && value(v)) {
            args.jobs = std::max(1, std::atoi(v.c_str()));
        } else if (a == "--table" && value(v)) {
            args.table = v;
        } else if (a == "--output" && value(v)) {
            args.output = v;
        } else {
            return usage("unknown or incomplete option " + a);
        }
    }
    const auto t0 = Clock::now();
    auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
    std::string error;
    const std::vector<Mutant> mutants = load_table(args.table, error);
    if (!error.empty()) return usage(error);
    const auto catalog = ppp::suites::bundled_catalog();
    if (!catalog.catalog) return usage("bundled catalog: " + catalog.error);

    // 1. Record which mutation points each (purpose, seed) run executes in the SUT.
    std::vector<Run> runs;
    std::vector<std::vector<std::uint8_t>> reach;  // per run
    std::size_t baseline_failures = 0;
    for (const std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{2}}) {
        Campaign campaign(*catalog.catalog, campaign_options(args, seed, ppp::sut::mutation::kRecord),
                          [] { return ppp::adapters::make_reference_bench(); });
        for (const TestPurpose* tp : campaign.selected()) {
            ppp::sut::mutation::reached().clear();
            const auto start = Clock::now();
            const auto run = campaign.run_purpose(*tp);
            Run r{tp->id, seed, since(start), !kills(run.result.verdict)};
            if (!r.baseline_pass) ++baseline_failures;
            runs.push_back(r);
            reach.push_back(ppp::sut::mutation::reached());
        }
    }
    const double record_seconds = since(t0);
    auto reached = [&reach](std::size_t run, int id) {
        const auto i = static_cast<std::size_t>(id);
        return run < reach.size() && i < reach[run].size() && reach[run][i] != 0;
    };

    // 2. Hunt: one forked worker per mutant, at most args.jobs at a time.
    std::vector<Outcome> outcomes(mutants.size());
    std::vector<std::size_t> todo;
    for (std::size_t m = 0; m < mutants.size(); ++m) {
        if (!args.only.empty() && args.only.count(mutants[m].id) == 0) {
            outcomes[m].status = "skipped";
            continue;
        }
        bool any = false;
        for (std::size_t r = 0; r < runs.size() && !any; ++r) any = runs[r].baseline_pass && reached(r, mutants[m].id);
        if (any) {
            todo.push_back(m);
        } else {
            outcomes[m].status = "not-executed";
        }
    }
    std::map<std::string, int> kill_count;  // purpose -> mutants it killed so far
    std::vector<Active> active;
    std::size_t next = 0;
    std::cout.flush();
    while (next < todo.size() || !active.empty()) {
        while (next < todo.size() && static_cast<int>(active.size()) < args.jobs) {
            const std::size_t m = todo[next++];
            Active a;
            a.mutant = m;
            double budget = 0;
            for (std::size_t r = 0; r < runs.size(); ++r) {
                if (runs[r].baseline_pass && reached(r, mutants[m].id)) {
                    a.order.push_back(r);
                    budget += runs[r].seconds;
                }
            }
            std::stable_sort(a.order.begin(), a.order.end(), [&](std::size_t x, std::size_t y) {
                const int kx = kill_count[runs[x].purpose];
                const int ky = kill_count[runs[y].purpose];
                if (kx != ky) return kx > ky;
                return runs[x].seconds < runs[y].seconds;
            });
            int fds[2];
            if (::pipe(fds) != 0) return usage("pipe failed");
            std::cout.flush();
            std::cerr.flush();
            const pid_t pid = ::fork();
            if (pid < 0) return usage("fork failed");
            if (pid == 0) {
                ::close(fds[0]);
                worker(*catalog.catalog, args, mutants[m].id, runs, a.order, fds[1]);
            }
            ::close(fds[1]);
            a.pid = pid;
            a.fd = fds[0];
            a.started = Clock::now();
            // A mutant may loop or slow a run down: allow 5 times the unmutated runs plus 20 s.
            a.deadline = a.started + std::chrono::milliseconds(static_cast<long>((5 * budget + 20) * 1000));
            active.push_back(std::move(a));
        }
        std::vector<pollfd> pfds;
        for (const auto& a : active) pfds.push_back({a.fd, POLLIN, 0});
        ::poll(pfds.data(), pfds.size(), 200);
        for (std::size_t k = 0; k < active.size();) {
            Active& a = active[k];
            bool finished = false;
            if ((pfds[k].revents & (POLLIN | POLLHUP)) != 0) {
                char buf[512];
                const ssize_t n = ::read(a.fd, buf, sizeof buf);
                if (n > 0) {
                    a.buffer.append(buf, static_cast<std::size_t>(n));
                } else {
                    finished = true;  // EOF: the worker exited
                }
            }
            const bool timed_out = !finished && Clock::now() > a.deadline;
            if (!finished && !timed_out) {
                ++k;
                continue;
            }
            if (timed_out) ::kill(a.pid, SIGKILL);
            int status = 0;
            ::waitpid(a.pid, &status, 0);
            ::close(a.fd);
            Outcome& o = outcomes[a.mutant];
            o.seconds = since(a.started);
            std::istringstream lines(a.buffer);
            std::string line;
            long current = -1;
            bool done = false;
            while (std::getline(lines, line)) {
                std::istringstream words(line);
                std::string word;
                long index = -1;
                words >> word >> index;
                if (word == "start") {
                    if (current >= 0) o.matrix[runs[static_cast<std::size_t>(current)].purpose + "@" + std::to_string(runs[static_cast<std::size_t>(current)].seed)] = "survived";
                    current = index;
                } else if (word == "kill") {
                    words >> o.how;
                    o.status = "killed";
                } else if (word == "done") {
                    done = true;
                }
            }
            if (o.status != "killed" && !done) {
                o.status = "killed";
                o.how = timed_out ? "time-out" : "crash";
            }
            if (current >= 0) {
                const Run& r = runs[static_cast<std::size_t>(current)];
                o.matrix[r.purpose + "@" + std::to_string(r.seed)] = o.status == "killed" ? o.how : "survived";
                if (o.status == "killed") {
                    o.purpose = r.purpose;
                    o.seed = r.seed;
                    ++kill_count[r.purpose];
                }
            }
            active.erase(active.begin() + static_cast<long>(k));
            pfds.erase(pfds.begin() + static_cast<long>(k));
        }
    }

    // 3. Report.
    std::size_t executed = 0, killed = 0, not_executed = 0;
    for (const auto& o : outcomes) {
        if (o.status == "not-executed") ++not_executed;
        if (o.status == "killed" || o.status == "survived") ++executed;
        if (o.status == "killed") ++killed;
    }
    const double score = executed == 0 ? 0.0 : 100.0 * static_cast<double>(killed) / static_cast<double>(executed);
    const double seconds = since(t0);
    std::ostringstream out;
    if (args.format == "json") {
        nlohmann::json doc;
        doc["generated"] = mutants.size();
        doc["selected"] = args.only.empty() ? mutants.size() : args.only.size();
        doc["executed"] = executed;
        doc["not_executed"] = not_executed;
        doc["killed"] = killed;
        doc["survived"] = executed - killed;
        doc["score_percent"] = score;
        doc["seconds"] = seconds;
        doc["record_seconds"] = record_seconds;
        doc["plans"] = args.plans;
        doc["seeds"] = {1, 2};
        doc["baseline_failures"] = baseline_failures;
        auto& list = doc["mutants"] = nlohmann::json::array();
        for (std::size_t m = 0; m < mutants.size(); ++m) {
            const auto& mu = mutants[m];
            const auto& o = outcomes[m];
            if (o.status == "skipped") continue;
            nlohmann::json j{{"id", mu.id}, {"file", mu.file}, {"line", mu.line}, {"operator", mu.op},
                             {"change", mu.change}, {"original", mu.original}, {"mutated", mu.mutated},
                             {"status", o.status}, {"seconds", o.seconds}};
            if (o.status == "killed") {
                j["killed_by"] = {{"purpose", o.purpose}, {"seed", o.seed}, {"how", o.how}};
            }
            j["matrix"] = o.matrix;  // "PURPOSE@SEED" -> fail / error / crash / time-out / survived
            list.push_back(j);
        }
        out << doc.dump(1) << "\n";
    } else {
        out << "mutation analysis of the reference router (default campaign, seeds 1 and 2, " << args.plans
            << " plans per property)\n";
        out << "mutants: " << mutants.size() << " generated";
        if (!args.only.empty()) out << ", " << args.only.size() << " selected (--only)";
        out << ", " << executed << " executed, " << not_executed << " not executed (skipped)\n";
        out << "killed: " << killed << ", survived: " << executed - killed << "\n";
        out << "mutation score: " << std::fixed << std::setprecision(1) << score << "% (" << killed << "/" << executed
            << " executed mutants)\n";
        out << "run time: " << std::setprecision(0) << seconds << " s (recording " << record_seconds << " s)\n";
        if (baseline_failures > 0) out << "note: " << baseline_failures << " unmutated runs fail or err; they kill nothing\n";
        out << "survivors:\n";
        for (std::size_t m = 0; m < mutants.size(); ++m) {
            if (outcomes[m].status != "survived") continue;
            const auto& mu = mutants[m];
            out << "  #" << mu.id << " " << mu.file << ":" << mu.line << " " << mu.op << " " << mu.change << ": "
                << shorten(mu.original) << (mu.mutated.empty() ? "  (deleted)" : "  ->  " + shorten(mu.mutated)) << "\n";
        }
        for (std::size_t m = 0; m < mutants.size(); ++m) {
            if (outcomes[m].status != "killed") continue;
            if (!args.only.empty()) {
                out << "killed: #" << mutants[m].id << " by " << outcomes[m].purpose << " seed " << outcomes[m].seed
                    << " (" << outcomes[m].how << ")\n";
            }
        }
    }
    if (args.output.empty()) {
        std::cout << out.str();
    } else {
        std::ofstream(args.output) << out.str();
        std::cout << "written to " << args.output << "\n";
    }
    return 0;
}
