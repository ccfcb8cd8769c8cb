#pragma once
// Test purposes as data (DESIGN.md section 2): a stable ID, a title, the requirement IDs covered,
// the profile items needed, and either a fixed plan or a property (generator weights and a goal).
// The catalog lives in suites/purposes/*.json and is embedded at build time.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ppp/model/profile.hpp"
#include "ppp/suites/intent.hpp"

namespace ppp::suites {

// Facts read from a finished run that say whether a purpose was reached (else: inconc).
enum class Goal : std::uint8_t {
    Any, CallConnected, LcpOpened, Authenticated, CallbackAgreed, FirstCallDropped, ReturnCall,
    PingThrough, CbcpExchanged, CallFailed, CallbackRefused,
};
const char* goal_name(Goal goal);
bool parse_goal(std::string_view text, Goal& goal);

struct GeneratorSpec {
    std::vector<std::pair<IntentKind, int>> weights;  // kind -> relative weight
    std::size_t max_length = 12;                      // intents per plan
    // The longest drawn duration (wait, delay-next): purposes for wall-clock SUTs keep plans to
    // seconds, where the reference's virtual time jumps over hours. Empty: each intent's own.
    std::optional<std::int64_t> max_wait_ms;
};

struct TestPurpose {
    std::string id;     // TP-LCP-001
    std::string title;
    std::string suite;  // lcp, auth, callback-client, callback-server, cbcp, ddr, isdn, robustness, pppd
    std::vector<std::string> requirements;  // SPEC IDs
    model::Role sut_role = model::Role::Client;
    std::vector<std::string> needs;  // profile items: see profile_claims()
    std::optional<std::vector<Intent>> plan;  // a fixed case...
    std::optional<GeneratorSpec> property;    // ...or a property
    // A fixed plan's time per intent other than wait and wait-sut (LabSetup::step); none: the
    // lab's 1 s, time enough for each stimulus to play out before the next.
    std::optional<model::Millis> step;
    Goal goal = Goal::Any;
    // The SUT the purpose is written for ("pppd"): selected only with `--sut` naming it. Empty:
    // the ISDN benches (the reference), never a pty line.
    std::string sut;
};

struct Catalog {
    std::vector<TestPurpose> purposes;
    const TestPurpose* find(std::string_view id) const;
    std::vector<std::string> suites() const;  // in first-seen order
};

// `run --plan TEXT`: one fixed purpose per role (PLAN-CLIENT, PLAN-SERVER) running `plan`
// against `sut` ("" for the reference), with no requirement and no goal of its own.
Catalog adhoc_catalog(const std::vector<Intent>& plan, const std::vector<model::Role>& roles, const std::string& sut);

struct CatalogLoad {
    std::optional<Catalog> catalog;
    std::string error;  // "purposes/lcp.json: /3/plan: plan item 2 'x': unknown intent 'x' ..."
};
// Parses one JSON array of purposes; `source` names it in errors. Appends to `into`.
std::string load_purposes(std::string_view json, std::string_view source, Catalog& into);
// The purposes bundled in suites/purposes/, validated (unique IDs).
CatalogLoad bundled_catalog();

// Profile items a purpose can need, and whether a profile claims them (PICS, ISO 9646).
//   role:client, role:server, callback:client, callback:server, cbcp:client, cbcp:server,
//   auth:chap, auth:pap, dialer
bool profile_claims(const model::Profile& profile, std::string_view item);
bool known_profile_item(std::string_view item);

// Shell-style match: '*' any run, '?' one character (for `--tp GLOB`).
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace ppp::suites
