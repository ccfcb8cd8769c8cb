#pragma once
// A finished case (and a worker's coverage) as MessagePack (nlohmann-json), so `run --jobs N` can
// carry results from worker processes to the parent that writes the reports.
#include <string>

#include "ppp/model/coverage.hpp"
#include "ppp/suites/campaign.hpp"

namespace ppp::suites::detail {

std::string encode_case_run(const CaseRun& run);
bool decode_case_run(const std::string& text, CaseRun& run, std::string& error);

std::string encode_coverage(const model::CoverageCounts& coverage);
bool decode_coverage(const std::string& text, model::CoverageCounts& coverage, std::string& error);

}  // namespace ppp::suites::detail
