#pragma once
// The data behind a conformance report, kept next to it (`report-data.jsonl`) so the reports of
// shards can be joined (`ppp-conform merge --report-dir`): one JSON object per line, a case per
// line as it finishes (memory stays flat), the run's description and coverage last. Secrets are
// redacted before anything is written, like every other output (DESIGN.md section 9).
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ppp/reports/case_result.hpp"
#include "ppp/reports/output_file.hpp"

namespace ppp::reports {

inline constexpr const char* kReportDataFile = "report-data.jsonl";

// Plain records as JSON (also what `run --jobs` workers send their parent).
void to_json(nlohmann::json& j, const CaseResult& result);
void from_json(const nlohmann::json& j, CaseResult& result);
void to_json(nlohmann::json& j, const CoverageRow& row);
void from_json(const nlohmann::json& j, CoverageRow& row);

class ReportDataWriter {
public:
    // Writes a temporary beside `path` (OutputFile); close() puts it in place. False with error()
    // on failure. A writer destroyed before close() leaves `path` as it was.
    bool open(const std::string& path, std::vector<std::string> secrets);
    bool add(const CaseResult& result);
    bool close(const ReportInput& input);  // the closing line: run, identity, PICS/PIXIT, coverage
    const std::string& error() const { return error_; }

private:
    bool write_line(const nlohmann::json& j);
    OutputFile out_;
    std::vector<std::string> secrets_;
    std::string error_;
};

// Reads a file ReportDataWriter wrote: `on_case` for each case in order, then `input` from the
// closing line. False with `error` naming the file (as `shown_path`, the caller's escaped form)
// and line: a file cut short by a shard that was killed lacks its closing line. At most
// kMaxMergeInputBytes; a case line's JSON is not otherwise limited.
bool read_report_data(const std::string& path, const std::string& shown_path,
                      const std::function<void(const CaseResult&)>& on_case, ReportInput& input, std::string& error);

}  // namespace ppp::reports
