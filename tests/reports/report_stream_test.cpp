// The conformance report built case by case from spools (DESIGN.md section 9): the documents hold
// every case in order, the requirement matrix aggregates as cases arrive, files are renamed into
// place, and every text (the terminal summary too) is redacted.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "ppp/reports/conformance_report.hpp"
#include "ppp/reports/report_stream.hpp"
#include "ppp/reports/text.hpp"
#include "reports/sample_results.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::reports::CaseResult;
using ppp::reports::ReportInput;
using ppp::reports::ReportStream;
using ppp::reports::Verdict;
using ppp::reports_test::make_case;
using ppp::test_tools::TempDir;

TEST(ReportsReportStream, WrittenFilesEqualTheDocumentsAndLeaveNoTemporary) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    ReportStream stream;
    ASSERT_TRUE(stream.open()) << stream.error();
    auto cases = ppp::reports_test::sample();
    cases.push_back(ppp::reports_test::failing_case_with_trace());
    for (const CaseResult& c : cases) ASSERT_TRUE(stream.add(c)) << stream.error();
    EXPECT_EQ(stream.case_count(), cases.size());
    ReportInput input;
    input.requirements = {{"LCP-05", "RFC 1661 section 5.2"}};
    ASSERT_TRUE(stream.write_html(dir.file("report.html"), input)) << stream.error();
    ASSERT_TRUE(stream.write_markdown(dir.file("summary.md"), input)) << stream.error();
    const std::string html = ppp::test_tools::read_file(dir.file("report.html"));
    EXPECT_EQ(html, stream.html(input));
    EXPECT_EQ(ppp::test_tools::read_file(dir.file("summary.md")), stream.markdown(input));
    // Rows in the order cases finished.
    std::size_t at = 0;
    for (const CaseResult& c : cases) {
        const std::size_t row = html.find(">" + c.id + "</", at);
        ASSERT_NE(row, std::string::npos) << c.id;
        at = row;
    }
    EXPECT_NE(html.find("<svg"), std::string::npos);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 2U);
}

TEST(ReportsReportStream, MatrixAggregatesRequirementsAsCasesArrive) {
    ReportStream stream;
    ASSERT_TRUE(stream.open());
    auto twice = make_case("lcp", "TP-LCP-001", Verdict::Pass);
    twice.requirements = {"LCP-05", "LCP-05"};  // counted once for its requirement
    auto failing = make_case("lcp", "TP-LCP-002", Verdict::Fail, "bad");
    failing.requirements = {"LCP-05", "XTRA-01"};
    ASSERT_TRUE(stream.add(twice));
    ASSERT_TRUE(stream.add(failing));
    ReportInput input;
    input.requirements = {{"LCP-05", "RFC 1661 section 5.2"}, {"CB-03", "RFC 1570 section 2.3"}};
    const std::string md = stream.markdown(input);
    EXPECT_NE(md.find("| LCP-05 | RFC 1661 section 5.2 | TP-LCP-001 pass, TP-LCP-002 fail | fail |\n"), std::string::npos)
        << md;
    EXPECT_NE(md.find("| CB-03 | RFC 1570 section 2.3 |  | untested |\n"), std::string::npos);
    // Cited but not in the catalog: listed after it.
    const std::size_t extra = md.find("| XTRA-01 | _not in catalog_ | TP-LCP-002 fail | fail |\n");
    ASSERT_NE(extra, std::string::npos);
    EXPECT_GT(extra, md.find("| CB-03 |"));
    EXPECT_NE(md.find("2 of 3 requirements exercised (67%)."), std::string::npos);
    const std::string html = stream.html(input);
    EXPECT_NE(html.find("<a href=\"#tp-0\">TP-LCP-001</a> <span class=\"v v-pass\">pass</span><br/>"
                        "<a href=\"#tp-1\">TP-LCP-002</a>"),
              std::string::npos);
}

TEST(ReportsReportStream, TextSummaryMatchesTheRendererAndIsRedacted) {
    const auto cases = ppp::reports_test::sample();
    ReportStream plain;
    ASSERT_TRUE(plain.open());
    for (const CaseResult& c : cases) ASSERT_TRUE(plain.add(c));
    std::ostringstream out;
    ASSERT_TRUE(plain.print_text_summary(out));
    EXPECT_EQ(out.str(), ppp::reports::render_text_summary(cases));

    ReportStream secret({"hunter2"});
    ASSERT_TRUE(secret.open());
    ASSERT_TRUE(secret.add(make_case("auth", "TP-AUTH-001", Verdict::Fail, "PAP password hunter2 sent in clear")));
    std::ostringstream redacted;
    ASSERT_TRUE(secret.print_text_summary(redacted));
    EXPECT_EQ(redacted.str().find("hunter2"), std::string::npos) << redacted.str();
    EXPECT_NE(redacted.str().find("<redacted> sent in clear"), std::string::npos);
    EXPECT_EQ(secret.html({}).find("hunter2"), std::string::npos);
    EXPECT_EQ(secret.tally().fail, 1U);
}

TEST(ReportsReportStream, LargeRecordsComeBackWhole) {
    ReportStream stream;
    ASSERT_TRUE(stream.open());
    auto big = make_case("lcp", "TP-LCP-009", Verdict::Fail, "long");
    big.detail = std::string(300000, 'd') + "END-OF-DETAIL";  // several spool read buffers
    ASSERT_TRUE(stream.add(big));
    const std::string md = stream.markdown({});
    EXPECT_NE(md.find(std::string(300000, 'd') + "END-OF-DETAIL"), std::string::npos);
}

TEST(ReportsReportStream, UnwritableFolderIsNamed) {
    ReportStream stream;
    ASSERT_TRUE(stream.open());
    ASSERT_TRUE(stream.add(make_case("lcp", "TP-LCP-001", Verdict::Pass)));
    EXPECT_FALSE(stream.write_html("/nonexistent-ppp-folder/report.html", {}));
    EXPECT_NE(stream.error().find("/nonexistent-ppp-folder/report.html: cannot create a temporary file beside it"), std::string::npos) << stream.error();
}

}  // namespace
