// `ppp-conform run` and `ppp-conform replay`: test purposes against a SUT, verdicts, JUnit, the
// conformance report and pcap evidence; replay re-runs one shrunk failure.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli.hpp"
#include "ppp/adapters/bench.hpp"
#include "ppp/adapters/command_bench.hpp"
#include "ppp/adapters/pty_bench.hpp"
#include "ppp/adapters/serial_bench.hpp"
#include "ppp/reports/junit_stream.hpp"
#include "ppp/reports/redact.hpp"
#include "ppp/reports/pcap_writer.hpp"
#include "ppp/reports/report_data.hpp"
#include "ppp/reports/report_stream.hpp"
#include "ppp/reports/text.hpp"
#include "ppp/spec/catalog.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/wire/input_text.hpp"

namespace ppp::cli {
namespace {

// `run --coverage-goal` without --budget: further rounds start for at most this long.
constexpr int kDefaultCoverageBudgetS = 600;

struct RunArgs {
    std::vector<std::string> suites;
    std::string tp = "*";
    std::string sut = "reference";
    std::string role;
    std::string profile = "cisco-ios";
    std::string pixit;  // empty: the bundled default for the SUT
    std::string plan;   // --plan: one ad-hoc plan instead of the catalog's purposes
    std::vector<std::string> faults;
    std::string seed;  // decimal; empty: random
    int plans = suites::kDefaultCampaignPlans;
    int jobs = 0;  // 0: one worker process per core
    std::string junit;
    std::string report_dir;
    std::string shard;
    std::string evidence = "all";  // pcap evidence in --report-dir: every case (all) or failing ones only
    std::string reproduce;  // replay
    std::string generation = "model";  // model: from the oracle's state; swarm: whole plans drawn up front
    std::string salt;        // replay --salt: a model-drawn plan's bench seed salt, as run printed it
    std::string drawn_plan;  // replay --plan: that plan (a property purpose's, unlike run --plan)
    bool reproduce_given = false;  // replay --reproduce '' is refused as empty, not as missing
    double coverage_goal = 0;  // run: percent of the profile's reachable rows to take; 0 = none
    int budget_s = 0;          // run: seconds further rounds may take; 0 = none given
    bool properties_only = false;  // a further round of --coverage-goal...
    std::vector<std::string> exclude;  // ...leaves out the purposes that failed already
    std::vector<std::string> pppd_options;  // --sut pppd: lines appended to pppd's options file
    std::vector<std::string> pppd_without;  // --sut pppd: generated options left out, by name
    std::string command;                    // --sut pty: the daemon's shell command template
    std::string device;                     // --sut serial: the device, its speed and flow control
    int speed = 115200;
    std::string flow = "none";
    std::string line_start = "sut";         // --sut serial: time 0 at the SUT's first octet or at once
    int plan_time_limit_s = 120;            // wall-clock attachments: per plan
    int shrink_time_limit_s = 300;          // wall-clock attachments: shrinking a failure
    bool plans_given = false;               // else a wall-clock SUT runs kWallClockPlans
    bool junit_given = false;       // --junit '' is refused, not taken as "no JUnit"
    bool plan_given = false;        // --plan '' is refused
    bool report_dir_given = false;
};

// GoogleTest's sharding variables or --shard as (index, count); "" or one line naming the source.
std::string parse_shard(const RunArgs& args, std::size_t& index, std::size_t& count) {
    const char* total = std::getenv("GTEST_TOTAL_SHARDS");
    const char* shard_index = std::getenv("GTEST_SHARD_INDEX");
    std::string text = args.shard;
    std::string source = "--shard " + shown(args.shard);
    if (text.empty()) {
        if (total == nullptr && shard_index == nullptr) return "";
        if (total == nullptr || shard_index == nullptr) {
            return std::string(total == nullptr ? "GTEST_SHARD_INDEX" : "GTEST_TOTAL_SHARDS") +
                   " is set without " + (total == nullptr ? "GTEST_TOTAL_SHARDS" : "GTEST_SHARD_INDEX") +
                   " (accepted: both, with 0 <= GTEST_SHARD_INDEX < GTEST_TOTAL_SHARDS, or neither)";
        }
        text = std::string(shard_index) + "/" + total;
        source = "GTEST_SHARD_INDEX=" + shown(shard_index) + " GTEST_TOTAL_SHARDS=" + shown(total);
    }
    const auto slash = text.find('/');
    const bool digits = slash != std::string::npos && slash > 0 && slash + 1 < text.size() &&
                        text.find_first_not_of("0123456789/") == std::string::npos &&
                        text.find('/', slash + 1) == std::string::npos && slash <= 9 && text.size() - slash - 1 <= 9;
    if (digits) {
        index = std::stoul(text.substr(0, slash));
        count = std::stoul(text.substr(slash + 1));
        if (count > 0 && index < count) return "";
    }
    return source + " is not accepted (shard I of N as I/N with 0 <= I < N, e.g. 0/4)";
}

// Builds the campaign from the arguments; returns an exit code when it cannot. Every value is
// checked before anything runs, with one line naming it (DESIGN.md section 9).
std::optional<int> make_campaign(const RunArgs& args, std::unique_ptr<suites::Campaign>& campaign,
                                 const char* command) {
    const std::string prefix = std::string("ppp-conform ") + command + ": ";
    auto refuse = [&](const std::string& line) -> std::optional<int> {
        std::cerr << prefix << line << '\n';
        return kExitUsage;
    };
    if (args.sut != "pppd" && (!args.pppd_options.empty() || !args.pppd_without.empty())) {
        return refuse("--pppd-option/--pppd-without need --sut pppd");
    }
    if ((args.sut == "pty") != !args.command.empty()) {
        return refuse(args.sut == "pty" ? "--sut pty needs --command 'the shell command that runs the daemon on {tty}'"
                                        : "--command needs --sut pty");
    }
    if ((args.sut == "serial") != !args.device.empty()) {
        return refuse(args.sut == "serial" ? "--sut serial needs --device PATH (the serial device the equipment is on)"
                                           : "--device needs --sut serial");
    }
    if (args.sut == "serial" && args.jobs > 1) {
        return refuse("--jobs " + std::to_string(args.jobs) + " is not accepted with --sut serial (one device is one line: 1)");
    }
    if (args.sut != "reference" && !args.faults.empty()) {
        return refuse("--fault switches a bug on in the reference SUT (accepted: with --sut reference)");
    }
    suites::CampaignOptions options;
    std::string error;
    if (!load_profile_arg(args.profile, options.profile, error)) return refuse(error);
    options.profile_name = args.profile;
    // pppd in User-Mode Linux keeps the seed's names with wider wall-clock tolerances.
    if (!load_pixit_arg(args.pixit, args.sut == "pppd" ? "pppd-uml" : "default", options.pixit, error)) return refuse(error);
    options.pixit_path = args.pixit;
    std::string notice;
    model::resolve_tolerance(options.pixit, options.profile, &notice);
    if (!notice.empty()) std::cerr << prefix << notice << '\n';
    auto catalog = suites::bundled_catalog();
    if (!catalog.catalog) {
        std::cerr << prefix << "bundled catalog: " << catalog.error << '\n';
        return kExitError;
    }
    if (args.sut == "reference" && std::find(args.suites.begin(), args.suites.end(), "pppd") != args.suites.end()) {
        return refuse("--suite pppd needs a SUT on a line (accepted: --sut pppd, pty or serial)");
    }
    if (args.tp.empty()) return refuse("--tp is empty (accepted: a glob over test purpose IDs, e.g. 'TP-LCP-*')");
    if (!args.plan.empty() || args.plan_given) {
        if (!args.suites.empty() || args.tp != "*")
            return refuse("--plan runs one plan of its own (accepted: --plan without --suite and --tp)");
        const suites::IntentParse parsed = suites::parse_plan(args.plan);
        if (!parsed.ok) return refuse("--plan " + shown(args.plan) + ": " + parsed.error);
        if (parsed.plan.empty()) return refuse("--plan " + shown(args.plan) + " holds no intent (accepted: e.g. 'ping 5; wait 20s', see `ppp-conform list --intents`)");
        // A SUT on a line is the callback client (the environment's peer answers, PEERS.md section 2).
        std::vector<model::Role> roles{model::Role::Client};
        if (args.sut == "reference") roles.push_back(model::Role::Server);
        if (!args.role.empty()) roles = {args.role == "client" ? model::Role::Client : model::Role::Server};
        catalog.catalog = suites::adhoc_catalog(parsed.plan, roles, suites::Campaign::purpose_binding(args.sut));
        options.adhoc_plan = args.plan;
    }
    options.suites = args.suites;
    options.tp_glob = args.tp;
    options.properties_only = args.properties_only;
    options.exclude = args.exclude;
    if (!args.role.empty()) options.role = args.role == "client" ? model::Role::Client : model::Role::Server;
    options.faults = args.faults;
    options.evidence_all = args.evidence == "all";
    options.generation = args.generation == "model" ? suites::CampaignOptions::Generation::Model
                                                    : suites::CampaignOptions::Generation::Swarm;
    if (!parse_seed_arg(args.seed, options.seed, command)) return kExitUsage;
    // A real SUT costs seconds per plan: about ten per property unless --plans says otherwise.
    options.plans = args.plans_given || args.sut == "reference" ? args.plans : suites::kWallClockPlans;
    options.plan_time_limit = std::chrono::seconds(args.plan_time_limit_s);
    options.shrink_time_limit = std::chrono::seconds(args.shrink_time_limit_s);
    // By default the in-process reference runs one worker per core; a real SUT (a daemon on a pty
    // with wall-clock tolerances, equipment) one case at a time unless --jobs says otherwise.
    const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    options.jobs = args.jobs > 0 ? args.jobs : (args.sut == "reference" ? cores : 1);
    // GoogleTest's sharding variables, so any CI matrix splits a campaign (DESIGN.md section 9).
    if (const std::string problem = parse_shard(args, options.shard_index, options.shard_count); !problem.empty()) {
        return refuse(problem);
    }
    if (!args.junit.empty() || args.junit_given) {
        if (const std::string problem = check_output_file("--junit", args.junit); !problem.empty()) return refuse(problem);
    }
    if (!args.report_dir.empty() || args.report_dir_given) {
        if (const std::string problem = prepare_output_dir("--report-dir", args.report_dir); !problem.empty()) {
            return refuse(problem);
        }
    }
    options.sut = args.sut;
    suites::BenchFactory factory = [] { return adapters::make_reference_bench(); };
    if (args.sut == "pppd") {  // pppd in User-Mode Linux on a pty (PEERS.md section 1)
        adapters::PppdOptions pppd;
        pppd.extra = args.pppd_options;
        pppd.without = args.pppd_without;
        // Absolute: User-Mode Linux mounts the case directory from another working directory.
        if (!args.report_dir.empty()) pppd.work_dir = std::filesystem::absolute(args.report_dir) / "pppd";
        if (const std::string missing = adapters::pppd_uml_unavailable(pppd); !missing.empty()) {
            std::cerr << prefix << "warning: " << missing << " (every case will be an error)\n";
        }
        factory = [pppd] { return adapters::make_pppd_bench(pppd); };
        for (const auto& line : args.pppd_options) options.attachment_args += " --pppd-option " + wire::shell_word(line);
        for (const auto& name : args.pppd_without) options.attachment_args += " --pppd-without " + name;
    }
    if (args.sut == "pty") {  // any daemon on a pty (DESIGN.md section 7)
        adapters::CommandOptions daemon{args.command, options.pixit, {}};
        if (!args.report_dir.empty()) daemon.work_dir = std::filesystem::absolute(args.report_dir) / "pty";
        std::string problem;
        adapters::PtyBenchOptions pty = adapters::command_bench_options(daemon, problem);
        if (!problem.empty()) return refuse(problem);
        factory = [pty] { return adapters::make_pty_bench(pty); };
        options.attachment_args = " --command " + wire::shell_word(args.command);
    }
    if (args.sut == "serial") {  // equipment on a serial line (DESIGN.md section 7)
        adapters::SerialOptions serial;
        serial.device = args.device;
        serial.speed = args.speed;
        serial.flow = args.flow == "rtscts" ? adapters::FlowControl::RtsCts : adapters::FlowControl::None;
        serial.wait_for_first_octet = args.line_start == "sut";
        if (!args.report_dir.empty()) serial.work_dir = std::filesystem::absolute(args.report_dir) / "serial";
        factory = [serial] { return adapters::make_serial_bench(serial); };
        options.attachment_args = " --device " + wire::shell_word(args.device) + " --speed " + std::to_string(args.speed) +
                                  " --flow " + args.flow + " --line-start " + args.line_start;
    }
    if (args.sut != "reference" && args.plan_time_limit_s != 120) {
        options.attachment_args += " --plan-time-limit " + std::to_string(args.plan_time_limit_s);
    }
    campaign = std::make_unique<suites::Campaign>(std::move(*catalog.catalog), std::move(options), factory);
    // A selection that matches nothing is a typo, not a green run (a shard left empty is fine).
    if (campaign->matching().empty()) {
        std::string what = "--tp " + shown(args.tp);
        for (const auto& s : args.suites) what += " --suite " + s;
        if (!args.role.empty()) what += " --role " + args.role;
        return refuse(what + " selects no test purpose for --sut " + args.sut +
                      " (accepted: a selection naming at least one purpose; see `ppp-conform list`)");
    }
    // Fault names and configurations are checked before anything runs.
    if (const std::string problem = campaign->check_setup(); !problem.empty()) return refuse(problem);
    return std::nullopt;
}

// The share of the reachable rows (transitions) taken, over every machine, in percent.
double reachable_rows_taken(const model::Coverage& coverage) {
    std::size_t rows = 0, taken = 0;
    for (const auto& m : coverage.figures()) {
        rows += m.rows;
        taken += m.rows_taken;
    }
    return rows == 0 ? 100.0 : 100.0 * static_cast<double>(taken) / static_cast<double>(rows);
}

std::string percent(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f%%", value);
    return text;
}

// `run --coverage-goal PERCENT --budget SECONDS` (issue #15): after the campaign, further rounds of
// its property purposes, round r with seed + r, until the reachable rows taken reach the goal or
// the budget (counted from the campaign's start) is spent; a round starts only while budget is
// left, and its cases run to their end. A failure or error in a further round is recorded as its
// own case, "TP-X@rN", whose reproduce line carries that round's seed; passing ones add coverage.
void coverage_rounds(const RunArgs& args, std::uint64_t seed, std::chrono::steady_clock::time_point start,
                     const std::vector<std::pair<std::string, reports::Verdict>>& first_round,
                     model::Coverage& coverage, TerminalOutput& terminal_out,
                     const std::function<void(const suites::CaseRun&, reports::CaseResult)>& record_case,
                     const std::function<bool()>& stopped) {
    const double goal = args.coverage_goal > 0 ? args.coverage_goal : 100.0;
    const auto budget = std::chrono::seconds(args.budget_s > 0 ? args.budget_s : kDefaultCoverageBudgetS);
    auto elapsed = [&] { return std::chrono::steady_clock::now() - start; };
    int round = 0;
    std::vector<std::string> failed;  // purposes that failed or erred in a round so far
    for (const auto& [id, verdict] : first_round) {
        if (verdict == reports::Verdict::Fail || verdict == reports::Verdict::Error) failed.push_back(id);
    }
    for (double reached = reachable_rows_taken(coverage); reached < goal; reached = reachable_rows_taken(coverage)) {
        if (stopped()) return;
        if (elapsed() >= budget) {
            terminal_out.line("coverage: " + percent(reached) + " of the reachable rows after " + std::to_string(round + 1) +
                              " rounds; the budget of " + std::to_string(budget.count()) + " s is spent (goal " +
                              percent(goal) + ")");
            return;
        }
        ++round;
        RunArgs next = args;
        next.seed = std::to_string(seed + static_cast<std::uint64_t>(round));
        next.properties_only = true;
        next.exclude = failed;  // a failure already reported needs no second one
        std::unique_ptr<suites::Campaign> campaign;
        const std::optional<int> refused = make_campaign(next, campaign, "run");  // the first round checked every value
        if (refused || campaign->selected().empty()) {
            terminal_out.line("coverage: " + percent(reached) + " of the reachable rows; no property purpose is selected "
                              "to generate more (goal " + percent(goal) + ")");
            return;
        }
        terminal_out.line("coverage: " + percent(reached) + " of the reachable rows (goal " + percent(goal) + "); round " +
                          std::to_string(round) + ", seed " + next.seed);
        campaign->run(
            [&](const suites::CaseRun& run) {
                if (run.result.verdict != reports::Verdict::Fail && run.result.verdict != reports::Verdict::Error) return;
                failed.push_back(run.result.id);
                reports::CaseResult result = run.result;
                result.id += "@r" + std::to_string(round);
                record_case(run, std::move(result));
            },
            stopped);
        coverage.merge(campaign->coverage());
    }
    terminal_out.line("coverage: " + percent(reachable_rows_taken(coverage)) + " of the reachable rows, goal " + percent(goal) +
                      " reached after " + std::to_string(round + 1) + " round" + (round == 0 ? "" : "s"));
}

int run_campaign(const RunArgs& args) {
    std::unique_ptr<suites::Campaign> campaign;
    if (auto code = make_campaign(args, campaign, "run")) return *code;
    const auto selected = campaign->selected();
    // Before the banner: whoever reads it may interrupt at once, and a signal before the handler
    // would kill the run with no JUnit written and no exit code of its own.
    install_stop_signals();
    TerminalOutput terminal_out("run");
    terminal_out.line("ppp-conform run: " + std::to_string(selected.size()) + " purposes, sut " + args.sut + ", profile " +
                      args.profile + ", seed " + std::to_string(campaign->seed()));
    if (selected.empty()) {
        terminal_out.line("ppp-conform run: this shard holds none of the " + std::to_string(campaign->matching().size()) +
                          " selected purposes (purpose k runs on shard k mod N)");
    }

    reports::RunInfo info;
    info.timestamp = utc_timestamp();
    info.properties = {{"sut", args.sut},
                       {"attachment", adapters::describe(campaign->attachment())},
                       {"profile", args.profile},
                       {"seed", std::to_string(campaign->seed())},
                       {"harness_version", kHarnessVersion}};
    info.secrets = campaign->secrets();
    // Cases stream to the JUnit file as they finish, so an interrupted run leaves a valid file.
    reports::JUnitStream junit;
    if (!args.junit.empty() && !junit.open(args.junit, info)) {
        std::cerr << "ppp-conform run: " << junit.error() << '\n';
        return kExitError;
    }

    // Cases also stream into the report's spools: memory stays flat in the number of cases.
    reports::ReportStream report(info.secrets);
    if (!report.open()) {
        std::cerr << "ppp-conform run: " << report.error() << '\n';
        return kExitError;
    }
    // The report's data, so `merge --report-dir` can join the reports of shards.
    reports::ReportDataWriter report_data;
    if (!args.report_dir.empty() &&
        !report_data.open(args.report_dir + "/" + reports::kReportDataFile, info.secrets)) {
        std::cerr << "ppp-conform run: " << report_data.error() << '\n';
        return kExitError;
    }
    const bool progress = isatty(STDERR_FILENO) != 0;
    const auto start = std::chrono::steady_clock::now();
    // The first failed write to JUnit, the report or evidence: said once, and the run stops.
    std::string write_error;
    auto write_failed = [&](const std::string& what) {
        if (write_error.empty()) write_error = what.empty() ? "a result file could not be written" : what;
    };
    std::size_t done = 0;
    // A failing case's exchange at the SUT's port (any case's with --evidence all) goes to
    // <report-dir>/<TP>-b.pcap and -d.pcap, and whole to <TP>.pcapng.
    auto write_evidence = [&](const suites::CaseRun& run, reports::CaseResult& result) {
        if (args.report_dir.empty() || run.evidence.empty()) return;
        for (const bool d_channel : {false, true}) {
            const std::string path = args.report_dir + "/" + result.id + (d_channel ? "-d.pcap" : "-b.pcap");
            reports::PcapWriter pcap;
            bool ok = pcap.open(path, d_channel ? suites::kPcapLapd : suites::kPcapPppWithDir);
            for (const auto& record : suites::evidence_records(run.evidence, d_channel)) ok = ok && pcap.write(record);
            ok = ok && pcap.close();
            if (!ok) {
                write_failed(pcap.error());
                continue;
            }
            result.properties.push_back({d_channel ? "evidence_d_channel" : "evidence_b_channel", path});
        }
        // Every channel and the LAN side in one file, in the port's order: what `check` reads.
        const std::string path = args.report_dir + "/" + result.id + ".pcapng";
        reports::PcapngWriter pcapng;
        // The section comment says what ran, so `check` can judge it with the same configuration.
        const bool call_control = campaign->attachment().call_control != adapters::Capabilities::CallControl::None;
        const std::string comment = reports::redact(
            suites::evidence_comment(result.id, args.profile, run.sut_role, call_control, run.evidence_plan), info.secrets);
        bool ok = pcapng.open(path, suites::evidence_interfaces(), comment);
        for (const auto& record : suites::evidence_pcapng(run.evidence)) ok = ok && pcapng.write(record);
        // Silence after the last packet was watched until the run ended.
        const std::uint64_t end_us = static_cast<std::uint64_t>(std::max(run.evidence_end, run.evidence.back().at).count()) * 1000U + 999U;
        ok = ok && pcapng.close(end_us);
        if (ok) result.properties.push_back({"evidence", path});
        else write_failed(pcapng.error());
    };
    auto record_case = [&](const suites::CaseRun& run, reports::CaseResult result) {
        terminal_out.print([&] { print_case_detail(run, !args.plan.empty()); });
        write_evidence(run, result);
        const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (junit.is_open() && !junit.add(result, now)) write_failed(junit.error());
        if (!report.add(result)) write_failed(report.error());
        if (!args.report_dir.empty() && !report_data.add(result)) write_failed(report_data.error());
    };
    const auto stopped = [&] { return g_interrupted != 0 || !write_error.empty(); };
    std::vector<std::pair<std::string, reports::Verdict>> first_round;  // for --coverage-goal's rounds
    campaign->run(
        [&](const suites::CaseRun& run) {
            ++done;
            if (progress) std::cerr << "\r[" << done << "/" << selected.size() << "] " << run.result.id << "        " << std::flush;
            first_round.emplace_back(run.result.id, run.result.verdict);
            record_case(run, run.result);
        },
        stopped);
    if (progress) std::cerr << "\r\n";
    model::Coverage coverage = campaign->coverage();
    if (args.coverage_goal > 0 || args.budget_s > 0) {
        coverage_rounds(args, campaign->seed(), start, first_round, coverage, terminal_out, record_case, stopped);
    }
    if (g_interrupted != 0) terminal_out.line("interrupted after " + std::to_string(done) + " of " + std::to_string(selected.size()) + " purposes");
    terminal_out.print([&] {
        std::cout << "\n";
        report.print_text_summary(std::cout);
    });
    const bool run_stopped = !write_error.empty();
    if (junit.is_open() && !junit.close()) write_failed(junit.error());
    if (!write_error.empty()) {
        std::cerr << "ppp-conform run: " << write_error << (run_stopped ? " (the run stopped)" : "") << '\n';
        return kExitError;
    }
    if (!args.report_dir.empty()) {
        reports::ReportInput input;
        input.run = info;
        input.sut_identity = {{"name", args.sut},
                              {"implementation", args.sut == "pppd"  ? "pppd 2.4.9 in User-Mode Linux on a pty"
                                                 : args.sut == "pty" ? "a daemon on a pty: " + args.command
                                                 : args.sut == "serial"
                                                     ? "equipment on " + args.device + " at " + std::to_string(args.speed) + " bit/s"
                                                     : "ppp-conform reference routers"}};
        input.pics = {{"profile", args.profile}};
        for (const auto& f : args.faults) input.pics.push_back({"fault switched on", f});
        // Exactly the PIXIT used, secrets redacted (DESIGN.md section 7a).
        for (const auto& [key, value] : pixit::report_rows(campaign->parameters())) input.pixit.push_back({key, value});
        // The requirement matrix: every normative row of the catalog with its clause, exercised
        // or not (informative rows, level I, are not requirements a SUT meets).
        for (const auto& row : spec::catalog()) {
            if (row.level != "I") input.requirements.push_back({row.id, row.clause});
        }
        input.states = coverage_rows(coverage.states);
        input.transitions = coverage_rows(coverage.transitions);
        if (!report_data.close(input)) {
            std::cerr << "ppp-conform run: " << report_data.error() << '\n';
            return kExitError;
        }
        if (!report.write_html(args.report_dir + "/report.html", input) ||
            !report.write_markdown(args.report_dir + "/summary.md", input)) {
            std::cerr << "ppp-conform run: " << report.error() << '\n';
            return kExitError;
        }
        terminal_out.line("report: " + args.report_dir + "/report.html, " + args.report_dir + "/summary.md");
    }
    if (g_interrupted != 0) return kExitError;
    if (!terminal_out.ok()) return kExitError;  // said once by TerminalOutput
    return exit_code_for(report.tally());
}

// `replay`: the one purpose the --tp names, with the reproduce string `run` printed.
int run_replay(const RunArgs& args) {
    std::unique_ptr<suites::Campaign> campaign;
    if (auto code = make_campaign(args, campaign, "replay")) return *code;
    const auto selected = campaign->selected();
    if (selected.size() != 1) {
        std::cerr << "ppp-conform replay: --tp " << shown(args.tp) << " selects " << selected.size()
                  << " purposes (accepted: exactly one test purpose ID)\n";
        return kExitUsage;
    }
    const suites::TestPurpose& tp = *selected.front();
    if (!args.drawn_plan.empty() || !args.salt.empty()) {
        // A model-drawn failure: its plan and salt (the generation is the run's, --generation model).
        if (!tp.property || args.generation != "model") {
            std::cerr << "ppp-conform replay: --plan with --salt re-runs a plan drawn by `run --generation model` for a "
                         "property purpose (accepted: --generation model and a property purpose's --tp)\n";
            return kExitUsage;
        }
        const suites::IntentParse parsed = suites::parse_plan(args.drawn_plan);
        if (!parsed.ok) {
            std::cerr << "ppp-conform replay: --plan " << shown(args.drawn_plan) << ": " << parsed.error << '\n';
            return kExitUsage;
        }
        install_stop_signals();
        const auto result = campaign->replay_drawn(tp, parsed.plan, static_cast<std::uint32_t>(std::stoul(args.salt)));
        print_case_detail(result);
        std::cout << reports::render_text_summary({result.result});
        return exit_code_for(reports::tally({result.result}));
    }
    if (!args.reproduce_given) {
        std::cerr << "ppp-conform replay: needs --reproduce (as `run` printed it), or --plan with --salt for a plan "
                     "drawn by --generation model\n";
        return kExitUsage;
    }
    if (const std::string problem = suites::Campaign::check_reproduce(tp, args.reproduce); !problem.empty()) {
        std::cerr << "ppp-conform replay: " << problem << '\n';
        return kExitUsage;
    }
    install_stop_signals();
    const auto result = campaign->replay(tp, args.reproduce);
    print_case_detail(result);
    std::cout << reports::render_text_summary({result.result});
    return exit_code_for(reports::tally({result.result}));
}

}  // namespace

void add_run_commands(CLI::App& app, int& exit_code) {
    auto run_args = std::make_shared<RunArgs>();
    std::vector<std::string> suite_names;
    if (auto catalog = suites::bundled_catalog(); catalog.catalog) suite_names = catalog.catalog->suites();
    std::vector<std::string> fault_names;
    for (const auto& f : adapters::reference_faults()) fault_names.push_back(f.name);
    auto add_selection = [run_args, suite_names, fault_names](CLI::App* cmd) {
        cmd->add_option("--suite", run_args->suites, "Suite to run (repeatable; default every suite)")
            ->check(one_of(suite_names));
        cmd->add_option("--tp", run_args->tp, "Only test purposes whose ID matches this glob")->capture_default_str();
        cmd->add_option("--sut", run_args->sut,
                        "System under test: reference, pppd (User-Mode Linux on a pty), pty (any daemon: --command), "
                        "serial (equipment on a device: --device)")
            ->check(one_of({"reference", "pppd", "pty", "serial"}))
            ->capture_default_str();
        cmd->add_option("--device", run_args->device, "--sut serial: the serial device (e.g. /dev/ttyS0, /dev/ttyUSB0)")
            ->check(CLI::ExistingPath);
        std::vector<std::string> speeds;
        for (const int bps : adapters::serial_speeds()) speeds.push_back(std::to_string(bps));
        cmd->add_option("--speed", run_args->speed, "--sut serial: line speed in bit/s")
            ->check(one_of(speeds))
            ->capture_default_str();
        cmd->add_option("--flow", run_args->flow, "--sut serial: flow control")
            ->check(one_of({"none", "rtscts"}))
            ->capture_default_str();
        cmd->add_option("--line-start", run_args->line_start,
                        "--sut serial: time 0 at the SUT's first octet (sut) or when the line is up (harness: for a "
                        "passive SUT)")
            ->check(one_of({"sut", "harness"}))
            ->capture_default_str();
        cmd->add_option("--command", run_args->command,
                        "--sut pty: the shell command that runs the daemon on {tty} or {tty_fd} (placeholders: "
                        "{case_dir}, {secret_file}, {exit_file}, {pixit:KEY})");
        cmd->add_option("--pppd-option", run_args->pppd_options, "--sut pppd: append this line to pppd's options")
            ->check(one_line("one pppd option per value, no newline"));
        cmd->add_option("--pppd-without", run_args->pppd_without,
                        "--sut pppd: leave out the generated option of this name (e.g. callback)")
            ->check(one_of(adapters::pppd_generated_option_names()));
        cmd->add_option("--role", run_args->role, "Only purposes where the SUT plays client or server")
            ->check(one_of({"client", "server"}));
        cmd->add_option("--pixit", run_args->pixit,
                        "Test parameters (PIXIT): a bundled name (default, pppd-uml) or a JSON file; secrets only "
                        "inside it or through secret_file/secret_env");
        cmd->add_option("--profile", run_args->profile, "Profile: a bundled name or a JSON file")
            ->capture_default_str();
        cmd->add_option("--fault", run_args->faults, "Switch a named fault on in the reference SUT (repeatable)")
            ->check(one_of(fault_names));
        cmd->add_option("--seed", run_args->seed, "Seed (default: random, printed at the start)")->check(decimal_seed());
        cmd->add_option("--generation", run_args->generation,
                        "How property purposes draw plans: swarm (whole plans from the purpose's weights) or model "
                        "(each next intent from the oracle's state, favouring rows not taken yet)")
            ->check(one_of({"swarm", "model"}))
            ->capture_default_str();
        cmd->add_option("--plan-time-limit", run_args->plan_time_limit_s,
                        "Seconds one plan may run against a wall-clock SUT (pppd, pty, serial)")
            ->check(CLI::Range(1, 3600))
            ->capture_default_str();
    };
    auto* run = app.add_subcommand("run", "Run test purposes against a SUT and give each a verdict");
    add_selection(run);
    auto* plans = run->add_option("--plans", run_args->plans,
                                  "Generated plans per property purpose (a wall-clock SUT: " +
                                      std::to_string(suites::kWallClockPlans) + " unless given)")
                      ->check(CLI::Range(1, 1000000))
                      ->capture_default_str();
    run->add_option("--shrink-time-limit", run_args->shrink_time_limit_s,
                    "Seconds shrinking a failure may re-run candidates against a wall-clock SUT")
        ->check(CLI::Range(0, 86400))
        ->capture_default_str();
    run->add_option("--jobs", run_args->jobs,
                    "Worker processes running purposes side by side (0: one per core for the reference, 1 for "
                    "a real SUT); results keep their order")
        ->check(CLI::Range(0, 256))
        ->capture_default_str();
    run->add_option("--coverage-goal", run_args->coverage_goal,
                    "Percent of the model's reachable rows to take: further rounds of the property purposes (seed+1, "
                    "seed+2, ...) run until it is reached or --budget is spent")
        ->check(CLI::Range(0.0, 100.0));
    run->add_option("--budget", run_args->budget_s,
                    "Seconds the campaign and its --coverage-goal rounds may take before no further round starts "
                    "(default " + std::to_string(kDefaultCoverageBudgetS) + " with --coverage-goal)")
        ->check(CLI::Range(1, 604800));
    auto* junit = run->add_option("--junit", run_args->junit, "Write JUnit XML to this file (updated as cases finish)");
    auto* report_dir = run->add_option("--report-dir", run_args->report_dir,
                                       "Write the conformance report (report.html, summary.md) into this folder "
                                       "(created when missing)");
    run->add_option("--evidence", run_args->evidence,
                    "Which cases leave pcap evidence in --report-dir: failing or all")
        ->check(one_of({"failing", "all"}))
        ->capture_default_str();
    run->add_option("--shard", run_args->shard, "Run shard I of N (I/N); GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS also work");
    auto* plan = run->add_option("--plan", run_args->plan,
                                 "Run this one plan of intents (e.g. 'ping 5; net-busy; wait 5s') instead of the "
                                 "catalog, as client and server (or --role), and show its trace");
    run->callback([run_args, junit, report_dir, plan, plans, &exit_code] {
        run_args->plans_given = plans->count() > 0;
        run_args->junit_given = junit->count() > 0;
        run_args->report_dir_given = report_dir->count() > 0;
        run_args->plan_given = plan->count() > 0;
        exit_code = run_campaign(*run_args);
    });

    auto* replay = app.add_subcommand("replay", "Re-run one shrunk failure from the command `run` printed");
    add_selection(replay);
    auto* reproduce = replay->add_option("--reproduce", run_args->reproduce, "RapidCheck reproduce string (a swarm-drawn failure)");
    auto* drawn_plan = replay->add_option("--plan", run_args->drawn_plan,
                                          "--generation model: the failing plan `run` printed, with its --salt");
    auto* salt = replay->add_option("--salt", run_args->salt, "--generation model: the plan's salt, as `run` printed it")
                     ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{0xFFFFFFFFU}));
    reproduce->excludes(drawn_plan);
    drawn_plan->needs(salt);
    salt->needs(drawn_plan);
    replay->callback([run_args, reproduce, &exit_code] {
        run_args->reproduce_given = reproduce->count() > 0;
        exit_code = run_replay(*run_args);
    });
}

}  // namespace ppp::cli
