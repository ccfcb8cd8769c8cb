// Streaming JUnit: after every flush the file on disk is a whole document holding exactly the
// flushed cases, the spool disappears on close, and the result equals render_junit's.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <tinyxml2.h>

#include "ppp/reports/junit.hpp"
#include "ppp/reports/junit_stream.hpp"
#include "reports/sample_results.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::reports::CaseResult;
using ppp::reports::FlushPolicy;
using ppp::reports::JUnitStream;
using ppp::reports::Verdict;
using ppp::reports_test::make_case;
using ppp::test_tools::TempDir;

struct OnDisk {
    bool parsed = false;
    int tests_attribute = -1;
    int testcases = 0;
};

OnDisk read_junit(const std::string& path) {
    OnDisk out;
    const std::string xml = ppp::test_tools::read_file(path);
    tinyxml2::XMLDocument doc;
    if (doc.Parse(xml.c_str(), xml.size()) != tinyxml2::XML_SUCCESS) return out;
    const auto* root = doc.FirstChildElement("testsuites");
    if (root == nullptr) return out;
    out.parsed = true;
    out.tests_attribute = root->IntAttribute("tests", -1);
    for (auto* s = root->FirstChildElement("testsuite"); s != nullptr; s = s->NextSiblingElement("testsuite")) {
        for (auto* tc = s->FirstChildElement("testcase"); tc != nullptr; tc = tc->NextSiblingElement("testcase")) {
            ++out.testcases;
        }
    }
    return out;
}

std::size_t files_in(const std::string& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}

TEST(ReportsJunitStream, OpenWritesAnEmptyValidDocument) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    JUnitStream stream;
    ASSERT_TRUE(stream.open(dir.file("junit.xml"), {})) << stream.error();
    const OnDisk disk = read_junit(dir.file("junit.xml"));
    EXPECT_TRUE(disk.parsed);
    EXPECT_EQ(disk.tests_attribute, 0);
    // The spool is anonymous (unlinked at once): nothing but the document is in the folder.
    EXPECT_EQ(files_in(dir.path()), 1U);
}

TEST(ReportsJunitStream, EveryAddLeavesTheFinishedCasesOnDisk) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string path = dir.file("junit.xml");
    JUnitStream stream(FlushPolicy{0.0});
    ppp::reports::RunInfo run;
    run.timestamp = "2026-11-24T05:00:00Z";
    run.properties = {{"sut", "reference"}};
    ASSERT_TRUE(stream.open(path, run)) << stream.error();
    const auto cases = ppp::reports_test::sample();
    for (std::size_t i = 0; i < cases.size(); ++i) {
        ASSERT_TRUE(stream.add(cases[i], 0.001 * static_cast<double>(i))) << stream.error();
        const OnDisk disk = read_junit(path);
        ASSERT_TRUE(disk.parsed) << "after " << i + 1 << " adds";
        EXPECT_EQ(disk.tests_attribute, static_cast<int>(i + 1));
        EXPECT_EQ(disk.testcases, static_cast<int>(i + 1));
        EXPECT_EQ(files_in(dir.path()), 1U);  // no temporary left between rewrites
    }
    EXPECT_EQ(stream.case_count(), cases.size());
    ASSERT_TRUE(stream.close()) << stream.error();
    EXPECT_EQ(files_in(dir.path()), 1U);  // only junit.xml: no spool, no temporary
    EXPECT_EQ(ppp::test_tools::read_file(path), ppp::reports::render_junit(run, cases));
}

TEST(ReportsJunitStream, FlushPolicyLimitsRewritesToTheInterval) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string path = dir.file("junit.xml");
    JUnitStream stream(FlushPolicy{0.5});
    ASSERT_TRUE(stream.open(path, {})) << stream.error();
    ASSERT_TRUE(stream.add(make_case("lcp", "TP-LCP-001", Verdict::Pass), 10.0));
    EXPECT_EQ(read_junit(path).testcases, 1);  // the first add always lands
    ASSERT_TRUE(stream.add(make_case("lcp", "TP-LCP-002", Verdict::Pass), 10.2));
    EXPECT_EQ(read_junit(path).testcases, 1);  // 0.2 s later: spooled only
    ASSERT_TRUE(stream.add(make_case("lcp", "TP-LCP-003", Verdict::Fail, "x"), 10.6));
    EXPECT_EQ(read_junit(path).testcases, 3);
    ASSERT_TRUE(stream.add(make_case("lcp", "TP-LCP-004", Verdict::Pass), 10.7));
    ASSERT_TRUE(stream.flush());
    EXPECT_EQ(read_junit(path).testcases, 4);
    ASSERT_TRUE(stream.add(make_case("lcp", "TP-LCP-005", Verdict::Pass), 10.8));
    ASSERT_TRUE(stream.close());
    EXPECT_EQ(read_junit(path).testcases, 5);
    EXPECT_EQ(read_junit(path).tests_attribute, 5);
}

TEST(ReportsJunitStream, InterleavedSuitesAreGroupedWithRightCounts) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string path = dir.file("junit.xml");
    const std::vector<CaseResult> cases = {
        make_case("lcp", "TP-LCP-001", Verdict::Pass), make_case("cbcp", "TP-CBCP-001", Verdict::Fail, "f"),
        make_case("lcp", "TP-LCP-002", Verdict::Error, "e"), make_case("cbcp", "TP-CBCP-002", Verdict::Inconc, "i"),
        make_case("lcp", "TP-LCP-003", Verdict::None, "n")};
    {
        JUnitStream stream(FlushPolicy{0.0});
        ASSERT_TRUE(stream.open(path, {})) << stream.error();
        for (const auto& c : cases) ASSERT_TRUE(stream.add(c, 0.0));
        // The destructor closes an open stream.
    }
    EXPECT_EQ(files_in(dir.path()), 1U);
    const std::string xml = ppp::test_tools::read_file(path);
    EXPECT_EQ(xml, ppp::reports::render_junit({}, cases));
    tinyxml2::XMLDocument doc;
    ASSERT_EQ(doc.Parse(xml.c_str()), tinyxml2::XML_SUCCESS);
    const auto* lcp = doc.FirstChildElement("testsuites")->FirstChildElement("testsuite");
    ASSERT_NE(lcp, nullptr);
    EXPECT_STREQ(lcp->Attribute("name"), "lcp");
    EXPECT_EQ(lcp->IntAttribute("tests"), 3);
    EXPECT_EQ(lcp->IntAttribute("errors"), 1);
    EXPECT_EQ(lcp->IntAttribute("skipped"), 1);
    const auto* second = lcp->FirstChildElement("testcase")->NextSiblingElement("testcase");
    EXPECT_STREQ(second->Attribute("name"), "TP-LCP-002 title of TP-LCP-002");
    const auto* cbcp = lcp->NextSiblingElement("testsuite");
    ASSERT_NE(cbcp, nullptr);
    EXPECT_EQ(cbcp->IntAttribute("failures"), 1);
    EXPECT_EQ(cbcp->IntAttribute("skipped"), 1);
}

TEST(ReportsJunitStream, ReopenStartsAFreshDocument) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    JUnitStream stream(FlushPolicy{0.0});
    ASSERT_TRUE(stream.open(dir.file("a.xml"), {}));
    ASSERT_TRUE(stream.add(make_case("lcp", "TP-LCP-001", Verdict::Pass), 0.0));
    ASSERT_TRUE(stream.open(dir.file("b.xml"), {}));  // closes a.xml first
    EXPECT_EQ(read_junit(dir.file("a.xml")).testcases, 1);
    EXPECT_EQ(stream.case_count(), 0U);
    ASSERT_TRUE(stream.close());
    EXPECT_EQ(read_junit(dir.file("b.xml")).testcases, 0);
    EXPECT_EQ(files_in(dir.path()), 2U);
}

TEST(ReportsJunitStream, UnwritablePathIsAOneLineErrorNamingIt) {
    JUnitStream stream;
    const std::string path = "/nonexistent-ppp-conform-dir/junit.xml";
    EXPECT_FALSE(stream.open(path, {}));
    EXPECT_FALSE(stream.is_open());
    EXPECT_NE(stream.error().find(path), std::string::npos) << stream.error();
    EXPECT_EQ(stream.error().find('\n'), std::string::npos);
    EXPECT_FALSE(stream.add(make_case("lcp", "TP-LCP-001", Verdict::Pass), 0.0));
    EXPECT_TRUE(stream.close());  // nothing open: nothing to do
}

}  // namespace
