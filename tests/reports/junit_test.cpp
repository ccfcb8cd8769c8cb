// JUnit rendering: verdict mapping (DESIGN.md section 2), counts, and XML that strict parsers
// accept whatever bytes a SUT sent.
#include <gtest/gtest.h>

#include <string>

#include <tinyxml2.h>

#include "ppp/reports/junit.hpp"
#include "ppp/reports/text.hpp"
#include "reports/sample_results.hpp"

namespace {

using ppp::reports::CaseResult;
using ppp::reports::Verdict;

using ppp::reports_test::make_case;

std::vector<CaseResult> sample() {
    return {make_case("lcp", "TP-LCP-001", Verdict::Pass),
            make_case("lcp", "TP-LCP-002", Verdict::Fail, "Ack reorders options"),
            make_case("cbcp", "TP-CBCP-001", Verdict::Inconc, "peer refused CBCP"),
            make_case("cbcp", "TP-CBCP-002", Verdict::None, "profile claims no server role"),
            make_case("isdn", "TP-ISDN-001", Verdict::Error, "adapter timed out")};
}

TEST(ReportsJunit, VerdictsMapToElementsAndCounts) {
    const std::string xml = ppp::reports::render_junit({}, sample());
    tinyxml2::XMLDocument doc;
    ASSERT_EQ(doc.Parse(xml.c_str()), tinyxml2::XML_SUCCESS) << xml;
    auto* root = doc.FirstChildElement("testsuites");
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->IntAttribute("tests"), 5);
    EXPECT_EQ(root->IntAttribute("failures"), 1);
    EXPECT_EQ(root->IntAttribute("errors"), 1);
    EXPECT_EQ(root->IntAttribute("skipped"), 2);

    int suites = 0;
    for (auto* s = root->FirstChildElement("testsuite"); s != nullptr; s = s->NextSiblingElement("testsuite")) {
        ++suites;
        for (auto* tc = s->FirstChildElement("testcase"); tc != nullptr; tc = tc->NextSiblingElement("testcase")) {
            const std::string name = tc->Attribute("name");
            if (name.rfind("TP-LCP-002", 0) == 0) {
                ASSERT_NE(tc->FirstChildElement("failure"), nullptr);
                EXPECT_STREQ(tc->FirstChildElement("failure")->Attribute("message"), "Ack reorders options");
            }
            if (name.rfind("TP-CBCP-001", 0) == 0) {
                ASSERT_NE(tc->FirstChildElement("skipped"), nullptr);
                EXPECT_STREQ(tc->FirstChildElement("skipped")->Attribute("message"), "inconc: peer refused CBCP");
            }
            if (name.rfind("TP-CBCP-002", 0) == 0) {
                EXPECT_STREQ(tc->FirstChildElement("skipped")->Attribute("message"),
                             "not applicable: profile claims no server role");
            }
            if (name.rfind("TP-ISDN-001", 0) == 0) {
                EXPECT_NE(tc->FirstChildElement("error"), nullptr);
            }
            if (name.rfind("TP-LCP-001", 0) == 0) {
                EXPECT_EQ(tc->FirstChildElement("failure"), nullptr);
                EXPECT_EQ(tc->FirstChildElement("skipped"), nullptr);
            }
        }
    }
    EXPECT_EQ(suites, 3);
}

TEST(ReportsJunit, ControlBytesFromSutAreStripped) {
    auto c = make_case("lcp", "TP-LCP-009", Verdict::Fail, std::string("bad \x01\x7f\x1b message", 16));
    c.detail = std::string("trace \x00\x02 end \xff\xfe", 15);
    const std::string xml = ppp::reports::render_junit({}, {c});
    for (char ch : xml) {
        const auto u = static_cast<unsigned char>(ch);
        EXPECT_TRUE(u >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') << "control byte " << int(u);
        EXPECT_NE(u, 0xFFU);
    }
    tinyxml2::XMLDocument doc;
    EXPECT_EQ(doc.Parse(xml.c_str()), tinyxml2::XML_SUCCESS);
}

TEST(ReportsJunit, XmlSafeKeepsUtf8AndDropsInvalidSequences) {
    EXPECT_EQ(ppp::reports::xml_safe("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(ppp::reports::xml_safe("a\xc3" "b"), "ab");      // truncated sequence
    EXPECT_EQ(ppp::reports::xml_safe("a\xc2\x85z"), "az");     // C1 control NEL
    EXPECT_EQ(ppp::reports::xml_safe("tab\there"), "tab\there");
}

TEST(ReportsText, ClosingLineCountsErrorsAsFailedAndSkips) {
    const auto t = ppp::reports::tally(sample());
    EXPECT_EQ(ppp::reports::closing_line(t), "1 passed, 2 failed, 2 skipped");
    const std::string summary = ppp::reports::render_text_summary(sample());
    EXPECT_EQ(summary.substr(summary.rfind('\n', summary.size() - 2) + 1), "1 passed, 2 failed, 2 skipped\n");
}

}  // namespace
