// The report data (report-data.jsonl): coverage rows keep their unreachable reason through the
// file `merge --report-dir` joins, and the closing line carries the per-machine figures the
// report shows (issue #15).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ppp/reports/report_data.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::reports::CaseResult;
using ppp::reports::CoverageRow;
using ppp::reports::ReportInput;

TEST(ReportsReportData, CoverageRowsKeepTheirUnreachableReason) {
    const CoverageRow marked{"lcp", "Starting --Open--> Starting", {"PH-01"}, 0, "Open is never inferred in Starting"};
    const nlohmann::json j = marked;
    EXPECT_EQ(j.at("unreachable_reason"), "Open is never inferred in Starting");
    EXPECT_EQ(j.get<CoverageRow>().unreachable_reason, marked.unreachable_reason);

    const CoverageRow reachable{"lcp", "Req-Sent --RCA--> Ack-Rcvd", {"LCP-05"}, 2};
    const nlohmann::json plain = reachable;
    EXPECT_FALSE(plain.contains("unreachable_reason"));  // as data written before the field
    EXPECT_TRUE(plain.get<CoverageRow>().unreachable_reason.empty());
}

TEST(ReportsReportData, TheClosingLineCarriesThePerMachineFigures) {
    ppp::test_tools::TempDir dir;
    ASSERT_TRUE(dir.ok());
    ReportInput in;
    in.states = {{"lcp", "Opened", {}, 1}, {"lcp", "Starting", {}, 0}};
    in.transitions = {{"lcp", "Opened --RTR--> Stopping", {"LCP-09"}, 2},
                      {"lcp", "Req-Sent --RCA--> Ack-Rcvd", {"LCP-05"}, 0},
                      {"lcp", "Starting --Open--> Starting", {"PH-01"}, 0, "Open is never inferred in Starting"}};
    ppp::reports::ReportDataWriter writer;
    ASSERT_TRUE(writer.open(dir.file("data.jsonl"), {})) << writer.error();
    ASSERT_TRUE(writer.close(in)) << writer.error();

    std::ifstream file(dir.file("data.jsonl"));
    std::stringstream text;
    text << file.rdbuf();
    const nlohmann::json closing = nlohmann::json::parse(text.str());
    ASSERT_EQ(closing.at("model_coverage").size(), 1U);
    const nlohmann::json& lcp = closing.at("model_coverage").at(0);
    EXPECT_EQ(lcp.at("machine"), "lcp");
    EXPECT_EQ(lcp.at("reachable_transitions"), 2);
    EXPECT_EQ(lcp.at("reachable_transitions_taken"), 1);
    EXPECT_EQ(lcp.at("reachable_states"), 2);
    EXPECT_EQ(lcp.at("reachable_states_visited"), 1);
    EXPECT_EQ(lcp.at("unreachable"), 1);

    ReportInput back;
    std::string error;
    ASSERT_TRUE(ppp::reports::read_report_data(dir.file("data.jsonl"), "data.jsonl", [](const CaseResult&) {}, back, error))
        << error;
    ASSERT_EQ(back.transitions.size(), 3U);
    EXPECT_EQ(back.transitions[2].unreachable_reason, "Open is never inferred in Starting");
    EXPECT_TRUE(back.transitions[0].unreachable_reason.empty());
}

}  // namespace
