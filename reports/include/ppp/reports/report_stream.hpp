#pragma once
// The conformance report (HTML, Markdown) and the terminal summary built from cases as they finish
// (DESIGN.md section 9: memory flat in the number of cases). add() renders each case once into
// anonymous spool files (gone even when the process is killed); the documents are assembled from
// them at the end. In memory stay only the tally and one aggregate per distinct requirement ID.
// Secrets given to the constructor are redacted from every text, the summary lines included.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "ppp/reports/case_result.hpp"
#include "ppp/reports/text.hpp"

namespace ppp::reports {

class ReportStream {
public:
    explicit ReportStream(std::vector<std::string> secrets = {});
    ~ReportStream();
    ReportStream(const ReportStream&) = delete;
    ReportStream& operator=(const ReportStream&) = delete;

    // Creates the spools. False with error() set when the temporary directory refuses them.
    bool open();
    bool add(const CaseResult& result);

    const Tally& tally() const;
    std::size_t case_count() const { return tally().total(); }

    // Each document is written to `<path>.tmp`, then renamed over `path` (DESIGN.md section 9).
    // `input.run.secrets` are redacted too. False with error() naming the file on failure.
    bool write_html(const std::string& path, const ReportInput& input);
    bool write_markdown(const std::string& path, const ReportInput& input);
    // render_text_summary's text (one line per case, the counts, the closing line) to `out`.
    bool print_text_summary(std::ostream& out);
    // The same documents as strings (for tests and small runs).
    std::string html(const ReportInput& input);
    std::string markdown(const ReportInput& input);

    const std::string& error() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ppp::reports
