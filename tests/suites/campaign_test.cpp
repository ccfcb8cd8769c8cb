// Campaigns: the default catalog passes against the reference; a planted fault fails with the
// right requirement, a shrunk plan and a reproduce string that `replay` turns into the same failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

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
    // Every purpose of the reference (those bound to no other SUT, e.g. not the pppd suite).
    const auto& all = catalog.catalog->purposes;
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const auto& tp) {
                  return tp.sut.empty();
              })));
}

// `--sut pppd` runs the pppd suite only; the default campaign never runs it (it needs UML).
TEST(SuitesCampaign, SutSelectsItsOwnPurposes) {
    auto catalog = ppp::suites::bundled_catalog();
    ASSERT_TRUE(catalog.catalog) << catalog.error;
    for (const std::string sut : {"reference", "pppd"}) {
        CampaignOptions options;
        options.profile = ppp::model::load_bundled_profile("pppd-2.4.9").value();
        options.sut = sut;
        Campaign campaign(*catalog.catalog, options, [] { return ppp::adapters::make_reference_bench(); });
        const auto selected = campaign.selected();
        ASSERT_FALSE(selected.empty()) << sut;
        for (const auto* tp : selected) {
            EXPECT_EQ(tp->suite == "pppd", sut == "pppd") << sut << " selected " << tp->id;
        }
    }
}

}  // namespace

namespace {

// Each named fault of the reference SUT is caught by a fixed purpose with the requirement the
// fault breaks (DESIGN.md section 6: the harness proves what it catches).
struct FaultCase {
    const char* fault;
    const char* purpose;
    const char* requirement;
};

class SuitesFaultDetection : public ::testing::TestWithParam<FaultCase> {};

TEST_P(SuitesFaultDetection, FixedPurposeFailsWithTheBrokenRequirement) {
    const FaultCase& c = GetParam();
    auto campaign = make({c.fault}, c.purpose);
    ASSERT_EQ(campaign.selected().size(), 1U);
    const auto run = campaign.run_purpose(*campaign.selected().front());
    EXPECT_EQ(run.result.verdict, Verdict::Fail) << c.fault << ": " << run.result.message;
    EXPECT_TRUE(names(run.result, c.requirement)) << c.fault << ": " << run.result.message;
    EXPECT_NE(run.result.detail.find("VIOLATION"), std::string::npos) << run.result.detail;
}

INSTANTIATE_TEST_SUITE_P(
    NamedFaults, SuitesFaultDetection,
    ::testing::Values(FaultCase{"ipcp-on-first-call", "TP-CB-CLI-001", "SEQ-01"},
                      FaultCase{"callback-option-on-return-call", "TP-CB-SRV-009", "SEQ-02"},
                      FaultCase{"retry-busy-return-call", "TP-CB-SRV-007", "CCB-06"},
                      FaultCase{"chap-wrong-hash-order", "TP-AUTH-001", "CHAP-03"},
                      FaultCase{"ack-reorders-options", "TP-LCP-001", "LCP-05"},
                      FaultCase{"callback-ignores-secure", "TP-CB-SRV-010", "CCB-05"},
                      FaultCase{"no-terminate-ack", "TP-CB-SRV-001", "LCP-09"},
                      FaultCase{"keep-first-call", "TP-CB-SRV-003", "SEQ-01"},
                      FaultCase{"early-return-call", "TP-CB-SRV-001", "DDR-06"}),
    [](const ::testing::TestParamInfo<FaultCase>& param_info) {
        std::string name;
        bool upper = true;
        for (const char* p = param_info.param.fault; *p != '\0'; ++p) {
            if (*p == '-') {
                upper = true;
                continue;
            }
            name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(*p))) : *p;
            upper = false;
        }
        return name;
    });

}  // namespace
