#pragma once
// A campaign: the selected test purposes run against one SUT, each to a verdict (DESIGN.md
// section 2). Properties are checked with RapidCheck outside gtest; a failing plan shrinks to a
// minimal one and comes back as a readable trace with a one-line reproduce command.
#include <array>
#include <cstdint>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ppp/adapters/bench.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/pixit/pixit.hpp"
#include "ppp/reports/case_result.hpp"
#include "ppp/reports/pcap_writer.hpp"
#include "ppp/reports/pcapng_writer.hpp"
#include "ppp/suites/generation.hpp"
#include "ppp/suites/lab.hpp"
#include "ppp/suites/purpose.hpp"

namespace ppp::suites {

// Generated plans per property purpose in the default campaign (`run`, `selftest`): with the
// bundled catalog, tens of thousands of plans (DESIGN.md section 8).
inline constexpr int kDefaultCampaignPlans = 2000;
// A wall-clock SUT costs seconds per plan (pppd in User-Mode Linux boots in about 3 s): its
// properties run this many plans unless --plans says otherwise.
inline constexpr int kWallClockPlans = 10;

struct CampaignOptions {
    std::vector<std::string> suites;          // empty: every suite
    std::string tp_glob = "*";
    std::optional<model::Role> role;          // only purposes where the SUT plays this role
    model::Profile profile;
    std::string profile_name = "cisco-ios";   // as given on the command line (for reproduce)
    pixit::Pixit pixit = pixit::default_pixit();  // the test parameters (`--pixit`)
    std::string pixit_path;                   // as given on the command line; empty: the default
    // `run --plan TEXT`: the catalog is that one plan (adhoc_catalog()); every case shows its trace.
    std::string adhoc_plan;
    // The attachment's options as a command line carries them (" --command '...'",
    // " --pppd-option ..."), for reproduce lines.
    std::string attachment_args;
    std::vector<std::string> faults;          // reference SUT faults (`--fault`)
    int mutant = 0;                           // reference SUT mutant (mutation/ tool only)
    bool shrink = true;                       // shrink failing plans (mutation/ only needs a kill)
    // Mutation analysis (mutation/ only, with shrink = false): asked before each generated plan of
    // a property with its index (0, 1, ...); false passes the plan without running it. A plan that
    // never reaches a mutant cannot kill it, and a reference run is deterministic per plan.
    std::function<bool(std::size_t plan_index)> plan_gate;
    // How a property purpose's plans are drawn (`--generation`): Swarm draws a whole plan from
    // the purpose's weights before it runs; Model draws each next intent from the oracle's state
    // as the plan runs, favouring intents that may take rows the purpose has not taken yet
    // (issue #15, generation.hpp); a failure is then reproduced from its plan and salt
    // (replay_drawn). plan_gate needs Swarm: a model-drawn plan exists only once it has run.
    enum class Generation : std::uint8_t { Swarm, Model };
    Generation generation = Generation::Model;
    // `run --coverage-goal`'s further rounds: only property purposes generate anything new.
    bool properties_only = false;
    std::vector<std::string> exclude;  // purpose IDs a further round leaves out (they failed already)
    std::uint64_t seed = 1;
    int plans = 100;                          // generated plans per property purpose
    std::size_t shard_index = 0;              // GTEST_SHARD_INDEX / --shard
    std::size_t shard_count = 1;
    int jobs = 1;                             // worker processes for run() (`--jobs`)
    // pcap evidence for every case (`--evidence all`): a passing or inconclusive case keeps the
    // port log of its plan (a property purpose: of its last generated plan with any message at
    // the port). Off, only failing cases keep one, so the default campaign copies no logs.
    bool evidence_all = false;
    // `--sut`: "reference" runs the purposes bound to no SUT; another name runs only the
    // purposes bound to it (TestPurpose::sut), e.g. the pppd suite on a pty.
    std::string sut = "reference";
    // Wall-clock attachments only (a virtual-time bench jumps): the longest a plan may run, and
    // how long shrinking a failure may re-run candidates against the real SUT before the
    // smallest failing plan found so far is reported (noted as possibly not minimal).
    std::chrono::milliseconds plan_time_limit{120000};
    std::chrono::milliseconds shrink_time_limit{300000};
};

using BenchFactory = std::function<std::unique_ptr<adapters::Bench>()>;

// One purpose's result plus what is needed to reproduce it.
struct CaseRun {
    reports::CaseResult result;
    std::string plan_text;   // the (shrunk) failing plan, or the fixed plan
    std::string reproduce;   // one command line
    std::size_t plans_run = 0;
    std::size_t goal_reached = 0;
    // The messages at the SUT's port of a failing run (of any run with evidence_all).
    std::vector<wire::PortMessage> evidence;
    std::string evidence_plan;  // the plan whose run `evidence` is (text form), "" without evidence
    Millis evidence_end{0};     // when that run ended: the port was watched until then
    model::Role sut_role = model::Role::Client;  // the SUT's role in that run
};

// pcap evidence of a run at the SUT's port (PEERS.md section 3): B-channel frames as
// DLT_PPP_WITH_DIR (204; direction 1 = sent by the SUT, FCS removed), Q.931 as DLT_LAPD (203).
// A PAP Authenticate-Request's password is replaced by "<redacted>" (lengths re-encoded, so the
// frame still decodes): secrets never appear in captures (DESIGN.md section 9, PAP-02).
inline constexpr int kPcapPppWithDir = 204;
inline constexpr int kPcapLapd = 203;
std::vector<reports::PcapRecord> evidence_records(const std::vector<wire::PortMessage>& messages, bool d_channel);

// The same exchange in one pcapng file (<TP>.pcapng), what `check` reads to judge it again (issue
// #16): interfaces B1 and B2 (LINKTYPE_PPP_HDLC 50: frames with their FCS as sent, so a bad FCS
// stays bad, and is flagged), D (203, LAPD) and LAN (228, IPv4 at the SUT's LAN side, which the
// dialer's rules need); directions as seen from the SUT (inbound: to the SUT), the port's order kept.
inline constexpr std::uint16_t kPcapngPppHdlc = 50;
inline constexpr std::uint16_t kPcapngIpv4 = 228;
std::vector<reports::PcapngInterface> evidence_interfaces();
std::vector<reports::PcapngRecord> evidence_pcapng(const std::vector<wire::PortMessage>& messages);
// The file's section comment: "ppp-conform evidence; purpose TP-X; profile P; role client; call
// control none; plan: ...", which `check` reads back (evidence_facts_of) to judge the capture as
// the run judged it: the plan's configuration, the SUT's role, and whether the attachment had
// call control at all (a pty or serial line has none: its file still declares the D interface).
std::string evidence_comment(const std::string& purpose, const std::string& profile, model::Role role, bool call_control,
                             const std::string& plan);
struct EvidenceFacts {
    std::string plan;
    std::optional<model::Role> role;         // absent in files of earlier versions
    std::optional<bool> call_control;        // likewise
};
// The facts of such a comment, or nullopt when the comment is not ppp-conform's.
std::optional<EvidenceFacts> evidence_facts_of(const std::string& comment);

class Campaign {
public:
    Campaign(Catalog catalog, CampaignOptions options, BenchFactory factory);

    std::vector<const TestPurpose*> matching() const;  // after suite, glob, SUT and role filters
    std::vector<const TestPurpose*> selected() const;  // matching(), then the shard's share
    std::uint64_t seed() const { return options_.seed; }
    const pixit::Pixit& parameters() const { return options_.pixit; }
    // What the attachment declared it can carry (DESIGN.md section 7).
    adapters::Capabilities attachment() const;
    // Resets a bench with the first purpose's set-up: "" or one line naming a bad fault/config.
    std::string check_setup() const;
    // Runs every selected purpose; `on_case` is called as each finishes (results stream out), in
    // selection order also when options.jobs > 1 spreads the purposes over worker processes.
    // `stop`, when given, is asked before each purpose and between the plans of a property
    // purpose (SIGINT ends a campaign at once; the purpose cut short is an `error`).
    void run(const std::function<void(const CaseRun&)>& on_case, const std::function<bool()>& stop = {});
    CaseRun run_purpose(const TestPurpose& tp);
    // Re-runs one shrunk failure from its RapidCheck reproduce string (printed by run); the string
    // must have passed check_reproduce.
    CaseRun replay(const TestPurpose& tp, const std::string& reproduce);
    // "" when `reproduce` (surrounding white space ignored) is a reproduce string RapidCheck wrote
    // for this property purpose; otherwise one line saying why not.
    static std::string check_reproduce(const TestPurpose& tp, const std::string& reproduce);
    // Re-runs a model-drawn failure (`replay --salt N --plan TEXT`, as run printed it): the plan
    // as drawn and shrunk, with the bench seed its salt and configuration give.
    CaseRun replay_drawn(const TestPurpose& tp, const std::vector<Intent>& plan, std::uint32_t salt);
    // The purposes an attachment runs: those bound to no SUT for the reference, the line suite
    // (written against pppd, bound to "pppd") for any SUT on a line (pppd, pty, serial).
    static std::string purpose_binding(const std::string& sut);

    // The lab set-up for a purpose: configurations, names, numbers, oracle profile and PIXIT.
    LabSetup lab_setup(const TestPurpose& tp, std::uint64_t seed) const;
    // lab_setup() for a property's plans: with model generation, intents take no step of their own.
    LabSetup property_setup(const TestPurpose& tp, std::uint64_t seed) const;
    // Passwords of the lab's configurations: reports redact them (DESIGN.md section 9).
    std::vector<std::string> secrets() const;
    // The oracle's coverage summed over every plan run so far (counted in every run: it costs an
    // addition per row taken).
    // Rows the campaign's profile cannot reach are marked like the unreachable ones, with the knob
    // they need (RouterSpec::out_of_profile): the figure counts what this profile can reach.
    model::Coverage coverage() const;
    const Catalog& catalog() const { return catalog_; }

private:
    CaseRun check_property(const TestPurpose& tp, const std::string* reproduce);
    CaseRun finish(const TestPurpose& tp, const PlanOutcome& outcome, const std::vector<Intent>& plan,
                   CaseRun run) const;
    // "ppp-conform SUBCOMMAND --tp ID" with every option the campaign was given.
    std::string command_prefix(const TestPurpose& tp, const char* subcommand) const;
    // A model-drawn failing plan with every intent left out whose absence keeps it failing
    // (run as recorded, the bench seed from `salt`; `bench_seed` becomes the smaller plan's).
    std::vector<Intent> without_spare_intents(const TestPurpose& tp, std::vector<Intent> plan, std::uint32_t salt,
                                              std::uint64_t& bench_seed);
    std::string drawn_reproduce(const TestPurpose& tp, const std::vector<Intent>& plan, std::uint32_t salt) const;

    Catalog catalog_;
    CampaignOptions options_;
    BenchFactory factory_;
    PlanOutcome run_plan(const LabSetup& setup, const std::vector<Intent>& plan);
    PlanOutcome run_plan(const LabSetup& setup, const std::vector<Intent>& configuration, const Lab::NextIntent& next);

    std::unique_ptr<Lab> lab_;
    // The set-up of each role (client, server) with the PIXIT rendered once: every plan starts
    // from a copy (lab_setup()).
    std::array<LabSetup, 2> base_setups_;
    model::CoverageCounts coverage_;
    std::function<bool()> stop_;  // run()'s stop: also asked between the plans of a property
};

bool goal_reached(Goal goal, const PlanOutcome& outcome, const LabSetup& setup);

}  // namespace ppp::suites
