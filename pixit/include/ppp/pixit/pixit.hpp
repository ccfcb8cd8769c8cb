#pragma once
// PIXIT (Protocol Implementation eXtra Information for Testing, ISO/IEC 9646-7): the test
// parameters of one set-up, the single source for the oracle, the environment and the report
// (DESIGN.md section 7a). One JSON file (`--pixit FILE`, README "Writing a PIXIT file"); the bundled
// default holds the seed scenario's values (../seed: R2 dials R1, R1 calls back).
//
// Both sides are described whatever the SUT's role: the SUT is one of them, the environment's
// reference router the other. Each side's settings are what its configuration holds (for the
// reference they are rendered into IOS text; for a user's SUT they are what its configuration
// claims). Secrets are inline only in the file, or read from `secret_file` / `secret_env`; they
// are never printed (report_rows() redacts them).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ppp/pixit/json_reader.hpp"
#include "ppp/wire/bytes.hpp"

namespace ppp::pixit {

// `ppp authentication chap|pap|chap pap`; ChapPap asks for CHAP and takes PAP when the peer Naks
// CHAP (RFC 1334 section 2: the stronger method is offered first).
enum class Authentication : std::uint8_t { Chap, Pap, None, ChapPap };
enum class CallbackServerMode : std::uint8_t { Username, Dialstring };  // `dialer callback-server ...` (CCB-03)

struct Secret {
    std::string value;   // never printed
    std::string origin;  // "inline", "file PATH", "environment NAME": safe to print
};

// What one router is and holds.
struct Side {
    std::string name;                 // PPP authentication name (CHAP Name, PAP Peer-ID), IOS hostname
    std::string number;               // ISDN directory number (Q.931 Calling/Called party number)
    std::uint32_t address = 0;        // IPv4 address of its BRI interface
    // The secret it holds for its peer (IOS `username PEER password SECRET`, pppd chap-secrets): it
    // answers and checks CHAP with it, so authentication works when both sides hold the same.
    Secret secret;
    Authentication authentication = Authentication::Chap;  // what it demands of its peer
};

struct ClientSide : Side {
    bool callback_request = true;  // `ppp callback request` (CCB-01)
    // A number of the client's that no dialer map binds: what it proposes with operation 3 (AMB-08).
    std::string roaming_number;
};

struct ServerSide : Side {
    bool callback_accept = true;  // `ppp callback accept` (CCB-02)
    bool callback_secure = true;  // `dialer callback-secure` (CCB-05)
    CallbackServerMode callback_server = CallbackServerMode::Username;
    std::string callback_class;   // `map-class dialer NAME`
    // Users set up for callback (`dialer map ... name USER class C NUMBER`): name -> number to call.
    std::map<std::string, std::string> callback_users;
};

// Wall-clock jitter a real SUT is allowed (DESIGN.md section 4); each may be absent from the file.
struct Tolerance {
    std::optional<Millis> early;  // "not before" constraints may be met this much early
    std::optional<Millis> late;   // deadlines may be missed by this much
    std::optional<Millis> reply;  // how fast an immediate answer must come
    // A wall-clock SUT's port latency: a frame the SUT sends this soon after a stimulus reached
    // the port may have left it before the stimulus arrived (crossed on the line).
    std::optional<Millis> crossing;
};

// A destination the SUT has a dialer map for besides its peer (DDR-04): traffic for it competes with
// the peer's call for the BRI's two B-channels. Nothing on the bench answers its number.
struct OtherDestination {
    std::string name;
    std::string number;
    std::uint32_t address = 0;
};

struct Pixit {
    std::string source;  // "bundled default", or the file's path as given
    std::string description;
    ClientSide client;
    ServerSide server;
    std::vector<OtherDestination> other_destinations;  // the SUT's other dialer maps, at most 4
    std::uint32_t netmask = 0xFFFFFF00;
    std::string isdn_switch_type = "basic-ni";
    Tolerance tolerance;

    // Every secret value, for redaction of outputs.
    std::vector<std::string> secret_values() const;
};

// Where secret_file and secret_env are looked up; replaceable in tests.
struct SecretLookup {
    std::string folder;  // relative secret_file paths are taken from here (the PIXIT file's folder)
    // The value of an environment variable, or nothing.
    std::optional<std::string> (*environment)(const std::string& name) = nullptr;
};

struct PixitError {
    std::string message;  // one line: "PIXIT my.json: /client/number: "55x" is not accepted (1..20 digits)"
};

// Parses and validates a PIXIT document; `source` names it in messages and in Pixit::source.
using PixitResult = wire::outcome::result<Pixit, PixitError, wire::outcome::policy::terminate>;
PixitResult load_pixit(std::string_view json, std::string_view source, const SecretLookup& lookup);
// The bundled default (pixit/default.json, embedded at build time).
const Pixit& default_pixit();
// The bundled set-ups by name ("default", "pppd-uml"), and their names.
std::optional<Pixit> bundled_pixit(std::string_view name);
std::vector<std::string> bundled_pixit_names();

// The PIXIT as the report prints it: one row per parameter, in the file's order of sections,
// secrets as "<redacted> (ORIGIN)"; absent tolerances as "not given".
std::vector<std::pair<std::string, std::string>> report_rows(const Pixit& pixit);

}  // namespace ppp::pixit
