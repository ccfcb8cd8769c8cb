// ppp-conform: the command line. A thin main: parses arguments (CLI11), reads files and standard
// input, and hands plain values to the suites library. Exit codes (DESIGN.md section 9):
// 0 all pass, 1 some fail, 2 usage or configuration error, 3 harness or adapter error.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "ppp/adapters/bench.hpp"
#include "ppp/adapters/capture_file.hpp"
#include "ppp/adapters/pty_bench.hpp"
#include "ppp/adapters/scenario_file.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/reports/junit.hpp"
#include "ppp/reports/junit_stream.hpp"
#include "ppp/reports/report_data.hpp"
#include "ppp/reports/report_stream.hpp"
#include "ppp/reports/text.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/decode.hpp"
#include "ppp/suites/selftest.hpp"

namespace {

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;
constexpr int kExitError = 3;

struct DecodeArgs {
    std::vector<std::string> hex;
    std::string pcap;
    std::string framing = "auto";
    bool json = false;
};

// Prints every frame; returns the exit code: 0 all frames decoded with good FCS, 1 some frame is
// malformed or has a bad FCS, 2 the input itself is unusable (not hex, unreadable capture).
int run_decode(const DecodeArgs& args) {
    ppp::suites::DecodeOptions options;
    if (!ppp::suites::parse_input_framing(args.framing, options.framing)) {
        std::cerr << "ppp-conform decode: --framing " << args.framing
                  << " is not accepted (auto, async, sync, body, q931)\n";
        return kExitUsage;
    }
    options.json = args.json;
    ppp::suites::FrameDecoder decoder(options);
    std::vector<ppp::suites::FrameLine> lines;
    std::string error;
    bool problem = false;
    auto flush = [&] {
        for (const auto& line : lines) {
            problem = problem || line.problem();
            std::cout << decoder.render(line) << '\n';
        }
        lines.clear();
    };

    if (!args.pcap.empty()) {
        auto reader = ppp::adapters::PcapReader::open(args.pcap, error);
        if (!reader) {
            std::cerr << "ppp-conform decode: " << error << '\n';
            return kExitUsage;
        }
        std::size_t n = 0;
        while (auto packet = reader->next()) {
            ++n;
            if (!decoder.decode_captured(reader->linktype(), packet->data,
                                         args.pcap + " packet " + std::to_string(n), lines, error)) {
                std::cerr << "ppp-conform decode: " << error << '\n';
                return kExitUsage;
            }
            flush();
        }
        if (!reader->error().empty()) {
            std::cerr << "ppp-conform decode: " << args.pcap << ": " << reader->error() << '\n';
            return kExitUsage;
        }
    } else if (!args.hex.empty()) {
        // Arguments together are one frame or one async stream ("7e ff 03 ..." split by the shell).
        std::string joined;
        for (const auto& word : args.hex) joined += word + ' ';
        if (!decoder.decode_hex(joined, "arguments", lines, error)) {
            std::cerr << "ppp-conform decode: " << error << '\n';
            return kExitUsage;
        }
        flush();
    } else {
        std::string text;
        std::size_t line_number = 0;
        while (std::getline(std::cin, text)) {
            ++line_number;
            if (text.empty() || text[0] == '#') continue;
            if (!decoder.decode_hex(text, "stdin line " + std::to_string(line_number), lines, error)) {
                std::cerr << "ppp-conform decode: " << error << '\n';
                return kExitUsage;
            }
            flush();
        }
    }
    return problem ? kExitFail : kExitPass;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Writes `text` to a temporary file beside `path`, then renames it into place, so a reader never
// sees half a report (DESIGN.md section 9).
bool write_atomically(const std::string& path, const std::string& text, std::string& error) {
    const std::string temporary = path + ".tmp." + std::to_string(getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out || !(out << text) || !out.flush()) {
            error = "cannot write " + temporary;
            std::remove(temporary.c_str());
            return false;
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        error = "cannot rename " + temporary + " to " + path;
        std::remove(temporary.c_str());
        return false;
    }
    return true;
}

// NAME of a bundled profile, or a JSON file.
bool load_profile_arg(const std::string& arg, ppp::model::Profile& profile, std::string& error) {
    for (const auto& name : ppp::model::bundled_profile_names()) {
        if (name == arg) {
            auto loaded = ppp::model::load_bundled_profile(arg);
            if (!loaded) {
                error = loaded.error().message;
                return false;
            }
            profile = loaded.value();
            return true;
        }
    }
    const auto text = read_file(arg);
    if (!text) {
        std::string names;
        for (const auto& name : ppp::model::bundled_profile_names()) names += (names.empty() ? "" : ", ") + name;
        error = "--profile " + arg + ": neither a bundled profile (" + names + ") nor a readable file";
        return false;
    }
    auto loaded = ppp::model::load_profile(*text, arg);
    if (!loaded) {
        error = loaded.error().message;
        return false;
    }
    profile = loaded.value();
    return true;
}

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) { g_interrupted = 1; }

std::string utc_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// --seed: decimal, or empty for a random one. On a bad value prints one line and returns false.
bool parse_seed_arg(const std::string& text, std::uint64_t& seed, const char* command) {
    if (text.empty()) {
        seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
        return true;
    }
    std::size_t used = 0;
    try {
        seed = std::stoull(text, &used, 10);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || text[0] == '-') {
        std::cerr << "ppp-conform " << command << ": --seed " << text
                  << " is not accepted (a decimal number 0..18446744073709551615)\n";
        return false;
    }
    return true;
}

struct SelftestArgs {
    std::string faults = "*";
    std::string budget = "60";
    std::string format = "text";
    std::string seed = "1";
    int plans = ppp::suites::kDefaultCampaignPlans;
};

// `ppp-conform selftest`: every named fault of the reference SUT against the default campaign.
int run_selftest_command(const SelftestArgs& args) {
    ppp::suites::SelftestOptions options;
    options.faults_glob = args.faults;
    options.plans = args.plans;
    if (args.format != "text" && args.format != "json") {
        std::cerr << "ppp-conform selftest: --format " << args.format << " is not accepted (text, json)\n";
        return kExitUsage;
    }
    {
        std::size_t used = 0;
        double budget = 0.0;
        try {
            budget = std::stod(args.budget, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != args.budget.size() || !(budget > 0.0) || budget > 86400.0) {
            std::cerr << "ppp-conform selftest: --budget " << args.budget
                      << " is not accepted (seconds per fault, a number above 0 and at most 86400)\n";
            return kExitUsage;
        }
        options.budget_seconds = budget;
    }
    if (!parse_seed_arg(args.seed, options.seed, "selftest")) return kExitUsage;
    const auto faults = ppp::suites::select_faults(args.faults);
    if (faults.empty()) {
        std::string names;
        for (const auto& f : ppp::adapters::reference_faults()) names += (names.empty() ? "" : " ") + f.name;
        std::cerr << "ppp-conform selftest: --faults " << args.faults << " matches no fault (accepted: a glob over "
                  << names << ")\n";
        return kExitUsage;
    }
    std::string error;
    if (!load_profile_arg(options.profile_name, options.profile, error)) {
        std::cerr << "ppp-conform selftest: " << error << '\n';
        return kExitError;
    }
    auto catalog = ppp::suites::bundled_catalog();
    if (!catalog.catalog) {
        std::cerr << "ppp-conform selftest: bundled catalog: " << catalog.error << '\n';
        return kExitError;
    }
    const bool text = args.format == "text";
    if (text) {
        std::cout << "ppp-conform selftest: " << faults.size() << " faults, profile " << options.profile_name << ", seed "
                  << options.seed << ", budget " << args.budget << " s per fault" << std::endl;
    }
    const bool terminal = isatty(STDERR_FILENO) != 0;
    std::size_t done = 0;
    const auto report = ppp::suites::run_selftest(
        *catalog.catalog, options, [] { return ppp::adapters::make_reference_bench(); },
        [&](const ppp::suites::FaultOutcome& f) {
            ++done;
            if (terminal) {
                std::cerr << "\r[" << done << "/" << faults.size() << "] " << f.fault.name
                          << (f.killed ? " killed   " : " survived ") << std::flush;
            }
        });
    if (terminal) std::cerr << "\n";
    std::cout << (text ? ppp::suites::render_selftest_text(report) : ppp::suites::render_selftest_json(report, options));
    return report.killed() == report.faults.size() ? kExitPass : kExitFail;
}

struct RunArgs {
    std::vector<std::string> suites;
    std::string tp = "*";
    std::string sut = "reference";
    std::string role;
    std::string profile = "cisco-ios";
    std::vector<std::string> faults;
    std::string seed;  // decimal; empty: random
    int plans = ppp::suites::kDefaultCampaignPlans;
    int jobs = 0;  // 0: one worker process per core
    std::string junit;
    std::string report_dir;
    std::string shard;
    std::string evidence = "all";  // pcap evidence in --report-dir: every case (all) or failing ones only
    std::string reproduce;  // replay
    std::vector<std::string> pppd_options;  // --sut pppd: lines appended to pppd's options file
    std::vector<std::string> pppd_without;  // --sut pppd: generated options left out, by name
};

// Builds the campaign from the arguments; returns an exit code when it cannot.
std::optional<int> make_campaign(const RunArgs& args, std::unique_ptr<ppp::suites::Campaign>& campaign,
                                 const char* command) {
    if (args.sut != "reference" && args.sut != "pppd") {
        std::cerr << "ppp-conform " << command << ": --sut " << args.sut << " is not accepted (reference, pppd)\n";
        return kExitUsage;
    }
    if (args.sut != "pppd" && (!args.pppd_options.empty() || !args.pppd_without.empty())) {
        std::cerr << "ppp-conform " << command << ": --pppd-option/--pppd-without need --sut pppd\n";
        return kExitUsage;
    }
    ppp::suites::CampaignOptions options;
    std::string error;
    if (!load_profile_arg(args.profile, options.profile, error)) {
        std::cerr << "ppp-conform " << command << ": " << error << '\n';
        return kExitUsage;
    }
    options.profile_name = args.profile;
    auto catalog = ppp::suites::bundled_catalog();
    if (!catalog.catalog) {
        std::cerr << "ppp-conform " << command << ": bundled catalog: " << catalog.error << '\n';
        return kExitError;
    }
    const auto known_suites = catalog.catalog->suites();
    for (const auto& s : args.suites) {
        if (std::find(known_suites.begin(), known_suites.end(), s) == known_suites.end()) {
            std::string names;
            for (const auto& k : known_suites) names += (names.empty() ? "" : ", ") + k;
            std::cerr << "ppp-conform " << command << ": --suite " << s << " is not accepted (" << names << ")\n";
            return kExitUsage;
        }
    }
    if (args.sut != "pppd" && std::find(args.suites.begin(), args.suites.end(), "pppd") != args.suites.end()) {
        std::cerr << "ppp-conform " << command << ": --suite pppd needs --sut pppd (its purposes run on pppd in User-Mode Linux)\n";
        return kExitUsage;
    }
    options.suites = args.suites;
    options.tp_glob = args.tp;
    if (!args.role.empty()) {
        if (args.role != "client" && args.role != "server") {
            std::cerr << "ppp-conform " << command << ": --role " << args.role << " is not accepted (client, server)\n";
            return kExitUsage;
        }
        options.role = args.role == "client" ? ppp::model::Role::Client : ppp::model::Role::Server;
    }
    options.faults = args.faults;
    options.collect_coverage = !args.report_dir.empty();  // the report shows model coverage
    if (args.evidence != "failing" && args.evidence != "all") {
        std::cerr << "ppp-conform " << command << ": --evidence " << args.evidence
                  << " is not accepted (failing, all)\n";
        return kExitUsage;
    }
    options.evidence_all = args.evidence == "all";
    if (!parse_seed_arg(args.seed, options.seed, command)) return kExitUsage;
    options.plans = args.plans;
    // By default the in-process reference runs one worker per core; a real SUT (a daemon on a pty
    // with wall-clock tolerances, equipment) one case at a time unless --jobs says otherwise.
    const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    options.jobs = args.jobs > 0 ? args.jobs : (args.sut == "reference" ? cores : 1);
    // GoogleTest's sharding variables, so any CI matrix splits a campaign (DESIGN.md section 9).
    const char* total = std::getenv("GTEST_TOTAL_SHARDS");
    const char* index = std::getenv("GTEST_SHARD_INDEX");
    std::string shard = args.shard;
    if (shard.empty() && total != nullptr && index != nullptr) shard = std::string(index) + "/" + total;
    if (!shard.empty()) {
        std::size_t i = 0, n = 0;
        char slash = 0;
        std::istringstream in(shard);
        if (!(in >> i >> slash >> n) || slash != '/' || n == 0 || i >= n || !in.eof()) {
            std::cerr << "ppp-conform " << command << ": shard " << shard
                      << " is not accepted (I/N with 0 <= I < N, e.g. 0/4)\n";
            return kExitUsage;
        }
        options.shard_index = i;
        options.shard_count = n;
    }
    options.sut = args.sut;
    ppp::suites::BenchFactory factory = [] { return ppp::adapters::make_reference_bench(); };
    if (args.sut == "pppd") {  // pppd in User-Mode Linux on a pty (PEERS.md section 1)
        ppp::adapters::PppdOptions pppd;
        pppd.extra = args.pppd_options;
        pppd.without = args.pppd_without;
        if (!args.report_dir.empty()) pppd.work_dir = args.report_dir + "/pppd";  // logs, record files
        if (const std::string missing = ppp::adapters::pppd_uml_unavailable(pppd); !missing.empty()) {
            std::cerr << "ppp-conform " << command << ": warning: " << missing << " (every case will be an error)\n";
        }
        factory = [pppd] { return ppp::adapters::make_pppd_bench(pppd); };
    }
    campaign = std::make_unique<ppp::suites::Campaign>(std::move(*catalog.catalog), std::move(options), factory);
    // Fault names and configurations are checked before anything runs.
    if (const std::string problem = campaign->check_setup(); !problem.empty()) {
        std::cerr << "ppp-conform " << command << ": " << problem << '\n';
        return kExitUsage;
    }
    return std::nullopt;
}

int exit_code_for(const ppp::reports::Tally& t) {
    if (t.fail > 0) return kExitFail;
    if (t.error > 0) return kExitError;
    return kExitPass;
}

void print_failure(const ppp::suites::CaseRun& run) {
    const auto& r = run.result;
    if (r.verdict != ppp::reports::Verdict::Fail && r.verdict != ppp::reports::Verdict::Error) return;
    std::cout << "\n== " << ppp::reports::verdict_name(r.verdict) << ": " << r.id << " " << r.title << "\n"
              << "   " << r.message << "\n";
    if (!r.detail.empty()) std::cout << r.detail;
    else if (!run.reproduce.empty()) std::cout << "reproduce: " << run.reproduce << "\n";
}

// The oracle's coverage as the report's plain rows (reports/ knows nothing of the model), and back
// for joining shards' reports with model::Coverage::merge.
std::vector<ppp::reports::CoverageRow> coverage_rows(const std::vector<ppp::model::CoverageItem>& items) {
    std::vector<ppp::reports::CoverageRow> rows;
    for (const auto& i : items) rows.push_back({i.machine, i.name, i.requirements, i.hits});
    return rows;
}
std::vector<ppp::model::CoverageItem> coverage_items(const std::vector<ppp::reports::CoverageRow>& rows) {
    std::vector<ppp::model::CoverageItem> items;
    for (const auto& r : rows) items.push_back({r.machine, r.name, r.requirements, r.hits});
    return items;
}

int run_campaign(const RunArgs& args) {
    std::unique_ptr<ppp::suites::Campaign> campaign;
    if (auto code = make_campaign(args, campaign, "run")) return *code;
    const auto selected = campaign->selected();
    std::cout << "ppp-conform run: " << selected.size() << " purposes, sut " << args.sut << ", profile "
              << args.profile << ", seed " << campaign->seed() << std::endl;

    ppp::reports::RunInfo info;
    info.timestamp = utc_timestamp();
    info.properties = {{"sut", args.sut}, {"profile", args.profile}, {"seed", std::to_string(campaign->seed())}};
    info.secrets = campaign->secrets();
    // Cases stream to the JUnit file as they finish, so an interrupted run leaves a valid file.
    ppp::reports::JUnitStream junit;
    if (!args.junit.empty() && !junit.open(args.junit, info)) {
        std::cerr << "ppp-conform run: " << junit.error() << '\n';
        return kExitError;
    }
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

    // Cases also stream into the report's spools: memory stays flat in the number of cases.
    ppp::reports::ReportStream report(info.secrets);
    if (!report.open()) {
        std::cerr << "ppp-conform run: " << report.error() << '\n';
        return kExitError;
    }
    // The report's data, so `merge --report-dir` can join the reports of shards.
    ppp::reports::ReportDataWriter report_data;
    if (!args.report_dir.empty() &&
        !report_data.open(args.report_dir + "/" + ppp::reports::kReportDataFile, info.secrets)) {
        std::cerr << "ppp-conform run: " << report_data.error() << '\n';
        return kExitError;
    }
    const bool terminal = isatty(STDERR_FILENO) != 0;
    const auto start = std::chrono::steady_clock::now();
    bool write_failed = false;
    std::size_t done = 0;
    // A failing case's exchange at the SUT's port (any case's with --evidence all) goes to
    // <report-dir>/<TP>-b.pcap and -d.pcap.
    auto write_evidence = [&](const ppp::suites::CaseRun& run, ppp::reports::CaseResult& result) {
        if (args.report_dir.empty() || run.evidence.empty()) return;
        for (const bool d_channel : {false, true}) {
            const std::string path = args.report_dir + "/" + result.id + (d_channel ? "-d.pcap" : "-b.pcap");
            ppp::reports::PcapWriter pcap;
            bool ok = pcap.open(path, d_channel ? ppp::suites::kPcapLapd : ppp::suites::kPcapPppWithDir);
            for (const auto& record : ppp::suites::evidence_records(run.evidence, d_channel)) ok = ok && pcap.write(record);
            ok = ok && pcap.close();
            if (!ok) {
                write_failed = true;
                std::cerr << "ppp-conform run: " << pcap.error() << '\n';
                continue;
            }
            result.properties.push_back({d_channel ? "evidence_d_channel" : "evidence_b_channel", path});
        }
    };
    campaign->run(
        [&](const ppp::suites::CaseRun& run) {
            ++done;
            if (terminal) std::cerr << "\r[" << done << "/" << selected.size() << "] " << run.result.id << "        " << std::flush;
            print_failure(run);
            ppp::reports::CaseResult result = run.result;
            write_evidence(run, result);
            const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (junit.is_open() && !junit.add(result, now)) write_failed = true;
            if (!report.add(result)) {
                write_failed = true;
                std::cerr << "ppp-conform run: " << report.error() << '\n';
            }
            if (!args.report_dir.empty() && !report_data.add(result)) write_failed = true;
        },
        [] { return g_interrupted != 0; });
    if (terminal) std::cerr << "\r\n";
    if (g_interrupted != 0) std::cout << "interrupted after " << done << " of " << selected.size() << " purposes\n";
    std::cout << "\n";
    if (!report.print_text_summary(std::cout)) write_failed = true;
    if (junit.is_open() && !junit.close()) write_failed = true;
    if (write_failed) {
        if (!junit.error().empty()) std::cerr << "ppp-conform run: " << junit.error() << '\n';
        return kExitError;
    }
    if (!args.report_dir.empty()) {
        ppp::reports::ReportInput input;
        input.run = info;
        input.sut_identity = {{"name", args.sut},
                              {"implementation", args.sut == "pppd" ? "pppd 2.4.9 in User-Mode Linux on a pty"
                                                                    : "ppp-conform reference routers"}};
        input.pics = {{"profile", args.profile}};
        for (const auto& f : args.faults) input.pics.push_back({"fault switched on", f});
        input.pixit = {{"client", "R2, 5558888, 192.0.2.2"}, {"server", "R1, 5557777, 192.0.2.1"},
                       {"CHAP secrets", "<redacted>"}};
        std::vector<std::string> seen;
        for (const auto& tp : campaign->catalog().purposes) {
            for (const auto& id : tp.requirements) {
                if (std::find(seen.begin(), seen.end(), id) == seen.end()) seen.push_back(id);
            }
        }
        std::sort(seen.begin(), seen.end());
        for (const auto& id : seen) input.requirements.push_back({id, ""});
        input.states = coverage_rows(campaign->coverage().states);
        input.transitions = coverage_rows(campaign->coverage().transitions);
        if (!report_data.close(input)) {
            std::cerr << "ppp-conform run: " << report_data.error() << '\n';
            return kExitError;
        }
        if (!report.write_html(args.report_dir + "/report.html", input) ||
            !report.write_markdown(args.report_dir + "/summary.md", input)) {
            std::cerr << "ppp-conform run: " << report.error() << '\n';
            return kExitError;
        }
        std::cout << "report: " << args.report_dir << "/report.html, " << args.report_dir << "/summary.md\n";
    }
    if (g_interrupted != 0) return kExitError;
    return exit_code_for(report.tally());
}

struct MergeArgs {
    std::string output;
    std::vector<std::string> inputs;
    std::string report_dir;
    std::vector<std::string> report_data;
};

// The shards' report data joined into one conformance report: cases shard by shard, requirement
// lists united, model coverage summed item by item.
int merge_reports(const MergeArgs& args) {
    ppp::reports::ReportStream report;
    if (!report.open()) {
        std::cerr << "ppp-conform merge: " << report.error() << '\n';
        return kExitError;
    }
    ppp::reports::ReportInput joined;
    ppp::model::Coverage coverage;
    bool write_failed = false;
    for (std::size_t k = 0; k < args.report_data.size(); ++k) {
        ppp::reports::ReportInput shard;
        std::string error;
        const std::string path = args.report_data[k] + "/" + ppp::reports::kReportDataFile;
        const bool ok = ppp::reports::read_report_data(
            path, [&](const ppp::reports::CaseResult& r) { write_failed = !report.add(r) || write_failed; }, shard, error);
        if (!ok) {
            std::cerr << "ppp-conform merge: --report-data " << error << '\n';
            return kExitUsage;
        }
        if (k == 0) {
            joined = shard;
            joined.states.clear();
            joined.transitions.clear();
        }
        for (const auto& req : shard.requirements) {
            const bool known = std::any_of(joined.requirements.begin(), joined.requirements.end(),
                                           [&](const auto& r) { return r.id == req.id; });
            if (!known) joined.requirements.push_back(req);
        }
        coverage.merge(ppp::model::Coverage{coverage_items(shard.states), coverage_items(shard.transitions)});
    }
    std::sort(joined.requirements.begin(), joined.requirements.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    joined.states = coverage_rows(coverage.states);
    joined.transitions = coverage_rows(coverage.transitions);
    joined.run.properties.push_back({"shards", std::to_string(args.report_data.size())});
    if (write_failed || !report.write_html(args.report_dir + "/report.html", joined) ||
        !report.write_markdown(args.report_dir + "/summary.md", joined)) {
        std::cerr << "ppp-conform merge: " << report.error() << '\n';
        return kExitError;
    }
    std::cout << "report: " << args.report_dir << "/report.html, " << args.report_dir << "/summary.md\n";
    return kExitPass;
}

int merge_shards(const MergeArgs& args) {
    if (args.report_dir.empty() != args.report_data.empty()) {
        std::cerr << "ppp-conform merge: --report-dir and --report-data go together (the joined report's folder, "
                     "and the shards' report folders)\n";
        return kExitUsage;
    }
    const auto merged = ppp::reports::merge_junit_files(args.inputs);
    if (!merged.ok()) {
        std::cerr << "ppp-conform merge: " << merged.error << '\n';
        return kExitUsage;
    }
    std::string error;
    if (!write_atomically(args.output, merged.xml, error)) {
        std::cerr << "ppp-conform merge: " << error << '\n';
        return kExitError;
    }
    std::cout << "merged " << args.inputs.size() << " files into " << args.output << '\n';
    return args.report_dir.empty() ? kExitPass : merge_reports(args);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ppp-conform: conformance harness for PPP Callback (RFC 1570, MS-CBCP) and "
                 "Cisco dial-on-demand routing over ISDN BRI"};
    app.require_subcommand(1);
    int exit_code = kExitPass;

    DecodeArgs decode_args;
    auto* decode = app.add_subcommand(
        "decode", "Decode PPP frames (hex or a pcap file) into one line per frame in RFC vocabulary");
    decode->add_option("hex", decode_args.hex,
                       "Frame octets in hex; without them, one frame (or async stream) per line "
                       "of standard input");
    decode->add_option("--pcap", decode_args.pcap,
                       "Read a capture (link types 9, 50, 204 for PPP; 203, 177 for Q.931)");
    decode->add_option("--framing", decode_args.framing,
                       "How hex input is framed: auto, async (7E flags, octet-stuffed), sync "
                       "(with FCS-16), body (no FCS), q931")
        ->capture_default_str();
    decode->add_flag("--json", decode_args.json, "One JSON object per frame");
    decode->callback([&] { exit_code = run_decode(decode_args); });

    std::string scenario_path;
    auto* simulate = app.add_subcommand(
        "simulate", "Run a scenario on the reference implementation (routers + ISDN network) in "
                    "virtual time; print the timeline, show output and billing");
    simulate->add_option("scenario", scenario_path, "Scenario file (format: sut/README-scenario.md)")
        ->required();
    simulate->callback([&] {
        const auto result = ppp::adapters::simulate_scenario_file(scenario_path);
        if (!result.ok) {
            std::cerr << "ppp-conform simulate: " << result.error << '\n';
            exit_code = kExitUsage;
            return;
        }
        std::cout << result.text;
        exit_code = kExitPass;
    });

    RunArgs run_args;
    auto add_selection = [&run_args](CLI::App* cmd) {
        cmd->add_option("--suite", run_args.suites, "Suite to run (repeatable; default every suite)");
        cmd->add_option("--tp", run_args.tp, "Only test purposes whose ID matches this glob")->capture_default_str();
        cmd->add_option("--sut", run_args.sut, "System under test: reference, pppd (User-Mode Linux on a pty)")
            ->capture_default_str();
        cmd->add_option("--pppd-option", run_args.pppd_options, "--sut pppd: append this line to pppd's options");
        cmd->add_option("--pppd-without", run_args.pppd_without,
                        "--sut pppd: leave out the generated option of this name (e.g. callback)");
        cmd->add_option("--role", run_args.role, "Only purposes where the SUT plays client or server");
        cmd->add_option("--profile", run_args.profile, "Profile: a bundled name or a JSON file")
            ->capture_default_str();
        cmd->add_option("--fault", run_args.faults, "Switch a named fault on in the reference SUT (repeatable)");
        cmd->add_option("--seed", run_args.seed, "Seed (default: random, printed at the start)");
    };
    auto* run = app.add_subcommand("run", "Run test purposes against a SUT and give each a verdict");
    add_selection(run);
    run->add_option("--plans", run_args.plans, "Generated plans per property purpose")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    run->add_option("--jobs", run_args.jobs,
                    "Worker processes running purposes side by side (0: one per core for the reference, 1 for "
                    "a real SUT); results keep their order")
        ->check(CLI::Range(0, 256))
        ->capture_default_str();
    run->add_option("--junit", run_args.junit, "Write JUnit XML to this file (updated as cases finish)");
    run->add_option("--report-dir", run_args.report_dir,
                    "Write the conformance report (report.html, summary.md) into this existing folder");
    run->add_option("--evidence", run_args.evidence,
                    "Which cases leave pcap evidence in --report-dir: failing or all")
        ->capture_default_str();
    run->add_option("--shard", run_args.shard, "Run shard I of N (I/N); GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS also work");
    run->callback([&] { exit_code = run_campaign(run_args); });

    auto* replay = app.add_subcommand("replay", "Re-run one shrunk failure from the command `run` printed");
    add_selection(replay);
    replay->add_option("--reproduce", run_args.reproduce, "RapidCheck reproduce string")->required();
    replay->callback([&] {
        std::unique_ptr<ppp::suites::Campaign> campaign;
        if (auto code = make_campaign(run_args, campaign, "replay")) {
            exit_code = *code;
            return;
        }
        const auto selected = campaign->selected();
        if (selected.size() != 1) {
            std::cerr << "ppp-conform replay: --tp " << run_args.tp << " selects " << selected.size()
                      << " purposes (accepted: exactly one test purpose ID)\n";
            exit_code = kExitUsage;
            return;
        }
        const auto result = campaign->replay(*selected.front(), run_args.reproduce);
        print_failure(result);
        std::cout << ppp::reports::render_text_summary({result.result});
        exit_code = exit_code_for(ppp::reports::tally({result.result}));
    });

    MergeArgs merge_args;
    auto* merge = app.add_subcommand(
        "merge", "Join JUnit files from shards into one (suites by name, counts summed), and their reports");
    merge->add_option("output", merge_args.output, "The merged JUnit file to write")->required();
    merge->add_option("inputs", merge_args.inputs, "JUnit files written by `run --shard`")->required();
    merge->add_option("--report-dir", merge_args.report_dir,
                      "Write the joined conformance report (report.html, summary.md) into this existing folder");
    merge->add_option("--report-data", merge_args.report_data,
                      "The shards' --report-dir folders (repeatable), whose report data is joined");
    merge->callback([&] { exit_code = merge_shards(merge_args); });

    SelftestArgs selftest_args;
    auto* selftest = app.add_subcommand(
        "selftest", "Switch each named fault of the reference SUT on in turn and run the default campaign "
                    "until a purpose fails: which purpose caught it, naming which requirement, after how "
                    "many plans and seconds. Exit 1 if a fault survives");
    selftest->add_option("--faults", selftest_args.faults, "Only the faults whose names match this glob")
        ->capture_default_str();
    selftest->add_option("--budget", selftest_args.budget, "Wall-clock seconds per fault before it counts as surviving")
        ->capture_default_str();
    selftest->add_option("--format", selftest_args.format, "text or json")->capture_default_str();
    selftest->add_option("--seed", selftest_args.seed, "Seed of the generated plans")->capture_default_str();
    selftest->add_option("--plans", selftest_args.plans, "Generated plans per property purpose")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    selftest->callback([&] { exit_code = run_selftest_command(selftest_args); });

    std::string list_suite, list_format = "text";
    bool list_intents = false, list_faults = false;
    auto* list = app.add_subcommand("list", "List the test purposes (or the plan intents, or the named faults)");
    list->add_option("--suite", list_suite, "Only this suite");
    list->add_option("--format", list_format, "text, tsv or json")->capture_default_str();
    list->add_flag("--intents", list_intents, "List the intents plans are made of");
    list->add_flag("--faults", list_faults, "List the named faults of the reference SUT (`--fault`, `selftest`)");
    list->callback([&] {
        if (list_format != "text" && list_format != "tsv" && list_format != "json") {
            std::cerr << "ppp-conform list: --format " << list_format << " is not accepted (text, tsv, json)\n";
            exit_code = kExitUsage;
            return;
        }
        if (list_faults) {
            nlohmann::json faults = nlohmann::json::array();
            for (const auto& f : ppp::adapters::reference_faults()) {
                std::string reqs;
                for (const auto& r : f.requirements) reqs += (reqs.empty() ? "" : " ") + r;
                if (list_format == "json") {
                    faults.push_back({{"name", f.name}, {"description", f.description}, {"requirements", f.requirements}});
                } else if (list_format == "tsv") {
                    std::cout << f.name << '\t' << reqs << '\t' << f.description << '\n';
                } else {
                    std::cout << f.name << "  (" << reqs << ")  " << f.description << '\n';
                }
            }
            if (list_format == "json") std::cout << faults.dump(2) << '\n';
            return;
        }
        if (list_intents) {
            for (const auto& info : ppp::suites::all_intents()) {
                std::cout << info.name << (list_format == "tsv" ? "\t" : "  ") << info.meaning << "\n";
            }
            return;
        }
        auto catalog = ppp::suites::bundled_catalog();
        if (!catalog.catalog) {
            std::cerr << "ppp-conform list: bundled catalog: " << catalog.error << '\n';
            exit_code = kExitError;
            return;
        }
        nlohmann::json array = nlohmann::json::array();
        for (const auto& tp : catalog.catalog->purposes) {
            if (!list_suite.empty() && tp.suite != list_suite) continue;
            std::string reqs;
            for (const auto& r : tp.requirements) reqs += (reqs.empty() ? "" : " ") + r;
            const std::string kind = tp.plan ? "plan" : "property";
            const std::string role = tp.sut_role == ppp::model::Role::Client ? "client" : "server";
            if (list_format == "json") {
                array.push_back({{"id", tp.id}, {"title", tp.title}, {"suite", tp.suite}, {"role", role},
                                 {"requirements", tp.requirements}, {"kind", kind}, {"goal", ppp::suites::goal_name(tp.goal)},
                                 {"plan", tp.plan ? ppp::suites::to_text(*tp.plan) : ""}});
            } else if (list_format == "tsv") {
                std::cout << tp.id << '\t' << tp.suite << '\t' << role << '\t' << kind << '\t' << reqs << '\t'
                          << tp.title << '\n';
            } else {
                std::cout << tp.id << "  [" << tp.suite << ", SUT " << role << ", " << kind << "]  " << tp.title
                          << "  (" << reqs << ")\n";
            }
        }
        if (list_format == "json") std::cout << array.dump(2) << '\n';
    });

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);  // prints the one-line reason and the usage
        return kExitUsage;
    }
    return exit_code;
}
