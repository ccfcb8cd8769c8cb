#pragma once
// Plain result records: what one test purpose produced. Rendered by JUnit, text and the
// conformance report; built by suites/. Nothing here knows PPP.
#include <cstdint>
#include <string>
#include <vector>

namespace ppp::reports {

// DESIGN.md section 2: pass, fail (the SUT violated a requirement), inconc (the purpose could not
// be reached), error (the harness or adapter failed), none (not applicable to the profile).
enum class Verdict { Pass, Fail, Inconc, Error, None };
const char* verdict_name(Verdict verdict);  // "pass", "fail", "inconc", "error", "none"

struct Property {
    std::string name;
    std::string value;
};

// Lanes of the sequence diagram; TraceEvent::from/to name one of them (other names get lanes of
// their own, after these).
namespace lane {
inline constexpr const char* sut = "SUT";
inline constexpr const char* peer = "peer";
inline constexpr const char* network = "network";
}  // namespace lane

// One arrow of a case's trace: a stimulus (peer/network -> SUT), an observation (SUT -> peer or
// network) or a note on one lane (from == to, e.g. a timer expiring).
struct TraceEvent {
    double at_seconds = 0.0;  // since the case started
    std::string from;         // lane name
    std::string to;           // lane name
    std::string label;        // already rendered by the caller, e.g. "LCP Configure-Request id=1"
    bool violation = false;   // the oracle refused this observation (drawn in red)
};

struct CaseResult {
    std::string suite;                      // JUnit classname
    std::string id;                         // TP ID, e.g. TP-CB-SRV-007
    std::string title;
    Verdict verdict = Verdict::Pass;
    double seconds = 0.0;
    std::string message;                    // one line: why this verdict
    std::string detail;                     // expected vs observed, the shrunk trace (system-out)
    std::vector<std::string> requirements;  // SPEC IDs
    std::vector<Property> properties;       // seed, reproduce command ("reproduce"), profile, SUT, evidence
    std::vector<TraceEvent> trace;          // drawn for failures in the conformance report
};

struct RunInfo {
    std::string name = "ppp-conform";
    std::string timestamp;  // ISO 8601, given by the caller (reports never read a clock)
    std::string hostname;
    std::vector<Property> properties;
    // Never rendered: every occurrence in any rendered text becomes "<redacted>" (DESIGN.md
    // section 9: CHAP/PAP passwords stay out of reports).
    std::vector<std::string> secrets;
};

// One state or transition of a model machine and how often the run visited it.
struct CoverageRow {
    std::string machine;                    // e.g. "lcp", "callback-server"
    std::string name;                       // state name, or "Source --event--> Target"
    std::vector<std::string> requirements;  // SPEC IDs this element realises
    std::uint64_t hits = 0;                 // 0: never exercised
    // Why no black-box tester can reach it (shown apart from the coverage figure); empty: reachable.
    std::string unreachable_reason = {};
    // The reason says only the SUT's own choice takes it (model::CoverageItem::sut_choice): listed
    // apart from the unreachable ones, and taking it is no sign of a wrong mark.
    bool sut_choice = false;
};

// One entry of the requirements catalog (SPEC.md).
struct RequirementRow {
    std::string id;      // e.g. "LCP-05"
    std::string clause;  // e.g. "RFC 1570 section 2.3"
};

// Everything the conformance report shows besides the case results.
struct ReportInput {
    RunInfo run;
    std::vector<Property> sut_identity;         // vendor, product, version, adapter...
    std::vector<Property> pics;                 // what the implementation claims
    std::vector<Property> pixit;                // test parameters (secrets listed in run.secrets)
    std::vector<RequirementRow> requirements;   // the whole catalog, covered or not
    std::vector<CoverageRow> states;            // every model state, visited or not
    std::vector<CoverageRow> transitions;       // every model transition, taken or not
};

}  // namespace ppp::reports
