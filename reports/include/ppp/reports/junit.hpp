#pragma once
// JUnit XML as CI systems read it: testsuites > testsuite (one per suite, in first-seen order) >
// testcase. Verdict mapping: fail -> <failure>, error -> <error>, inconc -> <skipped
// message="inconc: ..."> with a verdict property (never a silent pass), none -> <skipped
// message="not applicable: ...">. reports/schema/junit.xsd describes the document; run.secrets
// are redacted from every text.
#include <string>
#include <string_view>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports {

std::string render_junit(const RunInfo& run, const std::vector<CaseResult>& cases);

// Text safe for XML 1.0: drops C0 controls other than tab/newline/CR, DEL-range C1 controls,
// U+FFFE/U+FFFF and invalid UTF-8 (strict parsers refuse a file holding any of them).
std::string xml_safe(std::string_view text);

// One shard's JUnit document; `name` (its file path) is what errors cite.
struct JUnitDocument {
    std::string name;
    std::string xml;
};

struct MergeResult {
    std::string xml;    // the merged document when error is empty
    std::string error;  // one line naming the offending input, e.g. "shard-2.xml:14: malformed XML (...)"
    bool ok() const { return error.empty(); }
};

// Joins shards (`ppp-conform merge`, DESIGN.md section 9): testsuites of the same name become one
// (first-seen order, cases kept in order, run properties united), counts are recounted from the
// cases and times summed. A root <testsuite> (as some tools write) is taken as a one-suite input.
MergeResult merge_junit(const std::vector<JUnitDocument>& inputs);
// The same, reading each path first (an unreadable file is an error naming it).
MergeResult merge_junit_files(const std::vector<std::string>& paths);

}  // namespace ppp::reports
