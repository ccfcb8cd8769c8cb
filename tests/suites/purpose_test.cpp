// The catalog of test purposes: the bundled one loads and is well formed; bad entries are refused
// with their JSON path and what is accepted (DESIGN.md section 9).
#include <gtest/gtest.h>

#include <set>

#include "ppp/model/profile.hpp"
#include "ppp/suites/purpose.hpp"

namespace {

using ppp::suites::Catalog;

TEST(SuitesPurpose, BundledCatalogLoadsWithUniqueIdsInEverySuite) {
    const auto load = ppp::suites::bundled_catalog();
    ASSERT_TRUE(load.catalog) << load.error;
    std::set<std::string> ids;
    for (const auto& tp : load.catalog->purposes) {
        EXPECT_TRUE(ids.insert(tp.id).second) << tp.id;
        EXPECT_FALSE(tp.requirements.empty()) << tp.id;
        EXPECT_NE(tp.plan.has_value(), tp.property.has_value()) << tp.id;
    }
    const auto suites = load.catalog->suites();
    for (const char* s : {"lcp", "auth", "callback-client", "callback-server", "cbcp", "ddr", "isdn", "robustness"}) {
        EXPECT_NE(std::find(suites.begin(), suites.end(), s), suites.end()) << s;
    }
}

TEST(SuitesPurpose, UnknownKeyIsRefusedWithItsPath) {
    Catalog c;
    const auto error = ppp::suites::load_purposes(
        R"([{"id":"TP-X-1","title":"t","suite":"lcp","requirements":["LCP-05"],"plan":"ping 1","colour":"red"}])",
        "x.json", c);
    EXPECT_NE(error.find("x.json: /0/colour: unknown key"), std::string::npos) << error;
}

TEST(SuitesPurpose, BadPlanNamesTheItem) {
    Catalog c;
    const auto error = ppp::suites::load_purposes(
        R"([{"id":"TP-X-1","title":"t","suite":"lcp","requirements":["LCP-05"],"plan":"ping 1; jump"}])", "x.json", c);
    EXPECT_NE(error.find("/0/plan: plan item 2 'jump'"), std::string::npos) << error;
}

TEST(SuitesPurpose, PlanAndPropertyAreExclusive) {
    Catalog c;
    const auto error = ppp::suites::load_purposes(
        R"([{"id":"TP-X-1","title":"t","suite":"lcp","requirements":["LCP-05"]}])", "x.json", c);
    EXPECT_NE(error.find("exactly one of plan or property"), std::string::npos) << error;
}

// step_ms: a fixed plan's time per intent (0: stimuli land mid-exchange); a property has none.
TEST(SuitesPurpose, AFixedPlanMayGiveItsStepAPropertyMayNot) {
    Catalog c;
    EXPECT_EQ(ppp::suites::load_purposes(
                  R"([{"id":"A","title":"t","suite":"lcp","requirements":["X"],"plan":"ping 1","step_ms":0}])", "s.json", c),
              "");
    ASSERT_EQ(c.purposes.size(), 1U);
    ASSERT_TRUE(c.purposes[0].step.has_value());
    EXPECT_EQ(c.purposes[0].step->count(), 0);
    for (const char* bad : {"-1", "60001", "1.5", "\"0\""}) {
        Catalog d;
        const auto error = ppp::suites::load_purposes(
            std::string(R"([{"id":"B","title":"t","suite":"lcp","requirements":["X"],"plan":"ping 1","step_ms":)") + bad + "}]",
            "s.json", d);
        EXPECT_NE(error.find("s.json: /0/step_ms: expected the time each intent but wait and wait-sut takes, in ms (0..60000)"),
                  std::string::npos)
            << bad << ": " << error;
    }
    Catalog e;
    const auto error = ppp::suites::load_purposes(
        R"([{"id":"C","title":"t","suite":"lcp","requirements":["X"],"property":{"weights":{"ping":1}},"step_ms":0}])", "s.json", e);
    EXPECT_NE(error.find("/0/step_ms: only a fixed plan has a step"), std::string::npos) << error;
}

TEST(SuitesPurpose, BadWeightAndUnknownSuiteAndDuplicate) {
    Catalog c;
    auto error = ppp::suites::load_purposes(
        R"([{"id":"A","title":"t","suite":"lcp","requirements":["X"],"property":{"weights":{"ping":0}}}])", "w.json", c);
    EXPECT_NE(error.find("/0/property/weights/ping: expected a weight 1..1000"), std::string::npos) << error;
    error = ppp::suites::load_purposes(
        R"([{"id":"A","title":"t","suite":"voice","requirements":["X"],"plan":"ping 1"}])", "s.json", c);
    EXPECT_NE(error.find("/0/suite: 'voice' is not a suite"), std::string::npos) << error;
    error = ppp::suites::load_purposes(
        R"([{"id":"A","title":"t","suite":"lcp","requirements":["X"],"plan":"ping 1"},
            {"id":"A","title":"t","suite":"lcp","requirements":["X"],"plan":"ping 1"}])", "d.json", c);
    EXPECT_NE(error.find("/1/id: duplicate test purpose A"), std::string::npos) << error;
    error = ppp::suites::load_purposes("[{", "j.json", c);
    EXPECT_EQ(error, "j.json: not valid JSON");
}

TEST(SuitesPurpose, ProfileClaimsFollowThePics) {
    auto pppd = ppp::model::load_bundled_profile("pppd-2.4.9");
    ASSERT_TRUE(pppd) << pppd.error().message;
    EXPECT_TRUE(ppp::suites::profile_claims(pppd.value(), "role:client"));
    EXPECT_FALSE(ppp::suites::profile_claims(pppd.value(), "callback:server"));  // PEERS.md 2: client only
    EXPECT_TRUE(ppp::suites::profile_claims(pppd.value(), "cbcp:client"));
    auto cisco = ppp::model::load_bundled_profile("cisco-ios");
    ASSERT_TRUE(cisco) << cisco.error().message;
    EXPECT_TRUE(ppp::suites::profile_claims(cisco.value(), "callback:server"));
    EXPECT_FALSE(ppp::suites::profile_claims(cisco.value(), "nonsense"));
}

TEST(SuitesPurpose, GlobMatchesLikeAShell) {
    EXPECT_TRUE(ppp::suites::glob_match("*", "TP-LCP-001"));
    EXPECT_TRUE(ppp::suites::glob_match("TP-CB-*-00?", "TP-CB-SRV-007"));
    EXPECT_FALSE(ppp::suites::glob_match("TP-CB-*-00?", "TP-CB-SRV-P01"));
    EXPECT_FALSE(ppp::suites::glob_match("TP-LCP", "TP-LCP-001"));
    EXPECT_TRUE(ppp::suites::glob_match("*001", "TP-LCP-001"));
}

}  // namespace
