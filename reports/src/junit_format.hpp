#pragma once
// The JUnit document as text pieces, shared by render_junit (in memory) and JUnitStream (cases
// spooled to disk), so both write byte-identical documents.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports::junit_format {

struct Counts {
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0.0;
    void add(const CaseResult& c);
    void add(const Counts& other);
};

// Redacted, XML-safe and escaped for text content or a double-quoted attribute value.
std::string text(std::string_view raw, const std::vector<std::string>& secrets);
std::string attribute(std::string_view raw, const std::vector<std::string>& secrets);
std::string seconds_text(double seconds);

std::string document_open(const RunInfo& run, const Counts& total);
std::string document_close();
std::string suite_open(const RunInfo& run, const std::string& suite, const Counts& counts);
std::string suite_close();
std::string testcase(const CaseResult& c, const std::vector<std::string>& secrets);

}  // namespace ppp::reports::junit_format
