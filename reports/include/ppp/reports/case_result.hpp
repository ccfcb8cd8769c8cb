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

struct CaseResult {
    std::string suite;                      // JUnit classname
    std::string id;                         // TP ID, e.g. TP-CB-SRV-007
    std::string title;
    Verdict verdict = Verdict::Pass;
    double seconds = 0.0;
    std::string message;                    // one line: why this verdict
    std::string detail;                     // expected vs observed, the shrunk trace (system-out)
    std::vector<std::string> requirements;  // SPEC IDs
    std::vector<Property> properties;       // seed, reproduce command, profile, SUT, evidence
};

struct RunInfo {
    std::string name = "ppp-conform";
    std::string timestamp;  // ISO 8601, given by the caller (reports never read a clock)
    std::string hostname;
    std::vector<Property> properties;
};

}  // namespace ppp::reports
