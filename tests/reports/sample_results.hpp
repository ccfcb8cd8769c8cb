#pragma once
// Result records shared by the reports tests: one case per verdict, across three suites, and a
// failing case with a trace.
#include <string>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports_test {

using reports::CaseResult;
using reports::Verdict;

inline CaseResult make_case(const std::string& suite, const std::string& id, Verdict verdict,
                            std::string message = {}) {
    CaseResult c;
    c.suite = suite;
    c.id = id;
    c.title = "title of " + id;
    c.verdict = verdict;
    c.seconds = 0.25;
    c.message = std::move(message);
    c.requirements = {"LCP-05"};
    return c;
}

inline CaseResult failing_case_with_trace() {
    CaseResult c = make_case("callback", "TP-CB-SRV-007", Verdict::Fail, "server kept the call up after Ack");
    c.requirements = {"CB-03", "LCP-05"};
    c.detail = "expected: drop within 2 s\nobserved: IPCP Configure-Request";
    c.properties = {{"seed", "42"}, {"reproduce", "ppp-conform run --tp TP-CB-SRV-007 --seed 42"}};
    c.trace = {{0.0, "network", "SUT", "SETUP 5557777"},
               {0.1, "SUT", "network", "CONNECT"},
               {0.5, "peer", "SUT", "LCP Configure-Request Callback op 0"},
               {0.7, "SUT", "peer", "LCP Configure-Ack"},
               {1.2, "SUT", "SUT", "enable-timeout armed"},
               {2.9, "SUT", "peer", "IPCP Configure-Request", true}};
    return c;
}

inline std::vector<CaseResult> sample() {
    return {make_case("lcp", "TP-LCP-001", Verdict::Pass),
            make_case("lcp", "TP-LCP-002", Verdict::Fail, "Ack reorders options"),
            make_case("cbcp", "TP-CBCP-001", Verdict::Inconc, "peer refused CBCP"),
            make_case("cbcp", "TP-CBCP-002", Verdict::None, "profile claims no server role"),
            make_case("isdn", "TP-ISDN-001", Verdict::Error, "adapter timed out")};
}

}  // namespace ppp::reports_test
