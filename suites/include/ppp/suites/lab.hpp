#pragma once
// The lab (DESIGN.md section 4): runs one plan of intents against a SUT on a bench, passes every
// stimulus and observation at the SUT's port to the oracle, injects faults, moves time, and
// bounds every run by steps and virtual time.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ppp/adapters/bench.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/model/router_spec.hpp"
#include "ppp/suites/intent.hpp"

namespace ppp::adapters {
class Environment;
}

namespace ppp::suites {

using Millis = std::chrono::milliseconds;

// The secret the peer-wrong-secret intent gives the environment's router (redacted like any other).
inline constexpr const char* kWrongSecret = "WRONG-SECRET";

struct LabSetup {
    // The PIXIT: the one source of names, numbers, addresses, secrets and tolerances. The SUT's side
    // is what its configuration holds, the other side what the environment's router holds;
    // configuration intents edit it, and apply_parameters() derives the two fields below from it.
    pixit::Pixit parameters;
    adapters::BenchSetup bench;  // configurations (rendered), names, numbers, faults, seed
    model::Profile profile;      // what the SUT claims
    model::Pixit pixit;          // the PIXIT as the oracle of the SUT's role sees it
    Millis step{1000};           // time given to each non-wait intent before the next
    Millis settle{200000};       // after the plan: timers play out (enable-timeout, idle)
    Millis max_duration{3'600'000};
};

struct IntentRecord {
    Intent intent;
    Millis at{0};
    bool applied = false;
    std::string note;  // why skipped, or what was done
    std::string observed{};  // what the SUT showed when asked (show-dialer), printed in the trace
    // A configuration of the SUT the attachment could not apply: the plan does not test what its
    // purpose says (a fixed plan's verdict is then inconclusive, never a pass).
    bool sut_not_reconfigured = false;
};

struct PlanOutcome {
    bool conforming = true;
    bool livelock = false;
    std::string error;                     // harness or bench error (verdict error)
    std::vector<model::Violation> violations;
    std::vector<IntentRecord> intents;
    std::vector<wire::PortMessage> port_log;  // every message at the SUT's port, as delivered
    std::vector<wire::PortMessage> traffic;  // IPv4 at the SUT's LAN side
    // For each datagram of `traffic`, how many port messages came before it: the two logs' one order.
    std::vector<std::size_t> traffic_after;
    std::vector<std::size_t> pings;        // bench ping ids, in plan order
    std::vector<adapters::PingOutcome> ping_outcomes;
    std::vector<adapters::CallView> calls;
    Millis end{0};
    std::string callback_state;            // the oracle's coordinator state at the end
    // Findings that are not failures: the oracle's profile deviations ("deviation: ...") and the
    // bench's summary of the SUT's session (a daemon's exit status).
    std::vector<std::string> notes;
    model::CoverageCounts coverage;        // the oracle's rows taken (names: RouterSpec::coverage_of)
};

class Lab {
public:
    explicit Lab(std::unique_ptr<adapters::Bench> bench);
    ~Lab();
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;

    PlanOutcome run(const LabSetup& setup, const std::vector<Intent>& plan);
    // A plan drawn as it runs (issue #15: generation from the model's state): `configuration`
    // is applied before the run, then `next` is asked for each intent with the oracle's state
    // after the previous one, until it gives none. Recorded as configuration then the intents
    // drawn, the plan runs the same again through run(setup, plan).
    using NextIntent = std::function<std::optional<Intent>(const model::RouterSpec& oracle)>;
    PlanOutcome run(const LabSetup& setup, const std::vector<Intent>& configuration, const NextIntent& next);
    const adapters::Bench& bench() const { return *bench_; }

private:
    struct Run;
    // The environment the SUT meets (the network, the peer router, billing), the same for every
    // attachment (DESIGN.md section 4); declared first, so it outlives the attachment bound to it.
    std::unique_ptr<adapters::Environment> environment_;
    std::unique_ptr<adapters::Bench> bench_;
};

// The run as a readable trace in RFC vocabulary (frames both ways, calls, intents, time stamps).
// Only called for failures: formatting is kept off the hot path.
std::string render_trace(const PlanOutcome& outcome, std::size_t max_lines = 400);

// Renders both routers' configurations, the bench's names and numbers and the oracle's view from
// setup.parameters for the SUT's role (setup.bench.sut_role). What the attachment decides in the
// oracle's view (a line up from the start, no dialer map) is kept.
void apply_parameters(LabSetup& setup);

// Applies the configuration-variant intents of a plan as typed edits of setup.parameters (and the
// profile's knobs the SUT then claims), then apply_parameters(), before the run (DESIGN.md
// section 4: configuration variants are intents).
// An attachment that cannot reconfigure the SUT (`sut_configurable` false: equipment on a serial
// line, configured by its user) records the intents that edit the SUT's side as skipped.
void apply_configuration_intents(LabSetup& setup, const std::vector<Intent>& plan,
                                 std::vector<IntentRecord>& records, bool sut_configurable = true);

}  // namespace ppp::suites
