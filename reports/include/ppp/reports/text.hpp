#pragma once
// Summaries for terminals and CI logs.
#include <string>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports {

struct Tally {
    std::size_t pass = 0, fail = 0, inconc = 0, error = 0, none = 0;
    std::size_t total() const { return pass + fail + inconc + error + none; }
};
Tally tally(const std::vector<CaseResult>& cases);

// One line per case ("fail  TP-LCP-003  Ack echoes Request  [LCP-05]"), then the closing line
// "N passed, N failed" (plus inconclusive/error/not-applicable counts) that CI runners read.
std::string render_text_summary(const std::vector<CaseResult>& cases);
std::string closing_line(const Tally& t);

}  // namespace ppp::reports
