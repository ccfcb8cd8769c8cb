#pragma once
// `ppp-conform selftest` (DESIGN.md section 6): every named fault of the reference SUT is switched
// on in turn and the default campaign's purposes run against it until one fails. A harness is
// worth what it catches: the table says which purpose caught each fault, with which requirement,
// after how many plans and seconds, and how short the shrunk plan is.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ppp/adapters/bench.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/purpose.hpp"

namespace ppp::suites {

struct SelftestOptions {
    std::string faults_glob = "*";   // fault names to run (shell glob)
    double budget_seconds = 60.0;    // per fault: no purpose starts after this much wall time
    std::uint64_t seed = 1;
    int plans = kDefaultCampaignPlans;  // generated plans per property purpose (the default campaign)
    model::Profile profile;          // the default campaign's: cisco-ios
    std::string profile_name = "cisco-ios";
    CampaignOptions::Generation generation = CampaignOptions::Generation::Model;  // as `run --generation`
};

struct FaultOutcome {
    adapters::FaultDescription fault;
    bool killed = false;
    std::string purpose;                 // the detecting test purpose
    std::vector<std::string> named;      // requirement IDs its violations named
    bool named_expected = false;         // `named` holds one of the fault's own requirements
    std::size_t plans = 0;               // plans run until detection (or in all, when it survived)
    std::size_t purposes = 0;            // purposes run
    double seconds = 0.0;                // wall time until detection
    std::size_t shrunk_length = 0;       // intents in the failing (shrunk) plan
    std::string message;                 // the first violation, or why it survived
    std::string reproduce;
};

struct SelftestReport {
    std::vector<FaultOutcome> faults;
    std::size_t killed() const;
    double kill_rate() const;             // 0..1
    double median_seconds() const;        // over killed faults
    double median_shrunk_length() const;  // over killed faults
};

// The faults whose names match `glob`, in table order; empty when none does.
std::vector<adapters::FaultDescription> select_faults(const std::string& glob);

// Purposes in the order a fault is hunted: those citing one of its requirements first, fixed
// plans before properties, then every other purpose the same way.
std::vector<const TestPurpose*> hunting_order(const Catalog& catalog, const adapters::FaultDescription& fault);

// Runs one fault; `factory` makes the benches (the reference SUT).
FaultOutcome run_fault(const Catalog& catalog, const SelftestOptions& options, const adapters::FaultDescription& fault,
                       const BenchFactory& factory);
// Runs every selected fault; `on_fault` sees each outcome as it is known.
SelftestReport run_selftest(const Catalog& catalog, const SelftestOptions& options, const BenchFactory& factory,
                            const std::function<void(const FaultOutcome&)>& on_fault = {});

std::string render_selftest_text(const SelftestReport& report);
std::string render_selftest_json(const SelftestReport& report, const SelftestOptions& options);

}  // namespace ppp::suites
