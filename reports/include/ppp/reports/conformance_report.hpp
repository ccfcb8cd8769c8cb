#pragma once
// The conformance report: SUT identity, profile (PICS/PIXIT), summary counts, verdict per test
// purpose, requirement coverage matrix, model coverage, and each failure with its sequence
// diagram and reproduce command (the case property named "reproduce"). run.secrets are redacted
// from every text.
#include <string>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports {

// One self-contained file: inline CSS and SVG, no scripts, no external fetches. Also well-formed
// XML (HTML5 written as XHTML syntax), so strict XML tools can check it.
std::string render_html(const ReportInput& input, const std::vector<CaseResult>& cases);

// The same content for terminals, CI logs and job summaries (GitHub-flavoured tables).
std::string render_markdown(const ReportInput& input, const std::vector<CaseResult>& cases);

}  // namespace ppp::reports
