#pragma once
// LCP packets and options (RFC 1661 sections 5-6, RFC 1570, SPEC section 2 and 5).
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire {

// Codes shared by LCP and every NCP that uses the LCP packet format (RFC 1661 section 5).
enum class LcpCode : std::uint8_t {
    ConfReq = 1, ConfAck = 2, ConfNak = 3, ConfRej = 4, TermReq = 5, TermAck = 6,
    CodeRej = 7, ProtoRej = 8, EchoReq = 9, EchoReply = 10, DiscardReq = 11,
    Identification = 12, TimeRemaining = 13,  // RFC 1570 section 1
};
const char* code_name(LcpCode code);  // "ConfReq", ...; "Code-14" style is done by callers

// LCP option types (SPEC section 2 layouts). Callback = 13 is an option type; LCP *code* 13 is
// Time-Remaining (AMB-20): the two namespaces never mix here.
namespace lcp_opt {
inline constexpr std::uint8_t kMru = 1, kAccm = 2, kAuthProtocol = 3, kQualityProtocol = 4,
                              kMagicNumber = 5, kPfc = 7, kAcfc = 8, kFcsAlternatives = 9,
                              kSelfDescribingPadding = 10, kCallback = 13, kCompoundFrames = 15;
}

// Callback operations (RFC 1570 section 2.3, SPEC CB table; 6 = CBCP).
enum class CallbackOp : std::uint8_t {
    UserAuth = 0, DialString = 1, LocationId = 2, E164 = 3, DistinguishedName = 4,
    Unassigned5 = 5, Cbcp = 6,
};
const char* callback_op_name(std::uint8_t op);  // "auth", "dial-string", ..., "cbcp", "unassigned"

struct Mru { std::uint16_t value = 1500; };
struct Accm { std::uint32_t map = 0xFFFFFFFF; };
// Authentication-Protocol: protocol + data (CHAP: algorithm octet, 5 = MD5).
struct AuthProtocol { std::uint16_t protocol = 0; Bytes data; };
struct QualityProtocol { std::uint16_t protocol = 0; Bytes data; };
struct MagicNumber { std::uint32_t value = 0; };
struct Pfc {};
struct Acfc {};
struct FcsAlternatives { std::uint8_t bits = 0; };  // 1 Null, 2 FCS-16, 4 FCS-32
struct SelfDescribingPadding { std::uint8_t max = 0; };
struct Callback { std::uint8_t operation = 0; Bytes message; };  // CB-01: opaque message
struct CompoundFrames {};
// Any option whose type is unknown, or whose length does not fit its type: kept byte for byte.
struct RawOption { std::uint8_t type = 0; Bytes data; };

using LcpOption = std::variant<Mru, Accm, AuthProtocol, QualityProtocol, MagicNumber, Pfc, Acfc,
                               FcsAlternatives, SelfDescribingPadding, Callback, CompoundFrames,
                               RawOption>;

std::uint8_t option_type(const LcpOption& option);
bool operator==(const LcpOption& a, const LcpOption& b);  // by encoding
inline bool operator!=(const LcpOption& a, const LcpOption& b) { return !(a == b); }

// One LCP packet. Which fields matter depends on the code:
//   1-4: options (+ raw_options, exactly as on the wire);   5/6: data;  7: data = rejected packet;
//   8: rejected_protocol + data;  9-11: magic + data;  12: magic + data (message);
//   13: magic + seconds_remaining + data (message);  other codes: data.
struct LcpPacket {
    std::uint8_t code = 0;
    std::uint8_t identifier = 0;
    std::vector<LcpOption> options;
    std::uint16_t rejected_protocol = 0;
    std::uint32_t magic = 0;
    std::uint32_t seconds_remaining = 0;
    Bytes data;
    Bytes padding;  // octets past Length (LCP-02)

    LcpCode kind() const { return static_cast<LcpCode>(code); }
    bool has_options() const { return code >= 1 && code <= 4; }
    // Compares the fields the code carries (as encode_lcp does), options by encoding.
    friend bool operator==(const LcpPacket& a, const LcpPacket& b);
    friend bool operator!=(const LcpPacket& a, const LcpPacket& b) { return !(a == b); }
};

// Option list codec, shared with IPCP: `Type Len Data` items (RFC 1661 section 6).
Bytes encode_options(const std::vector<LcpOption>& options);
Bytes encode_option(const LcpOption& option);
// `base` is added to offsets in errors so they point into the caller's buffer.
Decoded<std::vector<LcpOption>> decode_options(const Bytes& bytes, std::size_t base = 0);
// One Callback option starting at `at` (CB-01: type 13, Length >= 3, within `b`). Unlike
// decode_options, which keeps a misfit `0D 02` as RawOption, this reports it as an error.
Decoded<Callback> decode_callback(const Bytes& b, std::size_t at);

// Code .. Data (+ padding). Fields the code does not carry are ignored; option data and packet
// bodies too long for their Length fields are cut so that the output stays well formed.
Bytes encode_lcp(const LcpPacket& packet);
// LCP-02: Length < 4 or past the end, or an option running past the end -> error.
Decoded<LcpPacket> decode_lcp(const Bytes& information);

// Convenience builders used across the project.
LcpPacket make_conf(LcpCode code, std::uint8_t id, std::vector<LcpOption> options);
LcpPacket make_term(LcpCode code, std::uint8_t id, Bytes data = {});

std::string describe(const LcpOption& option);  // "<Magic 0x12345678>", "<Callback op=0 (auth)>"
std::string describe(const LcpPacket& packet);  // "LCP ConfReq id=1 <Magic 0x12345678> ..."

}  // namespace ppp::wire
