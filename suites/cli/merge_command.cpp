// `ppp-conform merge`: the JUnit files of shards joined into one, and their conformance reports.
#include <algorithm>
#include <iostream>
#include <memory>
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

// The shards' report data joined into one conformance report: cases shard by shard, requirement
// lists united, model coverage summed item by item.
int merge_reports(const MergeArgs& args) {
    reports::ReportStream report;
    if (!report.open()) {
        std::cerr << "ppp-conform merge: " << report.error() << '\n';
        return kExitError;
    }
    reports::ReportInput joined;
    model::Coverage coverage;
    bool write_failed = false;
    for (std::size_t k = 0; k < args.report_data.size(); ++k) {
        reports::ReportInput shard;
        std::string error;
        const std::string path = args.report_data[k] + "/" + reports::kReportDataFile;
        const bool ok = reports::read_report_data(
            path, [&](const reports::CaseResult& r) { write_failed = !report.add(r) || write_failed; }, shard, error);
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
        coverage.merge(model::Coverage{coverage_items(shard.states), coverage_items(shard.transitions)});
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
    const auto merged = reports::merge_junit_files(args.inputs);
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

void add_merge_command(CLI::App& app, int& exit_code) {
    auto merge_args = std::make_shared<MergeArgs>();
    auto* merge = app.add_subcommand(
        "merge", "Join JUnit files from shards into one (suites by name, counts summed), and their reports");
    merge->add_option("output", merge_args->output, "The merged JUnit file to write")->required();
    merge->add_option("inputs", merge_args->inputs, "JUnit files written by `run --shard`")->required();
    merge->add_option("--report-dir", merge_args->report_dir,
                      "Write the joined conformance report (report.html, summary.md) into this existing folder");
    merge->add_option("--report-data", merge_args->report_data,
                      "The shards' --report-dir folders (repeatable), whose report data is joined");
    merge->callback([merge_args, &exit_code] { exit_code = merge_shards(*merge_args); });
}

}  // namespace ppp::cli
