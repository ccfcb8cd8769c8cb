#pragma once
// PAP (RFC 1334 section 2) and CHAP (RFC 1994) packets, CHAP-MD5 response (SPEC PAP, CHAP).
#include <array>
#include <cstdint>
#include <string>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire {

enum class PapCode : std::uint8_t { AuthReq = 1, AuthAck = 2, AuthNak = 3 };

struct PapPacket {
    std::uint8_t code = 0;
    std::uint8_t identifier = 0;
    Bytes peer_id;   // AuthReq
    Bytes password;  // AuthReq
    Bytes message;   // AuthAck / AuthNak
    Bytes data;      // unknown codes: everything after the header; known codes: octets inside
                     // Length after the fields (kept so that encode(decode(b)) == b)
    Bytes padding;
    // Compares the fields the code carries, as encode_pap writes them.
    friend bool operator==(const PapPacket& a, const PapPacket& b);
    friend bool operator!=(const PapPacket& a, const PapPacket& b) { return !(a == b); }
};

Bytes encode_pap(const PapPacket& packet);
Decoded<PapPacket> decode_pap(const Bytes& information);  // PAP-01..03
// Passwords print as <redacted> (DESIGN.md section 9).
std::string describe(const PapPacket& packet);

enum class ChapCode : std::uint8_t { Challenge = 1, Response = 2, Success = 3, Failure = 4 };
inline constexpr std::uint8_t kChapMd5 = 5;

struct ChapPacket {
    std::uint8_t code = 0;
    std::uint8_t identifier = 0;
    Bytes value;    // Challenge / Response
    Bytes name;     // Challenge / Response
    Bytes message;  // Success / Failure; unknown codes: everything after the header
    Bytes padding;
    // Compares the fields the code carries, as encode_chap writes them.
    friend bool operator==(const ChapPacket& a, const ChapPacket& b);
    friend bool operator!=(const ChapPacket& a, const ChapPacket& b) { return !(a == b); }
};

Bytes encode_chap(const ChapPacket& packet);
Decoded<ChapPacket> decode_chap(const Bytes& information);  // CHAP-01..04
std::string describe(const ChapPacket& packet);

// CHAP-03: MD5(Identifier || secret || challenge), through OpenSSL's EVP interface.
std::array<std::uint8_t, 16> chap_md5_response(std::uint8_t identifier, const std::string& secret,
                                               const Bytes& challenge);

}  // namespace ppp::wire
