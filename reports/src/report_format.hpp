#pragma once
// The conformance report's pieces, in the order ReportStream assembles them: everything before
// the verdict rows, one row per case, the requirement matrix (one cell entry per case citing a
// requirement), model coverage, one block per failing case, the end. HTML and Markdown each
// implement them, so both documents come from one streaming assembly.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "ppp/reports/case_result.hpp"
#include "ppp/reports/text.hpp"

namespace ppp::reports::report_format {

// One row of the requirement coverage matrix, aggregated as cases arrive.
struct RequirementStatus {
    std::string id;
    std::string clause;
    bool in_catalog = true;  // false: cited by a case but absent from the catalog
    std::size_t cases = 0;   // purposes citing it
    std::string status;      // "untested", "fail", "error", "inconc", "pass", "none"
};

class Format {
public:
    virtual ~Format() = default;
    // Title through the verdicts heading and, when cases ran, the table's header.
    virtual std::string head(const ReportInput& input, const Tally& t) const = 0;
    virtual std::string verdict_row(const CaseResult& c, std::size_t index) const = 0;
    virtual std::string verdicts_end(const Tally& t) const = 0;
    virtual std::string matrix_head(std::size_t exercised, std::size_t requirements) const = 0;
    // A requirement's row: open, then the purposes' entries joined by matrix_separator(), close.
    virtual std::string matrix_row_open(const RequirementStatus& r) const = 0;
    virtual std::string matrix_entry(const CaseResult& c, std::size_t index) const = 0;
    virtual std::string matrix_separator() const = 0;
    virtual std::string matrix_row_close(const RequirementStatus& r) const = 0;
    virtual std::string matrix_end(std::size_t requirements) const = 0;
    // Model coverage and the failures heading.
    virtual std::string middle(const ReportInput& input, const Tally& t) const = 0;
    virtual std::string problem(const CaseResult& c, std::size_t index) const = 0;  // fail or error only
    virtual std::string tail() const = 0;
};

// `secrets` are redacted from every text; both keep a reference to them.
std::unique_ptr<Format> html_format(const std::vector<std::string>& secrets);
std::unique_ptr<Format> markdown_format(const std::vector<std::string>& secrets);

}  // namespace ppp::reports::report_format
