#pragma once
// Microsoft Callback Control Protocol, protocol 0xC029 (SPEC section 7).
#include <cstdint>
#include <string>
#include <vector>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire {

enum class CbcpCode : std::uint8_t { Request = 1, Response = 2, Ack = 3 };
enum class CbcpType : std::uint8_t { NoCallback = 1, UserNumber = 2, AdminNumber = 3, List = 4 };
inline constexpr std::uint8_t kCbcpAddressPstn = 0x01;

// One option: `Type Len [Delay] [AddrType Address NUL]...`.
struct CbcpOption {
    std::uint8_t type = 0;
    bool has_delay = false;            // absent only in the 2-octet "no callback" form
    std::uint8_t delay = 0;            // seconds
    struct Address {
        std::uint8_t type = kCbcpAddressPstn;
        std::string number;            // ASCII digits, NUL not included
    };
    std::vector<Address> addresses;   // types 2 and 4; empty for 1 and 3
    Bytes trailing;                    // octets after the last NUL-terminated address (kept)
    friend bool operator==(const CbcpOption& a, const CbcpOption& b);  // by encoding
    friend bool operator!=(const CbcpOption& a, const CbcpOption& b) { return !(a == b); }
};

struct CbcpPacket {
    std::uint8_t code = 0;
    std::uint8_t identifier = 0;
    std::vector<CbcpOption> options;
    Bytes padding;
    friend bool operator==(const CbcpPacket& a, const CbcpPacket& b);
    friend bool operator!=(const CbcpPacket& a, const CbcpPacket& b) { return !(a == b); }
};

Bytes encode_cbcp(const CbcpPacket& packet);
Decoded<CbcpPacket> decode_cbcp(const Bytes& information);  // CBCP-03/04: malformed -> error
std::string describe(const CbcpPacket& packet);  // "CBCP Response id=1 <user-number delay=5 addr=\"5551234\">"

}  // namespace ppp::wire
