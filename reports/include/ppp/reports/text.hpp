#pragma once
// Summaries for terminals and CI logs.
#include <string>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports {

struct Tally {
    std::size_t pass = 0, fail = 0, inconc = 0, error = 0, none = 0;
    std::size_t total() const { return pass + fail + inconc + error + none; }
    void add(Verdict verdict);
};
Tally tally(const std::vector<CaseResult>& cases);

// One line per case ("fail  TP-LCP-003  Ack echoes Request  [LCP-05]"), then the closing line
// "N passed, N failed" (plus inconclusive/error/not-applicable counts) that CI runners read.
std::string render_text_summary(const std::vector<CaseResult>& cases);
std::string closing_line(const Tally& t);
// The pieces of render_text_summary, for summaries streamed case by case (ReportStream).
std::string summary_line(const CaseResult& c);  // one case, ending in a newline
std::string summary_end(const Tally& t);        // the counts, then the closing line

}  // namespace ppp::reports
