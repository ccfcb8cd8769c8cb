// JUnit output checked by independent strict tools: xmllint against reports/schema/junit.xsd and
// Python's ElementTree. Skipped when a tool is missing, failed under PPP_REQUIRE_TOOLS=1.
#include <gtest/gtest.h>

#include <string>

#include "ppp/reports/junit.hpp"
#include "ppp/reports/junit_stream.hpp"
#include "reports/sample_results.hpp"
#include "reports/xml_tools.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::reports::CaseResult;
using ppp::reports::Verdict;
using ppp::reports_test::make_case;
using ppp::test_tools::TempDir;

std::vector<CaseResult> hostile_sample() {
    auto cases = ppp::reports_test::sample();
    cases.push_back(ppp::reports_test::failing_case_with_trace());
    auto c = make_case("lcp", "TP-LCP-009", Verdict::Fail, "bad \x01\x7f\x1b <msg> & \"q\"");
    c.detail = std::string("trace \x00\x02 end \xff\xfe ]]> \r\n", 22);
    c.properties = {{"seed", "7\n8"}};
    cases.push_back(c);
    return cases;
}

ppp::reports::RunInfo sample_run() {
    ppp::reports::RunInfo run;
    run.timestamp = "2026-11-24T05:00:00Z";
    run.hostname = "ci-runner-1";
    run.properties = {{"sut", "reference"}, {"profile", "cisco-ios"}};
    return run;
}

TEST(ReportsJunitSchema, RenderedFileValidatesAndParses) {
    const auto xmllint = ppp::reports_test::xmllint();
    const auto python = ppp::reports_test::python3();
    PPP_REQUIRE_TOOL(xmllint && python, "xmllint (libxml2-utils) or /usr/bin/python3 not found");
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const auto cases = hostile_sample();
    const std::string file = dir.file("junit.xml");
    ASSERT_TRUE(ppp::test_tools::write_file(file, ppp::reports::render_junit(sample_run(), cases)));

    EXPECT_EQ(ppp::reports_test::xmllint_complaint(*xmllint, file, ppp::reports_test::junit_schema_path(), dir), "");
    const auto parsed = ppp::reports_test::python_parse(*python, file, dir);
    ASSERT_TRUE(parsed.spawned) << parsed.spawn_error;
    EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
    EXPECT_EQ(parsed.out, "testsuites " + std::to_string(cases.size()) + "\n");
}

TEST(ReportsJunitSchema, StreamedAndMergedFilesValidate) {
    const auto xmllint = ppp::reports_test::xmllint();
    const auto python = ppp::reports_test::python3();
    PPP_REQUIRE_TOOL(xmllint && python, "xmllint (libxml2-utils) or /usr/bin/python3 not found");
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const auto cases = hostile_sample();
    const std::string streamed = dir.file("streamed.xml");
    ppp::reports::JUnitStream stream(ppp::reports::FlushPolicy{0.0});
    ASSERT_TRUE(stream.open(streamed, sample_run())) << stream.error();
    for (std::size_t i = 0; i < cases.size(); ++i) {
        ASSERT_TRUE(stream.add(cases[i], static_cast<double>(i))) << stream.error();
        // Mid-run, as an interrupted run would leave it.
        EXPECT_EQ(ppp::reports_test::xmllint_complaint(*xmllint, streamed, ppp::reports_test::junit_schema_path(), dir),
                  "")
            << "after " << i + 1 << " cases";
    }
    ASSERT_TRUE(stream.close()) << stream.error();

    const auto merged = ppp::reports::merge_junit_files({streamed});
    ASSERT_TRUE(merged.ok()) << merged.error;
    const std::string merged_file = dir.file("merged.xml");
    ASSERT_TRUE(ppp::test_tools::write_file(merged_file, merged.xml));
    EXPECT_EQ(ppp::reports_test::xmllint_complaint(*xmllint, merged_file, ppp::reports_test::junit_schema_path(), dir),
              "");
    const auto parsed = ppp::reports_test::python_parse(*python, merged_file, dir);
    EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
    EXPECT_EQ(parsed.out, "testsuites " + std::to_string(cases.size()) + "\n");
}

TEST(ReportsJunitSchema, SchemaRejectsWhatCiWouldMisread) {
    const auto xmllint = ppp::reports_test::xmllint();
    PPP_REQUIRE_TOOL(xmllint, "xmllint (libxml2-utils) not found");
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string file = dir.file("bad.xml");
    const std::string schema = ppp::reports_test::junit_schema_path();
    // No counts on the root.
    ASSERT_TRUE(ppp::test_tools::write_file(file, "<testsuites name=\"x\"/>"));
    EXPECT_NE(ppp::reports_test::xmllint_complaint(*xmllint, file, schema, dir), "");
    // A failure and a skip on one case.
    ASSERT_TRUE(ppp::test_tools::write_file(
        file,
        "<testsuites name=\"x\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"0\">"
        "<testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"0\">"
        "<testcase classname=\"s\" name=\"t\" time=\"0\"><failure message=\"m\" type=\"t\"/><skipped message=\"m\"/>"
        "</testcase></testsuite></testsuites>"));
    EXPECT_NE(ppp::reports_test::xmllint_complaint(*xmllint, file, schema, dir), "");
    // Two suites of one name (merge must join them).
    ASSERT_TRUE(ppp::test_tools::write_file(
        file,
        "<testsuites name=\"x\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">"
        "<testsuite name=\"s\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\"/>"
        "<testsuite name=\"s\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\"/></testsuites>"));
    EXPECT_NE(ppp::reports_test::xmllint_complaint(*xmllint, file, schema, dir), "");
}

}  // namespace
