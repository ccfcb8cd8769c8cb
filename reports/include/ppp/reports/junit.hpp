#pragma once
// JUnit XML as CI systems read it: testsuites > testsuite (one per suite, in first-seen order) >
// testcase. Verdict mapping: fail -> <failure>, error -> <error>, inconc -> <skipped
// message="inconc: ..."> with a verdict property (never a silent pass), none -> <skipped
// message="not applicable: ...">.
#include <string>
#include <string_view>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports {

std::string render_junit(const RunInfo& run, const std::vector<CaseResult>& cases);

// Text safe for XML 1.0: drops C0 controls other than tab/newline/CR, DEL-range C1 controls and
// invalid UTF-8 (TinyXML-2 would write them raw and strict parsers refuse the file).
std::string xml_safe(std::string_view text);

}  // namespace ppp::reports
