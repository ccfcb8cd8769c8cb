// Merging sharded JUnit files: suites joined by name, counts recounted, cases kept in order,
// malformed input reported in one line naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <tinyxml2.h>

#include "ppp/reports/junit.hpp"
#include "reports/sample_results.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::reports::JUnitDocument;
using ppp::reports::merge_junit;
using ppp::reports::Verdict;
using ppp::reports_test::make_case;

std::vector<std::string> case_names(const tinyxml2::XMLElement* suite) {
    std::vector<std::string> out;
    for (auto* tc = suite->FirstChildElement("testcase"); tc != nullptr; tc = tc->NextSiblingElement("testcase")) {
        out.emplace_back(tc->Attribute("name"));
    }
    return out;
}

TEST(ReportsJunitMerge, SuitesJoinByNameAndCountsAdd) {
    ppp::reports::RunInfo shard0;
    shard0.properties = {{"sut", "reference"}, {"shard", "0"}};
    ppp::reports::RunInfo shard1;
    shard1.properties = {{"sut", "reference"}, {"shard", "1"}};
    const std::string a = ppp::reports::render_junit(
        shard0, {make_case("lcp", "TP-LCP-001", Verdict::Pass), make_case("cbcp", "TP-CBCP-001", Verdict::Fail, "f")});
    const std::string b = ppp::reports::render_junit(
        shard1, {make_case("lcp", "TP-LCP-002", Verdict::Error, "e"), make_case("isdn", "TP-ISDN-001", Verdict::None)});
    const auto merged = merge_junit({{"shard-0.xml", a}, {"shard-1.xml", b}});
    ASSERT_TRUE(merged.ok()) << merged.error;

    tinyxml2::XMLDocument doc;
    ASSERT_EQ(doc.Parse(merged.xml.c_str()), tinyxml2::XML_SUCCESS) << merged.xml;
    const auto* root = doc.FirstChildElement("testsuites");
    ASSERT_NE(root, nullptr);
    EXPECT_STREQ(root->Attribute("name"), "ppp-conform");
    EXPECT_EQ(root->IntAttribute("tests"), 4);
    EXPECT_EQ(root->IntAttribute("failures"), 1);
    EXPECT_EQ(root->IntAttribute("errors"), 1);
    EXPECT_EQ(root->IntAttribute("skipped"), 1);
    EXPECT_DOUBLE_EQ(root->DoubleAttribute("time"), 1.0);

    const auto* lcp = root->FirstChildElement("testsuite");
    ASSERT_NE(lcp, nullptr);
    EXPECT_STREQ(lcp->Attribute("name"), "lcp");
    EXPECT_EQ(lcp->IntAttribute("tests"), 2);
    EXPECT_EQ(lcp->IntAttribute("errors"), 1);
    EXPECT_DOUBLE_EQ(lcp->DoubleAttribute("time"), 0.5);
    EXPECT_EQ(case_names(lcp),
              (std::vector<std::string>{"TP-LCP-001 title of TP-LCP-001", "TP-LCP-002 title of TP-LCP-002"}));
    // Run properties united: the shared one once, each shard's own kept.
    std::vector<std::string> properties;
    for (auto* p = lcp->FirstChildElement("properties")->FirstChildElement("property"); p != nullptr;
         p = p->NextSiblingElement("property")) {
        properties.push_back(std::string(p->Attribute("name")) + "=" + p->Attribute("value"));
    }
    EXPECT_EQ(properties, (std::vector<std::string>{"sut=reference", "shard=0", "shard=1"}));

    std::vector<std::string> suites;
    for (auto* s = root->FirstChildElement("testsuite"); s != nullptr; s = s->NextSiblingElement("testsuite")) {
        suites.emplace_back(s->Attribute("name"));
    }
    EXPECT_EQ(suites, (std::vector<std::string>{"lcp", "cbcp", "isdn"}));
}

TEST(ReportsJunitMerge, CountsComeFromTheCasesNotTheHeaders) {
    // A shard whose header lies (an interrupted writer of some other tool).
    const std::string lying =
        "<testsuites tests=\"99\"><testsuite name=\"s\" tests=\"99\" failures=\"0\">"
        "<testcase classname=\"s\" name=\"a\" time=\"0.5\"><failure message=\"m\" type=\"t\"/></testcase>"
        "<testcase classname=\"s\" name=\"b\" time=\"0.25\"/></testsuite></testsuites>";
    const auto merged = merge_junit({{"lying.xml", lying}});
    ASSERT_TRUE(merged.ok()) << merged.error;
    tinyxml2::XMLDocument doc;
    ASSERT_EQ(doc.Parse(merged.xml.c_str()), tinyxml2::XML_SUCCESS);
    const auto* s = doc.FirstChildElement("testsuites")->FirstChildElement("testsuite");
    EXPECT_EQ(s->IntAttribute("tests"), 2);
    EXPECT_EQ(s->IntAttribute("failures"), 1);
    EXPECT_DOUBLE_EQ(s->DoubleAttribute("time"), 0.75);  // no suite time: the cases' sum
}

TEST(ReportsJunitMerge, BareTestsuiteRootIsOneSuite) {
    const std::string bare =
        "<testsuite name=\"lcp\" time=\"2\"><testcase classname=\"lcp\" name=\"x\" time=\"1\"/></testsuite>";
    const std::string ours = ppp::reports::render_junit({}, {make_case("lcp", "TP-LCP-001", Verdict::Pass)});
    const auto merged = merge_junit({{"bare.xml", bare}, {"ours.xml", ours}});
    ASSERT_TRUE(merged.ok()) << merged.error;
    tinyxml2::XMLDocument doc;
    ASSERT_EQ(doc.Parse(merged.xml.c_str()), tinyxml2::XML_SUCCESS);
    const auto* s = doc.FirstChildElement("testsuites")->FirstChildElement("testsuite");
    EXPECT_EQ(s->IntAttribute("tests"), 2);
    EXPECT_DOUBLE_EQ(s->DoubleAttribute("time"), 2.25);
    EXPECT_EQ(s->NextSiblingElement("testsuite"), nullptr);
}

TEST(ReportsJunitMerge, MalformedInputIsOneLineNamingTheFile) {
    const std::string good = ppp::reports::render_junit({}, ppp::reports_test::sample());
    const auto broken = merge_junit({{"shard-0.xml", good}, {"shard-1.xml", "<testsuites>\n<testsuite name=\"x\">\n"}});
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.error.rfind("shard-1.xml:", 0), 0U) << broken.error;
    EXPECT_EQ(broken.error.find('\n'), std::string::npos) << broken.error;
    EXPECT_TRUE(broken.xml.empty());

    const auto wrong_root = merge_junit({{"results.html", "<html><body/></html>"}});
    ASSERT_FALSE(wrong_root.ok());
    EXPECT_EQ(wrong_root.error, "results.html:1: root element <html>, expected <testsuites> or <testsuite>");

    const auto bad_time = merge_junit(
        {{"t.xml", "<testsuite name=\"s\"><testcase classname=\"s\" name=\"a\" time=\"soon\"/></testsuite>"}});
    ASSERT_FALSE(bad_time.ok());
    EXPECT_EQ(bad_time.error,
              "t.xml:1: testcase time \"soon\" is not accepted (a finite decimal number of seconds, such as 0.25)");

    const auto empty = merge_junit({{"empty.xml", ""}});
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error.rfind("empty.xml", 0), 0U) << empty.error;
}

TEST(ReportsJunitMerge, FilesAreReadAndAMissingOneIsNamed) {
    ppp::test_tools::TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string first = dir.file("shard-0.xml");
    ASSERT_TRUE(ppp::test_tools::write_file(first, ppp::reports::render_junit({}, ppp::reports_test::sample())));
    const auto one = ppp::reports::merge_junit_files({first});
    ASSERT_TRUE(one.ok()) << one.error;
    EXPECT_NE(one.xml.find("tests=\"5\""), std::string::npos);

    const std::string missing = dir.file("shard-1.xml");
    const auto failed = ppp::reports::merge_junit_files({first, missing});
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error, missing + ": cannot open for reading (No such file or directory)");

    const auto folder = ppp::reports::merge_junit_files({first, dir.path()});
    ASSERT_FALSE(folder.ok());
    EXPECT_EQ(folder.error, dir.path() + " is a folder (accepted: a JUnit XML file)");
}

TEST(ReportsJunitMerge, AnInputOverTheLimitIsRefusedBeforeItIsHeld) {
    ppp::test_tools::TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string big = dir.file("big.xml");
    // Sparse: one byte over the limit costs no disk.
    { std::ofstream out(big); }
    std::filesystem::resize_file(big, ppp::reports::kMaxMergeInputBytes + 1);
    const auto merged = ppp::reports::merge_junit_files({big});
    ASSERT_FALSE(merged.ok());
    EXPECT_EQ(merged.error, big + ": larger than 256 MiB (accepted: a JUnit file of at most that size)");
}

// One shard of a ppp-conform campaign: the run properties `run` writes, and cases by ID.
std::string shard(const std::vector<std::string>& ids, const std::string& seed = "7",
                  const std::string& version = "0.1.0") {
    ppp::reports::RunInfo run;
    run.properties = {{"sut", "reference"}, {"profile", "cisco-ios"}, {"seed", seed}, {"harness_version", version}};
    std::vector<ppp::reports::CaseResult> cases;
    for (const auto& id : ids) cases.push_back(make_case("lcp", id, Verdict::Pass));
    return ppp::reports::render_junit(run, cases);
}

TEST(ReportsJunitMerge, TheSameShardTwiceIsRefused) {
    const auto merged = merge_junit({{"s0.xml", shard({"TP-LCP-001", "TP-LCP-002"})},
                                     {"s1.xml", shard({"TP-LCP-003"})},
                                     {"again.xml", shard({"TP-LCP-001", "TP-LCP-002"})}});
    ASSERT_FALSE(merged.ok());
    EXPECT_TRUE(merged.xml.empty());
    EXPECT_NE(merged.error.find("again.xml:"), std::string::npos) << merged.error;
    EXPECT_NE(merged.error.find("testcase \"TP-LCP-001 title of TP-LCP-001\" of testsuite \"lcp\" is already in s0.xml"),
              std::string::npos)
        << merged.error;
    // Disjoint shards of one campaign merge without a word.
    const auto fine = merge_junit({{"s0.xml", shard({"TP-LCP-001"})}, {"s1.xml", shard({"TP-LCP-002"})}});
    ASSERT_TRUE(fine.ok()) << fine.error;
    EXPECT_TRUE(fine.warnings.empty());
}

TEST(ReportsJunitMerge, ShardsOfDifferentCampaignsAreRefused) {
    const auto seeds = merge_junit({{"s0.xml", shard({"TP-LCP-001"}, "7")}, {"s1.xml", shard({"TP-LCP-002"}, "8")}});
    ASSERT_FALSE(seeds.ok());
    EXPECT_NE(seeds.error.find("s1.xml:"), std::string::npos) << seeds.error;
    EXPECT_NE(seeds.error.find("run property seed \"8\" differs from \"7\" in s0.xml"), std::string::npos)
        << seeds.error;
    const auto versions =
        merge_junit({{"s0.xml", shard({"TP-LCP-001"})}, {"s1.xml", shard({"TP-LCP-002"}, "7", "0.2.0")}});
    ASSERT_FALSE(versions.ok());
    EXPECT_NE(versions.error.find("run property harness_version \"0.2.0\" differs"), std::string::npos)
        << versions.error;
}

TEST(ReportsJunitMerge, AFileWithoutCampaignPropertiesIsMergedWithAWarning) {
    const std::string other_tool =
        "<testsuite name=\"lcp\"><testcase classname=\"lcp\" name=\"x\" time=\"1\"/></testsuite>";
    const auto merged = merge_junit({{"ours.xml", shard({"TP-LCP-001"})}, {"theirs.xml", other_tool}});
    ASSERT_TRUE(merged.ok()) << merged.error;
    ASSERT_EQ(merged.warnings.size(), 1U);
    EXPECT_EQ(merged.warnings[0], "theirs.xml: no harness_version, profile, seed run property; merged without "
                                  "checking that it belongs to the same campaign");
}

TEST(ReportsJunitMerge, NamelessSuitesAndCasesAreRefused) {
    const auto suite = merge_junit({{"n.xml", "<testsuites><testsuite><testcase name=\"a\"/></testsuite></testsuites>"}});
    ASSERT_FALSE(suite.ok());
    EXPECT_EQ(suite.error, "n.xml:1: a testsuite without a name (accepted: every testsuite and testcase named)");
    const auto empty_name = merge_junit({{"n.xml", "<testsuite name=\"\"><testcase name=\"a\"/></testsuite>"}});
    EXPECT_FALSE(empty_name.ok());
    const auto testcase =
        merge_junit({{"n.xml", "<testsuite name=\"s\">\n<testcase classname=\"s\" time=\"1\"/></testsuite>"}});
    ASSERT_FALSE(testcase.ok());
    EXPECT_EQ(testcase.error, "n.xml:2: a testcase without a name (accepted: every testsuite and testcase named)");
}

TEST(ReportsJunitMerge, TimesMustBeFiniteDecimals) {
    for (const char* bad : {"nan", "inf", "-1", "1.5s", "1e999", "1e3", "", " 1", "1.", ".5", "0x10"}) {
        const auto merged = merge_junit(
            {{"t.xml", std::string("<testsuite name=\"s\"><testcase classname=\"s\" name=\"a\" time=\"") + bad +
                           "\"/></testsuite>"}});
        EXPECT_FALSE(merged.ok()) << "time=\"" << bad << "\" was accepted";
        const auto suite = merge_junit({{"t.xml", std::string("<testsuite name=\"s\" time=\"") + bad + "\"/>"}});
        EXPECT_FALSE(suite.ok()) << "suite time=\"" << bad << "\" was accepted";
    }
    const auto merged = merge_junit(
        {{"t.xml", "<testsuite name=\"s\"><testcase classname=\"s\" name=\"a\" time=\"12\"/>"
                   "<testcase classname=\"s\" name=\"b\" time=\"0.25\"/></testsuite>"}});
    ASSERT_TRUE(merged.ok()) << merged.error;
    EXPECT_NE(merged.xml.find("time=\"12.250000\""), std::string::npos) << merged.xml;
}

TEST(ReportsJunitMerge, NoInputsGiveAnEmptyDocument) {
    const auto merged = merge_junit({});
    ASSERT_TRUE(merged.ok());
    tinyxml2::XMLDocument doc;
    ASSERT_EQ(doc.Parse(merged.xml.c_str()), tinyxml2::XML_SUCCESS);
    EXPECT_EQ(doc.FirstChildElement("testsuites")->IntAttribute("tests"), 0);
}

}  // namespace
