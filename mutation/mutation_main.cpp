// ppp-mutation: mutation analysis of the reference router (issue #13 item 1, mutation/README.md).
//
// Built only by the `mutation` preset, whose ppp_sut holds every mutant of the router's own code as
// mutant schemata (mutation/schemata.py). Steps:
//  1. record: the default campaign (seeds 1 and 2) runs unmutated; the SUT instance marks every
//     mutation point it executes, per purpose, seed and generated plan. Mutants no run reaches
//     are "not executed" and skipped: an unreached point cannot change a deterministic run.
//  2. hunt: each reached mutant runs in a forked worker (RapidCheck's state is per process), only
//     on the (purpose, seed) runs that reached it and, within a property, only on the plans that
//     reached it (the others are generated and passed: CampaignOptions::plan_gate); purposes that
//     killed most mutants so far first, stopping at the first kill. Killed: a `fail` or `error`
//     verdict, a crash or the time-out.
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
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ppp/adapters/bench.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/model/router_spec.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/intent.hpp"
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
    std::size_t plan_count = 0;  // plans the property generated (0: a fixed purpose)
};

// Which mutation points a run executed. A point reached outside a generated plan (a fixed
// purpose's one plan) is reached by the whole run; otherwise by the plans whose bit is set.
struct RunReach {
    std::vector<std::uint8_t> whole;             // by mutant id
    std::vector<std::vector<bool>> plans;        // by mutant id: by plan index (empty: none)

    bool reaches(int id) const {
        const auto i = static_cast<std::size_t>(id);
        return (i < whole.size() && whole[i] != 0) || (i < plans.size() && !plans[i].empty());
    }
    // Plans that reach `id`; `all` when the whole run does.
    std::size_t plans_reaching(int id, std::size_t all) const {
        const auto i = static_cast<std::size_t>(id);
        if (i < whole.size() && whole[i] != 0) return all;
        if (i >= plans.size()) return 0;
        return static_cast<std::size_t>(std::count(plans[i].begin(), plans[i].end(), true));
    }
    // Takes the marks of the points reached since the last call, for `plan` (npos: the whole run).
    void take(std::vector<std::uint8_t>& marks, std::size_t plan) {
        for (std::size_t id = 0; id < marks.size(); ++id) {
            if (marks[id] == 0) continue;
            if (plan == std::string::npos) {
                if (whole.size() <= id) whole.resize(id + 1, 0);
                whole[id] = 1;
            } else {
                if (plans.size() <= id) plans.resize(id + 1);
                if (plans[id].size() <= plan) plans[id].resize(plan + 1, false);
                plans[id][plan] = true;
            }
        }
        marks.assign(marks.size(), 0);
    }
};

struct Outcome {
    std::string status = "survived";  // killed, survived, not-executed
    std::string how;                  // fail, error, crash, time-out
    std::string why;                  // the killing case's one-line message (the rule it broke)
    std::string purpose;
    std::uint64_t seed = 0;
    std::map<std::string, std::string> matrix;  // purpose -> killed / survived (runs tried)
    double seconds = 0;
    std::size_t runs_reaching = 0;   // (purpose, seed) runs that executed the mutation point
    std::size_t plans_reaching = 0;  // plans of those runs that did (a fixed purpose: one)
};

struct Args {
    std::string table = PPP_MUTANT_TABLE;
    std::string format = "text";
    std::set<int> only;
    std::string tp = "*";
    int plans = ppp::suites::kDefaultCampaignPlans;
    int jobs = 2;
    std::string output;
    // --plan: the catalog is this one plan (run --plan's), to try a stimulus on survivors.
    std::optional<std::vector<ppp::suites::Intent>> plan;
    std::vector<ppp::model::Role> roles{ppp::model::Role::Client, ppp::model::Role::Server};
};

const char* const kUsage =
    "usage: ppp-mutation [--format text|json] [--only ID,ID...] [--tp GLOB] [--plans N] [--jobs N]\n"
    "                    [--table mutants.json] [--output FILE] [--plan TEXT [--role client|server]]\n"
    "Mutation analysis of the reference router (mutation/README.md): the default campaign (seeds 1\n"
    "and 2) on every mutant of the `mutation` build's schemata; progress on stderr.\n"
    "  --format text|json  the report (json adds every mutant's outcome and kill matrix)\n"
    "  --output FILE       write the report there instead of stdout\n"
    "  --only ID,ID...     only these mutant ids (of the table)\n"
    "  --tp GLOB           only the purposes matching GLOB (default *)\n"
    "  --plans N           plans per property purpose (default: the default campaign's)\n"
    "  --jobs N            mutants run at once, one worker process each (default 2)\n"
    "  --table FILE        the mutant table (default: the build's mutants.json)\n"
    "  --plan TEXT         run this one plan of intents instead of the catalog (as `run --plan`),\n"
    "                      the SUT as client and server, or as --role says: does a stimulus kill them?\n";

int usage(const std::string& problem) {
    std::cerr << "ppp-mutation: " << problem << "\n" << kUsage;
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
    // Plans are gated by index (plan_gate): only whole plans drawn before they run can be skipped
    // unrun, so the mutants meet the swarm-drawn campaign.
    o.generation = CampaignOptions::Generation::Swarm;
    return o;
}

bool kills(ppp::reports::Verdict v) { return v == ppp::reports::Verdict::Fail || v == ppp::reports::Verdict::Error; }

std::string shorten(const std::string& s, std::size_t n = 160) { return s.size() <= n ? s : s.substr(0, n - 3) + "..."; }

// A worker: runs `runs` with the mutant, writes "start I\n" before run I and "kill I VERDICT MESSAGE\n" or
// "done\n" to `fd`. Within a property only the plans that reached the mutant run.
[[noreturn]] void worker(const ppp::suites::Catalog& catalog, const Args& args, int mutant,
                         const std::vector<Run>& runs, const std::vector<RunReach>& reach,
                         const std::vector<std::size_t>& order, int fd) {
    const RunReach* current = nullptr;  // the run under way, for the plan gate
    auto gate = [&current, mutant](std::size_t plan) {
        const auto id = static_cast<std::size_t>(mutant);
        if (current == nullptr) return true;
        if (id < current->whole.size() && current->whole[id] != 0) return true;
        return id < current->plans.size() && plan < current->plans[id].size() && current->plans[id][plan];
    };
    std::map<std::uint64_t, std::unique_ptr<Campaign>> campaigns;
    auto say = [fd](const std::string& s) {
        const ssize_t n = ::write(fd, s.data(), s.size());
        (void)n;
    };
    for (const std::size_t i : order) {
        const Run& r = runs[i];
        auto& c = campaigns[r.seed];
        if (!c) {
            CampaignOptions options = campaign_options(args, r.seed, mutant);
            options.plan_gate = gate;
            c = std::make_unique<Campaign>(catalog, options, [] { return ppp::adapters::make_reference_bench(); });
        }
        current = &reach[i];
        const TestPurpose* tp = nullptr;
        for (const TestPurpose* p : c->matching()) {
            if (p->id == r.purpose) tp = p;
        }
        if (tp == nullptr) continue;
        say("start " + std::to_string(i) + "\n");
        const auto run = c->run_purpose(*tp);
        if (kills(run.result.verdict)) {
            // The case's message on one line, bounded: the rule the mutant broke.
            std::string why = run.result.message.substr(0, 300);
            std::replace_if(why.begin(), why.end(), [](char ch) { return ch == '\n' || ch == '\r'; }, ' ');
            say("kill " + std::to_string(i) + " " + ppp::reports::verdict_name(run.result.verdict) + " " + why + "\n");
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
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
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
        } else if (a == "--plan" && value(v)) {
            const ppp::suites::IntentParse parsed = ppp::suites::parse_plan(v);
            if (!parsed.ok) return usage("--plan " + v + ": " + parsed.error);
            if (parsed.plan.empty()) return usage("--plan " + v + " holds no intent (accepted: e.g. 'ping 5; wait 20s')");
            args.plan = parsed.plan;
        } else if (a == "--role" && value(v) && (v == "client" || v == "server")) {
            args.roles = {v == "client" ? ppp::model::Role::Client : ppp::model::Role::Server};
        } else if (a == "--output" && value(v)) {
            args.output = v;
        } else {
            return usage("unknown or incomplete option " + a);
        }
    }
    // As `run --plan`: the plan is its own catalog, and --role only chooses its sides.
    if (args.plan && args.tp != "*") return usage("--plan runs one plan of its own (accepted: --plan without --tp)");
    if (!args.plan && args.roles.size() == 1) return usage("--role chooses the SUT's side of --plan (accepted: --role with --plan)");
    const auto t0 = Clock::now();
    auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
    std::string error;
    const std::vector<Mutant> mutants = load_table(args.table, error);
    if (!error.empty()) return usage(error);
    auto catalog = ppp::suites::bundled_catalog();
    if (args.plan) catalog.catalog = ppp::suites::adhoc_catalog(*args.plan, args.roles, Campaign::purpose_binding("reference"));
    if (!catalog.catalog) return usage("bundled catalog: " + catalog.error);

    // 1. Record which mutation points each (purpose, seed) run, and each plan of a property,
    // executes in the SUT. The plan gate marks where one plan ends and the next begins.
    std::vector<Run> runs;
    std::vector<RunReach> reach;  // per run
    std::size_t baseline_failures = 0;
    for (const std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{2}}) {
        RunReach* recording = nullptr;
        std::size_t plan = std::string::npos;  // the plan under way; npos: outside any
        CampaignOptions options = campaign_options(args, seed, ppp::sut::mutation::kRecord);
        options.plan_gate = [&recording, &plan](std::size_t next) {
            recording->take(ppp::sut::mutation::reached(), plan);
            plan = next;
            return true;
        };
        Campaign campaign(*catalog.catalog, options, [] { return ppp::adapters::make_reference_bench(); });
        for (const TestPurpose* tp : campaign.selected()) {
            ppp::sut::mutation::reached().clear();
            reach.emplace_back();
            recording = &reach.back();
            plan = std::string::npos;
            const auto start = Clock::now();
            const auto run = campaign.run_purpose(*tp);
            recording->take(ppp::sut::mutation::reached(), plan);
            Run r{tp->id, seed, since(start), !kills(run.result.verdict), plan == std::string::npos ? 0 : plan + 1};
            if (!r.baseline_pass) ++baseline_failures;
            runs.push_back(r);
        }
    }
    const double record_seconds = since(t0);
    auto reached = [&reach](std::size_t run, int id) { return run < reach.size() && reach[run].reaches(id); };
    // The unmutated time of the part of a run a mutant runs (its plans only, for a property).
    auto reached_seconds = [&](std::size_t run, int id) {
        const Run& r = runs[run];
        if (r.plan_count == 0) return r.seconds;
        return r.seconds * static_cast<double>(reach[run].plans_reaching(id, r.plan_count)) /
               static_cast<double>(r.plan_count);
    };

    // 2. Hunt: one forked worker per mutant, at most args.jobs at a time.
    std::vector<Outcome> outcomes(mutants.size());
    std::vector<std::size_t> todo;
    for (std::size_t m = 0; m < mutants.size(); ++m) {
        if (!args.only.empty() && args.only.count(mutants[m].id) == 0) {
            outcomes[m].status = "skipped";
            continue;
        }
        for (std::size_t r = 0; r < runs.size(); ++r) {
            if (!runs[r].baseline_pass || !reached(r, mutants[m].id)) continue;
            ++outcomes[m].runs_reaching;
            outcomes[m].plans_reaching += runs[r].plan_count == 0 ? 1 : reach[r].plans_reaching(mutants[m].id, runs[r].plan_count);
        }
        if (outcomes[m].runs_reaching > 0) {
            todo.push_back(m);
        } else {
            outcomes[m].status = "not-executed";
        }
    }
    std::cerr << "recorded " << runs.size() << " runs in " << std::fixed << std::setprecision(1) << record_seconds
              << " s: " << todo.size() << " mutants to run, "
              << std::count_if(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return o.status == "not-executed"; })
              << " not executed" << std::endl;
    std::map<std::string, int> kill_count;  // purpose -> mutants it killed so far
    std::vector<Active> active;
    std::size_t next = 0;
    std::size_t finished_count = 0, killed_so_far = 0;
    const auto hunt_start = Clock::now();
    auto last_progress = hunt_start;
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
                    budget += reached_seconds(r, mutants[m].id);
                }
            }
            std::stable_sort(a.order.begin(), a.order.end(), [&](std::size_t x, std::size_t y) {
                const int kx = kill_count[runs[x].purpose];
                const int ky = kill_count[runs[y].purpose];
                if (kx != ky) return kx > ky;
                return reached_seconds(x, mutants[m].id) < reached_seconds(y, mutants[m].id);
            });
            int fds[2];
            if (::pipe(fds) != 0) return usage("pipe failed");
            std::cout.flush();
            std::cerr.flush();
            const pid_t pid = ::fork();
            if (pid < 0) return usage("fork failed");
            if (pid == 0) {
                ::close(fds[0]);
                worker(*catalog.catalog, args, mutants[m].id, runs, reach, a.order, fds[1]);
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
                    std::getline(words >> std::ws, o.why);
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
            ++finished_count;
            if (o.status == "killed") ++killed_so_far;
            const bool last = finished_count == todo.size();
            if (last || since(last_progress) >= 30) {
                last_progress = Clock::now();
                const double elapsed = since(hunt_start);
                const double rate = static_cast<double>(finished_count) / elapsed * 60;
                const double left = static_cast<double>(todo.size() - finished_count) / rate;
                std::cerr << "progress: " << finished_count << "/" << todo.size() << " mutants run, " << killed_so_far
                          << " killed, " << std::setprecision(0) << elapsed << " s, " << std::setprecision(1) << rate
                          << " mutants/min, ~" << left << " min to go" << std::endl;
            }
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
                             {"status", o.status}, {"seconds", o.seconds},
                             {"runs_reaching", o.runs_reaching}, {"plans_reaching", o.plans_reaching}};
            if (o.status == "killed") {
                j["killed_by"] = {{"purpose", o.purpose}, {"seed", o.seed}, {"how", o.how}, {"why", o.why}};
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
                    << " (" << outcomes[m].how << ")" << (outcomes[m].why.empty() ? "" : ": " + outcomes[m].why) << "\n";
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
