#pragma once
// The lab on the reference bench as the campaign sets it up, for tests that run plans by hand.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "ppp/adapters/bench.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/lab.hpp"

namespace ppp::suites_test {

inline std::vector<suites::Intent> plan_of(const std::string& text) {
    auto parsed = suites::parse_plan(text);
    EXPECT_TRUE(parsed.ok) << parsed.error;
    return parsed.plan;
}

// The lab set-up the campaign uses for a purpose of the given role (profile cisco-ios).
inline suites::LabSetup setup_for(model::Role role, std::vector<std::string> faults = {}) {
    auto catalog = suites::bundled_catalog();
    suites::CampaignOptions options;
    options.profile = model::load_bundled_profile("cisco-ios").value();
    options.faults = std::move(faults);
    suites::TestPurpose tp;
    tp.sut_role = role;
    suites::Campaign campaign(*catalog.catalog, options, [] { return adapters::make_reference_bench(); });
    return campaign.lab_setup(tp, 7);
}

// One plan on a fresh reference bench.
inline suites::PlanOutcome run_on_reference(const suites::LabSetup& setup, const std::string& plan) {
    suites::Lab lab(adapters::make_reference_bench());
    return lab.run(setup, plan_of(plan));
}

// What a failed expectation shows: the lab's error and the start of the trace.
inline std::string explain(const suites::PlanOutcome& o, std::size_t trace_lines = 160) {
    return o.error + "\n" + suites::render_trace(o, trace_lines);
}

inline bool violates(const suites::PlanOutcome& o, const std::string& id) {
    for (const auto& v : o.violations)
        for (const auto& r : v.requirements)
            if (r == id) return true;
    return false;
}

}  // namespace ppp::suites_test
