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
    EXPECT_NE(md.find("| lcp | 0 / 1 (0%) | 1 / 2 (50%) | 0 | 0 (0) |"), std::string::npos);
    EXPECT_NE(md.find("- lcp: Stopping\n"), std::string::npos);
    EXPECT_NE(md.find("- lcp: Opened --RTR--\\> Stopping (LCP-05)\n"), std::string::npos);
}

// Issue #15: per machine, reachable rows taken / reachable rows; the untaken reachable rows listed;
// the rows no black-box tester can reach apart, with their reasons, out of the figure.
TEST(ReportsMarkdown, ModelCoverageCountsReachableRowsAndListsTheUnreachableApart) {
    ReportInput in;
    in.states = {{"lcp", "Opened", {}, 3}, {"lcp", "Starting", {}, 0, "only inside open_link"}};
    in.transitions = {{"lcp", "Opened --RTR--> Stopping", {"LCP-09"}, 2},
                      {"lcp", "Req-Sent --RCA--> Ack-Rcvd", {"LCP-05"}, 0},
                      {"lcp", "Starting --Open--> Starting", {"PH-01"}, 0, "Open is never inferred in Starting"},
                      {"lcp", "Initial --Close--> Initial", {}, 1, "Close is never inferred in Initial"},
                      {"q931", "U0 Null --SETUP out--> U1", {}, 0}};
    const std::string md = ppp::reports::render_markdown(in, {});
    const std::string model = md.substr(md.find("## Model coverage"), md.find("## Failures") - md.find("## Model coverage"));
    EXPECT_NE(model.find("| Machine | Reachable transitions taken | Reachable states visited | Unreachable | SUT's choice (taken) |"),
              std::string::npos);
    EXPECT_NE(model.find("| lcp | 1 / 2 (50%) | 1 / 1 (100%) | 3 | 0 (0) |"), std::string::npos) << model;
    EXPECT_NE(model.find("| q931 | 0 / 1 (0%) | 0 / 0 (-) | 0 | 0 (0) |"), std::string::npos) << model;
    EXPECT_NE(model.find("1 of 3 reachable transitions were taken (33%); the 2 left are listed below."), std::string::npos)
        << model;
    const std::size_t untaken = model.find("### Reachable transitions never taken\n");
    const std::size_t unreachable = model.find("### Unreachable, left out of the figures\n");
    ASSERT_NE(untaken, std::string::npos);
    ASSERT_NE(unreachable, std::string::npos);
    ASSERT_LT(untaken, unreachable);
    const std::string untaken_list = model.substr(untaken, unreachable - untaken);
    EXPECT_NE(untaken_list.find("- lcp: Req-Sent --RCA--\\> Ack-Rcvd (LCP-05)\n"), std::string::npos);
    EXPECT_NE(untaken_list.find("- q931: U0 Null --SETUP out--\\> U1\n"), std::string::npos);
    EXPECT_EQ(untaken_list.find("Starting --Open"), std::string::npos);
    const std::string apart = model.substr(unreachable);
    EXPECT_NE(apart.find("- lcp: Starting --Open--\\> Starting (PH-01): Open is never inferred in Starting\n"),
              std::string::npos);
    EXPECT_NE(apart.find("- lcp: Starting: only inside open_link\n"), std::string::npos);
    EXPECT_NE(apart.find("Close is never inferred in Initial (taken all the same, 1 hits: the mark is wrong)"),
              std::string::npos);
    EXPECT_EQ(apart.find("Req-Sent --RCA"), std::string::npos);
}

// Issue #15: the report says when every reachable row is taken, and never rounds a missing row up
// to 100%.
TEST(ReportsMarkdown, TheReportSaysWhenEveryReachableRowIsTaken) {
    ReportInput in;
    in.transitions = {{"lcp", "Opened --RTR--> Stopping", {"LCP-09"}, 2},
                      {"lcp", "Starting --Open--> Starting", {"PH-01"}, 0, "Open is never inferred in Starting"}};
    std::string md = ppp::reports::render_markdown(in, {});
    EXPECT_NE(md.find("\nEvery reachable transition of every machine was taken: 1 of 1.\n"), std::string::npos) << md;
    for (int i = 0; i < 299; ++i) in.transitions.push_back({"q931", "row " + std::to_string(i), {}, 1});
    in.transitions.push_back({"q931", "the one left", {}, 0});
    md = ppp::reports::render_markdown(in, {});
    EXPECT_NE(md.find("| q931 | 299 / 300 (99%) |"), std::string::npos) << md;
    EXPECT_NE(md.find("300 of 301 reachable transitions were taken (99%); the one left is listed below."), std::string::npos);
}

// Issue #15: rows only the SUT's own choice takes are a list of their own, out of the figure and
// apart from the unreachable ones; one taken is counted in its column, not called a wrong mark.
TEST(ReportsMarkdown, RowsOnlyTheSutsChoiceTakesAreListedApartFromTheUnreachable) {
    ReportInput in;
    ppp::reports::CoverageRow chosen{"q931", "U6 Call present --ALERTING out--> U7 Call received", {"ISDN-03"}, 2, "the SUT's choice of answer"};
    chosen.sut_choice = true;
    ppp::reports::CoverageRow not_chosen{"lcp", "Closed --RXR--> Closed", {}, 0, "only if it keeps the link after tlf"};
    not_chosen.sut_choice = true;
    in.transitions = {{"lcp", "Opened --RTR--> Stopping", {"LCP-09"}, 2}, not_chosen, chosen,
                      {"lcp", "Initial --Close--> Initial", {}, 0, "Close is never inferred in Initial"}};
    const std::string md = ppp::reports::render_markdown(in, {});
    const std::string model = md.substr(md.find("## Model coverage"), md.find("## Failures") - md.find("## Model coverage"));
    EXPECT_NE(model.find("| lcp | 1 / 1 (100%) | 0 / 0 (-) | 1 | 1 (0) |"), std::string::npos) << model;
    EXPECT_NE(model.find("| q931 | 0 / 0 (-) | 0 / 0 (-) | 0 | 1 (1) |"), std::string::npos) << model;
    const std::size_t unreachable = model.find("### Unreachable, left out of the figures\n");
    const std::size_t chosen_at = model.find("### Taken only if the SUT chooses, left out of the figures\n");
    ASSERT_NE(unreachable, std::string::npos);
    ASSERT_NE(chosen_at, std::string::npos);
    ASSERT_LT(unreachable, chosen_at);
    EXPECT_EQ(model.substr(unreachable, chosen_at - unreachable).find("Closed --RXR"), std::string::npos);
    const std::string list = model.substr(chosen_at);
    EXPECT_NE(list.find("- lcp: Closed --RXR--\\> Closed: only if it keeps the link after tlf\n"), std::string::npos) << list;
    EXPECT_NE(list.find("the SUT's choice of answer (taken: the SUT chose it, 2 hits)"), std::string::npos) << list;
    EXPECT_EQ(list.find("the mark is wrong"), std::string::npos);
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
