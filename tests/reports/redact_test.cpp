// Redaction (DESIGN.md section 9): no byte of any secret occurrence survives.
#include <gtest/gtest.h>

#include "ppp/reports/junit.hpp"
#include "ppp/reports/redact.hpp"
#include "reports/sample_results.hpp"

namespace {

using ppp::reports::redact;

TEST(ReportsRedact, ReplacesEveryOccurrence) {
    EXPECT_EQ(redact("username R2 password CCIE; again CCIE.", {"CCIE"}),
              "username R2 password <redacted>; again <redacted>.");
    EXPECT_EQ(redact("CCIE", {"CCIE"}), "<redacted>");
    EXPECT_EQ(redact("nothing here", {"CCIE"}), "nothing here");
}

TEST(ReportsRedact, EmptySecretsAreIgnored) {
    EXPECT_EQ(redact("text", {"", ""}), "text");
    EXPECT_EQ(redact("text", {}), "text");
    EXPECT_EQ(redact("", {"x"}), "");
}

TEST(ReportsRedact, OverlappingSecretsLeaveNoByte) {
    // Replacing "abc" first would leave "d", the tail of "bcd".
    EXPECT_EQ(redact("xabcdy", {"abc", "bcd"}), "x<redacted>y");
    EXPECT_EQ(redact("xabcdy", {"bcd", "abc"}), "x<redacted>y");
    // One secret inside another, in either order.
    EXPECT_EQ(redact("pw=CCIE2!", {"CCIE", "CCIE2"}), "pw=<redacted>!");
    EXPECT_EQ(redact("pw=CCIE2!", {"CCIE2", "CCIE"}), "pw=<redacted>!");
    // A secret overlapping itself.
    EXPECT_EQ(redact("-aaa-", {"aa"}), "-<redacted>-");
}

TEST(ReportsRedact, ReplacementIsNeverSearched) {
    EXPECT_EQ(redact("redacted", {"redacted", "red"}), "<redacted>");
    EXPECT_EQ(redact("a<b", {"<", "redacted"}), "a<redacted>b");
}

TEST(ReportsRedact, JunitNeverShowsRunSecrets) {
    auto c = ppp::reports_test::make_case("auth", "TP-AUTH-001", ppp::reports::Verdict::Fail,
                                          "CHAP secret CCIE rejected");
    c.detail = "config: username R1 password CCIE";
    c.properties = {{"pixit.secret", "CCIE"}};
    ppp::reports::RunInfo run;
    run.secrets = {"CCIE"};
    const std::string xml = ppp::reports::render_junit(run, {c});
    EXPECT_EQ(xml.find("CCIE"), std::string::npos) << xml;
    EXPECT_NE(xml.find("&lt;redacted&gt;"), std::string::npos);
}

}  // namespace
