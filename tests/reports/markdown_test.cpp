// The Markdown conformance report: the same content as the HTML one, safe in tables and fences.
#include <gtest/gtest.h>

#include <string>

#include "ppp/reports/conformance_report.hpp"
#include "reports/sample_results.hpp"

namespace {

using ppp::reports::CaseResult;
using ppp::reports::ReportInput;
using ppp::reports::Verdict;
using ppp::reports_test::make_case;

TEST(ReportsMarkdown, HasEverySectionAndPurpose) {
    ReportInput in;
    in.sut_identity = {{"product", "BRI-router 2000"}};
    in.pics = {{"role.callback-server", "yes"}};
    in.pixit = {{"number.server", "5557777"}};
    in.requirements = {{"LCP-05", "RFC 1661 section 5.2"}, {"CCB-05", "MS-CBCP section 3.1"}};
    in.states = {{"lcp", "Opened", {}, 3}, {"lcp", "Stopping", {}, 0}};
    in.transitions = {{"lcp", "Opened --RTR--> Stopping", {"LCP-05"}, 0}};
    auto cases = ppp::reports_test::sample();
    const std::string md = ppp::reports::render_markdown(in, cases);
    for (const char* heading : {"# Conformance report: ppp-conform\n", "## System under test\n", "## Profile\n",
                                "### PICS\n", "### PIXIT\n", "## Summary\n", "## Verdicts\n",
                                "## Requirement coverage\n", "## Model coverage\n", "## Failures and errors\n"}) {
        EXPECT_NE(md.find(heading), std::string::npos) << heading;
    }
    for (const CaseResult& c : cases) EXPECT_NE(md.find("| " + c.id + " |"), std::string::npos) << c.id;
    EXPECT_NE(md.find("| BRI-router 2000 |"), std::string::npos);
    EXPECT_NE(md.find("**1 passed, 2 failed, 2 skipped**"), std::string::npos);
    EXPECT_NE(md.find("| CCB-05 | MS-CBCP section 3.1 |  | untested |"), std::string::npos);
    EXPECT_NE(md.find("| lcp | 1 / 2 (50%) | 0 / 1 (0%) |"), std::string::npos);
    EXPECT_NE(md.find("- lcp: Stopping\n"), std::string::npos);
    EXPECT_NE(md.find("- lcp: Opened --RTR--\\> Stopping (LCP-05)\n"), std::string::npos);
}

TEST(ReportsMarkdown, FailureShowsReproduceAndTrace) {
    const std::string md = ppp::reports::render_markdown({}, {ppp::reports_test::failing_case_with_trace()});
    EXPECT_NE(md.find("```sh\nppp-conform run --tp TP-CB-SRV-007 --seed 42\n```\n"), std::string::npos);
    EXPECT_NE(md.find("   0.500 s  peer -> SUT  LCP Configure-Request Callback op 0\n"), std::string::npos);
    EXPECT_NE(md.find("!! 2.900 s  SUT -> peer  IPCP Configure-Request  <- violation\n"), std::string::npos);
}

TEST(ReportsMarkdown, CellsCannotBreakTheTableOrFence) {
    CaseResult c = make_case("lcp", "TP-LCP-001", Verdict::Fail, "a | b\nc <i>d</i> \x01");
    c.detail = "has ``` inside";
    c.properties = {{"reproduce", "cmd"}};
    ppp::reports::ReportInput in;
    in.run.secrets = {"hunter2"};
    c.title = "password hunter2";
    const std::string md = ppp::reports::render_markdown(in, {c});
    EXPECT_NE(md.find("| a \\| b c \\<i\\>d\\</i\\>  |"), std::string::npos) << md;
    EXPECT_NE(md.find("````text\nhas ``` inside\n````\n"), std::string::npos) << md;
    EXPECT_EQ(md.find("hunter2"), std::string::npos);
    EXPECT_EQ(md.find('\x01'), std::string::npos);
}

}  // namespace
