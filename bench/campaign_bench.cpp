// The harness end to end (DESIGN.md section 8): messages per second at the SUT's port through
// the reference SUT, the peer, the ISDN network, the oracle and its checks; and the default
// campaign's plans and wall time.
#include <benchmark/benchmark.h>

#include <algorithm>

#include "ppp/adapters/bench.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/check.hpp"
#include "ppp/suites/lab.hpp"

namespace {

using ppp::suites::Campaign;
using ppp::suites::CampaignOptions;

CampaignOptions default_options(int plans) {
    CampaignOptions options;
    options.profile = ppp::model::load_bundled_profile("cisco-ios").value();
    options.seed = 1;
    options.plans = plans;
    return options;
}

Campaign make_campaign(int plans) {
    return Campaign(*ppp::suites::bundled_catalog().catalog, default_options(plans),
                    [] { return ppp::adapters::make_reference_bench(); });
}

// The anchor scenario with traffic on the return call, the SUT as callback server: its lab set-up
// and plan (an unparsable plan is the benchmark's error).
struct AnchorWithTraffic {
    ppp::suites::LabSetup setup;
    std::vector<ppp::suites::Intent> plan;
};
AnchorWithTraffic anchor_with_traffic(benchmark::State& state) {
    auto campaign = make_campaign(1);
    ppp::suites::TestPurpose tp;
    tp.sut_role = ppp::model::Role::Server;
    const auto parsed = ppp::suites::parse_plan("ping 5; wait 20s; ping 100; wait 200s");
    if (!parsed.ok) state.SkipWithError(parsed.error.c_str());
    return {campaign.lab_setup(tp, 7), parsed.plan};
}

// One plan of the anchor scenario (DESIGN.md section 1) with the SUT as callback server: every
// Q.931 message and B-channel frame at its port is judged by the oracle.
void BM_LabAnchorScenario(benchmark::State& state) {
    auto campaign = make_campaign(1);
    ppp::suites::TestPurpose tp;
    tp.sut_role = ppp::model::Role::Server;
    const auto setup = campaign.lab_setup(tp, 7);
    const auto plan = ppp::suites::parse_plan("ping 5; wait 20s; ping 5").plan;
    ppp::suites::Lab lab(ppp::adapters::make_reference_bench());
    std::size_t messages = 0;
    for (auto _ : state) {
        const auto outcome = lab.run(setup, plan);
        messages += outcome.port_log.size() + outcome.traffic.size();
        benchmark::DoNotOptimize(outcome.conforming);
    }
    state.counters["port_steps_per_s"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
    state.counters["steps_per_plan"] =
        benchmark::Counter(static_cast<double>(messages) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_LabAnchorScenario)->Unit(benchmark::kMicrosecond);

// The same with traffic on the return call: the per-plan set-up (configurations parsed, routers,
// network and oracle built) spreads over many steps, so this is the marginal cost of a step.
void BM_LabAnchorScenarioWithTraffic(benchmark::State& state) {
    const auto [setup, plan] = anchor_with_traffic(state);
    ppp::suites::Lab lab(ppp::adapters::make_reference_bench());
    std::size_t messages = 0;
    for (auto _ : state) {
        const auto outcome = lab.run(setup, plan);
        messages += outcome.port_log.size() + outcome.traffic.size();
        benchmark::DoNotOptimize(outcome.conforming);
    }
    state.counters["port_steps_per_s"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
    state.counters["steps_per_plan"] =
        benchmark::Counter(static_cast<double>(messages) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_LabAnchorScenarioWithTraffic)->Unit(benchmark::kMicrosecond);

// `check` on a capture of the SUT's port (issue #16): the messages of the anchor scenario with
// traffic, as `run` leaves them in its pcapng, judged again by a RecordingJudge with the crossing
// window a capture gets. Frames per second: what a lab's own capture costs.
void BM_CheckCapturedFrames(benchmark::State& state) {
    const auto [setup, plan] = anchor_with_traffic(state);
    ppp::suites::Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup, plan);
    std::vector<ppp::suites::RecordedMessage> captured;
    for (const auto& message : outcome.port_log) {
        ppp::suites::RecordedMessage m;
        m.message = message;
        m.where = "frame " + std::to_string(captured.size() + 1);
        captured.push_back(std::move(m));
    }
    ppp::suites::CheckSetup check;
    check.role = ppp::model::Role::Server;
    check.profile = default_options(1).profile;
    check.parameters = ppp::pixit::default_pixit();
    check.crossing = ppp::model::resolve_tolerance(check.parameters, check.profile).crossing;
    std::size_t frames = 0;
    for (auto _ : state) {
        ppp::suites::RecordingJudge judge(check);
        for (const auto& m : captured) judge.judge(m);
        const auto result = judge.finish(captured.empty() ? ppp::model::Millis{0} : captured.back().message.at);
        frames += captured.size();
        if (result.failed()) state.SkipWithError("the reference's own capture was judged to break a requirement");
    }
    state.counters["frames/s"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
    state.counters["frames"] = benchmark::Counter(static_cast<double>(captured.size()));
}
BENCHMARK(BM_CheckCapturedFrames)->Unit(benchmark::kMillisecond);

// The default campaign as `ppp-conform run` runs it: every purpose of every suite, 2,000 generated
// plans per property, in 1 or 2 worker processes (`--jobs`; wall time, the workers' CPU is not
// this process's).
void BM_DefaultCampaign(benchmark::State& state) {
    std::size_t plans = 0, purposes = 0;
    for (auto _ : state) {
        CampaignOptions options = default_options(2000);
        options.jobs = static_cast<int>(state.range(0));
        Campaign campaign(*ppp::suites::bundled_catalog().catalog, options,
                          [] { return ppp::adapters::make_reference_bench(); });
        campaign.run([&](const ppp::suites::CaseRun& run) {
            plans += run.plans_run;
            ++purposes;
        });
    }
    const auto iterations = static_cast<double>(state.iterations());
    state.counters["purposes"] = benchmark::Counter(static_cast<double>(purposes) / iterations);
    state.counters["plans"] = benchmark::Counter(static_cast<double>(plans) / iterations);
    state.counters["plans_per_s"] = benchmark::Counter(static_cast<double>(plans), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DefaultCampaign)->ArgName("jobs")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// A planted fault found and shrunk to a minimal plan (DESIGN.md section 8: under a second): the
// property purpose generates plans until one fails, then RapidCheck shrinks it.
void BM_ShrinkPlantedFault(benchmark::State& state) {
    std::size_t plan_length = 0, plans = 0;
    for (auto _ : state) {
        CampaignOptions options = default_options(2000);
        options.faults = {"callback-option-on-return-call"};
        options.tp_glob = "TP-CB-SRV-P01";
        Campaign campaign(*ppp::suites::bundled_catalog().catalog, options,
                          [] { return ppp::adapters::make_reference_bench(); });
        const auto run = campaign.run_purpose(*campaign.selected().front());
        if (run.result.verdict != ppp::reports::Verdict::Fail) state.SkipWithError("the planted fault was not found");
        plan_length += static_cast<std::size_t>(std::count(run.plan_text.begin(), run.plan_text.end(), ';')) + 1;
        plans += run.plans_run;
    }
    const auto iterations = static_cast<double>(state.iterations());
    state.counters["shrunk_plan_intents"] = benchmark::Counter(static_cast<double>(plan_length) / iterations);
    state.counters["plans_until_failure"] = benchmark::Counter(static_cast<double>(plans) / iterations);
}
BENCHMARK(BM_ShrinkPlantedFault)->Unit(benchmark::kMillisecond);

}  // namespace
