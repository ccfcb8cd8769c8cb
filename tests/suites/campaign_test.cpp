// Campaigns: the default catalog passes against the reference; a planted fault fails with the
// right requirement, a shrunk plan and a reproduce string that `replay` turns into the same failure.
#include <gtest/gtest.h>

#include "ppp/adapters/bench.hpp"
#include "ppp/suites/campaign.hpp"

namespace {

using ppp::reports::Verdict;
using ppp::suites::Campaign;
using ppp::suites::CampaignOptions;

Campaign make(std::vector<std::string> faults, std::string glob, int plans = 30) {
    auto catalog = ppp::suites::bundled_catalog();
    EXPECT_TRUE(catalog.catalog) << catalog.error;
    CampaignOptions options;
    options.profile = ppp::model::load_bundled_profile("cisco-ios").value();
    options.faults = std::move(faults);
    options.tp_glob = std::move(glob);
    options.seed = 42;
    options.plans = plans;
    return Campaign(*catalog.catalog, options, [] { return ppp::adapters::make_reference_bench(); });
}

bool names(const ppp::reports::CaseResult& r, const std::string& id) {
    return std::find(r.requirements.begin(), r.requirements.end(), id) != r.requirements.end();
}

TEST(SuitesCampaign, FixedPurposesPassAgainstTheReference) {
    auto campaign = make({}, "TP-*-0*");
    std::size_t cases = 0;
    campaign.run([&](const ppp::suites::CaseRun& run) {
        ++cases;
        EXPECT_NE(run.result.verdict, Verdict::Fail) << run.result.id << ": " << run.result.message << "\n"
                                                     << run.result.detail;
        EXPECT_NE(run.result.verdict, Verdict::Error) << run.result.id << ": " << run.result.message;
    });
    EXPECT_GT(cases, 30U);
}

TEST(SuitesCampaign, PropertyPurposesPassAgainstTheReference) {
    auto campaign = make({}, "TP-*-P*", 20);
    campaign.run([&](const ppp::suites::CaseRun& run) {
        EXPECT_EQ(run.result.verdict == Verdict::Fail || run.result.verdict == Verdict::Error, false)
            << run.result.id << ": " << run.result.message << "\n" << run.result.detail;
        EXPECT_GT(run.plans_run, 0U) << run.result.id;
    });
}

TEST(SuitesCampaign, PlantedFaultShrinksAndReplays) {
    auto campaign = make({"callback-option-on-return-call"}, "TP-CB-SRV-P01", 50);
    const auto* tp = campaign.selected().front();
    const auto run = campaign.run_purpose(*tp);
    ASSERT_EQ(run.result.verdict, Verdict::Fail) << run.result.message;
    EXPECT_TRUE(names(run.result, "SEQ-02")) << run.result.message;
    EXPECT_NE(run.reproduce.find("--reproduce"), std::string::npos) << run.reproduce;
    // Shrunk: the plan needs little more than a ping and time for the return call.
    EXPECT_LE(std::count(run.plan_text.begin(), run.plan_text.end(), ';'), 3) << run.plan_text;

    const auto start = run.reproduce.find("--reproduce '") + 13;
    const std::string reproduce = run.reproduce.substr(start, run.reproduce.size() - start - 1);
    const auto again = campaign.replay(*tp, reproduce);
    EXPECT_EQ(again.result.verdict, Verdict::Fail);
    EXPECT_EQ(again.plan_text, run.plan_text);
}

TEST(SuitesCampaign, PurposeNeedingAnUnclaimedRoleIsNotApplicable) {
    auto catalog = ppp::suites::bundled_catalog();
    CampaignOptions options;
    options.profile = ppp::model::load_bundled_profile("pppd-2.4.9").value();
    options.tp_glob = "TP-CB-SRV-001";
    Campaign campaign(*catalog.catalog, options, [] { return ppp::adapters::make_reference_bench(); });
    const auto run = campaign.run_purpose(*campaign.selected().front());
    EXPECT_EQ(run.result.verdict, Verdict::None);
    EXPECT_NE(run.result.message.find("does not claim"), std::string::npos) << run.result.message;
}

TEST(SuitesCampaign, ShardsPartitionThePurposes) {
    auto catalog = ppp::suites::bundled_catalog();
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < 3; ++i) {
        CampaignOptions options;
        options.profile = ppp::model::load_bundled_profile("cisco-ios").value();
        options.shard_index = i;
        options.shard_count = 3;
        Campaign campaign(*catalog.catalog, options, [] { return ppp::adapters::make_reference_bench(); });
        for (const auto* tp : campaign.selected()) seen.push_back(tp->id);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
    EXPECT_EQ(seen.size(), catalog.catalog->purposes.size());
}

}  // namespace
