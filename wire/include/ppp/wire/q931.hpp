#pragma once
// Q.931 for ISDN BRI (SPEC section 9): 1-octet call reference with its flag, typed IEs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire {

inline constexpr std::uint8_t kQ931Discriminator = 0x08;

enum class Q931Type : std::uint8_t {
    Alerting = 0x01, CallProceeding = 0x02, Progress = 0x03, Setup = 0x05, Connect = 0x07,
    SetupAck = 0x0D, ConnectAck = 0x0F, Disconnect = 0x45, Release = 0x4D,
    ReleaseComplete = 0x5A, Information = 0x7B, Status = 0x7D, StatusEnquiry = 0x75,
    Restart = 0x46, RestartAck = 0x4E, Notify = 0x6E,
};
const char* q931_type_name(std::uint8_t type);  // "SETUP", "CALL_PROC", ... (Cisco's spelling), else "UNKNOWN"

namespace q931_ie {
inline constexpr std::uint8_t kBearerCapability = 0x04, kCause = 0x08, kCallState = 0x14,
                              kChannelId = 0x18, kProgress = 0x1E, kDisplay = 0x28,
                              kCallingNumber = 0x6C, kCalledNumber = 0x70,
                              kSendingComplete = 0xA1;
inline constexpr std::uint8_t kKeypad = 0x2C, kSignal = 0x34, kCallingSubaddress = 0x6D,
                              kCalledSubaddress = 0x71, kLowLayerCompatibility = 0x7C,
                              kHighLayerCompatibility = 0x7D;
}

// Q.850 causes used by the lab (SPEC section 9).
namespace cause {
inline constexpr std::uint8_t kUnallocated = 1, kNormalClearing = 16, kUserBusy = 17,
                              kNoUserResponding = 18, kNoAnswer = 19, kCallRejected = 21,
                              kResponseToStatusEnquiry = 30,
                              kNonSelectedUser = 26, kOutOfOrder = 27, kInvalidNumber = 28,
                              kNormalUnspecified = 31, kNoChannel = 34, kTemporaryFailure = 41,
                              kChannelUnavailable = 44, kResourceUnavailable = 47,
                              kBearerUnavailable = 58, kIncompatibleDestination = 88,
                              kRecoveryOnTimer = 102;
}
const char* cause_name(std::uint8_t value);  // "Normal call clearing", ...

struct BearerCapability { Bytes octets; };  // contents after length: 64k UDI = 88 90
struct CauseIe {
    std::uint8_t coding_standard = 0;  // 2 bits
    std::uint8_t location = 0;         // 4 bits (0 user, 2 public local, ...)
    std::uint8_t value = 0;            // 7 bits
    Bytes diagnostics;
};
// BRI form: one octet `1 0 0 0 excl 0 ch(2)` (0x83 any, 0x89 B1 exclusive).
struct ChannelId {
    std::uint8_t channel = 3;  // 1 B1, 2 B2, 3 any, 0 none
    bool exclusive = false;
    Bytes extra;               // further octets (PRI forms), kept
};
struct PartyNumber {
    // Octet 3 incl. extension bit (0x80 unknown/unknown). encode_q931 derives the extension bit
    // from `presentation` (0 when octet 3a follows), decode keeps the octet as received.
    std::uint8_t type_plan = 0x80;
    std::optional<std::uint8_t> presentation;  // octet 3a (calling number only)
    std::string digits;
};
struct RawIe {  // any other IE, kept byte for byte (single-octet IEs have no contents)
    std::uint8_t id = 0;
    Bytes contents;
};

struct Q931Message {
    std::uint8_t call_reference = 0;  // 7-bit value
    bool from_destination = false;    // call reference flag: 1 = sent toward the originator
    bool dummy_call_reference = false;  // length 0 call reference
    std::uint8_t type = 0;
    std::optional<BearerCapability> bearer;
    std::optional<CauseIe> cause;
    std::optional<ChannelId> channel;
    std::optional<PartyNumber> calling;
    std::optional<PartyNumber> called;
    std::optional<std::string> display;
    // Unknown IEs, single-octet IEs (incl. codeset shifts), IEs of other codesets, typed ids that
    // repeat or whose contents do not fit the type: in order of appearance, kept byte for byte.
    std::vector<RawIe> others;
    // Order of IE ids as decoded, so encode(decode(b)) == b when IEs were out of the usual order.
    // encode_q931 follows it (the first occurrence of a typed id is the typed IE, later ones
    // come from `others`), then writes what is left: single-octet IEs, then ascending ids.
    std::vector<std::uint8_t> ie_order;

    Q931Type kind() const { return static_cast<Q931Type>(type); }
    // By encoding: equal when encode_q931 gives the same octets.
    friend bool operator==(const Q931Message& a, const Q931Message& b);
    friend bool operator!=(const Q931Message& a, const Q931Message& b) { return !(a == b); }
};

Bytes encode_q931(const Q931Message& message);
// Errors (clause ISDN-02): bad protocol discriminator, call reference length other than 0/1,
// missing message type, an IE length running past the end.
Decoded<Q931Message> decode_q931(const Bytes& octets);

// "Q.931 SETUP callref=0x05 <Bearer 88 90> <Channel any> <Called "5551234">"; callref is the
// octet with its flag (0x85 = toward the originator, as Cisco's debug prints it).
std::string describe(const Q931Message& message);

// LAPD I-frame header for captures (DLT 203): SAPI 0, C/R, TEI, I-frame control (2 octets).
Bytes lapd_wrap(const Bytes& q931, bool network_side, std::uint8_t tei = 64, std::uint8_t ns = 0,
                std::uint8_t nr = 0);

}  // namespace ppp::wire
