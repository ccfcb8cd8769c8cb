// `ppp-conform merge`: the JUnit files of shards joined into one, and their conformance reports.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli.hpp"
#include "ppp/reports/junit.hpp"
#include "ppp/reports/report_data.hpp"
#include "ppp/reports/report_stream.hpp"

namespace ppp::cli {
namespace {

struct MergeArgs {
    std::string output;
    std::vector<std::string> inputs;
    std::string report_dir;
    std::vector<std::string> report_data;
};

// The run properties that name a campaign: shards whose values differ are not one campaign.
constexpr const char* kCampaignProperties[] = {"harness_version", "profile", "seed", "sut"};

// The shards' report data joined into one conformance report: cases shard by shard (spooled by
// `report`, nothing written yet), requirement lists united, model coverage summed item by item.
// "" or the one-line reason the report data is refused.
std::string join_report_data(const MergeArgs& args, reports::ReportStream& report, reports::ReportInput& joined) {
    if (!report.open()) return report.error();
    model::Coverage coverage;
    std::set<std::string> cases_seen;  // suite and purpose ID
    std::string problem;
    for (std::size_t k = 0; k < args.report_data.size(); ++k) {
        reports::ReportInput shard;
        std::string error;
        const std::string path = args.report_data[k] + "/" + reports::kReportDataFile;
        const bool ok = reports::read_report_data(
            path, shown(path),
            [&](const reports::CaseResult& r) {
                if (!problem.empty()) return;
                if (!cases_seen.insert(r.suite + '\0' + r.id).second) {
                    problem = "--report-data " + shown(args.report_data[k]) + ": case " + shown(r.id) +
                              " is already in an earlier shard (a shard given twice, or shards of overlapping runs)";
                } else if (!report.add(r)) {
                    problem = report.error();
                }
            },
            shard, error);
        if (!ok) return "--report-data " + error;
        if (!problem.empty()) return problem;
        if (k == 0) {
            joined = shard;
            joined.states.clear();
            joined.transitions.clear();
        }
        for (const char* key : kCampaignProperties) {
            const auto value_in = [key](const reports::ReportInput& input) -> std::optional<std::string> {
                for (const auto& p : input.run.properties) {
                    if (p.name == key) return p.value;
                }
                return std::nullopt;
            };
            const auto first = value_in(joined), here = value_in(shard);
            if (first && here && *first != *here) {
                return "--report-data " + shown(args.report_data[k]) + ": run property " + key + " " + shown(*here) +
                       " differs from " + shown(*first) + " in " + shown(args.report_data[0]) +
                       " (accepted: shards of one campaign)";
            }
        }
        for (const auto& req : shard.requirements) {
            const bool known = std::any_of(joined.requirements.begin(), joined.requirements.end(),
                                           [&](const auto& r) { return r.id == req.id; });
            if (!known) joined.requirements.push_back(req);
        }
        coverage.merge(model::Coverage{coverage_items(shard.states), coverage_items(shard.transitions)});
    }
    std::sort(joined.requirements.begin(), joined.requirements.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    joined.states = coverage_rows(coverage.states);
    joined.transitions = coverage_rows(coverage.transitions);
    joined.run.properties.push_back({"shards", std::to_string(args.report_data.size())});
    return "";
}

// Everything is read and checked before anything is written: a refused input leaves the outputs
// as they were.
int merge_shards(const MergeArgs& args) {
    const auto refuse = [](const std::string& why) {
        std::cerr << "ppp-conform merge: " << why << '\n';
        return kExitUsage;
    };
    if (args.report_dir.empty() != args.report_data.empty()) {
        return refuse("--report-dir and --report-data go together (the joined report's folder, and the shards' "
                      "report folders)");
    }
    if (const std::string problem = check_output_file("output", args.output); !problem.empty()) return refuse(problem);
    if (!args.report_dir.empty()) {
        if (const std::string problem = prepare_output_dir("--report-dir", args.report_dir); !problem.empty()) {
            return refuse(problem);
        }
    }
    std::vector<reports::JUnitFile> files;
    for (const std::string& path : args.inputs) files.push_back({path, shown(path)});
    const auto merged = reports::merge_junit_files(files);
    if (!merged.ok()) return refuse(merged.error);

    reports::ReportStream report;
    reports::ReportInput joined;
    if (!args.report_data.empty()) {
        if (const std::string problem = join_report_data(args, report, joined); !problem.empty()) return refuse(problem);
    }
    for (const std::string& warning : merged.warnings) std::cerr << "ppp-conform merge: warning: " << warning << '\n';

    std::string error;
    if (!write_atomically(args.output, merged.xml, error)) {
        std::cerr << "ppp-conform merge: " << error << '\n';
        return kExitError;
    }
    TerminalOutput terminal_out("merge");
    terminal_out.line("merged " + std::to_string(args.inputs.size()) + " files into " + args.output);
    if (!args.report_dir.empty()) {
        if (!report.write_html(args.report_dir + "/report.html", joined) ||
            !report.write_markdown(args.report_dir + "/summary.md", joined)) {
            std::cerr << "ppp-conform merge: " << report.error() << '\n';
            return kExitError;
        }
        terminal_out.line("report: " + args.report_dir + "/report.html, " + args.report_dir + "/summary.md");
    }
    return terminal_out.ok() ? kExitPass : kExitError;
}

}  // namespace

void add_merge_command(CLI::App& app, int& exit_code) {
    auto merge_args = std::make_shared<MergeArgs>();
    auto* merge = app.add_subcommand(
        "merge", "Join JUnit files from shards into one (suites by name, counts summed), and their reports");
    merge->add_option("output", merge_args->output, "The merged JUnit file to write")->required();
    merge->add_option("inputs", merge_args->inputs, "JUnit files written by `run --shard`")->required();
    merge->add_option("--report-dir", merge_args->report_dir,
                      "Write the joined conformance report (report.html, summary.md) into this folder (created "
                      "when missing)");
    merge->add_option("--report-data", merge_args->report_data,
                      "The shards' --report-dir folders (repeatable), whose report data is joined");
    merge->callback([merge_args, &exit_code] { exit_code = merge_shards(*merge_args); });
}

}  // namespace ppp::cli
