#pragma once
// JUnit XML as CI systems read it: testsuites > testsuite (one per suite, in first-seen order) >
// testcase. Verdict mapping: fail -> <failure>, error -> <error>, inconc -> <skipped
// message="inconc: ..."> with a verdict property (never a silent pass), none -> <skipped
// message="not applicable: ...">. reports/schema/junit.xsd describes the document; run.secrets
// are redacted from every text.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports {

std::string render_junit(const RunInfo& run, const std::vector<CaseResult>& cases);

// Text safe for XML 1.0: drops C0 controls other than tab/newline/CR, DEL-range C1 controls,
// U+FFFE/U+FFFF and invalid UTF-8 (strict parsers refuse a file holding any of them).
std::string xml_safe(std::string_view text);

// Each input of `merge` (a shard's JUnit file, its report data) is at most this large.
inline constexpr std::uint64_t kMaxMergeInputBytes = 256ull * 1024 * 1024;

// One shard's JUnit document; `name` (its file path) is what errors cite.
struct JUnitDocument {
    std::string name;
    std::string xml;
};

// A JUnit file to read: its path, and how messages name it (the caller's escaped form).
struct JUnitFile {
    std::string path;
    std::string name;
};

struct MergeResult {
    std::string xml;    // the merged document when error is empty
    std::string error;  // one line naming the offending input, e.g. "shard-2.xml:14: malformed XML (...)"
    // One line per input merged without its campaign's run properties (harness_version, profile,
    // seed), which other tools' JUnit files lack.
    std::vector<std::string> warnings;
    bool ok() const { return error.empty(); }
};

// Joins shards (`ppp-conform merge`, DESIGN.md section 9): testsuites of the same name become one
// (first-seen order, cases kept in order, run properties united), counts are recounted from the
// cases and times summed. A root <testsuite> (as some tools write) is taken as a one-suite input.
// Refused, with nothing merged: malformed XML, a nameless testsuite or testcase, a testcase seen
// before (suite, classname and name: the same shard twice), a `time` that is not a finite decimal,
// and shards whose campaign properties (harness_version, profile, seed, sut) differ.
MergeResult merge_junit(const std::vector<JUnitDocument>& inputs);
// The same, reading each file first: a missing file, a folder or one larger than
// kMaxMergeInputBytes is an error naming it.
MergeResult merge_junit_files(const std::vector<JUnitFile>& files);
MergeResult merge_junit_files(const std::vector<std::string>& paths);  // named by their paths

}  // namespace ppp::reports
