// Campaigns: the default catalog passes against the reference; a planted fault fails with the
// right requirement, a shrunk plan and a reproduce string that `replay` turns into the same failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iterator>

#include <unistd.h>

#include "delegating_bench.hpp"
#include "ppp/adapters/bench.hpp"
#include "ppp/suites/campaign.hpp"

namespace {

using ppp::reports::Verdict;
using ppp::suites::Campaign;
using ppp::suites::CampaignOptions;

Campaign make(std::vector<std::string> faults, std::string glob, int plans = 30,
              CampaignOptions::Generation generation = CampaignOptions::Generation::Model) {
    auto catalog = ppp::suites::bundled_catalog();
    EXPECT_TRUE(catalog.catalog) << catalog.error;
    CampaignOptions options;
    options.profile = ppp::model::load_bundled_profile("cisco-ios").value();
    options.faults = std::move(faults);
    options.tp_glob = std::move(glob);
    options.seed = 42;
    options.plans = plans;
    options.generation = generation;
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

// Swarm generation: RapidCheck's reproduce string replays the failure (model generation's plan
// and salt: generation_test.cpp).
TEST(SuitesCampaign, PlantedFaultShrinksAndReplays) {
    auto campaign = make({"callback-option-on-return-call"}, "TP-CB-SRV-P01", 50, CampaignOptions::Generation::Swarm);
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

// `run --jobs N`: worker processes give the same results, in the same order, with the same
// merged coverage as one process (RapidCheck's state is per process, so plans are identical).
TEST(SuitesCampaign, JobsGiveTheSameResultsInTheSameOrder) {
    auto collect = [](int jobs, ppp::model::Coverage& coverage) {
        auto catalog = ppp::suites::bundled_catalog();
        CampaignOptions options;
        options.profile = ppp::model::load_bundled_profile("cisco-ios").value();
        options.faults = {"keep-first-call"};  // failures carry traces and evidence through the pipe
        options.tp_glob = "TP-CB-*";
        options.seed = 5;
        options.plans = 10;
        options.jobs = jobs;
        Campaign campaign(*catalog.catalog, options, [] { return ppp::adapters::make_reference_bench(); });
        std::vector<ppp::suites::CaseRun> runs;
        campaign.run([&](const ppp::suites::CaseRun& run) { runs.push_back(run); });
        coverage = campaign.coverage();
        return runs;
    };
    ppp::model::Coverage one_coverage, three_coverage;
    const auto one = collect(1, one_coverage);
    const auto three = collect(3, three_coverage);
    ASSERT_EQ(one.size(), three.size());
    ASSERT_GT(one.size(), 10U);
    std::size_t failures = 0;
    for (std::size_t i = 0; i < one.size(); ++i) {
        const auto& a = one[i];
        const auto& b = three[i];
        EXPECT_EQ(a.result.id, b.result.id);
        EXPECT_EQ(a.result.verdict, b.result.verdict) << a.result.id;
        EXPECT_EQ(a.result.message, b.result.message) << a.result.id;
        EXPECT_EQ(a.result.detail, b.result.detail) << a.result.id;
        EXPECT_EQ(a.result.requirements, b.result.requirements) << a.result.id;
        EXPECT_EQ(a.result.trace.size(), b.result.trace.size()) << a.result.id;
        EXPECT_EQ(a.plan_text, b.plan_text) << a.result.id;
        EXPECT_EQ(a.reproduce, b.reproduce) << a.result.id;
        EXPECT_EQ(a.plans_run, b.plans_run) << a.result.id;
        ASSERT_EQ(a.evidence.size(), b.evidence.size()) << a.result.id;
        for (std::size_t m = 0; m < a.evidence.size(); ++m) EXPECT_EQ(a.evidence[m].bytes(), b.evidence[m].bytes());
        if (a.result.verdict == Verdict::Fail) ++failures;
    }
    EXPECT_GT(failures, 0U);
    ASSERT_EQ(one_coverage.transitions.size(), three_coverage.transitions.size());
    EXPECT_EQ(one_coverage.requirements(), three_coverage.requirements());
}

// A bench whose process dies when asked to set up a server-role SUT: the worker running those
// purposes is lost, the campaign goes on, and each case it owed becomes an error naming the signal.
class DyingBench : public ppp::test::DelegatingBench {
public:
    explicit DyingBench(pid_t parent) : parent_(parent) {}
    std::string reset(const ppp::adapters::BenchSetup& setup) override {
        if (setup.sut_role == ppp::wire::CallbackRole::Server && ::getpid() != parent_) std::abort();
        return DelegatingBench::reset(setup);
    }

private:
    pid_t parent_;
};

TEST(SuitesCampaign, AWorkerThatDiesTurnsItsCasesIntoErrors) {
    auto catalog = ppp::suites::bundled_catalog();
    CampaignOptions options;
    options.profile = ppp::model::load_bundled_profile("cisco-ios").value();
    options.tp_glob = "TP-LCP-0*";
    options.jobs = 2;
    const pid_t parent = ::getpid();
    Campaign campaign(*catalog.catalog, options, [parent] { return std::make_unique<DyingBench>(parent); });
    const auto selected = campaign.selected();
    std::vector<ppp::suites::CaseRun> runs;
    campaign.run([&](const ppp::suites::CaseRun& run) { runs.push_back(run); });
    ASSERT_EQ(runs.size(), selected.size());  // every case reported, in order
    std::size_t errors = 0, passes = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        EXPECT_EQ(runs[i].result.id, selected[i]->id);
        if (runs[i].result.verdict == Verdict::Error) {
            ++errors;
            EXPECT_NE(runs[i].result.message.find("signal 6"), std::string::npos) << runs[i].result.message;
        } else {
            ++passes;
            EXPECT_EQ(runs[i].result.verdict, Verdict::Pass) << runs[i].result.id << ": " << runs[i].result.message;
        }
    }
    EXPECT_GT(errors, 0U);
    EXPECT_GT(passes, 0U);
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

// fault -> the purpose that catches it -> the requirement it must name (the fault table's first).
const FaultCase kFaultCases[] = {
    {"ipcp-on-first-call", "TP-CB-CLI-001", "SEQ-01"},
    {"callback-option-on-return-call", "TP-CB-SRV-009", "SEQ-02"},
    {"retry-busy-return-call", "TP-CB-SRV-007", "CCB-06"},
    {"chap-wrong-hash-order", "TP-AUTH-001", "CHAP-03"},
    {"ack-reorders-options", "TP-LCP-001", "LCP-05"},
    {"callback-ignores-secure", "TP-CB-SRV-010", "CCB-05"},
    {"no-terminate-ack", "TP-CB-SRV-001", "LCP-09"},
    {"keep-first-call", "TP-CB-SRV-003", "SEQ-01"},
    {"early-return-call", "TP-CB-SRV-001", "DDR-06"},
    {"fcs-over-wrong-span", "TP-LCP-001", "FR-04"},
    {"fcs-msb-first", "TP-LCP-001", "FR-04"},
    {"address-control-omitted", "TP-DDR-004", "LCP-01"},
    {"ack-wrong-identifier", "TP-LCP-001", "LCP-05"},
    {"nak-unoffered-option", "TP-LCP-001", "LCP-06"},
    {"restart-timer-short", "TP-LCP-001", "FSM-01"},
    {"no-code-reject", "TP-LCP-005", "LCP-10"},
    {"echo-reply-zero-magic", "TP-LCP-006", "LCP-12"},
    {"terminate-ack-new-id", "TP-LCP-011", "LCP-09"},
    {"renegotiation-without-request", "TP-LCP-009", "FSM-08"},
    {"success-before-response", "TP-AUTH-002", "CHAP-04"},
    {"chap-response-wrong-id", "TP-AUTH-001", "CHAP-03"},
    {"chap-same-challenge", "TP-CB-SRV-006", "CHAP-02"},
    {"chap-accepts-any-response", "TP-AUTH-002", "CHAP-03"},
    {"pap-retried-forever", "TP-AUTH-004", "PAP-02"},
    {"client-callback-on-return-call", "TP-CB-CLI-006", "SEQ-02"},
    {"callback-to-called-number", "TP-CB-SRV-002", "CCB-03"},
    {"client-dials-while-callback-pending", "TP-CB-CLI-007", "CCB-04"},
    {"cbcp-ack-wrong-id", "TP-CBCP-001", "CBCP-04"},
    {"cbcp-request-same-id", "TP-CBCP-004", "CBCP-02"},
    {"idle-timer-not-reset", "TP-DDR-002", "DDR-03"},
    {"dial-prefix-added", "TP-DDR-001", "DDR-02"},
    {"enable-timeout-ignored", "TP-DDR-005", "DDR-06"},
    {"no-release-complete", "TP-ISDN-006", "ISDN-05"},
    {"no-connect-ack", "TP-DDR-004", "ISDN-02"},
    {"disconnect-answered-with-release-complete", "TP-ISDN-005", "ISDN-05"},
    {"disconnect-without-cause", "TP-ISDN-006", "ISDN-05"},
    {"magic-loop-not-detected", "TP-LCP-013", "LCP-16"},
    {"t303-not-honoured", "TP-ISDN-007", "ISDN-02"},
    {"callback-server-uses-dialstring", "TP-CB-SRV-012", "CCB-03"},
    {"ipcp-ack-any-options", "TP-ROB-009", "IP-08"},
    {"ipcp-zero-address-acked", "TP-DDR-017", "IP-07"},
    {"status-enquiry-released", "TP-ISDN-030", "ISDN-13"},
    {"stale-chap-success-taken", "TP-AUTH-022", "CHAP-04"},
};

TEST(SuitesFaultDetectionTable, EveryNamedFaultHasADetectingPurpose) {
    for (const auto& fault : ppp::adapters::reference_faults()) {
        const auto it = std::find_if(std::begin(kFaultCases), std::end(kFaultCases),
                                     [&](const FaultCase& c) { return fault.name == c.fault; });
        ASSERT_NE(it, std::end(kFaultCases)) << fault.name;
        EXPECT_NE(std::find(fault.requirements.begin(), fault.requirements.end(), it->requirement),
                  fault.requirements.end())
            << fault.name << " is caught naming " << it->requirement << ", not one of its own requirements";
    }
    EXPECT_EQ(std::size(kFaultCases), ppp::adapters::reference_faults().size());
}

INSTANTIATE_TEST_SUITE_P(
    NamedFaults, SuitesFaultDetection, ::testing::ValuesIn(kFaultCases),
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
